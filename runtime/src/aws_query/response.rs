//! Reading an awsQuery response: the output from `<OperationResponse>`, or the service
//! error from `<ErrorResponse>` (and what to say when the body is not an AWS error at all).

use super::xml::{Document, Element};
use super::{Operation, ReadError};
use crate::error::{ErrorMetadata, ParseError, RawResponse, ResponseError, SdkError, ServiceError};
use crate::transport::HttpResponse;

/// Turns a response into the operation's output or error.
pub fn read_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    // Copied only when used: the body's own request id is preferred.
    let header_request_id =
        || response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_owned);
    let fail = |source: ParseError, request_id: Option<String>| unreadable::<O>(response, request_id, source);
    if !(200..300).contains(&response.status) {
        return Err(read_error::<O>(response, header_request_id));
    }
    let Ok(body) = std::str::from_utf8(&response.body) else {
        return Err(fail(ParseError::NotUtf8, header_request_id()));
    };
    if body.trim().is_empty() {
        if O::EMPTY_OUTPUT {
            return O::read_output(None, header_request_id()).map_err(|e| fail(e, header_request_id()));
        }
        return Err(fail(ParseError::EmptyBody, header_request_id()));
    }
    let document = Document::parse(body).map_err(|e| fail(e, header_request_id()))?;
    let root = document.root();
    if root.name().strip_suffix("Response") != Some(O::NAME) {
        let (expected, found) = (format!("{}Response", O::NAME), root.name().to_owned());
        return Err(fail(ParseError::UnexpectedRoot { expected, found }, header_request_id()));
    }
    let request_id = root
        .child("ResponseMetadata")
        .and_then(|m| m.child("RequestId"))
        .map(|id| id.text().into_owned())
        .or_else(header_request_id);
    let result = match O::RESULT_WRAPPER {
        Some(wrapper) => root.child(wrapper),
        None => Some(root),
    };
    O::read_output(result, request_id.clone()).map_err(|e| fail(e, request_id))
}

/// The response's status and headers, kept with the error it ended the call with.
fn raw(response: &HttpResponse) -> RawResponse {
    RawResponse::new(response.status, response.headers.clone())
}

/// `response` could not be read: why, with its status, headers and request id.
fn unreadable<O: Operation>(
    response: &HttpResponse,
    request_id: Option<String>,
    source: ParseError,
) -> SdkError<O::Error> {
    SdkError::ResponseError(ResponseError::new(O::NAME, response.status, request_id, source).with_raw(raw(response)))
}

/// The service error an error response stands for. An awsQuery `<Error>` gives its code,
/// message, type and request id (a body with a stray invalid byte is still read); any other
/// body (a proxy's or load balancer's page) is reported as botocore does, with the HTTP
/// status as the code and its reason as the message.
fn read_error<O: Operation>(
    response: &HttpResponse,
    header_request_id: impl Fn() -> Option<String>,
) -> SdkError<O::Error> {
    let fail = |source: ParseError, request_id: Option<String>| unreadable::<O>(response, request_id, source);
    let service = |error| SdkError::ServiceError(ServiceError::new(O::NAME, error, raw(response)));
    let body = String::from_utf8_lossy(&response.body);
    if let Ok(document) = Document::parse(&body) {
        let root = document.root();
        if let Some(error) = find_error(root) {
            let text = |name: &str| error.child(name).map(|e| e.text().trim().to_owned());
            let request_id = root
                .child("RequestId")
                .or_else(|| root.child("RequestID"))
                .map(|id| id.text().trim().to_owned())
                .or_else(&header_request_id);
            if let Some(code) = text("Code").filter(|c| !c.is_empty()) {
                let meta = ErrorMetadata::new(code, response.status)
                    .with_message(text("Message"))
                    .with_error_type(text("Type"))
                    .with_request_id(request_id.clone());
                return match O::Error::read_error(meta, error) {
                    Ok(error) => service(error),
                    Err(e) => fail(e, request_id),
                };
            }
        }
    }
    let meta = ErrorMetadata::new(response.status.to_string(), response.status)
        .with_message(Some(not_an_aws_error(response)))
        .with_request_id(header_request_id());
    // No modeled error has a number for a code: this reads as the operation's `Unhandled`.
    match Document::parse("<Error/>").and_then(|empty| O::Error::read_error(meta, empty.root())) {
        Ok(error) => service(error),
        Err(e) => fail(e, header_request_id()),
    }
}

/// The message for an error response whose body is not an AWS error.
fn not_an_aws_error(response: &HttpResponse) -> String {
    if let (300..=399, Some(location)) = (response.status, response.header("location")) {
        let location = crate::redact::url_userinfo(location);
        return format!(
            "a redirect to {}, which is not followed (it would send the signed request elsewhere); if that is \
             where the service is, make it the endpoint URL",
            crate::redact::bounded(&location, crate::redact::SHORT_CHARS)
        );
    }
    let reason = match response.status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP error",
    };
    let content_type = response
        .header("content-type")
        .map_or_else(|| "no content type".to_owned(), |ct| crate::redact::bounded(ct, 64).to_string());
    format!(
        "{reason} (a {}-byte body of {content_type} that is not an AWS error: a proxy, load balancer or gateway \
         answered, not the service)",
        response.body.len()
    )
}

/// The `<Error>` of `<ErrorResponse><Error>`, `<ErrorResponse><Errors><Error>` or
/// `<Response><Errors><Error>`.
fn find_error<'d, 'a>(root: Element<'d, 'a>) -> Option<Element<'d, 'a>> {
    match root.name() {
        "ErrorResponse" | "Response" => {
            root.child("Error").or_else(|| root.child("Errors").and_then(|errors| errors.child("Error")))
        }
        "Error" => Some(root),
        _ => None,
    }
}

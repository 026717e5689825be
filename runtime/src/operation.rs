//! How one operation call is carried out: serialize, resolve the endpoint, sign, send,
//! and read the response or the error.
//!
//! Generated code describes each operation with the [`Operation`] trait; a
//! [`Handle`] (held by the generated client) runs it with [`Handle::invoke`].

use std::time::SystemTime;

use crate::config::Config;
use crate::credentials::CredentialsError;
use crate::endpoint::{Endpoint, EndpointError, check_endpoint_url, check_region};
use crate::error::{
    ConstructionError, CredentialsUnavailable, ErrorMetadata, ParseError, ProvideErrorMetadata, ResponseError,
    SdkError, ServiceError, TimeoutError, TransportError,
};
use crate::sign::{SigningScope, sign_request};
use crate::transport::{HttpErrorKind, HttpRequest, HttpResponse};
use crate::xml::{Document, Element};

/// Facts about the service, given by the generated client.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The resolver generated from the service's endpoint rule set.
    pub resolve_endpoint: fn(&Config) -> Result<Endpoint, EndpointError>,
    /// SigV4 service name (`sts`), unless the endpoint names another.
    pub signing_name: &'static str,
    /// Sent with requests in `User-Agent`: crate name and version.
    pub user_agent: &'static str,
}

/// One awsQuery operation, as the generated code describes it.
pub trait Operation {
    /// The operation's name, also its `Action=` value (`AssumeRole`).
    const NAME: &'static str;
    /// Whether requests are signed with SigV4 (`false` for `noAuth` operations).
    const SIGNED: bool;
    /// The element that wraps the output members (`AssumeRoleResult`), if any.
    const RESULT_WRAPPER: Option<&'static str>;
    /// Whether the output has no members, so that an empty response body is a success.
    const EMPTY_OUTPUT: bool;
    type Input;
    type Output;
    type Error: ProvideErrorMetadata;

    /// The form body for `input`.
    fn serialize(input: &Self::Input) -> String;

    /// Reads the output from the result element (`None` when the response has none).
    fn read_output(result: Option<Element<'_, '_>>, request_id: Option<String>) -> Result<Self::Output, ParseError>;

    /// Builds the operation's error from the metadata and the `<Error>` element.
    fn read_error(meta: ErrorMetadata, error: Element<'_, '_>) -> Result<Self::Error, ParseError>;

    /// What the operation puts before the endpoint's host (the model's endpoint trait,
    /// `foo.{label}.`), with its host labels checked.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, EndpointError> {
        Ok(None)
    }
}

/// What a generated client holds: configuration and service facts.
#[derive(Debug, Clone)]
pub struct Handle {
    config: Config,
    service: ServiceInfo,
}

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

impl Handle {
    /// A handle for `service` using `config`.
    pub fn new(config: Config, service: ServiceInfo) -> Self {
        Self { config, service }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Calls operation `O` with `input`.
    pub async fn invoke<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        let construction = |e: crate::error::BoxError| SdkError::Construction(ConstructionError::boxed(O::NAME, e));
        check_region(self.config.region()).map_err(|e| construction(e.into()))?;
        check_endpoint_url(self.config.endpoint_url()).map_err(|e| construction(e.into()))?;
        let endpoint = (self.service.resolve_endpoint)(&self.config).map_err(|e| construction(e.into()))?;
        let prefix = O::host_prefix(input).map_err(|e| construction(e.into()))?;
        let mut request = HttpRequest {
            method: "POST",
            url: request_url(&endpoint.url, prefix.as_deref()),
            headers: vec![
                ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
                ("user-agent".to_owned(), self.service.user_agent.to_owned()),
            ],
            body: O::serialize(input),
        };
        if O::SIGNED {
            let unavailable = |e| SdkError::Credentials(CredentialsUnavailable::new(O::NAME, e));
            let provider = self.config.credentials_provider().ok_or_else(|| {
                unavailable(CredentialsError::new("no credentials are configured, and this operation is signed"))
            })?;
            let credentials = provider.provide_credentials().await.map_err(unavailable)?;
            let region = endpoint.signing_region.as_deref().or(self.config.region()).ok_or_else(|| {
                construction("no region is configured to sign the request for (set one on the config)".into())
            })?;
            let service = endpoint.signing_name.as_deref().unwrap_or(self.service.signing_name);
            let scope = SigningScope { service, region };
            sign_request(&mut request, &credentials, scope, SystemTime::now()).map_err(construction)?;
        }
        let response = self.config.http_client().send(request).await.map_err(|e| match e.kind() {
            HttpErrorKind::Timeout => SdkError::Timeout(TimeoutError::new(O::NAME, e)),
            _ => SdkError::Transport(TransportError::new(O::NAME, e)),
        })?;
        read_response::<O>(&response)
    }
}

/// The URL to post to: the endpoint with the host prefix before its host and the request
/// URI (`/`) after its path (`https://example.com/custom` -> `https://example.com/custom/`).
fn request_url(endpoint: &str, host_prefix: Option<&str>) -> String {
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
    let mut url = format!("{scheme}://{}{}", host_prefix.unwrap_or_default(), rest.trim_end_matches('/'));
    url.push('/');
    url
}

/// Turns a response into the operation's output or error.
pub fn read_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    let header_request_id =
        response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_owned);
    let fail = |source: ParseError, request_id: Option<String>| {
        SdkError::Response(ResponseError::new(O::NAME, response.status, request_id, source))
    };
    let body = match std::str::from_utf8(&response.body) {
        Ok(body) => body,
        Err(_) if (200..300).contains(&response.status) => return Err(fail(ParseError::NotUtf8, header_request_id)),
        Err(_) => return Err(fail(not_an_error(response), header_request_id)),
    };
    if (200..300).contains(&response.status) {
        if body.trim().is_empty() {
            if O::EMPTY_OUTPUT {
                return O::read_output(None, header_request_id.clone()).map_err(|e| fail(e, header_request_id));
            }
            return Err(fail(ParseError::EmptyBody, header_request_id));
        }
        let document = Document::parse(body).map_err(|e| fail(e, header_request_id.clone()))?;
        let root = document.root();
        let expected = format!("{}Response", O::NAME);
        if root.name() != expected {
            let found = root.name().to_owned();
            return Err(fail(ParseError::UnexpectedRoot { expected, found }, header_request_id));
        }
        let request_id = root
            .child("ResponseMetadata")
            .and_then(|m| m.child("RequestId"))
            .map(|id| id.text().into_owned())
            .or(header_request_id);
        let result = match O::RESULT_WRAPPER {
            Some(wrapper) => root.child(wrapper),
            None => Some(root),
        };
        O::read_output(result, request_id.clone()).map_err(|e| fail(e, request_id))
    } else {
        let document = Document::parse(body).map_err(|_| fail(not_an_error(response), header_request_id.clone()))?;
        let root = document.root();
        let Some(error) = find_error(root) else {
            return Err(fail(not_an_error(response), header_request_id));
        };
        let text = |name: &str| error.child(name).map(|e| e.text().trim().to_owned());
        let request_id = root
            .child("RequestId")
            .or_else(|| root.child("RequestID"))
            .map(|id| id.text().trim().to_owned())
            .or(header_request_id);
        let Some(code) = text("Code").filter(|c| !c.is_empty()) else {
            return Err(fail(not_an_error(response), request_id));
        };
        let meta = ErrorMetadata::new(code, response.status)
            .with_message(text("Message"))
            .with_error_type(text("Type"))
            .with_request_id(request_id.clone());
        let error = O::read_error(meta, error).map_err(|e| fail(e, request_id))?;
        Err(SdkError::Service(ServiceError { operation: O::NAME, error }))
    }
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

fn not_an_error(response: &HttpResponse) -> ParseError {
    ParseError::NotAnError {
        content_type: response.header("content-type").map(str::to_owned),
        length: response.body.len(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_urls_keep_paths_and_take_host_prefixes() {
        assert_eq!(super::request_url("https://sts.amazonaws.com", None), "https://sts.amazonaws.com/");
        assert_eq!(super::request_url("http://127.0.0.1:9/", None), "http://127.0.0.1:9/");
        assert_eq!(super::request_url("https://example.com/custom", None), "https://example.com/custom/");
        assert_eq!(super::request_url("https://example.com", Some("foo.bar.")), "https://foo.bar.example.com/");
    }
}

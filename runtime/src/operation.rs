//! How one operation call is carried out: serialize, resolve the endpoint, sign, send,
//! and read the response or the error.
//!
//! Generated code describes each operation with the [`Operation`] trait; a
//! [`Handle`] (held by the generated client) runs it with [`Handle::invoke`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use tracing::Instrument;

use crate::config::Config;
use crate::credentials::CredentialsError;
use crate::date_time::{DateTime, TimestampFormat};
use crate::endpoint::{Endpoint, EndpointError, check_endpoint_url, check_region};
use crate::error::{
    AttemptOutcome, BuildError, ConstructionError, CredentialsUnavailable, ErrorMetadata, ParseError,
    ProvideErrorMetadata, ResponseError, SdkError, ServiceError, TimeoutError, TimeoutLimit, TransportError,
};
use crate::query::{QueryWriter, ValueWriter};
use crate::retry::{RetryKind, RetryQuota, TRANSIENT_STATUSES, classify_service_error, jitter};
use crate::sign::{SignatureVersion, Signer, SigningScope};
use crate::sleep::timeout;
use crate::transport::{HttpError, HttpErrorKind, HttpRequest, HttpResponse, Progress};
use crate::validate::Validator;
use crate::xml::{Document, Element};

/// Facts about the service, given by the generated client.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The resolver generated from the service's endpoint rule set.
    pub resolve_endpoint: fn(&Config) -> Result<Endpoint, EndpointError>,
    /// SigV4 service name (`sts`), unless the endpoint names another.
    pub signing_name: &'static str,
    /// How requests are signed (SigV4 but for SimpleDB).
    pub signature: SignatureVersion,
    /// The variable that sets this service's endpoint URL (`AWS_ENDPOINT_URL_STS`).
    pub endpoint_url_variable: &'static str,
    /// Error codes of this service that are transient whatever their status
    /// (`IDPCommunicationError`), besides those of every service.
    pub transient_codes: &'static [&'static str],
    /// Sent with requests in `User-Agent`: crate name and version.
    pub user_agent: &'static str,
}

/// One awsQuery operation, as the generated code describes it.
pub trait Operation {
    /// The operation's name, also its `Action=` value (`AssumeRole`).
    const NAME: &'static str;
    /// The service's API version, sent as `Version=` (`2011-06-15`).
    const API_VERSION: &'static str;
    /// Whether requests are signed (`false` for `noAuth` operations).
    const SIGNED: bool = true;
    /// The element that wraps the output members (`AssumeRoleResult`), if any.
    const RESULT_WRAPPER: Option<&'static str>;
    /// Whether the output has no members, so that an empty response body is a success.
    const EMPTY_OUTPUT: bool = false;
    /// The model's request URI, put after the endpoint's path: `/` for almost every
    /// awsQuery service (`/?Operation=CancelJob` for Import/Export).
    const REQUEST_URI: &'static str = "/";
    type Input;
    type Output;
    type Error: ProvideErrorMetadata;

    /// Writes the input's members into the form (nothing for an input without members).
    fn write_input(_input: &Self::Input, _writer: ValueWriter<'_>) {}

    /// The form body for `input`: `Action`, `Version` and the members.
    fn serialize(input: &Self::Input) -> String {
        let mut writer = QueryWriter::new(Self::NAME, Self::API_VERSION);
        Self::write_input(input, writer.root());
        writer.finish()
    }

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

/// An operation's input builder, as [`Handle::send`] finishes it: filled, checked, built.
pub trait InputBuilder: Sized {
    type Input;
    /// The input type's name (`AssumeRoleInput`), for the validation error.
    const INPUT_NAME: &'static str;

    /// Fills the members the model fills with an idempotency token when they are not set
    /// (none by default).
    fn fill_idempotency_tokens(&mut self, _config: &Config) {}

    /// Checks the members against the model's constraints, collecting every violation
    /// (nothing to check by default).
    fn validate(&self, _v: &mut Validator) {}

    /// The input, or the required member that is missing.
    fn build_input(self) -> Result<Self::Input, BuildError>;
}

/// A [`Handle`] shared by a client and the calls it makes.
pub type SharedHandle = std::sync::Arc<Handle>;

/// What a generated client holds: configuration, service facts, and what all its calls
/// share: the retry quota and the signer's cached signing key.
#[derive(Debug)]
pub struct Handle {
    config: Config,
    service: ServiceInfo,
    quota: RetryQuota,
    signer: Signer,
    /// Seconds added to the local clock when signing: the configured offset, then what
    /// the service's `Date` showed when it rejected a request as signed at the wrong time.
    clock_offset: AtomicI64,
}

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

impl Handle {
    /// A handle for `service` using `config` (with the service's endpoint URL from the
    /// environment when the config was read from there: [`Config::for_service`]).
    pub fn new(config: Config, service: ServiceInfo) -> Self {
        let config = config.for_service(service.endpoint_url_variable);
        let clock_offset = AtomicI64::new(config.time_offset());
        Self { config, service, quota: RetryQuota::default(), signer: Signer::new(), clock_offset }
    }

    /// Seconds the client adds to the local clock when signing.
    fn clock_offset(&self) -> i64 {
        self.clock_offset.load(Ordering::Relaxed)
    }

    /// The time requests are signed with: the local clock, corrected by the offset.
    fn signing_time(&self) -> SystemTime {
        shift(self.config.now(), self.clock_offset())
    }

    /// The offset the service's `Date` shows, when `response` rejected a request as signed
    /// at the wrong time and the clocks differ by more than the service tolerates.
    fn corrected_offset<E: ProvideErrorMetadata>(
        &self,
        response: &HttpResponse,
        read: &Result<impl Sized, SdkError<E>>,
    ) -> Option<i64> {
        let Err(SdkError::Service(e)) = read else { return None };
        if !CLOCK_SKEW_CODES.contains(&e.error.meta().code()) {
            return None;
        }
        let server = SystemTime::from(DateTime::parse(response.header("date")?, TimestampFormat::HttpDate).ok()?);
        let local = self.config.now();
        let offset = match server.duration_since(local) {
            Ok(ahead) => i64::try_from(ahead.as_secs()).ok()?,
            Err(behind) => -i64::try_from(behind.duration().as_secs()).ok()?,
        };
        (offset.abs_diff(self.clock_offset()) > SKEW_TOLERATED.as_secs()).then_some(offset)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The retry quota left.
    pub fn retry_quota(&self) -> u32 {
        self.quota.available()
    }

    /// Finishes `builder` (idempotency tokens filled; checked against the model unless
    /// client-side validation is off; built) and calls operation `O` with it. Fails before
    /// sending anything when a required member is missing or a member breaks the model's
    /// constraints (every violation listed).
    pub async fn send<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        mut builder: B,
    ) -> Result<O::Output, SdkError<O::Error>> {
        builder.fill_idempotency_tokens(&self.config);
        if self.config.client_side_validation() {
            let mut validator = Validator::default();
            builder.validate(&mut validator);
            validator
                .finish(B::INPUT_NAME)
                .map_err(|e| SdkError::Construction(ConstructionError::boxed(O::NAME, Box::new(e))))?;
        }
        let input = builder.build_input().map_err(|e| SdkError::Construction(ConstructionError::new(O::NAME, e)))?;
        self.invoke::<O>(&input).await
    }

    /// Calls operation `O` with `input`: attempts, retries and delays, all within the
    /// operation timeout.
    pub async fn invoke<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        let span = tracing::debug_span!("operation", operation = O::NAME);
        self.attempts::<O>(input).instrument(span).await
    }

    async fn attempts<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        // One deadline covers the whole call; each wait below is bounded by what is left
        // of it, so a call arms one timer per attempt, not one more for the operation.
        let budget = Budget::start(self.config.timeout_config().operation());
        let operation_timeout = |attempts: u32, outcomes: &[AttemptOutcome]| {
            let limit = TimeoutLimit::Operation(budget.limit.unwrap_or_default());
            SdkError::Timeout(TimeoutError::new(O::NAME, limit, None)).with_history(attempts, outcomes)
        };
        let construction = |e: crate::boxed::BoxError| SdkError::Construction(ConstructionError::boxed(O::NAME, e));
        check_region(self.config.region()).map_err(|e| construction(e.into()))?;
        check_endpoint_url(self.config.endpoint_url()).map_err(|e| construction(e.into()))?;
        let endpoint = (self.service.resolve_endpoint)(&self.config).map_err(|e| construction(e.into()))?;
        let prefix = O::host_prefix(input).map_err(|e| construction(e.into()))?;
        let request = HttpRequest {
            method: "POST",
            url: request_url(&endpoint.url, prefix.as_deref(), O::REQUEST_URI),
            headers: vec![
                ("content-type".into(), CONTENT_TYPE.into()),
                ("user-agent".into(), self.service.user_agent.into()),
            ],
            body: O::serialize(input),
        };
        let sleep = self.config.sleep_impl();
        let signing = if O::SIGNED {
            let unavailable = |e| SdkError::Credentials(CredentialsUnavailable::new(O::NAME, e));
            let provider = self.config.credentials_provider().ok_or_else(|| {
                unavailable(CredentialsError::new("no credentials are configured, and this operation is signed"))
            })?;
            let credentials = timeout(&**sleep, budget.remaining(), provider.provide_credentials())
                .await
                .ok_or_else(|| operation_timeout(0, &[]))?
                .map_err(unavailable)?;
            let region = endpoint.signing_region.as_deref().or(self.config.region()).ok_or_else(|| {
                construction("no region is configured to sign the request for (set one on the config)".into())
            })?;
            let service = endpoint.signing_name.as_deref().unwrap_or(self.service.signing_name);
            Some((credentials, region, service))
        } else {
            None
        };

        let retry = self.config.retry_config();
        let attempt_limit = self.config.timeout_config().attempt();
        let mut last_cost = None;
        let mut attempt = 0;
        // What each failed attempt ran into, for a timeout's message.
        let mut outcomes = Vec::new();
        let mut clock_corrected = false;
        loop {
            if budget.remaining() == Some(Duration::ZERO) {
                return Err(operation_timeout(attempt, &outcomes));
            }
            attempt += 1;
            let span = tracing::debug_span!("attempt", attempt);
            let mut request = request.clone();
            if let Some((credentials, region, service)) = &signing {
                // Every attempt is signed afresh, with the time of that attempt.
                let time = self.signing_time();
                match self.service.signature {
                    SignatureVersion::V4 => {
                        let scope = SigningScope { service, region };
                        self.signer.sign(&mut request, credentials, scope, time).map_err(construction)?;
                    }
                    SignatureVersion::V2 => {
                        crate::sign::v2::sign(&mut request, credentials, time).map_err(construction)?
                    }
                }
            }
            // The attempt's own limit, unless less of the operation's is left.
            let (limit, operation_bound) = match (attempt_limit, budget.remaining()) {
                (Some(attempt), Some(left)) if left < attempt => (Some(left), true),
                (None, Some(left)) => (Some(left), true),
                (attempt, _) => (attempt, false),
            };
            let progress = Progress::default();
            let exchange = timeout(&**sleep, limit, self.config.http_client().send_noting(request, progress.clone()));
            let mut corrected_offset = None;
            let (result, retry_after) = match exchange.instrument(span.clone()).await {
                None => {
                    outcomes.push(if progress.got_headers() {
                        AttemptOutcome::SlowBody
                    } else {
                        AttemptOutcome::NoResponse
                    });
                    if operation_bound {
                        return Err(operation_timeout(attempt, &outcomes));
                    }
                    let limit = TimeoutLimit::Attempt(attempt_limit.unwrap_or_default());
                    (Err(SdkError::Timeout(TimeoutError::new(O::NAME, limit, None))), None)
                }
                Some(Err(error)) => {
                    let error = http_failure(O::NAME, error);
                    outcomes.push(outcome(&error));
                    (Err(error), None)
                }
                Some(Ok(response)) => {
                    let request_id = response.header("x-amzn-requestid").unwrap_or_default();
                    tracing::debug!(parent: &span, status = response.status, request_id, "response");
                    let read = read_response::<O>(&response);
                    if let Err(error) = &read {
                        outcomes.push(outcome(error));
                    }
                    if O::SIGNED {
                        corrected_offset = self.corrected_offset(&response, &read);
                    }
                    (read, retry_after(&response))
                }
            };
            let error = match result {
                Ok(output) => {
                    self.quota.release(if attempt == 1 { 1 } else { last_cost.unwrap_or(0) });
                    return Ok(output);
                }
                Err(error) => error,
            };
            if let Some(offset) = corrected_offset.filter(|_| !clock_corrected) {
                // Signed at the wrong time: learn the service's clock, and try once more at
                // once (whatever the retry settings: this corrects, it does not retry).
                tracing::warn!(
                    parent: &span,
                    offset_seconds = offset,
                    "the service says the local clock is off; signing with its time from now on"
                );
                self.clock_offset.store(offset, Ordering::Relaxed);
                clock_corrected = true;
                continue;
            }
            let Some(kind) = retry_kind(&error, self.service.transient_codes) else {
                tracing::debug!(parent: &span, %error, "not retryable");
                return Err(error.with_history(attempt, &outcomes));
            };
            if attempt >= retry.max_attempts() {
                tracing::debug!(parent: &span, %error, "no attempts left");
                return Err(error.with_history(attempt, &outcomes));
            }
            let cost = retry.cost(kind);
            if !self.quota.acquire(cost) {
                tracing::debug!(parent: &span, %error, "retry quota exhausted");
                return Err(error.with_history(attempt, &outcomes));
            }
            let delay = retry.delay(attempt, kind, jitter(), retry_after);
            tracing::debug!(parent: &span, %error, ?kind, ?delay, "retrying");
            last_cost = Some(cost);
            // A delay longer than what is left of the operation ends at its deadline.
            sleep.sleep(budget.remaining().map_or(delay, |left| delay.min(left))).await;
        }
    }
}

/// Error codes with which services reject a request signed at the wrong time.
const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "RequestInTheFuture",
];

/// How far the clocks may differ before the client corrects its own (services allow 5
/// minutes).
const SKEW_TOLERATED: Duration = Duration::from_secs(240);

/// `time` moved by `seconds` (either way).
fn shift(time: SystemTime, seconds: i64) -> SystemTime {
    let by = Duration::from_secs(seconds.unsigned_abs());
    let shifted = if seconds >= 0 { time.checked_add(by) } else { time.checked_sub(by) };
    shifted.unwrap_or(time)
}

/// The operation timeout of one call: when it started and how long it may take.
struct Budget {
    started: Instant,
    limit: Option<Duration>,
}

impl Budget {
    fn start(limit: Option<Duration>) -> Self {
        Self { started: Instant::now(), limit }
    }

    /// What is left (`None`: no limit).
    fn remaining(&self) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(self.started.elapsed()))
    }
}

/// The error for a failed HTTP exchange.
fn http_failure<E>(operation: &'static str, error: HttpError) -> SdkError<E> {
    match error.kind() {
        HttpErrorKind::ConnectTimeout => {
            SdkError::Timeout(TimeoutError::new(operation, TimeoutLimit::Connect, Some(error.into())))
        }
        HttpErrorKind::Timeout => {
            SdkError::Timeout(TimeoutError::new(operation, TimeoutLimit::Http, Some(error.into())))
        }
        _ => SdkError::Transport(TransportError::new(operation, error)),
    }
}

/// What a failed attempt ran into, briefly, for a later timeout's message.
fn outcome<E: ProvideErrorMetadata>(error: &SdkError<E>) -> AttemptOutcome {
    match error {
        SdkError::Timeout(e) if e.limit == TimeoutLimit::Connect => AttemptOutcome::NoConnection,
        SdkError::Timeout(_) => AttemptOutcome::NoResponse,
        SdkError::Transport(e) => AttemptOutcome::Failed(
            match e.http_error().map(HttpError::kind) {
                Some(HttpErrorKind::Connect) => "connection failed",
                Some(HttpErrorKind::Io) => "connection error",
                Some(HttpErrorKind::ResponseTooLarge { .. }) => "response too large",
                _ => "HTTP error",
            }
            .to_owned(),
        ),
        SdkError::Response(e) => AttemptOutcome::Failed(format!("unreadable response (HTTP {})", e.status)),
        SdkError::Service(e) => {
            let meta = e.error.meta();
            AttemptOutcome::Failed(format!("{} (HTTP {})", crate::redact::bounded(meta.code(), 64), meta.status()))
        }
        SdkError::Construction(_) | SdkError::Credentials(_) => AttemptOutcome::Failed("not sent".to_owned()),
    }
}

/// How a failed attempt may be retried, if at all (`service_codes`: the service's own
/// transient codes).
fn retry_kind<E: ProvideErrorMetadata>(error: &SdkError<E>, service_codes: &[&str]) -> Option<RetryKind> {
    match error {
        SdkError::Transport(e) => match e.http_error().map(HttpError::kind) {
            Some(HttpErrorKind::Connect | HttpErrorKind::Io) => Some(RetryKind::Connection),
            _ => None,
        },
        SdkError::Timeout(e) => (!matches!(e.limit, TimeoutLimit::Operation(_))).then_some(RetryKind::Connection),
        SdkError::Response(e) => TRANSIENT_STATUSES.contains(&e.status).then_some(RetryKind::Transient),
        SdkError::Service(e) => classify_service_error(e.error.meta().code(), e.error.meta().status(), service_codes),
        SdkError::Construction(_) | SdkError::Credentials(_) => None,
    }
}

/// The delay the service asks for, in milliseconds, in `x-amz-retry-after`.
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    response.header("x-amz-retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_millis)
}

/// The URL to post to: the endpoint with the host prefix before its host and the request
/// URI (`/`, or `/?Operation=..`) after its path (`https://example.com/custom` ->
/// `https://example.com/custom/`).
fn request_url(endpoint: &str, host_prefix: Option<&str>, request_uri: &str) -> String {
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
    let (prefix, rest) = (host_prefix.unwrap_or_default(), rest.trim_end_matches('/'));
    let mut url = String::with_capacity(scheme.len() + 3 + prefix.len() + rest.len() + request_uri.len());
    for part in [scheme, "://", prefix, rest, request_uri] {
        url.push_str(part);
    }
    url
}

/// Turns a response into the operation's output or error.
pub fn read_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    // Copied only when used: the body's own request id is preferred.
    let header_request_id =
        || response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_owned);
    let fail = |source: ParseError, request_id: Option<String>| {
        SdkError::Response(ResponseError::new(O::NAME, response.status, request_id, source))
    };
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

/// The service error an error response stands for. An awsQuery `<Error>` gives its code,
/// message, type and request id (a body with a stray invalid byte is still read); any other
/// body (a proxy's or load balancer's page) is reported as botocore does, with the HTTP
/// status as the code and its reason as the message.
fn read_error<O: Operation>(
    response: &HttpResponse,
    header_request_id: impl Fn() -> Option<String>,
) -> SdkError<O::Error> {
    let fail = |source: ParseError, request_id: Option<String>| {
        SdkError::Response(ResponseError::new(O::NAME, response.status, request_id, source))
    };
    let service = |error| SdkError::Service(ServiceError { operation: O::NAME, error, attempts: 1 });
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
                return match O::read_error(meta, error) {
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
    match Document::parse("<Error/>").and_then(|empty| O::read_error(meta, empty.root())) {
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

#[cfg(test)]
mod tests {
    #[test]
    fn request_urls_keep_paths_and_take_host_prefixes() {
        use super::request_url;
        assert_eq!(request_url("https://sts.amazonaws.com", None, "/"), "https://sts.amazonaws.com/");
        assert_eq!(request_url("http://127.0.0.1:9/", None, "/"), "http://127.0.0.1:9/");
        assert_eq!(request_url("https://example.com/custom", None, "/"), "https://example.com/custom/");
        assert_eq!(request_url("https://example.com", Some("foo.bar."), "/"), "https://foo.bar.example.com/");
        assert_eq!(
            request_url("https://ie.com/", None, "/?Operation=CancelJob"),
            "https://ie.com/?Operation=CancelJob"
        );
        assert_eq!(
            request_url("https://ie.com/v", None, "/?Operation=GetStatus"),
            "https://ie.com/v/?Operation=GetStatus"
        );
    }
}

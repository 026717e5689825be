//! How one operation call is carried out: serialize, resolve the endpoint, sign, send,
//! and read the response or the error.
//!
//! Generated code describes each operation with the [`Operation`] trait; a
//! [`Handle`] (held by the generated client) runs it with [`Handle::invoke`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use tracing::Instrument;

use crate::aws_query::response::read_response;
use crate::aws_query::{CONTENT_TYPE, Operation};
use crate::config::Config;
use crate::credentials::CredentialsError;
use crate::date_time::{DateTime, TimestampFormat};
use crate::endpoint::{Endpoint, EndpointError, check_endpoint_url, check_region};
use crate::error::{
    AttemptOutcome, BuildError, ConstructionError, CredentialsUnavailable, ProvideErrorMetadata, SdkError,
    TimeoutError, TimeoutLimit, TransportError,
};
use crate::retry::{RetryKind, RetryQuota, TRANSIENT_STATUSES, classify_service_error, jitter};
use crate::sign::{SignatureVersion, Signer, SigningScope};
use crate::sleep::timeout;
use crate::transport::{HttpError, HttpErrorKind, HttpRequest, HttpResponse, Progress};
use crate::validate::Validator;

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

//! The retry loop: each attempt signed afresh and sent within its time limit, its response
//! read; a failure retried as the retry settings, the retry quota and the operation's
//! deadline allow; a clock the service says is off corrected once.

use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use tracing::Instrument;

use super::prepare::Prepared;
use super::{Budget, Handle};
use crate::aws_query::Operation;
use crate::aws_query::response::read_response;
use crate::date_time::{DateTime, TimestampFormat};
use crate::error::{
    AttemptOutcome, ConstructionError, ProvideErrorMetadata, SdkError, TimeoutError, TimeoutLimit, TransportError,
};
use crate::retry::{RetryKind, TRANSIENT_STATUSES, classify_service_error, jitter};
use crate::sign::{SignatureVersion, SigningScope};
use crate::sleep::timeout;
use crate::transport::{HttpError, HttpErrorKind, HttpResponse, Progress};

impl Handle {
    /// Sends `prepared` until an attempt succeeds or the call must fail.
    pub(super) async fn attempts<O: Operation>(
        &self,
        prepared: Prepared,
        budget: &Budget,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let construction =
            |e: crate::boxed::BoxError| SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, e));
        let sleep = self.config.sleep_impl();
        let retry = self.config.retry_config();
        let attempt_limit = self.config.timeout_config().attempt();
        let mut last_cost = None;
        let mut attempt = 0;
        // What each failed attempt ran into, for a timeout's message.
        let mut outcomes = Vec::new();
        let mut clock_corrected = false;
        loop {
            if budget.remaining() == Some(Duration::ZERO) {
                return Err(budget.exceeded(O::NAME, attempt, &outcomes));
            }
            attempt += 1;
            let span = tracing::debug_span!("attempt", attempt);
            let mut request = prepared.request.clone();
            if let Some(signing) = &prepared.signing {
                // Every attempt is signed afresh, with the time of that attempt.
                let time = self.signing_time();
                let credentials = &signing.credentials;
                match self.service.signature {
                    SignatureVersion::V4 => {
                        let scope = SigningScope { service: &signing.service, region: &signing.region };
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
                        return Err(budget.exceeded(O::NAME, attempt, &outcomes));
                    }
                    let limit = TimeoutLimit::Attempt(attempt_limit.unwrap_or_default());
                    (Err(SdkError::TimeoutError(TimeoutError::new(O::NAME, limit, None))), None)
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

    /// Seconds the client adds to the local clock when signing.
    fn clock_offset(&self) -> i64 {
        self.clock_offset.load(Ordering::Relaxed)
    }

    /// The time requests are signed with: the local clock, corrected by the offset.
    pub(super) fn signing_time(&self) -> SystemTime {
        shift(self.config.now(), self.clock_offset())
    }

    /// The offset the service's `Date` shows, when `response` rejected a request as signed
    /// at the wrong time and the clocks differ by more than the service tolerates.
    fn corrected_offset<E: ProvideErrorMetadata>(
        &self,
        response: &HttpResponse,
        read: &Result<impl Sized, SdkError<E>>,
    ) -> Option<i64> {
        let Err(SdkError::ServiceError(e)) = read else { return None };
        if !e.error.meta().code().is_some_and(|code| CLOCK_SKEW_CODES.contains(&code)) {
            return None;
        }
        let server =
            SystemTime::try_from(DateTime::parse(response.header("date")?, TimestampFormat::HttpDate).ok()?).ok()?;
        let local = self.config.now();
        let offset = match server.duration_since(local) {
            Ok(ahead) => i64::try_from(ahead.as_secs()).ok()?,
            Err(behind) => -i64::try_from(behind.duration().as_secs()).ok()?,
        };
        (offset.abs_diff(self.clock_offset()) > SKEW_TOLERATED.as_secs()).then_some(offset)
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

/// The error for a failed HTTP exchange.
fn http_failure<E>(operation: &'static str, error: HttpError) -> SdkError<E> {
    match error.kind() {
        HttpErrorKind::ConnectTimeout => {
            SdkError::TimeoutError(TimeoutError::new(operation, TimeoutLimit::Connect, Some(error.into())))
        }
        HttpErrorKind::Timeout => {
            SdkError::TimeoutError(TimeoutError::new(operation, TimeoutLimit::Http, Some(error.into())))
        }
        _ => SdkError::DispatchFailure(TransportError::new(operation, error)),
    }
}

/// What a failed attempt ran into, briefly, for a later timeout's message.
fn outcome<E: ProvideErrorMetadata>(error: &SdkError<E>) -> AttemptOutcome {
    match error {
        SdkError::TimeoutError(e) if e.limit == TimeoutLimit::Connect => AttemptOutcome::NoConnection,
        SdkError::TimeoutError(_) => AttemptOutcome::NoResponse,
        SdkError::DispatchFailure(e) => AttemptOutcome::Failed(
            match e.http_error().map(HttpError::kind) {
                Some(HttpErrorKind::Connect) => "connection failed",
                Some(HttpErrorKind::Io) => "connection error",
                Some(HttpErrorKind::ResponseTooLarge { .. }) => "response too large",
                _ => "HTTP error",
            }
            .to_owned(),
        ),
        SdkError::ResponseError(e) => AttemptOutcome::Failed(format!("unreadable response (HTTP {})", e.status())),
        SdkError::ServiceError(e) => {
            let meta = e.error.meta();
            AttemptOutcome::Failed(format!(
                "{} (HTTP {})",
                crate::redact::bounded(meta.code().unwrap_or_default(), 64),
                meta.status()
            ))
        }
        SdkError::ConstructionFailure(_) | SdkError::CredentialsUnavailable(_) => {
            AttemptOutcome::Failed("not sent".to_owned())
        }
    }
}

/// How a failed attempt may be retried, if at all (`service_codes`: the service's own
/// transient codes).
fn retry_kind<E: ProvideErrorMetadata>(error: &SdkError<E>, service_codes: &[&str]) -> Option<RetryKind> {
    match error {
        SdkError::DispatchFailure(e) => match e.http_error().map(HttpError::kind) {
            Some(HttpErrorKind::Connect | HttpErrorKind::Io) => Some(RetryKind::Connection),
            _ => None,
        },
        SdkError::TimeoutError(e) => (!matches!(e.limit, TimeoutLimit::Operation(_))).then_some(RetryKind::Connection),
        SdkError::ResponseError(e) => TRANSIENT_STATUSES.contains(&e.status()).then_some(RetryKind::Transient),
        SdkError::ServiceError(e) => {
            classify_service_error(e.error.meta().code().unwrap_or_default(), e.error.meta().status(), service_codes)
        }
        SdkError::ConstructionFailure(_) | SdkError::CredentialsUnavailable(_) => None,
    }
}

/// The delay the service asks for, in milliseconds, in `x-amz-retry-after`.
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    response.header("x-amz-retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_millis)
}

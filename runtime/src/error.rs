//! Errors a call can end with, and the metadata every service error carries.
//!
//! [`SdkError`] has one variant per stage that can fail: the request could not be built
//! ([`ConstructionError`], nothing was sent), the exchange failed ([`TransportError`],
//! [`TimeoutError`]), the response could not be read ([`ResponseError`]), or the service
//! answered with an error ([`ServiceError`], holding the operation's own error enum).
//! Each one names the operation. No message ever contains a credential or another
//! sensitive value.
//!
//! One convention holds for every error here, so that error reporters (`anyhow`'s `{:#}`,
//! `eyre`) never show a cause twice: **an error's `Display` tells the whole story on one
//! line, its causes included, and `source()` returns only a cause its `Display` did not
//! print** (a [`TimeoutError`] names the limit, not the HTTP error behind it, so that one is
//! its source). [`SdkError`] adds nothing of its own: it shows its variant's message and
//! returns its variant's source. The causes are reached through accessors instead:
//! [`ConstructionError::reason`] (and `build_error`, `validation_error`),
//! [`CredentialsUnavailable::credentials_error`],
//! [`TransportError::http_error`], [`ResponseError::parse_error`],
//! [`SdkError::as_service_error`].

use std::convert::Infallible;
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::boxed::{BoxError, chain};
use crate::credentials::CredentialsError;
use crate::redact;
use crate::transport::{HttpError, HttpErrorKind};

/// Why an operation call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input was incomplete or invalid, or the endpoint could not be resolved;
    /// nothing was sent.
    ConstructionFailure(ConstructionError),
    /// No credentials could be had to sign the request; nothing was sent.
    CredentialsUnavailable(CredentialsUnavailable),
    /// The request could not be sent, or the response could not be received.
    DispatchFailure(TransportError),
    /// A time limit ran out.
    TimeoutError(TimeoutError),
    /// A response arrived but could not be read.
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// The operation that failed (`AssumeRole`).
    pub fn operation(&self) -> &'static str {
        match self {
            Self::ConstructionFailure(e) => e.operation,
            Self::CredentialsUnavailable(e) => e.operation,
            Self::DispatchFailure(e) => e.operation,
            Self::TimeoutError(e) => e.operation,
            Self::ResponseError(e) => e.operation,
            Self::ServiceError(e) => e.operation,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The service's error; a failure before the service answered becomes the enum's
    /// `Unhandled` variant, which holds it ([`Unhandled::sdk_error`]), as `aws-sdk-sts` does.
    pub fn into_service_error(self) -> E
    where
        E: CreateUnhandledError,
    {
        match self.into_service() {
            Ok(error) => error,
            Err(failed) => {
                E::create_unhandled_error(Unhandled { meta: ErrorMetadata::NONE, failed: Some(Arc::new(failed)) })
            }
        }
    }

    /// The service's error as `Ok`, or this error, which then holds none, as `Err` (how
    /// `sts::Error` is made from any operation's error).
    pub fn into_service(self) -> Result<E, SdkError<Infallible>> {
        Err(match self {
            Self::ServiceError(e) => return Ok(*e.error),
            Self::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            Self::CredentialsUnavailable(e) => SdkError::CredentialsUnavailable(e),
            Self::DispatchFailure(e) => SdkError::DispatchFailure(e),
            Self::TimeoutError(e) => SdkError::TimeoutError(e),
            Self::ResponseError(e) => SdkError::ResponseError(e),
        })
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::ConstructionFailure(_) | Self::CredentialsUnavailable(_) => 0,
            Self::DispatchFailure(e) => e.attempts,
            Self::TimeoutError(e) => e.attempts,
            Self::ResponseError(e) => e.attempts,
            Self::ServiceError(e) => e.attempts,
        }
    }

    /// Records that the call made `attempts` attempts.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        match &mut self {
            Self::ConstructionFailure(_) | Self::CredentialsUnavailable(_) => {}
            Self::DispatchFailure(e) => e.attempts = attempts,
            Self::TimeoutError(e) => e.attempts = attempts,
            Self::ResponseError(e) => e.attempts = attempts,
            Self::ServiceError(e) => e.attempts = attempts,
        }
        self
    }

    /// Records the attempts made and, for a timeout, what each ran into.
    pub(crate) fn with_history(self, attempts: u32, outcomes: &[AttemptOutcome]) -> Self {
        match self.with_attempts(attempts) {
            Self::TimeoutError(e) => Self::TimeoutError(e.with_outcomes(outcomes.to_vec())),
            other => other,
        }
    }

    /// The HTTP status and headers of the response, where one arrived (a service error or
    /// an unreadable response).
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Self::ServiceError(e) => Some(&e.raw),
            Self::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }
}

/// The service error's metadata; for an unreadable response, its request id only; for the
/// other variants, metadata with no code, message or request id (as `aws-sdk-sts` gives), so
/// `err.code() == Some("ExpiredToken")` reads the same whatever the variant. [`RequestId`]
/// comes with it.
impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ServiceError(e) => e.error.meta(),
            Self::ResponseError(e) => &e.meta,
            _ => &ErrorMetadata::NONE,
        }
    }
}

impl<E: ProvideErrorMetadata> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => e.fmt(f),
            Self::CredentialsUnavailable(e) => e.fmt(f),
            Self::DispatchFailure(e) => e.fmt(f),
            Self::TimeoutError(e) => e.fmt(f),
            Self::ResponseError(e) => e.fmt(f),
            Self::ServiceError(e) => e.fmt(f),
        }
    }
}

/// Transparent: the variant's message is the `Display`, and the variant's source (not the
/// variant itself, whose message is already shown) is the source.
impl<E: ProvideErrorMetadata + StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::ConstructionFailure(e) => e.source(),
            Self::CredentialsUnavailable(e) => e.source(),
            Self::DispatchFailure(e) => e.source(),
            Self::TimeoutError(e) => e.source(),
            Self::ResponseError(e) => e.source(),
            Self::ServiceError(e) => e.error.source(),
        }
    }
}

/// The input could not be turned into a request; nothing was sent.
#[derive(Debug)]
pub struct ConstructionError {
    pub(crate) operation: &'static str,
    pub(crate) source: BoxError,
}

impl ConstructionError {
    /// Wraps a builder's error for `operation`.
    pub fn new(operation: &'static str, source: BuildError) -> Self {
        Self { operation, source: Box::new(source) }
    }

    /// Wraps any reason the request could not be made (an invalid region...).
    pub fn boxed(operation: &'static str, source: BoxError) -> Self {
        Self { operation, source }
    }

    /// The missing members, if that is what was wrong with the input.
    pub fn build_error(&self) -> Option<&BuildError> {
        self.source.downcast_ref()
    }

    /// Every constraint the input broke, if that is what was wrong with it.
    pub fn validation_error(&self) -> Option<&crate::validate::ValidationError> {
        self.source.downcast_ref()
    }

    /// What was wrong (a [`BuildError`], a validation error, an endpoint error...), which
    /// the message already shows.
    pub fn reason(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid request, nothing was sent: {}", self.operation, self.source)
    }
}

/// The reason is in the message: see [`ConstructionError::reason`].
impl StdError for ConstructionError {}

/// No credentials could be had to sign the request; nothing was sent.
#[derive(Debug)]
pub struct CredentialsUnavailable {
    pub(crate) operation: &'static str,
    pub(crate) source: CredentialsError,
}

impl CredentialsUnavailable {
    /// `operation` could not be signed because of `source`.
    pub fn new(operation: &'static str, source: CredentialsError) -> Self {
        Self { operation, source }
    }

    /// Why there were no credentials (the message shows it, with its causes).
    pub fn credentials_error(&self) -> &CredentialsError {
        &self.source
    }
}

impl fmt::Display for CredentialsUnavailable {
    /// The operation, then every cause down to the root one (an STS error with its code,
    /// status, request id and attempts, a file that could not be read...), on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: no credentials to sign the request, so it was not sent: {}", self.operation, chain(&self.source))
    }
}

/// The causes are in the message: see [`CredentialsUnavailable::credentials_error`].
impl StdError for CredentialsUnavailable {}

/// A builder was missing members the model requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// `type_name` lacks the required members `missing` (model names, in model order).
    pub fn missing(type_name: &'static str, missing: Vec<&'static str>) -> Self {
        Self { type_name, missing }
    }

    /// `type_name` lacks those of `members` (model name, whether absent) that are absent.
    pub fn from_absent(type_name: &'static str, members: &[(&'static str, bool)]) -> Self {
        let missing = members.iter().filter(|(_, absent)| *absent).map(|(name, _)| *name).collect();
        Self { type_name, missing }
    }

    /// The type that could not be built (`AssumeRoleInput`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The required members that were not set, as the model names them (`RoleArn`).
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is missing required member", self.type_name)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, name) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl StdError for BuildError {}

/// " after N attempts" when there was more than one.
fn after(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 { write!(f, " after {attempts} attempts") } else { Ok(()) }
}

/// The request could not be sent or its response not received.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) operation: &'static str,
    pub(crate) source: BoxError,
    pub(crate) attempts: u32,
}

impl TransportError {
    /// A transport failure of `operation`.
    pub fn new(operation: &'static str, source: impl Into<BoxError>) -> Self {
        Self { operation, source: source.into(), attempts: 1 }
    }

    /// The HTTP client's error, when it gave one (the message shows it).
    pub fn http_error(&self) -> Option<&HttpError> {
        self.source.downcast_ref()
    }

    /// What failed, whatever its type (the message shows it).
    pub fn reason(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.source.as_ref()
    }

    /// Whether no connection could be made or the connection failed while sending or
    /// receiving (`aws-sdk-sts`'s `DispatchFailure::is_io`).
    pub fn is_io(&self) -> bool {
        matches!(self.kind(), Some(HttpErrorKind::Connect | HttpErrorKind::Io))
    }

    /// Whether a time limit of the HTTP client ran out, connecting or later (a limit of
    /// this crate's own is [`SdkError::TimeoutError`] instead).
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind(), Some(HttpErrorKind::Timeout | HttpErrorKind::ConnectTimeout))
    }

    /// Whether the failure is neither [`is_io`](Self::is_io) nor
    /// [`is_timeout`](Self::is_timeout): a response too large, an invalid URL, a TLS set-up
    /// failure, or an error of an HTTP client of the user's own.
    pub fn is_other(&self) -> bool {
        !self.is_io() && !self.is_timeout()
    }

    fn kind(&self) -> Option<HttpErrorKind> {
        self.http_error().map(HttpError::kind)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: request failed", self.operation)?;
        after(f, self.attempts)?;
        write!(f, ": {}", self.source)
    }
}

/// The failure is in the message: see [`TransportError::http_error`].
impl StdError for TransportError {}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutLimit {
    /// Connecting to the endpoint.
    Connect,
    /// One attempt (send, wait, read).
    Attempt(Duration),
    /// The whole call, retries included.
    Operation(Duration),
    /// A limit of a custom HTTP client.
    Http,
}

impl fmt::Display for TimeoutLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect => f.write_str("the connect timeout"),
            Self::Attempt(limit) => write!(f, "the attempt timeout ({limit:?})"),
            Self::Operation(limit) => write!(f, "the operation timeout ({limit:?})"),
            Self::Http => f.write_str("a timeout of the HTTP client"),
        }
    }
}

/// What one attempt of a call ran into.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttemptOutcome {
    /// No connection could be made within the connect timeout.
    NoConnection,
    /// Connected (or not known), but no status and headers came back in time.
    NoResponse,
    /// The status and headers came, but the body did not finish in time.
    SlowBody,
    /// Another failure, briefly (`InternalFailure (HTTP 500)`, `connection error`).
    Failed(String),
}

impl fmt::Display for AttemptOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoConnection => f.write_str("no connection"),
            Self::NoResponse => f.write_str("no response"),
            Self::SlowBody => f.write_str("the response body came too slowly"),
            Self::Failed(what) => f.write_str(what),
        }
    }
}

/// A time limit ran out.
#[derive(Debug)]
pub struct TimeoutError {
    pub(crate) operation: &'static str,
    pub(crate) limit: TimeoutLimit,
    pub(crate) source: Option<BoxError>,
    pub(crate) attempts: u32,
    pub(crate) outcomes: Vec<AttemptOutcome>,
}

impl TimeoutError {
    /// `limit` ran out during `operation`.
    pub fn new(operation: &'static str, limit: TimeoutLimit, source: Option<BoxError>) -> Self {
        Self { operation, limit, source, attempts: 1, outcomes: Vec::new() }
    }

    /// Records what each attempt ran into, in order.
    pub fn with_outcomes(mut self, outcomes: Vec<AttemptOutcome>) -> Self {
        self.outcomes = outcomes;
        self
    }

    /// Which limit ran out.
    pub fn limit(&self) -> TimeoutLimit {
        self.limit
    }

    /// What each attempt ran into, in order (empty when not recorded).
    pub fn outcomes(&self) -> &[AttemptOutcome] {
        &self.outcomes
    }
}

impl fmt::Display for TimeoutError {
    /// The limit, the attempts and what each ran into, and which setting to change.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ran out", self.operation, self.limit)?;
        after(f, self.attempts)?;
        if self.outcomes.len() == 1 {
            write!(f, " ({})", self.outcomes[0])?;
        } else if !self.outcomes.is_empty() {
            f.write_str(" (")?;
            for (i, outcome) in self.outcomes.iter().enumerate() {
                let sep = if i == 0 { "" } else { "; " };
                write!(f, "{sep}attempt {}: {outcome}", i + 1)?;
            }
            f.write_str(")")?;
        }
        let attempts_cut =
            self.outcomes.iter().any(|o| matches!(o, AttemptOutcome::NoResponse | AttemptOutcome::SlowBody));
        match self.limit {
            TimeoutLimit::Connect => f.write_str(
                ": the endpoint accepted no connection in time; check the endpoint, DNS, proxy and firewall, or \
                 raise `TimeoutConfig::with_connect`",
            ),
            TimeoutLimit::Attempt(_) => {
                f.write_str(": if the service is only slow, raise `TimeoutConfig::with_attempt` (each attempt)")
            }
            TimeoutLimit::Operation(_) if attempts_cut => f.write_str(
                ": if the service is only slow, raise `TimeoutConfig::with_operation` (the whole call, retries \
                 included) and `with_attempt` (each attempt)",
            ),
            TimeoutLimit::Operation(_) => {
                f.write_str(": raise `TimeoutConfig::with_operation` (the whole call, retries included) to wait longer")
            }
            TimeoutLimit::Http => f.write_str(": a limit of the HTTP client given to the config"),
        }
    }
}

impl StdError for TimeoutError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// A response arrived but could not be read.
#[derive(Debug)]
pub struct ResponseError {
    pub(crate) operation: &'static str,
    pub(crate) raw: Box<RawResponse>,
    /// No code or message (the response could not be read), only its request id; boxed, as
    /// `raw` is, to keep `SdkError` small.
    pub(crate) meta: Box<ErrorMetadata>,
    pub(crate) source: ParseError,
    pub(crate) attempts: u32,
}

impl ResponseError {
    /// An unreadable response to `operation`.
    pub fn new(operation: &'static str, status: u16, request_id: Option<String>, source: ParseError) -> Self {
        let meta = Box::new(ErrorMetadata { status, ..ErrorMetadata::NONE }.with_request_id(request_id));
        Self { operation, raw: Box::new(RawResponse::new(status, Vec::new())), meta, source, attempts: 1 }
    }

    /// The same error, with the response's headers.
    pub(crate) fn with_raw(mut self, raw: RawResponse) -> Self {
        *self.raw = raw;
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.raw.status.0
    }

    /// The request id, if the response carried one (e.g. in `x-amzn-RequestId`).
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// What was wrong with the response.
    pub fn parse_error(&self) -> &ParseError {
        &self.source
    }

    /// The response's HTTP status and headers (its body is what could not be read).
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: unreadable response (HTTP {}", self.operation, self.raw.status)?;
        if let Some(id) = self.meta.request_id() {
            write!(f, ", request id {}", redact::bounded(id, redact::SHORT_CHARS))?;
        }
        f.write_str(")")?;
        after(f, self.attempts)?;
        write!(f, ": {}", self.source)
    }
}

/// What was wrong is in the message: see [`ResponseError::parse_error`].
impl StdError for ResponseError {}

/// What made a response body unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not well-formed XML.
    Malformed(String),
    /// The body is not UTF-8.
    NotUtf8,
    /// A success response has no body, though the output has members.
    EmptyBody,
    /// The document's root element is not the one expected.
    UnexpectedRoot { expected: String, found: String },
    /// A member the model marks required is absent.
    MissingMember { shape: &'static str, member: &'static str },
    /// An element's text is not a valid value of its type.
    InvalidValue { element: String, expected: &'static str, found: String },
}

/// A structure read from a response lacks a required member: the first one missing.
impl From<BuildError> for ParseError {
    fn from(e: BuildError) -> Self {
        Self::MissingMember { shape: e.type_name, member: e.missing.first().copied().unwrap_or_default() }
    }
}

impl ParseError {
    pub(crate) fn invalid(element: &str, expected: &'static str, found: &str) -> Self {
        let found = redact::bounded(found, 64).to_string();
        Self::InvalidValue { element: element.to_owned(), expected, found }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "malformed XML: {}", redact::bounded(why, redact::MESSAGE_CHARS)),
            Self::NotUtf8 => f.write_str("the body is not UTF-8"),
            Self::EmptyBody => f.write_str("the response has no body"),
            Self::UnexpectedRoot { expected, found } => {
                write!(f, "expected root element <{expected}>, found <{}>", redact::bounded(found, redact::SHORT_CHARS))
            }
            Self::MissingMember { shape, member } => {
                write!(f, "required member `{member}` of `{shape}` is missing")
            }
            Self::InvalidValue { element, expected, found } => {
                write!(f, "<{element}> should hold {expected}, found `{found}`")
            }
        }
    }
}

impl StdError for ParseError {}

/// The service answered `operation` with an error.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub(crate) operation: &'static str,
    pub(crate) error: Box<E>,
    pub(crate) raw: Box<RawResponse>,
    pub(crate) attempts: u32,
}

impl<E> ServiceError<E> {
    /// `operation`'s `error`, answered in the response `raw` (for test doubles; calls make
    /// their own).
    pub fn new(operation: &'static str, error: E, raw: RawResponse) -> Self {
        Self { operation, error: Box::new(error), raw: Box::new(raw), attempts: 1 }
    }

    /// The HTTP status and headers of the response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.error
    }

    /// The operation's error.
    pub fn into_err(self) -> E {
        *self.error
    }
}

impl<E: ProvideErrorMetadata> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.operation)?;
        after(f, self.attempts)?;
        write!(f, ": {}", self.error.meta())
    }
}

/// The HTTP status and headers of a response that ended a call with an error (the body was
/// read into the error, and is not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    status: StatusCode,
    headers: Headers,
}

impl RawResponse {
    /// A response with `status` and `headers`.
    pub fn new(status: u16, headers: Vec<(String, String)>) -> Self {
        Self { status: StatusCode(status), headers: Headers(headers) }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers, in the order they came.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }
}

/// An HTTP status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusCode(u16);

impl StatusCode {
    /// The code as a number (`403`).
    pub fn as_u16(self) -> u16 {
        self.0
    }

    /// 2xx.
    pub fn is_success(self) -> bool {
        (200..300).contains(&self.0)
    }

    /// 4xx.
    pub fn is_client_error(self) -> bool {
        (400..500).contains(&self.0)
    }

    /// 5xx.
    pub fn is_server_error(self) -> bool {
        (500..600).contains(&self.0)
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Response headers: names as they came, looked up without regard to case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// The first header named `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header, as (name, value).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many headers there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the service said about an error: code, message, type, request id, HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    error_type: Option<String>,
    request_id: Option<String>,
    status: u16,
}

impl ErrorMetadata {
    /// Metadata that says nothing: what [`SdkError::meta`](ProvideErrorMetadata::meta) gives
    /// when the service did not answer with an error.
    pub const NONE: ErrorMetadata =
        ErrorMetadata { code: None, message: None, error_type: None, request_id: None, status: 0 };

    /// Metadata for an error with `code` received with HTTP `status`. What a response
    /// holds is kept bounded: a code, type or request id longer than 128 characters, or a
    /// message longer than 8,192, is cut (with a note saying so).
    pub fn new(code: impl Into<String>, status: u16) -> Self {
        let code = Some(redact::truncate(code.into(), redact::SHORT_CHARS));
        Self { code, message: None, error_type: None, request_id: None, status }
    }

    /// A builder, as aws-smithy-types' `ErrorMetadata::builder()` (for test doubles).
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// Sets the message.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message.map(|m| redact::truncate(m, MESSAGE_KEPT));
        self
    }

    /// Sets the fault type (`Sender` or `Receiver`).
    pub fn with_error_type(mut self, error_type: Option<String>) -> Self {
        self.error_type = error_type.map(|t| redact::truncate(t, redact::SHORT_CHARS));
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id.map(|id| redact::truncate(id, redact::SHORT_CHARS));
        self
    }

    /// The error code sent by the service (`MalformedPolicyDocument`, `Throttling`); `None`
    /// only in [`ErrorMetadata::NONE`] and in metadata built without one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// `Sender` (the caller's fault) or `Receiver` (the service's), if given.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }

    /// The request id, for AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response (0 in [`ErrorMetadata::NONE`]).
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// Builds an [`ErrorMetadata`] (for test doubles: the service's errors are read). The status
/// is 400 unless set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadataBuilder {
    code: Option<String>,
    message: Option<String>,
    error_type: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the fault type (`Sender` or `Receiver`).
    pub fn error_type(mut self, error_type: impl Into<String>) -> Self {
        self.error_type = Some(error_type.into());
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The metadata, bounded as [`ErrorMetadata::new`] bounds what a response holds.
    pub fn build(self) -> ErrorMetadata {
        let code = self.code.map(|code| redact::truncate(code, redact::SHORT_CHARS));
        ErrorMetadata { code, status: self.status.unwrap_or(400), ..ErrorMetadata::NONE }
            .with_message(self.message)
            .with_error_type(self.error_type)
            .with_request_id(self.request_id)
    }
}

/// How much of a message an error keeps (`message()`); `Display` shows less.
const MESSAGE_KEPT: usize = 8192;

impl fmt::Display for ErrorMetadata {
    /// `Code: message (HTTP status, request id ...)`, the message cut to 512 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_deref().unwrap_or("no error code"))?;
        if let Some(message) = &self.message {
            write!(f, ": {}", redact::bounded(message, redact::MESSAGE_CHARS))?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// Shows an error and every cause below it on one line, `error: cause: cause`, as
/// `aws-sdk-sts`'s `DisplayErrorContext` does (this crate's errors already name their causes
/// in `Display`; this adds the `source()` chain of any error).
#[derive(Debug)]
pub struct DisplayErrorContext<E>(pub E);

impl<E: StdError> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The error's metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code sent by the service (`ExpiredToken`).
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The message sent by the service, if any.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// The id AWS gave a request (`x-amzn-RequestId`, or `ResponseMetadata/RequestId`), for
/// support cases; `aws-sdk-sts`'s `operation::RequestId`. Every output has it, and every
/// error with [`ErrorMetadata`] (an [`SdkError`] also when the response it could not read
/// carried one).
pub trait RequestId {
    /// The request id, if the response carried one.
    fn request_id(&self) -> Option<&str>;
}

impl<T: ProvideErrorMetadata + ?Sized> RequestId for T {
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// No error: the service error type of an [`SdkError`] that holds none
/// ([`SdkError::into_service`]).
impl ProvideErrorMetadata for Infallible {
    fn meta(&self) -> &ErrorMetadata {
        match *self {}
    }
}

/// An error code the model does not list for the operation (`Throttling`,
/// `AccessDenied`, `ExpiredToken`...), with everything the service said about it; or,
/// made by [`SdkError::into_service_error`], a call that failed before the service answered.
#[derive(Debug, Clone)]
pub struct Unhandled {
    meta: ErrorMetadata,
    failed: Option<Arc<SdkError<Infallible>>>,
}

impl Unhandled {
    /// An unmodeled error. Its code, message and request id come with
    /// [`ProvideErrorMetadata`].
    pub fn new(meta: ErrorMetadata) -> Self {
        Self { meta, failed: None }
    }

    /// The call's failure, when it failed before the service answered (no code then).
    pub fn sdk_error(&self) -> Option<&SdkError<Infallible>> {
        self.failed.as_deref()
    }
}

/// Equal when the service said the same, or when they hold the very same failure.
impl PartialEq for Unhandled {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && match (&self.failed, &other.failed) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl Eq for Unhandled {}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.failed {
            Some(failed) => failed.fmt(f),
            None => self.meta.fmt(f),
        }
    }
}

/// A failure's own source, as [`SdkError`]'s (its message is already the `Display`).
impl StdError for Unhandled {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.failed.as_deref().and_then(StdError::source)
    }
}

/// An operation's error enum made from a failure that is not the service's: its `Unhandled`
/// variant (what [`SdkError::into_service_error`] gives for such a failure, as in
/// `aws-sdk-sts`).
pub trait CreateUnhandledError {
    /// `Self::Unhandled(error)`.
    fn create_unhandled_error(error: Unhandled) -> Self;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_metadata_is_bounded_as_read_metadata_is() {
        let meta = ErrorMetadata::builder().code("Throttling").message("slow down").request_id("r-1").build();
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id()),
            (Some("Throttling"), Some("slow down"), Some("r-1"))
        );
        assert_eq!((meta.status(), meta.error_type()), (400, None));
        let long = "x".repeat(10_000);
        let meta = ErrorMetadata::builder().code(&*long).message(&*long).error_type("Sender").status(503).build();
        assert_eq!(
            meta,
            ErrorMetadata::new(&*long, 503).with_message(Some(long.clone())).with_error_type(Some("Sender".into()))
        );
        assert!(meta.code().is_some_and(|code| code.len() < 200), "the code is cut");
        let none = ErrorMetadata::builder().build();
        assert_eq!((none.code(), none.message(), none.status()), (None, None, 400));
    }

    /// Every level of every `SdkError`, and every source below it: no source's message is
    /// one its parents already showed, so a reporter walking `source()` repeats nothing,
    /// and the top-level message alone names the root cause.
    #[test]
    fn no_error_shows_a_cause_twice() {
        use crate::transport::{HttpError, HttpErrorKind};
        let io = || std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused (os error 111)");
        let errors: Vec<SdkError<Unhandled>> = vec![
            SdkError::ConstructionFailure(ConstructionError::new(
                "AssumeRole",
                BuildError::missing("AssumeRoleInput", vec!["RoleArn"]),
            )),
            SdkError::CredentialsUnavailable(CredentialsUnavailable::new(
                "AssumeRole",
                CredentialsError::with_source("the profile `dev` could not be loaded", io()),
            )),
            SdkError::DispatchFailure(TransportError::new("AssumeRole", HttpError::new(HttpErrorKind::Connect, io()))),
            SdkError::TimeoutError(TimeoutError::new(
                "AssumeRole",
                TimeoutLimit::Http,
                Some(Box::new(HttpError::new(HttpErrorKind::Timeout, io()))),
            )),
            SdkError::ResponseError(ResponseError::new("AssumeRole", 200, None, ParseError::EmptyBody)),
            SdkError::ServiceError(ServiceError::new(
                "AssumeRole",
                Unhandled::new(ErrorMetadata::new("Throttling", 400).with_message(Some("slow down".into()))),
                RawResponse::new(400, Vec::new()),
            )),
        ];
        for error in &errors {
            let mut shown = vec![error.to_string()];
            let mut cause = StdError::source(error);
            while let Some(c) = cause {
                let text = c.to_string();
                assert!(!shown.iter().any(|s| s.contains(&text)), "`{text}` is shown again below {shown:?}");
                shown.push(text);
                cause = c.source();
            }
            let root = ["RoleArn", "Connection refused", "no body", "Throttling"];
            assert!(
                root.iter().any(|r| shown[0].contains(r)) || matches!(error, SdkError::TimeoutError(_)),
                "{shown:?}"
            );
        }
        // A timeout names the limit; the HTTP client's error is its source.
        assert!(StdError::source(&errors[3]).is_some_and(|s| s.to_string().contains("Connection refused")));
        // The causes are still reachable, through accessors.
        let SdkError::DispatchFailure(transport) = &errors[2] else { unreachable!() };
        assert_eq!(transport.http_error().map(HttpError::kind), Some(HttpErrorKind::Connect));
        let SdkError::ConstructionFailure(construction) = &errors[0] else { unreachable!() };
        assert!(construction.reason().to_string().contains("RoleArn") && construction.build_error().is_some());
    }

    #[test]
    fn service_error_display_names_operation_code_and_message() {
        let meta = ErrorMetadata::new("Throttling", 400)
            .with_message(Some("Rate exceeded".into()))
            .with_request_id(Some("req-1".into()));
        let raw = RawResponse::new(400, vec![("X-Amzn-RequestId".into(), "req-1".into())]);
        let err: SdkError<Unhandled> =
            SdkError::ServiceError(ServiceError::new("AssumeRole", Unhandled::new(meta), raw));
        assert_eq!(err.to_string(), "AssumeRole failed: Throttling: Rate exceeded (HTTP 400, request id req-1)");
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(err.operation(), "AssumeRole");
    }

    /// `aws-sdk-sts` code reads `code()` and `message()` off any `SdkError`, and the status and
    /// headers off its raw response.
    #[test]
    fn sdk_error_gives_metadata_and_raw_response_whatever_the_variant() {
        let meta = ErrorMetadata::new("ExpiredToken", 403).with_message(Some("The token expired".into()));
        let raw = RawResponse::new(403, vec![("X-Amzn-RequestId".into(), "req-2".into())]);
        let service: SdkError<Unhandled> =
            SdkError::ServiceError(ServiceError::new("AssumeRole", Unhandled::new(meta), raw));
        assert_eq!((service.code(), service.message()), (Some("ExpiredToken"), Some("The token expired")));
        let response = service.raw_response().expect("a service error has a response");
        assert_eq!((response.status().as_u16(), response.status().is_client_error()), (403, true));
        assert_eq!(response.headers().get("x-amzn-requestid"), Some("req-2"));
        assert_eq!(response.headers().get("date"), None);

        let unreadable: SdkError<Unhandled> =
            SdkError::ResponseError(ResponseError::new("AssumeRole", 502, None, ParseError::EmptyBody));
        assert_eq!(unreadable.raw_response().map(|r| r.status().as_u16()), Some(502));
        assert_eq!((unreadable.code(), unreadable.message()), (None, None));
        let transport: SdkError<Unhandled> = SdkError::DispatchFailure(TransportError::new("AssumeRole", "refused"));
        assert!(transport.raw_response().is_none() && transport.code().is_none());
        assert_eq!(ErrorMetadata::NONE.to_string(), "no error code (HTTP 0)");
    }

    /// `DispatchFailure`'s questions, as aws-sdk-sts asks them, answered from the HTTP
    /// client's kind of failure; an error that is not an `HttpError` is "other".
    #[test]
    fn transport_error_tells_io_from_timeouts_and_the_rest() {
        let of = |kind| TransportError::new("AssumeRole", HttpError::new(kind, "cause"));
        let ask = |e: TransportError| (e.is_io(), e.is_timeout(), e.is_other());
        assert_eq!(ask(of(HttpErrorKind::Connect)), (true, false, false));
        assert_eq!(ask(of(HttpErrorKind::Io)), (true, false, false));
        assert_eq!(ask(of(HttpErrorKind::Timeout)), (false, true, false));
        assert_eq!(ask(of(HttpErrorKind::ConnectTimeout)), (false, true, false));
        assert_eq!(ask(of(HttpErrorKind::ResponseTooLarge { limit: 1 })), (false, false, true));
        assert_eq!(ask(of(HttpErrorKind::Other)), (false, false, true));
        assert_eq!(ask(TransportError::new("AssumeRole", "a client of the user's own")), (false, false, true));
    }

    #[test]
    fn build_error_lists_every_missing_member() {
        let err = BuildError::missing("AssumeRoleInput", vec!["RoleArn", "RoleSessionName"]);
        assert_eq!(err.to_string(), "AssumeRoleInput is missing required members `RoleArn`, `RoleSessionName`");
        let err: SdkError<Unhandled> = SdkError::ConstructionFailure(ConstructionError::new("AssumeRole", err));
        assert!(err.to_string().starts_with("AssumeRole: invalid request, nothing was sent"));
        assert!(err.to_string().ends_with("`RoleArn`, `RoleSessionName`"), "the reason is in the message");
        assert!(StdError::source(&err).is_none(), "and so not a source");
    }

    #[test]
    fn display_error_context_follows_the_source_chain() {
        use crate::transport::{HttpError, HttpErrorKind};
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "read timed out");
        let err: SdkError<Unhandled> = SdkError::TimeoutError(TimeoutError::new(
            "AssumeRole",
            TimeoutLimit::Http,
            Some(Box::new(HttpError::new(HttpErrorKind::Timeout, io))),
        ));
        let shown = DisplayErrorContext(&err).to_string();
        assert!(shown.starts_with(&err.to_string()), "{shown}");
        assert!(shown.ends_with(": read timed out"), "{shown}");
    }
}

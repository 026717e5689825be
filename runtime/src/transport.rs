//! Sending one HTTP request: the [`HttpClient`] trait, and its `reqwest` implementation.
//!
//! The rest of the runtime only sees [`HttpRequest`] and [`HttpResponse`], so tests and
//! users can put any HTTP stack behind the trait. [`ReqwestClient`] uses rustls with
//! [`tls::crypto_provider`](crate::tls::crypto_provider) (ring: no C toolchain, no aws-lc
//! build) and the platform's certificate verifier; it never installs a process-wide TLS
//! default.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use crate::error::BoxError;

/// A boxed future, as the [`HttpClient`] trait returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request ready to send: URL, headers (already signed) and body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` for every awsQuery operation.
    pub method: &'static str,
    pub url: String,
    /// Names and values; most are constants, so neither is copied for each request.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    pub body: String,
}

impl HttpRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

impl fmt::Debug for HttpRequest {
    /// The body and the signature may hold secrets, so only their sizes and names show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_ref()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What went wrong while exchanging a request and response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// No connection could be made.
    Connect,
    /// A time limit of the HTTP client ran out.
    Timeout,
    /// Connecting took longer than the connect timeout.
    ConnectTimeout,
    /// The response body is larger than the client reads.
    ResponseTooLarge { limit: usize },
    /// The connection failed while sending or receiving.
    Io,
    /// Anything else (an invalid URL, a TLS set-up failure...).
    Other,
}

/// A failed HTTP exchange.
#[derive(Debug)]
pub struct HttpError {
    kind: HttpErrorKind,
    source: BoxError,
}

impl HttpError {
    /// An error of `kind` caused by `source`.
    pub fn new(kind: HttpErrorKind, source: impl Into<BoxError>) -> Self {
        Self { kind, source: source.into() }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> HttpErrorKind {
        self.kind
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            HttpErrorKind::Connect => "connection failed",
            HttpErrorKind::Timeout => "HTTP timeout",
            HttpErrorKind::ConnectTimeout => "connect timeout",
            HttpErrorKind::ResponseTooLarge { .. } => "response too large",
            HttpErrorKind::Io => "connection error",
            HttpErrorKind::Other => "HTTP error",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Sends requests. Implement it to use another HTTP stack, or a fake one in tests.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>>;
}

/// The default [`HttpClient`]: `reqwest` over rustls (ring).
///
/// The underlying clients are built on first use, so building a config never fails; the
/// one for `https` loads the system's root certificates, which a client that only talks
/// plain `http` (a local STS, a proxy) never pays for.
#[derive(Clone)]
pub struct ReqwestClient {
    client: Arc<OnceLock<Result<reqwest::Client, String>>>,
    plain: Arc<OnceLock<Result<reqwest::Client, String>>>,
    /// The last URL sent to, parsed: a client sends to one URL, and parsing it (IDNA
    /// included) costs as much as encoding a request.
    last_url: Arc<RwLock<Option<reqwest::Url>>>,
    connect_timeout: Option<Duration>,
    max_response_bytes: usize,
}

impl Default for ReqwestClient {
    fn default() -> Self {
        let connect = crate::config::TimeoutConfig::default().connect();
        Self::with_limits(connect, crate::config::DEFAULT_MAX_RESPONSE_BYTES)
    }
}

impl fmt::Debug for ReqwestClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReqwestClient")
    }
}

impl ReqwestClient {
    /// A client that builds its `reqwest::Client` with TLS on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// A client with a connect timeout and a cap on the response body it reads.
    pub fn with_limits(connect_timeout: Option<Duration>, max_response_bytes: usize) -> Self {
        Self {
            client: Arc::new(OnceLock::new()),
            plain: Arc::new(OnceLock::new()),
            last_url: Arc::default(),
            connect_timeout,
            max_response_bytes,
        }
    }

    /// Uses an existing `reqwest::Client` (its TLS set-up and timeouts are then the
    /// caller's); responses are still capped at the default size.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self {
            client: Arc::new(OnceLock::from(Ok(client.clone()))),
            plain: Arc::new(OnceLock::from(Ok(client))),
            ..Self::default()
        }
    }

    /// The client for `url`: the plain one for `http://`, the TLS one otherwise.
    fn client(&self, url: &str) -> Result<&reqwest::Client, HttpError> {
        type Build = fn(Option<Duration>) -> Result<reqwest::Client, String>;
        let (cell, build): (&OnceLock<_>, Build) =
            if url.starts_with("http://") { (&self.plain, build_plain_client) } else { (&self.client, build_client) };
        cell.get_or_init(|| build(self.connect_timeout))
            .as_ref()
            .map_err(|e| HttpError::new(HttpErrorKind::Other, e.clone()))
    }

    /// `url` parsed, from the cache when it is the URL of the last request.
    fn parse_url(&self, url: &str) -> Result<reqwest::Url, HttpError> {
        let cached = self.last_url.read().unwrap_or_else(|e| e.into_inner());
        if let Some(parsed) = cached.as_ref().filter(|parsed| parsed.as_str() == url) {
            return Ok(parsed.clone());
        }
        drop(cached);
        let parsed = reqwest::Url::parse(url).map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
        // Only a URL that serializes back to itself can be recognised next time.
        if parsed.as_str() == url {
            *self.last_url.write().unwrap_or_else(|e| e.into_inner()) = Some(parsed.clone());
        }
        Ok(parsed)
    }
}

/// A client for `http://` URLs only: its TLS set-up trusts nothing and loads nothing.
fn build_plain_client(connect_timeout: Option<Duration>) -> Result<reqwest::Client, String> {
    let tls = tls_builder()?.with_root_certificates(rustls::RootCertStore::empty()).with_no_client_auth();
    reqwest_client(tls, connect_timeout)
}

fn build_client(connect_timeout: Option<Duration>) -> Result<reqwest::Client, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let tls = tls_builder()?.with_platform_verifier().map_err(|e| format!("TLS set-up failed: {e}"))?;
    reqwest_client(tls.with_no_client_auth(), connect_timeout)
}

/// A TLS configuration with the runtime's crypto provider and rustls's safe protocol
/// versions (1.2 and 1.3), waiting for its certificate verifier.
fn tls_builder() -> Result<rustls::ConfigBuilder<rustls::ClientConfig, rustls::WantsVerifier>, String> {
    rustls::ClientConfig::builder_with_provider(Arc::new(crate::tls::crypto_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))
}

/// A `reqwest` client with `tls` and the connect timeout.
fn reqwest_client(tls: rustls::ClientConfig, connect_timeout: Option<Duration>) -> Result<reqwest::Client, String> {
    // Redirects are not followed: STS never sends one, and following one would post a
    // signed body (maybe a SAML assertion or a web identity token) to another address.
    // reqwest's own retries are off too: the operation retries, within its quota, and with
    // no retries left reqwest does not copy every request in case it needs to resend it.
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never().max_retries_per_request(0));
    if let Some(limit) = connect_timeout {
        builder = builder.connect_timeout(limit);
    }
    builder.build().map_err(|e| format!("HTTP client set-up failed: {e}"))
}

fn too_large(limit: usize) -> HttpError {
    HttpError::new(HttpErrorKind::ResponseTooLarge { limit }, format!("the response body exceeds {limit} bytes"))
}

fn classify(error: reqwest::Error) -> HttpError {
    let kind = if error.is_connect() && error.is_timeout() {
        HttpErrorKind::ConnectTimeout
    } else if error.is_timeout() {
        HttpErrorKind::Timeout
    } else if error.is_connect() {
        HttpErrorKind::Connect
    } else if error.is_request() || error.is_body() {
        HttpErrorKind::Io
    } else {
        HttpErrorKind::Other
    };
    // reqwest's message includes the URL, which holds no secret for awsQuery (all
    // parameters travel in the body).
    HttpError::new(kind, error)
}

impl HttpClient for ReqwestClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let client = self.client(&request.url)?;
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
            let mut builder = client.request(method, self.parse_url(&request.url)?);
            for (name, value) in request.headers {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
                // Handed over without a copy: constants as they are, strings as their buffer.
                let value = match value {
                    Cow::Borrowed(value) => bytes::Bytes::from_static(value.as_bytes()),
                    Cow::Owned(value) => bytes::Bytes::from(value),
                };
                let value = reqwest::header::HeaderValue::from_maybe_shared(value)
                    .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
                builder = builder.header(name, value);
            }
            let mut response = builder.body(request.body).send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let limit = self.max_response_bytes;
            let length = response.content_length();
            if length.is_some_and(|length| length > limit as u64) {
                return Err(too_large(limit));
            }
            // A body that stops short (the connection closed mid-body) is an I/O failure.
            let body_failure = |e: reqwest::Error| match classify(e) {
                e if e.kind() == HttpErrorKind::Other => HttpError::new(HttpErrorKind::Io, e.source),
                e => e,
            };
            // Sized by Content-Length (already checked against the limit) when there is one,
            // so the usual one-chunk body is copied once, into a buffer of the right size.
            let mut body = Vec::with_capacity(length.map_or(0, |length| length as usize));
            while let Some(chunk) = response.chunk().await.map_err(body_failure)? {
                if body.len() + chunk.len() > limit {
                    return Err(too_large(limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse { status, headers, body })
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_client_builds_with_rustls_and_ring() {
        assert!(super::build_client(Some(std::time::Duration::from_secs(1))).is_ok());
        assert!(super::build_plain_client(None).is_ok());
    }

    #[test]
    fn invalid_header_names_and_values_are_errors_before_anything_is_sent() {
        use super::{HttpClient, HttpErrorKind, HttpRequest};
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        // Nothing listens on port 9 of 127.0.0.1: reaching the network would be a Connect error.
        let request = |name: &'static str, value: String| HttpRequest {
            method: "POST",
            url: "http://127.0.0.1:9/".into(),
            headers: vec![("content-type".into(), "text/plain".into()), (name.into(), value.into())],
            body: String::new(),
        };
        let client = super::ReqwestClient::new();
        for bad in [request("x-amz-date", "2024\r\nx-evil: 1".into()), request("bad name", "v".into())] {
            let error = runtime.block_on(client.send(bad)).unwrap_err();
            assert_eq!(error.kind(), HttpErrorKind::Other, "{error}");
        }
        let error = runtime.block_on(client.send(request("x-amz-date", "20240101T000000Z".into()))).unwrap_err();
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{error}");
    }

    #[test]
    fn parsed_urls_are_reused_only_for_the_same_url() {
        let client = super::ReqwestClient::new();
        let cached = || client.last_url.read().unwrap().as_ref().map(|u| u.to_string());
        assert_eq!(client.parse_url("http://127.0.0.1:9/").unwrap().as_str(), "http://127.0.0.1:9/");
        assert_eq!(cached().as_deref(), Some("http://127.0.0.1:9/"));
        assert_eq!(client.parse_url("http://127.0.0.1:9/").unwrap().as_str(), "http://127.0.0.1:9/");
        assert_eq!(client.parse_url("https://sts.amazonaws.com/").unwrap().host_str(), Some("sts.amazonaws.com"));
        assert_eq!(cached().as_deref(), Some("https://sts.amazonaws.com/"));
        // Parsed, but not kept: it does not serialize back to the same string.
        assert_eq!(client.parse_url("HTTPS://STS.amazonaws.com:443/").unwrap().as_str(), "https://sts.amazonaws.com/");
        assert_eq!(cached().as_deref(), Some("https://sts.amazonaws.com/"));
        assert_eq!(client.parse_url("not a url").unwrap_err().kind(), super::HttpErrorKind::Other);
    }
}

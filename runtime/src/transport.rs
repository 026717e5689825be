//! Sending one HTTP request: the [`HttpClient`] trait and its two implementations.
//!
//! The rest of the runtime only sees [`HttpRequest`] and [`HttpResponse`], so tests and
//! users can put any HTTP stack behind the trait. Two come with the runtime, each behind a
//! cargo feature: `HyperClient` (feature `hyper`, the default: hyper-util's pooled client
//! directly) and `ReqwestClient` (feature `reqwest`, for those who use reqwest already or
//! bring their own `reqwest::Client`). Both use rustls with
//! [`tls::crypto_provider`](crate::tls::crypto_provider) (ring: no C toolchain, no aws-lc
//! build) and the platform's certificate verifier, never install a process-wide TLS
//! default, follow no redirects, and cap the response body.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::boxed::{BoxError, BoxFuture};

#[cfg(feature = "hyper")]
mod hyper_client;
#[cfg(feature = "reqwest")]
mod reqwest_client;
#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod shared;

#[cfg(feature = "hyper")]
pub use hyper_client::{HyperClient, ProxyConfig};
#[cfg(feature = "reqwest")]
pub use reqwest_client::ReqwestClient;

/// The limits an HTTP client that comes with the runtime is built with: the transport's own
/// settings, which the client config fills from its timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientLimits {
    /// How long establishing a connection may take (`None`: no limit).
    pub connect_timeout: Option<Duration>,
    /// The largest response body read.
    pub max_response_bytes: usize,
}

impl ClientLimits {
    /// A connection within 3.1 s, a body of at most 4 MiB (STS answers are a few kilobytes).
    pub const DEFAULT: Self = Self { connect_timeout: Some(Duration::from_millis(3100)), max_response_bytes: 4 << 20 };
}

impl Default for ClientLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

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
        first_header(&self.headers, name)
    }

    /// A request with nothing in it, to stand in while one is moved out.
    pub(crate) fn empty() -> Self {
        Self { method: "POST", url: String::new(), headers: Vec::new(), body: String::new() }
    }

    /// The URL the request is sent to.
    pub fn uri(&self) -> &str {
        &self.url
    }

    /// The headers, to set, add or remove some (what a
    /// [`mutate_request`](crate::operation::CustomizableOperation::mutate_request) closure
    /// calls, as it calls aws-smithy's request's `headers_mut()`).
    pub fn headers_mut(&mut self) -> HeadersMut<'_> {
        HeadersMut(&mut self.headers)
    }
}

/// A request's headers, to change: names are matched without regard to case.
pub struct HeadersMut<'a>(&'a mut Vec<(Cow<'static, str>, Cow<'static, str>)>);

impl HeadersMut<'_> {
    /// The first value of the header named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        first_header(self.0, name)
    }

    /// Sets header `name` to `value` in place of any header of that name; the first value it
    /// replaced.
    pub fn insert(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
    ) -> Option<String> {
        let name = name.into();
        let old = self.remove(&name);
        self.0.push((name, value.into()));
        old
    }

    /// Adds header `name: value`, keeping any other of that name; whether there was one.
    pub fn append(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Cow<'static, str>>) -> bool {
        let name = name.into();
        let had = self.get(&name).is_some();
        self.0.push((name, value.into()));
        had
    }

    /// Removes every header named `name`; the first value removed.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let first = self.get(name).map(str::to_owned);
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        first
    }
}

/// The first value of the header named `name` (case-insensitive) among `headers`.
fn first_header<'h>(headers: &'h [(Cow<'static, str>, Cow<'static, str>)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
}

impl fmt::Debug for HeadersMut<'_> {
    /// Values may be credentials, so only the names show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(n, _)| n)).finish()
    }
}

/// Whether `name: value` may be a header of a request the runtime signs and sends: a header
/// name, not one the signature or the HTTP client sets, a value without control characters
/// (which would inject another header). The reason when it may not.
pub(crate) fn check_header(name: &str, value: &str) -> Result<(), String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(format!("`{}` is not a header name", crate::redact::bounded(name, 64)));
    }
    const SET_FOR_YOU: [&str; 6] =
        ["host", "authorization", "x-amz-date", "x-amz-security-token", "content-length", "transfer-encoding"];
    if SET_FOR_YOU.iter().any(|reserved| name.eq_ignore_ascii_case(reserved)) {
        return Err(format!("`{name}` is set by the signature or the HTTP client, not by hand"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!("the value of `{name}` has a control character"));
    }
    Ok(())
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
    /// The kind, then each cause in turn: HTTP stacks put the reason that matters
    /// (`Connection refused`, a certificate error) at the end of the chain.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            HttpErrorKind::Connect => "connection failed",
            HttpErrorKind::Timeout => "HTTP timeout",
            HttpErrorKind::ConnectTimeout => "connect timeout",
            HttpErrorKind::ResponseTooLarge { .. } => "response too large",
            HttpErrorKind::Io => "connection error",
            HttpErrorKind::Other => "HTTP error",
        };
        // HTTP stacks may name the URL they failed on: never with its user information.
        let line = format!("{what}: {}", crate::boxed::chain(&*self.source));
        f.write_str(&crate::redact::url_userinfo(&line))
    }
}

/// The causes are in the message, with URL user information hidden (see `sts_runtime::error`
/// on the convention); they are not sources, which would show them unredacted.
impl std::error::Error for HttpError {}

/// Sends requests. Implement it to use another HTTP stack, or a fake one in tests.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>>;

    /// Like [`send`](Self::send), calling [`Progress::headers_received`] when the status
    /// and headers have arrived, so that a timeout can tell a server that never answered
    /// from a body that came too slowly. The default just calls `send`.
    fn send_noting(&self, request: HttpRequest, progress: Progress) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let _ = progress;
        self.send(request)
    }
}

/// How far an exchange got; shared between the call and its HTTP client.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<std::sync::atomic::AtomicBool>);

impl Progress {
    /// The response's status and headers have arrived.
    pub fn headers_received(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether they had.
    pub fn got_headers(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The client a config uses when it is given none: [`HyperClient`] when the `hyper` feature
/// is on (the default), else [`ReqwestClient`], else one that explains that there is none.
/// Turning `reqwest` on as well adds a client and does not change this one.
pub(crate) fn default_client(limits: ClientLimits) -> Arc<dyn HttpClient> {
    #[cfg(feature = "hyper")]
    return Arc::new(HyperClient::with_limits(limits.connect_timeout, limits.max_response_bytes));
    #[cfg(all(feature = "reqwest", not(feature = "hyper")))]
    return Arc::new(ReqwestClient::with_limits(limits.connect_timeout, limits.max_response_bytes));
    #[cfg(not(any(feature = "reqwest", feature = "hyper")))]
    {
        let _ = limits;
        Arc::new(NoHttpClient)
    }
}

/// Stands in when the runtime is built without an HTTP client and the config names none.
#[cfg(not(any(feature = "reqwest", feature = "hyper")))]
#[derive(Debug)]
struct NoHttpClient;

#[cfg(not(any(feature = "reqwest", feature = "hyper")))]
impl HttpClient for NoHttpClient {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(std::future::ready(Err(HttpError::new(
            HttpErrorKind::Other,
            "no HTTP client: turn on the `hyper` or `reqwest` feature, or give the config one",
        ))))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn headers_are_set_added_and_removed_by_name_in_any_case() {
        let mut request = super::HttpRequest {
            method: "POST",
            url: "https://sts.amazonaws.com/".to_owned(),
            headers: vec![("Content-Type".into(), "a".into()), ("x-tag".into(), "1".into())],
            body: String::new(),
        };
        let mut headers = request.headers_mut();
        assert_eq!(headers.insert("content-type", "b"), Some("a".to_owned()));
        assert_eq!(headers.insert("x-new", String::from("n")), None);
        assert!(headers.append("X-TAG", "2"));
        assert!(!headers.append("x-other", "o"));
        assert_eq!(headers.get("x-tag"), Some("1"));
        assert_eq!(format!("{headers:?}"), r#"["x-tag", "content-type", "x-new", "X-TAG", "x-other"]"#);
        assert_eq!(headers.remove("x-Tag"), Some("1".to_owned()));
        assert_eq!(headers.remove("x-tag"), None);
        assert_eq!(request.header("CONTENT-TYPE"), Some("b"));
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["content-type", "x-new", "x-other"]);
        assert_eq!(request.uri(), "https://sts.amazonaws.com/");
    }

    #[test]
    fn only_headers_the_runtime_can_sign_and_send_pass() {
        use super::check_header;
        for (name, value) in [("x-tenant", "blue"), ("Content-Type", "text/plain"), ("x-amz-meta", "v\tw")] {
            assert_eq!(check_header(name, value), Ok(()), "{name}");
        }
        // The value may be a credential: no refusal repeats it.
        for (name, value, why) in [
            ("Host", "s3cr3t", "set by the signature or the HTTP client"),
            ("x-amz-date", "s3cr3t", "set by the signature or the HTTP client"),
            ("AUTHORIZATION", "s3cr3t", "set by the signature or the HTTP client"),
            ("x-amz-security-token", "s3cr3t", "set by the signature or the HTTP client"),
            ("content-length", "s3cr3t", "set by the signature or the HTTP client"),
            ("bad name", "s3cr3t", "is not a header name"),
            ("", "s3cr3t", "is not a header name"),
            ("x-inject", "s3cr3t\r\nx-other: b", "has a control character"),
        ] {
            let refused = check_header(name, value).expect_err(name);
            assert!(refused.contains(why), "{name}: {refused}");
            assert!(!refused.contains("s3cr3t"), "{refused}");
        }
    }

    /// HTTP stacks name URLs in their errors (reqwest: `error sending request for url
    /// (...)`); a proxy's or endpoint's user information never shows.
    #[test]
    fn http_errors_never_show_url_user_information() {
        #[derive(Debug)]
        struct Inner;
        impl std::fmt::Display for Inner {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("proxy http://proxyuser:s3cret@proxy.internal:3128 refused")
            }
        }
        impl std::error::Error for Inner {}
        #[derive(Debug)]
        struct Outer(Inner);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("error sending request for url (https://user:pw@sts.example.com/)")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let error = super::HttpError::new(super::HttpErrorKind::Connect, Outer(Inner));
        assert_eq!(
            error.to_string(),
            "connection failed: error sending request for url (https://***@sts.example.com/): proxy \
             http://***@proxy.internal:3128 refused"
        );
    }

    #[test]
    fn the_default_client_is_the_default_features_one_whatever_else_is_on() {
        let client = format!(
            "{:?}",
            super::default_client(super::ClientLimits { connect_timeout: None, max_response_bytes: 1 })
        );
        let expected = if cfg!(feature = "hyper") {
            "HyperClient"
        } else if cfg!(feature = "reqwest") {
            "ReqwestClient"
        } else {
            "NoHttpClient"
        };
        assert_eq!(client, expected);
    }

    #[cfg(not(any(feature = "reqwest", feature = "hyper")))]
    #[test]
    fn without_a_client_feature_the_default_client_explains_itself() {
        use super::{HttpErrorKind, HttpRequest};

        let client = super::default_client(super::ClientLimits { connect_timeout: None, max_response_bytes: 1 });
        let request =
            HttpRequest { method: "POST", url: "http://127.0.0.1:9/".into(), headers: vec![], body: String::new() };
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let error = runtime.block_on(client.send(request)).unwrap_err();
        assert_eq!(error.kind(), HttpErrorKind::Other);
        assert!(error.to_string().contains("turn on the `hyper` or `reqwest` feature"), "{error}");
    }
}

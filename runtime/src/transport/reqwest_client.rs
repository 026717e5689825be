//! [`ReqwestClient`]: `reqwest` over rustls (ring), the `reqwest` feature.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::shared::{self, CappedBody, ClientPerScheme};
use super::{ClientLimits, HttpClient, HttpError, HttpErrorKind, HttpRequest, HttpResponse, Progress};
use crate::boxed::BoxFuture;

/// An [`HttpClient`] over `reqwest` and rustls (ring); the `reqwest` feature. Take it to
/// share the application's own `reqwest::Client` ([`ReqwestClient::from_client`]);
/// `HyperClient`, the default, takes less CPU per call.
///
/// The underlying clients are built on first use, so building a config never fails; the
/// one for `https` loads the system's root certificates, which a client that only talks
/// plain `http` (a local STS, a proxy) never pays for. Proxies come from `HTTPS_PROXY`,
/// `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, as reqwest reads them.
#[derive(Clone)]
pub struct ReqwestClient {
    clients: Arc<ClientPerScheme<reqwest::Client>>,
    /// The last URL sent to, parsed: a client sends to one URL, and parsing it (IDNA
    /// included) costs as much as encoding a request.
    last_url: Arc<RwLock<Option<reqwest::Url>>>,
    connect_timeout: Option<Duration>,
    max_response_bytes: usize,
}

impl Default for ReqwestClient {
    fn default() -> Self {
        let limits = ClientLimits::DEFAULT;
        Self::with_limits(limits.connect_timeout, limits.max_response_bytes)
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
            clients: Arc::new(ClientPerScheme::new()),
            last_url: Arc::default(),
            connect_timeout,
            max_response_bytes,
        }
    }

    /// Uses an existing `reqwest::Client` (its TLS set-up and timeouts are then the
    /// caller's); responses are still capped at the default size.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { clients: Arc::new(ClientPerScheme::with(client)), ..Self::default() }
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

/// A `reqwest` client with the connect timeout, trusting the platform's verifier (`tls`)
/// or nothing at all (a client for plain `http` only).
fn build(tls: bool, connect_timeout: Option<Duration>) -> Result<reqwest::Client, String> {
    let tls = if tls { crate::tls::platform_config()? } else { crate::tls::trusting_nothing()? };
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
        self.send_noting(request, Progress::default())
    }

    fn send_noting(&self, request: HttpRequest, progress: Progress) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let client = self.clients.get(&request.url, |tls| build(tls, self.connect_timeout))?;
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
            let mut builder = client.request(method, self.parse_url(&request.url)?);
            for (name, value) in request.headers {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
                let value = reqwest::header::HeaderValue::from_maybe_shared(shared::header_bytes(value))
                    .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
                builder = builder.header(name, value);
            }
            let mut response = builder.body(request.body).send().await.map_err(classify)?;
            progress.headers_received();
            let status = response.status().as_u16();
            let headers = shared::copy_headers(response.headers().iter().map(|(n, v)| (n.as_str(), v.to_str().ok())));
            let mut body = CappedBody::new(response.content_length(), self.max_response_bytes)?;
            // A body that stops short (the connection closed mid-body) is an I/O failure.
            let body_failure = |e: reqwest::Error| match classify(e) {
                e if e.kind() == HttpErrorKind::Other => HttpError::new(HttpErrorKind::Io, e.source),
                e => e,
            };
            while let Some(chunk) = response.chunk().await.map_err(body_failure)? {
                body.push(&chunk)?;
            }
            Ok(HttpResponse { status, headers, body: body.body })
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_clients_build_with_rustls_and_ring() {
        assert!(super::build(true, Some(std::time::Duration::from_secs(1))).is_ok());
        assert!(super::build(false, None).is_ok());
    }

    #[test]
    fn invalid_header_names_and_values_are_errors_before_anything_is_sent() {
        crate::transport::shared::tests::invalid_headers_are_refused(&super::ReqwestClient::new());
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

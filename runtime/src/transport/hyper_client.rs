//! [`HyperClient`]: hyper-util's pooled client, without reqwest's per-request layers.
//!
//! reqwest wraps this same client in redirect and retry services, parses each request's
//! URL three times (IDNA included) and wraps requests and responses in its own types; in
//! `bench/` that is about a quarter of the CPU of a call. This client does what the
//! runtime needs of it and no more: a connect timeout, TCP keepalive, HTTP/1.1 over
//! rustls, proxies ([`ProxyConfig`]: `http://` and `https://` proxies, with a `CONNECT`
//! tunnel for `https` destinations), no redirects, and a cap on the response body.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpStream;
use tower_service::Service;

use super::shared::{self, CappedBody, ClientPerScheme};
use super::{ClientLimits, HttpClient, HttpError, HttpErrorKind, HttpRequest, HttpResponse, Progress};
use crate::boxed::{BoxError, BoxFuture};

type Pooled = PooledClient<HttpsConnector<ProxyConnector>, Full<Bytes>>;

/// The default [`HttpClient`]: hyper-util's pooled client over rustls (ring), with the
/// platform's certificate verifier; the `hyper` feature. It reads proxies from the
/// environment unless given a [`ProxyConfig`].
///
/// As with `ReqwestClient`, the pooled clients are built on first use, and the system's
/// root certificates are only loaded for the first `https` request.
#[derive(Clone)]
pub struct HyperClient {
    clients: Arc<ClientPerScheme<Pooled>>,
    /// The TLS settings given with [`HyperClient::with_tls_config`]; the platform's
    /// verifier otherwise.
    tls: Option<Arc<rustls::ClientConfig>>,
    proxies: Arc<Matcher>,
    connect_timeout: Option<Duration>,
    max_response_bytes: usize,
}

impl Default for HyperClient {
    fn default() -> Self {
        let limits = ClientLimits::DEFAULT;
        Self::with_limits(limits.connect_timeout, limits.max_response_bytes)
    }
}

impl fmt::Debug for HyperClient {
    /// Proxy addresses may hold credentials, so nothing but the name shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HyperClient")
    }
}

impl HyperClient {
    /// A client with the default connect timeout and response cap, and proxies from the
    /// environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// A client with a connect timeout and a cap on the response body it reads.
    pub fn with_limits(connect_timeout: Option<Duration>, max_response_bytes: usize) -> Self {
        Self {
            clients: Arc::new(ClientPerScheme::new()),
            tls: None,
            proxies: Arc::new(ProxyConfig::from_env().matcher()),
            connect_timeout,
            max_response_bytes,
        }
    }

    /// Uses `config` for TLS (other trusted roots, say; build it with
    /// [`tls::crypto_provider`](crate::tls::crypto_provider) to keep the same primitives).
    pub fn with_tls_config(self, config: rustls::ClientConfig) -> Self {
        Self { clients: Arc::new(ClientPerScheme::new()), tls: Some(Arc::new(config)), ..self }
    }

    /// Sends through the proxies of `proxies` instead of those of the environment.
    pub fn with_proxies(self, proxies: ProxyConfig) -> Self {
        Self { clients: Arc::new(ClientPerScheme::new()), proxies: Arc::new(proxies.matcher()), ..self }
    }

    /// A pooled client whose TLS trusts the given roots or the platform's (`tls`), or
    /// nothing at all (a client for plain `http` only).
    fn build(&self, tls: bool) -> Result<Pooled, String> {
        let config = if tls { client_tls(self.tls.as_deref())? } else { crate::tls::trusting_nothing()? };
        let mut http = HttpConnector::new();
        // The destination may be `https`: the TLS layer above takes care of it.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(self.connect_timeout);
        // As reqwest sets them: a dead peer is noticed within a minute or so.
        http.set_keepalive(Some(Duration::from_secs(15)));
        http.set_keepalive_interval(Some(Duration::from_secs(15)));
        http.set_keepalive_retries(Some(3));
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_or_http()
            .enable_http1()
            .wrap_connector(ProxyConnector {
                http,
                proxies: Arc::clone(&self.proxies),
                tls: self.tls.clone(),
                proxy_hop: Arc::default(),
            });
        Ok(PooledClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector))
    }
}

/// The TLS settings given with [`HyperClient::with_tls_config`], or the platform's
/// verifier: for servers and for `https://` proxies alike.
fn client_tls(given: Option<&rustls::ClientConfig>) -> Result<rustls::ClientConfig, String> {
    match given {
        Some(config) => Ok(config.clone()),
        None => crate::tls::platform_config(),
    }
}

/// Which proxies a [`HyperClient`] sends through.
///
/// Proxies are `http://` or `https://` URLs (the latter reached over TLS, verified as the
/// client verifies servers). Requests to `https` endpoints go through a `CONNECT` tunnel,
/// so the proxy sees the host name but nothing of the request; requests to `http`
/// endpoints are sent to the proxy as they are. Credentials in a proxy URL
/// (`http://user:password@proxy:3128`) are sent as `Proxy-Authorization` (basic).
#[derive(Clone, Default)]
pub struct ProxyConfig {
    from_env: bool,
    http: Option<String>,
    https: Option<String>,
    no_proxy: Option<String>,
}

impl fmt::Debug for ProxyConfig {
    /// Proxy URLs may hold credentials, so only whether each is set shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("from_env", &self.from_env)
            .field("http", &self.http.is_some())
            .field("https", &self.https.is_some())
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ProxyConfig {
    /// No proxy at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// The proxies of `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their
    /// lower-case forms), read as curl and reqwest read them. This is the default.
    pub fn from_env() -> Self {
        Self { from_env: true, ..Self::default() }
    }

    /// Sends requests to `http` endpoints through `url` (`http://host:port` or `https://...`).
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.from_env = false;
        self.http = Some(url.into());
        self
    }

    /// Sends requests to `https` endpoints through `url` (`http://host:port` or `https://...`).
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.from_env = false;
        self.https = Some(url.into());
        self
    }

    /// Hosts reached directly, as `NO_PROXY` lists them: `example.com, .internal,
    /// 10.0.0.0/8, *`.
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.from_env = false;
        self.no_proxy = Some(hosts.into());
        self
    }

    fn matcher(self) -> Matcher {
        if self.from_env {
            return Matcher::from_env();
        }
        let mut builder = Matcher::builder();
        if let Some(url) = self.http {
            builder = builder.http(url);
        }
        if let Some(url) = self.https {
            builder = builder.https(url);
        }
        if let Some(hosts) = self.no_proxy {
            builder = builder.no(hosts);
        }
        builder.build()
    }
}

/// Opens connections, directly or through the proxy the matcher picks. TLS to the
/// destination, when it is `https`, is the layer above; TLS to an `https://` proxy is this
/// connector's.
#[derive(Clone)]
struct ProxyConnector {
    http: HttpConnector,
    proxies: Arc<Matcher>,
    /// The TLS settings given to the client, if any; the platform's verifier otherwise.
    tls: Option<Arc<rustls::ClientConfig>>,
    /// Connects to `https://` proxies: built when the first one is used.
    proxy_hop: Arc<OnceLock<Result<HttpsConnector<HttpConnector>, String>>>,
}

impl ProxyConnector {
    /// The connector to `https://` proxies, with the client's TLS settings.
    fn proxy_hop(&self) -> Result<HttpsConnector<HttpConnector>, BoxError> {
        let build = || {
            Ok(hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(client_tls(self.tls.as_deref())?)
                .https_only()
                .enable_http1()
                .wrap_connector(self.http.clone()))
        };
        Ok(self.proxy_hop.get_or_init(build).as_ref().map_err(|e| e.as_str())?.clone())
    }
}

impl Service<http::Uri> for ProxyConnector {
    type Response = ProxiedStream;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<ProxiedStream, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: http::Uri) -> Self::Future {
        let mut http = self.http.clone();
        let Some(proxy) = self.proxies.intercept(&destination) else {
            return Box::pin(async move {
                Ok(ProxiedStream { io: MaybeHttpsStream::Http(http.call(destination).await?), absolute_form: false })
            });
        };
        let proxy_hop = match proxy.uri().scheme_str() {
            Some("http") => None,
            Some("https") => match self.proxy_hop() {
                Ok(hop) => Some(hop),
                Err(e) => return Box::pin(std::future::ready(Err(e))),
            },
            _ => return Box::pin(std::future::ready(Err("a proxy URL must be http:// or https://".into()))),
        };
        Box::pin(async move {
            let proxy_uri = proxy.uri().clone();
            if destination.scheme_str() == Some("http") {
                // The request goes to the proxy as it is, with its absolute URL.
                let io = match proxy_hop {
                    None => MaybeHttpsStream::Http(http.call(proxy_uri).await?),
                    Some(mut hop) => hop.call(proxy_uri).await?,
                };
                return Ok(ProxiedStream { io, absolute_form: true });
            }
            let authorization = proxy.basic_auth().cloned();
            let io = match proxy_hop {
                None => MaybeHttpsStream::Http(tunnel(Tunnel::new(proxy_uri, http), authorization, destination).await?),
                Some(hop) => tunnel(Tunnel::new(proxy_uri, hop), authorization, destination).await?,
            };
            Ok(ProxiedStream { io, absolute_form: false })
        })
    }
}

/// A connection to `destination` through `tunnel`'s proxy (`CONNECT`).
async fn tunnel<C>(
    mut tunnel: Tunnel<C>,
    authorization: Option<http::HeaderValue>,
    destination: http::Uri,
) -> Result<C::Response, BoxError>
where
    C: Service<http::Uri> + Send,
    C::Future: Send + 'static,
    C::Response: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    C::Error: Into<BoxError>,
{
    if let Some(authorization) = authorization {
        tunnel = tunnel.with_auth(authorization);
    }
    std::future::poll_fn(|cx| tunnel.poll_ready(cx)).await?;
    Ok(tunnel.call(destination).await?)
}

/// A connection, over TLS to an `https://` proxy or not, and whether requests on it name
/// their absolute URL (to a proxy).
struct ProxiedStream {
    io: MaybeHttpsStream<TokioIo<TcpStream>>,
    absolute_form: bool,
}

impl Connection for ProxiedStream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.absolute_form)
    }
}

impl hyper::rt::Read for ProxiedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for ProxiedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}

/// Connection failures are `Connect` (`ConnectTimeout` when the connect timeout, or the
/// system's, ran out); anything after that is `Io`.
fn classify(error: hyper_util::client::legacy::Error) -> HttpError {
    // hyper-util's own error is never the io::Error; one of its causes may be.
    let timed_out = || {
        std::iter::successors(std::error::Error::source(&error), |cause| cause.source())
            .any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::TimedOut))
    };
    let kind = if !error.is_connect() {
        HttpErrorKind::Io
    } else if timed_out() {
        HttpErrorKind::ConnectTimeout
    } else {
        HttpErrorKind::Connect
    };
    HttpError::new(kind, error)
}

impl HyperClient {
    /// `request` as hyper takes it; `Other` for a URL, method or header it refuses.
    fn to_hyper(&self, request: HttpRequest) -> Result<hyper::Request<Full<Bytes>>, HttpError> {
        let other = |e: http::Error| HttpError::new(HttpErrorKind::Other, e);
        let uri = http::Uri::try_from(request.url).map_err(|e| other(e.into()))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            return Err(HttpError::new(HttpErrorKind::Other, format!("not an http or https URL: {uri}")));
        }
        let method = http::Method::from_bytes(request.method.as_bytes()).map_err(|e| other(e.into()))?;
        let proxy_authorization = match uri.scheme_str() {
            Some("http") => self.proxies.intercept(&uri).and_then(|proxy| proxy.basic_auth().cloned()),
            _ => None,
        };
        let mut hyper_request = hyper::Request::new(Full::new(Bytes::from(request.body)));
        *hyper_request.method_mut() = method;
        *hyper_request.uri_mut() = uri;
        let headers = hyper_request.headers_mut();
        headers.reserve(request.headers.len() + 1);
        for (name, value) in request.headers {
            let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|e| other(e.into()))?;
            let value =
                http::HeaderValue::from_maybe_shared(shared::header_bytes(value)).map_err(|e| other(e.into()))?;
            headers.append(name, value);
        }
        if let Some(authorization) = proxy_authorization {
            headers.insert(http::header::PROXY_AUTHORIZATION, authorization);
        }
        Ok(hyper_request)
    }
}

impl HttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        self.send_noting(request, Progress::default())
    }

    fn send_noting(&self, request: HttpRequest, progress: Progress) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let client = self.clients.get(&request.url, |tls| self.build(tls))?;
            let response = client.request(self.to_hyper(request)?).await.map_err(classify)?;
            progress.headers_received();
            let status = response.status().as_u16();
            let headers = shared::copy_headers(response.headers().iter().map(|(n, v)| (n.as_str(), v.to_str().ok())));
            let mut incoming = response.into_body();
            let mut body = CappedBody::new(incoming.size_hint().exact(), self.max_response_bytes)?;
            while let Some(frame) = incoming.frame().await {
                let frame = frame.map_err(|e| HttpError::new(HttpErrorKind::Io, e))?;
                if let Ok(data) = frame.into_data() {
                    body.push(&data)?;
                }
            }
            Ok(HttpResponse { status, headers, body: body.body })
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_clients_build_with_rustls_and_ring() {
        let client = super::HyperClient::new();
        assert!(client.build(true).is_ok());
        assert!(client.build(false).is_ok());
    }

    #[test]
    fn invalid_header_names_and_values_are_errors_before_anything_is_sent() {
        crate::transport::shared::tests::invalid_headers_are_refused(&super::HyperClient::new());
    }

    #[test]
    fn only_absolute_http_and_https_urls_are_sent() {
        let client = super::HyperClient::new().with_proxies(super::ProxyConfig::none());
        let request =
            |url: &str| super::HttpRequest { method: "POST", url: url.into(), headers: vec![], body: String::new() };
        for url in ["ftp://127.0.0.1:9/", "127.0.0.1:9", "/relative", "http://"] {
            let error = client.to_hyper(request(url)).expect_err(url);
            assert_eq!(error.kind(), super::HttpErrorKind::Other, "{url}: {error}");
        }
        for url in ["http://127.0.0.1:9/", "https://sts.eu-west-3.amazonaws.com/"] {
            let hyper_request = client.to_hyper(request(url)).expect(url);
            assert_eq!(hyper_request.uri().to_string(), url);
        }
    }
}

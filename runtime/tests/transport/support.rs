//! What the transport tests share: a rustls server on 127.0.0.1 with a certificate made
//! for the test, the runtime's HTTP clients trusting it, and a request to send.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{CipherSuite, ProtocolVersion, ServerConfig, ServerConnection, StreamOwned};
use sts_runtime::transport::{HttpClient, HttpRequest};

/// What the server saw of one connection.
#[derive(Debug)]
pub(crate) enum Seen {
    Request { version: ProtocolVersion, suite: CipherSuite, body: String },
    HandshakeFailed(String),
}

pub(crate) struct TlsServer {
    pub(crate) url: String,
    pub(crate) certificate: CertificateDer<'static>,
    pub(crate) seen: mpsc::Receiver<Seen>,
}

/// A server on 127.0.0.1 answering each HTTPS connection's request with `done`, using
/// rustls's full ring provider cut down to `suites` and `versions`.
pub(crate) fn tls_server(suites: &[CipherSuite], versions: &[&'static rustls::SupportedProtocolVersion]) -> TlsServer {
    let (config, certificate) = server_config(suites, versions);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (tx, seen) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let connection = ServerConnection::new(config.clone()).expect("connection");
            let seen = match serve(StreamOwned::new(connection, stream)) {
                Ok(seen) => seen,
                Err(e) => Seen::HandshakeFailed(e.to_string()),
            };
            if tx.send(seen).is_err() {
                return;
            }
        }
    });
    TlsServer { url: format!("https://127.0.0.1:{port}/"), certificate, seen }
}

fn serve(stream: StreamOwned<ServerConnection, std::net::TcpStream>) -> std::io::Result<Seen> {
    let mut reader = BufReader::new(stream);
    let length = read_head(&mut reader)?.content_length;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut stream = reader.into_inner();
    let version = stream.conn.protocol_version().expect("negotiated version");
    let suite = stream.conn.negotiated_cipher_suite().expect("negotiated suite").suite();
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone")?;
    stream.flush()?;
    Ok(Seen::Request { version, suite, body: String::from_utf8_lossy(&body).into_owned() })
}

/// A TLS server configuration with a certificate made for 127.0.0.1, using rustls's full
/// ring provider cut down to `suites` and `versions`; and that certificate.
pub(crate) fn server_config(
    suites: &[CipherSuite],
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> (Arc<ServerConfig>, CertificateDer<'static>) {
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("certificate");
    let certificate = generated.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(generated.signing_key.serialize_der()));
    let mut provider = rustls::crypto::ring::default_provider();
    provider.cipher_suites.retain(|s| suites.contains(&s.suite()));
    let config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(versions)
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![certificate.clone()], key)
        .expect("server config");
    (Arc::new(config), certificate)
}

/// The request line and headers of an HTTP/1.1 request.
#[derive(Debug, Default)]
pub(crate) struct Head {
    pub(crate) request_line: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) content_length: usize,
}

impl Head {
    /// Takes in one line of the head; `false` once the blank line that ends it comes (or
    /// the stream ends: an empty line).
    pub(crate) fn take_line(&mut self, line: &str) -> bool {
        let line = line.trim_end();
        if line.is_empty() {
            return false;
        }
        if self.request_line.is_empty() {
            self.request_line = line.to_owned();
        } else if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                self.content_length = value.trim().parse().unwrap_or(0);
            }
            self.headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        true
    }
}

pub(crate) fn read_head(reader: &mut impl BufRead) -> std::io::Result<Head> {
    let mut head = Head::default();
    let mut line = String::new();
    while reader.read_line(&mut line)? > 0 && head.take_line(&line) {
        line.clear();
    }
    Ok(head)
}

/// A TLS configuration with the runtime's provider, trusting only `certificate`.
pub(crate) fn config_trusting(certificate: CertificateDer<'static>) -> rustls::ClientConfig {
    config_trusting_all([certificate])
}

/// A TLS configuration with the runtime's provider, trusting only `certificates`.
pub(crate) fn config_trusting_all(
    certificates: impl IntoIterator<Item = CertificateDer<'static>>,
) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    for certificate in certificates {
        roots.add(certificate).expect("root");
    }
    rustls::ClientConfig::builder_with_provider(Arc::new(sts_runtime::tls::crypto_provider()))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// Each of the runtime's clients (one per feature turned on), trusting only `certificate`.
pub(crate) fn clients_trusting(certificate: CertificateDer<'static>) -> Vec<(&'static str, Box<dyn HttpClient>)> {
    let config = config_trusting(certificate);
    vec![
        #[cfg(feature = "hyper")]
        ("hyper", Box::new(sts_runtime::transport::HyperClient::new().with_tls_config(config.clone()))),
        #[cfg(feature = "reqwest")]
        (
            "reqwest",
            Box::new(sts_runtime::transport::ReqwestClient::from_client(
                reqwest::Client::builder().tls_backend_preconfigured(config.clone()).build().expect("client"),
            )),
        ),
    ]
}

/// Each of the runtime's clients as the config builds it by default.
pub(crate) fn default_clients() -> Vec<(&'static str, Box<dyn HttpClient>)> {
    vec![
        #[cfg(feature = "hyper")]
        ("hyper", Box::new(sts_runtime::transport::HyperClient::new())),
        #[cfg(feature = "reqwest")]
        ("reqwest", Box::new(sts_runtime::transport::ReqwestClient::new())),
    ]
}

pub(crate) fn request(url: &str) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: url.to_owned(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded".into())],
        body: "Action=GetCallerIdentity&Version=2011-06-15".to_owned(),
    }
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

//! The default client's TLS against a rustls server on 127.0.0.1 with a certificate made
//! for the test: which suites and versions it negotiates, and that an untrusted server
//! gets nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{CipherSuite, ProtocolVersion, ServerConfig, ServerConnection, StreamOwned};
use sts_runtime::transport::{HttpClient, HttpErrorKind, HttpRequest, ReqwestClient};

/// What the server saw of one connection.
#[derive(Debug)]
enum Seen {
    Request { version: ProtocolVersion, suite: CipherSuite, body: String },
    HandshakeFailed(String),
}

struct Server {
    url: String,
    certificate: CertificateDer<'static>,
    seen: mpsc::Receiver<Seen>,
}

/// A server on 127.0.0.1 answering one HTTPS request with a canned body, using rustls's
/// full ring provider cut down to `suites` and `versions`.
fn server(suites: &[CipherSuite], versions: &[&'static rustls::SupportedProtocolVersion]) -> Server {
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
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("https://127.0.0.1:{}/", listener.local_addr().expect("address").port());
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
    Server { url, certificate, seen }
}

fn serve(stream: StreamOwned<ServerConnection, std::net::TcpStream>) -> std::io::Result<Seen> {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut stream = reader.into_inner();
    let version = stream.conn.protocol_version().expect("negotiated version");
    let suite = stream.conn.negotiated_cipher_suite().expect("negotiated suite").suite();
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone")?;
    stream.flush()?;
    Ok(Seen::Request { version, suite, body: String::from_utf8_lossy(&body).into_owned() })
}

/// The runtime's provider, trusting only the test server's certificate.
fn client_trusting(certificate: CertificateDer<'static>) -> ReqwestClient {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certificate).expect("root");
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(sts_runtime::tls::crypto_provider()))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let client = reqwest::Client::builder().tls_backend_preconfigured(config).build().expect("client");
    ReqwestClient::from_client(client)
}

fn request(url: &str) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: url.to_owned(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded".into())],
        body: "Action=GetCallerIdentity&Version=2011-06-15".to_owned(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

const AES_GCM_13: &[CipherSuite] = &[CipherSuite::TLS13_AES_128_GCM_SHA256, CipherSuite::TLS13_AES_256_GCM_SHA384];
const AES_GCM_12: &[CipherSuite] =
    &[CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384];

#[test]
fn tls13_and_tls12_servers_with_aes_gcm_are_reached() {
    for (suites, version, expected) in [
        (AES_GCM_13, &rustls::version::TLS13, ProtocolVersion::TLSv1_3),
        (AES_GCM_12, &rustls::version::TLS12, ProtocolVersion::TLSv1_2),
        (&[CipherSuite::TLS13_AES_128_GCM_SHA256][..], &rustls::version::TLS13, ProtocolVersion::TLSv1_3),
    ] {
        let server = server(suites, &[version]);
        let client = client_trusting(server.certificate.clone());
        let response = runtime().block_on(client.send(request(&server.url))).expect("response");
        assert_eq!((response.status, response.body.as_slice()), (200, &b"done"[..]));
        match server.seen.recv().expect("seen") {
            Seen::Request { version, suite, body } => {
                assert_eq!(version, expected);
                assert!(suites.contains(&suite), "{suite:?}");
                assert_eq!(body, "Action=GetCallerIdentity&Version=2011-06-15");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_server_offering_only_chacha20_is_refused() {
    let suites =
        [CipherSuite::TLS13_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256];
    let server = server(&suites, &[&rustls::version::TLS13, &rustls::version::TLS12]);
    let client = client_trusting(server.certificate.clone());
    let error = runtime().block_on(client.send(request(&server.url))).expect_err("no common suite");
    assert_eq!(error.kind(), HttpErrorKind::Connect, "{error}");
    match server.seen.recv().expect("seen") {
        Seen::HandshakeFailed(reason) => assert!(reason.to_lowercase().contains("cipher"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_default_client_sends_nothing_to_a_server_it_does_not_trust() {
    let server = server(AES_GCM_13, &[&rustls::version::TLS13]);
    let error = runtime().block_on(ReqwestClient::new().send(request(&server.url))).expect_err("untrusted");
    assert_eq!(error.kind(), HttpErrorKind::Connect, "{error}");
    match server.seen.recv().expect("seen") {
        Seen::HandshakeFailed(_) => {}
        other => panic!("the request reached the server: {other:?}"),
    }
}

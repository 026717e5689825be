//! `HyperClient` through a proxy on 127.0.0.1: plain `http` requests go to the proxy with
//! their absolute URL, `https` ones through a `CONNECT` tunnel with TLS inside it, both
//! with the proxy's credentials, and over TLS to an `https://` proxy; `no_proxy` hosts are
//! reached directly.

use std::net::TcpListener;
use std::sync::{Arc, mpsc};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use sts_runtime::transport::{HttpClient, HttpErrorKind, HyperClient, ProxyConfig};

use crate::support::{Head, Seen, config_trusting, config_trusting_all, request, runtime, server_config, tls_server};

/// A proxy on 127.0.0.1, speaking TLS with `tls` if given. It reports the head of every
/// request it receives, then does what `behaviour` says.
struct Proxy {
    address: String,
    seen: mpsc::Receiver<Head>,
}

#[derive(Debug, Clone, Copy)]
enum Behaviour {
    /// Tunnels `CONNECT` requests to 127.0.0.1 and answers plain ones itself (`proxied`).
    Forward,
    /// Answers every request with 407.
    Refuse,
}

fn proxy(tls: Option<Arc<rustls::ServerConfig>>, behaviour: Behaviour) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let address = listener.local_addr().expect("address").to_string();
    let (tx, seen) = mpsc::channel();
    std::thread::spawn(move || {
        runtime().block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((tcp, _)) = listener.accept().await {
                let (tls, tx) = (tls.clone(), tx.clone());
                tokio::spawn(async move {
                    match tls {
                        None => serve(tcp, &tx, behaviour).await,
                        Some(config) => {
                            if let Ok(stream) = tokio_rustls::TlsAcceptor::from(config).accept(tcp).await {
                                serve(stream, &tx, behaviour).await;
                            }
                        }
                    }
                });
            }
        });
    });
    Proxy { address, seen }
}

/// One connection to the proxy.
async fn serve(stream: impl AsyncRead + AsyncWrite + Unpin, seen: &mpsc::Sender<Head>, behaviour: Behaviour) {
    let mut client = tokio::io::BufReader::new(stream);
    let mut head = Head::default();
    let mut line = String::new();
    while client.read_line(&mut line).await.unwrap_or(0) > 0 && head.take_line(&line) {
        line.clear();
    }
    let mut body = vec![0; head.content_length];
    let _ = client.read_exact(&mut body).await;
    let target = head.request_line.strip_prefix("CONNECT ").and_then(|rest| rest.split(' ').next()).map(str::to_owned);
    if seen.send(head).is_err() {
        return;
    }
    let answer: &[u8] = match (behaviour, target) {
        (Behaviour::Refuse, _) => b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
        (Behaviour::Forward, Some(target)) => {
            assert!(target.starts_with("127.0.0.1:"), "the proxy only tunnels to 127.0.0.1: {target}");
            let Ok(mut server) = tokio::net::TcpStream::connect(&target).await else { return };
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await;
            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            return;
        }
        (Behaviour::Forward, None) => b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied",
    };
    let _ = client.write_all(answer).await;
    let _ = client.shutdown().await;
}

/// `host:port` of `https://host:port/`.
fn authority(url: &str) -> &str {
    url.trim_start_matches("https://").trim_end_matches('/')
}

fn header<'a>(head: &'a Head, name: &str) -> Option<&'a str> {
    head.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The next request head `proxy` saw, checked to be `request_line` with the tests'
/// credentials (`ci:hunter2`, as `Basic` credentials reach a proxy).
fn seen_with_credentials(proxy: &Proxy, request_line: &str) -> Head {
    let head = proxy.seen.recv().expect("seen");
    assert_eq!(head.request_line, request_line);
    let credentials = format!("Basic {}", sts_runtime::base64::encode(b"ci:hunter2"));
    assert_eq!(header(&head, "proxy-authorization"), Some(credentials.as_str()));
    head
}

/// What the tests' TLS servers and TLS proxies offer: TLS 1.3 with one AES-GCM suite.
const SUITES: &[rustls::CipherSuite] = &[rustls::CipherSuite::TLS13_AES_128_GCM_SHA256];
const VERSIONS: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];

#[test]
fn plain_http_requests_go_to_the_proxy_with_their_absolute_url_and_credentials() {
    let proxy = proxy(None, Behaviour::Forward);
    let client =
        HyperClient::new().with_proxies(ProxyConfig::none().http(format!("http://ci:hunter2@{}", proxy.address)));
    // Nothing listens on port 9: only the proxy can answer.
    let response = runtime().block_on(client.send(request("http://127.0.0.1:9/"))).expect("proxied");
    assert_eq!((response.status, response.body.as_slice()), (200, &b"proxied"[..]));
    let head = seen_with_credentials(&proxy, "POST http://127.0.0.1:9/ HTTP/1.1");
    assert_eq!(head.content_length, "Action=GetCallerIdentity&Version=2011-06-15".len());
}

#[test]
fn https_requests_are_tunnelled_and_the_proxy_sees_no_request() {
    let server = tls_server(SUITES, VERSIONS);
    let proxy = proxy(None, Behaviour::Forward);
    let client = HyperClient::new()
        .with_tls_config(config_trusting(server.certificate.clone()))
        .with_proxies(ProxyConfig::none().https(format!("http://ci:hunter2@{}", proxy.address)));
    let response = runtime().block_on(client.send(request(&server.url))).expect("tunnelled");
    assert_eq!((response.status, response.body.as_slice()), (200, &b"done"[..]));
    seen_with_credentials(&proxy, &format!("CONNECT {} HTTP/1.1", authority(&server.url)));
    match server.seen.recv().expect("seen") {
        Seen::Request { body, .. } => assert_eq!(body, "Action=GetCallerIdentity&Version=2011-06-15"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_proxy_hosts_are_reached_directly() {
    let server = tls_server(SUITES, VERSIONS);
    let proxy = proxy(None, Behaviour::Forward);
    let client = HyperClient::new()
        .with_tls_config(config_trusting(server.certificate.clone()))
        .with_proxies(ProxyConfig::none().https(format!("http://{}", proxy.address)).no_proxy("localhost, 127.0.0.1"));
    let response = runtime().block_on(client.send(request(&server.url))).expect("direct");
    assert_eq!(response.body, b"done");
    assert!(matches!(server.seen.recv().expect("seen"), Seen::Request { .. }));
    assert!(proxy.seen.try_recv().is_err(), "the proxy was used");
}

#[test]
fn a_proxy_that_refuses_the_tunnel_or_does_not_speak_tls_as_its_url_says_is_a_connect_error() {
    let proxy = proxy(None, Behaviour::Refuse);
    let address = &proxy.address;
    for url in [format!("http://{address}"), format!("https://{address}")] {
        let client = HyperClient::new().with_proxies(ProxyConfig::none().https(url.clone()));
        let error = runtime().block_on(client.send(request("https://127.0.0.1:9/"))).expect_err("refused");
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{url}: {error}");
    }
    // The first client asked for its tunnel and was refused; the second spoke TLS to it.
    assert_eq!(proxy.seen.recv().expect("seen").request_line, "CONNECT 127.0.0.1:9 HTTP/1.1");
}

#[test]
fn https_proxies_are_reached_over_tls_for_both_kinds_of_destination() {
    let server = tls_server(SUITES, VERSIONS);
    let (proxy_config, proxy_certificate) = server_config(SUITES, VERSIONS);
    let proxy = proxy(Some(proxy_config), Behaviour::Forward);
    let proxy_url = format!("https://ci:hunter2@{}", proxy.address);
    let client = HyperClient::new()
        .with_tls_config(config_trusting_all([server.certificate.clone(), proxy_certificate]))
        .with_proxies(ProxyConfig::none().https(proxy_url.clone()).http(proxy_url));

    let response = runtime().block_on(client.send(request(&server.url))).expect("tunnelled through TLS");
    assert_eq!(response.body, b"done");
    seen_with_credentials(&proxy, &format!("CONNECT {} HTTP/1.1", authority(&server.url)));
    assert!(matches!(server.seen.recv().expect("seen"), Seen::Request { .. }));

    let response = runtime().block_on(client.send(request("http://127.0.0.1:9/"))).expect("proxied over TLS");
    assert_eq!(response.body, b"proxied");
    seen_with_credentials(&proxy, "POST http://127.0.0.1:9/ HTTP/1.1");
}

#[test]
fn an_https_proxy_that_is_not_trusted_gets_nothing() {
    let server = tls_server(SUITES, VERSIONS);
    let (proxy_config, _) = server_config(SUITES, VERSIONS);
    let proxy = proxy(Some(proxy_config), Behaviour::Forward);
    let client = HyperClient::new()
        .with_tls_config(config_trusting(server.certificate.clone()))
        .with_proxies(ProxyConfig::none().https(format!("https://ci:hunter2@{}", proxy.address)));
    let error = runtime().block_on(client.send(request(&server.url))).expect_err("untrusted proxy");
    assert_eq!(error.kind(), HttpErrorKind::Connect, "{error}");
    assert!(error.to_string().contains("invalid peer certificate"), "{error}");
    assert!(proxy.seen.try_recv().is_err(), "the proxy received a request");
}

#[test]
fn proxy_credentials_never_show_in_debug_output() {
    let config = ProxyConfig::none().https("http://ci:hunter2@127.0.0.1:3128").http("http://ci:hunter2@127.0.0.1:3128");
    let client = HyperClient::new().with_proxies(config.clone());
    for shown in [format!("{config:?}"), format!("{client:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

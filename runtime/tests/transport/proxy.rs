//! `HyperClient` through a proxy on 127.0.0.1: plain `http` requests go to the proxy with
//! their absolute URL, `https` ones through a `CONNECT` tunnel with TLS inside it, both
//! with the proxy's credentials, and over TLS to an `https://` proxy; `no_proxy` hosts are
//! reached directly.

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, mpsc};

use sts_runtime::transport::{HttpClient, HttpErrorKind, HyperClient, ProxyConfig};

use crate::support::{
    Head, Seen, config_trusting, config_trusting_all, read_head, request, runtime, server_config, tls_server,
};

/// A proxy on 127.0.0.1: it answers plain requests itself (`proxied`) and tunnels
/// `CONNECT` requests to 127.0.0.1. It reports the head of every request it receives.
struct Proxy {
    address: String,
    seen: mpsc::Receiver<Head>,
}

fn proxy() -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address").to_string();
    let (tx, seen) = mpsc::channel();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let mut reader = BufReader::new(client.try_clone().expect("clone"));
            let Ok(head) = read_head(&mut reader) else { continue };
            let target = head.request_line.strip_prefix("CONNECT ").and_then(|rest| rest.split(' ').next());
            let target = target.map(str::to_owned);
            let mut body = vec![0; head.content_length];
            let _ = reader.read_exact(&mut body);
            if tx.send(head).is_err() {
                return;
            }
            match target {
                Some(target) => tunnel(client, reader, &target),
                None => {
                    let mut client = client;
                    let _ =
                        client.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied");
                }
            }
        }
    });
    Proxy { address, seen }
}

/// Connects to `target` (only ever 127.0.0.1 here) and copies bytes both ways.
fn tunnel(mut client: TcpStream, reader: BufReader<TcpStream>, target: &str) {
    assert!(target.starts_with("127.0.0.1:"), "the proxy only tunnels to 127.0.0.1: {target}");
    let Ok(server) = TcpStream::connect(target) else { return };
    let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
    let (mut from_server, mut to_client) = (server.try_clone().expect("clone"), client);
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_server, &mut to_client);
        let _ = to_client.shutdown(std::net::Shutdown::Both);
    });
    let (mut from_client, mut to_server) = (reader, server);
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_client, &mut to_server);
        let _ = to_server.shutdown(std::net::Shutdown::Write);
    });
}

/// `host:port` of `https://host:port/`.
fn authority(url: &str) -> &str {
    url.trim_start_matches("https://").trim_end_matches('/')
}

fn header<'a>(head: &'a Head, name: &str) -> Option<&'a str> {
    head.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// `Basic` credentials as a proxy receives them.
fn basic(user_and_password: &str) -> String {
    format!("Basic {}", sts_runtime::base64::encode(user_and_password.as_bytes()))
}

#[test]
fn plain_http_requests_go_to_the_proxy_with_their_absolute_url_and_credentials() {
    let proxy = proxy();
    let client =
        HyperClient::new().with_proxies(ProxyConfig::none().http(format!("http://ci:hunter2@{}", proxy.address)));
    // Nothing listens on port 9: only the proxy can answer.
    let response = runtime().block_on(client.send(request("http://127.0.0.1:9/"))).expect("proxied");
    assert_eq!((response.status, response.body.as_slice()), (200, &b"proxied"[..]));
    let head = proxy.seen.recv().expect("seen");
    assert_eq!(head.request_line, "POST http://127.0.0.1:9/ HTTP/1.1");
    assert_eq!(header(&head, "proxy-authorization"), Some(basic("ci:hunter2").as_str()));
    assert_eq!(head.content_length, "Action=GetCallerIdentity&Version=2011-06-15".len());
}

#[test]
fn https_requests_are_tunnelled_and_the_proxy_sees_no_request() {
    let server = tls_server(&[rustls::CipherSuite::TLS13_AES_128_GCM_SHA256], &[&rustls::version::TLS13]);
    let proxy = proxy();
    let client = HyperClient::new()
        .with_tls_config(config_trusting(server.certificate.clone()))
        .with_proxies(ProxyConfig::none().https(format!("http://ci:hunter2@{}", proxy.address)));
    let response = runtime().block_on(client.send(request(&server.url))).expect("tunnelled");
    assert_eq!((response.status, response.body.as_slice()), (200, &b"done"[..]));
    let head = proxy.seen.recv().expect("seen");
    assert_eq!(head.request_line, format!("CONNECT {} HTTP/1.1", authority(&server.url)));
    assert_eq!(header(&head, "proxy-authorization"), Some(basic("ci:hunter2").as_str()));
    match server.seen.recv().expect("seen") {
        Seen::Request { body, .. } => assert_eq!(body, "Action=GetCallerIdentity&Version=2011-06-15"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_proxy_hosts_are_reached_directly() {
    let server = tls_server(&[rustls::CipherSuite::TLS13_AES_128_GCM_SHA256], &[&rustls::version::TLS13]);
    let proxy = proxy();
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
    // A proxy that answers CONNECT with 407.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let _ = read_head(&mut BufReader::new(client.try_clone().expect("clone")));
            let _ = client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        }
    });
    for proxy in [format!("http://{address}"), format!("https://{address}")] {
        let client = HyperClient::new().with_proxies(ProxyConfig::none().https(proxy.clone()));
        let error = runtime().block_on(client.send(request("https://127.0.0.1:9/"))).expect_err("refused");
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{proxy}: {error}");
    }
}

/// A proxy on 127.0.0.1 that speaks TLS (with `config`) and tunnels `CONNECT` requests to
/// 127.0.0.1, or answers plain ones itself (`proxied`); it reports each request's head.
fn tls_proxy(config: Arc<rustls::ServerConfig>) -> Proxy {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let address = listener.local_addr().expect("address").to_string();
    let (tx, seen) = mpsc::channel();
    std::thread::spawn(move || {
        runtime().block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let acceptor = tokio_rustls::TlsAcceptor::from(config);
            while let Ok((tcp, _)) = listener.accept().await {
                let Ok(tls) = acceptor.accept(tcp).await else { continue };
                let mut client = tokio::io::BufReader::new(tls);
                let mut head = Head::default();
                loop {
                    let mut line = String::new();
                    if client.read_line(&mut line).await.unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let line = line.trim_end().to_owned();
                    match line.split_once(':') {
                        _ if head.request_line.is_empty() => head.request_line = line,
                        Some((name, value)) => {
                            if name.eq_ignore_ascii_case("content-length") {
                                head.content_length = value.trim().parse().unwrap_or(0);
                            }
                            head.headers.push((name.trim().to_owned(), value.trim().to_owned()));
                        }
                        None => {}
                    }
                }
                let target = head.request_line.strip_prefix("CONNECT ").and_then(|rest| rest.split(' ').next());
                let target = target.map(str::to_owned);
                let mut body = vec![0; head.content_length];
                let _ = client.read_exact(&mut body).await;
                if tx.send(head).is_err() {
                    return;
                }
                match target {
                    Some(target) => {
                        assert!(target.starts_with("127.0.0.1:"), "the proxy only tunnels to 127.0.0.1: {target}");
                        let Ok(mut server) = tokio::net::TcpStream::connect(&target).await else { continue };
                        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await;
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                    None => {
                        let answer = b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied";
                        let _ = client.write_all(answer).await;
                        let _ = client.shutdown().await;
                    }
                }
            }
        });
    });
    Proxy { address, seen }
}

#[test]
fn https_proxies_are_reached_over_tls_for_both_kinds_of_destination() {
    let suites = [rustls::CipherSuite::TLS13_AES_128_GCM_SHA256];
    let server = tls_server(&suites, &[&rustls::version::TLS13]);
    let (proxy_config, proxy_certificate) = server_config(&suites, &[&rustls::version::TLS13]);
    let proxy = tls_proxy(proxy_config);
    let proxy_url = format!("https://ci:hunter2@{}", proxy.address);
    let client = HyperClient::new()
        .with_tls_config(config_trusting_all([server.certificate.clone(), proxy_certificate]))
        .with_proxies(ProxyConfig::none().https(proxy_url.clone()).http(proxy_url));

    let response = runtime().block_on(client.send(request(&server.url))).expect("tunnelled through TLS");
    assert_eq!(response.body, b"done");
    let head = proxy.seen.recv().expect("seen");
    assert_eq!(head.request_line, format!("CONNECT {} HTTP/1.1", authority(&server.url)));
    assert_eq!(header(&head, "proxy-authorization"), Some(basic("ci:hunter2").as_str()));
    assert!(matches!(server.seen.recv().expect("seen"), Seen::Request { .. }));

    let response = runtime().block_on(client.send(request("http://127.0.0.1:9/"))).expect("proxied over TLS");
    assert_eq!(response.body, b"proxied");
    let head = proxy.seen.recv().expect("seen");
    assert_eq!(head.request_line, "POST http://127.0.0.1:9/ HTTP/1.1");
    assert_eq!(header(&head, "proxy-authorization"), Some(basic("ci:hunter2").as_str()));
}

#[test]
fn an_https_proxy_that_is_not_trusted_gets_nothing() {
    let suites = [rustls::CipherSuite::TLS13_AES_128_GCM_SHA256];
    let server = tls_server(&suites, &[&rustls::version::TLS13]);
    let (proxy_config, _) = server_config(&suites, &[&rustls::version::TLS13]);
    let proxy = tls_proxy(proxy_config);
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

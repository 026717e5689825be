//! Each client's TLS against a rustls server on 127.0.0.1: which suites and versions it
//! negotiates, and that an untrusted server gets nothing.

use rustls::{CipherSuite, ProtocolVersion};
use sts_runtime::transport::HttpErrorKind;

use crate::support::{Seen, clients_trusting, default_clients, request, runtime, tls_server};

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
        let server = tls_server(suites, &[version]);
        for (name, client) in clients_trusting(server.certificate.clone()) {
            let response = runtime().block_on(client.send(request(&server.url))).expect(name);
            assert_eq!((response.status, response.body.as_slice()), (200, &b"done"[..]), "{name}");
            match server.seen.recv().expect("seen") {
                Seen::Request { version, suite, body } => {
                    assert_eq!(version, expected, "{name}");
                    assert!(suites.contains(&suite), "{name}: {suite:?}");
                    assert_eq!(body, "Action=GetCallerIdentity&Version=2011-06-15", "{name}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

#[test]
fn a_server_offering_only_chacha20_is_refused() {
    let suites =
        [CipherSuite::TLS13_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256];
    let server = tls_server(&suites, &[&rustls::version::TLS13, &rustls::version::TLS12]);
    for (name, client) in clients_trusting(server.certificate.clone()) {
        let error = runtime().block_on(client.send(request(&server.url))).expect_err("no common suite");
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{name}: {error}");
        match server.seen.recv().expect("seen") {
            Seen::HandshakeFailed(reason) => assert!(reason.to_lowercase().contains("cipher"), "{name}: {reason}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn the_default_clients_send_nothing_to_a_server_they_do_not_trust() {
    let server = tls_server(AES_GCM_13, &[&rustls::version::TLS13]);
    for (name, client) in default_clients() {
        let error = runtime().block_on(client.send(request(&server.url))).expect_err("untrusted");
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{name}: {error}");
        assert!(error.to_string().contains("invalid peer certificate"), "{name}: the reason is shown: {error}");
        match server.seen.recv().expect("seen") {
            Seen::HandshakeFailed(_) => {}
            other => panic!("{name}: the request reached the server: {other:?}"),
        }
    }
}

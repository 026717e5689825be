//! Each HTTP client this crate is built with (`hyper`, `reqwest`), through whole calls
//! against a server on 127.0.0.1: what reaches the server, what comes back, and how
//! connection failures, cut bodies, huge bodies, redirects and slow connects end.
#![cfg(any(feature = "reqwest", feature = "hyper"))]

use std::time::Duration;

use sts::config::{HttpErrorKind, RetryConfig, TimeoutConfig};
use sts::error::{AttemptOutcome, ProvideErrorMetadata, SdkError, TimeoutLimit};
use sts::operation::RequestId;
use sts::{Client, Config, Credentials};
use sts_testkit::{Action, Canned, RecordingSleep, TestServer, verify_sigv4};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";

/// The HTTP clients of the features turned on.
#[derive(Debug, Clone, Copy)]
enum Transport {
    #[cfg(feature = "hyper")]
    Hyper,
    #[cfg(feature = "reqwest")]
    Reqwest,
}

const TRANSPORTS: &[Transport] = &[
    #[cfg(feature = "hyper")]
    Transport::Hyper,
    #[cfg(feature = "reqwest")]
    Transport::Reqwest,
];

/// A client of `url` sending with `transport`, with the given connect timeout and
/// response cap; no retry delays, no other time limit.
fn client(transport: Transport, url: &str, connect_timeout: Option<Duration>, max_response_bytes: usize) -> Client {
    let builder = Config::builder()
        .region(REGION)
        .endpoint_url(url)
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
        .retry_config(RetryConfig::standard())
        .timeout_config(TimeoutConfig::disabled())
        .sleep_impl(RecordingSleep::default());
    let builder = match transport {
        #[cfg(feature = "hyper")]
        Transport::Hyper => builder.http_client(
            sts::config::HyperClient::with_limits(connect_timeout, max_response_bytes)
                .with_proxies(sts::config::ProxyConfig::none()),
        ),
        #[cfg(feature = "reqwest")]
        Transport::Reqwest => {
            builder.http_client(sts::config::ReqwestClient::with_limits(connect_timeout, max_response_bytes))
        }
    };
    Client::from_conf(builder.build())
}

fn default_client(transport: Transport, server: &TestServer) -> Client {
    client(transport, &server.url, Some(Duration::from_secs(5)), 1 << 20)
}

fn who_am_i(request_id: &str) -> Canned {
    Canned {
        status: 200,
        headers: vec![("content-type".into(), "text/xml".into()), ("x-amzn-requestid".into(), request_id.into())],
        body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/ci</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>".into(),
    }
}

/// The kind of the HTTP failure behind `error`, if one is: a transport error's, or the
/// source of a timeout (the HTTP client's own timeout).
fn http_kind<E: std::error::Error + sts::error::ProvideErrorMetadata + 'static>(
    error: &SdkError<E>,
) -> Option<HttpErrorKind> {
    let http = match error {
        SdkError::DispatchFailure(e) => e.http_error(),
        SdkError::TimeoutError(e) => {
            std::error::Error::source(e).and_then(|s| s.downcast_ref::<sts::config::HttpError>())
        }
        _ => None,
    };
    http.map(|http| http.kind())
}

#[tokio::test]
async fn a_call_arrives_signed_and_its_response_and_headers_are_read() {
    for &transport in TRANSPORTS {
        let server = TestServer::start().await;
        server.respond_with(who_am_i("rid-header"));
        let me = default_client(transport, &server).get_caller_identity().send().await.expect("a response");
        assert_eq!(me.account.as_deref(), Some("123456789012"), "{transport:?}");
        assert_eq!(me.arn.as_deref(), Some("arn:aws:iam::123456789012:user/ci"), "{transport:?}");
        assert_eq!(me.request_id(), Some("rid-header"), "{transport:?}: the header was read");
        let request = server.single_request();
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/"), "{transport:?}");
        assert_eq!(request.header("host"), server.url.strip_prefix("http://"), "{transport:?}");
        assert_eq!(request.body, "Action=GetCallerIdentity&Version=2011-06-15", "{transport:?}");
        verify_sigv4(&request, ACCESS_KEY, SECRET, REGION);
    }
}

#[tokio::test]
async fn calls_reuse_the_connection() {
    for &transport in TRANSPORTS {
        let server = TestServer::start().await;
        let client = default_client(transport, &server);
        for call in 0..3 {
            server.respond_with(who_am_i(&format!("rid-{call}")));
            client.get_caller_identity().send().await.expect("a response");
        }
        assert_eq!(server.connection_count(), 1, "{transport:?}");
    }
}

#[tokio::test]
async fn a_connection_the_server_closed_after_answering_is_not_used_again() {
    for &transport in TRANSPORTS {
        for announced in [true, false] {
            let server = TestServer::start().await;
            let client = default_client(transport, &server);
            let mut first = who_am_i("rid-first");
            if announced {
                first.headers.push(("connection".into(), "close".into()));
            }
            server.then(Action::RespondAndClose(first));
            server.respond_with(who_am_i("rid-second"));
            let me = client.get_caller_identity().send().await.expect("the first call");
            assert_eq!(me.request_id(), Some("rid-first"), "{transport:?}, announced: {announced}");
            // Unannounced, the client may only learn of the close by trying the connection;
            // either way the second call must be answered, on a connection of its own.
            let me = client.get_caller_identity().send().await.expect("the second call");
            assert_eq!(me.request_id(), Some("rid-second"), "{transport:?}, announced: {announced}");
            assert_eq!(server.request_count(), 2, "{transport:?}, announced: {announced}");
            assert_eq!(server.connection_count(), 2, "{transport:?}, announced: {announced}");
        }
    }
}

#[tokio::test]
async fn dropped_connections_and_cut_bodies_are_retried_as_connection_errors() {
    for &transport in TRANSPORTS {
        let server = TestServer::start().await;
        server.then(Action::Reset);
        server.then(Action::CloseMidBody { status: 200, declared: 500, sent: "<GetCallerIdentityResponse>".into() });
        server.respond_with(who_am_i("rid-3"));
        let me = default_client(transport, &server).get_caller_identity().send().await.expect("the third attempt");
        assert_eq!(me.account.as_deref(), Some("123456789012"), "{transport:?}");
        assert_eq!(server.request_count(), 3, "{transport:?}");

        for _ in 0..3 {
            server.then(Action::CloseMidBody { status: 200, declared: 500, sent: "<Get".into() });
        }
        let error = default_client(transport, &server).get_caller_identity().send().await.expect_err("cut");
        assert!(matches!(error, SdkError::DispatchFailure(_)), "{transport:?}: {error:?}");
        assert_eq!(http_kind(&error), Some(HttpErrorKind::Io), "{transport:?}: {error}");
        assert_eq!(error.attempts(), 3, "{transport:?}");
    }
}

#[tokio::test]
async fn nothing_listening_is_a_connect_error() {
    // A port that was just free: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
    for &transport in TRANSPORTS {
        let client = client(transport, &format!("http://127.0.0.1:{port}"), Some(Duration::from_secs(5)), 1 << 20);
        let error = client.get_caller_identity().send().await.expect_err("refused");
        assert_eq!(http_kind(&error), Some(HttpErrorKind::Connect), "{transport:?}: {error}");
        assert_eq!(error.attempts(), 3, "{transport:?}: connection errors are retried");
        // The reason at the end of the HTTP stack's chain of causes is in the message.
        assert!(error.to_string().contains("Connection refused"), "{transport:?}: {error}");
    }
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_with_or_without_a_length() {
    for &transport in TRANSPORTS {
        for declare_length in [true, false] {
            let server = TestServer::start().await;
            server.then(Action::Huge { bytes: 3 << 20, declare_length });
            let error = default_client(transport, &server).get_caller_identity().send().await.expect_err("too large");
            assert_eq!(
                http_kind(&error),
                Some(HttpErrorKind::ResponseTooLarge { limit: 1 << 20 }),
                "{transport:?}: {error}"
            );
            assert!(error.to_string().contains("exceeds 1048576 bytes"), "{transport:?}: {error}");
            assert_eq!(server.request_count(), 1, "{transport:?}: not retried");
        }
    }
}

#[tokio::test]
async fn redirects_come_back_as_responses_and_are_not_followed() {
    for &transport in TRANSPORTS {
        let server = TestServer::start().await;
        for status in [302, 307] {
            server.respond_with(Canned {
                status,
                headers: vec![("location".into(), format!("{}/elsewhere", server.url))],
                body: String::new(),
            });
        }
        let client = default_client(transport, &server);
        for status in [302, 307] {
            let error = client.get_caller_identity().send().await.expect_err("a redirect");
            assert!(error.as_service_error().is_some(), "{transport:?}: {error:?}");
            assert_eq!(error.code(), Some(status.to_string().as_str()), "{transport:?}: {error:?}");
        }
        let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
        assert_eq!(paths, ["/", "/"], "{transport:?}");
    }
}

#[tokio::test]
async fn a_connect_that_hangs_ends_at_the_connect_timeout() {
    // A listener whose queue of unaccepted connections is full: the kernel leaves further
    // connection attempts unanswered, so connecting hangs.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().expect("address")).expect("bind");
    let address = socket.local_addr().expect("address");
    let listener = socket.listen(0).expect("listen");
    let mut queued = Vec::new();
    while let Ok(Ok(stream)) =
        tokio::time::timeout(Duration::from_millis(200), tokio::net::TcpStream::connect(address)).await
    {
        queued.push(stream);
        assert!(queued.len() < 64, "the listen queue never filled up");
    }
    for &transport in TRANSPORTS {
        let started = std::time::Instant::now();
        let client = client(transport, &format!("http://{address}"), Some(Duration::from_millis(300)), 1 << 20);
        let error = client.get_caller_identity().send().await.expect_err("hangs");
        let SdkError::TimeoutError(timeout) = &error else { panic!("{transport:?}: expected a timeout: {error:?}") };
        assert_eq!(timeout.limit(), TimeoutLimit::Connect, "{transport:?}");
        assert_eq!(error.attempts(), 3, "{transport:?}: connect timeouts are retried");
        assert_eq!(timeout.outcomes(), vec![AttemptOutcome::NoConnection; 3], "{transport:?}");
        let shown = error.to_string();
        assert!(
            shown.contains("(attempt 1: no connection; attempt 2: no connection; attempt 3: no connection)")
                && shown.contains("`TimeoutConfig::with_connect`"),
            "{transport:?}: {shown}"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{transport:?}: {:?}", started.elapsed());
    }
    drop((listener, queued));
}

//! One call made differently, as `aws-sdk-sts` code writes it:
//! `.customize().config_override(Config::builder()...)` for other settings and
//! `.customize().mutate_request(|request| ...)` for a changed request.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sts::config::RetryConfig;
use sts::error::{ProvideErrorMetadata, SdkError};
use sts::{Client, Config, Credentials};
use sts_testkit::{TestServer, verify_sigv4};

const CALLER: &str = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
const UNAVAILABLE: &str = "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>";

/// A client of `server` in `region`, signing with key `AKIDCLIENT`, three attempts a call.
fn client(server: &TestServer, region: &str) -> Client {
    Client::from_conf(
        Config::builder()
            .region(region)
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new("AKIDCLIENT", "client-secret", None, None, "test"))
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .build(),
    )
}

#[tokio::test]
async fn an_override_changes_one_call_and_the_client_keeps_its_settings() {
    let (home, elsewhere) = (TestServer::start().await, TestServer::start().await);
    let client = client(&home, "us-east-1");

    // Another region and endpoint for one call: signed for that region with the client's key.
    elsewhere.respond(200, CALLER);
    let settings = Config::builder().region("eu-west-3").endpoint_url(&elsewhere.url);
    client.get_caller_identity().customize().config_override(settings).send().await.expect("the call");
    verify_sigv4(&elsewhere.single_request(), "AKIDCLIENT", "client-secret", "eu-west-3");
    assert_eq!(home.request_count(), 0);

    // The next call has the client's own settings.
    home.respond(200, CALLER);
    client.get_caller_identity().send().await.expect("the call");
    verify_sigv4(&home.single_request(), "AKIDCLIENT", "client-secret", "us-east-1");
    assert_eq!(client.config().region(), Some("us-east-1"));

    // Other credentials and no retry for one call: a 503 is tried once, not three times.
    elsewhere.respond(503, UNAVAILABLE);
    let settings = Config::builder()
        .endpoint_url(&elsewhere.url)
        .credentials_provider(Credentials::new("AKIDCALL", "call-secret", None, None, "test"))
        .retry_config(RetryConfig::disabled());
    let err = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("session")
        .customize()
        .config_override(settings)
        .send()
        .await
        .expect_err("unavailable");
    assert_eq!(err.code(), Some("ServiceUnavailable"), "{err:?}");
    let requests = elsewhere.requests();
    assert_eq!(requests.len(), 2, "the first call's request and this one's single attempt");
    verify_sigv4(&requests[1], "AKIDCALL", "call-secret", "us-east-1");
}

#[tokio::test]
async fn a_behavior_version_set_in_the_override_decides_its_retries() {
    let base = Config::builder().retry_config(RetryConfig::disabled()).build();
    let over = Config::builder().behavior_version(sts::config::BehaviorVersion::latest()).build_over(&base);
    assert_eq!(over.retry_config(), RetryConfig::standard_2026());
    let both = Config::builder()
        .behavior_version(sts::config::BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .build_over(&base);
    assert_eq!(both.retry_config().max_attempts(), 5);
    // What is not set in the override is the base's.
    let base = Config::builder().region("ap-south-1").use_fips(true).build();
    let over = Config::builder().use_dual_stack(true).build_over(&base);
    assert_eq!((over.region(), over.use_fips(), over.use_dual_stack()), (Some("ap-south-1"), true, true));
}

#[tokio::test]
async fn a_changed_request_is_signed_with_its_changes_and_every_attempt_sends_them() {
    let server = TestServer::start().await;
    let client = client(&server, "eu-west-3");
    server.respond(503, UNAVAILABLE);
    server.respond(200, CALLER);
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    let url = format!("{}/", server.url);
    client
        .get_caller_identity()
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-tenant", "blue");
        })
        .mutate_request(move |request| {
            counted.fetch_add(1, Ordering::SeqCst);
            assert_eq!(request.headers_mut().insert("X-Tenant", "green"), Some("blue".to_owned()));
            request.body.push_str("&Extra=1");
            assert_eq!(request.uri(), url);
        })
        .send()
        .await
        .expect("answered on the second attempt");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the closures run once per call");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("x-tenant"), Some("green"));
        assert!(request.body.ends_with("&Extra=1"), "{}", request.body);
        verify_sigv4(request, "AKIDCLIENT", "client-secret", "eu-west-3");
        let authorization = request.header("authorization").expect("signed");
        assert!(authorization.contains("x-tenant"), "the added header is signed: {authorization}");
    }

    // The next call is the client's own request.
    server.respond(200, CALLER);
    client.get_caller_identity().send().await.expect("the call");
    let plain = server.requests().pop().expect("a request");
    assert_eq!(plain.header("x-tenant"), None);
    assert_eq!(
        plain.form(),
        [("Action".to_owned(), "GetCallerIdentity".to_owned()), ("Version".to_owned(), "2011-06-15".to_owned())]
    );
}

#[tokio::test]
async fn a_change_that_could_not_be_signed_or_sent_fails_before_sending() {
    let server = TestServer::start().await;
    let client = client(&server, "eu-west-3");
    type Change = fn(&mut sts::config::HttpRequest);
    let cases: [(&str, Change); 4] = [
        ("`Host` is set by the signature or the HTTP client", |r| {
            r.headers_mut().insert("Host", "other.example.com");
        }),
        ("`x-amz-security-token` is set by the signature or the HTTP client", |r| {
            r.headers_mut().insert("x-amz-security-token", "s3cr3t");
        }),
        ("has a control character", |r| {
            r.headers_mut().insert("x-tenant", "s3cr3t\r\nx-injected: 1");
        }),
        ("is not a header name", |r| {
            r.headers_mut().append("x tenant", "s3cr3t");
        }),
    ];
    for (why, change) in cases {
        let err = client.get_caller_identity().customize().mutate_request(change).send().await.expect_err(why);
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
        let message = sts::error::DisplayErrorContext(&err).to_string();
        assert!(message.contains("mutate_request") && message.contains(why), "{message}");
        assert!(!message.contains("s3cr3t"), "the value is not repeated: {message}");
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn settings_and_changes_together_and_a_second_override_over_the_first() {
    let (home, elsewhere) = (TestServer::start().await, TestServer::start().await);
    let client = client(&home, "eu-west-3");
    elsewhere.respond(200, CALLER);
    let answer = client
        .get_caller_identity()
        .customize()
        .config_override(Config::builder().region("ap-south-1"))
        .config_override(Config::builder().endpoint_url(&elsewhere.url))
        .mutate_request(|request| {
            request.headers_mut().insert("user-agent", "my-app/1.0");
        })
        .send()
        .await
        .expect("the call");
    assert_eq!(answer.account(), Some("123456789012"));
    let request = elsewhere.single_request();
    // Both overrides hold: the second's endpoint and the first's region.
    verify_sigv4(&request, "AKIDCLIENT", "client-secret", "ap-south-1");
    assert_eq!(request.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(home.request_count(), 0);
    // At the path `aws-sdk-sts` has it; its `Debug` shows the builder, not the closures.
    let customized: sts::client::customize::CustomizableOperation<_> =
        client.get_caller_identity().customize().mutate_request(|_| ());
    assert_eq!(
        format!("{customized:?}"),
        "CustomizableOperation { builder: GetCallerIdentityInputBuilder, request_changes: 1, .. }"
    );
}

#[tokio::test]
async fn a_mapped_request_is_sent_and_a_refused_one_fails_with_its_error() {
    #[derive(Debug)]
    struct NotAllowed;
    impl std::fmt::Display for NotAllowed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("this tenant may not call STS")
        }
    }
    impl std::error::Error for NotAllowed {}

    let server = TestServer::start().await;
    let client = client(&server, "eu-west-3");
    server.respond(200, CALLER);
    client
        .get_caller_identity()
        .customize()
        .map_request(|mut request| {
            request.body.push_str("&Mapped=yes");
            Ok::<_, NotAllowed>(request)
        })
        .send()
        .await
        .expect("the call");
    let request = server.single_request();
    assert_eq!(request.form_value("Mapped").as_deref(), Some("yes"));
    verify_sigv4(&request, "AKIDCLIENT", "client-secret", "eu-west-3");

    let err = client
        .get_caller_identity()
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-tenant", "blue");
        })
        .map_request(|request| if request.header("x-tenant") == Some("blue") { Err(NotAllowed) } else { Ok(request) })
        .send()
        .await
        .expect_err("refused");
    let SdkError::ConstructionFailure(failure) = &err else { panic!("a construction failure: {err:?}") };
    assert!(failure.reason().downcast_ref::<NotAllowed>().is_some(), "the closure's error is the reason: {err:?}");
    assert!(err.to_string().contains("this tenant may not call STS"), "{err}");
    assert_eq!(server.request_count(), 1, "nothing more was sent");
}

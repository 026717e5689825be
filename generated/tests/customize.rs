//! One call with other settings, as `aws-sdk-sts` code writes it:
//! `.customize().config_override(Config::builder()...)`.

use sts::config::RetryConfig;
use sts::error::ProvideErrorMetadata;
use sts::{Client, Config, Credentials};
use sts_testkit::{TestServer, verify_sigv4};

const CALLER: &str = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
const UNAVAILABLE: &str = "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>";

#[tokio::test]
async fn an_override_changes_one_call_and_the_client_keeps_its_settings() {
    let (home, elsewhere) = (TestServer::start().await, TestServer::start().await);
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(&home.url)
            .credentials_provider(Credentials::new("AKIDCLIENT", "client-secret", None, None, "test"))
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .build(),
    );

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

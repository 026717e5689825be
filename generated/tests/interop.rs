//! The providers used through the official SDK's credentials trait (feature `aws-sdk-interop`).
#![cfg(feature = "aws-sdk-interop")]

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::ProvideCredentials as SdkProvideCredentials;
use sts::config::{RetryConfig, TimeoutConfig};
use sts::credentials::AssumeRoleProvider;
use sts::{Config, Credentials, DateTime};
use sts_testkit::{Canned, TestServer};

#[tokio::test]
async fn an_assume_role_provider_serves_an_official_sdk_client() {
    let server = TestServer::start().await;
    let expiration = DateTime::from(SystemTime::now() + Duration::from_secs(3600));
    server.respond_with(Canned {
        status: 200,
        headers: vec![],
        body: format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAINTEROP</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>{expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
        ),
    });
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(&server.url)
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::disabled())
        .build();
    let provider = AssumeRoleProvider::builder("arn:aws:iam::1:role/r")
        .config(config)
        .source_credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .build();
    let sdk: &dyn SdkProvideCredentials = &provider;
    let credentials = sdk.provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIAINTEROP");
    assert_eq!(credentials.session_token(), Some("t"));
    assert!(credentials.expiry().is_some());
    let converted = aws_credential_types::Credentials::from(Credentials::new("A", "B", None, None, "test"));
    assert_eq!((converted.access_key_id(), converted.secret_access_key()), ("A", "B"));
}

mod sdk_config {
    //! `Client::new(&SdkConfig)`: a client configured from what aws-config loads.

    use std::sync::{Arc, Mutex};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, error, future};
    use aws_smithy_async::rt::sleep::{AsyncSleep, Sleep};
    use aws_smithy_async::time::StaticTimeSource;
    use aws_types::SdkConfig;
    use aws_types::origin::Origin;
    use aws_types::region::Region;
    use aws_types::sdk_config::{RetryConfig, TimeoutConfig};
    use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};
    use sts::config::retry::RetryMode;
    use sts::error::SdkError;
    use sts_testkit::{TestServer, verify_sigv4};

    const CALLER: &str = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    fn sdk_credentials() -> SharedCredentialsProvider {
        SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
            "AKIDSDKCONFIG",
            "sdk-secret",
            Some("sdk-token".to_owned()),
            None,
            "test",
        ))
    }

    /// An `SdkConfig` as `aws_config::defaults(..).region(..).endpoint_url(..)` gives it:
    /// the endpoint set in code on the loader.
    fn loaded(endpoint: &str) -> aws_types::sdk_config::Builder {
        let mut builder = SdkConfig::builder()
            .region(Region::new("eu-west-3"))
            .credentials_provider(sdk_credentials())
            .endpoint_url(endpoint);
        builder.insert_origin("endpoint_url", Origin::shared_config());
        builder
    }

    #[tokio::test]
    async fn a_client_signs_with_the_sdk_configs_region_and_credentials() {
        let server = TestServer::start().await;
        server.respond(200, CALLER);
        let client = sts::Client::new(&loaded(&server.url).build());
        let out = client.get_caller_identity().send().await.expect("the call");
        assert_eq!(out.account(), Some("123456789012"));
        let request = server.single_request();
        verify_sigv4(&request, "AKIDSDKCONFIG", "sdk-secret", "eu-west-3");
        assert_eq!(request.header("x-amz-security-token"), Some("sdk-token"));
        assert_eq!(client.config().region(), Some("eu-west-3"));
    }

    #[tokio::test]
    async fn retries_time_limits_and_switches_are_read_and_the_rest_keeps_our_defaults() {
        let sdk = loaded("http://127.0.0.1:9")
            .retry_config(RetryConfig::adaptive().with_max_attempts(5))
            .timeout_config(TimeoutConfig::builder().connect_timeout(Duration::from_millis(700)).build())
            .use_fips(true)
            .use_dual_stack(true)
            .build();
        let config = sts::Config::new(&sdk);
        assert_eq!(config.retry_config().max_attempts(), 5);
        assert_eq!(config.retry_config().mode(), RetryMode::Standard, "adaptive is retried as standard");
        let timeouts = config.timeout_config();
        assert_eq!(timeouts.connect(), Some(Duration::from_millis(700)));
        let ours = sts::config::TimeoutConfig::default();
        assert_eq!((timeouts.attempt(), timeouts.operation()), (ours.attempt(), ours.operation()));
        assert!(config.use_fips() && config.use_dual_stack());
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
        // The same through the builder, as aws-sdk-sts's `config::Builder::from(&sdk_config)`.
        let built = sts::config::Builder::from(&sdk).build();
        assert_eq!(built.retry_config(), config.retry_config());
        // An SdkConfig without these keeps this crate's defaults.
        let bare = sts::Config::new(&SdkConfig::builder().build());
        assert_eq!(bare.retry_config(), sts::config::RetryConfig::standard());
        assert_eq!(bare.timeout_config(), ours);
        assert!(bare.region().is_none() && bare.credentials_provider().is_none());
        assert!(!bare.use_fips() && !bare.use_dual_stack());
    }

    /// The service-config loader aws-config puts in an `SdkConfig`, answering for one
    /// service and remembering what it was asked.
    #[derive(Debug, Default)]
    struct ServiceEndpoints {
        service_id: &'static str,
        url: String,
        asked: Mutex<Vec<(String, String, String)>>,
    }

    impl LoadServiceConfig for ServiceEndpoints {
        fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
            let asked = (key.service_id().to_owned(), key.env().to_owned(), key.profile().to_owned());
            self.asked.lock().expect("lock").push(asked);
            (key.service_id() == self.service_id).then(|| self.url.clone())
        }
    }

    #[tokio::test]
    async fn the_services_own_endpoint_comes_before_the_shared_one_unless_set_in_code() {
        let server = TestServer::start().await;
        server.respond(200, CALLER);
        // As from AWS_ENDPOINT_URL (not set in code) plus AWS_ENDPOINT_URL_STS.
        let loader = Arc::new(ServiceEndpoints { service_id: "STS", url: server.url.clone(), ..Default::default() });
        let mut builder = SdkConfig::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(sdk_credentials())
            .endpoint_url("http://127.0.0.1:9")
            .service_config(SharedLoader(Arc::clone(&loader)));
        builder.insert_origin("endpoint_url", Origin::shared_environment_variable());
        let client = sts::Client::new(&builder.build());
        client.get_caller_identity().send().await.expect("sent to the service's own endpoint");
        assert_eq!(server.request_count(), 1);
        let asked = loader.asked.lock().expect("lock").clone();
        assert_eq!(asked, [("STS".to_owned(), "AWS_ENDPOINT_URL".to_owned(), "endpoint_url".to_owned())]);

        // Nothing for this service: the shared endpoint URL.
        let other =
            Arc::new(ServiceEndpoints { service_id: "IAM", url: "http://127.0.0.1:9".into(), ..Default::default() });
        server.respond(200, CALLER);
        let mut builder = SdkConfig::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(sdk_credentials())
            .endpoint_url(&server.url)
            .service_config(SharedLoader(other));
        builder.insert_origin("endpoint_url", Origin::shared_environment_variable());
        sts::Client::new(&builder.build()).get_caller_identity().send().await.expect("the shared endpoint");
        assert_eq!(server.request_count(), 2);

        // Set in code on the loader: it wins, and the service's variable is not read.
        let unused =
            Arc::new(ServiceEndpoints { service_id: "STS", url: "http://127.0.0.1:9".into(), ..Default::default() });
        server.respond(200, CALLER);
        let sdk = loaded(&server.url).service_config(SharedLoader(Arc::clone(&unused))).build();
        sts::Client::new(&sdk).get_caller_identity().send().await.expect("the endpoint set in code");
        assert_eq!(server.request_count(), 3);
        assert!(unused.asked.lock().expect("lock").is_empty());
    }

    #[derive(Debug)]
    struct SharedLoader(Arc<ServiceEndpoints>);

    impl LoadServiceConfig for SharedLoader {
        fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
            self.0.load_config(key)
        }
    }

    /// The official SDK's provider of a role's credentials, counting how often it is asked.
    #[derive(Debug, Clone, Default)]
    struct CountingRole(Arc<Mutex<u32>>);

    impl ProvideCredentials for CountingRole {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            *self.0.lock().expect("lock") += 1;
            let expiry = SystemTime::now() + Duration::from_secs(3600);
            let credentials =
                aws_credential_types::Credentials::new("ASIAROLE", "role-secret", None, Some(expiry), "t");
            future::ProvideCredentials::ready(Ok(credentials))
        }
    }

    #[tokio::test]
    async fn the_sdk_provider_is_asked_once_for_credentials_that_stay_valid() {
        let server = TestServer::start().await;
        let role = CountingRole::default();
        let sdk = loaded(&server.url).credentials_provider(SharedCredentialsProvider::new(role.clone())).build();
        let client = sts::Client::new(&sdk);
        for _ in 0..3 {
            server.respond(200, CALLER);
            client.get_caller_identity().send().await.expect("the call");
        }
        assert_eq!(server.request_count(), 3);
        assert_eq!(*role.0.lock().expect("lock"), 1, "cached, as the official client's identity cache would");
        verify_sigv4(&server.requests()[2], "ASIAROLE", "role-secret", "eu-west-3");
    }

    #[derive(Debug)]
    struct NoCredentials;

    impl ProvideCredentials for NoCredentials {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::ready(Err(error::CredentialsError::not_loaded("no profile named dev")))
        }
    }

    #[tokio::test]
    async fn the_sdk_providers_failure_sends_nothing_and_is_kept_as_the_cause() {
        let server = TestServer::start().await;
        let sdk = loaded(&server.url).credentials_provider(SharedCredentialsProvider::new(NoCredentials)).build();
        let err = sts::Client::new(&sdk).get_caller_identity().send().await.expect_err("no credentials");
        assert!(matches!(err, SdkError::CredentialsUnavailable(_)), "{err:?}");
        let mut chain = Vec::new();
        let mut source: Option<&dyn std::error::Error> = Some(&err);
        while let Some(e) = source {
            chain.push(e.to_string());
            source = e.source();
        }
        let said = chain.join(": ");
        assert!(said.contains("the AWS SDK's credentials provider gave no credentials"), "{said}");
        assert!(said.contains("no profile named dev"), "the provider's own reason: {said}");
        assert_eq!(server.request_count(), 0);
    }

    /// The official SDK's sleep (tokio's), recording the delays it is asked for.
    #[derive(Debug, Clone, Default)]
    struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

    impl AsyncSleep for RecordingSleep {
        fn sleep(&self, duration: Duration) -> Sleep {
            self.0.lock().expect("lock").push(duration);
            Sleep::new(tokio::time::sleep(duration))
        }
    }

    #[tokio::test]
    async fn requests_are_signed_at_the_sdk_configs_time_and_retries_sleep_with_its_sleep() {
        let server = TestServer::start().await;
        server.respond(503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>");
        server.respond(200, CALLER);
        let signed_at = UNIX_EPOCH + Duration::from_secs(1_700_000_000); // 2023-11-14T22:13:20Z
        let sleep = RecordingSleep::default();
        let sdk = loaded(&server.url).time_source(StaticTimeSource::new(signed_at)).sleep_impl(sleep.clone()).build();
        let client = sts::Client::new(&sdk);
        assert_eq!(client.config().now(), signed_at);
        client.get_caller_identity().send().await.expect("the second attempt");
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].header("x-amz-date"), Some("20231114T221320Z"));
        // Each attempt's time limit and the retry's delay wait on the SdkConfig's sleep.
        let delays = sleep.0.lock().expect("lock").clone();
        let ours = sts::config::TimeoutConfig::default();
        assert_eq!(delays.iter().filter(|d| Some(**d) == ours.attempt()).count(), 2, "{delays:?}");
        assert_eq!(delays.iter().filter(|d| **d <= Duration::from_secs(1)).count(), 1, "one retry: {delays:?}");
    }
}

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

//! Against an independent STS implementation: moto's server (PyPI `moto[server]`).
//!
//! These tests need a running `moto_server`, so a plain `cargo test` lists them as ignored.
//! `cargo xtask test` (the README's test command) starts moto on 127.0.0.1 and runs them
//! with `--include-ignored` and `STS_MOTO_ENDPOINT=http://127.0.0.1:PORT`; run by hand,
//! set that variable yourself. Included without it, they fail rather than pass unseen.

use std::time::{Duration, SystemTime};

use sts::config::RetryConfig;
use sts::credentials::AssumeRoleProvider;
use sts::error::{ProvideErrorMetadata, SdkError};
use sts::operation::RequestId;
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config, Credentials};

const ACCOUNT: &str = "123456789012";
const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";

/// The moto endpoint from `STS_MOTO_ENDPOINT`.
fn endpoint() -> String {
    match std::env::var("STS_MOTO_ENDPOINT") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => panic!(
            "STS_MOTO_ENDPOINT is not set: run `cargo xtask test`, or start `moto_server -H 127.0.0.1 -p PORT` and \
             set STS_MOTO_ENDPOINT=http://127.0.0.1:PORT"
        ),
    }
}

fn config(endpoint: &str) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(
            ACCESS_KEY,
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ))
        .build()
}

/// Temporary credentials as moto issues them, expiring about `seconds` from now. (moto gives
/// assumed roles `ASIA...` keys, but its session and federation tokens a fixed example key.)
fn assert_temporary(credentials: Option<sts::types::Credentials>, seconds: u64) {
    let c = credentials.expect("Credentials");
    assert!(c.access_key_id.len() >= 16, "{}", c.access_key_id);
    assert!(!c.secret_access_key.is_empty() && !c.session_token.is_empty());
    let expected = SystemTime::now() + Duration::from_secs(seconds);
    let expiration = SystemTime::try_from(c.expiration).expect("in range");
    let skew = expiration.duration_since(expected).unwrap_or_else(|e| e.duration());
    assert!(skew < Duration::from_secs(120), "expiration {} is not about {seconds} s from now", c.expiration);
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn get_caller_identity() {
    let endpoint = endpoint();
    let out = Client::from_conf(config(&endpoint)).get_caller_identity().send().await.expect("GetCallerIdentity");
    assert_eq!(out.account.as_deref(), Some(ACCOUNT));
    assert_eq!(out.arn.as_deref(), Some("arn:aws:sts::123456789012:user/moto"));
    assert_eq!(out.user_id.as_deref(), Some(ACCESS_KEY));
    assert!(out.request_id().is_some_and(|id| !id.is_empty()));
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn assume_role_with_every_member() {
    let endpoint = endpoint();
    let out = Client::from_conf(config(&endpoint))
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/moto-role")
        .role_session_name("moto-session")
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        .duration_seconds(1800)
        .tags(Tag::builder().key("team").value("blue").build().expect("tag"))
        .transitive_tag_keys("team")
        .external_id("ext-123")
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .source_identity("alice")
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
                .context_assertion("abcd")
                .build(),
        )
        .minimum_session_token_size(100)
        .send()
        .await
        .expect("AssumeRole");
    assert!(out.request_id().is_some());
    assert!(out.credentials.as_ref().is_some_and(|c| c.access_key_id.starts_with("ASIA")));
    assert_temporary(out.credentials, 1800);
    let user = out.assumed_role_user.expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/moto-role/moto-session");
    assert!(user.assumed_role_id.ends_with(":moto-session"), "{}", user.assumed_role_id);
}

/// A minimal SAML response moto accepts: the role, the session name and a duration.
fn saml_assertion() -> String {
    let xml = r#"<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_1" Version="2.0">
  <saml:Issuer>https://idp.example.com</saml:Issuer>
  <saml:Assertion ID="_2" Version="2.0">
    <saml:Issuer>https://idp.example.com</saml:Issuer>
    <saml:Subject><saml:NameID>saml-user</saml:NameID></saml:Subject>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::123456789012:role/saml-role,arn:aws:iam::123456789012:saml-provider/idp</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>saml-user</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>900</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#;
    sts_runtime::base64::encode(xml.as_bytes())
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn assume_role_with_saml_with_every_member() {
    let endpoint = endpoint();
    let anonymous = Config::builder().region("us-east-1").endpoint_url(&endpoint).build();
    let out = Client::from_conf(anonymous)
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/saml-role")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/idp")
        .saml_assertion(saml_assertion())
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .duration_seconds(900)
        .minimum_session_token_size(0)
        .send()
        .await
        .expect("AssumeRoleWithSAML");
    assert_temporary(out.credentials, 900);
    let user = out.assumed_role_user.expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/saml-role/saml-user");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn assume_role_with_web_identity_with_every_member() {
    let endpoint = endpoint();
    let anonymous = Config::builder().region("us-east-1").endpoint_url(&endpoint).build();
    let out = Client::from_conf(anonymous)
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/web-role")
        .role_session_name("pod-1")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln")
        .provider_id("www.amazon.com")
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .duration_seconds(3600)
        .minimum_session_token_size(0)
        .send()
        .await
        .expect("AssumeRoleWithWebIdentity");
    assert_temporary(out.credentials, 3600);
    let user = out.assumed_role_user.expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/web-role/pod-1");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn get_access_key_info() {
    let endpoint = endpoint();
    let out = Client::from_conf(config(&endpoint))
        .get_access_key_info()
        .access_key_id(ACCESS_KEY)
        .send()
        .await
        .expect("GetAccessKeyInfo");
    assert_eq!(out.account.as_deref(), Some(ACCOUNT));
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn get_federation_token_with_every_member() {
    let endpoint = endpoint();
    let out = Client::from_conf(config(&endpoint))
        .get_federation_token()
        .name("bob")
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .duration_seconds(7200)
        .tags(Tag::builder().key("team").value("blue").build().expect("tag"))
        .minimum_session_token_size(0)
        .send()
        .await
        .expect("GetFederationToken");
    assert_temporary(out.credentials, 7200);
    let user = out.federated_user.expect("FederatedUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:federated-user/bob");
    assert_eq!(user.federated_user_id, "123456789012:bob");
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn get_session_token_with_every_member() {
    let endpoint = endpoint();
    let out = Client::from_conf(config(&endpoint))
        .get_session_token()
        .duration_seconds(7200)
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .minimum_session_token_size(0)
        .send()
        .await
        .expect("GetSessionToken");
    assert_temporary(out.credentials, 7200);
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn operations_moto_lacks_fail_clearly() {
    let endpoint = endpoint();
    let client = Client::from_conf(config(&endpoint).to_builder().retry_config(RetryConfig::disabled()).build());
    let errors = [
        client
            .assume_root()
            .target_principal("111122223333")
            .task_policy_arn(
                PolicyDescriptorType::builder()
                    .arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
                    .build(),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        client
            .decode_authorization_message()
            .encoded_message("abc")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        client.get_delegated_access_token().trade_in_token("token").send().await.map(|_| ()).map_err(|e| e.to_string()),
        client.get_scoped_credentials().duration_seconds(900).send().await.map(|_| ()).map_err(|e| e.to_string()),
        client
            .get_web_identity_token()
            .audience("https://example.com")
            .signing_algorithm("RS256")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
    ];
    for result in errors {
        let message = result.expect_err("moto does not implement it");
        // The status is always there: a clear error, not a bare parse failure.
        assert!(message.contains("(HTTP 5"), "{message}");
    }
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn validation_errors_from_moto_keep_code_message_and_request_id() {
    let endpoint = endpoint();
    let unvalidated = config(&endpoint).to_builder().client_side_validation(false).build();
    let err = Client::from_conf(unvalidated)
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/moto-role")
        .role_session_name("s".repeat(65))
        .send()
        .await
        .expect_err("too long for moto");
    assert_eq!(err.attempts(), 1, "a validation error is not retried");
    let SdkError::ServiceError(service) = &err else { panic!("expected a service error: {err:?}") };
    let e = service.err();
    assert_eq!(e.code(), Some("ValidationError"));
    assert!(e.message().is_some_and(|m| m.contains("roleSessionName")), "{:?}", e.message());
    assert!(e.request_id().is_some_and(|id| !id.is_empty()));
    assert_eq!(e.meta().status(), 400);
}

#[tokio::test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
async fn an_assume_role_provider_gives_credentials_moto_recognises() {
    let endpoint = endpoint();
    let provider = AssumeRoleProvider::builder("arn:aws:iam::123456789012:role/provider-role")
        .session_name("from-provider")
        .config(config(&endpoint))
        .build();
    let assumed = Client::from_conf(config(&endpoint).to_builder().credentials_provider(provider).build());
    let who = assumed.get_caller_identity().send().await.expect("GetCallerIdentity");
    assert_eq!(who.arn.as_deref(), Some("arn:aws:sts::123456789012:assumed-role/provider-role/from-provider"));
}

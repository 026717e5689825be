//! EKS tokens, checked as aws-iam-authenticator's verifier checks them, and replayed to a
//! server on 127.0.0.1 that verifies the signature.

use std::time::{Duration, UNIX_EPOCH};

use sts::eks::{self, EksTokenError};
use sts::{Client, Config, Credentials};
use sts_testkit::{Recorded, TestServer, assume_role_answer, verify_presigned};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn config(region: &str, token: Option<String>) -> sts::config::ConfigBuilder {
    Config::builder().region(region).credentials_provider(Credentials::new(KEY, SECRET, token, None, "test"))
}

/// The presigned URL inside a token.
fn url_of(token: &str) -> String {
    let encoded = token.strip_prefix(eks::TOKEN_PREFIX).expect("the k8s-aws-v1. prefix");
    assert!(!encoded.contains(['=', '+', '/']), "URL-safe base64 without padding: {encoded}");
    let standard = encoded.replace('-', "+").replace('_', "/");
    String::from_utf8(sts_runtime::base64::decode(&standard).expect("base64")).expect("UTF-8")
}

/// What aws-iam-authenticator's verifier checks of a token's URL (but the signature, which
/// the replay test checks); returns the request the API server would send.
fn check_like_the_authenticator(url: &str, host_suffix: &str, cluster: &str) -> Recorded {
    let rest = url.strip_prefix("https://").expect("https");
    let (host, path_and_query) = rest.split_at(rest.find('/').expect("a path"));
    assert!(host.starts_with("sts.") && host.ends_with(host_suffix), "not an STS host of the partition: {host}");
    let (path, query) = path_and_query.split_once('?').expect("a query");
    assert_eq!(path, "/");
    let mut keys: Vec<&str> = query.split('&').map(|p| p.split_once('=').map_or(p, |(k, _)| k)).collect();
    for key in &keys {
        assert!(*key == "Action" || *key == "Version" || key.starts_with("X-Amz-"), "unexpected key {key}");
    }
    let count = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), count, "a query key appears twice: {query}");
    let value = |name: &str| query.split('&').find_map(|p| p.strip_prefix(&format!("{name}=")).map(str::to_owned));
    assert_eq!(value("Action").as_deref(), Some("GetCallerIdentity"));
    assert_eq!(value("X-Amz-Expires").as_deref(), Some("60"));
    let signed = value("X-Amz-SignedHeaders").expect("signed headers").replace("%3B", ";");
    assert!(signed.split(';').any(|h| h == "x-k8s-aws-id"), "{signed}");
    Recorded {
        method: "GET".into(),
        path: path_and_query.to_owned(),
        headers: vec![("host".into(), host.to_owned()), ("x-k8s-aws-id".into(), cluster.to_owned())],
        body: String::new(),
    }
}

#[tokio::test]
async fn tokens_pass_the_authenticators_checks_in_every_partition() {
    for (region, suffix) in
        [("us-west-2", ".amazonaws.com"), ("cn-north-1", ".amazonaws.com.cn"), ("us-gov-west-1", ".amazonaws.com")]
    {
        let client = Client::from_conf(config(region, Some("FwoGZXIvYXdzTOKEN".into())).build());
        let token = eks::token(&client, "my-cluster").await.expect("token");
        assert!(token.token().len() <= eks::MAX_TOKEN_BYTES);
        let received = check_like_the_authenticator(&url_of(token.token()), suffix, "my-cluster");
        verify_presigned(&received, "sts", KEY, SECRET, region);
        let shown = format!("{token:?}");
        assert!(!shown.contains(&token.token()[12..40]), "{shown}");
    }
}

#[tokio::test]
async fn the_exec_credential_is_what_kubectl_reads() {
    let client = Client::from_conf(
        config("eu-west-1", None).time_source(|| UNIX_EPOCH + Duration::from_millis(1_800_000_000_500)).build(),
    );
    let token = eks::token(&client, "prod").await.expect("token");
    let json: serde_json::Value = serde_json::from_str(&token.exec_credential(None)).expect("JSON");
    assert_eq!(json["kind"], "ExecCredential");
    assert_eq!(json["apiVersion"], eks::DEFAULT_EXEC_API_VERSION);
    assert_eq!(json["status"]["token"], token.token());
    // 1,800,000,000 s is 2027-01-15T08:00:00Z; 14 minutes on, whole seconds.
    assert_eq!(json["status"]["expirationTimestamp"], "2027-01-15T08:14:00Z");
    let info =
        r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#;
    let version = eks::exec_api_version(Some(info));
    assert_eq!(version.as_deref(), Some("client.authentication.k8s.io/v1"));
    let json: serde_json::Value = serde_json::from_str(&token.exec_credential(version.as_deref())).expect("JSON");
    assert_eq!(json["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(eks::exec_api_version(Some("not json")), None);
}

#[tokio::test]
async fn a_token_too_long_for_the_api_server_is_an_error() {
    let client = Client::from_conf(config("us-east-1", Some("A".repeat(3000))).build());
    let err = eks::token(&client, "c").await.expect_err("too long");
    assert!(matches!(err, EksTokenError::TooLong { bytes } if bytes > eks::MAX_TOKEN_BYTES), "{err}");
    assert!(err.to_string().contains("4096"), "{err}");
    let err = eks::token(&client, "bad\ncluster").await.expect_err("invalid name");
    assert!(matches!(err, EksTokenError::InvalidCluster));
}

#[tokio::test]
async fn a_replayed_token_url_verifies_and_a_role_can_be_assumed_first() {
    let server = TestServer::start().await;
    server.respond(200, &assume_role_answer("ASIAEKSROLE", "role-secret", "role-token", "2099-01-01T00:00:00Z"));
    server.respond(200, "<GetCallerIdentityResponse/>");
    let config = config("eu-west-3", None).endpoint_url(&server.url).build();
    let token =
        eks::token_as_role(&config, "my-cluster", "arn:aws:iam::123456789012:role/eks", None).await.expect("token");
    let assume = server.single_request();
    assert!(assume.form().contains(&("RoleSessionName".to_owned(), eks::DEFAULT_SESSION_NAME.to_owned())));

    // The API server's side: send the URL with the cluster header, check the signature.
    let url = url_of(token.token());
    let request = sts::config::HttpRequest {
        method: "GET",
        url,
        headers: vec![("x-k8s-aws-id".into(), "my-cluster".into())],
        body: String::new(),
    };
    Client::from_conf(config.clone()).config().http_client().send(request).await.expect("sent");
    let replayed = server.requests().pop().expect("the replayed request");
    verify_presigned(&replayed, "sts", "ASIAEKSROLE", "role-secret", "eu-west-3");
}

//! Presigned requests: made by the fluent builders, sent by someone else (here the runtime's
//! HTTP client, as a plain GET or POST) to a server on 127.0.0.1 that checks the signature as a
//! service would.

use std::time::Duration;

use sts::config::HttpRequest;
use sts::error::SdkError;
use sts::presign::{PresignedMethod, PresignedRequest, PresigningConfig};
use sts::{Client, Config, Credentials};
use sts_testkit::{TestServer, verify_presigned};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLE/TOKEN+with=chars";

fn client(server: &TestServer) -> Client {
    Client::from_conf(
        Config::builder()
            .region("eu-west-3")
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(KEY, SECRET, Some(TOKEN.into()), None, "test"))
            .build(),
    )
}

/// Sends `presigned` as its receiver would: method, URL, the signed headers, the body.
async fn send(client: &Client, presigned: &PresignedRequest) {
    let request = HttpRequest {
        method: presigned.method(),
        url: presigned.uri().to_owned(),
        headers: presigned.headers().iter().map(|(n, v)| (n.clone().into(), v.clone().into())).collect(),
        body: presigned.body().to_owned(),
    };
    client.config().http_client().send(request).await.expect("sent");
}

#[tokio::test]
async fn a_presigned_get_with_a_signed_header_verifies() {
    let server = TestServer::start().await;
    server.respond(200, "<GetCallerIdentityResponse/>");
    let client = client(&server);
    let presigning = PresigningConfig::builder()
        .expires_in(Duration::from_secs(60))
        .signed_header("x-k8s-aws-id", "my-cluster")
        .build()
        .expect("config");
    let presigned = client.get_caller_identity().presigned(presigning).await.expect("presigned");
    assert_eq!(presigned.method(), "GET");
    assert!(presigned.uri().starts_with(&format!("{}/?", server.url)), "{}", presigned.uri());
    assert_eq!(presigned.headers(), [("x-k8s-aws-id".to_owned(), "my-cluster".to_owned())]);
    let signature = presigned.uri().split("X-Amz-Signature=").nth(1).expect("a signature");
    assert_eq!(signature.len(), 64, "{}", presigned.uri());
    let shown = format!("{presigned:?}");
    assert!(!shown.contains("FwoGZXIvYXdz") && !shown.contains(signature), "{shown}");
    assert_eq!(server.request_count(), 0, "presigning sends nothing");

    send(&client, &presigned).await;
    let pairs = verify_presigned(&server.single_request(), "sts", KEY, SECRET, "eu-west-3");
    let value = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!((value("Action"), value("Version")), (Some("GetCallerIdentity"), Some("2011-06-15")));
    assert_eq!((value("X-Amz-Expires"), value("X-Amz-SignedHeaders")), (Some("60"), Some("host%3Bx-k8s-aws-id")));
    assert!(value("X-Amz-Security-Token").is_some_and(|t| t.starts_with("FwoGZXIvYXdzEXAMPLE%2FTOKEN%2B")));
}

#[tokio::test]
async fn a_presigned_post_carries_its_form_and_verifies() {
    let server = TestServer::start().await;
    server.respond(200, "<AssumeRoleResponse/>");
    let client = client(&server);
    let presigning = PresigningConfig::builder()
        .expires_in(Duration::from_secs(900))
        .method(PresignedMethod::Post)
        .build()
        .expect("config");
    let presigned = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("user+1@example.com")
        .presigned(presigning)
        .await
        .expect("presigned");
    assert_eq!(presigned.method(), "POST");
    assert!(presigned.body().contains("Action=AssumeRole") && !presigned.uri().contains("Action="));
    send(&client, &presigned).await;
    let request = server.single_request();
    verify_presigned(&request, "sts", KEY, SECRET, "eu-west-3");
    assert!(request.form().contains(&("RoleSessionName".to_owned(), "user+1@example.com".to_owned())));
}

#[tokio::test]
async fn presigning_fails_as_a_call_would_before_sending() {
    let server = TestServer::start().await;
    let client = client(&server);
    let minute = || PresigningConfig::expires_in(Duration::from_secs(60)).expect("config");
    let err = client.get_access_key_info().access_key_id("short").presigned(minute()).await.expect_err("invalid");
    assert!(matches!(err, SdkError::ConstructionFailure(_)) && err.to_string().contains("AccessKeyId"), "{err}");
    let err = client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s1")
        .web_identity_token("eyJ.token")
        .presigned(minute())
        .await
        .expect_err("not signed");
    assert!(err.to_string().contains("not signed"), "{err}");
    let anonymous = Client::from_conf(Config::builder().region("eu-west-3").endpoint_url(&server.url).build());
    let err = anonymous.get_caller_identity().presigned(minute()).await.expect_err("no credentials");
    assert!(matches!(err, SdkError::CredentialsUnavailable(_)), "{err:?}");
    assert!(PresigningConfig::expires_in(Duration::from_secs(8 * 24 * 3600)).is_err());
    let injected = [("x-id".to_owned(), "a\r\nAuthorization: forged".to_owned())];
    let err = client.get_caller_identity().signed_request(&injected).await.expect_err("a control character");
    assert!(matches!(err, SdkError::ConstructionFailure(_)) && err.to_string().contains("control character"), "{err}");
    assert_eq!(server.request_count(), 0);
}

/// The request a receiver of `presigned` sends to its host, as the test server records it.
fn as_received(presigned: &PresignedRequest) -> sts_testkit::Recorded {
    let (_, rest) = presigned.uri().split_once("://").expect("a scheme");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut headers = vec![("host".to_owned(), host.to_owned())];
    headers.extend(presigned.headers().iter().cloned());
    sts_testkit::Recorded {
        method: presigned.method().to_owned(),
        path: path.to_owned(),
        headers,
        body: presigned.body().to_owned(),
    }
}

proptest::proptest! {
    /// Whatever the members, extra signed headers, token, region, expiry and method, the
    /// testkit's verifier (written apart from the runtime's signer) accepts the URL.
    #[test]
    fn every_presigned_url_verifies(
        session in "[A-Za-z0-9+=,.@-]{2,64}",
        policy in "[ -~]{1,60}",
        header in proptest::option::of(("x-[a-z]{1,10}", "[!-~]{1,20}")),
        token in proptest::option::of("[A-Za-z0-9/+=]{1,300}"),
        region in proptest::sample::select(vec!["us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1"]),
        expires in 1u64..=604_800,
        post in proptest::bool::ANY,
    ) {
        let config = Config::builder()
            .region(region)
            .credentials_provider(Credentials::new(KEY, SECRET, token, None, "test"))
            .build();
        let mut presigning = PresigningConfig::builder()
            .expires_in(Duration::from_secs(expires))
            .method(if post { PresignedMethod::Post } else { PresignedMethod::Get });
        if let Some((name, value)) = header {
            presigning = presigning.signed_header(name, value);
        }
        let presigning = presigning.build().expect("config");
        let presigned = sts_testkit::run_ready(
            Client::from_conf(config)
                .assume_role()
                .role_arn("arn:aws:iam::123456789012:role/demo")
                .role_session_name(session)
                .policy(policy)
                .presigned(presigning),
        )
        .expect("presigned");
        let pairs = verify_presigned(&as_received(&presigned), "sts", KEY, SECRET, region);
        let expires_text = expires.to_string();
        proptest::prop_assert!(pairs.iter().any(|(n, v)| n == "X-Amz-Expires" && *v == expires_text));
    }
}

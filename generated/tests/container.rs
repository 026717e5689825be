//! The container credentials endpoint (ECS, EKS Pod Identity) against a server on
//! 127.0.0.1 that answers as the real agents do, its failures included; the provider alone,
//! behind a profile's `credential_source = EcsContainer`, and in the default chain.

use std::sync::Arc;

use sts::config::HttpClient;
use sts::credentials::{ContainerProvider, DefaultChain, ProvideCredentials};
use sts::{Client, Config, Credentials};
use sts_testkit::{
    Action, Canned, RecordingSleep, TestServer, assume_role_answer, env_vars, scratch_dir, verify_sigv4,
};

fn http() -> Arc<dyn HttpClient> {
    Config::builder().build().http_client().clone()
}

fn json(status: u16, body: &str) -> Canned {
    Canned { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_owned() }
}

fn credentials_json(key: &str) -> Canned {
    json(
        200,
        &format!(
            r#"{{"AccessKeyId":"{key}","SecretAccessKey":"container-secret","Token":"container-token",
                "Expiration":"2099-01-01T00:00:00Z","AccountId":"123456789012","RoleArn":"arn:aws:iam::123456789012:role/task"}}"#
        ),
    )
}

fn container(vars: Vec<(&str, String)>) -> ContainerProvider {
    ContainerProvider::from_env(&env_vars(vars), http()).expect("usable").expect("configured")
}

#[tokio::test]
async fn credentials_come_with_the_token_file_read_again_at_each_load() {
    let server = TestServer::start().await;
    let dir = scratch_dir("token-file");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "first-token\n").expect("write token");
    let provider = container(vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/v1/credentials", server.url)),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.display().to_string()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-there-is-a-file".to_owned()),
    ]);
    server.respond_with(credentials_json("ASIAFIRST"));
    let first = provider.provide_credentials().await.expect("credentials");
    assert_eq!(
        (first.access_key_id(), first.secret_access_key(), first.session_token()),
        ("ASIAFIRST", "container-secret", Some("container-token"))
    );
    assert_eq!(first.account_id(), Some("123456789012"));
    assert!(first.expiry().is_some());
    // EKS rotates the token file: the next load sends the new token.
    std::fs::write(&token_file, "second-token").expect("rewrite token");
    server.respond_with(credentials_json("ASIASECOND"));
    assert_eq!(provider.provide_credentials().await.expect("credentials").access_key_id(), "ASIASECOND");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("GET", "/v1/credentials"));
    assert_eq!(requests[0].header("authorization"), Some("first-token"));
    assert_eq!(requests[1].header("authorization"), Some("second-token"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_token_from_the_environment_is_sent_and_never_shown() {
    let server = TestServer::start().await;
    let provider = container(vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", server.url)),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic SECRET-TOKEN".to_owned()),
    ]);
    assert!(!format!("{provider:?}").contains("SECRET-TOKEN"), "{provider:?}");
    server.respond_with(json(403, r#"{"code":"AccessDenied","message":"token not valid"}"#));
    let err = provider.provide_credentials().await.expect_err("refused").to_string();
    assert!(err.contains("HTTP 403: AccessDenied: token not valid"), "{err}");
    assert!(!err.contains("SECRET-TOKEN"), "{err}");
    assert_eq!(server.request_count(), 1, "a 4xx answer is not tried again");
    assert_eq!(server.single_request().header("authorization"), Some("Basic SECRET-TOKEN"));
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_tried_again_three_times_at_most() {
    let server = TestServer::start().await;
    let provider = container(vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", server.url))]);
    server.respond_with(json(500, r#"{"message":"agent busy"}"#));
    server.then(Action::Reset);
    server.respond_with(credentials_json("ASIATHIRD"));
    assert_eq!(provider.provide_credentials().await.expect("third time").access_key_id(), "ASIATHIRD");
    assert_eq!(server.request_count(), 3);

    for _ in 0..3 {
        server.respond_with(json(503, r#"{"message":"still busy"}"#));
    }
    let err = provider.provide_credentials().await.expect_err("gives up").to_string();
    assert!(err.contains("HTTP 503: still busy (after 3 attempts)"), "{err}");
    assert_eq!(server.request_count(), 6);
}

#[tokio::test]
async fn an_endpoint_that_does_not_answer_fails_after_the_attempts_time_out() {
    let server = TestServer::start().await;
    let sleep = RecordingSleep::default();
    let provider = container(vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", server.url))])
        .with_sleep(Arc::new(sleep.clone()));
    for _ in 0..3 {
        server.then(Action::Delay(std::time::Duration::from_secs(30), credentials_json("LATE")));
    }
    let err = provider.provide_credentials().await.expect_err("times out").to_string();
    assert!(err.contains("no answer within 2 s (after 3 attempts)"), "{err}");
    let timeouts = sleep.delays().iter().filter(|d| d.as_secs() == 2).count();
    assert_eq!(timeouts, 3, "each attempt is limited: {:?}", sleep.delays());

    // Nothing listening: the connection is refused, three times.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let provider = container(vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("http://{closed}/creds"))])
        .with_sleep(Arc::new(RecordingSleep::default()));
    let err = provider.provide_credentials().await.expect_err("refused").to_string();
    assert!(err.contains("after 3 attempts") && err.contains(&closed.to_string()), "{err}");
}

#[tokio::test]
async fn untrusted_and_malformed_settings_are_refused_before_any_request() {
    let refused =
        |vars: Vec<(&str, String)>| ContainerProvider::from_env(&env_vars(vars), http()).expect_err("refused");
    let err = refused(vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://metadata.example.com/creds".to_owned())]);
    assert!(err.to_string().contains("over plain http only the loopback interface"), "{err}");
    let err = refused(vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/creds".to_owned()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nX-Injected: yes".to_owned()),
    ]);
    assert!(err.to_string().contains("control character") && !err.to_string().contains("Injected"), "{err}");
    assert!(ContainerProvider::from_env(&env_vars(vec![]), http()).expect("nothing set").is_none());

    // A token file with a line break inside is refused when it is read, before sending.
    let server = TestServer::start().await;
    let dir = scratch_dir("bad-token");
    std::fs::write(dir.join("token"), "one\ntwo").expect("write");
    let provider = container(vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", server.url)),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir.join("token").display().to_string()),
    ]);
    assert!(provider.provide_credentials().await.is_err());
    std::fs::remove_file(dir.join("token")).expect("remove");
    let err = provider.provide_credentials().await.expect_err("no file").to_string();
    assert!(err.contains("cannot be read"), "{err}");
    assert_eq!(server.request_count(), 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_default_chain_and_profiles_use_the_container_endpoint() {
    let server = TestServer::start().await;
    let full_uri = ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/creds", server.url));
    let dir = scratch_dir("chain");
    let home = ("HOME", dir.display().to_string());

    // Nothing before it in the chain has credentials: the container endpoint answers.
    let chain =
        DefaultChain::with_env(env_vars(vec![full_uri.clone(), home.clone()]), &Config::builder().build(), None);
    assert_eq!(chain.source(), Some("container"));
    server.respond_with(credentials_json("ASIACHAIN"));
    let found = chain.provide_credentials().await.expect("credentials");
    assert_eq!((found.access_key_id(), found.provider_name()), ("ASIACHAIN", "EcsContainer"));

    // Keys in the environment come first.
    let chain = DefaultChain::with_env(
        env_vars(vec![
            full_uri.clone(),
            ("AWS_ACCESS_KEY_ID", "AKIDENV".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "env-secret".to_owned()),
        ]),
        &Config::builder().build(),
        None,
    );
    assert_eq!(chain.source(), Some("environment"));

    // With nothing set, the error lists the container endpoint among the places looked at.
    let no_imds = ("AWS_EC2_METADATA_DISABLED", "true".to_owned());
    let chain = DefaultChain::with_env(env_vars(vec![home.clone(), no_imds.clone()]), &Config::builder().build(), None);
    let err = chain.provide_credentials().await.expect_err("none").to_string();
    assert!(err.contains("container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), "{err}");

    // A role whose source is the container: its credentials sign the AssumeRole call.
    std::fs::create_dir_all(dir.join(".aws")).expect("~/.aws");
    std::fs::write(
        dir.join(".aws/config"),
        "[profile task]\nrole_arn = arn:aws:iam::123456789012:role/next\ncredential_source = EcsContainer\n\
         region = eu-west-1\n",
    )
    .expect("config file");
    server.respond_with(credentials_json("ASIASOURCE"));
    server.respond(200, &assume_role_answer("ASIAROLE", "role-secret", "role-token", "2099-01-01T00:00:00Z"));
    let vars = env_vars(vec![
        full_uri,
        home,
        ("AWS_PROFILE", "task".to_owned()),
        ("AWS_ENDPOINT_URL_STS", server.url.clone()),
    ]);
    let client = Client::from_env_vars(vars).expect("configured");
    let role: Credentials =
        client.config().credentials_provider().expect("chain").provide_credentials().await.expect("role");
    assert_eq!(role.access_key_id(), "ASIAROLE");
    let requests = server.requests();
    let assume = requests.last().expect("AssumeRole");
    verify_sigv4(assume, "ASIASOURCE", "container-secret", "eu-west-1");

    std::fs::write(
        dir.join("config"),
        "[profile task]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = EcsContainer\n",
    )
    .expect("config file");
    let vars = env_vars(vec![("HOME", dir.display().to_string()), ("AWS_PROFILE", "task".to_owned()), no_imds]);
    let chain = DefaultChain::with_env(vars, &Config::builder().build(), None);
    let err = chain.provide_credentials().await.expect_err("no endpoint").to_string();
    assert!(err.contains("credential_source `EcsContainer`, but neither"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

//! The credentials providers against an STS server on 127.0.0.1.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use sts::config::{RetryConfig, TimeoutConfig};
use sts::credentials::{
    AssumeRoleProvider, DefaultChain, ProfileProvider, ProvideCredentials, ScopedCredentialsProvider,
    SessionTokenProvider, WebIdentityProvider,
};
use sts::{Client, Config, Credentials, DateTime};
use sts_runtime::env::Env;
use sts_runtime::profile::ProfileSet;
use sts_testkit::{Canned, TestServer, env_vars, scratch_dir, verify_sigv4};

const SOURCE_KEY: &str = "AKIDSOURCE";
const SOURCE_SECRET: &str = "source-secret";
const REGION: &str = "eu-central-1";

fn config(server: &TestServer) -> Config {
    Config::builder()
        .region(REGION)
        .endpoint_url(&server.url)
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::disabled())
        .build()
}

/// An STS answer for `operation` with credentials `key`/`secret`/`token` valid for `valid_for`.
fn credentials_response(operation: &str, key: &str, valid_for: Duration) -> Canned {
    let expiration = DateTime::from(SystemTime::now() + valid_for);
    Canned {
        status: 200,
        headers: vec![],
        body: format!(
            "<{operation}Response><{operation}Result><Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{key}-secret</SecretAccessKey><SessionToken>{key}-token</SessionToken><Expiration>{expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></{operation}Result></{operation}Response>"
        ),
    }
}

/// A GetCallerIdentity answer for the assumed role `r`.
fn caller_identity() -> Canned {
    Canned {
        status: 200,
        headers: vec![],
        body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>".into(),
    }
}

/// A provider assuming the role `r` on `server`, signing with the long-term source keys.
fn assumed_role(server: &TestServer) -> AssumeRoleProvider {
    AssumeRoleProvider::builder("arn:aws:iam::111122223333:role/r")
        .config(config(server))
        .source_credentials(Credentials::new(SOURCE_KEY, SOURCE_SECRET, None, None, "test"))
        .build()
}

#[tokio::test]
async fn assume_role_signs_with_the_source_caches_and_sends_every_option() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("AssumeRole", "ASIAASSUMED", Duration::from_secs(3600)));
    let provider = AssumeRoleProvider::builder("arn:aws:iam::111122223333:role/deploy")
        .session_name("ci")
        .external_id("ext-123")
        .duration(Duration::from_secs(900))
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .tag("team", "blue")
        .transitive_tag_key("team")
        .source_identity("alice")
        .mfa("arn:aws:iam::111122223333:mfa/alice", |serial| {
            assert_eq!(serial, "arn:aws:iam::111122223333:mfa/alice");
            Ok("123456".to_owned())
        })
        .config(config(&server))
        .source_credentials(Credentials::new(SOURCE_KEY, SOURCE_SECRET, None, None, "test"))
        .build();
    let first = provider.provide_credentials().await.expect("credentials");
    let second = provider.provide_credentials().await.expect("cached");
    assert_eq!((first.access_key_id(), first.session_token()), ("ASIAASSUMED", Some("ASIAASSUMED-token")));
    assert_eq!(first.account_id(), Some("111122223333"));
    assert_eq!(second, first);
    let request = server.single_request();
    verify_sigv4(&request, SOURCE_KEY, SOURCE_SECRET, REGION);
    let form = request.form();
    for (key, value) in [
        ("RoleArn", "arn:aws:iam::111122223333:role/deploy"),
        ("RoleSessionName", "ci"),
        ("ExternalId", "ext-123"),
        ("DurationSeconds", "900"),
        ("PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        ("Tags.member.1.Key", "team"),
        ("TransitiveTagKeys.member.1", "team"),
        ("SourceIdentity", "alice"),
        ("SerialNumber", "arn:aws:iam::111122223333:mfa/alice"),
        ("TokenCode", "123456"),
    ] {
        assert!(form.contains(&(key.to_owned(), value.to_owned())), "{key}={value} missing from {form:?}");
    }
}

#[tokio::test]
async fn static_credentials_then_assume_role_then_a_call_signed_with_the_assumed_credentials() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("AssumeRole", "ASIAE2E", Duration::from_secs(3600)));
    server.respond_with(caller_identity());
    let assumed = assumed_role(&server);
    let client = Client::from_conf(config(&server).to_builder().credentials_provider(assumed).build());
    let who = client.get_caller_identity().send().await.expect("GetCallerIdentity");
    assert_eq!(who.arn.as_deref(), Some("arn:aws:sts::111122223333:assumed-role/r/s"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    verify_sigv4(&requests[0], SOURCE_KEY, SOURCE_SECRET, REGION);
    verify_sigv4(&requests[1], "ASIAE2E", "ASIAE2E-secret", REGION);
    assert_eq!(requests[1].header("x-amz-security-token"), Some("ASIAE2E-token"));
}

#[tokio::test]
async fn an_sts_failure_is_a_clear_credentials_error_and_is_not_cached() {
    let server = TestServer::start().await;
    server.respond_with(Canned {
        status: 403,
        headers: vec![],
        body: "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>"
            .into(),
    });
    server.respond_with(credentials_response("AssumeRole", "ASIALATER", Duration::from_secs(3600)));
    let provider = assumed_role(&server);
    let err = provider.provide_credentials().await.expect_err("denied");
    let chain = format!("{err}: {}", std::error::Error::source(&err).map(ToString::to_string).unwrap_or_default());
    assert!(chain.contains("assuming arn:aws:iam::111122223333:role/r failed"), "{chain}");
    assert!(chain.contains("AccessDenied: not allowed"), "{chain}");
    assert_eq!(provider.provide_credentials().await.expect("second try").access_key_id(), "ASIALATER");
}

#[tokio::test]
async fn session_token_with_mfa() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("GetSessionToken", "ASIASESSION", Duration::from_secs(3600)));
    let provider = SessionTokenProvider::builder()
        .duration(Duration::from_secs(3600))
        .mfa("arn:aws:iam::111122223333:mfa/bob", |_| Ok("654321".to_owned()))
        .config(config(&server))
        .source_credentials(Credentials::new(SOURCE_KEY, SOURCE_SECRET, None, None, "test"))
        .build();
    assert_eq!(provider.provide_credentials().await.expect("credentials").access_key_id(), "ASIASESSION");
    let request = server.single_request();
    verify_sigv4(&request, SOURCE_KEY, SOURCE_SECRET, REGION);
    let form = request.form();
    assert!(form.contains(&("TokenCode".to_owned(), "654321".to_owned())));
    assert!(form.contains(&("SerialNumber".to_owned(), "arn:aws:iam::111122223333:mfa/bob".to_owned())));
}

const READ_ONLY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

/// Long-term keys -> AssumeRole -> GetScopedCredentials -> a call signed with the scoped
/// credentials: each request signed by the credentials one step before.
#[tokio::test]
async fn scoped_credentials_narrow_an_assumed_role_and_sign_a_later_call() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("AssumeRole", "ASIAASSUMED", Duration::from_secs(3600)));
    server.respond_with(credentials_response("GetScopedCredentials", "ASIASCOPED", Duration::from_secs(900)));
    for _ in 0..2 {
        server.respond_with(caller_identity());
    }
    let assumed = assumed_role(&server);
    let scoped = ScopedCredentialsProvider::builder(assumed)
        .policy(READ_ONLY)
        .duration(Duration::from_secs(900))
        .description("report job")
        .config(config(&server))
        .build()
        .expect("a policy and a duration");
    let client = Client::from_conf(config(&server).to_builder().credentials_provider(scoped).build());
    for _ in 0..2 {
        client.get_caller_identity().send().await.expect("GetCallerIdentity with the scoped credentials");
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 4, "AssumeRole, GetScopedCredentials and two calls: the scoped credentials are cached");
    verify_sigv4(&requests[0], SOURCE_KEY, SOURCE_SECRET, REGION);
    verify_sigv4(&requests[1], "ASIAASSUMED", "ASIAASSUMED-secret", REGION);
    assert_eq!(requests[1].header("x-amz-security-token"), Some("ASIAASSUMED-token"));
    let form = requests[1].form();
    for (key, value) in [
        ("Action", "GetScopedCredentials"),
        ("Policy", READ_ONLY),
        ("DurationSeconds", "900"),
        ("ScopedSessionDescription", "report job"),
    ] {
        assert!(form.contains(&(key.to_owned(), value.to_owned())), "{key}={value} missing from {form:?}");
    }
    for request in &requests[2..] {
        verify_sigv4(request, "ASIASCOPED", "ASIASCOPED-secret", REGION);
        assert_eq!(request.header("x-amz-security-token"), Some("ASIASCOPED-token"));
    }
}

#[tokio::test]
async fn scoped_credentials_never_outlive_their_source() {
    let server = TestServer::start().await;
    // STS answers with credentials that would outlast the source by far.
    server.respond_with(credentials_response("GetScopedCredentials", "ASIASCOPED", Duration::from_secs(7200)));
    let source_expiry = SystemTime::now() + Duration::from_secs(600);
    let source =
        Credentials::new("ASIASOURCE", "source-secret", Some("source-token".into()), Some(source_expiry), "test")
            .with_account_id("111122223333");
    let scoped = ScopedCredentialsProvider::builder(source)
        .duration(Duration::from_secs(3600))
        .config(config(&server))
        .build()
        .expect("a duration");
    let credentials = scoped.provide_credentials().await.expect("scoped");
    assert_eq!(credentials.access_key_id(), "ASIASCOPED");
    assert_eq!(credentials.expiry(), Some(source_expiry), "cut to the source's expiry");
    assert_eq!(credentials.account_id(), Some("111122223333"), "the same identity, the same account");

    let request = server.single_request();
    verify_sigv4(&request, "ASIASOURCE", "source-secret", REGION);
    let asked: u64 = request
        .form()
        .into_iter()
        .find(|(k, _)| k == "DurationSeconds")
        .and_then(|(_, v)| v.parse().ok())
        .expect("DurationSeconds");
    assert!((590..=600).contains(&asked), "asked for {asked} s, not what the source had left");
    assert!(!request.form().iter().any(|(k, _)| k == "Policy"));
}

#[tokio::test]
async fn scoping_what_cannot_be_scoped_sends_nothing() {
    let server = TestServer::start().await;
    let err = ScopedCredentialsProvider::builder(Credentials::new("ASIA1", "s", Some("t".into()), None, "test"))
        .description("neither a policy nor a duration")
        .build()
        .expect_err("GetScopedCredentials needs one");
    assert!(err.to_string().contains("needs a policy, a duration or both"), "{err}");

    let long_term = ScopedCredentialsProvider::builder(Credentials::new(SOURCE_KEY, SOURCE_SECRET, None, None, "test"))
        .policy(READ_ONLY)
        .config(config(&server))
        .build()
        .expect("valid settings");
    let err = long_term.provide_credentials().await.expect_err("long-term keys");
    assert!(err.to_string().contains("long-term keys") && err.to_string().contains("nothing was sent"), "{err}");

    let expired =
        Credentials::new("ASIA1", "s", Some("t".into()), Some(SystemTime::now() - Duration::from_secs(1)), "test");
    let expired = ScopedCredentialsProvider::builder(expired)
        .policy(READ_ONLY)
        .config(config(&server))
        .build()
        .expect("valid settings");
    let err = expired.provide_credentials().await.expect_err("expired source");
    assert!(err.to_string().contains("have expired"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_refused_scope_down_is_a_clear_error_and_is_not_cached() {
    let server = TestServer::start().await;
    server.respond(
        400,
        "<ErrorResponse><Error><Type>Sender</Type><Code>InsufficientSessionLifetime</Code><Message>The requested \
         DurationSeconds exceeds the remaining session lifetime.</Message></Error></ErrorResponse>",
    );
    server.respond_with(credentials_response("GetScopedCredentials", "ASIALATER", Duration::from_secs(900)));
    let source = Credentials::new("ASIA1", "s", Some("t".into()), None, "test");
    let scoped =
        ScopedCredentialsProvider::builder(source).policy(READ_ONLY).config(config(&server)).build().expect("a policy");
    let err = scoped.provide_credentials().await.expect_err("refused");
    let chain = format!("{err}: {}", std::error::Error::source(&err).map(ToString::to_string).unwrap_or_default());
    assert!(chain.contains("GetScopedCredentials failed"), "{chain}");
    assert!(chain.contains("InsufficientSessionLifetime: The requested DurationSeconds exceeds"), "{chain}");
    assert_eq!(scoped.provide_credentials().await.expect("second try").access_key_id(), "ASIALATER");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn web_identity_is_unsigned_and_rereads_its_token_at_each_refresh() {
    let server = TestServer::start().await;
    let dir = scratch_dir("web-identity");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "first-token\n").expect("write");
    // Credentials 15 s from expiry: past their refresh point, so the next call refreshes.
    server.respond_with(credentials_response("AssumeRoleWithWebIdentity", "ASIAWEB1", Duration::from_secs(15)));
    server.respond_with(credentials_response("AssumeRoleWithWebIdentity", "ASIAWEB2", Duration::from_secs(3600)));
    let vars = env_vars(vec![
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.display().to_string()),
        ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/irsa".to_owned()),
        ("AWS_ROLE_SESSION_NAME", "pod-1".to_owned()),
    ]);
    let provider = WebIdentityProvider::from_env(&vars, config(&server)).expect("configured");
    assert_eq!(provider.provide_credentials().await.expect("first").access_key_id(), "ASIAWEB1");
    std::fs::write(&token_file, "rotated-token").expect("write");
    assert_eq!(provider.provide_credentials().await.expect("refreshed").access_key_id(), "ASIAWEB2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for (request, token) in requests.iter().zip(["first-token", "rotated-token"]) {
        assert_eq!(request.header("authorization"), None);
        let form = request.form();
        assert!(form.contains(&("WebIdentityToken".to_owned(), token.to_owned())), "{form:?}");
        assert!(form.contains(&("RoleSessionName".to_owned(), "pod-1".to_owned())));
    }
    assert!(WebIdentityProvider::from_env(&env_vars(vec![]), config(&server)).is_none());
}

/// Writes profile files into a scratch directory and returns the variables naming them.
fn profile_files(name: &str, config_text: &str, credentials_text: &str) -> Env {
    let dir = scratch_dir(name);
    std::fs::write(dir.join("config"), config_text).expect("write");
    std::fs::write(dir.join("credentials"), credentials_text).expect("write");
    env_vars(vec![
        ("HOME", dir.display().to_string()),
        ("AWS_CONFIG_FILE", dir.join("config").display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials").display().to_string()),
    ])
}

#[tokio::test]
async fn profile_role_chains_assume_each_role_in_turn() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("AssumeRole", "ASIAHOP1", Duration::from_secs(3600)));
    server.respond_with(credentials_response("AssumeRole", "ASIAHOP2", Duration::from_secs(3600)));
    let vars = profile_files(
        "chain",
        "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = middle\nexternal_id = x-top\nrole_session_name = s-top\nduration_seconds = 1800\nmfa_serial = arn:aws:iam::1:mfa/u\n\
         [profile middle]\nrole_arn = arn:aws:iam::1:role/middle\nsource_profile = base\n",
        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
    );
    let profiles = ProfileSet::load(&*vars).expect("files");
    let provider = ProfileProvider::new(
        &profiles,
        "top",
        &config(&server),
        &vars,
        Some(Arc::new(|serial: &str| {
            assert_eq!(serial, "arn:aws:iam::1:mfa/u", "the profile's mfa_serial");
            Ok("111111".into())
        })),
    )
    .expect("profile");
    assert_eq!(provider.provide_credentials().await.expect("credentials").access_key_id(), "ASIAHOP2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    verify_sigv4(&requests[0], "AKIDBASE", "base-secret", REGION);
    assert!(requests[0].form().contains(&("RoleArn".into(), "arn:aws:iam::1:role/middle".into())));
    verify_sigv4(&requests[1], "ASIAHOP1", "ASIAHOP1-secret", REGION);
    let top = requests[1].form();
    for (key, value) in [
        ("RoleArn", "arn:aws:iam::1:role/top"),
        ("ExternalId", "x-top"),
        ("RoleSessionName", "s-top"),
        ("DurationSeconds", "1800"),
        ("TokenCode", "111111"),
    ] {
        assert!(top.contains(&(key.to_owned(), value.to_owned())), "{key} missing from {top:?}");
    }
}

#[tokio::test]
async fn profile_errors_are_clear() {
    let server = TestServer::start().await;
    let vars = profile_files(
        "errors",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n\
         [profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = keys\nmfa_serial = arn:aws:iam::1:mfa/u\n\
         [profile orphan]\nrole_arn = arn:aws:iam::1:role/o\n[profile odd]\nrole_arn = arn:aws:iam::1:role/i\ncredential_source = Somewhere\n",
        "[keys]\naws_access_key_id = AKID\naws_secret_access_key = s\n[half]\naws_access_key_id = AKID\n",
    );
    let profiles = ProfileSet::load(&*vars).expect("files");
    let error = |name: &str| {
        ProfileProvider::new(&profiles, name, &config(&server), &vars, None).expect_err("invalid").to_string()
    };
    assert_eq!(error("a"), "profiles form a loop: a -> b -> a");
    assert!(error("mfa").contains("needs an MFA code"), "{}", error("mfa"));
    assert!(error("orphan").contains("no source_profile, credential_source or web_identity_token_file"));
    assert!(error("odd").contains("credential_source `Somewhere` is not supported"), "{}", error("odd"));
    assert!(error("half").contains("aws_access_key_id but no aws_secret_access_key"));
    assert!(error("missing").contains("profile `missing` is not in"));
    let broken = profile_files("broken", "[profile x]\nnot a property\n", "");
    let err = ProfileSet::load(&*broken).expect_err("malformed");
    assert!(err.to_string().ends_with("config, line 2: expected `key = value`"), "{err}");
}

#[tokio::test]
async fn profiles_with_environment_source_and_credential_process() {
    let server = TestServer::start().await;
    server.respond_with(credentials_response("AssumeRole", "ASIAFROMENV", Duration::from_secs(3600)));
    let dir = scratch_dir("profile-env");
    std::fs::write(
        dir.join("config"),
        "[profile env-role]\nrole_arn = arn:aws:iam::1:role/e\ncredential_source = Environment\n\
         [profile proc]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"p\"}'\n",
    )
    .expect("write");
    let vars = env_vars(vec![
        ("AWS_CONFIG_FILE", dir.join("config").display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.join("none").display().to_string()),
        ("AWS_ACCESS_KEY_ID", "AKIDENV".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "env-secret".to_owned()),
    ]);
    let profiles = ProfileSet::load(&*vars).expect("files");
    let env_role = ProfileProvider::new(&profiles, "env-role", &config(&server), &vars, None).expect("profile");
    assert_eq!(env_role.provide_credentials().await.expect("credentials").access_key_id(), "ASIAFROMENV");
    verify_sigv4(&server.single_request(), "AKIDENV", "env-secret", REGION);
    let process = ProfileProvider::new(&profiles, "proc", &config(&server), &vars, None).expect("profile");
    assert_eq!(process.provide_credentials().await.expect("credentials").access_key_id(), "AKIDPROC");
}

#[tokio::test]
async fn the_default_chain_says_where_it_looked() {
    let server = TestServer::start().await;
    let home = ("HOME", scratch_dir("empty-home").display().to_string());
    let nothing = env_vars(vec![home.clone(), ("AWS_EC2_METADATA_DISABLED", "true".into())]);
    let chain = DefaultChain::with_env(nothing, &config(&server), None);
    assert_eq!(chain.source(), None);
    let err = chain.provide_credentials().await.expect_err("nothing").to_string();
    for place in ["environment", "profile `default`", "web identity", "container", "instance metadata: AWS_EC2"] {
        assert!(err.contains(place), "{place} not mentioned: {err}");
    }
    // The instance metadata service is the last source: when it cannot be reached, its
    // error also says where else the chain looked (here nothing listens on its port).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let imds = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", format!("http://{closed}"));
    let chain = DefaultChain::with_env(env_vars(vec![home, imds]), &config(&server), None);
    assert_eq!(chain.source(), Some("instance metadata"));
    let err = chain.provide_credentials().await.expect_err("not on EC2").to_string();
    assert!(err.starts_with("no credentials found; looked at: environment"), "{err}");
    assert!(err.contains("cannot be reached") && err.contains("does not look like an EC2 instance"), "{err}");
    let keys = env_vars(vec![("AWS_ACCESS_KEY_ID", "AKIDENV".into()), ("AWS_SECRET_ACCESS_KEY", "s".into())]);
    assert_eq!(DefaultChain::with_env(keys, &config(&server), None).source(), Some("environment"));
    let profile =
        profile_files("chain-profile", "", "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n");
    let chain = DefaultChain::with_env(profile, &config(&server), None);
    assert_eq!(chain.source(), Some("profile"));
    assert_eq!(chain.provide_credentials().await.expect("profile").access_key_id(), "AKIDPROFILE");
}

/// A profile asked for by name (`AWS_PROFILE`, `--profile`) that no file has is an error, as
/// the AWS CLI makes it: neither `from_env` nor the chain goes on to other credentials (here a
/// local instance metadata service that would give some, and is never asked).
#[tokio::test]
async fn a_profile_named_but_in_no_file_is_an_error_not_passed_over() {
    let server = TestServer::start().await;
    let imds = TestServer::start().await;
    let files = profile_files("named-missing", "[profile dev]\nregion = eu-west-1\n", "");
    let with = |extra: Vec<(&str, String)>| {
        let files = files.clone();
        let extra: Vec<(String, String)> = extra.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let env: Env = Arc::new(move |name: &str| {
            extra.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).or_else(|| files(name))
        });
        env
    };
    let typo = || {
        with(vec![
            ("AWS_PROFILE", "prdo".to_owned()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url.clone()),
            ("AWS_REGION", "us-east-1".to_owned()),
        ])
    };
    let chain = DefaultChain::with_env(typo(), &config(&server), None);
    assert_eq!(chain.source(), None);
    let err = chain.provide_credentials().await.expect_err("no such profile").to_string();
    assert!(
        err.starts_with("profile `prdo` is not in ") && err.ends_with("credentials (AWS_PROFILE names it)"),
        "{err}"
    );

    let err = Client::from_env_vars(typo()).expect_err("no such profile");
    assert!(matches!(&err, sts::credentials::FromEnvError::ProfileNotFound(e) if e.profile() == "prdo"), "{err:?}");
    assert!(err.to_string().starts_with("profile `prdo` is not in "), "{err}");
    assert_eq!(imds.request_count(), 0, "the instance's credentials were not asked for");

    // `default` may be missing: nothing names it.
    let unnamed = with(vec![("AWS_EC2_METADATA_DISABLED", "true".to_owned()), ("AWS_REGION", "us-east-1".to_owned())]);
    let client = Client::from_env_vars(unnamed).expect("configured without a default profile");
    assert_eq!(client.config().region(), Some("us-east-1"));
    let named = with(vec![("AWS_PROFILE", "dev".to_owned()), ("AWS_EC2_METADATA_DISABLED", "true".to_owned())]);
    assert_eq!(Client::from_env_vars(named).expect("dev exists").config().region(), Some("eu-west-1"));
}

#[tokio::test]
async fn client_from_env_takes_the_region_from_the_profile_and_credentials_from_the_chain() {
    let server = TestServer::start().await;
    server.respond_with(Canned {
        status: 200,
        headers: vec![],
        body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>".into(),
    });
    // Only HOME is set: the files are found at their default places, ~/.aws/{config,credentials}.
    let dir = scratch_dir("from-env");
    std::fs::create_dir_all(dir.join(".aws")).expect("mkdir");
    std::fs::write(dir.join(".aws/config"), "[profile dev]\nregion = ap-southeast-2\n").expect("write");
    std::fs::write(
        dir.join(".aws/credentials"),
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n",
    )
    .expect("write");
    let vars = env_vars(vec![
        ("HOME", dir.display().to_string()),
        ("AWS_PROFILE", "dev".to_owned()),
        ("AWS_ENDPOINT_URL_STS", server.url.clone()),
    ]);
    let client = Client::from_env_vars(vars).expect("configured");
    assert_eq!(client.config().region(), Some("ap-southeast-2"));
    client.get_caller_identity().send().await.expect("call");
    verify_sigv4(&server.single_request(), "AKIDDEV", "dev-secret", "ap-southeast-2");
    let bad = env_vars(vec![("AWS_STS_REGIONAL_ENDPOINTS", "sometimes".to_owned())]);
    assert!(Client::from_env_vars(bad).expect_err("invalid").to_string().starts_with("AWS_STS_REGIONAL_ENDPOINTS"));
}

#[test]
fn sts_credentials_convert_to_signing_credentials() {
    let sts_credentials = sts::types::Credentials::builder()
        .access_key_id("ASIA")
        .secret_access_key("secret")
        .session_token("token")
        .expiration(DateTime::from_secs(1_800_000_000))
        .build()
        .expect("complete");
    let credentials = Credentials::try_from(sts_credentials).expect("in range");
    assert_eq!((credentials.access_key_id(), credentials.session_token()), ("ASIA", Some("token")));
    assert_eq!(credentials.expiry(), Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_callers_cause_one_sts_call() {
    let server = TestServer::start().await;
    server.then(sts_testkit::Action::Delay(
        Duration::from_millis(100),
        credentials_response("AssumeRole", "ASIASHARED", Duration::from_secs(3600)),
    ));
    let provider = Arc::new(
        AssumeRoleProvider::builder("arn:aws:iam::1:role/r")
            .config(config(&server))
            .source_credentials(Credentials::new(SOURCE_KEY, SOURCE_SECRET, None, None, "test"))
            .build(),
    );
    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.provide_credentials().await.map(|c| c.access_key_id().to_owned()) })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.expect("joined").expect("credentials"), "ASIASHARED");
    }
    assert_eq!(server.request_count(), 1);
}

//! The EC2 instance metadata provider (IMDSv2) against a simulated service on 127.0.0.1:
//! session tokens (kept, renewed on 401), the extended and legacy credentials APIs, a
//! configured or discovered instance profile, the IMDSv1 fallback and its refusal, an
//! unreachable service, and static stability.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sts::config::HttpClient;
use sts::credentials::{DefaultChain, ImdsProvider, ImdsSettings, ProvideCredentials};
use sts::{Client, Config};
use sts_runtime::profile::ProfileSet;
use sts_testkit::{
    Action, Canned, Recorded, RecordingSleep, Responder, TestServer, assume_role_answer, env_vars, scratch_dir,
    verify_sigv4,
};

fn http() -> Arc<dyn HttpClient> {
    Config::builder().build().http_client().clone()
}

const EXTENDED: &str = "/latest/meta-data/iam/security-credentials-extended/";
const LEGACY: &str = "/latest/meta-data/iam/security-credentials/";

/// What the simulated service does.
#[derive(Debug)]
struct Imds {
    /// `None`: tokens are not supported (the token call answers this status instead).
    tokens: Result<(), u16>,
    issued: Vec<String>,
    /// Tokens issued before this index are stale (401).
    stale_before: usize,
    extended: bool,
    role: String,
    expiration: String,
    /// Every call answers 500 (the service is in trouble).
    broken: bool,
}

impl Default for Imds {
    fn default() -> Self {
        Self {
            tokens: Ok(()),
            issued: Vec::new(),
            stale_before: 0,
            extended: true,
            role: "web-role".to_owned(),
            expiration: "2099-01-01T00:00:00Z".to_owned(),
            broken: false,
        }
    }
}

fn text(status: u16, body: &str) -> Canned {
    Canned { status, headers: vec![], body: body.to_owned() }
}

impl Imds {
    fn answer(&mut self, request: &Recorded) -> Canned {
        if self.broken {
            return text(500, "");
        }
        if request.method == "PUT" && request.path == "/latest/api/token" {
            return match self.tokens {
                Ok(()) if request.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") => {
                    let token = format!("imds-token-{}", self.issued.len());
                    self.issued.push(token.clone());
                    text(200, &token)
                }
                Ok(()) => text(400, ""),
                Err(status) => text(status, ""),
            };
        }
        match (&self.tokens, request.header("x-aws-ec2-metadata-token")) {
            (Ok(()), Some(token)) if self.issued[self.stale_before..].iter().any(|t| t == token) => {}
            (Ok(()), _) => return text(401, ""),
            (Err(_), None) => {}
            (Err(_), Some(_)) => return text(400, ""),
        }
        let (base, extended) = match request.path.strip_prefix(EXTENDED) {
            Some(rest) => (rest, true),
            None => match request.path.strip_prefix(LEGACY) {
                Some(rest) => (rest, false),
                None => return text(404, ""),
            },
        };
        if extended && !self.extended {
            return text(404, "");
        }
        if base.is_empty() {
            return text(200, &format!("{}\n", self.role));
        }
        if base != self.role {
            return text(404, "");
        }
        let account = if extended { r#""AccountId":"123456789012","# } else { "" };
        text(
            200,
            &format!(
                r#"{{"Code":"Success","LastUpdated":"2026-11-30T00:00:00Z","Type":"AWS-HMAC",{account}
                    "AccessKeyId":"ASIA{}","SecretAccessKey":"imds-secret","Token":"imds-session",
                    "Expiration":"{}"}}"#,
                self.role.to_uppercase().replace('-', ""),
                self.expiration
            ),
        )
    }
}

/// A server answering as `imds` does, for up to 40 requests.
async fn serve(imds: &Arc<Mutex<Imds>>) -> TestServer {
    let server = TestServer::start().await;
    for _ in 0..40 {
        let imds = Arc::clone(imds);
        server.then(Action::Compute(Responder(Arc::new(move |request| imds.lock().expect("lock").answer(request)))));
    }
    server
}

fn provider(server: &TestServer, more: Vec<(&str, String)>) -> ImdsProvider {
    let mut vars = vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", format!("{}/", server.url))];
    vars.extend(more);
    let settings = ImdsSettings::from_env(&env_vars(vars), None).expect("settings").expect("enabled");
    ImdsProvider::new(settings, http())
}

fn paths(server: &TestServer) -> Vec<String> {
    server.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect()
}

#[tokio::test]
async fn the_extended_api_gives_the_account_and_the_token_is_kept() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let provider = provider(&server, vec![]);
    let first = provider.provide_credentials().await.expect("credentials");
    assert_eq!(
        (first.access_key_id(), first.secret_access_key(), first.session_token()),
        ("ASIAWEBROLE", "imds-secret", Some("imds-session"))
    );
    assert_eq!(first.account_id(), Some("123456789012"));
    provider.provide_credentials().await.expect("again");
    assert_eq!(
        paths(&server),
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials-extended/",
            "GET /latest/meta-data/iam/security-credentials-extended/web-role",
            "GET /latest/meta-data/iam/security-credentials-extended/web-role",
        ],
        "one token, one discovery, then only the credentials"
    );
    assert!(!format!("{provider:?}").contains("imds-token"), "{provider:?}");

    // The service forgets the token: the next call answers 401, and a new one is asked for.
    imds.lock().expect("lock").stale_before = 1;
    provider.provide_credentials().await.expect("with a new token");
    assert_eq!(
        &paths(&server)[4..],
        [
            "GET /latest/meta-data/iam/security-credentials-extended/web-role",
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials-extended/web-role"
        ]
    );
}

#[tokio::test]
async fn the_token_is_renewed_two_minutes_before_its_six_hours_run_out() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let start = SystemTime::now();
    let elapsed = Arc::new(AtomicU64::new(0));
    let clock = Arc::clone(&elapsed);
    let provider = provider(&server, vec![])
        .with_time_source(Arc::new(move || start + Duration::from_secs(clock.load(Ordering::SeqCst))));
    let tokens_sent = || -> Vec<String> {
        server.requests().iter().filter_map(|r| r.header("x-aws-ec2-metadata-token").map(str::to_owned)).collect()
    };
    provider.provide_credentials().await.expect("credentials");
    let renew_at = 6 * 3600 - 120;
    elapsed.store(renew_at - 1, Ordering::SeqCst);
    provider.provide_credentials().await.expect("a second before the renewal");
    assert_eq!(paths(&server).iter().filter(|p| *p == "PUT /latest/api/token").count(), 1, "{:?}", paths(&server));
    assert!(tokens_sent().iter().all(|t| t == "imds-token-0"), "{:?}", tokens_sent());

    elapsed.store(renew_at, Ordering::SeqCst);
    provider.provide_credentials().await.expect("at the renewal");
    let paths = paths(&server);
    assert_eq!(
        &paths[paths.len() - 2..],
        ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials-extended/web-role"],
        "a new token before the credentials"
    );
    assert_eq!(tokens_sent().last().map(String::as_str), Some("imds-token-1"), "the new token is the one sent");
}

#[tokio::test]
async fn without_the_extended_api_the_legacy_one_is_used_from_then_on() {
    let imds = Arc::new(Mutex::new(Imds { extended: false, ..Imds::default() }));
    let server = serve(&imds).await;
    let provider = provider(&server, vec![]);
    let credentials = provider.provide_credentials().await.expect("credentials");
    assert_eq!((credentials.access_key_id(), credentials.account_id()), ("ASIAWEBROLE", None));
    provider.provide_credentials().await.expect("again");
    let paths = paths(&server);
    assert_eq!(paths.iter().filter(|p| p.contains("-extended")).count(), 1, "{paths:?}");
    assert_eq!(paths.last().map(String::as_str), Some("GET /latest/meta-data/iam/security-credentials/web-role"));
}

#[tokio::test]
async fn a_configured_profile_name_skips_discovery_and_an_unknown_one_is_invalid() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let named = provider(&server, vec![("AWS_EC2_INSTANCE_PROFILE_NAME", "web-role".to_owned())]);
    named.provide_credentials().await.expect("credentials");
    assert_eq!(
        paths(&server),
        ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials-extended/web-role"]
    );

    let wrong = provider(&server, vec![("AWS_EC2_INSTANCE_PROFILE_NAME", "other-role".to_owned())]);
    let err = wrong.provide_credentials().await.expect_err("unknown").to_string();
    assert!(err.contains("`other-role`") && err.contains("invalid profile"), "{err}");
    let paths = paths(&server);
    assert!(
        paths.contains(&"GET /latest/meta-data/iam/security-credentials/other-role".to_owned()),
        "both APIs asked: {paths:?}"
    );
}

#[tokio::test]
async fn a_changed_role_is_discovered_again() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let provider = provider(&server, vec![]);
    assert_eq!(provider.provide_credentials().await.expect("first").access_key_id(), "ASIAWEBROLE");
    imds.lock().expect("lock").role = "batch-role".to_owned();
    assert_eq!(provider.provide_credentials().await.expect("after the change").access_key_id(), "ASIABATCHROLE");
}

#[tokio::test]
async fn imdsv1_only_when_tokens_are_not_supported_and_it_is_allowed() {
    let imds = Arc::new(Mutex::new(Imds { tokens: Err(405), ..Imds::default() }));
    let server = serve(&imds).await;
    let provider = provider(&server, vec![]);
    assert_eq!(provider.provide_credentials().await.expect("v1").access_key_id(), "ASIAWEBROLE");
    let requests = server.requests();
    assert!(requests[1..].iter().all(|r| r.header("x-aws-ec2-metadata-token").is_none()));

    let refused = self::provider(&server, vec![("AWS_EC2_METADATA_V1_DISABLED", "true".to_owned())]);
    let before = server.request_count();
    let err = refused.provide_credentials().await.expect_err("v1 disabled").to_string();
    assert!(err.contains("does not support session tokens (HTTP 405), and IMDSv1 is disabled"), "{err}");
    assert_eq!(server.request_count(), before + 1, "only the token call");

    // A token call refused for another reason is no reason to fall back.
    imds.lock().expect("lock").tokens = Err(403);
    let forbidden = self::provider(&server, vec![]);
    let err = forbidden.provide_credentials().await.expect_err("403").to_string();
    assert!(err.contains("the session token call answered HTTP 403"), "{err}");
}

#[tokio::test]
async fn an_unreachable_service_is_known_at_once_and_said_plainly() {
    // Nothing listens: refused connections, tried twice.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let settings = ImdsSettings::from_env(
        &env_vars(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", format!("http://{closed}"))]),
        None,
    )
    .expect("settings")
    .expect("enabled");
    let provider = ImdsProvider::new(settings, http()).with_sleep(Arc::new(RecordingSleep::default()));
    let err = provider.provide_credentials().await.expect_err("not on EC2").to_string();
    assert!(err.contains("cannot be reached") && err.contains("does not look like an EC2 instance"), "{err}");

    // Something listens but never answers: one attempt of one second, not tried again.
    let server = TestServer::start().await;
    server.then(Action::Delay(Duration::from_secs(30), text(200, "late")));
    let sleep = RecordingSleep::default();
    let settings =
        ImdsSettings::from_env(&env_vars(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url.clone())]), None)
            .expect("settings")
            .expect("enabled");
    let provider = ImdsProvider::new(settings, http()).with_sleep(Arc::new(sleep.clone()));
    let err = provider.provide_credentials().await.expect_err("silent").to_string();
    assert!(err.contains("no answer within 1 s"), "{err}");
    assert_eq!(sleep.delays(), [Duration::from_secs(1)]);
}

#[tokio::test]
async fn the_last_credentials_outlive_an_outage_for_a_few_minutes() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let provider = provider(&server, vec![]);
    provider.provide_credentials().await.expect("credentials");
    imds.lock().expect("lock").broken = true;
    let kept = provider.provide_credentials().await.expect("the last ones, extended");
    assert_eq!(kept.access_key_id(), "ASIAWEBROLE");
    let left = kept.expiry().expect("an expiry").duration_since(SystemTime::now()).expect("in the future");
    assert!(left > Duration::from_secs(290) && left <= Duration::from_secs(600), "{left:?}");

    // Credentials the service gives already expired are used a few more minutes too.
    let imds = Arc::new(Mutex::new(Imds { expiration: "2020-01-01T00:00:00Z".to_owned(), ..Imds::default() }));
    let server = serve(&imds).await;
    let expired = self::provider(&server, vec![]).provide_credentials().await.expect("extended");
    assert!(expired.expiry().expect("expiry") > SystemTime::now() + Duration::from_secs(290));

    // With nothing to fall back on, the outage is an error.
    let imds = Arc::new(Mutex::new(Imds { broken: true, ..Imds::default() }));
    let server = serve(&imds).await;
    let err = self::provider(&server, vec![]).provide_credentials().await.expect_err("nothing yet").to_string();
    assert!(err.contains("the session token call answered HTTP 500"), "{err}");
}

#[test]
fn settings_come_from_the_environment_then_the_profile() {
    let settings = |vars: Vec<(&str, &str)>, profile: &str| {
        let profiles = ProfileSet::parse(Some(("config", profile)), None).expect("profile");
        let vars = env_vars(vars.into_iter().map(|(k, v)| (k, v.to_owned())).collect());
        ImdsSettings::from_env(&vars, profiles.get("default"))
    };
    let default = settings(vec![], "").expect("ok").expect("enabled");
    assert_eq!(
        (default.endpoint.as_str(), default.profile_name, default.v1_disabled),
        ("http://169.254.169.254", None, false)
    );
    let ipv6 = settings(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")], "").expect("ok").expect("enabled");
    assert_eq!(ipv6.endpoint, "http://[fd00:ec2::254]");
    let from_profile = settings(
        vec![],
        "[default]\nec2_metadata_service_endpoint_mode = IPv6\nec2_instance_profile_name = app\nec2_metadata_v1_disabled = true\n",
    )
    .expect("ok")
    .expect("enabled");
    assert_eq!(
        (from_profile.endpoint.as_str(), from_profile.profile_name.as_deref(), from_profile.v1_disabled),
        ("http://[fd00:ec2::254]", Some("app"), true)
    );
    let variable_first = settings(
        vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")],
        "[default]\nec2_metadata_service_endpoint = http://10.0.0.1\n",
    )
    .expect("ok")
    .expect("enabled");
    assert_eq!(variable_first.endpoint, "http://127.0.0.1:9");
    assert!(settings(vec![("AWS_EC2_METADATA_DISABLED", "true")], "").expect("ok").is_none());
    for (variable, value, why) in [
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5", "expected `IPv4` or `IPv6`"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ftp://x", "not an http or https URL"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://user:pw@127.0.0.1", "not an http or https URL"),
        ("AWS_EC2_METADATA_DISABLED", "yes", "expected `true` or `false`"),
    ] {
        let err = settings(vec![(variable, value)], "").expect_err(value).to_string();
        assert!(err.contains(why) && !err.contains("pw@"), "{variable}={value}: {err}");
    }
}

#[tokio::test]
async fn the_chain_and_a_profile_role_take_instance_credentials() {
    let imds = Arc::new(Mutex::new(Imds::default()));
    let server = serve(&imds).await;
    let sts = TestServer::start().await;
    let dir = scratch_dir("imds-chain");
    std::fs::create_dir_all(dir.join(".aws")).expect("~/.aws");
    // A config file that sets only the region does not stop the chain before the service.
    std::fs::write(dir.join(".aws/config"), "[default]\nregion = eu-west-1\n\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\ncredential_source = Ec2InstanceMetadata\n").expect("config");
    let base = vec![("HOME", dir.display().to_string()), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url.clone())];
    let chain = DefaultChain::with_env(env_vars(base.clone()), &Config::builder().build(), None);
    assert_eq!(chain.source(), Some("instance metadata"));
    assert_eq!(chain.provide_credentials().await.expect("instance").access_key_id(), "ASIAWEBROLE");

    sts.respond(200, &assume_role_answer("ASIAAPP", "app-secret", "app-token", "2099-01-01T00:00:00Z"));
    let mut vars = base;
    vars.extend([
        ("AWS_PROFILE", "app".to_owned()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_REGION", "eu-west-1".to_owned()),
    ]);
    let client = Client::from_env_vars(env_vars(vars)).expect("configured");
    let role = client.config().credentials_provider().expect("chain").provide_credentials().await.expect("role");
    assert_eq!(role.access_key_id(), "ASIAAPP");
    verify_sigv4(&sts.single_request(), "ASIAWEBROLE", "imds-secret", "eu-west-1");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn from_env_takes_the_region_from_the_instance_at_the_first_call() {
    let server = TestServer::start().await;
    server.respond(200, "imds-token-0");
    server.respond(200, "ap-southeast-2");
    let sts = TestServer::start().await;
    sts.respond(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
    sts.respond(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
    let dir = scratch_dir("imds-region");
    let base = vec![
        ("HOME", dir.display().to_string()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url.clone()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_ACCESS_KEY_ID", "AKIDENV".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "env-secret".to_owned()),
    ];
    let client = Client::from_env_vars(env_vars(base.clone())).expect("configured");
    assert_eq!(client.config().region(), None, "not asked before a call");
    assert_eq!(server.request_count(), 0);
    client.get_caller_identity().send().await.expect("first call");
    client.get_caller_identity().send().await.expect("second call");
    assert_eq!(paths(&server), ["PUT /latest/api/token", "GET /latest/meta-data/placement/region"], "asked once");
    for request in sts.requests() {
        verify_sigv4(&request, "AKIDENV", "env-secret", "ap-southeast-2");
    }

    // A region from the environment comes first: the service is not asked.
    let mut with_region = base.clone();
    with_region.push(("AWS_REGION", "eu-north-1".to_owned()));
    let client = Client::from_env_vars(env_vars(with_region)).expect("configured");
    assert_eq!(client.config().region(), Some("eu-north-1"));
    assert!(client.config().region_provider().is_none());

    // Off EC2 the client has no region, and its calls say so, sending nothing to STS.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let mut off = base;
    off[1] = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", format!("http://{closed}"));
    let err = Client::from_env_vars(env_vars(off))
        .expect("configured")
        .get_caller_identity()
        .send()
        .await
        .expect_err("no region");
    assert!(err.to_string().contains("region"), "{err}");
    assert_eq!(sts.request_count(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

/// What is set decides which source the default chain takes, in the order aws-config and
/// botocore use: environment, profile, web identity, container, instance metadata.
#[test]
fn the_default_chain_takes_the_first_source_that_is_set() {
    let dir = scratch_dir("chain-matrix");
    std::fs::create_dir_all(dir.join(".aws")).expect("~/.aws");
    std::fs::write(
        dir.join(".aws/config"),
        "[default]\nregion = eu-west-1\n[profile keys]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n",
    )
    .expect("config");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "jwt").expect("token");
    let sources: [(&str, Vec<(&str, String)>); 5] = [
        ("environment", vec![("AWS_ACCESS_KEY_ID", "AKID".into()), ("AWS_SECRET_ACCESS_KEY", "s".into())]),
        ("profile", vec![("AWS_PROFILE", "keys".into())]),
        (
            "web identity",
            vec![
                ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.display().to_string()),
                ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r".into()),
            ],
        ),
        ("container", vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds".into())]),
        ("instance metadata", vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1".into())]),
    ];
    // Every subset of the five sources: the first one set in chain order answers.
    for mask in 0u32..32 {
        let mut vars = vec![("HOME", dir.display().to_string())];
        let mut expected = None;
        for (i, (name, set)) in sources.iter().enumerate() {
            if mask & (1 << i) != 0 {
                vars.extend(set.iter().cloned());
                expected = expected.or(Some(*name));
            }
        }
        if mask & (1 << 4) == 0 {
            vars.push(("AWS_EC2_METADATA_DISABLED", "true".into()));
        }
        let chain = DefaultChain::with_env(env_vars(vars), &Config::builder().build(), None);
        assert_eq!(chain.source(), expected, "sources set: {mask:05b}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

//! IAM Identity Center (SSO) profiles against a server on 127.0.0.1 standing in for the SSO
//! portal and SSO OIDC, with the AWS CLI's token cache in a temporary home.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sts::credentials::{DefaultChain, ProfileProvider, ProvideCredentials, SsoSettings};
use sts::{Client, Config, DateTime};
use sts_runtime::date_time::TimestampFormat;
use sts_runtime::env::Env;
use sts_runtime::profile::ProfileSet;
use sts_testkit::{Action, Canned, Recorded, Responder, TestServer, assume_role_answer, verify_sigv4};

const CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n\
region = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\n\
[profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 444455556666\n\
sso_role_name = ReadOnly\n\n[profile chained]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = dev\n\
region = eu-west-1\n";

/// A temporary home with the config file, and the environment pointing there and at `server`.
fn home(name: &str, server: &TestServer) -> (std::path::PathBuf, Env) {
    let dir = std::env::temp_dir().join(format!("sts-sso-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".aws/sso/cache")).expect("cache dir");
    std::fs::write(dir.join(".aws/config"), CONFIG).expect("config");
    let vars = [
        ("HOME".to_owned(), dir.display().to_string()),
        ("AWS_ENDPOINT_URL_SSO".to_owned(), server.url.clone()),
        ("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), server.url.clone()),
        ("AWS_ENDPOINT_URL_STS".to_owned(), server.url.clone()),
        ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
    ];
    let env: Env = Arc::new(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
    (dir, env)
}

fn rfc3339(at: SystemTime) -> String {
    DateTime::from(at).format(TimestampFormat::DateTime)
}

/// Writes the token cache `aws sso login` leaves, the token valid for `valid_for`.
fn cache(dir: &std::path::Path, file: &str, valid_for: Duration, refreshable: bool) -> std::path::PathBuf {
    let mut document = serde_json::json!({
        "startUrl": "https://corp.awsapps.com/start",
        "region": "eu-west-1",
        "accessToken": "cached-access-token",
        "expiresAt": rfc3339(SystemTime::now() + valid_for),
    });
    if refreshable {
        document["clientId"] = "client-id".into();
        document["clientSecret"] = "CLIENT-SECRET".into();
        document["refreshToken"] = "REFRESH-TOKEN".into();
        document["registrationExpiresAt"] = rfc3339(SystemTime::now() + Duration::from_secs(86_400)).into();
    }
    let path = dir.join(".aws/sso/cache").join(file);
    std::fs::write(&path, document.to_string()).expect("cache file");
    path
}

fn role_credentials(key: &str) -> Canned {
    let expiration = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("now").as_millis() + 3_600_000;
    Canned {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: format!(
            r#"{{"roleCredentials":{{"accessKeyId":"{key}","secretAccessKey":"sso-secret","sessionToken":"sso-session","expiration":{expiration}}}}}"#
        ),
    }
}

fn settings(name: &str) -> SsoSettings {
    let profiles = ProfileSet::parse(Some(("config", CONFIG)), None).expect("config");
    SsoSettings::from_profile(profiles.get(name).expect("profile"), &profiles).expect("valid").expect("sso")
}

fn provider(env: &Env, name: &str) -> ProfileProvider {
    let profiles = ProfileSet::load(&**env).expect("files");
    ProfileProvider::new(&profiles, name, &Config::builder().build(), env, None).expect("provider")
}

#[test]
fn the_cache_file_is_named_by_the_session_or_the_legacy_start_url() {
    // The SHA-1 of "corp" and of the start URL, as the AWS CLI names them.
    assert_eq!(settings("dev").cache_file_name(), format!("{}.json", sha1_hex("corp")));
    assert_eq!(settings("legacy").cache_file_name(), format!("{}.json", sha1_hex("https://old.awsapps.com/start")));
}

/// SHA-1 in hex, computed here by Python's definition of it: an independent check.
fn sha1_hex(text: &str) -> String {
    let output = std::process::Command::new("python3")
        .args(["-c", "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", text])
        .output()
        .expect("python3");
    String::from_utf8(output.stdout).expect("utf-8").trim().to_owned()
}

#[tokio::test]
async fn a_cached_token_gets_the_roles_credentials() {
    let server = TestServer::start().await;
    let (dir, env) = home("cached", &server);
    cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(3600), false);
    server.respond_with(role_credentials("ASIASSO"));
    let credentials = provider(&env, "dev").provide_credentials().await.expect("credentials");
    assert_eq!(
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token()),
        ("ASIASSO", "sso-secret", Some("sso-session"))
    );
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert!(credentials.expiry().is_some_and(|at| at > SystemTime::now() + Duration::from_secs(3000)));
    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/federation/credentials?account_id=111122223333&role_name=Developer");
    assert_eq!(request.header("x-amz-sso_bearer_token"), Some("cached-access-token"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_token_near_its_end_is_refreshed_and_the_cache_written_back() {
    let server = TestServer::start().await;
    let (dir, env) = home("refresh", &server);
    let path = cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(300), true);
    let seen: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let recorder = Arc::clone(&seen);
    server.then(Action::Compute(Responder(Arc::new(move |request| {
        recorder.lock().expect("lock").push(request.clone());
        Canned {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"accessToken":"refreshed-access-token","expiresIn":28800,"refreshToken":"NEW-REFRESH","tokenType":"Bearer"}"#.into(),
        }
    }))));
    server.respond_with(role_credentials("ASIAREFRESHED"));
    let credentials = provider(&env, "dev").provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIAREFRESHED");

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("POST", "/token"));
    let sent: serde_json::Value = serde_json::from_str(&requests[0].body).expect("JSON body");
    assert_eq!(sent["grantType"], "refresh_token");
    assert_eq!((sent["clientId"].as_str(), sent["refreshToken"].as_str()), (Some("client-id"), Some("REFRESH-TOKEN")));
    assert_eq!(requests[1].header("x-amz-sso_bearer_token"), Some("refreshed-access-token"));

    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("cache")).expect("JSON");
    assert_eq!(written["accessToken"], "refreshed-access-token");
    assert_eq!(written["refreshToken"], "NEW-REFRESH");
    assert_eq!(written["startUrl"], "https://corp.awsapps.com/start", "the other members are kept");
    let expires =
        DateTime::parse(written["expiresAt"].as_str().expect("expiresAt"), TimestampFormat::DateTime).expect("date");
    assert!(SystemTime::try_from(expires).expect("in range") > SystemTime::now() + Duration::from_secs(28_000));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let leftovers = std::fs::read_dir(path.parent().expect("dir")).expect("list").count();
    assert_eq!(leftovers, 1, "no temporary file is left");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_missing_or_expired_token_says_to_log_in_and_shows_no_secret() {
    let server = TestServer::start().await;
    let (dir, env) = home("expired", &server);
    let err = provider(&env, "dev").provide_credentials().await.expect_err("no cache").to_string();
    assert!(err.contains("run `aws sso login --profile dev`") && err.contains("there is no token"), "{err}");

    cache(&dir, &settings("dev").cache_file_name(), Duration::ZERO, false);
    let err = provider(&env, "dev").provide_credentials().await.expect_err("expired").to_string();
    assert!(err.contains("expired") && err.contains("aws sso login --profile dev"), "{err}");

    // A refresh the OIDC service refuses: the token has expired, so log in again.
    let path = cache(&dir, &settings("dev").cache_file_name(), Duration::ZERO, true);
    server.respond_with(Canned {
        status: 400,
        headers: vec![],
        body: r#"{"error":"invalid_grant","error_description":"refresh token expired"}"#.into(),
    });
    let err = provider(&env, "dev").provide_credentials().await.expect_err("refused refresh").to_string();
    assert!(err.contains("refresh token expired") && err.contains("aws sso login"), "{err}");
    assert!(!err.contains("REFRESH-TOKEN") && !err.contains("CLIENT-SECRET"), "{err}");
    assert!(std::fs::read_to_string(&path).expect("cache").contains("cached-access-token"), "left as it was");

    // The portal refuses the token.
    cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(3600), false);
    server.respond_with(Canned {
        status: 403,
        headers: vec![],
        body: r#"{"message":"Session token not found or invalid"}"#.into(),
    });
    let err = provider(&env, "dev").provide_credentials().await.expect_err("403").to_string();
    assert!(err.contains("HTTP 403: Session token not found") && err.contains("aws sso login"), "{err}");
    assert!(!err.contains("cached-access-token"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Times no clock can hold, from the OIDC service or the portal, are errors (they panicked).
#[tokio::test]
async fn lifetimes_out_of_range_are_errors() {
    let server = TestServer::start().await;
    let (dir, env) = home("out-of-range", &server);
    let json = |body: String| Canned { status: 200, headers: vec![], body };
    cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(60), true);
    server.respond_with(json(format!(r#"{{"accessToken":"new","expiresIn":{}}}"#, u64::MAX)));
    server.respond_with(role_credentials("ASIASTILLCACHED"));
    // The refresh fails; the cached token has a minute left, so it is used, and the cache
    // keeps it (nothing is written that could not be read back).
    let path = dir.join(".aws/sso/cache").join(settings("dev").cache_file_name());
    let credentials = provider(&env, "dev").provide_credentials().await.expect("the cached token");
    assert_eq!(credentials.access_key_id(), "ASIASTILLCACHED");
    let requests = server.requests();
    assert_eq!(requests[0].path, "/token", "a refresh was asked for");
    assert_eq!(requests[1].header("x-amz-sso_bearer_token"), Some("cached-access-token"));
    assert!(std::fs::read_to_string(&path).expect("cache").contains("cached-access-token"));

    cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(3600), false);
    let role =
        format!(r#"{{"roleCredentials":{{"accessKeyId":"A","secretAccessKey":"s","expiration":{}}}}}"#, u64::MAX);
    server.respond_with(json(role));
    let err = provider(&env, "dev").provide_credentials().await.expect_err("out of range").to_string();
    assert!(err.contains("`expiration` out of range"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn legacy_profiles_and_role_chains_from_sso_work() {
    let server = TestServer::start().await;
    let (dir, env) = home("legacy", &server);
    cache(&dir, &settings("legacy").cache_file_name(), Duration::from_secs(3600), false);
    server.respond_with(role_credentials("ASIALEGACY"));
    let legacy = provider(&env, "legacy").provide_credentials().await.expect("credentials");
    assert_eq!((legacy.access_key_id(), legacy.account_id()), ("ASIALEGACY", Some("444455556666")));
    assert_eq!(server.single_request().path, "/federation/credentials?account_id=444455556666&role_name=ReadOnly");

    // A role assumed with the SSO role's credentials, through the default chain.
    cache(&dir, &settings("dev").cache_file_name(), Duration::from_secs(3600), false);
    server.respond_with(role_credentials("ASIASOURCE"));
    server.respond(200, &assume_role_answer("ASIADEPLOY", "deploy-secret", "deploy-token", "2099-01-01T00:00:00Z"));
    let vars = Arc::clone(&env);
    let chained: Env =
        Arc::new(move |name| if name == "AWS_PROFILE" { Some("chained".to_owned()) } else { vars(name) });
    let chain = DefaultChain::with_env(Arc::clone(&chained), &Config::builder().build(), None);
    assert_eq!(chain.source(), Some("profile"));
    let client = Client::from_env_vars(chained).expect("configured");
    let deploy = client.config().credentials_provider().expect("chain").provide_credentials().await.expect("role");
    assert_eq!(deploy.access_key_id(), "ASIADEPLOY");
    let assume = server.requests().pop().expect("AssumeRole");
    verify_sigv4(&assume, "ASIASOURCE", "sso-secret", "eu-west-1");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn incomplete_sso_profiles_are_clear_errors() {
    let config = "[profile a]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n\
                  [profile b]\nsso_start_url = https://x\nsso_account_id = 1\nsso_role_name = R\n\
                  [profile c]\nsso_session = s\nsso_account_id = 1\n[sso-session s]\nsso_start_url = https://x\nsso_region = eu-west-1\n\
                  [profile d]\nsso_start_url = https://x\nsso_region = bad/region\nsso_account_id = 1\nsso_role_name = R\n";
    let profiles = ProfileSet::parse(Some(("config", config)), None).expect("config");
    let error = |name: &str| {
        SsoSettings::from_profile(profiles.get(name).expect("profile"), &profiles).expect_err("invalid").to_string()
    };
    assert!(error("a").contains("no [sso-session nowhere] section"), "{}", error("a"));
    assert!(error("b").contains("has no `sso_region`"), "{}", error("b"));
    assert!(error("c").contains("has no `sso_role_name`"), "{}", error("c"));
    assert!(error("d").contains("is not a region"), "{}", error("d"));
}

//! Console sign-in (`aws login`) profiles against a server on 127.0.0.1 standing in for AWS
//! Sign-In, with the AWS CLI's login token cache in a temporary home.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
use serde_json::{Value, json};
use sts::credentials::{DefaultChain, ProfileProvider, ProvideCredentials};
use sts::{Client, Config, DateTime};
use sts_runtime::date_time::TimestampFormat;
use sts_runtime::env::Env;
use sts_runtime::profile::ProfileSet;
use sts_testkit::{Canned, TestServer, assume_role_answer, env_vars, scratch_dir, verify_sigv4};

const SESSION: &str = "arn:aws:iam::111122223333:user/Admin";

const CONFIG: &str = "[profile console]\nlogin_session = arn:aws:iam::111122223333:user/Admin\nregion = eu-west-1\n\n\
[profile chained]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = console\nregion = eu-west-1\n";

/// A P-256 key made for this test with `openssl ecparam -name prime256v1 -genkey -noout`.
const KEY: &str = "-----BEGIN EC PRIVATE KEY-----
MHcCAQEEILSLnqTHdR477+s1wVoDqQHC+HSPOrUevENA+vCs6X5doAoGCCqGSM49
AwEHoUQDQgAEn6PLiYvIWkIAfRfJS1UUhwcnpMZOAGbgG4Pd+ggA4cJWrRsgJF16
ndr2YoNifZxm7rHWycutaiwVvJOUshBA+g==
-----END EC PRIVATE KEY-----
";

/// A temporary home with the config file; the environment points there, at `server` for
/// Sign-In and STS, and (with `cache_dir`) at another token cache directory.
fn home(name: &str, server: &TestServer, cache_dir: Option<&Path>) -> (PathBuf, Env) {
    let dir = scratch_dir(&format!("login-{name}"));
    std::fs::create_dir_all(dir.join(".aws/login/cache")).expect("cache dir");
    std::fs::write(dir.join(".aws/config"), CONFIG).expect("config");
    let mut vars = vec![
        ("HOME", dir.display().to_string()),
        ("AWS_ENDPOINT_URL_SIGNIN", server.url.clone()),
        ("AWS_ENDPOINT_URL_STS", server.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ];
    if let Some(cache_dir) = cache_dir {
        vars.push(("AWS_LOGIN_CACHE_DIRECTORY", cache_dir.display().to_string()));
    }
    (dir, env_vars(vars))
}

/// The cache file's name: the SHA-256 of the session in hex, computed here by Python's
/// definition of it (an independent check).
fn cache_file_name() -> String {
    let output = std::process::Command::new("python3")
        .args(["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", SESSION])
        .output()
        .expect("python3");
    format!("{}.json", String::from_utf8(output.stdout).expect("utf-8").trim())
}

/// Writes the token cache `aws login` leaves, its credentials valid for `valid_for`.
fn cache(dir: &Path, valid_for: Duration) -> PathBuf {
    let expires = DateTime::from(SystemTime::now() + valid_for).format(TimestampFormat::DateTime);
    let document = json!({
        "accessToken": {
            "accessKeyId": "ASIACACHED",
            "secretAccessKey": "cached-secret",
            "sessionToken": "cached-session",
            "accountId": "111122223333",
            "expiresAt": expires,
        },
        "tokenType": "aws_sigv4",
        "refreshToken": "REFRESH-TOKEN",
        "idToken": "id-token",
        "clientId": "arn:aws:signin:::devtools/same-device",
        "dpopKey": KEY,
    });
    let path = dir.join(cache_file_name());
    std::fs::write(&path, document.to_string()).expect("cache file");
    path
}

fn provider(env: &Env, name: &str) -> ProfileProvider {
    let profiles = ProfileSet::load(&**env).expect("files");
    ProfileProvider::new(&profiles, name, &Config::builder().build(), env, None).expect("provider")
}

fn refreshed(expires_in: u64) -> Canned {
    Canned {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: json!({
            "accessToken": {"accessKeyId": "ASIAREFRESHED", "secretAccessKey": "new-secret", "sessionToken": "new-session"},
            "tokenType": "aws_sigv4",
            "expiresIn": expires_in,
            "refreshToken": "NEW-REFRESH",
        })
        .to_string(),
    }
}

fn decode_url(part: &str) -> Vec<u8> {
    sts_runtime::base64::decode_url(part).expect("base64url")
}

/// Checks `request`'s DPoP proof: a JWT for a `POST` to `{server_url}/v1/token` issued now,
/// whose signature verifies with the public key its header carries; returns that key (the
/// uncompressed point).
fn verify_dpop_proof(request: &sts_testkit::Recorded, server_url: &str) -> Vec<u8> {
    let proof = request.header("dpop").expect("a DPoP header");
    let parts: Vec<&str> = proof.split('.').collect();
    assert_eq!(parts.len(), 3, "{proof}");
    let header: Value = serde_json::from_slice(&decode_url(parts[0])).expect("header");
    let payload: Value = serde_json::from_slice(&decode_url(parts[1])).expect("payload");
    assert_eq!((header["typ"].as_str(), header["alg"].as_str()), (Some("dpop+jwt"), Some("ES256")));
    assert_eq!(payload["htu"].as_str(), Some(format!("{server_url}/v1/token").as_str()));
    assert_eq!(payload["htm"], "POST");
    let iat = payload["iat"].as_u64().expect("iat");
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("now").as_secs();
    assert!(iat.abs_diff(now) < 60, "issued now: {iat}");
    assert_eq!(payload["jti"].as_str().map(str::len), Some(36), "a UUID");
    let mut point = vec![4];
    point.extend(decode_url(header["jwk"]["x"].as_str().expect("x")));
    point.extend(decode_url(header["jwk"]["y"].as_str().expect("y")));
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &decode_url(parts[2]))
        .expect("the proof's signature verifies");
    point
}

#[tokio::test]
async fn cached_credentials_are_used_as_they_are() {
    let server = TestServer::start().await;
    let (dir, env) = home("cached", &server, None);
    cache(&dir.join(".aws/login/cache"), Duration::from_secs(600));
    let credentials = provider(&env, "console").provide_credentials().await.expect("credentials");
    assert_eq!(
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token()),
        ("ASIACACHED", "cached-secret", Some("cached-session"))
    );
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert!(credentials.expiry().is_some_and(|at| at > SystemTime::now() + Duration::from_secs(500)));
    assert!(server.requests().is_empty(), "nothing to refresh");

    // AWS_LOGIN_CACHE_DIRECTORY moves the cache, as for the AWS CLI.
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    let (other_home, env) = home("cached-elsewhere", &server, Some(&elsewhere));
    let err = provider(&env, "console").provide_credentials().await.expect_err("empty").to_string();
    assert!(err.contains(&elsewhere.display().to_string()) && err.contains("aws login --profile console"), "{err}");
    cache(&elsewhere, Duration::from_secs(600));
    let credentials = provider(&env, "console").provide_credentials().await.expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIACACHED");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other_home);
}

/// Fewer than five minutes left: `CreateOAuth2Token` with the refresh token and a DPoP proof
/// signed by the cached key; the cache is written back whole, keeping what it does not change.
#[tokio::test]
async fn credentials_near_their_end_are_refreshed_with_a_dpop_proof() {
    let server = TestServer::start().await;
    let (dir, env) = home("refresh", &server, None);
    let path = cache(&dir.join(".aws/login/cache"), Duration::from_secs(120));
    server.respond_with(refreshed(900));
    let before = SystemTime::now();
    let credentials = provider(&env, "console").provide_credentials().await.expect("credentials");
    assert_eq!(
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token()),
        ("ASIAREFRESHED", "new-secret", Some("new-session"))
    );
    assert_eq!(credentials.account_id(), Some("111122223333"), "the account stays");
    let expiry = credentials.expiry().expect("expiry");
    assert!(expiry >= before + Duration::from_secs(899) && expiry <= SystemTime::now() + Duration::from_secs(901));

    let request = server.single_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/token"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), None, "the call is not signed with SigV4");
    let body: Value = serde_json::from_str(&request.body).expect("JSON body");
    assert_eq!(
        body,
        json!({"clientId": "arn:aws:signin:::devtools/same-device", "grantType": "refresh_token", "refreshToken": "REFRESH-TOKEN"})
    );

    // The proof: a JWT for this request, signed by the cached key, whose public half it carries.
    let point = verify_dpop_proof(&request, &server.url);
    // The public key of KEY, as `openssl ec -pubout` gives it (the last 65 bytes of its DER).
    let der =
        sts_runtime::base64::decode(&KEY.lines().filter(|l| !l.starts_with("-----")).collect::<String>()).expect("DER");
    assert_eq!(point, der[der.len() - 65..]);

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("cache")).expect("JSON");
    assert_eq!(written["accessToken"]["accessKeyId"], "ASIAREFRESHED");
    assert_eq!(written["accessToken"]["secretAccessKey"], "new-secret");
    assert_eq!(written["accessToken"]["sessionToken"], "new-session");
    assert_eq!(written["accessToken"]["accountId"], "111122223333");
    let expires_at = written["accessToken"]["expiresAt"].as_str().expect("expiresAt");
    let expires_at = SystemTime::try_from(DateTime::parse(expires_at, TimestampFormat::DateTime).expect("RFC 3339"))
        .expect("in range");
    assert!(expires_at.duration_since(before).expect("later") >= Duration::from_secs(899));
    assert_eq!(written["refreshToken"], "NEW-REFRESH", "the rotated refresh token is kept");
    assert_eq!((written["dpopKey"].as_str(), written["idToken"].as_str()), (Some(KEY), Some("id-token")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::read_dir(path.parent().expect("dir")).expect("list").count(), 1, "no temporary file left");

    // The next provider reads the refreshed cache and asks nothing.
    let again = provider(&env, "console").provide_credentials().await.expect("credentials");
    assert_eq!(again.access_key_id(), "ASIAREFRESHED");
    assert_eq!(server.requests().len(), 1, "no second refresh");
    let _ = std::fs::remove_dir_all(dir);
}

/// An ended session says to sign in again and never shows a credential, token or key; a
/// refresh that fails while the cached credentials last leaves them in use.
#[tokio::test]
async fn an_ended_session_says_to_sign_in_again_and_shows_no_secret() {
    let server = TestServer::start().await;
    let (dir, env) = home("ended", &server, None);
    let cache_dir = dir.join(".aws/login/cache");
    let err = provider(&env, "console").provide_credentials().await.expect_err("no cache").to_string();
    assert!(err.contains("there is no token") && err.contains("run `aws login --profile console`"), "{err}");

    let path = cache(&cache_dir, Duration::ZERO);
    server.respond_with(Canned {
        status: 400,
        headers: vec![("content-type".into(), "application/json".into())],
        body: r#"{"error":"TOKEN_EXPIRED","message":"The refresh token has expired"}"#.into(),
    });
    let err = provider(&env, "console").provide_credentials().await.expect_err("ended").to_string();
    assert!(
        err.contains("the session has ended (TOKEN_EXPIRED)") && err.contains("aws login --profile console"),
        "{err}"
    );
    for secret in ["REFRESH-TOKEN", "cached-secret", "cached-session", "MHcCAQEE"] {
        assert!(!err.contains(secret), "{err}");
    }
    assert!(std::fs::read_to_string(&path).expect("cache").contains("ASIACACHED"), "left as it was");

    // Still a minute to go: the failed refresh is logged and the cached credentials serve.
    cache(&cache_dir, Duration::from_secs(60));
    server.respond_with(Canned { status: 500, headers: vec![], body: r#"{"message":"internal"}"#.into() });
    let credentials = provider(&env, "console").provide_credentials().await.expect("the cached credentials");
    assert_eq!(credentials.access_key_id(), "ASIACACHED");
    let requests = server.requests();
    assert_eq!((requests.len(), requests[1].path.as_str()), (2, "/v1/token"), "a refresh was asked for");

    // An answer out of the model's range is an error, not credentials living for ever.
    cache(&cache_dir, Duration::ZERO);
    server.respond_with(refreshed(u64::MAX));
    let err = provider(&env, "console").provide_credentials().await.expect_err("out of range").to_string();
    assert!(err.contains("`expiresIn`") && !err.contains("new-secret"), "{err}");

    // A cache the provider cannot use: a broken key, a file that is not JSON.
    let mut document: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("cache")).expect("JSON");
    document["dpopKey"] = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n".into();
    std::fs::write(&path, document.to_string()).expect("write");
    let err = provider(&env, "console").provide_credentials().await.expect_err("broken key").to_string();
    assert!(err.contains("the cached `dpopKey` is not a P-256 key"), "{err}");
    std::fs::write(&path, "{\"accessToken\": ").expect("write");
    let err = provider(&env, "console").provide_credentials().await.expect_err("not JSON").to_string();
    assert!(err.contains("is not a JSON object"), "{err}");
    assert!(!format!("{:?}", provider(&env, "console")).contains("REFRESH"));
    let _ = std::fs::remove_dir_all(dir);
}

/// A role assumed with the signed-in session's credentials, through the default chain.
#[tokio::test]
async fn role_chains_start_from_a_console_sign_in() {
    let server = TestServer::start().await;
    let (dir, env) = home("chained", &server, None);
    cache(&dir.join(".aws/login/cache"), Duration::from_secs(600));
    server.respond(200, &assume_role_answer("ASIADEPLOY", "deploy-secret", "deploy-token", "2099-01-01T00:00:00Z"));
    let vars = Arc::clone(&env);
    let chained: Env =
        Arc::new(move |name| if name == "AWS_PROFILE" { Some("chained".to_owned()) } else { vars(name) });
    let chain = DefaultChain::with_env(Arc::clone(&chained), &Config::builder().build(), None);
    assert_eq!(chain.source(), Some("profile"));
    let client = Client::from_env_vars(chained).expect("configured");
    let deploy = client.config().credentials_provider().expect("chain").provide_credentials().await.expect("role");
    assert_eq!(deploy.access_key_id(), "ASIADEPLOY");
    verify_sigv4(&server.single_request(), "ASIACACHED", "cached-secret", "eu-west-1");
    let _ = std::fs::remove_dir_all(dir);
}

/// `aws login`'s flow: the authorization URL's PKCE challenge, the code from the redirect,
/// the exchange with the verifier and a DPoP proof, and a cache the provider then reads, in
/// the AWS CLI's format, with the key that signed the proof.
#[tokio::test]
async fn signing_in_caches_a_token_the_provider_then_uses() {
    use sts_runtime::credentials::login::sign_in::{Device, SignIn};

    let server = TestServer::start().await;
    let (dir, env) = home("sign-in", &server, None);
    std::fs::remove_dir_all(dir.join(".aws/login")).expect("no cache directory yet");
    let redirect_uri = "http://127.0.0.1:9/oauth/callback";
    let sign_in = SignIn::new("eu-west-1", &env, Device::Same { redirect_uri: redirect_uri.into() }).expect("sign-in");
    let url = sign_in.authorization_url();
    assert!(url.starts_with(&format!("{}/v1/authorize?", server.url)), "{url}");
    let field = |name: &str| {
        let query = url.split_once('?').expect("query").1;
        let value = query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}="))).expect(name);
        sts_runtime::percent::percent_decode(value).expect("decodes")
    };
    let (state, challenge) = (field("state"), field("code_challenge"));
    let code = sign_in.code_from_redirect(&format!("code=AUTH-CODE&state={state}")).expect("the code");

    let claims = json!({"sub": SESSION, "aud": "arn:aws:signin:::devtools/same-device"}).to_string();
    let id_token = format!("e30.{}.signature", sts_runtime::base64::encode_url_no_pad(claims.as_bytes()));
    server.respond_with(Canned {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: json!({
            "accessToken": {"accessKeyId": "ASIASIGNEDIN", "secretAccessKey": "signed-in-secret", "sessionToken": "signed-in-session"},
            "tokenType": "aws_sigv4",
            "expiresIn": 900,
            "refreshToken": "FIRST-REFRESH",
            "idToken": id_token,
        })
        .to_string(),
    });
    let http = Config::builder().build().http_client().clone();
    let signed_in = sign_in.exchange(&code, http.as_ref(), SystemTime::now()).await.expect("signed in");
    assert_eq!(signed_in.session(), SESSION);
    assert_eq!(signed_in.credentials().access_key_id(), "ASIASIGNEDIN");
    assert_eq!(signed_in.credentials().account_id(), Some("111122223333"));
    let shown = format!("{signed_in:?}");
    assert!(
        !shown.contains("signed-in-secret") && !shown.contains("FIRST-REFRESH") && !shown.contains("PRIVATE"),
        "{shown}"
    );

    let request = server.single_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/token"));
    let body: Value = serde_json::from_str(&request.body).expect("JSON body");
    let verifier = body["codeVerifier"].as_str().expect("codeVerifier");
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    assert_eq!(
        sts_runtime::base64::encode_url_no_pad(digest.as_ref()),
        challenge,
        "the verifier of the challenge sent"
    );
    assert_eq!(
        body,
        json!({
            "clientId": "arn:aws:signin:::devtools/same-device",
            "grantType": "authorization_code",
            "code": "AUTH-CODE",
            "codeVerifier": verifier,
            "redirectUri": redirect_uri,
        })
    );
    let point = verify_dpop_proof(&request, &server.url);

    let path = signed_in.save(&env).expect("saved");
    assert_eq!(path, dir.join(".aws/login/cache").join(cache_file_name()));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("cache")).expect("JSON");
    assert_eq!(written["accessToken"]["accessKeyId"], "ASIASIGNEDIN");
    assert_eq!(written["accessToken"]["accountId"], "111122223333");
    assert_eq!(
        (written["clientId"].as_str(), written["refreshToken"].as_str(), written["tokenType"].as_str()),
        (Some("arn:aws:signin:::devtools/same-device"), Some("FIRST-REFRESH"), Some("aws_sigv4"))
    );
    assert_eq!(written["idToken"].as_str(), Some(id_token.as_str()));
    // The cached key is the one that signed the proof: its DER ends with the public point.
    let key = written["dpopKey"].as_str().expect("dpopKey");
    let der =
        sts_runtime::base64::decode(&key.lines().filter(|l| !l.starts_with("-----")).collect::<String>()).expect("PEM");
    assert_eq!(der[der.len() - 65..], point[..]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777, 0o600);
    }

    // The profile that names the session reads it, with nothing more sent.
    let credentials = provider(&env, "console").provide_credentials().await.expect("credentials");
    assert_eq!((credentials.access_key_id(), credentials.session_token()), ("ASIASIGNEDIN", Some("signed-in-session")));
    assert_eq!(server.request_count(), 1);

    // A token answer without an ID token, or one naming no ARN, signs nobody in.
    for id_token in [None, Some("e30.e30.sig")] {
        let sign_in = SignIn::new("eu-west-1", &env, Device::Remote).expect("sign-in");
        let mut answer = json!({
            "accessToken": {"accessKeyId": "A", "secretAccessKey": "s", "sessionToken": "t"},
            "expiresIn": 900,
        });
        if let Some(id_token) = id_token {
            answer["idToken"] = id_token.into();
        }
        server.respond(200, &answer.to_string());
        let err = sign_in.exchange("c", http.as_ref(), SystemTime::now()).await.expect_err("no session");
        assert!(err.to_string().starts_with("signing in failed: "), "{err}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

//! Credentials of an AWS console sign-in, from the token `aws login` leaves in the AWS CLI's
//! cache.
//!
//! A profile names the sign-in session with `login_session` (the ARN the console signed in
//! as). The token is `~/.aws/login/cache/<SHA-256 of the session, in hex>.json`, or the same
//! name under `AWS_LOGIN_CACHE_DIRECTORY`. Its `accessToken` is itself a set of temporary
//! credentials (for 15 minutes at most). When fewer than 5 minutes are left, they are
//! refreshed through AWS Sign-In's `CreateOAuth2Token` (`refresh_token` grant), with a DPoP
//! proof (RFC 9449) signed by the cache's P-256 key, and the cache is written back whole (a
//! new file renamed over the old one, readable by its owner only). The endpoint is
//! `https://{region}.signin.aws.amazon.com` (the cache's `signInRegion`, else the profile's
//! region), unless `AWS_ENDPOINT_URL_SIGNIN` says otherwise. A token that is missing, or
//! expired and refused, is an error saying to run `aws login --profile NAME`. No credential,
//! token or key appears in `Debug` or in an error. Starting a session, which is what
//! `aws login` (and `sts login`) do, is [`sign_in`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Map, Value, json};

use super::json::{Object, error_detail};
use super::token_file;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::base64;
use crate::boxed::BoxFuture;
use crate::date_time::{DateTime, TimestampFormat};
use crate::endpoint::is_dns_label;
use crate::env::Env;
use crate::idempotency::{IdempotencyTokenProvider, RandomTokens};
use crate::profile::Profile;
use crate::redact;
use crate::transport::{HttpClient, HttpRequest, HttpResponse};

pub mod sign_in;

/// Credentials with less than this left are refreshed.
const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// The longest lifetime Sign-In gives refreshed credentials (the model's `ExpiresIn` maximum).
const LONGEST_LIFETIME: u64 = 900;

/// What a profile says about its console sign-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginSettings {
    /// The profile's name, for the `aws login --profile` hint.
    pub profile: String,
    /// `login_session`: the ARN the console session signed in as.
    pub session: String,
    /// The region of the Sign-In endpoint when the cache does not name one (the profile's
    /// `region`, or the client's).
    pub region: Option<String>,
}

impl LoginSettings {
    /// The sign-in settings of `profile`, `None` when it has no `login_session`; `region`
    /// is the one to fall back on when neither the cache nor the profile names one.
    pub fn from_profile(profile: &Profile, region: Option<&str>) -> Option<Self> {
        let session = profile.get("login_session")?.trim();
        Some(Self {
            profile: profile.name().to_owned(),
            session: session.to_owned(),
            region: profile.get("region").or(region).map(str::to_owned),
        })
    }

    /// The cache file's name: the SHA-256 of the session, in hex, and `.json`.
    pub fn cache_file_name(&self) -> String {
        cache_file_name(&self.session)
    }
}

/// The cache file's name for `session`: its SHA-256, in hex, and `.json`.
fn cache_file_name(session: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, session.as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}.json")
}

/// The directory of the sign-in token cache: `AWS_LOGIN_CACHE_DIRECTORY`, else
/// `~/.aws/login/cache`.
fn cache_directory(env: &Env) -> Result<PathBuf, CredentialsError> {
    match env("AWS_LOGIN_CACHE_DIRECTORY").filter(|d| !d.trim().is_empty()) {
        Some(directory) => Ok(PathBuf::from(directory.trim())),
        None => token_file::home_dir(env)
            .map(|home| PathBuf::from(home).join(".aws/login/cache"))
            .ok_or_else(|| CredentialsError::new("no home directory to find the sign-in token cache in")),
    }
}

/// Signs out of `session` as `aws logout` does: deletes its cached token (under
/// `AWS_LOGIN_CACHE_DIRECTORY`, else `~/.aws/login/cache`, from `env`). Whether there was one.
/// Credentials already handed out keep working until they expire (15 minutes at most).
pub fn forget_session(session: &str, env: &Env) -> Result<bool, CredentialsError> {
    let file = cache_directory(env)?.join(cache_file_name(session));
    match std::fs::remove_file(&file) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(CredentialsError::with_source(format!("{} cannot be deleted", file.display()), e)),
    }
}

/// Signs out of every session as `aws logout --all` does: deletes each file of the token cache
/// that holds a sign-in token (a JSON object whose `accessToken` has an `accessKeyId`),
/// leaving anything else there. How many were deleted.
pub fn forget_all_sessions(env: &Env) -> Result<usize, CredentialsError> {
    let directory = cache_directory(env)?;
    let cannot =
        |e: std::io::Error| CredentialsError::with_source(format!("{} cannot be read", directory.display()), e);
    let entries = match std::fs::read_dir(&directory) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(cannot(e)),
    };
    let mut deleted = 0;
    for entry in entries {
        let path = entry.map_err(cannot)?.path();
        let is_token = token_file::read(&path)
            .ok()
            .flatten()
            .and_then(|text| Object::parse(&text).ok())
            .and_then(|document| document.object("accessToken"))
            .is_some_and(|access| access.get("accessKeyId").is_some());
        if is_token {
            std::fs::remove_file(&path)
                .map_err(|e| CredentialsError::with_source(format!("{} cannot be deleted", path.display()), e))?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// `AWS_ENDPOINT_URL_SIGNIN`, without a trailing `/`, when set.
fn endpoint_override(env: &Env) -> Option<String> {
    env("AWS_ENDPOINT_URL_SIGNIN").map(|v| v.trim().trim_end_matches('/').to_owned()).filter(|v| !v.is_empty())
}

/// Loads a console sign-in session's credentials each time it is asked, refreshing them when
/// they are about to expire (put it behind a
/// [`CredentialsCache`](super::cache::CredentialsCache)).
#[derive(Clone)]
pub struct LoginProvider {
    settings: LoginSettings,
    cache_file: PathBuf,
    endpoint: Option<String>,
    http: Arc<dyn HttpClient>,
}

impl fmt::Debug for LoginProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginProvider")
            .field("settings", &self.settings)
            .field("cache_file", &self.cache_file)
            .finish_non_exhaustive()
    }
}

/// The cached token: the document (to write back) and its credentials, which expire.
struct Cached {
    document: Object,
    credentials: Credentials,
}

impl LoginProvider {
    /// A provider for `settings`, reading the token cache under `AWS_LOGIN_CACHE_DIRECTORY`
    /// or the home directory `env` gives, and the endpoint's override from `env`; requests
    /// go through `http`.
    pub fn new(settings: LoginSettings, env: &Env, http: Arc<dyn HttpClient>) -> Result<Self, CredentialsError> {
        let cache_file = cache_directory(env)?.join(settings.cache_file_name());
        Ok(Self { settings, cache_file, endpoint: endpoint_override(env), http })
    }

    /// The token cache file this provider reads.
    pub fn cache_file(&self) -> &Path {
        &self.cache_file
    }

    fn login_hint(&self, why: &str) -> CredentialsError {
        CredentialsError::new(format!(
            "sign-in session for profile `{}`: {why}; run `aws login --profile {}`",
            self.settings.profile, self.settings.profile
        ))
    }

    fn failed(&self, why: impl fmt::Display) -> CredentialsError {
        CredentialsError::new(format!("sign-in session for profile `{}`: {why}", self.settings.profile))
    }

    fn read_cache(&self) -> Result<Cached, CredentialsError> {
        let text = token_file::read(&self.cache_file)
            .map_err(|e| {
                let what = format!("the sign-in token cache {} cannot be read", self.cache_file.display());
                CredentialsError::with_source(what, e)
            })?
            .ok_or_else(|| self.login_hint(&format!("there is no token in {}", self.cache_file.display())))?;
        let broken = |why: String| self.failed(format!("the token cache {} is {why}", self.cache_file.display()));
        let document = Object::parse(&text).map_err(broken)?;
        let access = document.object("accessToken").ok_or_else(|| broken("without `accessToken`".into()))?;
        let text = |key: &str| access.string(key).map_err(broken)?.ok_or_else(|| broken(format!("without `{key}`")));
        let expires = DateTime::parse(&text("expiresAt")?, TimestampFormat::DateTime)
            .ok()
            .and_then(|at| SystemTime::try_from(at).ok())
            .ok_or_else(|| broken("with an `expiresAt` that is not an RFC 3339 date in range".into()))?;
        let credentials = Credentials::new(
            text("accessKeyId")?,
            text("secretAccessKey")?,
            Some(text("sessionToken")?),
            Some(expires),
            "Login",
        );
        let credentials = match access.string("accountId").map_err(broken)? {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        };
        Ok(Cached { document, credentials })
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let cached = self.read_cache()?;
        let now = SystemTime::now();
        let lasts_until = |at: SystemTime| cached.credentials.expiry().is_some_and(|expiry| expiry > at);
        if lasts_until(now + REFRESH_BEFORE) {
            return Ok(cached.credentials);
        }
        let (still_valid, fallback) = (lasts_until(now), cached.credentials.clone());
        match self.refresh(cached, now).await {
            Ok(refreshed) => Ok(refreshed),
            Err(why) if still_valid => {
                tracing::warn!(
                    profile = %self.settings.profile,
                    reason = %why,
                    "the sign-in credentials could not be refreshed; using them while they last"
                );
                Ok(fallback)
            }
            Err(why) => {
                Err(self.login_hint(&format!("the credentials have expired and could not be refreshed: {why}")))
            }
        }
    }

    /// `CreateOAuth2Token` with the cached refresh token, proven with the cache's key; the
    /// cache written back with the new credentials and refresh token. An error says why,
    /// without any credential, token or key.
    async fn refresh(&self, cached: Cached, now: SystemTime) -> Result<Credentials, String> {
        let field = |key: &str| cached.document.string(key).ok().flatten();
        let (Some(client_id), Some(refresh_token), Some(key)) =
            (field("clientId"), field("refreshToken"), field("dpopKey"))
        else {
            return Err("the cache has no `clientId`, `refreshToken` or `dpopKey` to refresh them with".into());
        };
        let key = key_pair(&key).map_err(|why| format!("the cached `dpopKey` {why}"))?;
        let region = cached.document.string("signInRegion").ok().flatten().or_else(|| self.settings.region.clone());
        let url = token_url(self.endpoint.as_deref(), region.as_deref())?;
        let body = json!({"clientId": client_id, "grantType": "refresh_token", "refreshToken": refresh_token});
        let answer = create_token(self.http.as_ref(), url, &key, &body, now).await?;
        let expires = now + Duration::from_secs(answer.seconds);
        let account = cached.credentials.account_id().map(str::to_owned);
        let mut document = cached.document.into_members();
        document.insert("accessToken".into(), answer.access_token(account.as_deref(), expires));
        if let Some(rotated) = &answer.refresh_token {
            document.insert("refreshToken".into(), Value::from(rotated.clone()));
        }
        // The credentials are good whether or not the cache takes them; a cache that cannot
        // be written is said, and the next process signs in again if the old refresh token
        // no longer works.
        if let Err(e) = token_file::write_private(&self.cache_file, &Value::Object(document).to_string()) {
            tracing::warn!(error = %e, cache = %self.cache_file.display(), "the refreshed sign-in token could not be cached");
        }
        Ok(answer.credentials(account, expires))
    }
}

/// `CreateOAuth2Token` at `url` with `body`, proven with `key` at `now`: its answer, or why
/// there is none (naming no token).
async fn create_token(
    http: &dyn HttpClient,
    url: String,
    key: &EcdsaKeyPair,
    body: &Value,
    now: SystemTime,
) -> Result<TokenAnswer, String> {
    let proof = dpop_proof(key, &url, now, &RandomTokens.token())
        .map_err(|why| format!("the DPoP proof could not be signed: {why}"))?;
    let request = HttpRequest {
        method: "POST",
        url,
        headers: vec![("content-type".into(), "application/json".into()), ("dpop".into(), proof.into())],
        body: body.to_string(),
    };
    let response = http.send(request).await.map_err(|e| format!("CreateOAuth2Token failed: {e}"))?;
    let text = String::from_utf8_lossy(&response.body);
    if !(200..300).contains(&response.status) {
        return Err(refused(&response, &text));
    }
    TokenAnswer::parse(&text)
}

/// What a successful `CreateOAuth2Token` answers: temporary credentials for `seconds`, and
/// the tokens that come with them.
struct TokenAnswer {
    key_id: String,
    secret: String,
    session: String,
    seconds: u64,
    refresh_token: Option<String>,
    id_token: Option<String>,
    token_type: Option<String>,
}

impl TokenAnswer {
    /// The answer in `text`, or why it is not one (naming no value).
    fn parse(text: &str) -> Result<Self, String> {
        let bad = |why: String| format!("CreateOAuth2Token's answer is {why}");
        let answer = Object::parse(text).map_err(bad)?;
        let access = answer.object("accessToken").ok_or_else(|| bad("without `accessToken`".into()))?;
        let text = |key: &str| access.string(key).map_err(bad)?.ok_or_else(|| bad(format!("without `{key}`")));
        let (key_id, secret, session) = (text("accessKeyId")?, text("secretAccessKey")?, text("sessionToken")?);
        let seconds = match answer.get("expiresIn").and_then(Value::as_u64) {
            Some(seconds @ 1..=LONGEST_LIFETIME) => seconds,
            Some(seconds) => {
                return Err(bad(format!("with an `expiresIn` of {seconds} s, beyond {LONGEST_LIFETIME} s")));
            }
            None => return Err(bad("without a whole number `expiresIn`".into())),
        };
        let optional = |key: &str| answer.string(key).map_err(bad);
        Ok(Self {
            key_id,
            secret,
            session,
            seconds,
            refresh_token: optional("refreshToken")?,
            id_token: optional("idToken")?,
            token_type: optional("tokenType")?,
        })
    }

    /// The cache's `accessToken`: the credentials, the account and when they expire.
    fn access_token(&self, account: Option<&str>, expires: SystemTime) -> Value {
        let mut access_token = Map::new();
        access_token.insert("accessKeyId".into(), Value::from(self.key_id.clone()));
        access_token.insert("secretAccessKey".into(), Value::from(self.secret.clone()));
        access_token.insert("sessionToken".into(), Value::from(self.session.clone()));
        if let Some(account) = account {
            access_token.insert("accountId".into(), Value::from(account));
        }
        access_token.insert("expiresAt".into(), Value::from(DateTime::from_secs(whole_seconds(expires)).to_string()));
        Value::Object(access_token)
    }

    /// The credentials, expiring at `expires`.
    fn credentials(self, account: Option<String>, expires: SystemTime) -> Credentials {
        let credentials = Credentials::new(self.key_id, self.secret, Some(self.session), Some(expires), "Login");
        match account {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        }
    }
}

/// Sign-In's token endpoint: under `endpoint` when one is set, else in `region`'s partition.
fn token_url(endpoint: Option<&str>, region: Option<&str>) -> Result<String, String> {
    Ok(format!("{}/v1/token", base_url(endpoint, region)?))
}

/// Sign-In's endpoint: `endpoint` when one is set, else `https://{region}.signin...` in
/// `region`'s partition. A region given must be one either way (`sts login` saves it to the
/// profile).
fn base_url(endpoint: Option<&str>, region: Option<&str>) -> Result<String, String> {
    if let Some(region) = region.filter(|region| !is_dns_label(region)) {
        return Err(format!("{} is not a region", redact::bounded(region, 40)));
    }
    if let Some(endpoint) = endpoint {
        return Ok(endpoint.to_owned());
    }
    let region = region.ok_or("no region for the sign-in endpoint (set `region`)")?;
    let domain = if region.starts_with("cn-") {
        "signin.amazonaws.cn"
    } else if region.starts_with("us-gov-") {
        "signin.amazonaws-us-gov.com"
    } else if ["us-iso", "eu-isoe-", "eusc-"].iter().any(|prefix| region.starts_with(prefix)) {
        return Err(format!("no sign-in endpoint is known for {region}; set AWS_ENDPOINT_URL_SIGNIN"));
    } else {
        "signin.aws.amazon.com"
    };
    Ok(format!("https://{region}.{domain}"))
}

/// What an error answer of `CreateOAuth2Token` says: the session has ended (its OAuth error
/// code), or the status and message.
fn refused(response: &HttpResponse, text: &str) -> String {
    let code = Object::parse(text).ok().and_then(|o| o.string("error").ok().flatten());
    match code.as_deref() {
        Some(code @ ("TOKEN_EXPIRED" | "USER_CREDENTIALS_CHANGED")) => format!("the session has ended ({code})"),
        Some("AUTHCODE_EXPIRED") => "the authorization code expired before it was used (AUTHCODE_EXPIRED)".to_owned(),
        Some("INSUFFICIENT_PERMISSIONS") => "the signed-in identity may not refresh its session \
             (INSUFFICIENT_PERMISSIONS: it needs `signin:AuthorizeOAuth2Access` and `signin:CreateOAuth2Token`)"
            .to_owned(),
        _ => format!("CreateOAuth2Token answered HTTP {}{}", response.status, error_detail(text)),
    }
}

/// Seconds since the epoch, whole (a time before it is the epoch).
fn whole_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The P-256 key pair of a PEM `EC PRIVATE KEY` (SEC1, RFC 5915, with its public key, as
/// the AWS CLI writes it), or why it is not one.
fn key_pair(pem: &str) -> Result<EcdsaKeyPair, &'static str> {
    if !pem.trim_start().starts_with("-----BEGIN ") {
        return Err("is not PEM");
    }
    let body: String = pem.lines().map(str::trim).filter(|line| !line.starts_with("-----")).collect();
    let der = base64::decode(&body).ok_or("is not PEM")?;
    let (private_key, public_key) = sec1_p256(&der).ok_or("is not a P-256 key in SEC1 form with its public key")?;
    EcdsaKeyPair::from_private_key_and_public_key(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        private_key,
        public_key,
        &SystemRandom::new(),
    )
    .map_err(|_| "is not a valid P-256 key pair")
}

/// The prime256v1 OID's DER contents (1.2.840.10045.3.1.7).
const PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// The private scalar and the uncompressed public point of a SEC1 `ECPrivateKey`:
/// `SEQUENCE { INTEGER 1, OCTET STRING key, [0] OID OPTIONAL, [1] BIT STRING point }`.
fn sec1_p256(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (sequence, rest) = der_element(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (version, rest) = der_element(sequence, 0x02)?;
    let (private_key, mut rest) = der_element(rest, 0x04)?;
    if version != [1] || private_key.len() != 32 {
        return None;
    }
    if rest.first() == Some(&0xa0) {
        let (parameters, after) = der_element(rest, 0xa0)?;
        let (oid, _) = der_element(parameters, 0x06)?;
        if oid != PRIME256V1 {
            return None;
        }
        rest = after;
    }
    let (wrapped, _) = der_element(rest, 0xa1)?;
    let (bits, _) = der_element(wrapped, 0x03)?;
    // A BIT STRING's first byte counts the unused bits: none in a point.
    match bits.split_first()? {
        (0, point) if point.len() == 65 && point[0] == 4 => Some((private_key, point)),
        _ => None,
    }
}

/// The contents of the DER element at the start of `input` if its tag is `tag`, and what
/// follows it. Lengths up to 65535 bytes (a key is far shorter).
fn der_element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = input.split_first()?;
    if found != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => (usize::from(*rest.first()?), rest.get(1..)?),
        0x82 => (usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?])), rest.get(2..)?),
        _ => return None,
    };
    (rest.len() >= length).then(|| rest.split_at(length))
}

/// A DPoP proof (RFC 9449) for a `POST` to `url` at `now`: a JWT whose header carries the
/// public key and whose payload names the request, signed with ES256.
fn dpop_proof(key: &EcdsaKeyPair, url: &str, now: SystemTime, jti: &str) -> Result<String, &'static str> {
    // The uncompressed point: 0x04, then x and y, 32 bytes each.
    let point = key.public_key().as_ref();
    let (x, y) = point.get(1..).ok_or("no public key")?.split_at(32);
    let header = json!({
        "typ": "dpop+jwt",
        "alg": "ES256",
        "jwk": {"kty": "EC", "crv": "P-256", "x": base64::encode_url_no_pad(x), "y": base64::encode_url_no_pad(y)},
    });
    let payload = json!({"jti": jti, "htm": "POST", "htu": url, "iat": whole_seconds(now)});
    let signing_input = format!(
        "{}.{}",
        base64::encode_url_no_pad(header.to_string().as_bytes()),
        base64::encode_url_no_pad(payload.to_string().as_bytes())
    );
    let signature = key.sign(&SystemRandom::new(), signing_input.as_bytes()).map_err(|_| "signing failed")?;
    Ok(format!("{signing_input}.{}", base64::encode_url_no_pad(signature.as_ref())))
}

impl ProvideCredentials for LoginProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

    use super::*;

    /// A P-256 key made for these tests with `openssl ecparam -name prime256v1 -genkey -noout`.
    const TEST_KEY: &str = "-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIMQ8UprMx6pOQuBeiEp2uO9FY4XLKf6Ga3UhaAHc1CV1oAoGCCqGSM49
AwEHoUQDQgAEfCZvnyzPpewUYrzZ/a5UELgB83m7tWw3hf+5YlmeZMP+rM61J5fT
BxrxaMSQYW5MiOiGgVBjT34245L3H+MNiA==
-----END EC PRIVATE KEY-----
";

    fn decode_url(part: &str) -> Vec<u8> {
        base64::decode_url(part).expect("base64url")
    }

    /// The proof verifies with the public key its own header carries, and names the request.
    #[test]
    fn a_dpop_proof_is_an_es256_jwt_over_the_request() {
        let key = key_pair(TEST_KEY).expect("the test key");
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let proof =
            dpop_proof(&key, "https://us-east-1.signin.aws.amazon.com/v1/token", now, "the-jti").expect("signed");
        let parts: Vec<&str> = proof.split('.').collect();
        assert_eq!(parts.len(), 3, "{proof}");
        let header: Value = serde_json::from_slice(&decode_url(parts[0])).expect("header JSON");
        let payload: Value = serde_json::from_slice(&decode_url(parts[1])).expect("payload JSON");
        assert_eq!((header["typ"].as_str(), header["alg"].as_str()), (Some("dpop+jwt"), Some("ES256")));
        assert_eq!((header["jwk"]["kty"].as_str(), header["jwk"]["crv"].as_str()), (Some("EC"), Some("P-256")));
        assert_eq!(payload["htu"], "https://us-east-1.signin.aws.amazon.com/v1/token");
        assert_eq!(
            (payload["htm"].as_str(), payload["iat"].as_i64(), payload["jti"].as_str()),
            (Some("POST"), Some(1_800_000_000), Some("the-jti"))
        );

        let mut point = vec![4];
        point.extend(decode_url(header["jwk"]["x"].as_str().expect("x")));
        point.extend(decode_url(header["jwk"]["y"].as_str().expect("y")));
        assert_eq!(point, key.public_key().as_ref());
        let signed = format!("{}.{}", parts[0], parts[1]);
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
            .verify(signed.as_bytes(), &decode_url(parts[2]))
            .expect("the signature verifies");
        // Over anything else it does not.
        let other = format!("{}.{}", parts[0], base64::encode_url_no_pad(b"{}"));
        assert!(
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
                .verify(other.as_bytes(), &decode_url(parts[2]))
                .is_err()
        );
    }

    #[test]
    fn keys_that_are_not_p256_sec1_with_a_public_key_are_refused() {
        let body: String = TEST_KEY.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::decode(&body).expect("base64");
        // Without the public key (`openssl ec -no_public`): the first 51 bytes, re-wrapped.
        let mut short = vec![0x30, 49];
        short.extend_from_slice(&der[2..51]);
        let pem = |der: &[u8]| {
            format!("-----BEGIN EC PRIVATE KEY-----\n{}\n-----END EC PRIVATE KEY-----\n", base64::encode(der))
        };
        assert!(key_pair(&pem(&der)).is_ok());
        assert_eq!(key_pair(&pem(&short)).err(), Some("is not a P-256 key in SEC1 form with its public key"));
        assert_eq!(key_pair("not a key").err(), Some("is not PEM"));
        // Another curve's OID, a flipped public point, and a truncated document.
        let mut other_curve = der.clone();
        other_curve[48] ^= 1;
        assert!(key_pair(&pem(&other_curve)).is_err());
        let mut wrong_point = der.clone();
        let last = wrong_point.len() - 1;
        wrong_point[last] ^= 1;
        assert_eq!(key_pair(&pem(&wrong_point)).err(), Some("is not a valid P-256 key pair"));
        assert!(key_pair(&pem(&der[..der.len() - 1])).is_err());
        assert!(sec1_p256(&[]).is_none() && der_element(&[0x30, 0x85], 0x30).is_none());
    }

    /// Each partition's endpoint, as the Sign-In rule set gives it for `CreateOAuth2Token`.
    #[test]
    fn the_token_endpoint_is_in_the_region_s_partition() {
        assert_eq!(
            token_url(None, Some("eu-west-1")).as_deref(),
            Ok("https://eu-west-1.signin.aws.amazon.com/v1/token")
        );
        assert_eq!(
            token_url(None, Some("cn-north-1")).as_deref(),
            Ok("https://cn-north-1.signin.amazonaws.cn/v1/token")
        );
        assert_eq!(
            token_url(None, Some("us-gov-west-1")).as_deref(),
            Ok("https://us-gov-west-1.signin.amazonaws-us-gov.com/v1/token")
        );
        assert_eq!(
            token_url(Some("http://127.0.0.1:9"), Some("eu-west-1")).as_deref(),
            Ok("http://127.0.0.1:9/v1/token")
        );
        assert!(token_url(None, None).is_err_and(|e| e.contains("no region")));
        assert!(token_url(None, Some("eu-west-1/../x")).is_err_and(|e| e.contains("is not a region")));
        assert!(token_url(None, Some("us-isob-east-1")).is_err_and(|e| e.contains("AWS_ENDPOINT_URL_SIGNIN")));
    }
}

//! Signing in to the console session a [`LoginProvider`](super::LoginProvider) reads, as
//! `aws login` does: OAuth 2.0's authorization-code grant with PKCE (RFC 7636) against AWS
//! Sign-In, the code exchanged for credentials with a DPoP proof (RFC 9449) signed by a new
//! P-256 key, and the token written to the AWS CLI's cache, in the CLI's format, so that
//! either tool can use and refresh it.
//!
//! A [`SignIn`] holds the secret half of one attempt (the PKCE verifier and the key), and
//! gives the URL to open in a browser. On the same device, Sign-In sends the browser back to
//! a redirect URI on 127.0.0.1 with the code and the state ([`SignIn::code_from_redirect`]);
//! on another device ([`Device::Remote`]), the browser shows a verification code to paste
//! ([`SignIn::code_from_verification`]). Either way the state must be the one this attempt
//! sent. [`SignIn::exchange`] then gets the credentials and the session (the ARN the console
//! signed in as, from the ID token), and [`SignedIn::save`] writes the cache file that a
//! profile's `login_session` names.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use serde_json::{Map, Value, json};

use super::{PRIME256V1, base_url, cache_directory, cache_file_name, create_token, der_element, key_pair, sec1_p256};
use crate::base64;
use crate::credentials::{Credentials, CredentialsError, token_file};
use crate::env::Env;
use crate::idempotency::{IdempotencyTokenProvider, RandomTokens};
use crate::percent::{percent_decode, percent_encode};
use crate::redact::{self, REDACTED};
use crate::transport::HttpClient;

/// Where the browser that signs in runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Device {
    /// On this machine: Sign-In redirects the browser to `redirect_uri`
    /// (`http://127.0.0.1:PORT/oauth/callback`), where the caller listens.
    Same { redirect_uri: String },
    /// Elsewhere (this machine is reached over SSH): the browser shows a verification code
    /// for the user to paste here.
    Remote,
}

/// One attempt to sign in: see [the module](self).
pub struct SignIn {
    client_id: &'static str,
    redirect_uri: String,
    base: String,
    state: String,
    verifier: String,
    key: EcdsaKeyPair,
    /// The key as the cache keeps it: PEM `EC PRIVATE KEY` (SEC1).
    key_pem: String,
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .field("base", &self.base)
            .field("state", &self.state)
            .field("verifier", &REDACTED)
            .field("key", &REDACTED)
            .finish()
    }
}

/// The characters of a PKCE code verifier (RFC 7636's `unreserved`).
const VERIFIER_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// The verifier's length: 64 characters, as the AWS CLI's.
const VERIFIER_LENGTH: usize = 64;

impl SignIn {
    /// An attempt to sign in through the Sign-In endpoint of `region` (or
    /// `AWS_ENDPOINT_URL_SIGNIN` from `env`), with a new verifier, state and key.
    pub fn new(region: &str, env: &Env, device: Device) -> Result<Self, CredentialsError> {
        let base = base_url(super::endpoint_override(env).as_deref(), Some(region)).map_err(CredentialsError::new)?;
        let (client_id, redirect_uri) = match device {
            Device::Same { redirect_uri } => ("arn:aws:signin:::devtools/same-device", redirect_uri),
            Device::Remote => ("arn:aws:signin:::devtools/cross-device", format!("{base}/v1/sessions/confirmation")),
        };
        let random = SystemRandom::new();
        let verifier = random_verifier(&random)?;
        let key_pem = new_key_pem(&random)?;
        let key = key_pair(&key_pem).map_err(|why| CredentialsError::new(format!("the new sign-in key {why}")))?;
        Ok(Self { client_id, redirect_uri, base, state: RandomTokens.token(), verifier, key, key_pem })
    }

    /// The URL to open in a browser: Sign-In's `authorize`, with the client, the state, the
    /// redirect URI and the PKCE challenge (`S256`).
    pub fn authorization_url(&self) -> String {
        let digest = ring::digest::digest(&ring::digest::SHA256, self.verifier.as_bytes());
        let mut url = format!("{}/v1/authorize?response_type=code", self.base);
        for (name, value) in [
            ("client_id", self.client_id),
            ("state", self.state.as_str()),
            ("code_challenge_method", "SHA-256"),
            ("scope", "openid"),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_challenge", &base64::encode_url_no_pad(digest.as_ref())),
        ] {
            url.push('&');
            url.push_str(name);
            url.push('=');
            percent_encode(value, &mut url);
        }
        url
    }

    /// The redirect URI Sign-In sends the code to.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The authorization code in the query string of the redirect Sign-In sent the browser
    /// to (`code=...&state=...`), if its state is this attempt's; Sign-In's `error` otherwise.
    pub fn code_from_redirect(&self, query: &str) -> Result<String, CredentialsError> {
        let decoded = |text: &str| {
            percent_decode(text).ok_or_else(|| CredentialsError::new("the redirect's query string is not valid"))
        };
        let mut fields = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            fields.push((decoded(name)?, decoded(value)?));
        }
        let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, value)| value.as_str());
        if let Some(error) = field("error") {
            let description = field("error_description").map(|d| format!(": {}", redact::bounded(d, 200)));
            return Err(CredentialsError::new(format!(
                "Sign-In refused the sign-in ({}){}",
                redact::bounded(error, 60),
                description.unwrap_or_default()
            )));
        }
        self.checked(field("code"), field("state"))
    }

    /// The authorization code in the verification code the browser showed on another device
    /// (base64 of `state=...&code=...`), if its state is this attempt's.
    pub fn code_from_verification(&self, pasted: &str) -> Result<String, CredentialsError> {
        let query = base64::decode(pasted.trim())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| CredentialsError::new("the verification code is not the one the browser showed"))?;
        self.code_from_redirect(&query)
    }

    fn checked(&self, code: Option<&str>, state: Option<&str>) -> Result<String, CredentialsError> {
        let code = code
            .filter(|code| !code.is_empty())
            .ok_or_else(|| CredentialsError::new("no authorization code came back"))?;
        // The state ties the answer to this attempt: another one is a forged or stale redirect.
        if state != Some(self.state.as_str()) {
            return Err(CredentialsError::new(
                "the sign-in answer is for another attempt (its state differs); sign in again",
            ));
        }
        Ok(code.to_owned())
    }

    /// Exchanges `code` for credentials at Sign-In's token endpoint (`authorization_code`
    /// grant, with the verifier and a DPoP proof), at `now`.
    pub async fn exchange(
        &self,
        code: &str,
        http: &dyn HttpClient,
        now: SystemTime,
    ) -> Result<SignedIn, CredentialsError> {
        let body = json!({
            "clientId": self.client_id,
            "grantType": "authorization_code",
            "code": code,
            "codeVerifier": self.verifier,
            "redirectUri": self.redirect_uri,
        });
        let url = format!("{}/v1/token", self.base);
        let failed = |why: String| CredentialsError::new(format!("signing in failed: {why}"));
        let answer = create_token(http, url, &self.key, &body, now).await.map_err(failed)?;
        let id_token =
            answer.id_token.clone().ok_or_else(|| failed("CreateOAuth2Token's answer has no `idToken`".into()))?;
        let session = session_of(&id_token).map_err(failed)?;
        let account = session.split(':').nth(4).filter(|account| !account.is_empty()).map(str::to_owned);
        let expires = now + Duration::from_secs(answer.seconds);

        let mut document = Map::new();
        document.insert("accessToken".into(), answer.access_token(account.as_deref(), expires));
        document
            .insert("tokenType".into(), Value::from(answer.token_type.clone().unwrap_or_else(|| "aws_sigv4".into())));
        document.insert("clientId".into(), Value::from(self.client_id));
        if let Some(refresh_token) = &answer.refresh_token {
            document.insert("refreshToken".into(), Value::from(refresh_token.clone()));
        }
        document.insert("idToken".into(), Value::from(id_token));
        document.insert("dpopKey".into(), Value::from(self.key_pem.clone()));
        let credentials = answer.credentials(account, expires);
        Ok(SignedIn { session, credentials, document: Value::Object(document).to_string() })
    }
}

/// A signed-in console session: its ARN, its credentials, and the token to cache.
pub struct SignedIn {
    session: String,
    credentials: Credentials,
    document: String,
}

impl fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedIn")
            .field("session", &self.session)
            .field("credentials", &self.credentials)
            .field("document", &REDACTED)
            .finish()
    }
}

impl SignedIn {
    /// The ARN the console session signed in as: what a profile's `login_session` names.
    pub fn session(&self) -> &str {
        &self.session
    }

    /// The session's temporary credentials (for 15 minutes at most).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Writes the token to the cache (`AWS_LOGIN_CACHE_DIRECTORY`, else
    /// `~/.aws/login/cache`, from `env`), readable by its owner only, creating the directory;
    /// returns the file's path.
    pub fn save(&self, env: &Env) -> Result<PathBuf, CredentialsError> {
        let directory = cache_directory(env)?;
        let file = directory.join(cache_file_name(&self.session));
        let cannot = |e: std::io::Error| {
            CredentialsError::with_source(format!("the sign-in token cannot be written to {}", file.display()), e)
        };
        token_file::create_private_dir(&directory).map_err(cannot)?;
        token_file::write_private(&file, &self.document).map_err(cannot)?;
        Ok(file)
    }
}

/// The session ARN an ID token names: its payload's `sub`. The token is not verified: it
/// came over TLS from the endpoint that issued the credentials, and only names the cache.
fn session_of(id_token: &str) -> Result<String, String> {
    let mut parts = id_token.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("the ID token is not a JWT".into());
    };
    let claims = base64::decode_url(payload)
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .ok_or("the ID token's payload is not base64url JSON")?;
    let session = claims.get("sub").and_then(Value::as_str).ok_or("the ID token names no session (`sub`)")?;
    if !session.starts_with("arn:") || session.split(':').count() < 6 || session.chars().any(char::is_control) {
        return Err(format!("the ID token's session {} is not an ARN", redact::bounded(session, 100)));
    }
    Ok(session.to_owned())
}

/// A PKCE verifier: 64 characters drawn evenly from [`VERIFIER_ALPHABET`].
fn random_verifier(random: &SystemRandom) -> Result<String, CredentialsError> {
    let mut verifier = String::with_capacity(VERIFIER_LENGTH);
    // Bytes below the largest multiple of the alphabet's size map evenly onto it.
    let limit = 256 - 256 % VERIFIER_ALPHABET.len();
    while verifier.len() < VERIFIER_LENGTH {
        let mut bytes = [0u8; 64];
        random.fill(&mut bytes).map_err(|_| CredentialsError::new("no randomness for the PKCE verifier"))?;
        for byte in bytes.into_iter().map(usize::from).filter(|b| *b < limit) {
            if verifier.len() < VERIFIER_LENGTH {
                verifier.push(char::from(VERIFIER_ALPHABET[byte % VERIFIER_ALPHABET.len()]));
            }
        }
    }
    Ok(verifier)
}

/// A new P-256 key as PEM `EC PRIVATE KEY` (SEC1 with the curve and the public key, as the
/// AWS CLI writes its `dpopKey`).
fn new_key_pem(random: &SystemRandom) -> Result<String, CredentialsError> {
    let no_key = || CredentialsError::new("a new P-256 key could not be made");
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, random).map_err(|_| no_key())?;
    // PKCS #8: SEQUENCE { INTEGER 0, SEQUENCE { algorithm, curve }, OCTET STRING { SEC1 } }.
    let (document, _) = der_element(pkcs8.as_ref(), 0x30).ok_or_else(no_key)?;
    let (_, rest) = der_element(document, 0x02).ok_or_else(no_key)?;
    let (_, rest) = der_element(rest, 0x30).ok_or_else(no_key)?;
    let (sec1, _) = der_element(rest, 0x04).ok_or_else(no_key)?;
    let (private_key, public_key) = sec1_p256(sec1).ok_or_else(no_key)?;
    Ok(sec1_pem(private_key, public_key))
}

/// `ECPrivateKey { 1, key, [0] prime256v1, [1] point }` (RFC 5915) as PEM, 64 columns.
fn sec1_pem(private_key: &[u8], public_key: &[u8]) -> String {
    let mut body = vec![0x02, 0x01, 0x01, 0x04, 32];
    body.extend_from_slice(private_key);
    body.extend_from_slice(&[0xa0, 10, 0x06, 8]);
    body.extend_from_slice(PRIME256V1);
    body.extend_from_slice(&[0xa1, 68, 0x03, 66, 0x00]);
    body.extend_from_slice(public_key);
    let mut der = vec![0x30, u8::try_from(body.len()).unwrap_or(u8::MAX)];
    der.extend_from_slice(&body);
    let encoded = base64::encode(&der);
    let mut pem = String::from("-----BEGIN EC PRIVATE KEY-----\n");
    for line in encoded.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END EC PRIVATE KEY-----\n");
    pem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env() -> Env {
        std::sync::Arc::new(|_: &str| None)
    }

    fn attempt(device: Device) -> SignIn {
        SignIn::new("eu-west-1", &no_env(), device).expect("sign-in")
    }

    #[test]
    fn the_authorization_url_carries_the_client_state_redirect_and_challenge() {
        let same = attempt(Device::Same { redirect_uri: "http://127.0.0.1:4711/oauth/callback".into() });
        let url = same.authorization_url();
        let (base, query) = url.split_once('?').expect("a query");
        assert_eq!(base, "https://eu-west-1.signin.aws.amazon.com/v1/authorize");
        let fields: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').expect("name=value");
                (name.to_owned(), percent_decode(value).expect("decodes"))
            })
            .collect();
        let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(field("response_type"), Some("code"));
        assert_eq!(field("client_id"), Some("arn:aws:signin:::devtools/same-device"));
        assert_eq!(field("redirect_uri"), Some("http://127.0.0.1:4711/oauth/callback"));
        assert_eq!(field("state"), Some(same.state.as_str()));
        assert_eq!(field("code_challenge_method"), Some("SHA-256"));
        assert_eq!(field("scope"), Some("openid"));
        // S256: the challenge is the verifier's SHA-256, base64url without padding.
        let digest = ring::digest::digest(&ring::digest::SHA256, same.verifier.as_bytes());
        assert_eq!(field("code_challenge"), Some(base64::encode_url_no_pad(digest.as_ref()).as_str()));
        assert!(!url.contains(&same.verifier), "the verifier stays here");

        let remote = attempt(Device::Remote);
        assert_eq!(remote.redirect_uri(), "https://eu-west-1.signin.aws.amazon.com/v1/sessions/confirmation");
        assert!(remote.authorization_url().contains("devtools%2Fcross-device"));
        assert_ne!((remote.state.as_str(), remote.verifier.as_str()), (same.state.as_str(), same.verifier.as_str()));
    }

    #[test]
    fn the_region_must_be_one_even_with_the_endpoint_overridden() {
        let overridden: Env = std::sync::Arc::new(|name: &str| {
            (name == "AWS_ENDPOINT_URL_SIGNIN").then(|| "http://127.0.0.1:1".to_owned())
        });
        let err = SignIn::new("eu west", &overridden, Device::Remote).unwrap_err();
        assert_eq!(err.to_string(), "eu west is not a region");
        assert!(SignIn::new("eu-west-1", &overridden, Device::Remote).is_ok());
    }

    #[test]
    fn verifiers_are_64_unreserved_characters_and_differ() {
        let random = SystemRandom::new();
        let (a, b) = (random_verifier(&random).unwrap(), random_verifier(&random).unwrap());
        assert_eq!((a.len(), b.len()), (64, 64));
        assert!(a.bytes().chain(b.bytes()).all(|c| VERIFIER_ALPHABET.contains(&c)), "{a} {b}");
        assert_ne!(a, b);
    }

    #[test]
    fn the_new_key_is_sec1_pem_with_its_curve_and_reads_back() {
        let pem = new_key_pem(&SystemRandom::new()).expect("a key");
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n") && pem.ends_with("-----END EC PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|line| line.len() <= 64), "{pem}");
        let der = base64::decode(&pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>()).unwrap();
        assert_eq!(der.len(), 121, "SEQUENCE of 119 bytes");
        assert!(der.windows(PRIME256V1.len()).any(|w| w == PRIME256V1), "names the curve");
        assert!(key_pair(&pem).is_ok());
        assert_ne!(pem, new_key_pem(&SystemRandom::new()).unwrap());
    }

    #[test]
    fn a_redirect_gives_its_code_only_for_this_attempts_state() {
        let same = attempt(Device::Same { redirect_uri: "http://127.0.0.1:1/oauth/callback".into() });
        let state = same.state.clone();
        assert_eq!(same.code_from_redirect(&format!("code=abc%2Bd&state={state}")).unwrap(), "abc+d");
        let other = same.code_from_redirect("code=abc&state=someone-else").unwrap_err().to_string();
        assert!(other.contains("another attempt"), "{other}");
        assert!(
            same.code_from_redirect(&format!("state={state}"))
                .unwrap_err()
                .to_string()
                .contains("no authorization code")
        );
        let refused = same.code_from_redirect("error=access_denied&error_description=The+user+said+no").unwrap_err();
        assert_eq!(refused.to_string(), "Sign-In refused the sign-in (access_denied): The user said no");
        assert!(same.code_from_redirect("code=%ZZ").is_err());

        let pasted = base64::encode(format!("state={state}&code=pasted").as_bytes());
        assert_eq!(same.code_from_verification(&format!(" {pasted}\n")).unwrap(), "pasted");
        assert!(same.code_from_verification("not base64!").is_err());
        assert!(same.code_from_verification(&base64::encode(b"state=x&code=y")).is_err());
    }

    #[test]
    fn the_session_is_the_id_tokens_subject_when_it_is_an_arn() {
        let token = |claims: &str| format!("e30.{}.sig", base64::encode_url_no_pad(claims.as_bytes()));
        let arn = "arn:aws:sts::123456789012:assumed-role/Admin/alice";
        assert_eq!(session_of(&token(&format!(r#"{{"sub":"{arn}"}}"#))).unwrap(), arn);
        assert!(session_of(&token(r#"{"sub":"alice"}"#)).unwrap_err().contains("not an ARN"));
        assert!(session_of(&token(r#"{"aud":"x"}"#)).unwrap_err().contains("no session"));
        assert!(session_of("only.two").is_err());
        assert!(session_of("a.!!!.c").is_err());
    }

    #[test]
    fn debug_shows_neither_the_verifier_nor_the_key() {
        let same = attempt(Device::Remote);
        let shown = format!("{same:?}");
        assert!(!shown.contains(&same.verifier) && !shown.contains("PRIVATE KEY"), "{shown}");
    }
}

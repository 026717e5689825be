//! Credentials of IAM Identity Center (SSO), from the token `aws sso login` leaves in the
//! AWS CLI's cache.
//!
//! A profile names the session either with `sso_session` and an `[sso-session NAME]` section
//! (`sso_start_url`, `sso_region`), or in the legacy form with `sso_start_url` and `sso_region`
//! in the profile itself; `sso_account_id` and `sso_role_name` name the role. The token is
//! `~/.aws/sso/cache/<SHA-1 of the session name, or of the start URL for the legacy
//! form>.json`. When fewer than 15 minutes are left and the cache holds a refresh token, the
//! token is refreshed through SSO OIDC `CreateToken` (`refresh_token` grant) and the cache is
//! written back whole (a new file renamed over the old one, readable by its owner only). Then
//! the SSO portal's `GetRoleCredentials` gives the role's credentials. A token that is missing
//! or has expired is an error saying to run `aws sso login --profile NAME`. The endpoints are
//! `https://portal.sso.{region}.amazonaws.com` and `https://oidc.{region}.amazonaws.com`,
//! unless `AWS_ENDPOINT_URL_SSO` or `AWS_ENDPOINT_URL_SSO_OIDC` say otherwise. No token, client
//! secret or key appears in `Debug` or in an error.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::json::{Object, error_detail};
use super::token_file;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;
use crate::date_time::{DateTime, TimestampFormat};
use crate::endpoint::is_dns_label;
use crate::env::Env;
use crate::percent::percent_encode;
use crate::profile::{Profile, ProfileSet};
use crate::redact;
use crate::transport::{HttpClient, HttpRequest, HttpResponse};

/// A token with less than this left is refreshed, when it can be.
const REFRESH_BEFORE: Duration = Duration::from_secs(15 * 60);

/// What a profile says about its SSO session and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSettings {
    /// The profile's name, for the `aws sso login --profile` hint.
    pub profile: String,
    /// `sso_session`, or `None` for the legacy form.
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    pub account_id: String,
    pub role_name: String,
}

impl SsoSettings {
    /// The SSO settings of `profile`, `None` when it has none; an error when some are
    /// missing or contradict its `[sso-session]` section.
    pub fn from_profile(profile: &Profile, profiles: &ProfileSet) -> Result<Option<Self>, CredentialsError> {
        let name = profile.name();
        let keys = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
        if keys.iter().all(|key| profile.get(key).is_none()) {
            return Ok(None);
        }
        let missing = |key: &str| CredentialsError::new(format!("profile `{name}` uses SSO but has no `{key}`"));
        let (session, start_url, region) = match profile.get("sso_session") {
            Some(session_name) => {
                let session = profiles.sso_session(session_name).ok_or_else(|| {
                    CredentialsError::new(format!(
                        "profile `{name}` names sso_session `{session_name}`, but the config has no \
                         [sso-session {session_name}] section"
                    ))
                })?;
                let from_session = |key: &str| {
                    session
                        .get(key)
                        .map(str::to_owned)
                        .ok_or_else(|| CredentialsError::new(format!("[sso-session {session_name}] has no `{key}`")))
                };
                let (start_url, region) = (from_session("sso_start_url")?, from_session("sso_region")?);
                for (key, value) in [("sso_start_url", &start_url), ("sso_region", &region)] {
                    if profile.get(key).is_some_and(|v| v != value) {
                        return Err(CredentialsError::new(format!(
                            "profile `{name}` sets `{key}` differently from its [sso-session {session_name}]"
                        )));
                    }
                }
                (Some(session_name.to_owned()), start_url, region)
            }
            None => (
                None,
                profile.get("sso_start_url").ok_or_else(|| missing("sso_start_url"))?.to_owned(),
                profile.get("sso_region").ok_or_else(|| missing("sso_region"))?.to_owned(),
            ),
        };
        if !is_dns_label(&region) {
            return Err(CredentialsError::new(format!(
                "profile `{name}`: sso_region {} is not a region",
                redact::bounded(&region, 40)
            )));
        }
        Ok(Some(Self {
            profile: name.to_owned(),
            session,
            start_url,
            region,
            account_id: profile.get("sso_account_id").ok_or_else(|| missing("sso_account_id"))?.to_owned(),
            role_name: profile.get("sso_role_name").ok_or_else(|| missing("sso_role_name"))?.to_owned(),
        }))
    }

    /// The cache file's name: the SHA-1 of the session name, or of the start URL for the
    /// legacy form, in hex.
    pub fn cache_file_name(&self) -> String {
        let key = self.session.as_deref().unwrap_or(&self.start_url);
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.json")
    }
}

/// Loads an SSO role's credentials each time it is asked (put it behind a
/// [`CredentialsCache`](super::cache::CredentialsCache)).
#[derive(Clone)]
pub struct SsoProvider {
    settings: SsoSettings,
    cache_file: PathBuf,
    portal: String,
    oidc: String,
    http: Arc<dyn HttpClient>,
}

impl fmt::Debug for SsoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoProvider")
            .field("settings", &self.settings)
            .field("cache_file", &self.cache_file)
            .finish_non_exhaustive()
    }
}

impl SsoProvider {
    /// A provider for `settings`, reading the token cache under the home directory `env`
    /// gives and the endpoints' overrides from `env`; requests go through `http`.
    pub fn new(settings: SsoSettings, env: &Env, http: Arc<dyn HttpClient>) -> Result<Self, CredentialsError> {
        // The AWS CLI's cache is under the home directory, wherever the config file is.
        let home = token_file::home_dir(env)
            .ok_or_else(|| CredentialsError::new("no home directory to find the SSO token cache in"))?;
        let cache_file = PathBuf::from(home).join(".aws/sso/cache").join(settings.cache_file_name());
        let endpoint = |variable: &str, default: String| {
            env(variable)
                .map(|v| v.trim().trim_end_matches('/').to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or(default)
        };
        let portal = endpoint("AWS_ENDPOINT_URL_SSO", format!("https://portal.sso.{}.amazonaws.com", settings.region));
        let oidc = endpoint("AWS_ENDPOINT_URL_SSO_OIDC", format!("https://oidc.{}.amazonaws.com", settings.region));
        Ok(Self { settings, cache_file, portal, oidc, http })
    }

    /// The token cache file this provider reads.
    pub fn cache_file(&self) -> &std::path::Path {
        &self.cache_file
    }

    fn login_hint(&self, why: &str) -> CredentialsError {
        CredentialsError::new(format!(
            "SSO for profile `{}`: {why}; run `aws sso login --profile {}`",
            self.settings.profile, self.settings.profile
        ))
    }

    fn failed(&self, why: impl fmt::Display) -> CredentialsError {
        CredentialsError::new(format!("SSO for profile `{}`: {why}", self.settings.profile))
    }

    /// The cached token document, with its access token and when it expires.
    fn read_cache(&self) -> Result<(Object, String, SystemTime), CredentialsError> {
        let text = token_file::read(&self.cache_file)
            .map_err(|e| {
                let what = format!("the SSO token cache {} cannot be read", self.cache_file.display());
                CredentialsError::with_source(what, e)
            })?
            .ok_or_else(|| self.login_hint(&format!("there is no token in {}", self.cache_file.display())))?;
        let broken = |why: String| self.failed(format!("the token cache {} is {why}", self.cache_file.display()));
        let object = Object::parse(&text).map_err(broken)?;
        let token =
            object.string("accessToken").map_err(broken)?.ok_or_else(|| broken("without `accessToken`".into()))?;
        let expires =
            object.string("expiresAt").map_err(broken)?.ok_or_else(|| broken("without `expiresAt`".into()))?;
        let expires = DateTime::parse(&expires, TimestampFormat::DateTime)
            .map_err(|_| broken("with an `expiresAt` that is not an RFC 3339 date".into()))?;
        let expires =
            SystemTime::try_from(expires).map_err(|_| broken("with `expiresAt` out of this system's range".into()))?;
        Ok((object, token, expires))
    }

    /// A token with at least a few minutes left: the cached one, or a refreshed one.
    async fn token(&self) -> Result<String, CredentialsError> {
        let (document, token, expires) = self.read_cache()?;
        let now = SystemTime::now();
        if expires > now + REFRESH_BEFORE {
            return Ok(token);
        }
        match self.refresh(document).await {
            Ok(refreshed) => Ok(refreshed),
            Err(e) if expires > now => {
                tracing::warn!(error = %e, "the SSO token could not be refreshed; using it while it lasts");
                Ok(token)
            }
            Err(e) => Err(self.login_hint(&format!("the token has expired and could not be refreshed ({e})"))),
        }
    }

    /// `CreateToken` with the cached refresh token; the cache written back with the new
    /// token.
    async fn refresh(&self, cache: Object) -> Result<String, CredentialsError> {
        let field = |key: &str| cache.string(key).ok().flatten();
        let (Some(client_id), Some(client_secret), Some(refresh_token)) =
            (field("clientId"), field("clientSecret"), field("refreshToken"))
        else {
            return Err(self.failed("the cached token cannot be refreshed (no refresh token or client registration)"));
        };
        let body = serde_json::json!({
            "clientId": client_id,
            "clientSecret": client_secret,
            "grantType": "refresh_token",
            "refreshToken": refresh_token,
        });
        let response = self.send("POST", format!("{}/token", self.oidc), vec![], body.to_string()).await?;
        if !(200..300).contains(&response.status) {
            return Err(self.failed(format!(
                "SSO OIDC CreateToken answered HTTP {}{}",
                response.status,
                error_detail(&body_text(&response))
            )));
        }
        let answer = Object::parse(&body_text(&response))
            .map_err(|why| self.failed(format!("SSO OIDC CreateToken's answer is {why}")))?;
        let token = answer
            .string("accessToken")
            .ok()
            .flatten()
            .ok_or_else(|| self.failed("SSO OIDC CreateToken's answer has no `accessToken`"))?;
        let seconds = answer.get("expiresIn").and_then(Value::as_u64).unwrap_or(3600);
        // A lifetime no date can hold is an error, not a panic or a cache nothing reads back.
        let expires = SystemTime::now()
            .checked_add(Duration::from_secs(seconds))
            .and_then(|at| DateTime::from(at).fmt(TimestampFormat::DateTime).ok())
            .ok_or_else(|| self.failed(format!("SSO OIDC CreateToken's `expiresIn` ({seconds} s) is out of range")))?;
        let mut document = cache.into_members();
        document.insert("accessToken".into(), Value::from(token.clone()));
        document.insert("expiresAt".into(), Value::from(expires));
        if let Some(rotated) = answer.string("refreshToken").ok().flatten() {
            document.insert("refreshToken".into(), Value::from(rotated));
        }
        self.write_cache(&Value::Object(document))?;
        Ok(token)
    }

    /// Writes the cache whole, readable by its owner only.
    fn write_cache(&self, document: &Value) -> Result<(), CredentialsError> {
        token_file::write_private(&self.cache_file, &document.to_string()).map_err(|e| {
            CredentialsError::with_source(
                format!("the SSO token cache {} cannot be written", self.cache_file.display()),
                e,
            )
        })
    }

    async fn send(
        &self,
        method: &'static str,
        url: String,
        mut headers: Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'static, str>)>,
        body: String,
    ) -> Result<HttpResponse, CredentialsError> {
        if !body.is_empty() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let request = HttpRequest { method, url, headers, body };
        self.http.send(request).await.map_err(|e| self.failed(format!("the request failed: {e}")))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token().await?;
        let mut query = String::from("/federation/credentials?account_id=");
        percent_encode(&self.settings.account_id, &mut query);
        query.push_str("&role_name=");
        percent_encode(&self.settings.role_name, &mut query);
        let headers = vec![("x-amz-sso_bearer_token".into(), token.into())];
        let response = self.send("GET", format!("{}{query}", self.portal), headers, String::new()).await?;
        match response.status {
            200..=299 => {}
            401 | 403 => {
                return Err(self.login_hint(&format!(
                    "the SSO portal refused the token (HTTP {}{})",
                    response.status,
                    error_detail(&body_text(&response))
                )));
            }
            status => {
                let detail = error_detail(&body_text(&response));
                return Err(self.failed(format!("GetRoleCredentials answered HTTP {status}{detail}")));
            }
        }
        let bad = |why: String| self.failed(format!("GetRoleCredentials' answer is {why}"));
        let answer = Object::parse(&body_text(&response)).map_err(bad)?;
        let role = answer.object("roleCredentials").ok_or_else(|| bad("without `roleCredentials`".into()))?;
        let text = |key: &str| role.string(key).map_err(bad);
        let key = text("accessKeyId")?.ok_or_else(|| bad("without `accessKeyId`".into()))?;
        let secret = text("secretAccessKey")?.ok_or_else(|| bad("without `secretAccessKey`".into()))?;
        // Milliseconds since the epoch; past year 9999 is not a date (and no clock holds it).
        let expiry = match role.get("expiration").and_then(Value::as_u64) {
            Some(ms) => {
                let at = i64::try_from(ms).ok().map(DateTime::from_millis).filter(DateTime::has_four_digit_year);
                let at = at.and_then(|at| SystemTime::try_from(at).ok());
                Some(at.ok_or_else(|| bad("with `expiration` out of range".into()))?)
            }
            None => None,
        };
        Ok(Credentials::new(key, secret, text("sessionToken")?, expiry, "Sso")
            .with_account_id(self.settings.account_id.clone()))
    }
}

/// A response body as text (a stray invalid byte replaced).
fn body_text(response: &HttpResponse) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&response.body)
}

impl ProvideCredentials for SsoProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

//! Credentials of an EC2 instance's profile, from the instance metadata service (IMDSv2).
//!
//! A session token comes first (`PUT /latest/api/token`, kept until shortly before its six
//! hours run out, asked again when the service answers 401); then the instance profile's
//! name and credentials, from the extended API (`/latest/meta-data/iam/security-credentials-extended/`,
//! which carries `AccountId`) or, when that answers 404, the legacy one
//! (`/latest/meta-data/iam/security-credentials/`). A profile name given by
//! `AWS_EC2_INSTANCE_PROFILE_NAME` or the profile's `ec2_instance_profile_name` skips the
//! discovery, and one neither API knows is an error saying so; a discovered name that later
//! answers 404 (the instance's role changed) is discovered again, once.
//!
//! IMDSv1 (no token) is used only when the token call says the service does not support
//! tokens (404 or 405), and never when `AWS_EC2_METADATA_V1_DISABLED` (or the profile's
//! `ec2_metadata_v1_disabled`) is `true`. Each attempt has one second, and a timeout is not
//! tried again, so a machine that is not on EC2 learns it in about a second, and the error
//! says so. `AWS_EC2_METADATA_DISABLED=true` turns the provider off.
//!
//! Static stability, as EC2 advises: when the service cannot be reached, or gives
//! credentials that have already expired, the last credentials are used for 5 to 10 more
//! minutes (a random span), with a warning.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::json::Object;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::{BoxFuture, TimeSource};
use crate::env::Env;
use crate::profile::Profile;
use crate::redact;
use crate::region::ProvideRegion;
use crate::sleep::{AsyncSleep, TokioSleep, timeout};
use crate::transport::{HttpClient, HttpRequest, HttpResponse};

/// The service's address over IPv4.
const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The service's address over IPv6.
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Attempts for a failed connection or a 5xx answer (a timeout is not tried again).
const MAX_ATTEMPTS: u32 = 2;
/// The session token's lifetime asked for, in seconds (six hours, the most allowed).
const TOKEN_TTL_SECONDS: u64 = 21_600;
/// A token is asked again this long before it would run out.
const TOKEN_MARGIN: Duration = Duration::from_secs(120);
const EXTENDED_PATH: &str = "/latest/meta-data/iam/security-credentials-extended/";
const LEGACY_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Where the service is and how to talk to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsSettings {
    /// `http://169.254.169.254` unless set otherwise.
    pub endpoint: String,
    /// The instance profile's name, if configured (no discovery then).
    pub profile_name: Option<String>,
    /// Whether IMDSv1 may never be used.
    pub v1_disabled: bool,
}

impl ImdsSettings {
    /// The settings the environment and `profile` give, or `None` when
    /// `AWS_EC2_METADATA_DISABLED` is `true`. Variables come before the profile's keys.
    pub fn from_env(env: &Env, profile: Option<&Profile>) -> Result<Option<Self>, CredentialsError> {
        let setting = |variable: &str, key: &str| {
            env(variable)
                .or_else(|| profile.and_then(|p| p.get(key)).map(str::to_owned))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let flag = |variable: &str, key: &str| match setting(variable, key) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(CredentialsError::new(format!(
                "{variable} (or `{key}`) is {}: expected `true` or `false`",
                redact::bounded(&v, 40)
            ))),
        };
        if flag("AWS_EC2_METADATA_DISABLED", "ec2_metadata_disabled")? {
            return Ok(None);
        }
        let endpoint = match (
            setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint"),
            setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode"),
        ) {
            (Some(url), _) => checked_endpoint(&url)?,
            (None, Some(mode)) if mode.eq_ignore_ascii_case("ipv6") => IPV6_ENDPOINT.to_owned(),
            (None, Some(mode)) if mode.eq_ignore_ascii_case("ipv4") => IPV4_ENDPOINT.to_owned(),
            (None, Some(mode)) => {
                return Err(CredentialsError::new(format!(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE (or `ec2_metadata_service_endpoint_mode`) is {}: \
                     expected `IPv4` or `IPv6`",
                    redact::bounded(&mode, 40)
                )));
            }
            (None, None) => IPV4_ENDPOINT.to_owned(),
        };
        Ok(Some(Self {
            endpoint,
            profile_name: setting("AWS_EC2_INSTANCE_PROFILE_NAME", "ec2_instance_profile_name"),
            v1_disabled: flag("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?,
        }))
    }
}

/// An `http` or `https` URL without user information, its trailing `/` removed.
fn checked_endpoint(url: &str) -> Result<String, CredentialsError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && !url.split("://").nth(1).unwrap_or_default().split('/').next().unwrap_or_default().contains('@')
        && !url.chars().any(|c| c.is_control() || c == ' ');
    if !ok {
        return Err(CredentialsError::new(format!(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT (or `ec2_metadata_service_endpoint`) is not an http or https URL: {}",
            redact::bounded(&redact::url_userinfo(url), 100)
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// What the provider remembers between loads.
#[derive(Default)]
struct State {
    /// The session token and when to ask for a new one; `None` inside after a v1 fallback.
    token: Option<(String, SystemTime)>,
    /// The service does not support tokens (and v1 is allowed).
    v1: bool,
    /// The extended API answered 404: the legacy one is used from then on.
    legacy: bool,
    /// The discovered instance profile name.
    discovered: Option<String>,
    /// The last credentials, for static stability.
    last: Option<Credentials>,
}

/// Loads an EC2 instance profile's credentials each time it is asked (put it behind a
/// [`CredentialsCache`](super::cache::CredentialsCache)).
#[derive(Clone)]
pub struct ImdsProvider {
    settings: ImdsSettings,
    http: Arc<dyn HttpClient>,
    sleep: Arc<dyn AsyncSleep>,
    /// The clock deciding when the token is renewed and whether credentials expired.
    now: TimeSource,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for ImdsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsProvider").field("settings", &self.settings).finish_non_exhaustive()
    }
}

/// Why one request to the service failed.
enum Failure {
    /// No connection or no answer: the service is not there.
    Unreachable(String),
    /// An answer that is not a success.
    Status(u16),
}

impl ImdsProvider {
    /// A provider with `settings`, sending requests through `http`.
    pub fn new(settings: ImdsSettings, http: Arc<dyn HttpClient>) -> Self {
        Self { settings, http, sleep: Arc::new(TokioSleep), now: Arc::new(SystemTime::now), state: Arc::default() }
    }

    /// The same provider, waiting with `sleep` (tests use one that records).
    pub fn with_sleep(mut self, sleep: Arc<dyn AsyncSleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// The same provider, reading the time from `now` (the system clock by default): when
    /// the session token is renewed, whether credentials have expired (tests move it).
    pub fn with_time_source(mut self, now: TimeSource) -> Self {
        self.now = now;
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One request, with its attempts.
    async fn send(
        &self,
        method: &'static str,
        path: &str,
        headers: Vec<(String, String)>,
    ) -> Result<HttpResponse, Failure> {
        let request = HttpRequest {
            method,
            url: format!("{}{path}", self.settings.endpoint),
            headers: headers.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            body: String::new(),
        };
        let mut last = Failure::Unreachable(String::new());
        for attempt in 1..=MAX_ATTEMPTS {
            match timeout(&*self.sleep, Some(ATTEMPT_TIMEOUT), self.http.send(request.clone())).await {
                None => return Err(Failure::Unreachable(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs()))),
                Some(Err(e)) => last = Failure::Unreachable(e.to_string()),
                Some(Ok(response)) if (200..300).contains(&response.status) => return Ok(response),
                Some(Ok(response)) if (500..600).contains(&response.status) => last = Failure::Status(response.status),
                Some(Ok(response)) => return Err(Failure::Status(response.status)),
            }
            if attempt < MAX_ATTEMPTS {
                self.sleep.sleep(Duration::from_millis(100)).await;
            }
        }
        Err(last)
    }

    fn failed(&self, why: impl fmt::Display) -> CredentialsError {
        CredentialsError::new(format!("the EC2 instance metadata service at {}: {why}", self.settings.endpoint))
    }

    fn unreachable(&self, why: &str) -> CredentialsError {
        self.failed(format!("cannot be reached ({why}); this does not look like an EC2 instance"))
    }

    /// The session token to send, or `None` when IMDSv1 is used.
    async fn token(&self, renew: bool) -> Result<Option<String>, CredentialsError> {
        {
            let state = self.state();
            if state.v1 {
                return Ok(None);
            }
            if let Some((token, renew_at)) = &state.token
                && !renew
                && (self.now)() < *renew_at
            {
                return Ok(Some(token.clone()));
            }
        }
        let ttl = vec![("x-aws-ec2-metadata-token-ttl-seconds".to_owned(), TOKEN_TTL_SECONDS.to_string())];
        match self.send("PUT", "/latest/api/token", ttl).await {
            Ok(response) => {
                let token = String::from_utf8_lossy(&response.body).trim().to_owned();
                if token.is_empty() || token.chars().any(char::is_control) {
                    return Err(self.failed("its session token is empty or malformed"));
                }
                let renew_at = (self.now)() + Duration::from_secs(TOKEN_TTL_SECONDS) - TOKEN_MARGIN;
                self.state().token = Some((token.clone(), renew_at));
                Ok(Some(token))
            }
            Err(Failure::Status(404 | 405)) if !self.settings.v1_disabled => {
                tracing::warn!("the EC2 instance metadata service does not support session tokens; using IMDSv1");
                self.state().v1 = true;
                Ok(None)
            }
            Err(Failure::Status(status @ (404 | 405))) => Err(self.failed(format!(
                "it does not support session tokens (HTTP {status}), and IMDSv1 is disabled \
                 (AWS_EC2_METADATA_V1_DISABLED)"
            ))),
            Err(Failure::Status(status)) => Err(self.failed(format!("the session token call answered HTTP {status}"))),
            Err(Failure::Unreachable(why)) => Err(self.unreachable(&why)),
        }
    }

    /// A metadata document, with the session token; a stale token (401) is renewed once.
    async fn get(&self, path: &str) -> Result<Result<String, u16>, CredentialsError> {
        let mut renew = false;
        loop {
            let token = self.token(renew).await?;
            let headers = token.map(|t| vec![("x-aws-ec2-metadata-token".to_owned(), t)]).unwrap_or_default();
            match self.send("GET", path, headers).await {
                Ok(response) => return Ok(Ok(String::from_utf8_lossy(&response.body).into_owned())),
                Err(Failure::Status(401)) if !renew => renew = true,
                Err(Failure::Status(status)) => return Ok(Err(status)),
                Err(Failure::Unreachable(why)) => return Err(self.unreachable(&why)),
            }
        }
    }

    /// The instance profile's name: configured, or discovered (again when `rediscover`).
    async fn profile_name(&self, base: &str, rediscover: bool) -> Result<Result<String, u16>, CredentialsError> {
        if let Some(name) = &self.settings.profile_name {
            return Ok(Ok(name.clone()));
        }
        if !rediscover && let Some(name) = self.state().discovered.clone() {
            return Ok(Ok(name));
        }
        Ok(match self.get(base).await? {
            Ok(list) => match list.lines().map(str::trim).find(|l| !l.is_empty()) {
                Some(name) => {
                    self.state().discovered = Some(name.to_owned());
                    Ok(name.to_owned())
                }
                None => return Err(self.failed("no IAM role is attached to this instance")),
            },
            Err(status) => Err(status),
        })
    }

    /// The credentials document, from the extended API or, after it answered 404, the legacy one.
    async fn document(&self) -> Result<String, CredentialsError> {
        let mut rediscovered = false;
        loop {
            let base = if self.state().legacy { LEGACY_PATH } else { EXTENDED_PATH };
            let name = match self.profile_name(base, rediscovered).await? {
                Ok(name) => name,
                Err(404) if base == EXTENDED_PATH => {
                    self.state().legacy = true;
                    continue;
                }
                Err(404) => return Err(self.failed("no IAM role is attached to this instance")),
                Err(status) => return Err(self.failed(format!("listing the instance profile answered HTTP {status}"))),
            };
            match self.get(&format!("{base}{name}")).await? {
                Ok(document) => return Ok(document),
                // A configured name the extended API does not know: the legacy API may.
                Err(404) if self.settings.profile_name.is_some() && base == EXTENDED_PATH => {
                    self.state().legacy = true;
                }
                Err(404) if self.settings.profile_name.is_some() => {
                    return Err(self.failed(format!(
                        "the instance profile `{}` (AWS_EC2_INSTANCE_PROFILE_NAME or `ec2_instance_profile_name`) \
                         is not this instance's: invalid profile",
                        redact::bounded(&name, 100)
                    )));
                }
                // A discovered name that is gone: the instance's role changed. Once.
                Err(404) if !rediscovered => rediscovered = true,
                Err(status) => {
                    return Err(self.failed(format!(
                        "the credentials of `{}` answered HTTP {status}",
                        redact::bounded(&name, 100)
                    )));
                }
            }
        }
    }

    /// The instance's region (`/latest/meta-data/placement/region`).
    pub async fn region(&self) -> Result<String, CredentialsError> {
        match self.get("/latest/meta-data/placement/region").await? {
            Ok(region) if crate::endpoint::is_dns_label(region.trim()) => Ok(region.trim().to_owned()),
            Ok(_) => Err(self.failed("its region is not a region name")),
            Err(status) => Err(self.failed(format!("the region answered HTTP {status}"))),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let document = self.document().await?;
        let object = Object::parse(&document).map_err(|why| self.failed(format!("its answer is {why}")))?;
        if let Some(code) = object.string("Code").ok().flatten().filter(|c| c != "Success") {
            return Err(self.failed(format!("it answered `{}`", redact::bounded(&code, 100))));
        }
        object.credentials("Token", "Ec2InstanceMetadata").map_err(|why| self.failed(format!("its answer is {why}")))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        match self.fetch().await {
            Ok(credentials) if credentials.expiry().is_none_or(|at| at > (self.now)()) => {
                self.state().last = Some(credentials.clone());
                Ok(credentials)
            }
            Ok(expired) => {
                tracing::warn!(
                    "the EC2 instance metadata service gave expired credentials; using them a few more minutes"
                );
                Ok(extended(&expired, (self.now)()))
            }
            Err(e) => match self.state().last.clone() {
                Some(last) => {
                    tracing::warn!(error = %e, "using the last instance credentials a few more minutes");
                    Ok(extended(&last, (self.now)()))
                }
                None => Err(e),
            },
        }
    }
}

/// `credentials` valid for 5 to 10 more minutes from `now` (a random span, so that many
/// clients do not all come back at once).
fn extended(credentials: &Credentials, now: SystemTime) -> Credentials {
    let extra = Duration::from_secs(300 + crate::random::random_u64() % 301);
    let renewed = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        Some(now + extra),
        credentials.provider_name(),
    );
    match credentials.account_id() {
        Some(account) => renewed.with_account_id(account),
        None => renewed,
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

/// The instance's region, for a client whose configuration sets none (`None` off EC2).
impl ProvideRegion for ImdsProvider {
    fn region(&self) -> BoxFuture<'_, Option<String>> {
        Box::pin(async move {
            match ImdsProvider::region(self).await {
                Ok(region) => Some(region),
                Err(e) => {
                    tracing::debug!(error = %e, "no region from the instance metadata service");
                    None
                }
            }
        })
    }
}

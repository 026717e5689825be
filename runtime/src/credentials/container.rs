//! Credentials from the container credentials endpoint: ECS tasks and EKS Pod Identity.
//!
//! The endpoint is `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (a path on ECS's agent at
//! `169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`. A full URI over plain `http`
//! must name the loopback interface (`127.0.0.0/8`, `[::1]`, `localhost`), ECS's
//! `169.254.170.2`, or EKS Pod Identity's `169.254.170.23` / `[fd00:ec2::23]`: credentials are
//! never fetched from any other host in clear text, and such a URI is refused before any
//! request. The `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
//! (read again on every load: EKS rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`; the
//! token never appears in `Debug` or in an error.
//!
//! The answer is `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "AccountId"}`
//! (other members ignored). Each attempt has 2 seconds; a connection failure, a timeout or a
//! 5xx answer is tried again, up to 3 attempts.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::json::{Object, error_detail};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;
use crate::env::Env;
use crate::redact;
use crate::sleep::{AsyncSleep, TokioSleep, timeout};
use crate::transport::{HttpClient, HttpRequest};

/// ECS's credentials agent, which a relative URI is a path on.
const ECS_HOST: &str = "169.254.170.2";

/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);

/// How many attempts a load makes at most.
const MAX_ATTEMPTS: u32 = 3;

/// Where the `Authorization` header comes from.
#[derive(Clone)]
enum Authorization {
    None,
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    Token(String),
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read on every load.
    File(PathBuf),
}

/// Loads credentials from the container credentials endpoint each time it is asked (put
/// it behind a [`CredentialsCache`](super::cache::CredentialsCache)).
#[derive(Clone)]
pub struct ContainerProvider {
    url: String,
    authorization: Authorization,
    http: Arc<dyn HttpClient>,
    sleep: Arc<dyn AsyncSleep>,
}

impl fmt::Debug for ContainerProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authorization = match &self.authorization {
            Authorization::None => "none".to_owned(),
            Authorization::Token(_) => "a token (hidden)".to_owned(),
            Authorization::File(path) => format!("the token in {}", path.display()),
        };
        f.debug_struct("ContainerProvider")
            .field("url", &redact::url_userinfo(&self.url))
            .field("authorization", &authorization)
            .finish_non_exhaustive()
    }
}

impl ContainerProvider {
    /// The provider the environment asks for: `None` when neither
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` nor `AWS_CONTAINER_CREDENTIALS_FULL_URI` is
    /// set; an error when the URI may not be used. Requests go through `http`.
    pub fn from_env(env: &Env, http: Arc<dyn HttpClient>) -> Result<Option<Self>, CredentialsError> {
        let set = |name: &str| env(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let url = match (set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), set("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            (Some(relative), _) => relative_url(&relative)?,
            (None, Some(full)) => full_url(&full)?,
            (None, None) => return Ok(None),
        };
        let authorization =
            match (set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), set("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
                (Some(file), _) => Authorization::File(PathBuf::from(file)),
                (None, Some(token)) => Authorization::Token(checked_token(token, "AWS_CONTAINER_AUTHORIZATION_TOKEN")?),
                (None, None) => Authorization::None,
            };
        Ok(Some(Self { url, authorization, http, sleep: Arc::new(TokioSleep) }))
    }

    /// The same provider, waiting with `sleep` (tests use one that records).
    pub fn with_sleep(mut self, sleep: Arc<dyn AsyncSleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Authorization` header's value for this load, if any.
    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        match &self.authorization {
            Authorization::None => Ok(None),
            Authorization::Token(token) => Ok(Some(token.clone())),
            Authorization::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    CredentialsError::with_source(
                        format!("the container authorization token file {} cannot be read", path.display()),
                        e,
                    )
                })?;
                checked_token(text.trim().to_owned(), "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").map(Some)
            }
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut headers = vec![("accept".into(), "application/json".into())];
        if let Some(token) = self.authorization()? {
            headers.push(("authorization".into(), token.into()));
        }
        let request = HttpRequest { method: "GET", url: self.url.clone(), headers, body: String::new() };
        let mut last = String::new();
        for attempt in 1..=MAX_ATTEMPTS {
            if attempt > 1 {
                self.sleep.sleep(Duration::from_millis(100 * u64::from(attempt - 1))).await;
            }
            let outcome = timeout(&*self.sleep, Some(ATTEMPT_TIMEOUT), self.http.send(request.clone())).await;
            let response = match outcome {
                None => {
                    last = format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs());
                    continue;
                }
                Some(Err(e)) => {
                    last = e.to_string();
                    continue;
                }
                Some(Ok(response)) => response,
            };
            let body = String::from_utf8_lossy(&response.body);
            if (500..600).contains(&response.status) {
                last = format!("HTTP {}{}", response.status, error_detail(&body));
                continue;
            }
            if !(200..300).contains(&response.status) {
                return Err(self.failed(format!("HTTP {}{}", response.status, error_detail(&body))));
            }
            return Object::parse(&body)
                .and_then(|object| object.credentials("Token", "EcsContainer"))
                .map_err(|why| self.failed(format!("its answer is {why}")));
        }
        Err(self.failed(format!("{last} (after {MAX_ATTEMPTS} attempts)")))
    }

    fn failed(&self, why: String) -> CredentialsError {
        CredentialsError::new(format!(
            "the container credentials endpoint {} did not give credentials: {why}",
            redact::url_userinfo(&self.url)
        ))
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

/// A token that can be a header value (no line breaks or other control characters).
fn checked_token(token: String, source: &str) -> Result<String, CredentialsError> {
    if token.chars().any(char::is_control) {
        return Err(CredentialsError::new(format!("{source} holds a token with a control character")));
    }
    Ok(token)
}

/// `http://169.254.170.2` and the relative URI.
fn relative_url(relative: &str) -> Result<String, CredentialsError> {
    if !relative.starts_with('/') || relative.chars().any(|c| c.is_control() || c == ' ') {
        return Err(CredentialsError::new(format!(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI={} is not a path",
            redact::bounded(relative, 100)
        )));
    }
    Ok(format!("http://{ECS_HOST}{relative}"))
}

/// A full URI, refused when it is plain `http` to a host that is neither the loopback
/// interface nor a container credentials agent.
fn full_url(full: &str) -> Result<String, CredentialsError> {
    let refuse = |why: &str| {
        CredentialsError::new(format!(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI={} cannot be used: {why}",
            redact::bounded(&redact::url_userinfo(full), 100)
        ))
    };
    let (scheme, rest) = full.split_once("://").ok_or_else(|| refuse("it is not an http or https URL"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(refuse("it holds user information"));
    }
    if full.chars().any(|c| c.is_control() || c == ' ') {
        return Err(refuse("it holds a space or a control character"));
    }
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(host, _port)| host),
    };
    if host.is_empty() {
        return Err(refuse("it has no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(full.to_owned()),
        "http" if allowed_plain_host(host) => Ok(full.to_owned()),
        "http" => Err(refuse(
            "over plain http only the loopback interface, 169.254.170.2, 169.254.170.23 and fd00:ec2::23 are trusted",
        )),
        _ => Err(refuse("it is not an http or https URL")),
    }
}

/// Whether credentials may be fetched from `host` over plain http.
fn allowed_plain_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.octets() == [169, 254, 170, 2] || ip.octets() == [169, 254, 170, 23]
        }
        Ok(std::net::IpAddr::V6(ip)) => ip.is_loopback() || ip.segments() == [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23],
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trusted_hosts_are_used_over_plain_http() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://localhost/creds",
            "http://[::1]:9/x",
            "http://169.254.170.2/v2/credentials/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://creds.example.com/x",
        ] {
            assert_eq!(full_url(ok).as_deref().ok(), Some(ok), "{ok}");
        }
        for (bad, why) in [
            ("http://example.com/creds", "only the loopback"),
            ("http://169.254.169.254/latest", "only the loopback"),
            ("http://127.0.0.1.example.com/", "only the loopback"),
            ("http://user:pass@127.0.0.1/", "user information"),
            ("ftp://127.0.0.1/", "not an http or https URL"),
            ("127.0.0.1/creds", "not an http or https URL"),
            ("http:///creds", "no host"),
            ("http://127.0.0.1/a b", "a space"),
        ] {
            let err = full_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(!err.contains("pass@"), "{err}");
        }
    }

    #[test]
    fn a_relative_uri_is_a_path_on_the_ecs_agent() {
        assert_eq!(relative_url("/v2/credentials/abc").unwrap(), "http://169.254.170.2/v2/credentials/abc");
        assert!(relative_url("v2/credentials").is_err());
        assert!(relative_url("/a\r\nHost: evil").is_err());
    }
}

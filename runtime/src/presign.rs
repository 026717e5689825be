//! Presigned requests: a call signed into its URL (SigV4 in the query string), for another
//! program to send: an EKS token, a Vault login, a link.
//!
//! A presigned URL is a bearer credential until it expires: whoever has it can make the call
//! as you. [`PresignedRequest`]'s `Debug` hides its signature and session token; the URL
//! itself is what [`PresignedRequest::uri`] gives, to be handled as a secret.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::redact::REDACTED;

/// The longest a presigned request can be valid: SigV4 allows seven days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The HTTP method of a presigned request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PresignedMethod {
    /// Every member in the query string, no body (what EKS tokens use).
    #[default]
    Get,
    /// The form in the body, the signature in the query string.
    Post,
}

/// How to presign: for how long, from when, with which method and extra signed headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresigningConfig {
    start_time: Option<SystemTime>,
    expires_in: Duration,
    method: PresignedMethod,
    headers: Vec<(String, String)>,
}

impl PresigningConfig {
    /// Valid for `expires_in` from now, by GET.
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        Self::builder().expires_in(expires_in).build()
    }

    /// A builder; `expires_in` must be set.
    pub fn builder() -> PresigningConfigBuilder {
        PresigningConfigBuilder::default()
    }

    /// When the signature starts being valid (`None`: the signing time).
    pub fn start_time(&self) -> Option<SystemTime> {
        self.start_time
    }

    /// For how long it is valid.
    pub fn expiry(&self) -> Duration {
        self.expires_in
    }

    /// The method.
    pub fn method(&self) -> PresignedMethod {
        self.method
    }

    /// The extra headers signed with the request, which its sender must send as they are.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

/// Builds a [`PresigningConfig`].
#[derive(Debug, Clone, Default)]
pub struct PresigningConfigBuilder {
    start_time: Option<SystemTime>,
    expires_in: Option<Duration>,
    method: PresignedMethod,
    headers: Vec<(String, String)>,
}

impl PresigningConfigBuilder {
    /// Signs as of `time` instead of now.
    pub fn start_time(mut self, time: SystemTime) -> Self {
        self.start_time = Some(time);
        self
    }

    /// How long the request stays valid: whole seconds, from 1 s to 7 days.
    pub fn expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// GET (the default) or POST.
    pub fn method(mut self, method: PresignedMethod) -> Self {
        self.method = method;
        self
    }

    /// Signs header `name` with `value` too (EKS's `x-k8s-aws-id`, Vault's server id).
    pub fn signed_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The config, or what is wrong with it.
    pub fn build(self) -> Result<PresigningConfig, PresigningConfigError> {
        let expires_in = self.expires_in.ok_or(PresigningConfigError("no expiry is set (`expires_in`)".into()))?;
        if expires_in < Duration::from_secs(1) || expires_in > MAX_EXPIRY {
            return Err(PresigningConfigError(format!(
                "a presigned request can be valid from 1 second to 7 days (604800 s), not {} s",
                expires_in.as_secs_f64()
            )));
        }
        for (name, value) in &self.headers {
            check_extra_header(name, value).map_err(PresigningConfigError)?;
        }
        Ok(PresigningConfig {
            start_time: self.start_time,
            expires_in: Duration::from_secs(expires_in.as_secs()),
            method: self.method,
            headers: self.headers,
        })
    }
}

/// Whether header `name: value` may be signed in with a request: one a request may have
/// ([`check_header`](crate::transport::check_header)), and not an `x-amz-*` one, which
/// presigning puts in the URL. The reason when it may not.
pub(crate) fn check_extra_header(name: &str, value: &str) -> Result<(), String> {
    crate::transport::check_header(name, value)?;
    if name.to_ascii_lowercase().starts_with("x-amz-") {
        return Err(format!("`{name}` is set by the signature, not by hand"));
    }
    Ok(())
}

/// A presigning config that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresigningConfigError(String);

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid presigning config: {}", self.0)
    }
}

impl std::error::Error for PresigningConfigError {}

/// A request signed into its URL, to be sent by someone else: method, URL, the headers that
/// were signed (to be sent as they are) and, for POST, the form body.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    pub(crate) method: &'static str,
    pub(crate) uri: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl PresignedRequest {
    /// `GET` or `POST`.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The URL, signature included: a bearer credential until it expires.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers that were signed (but `host`), to be sent with the URL as they are.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The form body to send with a POST (empty for GET).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Debug for PresignedRequest {
    /// The URL with its signature and session token hidden; the body's length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("uri", &redacted_uri(&self.uri))
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A request signed in its headers (SigV4 `Authorization`), not sent: for another party to
/// send or to check (Vault's AWS IAM login sends one to STS). Its `Authorization` and
/// `X-Amz-Security-Token` headers are credentials; `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub(crate) method: &'static str,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl SignedRequest {
    /// `POST`.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every header sent, signed or not (`host` is the URL's).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The form body.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret =
                    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token");
                (name.as_str(), if secret { REDACTED } else { value.as_str() })
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// `uri` with the values of `X-Amz-Signature` and `X-Amz-Security-Token` replaced.
fn redacted_uri(uri: &str) -> String {
    let Some((base, query)) = uri.split_once('?') else { return uri.to_owned() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name == "X-Amz-Signature" || name == "X-Amz-Security-Token" => {
                format!("{name}={REDACTED}")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_limits_and_header_rules_are_checked() {
        assert!(PresigningConfig::expires_in(Duration::from_secs(60)).is_ok());
        assert!(PresigningConfig::expires_in(MAX_EXPIRY).is_ok());
        for bad in [Duration::ZERO, Duration::from_millis(999), MAX_EXPIRY + Duration::from_secs(1)] {
            let err = PresigningConfig::expires_in(bad).expect_err("out of range");
            assert!(err.to_string().contains("1 second to 7 days"), "{err}");
        }
        assert!(PresigningConfig::builder().build().is_err(), "an expiry is required");
        let with = |name: &str, value: &str| {
            PresigningConfig::builder().expires_in(Duration::from_secs(60)).signed_header(name, value).build()
        };
        assert!(with("x-k8s-aws-id", "my-cluster").is_ok());
        assert!(with("bad name", "v").is_err());
        assert!(with("X-Amz-Date", "v").is_err());
        assert!(with("Host", "v").is_err());
        assert!(with("x-id", "a\r\nInjected: yes").is_err());
    }

    #[test]
    fn debug_hides_the_signature_and_the_token() {
        let request = PresignedRequest {
            method: "GET",
            uri: "https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Security-Token=SECRETTOKEN&X-Amz-Signature=abcdef".into(),
            headers: vec![("x-k8s-aws-id".into(), "c".into())],
            body: String::new(),
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("SECRETTOKEN") && !shown.contains("abcdef"), "{shown}");
        assert!(shown.contains("Action=GetCallerIdentity"), "{shown}");
    }

    #[test]
    fn a_signed_requests_debug_hides_its_credentials() {
        let request = SignedRequest {
            method: "POST",
            url: "https://sts.amazonaws.com/".into(),
            headers: vec![
                ("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKID/..., Signature=abcdef".into()),
                ("X-Amz-Security-Token".into(), "SECRETTOKEN".into()),
                ("x-amz-date".into(), "20261130T000000Z".into()),
            ],
            body: "Action=GetCallerIdentity".into(),
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("SECRETTOKEN") && !shown.contains("abcdef"), "{shown}");
        assert!(shown.contains("20261130T000000Z"), "{shown}");
    }
}

//! AWS credentials and where they come from.
//!
//! [`Credentials`] never shows its secret key or session token in `Debug`. A client takes
//! any [`ProvideCredentials`]; plain [`Credentials`] are one (static credentials). Here are
//! the providers that need no STS call: the [`environment`], `credential_process`
//! ([`process`]), the [`container`] credentials endpoint (ECS, EKS Pod Identity), an EC2
//! instance's profile from the instance metadata service ([`imds`]), IAM Identity Center
//! ([`sso`]), a console sign-in (`aws login`, [`login`]), and
//! [`cache::CredentialsCache`], which every refreshable provider sits behind. The STS-backed providers (AssumeRole, web identity, session tokens, profile role
//! chains, the default chain) are in the `sts` crate.

pub mod cache;
pub mod container;
pub mod environment;
pub mod imds;
#[cfg(feature = "aws-sdk-interop")]
pub mod interop;
mod json;
pub mod login;
pub mod process;
pub mod sso;
mod token_file;

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::boxed::{BoxError, BoxFuture};
use crate::redact::REDACTED;

/// An access key, its secret, and for temporary credentials a session token.
///
/// Cheap to clone (shared, not copied): every signed request takes its own.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    inner: Arc<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    account_id: Option<String>,
    provider_name: &'static str,
}

impl Credentials {
    /// Long-term or temporary credentials, from the provider named `provider_name` (as
    /// aws-credential-types' `Credentials::new` takes them: `"Environment"`, `"Profile"`,
    /// `"Sts"`, or your own name for credentials you give).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        let inner = Inner {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry,
            account_id: None,
            provider_name,
        };
        Self { inner: Arc::new(inner) }
    }

    /// The same credentials, noting the account they belong to.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.inner).account_id = Some(account_id.into());
        self
    }

    /// The account the credentials belong to, if known.
    pub fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }

    /// The access key id (`AKIA...` or `ASIA...`); not a secret.
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    /// The name of the provider that gave them (`Environment`, `Sts`...).
    pub fn provider_name(&self) -> &'static str {
        self.inner.provider_name
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Credentials")
            .field("access_key_id", &inner.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &inner.session_token.as_ref().map(|_| REDACTED))
            .field("expiry", &inner.expiry)
            .field("account_id", &inner.account_id)
            .field("provider_name", &inner.provider_name)
            .finish()
    }
}

/// Credentials could not be obtained.
///
/// Cheap to clone (the cause is shared): a failed load is handed to every caller that
/// waited for it.
#[derive(Debug, Clone)]
pub struct CredentialsError {
    message: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// An error with a message (which must not contain any secret).
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// An error with a message and its cause.
    pub fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self { message: message.into(), source: Some(Arc::from(source.into())) }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// Supplies credentials for signing, each time a request is signed.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials, or why there are none.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::Credentials;

    #[test]
    fn debug_hides_the_secret_and_the_token() {
        let creds =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/SECRET", Some("FwoGZXIvYXdzTOKEN".into()), None, "test");
        let shown = format!("{creds:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("SECRET") && !shown.contains("TOKEN"), "{shown}");
    }
}

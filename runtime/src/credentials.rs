//! AWS credentials and the trait that supplies them to the client.
//!
//! [`Credentials`] never shows its secret key or session token in `Debug`. A client takes
//! any [`ProvideCredentials`]; plain [`Credentials`] are one (static credentials).
//! Providers that refresh, read the environment or call STS build on this trait.

use std::fmt;
use std::time::SystemTime;

use crate::error::BoxError;
use crate::transport::BoxFuture;

/// An access key, its secret, and for temporary credentials a session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term or temporary credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        Self { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token, expiry }
    }

    /// The access key id (`AKIA...` or `ASIA...`); not a secret.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Credentials could not be obtained.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    source: Option<BoxError>,
}

impl CredentialsError {
    /// An error with a message (which must not contain any secret).
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// An error with a message and its cause.
    pub fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self { message: message.into(), source: Some(source.into()) }
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
        let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/SECRET", Some("FwoGZXIvYXdzTOKEN".into()), None);
        let shown = format!("{creds:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("SECRET") && !shown.contains("TOKEN"), "{shown}");
    }
}

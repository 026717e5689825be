//! Credentials from `GetSessionToken`, with MFA.

use std::sync::Arc;
use std::time::Duration;

use super::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials, TokenCodeProvider, temporary};
use crate::{Client, Config};
use sts_runtime::boxed::BoxFuture;

/// Gets a session token with `GetSessionToken` (typically to use MFA-protected APIs with
/// long-term keys), and again before it expires.
#[derive(Debug)]
pub struct SessionTokenProvider {
    cache: CredentialsCache,
}

impl SessionTokenProvider {
    /// Starts a provider.
    pub fn builder() -> SessionTokenProviderBuilder {
        SessionTokenProviderBuilder::default()
    }
}

impl ProvideCredentials for SessionTokenProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// Builds a [`SessionTokenProvider`].
#[derive(Default)]
pub struct SessionTokenProviderBuilder {
    duration: Option<Duration>,
    mfa: Option<(String, TokenCodeProvider)>,
    config: Option<Config>,
    source: Option<Arc<dyn ProvideCredentials>>,
}

impl std::fmt::Debug for SessionTokenProviderBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTokenProviderBuilder")
            .field("duration", &self.duration)
            .field("mfa_serial", &self.mfa.as_ref().map(|(serial, _)| serial))
            .finish_non_exhaustive()
    }
}

impl SessionTokenProviderBuilder {
    /// How long the session lasts.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// MFA: the device's serial number (or ARN), and what asks for its current code, given
    /// the serial.
    pub fn mfa(
        mut self,
        serial: impl Into<String>,
        token_code: impl Fn(&str) -> Result<String, CredentialsError> + Send + Sync + 'static,
    ) -> Self {
        self.mfa = Some((serial.into(), Arc::new(token_code)));
        self
    }

    /// The config of the STS client (region, endpoint, HTTP client...).
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// The long-term credentials the call is signed with.
    pub fn source_credentials(mut self, source: impl ProvideCredentials + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// The provider, with a cache in front of it.
    pub fn build(self) -> SessionTokenProvider {
        let loader = Loader { client: super::sts_client(self.config.as_ref(), self.source.as_ref()), settings: self };
        SessionTokenProvider { cache: CredentialsCache::new(loader) }
    }
}

#[derive(Debug)]
struct Loader {
    client: Client,
    settings: SessionTokenProviderBuilder,
}

impl ProvideCredentials for Loader {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let s = &self.settings;
            let mut call = self
                .client
                .get_session_token()
                .set_duration_seconds(s.duration.map(|d| i32::try_from(d.as_secs()).unwrap_or(i32::MAX)));
            if let Some((serial, token_code)) = &s.mfa {
                call = call.serial_number(serial).token_code(token_code(serial)?);
            }
            let output = call.send().await.map_err(|e| CredentialsError::with_source("GetSessionToken failed", e))?;
            temporary(output.credentials, "GetSessionToken")
        })
    }
}

//! Credentials from `AssumeRole`.

use std::sync::Arc;
use std::time::Duration;

use super::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials, TokenCodeProvider, temporary};
use crate::types::{PolicyDescriptorType, Tag};
use crate::{Client, Config};
use sts_runtime::boxed::BoxFuture;

/// Assumes a role with `AssumeRole`, and again before the credentials expire.
///
/// The call is signed with the source credentials (any provider), made to the STS endpoint
/// of its own config (region, endpoint URL override, FIPS...), and can carry an external
/// id, an MFA code from a callback, session policies, tags and a source identity.
#[derive(Debug)]
pub struct AssumeRoleProvider {
    cache: CredentialsCache,
}

impl AssumeRoleProvider {
    /// Starts a provider for `role_arn`.
    pub fn builder(role_arn: impl Into<String>) -> AssumeRoleProviderBuilder {
        AssumeRoleProviderBuilder { role_arn: role_arn.into(), ..AssumeRoleProviderBuilder::default() }
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// Builds an [`AssumeRoleProvider`].
#[derive(Default)]
pub struct AssumeRoleProviderBuilder {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration: Option<Duration>,
    policy: Option<String>,
    policy_arns: Vec<String>,
    tags: Vec<(String, String)>,
    transitive_tag_keys: Vec<String>,
    source_identity: Option<String>,
    mfa: Option<(String, TokenCodeProvider)>,
    config: Option<Config>,
    source: Option<Arc<dyn ProvideCredentials>>,
}

impl std::fmt::Debug for AssumeRoleProviderBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleProviderBuilder")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("mfa_serial", &self.mfa.as_ref().map(|(serial, _)| serial))
            .finish_non_exhaustive()
    }
}

impl AssumeRoleProviderBuilder {
    /// The role session name (default `sts-rust-<milliseconds>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy asks for.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// How long the credentials last (STS's default is one hour).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// An inline session policy.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// A managed session policy, by ARN.
    pub fn policy_arn(mut self, arn: impl Into<String>) -> Self {
        self.policy_arns.push(arn.into());
        self
    }

    /// A session tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// A session tag key that passes on to chained roles.
    pub fn transitive_tag_key(mut self, key: impl Into<String>) -> Self {
        self.transitive_tag_keys.push(key.into());
        self
    }

    /// The source identity to set.
    pub fn source_identity(mut self, identity: impl Into<String>) -> Self {
        self.source_identity = Some(identity.into());
        self
    }

    /// MFA: the device's serial number (or ARN), and what asks for its current code, given
    /// the serial (each time the role is assumed).
    pub fn mfa(
        mut self,
        serial: impl Into<String>,
        token_code: impl Fn(&str) -> Result<String, CredentialsError> + Send + Sync + 'static,
    ) -> Self {
        self.mfa = Some((serial.into(), Arc::new(token_code)));
        self
    }

    pub(crate) fn mfa_shared(mut self, serial: String, token_code: TokenCodeProvider) -> Self {
        self.mfa = Some((serial, token_code));
        self
    }

    /// The config of the STS client that assumes the role (region, endpoint, HTTP client...);
    /// its credentials are replaced by the source credentials if those are set.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// The credentials `AssumeRole` is signed with.
    pub fn source_credentials(mut self, source: impl ProvideCredentials + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    pub(crate) fn source_shared(mut self, source: Arc<dyn ProvideCredentials>) -> Self {
        self.source = Some(source);
        self
    }

    /// The provider, with a cache in front of it.
    pub fn build(self) -> AssumeRoleProvider {
        let loader = Loader { client: super::sts_client(self.config.as_ref(), self.source.as_ref()), settings: self };
        AssumeRoleProvider { cache: CredentialsCache::new(loader) }
    }
}

/// Makes the `AssumeRole` call.
#[derive(Debug)]
struct Loader {
    client: Client,
    settings: AssumeRoleProviderBuilder,
}

impl ProvideCredentials for Loader {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let s = &self.settings;
            let mut call = self
                .client
                .assume_role()
                .role_arn(&s.role_arn)
                .role_session_name(s.session_name.clone().unwrap_or_else(super::default_session_name))
                .set_external_id(s.external_id.clone())
                .set_duration_seconds(s.duration.map(|d| i32::try_from(d.as_secs()).unwrap_or(i32::MAX)))
                .set_policy(s.policy.clone())
                .set_source_identity(s.source_identity.clone());
            for arn in &s.policy_arns {
                call = call.policy_arns(PolicyDescriptorType::builder().arn(arn).build());
            }
            for (key, value) in &s.tags {
                let tag = Tag::builder()
                    .key(key)
                    .value(value)
                    .build()
                    .map_err(|e| CredentialsError::with_source("invalid session tag", e))?;
                call = call.tags(tag);
            }
            for key in &s.transitive_tag_keys {
                call = call.transitive_tag_keys(key);
            }
            if let Some((serial, token_code)) = &s.mfa {
                call = call.serial_number(serial).token_code(token_code(serial)?);
            }
            let output = call
                .send()
                .await
                .map_err(|e| CredentialsError::with_source(format!("assuming {} failed", s.role_arn), e))?;
            let credentials = temporary(output.credentials, "AssumeRole")?;
            Ok(match output.assumed_role_user.as_ref().and_then(|u| account_of(&u.arn)) {
                Some(account) => credentials.with_account_id(account),
                None => credentials,
            })
        })
    }
}

/// The account of an ARN (`arn:aws:sts::123456789012:assumed-role/...`).
fn account_of(arn: &str) -> Option<String> {
    arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_owned)
}

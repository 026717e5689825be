//! Credentials providers, including those that call STS. Written by hand; codegen never
//! touches this module.
//!
//! | provider | gets credentials from |
//! | --- | --- |
//! | [`Credentials`] | itself (static keys) |
//! | [`EnvironmentProvider`] | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` |
//! | [`ProcessProvider`] | a `credential_process` command |
//! | [`AssumeRoleProvider`] | `AssumeRole`, with any source credentials, MFA included |
//! | [`SessionTokenProvider`] | `GetSessionToken`, MFA included |
//! | [`ScopedCredentialsProvider`] | `GetScopedCredentials`: another provider's session, narrowed by a policy or a shorter life |
//! | [`WebIdentityProvider`] | `AssumeRoleWithWebIdentity` with a token file (EKS IRSA) |
//! | [`ContainerProvider`] | the container credentials endpoint (ECS, EKS Pod Identity) |
//! | [`ImdsProvider`] | the EC2 instance metadata service (IMDSv2), the instance profile's role |
//! | [`SsoProvider`] | IAM Identity Center, with the token `aws sso login` cached |
//! | [`LoginProvider`] | a console sign-in, with the token `aws login` cached |
//! | [`ProfileProvider`] | a profile of `~/.aws/config` and `~/.aws/credentials`: keys, `credential_process`, SSO, console sign-in, role chains |
//! | [`DefaultChain`] | the environment, the profile, web identity, the container endpoint, then the instance metadata service |
//!
//! Every provider that refreshes sits behind a [`CredentialsCache`]. With the feature
//! `aws-sdk-interop`, each also implements `aws_credential_types::provider::ProvideCredentials`,
//! so it can be given to the official `aws-sdk-*` clients.

mod assume_role;
mod chain;
mod profile;
mod scoped_credentials;
mod session_token;
mod web_identity;

use std::sync::Arc;
use std::time::SystemTime;

pub use assume_role::{AssumeRoleProvider, AssumeRoleProviderBuilder};
pub use chain::{DefaultChain, FromEnvError};
pub use profile::ProfileProvider;
pub use scoped_credentials::{ScopedCredentialsProvider, ScopedCredentialsProviderBuilder};
pub use session_token::{SessionTokenProvider, SessionTokenProviderBuilder};
pub use sts_runtime::credentials::cache::CredentialsCache;
pub use sts_runtime::credentials::container::ContainerProvider;
pub use sts_runtime::credentials::environment::EnvironmentProvider;
pub use sts_runtime::credentials::imds::{ImdsProvider, ImdsSettings};
/// Signing in to a console session as `aws login` (and `sts login`) does, for a program that
/// starts the session itself.
pub use sts_runtime::credentials::login::sign_in;
pub use sts_runtime::credentials::login::{LoginProvider, LoginSettings};
pub use sts_runtime::credentials::process::ProcessProvider;
pub use sts_runtime::credentials::sso::{SsoProvider, SsoSettings};
pub use sts_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials};
pub use web_identity::WebIdentityProvider;

#[cfg(feature = "aws-sdk-interop")]
sts_runtime::impl_sdk_provide_credentials!(
    AssumeRoleProvider,
    SessionTokenProvider,
    ScopedCredentialsProvider,
    WebIdentityProvider,
    ProfileProvider,
    DefaultChain,
);

/// Asks the user for the current code of the MFA device whose serial number (or ARN) it is
/// given (a prompt, an authenticator API...).
pub type TokenCodeProvider = Arc<dyn Fn(&str) -> Result<String, CredentialsError> + Send + Sync>;

/// The temporary credentials STS returned, ready to sign requests with; an error when their
/// expiration is beyond what this platform's `SystemTime` holds (before 1601 on Windows).
impl TryFrom<crate::types::Credentials> for Credentials {
    type Error = CredentialsError;

    fn try_from(c: crate::types::Credentials) -> Result<Self, CredentialsError> {
        let expiry = SystemTime::try_from(c.expiration).map_err(|_| {
            let at = c.expiration;
            CredentialsError::new(format!(
                "credentials whose expiration ({at}) is beyond what this system's clock holds"
            ))
        })?;
        Ok(Credentials::new(c.access_key_id, c.secret_access_key, Some(c.session_token), Some(expiry), "Sts"))
    }
}

/// The credentials in an STS output, or an error naming the call that returned none or
/// unusable ones.
fn temporary(credentials: Option<crate::types::Credentials>, call: &str) -> Result<Credentials, CredentialsError> {
    let credentials = credentials.ok_or_else(|| CredentialsError::new(format!("{call} returned no credentials")))?;
    Credentials::try_from(credentials).map_err(|e| CredentialsError::new(format!("{call} returned {e}")))
}

/// The STS client a provider calls with: `config` (or a default one), signing with `source`
/// when given.
fn sts_client(config: Option<&crate::Config>, source: Option<&Arc<dyn ProvideCredentials>>) -> crate::Client {
    let mut builder = config.cloned().unwrap_or_else(|| crate::Config::builder().build()).to_builder();
    if let Some(source) = source {
        builder = builder.shared_credentials_provider(source.clone());
    }
    crate::Client::from_conf(builder.build())
}

/// A session name for calls that need one and were given none: `sts-rust-<milliseconds>`.
fn default_session_name() -> String {
    let millis = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("sts-rust-{millis}")
}

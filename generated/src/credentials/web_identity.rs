//! Credentials from `AssumeRoleWithWebIdentity` and a token file (EKS IRSA and the like).

use std::path::PathBuf;

use super::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials, temporary};
use crate::{Client, Config};
use sts_runtime::boxed::BoxFuture;
use sts_runtime::env::Env;

/// Assumes a role with the web identity token in a file, re-reading the file at every
/// refresh (Kubernetes rotates it). The call is unsigned: it needs no credentials.
#[derive(Debug)]
pub struct WebIdentityProvider {
    cache: CredentialsCache,
}

impl WebIdentityProvider {
    /// A provider assuming `role_arn` with the token in `token_file`, through a client with
    /// `config` (region, endpoint...), as session `session_name` (default
    /// `sts-rust-<milliseconds>`).
    pub fn new(
        role_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
        session_name: Option<String>,
        config: Config,
    ) -> Self {
        let loader = Loader {
            client: Client::from_conf(config),
            role_arn: role_arn.into(),
            token_file: token_file.into(),
            session_name,
        };
        Self { cache: CredentialsCache::new(loader) }
    }

    /// The provider `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`
    /// describe, or `None` when the first two are not both set.
    pub fn from_env(env: &Env, config: Config) -> Option<Self> {
        let get = |name: &str| env(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let (file, role) = (get("AWS_WEB_IDENTITY_TOKEN_FILE")?, get("AWS_ROLE_ARN")?);
        Some(Self::new(role, file, get("AWS_ROLE_SESSION_NAME"), config))
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

#[derive(Debug)]
struct Loader {
    client: Client,
    role_arn: String,
    token_file: PathBuf,
    session_name: Option<String>,
}

impl ProvideCredentials for Loader {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
                CredentialsError::with_source(
                    format!("the web identity token file {} cannot be read", self.token_file.display()),
                    e,
                )
            })?;
            let output = self
                .client
                .assume_role_with_web_identity()
                .role_arn(&self.role_arn)
                .role_session_name(self.session_name.clone().unwrap_or_else(super::default_session_name))
                .web_identity_token(token.trim())
                .send()
                .await
                .map_err(|e| {
                    CredentialsError::with_source(format!("assuming {} with web identity failed", self.role_arn), e)
                })?;
            temporary(output.credentials, "AssumeRoleWithWebIdentity")
        })
    }
}

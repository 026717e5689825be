//! The default chain, and `Client::from_env`.

use std::fmt;
use std::sync::Arc;

use super::profile::sets_credentials;
use super::{
    ContainerProvider, Credentials, CredentialsCache, CredentialsError, EnvironmentProvider, ImdsProvider,
    ImdsSettings, ProfileProvider, ProvideCredentials, TokenCodeProvider, WebIdentityProvider,
};
use crate::{Client, Config};
use sts_runtime::boxed::BoxFuture;
use sts_runtime::config::{ConfigBuilder, ConfigError};
use sts_runtime::env::{Env, process_env};
use sts_runtime::profile::{ProfileError, ProfileNotFound, ProfileSet, named_profile, selected_profile};

/// Credentials from the first source that has some: the environment, then the selected
/// profile (`AWS_PROFILE`, else `default`), then web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`),
/// then the container credentials endpoint (ECS, EKS Pod Identity), then the EC2 instance
/// metadata service (unless `AWS_EC2_METADATA_DISABLED` is `true`). A profile that sets no
/// credentials (only a region, say) is passed over. A profile `AWS_PROFILE` names that no file
/// has is an error, not passed over: the sources after it would give other credentials than
/// the ones asked for (the instance's role, say), as the AWS CLI refuses to.
/// When none has any, the error says every place it looked.
#[derive(Clone)]
pub struct DefaultChain {
    chosen: Result<(String, Arc<dyn ProvideCredentials>), String>,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.chosen {
            Ok((source, _)) => write!(f, "DefaultChain({source})"),
            Err(_) => f.write_str("DefaultChain(none)"),
        }
    }
}

impl DefaultChain {
    /// The chain for the process environment; STS calls use a default config.
    pub fn from_env() -> Self {
        Self::with_env(process_env(), &Config::builder().build(), None)
    }

    /// The chain for `env`; STS calls (web identity, roles) use `config`, and `token_code`
    /// answers a profile's `mfa_serial`.
    pub fn with_env(env: Env, config: &Config, token_code: Option<TokenCodeProvider>) -> Self {
        let mut looked = Vec::new();
        let environment = EnvironmentProvider::from_env(env.clone());
        match environment.credentials() {
            Ok(Some(credentials)) => return Self::chose("environment", Arc::new(credentials)),
            Ok(None) => looked.push("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".to_owned()),
            Err(e) => return Self { chosen: Err(format!("environment: {e}")) },
        }
        let name = selected_profile(&*env);
        let profiles = match ProfileSet::load(&*env) {
            Ok(profiles) => profiles,
            Err(e) => return Self { chosen: Err(format!("profile files: {e}")) },
        };
        if let Some(Err(e)) = named_profile(&*env).map(|named| profiles.require(&named)) {
            return Self { chosen: Err(FromEnvError::ProfileNotFound(e).to_string()) };
        }
        match profiles.get(&name) {
            Some(profile) if sets_credentials(profile) => {
                match ProfileProvider::new(&profiles, &name, config, &env, token_code) {
                    Ok(provider) => return Self::chose("profile", Arc::new(provider)),
                    Err(e) => return Self { chosen: Err(format!("profile `{name}`: {e}")) },
                }
            }
            Some(_) => looked.push(format!("profile `{name}`: it sets no credentials")),
            None if profiles.sources().is_empty() => {
                looked.push(format!("profile `{name}`: no config or credentials file exists"));
            }
            None => looked.push(format!("profile `{name}`: not in {}", profiles.sources().join(", "))),
        }
        match WebIdentityProvider::from_env(&env, config.clone()) {
            Some(provider) => return Self::chose("web identity", Arc::new(provider)),
            None => {
                looked.push("web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set".to_owned())
            }
        }
        match ContainerProvider::from_env(&env, config.http_client().clone()) {
            Ok(Some(provider)) => return Self::chose("container", Arc::new(CredentialsCache::new(provider))),
            Ok(None) => looked.push(
                "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"
                    .to_owned(),
            ),
            Err(e) => return Self { chosen: Err(format!("container: {e}")) },
        }
        // Last, the instance metadata service: it is only known to be absent once asked,
        // so its error at load time carries everything looked at before it.
        match ImdsSettings::from_env(&env, profiles.get(&name)) {
            Ok(Some(settings)) => {
                let imds = ImdsProvider::new(settings, config.http_client().clone());
                let provider = LastResort { provider: CredentialsCache::new(imds), looked: looked.join("; ") };
                Self::chose("instance metadata", Arc::new(provider))
            }
            Ok(None) => {
                looked.push("instance metadata: AWS_EC2_METADATA_DISABLED is true".to_owned());
                Self { chosen: Err(format!("no credentials found; looked at: {}", looked.join("; "))) }
            }
            Err(e) => Self { chosen: Err(format!("instance metadata: {e}")) },
        }
    }

    fn chose(source: &str, provider: Arc<dyn ProvideCredentials>) -> Self {
        Self { chosen: Ok((source.to_owned(), provider)) }
    }

    /// Where the credentials come from (`environment`, `profile`, `web identity`), if anywhere.
    pub fn source(&self) -> Option<&str> {
        self.chosen.as_ref().ok().map(|(source, _)| source.as_str())
    }
}

/// The chain's last source: its error says what was looked at before it.
#[derive(Debug)]
struct LastResort {
    provider: CredentialsCache,
    looked: String,
}

impl ProvideCredentials for LastResort {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.provider.provide_credentials().await.map_err(|e| {
                CredentialsError::new(format!(
                    "no credentials found; looked at: {}; instance metadata: {e}",
                    self.looked
                ))
            })
        })
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        match &self.chosen {
            Ok((_, provider)) => provider.provide_credentials(),
            Err(why) => Box::pin(std::future::ready(Err(CredentialsError::new(why.clone())))),
        }
    }
}

/// The environment cannot configure a client.
#[derive(Debug)]
#[non_exhaustive]
pub enum FromEnvError {
    /// A variable holds a value that cannot be understood.
    Config(ConfigError),
    /// A profile file cannot be read.
    Profile(ProfileError),
    /// `AWS_PROFILE` names a profile that no file has.
    ProfileNotFound(ProfileNotFound),
}

impl fmt::Display for FromEnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::Profile(e) => e.fmt(f),
            Self::ProfileNotFound(e) => write!(f, "{e} (AWS_PROFILE names it)"),
        }
    }
}

/// Transparent, as `sts::error` says errors are: the variant's message, and its source.
impl std::error::Error for FromEnvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Config(e) => e.source(),
            Self::Profile(e) => e.source(),
            Self::ProfileNotFound(e) => e.source(),
        }
    }
}

impl Client {
    /// A client configured as the AWS CLI would be: region from `AWS_REGION`,
    /// `AWS_DEFAULT_REGION` or the profile, else the EC2 instance's (asked of the instance
    /// metadata service at the first call, unless `AWS_EC2_METADATA_DISABLED`); endpoint,
    /// FIPS, dual-stack, retry settings from their variables; credentials from the
    /// [`DefaultChain`] (looked up at the first signed call, so unsigned calls work without
    /// any). A profile `AWS_PROFILE` names that no file has is an error now, as it is for the
    /// AWS CLI.
    pub fn from_env() -> Result<Client, FromEnvError> {
        Self::from_env_vars(process_env())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `env`.
    pub fn from_env_vars(env: Env) -> Result<Client, FromEnvError> {
        let vars = env.clone();
        let builder = ConfigBuilder::from_env_vars(move |n| vars(n)).map_err(FromEnvError::Config)?;
        let mut config = builder.build();
        let named = named_profile(&*env);
        if config.region().is_none() || named.is_some() {
            let profiles = ProfileSet::load(&*env).map_err(FromEnvError::Profile)?;
            if let Some(named) = named {
                profiles.require(&named).map_err(FromEnvError::ProfileNotFound)?;
            }
            if config.region().is_none() {
                let profile = profiles.get(&selected_profile(&*env));
                if let Some(region) = profile.and_then(|p| p.get("region")) {
                    config = config.to_builder().region(region).build();
                } else if let Ok(Some(settings)) = ImdsSettings::from_env(&env, profile) {
                    let imds = ImdsProvider::new(settings, config.http_client().clone());
                    config = config.to_builder().region_provider(imds).build();
                }
            }
        }
        let chain = DefaultChain::with_env(env, &config, None);
        Client::try_from_conf(config.to_builder().credentials_provider(chain).build()).map_err(FromEnvError::Config)
    }
}

//! Credentials from a profile of the shared files, role chains included.

use std::sync::Arc;
use std::time::Duration;

use super::{
    AssumeRoleProvider, ContainerProvider, Credentials, CredentialsCache, CredentialsError, EnvironmentProvider,
    ImdsProvider, ImdsSettings, LoginProvider, LoginSettings, ProcessProvider, ProvideCredentials, SsoProvider,
    SsoSettings, TokenCodeProvider, WebIdentityProvider,
};
use crate::Config;
use sts_runtime::boxed::BoxFuture;
use sts_runtime::env::Env;
use sts_runtime::profile::{Profile, ProfileSet, expand_home};

/// The credentials a profile describes: static keys, `credential_process`, IAM Identity
/// Center (`sso_session` or `sso_start_url`, with `sso_account_id` and `sso_role_name`), a
/// console sign-in (`login_session`, after `aws login`), or
/// a role (`role_arn`) assumed with the credentials of `source_profile` (which may itself
/// assume a role: chains of any length), of `credential_source` (`Environment`,
/// `EcsContainer` or `Ec2InstanceMetadata`), or of `web_identity_token_file`; with
/// `external_id`, `role_session_name`, `duration_seconds` and `mfa_serial` (the code comes
/// from a callback). A loop of profiles is an error.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    name: String,
    inner: Arc<dyn ProvideCredentials>,
}

impl ProfileProvider {
    /// The provider for profile `name` of `profiles`. STS calls use `config` (with the
    /// profile's `region`, if it has one); `token_code` answers `mfa_serial`.
    pub fn new(
        profiles: &ProfileSet,
        name: &str,
        config: &Config,
        env: &Env,
        token_code: Option<TokenCodeProvider>,
    ) -> Result<Self, CredentialsError> {
        let resolver = Resolver { profiles, config, env, token_code };
        let inner = resolver.resolve(name, &mut Vec::new())?;
        Ok(Self { name: name.to_owned(), inner })
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.inner.provide_credentials()
    }
}

/// Whether a profile sets credentials of some kind, by the keys the resolver below reads;
/// one that sets none (only a region, say) leaves the default chain to the sources after it.
pub(super) fn sets_credentials(profile: &Profile) -> bool {
    const KEYS: &[&str] = &[
        "aws_access_key_id",
        "aws_secret_access_key",
        "aws_session_token",
        "credential_process",
        "role_arn",
        "web_identity_token_file",
        "credential_source",
        "source_profile",
        "sso_session",
        "sso_start_url",
        "sso_account_id",
        "sso_role_name",
        "login_session",
    ];
    KEYS.iter().any(|key| profile.get(key).is_some())
}

struct Resolver<'a> {
    profiles: &'a ProfileSet,
    config: &'a Config,
    env: &'a Env,
    token_code: Option<TokenCodeProvider>,
}

impl Resolver<'_> {
    fn profile(&self, name: &str) -> Result<&Profile, CredentialsError> {
        self.profiles.require(name).map_err(|e| CredentialsError::new(e.to_string()))
    }

    /// The credentials of profile `name`; `chain` holds the profiles that led here.
    fn resolve(&self, name: &str, chain: &mut Vec<String>) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let profile = self.profile(name)?;
        let Some(role_arn) = profile.get("role_arn") else {
            return self.own_credentials(profile);
        };
        if chain.iter().any(|p| p == name) {
            chain.push(name.to_owned());
            return Err(CredentialsError::new(format!("profiles form a loop: {}", chain.join(" -> "))));
        }
        chain.push(name.to_owned());
        let config = match profile.get("region") {
            Some(region) => self.config.to_builder().region(region).build(),
            None => self.config.clone(),
        };
        if let Some(file) = profile.get("web_identity_token_file") {
            let file = expand_home(file, &**self.env);
            let session = profile.get("role_session_name").map(str::to_owned);
            return Ok(Arc::new(WebIdentityProvider::new(role_arn, file, session, config)));
        }
        let source: Arc<dyn ProvideCredentials> = match (
            profile.get("source_profile"),
            profile.get("credential_source"),
        ) {
            (Some(source), None) if source == name => self.own_credentials(profile)?,
            (Some(source), None) => self.resolve(source, chain)?,
            (None, Some("Environment")) => Arc::new(EnvironmentProvider::from_env(self.env.clone())),
            (None, Some("EcsContainer")) => match ContainerProvider::from_env(self.env, config.http_client().clone()) {
                Ok(Some(provider)) => Arc::new(CredentialsCache::new(provider)),
                Ok(None) => {
                    return Err(CredentialsError::new(format!(
                        "profile `{name}`: credential_source `EcsContainer`, but neither \
                             AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
                    )));
                }
                Err(e) => return Err(CredentialsError::new(format!("profile `{name}`: {e}"))),
            },
            (None, Some("Ec2InstanceMetadata")) => match ImdsSettings::from_env(self.env, Some(profile)) {
                Ok(Some(settings)) => {
                    Arc::new(CredentialsCache::new(ImdsProvider::new(settings, config.http_client().clone())))
                }
                Ok(None) => {
                    return Err(CredentialsError::new(format!(
                        "profile `{name}`: credential_source `Ec2InstanceMetadata`, but AWS_EC2_METADATA_DISABLED is \
                         true"
                    )));
                }
                Err(e) => return Err(CredentialsError::new(format!("profile `{name}`: {e}"))),
            },
            (None, Some(other)) => {
                return Err(CredentialsError::new(format!(
                    "profile `{name}`: credential_source `{other}` is not supported (only `Environment`, \
                     `EcsContainer` and `Ec2InstanceMetadata`)"
                )));
            }
            (Some(_), Some(_)) => {
                return Err(CredentialsError::new(format!(
                    "profile `{name}` sets both source_profile and credential_source"
                )));
            }
            (None, None) => {
                return Err(CredentialsError::new(format!(
                    "profile `{name}` has a role_arn but no source_profile, credential_source or web_identity_token_file"
                )));
            }
        };
        let mut builder = AssumeRoleProvider::builder(role_arn).config(config).source_shared(source);
        if let Some(id) = profile.get("external_id") {
            builder = builder.external_id(id);
        }
        if let Some(session) = profile.get("role_session_name") {
            builder = builder.session_name(session);
        }
        if let Some(seconds) = profile.get("duration_seconds") {
            let seconds: u64 = seconds.parse().map_err(|_| {
                CredentialsError::new(format!(
                    "profile `{name}`: duration_seconds `{seconds}` is not a number of seconds"
                ))
            })?;
            builder = builder.duration(Duration::from_secs(seconds));
        }
        if let Some(serial) = profile.get("mfa_serial") {
            let token_code = self.token_code.clone().ok_or_else(|| {
                CredentialsError::new(format!(
                    "profile `{name}` needs an MFA code for {serial}: give the provider a token-code callback"
                ))
            })?;
            builder = builder.mfa_shared(serial.to_owned(), token_code);
        }
        Ok(Arc::new(builder.build()))
    }

    /// Static keys, `credential_process`, SSO or a console sign-in.
    fn own_credentials(&self, profile: &Profile) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let name = profile.name();
        match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
            (Some(key), Some(secret)) => {
                let credentials =
                    Credentials::new(key, secret, profile.get("aws_session_token").map(str::to_owned), None, "Profile");
                return Ok(Arc::new(match profile.get("aws_account_id") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                }));
            }
            (Some(_), None) => {
                return Err(CredentialsError::new(format!(
                    "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
                )));
            }
            _ => {}
        }
        if let Some(command) = profile.get("credential_process") {
            return Ok(Arc::new(CredentialsCache::new(ProcessProvider::new(command))));
        }
        if let Some(settings) = SsoSettings::from_profile(profile, self.profiles)? {
            let sso = SsoProvider::new(settings, self.env, self.config.http_client().clone())?;
            return Ok(Arc::new(CredentialsCache::new(sso)));
        }
        match LoginSettings::from_profile(profile, self.config.region()) {
            Some(settings) => {
                let login = LoginProvider::new(settings, self.env, self.config.http_client().clone())?;
                Ok(Arc::new(CredentialsCache::new(login)))
            }
            None => Err(CredentialsError::new(format!("profile `{name}` has no credentials"))),
        }
    }
}

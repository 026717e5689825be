//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`
//! (and `AWS_ACCOUNT_ID`).

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;

/// Reads credentials from the environment each time it is asked.
#[derive(Clone)]
pub struct EnvironmentProvider {
    var: crate::env::Env,
}

impl std::fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnvironmentProvider")
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self { var: crate::env::process_env() }
    }

    /// Reads variables from `env`.
    pub fn from_env(env: crate::env::Env) -> Self {
        Self { var: env }
    }

    /// Reads variables through `var` (for tests, or another source of settings).
    pub fn with_vars(var: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self { var: std::sync::Arc::new(var) }
    }

    /// The credentials the environment holds, `Ok(None)` if it holds none, or an error if
    /// it holds only half of a key pair.
    pub fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        let get = |name: &str| (self.var)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (None, None) => Ok(None),
            (Some(key), Some(secret)) => {
                let credentials = Credentials::new(key, secret, get("AWS_SESSION_TOKEN"), None, "Environment");
                Ok(Some(match get("AWS_ACCOUNT_ID") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                }))
            }
            (Some(_), None) => Err(CredentialsError::new("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
            (None, Some(_)) => Err(CredentialsError::new("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials().and_then(|c| {
            c.ok_or_else(|| CredentialsError::new("the environment has no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
        });
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(vars: &'static [(&'static str, &'static str)]) -> EnvironmentProvider {
        EnvironmentProvider::with_vars(move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn reads_keys_token_and_account() {
        let c = provider(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
            ("AWS_ACCOUNT_ID", "123456789012"),
        ])
        .credentials()
        .unwrap()
        .unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));
        assert_eq!((c.account_id(), c.provider_name()), (Some("123456789012"), "Environment"));
        assert_eq!(provider(&[]).credentials().unwrap(), None);
    }

    #[test]
    fn half_a_key_pair_is_an_error_without_the_secret() {
        let err = provider(&[("AWS_ACCESS_KEY_ID", "AKID")]).credentials().unwrap_err();
        assert_eq!(err.to_string(), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        let err = provider(&[("AWS_SECRET_ACCESS_KEY", "TOPSECRET")]).credentials().unwrap_err();
        assert!(!err.to_string().contains("TOPSECRET"));
    }
}

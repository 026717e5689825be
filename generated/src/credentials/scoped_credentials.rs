//! Credentials from `GetScopedCredentials`: the caller's own session, narrowed.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials, temporary};
use crate::{Client, Config};
use sts_runtime::boxed::BoxFuture;

/// Narrows the temporary credentials of another provider with `GetScopedCredentials`: the
/// same identity, with a scope-down policy and/or a shorter life, refreshed before they
/// expire. This is what to hand to a sub-process, a plugin or an agent that should not get
/// everything the session can do.
///
/// The source must give temporary credentials (an assumed role, a web identity, a session
/// token): STS refuses long-term keys here, and so does this provider, before sending
/// anything (wrap long-term keys in a [`SessionTokenProvider`](super::SessionTokenProvider)
/// first). The scoped credentials never outlive their source: the duration asked for is cut
/// to what the source has left (STS would refuse more with `InsufficientSessionLifetime`),
/// and their expiry is never later than the source's. `GetScopedCredentials` is not
/// offered on the global endpoint, so the client's config must resolve a regional one (the
/// default).
///
/// ```no_run
/// use std::time::Duration;
/// use sts::credentials::{AssumeRoleProvider, ScopedCredentialsProvider};
/// use sts::Config;
///
/// # fn f() -> Result<(), Box<dyn std::error::Error>> {
/// let config = Config::builder().region("eu-west-1").build();
/// let deploy = AssumeRoleProvider::builder("arn:aws:iam::123456789012:role/deploy").config(config.clone()).build();
/// let read_only = ScopedCredentialsProvider::builder(deploy)
///     .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
///     .duration(Duration::from_secs(900))
///     .description("report job: read-only")
///     .config(config)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ScopedCredentialsProvider {
    cache: CredentialsCache,
}

impl ScopedCredentialsProvider {
    /// Starts a provider that narrows what `source` gives.
    pub fn builder(source: impl ProvideCredentials + 'static) -> ScopedCredentialsProviderBuilder {
        ScopedCredentialsProviderBuilder {
            source: Arc::new(source),
            policy: None,
            duration: None,
            description: None,
            config: None,
        }
    }
}

impl ProvideCredentials for ScopedCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// Builds a [`ScopedCredentialsProvider`].
pub struct ScopedCredentialsProviderBuilder {
    source: Arc<dyn ProvideCredentials>,
    policy: Option<String>,
    duration: Option<Duration>,
    description: Option<String>,
    config: Option<Config>,
}

impl std::fmt::Debug for ScopedCredentialsProviderBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScopedCredentialsProviderBuilder")
            .field("source", &self.source)
            .field("policy", &self.policy)
            .field("duration", &self.duration)
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

impl ScopedCredentialsProviderBuilder {
    /// The scope-down policy (IAM policy JSON, up to 2,048 characters): the scoped
    /// credentials can do what both the source session and this policy allow.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// How long each set of scoped credentials lasts (1 second to 36 hours), at most what
    /// the source has left. Without it they last as long as the source's.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// A description of the scoped session, logged to CloudTrail with each call.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The config of the STS client (region, endpoint, HTTP client...). Its own
    /// credentials provider is not used: calls are signed with the source's credentials.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// The provider, with a cache in front of it. STS needs a policy, a duration or both:
    /// without either this is an error.
    pub fn build(self) -> Result<ScopedCredentialsProvider, CredentialsError> {
        if self.policy.is_none() && self.duration.is_none() {
            return Err(CredentialsError::new(
                "a ScopedCredentialsProvider needs a policy, a duration or both: GetScopedCredentials refuses a call \
                 with neither",
            ));
        }
        let client = super::sts_client(self.config.as_ref(), Some(&self.source));
        Ok(ScopedCredentialsProvider { cache: CredentialsCache::new(Loader { client, settings: self }) })
    }
}

#[derive(Debug)]
struct Loader {
    client: Client,
    settings: ScopedCredentialsProviderBuilder,
}

impl ProvideCredentials for Loader {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let s = &self.settings;
            // The client signs with the same (cached) source; asking it here tells how long
            // the session has left.
            let source = s
                .source
                .provide_credentials()
                .await
                .map_err(|e| CredentialsError::with_source("no source credentials to scope down", e))?;
            if source.session_token().is_none() {
                return Err(CredentialsError::new(
                    "GetScopedCredentials scopes down temporary credentials, but the source gave long-term keys (no \
                     session token); nothing was sent: get a session first (SessionTokenProvider, AssumeRoleProvider)",
                ));
            }
            let duration = duration_within(s.duration, source.expiry(), SystemTime::now())?;
            let output = self
                .client
                .get_scoped_credentials()
                .set_policy(s.policy.clone())
                .set_duration_seconds(duration)
                .set_scoped_session_description(s.description.clone())
                .send()
                .await
                .map_err(|e| CredentialsError::with_source("GetScopedCredentials failed", e))?;
            let scoped = temporary(output.credentials, "GetScopedCredentials")?;
            Ok(within_source(scoped, &source))
        })
    }
}

/// The `DurationSeconds` to ask for: `wanted`, cut to the whole seconds the source has
/// left; nothing when no duration was wanted (STS then keeps the source's expiry). An
/// expired source is an error.
fn duration_within(
    wanted: Option<Duration>,
    source_expiry: Option<SystemTime>,
    now: SystemTime,
) -> Result<Option<i32>, CredentialsError> {
    let left = match source_expiry {
        Some(expiry) => match expiry.duration_since(now) {
            Ok(left) if left.as_secs() >= 1 => Some(left.as_secs()),
            _ => {
                return Err(CredentialsError::new(
                    "the source credentials have expired (or expire within a second): nothing to scope down",
                ));
            }
        },
        None => None,
    };
    Ok(wanted.map(|wanted| {
        let seconds = left.map_or(wanted.as_secs(), |left| wanted.as_secs().min(left)).max(1);
        i32::try_from(seconds).unwrap_or(i32::MAX)
    }))
}

/// `scoped`, expiring no later than `source`, and carrying its account id.
fn within_source(scoped: Credentials, source: &Credentials) -> Credentials {
    let expiry = match (scoped.expiry(), source.expiry()) {
        (Some(scoped), Some(source)) => Some(scoped.min(source)),
        (scoped, source) => scoped.or(source),
    };
    let capped = if expiry == scoped.expiry() {
        scoped
    } else {
        Credentials::new(
            scoped.access_key_id(),
            scoped.secret_access_key(),
            scoped.session_token().map(str::to_owned),
            expiry,
            scoped.provider_name(),
        )
    };
    match (capped.account_id(), source.account_id()) {
        (None, Some(account)) => capped.with_account_id(account),
        _ => capped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn the_duration_asked_for_fits_in_what_the_source_has_left() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let in_an_hour = Some(now + HOUR + Duration::from_millis(700));
        assert_eq!(duration_within(Some(Duration::from_secs(900)), in_an_hour, now).expect("ok"), Some(900));
        assert_eq!(duration_within(Some(2 * HOUR), in_an_hour, now).expect("ok"), Some(3600));
        assert_eq!(duration_within(None, in_an_hour, now).expect("ok"), None);
        assert_eq!(duration_within(Some(Duration::from_millis(10)), in_an_hour, now).expect("ok"), Some(1));
        assert_eq!(duration_within(Some(HOUR), None, now).expect("ok"), Some(3600));
        for expired in [now, now - HOUR, now + Duration::from_millis(999)] {
            let err = duration_within(Some(HOUR), Some(expired), now).expect_err("expired");
            assert!(err.to_string().contains("have expired"), "{err}");
        }
    }

    #[test]
    fn scoped_credentials_never_outlive_the_source_and_keep_its_account() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let source = Credentials::new("ASIASOURCE", "s", Some("t".into()), Some(now + HOUR), "test")
            .with_account_id("123456789012");
        let longer = Credentials::new("ASIASCOPED", "k", Some("u".into()), Some(now + 2 * HOUR), "test");
        let capped = within_source(longer, &source);
        assert_eq!(capped.expiry(), Some(now + HOUR));
        assert_eq!(
            (capped.access_key_id(), capped.secret_access_key(), capped.session_token()),
            ("ASIASCOPED", "k", Some("u"))
        );
        assert_eq!(capped.account_id(), Some("123456789012"));
        let shorter =
            Credentials::new("ASIASCOPED", "k", Some("u".into()), Some(now + Duration::from_secs(60)), "test");
        assert_eq!(within_source(shorter, &source).expiry(), Some(now + Duration::from_secs(60)));
    }
}

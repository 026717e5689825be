//! Client configuration: region, credentials, endpoint choices and HTTP client.
//!
//! [`ConfigBuilder::from_env`] reads the variables the AWS CLI reads for these settings;
//! a value it cannot understand is an error naming the variable, not a silent default.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::behavior_version::BehaviorVersion;
use crate::credentials::ProvideCredentials;
use crate::env::Env;
use crate::idempotency::{IdempotencyTokenProvider, RandomTokens};
use crate::region::ProvideRegion;
use crate::retry::{RetryConfig, RetryMode};
use crate::sleep::{AsyncSleep, TokioSleep};
use crate::transport::{ClientLimits, HttpClient};

#[cfg(feature = "aws-sdk-interop")]
pub mod sdk_config;

/// Time limits. With the defaults no call can wait forever: connecting is limited, each
/// attempt is limited, and so is the whole call with its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl TimeoutConfig {
    /// No limit at all (a call may then wait forever).
    pub const fn disabled() -> Self {
        Self { connect: None, attempt: None, operation: None }
    }

    /// Limits establishing a connection (default 3.1 s; applies to the default HTTP client).
    pub const fn with_connect(mut self, limit: Option<Duration>) -> Self {
        self.connect = limit;
        self
    }

    /// Limits each attempt: sending, waiting and reading the response (default 20 s).
    pub const fn with_attempt(mut self, limit: Option<Duration>) -> Self {
        self.attempt = limit;
        self
    }

    /// Limits the whole call, retries and delays included (default 60 s).
    pub const fn with_operation(mut self, limit: Option<Duration>) -> Self {
        self.operation = limit;
        self
    }

    /// The connect limit.
    pub const fn connect(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt limit.
    pub const fn attempt(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-call limit.
    pub const fn operation(&self) -> Option<Duration> {
        self.operation
    }

    /// A builder starting from the defaults, with `aws-sdk-sts`'s method names.
    pub const fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder(Self {
            connect: ClientLimits::DEFAULT.connect_timeout,
            attempt: Some(Duration::from_secs(20)),
            operation: Some(Duration::from_secs(60)),
        })
    }
}

/// Builds a [`TimeoutConfig`]; what is not set keeps its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfigBuilder(TimeoutConfig);

impl TimeoutConfigBuilder {
    /// Limits establishing a connection.
    pub const fn connect_timeout(mut self, limit: Duration) -> Self {
        self.0.connect = Some(limit);
        self
    }

    /// Limits each attempt: sending, waiting and reading the response.
    pub const fn operation_attempt_timeout(mut self, limit: Duration) -> Self {
        self.0.attempt = Some(limit);
        self
    }

    /// Limits the whole call, retries and delays included.
    pub const fn operation_timeout(mut self, limit: Duration) -> Self {
        self.0.operation = Some(limit);
        self
    }

    /// The time limits.
    pub const fn build(self) -> TimeoutConfig {
        self.0
    }
}

/// Everything a client needs to make calls. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    region_provider: Option<Arc<dyn ProvideRegion>>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    http_client: Arc<dyn HttpClient>,
    client_side_validation: bool,
    use_fips: bool,
    use_dual_stack: bool,
    /// The [`EndpointFlag`]s set in code or, once [`for_service`](Config::for_service) has
    /// read them, from the environment, by built-in name.
    endpoint_flags: Vec<(&'static str, bool)>,
    idempotency_tokens: Arc<dyn IdempotencyTokenProvider>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    sleep: Arc<dyn AsyncSleep>,
    time_offset: i64,
    time_source: Option<TimeSource>,
    /// The variables [`ConfigBuilder::from_env`] read, for the settings that depend on the
    /// service (`AWS_ENDPOINT_URL_<SERVICE_ID>`), looked up by [`Config::for_service`].
    env: Option<Env>,
    #[cfg(feature = "test-util")]
    mocks: Option<crate::test_util::Mocks>,
}

/// Where a client reads the time it signs requests with (the system clock by default).
pub use crate::boxed::TimeSource;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("region_provider", &self.region_provider)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url.as_deref().map(crate::redact::url_userinfo))
            .field("http_client", &self.http_client)
            .field("client_side_validation", &self.client_side_validation)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("endpoint_flags", &self.endpoint_flags)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("time_offset", &self.time_offset)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Starts a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests go to and are signed for (`us-east-1`).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Where credentials come from, if set.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials.as_ref()
    }

    /// Where a client finds its region when none is set, at its first call.
    pub fn region_provider(&self) -> Option<&Arc<dyn ProvideRegion>> {
        self.region_provider.as_ref()
    }

    /// The endpoint that replaces the regional one (`http://127.0.0.1:4566`), if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The HTTP client requests are sent with.
    pub fn http_client(&self) -> &Arc<dyn HttpClient> {
        &self.http_client
    }

    /// Whether inputs are checked against the model's constraints before sending (default).
    pub fn client_side_validation(&self) -> bool {
        self.client_side_validation
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The value of a service's endpoint flag, set in code or read from its variable by
    /// [`for_service`](Config::for_service); `None` leaves it at the rule set's default.
    pub fn endpoint_flag(&self, flag: EndpointFlag) -> Option<bool> {
        self.endpoint_flags.iter().find(|(built_in, _)| *built_in == flag.built_in).map(|(_, on)| *on)
    }

    /// How calls are retried.
    pub fn retry_config(&self) -> RetryConfig {
        self.retry
    }

    /// The time limits.
    pub fn timeout_config(&self) -> TimeoutConfig {
        self.timeouts
    }

    /// What the client sleeps with.
    pub fn sleep_impl(&self) -> &Arc<dyn AsyncSleep> {
        &self.sleep
    }

    /// A new idempotency token, for members the model fills in when they are not set.
    pub fn idempotency_token(&self) -> String {
        self.idempotency_tokens.token()
    }

    /// Seconds added to the local clock when signing (see [`ConfigBuilder::time_offset`]).
    pub fn time_offset(&self) -> i64 {
        self.time_offset
    }

    /// The local time, from the configured time source (the system clock by default),
    /// without the offset.
    pub fn now(&self) -> SystemTime {
        self.time_source.as_ref().map_or_else(SystemTime::now, |source| source())
    }

    /// This configuration as a client of a service uses it. When it was read from the
    /// environment, what is not set in code is read from the service's variables: the
    /// endpoint URL from `endpoint_url_variable` (`AWS_ENDPOINT_URL_STS`), else
    /// `AWS_ENDPOINT_URL`; each of the service's endpoint `flags` from its own variable
    /// (`AWS_STS_REGIONAL_ENDPOINTS`), an error if that holds neither of its two values.
    pub fn for_service(&self, endpoint_url_variable: &str, flags: &[EndpointFlag]) -> Result<Config, ConfigError> {
        let mut config = self.clone();
        let Some(env) = &self.env else { return Ok(config) };
        let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if config.endpoint_url.is_none() {
            config.endpoint_url = [endpoint_url_variable, "AWS_ENDPOINT_URL"]
                .iter()
                .find_map(|name| set(name))
                .map(|url| url.trim().to_owned());
        }
        for flag in flags {
            let Some(variable) = flag.variable else { continue };
            if config.endpoint_flag(*flag).is_some() {
                continue;
            }
            let Some(value) = set(variable.name) else { continue };
            let on = match value.trim() {
                v if v.eq_ignore_ascii_case(variable.on) => true,
                v if v.eq_ignore_ascii_case(variable.off) => false,
                _ => {
                    let expected = format!("`{}` or `{}`", variable.off, variable.on);
                    return Err(ConfigError { variable: variable.name, value, expected: expected.into() });
                }
            };
            config.endpoint_flags.push((flag.built_in, on));
        }
        Ok(config)
    }

    /// The mocks calls are answered from, if any (feature `test-util`).
    #[cfg(feature = "test-util")]
    pub fn mocks(&self) -> Option<&crate::test_util::Mocks> {
        self.mocks.as_ref()
    }

    /// A builder holding this configuration, to change part of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region.clone(),
            region_provider: self.region_provider.clone(),
            credentials: self.credentials.clone(),
            endpoint_url: self.endpoint_url.clone(),
            http_client: Some(self.http_client.clone()),
            client_side_validation: Some(self.client_side_validation),
            use_fips: Some(self.use_fips),
            use_dual_stack: Some(self.use_dual_stack),
            endpoint_flags: self.endpoint_flags.clone(),
            idempotency_tokens: Some(self.idempotency_tokens.clone()),
            retry: Some(self.retry),
            // The version's only default, the retry mode, is in `retry` already.
            behavior_version: None,
            timeouts: Some(self.timeouts),
            sleep: Some(self.sleep.clone()),
            max_response_bytes: None,
            time_offset: Some(self.time_offset),
            time_source: self.time_source.clone(),
            env: self.env.clone(),
            #[cfg(feature = "test-util")]
            mocks: self.mocks.clone(),
        }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    region_provider: Option<Arc<dyn ProvideRegion>>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    http_client: Option<Arc<dyn HttpClient>>,
    client_side_validation: Option<bool>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    endpoint_flags: Vec<(&'static str, bool)>,
    idempotency_tokens: Option<Arc<dyn IdempotencyTokenProvider>>,
    retry: Option<RetryConfig>,
    behavior_version: Option<BehaviorVersion>,
    timeouts: Option<TimeoutConfig>,
    sleep: Option<Arc<dyn AsyncSleep>>,
    max_response_bytes: Option<usize>,
    time_offset: Option<i64>,
    time_source: Option<TimeSource>,
    env: Option<Env>,
    #[cfg(feature = "test-util")]
    mocks: Option<crate::test_util::Mocks>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url.as_deref().map(crate::redact::url_userinfo))
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("endpoint_flags", &self.endpoint_flags)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// A builder with what the environment sets: `AWS_REGION` (else `AWS_DEFAULT_REGION`),
    /// `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` (`true`/`false`),
    /// `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`. What depends on the service is read when a
    /// client is made ([`Config::for_service`]): the endpoint URL from
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>` (`AWS_ENDPOINT_URL_STS`), else `AWS_ENDPOINT_URL`, and
    /// the service's endpoint flags (STS's `AWS_STS_REGIONAL_ENDPOINTS`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_vars(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `var`.
    pub fn from_env_vars(var: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Result<Self, ConfigError> {
        let var: Env = Arc::new(var);
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let flag = |name: &'static str| -> Result<Option<bool>, ConfigError> {
            match set(name) {
                None => Ok(None),
                Some(v) if v.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
                Some(v) if v.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
                Some(v) => Err(ConfigError { variable: name, value: v, expected: "`true` or `false`".into() }),
            }
        };
        let max_attempts = match set("AWS_MAX_ATTEMPTS") {
            None => None,
            Some(v) => match v.trim().parse::<u32>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    return Err(ConfigError {
                        variable: "AWS_MAX_ATTEMPTS",
                        value: v,
                        expected: "a whole number of attempts, at least 1".into(),
                    });
                }
            },
        };
        let mode = match set("AWS_RETRY_MODE") {
            None => None,
            // Client-side rate limiting (`adaptive`) is not implemented: it retries as standard.
            Some(v) if v.trim().eq_ignore_ascii_case("standard") || v.trim().eq_ignore_ascii_case("adaptive") => {
                Some(RetryMode::Standard)
            }
            Some(v) => {
                return Err(ConfigError {
                    variable: "AWS_RETRY_MODE",
                    value: v,
                    expected: "`standard` (or `adaptive`, retried as standard)".into(),
                });
            }
        };
        let retry = match (mode, max_attempts) {
            (None, None) => None,
            (_, attempts) => Some(RetryConfig::standard().with_max_attempts(attempts.unwrap_or(3))),
        };
        Ok(Self {
            retry,
            region: set("AWS_REGION").or_else(|| set("AWS_DEFAULT_REGION")).map(|r| r.trim().to_owned()),
            use_fips: flag("AWS_USE_FIPS_ENDPOINT")?,
            use_dual_stack: flag("AWS_USE_DUALSTACK_ENDPOINT")?,
            env: Some(var.clone()),
            ..Self::default()
        })
    }

    /// Asks `provider` for the region at a client's first call, when none is set (the EC2
    /// instance's, from the instance metadata service, for `Client::from_env`). A region set
    /// with [`region`](Self::region) comes first.
    pub fn region_provider(mut self, provider: impl ProvideRegion + 'static) -> Self {
        self.region_provider = Some(Arc::new(provider));
        self
    }

    /// Sets the region: its name (`"us-east-1"`) or a [`Region`](crate::region::Region). It is
    /// checked when a request is made.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the credentials, or any provider of them.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sets a shared credentials provider.
    pub fn shared_credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Sends requests to `url` instead of the regional endpoint (a local STS, a proxy).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sends requests with `client` instead of the default one (`HyperClient`, or
    /// `ReqwestClient` when only the `reqwest` feature is on).
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Turns the check of inputs against the model's lengths, ranges and patterns on
    /// (the default) or off, for values the model does not allow yet. Required members
    /// are always required.
    pub fn client_side_validation(mut self, enabled: bool) -> Self {
        self.client_side_validation = Some(enabled);
        self
    }

    /// Uses FIPS endpoints (`sts-fips.{region}.amazonaws.com`).
    pub fn use_fips(mut self, enabled: bool) -> Self {
        self.use_fips = Some(enabled);
        self
    }

    /// Uses dual-stack endpoints (`sts.{region}.api.aws`).
    pub fn use_dual_stack(mut self, enabled: bool) -> Self {
        self.use_dual_stack = Some(enabled);
        self
    }

    /// Sets one of a service's endpoint flags, which its crate names in its `endpoint`
    /// module: `.endpoint_flag(sts::endpoint::USE_GLOBAL_ENDPOINT, true)` sends STS calls
    /// from the regions that had it to the legacy global endpoint, as
    /// `AWS_STS_REGIONAL_ENDPOINTS=legacy` does. Set in code, a flag is not read from the
    /// environment.
    pub fn endpoint_flag(mut self, flag: EndpointFlag, on: bool) -> Self {
        self.endpoint_flags.retain(|(built_in, _)| *built_in != flag.built_in);
        self.endpoint_flags.push((flag.built_in, on));
        self
    }

    /// Makes the idempotency tokens filled into requests (random UUIDs by default);
    /// tests use a fixed one.
    pub fn idempotency_token_provider(mut self, provider: impl IdempotencyTokenProvider + 'static) -> Self {
        self.idempotency_tokens = Some(Arc::new(provider));
        self
    }

    /// Sets how calls are retried (by default standard mode, 3 attempts, or what the
    /// [behavior version](Self::behavior_version) says).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Takes the defaults of `version` (today, its retry mode: see [`BehaviorVersion`]).
    pub fn behavior_version(mut self, version: BehaviorVersion) -> Self {
        self.behavior_version = Some(version);
        self
    }

    /// Sets the time limits.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// Sleeps with `sleep` instead of tokio's timer (tests use one that returns at once).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Seconds to add to the local clock when signing requests: positive when the local
    /// clock is behind, negative when it is ahead (as the Java SDK's `setTimeOffset`).
    /// Without it a client still corrects itself: when the service rejects a request as
    /// signed at the wrong time (`RequestTimeTooSkewed`, `SignatureDoesNotMatch`...) and its
    /// `Date` differs from the local clock by more than four minutes, the client learns the
    /// offset, retries once, and signs every later call with it.
    pub fn time_offset(mut self, seconds: i64) -> Self {
        self.time_offset = Some(seconds);
        self
    }

    /// Reads the local time from `now` instead of the system clock (tests fake a skewed
    /// clock with it).
    pub fn time_source(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.time_source = Some(Arc::new(now));
        self
    }

    /// Answers calls from `mocks` instead of sending them (feature `test-util`; see
    /// [`test_util`](crate::test_util)).
    #[cfg(feature = "test-util")]
    pub fn mocks(mut self, mocks: crate::test_util::Mocks) -> Self {
        self.mocks = Some(mocks);
        self
    }

    /// The largest response body the default HTTP client reads (default 4 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// `base` with the settings made on this builder put over it: each one set here wins,
    /// the rest are `base`'s, as one call's `config_override` asks. A time limit or response
    /// size set here reaches the HTTP client only with a client set here too (`base`'s is
    /// kept, with its connections).
    pub fn build_over(self, base: &Config) -> Config {
        let mut merged = base.to_builder();
        macro_rules! set_here_wins {
            ($($field:ident),* $(,)?) => {
                $(if self.$field.is_some() {
                    merged.$field = self.$field;
                })*
            };
        }
        set_here_wins!(
            region,
            region_provider,
            credentials,
            endpoint_url,
            http_client,
            client_side_validation,
            use_fips,
            use_dual_stack,
            idempotency_tokens,
            retry,
            timeouts,
            sleep,
            max_response_bytes,
            time_offset,
            time_source,
            env,
        );
        #[cfg(feature = "test-util")]
        set_here_wins!(mocks);
        // A behavior version set here decides the retries unless they are set here too.
        if self.behavior_version.is_some() && self.retry.is_none() {
            merged.retry = None;
            merged.behavior_version = self.behavior_version;
        }
        for (built_in, on) in self.endpoint_flags {
            merged.endpoint_flags.retain(|(existing, _)| *existing != built_in);
            merged.endpoint_flags.push((built_in, on));
        }
        merged.build()
    }

    /// The configuration.
    pub fn build(self) -> Config {
        let timeouts = self.timeouts.unwrap_or_default();
        let limits = ClientLimits {
            connect_timeout: timeouts.connect(),
            max_response_bytes: self.max_response_bytes.unwrap_or(ClientLimits::DEFAULT.max_response_bytes),
        };
        Config {
            region: self.region,
            region_provider: self.region_provider,
            credentials: self.credentials,
            endpoint_url: self.endpoint_url,
            http_client: self.http_client.unwrap_or_else(|| crate::transport::default_client(limits)),
            client_side_validation: self.client_side_validation.unwrap_or(true),
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            endpoint_flags: self.endpoint_flags,
            idempotency_tokens: self.idempotency_tokens.unwrap_or_else(|| Arc::new(RandomTokens)),
            retry: self.retry.unwrap_or_else(|| match self.behavior_version {
                Some(version) => version.retry_config(),
                None => RetryConfig::default(),
            }),
            timeouts,
            sleep: self.sleep.unwrap_or_else(|| Arc::new(TokioSleep)),
            time_offset: self.time_offset.unwrap_or(0),
            time_source: self.time_source,
            env: self.env,
            #[cfg(feature = "test-util")]
            mocks: self.mocks,
        }
    }
}

/// A boolean parameter of one service's endpoint rules other than FIPS and dual-stack,
/// named by its built-in (STS's `AWS::STS::UseGlobalEndpoint`), with the variable that
/// sets it. The service's crate names each in its `endpoint` module
/// (`sts::endpoint::USE_GLOBAL_ENDPOINT`); a client's config holds their values by
/// [`ConfigBuilder::endpoint_flag`] and [`Config::endpoint_flag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointFlag {
    /// The rule set's built-in name.
    pub built_in: &'static str,
    /// The environment variable that sets it, if any.
    pub variable: Option<FlagVariable>,
}

/// The environment variable that sets an [`EndpointFlag`], and its values for on and off
/// (`AWS_STS_REGIONAL_ENDPOINTS`: `legacy` and `regional`), compared without case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlagVariable {
    pub name: &'static str,
    pub on: &'static str,
    pub off: &'static str,
}

/// An environment variable holds a value that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    variable: &'static str,
    value: String,
    expected: Cow<'static, str>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?} is not valid: expected {}", self.variable, self.value, self.expected)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        ConfigBuilder::from_env_vars(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .map(ConfigBuilder::build)
    }

    #[test]
    fn the_environment_sets_region_endpoint_and_switches() {
        let c = from(&[
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
        ])
        .unwrap();
        assert_eq!(c.region(), Some("eu-west-1"));
        assert_eq!(c.endpoint_url(), None, "the endpoint URL depends on the service");
        let url = |c: &Config, variable| c.for_service(variable, &[]).unwrap().endpoint_url().map(str::to_owned);
        assert_eq!(url(&c, "AWS_ENDPOINT_URL_STS").as_deref(), Some("http://127.0.0.1:2"));
        assert_eq!(url(&c, "AWS_ENDPOINT_URL_IAM").as_deref(), Some("http://127.0.0.1:1"));
        assert!(c.use_fips() && !c.use_dual_stack());
        let c =
            from(&[("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://h")])
                .unwrap();
        assert_eq!((c.region(), url(&c, "AWS_ENDPOINT_URL_STS").as_deref()), (Some("us-west-2"), Some("http://h")));
        assert!(!c.use_fips() && !c.use_dual_stack());
        // An endpoint set in code comes first; a config not read from the environment has none.
        let set = c.to_builder().endpoint_url("http://code").build();
        assert_eq!(url(&set, "AWS_ENDPOINT_URL_STS").as_deref(), Some("http://code"));
        assert_eq!(url(&Config::builder().build(), "AWS_ENDPOINT_URL_STS"), None);
    }

    const GLOBAL: EndpointFlag = EndpointFlag {
        built_in: "AWS::STS::UseGlobalEndpoint",
        variable: Some(FlagVariable { name: "AWS_STS_REGIONAL_ENDPOINTS", on: "legacy", off: "regional" }),
    };
    const NO_VARIABLE: EndpointFlag = EndpointFlag { built_in: "AWS::Example::Flag", variable: None };

    #[test]
    fn endpoint_flags_come_from_code_then_from_their_variable() {
        let legacy = from(&[("AWS_STS_REGIONAL_ENDPOINTS", "Legacy")]).unwrap();
        assert_eq!(legacy.endpoint_flag(GLOBAL), None, "read only for a service that has the flag");
        let for_sts = legacy.for_service("AWS_ENDPOINT_URL_STS", &[GLOBAL, NO_VARIABLE]).unwrap();
        assert_eq!((for_sts.endpoint_flag(GLOBAL), for_sts.endpoint_flag(NO_VARIABLE)), (Some(true), None));
        let regional = from(&[("AWS_STS_REGIONAL_ENDPOINTS", " regional ")]).unwrap();
        assert_eq!(regional.for_service("X", &[GLOBAL]).unwrap().endpoint_flag(GLOBAL), Some(false));
        assert_eq!(from(&[]).unwrap().for_service("X", &[GLOBAL]).unwrap().endpoint_flag(GLOBAL), None);
        // Set in code, the flag wins over the variable, and the last setting wins.
        let code = legacy.to_builder().endpoint_flag(GLOBAL, true).endpoint_flag(GLOBAL, false).build();
        assert_eq!(code.for_service("X", &[GLOBAL]).unwrap().endpoint_flag(GLOBAL), Some(false));
        assert_eq!(code.to_builder().build().endpoint_flag(GLOBAL), Some(false), "kept by to_builder");
        let plain = Config::builder().endpoint_flag(NO_VARIABLE, true).build();
        assert_eq!(plain.endpoint_flag(NO_VARIABLE), Some(true));
    }

    #[test]
    fn invalid_values_are_errors_naming_the_variable() {
        let global = from(&[("AWS_STS_REGIONAL_ENDPOINTS", "global")]).expect("not read without a service");
        let err = global.for_service("AWS_ENDPOINT_URL_STS", &[GLOBAL]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "AWS_STS_REGIONAL_ENDPOINTS=\"global\" is not valid: expected `regional` or `legacy`"
        );
        let set_in_code = global.to_builder().endpoint_flag(GLOBAL, true).build();
        assert!(set_in_code.for_service("X", &[GLOBAL]).is_ok(), "the variable is not read when set in code");
        let err = from(&[("AWS_USE_FIPS_ENDPOINT", "yes")]).unwrap_err();
        assert!(err.to_string().starts_with("AWS_USE_FIPS_ENDPOINT=\"yes\""));
        assert!(from(&[("AWS_USE_DUALSTACK_ENDPOINT", "1")]).is_err());
        let err = from(&[("AWS_MAX_ATTEMPTS", "0")]).unwrap_err();
        assert!(err.to_string().starts_with("AWS_MAX_ATTEMPTS=\"0\" is not valid"));
        assert!(from(&[("AWS_MAX_ATTEMPTS", "three")]).is_err());
        assert!(from(&[("AWS_RETRY_MODE", "legacy")]).is_err());
    }

    #[test]
    fn retry_settings_come_from_the_environment() {
        let c = from(&[("AWS_MAX_ATTEMPTS", "5"), ("AWS_RETRY_MODE", "standard")]).unwrap();
        assert_eq!(c.retry_config().max_attempts(), 5);
        assert_eq!(from(&[]).unwrap().retry_config(), RetryConfig::standard());
        assert_eq!(from(&[("AWS_RETRY_MODE", "adaptive")]).unwrap().retry_config().max_attempts(), 3);
    }

    #[test]
    fn a_behavior_version_picks_the_retry_default_and_an_explicit_config_wins() {
        let mode = |b: ConfigBuilder| b.build().retry_config().mode();
        assert_eq!(mode(Config::builder()), RetryMode::Standard);
        assert_eq!(mode(Config::builder().behavior_version(BehaviorVersion::latest())), RetryMode::Standard2026);
        assert_eq!(mode(Config::builder().behavior_version(BehaviorVersion::v2026_01_12())), RetryMode::Standard);
        let explicit = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard().with_max_attempts(5))
            .build();
        assert_eq!((explicit.retry_config().mode(), explicit.retry_config().max_attempts()), (RetryMode::Standard, 5));
    }

    #[test]
    fn the_timeout_builder_keeps_the_defaults_it_is_not_given() {
        let t = TimeoutConfig::builder().operation_timeout(Duration::from_secs(5)).build();
        assert_eq!(t.operation(), Some(Duration::from_secs(5)));
        assert_eq!(
            (t.connect(), t.attempt()),
            (TimeoutConfig::default().connect(), TimeoutConfig::default().attempt())
        );
        let t = TimeoutConfig::builder()
            .connect_timeout(Duration::from_millis(100))
            .operation_attempt_timeout(Duration::from_secs(2))
            .build();
        assert_eq!((t.connect(), t.attempt()), (Some(Duration::from_millis(100)), Some(Duration::from_secs(2))));
        let region = crate::region::Region::new("eu-west-3");
        assert_eq!(Config::builder().region(region).build().region(), Some("eu-west-3"));
    }
}

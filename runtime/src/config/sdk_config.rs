//! A [`Config`] from the official SDK's `SdkConfig` (feature `aws-sdk-interop`), so that what
//! `aws_config::load_defaults(..)` found configures a client here as it does an `aws-sdk-*`
//! client: `Client::new(&sdk_config)`, `Config::new(&sdk_config)` and
//! `config::Builder::from(&sdk_config)` all read it this way.
//!
//! Taken from the `SdkConfig`: the region; the credentials provider (behind a
//! [`CredentialsCache`], where the official SDK's client would keep its identity cache);
//! FIPS and dual-stack;
//! the endpoint URL (one set in code on the loader wins; otherwise the service's own, such
//! as `AWS_ENDPOINT_URL_STS` or the profile's `services` section, through the `SdkConfig`'s
//! service-config loader, then the shared one); the retry mode (adaptive is retried as
//! standard) and the most attempts; the connect, attempt and whole-call time limits (one the
//! `SdkConfig` leaves unset keeps this crate's default, so no call can wait forever); the
//! behavior version; the sleep and the time source.
//!
//! Not taken: the HTTP client (an `aws-smithy` connector; this crate sends with its own, set
//! with [`ConfigBuilder::http_client`]), the read time limit (the attempt limit covers
//! reading), the retry back-off durations (fixed by the retry mode here), the identity cache's
//! settings, the app name, and the checksum, compression and stalled-stream settings, which no awsQuery
//! call uses. Nor does it read a service's endpoint flags (`AWS_STS_REGIONAL_ENDPOINTS`): as
//! with `aws-sdk-sts`, the rule set's default applies unless set in code.

use std::sync::Arc;
use std::time::Duration;

pub use aws_types::SdkConfig;
use aws_types::sdk_config::SharedAsyncSleep;
use aws_types::service_config::ServiceConfigKey;

use super::{Config, ConfigBuilder, TimeoutConfig};
use crate::behavior_version::BehaviorVersion;
use crate::boxed::BoxFuture;
use crate::credentials::cache::CredentialsCache;
use crate::env::Env;
use crate::retry::RetryConfig;
use crate::sleep::AsyncSleep;

/// The prefix of the variable that names a service's own endpoint URL
/// (`AWS_ENDPOINT_URL_STS`); without a suffix it names the shared one.
const ENDPOINT_URL_VARIABLE: &str = "AWS_ENDPOINT_URL";

impl Config {
    /// The configuration `sdk_config` describes (see [the module](self)).
    pub fn new(sdk_config: &SdkConfig) -> Self {
        ConfigBuilder::from(sdk_config).build()
    }
}

impl From<&SdkConfig> for ConfigBuilder {
    fn from(sdk: &SdkConfig) -> Self {
        let mut builder = ConfigBuilder {
            region: sdk.region().map(|region| region.as_ref().to_owned()),
            use_fips: sdk.use_fips(),
            use_dual_stack: sdk.use_dual_stack(),
            retry: sdk.retry_config().map(retry_config),
            behavior_version: sdk.behavior_version().map(behavior_version),
            timeouts: sdk.timeout_config().map(timeout_config),
            env: Some(service_settings(sdk)),
            ..ConfigBuilder::default()
        };
        if let Some(provider) = sdk.credentials_provider() {
            // The official SDK caches credentials in the client, not in its providers (a
            // role's provider calls STS each time it is asked); the providers here cache
            // themselves, so this one is given a cache of its own.
            builder = builder.credentials_provider(CredentialsCache::new(provider));
        }
        if sdk.get_origin("endpoint_url").is_client_config() {
            builder.endpoint_url = sdk.endpoint_url().map(str::to_owned);
        }
        if let Some(sleep) = sdk.sleep_impl() {
            builder = builder.sleep_impl(SdkSleep(sleep));
        }
        if let Some(time_source) = sdk.time_source() {
            builder = builder.time_source(move || time_source.now());
        }
        builder
    }
}

impl From<&SdkConfig> for Config {
    fn from(sdk_config: &SdkConfig) -> Self {
        Config::new(sdk_config)
    }
}

/// What [`Config::for_service`] reads for the service a client calls: its endpoint URL,
/// asked of the `SdkConfig`'s service-config loader (the service's variable, then its
/// profile's `services` section, then the shared variable and profile setting), else the
/// `SdkConfig`'s own endpoint URL. Any other variable is unset.
fn service_settings(sdk: &SdkConfig) -> Env {
    let sdk = sdk.clone();
    Arc::new(move |name: &str| {
        let service = name.strip_prefix(ENDPOINT_URL_VARIABLE)?;
        let Some(service_id) = service.strip_prefix('_') else {
            return if service.is_empty() { sdk.endpoint_url().map(str::to_owned) } else { None };
        };
        let key = ServiceConfigKey::builder()
            .service_id(service_id)
            .env(ENDPOINT_URL_VARIABLE)
            .profile("endpoint_url")
            .build()
            .ok()?;
        sdk.service_config().and_then(|loader| loader.load_config(key))
    })
}

/// The retry mode and the most attempts; adaptive mode (client-side rate limiting, not
/// implemented here) retries as standard, as `AWS_RETRY_MODE=adaptive` does.
fn retry_config(retry: &aws_types::sdk_config::RetryConfig) -> RetryConfig {
    RetryConfig::standard().with_max_attempts(retry.max_attempts())
}

/// The limits the `SdkConfig` sets; the others keep this crate's defaults.
fn timeout_config(timeouts: &aws_types::sdk_config::TimeoutConfig) -> TimeoutConfig {
    let defaults = TimeoutConfig::default();
    defaults
        .with_connect(timeouts.connect_timeout().or(defaults.connect()))
        .with_attempt(timeouts.operation_attempt_timeout().or(defaults.attempt()))
        .with_operation(timeouts.operation_timeout().or(defaults.operation()))
}

/// The newest of this crate's versions that the official one has reached. Every version
/// the official SDK names keeps standard-mode retries here.
fn behavior_version(version: aws_smithy_runtime_api::client::behavior_version::BehaviorVersion) -> BehaviorVersion {
    use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion as Sdk;
    if version.is_at_least(Sdk::v2026_01_12()) {
        BehaviorVersion::v2026_01_12()
    } else {
        BehaviorVersion::v2023_11_09()
    }
}

/// The `SdkConfig`'s sleep, as this crate's.
#[derive(Debug)]
struct SdkSleep(SharedAsyncSleep);

impl AsyncSleep for SdkSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(aws_smithy_async::rt::sleep::AsyncSleep::sleep(&self.0, duration))
    }
}

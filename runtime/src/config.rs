//! Client configuration: region, credentials, endpoint override and HTTP client.

use std::fmt;
use std::sync::Arc;

use crate::credentials::ProvideCredentials;
use crate::transport::{HttpClient, ReqwestClient};

/// Everything a client needs to make calls. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    http_client: Arc<dyn HttpClient>,
    client_side_validation: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("http_client", &self.http_client)
            .field("client_side_validation", &self.client_side_validation)
            .finish()
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

    /// A builder holding this configuration, to change part of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region.clone(),
            credentials: self.credentials.clone(),
            endpoint_url: self.endpoint_url.clone(),
            http_client: Some(self.http_client.clone()),
            client_side_validation: Some(self.client_side_validation),
        }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    http_client: Option<Arc<dyn HttpClient>>,
    client_side_validation: Option<bool>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// Sets the region (`us-east-1`). It is checked when a request is made.
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

    /// Sends requests with `client` instead of the default `reqwest` client.
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

    /// The configuration.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            credentials: self.credentials,
            endpoint_url: self.endpoint_url,
            http_client: self.http_client.unwrap_or_else(|| Arc::new(ReqwestClient::new())),
            client_side_validation: self.client_side_validation.unwrap_or(true),
        }
    }
}

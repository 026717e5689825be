//! Before the first attempt, once per call: a service setting from the environment that
//! cannot be understood, the region and the endpoint URL checked; the endpoint resolved; the
//! request every attempt sends (URL, headers, form body) and, for a signed operation, the
//! credentials and the signing scope. Nothing is sent here: every failure is a
//! construction or credentials error.

use std::borrow::Cow;

use super::{Budget, Handle};
use crate::aws_query::{CONTENT_TYPE, Operation};
use crate::boxed::BoxError;
use crate::config::Config;
use crate::credentials::{Credentials, CredentialsError};
use crate::endpoint::{check_endpoint_url, check_region};
use crate::error::{ConstructionError, CredentialsUnavailable, SdkError};
use crate::sleep::timeout;
use crate::transport::{HttpRequest, check_header};

/// What every attempt of one call sends, and signs it with.
pub(super) struct Prepared {
    /// The request before signing.
    pub(super) request: HttpRequest,
    /// `None` for an operation that is not signed.
    pub(super) signing: Option<Signing>,
}

/// What a signed operation's requests are signed with.
pub(super) struct Signing {
    pub(super) credentials: Credentials,
    /// The endpoint's signing region, else the configured region.
    pub(super) region: String,
    /// The endpoint's signing name, else the service's.
    pub(super) service: Cow<'static, str>,
}

impl Handle {
    /// Everything the attempts of a call to `O` with `input` share, by `config` (the
    /// handle's, with the region its provider gave); the credentials wait is bounded by what
    /// is left of `budget`.
    pub(super) async fn prepare<O: Operation>(
        &self,
        config: &Config,
        input: &O::Input,
        budget: &Budget,
    ) -> Result<Prepared, SdkError<O::Error>> {
        let construction = |e: BoxError| SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, e));
        if let Some(e) = &self.config_error {
            return Err(construction(Box::new(e.clone())));
        }
        check_region(config.region()).map_err(|e| construction(e.into()))?;
        check_endpoint_url(config.endpoint_url()).map_err(|e| construction(e.into()))?;
        let endpoint = (self.service.resolve_endpoint)(config).map_err(|e| construction(e.into()))?;
        let prefix = O::host_prefix(input).map_err(|e| construction(e.into()))?;
        let request = HttpRequest {
            method: "POST",
            url: request_url(&endpoint.url, prefix.as_deref(), O::REQUEST_URI),
            headers: vec![
                ("content-type".into(), CONTENT_TYPE.into()),
                ("user-agent".into(), self.service.user_agent.into()),
            ],
            body: O::serialize(input),
        };
        if !O::SIGNED {
            return Ok(Prepared { request, signing: None });
        }
        let unavailable = |e| SdkError::CredentialsUnavailable(CredentialsUnavailable::new(O::NAME, e));
        let provider = config.credentials_provider().ok_or_else(|| {
            unavailable(CredentialsError::new("no credentials are configured, and this operation is signed"))
        })?;
        let credentials = timeout(&**config.sleep_impl(), budget.remaining(), provider.provide_credentials())
            .await
            .ok_or_else(|| budget.exceeded(O::NAME, 0, &[]))?
            .map_err(unavailable)?;
        let region = endpoint.signing_region.or_else(|| config.region().map(str::to_owned)).ok_or_else(|| {
            construction("no region is configured to sign the request for (set one on the config)".into())
        })?;
        let service = endpoint.signing_name.map_or(Cow::Borrowed(self.service.signing_name), Cow::Owned);
        Ok(Prepared { request, signing: Some(Signing { credentials, region, service }) })
    }
}

impl Prepared {
    /// The request as `mutators` change it, in order; the error of one that failed, or the
    /// reason the request cannot be sent if a header they leave could not be signed and sent
    /// as it is.
    pub(super) fn mutate(&mut self, mutators: Vec<super::customize::RequestMutator>) -> Result<(), BoxError> {
        for mutate in mutators {
            mutate(&mut self.request)?;
        }
        for (name, value) in &self.request.headers {
            check_header(name, value).map_err(|why| {
                format!("the request as `mutate_request` or `map_request` left it cannot be sent: {why}")
            })?;
        }
        Ok(())
    }
}

/// The URL to post to: the endpoint with the host prefix before its host and the request
/// URI (`/`, or `/?Operation=..`) after its path (`https://example.com/custom` ->
/// `https://example.com/custom/`).
fn request_url(endpoint: &str, host_prefix: Option<&str>, request_uri: &str) -> String {
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
    let (prefix, rest) = (host_prefix.unwrap_or_default(), rest.trim_end_matches('/'));
    let mut url = String::with_capacity(scheme.len() + 3 + prefix.len() + rest.len() + request_uri.len());
    for part in [scheme, "://", prefix, rest, request_uri] {
        url.push_str(part);
    }
    url
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_urls_keep_paths_and_take_host_prefixes() {
        use super::request_url;
        assert_eq!(request_url("https://sts.amazonaws.com", None, "/"), "https://sts.amazonaws.com/");
        assert_eq!(request_url("http://127.0.0.1:9/", None, "/"), "http://127.0.0.1:9/");
        assert_eq!(request_url("https://example.com/custom", None, "/"), "https://example.com/custom/");
        assert_eq!(request_url("https://example.com", Some("foo.bar."), "/"), "https://foo.bar.example.com/");
        assert_eq!(
            request_url("https://ie.com/", None, "/?Operation=CancelJob"),
            "https://ie.com/?Operation=CancelJob"
        );
        assert_eq!(
            request_url("https://ie.com/v", None, "/?Operation=GetStatus"),
            "https://ie.com/v/?Operation=GetStatus"
        );
    }
}

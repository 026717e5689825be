//! Where a request goes, and the region it is signed for.
//!
//! Today: the endpoint URL override if one is set, else `https://{prefix}.{region}.amazonaws.com`.
//! A region is checked to be a DNS host label before it is put in a URL, so no region
//! value can send a request elsewhere.

use std::fmt;

use crate::config::Config;

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL requests are posted to.
    pub url: String,
    /// The region the SigV4 signature is scoped to.
    pub signing_region: String,
}

/// The configuration does not give a usable endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// No region is configured.
    MissingRegion,
    /// The region is not a DNS host label.
    InvalidRegion(String),
    /// The endpoint URL override is not an `http` or `https` URL with a host.
    InvalidEndpointUrl(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingRegion => f.write_str("no region is configured (set one on the config, e.g. `us-east-1`)"),
            Self::InvalidRegion(region) => write!(
                f,
                "invalid region {region:?}: a region is 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen"
            ),
            Self::InvalidEndpointUrl(url) => {
                write!(f, "invalid endpoint URL {url:?}: expected http:// or https:// and a host")
            }
        }
    }
}

impl std::error::Error for EndpointError {}

/// Whether `region` is a valid DNS host label (RFC 1123): `us-east-1`, `eu-west-3`.
pub fn is_valid_region(region: &str) -> bool {
    (1..=63).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
}

/// Resolves the endpoint of a service whose endpoint prefix is `prefix` (`sts`).
pub fn resolve(config: &Config, prefix: &str) -> Result<Endpoint, EndpointError> {
    let region = config.region().ok_or(EndpointError::MissingRegion)?;
    if !is_valid_region(region) {
        return Err(EndpointError::InvalidRegion(region.chars().take(80).collect()));
    }
    let url = match config.endpoint_url() {
        Some(url) => {
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
            if host.is_none_or(|h| h.is_empty() || h.contains(char::is_whitespace)) {
                return Err(EndpointError::InvalidEndpointUrl(url.to_owned()));
            }
            url.to_owned()
        }
        None => format!("https://{prefix}.{region}.amazonaws.com"),
    };
    Ok(Endpoint { url, signing_region: region.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_that_could_redirect_are_rejected() {
        for bad in ["evil.com/", "us-east-1.attacker.net#", "a b", "", "-us", "us-", &"a".repeat(300)] {
            let config = Config::builder().region(bad).build();
            assert!(matches!(resolve(&config, "sts"), Err(EndpointError::InvalidRegion(_))), "{bad:?}");
        }
        let config = Config::builder().region("eu-west-3").build();
        assert_eq!(resolve(&config, "sts").unwrap().url, "https://sts.eu-west-3.amazonaws.com");
    }

    #[test]
    fn endpoint_override_is_checked() {
        let ok = Config::builder().region("us-east-1").endpoint_url("http://127.0.0.1:5000").build();
        assert_eq!(resolve(&ok, "sts").unwrap().url, "http://127.0.0.1:5000");
        let bad = Config::builder().region("us-east-1").endpoint_url("ftp://x").build();
        assert!(matches!(resolve(&bad, "sts"), Err(EndpointError::InvalidEndpointUrl(_))));
        assert_eq!(resolve(&Config::builder().build(), "sts"), Err(EndpointError::MissingRegion));
    }
}

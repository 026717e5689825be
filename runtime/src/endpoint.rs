//! Where a request goes, and what it is signed for.
//!
//! The generated crate resolves endpoints with a function generated from the service's
//! endpoint rule set (`generated/src/generated/endpoint.rs`); it returns an [`Endpoint`] or
//! an [`EndpointError`] (the rules language's own functions are in
//! [`endpoint_rules`](crate::endpoint_rules)). A region is checked to be a DNS host label
//! ([`is_dns_label`]) before the rules run, so no region value can send a request
//! elsewhere.

use std::fmt;

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL requests are posted to.
    pub url: String,
    /// The region the SigV4 signature is scoped to, when the rules name one (the global
    /// endpoint is signed for `us-east-1`); otherwise the configured region.
    pub signing_region: Option<String>,
    /// The SigV4 service name, when the rules name one.
    pub signing_name: Option<String>,
}

/// No endpoint could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// The region is not a DNS host label.
    InvalidRegion(String),
    /// The endpoint URL override is not an `http` or `https` URL with a host.
    InvalidEndpointUrl(String),
    /// A member that becomes part of the host name is not a DNS label.
    InvalidHostLabel { member: &'static str, value: String },
    /// The rule set ended in an error (`Invalid Configuration: Missing Region`).
    Rules(String),
    /// No rule matched the parameters (a bug in the rule set or the generator).
    NoRuleMatched,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRegion(region) => write!(
                f,
                "invalid region {}: a region is 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen",
                quoted(region)
            ),
            Self::InvalidEndpointUrl(url) => write!(
                f,
                "invalid endpoint URL {}: expected http:// or https://, a host and at most a path",
                quoted(url)
            ),
            Self::InvalidHostLabel { member, value } => {
                write!(f, "`{member}` becomes part of the host name, so it must be a DNS label, not {}", quoted(value))
            }
            Self::Rules(message) => write!(f, "cannot resolve the endpoint: {message}"),
            Self::NoRuleMatched => f.write_str("cannot resolve the endpoint: no endpoint rule matched"),
        }
    }
}

impl std::error::Error for EndpointError {}

/// `value` quoted and escaped as `Debug` does, cut after the escaping (a control character
/// takes six characters escaped), so that an error stays a few hundred characters long.
fn quoted(value: &str) -> String {
    crate::redact::bounded(&format!("{value:?}"), 200).to_string()
}

/// Whether `label` is a valid DNS host label (RFC 1123), as a region (`us-east-1`) or a
/// host-prefix label must be.
pub fn is_dns_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// Checks a configured region before it is used.
pub fn check_region(region: Option<&str>) -> Result<(), EndpointError> {
    match region {
        Some(r) if !is_dns_label(r) => Err(EndpointError::InvalidRegion(r.chars().take(80).collect())),
        _ => Ok(()),
    }
}

/// The ASCII characters other than letters and digits an endpoint URL may hold: the
/// unreserved ones, the sub-delimiters, `:/[]` and `%`, one bit each.
const URL_PUNCTUATION: u128 = ascii_set(b"-._~!$&'()*+,;=:/%[]");

const fn ascii_set(chars: &[u8]) -> u128 {
    let mut set = 0;
    let mut i = 0;
    while i < chars.len() {
        set |= 1 << chars[i];
        i += 1;
    }
    set
}

/// Checks an endpoint URL override: `http://` or `https://`, a host, and at most a path
/// of the characters a URL path holds as is (no query, fragment or user information), so
/// that what is signed is what is sent.
pub fn check_endpoint_url(url: Option<&str>) -> Result<(), EndpointError> {
    let Some(url) = url else { return Ok(()) };
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split('/').next().unwrap_or_default());
    let allowed = |b: u8| b.is_ascii_alphanumeric() || (b < 128 && URL_PUNCTUATION & (1 << b) != 0);
    if host.is_none_or(str::is_empty) || !rest.unwrap_or_default().bytes().all(allowed) {
        return Err(EndpointError::InvalidEndpointUrl(crate::redact::url_userinfo(url).chars().take(200).collect()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_that_could_redirect_are_rejected() {
        for bad in ["evil.com/", "us-east-1.attacker.net#", "a b", "", "-us", "us-", &"a".repeat(300)] {
            assert!(matches!(check_region(Some(bad)), Err(EndpointError::InvalidRegion(_))), "{bad:?}");
        }
        assert!(check_region(Some("eu-west-3")).is_ok());
        assert!(check_region(None).is_ok());
    }

    #[test]
    fn endpoint_overrides_are_checked() {
        assert!(check_endpoint_url(Some("http://127.0.0.1:5000")).is_ok());
        assert!(check_endpoint_url(Some("https://sts.example.com/path")).is_ok());
        assert!(check_endpoint_url(Some("http://[::1]:5000/a%20b/")).is_ok());
        for bad in [
            "ftp://x",
            "http://",
            "127.0.0.1:5000",
            "https:// spaced",
            "https://sts.example.com/?Action=x",
            "https://sts.example.com/#x",
            "https://user:pass@sts.example.com",
            "https://st\u{e9}s.example.com",
            "https://sts.example.com/a\\b",
        ] {
            assert!(check_endpoint_url(Some(bad)).is_err(), "{bad}");
        }
    }

    /// Found by the `endpoint_url` fuzz target: escaping made a 200-character URL of
    /// control characters a 1,200-character message.
    #[test]
    fn endpoint_errors_stay_short_and_never_show_user_information() {
        let control = format!("ht{}t://", "\u{17}".repeat(300));
        let shown = check_endpoint_url(Some(&control)).unwrap_err().to_string();
        assert!(shown.chars().count() < 400, "{} characters: {shown}", shown.chars().count());
        let shown = check_endpoint_url(Some("http://admin:hunter2@127.0.0.1:8080")).unwrap_err().to_string();
        assert_eq!(
            shown,
            "invalid endpoint URL \"http://***@127.0.0.1:8080\": expected http:// or https://, a host and at most a path"
        );
        let shown = check_region(Some(&"\u{1}".repeat(80))).unwrap_err().to_string();
        assert!(shown.chars().count() < 400, "{shown}");
    }

    #[test]
    fn endpoint_url_characters_are_exactly_the_listed_ones() {
        for c in (0..=255u8).map(char::from) {
            let expected = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:/%[]".contains(c);
            let url = format!("https://sts.example.com/{c}");
            assert_eq!(check_endpoint_url(Some(&url)).is_ok(), expected, "{c:?}");
        }
    }
}

//! Where a request goes, and what it is signed for.
//!
//! The generated crate resolves endpoints with a function generated from the service's
//! endpoint rule set (`generated/src/generated/endpoint.rs`); this module holds what that function
//! uses: the [`Endpoint`] it returns, the [`EndpointError`], and the partition table types
//! behind `aws.partition`. A region is checked to be a DNS host label
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

/// Checks a member that fills a `{label}` of an operation's host prefix.
pub fn check_host_label(member: &'static str, value: &str) -> Result<(), EndpointError> {
    if is_dns_label(value) {
        Ok(())
    } else {
        Err(EndpointError::InvalidHostLabel { member, value: value.chars().take(80).collect() })
    }
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

/// A URL as the rules language's `parseURL` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    /// `http` or `https`.
    pub scheme: &'a str,
    /// The host, with the port when there is one (`example.com:8443`).
    pub authority: &'a str,
    /// The path as written (empty when there is none).
    pub path: &'a str,
    /// The path beginning and ending with `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// The rules language's `parseURL`: `None` for anything but an `http` or `https` URL with
/// a host, and for a URL with a query string or fragment, as the language asks.
pub fn parse_url(url: &str) -> Option<Url<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme == "http" || scheme == "https") || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => return Some(url_parts(scheme, authority, path, bracketed.contains(']'))),
        None => authority.rsplit_once(':').map_or(authority, |(host, _port)| host),
    };
    let is_ipv4 = host.split('.').count() == 4 && host.split('.').all(|octet| octet.parse::<u8>().is_ok());
    Some(url_parts(scheme, authority, path, is_ipv4))
}

fn url_parts<'a>(scheme: &'a str, authority: &'a str, path: &'a str, is_ip: bool) -> Url<'a> {
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Url { scheme, authority, path, normalized_path, is_ip }
}

/// An AWS partition (`aws`, `aws-cn`, `aws-us-gov`...), from `partitions.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub implicit_global_region: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The regions the partition lists by name.
    pub regions: &'static [&'static str],
    /// The partition's `regionRegex`, compiled.
    pub region_pattern: &'static [RegionPart],
}

/// One part of a compiled region regex such as `^us\-gov\-\w+\-\d+$`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionPart {
    /// These exact characters.
    Literal(&'static str),
    /// One of these alternatives (`(us|eu|ap)`).
    OneOf(&'static [&'static str]),
    /// `\w+`: one or more of `[A-Za-z0-9_]`.
    Word,
    /// `\d+`: one or more digits.
    Digits,
}

impl Partition {
    /// Whether `region` matches the partition's region regex.
    pub fn matches(&self, region: &str) -> bool {
        matches_parts(self.region_pattern, region)
    }
}

fn matches_parts(parts: &[RegionPart], input: &str) -> bool {
    let Some((first, rest)) = parts.split_first() else { return input.is_empty() };
    let run = |allowed: fn(u8) -> bool| {
        let n = input.bytes().take_while(|&b| allowed(b)).count();
        // Try the longest run first, then shorter ones (the regexes never need it, but it
        // keeps the matcher exact).
        (1..=n).rev().any(|len| matches_parts(rest, &input[len..]))
    };
    match first {
        RegionPart::Literal(text) => input.strip_prefix(text).is_some_and(|after| matches_parts(rest, after)),
        RegionPart::OneOf(options) => {
            options.iter().any(|o| input.strip_prefix(o).is_some_and(|after| matches_parts(rest, after)))
        }
        RegionPart::Word => run(|b| b.is_ascii_alphanumeric() || b == b'_'),
        RegionPart::Digits => run(|b| b.is_ascii_digit()),
    }
}

/// `aws.partition`: the partition listing `region`, else the first whose regex matches,
/// else the `aws` partition (the first in the table).
pub fn partition(partitions: &'static [Partition], region: &str) -> Option<&'static Partition> {
    partitions
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| partitions.iter().find(|p| p.matches(region)))
        .or_else(|| partitions.iter().find(|p| p.name == "aws"))
        .or_else(|| partitions.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_as_the_rules_language_says() {
        let url = parse_url("https://example.com:8443/foo").expect("a URL");
        assert_eq!((url.scheme, url.authority, url.path), ("https", "example.com:8443", "/foo"));
        assert_eq!((url.normalized_path.as_str(), url.is_ip), ("/foo/", false));
        let url = parse_url("http://127.0.0.1:5000").expect("a URL");
        assert_eq!(
            (url.authority, url.path, url.normalized_path.as_str(), url.is_ip),
            ("127.0.0.1:5000", "", "/", true)
        );
        assert!(parse_url("http://[fe80::1]:80/a/").expect("a URL").is_ip);
        assert!(!parse_url("https://1.2.3.example.com/").expect("a URL").is_ip);
        for bad in ["example.com", "ftp://example.com", "https://", "https://h/?a=b", "https://h/#x", "https://u@h/"] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    static PARTITIONS: &[Partition] = &[
        Partition {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            implicit_global_region: "us-east-1",
            supports_fips: true,
            supports_dual_stack: true,
            regions: &["aws-global", "us-east-1"],
            region_pattern: &[
                RegionPart::OneOf(&["us", "eu"]),
                RegionPart::Literal("-"),
                RegionPart::Word,
                RegionPart::Literal("-"),
                RegionPart::Digits,
            ],
        },
        Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            implicit_global_region: "us-gov-west-1",
            supports_fips: true,
            supports_dual_stack: true,
            regions: &["us-gov-west-1"],
            region_pattern: &[
                RegionPart::Literal("us-gov-"),
                RegionPart::Word,
                RegionPart::Literal("-"),
                RegionPart::Digits,
            ],
        },
    ];

    #[test]
    fn partitions_by_name_then_regex_then_default() {
        assert_eq!(partition(PARTITIONS, "us-gov-west-1").map(|p| p.name), Some("aws-us-gov"));
        assert_eq!(partition(PARTITIONS, "us-gov-east-7").map(|p| p.name), Some("aws-us-gov"));
        assert_eq!(partition(PARTITIONS, "eu-west-9").map(|p| p.name), Some("aws"));
        assert_eq!(partition(PARTITIONS, "mars-1").map(|p| p.name), Some("aws"));
        assert!(!PARTITIONS[1].matches("us-gov-west-"));
        assert!(!PARTITIONS[1].matches("us-gov-west-1x"));
    }

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

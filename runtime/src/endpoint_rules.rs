//! What generated endpoint code calls: the rules language's functions (`aws.partition`,
//! `parseURL`), the partition table a resolver is generated with, and the check of an
//! operation's host-prefix labels. Only generated code uses this module.

use crate::endpoint::{EndpointError, is_dns_label};

/// Checks a member that fills a `{label}` of an operation's host prefix.
pub fn check_host_label(member: &'static str, value: &str) -> Result<(), EndpointError> {
    if is_dns_label(value) {
        Ok(())
    } else {
        Err(EndpointError::InvalidHostLabel { member, value: value.chars().take(80).collect() })
    }
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
}

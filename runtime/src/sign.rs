//! SigV4 request signing.
//!
//! Signing adds `x-amz-date`, `authorization` and, for temporary credentials,
//! `x-amz-security-token` to the request. The time is an argument, so every attempt
//! can be signed afresh.
//!
//! Every request the runtime signs has the same simple shape (a form body, a handful of
//! headers, at most a short query string such as `?Operation=CancelJob`), so the canonical
//! request is written here, in one buffer, following the SigV4 rules for services other than S3 (the path encoded twice,
//! header values trimmed, `user-agent` left unsigned). `aws-sigv4` derives the signing
//! key; `ring` (already compiled for TLS) does the SHA-256 and the final HMAC. The signing
//! key only changes with the day, region, service and secret, so a [`Signer`] keeps the
//! last one, ready for HMAC, instead of deriving it (four HMACs) for every request. The
//! tests check every signature against aws-sigv4's own request signer.

pub mod v2;

use std::borrow::Cow;
use std::fmt;
use std::sync::RwLock;
use std::time::SystemTime;

use aws_sigv4::sign::v4;

use crate::boxed::BoxError;
use crate::credentials::Credentials;
use crate::date_time::DateTime;
use crate::percent::percent_encode;
use crate::transport::HttpRequest;

/// How a service's requests are signed, as its generated client tells the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// SigV4: headers, scoped to a region and service ([`Signer`]).
    V4,
    /// SigV2: the form itself ([`v2::sign`]), for services whose model still asks for it
    /// (SimpleDB).
    V2,
}

/// What a signature is made for: the service's signing name and the signing region.
#[derive(Debug, Clone, Copy)]
pub struct SigningScope<'a> {
    pub service: &'a str,
    pub region: &'a str,
}

/// Headers never signed: they may change on the way (`user-agent`, tracing) or are the
/// signature itself. The same list as aws-sigv4's.
const UNSIGNED_HEADERS: [&str; 4] = ["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// Signs requests, keeping the last signing key it derived.
#[derive(Default)]
pub struct Signer {
    last_key: RwLock<Option<SigningKey>>,
}

/// A derived signing key and what it was derived from.
struct SigningKey {
    date: String,
    region: String,
    service: String,
    secret: String,
    /// The key as ring's HMAC key, which keeps the hashed key pads: each signature then
    /// costs only the hashing of the string to sign.
    key: ring::hmac::Key,
}

impl fmt::Debug for Signer {
    /// The cached key and the secret it came from are never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer with no key cached yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs `request` in place with SigV4 at `time`.
    ///
    /// Fails, leaving the request as it was, if its URL has no host, has user information
    /// or a fragment (requests built by the runtime never do).
    pub fn sign(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
    ) -> Result<(), BoxError> {
        let (host, path, query) = split_url(&request.url)?;
        let amz_date = DateTime::from(time).to_amz_date();
        let date = &amz_date[..8];
        let token = credentials.session_token();

        let mut headers = signed_headers(request);
        headers.push(("host".into(), host));
        headers.push(("x-amz-date".into(), amz_date.as_str().into()));
        if let Some(token) = token {
            headers.push(("x-amz-security-token".into(), trim_all(token)));
        }
        headers.sort_by(|a, b| a.0.cmp(&b.0));

        // The authorization header is written along with the canonical request: its list
        // of signed headers is part of the canonical request too; its signature comes last.
        let mut authorization = String::with_capacity(256);
        authorization.push_str("AWS4-HMAC-SHA256 Credential=");
        authorization.push_str(credentials.access_key_id());
        authorization.push('/');
        let scope_start = authorization.len();
        for part in [date, "/", scope.region, "/", scope.service, "/aws4_request"] {
            authorization.push_str(part);
        }
        let scope_end = authorization.len();
        authorization.push_str(", SignedHeaders=");
        let signed_start = authorization.len();

        let mut canonical = String::with_capacity(256 + token.map_or(0, str::len));
        canonical.push_str(request.method);
        canonical.push('\n');
        encode_path(&mut canonical, &normalize_path(path));
        canonical.push('\n');
        push_canonical_query(&mut canonical, query);
        canonical.push('\n');
        write_headers(&headers, &mut canonical, &mut authorization);
        canonical.push('\n');
        canonical.push_str(&authorization[signed_start..]);
        canonical.push('\n');
        push_hex(&mut canonical, sha256(request.body.as_bytes()).as_ref());

        let credential_scope = &authorization[scope_start..scope_end];
        let signature = self.signature(credentials, time, scope, &amz_date, credential_scope, &canonical);
        authorization.push_str(", Signature=");
        push_hex(&mut authorization, signature.as_ref());

        request.headers.push(("x-amz-date".into(), amz_date.into()));
        request.headers.push(("authorization".into(), authorization.into()));
        if let Some(token) = token {
            request.headers.push(("x-amz-security-token".into(), token.to_owned().into()));
        }
        Ok(())
    }

    /// The URL of `request` presigned with SigV4 at `time`, valid for `expires_in` seconds:
    /// its query string with `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-Expires`, `X-Amz-SignedHeaders`, the session token of temporary credentials
    /// (`X-Amz-Security-Token`, signed too) and `X-Amz-Signature`. The request's headers
    /// (but `user-agent` and the like) are signed: whoever sends the URL must send them
    /// as they are, and the body whose hash was signed.
    pub fn presign(
        &self,
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
        expires_in: u64,
    ) -> Result<String, BoxError> {
        let (host, path, query) = split_url(&request.url)?;
        let amz_date = DateTime::from(time).to_amz_date();
        let date = &amz_date[..8];

        let mut headers = signed_headers(request);
        headers.push(("host".into(), host.clone()));
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let (mut canonical_headers, mut signed_headers) = (String::new(), String::new());
        write_headers(&headers, &mut canonical_headers, &mut signed_headers);

        let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
        let mut pairs = decoded_pairs(query);
        pairs.push(("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()));
        pairs.push(("X-Amz-Credential".into(), format!("{}/{credential_scope}", credentials.access_key_id())));
        pairs.push(("X-Amz-Date".into(), amz_date.clone()));
        pairs.push(("X-Amz-Expires".into(), expires_in.to_string()));
        pairs.push(("X-Amz-SignedHeaders".into(), signed_headers.clone()));
        if let Some(token) = credentials.session_token() {
            pairs.push(("X-Amz-Security-Token".into(), token.to_owned()));
        }
        pairs.sort_by_cached_key(|(name, value)| (encoded(name), encoded(value)));
        let mut canonical_query = String::new();
        push_encoded_pairs(&mut canonical_query, &pairs);

        let mut canonical = String::with_capacity(512);
        canonical.push_str(request.method);
        canonical.push('\n');
        encode_path(&mut canonical, &normalize_path(path));
        canonical.push('\n');
        canonical.push_str(&canonical_query);
        canonical.push('\n');
        canonical.push_str(&canonical_headers);
        canonical.push('\n');
        canonical.push_str(&signed_headers);
        canonical.push('\n');
        push_hex(&mut canonical, sha256(request.body.as_bytes()).as_ref());

        let signature = self.signature(credentials, time, scope, &amz_date, &credential_scope, &canonical);
        let (scheme, _) = request.url.split_once("://").ok_or("the request URL has no scheme")?;
        let mut url = format!("{scheme}://{host}{path}?{canonical_query}&X-Amz-Signature=");
        push_hex(&mut url, signature.as_ref());
        Ok(url)
    }

    /// The signature of `canonical` (a canonical request) made at `amz_date`
    /// (`20240101T000000Z`) in `credential_scope`: the HMAC of the string to sign with the
    /// signing key.
    fn signature(
        &self,
        credentials: &Credentials,
        time: SystemTime,
        scope: SigningScope<'_>,
        amz_date: &str,
        credential_scope: &str,
        canonical: &str,
    ) -> ring::hmac::Tag {
        let canonical_hash = hex(sha256(canonical.as_bytes()).as_ref());
        let string_to_sign: [&[u8]; 6] =
            [b"AWS4-HMAC-SHA256\n", amz_date.as_bytes(), b"\n", credential_scope.as_bytes(), b"\n", &canonical_hash];
        self.with_key(credentials.secret_access_key(), time, &amz_date[..8], scope, |key| {
            let mut context = ring::hmac::Context::with_key(key);
            string_to_sign.iter().for_each(|part| context.update(part));
            context.sign()
        })
    }

    /// Runs `f` with the signing key for `secret`, `date` and `scope`, deriving it only
    /// when it is not the one kept from last time.
    fn with_key<T>(
        &self,
        secret: &str,
        time: SystemTime,
        date: &str,
        scope: SigningScope<'_>,
        f: impl FnOnce(&ring::hmac::Key) -> T,
    ) -> T {
        let matches = |k: &SigningKey| {
            k.date == date && k.region == scope.region && k.service == scope.service && k.secret == secret
        };
        if let Some(key) = self.last_key.read().unwrap_or_else(|e| e.into_inner()).as_ref().filter(|k| matches(k)) {
            return f(&key.key);
        }
        let derived = v4::generate_signing_key(secret, time, scope.region, scope.service);
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, derived.as_ref());
        let result = f(&key);
        *self.last_key.write().unwrap_or_else(|e| e.into_inner()) = Some(SigningKey {
            date: date.to_owned(),
            region: scope.region.to_owned(),
            service: scope.service.to_owned(),
            secret: secret.to_owned(),
            key,
        });
        result
    }
}

/// Signs `request` in place with SigV4 at `time`, deriving the signing key afresh.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    scope: SigningScope<'_>,
    time: SystemTime,
) -> Result<(), BoxError> {
    Signer::new().sign(request, credentials, scope, time)
}

/// The request's headers that are signed, as the canonical request has them: lowercase
/// names, values trimmed with inner runs of spaces collapsed (not yet sorted; `host` and
/// the signing headers are added by the caller).
fn signed_headers(request: &HttpRequest) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    request
        .headers
        .iter()
        .map(|(name, value)| (lowercase(name), trim_all(value)))
        .filter(|(name, _)| !UNSIGNED_HEADERS.contains(&name.as_ref()))
        .collect()
}

/// Appends the sorted `headers` to `canonical` as canonical headers (`name:value` lines,
/// a repeated name's values joined with commas) and their names to `signed` (`a;b;c`).
fn write_headers(headers: &[(Cow<'_, str>, Cow<'_, str>)], canonical: &mut String, signed: &mut String) {
    let mut previous: Option<&str> = None;
    for (name, value) in headers {
        if previous == Some(name.as_ref()) {
            canonical.pop();
            canonical.push(',');
        } else {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
            canonical.push_str(name);
            canonical.push(':');
        }
        canonical.push_str(value);
        canonical.push('\n');
        previous = Some(name);
    }
}

/// The canonical `host` value, the path and the query string (empty when there is none)
/// of `url`: the host lowercased (as the HTTP client sends it), the port only when it is
/// not the scheme's default.
pub(crate) fn split_url(url: &str) -> Result<(Cow<'_, str>, &str, &str), BoxError> {
    let (scheme, rest) = url.split_once("://").ok_or("the request URL has no scheme")?;
    if rest.contains('#') {
        return Err("the request URL has a fragment, which is never sent and cannot be signed".into());
    }
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = rest.find('/').map_or((rest, "/"), |slash| rest.split_at(slash));
    if authority.is_empty() || authority.contains('@') {
        return Err("the request URL has no host, or has user information".into());
    }
    let default_port = if scheme.eq_ignore_ascii_case("http") {
        ":80"
    } else if scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else {
        ""
    };
    let host = match authority.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => authority,
    };
    Ok((lowercase(host), path, query))
}

/// Appends the canonical form of `query`: its pairs decoded, sorted by their encoded
/// form, and encoded again the SigV4 way.
fn push_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    let mut pairs = decoded_pairs(query);
    pairs.sort_by_cached_key(|(name, value)| (encoded(name), encoded(value)));
    push_encoded_pairs(out, &pairs);
}

/// The `name=value` pairs of a query string or form, decoded (`+` as a space, as forms
/// have it); a name without `=` gets an empty value.
pub(crate) fn decoded_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name).into_owned(), form_decode(value).into_owned())
        })
        .collect()
}

/// Appends `pairs` as `name=value`, joined by `&`, each side percent-encoded the SigV4 way
/// (every byte but the unreserved characters).
pub(crate) fn push_encoded_pairs(out: &mut String, pairs: &[(String, String)]) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode(name, out);
        out.push('=');
        percent_encode(value, out);
    }
}

fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode(text, &mut out);
    out
}

/// `text` with `+` read as a space and `%XX` as the byte it stands for (a `%` not
/// followed by two hex digits stays as it is; bytes that are not UTF-8 become U+FFFD).
fn form_decode(text: &str) -> Cow<'_, str> {
    if !text.contains(['+', '%']) {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'+', ..) => out.push(b' '),
            (b'%', Some(high), Some(low)) => {
                // Two hex digits make at most 0xff.
                out.push(u8::try_from(high * 16 + low).unwrap_or(u8::MAX));
                i += 2;
            }
            (byte, ..) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned().into()
}

/// The path with empty, `.` and `..` segments resolved (RFC 3986 section 5.2.4, as
/// SigV4 asks), keeping a trailing slash.
fn normalize_path(path: &str) -> Cow<'_, str> {
    if !path.contains('.') && !path.contains("//") {
        return path.into();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normalized = String::with_capacity(path.len());
    for segment in &segments {
        normalized.push('/');
        normalized.push_str(segment);
    }
    let trailing = ["/", "/.", "/..", "/./", "/../"].iter().any(|end| path.ends_with(end));
    if normalized.is_empty() || trailing {
        normalized.push('/');
    }
    normalized.into()
}

/// Appends `path` percent-encoded once more: every byte but the unreserved characters and
/// `/` (so an already encoded `%20` becomes `%2520`), as SigV4 asks of services other
/// than S3.
fn encode_path(out: &mut String, path: &str) {
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        percent_encode(segment, out);
    }
}

/// `name` in lowercase, copied only if it has uppercase letters.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) { name.to_ascii_lowercase().into() } else { name.into() }
}

/// The value without leading and trailing spaces, inner runs of spaces made one (copied
/// only if that changes it).
fn trim_all(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim_matches(' ');
    if !trimmed.contains("  ") {
        return trimmed.into();
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.into()
}

fn sha256(data: &[u8]) -> ring::digest::Digest {
    ring::digest::digest(&ring::digest::SHA256, data)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `bytes` (a digest or a signature) in lowercase hex.
fn push_hex(out: &mut String, bytes: &[u8]) {
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
}

/// A SHA-256 digest in lowercase hex, without allocating.
fn hex(digest: &[u8]) -> [u8; 64] {
    let mut out = [0; 64];
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xf)];
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    use proptest::prelude::*;

    use super::*;

    /// What aws-sigv4's own request signer adds to `request`, as (name, value) pairs.
    fn reference(
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
    ) -> Vec<(String, String)> {
        let (headers, _) =
            sign_with_aws_sigv4(request, credentials, scope, time, SigningSettings::default()).into_parts();
        let mut added: Vec<_> = headers.into_iter().map(|h| (h.name().to_owned(), h.value().to_owned())).collect();
        added.sort();
        added
    }

    /// The query parameters aws-sigv4's presigning adds to `request`, valid for `expires`
    /// seconds, sorted.
    fn presigned_reference(
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
        expires: u64,
    ) -> Vec<(String, String)> {
        let mut settings = SigningSettings::default();
        settings.signature_location = aws_sigv4::http_request::SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(expires));
        let (_, params) = sign_with_aws_sigv4(request, credentials, scope, time, settings).into_parts();
        let mut added: Vec<_> = params.into_iter().map(|(n, v)| (n.to_owned(), v.into_owned())).collect();
        added.sort();
        added
    }

    /// What aws-sigv4 adds to `request` (headers or query parameters) with `settings`.
    fn sign_with_aws_sigv4(
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
        settings: SigningSettings,
    ) -> aws_sigv4::http_request::SigningInstructions {
        let identity = aws_credential_types::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(str::to_owned),
            None,
            "test",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(scope.region)
            .name(scope.service)
            .time(time)
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            request.method,
            request.url.as_str(),
            request.headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())),
            SignableBody::Bytes(request.body.as_bytes()),
        )
        .unwrap();
        sign(signable, &params).unwrap().into_parts().0
    }

    /// The `X-Amz-*` parameters of the URL we presign, decoded and sorted; the others must be
    /// the request's own, unchanged.
    fn presigned_by_us(
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
        expires: u64,
    ) -> Vec<(String, String)> {
        let url = Signer::new().presign(request, credentials, scope, time, expires).unwrap();
        let (_, query) = url.split_once('?').expect("a query");
        let (_, _, own) = split_url(&request.url).unwrap();
        let mut theirs = decoded_pairs(own);
        let (mut added, mut kept): (Vec<_>, Vec<_>) =
            decoded_pairs(query).into_iter().partition(|(name, _)| name.starts_with("X-Amz-"));
        theirs.sort();
        kept.sort();
        assert_eq!(kept, theirs, "the request's own query parameters are kept");
        added.sort();
        added
    }

    fn signed_by_us(
        signer: &Signer,
        request: &HttpRequest,
        credentials: &Credentials,
        scope: SigningScope<'_>,
        time: SystemTime,
    ) -> Vec<(String, String)> {
        let mut signed = request.clone();
        signer.sign(&mut signed, credentials, scope, time).unwrap();
        assert_eq!(signed.headers[..request.headers.len()], request.headers[..], "existing headers untouched");
        let mut added: Vec<_> =
            signed.headers[request.headers.len()..].iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        added.sort();
        added
    }

    fn request(url: String, headers: Vec<(String, String)>, body: String) -> HttpRequest {
        let headers = headers.into_iter().map(|(n, v)| (n.into(), v.into())).collect();
        HttpRequest { method: "POST", url, headers, body }
    }

    proptest! {
        /// Whatever the URL path, query string, port, headers, body, token, region and time, the
        /// signature is the one aws-sigv4's full request signer computes.
        #[test]
        fn signatures_match_aws_sigv4s_request_signer(
            scheme in prop_oneof![Just("http"), Just("https")],
            host in "[a-z0-9.-]{1,20}",
            port in proptest::option::of(prop_oneof![Just(80u16), Just(443u16), 1u16..]),
            path in "(/[A-Za-z0-9._~!$&'()*+,;=:@-]{0,8}|/%[0-9A-F]{2}|/\\.|/\\.\\.){0,5}/?",
            query in proptest::option::of(proptest::collection::vec(
                ("([A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2}){0,6}", proptest::option::of("([A-Za-z0-9._~+/:-]|%[0-9A-F]{2}){0,8}")),
                0..4,
            )),
            extra in proptest::collection::vec(("x-[a-z]{1,6}", "[ !-~]{0,12}"), 0..3),
            content_type in "[ -~]{0,40}",
            body in "\\PC{0,300}",
            token in proptest::option::of("[A-Za-z0-9/+=]{1,400}"),
            region in "[a-z]{2}-[a-z]{4,9}-[1-9]",
            seconds in 0u64..4_102_444_800,
        ) {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let query = query.map(|pairs| {
                let pairs: Vec<String> = pairs
                    .into_iter()
                    .map(|(name, value)| value.map_or_else(|| name.clone(), |value| format!("{name}={value}")))
                    .collect();
                format!("?{}", pairs.join("&"))
            });
            let path = format!("{path}{}", query.unwrap_or_default());
            let mut headers = vec![
                ("content-type".to_owned(), content_type),
                ("user-agent".to_owned(), "sts/0.1.0".to_owned()),
            ];
            headers.extend(extra);
            let request = request(format!("{scheme}://{host}{port}{path}"), headers, body);
            let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, None, "test");
            let scope = SigningScope { service: "sts", region: &region };
            let time = UNIX_EPOCH + Duration::from_secs(seconds);
            prop_assert_eq!(signed_by_us(&Signer::new(), &request, &credentials, scope, time), reference(&request, &credentials, scope, time));
        }

        /// Presigned URLs, GET or POST, whatever the query, signed headers, body, token,
        /// region, time and expiry: the parameters are the ones aws-sigv4's presigning adds.
        #[test]
        fn presigned_urls_match_aws_sigv4s(
            post in any::<bool>(),
            host in "[a-z0-9.-]{1,20}",
            query in proptest::collection::vec(("[A-Za-z][A-Za-z0-9._-]{0,8}", "([A-Za-z0-9._~+/:-]|%[0-9A-F]{2}){0,12}"), 0..5),
            extra in proptest::collection::vec(("x-[a-z0-9-]{1,12}", "[!-~]([ -~]{0,20}[!-~])?"), 0..3),
            body in "[A-Za-z0-9=&.%-]{0,100}",
            token in proptest::option::of("[A-Za-z0-9/+=]{1,400}"),
            region in "[a-z]{2}-[a-z]{4,9}-[1-9]",
            seconds in 0u64..4_102_444_800,
            expires in 1u64..=604_800,
        ) {
            let query: Vec<String> = query.into_iter().map(|(name, value)| format!("{name}={value}")).collect();
            let mut request = request(format!("https://{host}/?{}", query.join("&")), extra, if post { body } else { String::new() });
            request.method = if post { "POST" } else { "GET" };
            let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token, None, "test");
            let scope = SigningScope { service: "sts", region: &region };
            let time = UNIX_EPOCH + Duration::from_secs(seconds);
            prop_assert_eq!(
                presigned_by_us(&request, &credentials, scope, time, expires),
                presigned_reference(&request, &credentials, scope, time, expires)
            );
        }
    }

    #[test]
    fn the_cached_key_is_used_only_for_its_own_day_region_service_and_secret() {
        let signer = Signer::new();
        let request = request("https://sts.us-east-1.amazonaws.com/".into(), vec![], "Action=GetCallerIdentity".into());
        let day = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        let first = Credentials::new("AKID", "secret-one", None, None, "test");
        let second = Credentials::new("AKID", "secret-two", None, None, "test");
        let east = SigningScope { service: "sts", region: "us-east-1" };
        let west = SigningScope { service: "sts", region: "us-west-2" };
        let other = SigningScope { service: "iam", region: "us-east-1" };
        // Interleaved so that each call follows one that cached a different key.
        for (credentials, scope, time) in [
            (&first, east, day),
            (&first, east, day + Duration::from_secs(60)),
            (&second, east, day),
            (&first, west, day),
            (&first, other, day),
            (&first, east, day + Duration::from_secs(86_400)),
            (&first, east, day),
        ] {
            assert_eq!(
                signed_by_us(&signer, &request, credentials, scope, time),
                reference(&request, credentials, scope, time)
            );
        }
    }

    #[test]
    fn hosts_are_signed_as_the_client_sends_them() {
        assert_eq!(split_url("https://STS.Example.com:443/a/").unwrap(), ("sts.example.com".into(), "/a/", ""));
        assert_eq!(split_url("http://127.0.0.1:8080").unwrap(), ("127.0.0.1:8080".into(), "/", ""));
        assert_eq!(split_url("http://[::1]:80/").unwrap(), ("[::1]".into(), "/", ""));
        assert_eq!(split_url("https://h/?Operation=X").unwrap(), ("h".into(), "/", "Operation=X"));
        for bad in ["sts.amazonaws.com/", "https:///", "https://user@host/", "https://host/#part", "https://h?a#b"] {
            let mut request = request(bad.into(), vec![], String::new());
            let credentials = Credentials::new("AKID", "secret", None, None, "test");
            let scope = SigningScope { service: "sts", region: "us-east-1" };
            assert!(Signer::new().sign(&mut request, &credentials, scope, SystemTime::now()).is_err(), "{bad}");
            assert!(request.headers.is_empty(), "nothing added to {bad}");
        }
    }

    #[test]
    fn debug_shows_no_key_or_secret() {
        let signer = Signer::new();
        let mut request = request("https://sts.amazonaws.com/".into(), vec![], String::new());
        let credentials = Credentials::new("AKID", "wJalrXUtnFEMI-SECRET", None, None, "test");
        signer
            .sign(&mut request, &credentials, SigningScope { service: "sts", region: "us-east-1" }, SystemTime::now())
            .unwrap();
        assert_eq!(format!("{signer:?}"), "Signer { .. }");
    }
}

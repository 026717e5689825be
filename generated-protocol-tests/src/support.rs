//! What the generated compliance tests use, around the shared test kit: a config whose
//! HTTP client records requests, and the comparison of a request with a case.

use sts_runtime::config::{Config, TimeoutConfig};
use sts_runtime::credentials::Credentials;
use sts_runtime::idempotency::FixedToken;
use sts_runtime::retry::RetryConfig;
use sts_runtime::transport::{HttpRequest, HttpResponse};
use sts_testkit::{Recording, decode_form};

pub(crate) use sts_testkit::run_ready as run;

/// The token the suites expect the SDK to fill in.
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A config for a generated suite client that records its requests (and answers each with
/// an empty 200).
pub(crate) fn recording_config(endpoint: &str) -> (Config, Recording) {
    let recording = Recording::default();
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .idempotency_token_provider(FixedToken(TOKEN.to_owned()))
        .client_side_validation(false)
        // The recorder answers at once: no time limit or retry is involved.
        .timeout_config(TimeoutConfig::disabled())
        .retry_config(RetryConfig::disabled())
        .http_client(recording.clone())
        .build();
    (config, recording)
}

/// A response for `read_response`.
pub(crate) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// A form body as sorted key/value pairs.
fn decoded(body: &str) -> Vec<(String, String)> {
    let mut pairs = decode_form(body);
    pairs.sort();
    pairs
}

/// Compares a recorded request with what a case expects.
pub(crate) fn assert_request(
    request: &HttpRequest,
    method: &str,
    uri: &str,
    host: Option<&str>,
    headers: &[(&str, &str)],
    required_headers: &[&str],
    body: Option<&str>,
) {
    assert_eq!(request.method, method);
    let (_, rest) = request.url.split_once("://").expect("an absolute URL");
    let authority_end = rest.find('/').unwrap_or(rest.len());
    assert_eq!(&rest[authority_end..], uri, "URI of {}", request.url);
    if let Some(host) = host {
        assert!(rest.starts_with(host), "{} is not on host {host}", request.url);
    }
    let header = |name: &str| request.header(name);
    for (name, value) in headers {
        // A media type may carry parameters (`; charset=utf-8`).
        let actual = header(name).unwrap_or_else(|| panic!("no {name} header"));
        assert!(actual == *value || actual.starts_with(&format!("{value};")), "{name}: {actual} instead of {value}");
    }
    for name in required_headers {
        // Content-Length is set by the HTTP client from the body; the rest must be here.
        assert!(name.eq_ignore_ascii_case("content-length") || header(name).is_some(), "no {name} header");
    }
    if let Some(body) = body {
        assert_eq!(decoded(&request.body), decoded(body), "body {}", request.body);
    }
}

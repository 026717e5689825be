//! What the generated compliance tests use: a client whose HTTP client records requests,
//! a way to run a call to completion, and request comparisons.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use sts_runtime::config::{Config, TimeoutConfig};
use sts_runtime::credentials::Credentials;
use sts_runtime::idempotency::FixedToken;
use sts_runtime::retry::RetryConfig;
use sts_runtime::transport::{BoxFuture, HttpClient, HttpError, HttpRequest, HttpResponse};

/// The token the suites expect the SDK to fill in.
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Requests a [`Recorder`] received.
#[derive(Debug, Clone, Default)]
pub(crate) struct Requests(Arc<Mutex<Vec<HttpRequest>>>);

impl Requests {
    /// The only request made.
    pub(crate) fn single(&self) -> HttpRequest {
        let requests = self.0.lock().expect("lock");
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests[0].clone()
    }
}

/// An HTTP client that records each request and answers `200` with an empty body.
#[derive(Debug, Clone)]
struct Recorder(Requests);

impl HttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        self.0.0.lock().expect("lock").push(request);
        Box::pin(std::future::ready(Ok(HttpResponse { status: 200, headers: vec![], body: Vec::new() })))
    }
}

/// A config for a generated suite client that records its requests.
pub(crate) fn recording_config(endpoint: &str) -> (Config, Requests) {
    let requests = Requests::default();
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None))
        .idempotency_token_provider(FixedToken(TOKEN.to_owned()))
        .client_side_validation(false)
        // The recorder answers at once: no time limit or retry is involved.
        .timeout_config(TimeoutConfig::disabled())
        .retry_config(RetryConfig::disabled())
        .http_client(Recorder(requests.clone()))
        .build();
    (config, requests)
}

/// Runs a call whose every step is ready at once (the recorder never waits).
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the call waited on something; the recorder never does"),
    }
}

/// A response for `read_response`.
pub(crate) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// Decodes a form body into sorted key/value pairs.
fn decoded(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII escape");
                out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                i += 3;
            } else {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
        String::from_utf8(out).expect("UTF-8")
    };
    let mut pairs: Vec<(String, String)> = body
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
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
    let header =
        |name: &str| request.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
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

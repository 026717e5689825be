//! Test support for the STS client: a small HTTP/1.1 server on 127.0.0.1 that records
//! every request and answers each with the next queued [`Action`] (a response, a slow
//! response, a response and a close, a reset or a connection closed mid-body, a huge
//! body), a form-body decoder, an independent SigV4 checker (written with `hmac` and
//! `sha2`, sharing no code with `aws-sigv4`), a recording HTTP client and a sleep that
//! returns at once ([`RecordingSleep`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body decoded into key/value pairs, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        decode_form(&self.body)
    }

    /// The first value of form parameter `name`.
    pub fn form_value(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }
}

/// A response to send.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Makes a response from the request it answers.
#[derive(Clone)]
pub struct Responder(pub Arc<dyn Fn(&Recorded) -> Canned + Send + Sync>);

impl std::fmt::Debug for Responder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Responder")
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answers.
    Respond(Canned),
    /// Waits, then answers.
    Delay(std::time::Duration, Canned),
    /// Sends the status and headers at once, and the body after a wait.
    SlowBody(std::time::Duration, Canned),
    /// Answers with what `Responder` makes of the request (a server that checks it).
    Compute(Responder),
    /// Answers, then closes the connection (as a server whose keep-alive ran out does).
    RespondAndClose(Canned),
    /// Closes the connection without answering.
    Reset,
    /// Sends the headers and part of the body, then closes the connection.
    CloseMidBody { status: u16, declared: usize, sent: String },
    /// Answers 200 with a body of `bytes` bytes (`Content-Length` declared or not).
    Huge { bytes: usize, declare_length: bool },
}

#[derive(Debug, Default)]
struct State {
    connections: usize,
    requests: Vec<Recorded>,
    actions: VecDeque<Action>,
}

/// A server on 127.0.0.1 with an ephemeral port; it stops when the test's runtime ends.
#[derive(Debug)]
pub struct TestServer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.lock().expect("lock").connections += 1;
                tokio::spawn(serve(stream, Arc::clone(&shared)));
            }
        });
        Self { url, state }
    }

    /// Queues a response with a `text/xml` body.
    pub fn respond(&self, status: u16, body: &str) {
        self.respond_with(Canned {
            status,
            headers: vec![("content-type".into(), "text/xml".into())],
            body: body.to_owned(),
        });
    }

    pub fn respond_with(&self, canned: Canned) {
        self.then(Action::Respond(canned));
    }

    /// Queues what to do with the next request that has none yet.
    pub fn then(&self, action: Action) {
        self.state.lock().expect("lock").actions.push_back(action);
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        self.state.lock().expect("lock").requests.len()
    }

    /// How many connections were accepted.
    pub fn connection_count(&self) -> usize {
        self.state.lock().expect("lock").connections
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// The only request received.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().expect("one request")
    }
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else { return };
        let action = {
            let mut state = state.lock().expect("lock");
            state.requests.push(request.clone());
            state.actions.pop_front()
        };
        let action = action.unwrap_or(Action::Respond(Canned {
            status: 599,
            headers: vec![],
            body: "the test queued no response".into(),
        }));
        let keep_going = match action {
            Action::Respond(canned) => write_response(&mut stream, &canned).await,
            Action::Delay(delay, canned) => {
                tokio::time::sleep(delay).await;
                write_response(&mut stream, &canned).await
            }
            Action::SlowBody(delay, canned) => {
                let head = format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\n\r\n", canned.status, canned.body.len());
                let sent = stream.write_all(head.as_bytes()).await.is_ok() && stream.flush().await.is_ok();
                tokio::time::sleep(delay).await;
                sent && stream.write_all(canned.body.as_bytes()).await.is_ok()
            }
            Action::Compute(responder) => write_response(&mut stream, &(responder.0)(&request)).await,
            Action::RespondAndClose(canned) => {
                write_response(&mut stream, &canned).await;
                false
            }
            Action::Reset => false,
            Action::CloseMidBody { status, declared, sent } => {
                let head = format!("HTTP/1.1 {status} X\r\ncontent-length: {declared}\r\n\r\n{sent}");
                let _ = stream.write_all(head.as_bytes()).await;
                false
            }
            Action::Huge { bytes, declare_length } => {
                let length = if declare_length { format!("content-length: {bytes}\r\n") } else { String::new() };
                let head = format!("HTTP/1.1 200 X\r\n{length}connection: close\r\n\r\n");
                let mut ok = stream.write_all(head.as_bytes()).await.is_ok();
                let chunk = vec![b'x'; 64 * 1024];
                let mut left = bytes;
                while ok && left > 0 {
                    let n = left.min(chunk.len());
                    ok = stream.write_all(&chunk[..n]).await.is_ok();
                    left -= n;
                }
                false
            }
        };
        if !keep_going {
            return;
        }
    }
}

/// Writes a response; `false` if the connection is gone.
async fn write_response(stream: &mut TcpStream, canned: &Canned) -> bool {
    let mut response = format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\n", canned.status, canned.body.len());
    for (name, value) in &canned.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&canned.body);
    stream.write_all(response.as_bytes()).await.is_ok()
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let header_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..header_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let body_start = header_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8(buffer[body_start..body_start + length].to_vec()).ok()?;
    buffer.drain(..body_start + length);
    Some(Recorded { method, path, headers, body })
}

/// Decodes an `application/x-www-form-urlencoded` body into ordered pairs.
pub fn decode_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// Pairs from literals, for comparing with [`Recorded::form`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Recomputes the SigV4 signature of `request` with `secret` and checks the
/// `Authorization` header against it, and the credential scope against `access_key`,
/// `region` and `sts`. Panics with the reason when anything differs.
pub fn verify_sigv4(request: &Recorded, access_key: &str, secret: &str, region: &str) {
    verify_sigv4_for(request, "sts", access_key, secret, region);
}

/// [`verify_sigv4`] for the service signing name `service`. A query string in the
/// request path is signed as its pairs sorted (it must already be encoded the SigV4 way,
/// as the fixed query strings of awsQuery request URIs are).
pub fn verify_sigv4_for(request: &Recorded, service: &str, access_key: &str, secret: &str, region: &str) {
    let authorization = request.header("authorization").expect("an Authorization header");
    let rest = authorization.strip_prefix("AWS4-HMAC-SHA256 ").expect("the AWS4-HMAC-SHA256 scheme");
    let part = |name: &str| {
        rest.split(", ")
            .find_map(|p| p.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {authorization}"))
            .to_owned()
    };
    let credential = part("Credential=");
    let signed_headers = part("SignedHeaders=");
    let signature = part("Signature=");
    let amz_date = request.header("x-amz-date").expect("x-amz-date");
    let date = &amz_date[..8];
    assert_eq!(credential, format!("{access_key}/{date}/{region}/{service}/aws4_request"));
    for required in ["host", "x-amz-date", "content-type"] {
        assert!(signed_headers.split(';').any(|h| h == required), "{required} is not signed: {signed_headers}");
    }
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|name| {
            let value = request.header(name).unwrap_or_else(|| panic!("signed header {name} missing"));
            format!("{name}:{}\n", value.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect();
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| if p.contains('=') { p.to_owned() } else { format!("{p}=") })
        .collect();
    pairs.sort();
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        path,
        pairs.join("&"),
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(request.body.as_bytes()))
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical_request.as_bytes())));
    let key = [date, region, service, "aws4_request"]
        .iter()
        .fold(format!("AWS4{secret}").into_bytes(), |key, part| hmac(&key, part));
    assert_eq!(signature, hex(&hmac(&key, &string_to_sign)), "SigV4 signature mismatch");
}

/// Checks a request sent from a presigned URL as a service would: the `X-Amz-*` query
/// parameters (algorithm, credential scope for `access_key`, `region` and `service`, date,
/// expiry, signed headers including `host`), then the signature recomputed with `secret`
/// over the query without `X-Amz-Signature`, the signed headers as received and the body.
/// Panics with the reason when anything differs; returns the query's pairs, still encoded.
pub fn verify_presigned(
    request: &Recorded,
    service: &str,
    access_key: &str,
    secret: &str,
    region: &str,
) -> Vec<(String, String)> {
    let (path, query) = request.path.split_once('?').expect("a presigned URL has a query");
    let pairs: Vec<(String, String)> = query
        .split('&')
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (n.to_owned(), v.to_owned())
        })
        .collect();
    let get = |name: &str| {
        let found: Vec<&String> = pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v).collect();
        assert_eq!(found.len(), 1, "{name} appears {} times", found.len());
        percent_decode(found[0])
    };
    assert_eq!(get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
    let amz_date = get("X-Amz-Date");
    let date = &amz_date[..8];
    let credential = get("X-Amz-Credential");
    assert_eq!(credential, format!("{access_key}/{date}/{region}/{service}/aws4_request"));
    let expires: u64 = get("X-Amz-Expires").parse().expect("a number of seconds");
    assert!((1..=604_800).contains(&expires), "X-Amz-Expires={expires}");
    let signed_headers = get("X-Amz-SignedHeaders");
    assert!(signed_headers.split(';').any(|h| h == "host"), "host is not signed: {signed_headers}");
    let signature = get("X-Amz-Signature");
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|name| {
            let value = request.header(name).unwrap_or_else(|| panic!("signed header {name} missing"));
            format!("{name}:{}\n", value.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect();
    let mut canonical_query: Vec<&(String, String)> = pairs.iter().filter(|(n, _)| n != "X-Amz-Signature").collect();
    canonical_query.sort();
    let canonical_query: Vec<String> = canonical_query.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        path,
        canonical_query.join("&"),
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(request.body.as_bytes()))
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical_request.as_bytes())));
    let key = [date, region, service, "aws4_request"]
        .iter()
        .fold(format!("AWS4{secret}").into_bytes(), |key, part| hmac(&key, part));
    assert_eq!(signature, hex(&hmac(&key, &string_to_sign)), "presigned SigV4 signature mismatch");
    pairs
}

/// Recomputes the SigV2 signature of `request`'s form (SimpleDB's) with `secret` and checks
/// the form's `Signature` against it, and its `AWSAccessKeyId`, `SignatureMethod` and
/// `SignatureVersion`. Panics with the reason when anything differs.
pub fn verify_sigv2(request: &Recorded, host: &str, access_key: &str, secret: &str) {
    let mut form = request.form();
    let at = form.iter().position(|(n, _)| n == "Signature").expect("a Signature in the form");
    let (_, signature) = form.remove(at);
    let get = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(get("AWSAccessKeyId"), Some(access_key));
    assert_eq!((get("SignatureMethod"), get("SignatureVersion")), (Some("HmacSHA256"), Some("2")));
    form.sort();
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let canonical: Vec<String> = form.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect();
    let string_to_sign = format!("{}\n{host}\n{}\n{}", request.method, request.path, canonical.join("&"));
    assert_eq!(signature, base64(&hmac(secret.as_bytes(), &string_to_sign)), "SigV2 signature mismatch");
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An HTTP client that records each request and answers all with one canned response,
/// without any network.
#[derive(Debug, Default, Clone)]
pub struct Recording {
    requests: Arc<Mutex<Vec<sts_runtime::transport::HttpRequest>>>,
    body: String,
}

impl Recording {
    /// A recorder answering `200` with `body`.
    pub fn answering(body: impl Into<String>) -> Self {
        Self { requests: Arc::default(), body: body.into() }
    }

    /// The requests recorded so far, oldest first.
    pub fn requests(&self) -> Vec<sts_runtime::transport::HttpRequest> {
        self.requests.lock().expect("lock").clone()
    }

    /// The only request recorded (panics if there is not exactly one).
    pub fn single(&self) -> sts_runtime::transport::HttpRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().expect("one request")
    }

    /// The last request, removed from the record.
    pub fn take_last(&self) -> Option<sts_runtime::transport::HttpRequest> {
        self.requests.lock().expect("lock").pop()
    }
}

impl sts_runtime::transport::HttpClient for Recording {
    fn send(
        &self,
        request: sts_runtime::transport::HttpRequest,
    ) -> sts_runtime::boxed::BoxFuture<
        '_,
        Result<sts_runtime::transport::HttpResponse, sts_runtime::transport::HttpError>,
    > {
        self.requests.lock().expect("lock").push(request);
        let response =
            sts_runtime::transport::HttpResponse { status: 200, headers: vec![], body: self.body.clone().into_bytes() };
        Box::pin(std::future::ready(Ok(response)))
    }
}

/// Sleeps that return at once and record what they were asked for, so retry tests run in
/// milliseconds. (Time limits fire at once with it, so tests using it turn them off.)
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep(Arc<Mutex<Vec<std::time::Duration>>>);

impl sts_runtime::sleep::AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: std::time::Duration) -> sts_runtime::boxed::BoxFuture<'static, ()> {
        self.0.lock().expect("lock").push(duration);
        Box::pin(std::future::ready(()))
    }
}

impl RecordingSleep {
    /// The delays asked for so far, oldest first.
    pub fn delays(&self) -> Vec<std::time::Duration> {
        self.0.lock().expect("lock").clone()
    }
}

/// Runs a future that never waits (a call through [`Recording`] with time limits off).
pub fn run_ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the future waited; run_ready needs one that never does"),
    }
}

/// Environment variables for a test, as a reader the providers and configs take (nothing
/// is read from the process environment).
pub fn env_vars(vars: Vec<(&str, String)>) -> sts_runtime::env::Env {
    let vars: Vec<(String, String)> = vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    Arc::new(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

/// An `AssumeRole` answer giving these credentials, expiring at `expiration` (RFC 3339).
pub fn assume_role_answer(access_key_id: &str, secret: &str, token: &str, expiration: &str) -> String {
    format!(
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>{access_key_id}</AccessKeyId>\
         <SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>\
         <Expiration>{expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
    )
}

/// A fresh, empty directory for one test's files (`{what}` names the test).
pub fn scratch_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sts-test-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

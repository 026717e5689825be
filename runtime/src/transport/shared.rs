//! What both HTTP clients share: their clients built lazily per scheme, header values
//! handed over without a copy, the capped body and the copied response headers.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::{HttpError, HttpErrorKind};

/// A client for `http://` URLs and one for the rest, each built on first use: the TLS one
/// loads the system's root certificates, which a client that only talks plain `http` (a
/// local STS, a proxy) never pays for.
#[derive(Debug)]
pub(super) struct ClientPerScheme<C> {
    plain: OnceLock<Result<C, String>>,
    tls: OnceLock<Result<C, String>>,
}

impl<C> ClientPerScheme<C> {
    pub(super) fn new() -> Self {
        Self { plain: OnceLock::new(), tls: OnceLock::new() }
    }

    /// Uses `client` for every URL.
    #[cfg(feature = "reqwest")]
    pub(super) fn with(client: C) -> Self
    where
        C: Clone,
    {
        Self { plain: OnceLock::from(Ok(client.clone())), tls: OnceLock::from(Ok(client)) }
    }

    /// The client for `url`, built by `build(tls)` the first time it is needed.
    pub(super) fn get(&self, url: &str, build: impl FnOnce(bool) -> Result<C, String>) -> Result<&C, HttpError> {
        let tls = !url.starts_with("http://");
        let cell = if tls { &self.tls } else { &self.plain };
        cell.get_or_init(|| build(tls)).as_ref().map_err(|e| HttpError::new(HttpErrorKind::Other, e.clone()))
    }
}

/// A header value for the HTTP stack, without a copy: constants as they are, strings as
/// their buffer.
pub(super) fn header_bytes(value: Cow<'static, str>) -> bytes::Bytes {
    match value {
        Cow::Borrowed(value) => bytes::Bytes::from_static(value.as_bytes()),
        Cow::Owned(value) => bytes::Bytes::from(value),
    }
}

/// A response body read chunk by chunk, refused once it exceeds its limit.
pub(super) struct CappedBody {
    pub(super) body: Vec<u8>,
    limit: usize,
}

impl CappedBody {
    /// A body announced as `length` bytes (refused at once when over `limit`); sized for it,
    /// so the usual one-chunk body is copied once, into a buffer of the right size.
    pub(super) fn new(length: Option<u64>, limit: usize) -> Result<Self, HttpError> {
        if length.is_some_and(|length| length > limit as u64) {
            return Err(too_large(limit));
        }
        Ok(Self { body: Vec::with_capacity(length.map_or(0, |length| length as usize)), limit })
    }

    pub(super) fn push(&mut self, chunk: &[u8]) -> Result<(), HttpError> {
        if self.body.len() + chunk.len() > self.limit {
            return Err(too_large(self.limit));
        }
        self.body.extend_from_slice(chunk);
        Ok(())
    }
}

fn too_large(limit: usize) -> HttpError {
    HttpError::new(HttpErrorKind::ResponseTooLarge { limit }, format!("the response body exceeds {limit} bytes"))
}

/// Response headers as the runtime keeps them; values that are not visible ASCII (which
/// no header STS sends has) are left out.
pub(super) fn copy_headers<'a>(headers: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Vec<(String, String)> {
    headers.filter_map(|(name, value)| Some((name.to_owned(), value?.to_owned()))).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use crate::transport::{HttpClient, HttpErrorKind, HttpRequest};

    /// Checks that `client` refuses a header value with a line break and an invalid header
    /// name without sending anything, and that a valid request does reach the network.
    pub(in crate::transport) fn invalid_headers_are_refused(client: &dyn HttpClient) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        // Nothing listens on port 9 of 127.0.0.1: reaching the network would be a Connect error.
        let request = |name: &'static str, value: String| HttpRequest {
            method: "POST",
            url: "http://127.0.0.1:9/".into(),
            headers: vec![("content-type".into(), "text/plain".into()), (name.into(), value.into())],
            body: String::new(),
        };
        for bad in [request("x-amz-date", "2024\r\nx-evil: 1".into()), request("bad name", "v".into())] {
            let error = runtime.block_on(client.send(bad)).unwrap_err();
            assert_eq!(error.kind(), HttpErrorKind::Other, "{error}");
        }
        let error = runtime.block_on(client.send(request("x-amz-date", "20240101T000000Z".into()))).unwrap_err();
        assert_eq!(error.kind(), HttpErrorKind::Connect, "{error}");
    }
}

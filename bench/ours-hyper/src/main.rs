//! `bench-ours-hyper ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with this SDK, its
//! requests sent by hyper-util's pooled client (plain HTTP) instead of reqwest.

// The command line, config and calls of `bench-ours`: only the HTTP client differs.
#[path = "../../ours/src/calls.rs"]
mod calls;

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperUtilClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sts::config::{HttpClient, HttpError, HttpErrorKind, HttpRequest, HttpResponse};

#[derive(Debug)]
struct HyperClient(HyperUtilClient<HttpConnector, Full<Bytes>>);

impl HttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + '_>> {
        Box::pin(async move {
            let other = |e: hyper::http::Error| HttpError::new(HttpErrorKind::Other, e);
            let mut builder = hyper::Request::builder().method(request.method).uri(request.url);
            for (name, value) in request.headers {
                let value = match value {
                    Cow::Borrowed(value) => Bytes::from_static(value.as_bytes()),
                    Cow::Owned(value) => Bytes::from(value),
                };
                let value = hyper::header::HeaderValue::from_maybe_shared(value)
                    .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?;
                builder = builder.header(name.as_ref(), value);
            }
            let request = builder.body(Full::new(Bytes::from(request.body))).map_err(other)?;
            let response = self.0.request(request).await.map_err(|e| HttpError::new(HttpErrorKind::Io, e))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let body = response.into_body().collect().await.map_err(|e| HttpError::new(HttpErrorKind::Io, e))?;
            Ok(HttpResponse { status, headers, body: body.to_bytes().into() })
        })
    }
}

#[tokio::main]
async fn main() {
    let args = calls::args();
    let http = HyperClient(HyperUtilClient::builder(TokioExecutor::new()).build_http());
    let client = sts::Client::from_conf(calls::config(&args.endpoint).http_client(http).build());
    calls::assume_roles(client, args.calls, args.concurrency).await;
}

//! `bench-ours-hyper ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with this SDK, its
//! requests sent by hyper-util's pooled client (plain HTTP) instead of reqwest.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperUtilClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sts::config::{HttpClient, HttpError, HttpErrorKind, HttpRequest, HttpResponse};
use sts::{Client, Config, Credentials};

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
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).expect("ENDPOINT").clone();
    let calls: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let concurrency: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None))
            .http_client(HyperClient(HyperUtilClient::builder(TokioExecutor::new()).build_http()))
            .build(),
    );
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let client = client.clone();
            let share = calls / concurrency + usize::from(task < calls % concurrency);
            tokio::spawn(async move {
                for _ in 0..share {
                    let out = client
                        .assume_role()
                        .role_arn("arn:aws:iam::123456789012:role/demo")
                        .role_session_name("bench")
                        .send()
                        .await
                        .expect("AssumeRole");
                    assert!(out.credentials.is_some());
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
}

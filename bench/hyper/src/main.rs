//! `bench-hyper ENDPOINT [CALLS] [CONCURRENCY]`: the floor's pre-built, pre-signed
//! AssumeRole POST sent with hyper-util's pooled client directly, as reqwest sends it
//! underneath: what reqwest's own layers cost, for comparison (not one of the targets).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const BODY: &str = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=bench";
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint: hyper::Uri = args.get(1).expect("ENDPOINT").parse().expect("an http:// URI");
    let calls: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let concurrency: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let (client, endpoint) = (client.clone(), endpoint.clone());
            let share = calls / concurrency + usize::from(task < calls % concurrency);
            tokio::spawn(async move {
                for _ in 0..share {
                    let request = hyper::Request::post(endpoint.clone())
                        .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
                        .header("x-amz-date", "20261122T120000Z")
                        .header("authorization", AUTHORIZATION)
                        .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                        .expect("request");
                    let response = client.request(request).await.expect("POST");
                    assert!(response.status().is_success());
                    let body = response.into_body().collect().await.expect("body").to_bytes();
                    assert!(body.windows(13).any(|w| w == b"<AccessKeyId>"));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
}

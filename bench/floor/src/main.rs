//! `bench-floor ENDPOINT [CALLS] [CONCURRENCY]`: a bare reqwest POST of a pre-built,
//! pre-signed AssumeRole body, checking the status and searching the body for the key.

const BODY: &str = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=bench";
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).expect("ENDPOINT").clone();
    let calls: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let concurrency: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let client = reqwest::Client::new();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let (client, endpoint) = (client.clone(), endpoint.clone());
            let share = calls / concurrency + usize::from(task < calls % concurrency);
            tokio::spawn(async move {
                for _ in 0..share {
                    let response = client
                        .post(&endpoint)
                        .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
                        .header("x-amz-date", "20261122T120000Z")
                        .header("authorization", AUTHORIZATION)
                        .body(BODY)
                        .send()
                        .await
                        .expect("POST");
                    assert!(response.status().is_success());
                    let body = response.bytes().await.expect("body");
                    assert!(body.windows(13).any(|w| w == b"<AccessKeyId>"));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
}

//! `bench-aws-sdk ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with aws-sdk-sts
//! (default features), static credentials and an endpoint URL override.

use aws_credential_types::Credentials;
use aws_sdk_sts::config::{BehaviorVersion, Region};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).expect("ENDPOINT").clone();
    let calls: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let concurrency: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = aws_sdk_sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "static"))
        .build();
    let client = aws_sdk_sts::Client::from_conf(config);
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

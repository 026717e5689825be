//! `bench-ours ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with this SDK (with its
//! default features; `bench-ours-reqwest` is this program built with the `reqwest` feature).

use sts::{Client, Config, Credentials};

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

//! The command line, the config and the calls of `bench-ours` (and of `bench-ours-hyper`,
//! the same program built with the SDK's `hyper` feature).

use sts::config::ConfigBuilder;
use sts::{Client, Config, Credentials};

/// `ENDPOINT [CALLS] [CONCURRENCY]`.
pub struct Args {
    pub endpoint: String,
    pub calls: usize,
    pub concurrency: usize,
}

pub fn args() -> Args {
    let args: Vec<String> = std::env::args().collect();
    Args {
        endpoint: args.get(1).expect("ENDPOINT").clone(),
        calls: args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1),
        concurrency: args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1),
    }
}

/// Static credentials, `us-east-1` and the endpoint URL override.
pub fn config(endpoint: &str) -> ConfigBuilder {
    Config::builder().region("us-east-1").endpoint_url(endpoint).credentials_provider(Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
    ))
}

/// `calls` AssumeRole calls spread over `concurrency` tasks, each making its share in turn.
pub async fn assume_roles(client: Client, calls: usize, concurrency: usize) {
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

//! `bench-ours ENDPOINT [CALLS] [CONCURRENCY] [SAMPLES]`: AssumeRole calls with this SDK (with
//! its default features; `bench-ours-reqwest` is this program built with the `reqwest`
//! feature). With SAMPLES (the soak, `bench/soak.py`), the calls are made in that many rounds,
//! and after each the calls so far and the program's resident memory (RSS, from
//! /proc/self/statm) are printed, then how much the RSS grew after the warm-up (the first
//! tenth of the rounds).

use sts::{Client, Config, Credentials};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).expect("ENDPOINT").clone();
    let arg = |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (calls, concurrency, samples) = (arg(2, 1), arg(3, 1), arg(4, 0));
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "test"))
            .build(),
    );
    if samples == 0 {
        assume_roles(&client, calls, concurrency).await;
        return;
    }
    let mut rss = Vec::new();
    println!("calls\trss_kib");
    for round in 1..=samples {
        assume_roles(&client, calls / samples, concurrency).await;
        rss.push(rss_kib());
        println!("{}\t{}", round * (calls / samples), rss[round - 1]);
    }
    let warm = (samples / 10).max(1) - 1;
    let after = &rss[warm..];
    let range = after.iter().max().unwrap_or(&0) - after.iter().min().unwrap_or(&0);
    let growth = rss[samples - 1] as i64 - rss[warm] as i64;
    println!(
        "after warm-up ({} calls): RSS {} KiB -> {} KiB, growth {growth} KiB, range {range} KiB",
        (warm + 1) * (calls / samples),
        rss[warm],
        rss[samples - 1]
    );
}

/// `calls` AssumeRole calls over `concurrency` tasks.
async fn assume_roles(client: &Client, calls: usize, concurrency: usize) {
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

/// Resident memory in KiB.
fn rss_kib() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: usize = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("resident pages");
    pages * 4
}

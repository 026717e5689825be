//! `bench-soak ENDPOINT [CALLS] [TASKS] [SAMPLES]`: a soak of this SDK's client. CALLS
//! AssumeRole calls (default 200,000) over TASKS concurrent tasks (32), in SAMPLES rounds
//! (20); after each round it prints the calls made so far and its resident memory (RSS,
//! from /proc/self/statm), then how much the RSS grew after the warm-up (the first tenth).

use sts::{Client, Config, Credentials};

/// Resident memory in KiB.
fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("resident pages");
    pages * 4
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).expect("ENDPOINT").clone();
    let arg = |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (calls, tasks, samples) = (arg(2, 200_000), arg(3, 32), arg(4, 20));
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None))
            .build(),
    );
    let per_round = calls / samples;
    let mut rss = Vec::new();
    println!("calls\trss_kib");
    for round in 1..=samples {
        let handles: Vec<_> = (0..tasks)
            .map(|task| {
                let client = client.clone();
                let share = per_round / tasks + usize::from(task < per_round % tasks);
                tokio::spawn(async move {
                    for _ in 0..share {
                        let out = client
                            .assume_role()
                            .role_arn("arn:aws:iam::123456789012:role/demo")
                            .role_session_name("soak")
                            .send()
                            .await
                            .expect("AssumeRole");
                        assert!(out.credentials.is_some());
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await.expect("task");
        }
        rss.push(rss_kib());
        println!("{}\t{}", round * per_round, rss[rss.len() - 1]);
    }
    let warm = (samples / 10).max(1);
    let after = &rss[warm - 1..];
    let (min, max) = (after.iter().min().copied().unwrap_or(0), after.iter().max().copied().unwrap_or(0));
    let growth = rss[rss.len() - 1] as i64 - rss[warm - 1] as i64;
    println!(
        "after warm-up ({} calls): RSS {} KiB -> {} KiB, growth {growth} KiB, range {} KiB",
        warm * per_round,
        rss[warm - 1],
        rss[rss.len() - 1],
        max - min
    );
}

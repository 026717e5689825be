//! `bench-ours ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with this SDK.

mod calls;

#[tokio::main]
async fn main() {
    let args = calls::args();
    let client = sts::Client::from_conf(calls::config(&args.endpoint).build());
    calls::assume_roles(client, args.calls, args.concurrency).await;
}

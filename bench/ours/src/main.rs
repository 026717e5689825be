//! `bench-ours ENDPOINT [CALLS] [CONCURRENCY]`: AssumeRole calls with this SDK (with its
//! default features; `bench-ours-hyper` is this program built with the `hyper` feature).

mod calls;

#[tokio::main]
async fn main() {
    let args = calls::args();
    let client = sts::Client::from_conf(calls::config(&args.endpoint).build());
    calls::assume_roles(client, args.calls, args.concurrency).await;
}

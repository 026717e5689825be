//! Who am I? `GetCallerIdentity` with the credentials the environment gives, and which
//! source of the default chain gave them.
//!
//! ```sh
//! AWS_REGION=eu-west-1 cargo run --example whoami -- [--endpoint-url http://127.0.0.1:5000]
//! ```

use sts::Client;
use sts::credentials::DefaultChain;

#[tokio::main]
async fn main() {
    let client = client();
    let chain = DefaultChain::with_env(sts::config::process_env(), client.config(), None);
    match client.get_caller_identity().send().await {
        Ok(me) => {
            println!("source   {}", chain.source().unwrap_or("-"));
            println!("account  {}", me.account.as_deref().unwrap_or("-"));
            println!("arn      {}", me.arn.as_deref().unwrap_or("-"));
            println!("user id  {}", me.user_id.as_deref().unwrap_or("-"));
        }
        Err(e) => fail(e),
    }
}

/// The value after `--name` on the command line.
fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| *a == format!("--{name}")).and_then(|i| args.get(i + 1)).cloned()
}

/// A client configured like the AWS CLI, sending to `--endpoint-url` if given.
fn client() -> Client {
    let client = Client::from_env().unwrap_or_else(|e| fail(e));
    match arg("endpoint-url") {
        Some(url) => Client::from_conf(client.config().to_builder().endpoint_url(url).build()),
        None => client,
    }
}

fn fail(error: impl std::fmt::Display) -> ! {
    eprintln!("{error}");
    std::process::exit(1)
}

//! EKS IRSA: assumes the role in `AWS_ROLE_ARN` with the token in
//! `AWS_WEB_IDENTITY_TOKEN_FILE` (or `--role-arn` and `--token-file`), then asks who it is.
//!
//! ```sh
//! cargo run --example web_identity -- [--role-arn ARN --token-file PATH] [--endpoint-url URL]
//! ```

use sts::Client;
use sts::credentials::{ProvideCredentials, WebIdentityProvider};

#[tokio::main]
async fn main() {
    let base = client();
    let provider = match (arg("role-arn"), arg("token-file")) {
        (Some(role), Some(file)) => WebIdentityProvider::new(role, file, arg("session-name"), base.config().clone()),
        _ => WebIdentityProvider::from_env(&sts::config::process_env(), base.config().clone()).unwrap_or_else(|| {
            fail("set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, or pass --role-arn and --token-file")
        }),
    };
    let credentials = provider.provide_credentials().await.unwrap_or_else(|e| fail(e));
    println!("assumed: access key {} until {:?}", credentials.access_key_id(), credentials.expiry());
    let assumed = Client::from_conf(base.config().to_builder().credentials_provider(credentials).build());
    match assumed.get_caller_identity().send().await {
        Ok(me) => println!("now     {}", me.arn.as_deref().unwrap_or("-")),
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

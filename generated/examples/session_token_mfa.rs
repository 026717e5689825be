//! `GetSessionToken` with MFA: the code comes from `--code`, or is asked for on the terminal.
//!
//! ```sh
//! cargo run --example session_token_mfa -- --serial arn:aws:iam::123456789012:mfa/me [--code 123456] \
//!     [--duration 3600] [--endpoint-url URL]
//! ```

use std::io::Write;
use std::time::Duration;

use sts::Client;
use sts::credentials::{CredentialsError, DefaultChain, ProvideCredentials, SessionTokenProvider};

const USAGE: &str = "session_token_mfa --serial MFA-ARN [--code CODE] [--duration SECONDS] [--endpoint-url URL]";

#[tokio::main]
async fn main() {
    let serial = arg("serial").unwrap_or_else(|| fail(format!("missing --serial\nusage: {USAGE}")));
    let client = client();
    let code = arg("code");
    let mut builder = SessionTokenProvider::builder()
        .mfa(serial, move |serial| match &code {
            Some(code) => Ok(code.clone()),
            None => {
                print!("MFA code for {serial}: ");
                let _ = std::io::stdout().flush();
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).map_err(|e| CredentialsError::with_source("no MFA code", e))?;
                Ok(line.trim().to_owned())
            }
        })
        .config(client.config().clone())
        .source_credentials(DefaultChain::from_env());
    if let Some(seconds) = arg("duration").and_then(|d| d.parse().ok()) {
        builder = builder.duration(Duration::from_secs(seconds));
    }
    match builder.build().provide_credentials().await {
        Ok(c) => println!("session key {} until {:?}", c.access_key_id(), c.expiry()),
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

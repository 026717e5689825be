//! Assumes a role and prints the temporary credentials, as shell exports or as the JSON a
//! `credential_process` prints.
//!
//! ```sh
//! eval "$(cargo run --example assume_role -- --role-arn arn:aws:iam::123456789012:role/deploy)"
//! cargo run --example assume_role -- --role-arn ARN --format process [--session-name NAME] \
//!     [--duration 900] [--external-id ID] [--endpoint-url http://127.0.0.1:5000]
//! ```

use sts::Client;

const USAGE: &str = "assume_role --role-arn ARN [--session-name NAME] [--duration SECONDS] [--external-id ID] \
                     [--format exports|process] [--endpoint-url URL]";

#[tokio::main]
async fn main() {
    let role_arn = arg("role-arn").unwrap_or_else(|| fail(format!("missing --role-arn\nusage: {USAGE}")));
    let duration = arg("duration")
        .map(|d| d.parse::<i32>().unwrap_or_else(|_| fail(format!("--duration takes seconds\nusage: {USAGE}"))));
    let result = client()
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name(arg("session-name").unwrap_or_else(|| "assume-role-example".to_owned()))
        .set_duration_seconds(duration)
        .set_external_id(arg("external-id"))
        .send()
        .await;
    let output = result.unwrap_or_else(|e| fail(e));
    let c = output.credentials.unwrap_or_else(|| fail("AssumeRole returned no credentials"));
    match arg("format").as_deref() {
        None | Some("exports") => {
            println!("export AWS_ACCESS_KEY_ID={}", c.access_key_id);
            println!("export AWS_SECRET_ACCESS_KEY={}", c.secret_access_key);
            println!("export AWS_SESSION_TOKEN={}", c.session_token);
            println!("# expires {}", c.expiration);
        }
        Some("process") => println!(
            "{{\"Version\":1,\"AccessKeyId\":\"{}\",\"SecretAccessKey\":\"{}\",\"SessionToken\":\"{}\",\"Expiration\":\"{}\"}}",
            c.access_key_id, c.secret_access_key, c.session_token, c.expiration
        ),
        Some(other) => fail(format!("unknown --format {other}\nusage: {USAGE}")),
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

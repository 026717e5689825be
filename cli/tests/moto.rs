//! The `sts` command against an independent STS implementation: moto's server, for the
//! subcommands whose calls moto implements (`whoami`, `assume-role`, `session-token`).
//! Ignored by a plain `cargo test`; `cargo xtask test` starts moto and runs them with
//! `STS_MOTO_ENDPOINT` set (included without it, they fail rather than pass unseen).

use std::process::Command;

fn endpoint() -> String {
    match std::env::var("STS_MOTO_ENDPOINT") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => panic!("STS_MOTO_ENDPOINT is not set: run `cargo xtask test`"),
    }
}

fn sts(args: &[&str]) -> serde_json::Value {
    let home = sts_testkit::scratch_dir("cli-moto");
    let out = Command::new(env!("CARGO_BIN_EXE_sts"))
        .env_clear()
        .env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .args(["--region", "us-east-1", "--endpoint-url", &endpoint()])
        .args(args)
        .output()
        .expect("the sts binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
fn whoami_names_moto_s_default_account() {
    let me = sts(&["whoami"]);
    assert_eq!(me["Account"], "123456789012");
    assert!(me["Arn"].as_str().is_some_and(|arn| arn.starts_with("arn:aws:")), "{me}");
}

#[test]
#[ignore = "needs moto_server: run by `cargo xtask test`"]
fn assume_role_and_session_token_print_usable_credentials() {
    let assumed = sts(&[
        "assume-role",
        "--role-arn",
        "arn:aws:iam::123456789012:role/cli-test",
        "--role-session-name",
        "cli",
        "--duration-seconds",
        "900",
        "--output",
        "credential-process",
    ]);
    assert_eq!(assumed["Version"], 1);
    let key = assumed["AccessKeyId"].as_str().expect("a key");
    assert!(key.starts_with("ASIA") && key.len() >= 16, "{assumed}");
    assert!(assumed["Expiration"].as_str().is_some_and(|e| e.ends_with('Z')), "{assumed}");
    let session = sts(&["session-token", "--duration-seconds", "900", "--output", "json"]);
    assert!(session["SessionToken"].as_str().is_some_and(|t| !t.is_empty()), "{session}");
}

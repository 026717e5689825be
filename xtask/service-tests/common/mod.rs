//! What every service test shares: moto's endpoint and a config that talks to it.

use sts_runtime::{Config, Credentials};

/// The moto endpoint from `STS_MOTO_ENDPOINT`, which `cargo xtask test` sets.
pub fn endpoint() -> String {
    match std::env::var("STS_MOTO_ENDPOINT") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_owned(),
        _ => panic!(
            "STS_MOTO_ENDPOINT is not set: run `cargo xtask test`, or start `moto_server -H 127.0.0.1 -p PORT` and \
             set STS_MOTO_ENDPOINT=http://127.0.0.1:PORT"
        ),
    }
}

/// A client config for moto in `us-east-1`, with example keys.
pub fn config() -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint())
        .credentials_provider(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ))
        .build()
}

/// A name no other run of the suite uses, so tests can share one moto.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}-{}-{nanos}", std::process::id())
}

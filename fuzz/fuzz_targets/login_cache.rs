//! The `aws login` token cache as arbitrary text, and an arbitrary answer to the refresh
//! (`CreateOAuth2Token`) with a chosen status: the cache's JSON, its dates, its PEM and SEC1
//! key (a DER reader of our own) and the answer's JSON.
//!
//! The first byte picks the refresh's status (two bits: 200, 400, 500, 401); the rest is the
//! cache file, then, after the first NUL, the answer's body.
#![no_main]

mod secrets;
mod sign_in_env;

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sts_runtime::credentials::ProvideCredentials;
use sts_runtime::credentials::login::{LoginProvider, LoginSettings};
use sts_runtime::test_util::ReplayClient;

const STATUSES: [u16; 4] = [200, 400, 500, 401];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let mut parts = rest.splitn(2, |b| *b == 0).map(|part| String::from_utf8_lossy(part).into_owned());
    let (cache, answer) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let env = sign_in_env::env();
    let settings = LoginSettings {
        profile: "console".to_owned(),
        session: "fuzz".to_owned(),
        region: Some("us-east-1".to_owned()),
    };
    let http = Arc::new(ReplayClient::new([(STATUSES[usize::from(selector & 3)], answer.clone())]));
    let provider = LoginProvider::new(settings, &env, http).expect("a provider");
    std::fs::write(provider.cache_file(), &cache).expect("the token cache written");
    // What the cache holds that no message may show (unless the answer itself, which a
    // message may quote, bounded, says it).
    let secrets: Vec<String> = serde_json::from_str::<serde_json::Value>(&cache)
        .ok()
        .map(|document| {
            ["refreshToken", "dpopKey"].iter().filter_map(|key| document[key].as_str().map(str::to_owned)).collect()
        })
        .unwrap_or_default();
    let secrets: Vec<String> = secrets.into_iter().filter(|secret| !answer.contains(secret.as_str())).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    match runtime.block_on(provider.provide_credentials()) {
        Ok(credentials) => secrets::debug_hides_secrets(&credentials),
        Err(error) => {
            let message = error.to_string();
            assert!(message.len() < 1_500, "{} characters: {message}", message.len());
            for secret in secrets.iter().filter(|s| s.len() >= 8) {
                assert!(!message.contains(secret.as_str()), "{message}");
            }
        }
    }
});

//! Arbitrary answers from the endpoints credentials come from over HTTP: the container
//! endpoint (ECS, EKS Pod Identity), EC2 instance metadata (credentials and the region) and
//! the SSO portal, with the SSO token cache file as arbitrary text too.
//!
//! The first byte picks the provider (two bits) and the status of the first three answers
//! (two bits each: 200, 404, 500, 401); the rest, split at NUL bytes, are the bodies, in
//! order (for SSO, the first is the token cache file). Retries wait nothing; an answer past
//! the last is a refused connection.
#![no_main]

mod secrets;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sts_runtime::boxed::BoxFuture;
use sts_runtime::credentials::container::ContainerProvider;
use sts_runtime::credentials::imds::{ImdsProvider, ImdsSettings};
use sts_runtime::credentials::sso::{SsoProvider, SsoSettings};
use sts_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials};
use sts_runtime::env::Env;
use sts_runtime::sleep::AsyncSleep;
use sts_runtime::test_util::ReplayClient;

const STATUSES: [u16; 4] = [200, 404, 500, 401];

/// Every wait ends at once (the replay client answers before any timeout is polled).
#[derive(Debug)]
struct NoWait;

impl AsyncSleep for NoWait {
    fn sleep(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// A scratch home for the SSO token cache, one per process.
fn home() -> &'static std::path::Path {
    static HOME: OnceLock<std::path::PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = std::env::temp_dir().join(format!("sts-fuzz-home-{}", std::process::id()));
        std::fs::create_dir_all(home.join(".aws/sso/cache")).expect("a scratch home");
        home
    })
}

fn env(pairs: &[(&'static str, String)]) -> Env {
    let pairs = pairs.to_vec();
    Arc::new(move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
}

/// What a provider ended with: credentials whose `Debug` does not depend on the secret or
/// the token, or an error whose message (causes included) stays short.
fn check(outcome: Result<Credentials, CredentialsError>) {
    match outcome {
        Ok(credentials) => secrets::debug_hides_secrets(&credentials),
        Err(error) => message_is_short(&error),
    }
}

fn message_is_short(error: &(dyn std::error::Error + 'static)) {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(chain.len() < 1_500, "{} characters: {chain}", chain.len());
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let mut bodies: Vec<String> =
        rest.split(|b| *b == 0).take(5).map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    let answers = |bodies: Vec<String>| {
        let statuses = (0..).map(|i| if i < 3 { STATUSES[usize::from(selector >> (2 + 2 * i)) & 3] } else { 200 });
        Arc::new(ReplayClient::new(statuses.zip(bodies)))
    };
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(async {
        match selector & 3 {
            0 => {
                let env = env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/creds".to_owned())]);
                let provider = ContainerProvider::from_env(&env, answers(bodies)).expect("a valid URI").expect("set");
                check(provider.with_sleep(Arc::new(NoWait)).provide_credentials().await);
            }
            1 | 2 => {
                let settings =
                    ImdsSettings { endpoint: "http://127.0.0.1".to_owned(), profile_name: None, v1_disabled: false };
                let provider = ImdsProvider::new(settings, answers(bodies)).with_sleep(Arc::new(NoWait));
                if selector & 3 == 1 {
                    check(provider.provide_credentials().await);
                } else {
                    match provider.region().await {
                        Ok(region) => assert!(!region.is_empty() && region.len() < 100, "{region:?}"),
                        Err(error) => message_is_short(&error),
                    }
                }
            }
            _ => {
                let settings = SsoSettings {
                    profile: "dev".to_owned(),
                    session: Some("fuzz".to_owned()),
                    start_url: "https://example.awsapps.com/start".to_owned(),
                    region: "us-east-1".to_owned(),
                    account_id: "123456789012".to_owned(),
                    role_name: "Dev".to_owned(),
                };
                let env = env(&[
                    ("HOME", home().display().to_string()),
                    ("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1".to_owned()),
                    ("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1".to_owned()),
                ]);
                let cache = if bodies.is_empty() { String::new() } else { bodies.remove(0) };
                let provider = SsoProvider::new(settings, &env, answers(bodies)).expect("a provider");
                std::fs::write(provider.cache_file(), cache).expect("the token cache written");
                check(provider.provide_credentials().await);
            }
        }
    });
});

//! `sts login`'s inputs from outside: the query string the browser brings back to the
//! redirect, the verification code pasted from another device, and Sign-In's answer to the
//! code's exchange (with a chosen status).
//!
//! The first byte picks the exchange's status (two bits: 200, 400, 500, 401); the rest is the
//! redirect's query, then, after the first NUL, the pasted code, then, after the second NUL,
//! the answer's body.
#![no_main]

mod secrets;
mod sign_in_env;

use std::time::SystemTime;

use libfuzzer_sys::fuzz_target;
use sts_runtime::credentials::login::sign_in::{Device, SignIn};
use sts_runtime::test_util::ReplayClient;

const STATUSES: [u16; 4] = [200, 400, 500, 401];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let mut parts = rest.splitn(3, |b| *b == 0).map(|part| String::from_utf8_lossy(part).into_owned());
    let (query, pasted, answer) =
        (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let env = sign_in_env::env();
    let redirect_uri = "http://127.0.0.1:1/oauth/callback".to_owned();
    let sign_in = SignIn::new("us-east-1", &env, Device::Same { redirect_uri }).expect("an attempt");
    for result in [sign_in.code_from_redirect(&query), sign_in.code_from_verification(&pasted)] {
        if let Err(error) = result {
            let message = error.to_string();
            assert!(message.len() < 1_000, "{} characters: {message}", message.len());
        }
    }
    let http = ReplayClient::new([(STATUSES[usize::from(selector & 3)], answer)]);
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    match runtime.block_on(sign_in.exchange("code", &http, SystemTime::now())) {
        Ok(signed_in) => {
            secrets::debug_hides_secrets(signed_in.credentials());
            let shown = format!("{signed_in:?}");
            assert!(!shown.contains("PRIVATE KEY"), "{shown}");
            signed_in.save(&env).expect("the token cached");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(message.len() < 1_500, "{} characters: {message}", message.len());
        }
    }
});

//! Arbitrary text as what a `credential_process` command prints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sts_runtime::credentials::Credentials;
use sts_runtime::credentials::process::parse_output;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_output(&text) {
        Ok(credentials) => {
            // Debug never shows the secret key or the token: it is the same whatever they are.
            let mut other = Credentials::new(
                credentials.access_key_id(),
                "another secret",
                credentials.session_token().map(|_| "another token".to_owned()),
                credentials.expiry(),
                "test",
            );
            if let Some(account) = credentials.account_id() {
                other = other.with_account_id(account);
            }
            assert_eq!(format!("{credentials:?}"), format!("{other:?}"));
        }
        Err(message) => {
            // The message says what is wrong, never a value: it is one of a few short texts.
            assert!(message.len() < 200, "{message}");
        }
    }
});

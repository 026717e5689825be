//! Arbitrary text as what a `credential_process` command prints.
#![no_main]

mod secrets;

use libfuzzer_sys::fuzz_target;
use sts_runtime::credentials::process::parse_output;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_output(&text) {
        Ok(credentials) => secrets::debug_hides_secrets(&credentials),
        Err(message) => {
            // The message says what is wrong, never a value: it is one of a few short texts.
            assert!(message.len() < 200, "{message}");
        }
    }
});

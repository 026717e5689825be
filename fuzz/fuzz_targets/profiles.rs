//! Arbitrary text as `~/.aws/config` and `~/.aws/credentials` (split at the first NUL).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sts_runtime::profile::ProfileSet;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (config, credentials) = text.split_once('\0').unwrap_or((&text, ""));
    match ProfileSet::parse(Some(("config", config)), Some(("credentials", credentials))) {
        Ok(set) => {
            // Every section the input names, looked up as a user's profile would be.
            for line in text.lines() {
                let name = line.trim().trim_start_matches('[').trim_end_matches(']');
                let name = name.strip_prefix("profile ").unwrap_or(name).trim();
                if let Some(profile) = set.get(name) {
                    let _ = (profile.name(), profile.get("role_arn"), profile.get("source_profile"));
                    let _ = format!("{profile:?}");
                }
            }
            let _ = set.get("default");
        }
        Err(e) => {
            // The error names a file and a line, never more than the input holds.
            let shown = e.to_string();
            assert!(e.file() == "config" || e.file() == "credentials", "{shown}");
            assert!(e.line() <= text.lines().count() + 1, "{shown}");
        }
    }
});

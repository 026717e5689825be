//! Arbitrary text as an endpoint URL override.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sts_runtime::endpoint::check_endpoint_url;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    match check_endpoint_url(Some(url)) {
        Ok(()) => {
            // What passes is an http(s) URL with a host and nothing that would change what
            // is signed: no query, fragment, user information, space or non-ASCII.
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).expect("scheme");
            assert!(!rest.is_empty() && !rest.starts_with('/'), "{url:?}");
            assert!(!rest.contains(['?', '#', '@', ' ', '\\']) && rest.is_ascii(), "{url:?}");
        }
        Err(e) => {
            // The error is bounded, and after every `://` in it the authority holds no
            // user information but the `***` that replaced it.
            let shown = e.to_string();
            assert!(shown.chars().count() < 400, "{shown}");
            for (at, _) in shown.match_indices("://") {
                let authority = shown[at + 3..].split(['/', '?', '#']).next().unwrap_or_default();
                if let Some((userinfo, _)) = authority.rsplit_once('@') {
                    assert!(userinfo.ends_with("***"), "user information in {shown}");
                }
            }
        }
    }
});

//! What the two `aws login` targets share: an environment that keeps the token cache in a
//! scratch directory of this process and sends Sign-In's calls to 127.0.0.1.

use std::sync::{Arc, OnceLock};

use sts_runtime::env::Env;

/// The environment; the directory is made at the first call.
pub fn env() -> Env {
    static DIR: OnceLock<String> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sts-fuzz-login-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        dir.display().to_string()
    });
    let vars = [("AWS_LOGIN_CACHE_DIRECTORY", dir.clone()), ("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1".to_owned())];
    Arc::new(move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
}

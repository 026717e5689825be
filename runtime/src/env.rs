//! Where settings are read from: the process environment, or a map in tests. A leaf: it
//! imports nothing from the rest of the crate.

use std::sync::Arc;

/// A reader of environment variables: the process environment, or a map in tests.
pub type Env = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment as an [`Env`].
pub fn process_env() -> Env {
    Arc::new(|name| std::env::var(name).ok())
}

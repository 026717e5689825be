//! The boxed types every module shares: errors as sources, futures as the runtime's traits
//! return them, and the clock as a closure. A leaf: it imports nothing from the rest of the
//! crate.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

/// A boxed error, as a source of the runtime's errors.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// A boxed future, as [`HttpClient`](crate::transport::HttpClient),
/// [`ProvideCredentials`](crate::credentials::ProvideCredentials) and
/// [`AsyncSleep`](crate::sleep::AsyncSleep) return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A clock: what a client signs requests with, what the instance-metadata provider
/// renews its token by (the system clock by default; tests move it).
pub type TimeSource = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// `error` and its causes, joined by `: `, leaving out a cause whose text the line already
/// holds (errors that print their cause themselves).
pub(crate) fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut line = error.to_string();
    for cause in std::iter::successors(error.source(), |cause| (*cause).source()) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

//! Calls that block the calling thread (feature `blocking`), for programs without an async
//! runtime: a generated crate's `blocking::Client` holds a [`Blocking`], whose runtime the
//! calls run on, as `reqwest::blocking` does.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::error::{ConstructionError, SdkError};

/// Makes fluent builders' `send()` block: `AssumeRoleFluentBuilder<Blocking>`. Cheap to
/// clone; the runtime is shared by the client and every call it makes, and stops when the
/// last of them is dropped.
#[derive(Clone)]
pub struct Blocking {
    runtime: Arc<OwnedRuntime>,
}

/// A runtime with one worker thread, which drives connections between calls; each call
/// runs on the thread that makes it.
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    /// Dropped inside an async runtime (a blocking client kept in an async program), a
    /// runtime may not wait for its tasks: it is let go without waiting instead of panicking.
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            runtime.shutdown_background();
        }
    }
}

impl Blocking {
    /// A runtime for blocking calls; an error when the system cannot start its thread.
    pub fn new() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sts-blocking")
            .enable_all()
            .build()?;
        Ok(Self { runtime: Arc::new(OwnedRuntime(Some(runtime))) })
    }

    /// Runs the call `operation` to its end on this runtime. Called on a thread that runs
    /// an async runtime, where blocking would stall that runtime (or deadlock it), it
    /// fails at once instead, sending nothing.
    pub fn block_on<T, E>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<T, SdkError<E>>>,
    ) -> Result<T, SdkError<E>> {
        if tokio::runtime::Handle::try_current().is_ok() {
            let why = "the blocking client was called from inside an async runtime, where it would block it: \
                       use the async `Client` there (or call from `spawn_blocking`)";
            return Err(SdkError::ConstructionFailure(ConstructionError::boxed(operation, why.into())));
        }
        match &self.runtime.0 {
            Some(runtime) => runtime.block_on(call),
            None => Err(SdkError::ConstructionFailure(ConstructionError::boxed(
                operation,
                "the runtime has stopped".into(),
            ))),
        }
    }
}

impl fmt::Debug for Blocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocking").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Unhandled;

    #[test]
    fn blocks_outside_a_runtime_and_refuses_inside_one() {
        let blocking = Blocking::new().expect("runtime");
        let answer: Result<u8, SdkError<Unhandled>> = blocking.block_on("Test", async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            Ok(7)
        });
        assert_eq!(answer.expect("ran"), 7);

        let outer = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let refused = outer.block_on(async { blocking.block_on("Test", async { Ok::<u8, SdkError<Unhandled>>(7) }) });
        let err = refused.expect_err("refused inside a runtime");
        assert!(
            matches!(err, SdkError::ConstructionFailure(_)) && err.to_string().contains("inside an async runtime"),
            "{err}"
        );
        // Dropped inside a runtime: no panic.
        outer.block_on(async move { drop(blocking) });
    }
}

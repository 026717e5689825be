//! Waiting: retry delays and time limits.
//!
//! The client waits through an [`AsyncSleep`] (tokio's timer by default), so tests can
//! substitute one that returns at once and records what it was asked for. [`timeout`]
//! races a future against a sleep without needing tokio's macros.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::boxed::BoxFuture;

/// Sleeps.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps with tokio's timer (needs a tokio runtime, as the HTTP clients do).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// `future`, unless `limit` passes first (then `None`); no limit, no race. The timer is
/// only started if the future is not ready when first polled.
pub async fn timeout<F: Future>(sleep: &dyn AsyncSleep, limit: Option<Duration>, future: F) -> Option<F::Output> {
    match limit {
        None => Some(future.await),
        Some(limit) => Race { future: std::pin::pin!(future), sleep, limit, deadline: None }.await,
    }
}

/// Completes with the future's output, or `None` when the deadline fires first.
struct Race<'f, F: Future> {
    future: Pin<&'f mut F>,
    sleep: &'f dyn AsyncSleep,
    limit: Duration,
    deadline: Option<BoxFuture<'static, ()>>,
}

impl<F: Future> Future for Race<'_, F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        let Race { sleep, limit, deadline, .. } = &mut *self;
        match deadline.get_or_insert_with(|| sleep.sleep(*limit)).as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_deadline_wins_over_a_slow_future_and_loses_to_a_fast_one() {
        let slow = tokio::time::sleep(Duration::from_secs(30));
        assert_eq!(timeout(&TokioSleep, Some(Duration::from_millis(10)), slow).await, None);
        assert_eq!(timeout(&TokioSleep, Some(Duration::from_secs(30)), async { 7 }).await, Some(7));
        assert_eq!(timeout(&TokioSleep, None, async { 8 }).await, Some(8));
    }

    /// Panics if asked to sleep: a ready future must not start a timer.
    #[derive(Debug)]
    struct NoSleep;

    impl AsyncSleep for NoSleep {
        fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
            panic!("a timer of {duration:?} was started")
        }
    }

    #[tokio::test]
    async fn a_ready_future_starts_no_timer() {
        assert_eq!(timeout(&NoSleep, Some(Duration::from_secs(1)), async { 9 }).await, Some(9));
    }
}

//! A cache every refreshable provider sits behind.
//!
//! It hands out the cached credentials until they are within the refresh buffer of their
//! expiry (5 minutes by default), then refreshes them: one refresh at a time however many
//! callers are waiting (they all get its result), bounded by its own load timeout. An error
//! is never cached; if a refresh fails while the cached credentials are still valid, those
//! are served and the next call tries again.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::sleep::{AsyncSleep, TokioSleep, timeout};
use crate::transport::BoxFuture;

/// The clock the cache reads.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Caches what a provider gives.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    cached: Mutex<Option<Credentials>>,
    refresh: tokio::sync::Mutex<()>,
    buffer: Duration,
    load_timeout: Duration,
    sleep: Arc<dyn AsyncSleep>,
    now: Clock,
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("buffer", &self.buffer)
            .field("load_timeout", &self.load_timeout)
            .finish_non_exhaustive()
    }
}

impl CredentialsCache {
    /// A cache of `provider` with a 5-minute refresh buffer and a 30-second load timeout.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            provider: Arc::new(provider),
            cached: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
            buffer: Duration::from_secs(300),
            load_timeout: Duration::from_secs(30),
            sleep: Arc::new(TokioSleep),
            now: Arc::new(SystemTime::now),
        }
    }

    /// Refreshes `buffer` before expiry instead of 5 minutes.
    pub fn with_refresh_buffer(mut self, buffer: Duration) -> Self {
        self.buffer = buffer;
        self
    }

    /// Gives up a load after `limit` instead of 30 seconds.
    pub fn with_load_timeout(mut self, limit: Duration) -> Self {
        self.load_timeout = limit;
        self
    }

    /// Reads time from `now` (tests move it forward).
    pub fn with_clock(mut self, now: Clock) -> Self {
        self.now = now;
        self
    }

    /// Waits with `sleep` for the load timeout.
    pub fn with_sleep(mut self, sleep: Arc<dyn AsyncSleep>) -> Self {
        self.sleep = sleep;
        self
    }

    fn cached(&self) -> Option<Credentials> {
        self.cached.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether `credentials` need no refresh yet.
    fn fresh(&self, credentials: &Credentials) -> bool {
        credentials.expiry().is_none_or(|expiry| (self.now)() + self.buffer < expiry)
    }

    /// Whether `credentials` still work.
    fn valid(&self, credentials: &Credentials) -> bool {
        credentials.expiry().is_none_or(|expiry| (self.now)() < expiry)
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cached().filter(|c| self.fresh(c)) {
            return Ok(c);
        }
        let _refreshing = self.refresh.lock().await;
        // Whoever held the lock before may have refreshed already.
        let cached = self.cached();
        if let Some(c) = cached.as_ref().filter(|c| self.fresh(c)) {
            return Ok(c.clone());
        }
        let loaded = match timeout(&*self.sleep, Some(self.load_timeout), self.provider.provide_credentials()).await {
            Some(result) => result,
            None => Err(CredentialsError::new(format!(
                "loading credentials took longer than {:?} (the cache's load timeout)",
                self.load_timeout
            ))),
        };
        match loaded {
            Ok(fresh) => {
                *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some(fresh.clone());
                Ok(fresh)
            }
            Err(error) => match cached.filter(|c| self.valid(c)) {
                Some(still_valid) => {
                    tracing::warn!(%error, "refreshing credentials failed; the cached ones are still valid");
                    Ok(still_valid)
                }
                None => Err(error),
            },
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

    /// Counts loads; each gives credentials expiring an hour after `now`, or fails.
    #[derive(Debug)]
    struct Counting {
        loads: Arc<AtomicU32>,
        now: Arc<AtomicU64>,
        fail: Arc<std::sync::atomic::AtomicBool>,
        delay: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(self.delay).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(CredentialsError::new("STS is down"));
                }
                let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst) + 3600);
                Ok(Credentials::new(format!("KEY{n}"), "secret", None, Some(expiry)))
            })
        }
    }

    fn setup(
        delay: Duration,
    ) -> (Arc<CredentialsCache>, Arc<AtomicU32>, Arc<AtomicU64>, Arc<std::sync::atomic::AtomicBool>) {
        let loads = Arc::new(AtomicU32::new(0));
        let now = Arc::new(AtomicU64::new(1_000_000));
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let provider = Counting { loads: loads.clone(), now: now.clone(), fail: fail.clone(), delay };
        let clock_now = now.clone();
        let cache = CredentialsCache::new(provider).with_clock(Arc::new(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst))
        }));
        (Arc::new(cache), loads, now, fail)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_callers_at_expiry_cause_one_load() {
        let (cache, loads, now, _) = setup(Duration::from_millis(50));
        assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "KEY1");
        now.fetch_add(3600 - 60, Ordering::SeqCst); // inside the 5-minute buffer
        let tasks: Vec<_> = (0..1000)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await.map(|c| c.access_key_id().to_owned()) })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), "KEY2");
        }
        assert_eq!(loads.load(Ordering::SeqCst), 2, "one initial load and exactly one refresh");
    }

    #[tokio::test]
    async fn errors_are_not_cached_and_valid_credentials_outlive_a_failed_refresh() {
        let (cache, loads, now, fail) = setup(Duration::ZERO);
        fail.store(true, Ordering::SeqCst);
        assert!(cache.provide_credentials().await.is_err());
        assert!(cache.provide_credentials().await.is_err());
        assert_eq!(loads.load(Ordering::SeqCst), 2, "the error was not cached");
        fail.store(false, Ordering::SeqCst);
        assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "KEY3");
        now.fetch_add(3600 - 60, Ordering::SeqCst);
        fail.store(true, Ordering::SeqCst);
        assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "KEY3", "still valid, so served");
        now.fetch_add(120, Ordering::SeqCst);
        assert!(cache.provide_credentials().await.is_err(), "expired and no refresh");
    }

    #[tokio::test]
    async fn a_load_is_bounded_by_its_own_timeout() {
        let (cache, _, _, _) = setup(Duration::from_secs(30));
        let cache = Arc::try_unwrap(cache).unwrap().with_load_timeout(Duration::from_millis(50));
        let err = cache.provide_credentials().await.unwrap_err();
        assert!(err.to_string().contains("load timeout"), "{err}");
    }
}

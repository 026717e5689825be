//! A cache every refreshable provider sits behind.
//!
//! It hands out the cached credentials until their refresh point, then loads new ones: one
//! load at a time however many callers are waiting, and every caller that waited gets that
//! load's result, success or error (an error is never cached: the next call tries again).
//!
//! The refresh point is the refresh buffer (5 minutes by default) before expiry. Credentials
//! that arrive with less life than that (a fast local clock, a source that hands out
//! credentials near their end) are used until shortly before they expire instead of being
//! reloaded on every call: they are refreshed two safety margins (10 seconds each) before
//! expiry and given out until one margin before. While a refresh is running, callers get the
//! cached credentials if they are still usable, and wait only when they are not. If a
//! refresh fails while the cached credentials are still valid, those are served. Waiting is
//! bounded by the load timeout.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;
use crate::sleep::{AsyncSleep, TokioSleep, timeout};

/// The clock the cache reads.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// How close to expiry credentials are still handed out.
const SAFETY_MARGIN: Duration = Duration::from_secs(10);

type LoadResult = Result<Credentials, CredentialsError>;

/// Caches what a provider gives.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    state: Mutex<State>,
    buffer: Duration,
    load_timeout: Duration,
    sleep: Arc<dyn AsyncSleep>,
    now: Clock,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// The load in flight: its result appears here once, for every waiter.
    loading: Option<watch::Receiver<Option<LoadResult>>>,
}

struct Cached {
    credentials: Credentials,
    /// From then on the next caller starts a refresh (never, without an expiry).
    refresh_at: Option<SystemTime>,
    /// Until then the credentials are given out, even while a refresh runs.
    usable_until: Option<SystemTime>,
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

/// What a caller does, decided under the lock.
enum Step {
    Serve(Credentials),
    Wait(watch::Receiver<Option<LoadResult>>),
    Load(watch::Sender<Option<LoadResult>>, Option<Credentials>),
}

impl CredentialsCache {
    /// A cache of `provider` with a 5-minute refresh buffer and a 30-second load timeout.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            provider: Arc::new(provider),
            state: Mutex::new(State::default()),
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

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// When credentials loaded at `now` are refreshed, and until when they are given out.
    fn schedule(&self, credentials: Credentials, now: SystemTime) -> Cached {
        let Some(expiry) = credentials.expiry() else {
            return Cached { credentials, refresh_at: None, usable_until: None };
        };
        let usable_until = expiry.checked_sub(SAFETY_MARGIN).unwrap_or(expiry);
        let refresh_at = if now + self.buffer < expiry {
            expiry.checked_sub(self.buffer)
        } else {
            // Arrived inside the buffer: reloading at once would reload on every call.
            expiry.checked_sub(2 * SAFETY_MARGIN)
        };
        Cached { credentials, refresh_at: Some(refresh_at.unwrap_or(usable_until)), usable_until: Some(usable_until) }
    }

    fn step(&self) -> Step {
        let now = (self.now)();
        let mut state = self.state();
        let usable = state.cached.as_ref().filter(|c| c.usable_until.is_none_or(|until| now < until));
        if let Some(c) = usable
            && (c.refresh_at.is_none_or(|at| now < at) || state.loading.is_some())
        {
            return Step::Serve(c.credentials.clone());
        }
        let usable = usable.map(|c| c.credentials.clone());
        if let Some(loading) = &state.loading {
            return Step::Wait(loading.clone());
        }
        let (sender, receiver) = watch::channel(None);
        state.loading = Some(receiver);
        Step::Load(sender, usable)
    }

    async fn get(&self) -> LoadResult {
        loop {
            match self.step() {
                Step::Serve(credentials) => return Ok(credentials),
                Step::Load(sender, usable) => return self.load(sender, usable).await,
                Step::Wait(mut receiver) => {
                    let waited =
                        timeout(&*self.sleep, Some(self.load_timeout), receiver.wait_for(Option::is_some)).await;
                    match waited {
                        Some(Ok(result)) => {
                            if let Some(result) = result.as_ref() {
                                return result.clone();
                            }
                        }
                        // The caller running the load went away before it ended: the next
                        // turn of the loop starts another.
                        Some(Err(_)) => continue,
                        None => return Err(self.timed_out()),
                    }
                }
            }
        }
    }

    fn timed_out(&self) -> CredentialsError {
        CredentialsError::new(format!(
            "loading credentials took longer than {:?} (the cache's load timeout)",
            self.load_timeout
        ))
    }

    /// Runs the one load, publishes its result to the waiters and caches what it gave.
    async fn load(&self, sender: watch::Sender<Option<LoadResult>>, usable: Option<Credentials>) -> LoadResult {
        // If this future is dropped mid-load, the guard lets the next caller load again.
        let guard = Loading { cache: self, sender };
        let loaded = timeout(&*self.sleep, Some(self.load_timeout), self.provider.provide_credentials())
            .await
            .unwrap_or_else(|| Err(self.timed_out()));
        let result = match loaded {
            Ok(fresh) => {
                let scheduled = self.schedule(fresh.clone(), (self.now)());
                self.state().cached = Some(scheduled);
                Ok(fresh)
            }
            Err(error) => match usable {
                Some(still_valid) => {
                    tracing::warn!(%error, "refreshing credentials failed; the cached ones are still valid");
                    Ok(still_valid)
                }
                None => Err(error),
            },
        };
        guard.finish(result.clone());
        result
    }
}

/// The load in flight; ending it (or dropping it) clears the cache's `loading`.
struct Loading<'a> {
    cache: &'a CredentialsCache,
    sender: watch::Sender<Option<LoadResult>>,
}

impl Loading<'_> {
    fn finish(self, result: LoadResult) {
        self.clear();
        self.sender.send_replace(Some(result));
    }

    fn clear(&self) {
        let mut state = self.cache.state();
        if state.loading.as_ref().is_some_and(|r| r.same_channel(&self.sender.subscribe())) {
            state.loading = None;
        }
    }
}

impl Drop for Loading<'_> {
    fn drop(&mut self) {
        self.clear();
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
    use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

    /// Counts loads; each gives credentials expiring `valid_for` seconds after `now`, or
    /// fails, after `delay`.
    #[derive(Debug)]
    struct Counting {
        loads: Arc<AtomicU32>,
        now: Arc<AtomicU64>,
        valid_for: u64,
        fail: Arc<AtomicBool>,
        delay: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(self.delay).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(CredentialsError::new(format!("STS is down (load {n})")));
                }
                let expiry =
                    SystemTime::UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst) + self.valid_for);
                Ok(Credentials::new(format!("KEY{n}"), "secret", None, Some(expiry), "test"))
            })
        }
    }

    struct Setup {
        cache: Arc<CredentialsCache>,
        loads: Arc<AtomicU32>,
        now: Arc<AtomicU64>,
        fail: Arc<AtomicBool>,
    }

    fn setup(delay: Duration, valid_for: u64) -> Setup {
        let loads = Arc::new(AtomicU32::new(0));
        let now = Arc::new(AtomicU64::new(1_000_000));
        let fail = Arc::new(AtomicBool::new(false));
        let provider = Counting { loads: loads.clone(), now: now.clone(), valid_for, fail: fail.clone(), delay };
        let clock_now = now.clone();
        let cache = CredentialsCache::new(provider).with_clock(Arc::new(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst))
        }));
        Setup { cache: Arc::new(cache), loads, now, fail }
    }

    /// `callers` concurrent calls; what each got (the key, or the error's text).
    async fn concurrently(cache: &Arc<CredentialsCache>, callers: usize) -> Vec<Result<String, String>> {
        let tasks: Vec<_> = (0..callers)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move {
                    cache.provide_credentials().await.map(|c| c.access_key_id().to_owned()).map_err(|e| e.to_string())
                })
            })
            .collect();
        let mut out = Vec::new();
        for task in tasks {
            out.push(task.await.expect("task"));
        }
        out
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_callers_at_expiry_cause_one_load() {
        let t = setup(Duration::from_millis(50), 3600);
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY1");
        t.now.fetch_add(3600 - 5, Ordering::SeqCst); // within the safety margin: unusable
        let got = concurrently(&t.cache, 1000).await;
        assert!(got.iter().all(|g| g.as_deref() == Ok("KEY2")), "{:?}", &got[..3]);
        assert_eq!(t.loads.load(Ordering::SeqCst), 2, "one initial load and exactly one refresh");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_during_a_refresh_get_the_still_usable_credentials_without_waiting() {
        let t = setup(Duration::from_millis(200), 3600);
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY1");
        t.now.fetch_add(3600 - 60, Ordering::SeqCst); // inside the buffer, a minute left
        let refresher = {
            let cache = t.cache.clone();
            tokio::spawn(async move { cache.provide_credentials().await.map(|c| c.access_key_id().to_owned()) })
        };
        while t.loads.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        let got = concurrently(&t.cache, 100).await;
        assert!(got.iter().all(|g| g.as_deref() == Ok("KEY1")), "served the cached credentials: {:?}", &got[..3]);
        assert_eq!(refresher.await.unwrap().unwrap(), "KEY2");
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY2");
        assert_eq!(t.loads.load(Ordering::SeqCst), 2);
    }

    /// Credentials that arrive with less life than the refresh buffer are used, not
    /// reloaded on every call.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn five_hundred_callers_with_short_lived_credentials_cause_one_load() {
        let t = setup(Duration::from_millis(20), 120);
        let got = concurrently(&t.cache, 500).await;
        assert!(got.iter().all(|g| g.as_deref() == Ok("KEY1")), "{:?}", &got[..3]);
        assert_eq!(t.loads.load(Ordering::SeqCst), 1, "exactly one load");
        t.now.fetch_add(90, Ordering::SeqCst);
        assert!(concurrently(&t.cache, 500).await.iter().all(|g| g.as_deref() == Ok("KEY1")));
        assert_eq!(t.loads.load(Ordering::SeqCst), 1, "still in use 30 s before expiry");
        t.now.fetch_add(15, Ordering::SeqCst); // 15 s left: past the refresh point, still usable
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY2");
        assert_eq!(t.loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_during_a_failing_load_share_its_error_and_the_next_call_tries_again() {
        for callers in [10, 1000] {
            let t = setup(Duration::from_millis(100), 3600);
            t.fail.store(true, Ordering::SeqCst);
            let got = concurrently(&t.cache, callers).await;
            assert_eq!(t.loads.load(Ordering::SeqCst), 1, "{callers} callers: exactly one load");
            assert!(got.iter().all(|g| g.as_ref().is_err_and(|e| e == "STS is down (load 1)")), "{:?}", &got[..3]);
            t.fail.store(false, Ordering::SeqCst);
            assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY2", "errors are not cached");
        }
    }

    #[tokio::test]
    async fn errors_are_not_cached_and_valid_credentials_outlive_a_failed_refresh() {
        let t = setup(Duration::ZERO, 3600);
        t.fail.store(true, Ordering::SeqCst);
        assert!(t.cache.provide_credentials().await.is_err());
        assert!(t.cache.provide_credentials().await.is_err());
        assert_eq!(t.loads.load(Ordering::SeqCst), 2, "the error was not cached");
        t.fail.store(false, Ordering::SeqCst);
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY3");
        t.now.fetch_add(3600 - 60, Ordering::SeqCst);
        t.fail.store(true, Ordering::SeqCst);
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY3", "still valid, so served");
        assert_eq!(t.loads.load(Ordering::SeqCst), 4, "it did try to refresh");
        t.now.fetch_add(120, Ordering::SeqCst);
        assert!(t.cache.provide_credentials().await.is_err(), "expired and no refresh");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_load_and_its_waiters_are_bounded_by_the_load_timeout() {
        let t = setup(Duration::from_secs(30), 3600);
        let cache =
            Arc::new(Arc::try_unwrap(t.cache).expect("one owner").with_load_timeout(Duration::from_millis(100)));
        let got = concurrently(&cache, 20).await;
        for g in &got {
            assert!(g.as_ref().is_err_and(|e| e.contains("load timeout")), "{g:?}");
        }
        assert_eq!(t.loads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_mid_load_does_not_stall_the_next() {
        let t = setup(Duration::from_millis(300), 3600);
        let abandoned = tokio::time::timeout(Duration::from_millis(20), t.cache.provide_credentials()).await;
        assert!(abandoned.is_err(), "the first caller gave up");
        assert_eq!(t.cache.provide_credentials().await.unwrap().access_key_id(), "KEY2");
        assert_eq!(t.loads.load(Ordering::SeqCst), 2);
    }
}

//! Retries: the AWS standard retry mode, and its 2026 revision.
//!
//! A failed attempt is retried when it is transient (throttling, a 5xx, a connection or
//! I/O error, a timeout, a code the service's model lists as transient such as STS's
//! `IDPCommunicationError`), attempts remain, and the client's
//! retry quota (a token bucket shared by every call of the client) can pay for it. The
//! delay is full jitter: `random[0,1) * min(base * 2^(retry-1), 20 s)`, or what the
//! service asks for in `x-amz-retry-after`, within limits.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Which retry behaviour to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// The standard mode: base delay 1 s, a retry costs 5 quota tokens (10 after a
    /// timeout or connection error), `x-amz-retry-after` honoured up to the 20 s cap.
    #[default]
    Standard,
    /// The 2026 revision: base delay 50 ms for errors that are not throttling (1 s for
    /// throttling), a retry costs 14 tokens (5 for throttling), and `x-amz-retry-after`
    /// is clamped to `[t, t + 5 s]` around the computed delay `t`.
    Standard2026,
}

/// How many attempts, and in which mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode, 3 attempts.
    pub const fn standard() -> Self {
        Self { mode: RetryMode::Standard, max_attempts: 3 }
    }

    /// The 2026 revision of standard mode, 3 attempts.
    pub const fn standard_2026() -> Self {
        Self { mode: RetryMode::Standard2026, max_attempts: 3 }
    }

    /// One attempt, no retry.
    pub const fn disabled() -> Self {
        Self { mode: RetryMode::Standard, max_attempts: 1 }
    }

    /// At most `max_attempts` attempts in all (at least 1).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// The mode.
    pub const fn mode(&self) -> RetryMode {
        self.mode
    }

    /// The most attempts a call makes.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Why a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked us to slow down.
    Throttling,
    /// A server error or a transient service error code.
    Transient,
    /// A timeout, or a connection that failed or broke.
    Connection,
}

/// Error codes that mean "slow down" in every AWS service.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes that are transient whatever their HTTP status, for every service (each
/// service adds its own, from the generator's table: STS's `IDPCommunicationError`).
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses that are transient.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// How a service error is retried, from its code and HTTP status; `service_codes` are the
/// codes the service itself has that are transient.
pub fn classify_service_error(code: &str, status: u16, service_codes: &[&str]) -> Option<RetryKind> {
    if THROTTLING_CODES.contains(&code) || status == 429 {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_CODES.contains(&code) || service_codes.contains(&code) || TRANSIENT_STATUSES.contains(&status) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// The most a retry waits.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// What the retry quota holds when full.
pub const QUOTA_CAPACITY: u32 = 500;

/// The retry quota of one client: retries spend tokens, successes give some back, so a
/// failing service is not hammered by every caller at once.
#[derive(Debug)]
pub struct RetryQuota {
    // An atomic, not a mutex: every successful call of every task touches it.
    available: AtomicU32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self { available: AtomicU32::new(QUOTA_CAPACITY) }
    }
}

impl RetryQuota {
    /// Takes `cost` tokens for a retry; `false` (and nothing taken) if there are too few.
    pub fn acquire(&self, cost: u32) -> bool {
        self.available.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| a.checked_sub(cost)).is_ok()
    }

    /// Gives back `amount` tokens (never above capacity).
    pub fn release(&self, amount: u32) {
        // A full quota (the usual case) is left untouched, so no cache line bounces.
        if amount == 0 || self.available.load(Ordering::Relaxed) >= QUOTA_CAPACITY {
            return;
        }
        let _ = self.available.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| {
            (a < QUOTA_CAPACITY).then(|| a.saturating_add(amount).min(QUOTA_CAPACITY))
        });
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Relaxed)
    }
}

impl RetryConfig {
    /// The quota tokens a retry after a failure of `kind` costs.
    pub fn cost(&self, kind: RetryKind) -> u32 {
        match (self.mode, kind) {
            (RetryMode::Standard, RetryKind::Connection) => 10,
            (RetryMode::Standard, _) => 5,
            (RetryMode::Standard2026, RetryKind::Throttling) => 5,
            (RetryMode::Standard2026, _) => 14,
        }
    }

    /// The delay before retry number `retry` (1 for the first retry) after a failure of
    /// `kind`, with `random` in `[0, 1)` and the service's `x-amz-retry-after`, if any.
    pub fn delay(&self, retry: u32, kind: RetryKind, random: f64, retry_after: Option<Duration>) -> Duration {
        let base = match (self.mode, kind) {
            (RetryMode::Standard2026, RetryKind::Transient | RetryKind::Connection) => Duration::from_millis(50),
            _ => Duration::from_secs(1),
        };
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = base.saturating_mul(1u32 << exponent).min(MAX_BACKOFF);
        let computed = ceiling.mul_f64(random.clamp(0.0, 1.0));
        match (self.mode, retry_after) {
            (_, None) => computed,
            (RetryMode::Standard, Some(asked)) => asked.min(MAX_BACKOFF),
            (RetryMode::Standard2026, Some(asked)) => asked.clamp(computed, computed + Duration::from_secs(5)),
        }
    }
}

/// A number in `[0, 1)` for jitter.
pub fn jitter() -> f64 {
    (crate::random::random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let sts: &[&str] = &["IDPCommunicationError"];
        assert_eq!(classify_service_error("Throttling", 400, sts), Some(RetryKind::Throttling));
        assert_eq!(classify_service_error("Anything", 429, sts), Some(RetryKind::Throttling));
        assert_eq!(classify_service_error("IDPCommunicationError", 400, sts), Some(RetryKind::Transient));
        assert_eq!(classify_service_error("IDPCommunicationError", 400, &[]), None, "only where the service says");
        assert_eq!(classify_service_error("RequestTimeout", 400, &[]), Some(RetryKind::Transient));
        assert_eq!(classify_service_error("InternalError", 503, sts), Some(RetryKind::Transient));
        assert_eq!(classify_service_error("AccessDenied", 403, sts), None);
        assert_eq!(classify_service_error("MalformedPolicyDocument", 400, sts), None);
    }

    #[test]
    fn full_jitter_backoff_is_capped() {
        let standard = RetryConfig::standard();
        assert_eq!(standard.delay(1, RetryKind::Transient, 0.5, None), Duration::from_millis(500));
        assert_eq!(standard.delay(3, RetryKind::Throttling, 0.5, None), Duration::from_secs(2));
        assert_eq!(standard.delay(10, RetryKind::Transient, 0.99, None), MAX_BACKOFF.mul_f64(0.99));
        assert_eq!(standard.delay(1, RetryKind::Transient, 0.0, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(standard.delay(1, RetryKind::Transient, 0.0, Some(Duration::from_secs(60))), MAX_BACKOFF);
        let new = RetryConfig::standard_2026();
        assert_eq!(new.delay(2, RetryKind::Transient, 0.5, None), Duration::from_millis(50));
        assert_eq!(new.delay(2, RetryKind::Throttling, 0.5, None), Duration::from_secs(1));
        let t = new.delay(1, RetryKind::Throttling, 0.5, None);
        assert_eq!(new.delay(1, RetryKind::Throttling, 0.5, Some(Duration::ZERO)), t);
        assert_eq!(new.delay(1, RetryKind::Throttling, 0.5, Some(Duration::from_secs(60))), t + Duration::from_secs(5));
    }

    #[test]
    fn costs_and_quota() {
        assert_eq!(RetryConfig::standard().cost(RetryKind::Throttling), 5);
        assert_eq!(RetryConfig::standard().cost(RetryKind::Connection), 10);
        assert_eq!(RetryConfig::standard_2026().cost(RetryKind::Transient), 14);
        assert_eq!(RetryConfig::standard_2026().cost(RetryKind::Throttling), 5);
        let quota = RetryQuota::default();
        for _ in 0..100 {
            assert!(quota.acquire(5));
        }
        assert!(!quota.acquire(5));
        quota.release(1000);
        assert_eq!(quota.available(), QUOTA_CAPACITY);
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let values: Vec<f64> = (0..100).map(|_| jitter()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        assert!(values.windows(2).any(|w| w[0] != w[1]));
    }
}

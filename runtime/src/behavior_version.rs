//! Which defaults a client takes, named by the date they were introduced, as `aws-sdk-sts`
//! names them.
//!
//! Only one default changes with the version today: the retry mode. Up to
//! [`BehaviorVersion::v2026_01_12`] it is standard mode; from
//! [`BehaviorVersion::v2026_11_10`] ([`latest`](BehaviorVersion::latest)) it is the 2026
//! revision of standard mode ([`RetryMode::Standard2026`](crate::retry::RetryMode)). A
//! config that names no version keeps standard mode; a retry configuration set on the
//! builder wins over either.

use crate::retry::RetryConfig;

/// Which defaults a client takes: see [the module](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BehaviorVersion(Version);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Version {
    // Oldest first: the order is the derived `Ord`.
    V2023_11_09,
    V2024_03_28,
    V2025_01_17,
    V2025_08_07,
    V2026_01_12,
    V2026_11_10,
}

impl BehaviorVersion {
    /// The newest defaults: today [`v2026_11_10`](Self::v2026_11_10).
    pub const fn latest() -> Self {
        Self::v2026_11_10()
    }

    /// November 10th, 2026: retries follow the 2026 revision of standard mode.
    pub const fn v2026_11_10() -> Self {
        Self(Version::V2026_11_10)
    }

    /// January 12th, 2026: standard-mode retries, 3 attempts.
    pub const fn v2026_01_12() -> Self {
        Self(Version::V2026_01_12)
    }

    /// August 7th, 2025: as [`v2026_01_12`](Self::v2026_01_12) here.
    pub const fn v2025_08_07() -> Self {
        Self(Version::V2025_08_07)
    }

    /// January 17th, 2025: as [`v2026_01_12`](Self::v2026_01_12) here.
    pub const fn v2025_01_17() -> Self {
        Self(Version::V2025_01_17)
    }

    /// March 28th, 2024: as [`v2026_01_12`](Self::v2026_01_12) here.
    pub const fn v2024_03_28() -> Self {
        Self(Version::V2024_03_28)
    }

    /// November 9th, 2023: as [`v2026_01_12`](Self::v2026_01_12) here.
    pub const fn v2023_11_09() -> Self {
        Self(Version::V2023_11_09)
    }

    /// Whether this version is `other` or newer.
    pub fn is_at_least(&self, other: BehaviorVersion) -> bool {
        *self >= other
    }

    /// How calls are retried when the config sets no retry configuration.
    pub fn retry_config(&self) -> RetryConfig {
        if self.is_at_least(Self::v2026_11_10()) { RetryConfig::standard_2026() } else { RetryConfig::standard() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::RetryMode;

    #[test]
    fn the_2026_retry_revision_starts_with_its_version() {
        assert_eq!(BehaviorVersion::latest().retry_config().mode(), RetryMode::Standard2026);
        assert_eq!(BehaviorVersion::v2026_01_12().retry_config().mode(), RetryMode::Standard);
        assert_eq!(BehaviorVersion::v2023_11_09().retry_config().mode(), RetryMode::Standard);
        assert!(BehaviorVersion::latest().is_at_least(BehaviorVersion::v2025_08_07()));
        assert!(!BehaviorVersion::v2024_03_28().is_at_least(BehaviorVersion::v2025_01_17()));
    }
}

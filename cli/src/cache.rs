//! An optional on-disk cache (`--cache`), so that `credential_process` and `kubectl` get an
//! answer in milliseconds on repeat: one file per request (its key hashed into the name),
//! mode 0600 in a directory of mode 0700, under `STS_CLI_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/sts-cli`, else `~/.cache/sts-cli`. An entry is used until five minutes
//! before it expires; only successes are written; an unreadable entry is a miss.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::files;

/// How long before its expiry an entry stops being used.
const AHEAD: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache directory the environment names, if a home or cache directory is known.
    pub(crate) fn from_env() -> Option<Self> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let dir = var("STS_CLI_CACHE_DIR")
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("sts-cli")))
            .or_else(|| var("HOME").map(|h| h.join(".cache").join("sts-cli")))?;
        Some(Self { dir })
    }

    fn path(&self, key: &str) -> PathBuf {
        // FNV-1a: stable across runs and platforms, and enough to tell a few keys apart.
        let hash =
            key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        self.dir.join(format!("{hash:016x}.json"))
    }

    /// The entry for `key` if it has more than five minutes left at `now`.
    pub(crate) fn get(&self, key: &str, now: SystemTime) -> Option<serde_json::Value> {
        let text = fs::read_to_string(self.path(key)).ok()?;
        let entry: serde_json::Value = serde_json::from_str(&text).ok()?;
        if entry.get("Key")?.as_str()? != key {
            return None;
        }
        let expires = entry.get("ExpiresAt")?.as_u64()?;
        // A time past what `SystemTime` holds (a damaged entry) is a miss, not a panic.
        let left = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(expires))?.duration_since(now).ok()?;
        (left > AHEAD).then(|| entry.get("Value").cloned()).flatten()
    }

    /// Keeps `value` for `key` until `expires`; a failure to write is only a lost cache.
    pub(crate) fn put(&self, key: &str, expires: SystemTime, value: serde_json::Value) {
        let expires_at = expires.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let entry = serde_json::json!({ "Key": key, "ExpiresAt": expires_at, "Value": value });
        let _ = files::create_private_dir(&self.dir)
            .and_then(|()| files::write_whole(&self.path(key), entry.to_string().as_bytes(), 0o600));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_live_until_five_minutes_before_expiry_and_only_for_their_key() {
        let dir = std::env::temp_dir().join(format!("sts-cli-cache-{}", std::process::id()));
        let cache = Cache { dir: dir.clone() };
        let now = SystemTime::now();
        cache.put("a", now + Duration::from_secs(3600), serde_json::json!({"x": 1}));
        assert_eq!(cache.get("a", now), Some(serde_json::json!({"x": 1})));
        assert_eq!(cache.get("a", now + Duration::from_secs(3600 - 299)), None, "within five minutes");
        assert_eq!(cache.get("b", now), None);
        fs::write(cache.path("a"), "{broken").unwrap_or_default();
        assert_eq!(cache.get("a", now), None, "a broken entry is a miss");
        let never = serde_json::json!({ "Key": "a", "ExpiresAt": u64::MAX, "Value": 1 });
        fs::write(cache.path("a"), never.to_string()).unwrap_or_default();
        assert_eq!(cache.get("a", now), None, "a time no clock holds is a miss");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            cache.put("c", now + Duration::from_secs(3600), serde_json::json!(1));
            let mode = fs::metadata(cache.path("c")).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
            assert_eq!(mode, 0o600);
        }
        let _ = fs::remove_dir_all(dir);
    }
}

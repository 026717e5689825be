//! `cargo xtask package [--allow-dirty]`: `cargo publish --dry-run` of the three published
//! crates, in dependency order (sts-runtime, sts-sdk, sts-cli): each is packaged, then
//! built from its `.crate` alone, the crates before it coming from a temporary local
//! registry, as they would come from crates.io.
//!
//! Cargo takes a registry crate of a given version to be immutable, but the local registry
//! holds this tree's crates, which change without a new version. Two things would then be
//! stale from an earlier run: the sources cargo unpacked from that registry
//! (`$CARGO_HOME/registry/src/-HASH/NAME-VERSION`, kept while their `.cargo-ok` is there)
//! and their compiled artifacts (fingerprinted by name and version alone). Both are removed
//! first, and the check builds in a target directory of its own, so a sts-sdk from this tree
//! is never compiled against a sts-runtime from an earlier one.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::test::cargo;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The published crates, in the order they are published.
pub(crate) const PUBLISHED: &[&str] = &["sts-runtime", "sts-sdk", "sts-cli"];

/// Runs the dry run; `allow_dirty` lets it package uncommitted changes.
pub(crate) fn run(root: &Path, allow_dirty: bool) -> Result<bool> {
    let target = root.join("target/package-check");
    let removed = remove_stale(&cargo_home()?, &target)?;
    if removed > 0 {
        println!("removed {removed} stale unpacked or compiled copies of the published crates");
    }
    let mut command = Command::new(cargo());
    command.current_dir(root).args(["publish", "--dry-run", "--locked", "--target-dir"]).arg(&target);
    for name in PUBLISHED {
        command.args(["-p", name]);
    }
    if allow_dirty {
        command.arg("--allow-dirty");
    }
    Ok(command.status()?.success())
}

/// `$CARGO_HOME`, or `~/.cargo`.
fn cargo_home() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Ok(PathBuf::from(home));
    }
    let home = std::env::var_os("HOME").ok_or("neither CARGO_HOME nor HOME is set")?;
    Ok(PathBuf::from(home).join(".cargo"))
}

/// Removes what an earlier run left of the published crates: their sources unpacked from
/// local registries (the registry folders whose names start with `-`, which have no host;
/// crates.io's never hold these names) and the fingerprints of their builds under `target`.
/// Returns how many folders went.
fn remove_stale(cargo_home: &Path, target: &Path) -> Result<usize> {
    let mut removed = 0;
    let sources = cargo_home.join("registry/src");
    for registry in read_dir(&sources)? {
        let local = registry.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('-'));
        if local {
            removed += remove_matching(&registry, is_versioned_copy)?;
        }
    }
    for profile in ["debug", "release"] {
        removed += remove_matching(&target.join(profile).join(".fingerprint"), is_build_of_published)?;
    }
    Ok(removed)
}

/// `sts-runtime-0.1.0`: a published crate's folder name in a registry's sources.
fn is_versioned_copy(name: &str) -> bool {
    PUBLISHED.iter().any(|crate_name| {
        name.strip_prefix(crate_name)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// `sts-runtime-0a1b2c3d4e5f6a7b`: the fingerprint folder of a build of a published crate.
fn is_build_of_published(name: &str) -> bool {
    PUBLISHED.iter().any(|crate_name| {
        name.strip_prefix(crate_name)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

/// Removes the folders in `dir` whose names `matches`; a missing `dir` has none.
fn remove_matching(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<usize> {
    let mut removed = 0;
    for path in read_dir(dir)? {
        if path.file_name().and_then(|n| n.to_str()).is_some_and(&matches) && path.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The entries of `dir`, none when it does not exist.
fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    match fs::read_dir(dir) {
        Ok(entries) => Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", dir.display()).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_published_crates_copies_and_builds_are_removed() {
        let dir = std::env::temp_dir().join(format!("xtask-package-{}", std::process::id()));
        let home = dir.join("home");
        let target = dir.join("target");
        let keep = [
            home.join("registry/src/index.crates.io-1949cf8c6b5b557f/sts-runtime-0.1.0"),
            home.join("registry/src/-14cd1cce6819ff87/serde-1.0.0"),
            home.join("registry/src/-14cd1cce6819ff87/sts-0.1.23"),
            target.join("debug/.fingerprint/sts-0123456789abcdef"),
            target.join("debug/.fingerprint/sts-runtime-notahash"),
        ];
        let gone = [
            home.join("registry/src/-14cd1cce6819ff87/sts-runtime-0.1.0"),
            home.join("registry/src/-22c3805da5a543b4/sts-sdk-0.2.0"),
            home.join("registry/src/-22c3805da5a543b4/sts-cli-1.0.0-rc.1"),
            target.join("debug/.fingerprint/sts-sdk-0123456789abcdef"),
            target.join("release/.fingerprint/sts-runtime-fedcba9876543210"),
        ];
        for path in keep.iter().chain(&gone) {
            fs::create_dir_all(path).expect("create");
            fs::write(path.join(".cargo-ok"), "").expect("write");
        }
        assert_eq!(remove_stale(&home, &target).expect("remove"), gone.len());
        for path in &keep {
            assert!(path.exists(), "{} was removed", path.display());
        }
        for path in &gone {
            assert!(!path.exists(), "{} is still there", path.display());
        }
        // Nothing left to remove, and a home or target that does not exist is not an error.
        assert_eq!(remove_stale(&home, &target).expect("again"), 0);
        assert_eq!(remove_stale(&dir.join("nowhere"), &dir.join("none")).expect("missing"), 0);
        fs::remove_dir_all(&dir).expect("clean up");
    }
}

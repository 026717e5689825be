//! `cargo xtask msrv`: every package of the locked dependency graph supports the workspace's
//! `rust-version`, as far as each one declares its own. Only the installed stable toolchain
//! exists on these machines, so this, the MSRV-aware resolver (`resolver = "3"`) and clippy's
//! `incompatible_msrv` lint (on in CI's clippy run) are how the MSRV is kept.

use std::path::Path;
use std::process::Command;

use crate::test::cargo;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Checks the lock file's packages; prints the MSRV and any package that needs more.
pub(crate) fn run(root: &Path) -> Result<bool> {
    let output =
        Command::new(cargo()).current_dir(root).args(["metadata", "--format-version", "1", "--locked"]).output()?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let msrv = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "sts-sdk")
        .and_then(|p| p["rust_version"].as_str())
        .ok_or("sts-sdk declares no rust-version")?
        .to_owned();
    let above = needing_more(&metadata, &msrv)?;
    for (name, version, needs) in &above {
        println!("{name} {version} needs Rust {needs}, above the MSRV {msrv}");
    }
    let count = metadata["packages"].as_array().map_or(0, Vec::len);
    println!("MSRV {msrv}: {count} locked packages checked, {} need more", above.len());
    Ok(above.is_empty())
}

/// The packages of `metadata` whose `rust_version` is above `msrv`, as (name, version, needs).
fn needing_more(metadata: &serde_json::Value, msrv: &str) -> Result<Vec<(String, String, String)>> {
    let msrv = parse(msrv).ok_or_else(|| format!("`{msrv}` is not a Rust version"))?;
    let mut above = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let Some(needs) = package["rust_version"].as_str() else { continue };
        if parse(needs).is_some_and(|needs| needs > msrv) {
            let text = |key: &str| package[key].as_str().unwrap_or_default().to_owned();
            above.push((text("name"), text("version"), needs.to_owned()));
        }
    }
    Ok(above)
}

/// `1.88` or `1.88.1` as numbers, for comparing.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.trim().split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_above_the_msrv_are_named_and_the_others_pass() {
        let metadata = serde_json::json!({"packages": [
            {"name": "old", "version": "1.0.0", "rust_version": "1.70"},
            {"name": "same", "version": "2.0.0", "rust_version": "1.88.0"},
            {"name": "undeclared", "version": "0.1.0", "rust_version": null},
            {"name": "new", "version": "3.1.0", "rust_version": "1.90"},
            {"name": "patch", "version": "0.2.0", "rust_version": "1.88.1"},
        ]});
        let above = needing_more(&metadata, "1.88").expect("checked");
        let names: Vec<&str> = above.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["new", "patch"]);
        assert!(needing_more(&metadata, "one.eight").is_err());
    }
}

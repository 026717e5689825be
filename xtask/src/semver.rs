//! `cargo xtask semver [--baseline REV]`: the public API of `sts-runtime` and `sts-sdk`
//! (every feature on) did not break since the last release without the version saying so,
//! checked by cargo-semver-checks against the newest `v*` tag (or `REV`).
//!
//! cargo-semver-checks compares the rustdoc of both trees (the baseline built from git) and
//! fails when a change needs a bigger version step than the one from the baseline's
//! version to the current one: before 1.0, a breaking change needs the minor number to
//! move (the README's "Versions"). Without any release tag there is nothing to compare
//! with: the command then runs the tool with this commit as its own baseline, which shows
//! that it can read these crates and can find nothing to report, and says so.
//!
//! The tool is the pinned release, taken from `PATH` when that is the one there, else
//! installed on first use into `target/tools/` (`cargo install --locked`, a few minutes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::test::cargo;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The cargo-semver-checks release the check is run with.
pub(crate) const TOOL_VERSION: &str = "0.51.0";

/// The library crates whose API is checked (`sts-cli` is a program).
const CHECKED: &[&str] = &["sts-runtime", "sts-sdk"];

/// Checks the API against `baseline`, by default the newest release tag.
pub(crate) fn run(root: &Path, baseline: Option<&str>) -> Result<bool> {
    let (baseline, what) = match baseline {
        Some(rev) => (rev.to_owned(), format!("against {rev}")),
        None => match latest_release_tag(root)? {
            Some(tag) => (tag.clone(), format!("against the last release, {tag}")),
            None => (
                "HEAD".to_owned(),
                "no release is tagged yet (v*), so nothing can have broken: checking that the tool reads \
                 these crates, against this commit itself"
                    .to_owned(),
            ),
        },
    };
    println!("semver: {what}");
    let tool = tool(root)?;
    check(&tool, root, CHECKED, &baseline)
}

/// Runs cargo-semver-checks in the workspace at `dir` for `packages`, every feature on,
/// against git revision `baseline`; whether it found nothing the versions do not allow.
pub(crate) fn check(tool: &Path, dir: &Path, packages: &[&str], baseline: &str) -> Result<bool> {
    let mut command = Command::new(tool);
    command.current_dir(dir).args(["semver-checks", "check-release", "--all-features", "--baseline-rev", baseline]);
    for package in packages {
        command.args(["-p", package]);
    }
    let status = command.status().map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
    Ok(status.success())
}

/// The newest tag of the form `v1.2.3` that `HEAD` descends from, if any.
fn latest_release_tag(root: &Path) -> Result<Option<String>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    // `git describe` fails when no tag matches; anything else is an error.
    if output.status.success() {
        let tag = String::from_utf8(output.stdout)?.trim().to_owned();
        return Ok(Some(tag));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No names found") || stderr.contains("No tags can describe") {
        return Ok(None);
    }
    Err(format!("git describe failed: {}", stderr.trim()).into())
}

/// The pinned cargo-semver-checks: the one on `PATH` if it is that release, else the one in
/// `target/tools/`, installed there first if need be.
pub(crate) fn tool(root: &Path) -> Result<PathBuf> {
    let pinned = |program: &Path| {
        Command::new(program)
            .args(["semver-checks", "--version"])
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).split_whitespace().any(|word| word == TOOL_VERSION))
    };
    let on_path = PathBuf::from("cargo-semver-checks");
    if pinned(&on_path) {
        return Ok(on_path);
    }
    let tools = root.join("target/tools");
    let installed = tools.join("bin/cargo-semver-checks");
    if pinned(&installed) {
        return Ok(installed);
    }
    println!("installing cargo-semver-checks {TOOL_VERSION} into {} (once; a few minutes)", tools.display());
    fs::create_dir_all(&tools)?;
    let status = Command::new(cargo())
        .args(["install", "--quiet", "--locked", "cargo-semver-checks", "--version"])
        .arg(format!("={TOOL_VERSION}"))
        .arg("--root")
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() || !pinned(&installed) {
        return Err(format!("cargo install cargo-semver-checks {TOOL_VERSION} failed").into());
    }
    Ok(installed)
}

/// Shows that the check catches what it must, on a small crate in a git repository of its
/// own under `target/` released as `v0.1.0`: a removed public function with the version
/// unchanged fails it, the same change with the minor number raised passes, and an added
/// function with the version unchanged passes. Each outcome is `(what, Ok or what went
/// wrong)`.
pub(crate) fn self_test(root: &Path) -> Result<Vec<(&'static str, std::result::Result<(), String>)>> {
    let tool = tool(root)?;
    let repo = root.join("target/semver-self-test");
    if repo.exists() {
        fs::remove_dir_all(&repo)?;
    }
    fs::create_dir_all(repo.join("src"))?;
    let git = |args: &[&str]| -> Result<()> {
        let out = Command::new("git")
            .current_dir(&repo)
            .args(["-c", "user.name=xtask", "-c", "user.email=xtask@localhost", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()?;
        if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned().into()) }
    };
    let write = |version: &str, items: &str| -> Result<()> {
        let manifest = format!(
            "[package]\nname = \"semver-fixture\"\nversion = \"{version}\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n"
        );
        fs::write(repo.join("Cargo.toml"), manifest)?;
        fs::write(repo.join("src/lib.rs"), format!("//! A crate for the semver check's self-test.\n\n{items}"))?;
        Ok(())
    };
    let two = "/// Kept.\npub fn kept() {}\n\n/// Removed in the change.\npub fn removed() {}\n";
    write("0.1.0", two)?;
    git(&["init", "--quiet"])?;
    git(&["add", "."])?;
    git(&["commit", "--quiet", "-m", "v0.1.0"])?;
    git(&["tag", "v0.1.0"])?;
    let expect = |version: &str, items: &str, passes: bool| -> std::result::Result<(), String> {
        write(version, items).map_err(|e| e.to_string())?;
        // The tool clones the baseline under the fixture's `target/`; a clone left from the
        // check before would be a second `semver-fixture` in the fixture's folder.
        let clones = repo.join("target");
        if clones.exists() {
            fs::remove_dir_all(&clones).map_err(|e| e.to_string())?;
        }
        match check(&tool, &repo, &["semver-fixture"], "v0.1.0") {
            Ok(passed) if passed == passes => Ok(()),
            Ok(passed) => Err(format!("the check {} (version {version})", if passed { "passed" } else { "failed" })),
            Err(e) => Err(e.to_string()),
        }
    };
    let one = "/// Kept.\npub fn kept() {}\n";
    let three = format!("{two}\n/// Added.\npub fn added() {{}}\n");
    Ok(vec![
        ("a public function removed at the same version fails it", expect("0.1.0", one, false)),
        ("the same change with the minor version raised passes", expect("0.2.0", one, true)),
        ("a public function added at the same version passes", expect("0.1.0", &three, true)),
    ])
}

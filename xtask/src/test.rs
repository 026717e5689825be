//! `cargo xtask test [--no-moto]`: the whole test suite, as CI runs it, in one command.
//!
//! Starts moto's server (from a virtualenv under `target/`, created on first use with the
//! pinned version) on a free port of 127.0.0.1, runs `cargo test` for every feature set CI
//! tests with `STS_MOTO_ENDPOINT` pointing at it and the moto tests (which are `#[ignore]`d
//! for a plain `cargo test`) included, runs the tests of the generated IAM, SNS, RDS,
//! SimpleDB and Import/Export clients (`xtask/service-tests/`, in the workspace `cargo
//! xtask services` writes under `target/services/`), the semver check's self-test
//! ([`crate::semver::self_test`]; it needs no moto) and two examples against it, stops it
//! (a guard kills it by PID however the run ends) and prints one closing line: `total: N
//! passed, N failed, N skipped`. With `--no-moto` nothing needs Python and the moto tests,
//! service tests and examples count as skipped, never as passed.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use std::{fs, thread};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The moto release the suite is written against.
pub(crate) const MOTO_VERSION: &str = "5.2.5";

/// The `cargo test` runs: every feature set CI tests.
const RUNS: &[(&str, &[&str])] = &[
    ("the workspace, every feature", &["--workspace", "--all-features"]),
    (
        "the client's suites sent by ReqwestClient alone (the `reqwest` feature, no hyper client)",
        &["-p", "sts-sdk", "-p", "sts-runtime", "--no-default-features", "--features", "reqwest"],
    ),
    ("the runtime's unit tests with no HTTP client", &["-p", "sts-runtime", "--no-default-features", "--lib"]),
];

/// What the runs added up to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) passed: u64,
    pub(crate) failed: u64,
    pub(crate) skipped: u64,
    /// Runs that failed without a test failing (a build error, a crashed harness).
    pub(crate) broken_runs: u64,
}

impl Tally {
    /// Adds a libtest summary line (`test result: ok. 8 passed; 0 failed; 2 ignored; ...`).
    pub(crate) fn add_line(&mut self, line: &str) -> bool {
        let Some((_, counts)) = line.strip_prefix("test result: ").and_then(|rest| rest.split_once(". ")) else {
            return false;
        };
        let count = |label: &str| -> u64 {
            counts
                .split(';')
                .filter_map(|part| part.trim().strip_suffix(label))
                .find_map(|n| n.trim().parse().ok())
                .unwrap_or(0)
        };
        self.passed += count("passed");
        self.failed += count("failed");
        self.skipped += count("ignored");
        true
    }

    pub(crate) fn ok(&self) -> bool {
        self.failed == 0 && self.broken_runs == 0
    }
}

pub(crate) fn run(root: &Path, moto: bool) -> Result<bool> {
    let server = if moto { Some(Moto::start(root)?) } else { None };
    let endpoint = server.as_ref().map(|m| m.endpoint.clone());
    let mut tally = Tally::default();
    for (what, args) in RUNS {
        println!("\n== cargo test: {what}");
        let mut command = Command::new(cargo());
        command.current_dir(root).arg("test").args(*args).arg("--no-fail-fast");
        if let Some(endpoint) = &endpoint {
            command.env("STS_MOTO_ENDPOINT", endpoint).args(["--", "--include-ignored"]);
        } else {
            command.env_remove("STS_MOTO_ENDPOINT");
        }
        run_counted(command, &mut tally)?;
    }
    println!("\n== generated IAM, SNS, RDS, SimpleDB and Import/Export clients (xtask/service-tests)");
    match &endpoint {
        Some(endpoint) => service_tests(root, endpoint, &mut tally)?,
        None => {
            println!("skipped: --no-moto");
            tally.skipped += crate::services::service_test_count();
        }
    }
    println!("\n== the semver check catches a break (cargo-semver-checks on a released fixture)");
    match crate::semver::self_test(root) {
        Ok(checks) => {
            for (what, result) in checks {
                count_check(&mut tally, &format!("semver check: {what}"), result);
            }
        }
        Err(e) => {
            println!("the semver self-test could not run: {e}");
            tally.broken_runs += 1;
        }
    }
    println!("\n== examples against moto");
    match &endpoint {
        Some(endpoint) => examples(root, endpoint, &mut tally),
        None => {
            println!("skipped: --no-moto");
            tally.skipped += EXAMPLES;
        }
    }
    drop(server);
    if tally.broken_runs > 0 {
        println!(
            "\n{} cargo test run(s) failed without a failing test (see the build errors above)",
            tally.broken_runs
        );
    }
    println!(
        "\ntotal: {} passed, {} failed, {} skipped",
        tally.passed,
        tally.failed + tally.broken_runs,
        tally.skipped
    );
    Ok(tally.ok())
}

/// The cargo that runs the xtask (`CARGO`), else the one on `PATH`.
pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `command`, echoing its output and adding its summary lines to `tally`.
fn run_counted(mut command: Command, tally: &mut Tally) -> Result<()> {
    let failed_before = tally.failed;
    let mut child = command.stdout(Stdio::piped()).spawn().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut summaries = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if tally.add_line(&line) {
            summaries += 1;
        }
    }
    let status = child.wait()?;
    if !status.success() && (summaries == 0 || tally.failed == failed_before) {
        // The run failed and no test said so: it did not build, or a harness crashed.
        tally.broken_runs += 1;
    }
    Ok(())
}

/// Generates the services (as `cargo xtask services` does) and runs `service-tests`
/// against moto.
fn service_tests(root: &Path, endpoint: &str, tally: &mut Tally) -> Result<()> {
    let (out, _) = crate::services::prepare(root, None)?;
    let mut command = Command::new(cargo());
    command.current_dir(&out).env("CARGO_TARGET_DIR", out.join("target")).env("STS_MOTO_ENDPOINT", endpoint).args([
        "test",
        "-p",
        "service-tests",
        "--no-fail-fast",
        "--",
        "--include-ignored",
    ]);
    run_counted(command, tally)
}

/// How many example checks `examples` makes.
const EXAMPLES: u64 = 2;

/// Runs `whoami` and `assume_role` against moto, as a user would.
fn examples(root: &Path, endpoint: &str, tally: &mut Tally) {
    let example = |name: &str, extra: &[&str]| -> std::result::Result<String, String> {
        let out = Command::new(cargo())
            .current_dir(root)
            .args(["run", "--quiet", "-p", "sts-sdk", "--example", name, "--", "--endpoint-url", endpoint])
            .args(extra)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "example-secret")
            .env_remove("AWS_PROFILE")
            .output()
            .map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            Err(format!("{}{}", stdout, String::from_utf8_lossy(&out.stderr)))
        }
    };
    let checks = [
        (
            "whoami prints the caller's ARN",
            example("whoami", &[])
                .and_then(|out| if out.contains("arn:aws:sts::123456789012:user/moto") { Ok(()) } else { Err(out) }),
        ),
        (
            "assume_role prints credential_process JSON for an ASIA key",
            example("assume_role", &["--role-arn", "arn:aws:iam::123456789012:role/ci", "--format", "process"])
                .and_then(|out| if out.contains("\"AccessKeyId\":\"ASIA") { Ok(()) } else { Err(out) }),
        ),
    ];
    for (what, result) in checks {
        count_check(tally, &format!("example {what}"), result);
    }
}

/// Prints a check's outcome as libtest does and counts it.
fn count_check(tally: &mut Tally, what: &str, result: std::result::Result<(), String>) {
    match result {
        Ok(()) => {
            println!("{what} ... ok");
            tally.passed += 1;
        }
        Err(output) => {
            println!("{what} ... FAILED\n{output}");
            tally.failed += 1;
        }
    }
}

/// moto's server, stopped (by PID) when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start(root: &Path) -> Result<Self> {
        let server = venv(root, "python3")?;
        let port = free_port()?;
        let log_path = root.join("target/moto.log");
        let log = fs::File::create(&log_path)?;
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
        let mut moto = Self { child, endpoint: format!("http://127.0.0.1:{port}") };
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_ok() {
                break;
            }
            if let Some(status) = moto.child.try_wait()? {
                let log = fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("moto_server exited ({status}) before listening:\n{log}").into());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "moto_server did not listen on {address} within 60 s (log: {})",
                    log_path.display()
                )
                .into());
            }
            thread::sleep(Duration::from_millis(200));
        }
        println!("moto {MOTO_VERSION} at {} (pid {})", moto.endpoint, moto.child.id());
        Ok(moto)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 nothing listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port())
}

/// `target/moto-venv/bin/moto_server`, installing the pinned moto with `python` first if
/// needed.
fn venv(root: &Path, python: &str) -> Result<PathBuf> {
    let venv = root.join("target/moto-venv");
    let server = venv.join("bin/moto_server");
    let installed = Command::new(venv.join("bin/python"))
        .args(["-c", "import importlib.metadata as m; print(m.version('moto'))"])
        .output()
        .is_ok_and(|out| out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == MOTO_VERSION);
    if installed && server.is_file() {
        return Ok(server);
    }
    let python_missing = Command::new(python).arg("--version").output().map_or(true, |out| !out.status.success());
    if python_missing {
        return Err(format!(
            "{python} was not found: the moto tests run moto's STS server, a Python package. Install Python 3 (with \
             venv and pip), or run `cargo xtask test --no-moto`, which reports the moto tests as skipped"
        )
        .into());
    }
    println!("installing moto[server]=={MOTO_VERSION} into {}", venv.display());
    let _ = fs::remove_dir_all(&venv);
    let step = |command: &mut Command, what: &str| -> Result<()> {
        let out = command.output().map_err(|e| format!("{what}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .into())
        }
    };
    step(Command::new(python).args(["-m", "venv"]).arg(&venv), &format!("{python} -m venv"))?;
    step(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("moto[server]=={MOTO_VERSION}")),
        "pip install moto",
    )?;
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_are_added_up() {
        let mut tally = Tally::default();
        assert!(
            tally.add_line(
                "test result: ok. 8 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.1s"
            )
        );
        assert!(tally.add_line("test result: FAILED. 29 passed; 3 failed; 0 ignored; 0 measured; 1 filtered out"));
        assert!(!tally.add_line("test a_test ... ok"));
        assert!(!tally.add_line("running 3 tests"));
        assert_eq!(tally, Tally { passed: 37, failed: 3, skipped: 2, broken_runs: 0 });
        assert!(!tally.ok());
        assert!(Tally { passed: 1, ..Tally::default() }.ok());
        assert!(!Tally { broken_runs: 1, ..Tally::default() }.ok());
    }

    #[test]
    fn without_python_the_moto_tests_say_how_to_run_without_them() {
        let root = std::env::temp_dir().join(format!("sts-xtask-test-no-python-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("mkdir");
        let err = venv(&root, "no-such-python-here").expect_err("no python").to_string();
        assert!(err.contains("no-such-python-here was not found") && err.contains("--no-moto"), "{err}");
        assert!(!root.join("target/moto-venv").exists());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_broken_run_counts_even_when_no_test_failed() {
        let mut tally = Tally::default();
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo 'test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out'; exit 101",
        ]);
        run_counted(command, &mut tally).expect("runs");
        assert_eq!(tally, Tally { passed: 2, failed: 0, skipped: 0, broken_runs: 1 });
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo 'test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out'; exit 101",
        ]);
        run_counted(command, &mut tally).expect("runs");
        assert_eq!(tally, Tally { passed: 3, failed: 1, skipped: 0, broken_runs: 1 });
    }
}

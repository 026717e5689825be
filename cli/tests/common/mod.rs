//! What the `sts` binary's test files share: a server on 127.0.0.1 and a scratch home
//! ([`World`]), the command with nothing of the test's own environment, and the same
//! command without a terminal.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use sts_testkit::TestServer;

/// A server on its own runtime's thread, and a scratch home for the command.
pub(crate) struct World {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) server: TestServer,
    pub(crate) home: PathBuf,
}

impl World {
    pub(crate) fn new(name: &str) -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let server = runtime.block_on(TestServer::start());
        let home = sts_testkit::scratch_dir(&format!("cli-{name}"));
        Self { runtime, server, home }
    }

    /// `sts` with an environment of `PATH` and the scratch home alone (its config and
    /// credentials files, no instance metadata), and nothing on stdin.
    pub(crate) fn bare_command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sts"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("AWS_CONFIG_FILE", self.home.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.home.join("credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdin(Stdio::null());
        command
    }
}

/// `sts` as `command` runs it, but under `setsid`, which leaves it no terminal wherever the
/// tests run: a question goes to stderr and the answer comes from stdin (all three piped).
#[cfg(unix)]
pub(crate) fn without_terminal(sts: Command) -> Command {
    let mut setsid = Command::new("setsid");
    setsid.arg("--wait").arg(sts.get_program()).args(sts.get_args()).env_clear();
    for (name, value) in sts.get_envs() {
        if let Some(value) = value {
            setsid.env(name, value);
        }
    }
    setsid.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    setsid
}

//! Maintainer commands, run as `cargo xtask COMMAND`:
//!
//! - `codegen [--check]`: regenerates `generated/` and `generated-protocol-tests/` from
//!   `model/` ([`codegen`]); `codegen --model PATH --out DIR` generates a crate of its own
//!   for another awsQuery service of botocore ([`standalone`]);
//! - `update-model --botocore VERSION | --from DIR...`: moves `model/` to another botocore
//!   release, regenerates and prints the API change report ([`update_model`]);
//! - `api-diff OLD.json NEW.json`: what changed for users between two service models;
//! - `test [--no-moto]`: the whole test suite, moto's server included ([`mod@test`]);
//! - `services [--botocore VERSION]`: every awsQuery service of the release generated,
//!   compiled and checked with clippy and rustdoc ([`services`]);
//! - `msrv`: every locked package supports the workspace's `rust-version` ([`msrv`]);
//! - `package [--allow-dirty]`: `cargo publish --dry-run` of the published crates, each
//!   built from its `.crate` ([`package`]);
//! - `semver [--baseline REV]`: the public API did not break since the last release tag
//!   without the version saying so ([`semver`]).

mod codegen;
mod msrv;
mod package;
mod semver;
mod services;
mod standalone;
mod test;
mod update_model;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
  cargo xtask codegen --model PATH --out DIR
  cargo xtask update-model --botocore VERSION
  cargo xtask update-model --from DIR [--from DIR] [--botocore VERSION]
  cargo xtask api-diff OLD.json NEW.json
  cargo xtask test [--no-moto]
  cargo xtask services [--botocore VERSION]
  cargo xtask msrv
  cargo xtask package [--allow-dirty]
  cargo xtask semver [--baseline REV]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["codegen"] => codegen::codegen(&root, false).map(|report| codegen::print_report(&report, false)),
        ["codegen", "--check"] => codegen::codegen(&root, true).map(|report| codegen::print_report(&report, true)),
        ["codegen", "--model", model, "--out", out] => {
            standalone::run(&root, Path::new(model), Path::new(out)).map(|report| codegen::print_report(&report, false))
        }
        ["update-model", rest @ ..] => match update_model_options(rest) {
            Some(options) => update_model::run(&root, &options).map(|()| true),
            None => return usage(),
        },
        ["api-diff", old, new] => api_diff(Path::new(old), Path::new(new)).map(|()| true),
        ["test"] => test::run(&root, true),
        ["test", "--no-moto"] => test::run(&root, false),
        ["services"] => services::run(&root, None),
        ["services", "--botocore", version] => services::run(&root, Some(version)),
        ["msrv"] => msrv::run(&root),
        ["package"] => package::run(&root, false),
        ["package", "--allow-dirty"] => package::run(&root, true),
        ["semver"] => semver::run(&root, None),
        ["semver", "--baseline", rev] => semver::run(&root, Some(rev)),
        _ => return usage(),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cargo xtask {}: {e}", args.first().copied().unwrap_or_default());
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn update_model_options(args: &[&str]) -> Option<update_model::Options> {
    let mut options = update_model::Options { python: "python3".to_owned(), ..Default::default() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--botocore" if options.version.is_none() => options.version = Some((*args.next()?).to_owned()),
            "--from" => options.from.push(PathBuf::from(args.next()?)),
            _ => return None,
        }
    }
    (options.version.is_some() || !options.from.is_empty()).then_some(options)
}

fn api_diff(old: &Path, new: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let diff = sts_codegen::api_diff::diff(&read(old)?, &read(new)?)?;
    println!("API changes, {} -> {}:\n", old.display(), new.display());
    print!("{diff}");
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

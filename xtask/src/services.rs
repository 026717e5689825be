//! `cargo xtask services [--botocore VERSION]`: every awsQuery service of a botocore
//! release, generated and checked as the STS client is.
//!
//! The release (by default the one `model/` vendors) is downloaded as `update-model` does,
//! into `target/botocore/VERSION/`, or taken from there. Each service whose model offers
//! awsQuery is generated with `codegen --model` into `target/services/NAME/`, all of them
//! members of one workspace there with the `service-tests` crate (the tests in
//! `xtask/service-tests/`, which `cargo xtask test` runs against moto and a local server).
//! The workspace is then checked with `cargo clippy -D warnings` and `cargo doc` with
//! rustdoc warnings denied. A service that does not generate fails the command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{standalone, update_model};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The hand-written tests of generated clients, against moto or a local server
/// (`xtask/service-tests/`), written into the services workspace as the `service-tests`
/// crate.
const SERVICE_TESTS: &[(&str, &str)] = &[
    ("tests/common/mod.rs", include_str!("../service-tests/common/mod.rs")),
    ("tests/iam.rs", include_str!("../service-tests/iam.rs")),
    ("tests/sns.rs", include_str!("../service-tests/sns.rs")),
    ("tests/rds.rs", include_str!("../service-tests/rds.rs")),
    ("tests/legacy.rs", include_str!("../service-tests/legacy.rs")),
];

/// The generated crates the service tests use: botocore's folder name, and the crate's.
const TESTED_SERVICES: &[(&str, &str)] =
    &[("iam", "iam"), ("sns", "sns"), ("rds", "rds"), ("sdb", "simpledb"), ("importexport", "importexport")];

/// How many tests `service-tests` holds (each a `#[tokio::test]`), for a run that skips them.
pub(crate) fn service_test_count() -> u64 {
    SERVICE_TESTS.iter().map(|(_, text)| text.matches("#[tokio::test]").count() as u64).sum()
}

/// Generates every awsQuery service of the release (by default the one `model/` vendors)
/// and the `service-tests` crate into `target/services/`, one workspace, and returns its
/// folder and how many crates it holds. Any service that does not generate is an error.
pub(crate) fn prepare(root: &Path, version: Option<&str>) -> Result<(PathBuf, usize)> {
    let version = match version {
        Some(version) => version.to_owned(),
        None => update_model::vendored_version(&root.join("model")).ok_or("model/README.md names no version")?,
    };
    let roots = update_model::download(root, "python3", &version)?;
    let data = roots[0].join("botocore/data");
    let out = root.join("target/services");
    fs::create_dir_all(&out)?;
    let mut members = Vec::new();
    let mut failed = Vec::new();
    for (name, dir) in awsquery_services(&data)? {
        match standalone::generate_crate(root, &dir, &out.join(&name), false) {
            Ok(_) => members.push(name),
            Err(e) => {
                println!("FAILED to generate {name}: {e}");
                failed.push(name);
            }
        }
    }
    if !failed.is_empty() {
        return Err(format!(
            "{} of botocore {version}'s awsQuery services do not generate: {}",
            failed.len(),
            failed.join(", ")
        )
        .into());
    }
    if let Some((missing, _)) = TESTED_SERVICES.iter().find(|(s, _)| !members.iter().any(|m| m == s)) {
        return Err(
            format!("botocore {version} has no awsQuery model for `{missing}`, which the service tests use").into()
        );
    }
    println!("generated {} services of botocore {version}: {}", members.len(), members.join(", "));
    write_service_tests(root, &out.join("service-tests"))?;
    members.push("service-tests".to_owned());
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    fs::write(
        out.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask services`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )?;
    // The versions this repository is tested with, not whatever is newest today.
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    Ok((out, members.len()))
}

/// Writes the `service-tests` crate: its manifest and the test files, as they are in
/// `xtask/service-tests/`.
fn write_service_tests(root: &Path, dir: &Path) -> Result<()> {
    let dependencies: String =
        TESTED_SERVICES.iter().map(|(dir, name)| format!("{name} = {{ path = \"../{dir}\" }}\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask services` (the tests are in xtask/service-tests/).
[package]
name = \"service-tests\"
version = \"0.0.0\"
edition = \"2024\"
publish = false

[dev-dependencies]
{dependencies}sts-runtime = {{ path = {runtime:?} }}
sts-testkit = {{ path = {testkit:?} }}
tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}
",
        runtime = root.join("runtime").display().to_string(),
        testkit = root.join("generated/testkit").display().to_string(),
    );
    fs::create_dir_all(dir.join("src"))?;
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(
        dir.join("src/lib.rs"),
        "//! Tests of generated clients against moto and a local server; see `tests/`.\n",
    )?;
    for (path, text) in SERVICE_TESTS {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// `cargo xtask services`: [`prepare`], then clippy and rustdoc over the workspace, with
/// warnings denied.
pub(crate) fn run(root: &Path, version: Option<&str>) -> Result<bool> {
    let (out, members) = prepare(root, version)?;
    let mut ok = true;
    let cargo = crate::test::cargo();
    let target = out.join("target");
    for (what, args, rustdocflags) in [
        ("clippy", vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], None),
        ("rustdoc", vec!["doc", "--workspace", "--no-deps"], Some("-D warnings")),
    ] {
        let started = Instant::now();
        let mut command = Command::new(&cargo);
        command.current_dir(&out).args(&args).env("CARGO_TARGET_DIR", &target);
        if let Some(flags) = rustdocflags {
            command.env("RUSTDOCFLAGS", flags);
        }
        let status = command.status()?;
        println!(
            "{what} of {} crates: {} in {:.0} s",
            members,
            if status.success() { "clean" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        ok &= status.success();
    }
    Ok(ok)
}

/// Each service of botocore's `data` folder whose newest model offers awsQuery, by name,
/// with that model's folder.
fn awsquery_services(data: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(data)? {
        let service = entry?.path();
        let Some(newest) = fs::read_dir(&service)
            .ok()
            .and_then(|dirs| dirs.filter_map(|d| d.ok().map(|d| d.path())).filter(|d| d.is_dir()).max())
        else {
            continue;
        };
        let Some(model) = read_model(&newest) else { continue };
        let metadata = &model["metadata"];
        let offers = metadata["protocol"] == "query"
            || metadata["protocols"].as_array().is_some_and(|p| p.iter().any(|p| p == "query"));
        if offers {
            let name = service.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            found.push((name, newest));
        }
    }
    found.sort();
    Ok(found)
}

fn read_model(dir: &Path) -> Option<serde_json::Value> {
    serde_json::from_str(&standalone::read_maybe_gzipped(&dir.join("service-2.json")).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn only_the_newest_model_offering_awsquery_counts() {
        let data = std::env::temp_dir().join(format!("sts-xtask-services-{}", std::process::id()));
        let _ = fs::remove_dir_all(&data);
        let put = |service: &str, version: &str, metadata: serde_json::Value, gzip: bool| {
            let dir = data.join(service).join(version);
            fs::create_dir_all(&dir).expect("mkdir");
            let text = serde_json::json!({"metadata": metadata}).to_string();
            if gzip {
                let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(text.as_bytes()).expect("gzip");
                fs::write(dir.join("service-2.json.gz"), encoder.finish().expect("gzip")).expect("write");
            } else {
                fs::write(dir.join("service-2.json"), text).expect("write");
            }
        };
        put("sts", "2011-06-15", serde_json::json!({"protocol": "query"}), true);
        put(
            "cloudwatch",
            "2010-08-01",
            serde_json::json!({"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor", "query"]}),
            false,
        );
        put("dynamodb", "2012-08-10", serde_json::json!({"protocol": "json"}), true);
        // An older version spoke awsQuery; the newest does not.
        put("moved", "2010-01-01", serde_json::json!({"protocol": "query"}), true);
        put("moved", "2020-01-01", serde_json::json!({"protocol": "json"}), true);
        fs::write(data.join("partitions.json"), "{}").expect("a file beside the services");
        let found: Vec<String> = awsquery_services(&data).expect("read").into_iter().map(|(name, _)| name).collect();
        assert_eq!(found, ["cloudwatch", "sts"]);
        let _ = fs::remove_dir_all(&data);
    }
}

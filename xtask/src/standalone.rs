//! `cargo xtask codegen --model PATH --out DIR`: a crate of its own for any awsQuery service
//! of botocore, generated the way `generated/` is.
//!
//! PATH is a service's folder in botocore's data (`botocore/data/iam/2010-05-08`, as
//! `update-model` unpacks it under `target/botocore/`) or its `service-2.json`; the endpoint
//! rule set is read beside it, and `partitions.json` from the same release when it is there
//! (else this repository's `model/`). Either may be gzipped, as in the wheel. DIR receives
//! `Cargo.toml` (the crate, depending on this repository's runtime by path), `src/lib.rs`
//! and the generated modules; files already there that the generator did not write are left
//! alone, and generated files it no longer writes are deleted, as `codegen` does.

use std::fs;
use std::path::Path;

use crate::codegen::{Report, sync_crate};
use crate::update_model::read_release_file;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Generates the crate for the service model at `model` into `out`, a workspace of its own.
pub(crate) fn run(root: &Path, model: &Path, out: &Path) -> Result<Report> {
    generate_crate(root, model, out, true)
}

/// Generates the crate for the service model at `model` into `out`; `own_workspace` adds
/// an empty `[workspace]` table (left out for a member of a workspace of several).
pub(crate) fn generate_crate(root: &Path, model: &Path, out: &Path, own_workspace: bool) -> Result<Report> {
    let (dir, service_file) = if model.is_dir() {
        (model.to_path_buf(), model.join("service-2.json"))
    } else {
        (model.parent().map(Path::to_path_buf).unwrap_or_default(), model.to_path_buf())
    };
    let service_model = read_maybe_gzipped(&service_file)?;
    let endpoint_rules = read_maybe_gzipped(&dir.join("endpoint-rule-set-1.json"))?;
    // botocore/data/SERVICE/VERSION -> botocore/data/partitions.json
    let release_partitions = dir.parent().and_then(Path::parent).map(|data| data.join("partitions.json"));
    let partitions = match release_partitions.map(|p| read_release_file(&p)).transpose()?.flatten() {
        Some(bytes) => String::from_utf8(bytes)?,
        None => read_maybe_gzipped(&root.join("model/partitions.json"))?,
    };
    let parsed: serde_json::Value = serde_json::from_str(&service_model)?;
    let service_id = parsed["metadata"]["serviceId"]
        .as_str()
        .or_else(|| parsed["metadata"]["endpointPrefix"].as_str())
        .ok_or("the model's metadata has neither serviceId nor endpointPrefix")?;
    let full_name = parsed["metadata"]["serviceFullName"].as_str().unwrap_or(service_id).to_owned();
    let crate_name = crate_name(service_id);
    let api_version = parsed["metadata"]["apiVersion"].as_str().unwrap_or("no API version");
    let settings = sts_codegen::Settings {
        model_source: format!("botocore's {service_id} model ({api_version})"),
        ..Default::default()
    };
    let header = sts_codegen::emit::header(&settings.model_source);

    let inputs =
        sts_codegen::Inputs { service_model: &service_model, endpoint_rules: &endpoint_rules, partitions: &partitions };
    let mut files = sts_codegen::generate_with(&inputs, &settings)?;
    files.push(sts_codegen::GeneratedFile { path: "src/lib.rs".into(), contents: lib_rs(&header, &full_name) });
    files.push(sts_codegen::GeneratedFile {
        path: "Cargo.toml".into(),
        contents: cargo_toml(&header, &crate_name, &full_name, &root.join("runtime"), own_workspace),
    });
    fs::create_dir_all(out)?;
    let mut report = Report::default();
    sync_crate(out, &files, &[sts_codegen::EMITTED_DIR], false, &mut report)?;
    println!("{}: crate `{crate_name}` for {full_name}", out.display());
    Ok(report)
}

/// `iam`, `elastic-load-balancing-v2`: the service id in lower case, words joined by `-`.
fn crate_name(service_id: &str) -> String {
    service_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// The text of `path`, or of `path.gz` decompressed when only that exists.
pub(crate) fn read_maybe_gzipped(path: &Path) -> Result<String> {
    let bytes = read_release_file(path)?.ok_or_else(|| format!("{}: no such file (nor .gz)", path.display()))?;
    Ok(String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?)
}

fn lib_rs(header: &str, full_name: &str) -> String {
    format!(
        "{header}

//! A client for {full_name}, generated from its botocore service model by
//! `cargo xtask codegen --model`, on the same runtime as the STS client.
#![warn(missing_docs)]

#[path = \"generated/client.rs\"]
pub mod client;
#[path = \"generated/endpoint.rs\"]
pub mod endpoint;
#[path = \"generated/operation/mod.rs\"]
pub mod operation;
#[path = \"generated/types/mod.rs\"]
pub mod types;
#[path = \"generated/error_meta.rs\"]
mod error_meta;

pub use client::*;
pub use error_meta::Error;
pub use sts_runtime::{{Config, Credentials, DateTime}};

/// Errors, and what the service said about them.
pub mod error {{
    pub use sts_runtime::error::*;
}}

/// The instants of the API and their text forms.
pub mod primitives {{
    pub use sts_runtime::DateTime;
    pub use sts_runtime::date_time::TimestampFormat as DateTimeFormat;
}}
"
    )
}

fn cargo_toml(header: &str, crate_name: &str, full_name: &str, runtime: &Path, own_workspace: bool) -> String {
    let workspace = if own_workspace { "\n# A crate of its own, outside any workspace.\n[workspace]\n" } else { "" };
    format!(
        "# {header}
[package]
name = \"{crate_name}\"
description = \"A client for {full_name}, generated from its botocore model.\"
version = \"0.0.0\"
edition = \"2024\"
publish = false

[dependencies]
sts-runtime = {{ path = {runtime:?} }}

[features]
# `blocking::Client`: the same fluent builders, whose `send()` blocks.
blocking = [\"sts-runtime/blocking\"]
# `Client::new(&SdkConfig)`: a client configured from what `aws-config` loads.
aws-sdk-interop = [\"sts-runtime/aws-sdk-interop\"]
{workspace}",
        header = header.trim_start_matches("// "),
        runtime = runtime.display().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace_root;

    #[test]
    fn a_service_folder_becomes_a_crate_of_its_own() {
        let root = workspace_root();
        let scratch = std::env::temp_dir().join(format!("sts-xtask-standalone-{}", std::process::id()));
        let _ = fs::remove_dir_all(&scratch);
        // A botocore-like folder: the model gzipped, as the wheel has it.
        let service = scratch.join("botocore/data/sts/2011-06-15");
        fs::create_dir_all(&service).expect("mkdir");
        let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzipped, &fs::read(root.join("model/service-2.json")).expect("model"))
            .expect("gzip");
        fs::write(service.join("service-2.json.gz"), gzipped.finish().expect("gzip")).expect("write");
        fs::copy(root.join("model/endpoint-rule-set-1.json"), service.join("endpoint-rule-set-1.json")).expect("copy");
        let out = scratch.join("out");
        fs::create_dir_all(out.join("src")).expect("mkdir");
        fs::write(out.join("src/extra.rs"), "// mine\n").expect("write");

        let report = run(&root, &service, &out).expect("generate");
        assert!(report.stale.is_empty() && report.orphans.is_empty() && report.missing.len() > 20, "{report:?}");
        let cargo = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
        assert!(cargo.contains("name = \"sts\"") && cargo.contains("[workspace]"), "{cargo}");
        assert!(cargo.contains(&format!("path = {:?}", root.join("runtime").display().to_string())), "{cargo}");
        let lib = fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
        assert!(lib.contains("A client for AWS Security Token Service") && lib.contains("pub mod operation;"));
        // The same code as ours; the first line says where this model came from.
        let header = "@generated by sts-codegen from botocore's STS model (2011-06-15). DO NOT EDIT.";
        assert!(cargo.starts_with(&format!("# {header}\n")) && lib.starts_with(&format!("// {header}\n")));
        let generated = fs::read_to_string(out.join("src/generated/operation/assume_role.rs")).expect("an operation");
        let ours = fs::read_to_string(root.join("generated/src/generated/operation/assume_role.rs")).expect("ours");
        assert_eq!(generated.split_once('\n').map(|(first, _)| first), Some(&*format!("// {header}")));
        assert_eq!(generated.split_once('\n').map(|(_, rest)| rest), ours.split_once('\n').map(|(_, rest)| rest));
        assert_eq!(fs::read_to_string(out.join("src/extra.rs")).expect("kept"), "// mine\n");

        let again = run(&root, &service.join("service-2.json"), &out).expect("again");
        assert!(again.is_clean(), "a second run changes nothing: {again:?}");
        let _ = fs::remove_dir_all(&scratch);
    }

    #[test]
    fn crate_names_follow_the_service_id() {
        assert_eq!(crate_name("IAM"), "iam");
        assert_eq!(crate_name("Elastic Load Balancing v2"), "elastic-load-balancing-v2");
        assert_eq!(crate_name("Auto Scaling"), "auto-scaling");
    }
}

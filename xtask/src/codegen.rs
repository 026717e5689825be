//! `cargo xtask codegen [--check]`: regenerates `generated/` (the client) and
//! `generated-protocol-tests/` (the compliance suites) from the files in `model/`.
//!
//! Without `--check` it writes the files whose contents changed and deletes generated
//! files that are no longer produced. With `--check` it writes nothing, lists every stale,
//! missing or orphaned file, and exits 1 if there is any. A generated file is one whose
//! first line is the `@generated` header; hand-written files are never touched.

use std::path::{Path, PathBuf};
use std::{fs, io};

/// What a run found (and, unless checking, fixed).
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) unchanged: usize,
    pub(crate) stale: Vec<PathBuf>,
    pub(crate) missing: Vec<PathBuf>,
    pub(crate) orphans: Vec<PathBuf>,
}

impl Report {
    pub(crate) fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphans.is_empty()
    }
}

/// Everything generated from one `model/` folder.
#[derive(Debug)]
pub(crate) struct Generated {
    /// The files of `generated/`.
    client: Vec<sts_codegen::GeneratedFile>,
    /// The files of `generated-protocol-tests/`.
    protocol_tests: Vec<sts_codegen::GeneratedFile>,
}

/// Generates both crates, in memory, from the files in `model_dir`.
pub(crate) fn generate(model_dir: &Path) -> Result<Generated, Box<dyn std::error::Error>> {
    let read = |name: &str| {
        let path = model_dir.join(name);
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (service_model, endpoint_rules, partitions) =
        (read("service-2.json")?, read("endpoint-rule-set-1.json")?, read("partitions.json")?);
    let client = sts_codegen::generate(&sts_codegen::Inputs {
        service_model: &service_model,
        endpoint_rules: &endpoint_rules,
        partitions: &partitions,
    })?;
    let protocol_tests = sts_codegen::generate_protocol_tests(
        &read("tests/protocol-tests/input/query.json")?,
        &read("tests/protocol-tests/output/query.json")?,
    )?;
    Ok(Generated { client, protocol_tests })
}

/// The directories of each crate that the generator owns whole: everything in them is
/// emitted, and nothing it emits is anywhere else.
pub(crate) const OWNED: &[(&str, &[&str])] =
    &[("generated", &[sts_codegen::EMITTED_DIR]), ("generated-protocol-tests", &["src/input", "src/output"])];

/// Compares `generated` with the crates under `root` (and unless `check`, makes them match).
pub(crate) fn sync_all(root: &Path, generated: &Generated, check: bool) -> Result<Report, Box<dyn std::error::Error>> {
    let mut report = Report::default();
    for (krate, files) in [("generated", &generated.client), ("generated-protocol-tests", &generated.protocol_tests)] {
        let owned = OWNED.iter().find(|(k, _)| *k == krate).map_or(&[][..], |(_, dirs)| *dirs);
        sync_crate(&root.join(krate), files, owned, check, &mut report)?;
    }
    report.stale.sort();
    report.missing.sort();
    report.orphans.sort();
    Ok(report)
}

/// Generates the crates from `root/model`, comparing with (and unless `check`, updating)
/// `root/generated` and `root/generated-protocol-tests`.
pub(crate) fn codegen(root: &Path, check: bool) -> Result<Report, Box<dyn std::error::Error>> {
    sync_all(root, &generate(&root.join("model"))?, check)
}

/// Prints what a run did (or, when checking, would do); false if a check found work.
pub(crate) fn print_report(report: &Report, check: bool) -> bool {
    if report.is_clean() {
        let already = if check { "are" } else { "were already" };
        println!("generated/ and generated-protocol-tests/ {already} up to date ({} files)", report.unchanged);
        return true;
    }
    let verb = if check { "needs" } else { "did" };
    for (what, files) in [("write", &report.stale), ("create", &report.missing), ("delete", &report.orphans)] {
        for file in files {
            println!("{verb} {what}: {}", file.display());
        }
    }
    if check {
        eprintln!("generated code is stale: run `cargo xtask codegen`");
    }
    !check
}

/// Compares `files` with `crate_dir` (and unless `check`, makes it match), adding what it
/// finds to `report`. The directories `owned` (relative to `crate_dir`) belong to the
/// generator whole: any file in them it did not produce is an orphan, whatever it holds.
pub(crate) fn sync_crate(
    crate_dir: &Path,
    files: &[sts_codegen::GeneratedFile],
    owned: &[&str],
    check: bool,
    report: &mut Report,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut produced = Vec::new();
    for file in files {
        let path = crate_dir.join(&file.path);
        produced.push(path.clone());
        let list = match fs::read_to_string(&path) {
            Ok(existing) if existing == file.contents => {
                report.unchanged += 1;
                continue;
            }
            Ok(_) => &mut report.stale,
            Err(e) if e.kind() == io::ErrorKind::NotFound => &mut report.missing,
            Err(e) => return Err(format!("{}: {e}", path.display()).into()),
        };
        list.push(path.clone());
        if !check {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &file.contents)?;
        }
    }
    for path in owned.iter().map(|dir| files_below(&crate_dir.join(dir))).collect::<io::Result<Vec<_>>>()?.concat() {
        if !produced.contains(&path) {
            if !check {
                fs::remove_file(&path)?;
            }
            report.orphans.push(path);
        }
    }
    Ok(())
}

/// Every file below `dir` (none if it does not exist).
fn files_below(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(files_below(&path)?);
        } else {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use sts_codegen::emit::HEADER;

    use super::*;
    use crate::workspace_root;

    /// `cargo test` fails when `generated/` does not match the model.
    #[test]
    fn generated_crate_is_up_to_date() {
        let report = codegen(&workspace_root(), true).expect("codegen runs");
        assert!(report.is_clean(), "generated/ is stale, run `cargo xtask codegen`: {report:?}");
    }

    /// `.gitattributes` marks exactly the generator's directories as generated (reviews
    /// collapse them, and never a hand-written file beside them), and every file in them is
    /// an emitted one.
    #[test]
    fn gitattributes_marks_exactly_the_emitted_files() {
        let root = workspace_root();
        let attributes = fs::read_to_string(root.join(".gitattributes")).expect(".gitattributes");
        let patterns: Vec<&str> = attributes
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.strip_suffix(" linguist-generated=true"))
            .collect();
        let marked = |path: &str| {
            patterns.iter().any(|p| match p.strip_suffix("/**") {
                Some(dir) => path.starts_with(&format!("{dir}/")),
                None => path == *p,
            })
        };
        let mut checked = 0;
        for krate in ["generated", "generated-protocol-tests"] {
            let owned = OWNED.iter().find(|(k, _)| *k == krate).map_or(&[][..], |(_, dirs)| *dirs);
            let mut stack = vec![root.join(krate).join("src")];
            while let Some(dir) = stack.pop() {
                for entry in fs::read_dir(&dir).expect("read_dir") {
                    let path = entry.expect("entry").path();
                    if path.is_dir() {
                        stack.push(path);
                        continue;
                    }
                    let relative = path.strip_prefix(&root).expect("below").to_string_lossy().replace('\\', "/");
                    let in_owned = owned.iter().any(|dir| relative.starts_with(&format!("{krate}/{dir}/")));
                    let emitted = fs::read_to_string(&path).is_ok_and(|t| t.lines().next() == Some(HEADER));
                    assert_eq!(marked(&relative), in_owned, "{relative}: marked generated is not the same as owned");
                    assert_eq!(
                        in_owned, emitted,
                        "{relative}: in the generator's directories is not the same as emitted"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 300, "{checked} files");
    }

    /// A scratch copy of the model and of the generated crate's hand-written files.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sts-xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("model")).expect("mkdir");
        fs::create_dir_all(dir.join("generated/src")).expect("mkdir");
        for name in [
            "service-2.json",
            "endpoint-rule-set-1.json",
            "partitions.json",
            "tests/protocol-tests/input/query.json",
            "tests/protocol-tests/output/query.json",
        ] {
            let to = dir.join("model").join(name);
            fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            fs::copy(workspace_root().join("model").join(name), to).expect("copy");
        }
        fs::write(dir.join("generated/src/lib.rs"), "// hand-written\n").expect("write");
        dir
    }

    #[test]
    fn writes_then_checks_clean_then_reports_and_removes_orphans_and_stale_files() {
        let dir = scratch("cycle");
        let first = codegen(&dir, false).expect("generate");
        assert!(!first.missing.is_empty() && first.stale.is_empty());
        let check = codegen(&dir, true).expect("check");
        assert!(check.is_clean(), "{check:?}");

        // Anything in the generator's directory that it did not write goes, header or not;
        // a file with the header elsewhere is left alone.
        let orphan = dir.join("generated/src/generated/types/old_type.rs");
        fs::write(&orphan, "pub struct Old;\n").expect("write");
        let elsewhere = dir.join("generated/src/mine.rs");
        fs::write(&elsewhere, format!("{HEADER}\n// copied, then kept\n")).expect("write");
        let client = dir.join("generated/src/generated/client.rs");
        fs::write(&client, format!("{HEADER}\n// edited by hand\n")).expect("write");
        let check = codegen(&dir, true).expect("check");
        assert_eq!(check.orphans, vec![orphan.clone()]);
        assert_eq!(check.stale, vec![client.clone()]);
        assert!(orphan.exists(), "--check must not delete");

        let fix = codegen(&dir, false).expect("generate");
        assert_eq!(fix.orphans, vec![orphan.clone()]);
        assert!(!orphan.exists());
        assert!(codegen(&dir, true).expect("check").is_clean());
        assert_eq!(fs::read_to_string(dir.join("generated/src/lib.rs")).expect("read"), "// hand-written\n");
        assert!(elsewhere.exists(), "outside the generator's directory");
        let _ = fs::remove_dir_all(&dir);
    }
}

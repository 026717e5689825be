//! `cargo xtask update-model`: moves `model/` to another botocore release and regenerates.
//!
//! The release comes from PyPI (`--botocore VERSION`: the wheel for the service data, the
//! sdist for the compliance and endpoint tests, both fetched with `python3 -m pip download`
//! into `target/botocore/VERSION/` and unpacked there with Python's own `zipfile` and
//! `tarfile`), or from folders that already hold an unpacked wheel or sdist (`--from DIR`,
//! no network). Nothing in `model/` changes until every file was found, the new model was
//! generated in memory without error, and the new folder was written beside the old one;
//! then the two are swapped by renaming, the generated crates are written, and the API
//! change report is printed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{fs, io};

use sha2::{Digest, Sha256};

use crate::codegen;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// One file `model/` vendors: where it goes, where it is in a release, and how the README
/// describes its origin.
struct ModelFile {
    /// Path inside `model/`.
    to: &'static str,
    /// Paths inside an unpacked wheel or sdist, tried in order, each also as `PATH.gz`.
    /// `{version}` stands for the release.
    from: &'static [&'static str],
    /// The README's "from" column.
    origin: &'static str,
}

const FILES: &[ModelFile] = &[
    ModelFile {
        to: "service-2.json",
        from: &["botocore/data/sts/2011-06-15/service-2.json"],
        origin: "`botocore/data/sts/2011-06-15/service-2.json.gz`, decompressed",
    },
    ModelFile {
        to: "endpoint-rule-set-1.json",
        from: &["botocore/data/sts/2011-06-15/endpoint-rule-set-1.json"],
        origin: "`botocore/data/sts/2011-06-15/endpoint-rule-set-1.json.gz`, decompressed",
    },
    ModelFile {
        to: "partitions.json",
        from: &["botocore/data/partitions.json"],
        origin: "`botocore/data/partitions.json`",
    },
    ModelFile {
        to: "tests/endpoint-tests-1.json",
        from: &["tests/functional/endpoint-rules/sts/endpoint-tests-1.json"],
        origin: "sdist `tests/functional/endpoint-rules/sts/endpoint-tests-1.json`",
    },
    ModelFile {
        to: "tests/protocol-tests/input/query.json",
        from: &["tests/unit/protocols/input/query.json"],
        origin: "sdist `tests/unit/protocols/input/query.json`",
    },
    ModelFile {
        to: "tests/protocol-tests/output/query.json",
        from: &["tests/unit/protocols/output/query.json"],
        origin: "sdist `tests/unit/protocols/output/query.json`",
    },
    ModelFile {
        to: "LICENSE.txt",
        from: &[
            "LICENSE.txt",
            "botocore-{version}.dist-info/LICENSE.txt",
            "botocore-{version}.dist-info/licenses/LICENSE.txt",
        ],
        origin: "botocore's license",
    },
    ModelFile {
        to: "NOTICE",
        from: &["NOTICE", "botocore-{version}.dist-info/NOTICE", "botocore-{version}.dist-info/licenses/NOTICE"],
        origin: "botocore's notice",
    },
];

/// Where the new release comes from.
#[derive(Debug, Default)]
pub(crate) struct Options {
    /// `--botocore VERSION`.
    pub(crate) version: Option<String>,
    /// `--from DIR`, in the order given.
    pub(crate) from: Vec<PathBuf>,
    /// The Python that runs pip (`python3`).
    pub(crate) python: String,
}

/// Updates `root/model` and regenerates; prints what changed.
pub(crate) fn run(root: &Path, options: &Options) -> Result<()> {
    let (roots, version) = if options.from.is_empty() {
        let version = options.version.as_deref().ok_or("update-model needs --botocore VERSION or --from DIR")?;
        let roots = download(root, &options.python, version)?;
        (roots, version.to_owned())
    } else {
        let version = release_version(&options.from, options.version.as_deref())?;
        (options.from.clone(), version)
    };
    let files = collect(&roots, &version)?;
    let model = root.join("model");
    let old_version = vendored_version(&model);
    let old_service = fs::read_to_string(model.join("service-2.json")).ok();

    let staging = root.join(format!(".model-update-{}", std::process::id()));
    let staged = stage(&model, &staging, &version, &files).and_then(|()| {
        codegen::generate(&staging).map_err(|e| format!("the generator refused botocore {version}'s model: {e}").into())
    });
    let generated = match staged {
        Ok(generated) => generated,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(format!("{e}\nmodel/ was left as it was").into());
        }
    };
    swap(&model, &staging)?;
    println!("model/ now holds botocore {version} (was {})", old_version.as_deref().unwrap_or("unknown"));
    let report = codegen::sync_all(root, &generated, false)?;
    codegen::print_report(&report, false);

    let new_service = &files.iter().find(|(f, _)| f.to == "service-2.json").ok_or("no service model")?.1;
    if let Some(old_service) = old_service {
        let new_service = String::from_utf8_lossy(new_service);
        let from = old_version.unwrap_or_else(|| "the previous model".to_owned());
        println!("\nAPI changes, botocore {from} -> {version}:\n");
        match sts_codegen::api_diff::diff(&old_service, &new_service) {
            Ok(diff) => print!("{diff}"),
            Err(e) => println!("(the previous model could not be read: {e})"),
        }
    }
    Ok(())
}

/// A version as PyPI spells it (`1.44.8`, `1.45.0rc1`): nothing pip could read as an option
/// or a version range.
fn check_version(version: &str) -> Result<()> {
    let ok = version.starts_with(|c: char| c.is_ascii_digit())
        && version.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && version.len() <= 32;
    if ok { Ok(()) } else { Err(format!("`{version}` is not a botocore version (like 1.44.8)").into()) }
}

/// Downloads and unpacks the wheel and the sdist of botocore `version` into
/// `target/botocore/VERSION/` (reused when already there); returns the two unpacked roots.
pub(crate) fn download(root: &Path, python: &str, version: &str) -> Result<Vec<PathBuf>> {
    check_version(version)?;
    let dest = root.join("target/botocore").join(version);
    let roots = vec![dest.join("wheel"), dest.join("sdist").join(format!("botocore-{version}"))];
    if dest.join(".complete").is_file() {
        println!("using botocore {version} as downloaded before in {}", dest.display());
        return Ok(roots);
    }
    match Command::new(python).arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(_) | Err(_) => {
            return Err(format!(
                "`{python}` was not found or does not run: update-model downloads botocore with `{python} -m pip`. \
                 Install Python 3 with pip, or unpack a botocore wheel and sdist yourself and pass them with --from DIR"
            )
            .into());
        }
    }
    let work = root.join("target/botocore").join(format!(".{version}.partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(work.join("download"))?;
    let result = fetch_into(&work, python, version);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&work);
        return Err(e);
    }
    let _ = fs::remove_dir_all(&dest);
    fs::rename(&work, &dest)?;
    fs::write(dest.join(".complete"), version)?;
    Ok(roots)
}

fn fetch_into(work: &Path, python: &str, version: &str) -> Result<()> {
    let download = work.join("download");
    let requirement = format!("botocore=={version}");
    for (what, flag) in [("wheel", "--only-binary"), ("sdist", "--no-binary")] {
        println!("downloading the botocore {version} {what} with {python} -m pip");
        let out = Command::new(python)
            .args(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", flag, ":all:"])
            .arg(&requirement)
            .arg("-d")
            .arg(&download)
            .output()
            .map_err(|e| format!("cannot run `{python} -m pip`: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "pip could not download the botocore {version} {what} (is {version} a released version, and is PyPI \
                 reachable?):\n{}",
                tail(&out.stderr, 12)
            )
            .into());
        }
    }
    let found = |suffix: &str| -> Result<PathBuf> {
        fs::read_dir(&download)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
            .ok_or_else(|| format!("pip left no `{suffix}` file in {}", download.display()).into())
    };
    let (wheel, sdist) = (found(".whl")?, found(".tar.gz")?);
    println!("unpacking {} and {}", file_name(&wheel), file_name(&sdist));
    for (kind, archive, into) in [("wheel", &wheel, work.join("wheel")), ("sdist", &sdist, work.join("sdist"))] {
        let out = Command::new(python).arg("-c").arg(UNPACK).arg(kind).arg(archive).arg(&into).output()?;
        if !out.status.success() {
            return Err(format!("cannot unpack {}:\n{}", archive.display(), tail(&out.stderr, 12)).into());
        }
    }
    Ok(())
}

/// Unpacks a wheel (zip) or an sdist (tar.gz) with Python's standard library, refusing
/// members that would land outside the target folder.
const UNPACK: &str = r#"
import sys, tarfile, zipfile
kind, archive, dest = sys.argv[1:4]
if kind == "wheel":
    with zipfile.ZipFile(archive) as z:
        z.extractall(dest)
else:
    with tarfile.open(archive) as t:
        try:
            t.extractall(dest, filter="data")
        except TypeError:
            t.extractall(dest)
"#;

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The last `lines` lines of a process's output, each cut to a readable length (pip lists
/// every release of botocore when asked for one that does not exist).
fn tail(output: &[u8], lines: usize) -> String {
    const WIDTH: usize = 300;
    let text = String::from_utf8_lossy(output);
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..]
        .iter()
        .map(|l| match l.char_indices().nth(WIDTH) {
            Some((cut, _)) => format!("  {} [... {} more characters]", &l[..cut], l[cut..].chars().count()),
            None => format!("  {l}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The release the `--from` folders hold: `botocore/__init__.py`'s `__version__`, which must
/// match `--botocore` when both are given.
fn release_version(roots: &[PathBuf], given: Option<&str>) -> Result<String> {
    let found = roots.iter().find_map(|r| {
        let init = fs::read_to_string(r.join("botocore/__init__.py")).ok()?;
        init.lines().find_map(|l| {
            let value = l.strip_prefix("__version__")?.trim_start().strip_prefix('=')?.trim();
            Some(value.trim_matches(|c| c == '\'' || c == '"').to_owned())
        })
    });
    let version = match (found, given) {
        (Some(found), Some(given)) if found != given => {
            return Err(format!("--botocore {given}, but the --from folders hold botocore {found}").into());
        }
        (Some(version), _) => version,
        (None, Some(given)) => given.to_owned(),
        (None, None) => {
            return Err(
                "no botocore/__init__.py in the --from folders: say which release they hold with --botocore".into()
            );
        }
    };
    check_version(&version)?;
    Ok(version)
}

/// Reads every file `model/` vendors from the first root that has it (decompressing `.gz`).
fn collect(roots: &[PathBuf], version: &str) -> Result<Vec<(&'static ModelFile, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for file in FILES {
        match find(roots, file, version)? {
            Some(bytes) => out.push((file, bytes)),
            None => missing.push(file.from[0]),
        }
    }
    if !missing.is_empty() {
        let roots: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        return Err(format!(
            "not found in {} (an unpacked botocore sdist has them all; a wheel has the service data only): {}\n\
             model/ was left as it was",
            roots.join(", "),
            missing.join(", ")
        )
        .into());
    }
    for (file, bytes) in &out {
        if file.to.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes)
                .map_err(|e| format!("{} in botocore {version} is not valid JSON: {e}", file.from[0]))?;
        }
    }
    Ok(out)
}

fn find(roots: &[PathBuf], file: &ModelFile, version: &str) -> Result<Option<Vec<u8>>> {
    for root in roots {
        for from in file.from {
            if let Some(bytes) = read_release_file(&root.join(from.replace("{version}", version)))? {
                return Ok(Some(bytes));
            }
        }
    }
    Ok(None)
}

/// The bytes of `path`, or of `path.gz` decompressed when only that exists (as botocore's
/// wheel ships its service data); `None` when neither does.
pub(crate) fn read_release_file(path: &Path) -> Result<Option<Vec<u8>>> {
    if path.is_file() {
        return Ok(Some(fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?));
    }
    let gz = PathBuf::from(format!("{}.gz", path.display()));
    if !gz.is_file() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(&gz)?)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: not a gzip file: {e}", gz.display()))?;
    Ok(Some(bytes))
}

/// Writes the new `model/` beside the old one: a copy of it, with every vendored file and
/// the README replaced.
fn stage(model: &Path, staging: &Path, version: &str, files: &[(&ModelFile, Vec<u8>)]) -> Result<()> {
    let _ = fs::remove_dir_all(staging);
    copy_dir(model, staging)?;
    for (file, bytes) in files {
        let path = staging.join(file.to);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, bytes)?;
    }
    fs::write(staging.join("README.md"), readme(version, files))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Replaces `model` with `staging` by two renames; on failure the old folder is put back.
fn swap(model: &Path, staging: &Path) -> Result<()> {
    let old = model.with_file_name(format!(".model-old-{}", std::process::id()));
    fs::rename(model, &old).map_err(|e| format!("cannot move {} aside: {e}", model.display()))?;
    if let Err(e) = fs::rename(staging, model) {
        fs::rename(&old, model)?;
        return Err(format!("cannot move the new model into place: {e}").into());
    }
    fs::remove_dir_all(&old)?;
    Ok(())
}

/// The release `model/README.md` names, if it can be read.
pub(crate) fn vendored_version(model: &Path) -> Option<String> {
    let readme = fs::read_to_string(model.join("README.md")).ok()?;
    let (_, rest) = readme.split_once(VERSION_MARK)?;
    Some(rest.split("**").next()?.to_owned())
}

const VERSION_MARK: &str = "version **";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `model/README.md`: the release, each file's origin and checksum, and how to update.
fn readme(version: &str, files: &[(&ModelFile, Vec<u8>)]) -> String {
    let rows: String = files
        .iter()
        .map(|(file, bytes)| format!("| `{}` | {} | `{}` |\n", file.to, file.origin, sha256(bytes)))
        .collect();
    format!(
        "# model/

<!-- Written by `cargo xtask update-model`; edit the template in xtask/src/update_model.rs. -->

The STS service model the SDK is generated from, copied **verbatim** (never edited) from the
`botocore` package on PyPI, {VERSION_MARK}{version}** (Apache-2.0; see `LICENSE.txt` and `NOTICE`).

| file | from (inside the botocore {version} wheel, or its sdist) | sha256 |
| --- | --- | --- |
{rows}
`cargo xtask codegen` reads `service-2.json`, `endpoint-rule-set-1.json` and
`partitions.json`, and the protocol suites in `tests/protocol-tests/` (from which it
generates `generated-protocol-tests/`). `tests/endpoint-tests-1.json` is read by
`generated/tests/endpoint_rules.rs`.

## Updating to a newer botocore release

```sh
cargo xtask update-model --botocore X.Y.Z
```

downloads the botocore X.Y.Z wheel and sdist from PyPI with `python3 -m pip` into
`target/botocore/X.Y.Z/`, replaces the files above (and this README), regenerates
`generated/` and `generated-protocol-tests/`, and prints the API change report (the same as
`cargo xtask api-diff OLD.json NEW.json`): breaking changes first, in the crate's Rust
names. Without network, `--from DIR` (repeatable) reads an unpacked sdist, or an unpacked
wheel and sdist, instead. If anything fails (no Python, an unknown version, a missing
file, a model the generator refuses) `model/` is left as it was.

Then run `cargo xtask test`, review the diff of `generated/`, and commit `model/` and the
regenerated code together, with the API change report in the commit message. If the
generator meets a construct it does not support, it names the shape or operation: extend
`codegen/` (in a commit of its own, before the update) rather than editing the model.
"
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::workspace_root;

    /// Where STS's files are inside botocore's `data` folder.
    const STS_DATA: &str = "botocore/data/sts/2011-06-15";

    /// A scratch workspace: a copy of `model/` and a hand-written `lib.rs` for each crate.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sts-xtask-update-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&workspace_root().join("model"), &dir.join("model")).expect("copy model");
        for krate in ["generated", "generated-protocol-tests"] {
            fs::create_dir_all(dir.join(krate).join("src")).expect("mkdir");
            fs::write(dir.join(krate).join("src/lib.rs"), "// hand-written\n").expect("write");
        }
        dir
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip")
    }

    fn put(path: PathBuf, bytes: &[u8]) {
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    /// An unpacked wheel and sdist of `version` laid out as botocore's are, holding the
    /// files of this repository's `model/` (the service data gzipped, as in the wheel),
    /// with `service_model` in place of `service-2.json`.
    fn fake_release(dir: &Path, version: &str, service_model: &[u8]) -> Vec<PathBuf> {
        let model = workspace_root().join("model");
        let read = |name: &str| fs::read(model.join(name)).expect("model file");
        let (wheel, sdist) = (dir.join("wheel"), dir.join(format!("sdist/botocore-{version}")));
        put(wheel.join(format!("{STS_DATA}/service-2.json.gz")), &gzip(service_model));
        put(wheel.join(format!("{STS_DATA}/endpoint-rule-set-1.json.gz")), &gzip(&read("endpoint-rule-set-1.json")));
        put(wheel.join("botocore/data/partitions.json"), &read("partitions.json"));
        put(wheel.join("botocore/__init__.py"), format!("import os\n__version__ = '{version}'\n").as_bytes());
        put(wheel.join(format!("botocore-{version}.dist-info/LICENSE.txt")), &read("LICENSE.txt"));
        put(wheel.join(format!("botocore-{version}.dist-info/NOTICE")), &read("NOTICE"));
        put(
            sdist.join("tests/functional/endpoint-rules/sts/endpoint-tests-1.json"),
            &read("tests/endpoint-tests-1.json"),
        );
        for way in ["input", "output"] {
            put(
                sdist.join(format!("tests/unit/protocols/{way}/query.json")),
                &read(&format!("tests/protocol-tests/{way}/query.json")),
            );
        }
        vec![wheel, sdist]
    }

    /// Every file below `dir` with the sha256 of its contents, to compare whole trees.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push((
                        path.strip_prefix(dir).expect("below").to_path_buf(),
                        sha256(&fs::read(&path).expect("read")),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    fn leftovers(root: &Path) -> Vec<String> {
        fs::read_dir(root)
            .expect("read_dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with(".model-"))
            .collect()
    }

    fn from(roots: Vec<PathBuf>) -> Options {
        Options { version: None, from: roots, python: "python3".to_owned() }
    }

    fn service_model() -> Vec<u8> {
        fs::read(workspace_root().join("model/service-2.json")).expect("model")
    }

    /// The committed `model/` is exactly what the command makes of the release it names: the
    /// README (version, checksums) included.
    #[test]
    fn the_vendored_release_reproduces_model_byte_for_byte() {
        let dir = scratch("same");
        let version = vendored_version(&workspace_root().join("model")).expect("README names the version");
        let roots = fake_release(&dir.join("release"), &version, &service_model());
        fs::write(dir.join("model/README.md"), "stale\n").expect("write");
        run(&dir, &from(roots)).expect("update");
        assert_eq!(snapshot(&dir.join("model")), snapshot(&workspace_root().join("model")));
        assert!(dir.join("generated/src/generated/client.rs").is_file(), "regenerated");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_release_replaces_the_files_and_checksums_and_regenerates() {
        let dir = scratch("new");
        let mut model: serde_json::Value = serde_json::from_slice(&service_model()).expect("json");
        model["operations"]["GetCallerIdentity"]["documentation"] = "<p>Who am I, updated.</p>".into();
        model["operations"]["GetThing"] = serde_json::json!({
            "name": "GetThing", "http": {"method": "POST", "requestUri": "/"}
        });
        let new_service = serde_json::to_vec_pretty(&model).expect("json");
        let roots = fake_release(&dir.join("release"), "9.8.7", &new_service);
        run(&dir, &from(roots)).expect("update");
        assert_eq!(fs::read(dir.join("model/service-2.json")).expect("read"), new_service);
        let readme = fs::read_to_string(dir.join("model/README.md")).expect("readme");
        assert!(readme.contains("version **9.8.7**"), "{readme}");
        assert!(
            readme.contains(&format!(
                "| `service-2.json` | `botocore/data/sts/2011-06-15/service-2.json.gz`, decompressed | `{}` |",
                sha256(&new_service)
            )),
            "{readme}"
        );
        assert_eq!(vendored_version(&dir.join("model")).as_deref(), Some("9.8.7"));
        let op = fs::read_to_string(dir.join("generated/src/generated/operation/get_thing.rs"))
            .expect("new operation generated");
        assert!(op.starts_with(sts_codegen::emit::HEADER));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn failures_leave_model_untouched() {
        let dir = scratch("fail");
        let before = snapshot(&dir.join("model"));
        let version = vendored_version(&dir.join("model")).expect("version");

        // A file missing from the release.
        let roots = fake_release(&dir.join("release"), &version, &service_model());
        fs::remove_file(roots[1].join("tests/unit/protocols/output/query.json")).expect("rm");
        let err = run(&dir, &from(roots)).expect_err("missing file").to_string();
        assert!(err.contains("tests/unit/protocols/output/query.json") && err.contains("left as it was"), "{err}");

        // A model the generator refuses.
        let refused = String::from_utf8(service_model())
            .expect("utf-8")
            .replace("\"protocol\":\"query\"", "\"protocol\":\"json\"");
        let refused = refused
            .replace("\"protocol\": \"query\"", "\"protocol\": \"json\"")
            .replace("\"protocols\":[\"query\"]", "\"protocols\":[\"json\"]")
            .replace("\"protocols\": [\"query\"]", "\"protocols\": [\"json\"]");
        assert!(!refused.contains("\"query\""), "the edit took");
        let _ = fs::remove_dir_all(dir.join("release"));
        let roots = fake_release(&dir.join("release"), "9.9.9", refused.as_bytes());
        let err = run(&dir, &from(roots)).expect_err("refused").to_string();
        assert!(err.contains("the generator refused botocore 9.9.9") && err.contains("protocol `json`"), "{err}");

        // A release whose JSON is broken.
        let _ = fs::remove_dir_all(dir.join("release"));
        let roots = fake_release(&dir.join("release"), "9.9.9", b"{\"truncated\": ");
        let err = run(&dir, &from(roots)).expect_err("broken JSON").to_string();
        assert!(err.contains("is not valid JSON"), "{err}");

        // No Python to download with.
        let options = Options { version: Some("9.9.9".into()), from: vec![], python: "no-such-python-here".into() };
        let err = run(&dir, &options).expect_err("no python").to_string();
        assert!(err.contains("`no-such-python-here` was not found") && err.contains("--from DIR"), "{err}");

        // pip says the version does not exist.
        let fake = dir.join("fake-python");
        put(
            fake.clone(),
            b"#!/bin/sh\nif [ \"$1\" = --version ]; then echo Python 3.99; exit 0; fi\n\
              echo 'ERROR: No matching distribution found for botocore==9.9.9' >&2\nexit 1\n",
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).expect("chmod");
            let options = Options { version: Some("9.9.9".into()), from: vec![], python: fake.display().to_string() };
            let err = run(&dir, &options).expect_err("pip fails").to_string();
            assert!(err.contains("No matching distribution found for botocore==9.9.9"), "{err}");
            assert!(!dir.join("target/botocore/9.9.9").exists(), "nothing half-downloaded is kept");
        }

        // Not a version at all.
        let options = Options { version: Some("1.0; rm -rf /".into()), from: vec![], python: "python3".into() };
        assert!(run(&dir, &options).expect_err("bad version").to_string().contains("is not a botocore version"));

        assert_eq!(snapshot(&dir.join("model")), before, "model/ changed");
        assert!(!dir.join("generated/src/generated/client.rs").exists(), "nothing was generated");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn process_output_is_echoed_bounded() {
        let long = format!("ERROR: from versions: {}", "1.0.0, ".repeat(1000));
        let output = format!("noise\n{long}\n\nERROR: No matching distribution found for botocore==99.0.0\n");
        let shown = tail(output.as_bytes(), 2);
        assert!(!shown.contains("noise"));
        assert!(shown.contains("more characters]") && shown.len() < 500, "{shown}");
        assert!(shown.ends_with("  ERROR: No matching distribution found for botocore==99.0.0"), "{shown}");
    }

    #[test]
    fn the_release_version_comes_from_the_folders_and_must_match() {
        let dir = scratch("version");
        let roots = fake_release(&dir.join("release"), "1.2.3", &service_model());
        assert_eq!(release_version(&roots, None).expect("found"), "1.2.3");
        assert_eq!(release_version(&roots, Some("1.2.3")).expect("same"), "1.2.3");
        assert!(release_version(&roots, Some("1.2.4")).expect_err("differs").to_string().contains("1.2.4"));
        assert_eq!(release_version(&roots[1..], Some("1.2.3")).expect("given"), "1.2.3");
        assert!(release_version(&roots[1..], None).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}

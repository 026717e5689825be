//! Snapshot tests of the generator: small models (`tests/snapshots/NAME.json`), each
//! paired with what it generates for the files that show its construct
//! (`tests/snapshots/NAME.rs`), reviewed as diffs. After a deliberate change to the
//! output, `UPDATE_SNAPSHOTS=1 cargo test -p sts-codegen --test snapshots` rewrites them.

use sts_codegen::{Inputs, generate};

/// Each case and the generated files its snapshot holds.
const CASES: &[(&str, &[&str])] = &[
    // A union used in an input and an output: an enum with `Unknown`, its writer, checks,
    // reader and a `Debug` that hides the sensitive member.
    ("union", &["src/generated/types/target.rs"]),
    // Two operations sharing their input and output shapes, which a list also uses.
    ("shared_structure", &["src/generated/operation/get_a.rs", "src/generated/types/thing.rs"]),
    // A flattened map in an output.
    ("flattened_map", &["src/generated/operation/get_attributes.rs"]),
    // Members named like generated methods (`Build`, `Send`, `Builder`).
    ("member_clash", &["src/generated/operation/deploy.rs"]),
];

fn file(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn small_models_generate_what_their_snapshots_show() {
    let (rules, partitions) = (file("../model/endpoint-rule-set-1.json"), file("../model/partitions.json"));
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (case, paths) in CASES {
        let model = file(&format!("tests/snapshots/{case}.json"));
        let files = generate(&Inputs { service_model: &model, endpoint_rules: &rules, partitions: &partitions })
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        let mut snapshot = String::new();
        for path in *paths {
            let generated = files.iter().find(|f| f.path == *path).unwrap_or_else(|| panic!("{case}: no {path}"));
            snapshot.push_str(&format!("// ---- {path} ----\n{}\n", generated.contents));
        }
        let expected_path = format!("{}/tests/snapshots/{case}.rs", env!("CARGO_MANIFEST_DIR"));
        if update {
            std::fs::write(&expected_path, &snapshot).expect("write snapshot");
        } else if std::fs::read_to_string(&expected_path).ok().as_deref() != Some(snapshot.as_str()) {
            stale.push(*case);
        }
    }
    assert!(
        stale.is_empty(),
        "the output changed for {stale:?}: review it with UPDATE_SNAPSHOTS=1 cargo test -p sts-codegen --test snapshots \
         and git diff"
    );
}

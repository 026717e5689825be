//! The runtime's modules import one way: no module reaches itself through the modules it
//! imports, and the leaves (shared types, environment reading) import nothing.
//!
//! Read from the source: each top-level module's `crate::` paths outside comments and its
//! `#[cfg(test)]` module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules that hold what the others share and must not import any of them.
const LEAVES: &[&str] = &["boxed", "env", "redact", "random", "date_time", "base64", "percent"];

/// What only generated code calls (`lib.rs` says so too).
const GENERATED_ONLY: &[&str] = &["aws_query", "operation", "endpoint_rules", "operation_macros"];

/// Users' test doubles and their macros, which stand in for operations and so are written,
/// as generated code is, against `aws_query::Operation` and the operation module (`lib.rs`
/// says so too).
const TEST_DOUBLES: &[&str] = &["test_util", "macros"];

/// Each top-level module with the top-level modules its code names through `crate::`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::<String, BTreeSet<String>>::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(&src).expect("under src");
            let first = relative.components().next().expect("a component").as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read module");
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
            let deps = graph.entry(module.clone()).or_default();
            for line in code.lines().map(str::trim_start).filter(|line| !line.starts_with("//")) {
                deps.extend(crate_paths(line).filter(|dep| *dep != module));
            }
        }
    }
    graph
}

/// The top-level modules `line` names: `crate::a::..` and each of `crate::{a::.., b}`.
fn crate_paths(line: &str) -> impl Iterator<Item = String> + '_ {
    line.match_indices("crate::").flat_map(move |(at, _)| {
        let rest = &line[at + "crate::".len()..];
        let names: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|part| first_segment(part.trim()))
                .filter(|name| !name.is_empty())
                .collect(),
            None => vec![first_segment(rest)],
        };
        names.into_iter().filter(|name| name.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
    })
}

fn first_segment(path: &str) -> String {
    path.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// A path from `from` back to itself, if there is one.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("non-empty");
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_itself_through_others() {
    let graph = graph();
    assert!(graph.contains_key("operation") && graph.contains_key("config"), "modules found: {graph:?}");
    let cycles: Vec<String> =
        graph.keys().filter_map(|module| cycle_through(&graph, module)).map(|cycle| cycle.join(" -> ")).collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_leaves_import_nothing_of_the_crate() {
    let graph = graph();
    for leaf in LEAVES {
        let deps = graph.get(*leaf).unwrap_or_else(|| panic!("no module {leaf}"));
        assert!(deps.is_empty(), "{leaf} imports {deps:?}");
    }
}

#[test]
fn only_generated_only_modules_import_generated_only_modules() {
    let graph = graph();
    for (module, deps) in &graph {
        if GENERATED_ONLY.contains(&module.as_str()) || TEST_DOUBLES.contains(&module.as_str()) {
            continue;
        }
        let reached: Vec<&String> = deps.iter().filter(|dep| GENERATED_ONLY.contains(&dep.as_str())).collect();
        assert!(reached.is_empty(), "{module}, which users meet, imports {reached:?}");
    }
    for module in GENERATED_ONLY {
        assert!(graph.contains_key(*module), "no module {module}");
    }
}

#[test]
fn crate_paths_are_read_from_single_and_grouped_imports() {
    let names: Vec<String> = crate_paths("use crate::{boxed::BoxError, env::Env}; x(crate::redact::bounded)").collect();
    assert_eq!(names, ["boxed", "env", "redact"]);
}

//! The STS SDK generator: botocore service model in, Rust source files out.
//!
//! `generate` is a pure function: [`botocore`] reads the model into typed Rust,
//! [`lower`] turns it into the [`ir`] (where every name and type is decided, and anything
//! unsupported is an error), and [`emit`] prints each file with `quote!` and
//! `prettyplease`. `xtask` writes the files; nothing here touches the file system.

pub mod api_diff;
pub mod botocore;
pub mod customizations;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod names;
pub mod pattern;
pub mod protocol_tests;
pub mod rules;

use std::fmt;

/// One emitted file: a path relative to the generated crate's root (below
/// [`EMITTED_DIR`] for a client crate), and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The model is not valid JSON, or has a field this generator does not know.
    Parse(serde_json::Error),
    /// The model is inconsistent (a shape referenced but not defined...).
    Model { at: String, problem: String },
    /// The model uses something this generator does not support.
    Unsupported { at: String, what: String },
    /// The emitted tokens do not parse (a generator bug).
    Emit(String),
}

impl Error {
    pub(crate) fn model(at: &str, problem: impl Into<String>) -> Self {
        Self::Model { at: at.to_owned(), problem: problem.into() }
    }

    pub(crate) fn unsupported(at: &str, what: impl Into<String>) -> Self {
        Self::Unsupported { at: at.to_owned(), what: what.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(e) => write!(f, "cannot read the model: {e}"),
            Self::Model { at, problem } => write!(f, "invalid model: `{at}` {problem}"),
            Self::Unsupported { at, what } => write!(f, "unsupported by this generator: `{at}` uses {what}"),
            Self::Emit(e) => write!(f, "generator bug: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            _ => None,
        }
    }
}

/// The texts the generator reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// `service-2.json`.
    pub service_model: &'a str,
    /// `endpoint-rule-set-1.json`.
    pub endpoint_rules: &'a str,
    /// botocore's `partitions.json`.
    pub partitions: &'a str,
}

/// The directory of a client crate that holds what [`generate`] emits, and nothing else:
/// the crate's hand-written `lib.rs` mounts its modules (`#[path = "generated/client.rs"]`).
pub const EMITTED_DIR: &str = "src/generated";

/// The runtime crate generated code calls unless [`Settings`] say otherwise.
pub const DEFAULT_RUNTIME_CRATE: &str = "sts_runtime";

/// Where the model came from unless [`Settings`] say otherwise: this repository's `model/`.
pub const DEFAULT_MODEL_SOURCE: &str = "the files in model/";

/// Choices about the generated crate that do not come from the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The Rust name of the runtime crate the generated code calls (`sts_runtime`).
    pub runtime_crate: String,
    /// Where the model came from, as every emitted file's first line says (`the files in
    /// model/`, `botocore's IAM model (2010-05-08)`): one line of text.
    pub model_source: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self { runtime_crate: DEFAULT_RUNTIME_CRATE.to_owned(), model_source: DEFAULT_MODEL_SOURCE.to_owned() }
    }
}

/// Generates every file of the client crate, with the default [`Settings`].
pub fn generate(inputs: &Inputs<'_>) -> Result<Vec<GeneratedFile>, Error> {
    generate_with(inputs, &Settings::default())
}

/// Generates every file of the client crate.
pub fn generate_with(inputs: &Inputs<'_>, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    let model = botocore::ServiceModel::from_json(inputs.service_model).map_err(Error::Parse)?;
    let rules: rules::RuleSet = serde_json::from_str(inputs.endpoint_rules).map_err(Error::Parse)?;
    let partitions: rules::Partitions = serde_json::from_str(inputs.partitions).map_err(Error::Parse)?;
    let mut service = lower::lower(&model, "crate")?;
    service.endpoint_params = lower::endpoint_params(&rules)?;
    service.endpoint_rules = lower::endpoint_rules(&rules, &service.endpoint_params)?;
    service.partitions = Some(lower::partitions(&partitions)?);
    if !names::is_identifier(&settings.runtime_crate) {
        return Err(Error::unsupported("settings", format!("the runtime crate name `{}`", settings.runtime_crate)));
    }
    service.runtime_crate = settings.runtime_crate.clone();
    if settings.model_source.is_empty() || settings.model_source.contains(['\n', '\r']) {
        return Err(Error::unsupported("settings", format!("the model source {:?}", settings.model_source)));
    }
    service.header = emit::header(&settings.model_source);
    let files = emit::emit(&service)?;
    Ok(files.into_iter().map(|f| GeneratedFile { path: format!("{EMITTED_DIR}/{}", f.path), ..f }).collect())
}

/// The generated files of the protocol-test crate (paths relative to the crate root), from
/// the awsQuery compliance suites ([`protocol_tests`]).
pub fn generate_protocol_tests(input_suites: &str, output_suites: &str) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    for (direction, text) in [("input", input_suites), ("output", output_suites)] {
        let suites = protocol_tests::suites(text)?;
        let mut modules = Vec::new();
        for suite in &suites {
            if protocol_tests::wholly_skipped(suite) {
                continue;
            }
            let first = suite.cases.first().ok_or_else(|| Error::model(&suite.description, "has no cases"))?;
            let module = names::snake_name(&first.id);
            let root = format!("crate::{direction}::{module}");
            let model = protocol_tests::suite_model(suite)?;
            let service = lower::lower(&model, &root)?;
            for file in emit::emit(&service)? {
                files.push(GeneratedFile { path: format!("src/{direction}/{module}/{}", file.path), ..file });
            }
            let mut mod_file = emit::compliance::suite_module(suite)?;
            mod_file.path = format!("src/{direction}/{module}/mod.rs");
            files.push(mod_file);
            let mut tests = emit::compliance::suite_tests(suite, &service, direction)?;
            tests.path = format!("src/{direction}/{module}/tests.rs");
            files.push(tests);
            modules.push(module);
        }
        let mut index = emit::compliance::module_index(direction, &modules)?;
        index.path = format!("src/{direction}/mod.rs");
        files.push(index);
    }
    Ok(files)
}

//! The awsQuery protocol compliance suites (`model/tests/protocol-tests/{input,output}/query.json`)
//! turned into a crate of generated services and tests.
//!
//! Each suite carries its own small model. It is lowered and emitted like STS, into the
//! module `crate::{input,output}::<suite>`, and its cases become `#[test]`s in that module's
//! `tests.rs` (see `emit::compliance`): input cases send the case's params through the
//! generated client to a recording HTTP client and compare the request; output cases read
//! the case's response through the generated reader and compare every member.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::botocore::{self, ServiceModel};
use crate::emit::compliance;
use crate::names::snake_name;
use crate::{Error, GeneratedFile};

/// One suite: a model and its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suite {
    pub description: String,
    pub metadata: Value,
    pub shapes: BTreeMap<String, Value>,
    pub cases: Vec<Case>,
    #[serde(default)]
    pub client_endpoint: Option<String>,
}

/// One case.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Case {
    pub id: String,
    #[serde(default)]
    pub description: Option<String>,
    pub given: botocore::Operation,
    /// Input cases: the operation's input...
    #[serde(default)]
    pub params: Option<Value>,
    /// ...and the request it must give.
    #[serde(default)]
    pub serialized: Option<Serialized>,
    /// Output cases: the response...
    #[serde(default)]
    pub response: Option<Response>,
    /// ...and the output it must give,
    #[serde(default)]
    pub result: Option<Value>,
    /// or the error.
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub error: Option<Value>,
}

/// The request an input case expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Serialized {
    pub method: String,
    pub uri: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub require_headers: Vec<String>,
}

/// The response an output case reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status_code: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<String>,
}

/// Cases the SDK deliberately does not support, and why. Each becomes an ignored test
/// carrying the reason.
pub const SKIPPED: &[(&str, &str)] = &[
    (
        "SDKAppliedContentEncoding_awsQuery",
        "request compression (the `requestcompression` trait, gzip): STS does not use it, and it would add a compression library to every user's build",
    ),
    (
        "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery",
        "request compression with a header-bound member: awsQuery STS binds no member to a header and uses no compression",
    ),
];

/// The generated files of the protocol-test crate (paths relative to the crate root).
pub fn generate(input_suites: &str, output_suites: &str) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    for (direction, text) in [("input", input_suites), ("output", output_suites)] {
        let suites: Vec<Suite> = serde_json::from_str(text).map_err(Error::Parse)?;
        let mut modules = Vec::new();
        for suite in &suites {
            if suite.cases.iter().all(|c| SKIPPED.iter().any(|(id, _)| *id == c.id)) {
                continue;
            }
            let first = suite.cases.first().ok_or_else(|| Error::model(&suite.description, "has no cases"))?;
            let module = snake_name(&first.id);
            let root = format!("crate::{direction}::{module}");
            let model = suite_model(suite)?;
            let service = crate::lower::lower(&model, &root)?;
            for file in crate::emit::emit(&service, None)? {
                files.push(GeneratedFile { path: format!("src/{direction}/{module}/{}", file.path), ..file });
            }
            let mut mod_file = compliance::suite_module(suite)?;
            mod_file.path = format!("src/{direction}/{module}/mod.rs");
            files.push(mod_file);
            let mut tests = compliance::suite_tests(suite, &service, direction)?;
            tests.path = format!("src/{direction}/{module}/tests.rs");
            files.push(tests);
            modules.push(module);
        }
        let mut index = compliance::module_index(direction, &modules)?;
        index.path = format!("src/{direction}/mod.rs");
        files.push(index);
    }
    Ok(files)
}

/// The suite's model in the botocore format: its metadata (with an endpoint prefix, which
/// the suites leave out), each distinct operation its cases give, and its shapes.
fn suite_model(suite: &Suite) -> Result<ServiceModel, Error> {
    let mut metadata = suite.metadata.clone();
    if let Some(map) = metadata.as_object_mut() {
        map.entry("endpointPrefix").or_insert_with(|| Value::from("example"));
    }
    let mut operations = serde_json::Map::new();
    for case in &suite.cases {
        let given = serde_json::to_value(GivenOperation(&case.given)).map_err(Error::Parse)?;
        match operations.get(&case.given.name) {
            Some(existing) if *existing != given => {
                return Err(Error::model(
                    &case.id,
                    "gives an operation that another case of its suite gives differently",
                ));
            }
            _ => {
                operations.insert(case.given.name.clone(), given);
            }
        }
    }
    let model = serde_json::json!({
        "metadata": metadata,
        "operations": operations,
        "shapes": suite.shapes,
    });
    serde_json::from_value(model).map_err(Error::Parse)
}

/// Writes a parsed operation back to JSON (the botocore structs only deserialize).
struct GivenOperation<'a>(&'a botocore::Operation);

impl serde::Serialize for GivenOperation<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let op = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &op.name)?;
        map.serialize_entry("http", &serde_json::json!({"method": op.http.method, "requestUri": op.http.request_uri}))?;
        if let Some(input) = &op.input {
            map.serialize_entry("input", &serde_json::json!({"shape": input.shape}))?;
        }
        if let Some(output) = &op.output {
            let mut value = serde_json::json!({"shape": output.shape});
            if let Some(wrapper) = &output.result_wrapper {
                value["resultWrapper"] = Value::from(wrapper.clone());
            }
            map.serialize_entry("output", &value)?;
        }
        if !op.errors.is_empty() {
            let errors: Vec<Value> = op.errors.iter().map(|e| serde_json::json!({"shape": e.shape})).collect();
            map.serialize_entry("errors", &errors)?;
        }
        if let Some(endpoint) = &op.endpoint {
            map.serialize_entry("endpoint", endpoint)?;
        }
        if let Some(doc) = &op.documentation {
            map.serialize_entry("documentation", doc)?;
        }
        map.end()
    }
}

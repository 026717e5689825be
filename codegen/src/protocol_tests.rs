//! The awsQuery protocol compliance suites (`model/tests/protocol-tests/{input,output}/query.json`),
//! read: each suite with its small model, built here as a typed [`ServiceModel`], and its
//! cases.
//!
//! The flow is one way: [`crate::generate_protocol_tests`] reads the suites here, lowers and
//! emits each model like STS's into the module `crate::{input,output}::<suite>`, and
//! `emit::compliance` turns its cases into `#[test]`s in that module's `tests.rs`: input
//! cases send the case's params through the generated client to a recording HTTP client
//! and compare the request; output cases read the case's response through the generated
//! reader and compare every member.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::botocore::{self, ServiceModel};

/// One suite: a model and its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suite {
    pub description: String,
    pub metadata: botocore::Metadata,
    pub shapes: BTreeMap<String, botocore::Shape>,
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

impl Case {
    /// The name of the case's `#[test]`: its id in snake case.
    pub fn test_name(&self) -> String {
        crate::names::snake_name(&self.id)
    }
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

/// The suites of a compliance file (`input/query.json` or `output/query.json`).
pub fn suites(text: &str) -> Result<Vec<Suite>, Error> {
    serde_json::from_str(text).map_err(Error::Parse)
}

/// Whether the SDK deliberately leaves out every case of `suite` ([`SKIPPED`]).
pub fn wholly_skipped(suite: &Suite) -> bool {
    suite.cases.iter().all(|c| SKIPPED.iter().any(|(id, _)| *id == c.id))
}

/// The suite's model: its metadata (with an endpoint prefix, which the suites leave out),
/// each distinct operation its cases give, and its shapes.
pub fn suite_model(suite: &Suite) -> Result<ServiceModel, Error> {
    let mut metadata = suite.metadata.clone();
    metadata.endpoint_prefix.get_or_insert_with(|| "example".to_owned());
    let mut operations = BTreeMap::new();
    for case in &suite.cases {
        match operations.get(&case.given.name) {
            Some(existing) if *existing != case.given => {
                return Err(Error::model(
                    &case.id,
                    "gives an operation that another case of its suite gives differently",
                ));
            }
            _ => {
                operations.insert(case.given.name.clone(), case.given.clone());
            }
        }
    }
    Ok(ServiceModel {
        version: None,
        metadata,
        documentation: None,
        operations,
        shapes: suite.shapes.clone(),
        examples: None,
    })
}

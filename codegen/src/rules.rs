//! Serde mirrors of the endpoint rule set (`endpoint-rule-set-1.json`) and of botocore's
//! `partitions.json`, as far as code generation needs them.
//!
//! Unknown fields are rejected, as for the service model: a rule set using a construct the
//! generator does not know must fail generation, not resolve endpoints wrongly.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole endpoint rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub version: String,
    pub parameters: BTreeMap<String, Parameter>,
    pub rules: Vec<Rule>,
}

/// A rule-set parameter (`Region`, `UseFIPS`...).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Parameter {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default)]
    pub built_in: Option<String>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub deprecated: Option<serde_json::Value>,
}

/// A rule: conditions, then an endpoint, an error, or more rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub endpoint: Option<EndpointTemplate>,
    #[serde(default)]
    pub error: Option<serde_json::Value>,
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A function call used as a condition, optionally binding its result.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(rename = "fn")]
    pub function: String,
    pub argv: Vec<serde_json::Value>,
    #[serde(default)]
    pub assign: Option<String>,
}

/// The endpoint a rule yields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointTemplate {
    pub url: serde_json::Value,
    #[serde(default)]
    pub properties: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub headers: BTreeMap<String, serde_json::Value>,
}

/// botocore's `partitions.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partitions {
    pub partitions: Vec<PartitionDef>,
    pub version: String,
}

/// One partition.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartitionDef {
    pub id: String,
    pub outputs: PartitionOutputs,
    pub region_regex: String,
    pub regions: BTreeMap<String, serde_json::Value>,
}

/// What `aws.partition` returns for a partition.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartitionOutputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub implicit_global_region: String,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
}

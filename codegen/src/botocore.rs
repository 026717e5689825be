//! A faithful serde mirror of the botocore service-model format (`service-2.json`).
//!
//! Every field the awsQuery protocol uses is typed here. Unknown fields are rejected
//! (`deny_unknown_fields`), so a model that uses a construct this generator does not know
//! fails loudly instead of being silently half-generated. Fields that only carry
//! information for other protocols or for humans are still listed, so that they are known.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole `service-2.json` document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceModel {
    #[serde(default)]
    pub version: Option<String>,
    pub metadata: Metadata,
    #[serde(default)]
    pub documentation: Option<String>,
    /// Operations by name. `BTreeMap` keeps every walk over the model deterministic.
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
    /// Request and response examples (older models carry them here, not in
    /// `examples-1.json`); for humans only.
    #[serde(default)]
    pub examples: Option<serde_json::Value>,
}

/// The `metadata` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metadata {
    pub api_version: String,
    pub protocol: String,
    #[serde(default)]
    pub protocols: Vec<String>,
    #[serde(default)]
    pub endpoint_prefix: Option<String>,
    #[serde(default)]
    pub global_endpoint: Option<String>,
    #[serde(default)]
    pub service_abbreviation: Option<String>,
    #[serde(default)]
    pub service_full_name: Option<String>,
    #[serde(default)]
    pub service_id: Option<String>,
    #[serde(default)]
    pub signature_version: Option<String>,
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub uid: Option<String>,
    #[serde(default)]
    pub xml_namespace: Option<String>,
    #[serde(default)]
    pub auth: Vec<String>,
    #[serde(default)]
    pub json_version: Option<String>,
    #[serde(default)]
    pub target_prefix: Option<String>,
    /// That the JSON protocols of this service send awsQuery's error codes; nothing to do
    /// when generating awsQuery itself.
    #[serde(default)]
    pub aws_query_compatible: Option<serde_json::Value>,
}

impl Metadata {
    /// Whether the service speaks awsQuery: its `protocol`, or one of its `protocols` (a
    /// service may list a newer protocol first, as CloudWatch lists `smithy-rpc-v2-cbor`).
    pub fn offers_query(&self) -> bool {
        self.protocol == "query" || self.protocols.iter().any(|p| p == "query")
    }
}

/// One entry of `operations`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operation {
    pub name: String,
    pub http: Http,
    #[serde(default)]
    pub input: Option<ShapeRef>,
    #[serde(default)]
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub documentation_url: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// Smithy auth schemes, e.g. `["smithy.api#noAuth"]`.
    #[serde(default)]
    pub auth: Vec<String>,
    /// The legacy spelling of `auth`: `"none"` means unsigned.
    #[serde(default)]
    pub authtype: Option<String>,
    #[serde(default)]
    pub endpoint: Option<serde_json::Value>,
    #[serde(default)]
    pub requestcompression: Option<serde_json::Value>,
    #[serde(default)]
    pub idempotent: bool,
    /// Smithy's `@readonly` (the call changes nothing); informational here.
    #[serde(default)]
    pub readonly: bool,
}

/// The `http` block of an operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Http {
    pub method: String,
    pub request_uri: String,
    #[serde(default)]
    pub response_code: Option<u16>,
}

/// A reference from an operation or a member to a shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ShapeRef {
    pub shape: String,
    /// The element that wraps an awsQuery output (`AssumeRoleResult`).
    #[serde(default)]
    pub result_wrapper: Option<String>,
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    #[serde(default)]
    pub documentation: Option<String>,
    /// On an operation's error entry, older models repeat the error shape's `error`,
    /// `exception` and `fault`; the shape's own are the ones that count (the lowering
    /// refuses a code that contradicts them).
    #[serde(default)]
    pub error: Option<ErrorInfo>,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
}

/// A member of a structure, or the `member`/`key`/`value` of a list or map.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Member {
    pub shape: String,
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    #[serde(default)]
    pub xml_attribute: bool,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    #[serde(default)]
    pub deprecated_since: Option<String>,
    /// Only meaningful for REST protocols; awsQuery sends every member in the body.
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub host_label: bool,
    #[serde(default, rename = "box")]
    pub box_: Option<bool>,
}

/// An XML namespace, written either as a bare URI or as `{"prefix": .., "uri": ..}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum XmlNamespace {
    Uri(String),
    Full {
        #[serde(default)]
        prefix: Option<String>,
        uri: String,
    },
}

/// The `error` block of an exception shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ErrorInfo {
    /// The code sent on the wire, which may differ from the shape name.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub http_status_code: Option<u16>,
    #[serde(default)]
    pub sender_fault: bool,
}

/// One entry of `shapes`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: ShapeKind,
    #[serde(default)]
    pub required: Vec<String>,
    /// Structure members in the order the model lists them (a map type would sort them).
    #[serde(default, deserialize_with = "ordered_members")]
    pub members: Vec<(String, Member)>,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub key: Option<Member>,
    #[serde(default)]
    pub value: Option<Member>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<String>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub error: Option<ErrorInfo>,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    #[serde(default, rename = "box")]
    pub box_: Option<bool>,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub event: bool,
    #[serde(default)]
    pub eventstream: bool,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub retryable: Option<serde_json::Value>,
    /// Marks, left by the conversion from Smithy, of a structure serialized inside an
    /// element of its own (`wrapper`, as every awsQuery structure is) and of an error shape
    /// added for compatibility (`synthetic`); neither changes what is generated.
    #[serde(default)]
    pub wrapper: bool,
    #[serde(default)]
    pub synthetic: bool,
    /// The order of members in an XML document (REST-XML); an awsQuery form is read by
    /// name, and responses are read by name too, so it changes nothing here.
    #[serde(default)]
    pub xml_order: Vec<String>,
}

/// The `type` of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeKind {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
    Timestamp,
    Blob,
    Byte,
    Short,
    Character,
    BigInteger,
    BigDecimal,
}

/// Reads `members` keeping the order the model gives them.
fn ordered_members<'de, D>(deserializer: D) -> Result<Vec<(String, Member)>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<(String, Member)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of members")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((name, member)) = map.next_entry::<String, Member>()? {
                out.push((name, member));
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor)
}

impl ServiceModel {
    /// Parses a `service-2.json` document.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

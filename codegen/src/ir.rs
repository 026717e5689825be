//! The intermediate representation: the model after every naming and typing decision.
//!
//! Emitters only read this; they never look at the botocore model and never invent a
//! name. Each item keeps its wire name (what goes on the wire) next to its Rust name.

/// The whole service, ready to emit.
#[derive(Debug, Clone)]
pub struct Service {
    /// The Rust path of the module the service is emitted into (`crate`, or
    /// `crate::input::query_lists` for a protocol-test suite).
    pub root: RustPath,
    /// `2011-06-15`: sent as `Version=` with every request.
    pub api_version: String,
    /// The Rust name of the runtime crate the emitted code calls (`sts_runtime`, set by
    /// [`crate::Settings`]): emitters write `::sts_runtime::..` and `emit::render` puts this
    /// name in its place.
    pub runtime_crate: String,
    /// The first line of every emitted file: the generator, and where the model came from
    /// (`emit::header` of [`crate::Settings::model_source`]).
    pub header: String,
    /// SigV4 signing name (`sts`).
    pub signing_name: String,
    /// How requests are signed.
    pub signature: Signature,
    /// The variable that sets the service's endpoint URL: `AWS_ENDPOINT_URL_` and the
    /// service id in upper case, spaces as `_` (`AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`).
    pub endpoint_url_variable: String,
    /// The service's own transient error codes ([`crate::customizations::TRANSIENT_CODES`]).
    pub transient_codes: Vec<String>,
    /// The endpoint rule set's parameters, each bound to the setting that gives it (none
    /// for a service without rules).
    pub endpoint_params: Vec<EndpointParam>,
    /// The endpoint rules, typed (none for a service without rules).
    pub endpoint_rules: Vec<EndpointRule>,
    /// The partitions `aws.partition` looks regions up in; `None` for a service without
    /// endpoint rules, whose requests go to the configured endpoint URL.
    pub partitions: Option<Partitions>,
    /// The human name of the service (`AWS Security Token Service`).
    pub full_name: String,
    /// The trait with a method per operation that the client implements (`Sts`): the
    /// service id as a type name, `Api` appended when a model shape already has that name.
    pub trait_name: String,
    pub docs: Docs,
    /// Operations in model order (alphabetical in botocore files).
    pub operations: Vec<Operation>,
    /// Structures that are not an operation's input or output, nor an error.
    pub shared_types: Vec<Structure>,
    /// Modeled errors, by Rust name.
    pub errors: Vec<ErrorShape>,
    /// String enums used by any structure.
    pub enums: Vec<Enum>,
    /// The shared structures that have a constraint to check, themselves or below.
    pub checked_structures: std::collections::BTreeSet<ShapeId>,
}

/// A rule of the endpoint rule set, typed: each name resolved to a parameter or a value an
/// earlier condition bound, each function to what it computes.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRule {
    /// Joined with `&&`, in order; bindings are visible to later conditions and the outcome.
    pub conditions: Vec<RuleCondition>,
    pub outcome: RuleOutcome,
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleCondition {
    /// Holds when the boolean expression does.
    Test(RuleExpr),
    /// Holds when `value` (an `Option`) is `Some`, binding it to `var` when `used`.
    Bind { var: String, value: RuleExpr, used: bool },
}

/// What a rule gives when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleOutcome {
    Endpoint {
        url: RuleExpr,
        signing_region: Option<RuleExpr>,
        signing_name: Option<RuleExpr>,
    },
    /// An error with this message.
    Error(RuleExpr),
    /// More rules, tried in order; an error if none matches.
    Tree(Vec<EndpointRule>),
}

/// A typed expression of the rules language.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleExpr {
    Bool(bool),
    /// A `Params` field (`region`).
    Param(String),
    /// A value a condition bound (`region` once set, `partition_result`, `url`).
    Bound(String),
    /// A string put together from text and string values (`https://sts.{Region}.{..}`).
    Template(Vec<TemplatePart>),
    Not(Box<RuleExpr>),
    /// Whether an optional value is unset.
    IsNone(Box<RuleExpr>),
    Equals(Box<RuleExpr>, Box<RuleExpr>),
    /// `aws.partition(region)`: an optional partition.
    Partition(Box<RuleExpr>),
    /// `parseURL(url)`: an optional parsed URL.
    ParseUrl(Box<RuleExpr>),
    /// A field of a partition or a parsed URL (`dns_suffix`, `is_ip`).
    Field(Box<RuleExpr>, String),
}

impl RuleExpr {
    /// Whether the expression reads the bound value `var`.
    pub fn uses(&self, var: &str) -> bool {
        match self {
            Self::Bound(name) => name == var,
            Self::Bool(_) | Self::Param(_) => false,
            Self::Template(parts) => parts.iter().any(|p| matches!(p, TemplatePart::Value(e) if e.uses(var))),
            Self::Not(e) | Self::IsNone(e) | Self::Partition(e) | Self::ParseUrl(e) | Self::Field(e, _) => e.uses(var),
            Self::Equals(a, b) => a.uses(var) || b.uses(var),
        }
    }
}

/// A piece of a [`RuleExpr::Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    /// A string value.
    Value(RuleExpr),
}

/// The partition table of `partitions.json`, in its order (the first is the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitions {
    pub version: String,
    pub partitions: Vec<Partition>,
}

/// One partition: what `aws.partition` gives for it, its regions, and its region regex
/// compiled into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub implicit_global_region: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub regions: Vec<String>,
    pub region_pattern: Vec<RegionPart>,
}

/// One part of a compiled region regex such as `^us\-gov\-\w+\-\d+$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionPart {
    Literal(String),
    /// `\w+`.
    Word,
    /// `\d+`.
    Digits,
    /// `(us|eu)`.
    OneOf(Vec<String>),
}

/// A parameter of the endpoint rule set, with its Rust name and where its value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointParam {
    /// The rule set's name (`UseGlobalEndpoint`).
    pub wire_name: String,
    /// The field of the generated `Params` (`use_global_endpoint`).
    pub field: String,
    pub docs: Docs,
    /// An optional string, or a boolean with its default.
    pub kind: EndpointParamKind,
    pub source: ParamSource,
}

/// The type of an [`EndpointParam`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParamKind {
    OptionalString,
    Bool { default: bool },
}

/// The client setting an [`EndpointParam`] takes its value from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamSource {
    Region,
    UseFips,
    UseDualStack,
    /// The configured endpoint URL (`SDK::Endpoint`).
    EndpointUrl,
    /// A service's own boolean built-in (`AWS::STS::UseGlobalEndpoint`).
    Flag(EndpointFlag),
}

/// A service's own boolean endpoint setting, emitted as a constant users set it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointFlag {
    /// The constant's name (`USE_GLOBAL_ENDPOINT`).
    pub const_name: String,
    /// The rule set's built-in (`AWS::STS::UseGlobalEndpoint`).
    pub built_in: String,
    /// The environment variable that sets it, if
    /// [`crate::customizations::ENDPOINT_FLAG_VARIABLES`] names one.
    pub variable: Option<FlagVariable>,
}

/// The environment variable that sets an [`EndpointFlag`], and its values for on and off
/// (`AWS_STS_REGIONAL_ENDPOINTS`: `legacy`, `regional`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagVariable {
    pub name: String,
    pub on: String,
    pub off: String,
}

/// A signature version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    V4,
    /// SimpleDB's.
    V2,
}

/// Rustdoc as Markdown blocks, not wrapped: each paragraph, list item and code line is one
/// string, and an empty string separates paragraphs. Emitters wrap it
/// ([`crate::docs::lines`]); its summary is the first sentence of its first paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs(pub Vec<String>);

impl Docs {
    /// One paragraph.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Self(vec![text.into()])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// These docs, then `more` as paragraphs of their own.
    pub fn then(mut self, more: Docs) -> Self {
        if !self.0.is_empty() && !more.0.is_empty() {
            self.0.push(String::new());
        }
        self.0.extend(more.0);
        self
    }

    /// The first sentence of the first paragraph: what a one-line summary shows (an enum
    /// variant's doc, a setter's).
    pub fn summary(&self) -> Option<String> {
        crate::docs::first_sentence(self.0.first()?)
    }
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The `Action=` value and the model name: `AssumeRoleWithSAML`.
    pub wire_name: String,
    /// The Rust type naming the operation: `AssumeRoleWithSaml`.
    pub type_name: String,
    /// The module and client method: `assume_role_with_saml`.
    pub module: String,
    /// The builder `Client::{module}` returns: `{type_name}FluentBuilder`.
    pub fluent_name: String,
    pub docs: Docs,
    pub deprecated: Option<String>,
    /// Whether requests are signed with SigV4 (false for `smithy.api#noAuth`).
    pub signed: bool,
    /// The endpoint trait's host prefix (`foo.{label}.`), parsed, if any.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// The request URI when it is not `/` (`/?Operation=CancelJob`).
    pub request_uri: Option<String>,
    pub input: Structure,
    pub output: Structure,
    /// The element that wraps the output members (`AssumeRoleResult`), if any.
    pub result_wrapper: Option<String>,
    /// `AssumeRoleError`.
    pub error_type: String,
    /// Where it is: `crate::operation::assume_role::AssumeRoleError`.
    pub error_path: RustPath,
    pub errors: Vec<ErrorRef>,
}

/// A piece of a host prefix: text as it is, or an input member (a string host label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    Text(String),
    /// The member's model name (what its check reports) and its field.
    Label {
        wire_name: String,
        field: String,
        required: bool,
    },
}

/// A modeled error an operation can return.
#[derive(Debug, Clone)]
pub struct ErrorRef {
    /// Rust name of the error struct and of the enum variant.
    pub type_name: String,
    /// Full Rust path of the error struct (`crate::types::error::ExpiredTokenException`).
    pub path: RustPath,
    /// The code on the wire (`MalformedPolicyDocument`).
    pub code: String,
    /// The error enum's test for it: `is_malformed_policy_document_exception`.
    pub is_fn: String,
}

/// What a structure is used for, which decides the code emitted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Input,
    Output,
    Shared,
    Error,
}

/// A structure: an operation input or output, a shared type, or an error's members.
#[derive(Debug, Clone)]
pub struct Structure {
    /// The shape name in the model.
    pub shape_name: String,
    pub type_name: String,
    /// Its builder: `{type_name}Builder`.
    pub builder_name: String,
    pub role: Role,
    pub docs: Docs,
    pub members: Vec<Member>,
    /// Whether some input reaches it, so it needs a query writer.
    pub serialized: bool,
    /// Whether some output or error reaches it, so it needs an XML reader.
    pub deserialized: bool,
    /// A union (exactly one member set): emitted as an enum with a variant per member.
    pub union: bool,
}

impl Structure {
    /// How types refer to this structure.
    pub fn id(&self) -> ShapeId {
        ShapeId::new(&self.shape_name)
    }

    pub fn has_required(&self) -> bool {
        self.members.iter().any(|m| m.required)
    }

    pub fn has_sensitive(&self) -> bool {
        self.members.iter().any(|m| m.sensitive)
    }
}

/// A member of a structure.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name in the model (`RoleArn`).
    pub wire_name: String,
    /// The name used in the query string and in XML: `locationName` or the member name.
    pub serialized_name: String,
    /// The Rust field and setter name (`role_arn`).
    pub field: String,
    /// The setter that sets or clears it: `set_{field}`.
    pub setter: String,
    /// The builder method that reads it: `get_{field}`.
    pub getter: String,
    /// The enum variant holding this member when its structure is a union (`PolicyArn`).
    pub variant: String,
    pub ty: Type,
    pub required: bool,
    pub sensitive: bool,
    pub docs: Docs,
    pub deprecated: Option<String>,
    pub idempotency_token: bool,
    /// Whether the member also fills a `{label}` of the operation's host prefix.
    pub host_label: bool,
    /// Whether the value is boxed: the member's structure can contain the structure
    /// holding the member.
    pub boxed: bool,
    pub constraints: Constraints,
}

/// Limits from the model, checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Minimum length (strings, blobs, lists) or value (numbers).
    pub min: Option<i64>,
    /// Maximum length (strings, blobs, lists) or value (numbers).
    pub max: Option<i64>,
    pub pattern: Option<Pattern>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.pattern.as_ref().is_none_or(|p| p.class.is_none())
    }
}

/// A model pattern, and its compiled form when it can be checked faithfully.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub source: String,
    pub class: Option<crate::pattern::CharClass>,
}

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    DateTime,
    EpochSeconds,
    HttpDate,
}

/// The Rust type of a member, list element or map value.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Boolean,
    Integer,
    Long,
    Float,
    Double,
    Timestamp(TimestampFormat),
    Blob,
    /// A string enum.
    Enum(TypeRef),
    /// A structure.
    Structure(TypeRef),
    List(Box<ListType>),
    Map(Box<MapType>),
}

/// How the IR refers to a structure or string enum: by its model shape name, the same
/// wherever the shape is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(pub String);

impl ShapeId {
    pub fn new(shape_name: &str) -> Self {
        Self(shape_name.to_owned())
    }
}

/// A Rust path the lowering decided, as its segments (`crate`, `types`, `Tag`): emitters
/// turn the segments into tokens and never parse a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustPath(pub Vec<String>);

impl RustPath {
    /// The path of `text`'s `::`-separated segments (`crate::input::query_lists`).
    pub fn parse(text: &str) -> Self {
        Self(text.split("::").map(str::to_owned).collect())
    }

    /// This path with `segments` after it.
    pub fn join(&self, segments: &[&str]) -> Self {
        Self(self.0.iter().cloned().chain(segments.iter().map(|s| (*s).to_owned())).collect())
    }

    /// The last segment: the item's own name.
    pub fn name(&self) -> &str {
        self.0.last().map_or("", String::as_str)
    }
}

impl std::fmt::Display for RustPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("::"))
    }
}

/// A structure or enum a value refers to: its shape, and the path of its Rust type
/// (`crate::types::Tag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub id: ShapeId,
    pub path: RustPath,
}

/// A list and how it is laid out on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct ListType {
    pub element: Type,
    /// The element shape's own limits (e.g. each audience 1 to 1000 characters).
    pub element_constraints: Constraints,
    /// `member.locationName`; the default element name is `member`.
    pub element_name: Option<String>,
    pub flattened: bool,
}

/// A map and how it is laid out on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct MapType {
    pub key: Type,
    pub value: Type,
    pub key_name: Option<String>,
    pub value_name: Option<String>,
    pub flattened: bool,
}

/// A modeled error shape.
#[derive(Debug, Clone)]
pub struct ErrorShape {
    pub code: String,
    pub http_status: Option<u16>,
    /// The members other than the message, which every error carries.
    pub structure: Structure,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct Enum {
    pub shape_name: String,
    pub type_name: String,
    pub docs: Docs,
    pub variants: Vec<EnumVariant>,
}

/// One value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub wire_value: String,
    pub name: String,
}

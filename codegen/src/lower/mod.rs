//! Lowering: the botocore model -> the IR.
//!
//! Every Rust name and type is decided here, once. A construct this generator does not
//! support (another protocol, a streaming member, an unknown auth scheme...) is an error
//! naming the shape or operation, never something silently skipped.

use std::collections::{BTreeMap, BTreeSet};

use crate::botocore::{self, ServiceModel, ShapeKind};
use crate::docs::to_markdown;
use crate::ir::{
    Constraints, Docs, Enum, EnumVariant, ErrorRef, ErrorShape, HostPrefixPart, ListType, MapType, Member, Operation,
    Pattern, Role, RustPath, Service, ShapeId, Signature, Structure, TimestampFormat, Type, TypeRef,
};
use crate::names::{
    ERROR_META_FIELD, REQUEST_ID_FIELD, UNKNOWN_VARIANT, field_name, snake_name, type_name, variant_name,
};
use crate::{Error, customizations};

mod endpoint;

pub use endpoint::{endpoint_params, endpoint_rules, partitions};

/// How the names of members that hold secrets end (compared without case): these are
/// redacted whether or not the model marks them `sensitive`, as older models mark none (in
/// botocore 1.20.0's STS model not even the secret access key is). A session or bearer
/// token is a credential: whoever reads it can use it.
pub const SECRET_NAME_ENDINGS: &[&str] = &[
    "secretaccesskey",
    "secretkey",
    "clientsecret",
    "secret",
    "password",
    "passphrase",
    "privatekey",
    "sessiontoken",
    "securitytoken",
    "bearertoken",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "webidentitytoken",
    "tradeintoken",
    "samlassertion",
];

/// Whether a member named `name` holds a secret, whatever the model says: its name ends
/// with one of [`SECRET_NAME_ENDINGS`], and does not say it is only derived from one
/// (`SubjectFromWebIdentityToken` is the token's subject claim, not the token).
pub fn secret_by_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_NAME_ENDINGS.iter().any(|ending| {
        name.strip_suffix(ending).is_some_and(|before| !before.ends_with("from") && !before.ends_with("of"))
    })
}

/// Lowers a parsed model into the IR of a service emitted into the module `root`
/// (`crate` for the client crate).
pub fn lower(model: &ServiceModel, root: &str) -> Result<Service, Error> {
    Lowering::new(model, root)?.run()
}

struct Lowering<'m> {
    model: &'m ServiceModel,
    root: RustPath,
    /// The shapes operations list as errors.
    error_shapes: BTreeSet<&'m str>,
    /// Shape name -> the first operation input or output made from it (each operation gets
    /// its own type, even where several share a shape).
    io_shapes: BTreeMap<&'m str, String>,
    /// Structures some member, list or map refers to.
    nested: BTreeSet<&'m str>,
    serialized: BTreeSet<&'m str>,
    deserialized: BTreeSet<&'m str>,
    enums: BTreeMap<String, Enum>,
}

impl<'m> Lowering<'m> {
    fn new(model: &'m ServiceModel, root: &str) -> Result<Self, Error> {
        if !model.metadata.offers_query() {
            let first = model.metadata.protocol.as_str();
            let mut offered = vec![first];
            offered.extend(model.metadata.protocols.iter().map(String::as_str).filter(|p| *p != first));
            return Err(Error::unsupported(
                "metadata.protocol",
                format!("protocol `{}` (only `query` is supported)", offered.join("`, `")),
            ));
        }
        let mut lowering = Lowering {
            model,
            root: RustPath::parse(root),
            error_shapes: BTreeSet::new(),
            io_shapes: BTreeMap::new(),
            nested: model
                .shapes
                .values()
                .flat_map(|s| s.members.iter().map(|(_, m)| m).chain(&s.member).chain(&s.key).chain(&s.value))
                .map(|m| m.shape.as_str())
                .collect(),
            serialized: BTreeSet::new(),
            deserialized: BTreeSet::new(),
            enums: BTreeMap::new(),
        };
        lowering.assign_roles()?;
        Ok(lowering)
    }

    fn shape(&self, name: &str) -> Result<&'m botocore::Shape, Error> {
        self.model.shapes.get(name).ok_or_else(|| Error::model(name, "is referenced but not defined"))
    }

    /// Decides what every top-level structure is, and which are read or written.
    fn assign_roles(&mut self) -> Result<(), Error> {
        let model = self.model;
        for (name, op) in &model.operations {
            let type_base = type_name(name);
            for (shape_ref, role, suffix) in [(&op.input, Role::Input, "Input"), (&op.output, Role::Output, "Output")] {
                if let Some(shape_ref) = shape_ref {
                    // Each operation gets its own input and output type, even where several
                    // share a shape (IAM's GetContextKeysForPolicyResponse).
                    self.io_shapes.entry(&shape_ref.shape).or_insert_with(|| format!("{type_base}{suffix}"));
                    self.mark(&shape_ref.shape, role == Role::Input)?;
                }
            }
            for error in &op.errors {
                let shape = self.shape(&error.shape)?;
                if shape.error.is_none() && !shape.exception {
                    return Err(Error::model(&error.shape, "is listed as an error but is not an exception"));
                }
                self.error_shapes.insert(&error.shape);
                self.mark(&error.shape, false)?;
            }
        }
        if let Some((shape, io)) = self.io_shapes.iter().find(|(shape, _)| self.error_shapes.contains(*shape)) {
            return Err(Error::unsupported(shape, format!("an error shape also used as `{io}`")));
        }
        Ok(())
    }

    /// Marks `shape` and every shape it reaches as written (inputs) or read (the rest).
    fn mark(&mut self, shape_name: &'m str, written: bool) -> Result<(), Error> {
        let set = if written { &mut self.serialized } else { &mut self.deserialized };
        if !set.insert(shape_name) {
            return Ok(());
        }
        let shape = self.shape(shape_name)?;
        let children = shape
            .members
            .iter()
            .map(|(_, m)| m)
            .chain(shape.member.as_ref())
            .chain(shape.key.as_ref())
            .chain(shape.value.as_ref());
        for child in children {
            self.mark(&child.shape, written)?;
        }
        Ok(())
    }

    fn run(mut self) -> Result<Service, Error> {
        let model = self.model;
        let mut operations = Vec::new();
        for (name, op) in &model.operations {
            operations.push(self.operation(name, op)?);
        }

        let mut shared_types = Vec::new();
        let mut errors = Vec::new();
        for (shape_name, shape) in &model.shapes {
            let reached =
                self.serialized.contains(shape_name.as_str()) || self.deserialized.contains(shape_name.as_str());
            if shape.kind != ShapeKind::Structure || !reached {
                continue;
            }
            let name = shape_name.as_str();
            if self.error_shapes.contains(name) {
                errors.push(self.error_shape(shape_name, shape)?);
            } else if !self.io_shapes.contains_key(name) || self.nested.contains(name) {
                // An operation's input or output is a shared type too where a member uses
                // it (RDS's DBCluster is CreateDBCluster's output and a list's element).
                shared_types.push(self.structure(shape_name, shape, Role::Shared, type_name(shape_name))?);
            }
        }
        shared_types.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        errors.sort_by(|a, b| a.structure.type_name.cmp(&b.structure.type_name));
        let enums: Vec<Enum> = std::mem::take(&mut self.enums).into_values().collect();

        check_unique(
            "types",
            shared_types
                .iter()
                .flat_map(|s| [s.type_name.clone(), format!("{}Builder", s.type_name)])
                .chain(enums.iter().map(|e| e.type_name.clone())),
        )?;
        check_unique(
            "types::error",
            errors.iter().flat_map(|e| [e.structure.type_name.clone(), format!("{}Builder", e.structure.type_name)]),
        )?;
        check_unique("operation", operations.iter().map(|o| o.module.clone()))?;

        // SigV4 signs for `signingName`, else the endpoint prefix.
        let signing_name = model
            .metadata
            .signing_name
            .clone()
            .or_else(|| model.metadata.endpoint_prefix.clone())
            .ok_or_else(|| Error::model("metadata", "has neither signingName nor endpointPrefix"))?;
        let checked_structures = checked_structures(&shared_types);
        let service_id = model.metadata.service_id.clone().unwrap_or_else(|| signing_name.clone());
        let endpoint_url_variable =
            format!("AWS_ENDPOINT_URL_{}", service_id.trim().replace([' ', '-'], "_").to_ascii_uppercase());
        let mut trait_name = type_name(&service_id.replace([' ', '-'], "_"));
        let taken = |name: &str| {
            model.shapes.keys().any(|shape| type_name(shape) == name)
                || operations.iter().any(|op| op.type_name == name || op.fluent_name == name)
        };
        if taken(&trait_name) {
            trait_name.push_str("Api");
        }
        Ok(Service {
            trait_name,
            checked_structures,
            root: self.root.clone(),
            api_version: model.metadata.api_version.clone(),
            runtime_crate: crate::DEFAULT_RUNTIME_CRATE.to_owned(),
            header: crate::emit::HEADER.to_owned(),
            signature: signature(model, &service_id)?,
            endpoint_url_variable,
            transient_codes: customizations::transient_codes(&service_id).iter().map(|c| (*c).to_owned()).collect(),
            endpoint_params: Vec::new(),
            endpoint_rules: Vec::new(),
            partitions: None,
            signing_name,
            full_name: model
                .metadata
                .service_full_name
                .clone()
                .unwrap_or_else(|| model.metadata.service_id.clone().unwrap_or_default()),
            docs: model.documentation.as_deref().map(to_markdown).unwrap_or_default(),
            operations,
            shared_types,
            errors,
            enums,
        })
    }

    fn operation(&mut self, name: &str, op: &botocore::Operation) -> Result<Operation, Error> {
        if op.name != name {
            return Err(Error::model(name, format!("operation is keyed `{name}` but named `{}`", op.name)));
        }
        // awsQuery posts the form to `/`; Import/Export's older model adds a fixed query
        // string (`/?Operation=CancelJob`), which is sent as it is. Labels (`{Name}`) are
        // not awsQuery.
        let uri = &op.http.request_uri;
        if op.http.method != "POST" || !uri.starts_with('/') || uri.contains(['{', '}', '#']) {
            return Err(Error::unsupported(
                name,
                format!("HTTP binding {} {uri} (awsQuery is POST / with at most a fixed query string)", op.http.method),
            ));
        }
        let request_uri = (uri != "/").then(|| uri.clone());
        let signed = signed(name, op)?;
        let type_base = type_name(name);
        let input = match &op.input {
            Some(r) => {
                let shape = self.shape(&r.shape)?;
                self.structure(&r.shape, shape, Role::Input, format!("{type_base}Input"))?
            }
            None => empty_structure(format!("{type_base}Input"), Role::Input),
        };
        let (output, result_wrapper) = match &op.output {
            Some(r) => {
                let shape = self.shape(&r.shape)?;
                let output = self.structure(&r.shape, shape, Role::Output, format!("{type_base}Output"))?;
                // awsQuery always wraps output members in `<{Operation}Result>`; models
                // converted from Smithy may leave the wrapper implicit.
                (output, Some(r.result_wrapper.clone().unwrap_or_else(|| format!("{name}Result"))))
            }
            None => (empty_structure(format!("{type_base}Output"), Role::Output), None),
        };
        if let Some(m) = output.members.iter().find(|m| m.field == REQUEST_ID_FIELD) {
            return Err(Error::unsupported(
                &output.shape_name,
                format!("member `{}`, whose field name is taken by the request id", m.wire_name),
            ));
        }
        let mut errors = Vec::new();
        for (i, error) in op.errors.iter().enumerate() {
            if op.errors[..i].iter().any(|earlier| earlier.shape == error.shape) {
                // Listed twice (DocumentDB's RestoreDBClusterFromSnapshot): one variant.
                continue;
            }
            let shape = self.shape(&error.shape)?;
            let type_name = type_name(&error.shape);
            let path = self.root.join(&["types", "error", &type_name]);
            let code = error_code(&error.shape, shape);
            if let Some(said) = error.error.as_ref().and_then(|e| e.code.as_deref()).filter(|said| *said != code) {
                return Err(Error::model(
                    name,
                    format!("lists error `{}` with code `{said}`, but the shape's code is `{code}`", error.shape),
                ));
            }
            let is_fn = format!("is_{}", snake_name(&type_name));
            errors.push(ErrorRef { type_name, path, code, is_fn });
        }
        check_unique(&format!("{name} errors"), errors.iter().map(|e| e.code.clone()))?;
        check_unique(&format!("{name} error tests"), errors.iter().map(|e| e.is_fn.clone()))?;
        let host_prefix = match &op.endpoint {
            None => None,
            Some(endpoint) => Some(
                endpoint
                    .get("hostPrefix")
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| Error::unsupported(name, format!("the endpoint trait {endpoint}")))?
                    .to_owned(),
            ),
        };
        let host_prefix = host_prefix.map(|prefix| host_prefix_parts(name, &prefix, &input)).transpose()?;
        let module = snake_name(name);
        Ok(Operation {
            wire_name: name.to_owned(),
            host_prefix,
            request_uri,
            fluent_name: format!("{type_base}FluentBuilder"),
            type_name: type_base.clone(),
            module: module.clone(),
            docs: op.documentation.as_deref().map(to_markdown).unwrap_or_default(),
            deprecated: op.deprecated.then(|| op.deprecated_message.clone().unwrap_or_default()),
            signed,
            input,
            output,
            result_wrapper,
            error_type: format!("{type_base}Error"),
            error_path: self.root.join(&["operation", &module, &format!("{type_base}Error")]),
            errors,
        })
    }

    fn error_shape(&mut self, shape_name: &str, shape: &botocore::Shape) -> Result<ErrorShape, Error> {
        let mut structure = self.structure(shape_name, shape, Role::Error, type_name(shape_name))?;
        // Every error carries its message in its metadata; a modeled `message` member is that.
        structure.members.retain(|m| !m.wire_name.eq_ignore_ascii_case("message"));
        if let Some(m) = structure.members.iter().find(|m| m.field == ERROR_META_FIELD) {
            return Err(Error::unsupported(
                shape_name,
                format!("error member `{}` named like the metadata", m.wire_name),
            ));
        }
        Ok(ErrorShape {
            code: error_code(shape_name, shape),
            http_status: shape.error.as_ref().and_then(|i| i.http_status_code),
            structure,
        })
    }

    fn structure(
        &mut self,
        shape_name: &str,
        shape: &botocore::Shape,
        role: Role,
        rust_name: String,
    ) -> Result<Structure, Error> {
        if shape.kind != ShapeKind::Structure {
            return Err(Error::model(shape_name, "is used as a structure but is not one"));
        }
        for flag in [
            (shape.streaming, "streaming"),
            (shape.eventstream, "eventstream"),
            (shape.union && role != Role::Shared, "union input, output or error"),
            (shape.document, "document"),
        ] {
            if flag.0 {
                return Err(Error::unsupported(shape_name, format!("`{}` structures", flag.1)));
            }
        }
        for required in &shape.required {
            if !shape.members.iter().any(|(name, _)| name == required) {
                return Err(Error::model(shape_name, format!("requires `{required}`, which is not a member")));
            }
        }
        let mut members = Vec::new();
        for (member_name, member) in &shape.members {
            members.push(self.member(shape_name, member_name, member, shape.required.contains(member_name))?);
        }
        check_unique(shape_name, members.iter().map(|m| m.field.clone()))?;
        // A builder's methods: a setter, a `set_` and a `get_` one per member, and `build`
        // (`Name` and `SetName` would both give `set_name`).
        check_unique(
            &format!("{shape_name} builder"),
            members
                .iter()
                .flat_map(|m| [m.field.clone(), m.setter.clone(), m.getter.clone()])
                .chain(["build".to_owned()]),
        )?;
        if shape.union {
            if let Some(m) = members.iter().find(|m| match &m.ty {
                Type::List(list) => list.flattened,
                Type::Map(map) => map.flattened,
                _ => false,
            }) {
                return Err(Error::unsupported(
                    shape_name,
                    format!("the flattened member `{}` in a union", m.wire_name),
                ));
            }
            // `Unknown` is the variant for a member this version does not know.
            check_unique(shape_name, members.iter().map(|m| m.variant.clone()).chain([UNKNOWN_VARIANT.to_owned()]))?;
            // One member is set, whichever: none is required on its own.
            for member in &mut members {
                member.required = false;
            }
        }
        Ok(Structure {
            shape_name: shape_name.to_owned(),
            builder_name: format!("{rust_name}Builder"),
            type_name: rust_name,
            role,
            docs: shape.documentation.as_deref().map(to_markdown).unwrap_or_default(),
            members,
            serialized: self.serialized.contains(shape_name),
            deserialized: self.deserialized.contains(shape_name),
            union: shape.union,
        })
    }

    fn member(&mut self, parent: &str, name: &str, member: &botocore::Member, required: bool) -> Result<Member, Error> {
        let path = format!("{parent}.{name}");
        if member.xml_attribute {
            return Err(Error::unsupported(&path, "XML attributes"));
        }
        if member.location.is_some() {
            return Err(Error::unsupported(&path, "members bound to HTTP headers or the URI"));
        }
        let target = self.shape(&member.shape)?;
        let ty = self.member_type(&path, member, target)?;
        // A structure the model marks sensitive keeps every member out of `Debug`, not only
        // the members whose own shapes are sensitive.
        let sensitive = target.sensitive
            || self.model.shapes.get(parent).is_some_and(|s| s.sensitive)
            || secret_by_name(name)
            || [target.member.as_ref(), target.value.as_ref()]
                .into_iter()
                .flatten()
                .any(|inner| self.model.shapes.get(&inner.shape).is_some_and(|s| s.sensitive));
        let docs =
            member.documentation.as_deref().or(target.documentation.as_deref()).map(to_markdown).unwrap_or_default();
        // The member's own `locationName` names it on the wire. A list shape flattened in
        // its own definition (SimpleDB's, from before Smithy) names its elements with its
        // member's `locationName` instead (`<DomainName>`, `Attribute.1.Name`), as botocore
        // reads and writes them; a list flattened by the structure member keeps the
        // member's name (Smithy's `@xmlFlattened`, as the protocol tests check).
        let legacy_element = match (&target.kind, &target.member) {
            (ShapeKind::List, Some(element)) if target.flattened && !member.flattened => element.location_name.clone(),
            _ => None,
        };
        let serialized_name = member.location_name.clone().or(legacy_element).unwrap_or_else(|| name.to_owned());
        let field = field_name(name);
        Ok(Member {
            wire_name: name.to_owned(),
            serialized_name,
            setter: format!("set_{field}"),
            getter: format!("get_{field}"),
            field,
            variant: type_name(name),
            ty,
            required,
            sensitive,
            docs,
            deprecated: member.deprecated.then(|| member.deprecated_message.clone().unwrap_or_default()),
            idempotency_token: member.idempotency_token,
            host_label: member.host_label,
            boxed: target.kind == ShapeKind::Structure && self.reaches(&member.shape, parent),
            constraints: constraints(target),
        })
    }

    /// The type of a value of shape `target`, referenced by `member` (which may add
    /// `flattened` or a timestamp format to the shape's own).
    fn member_type(&mut self, path: &str, member: &botocore::Member, target: &botocore::Shape) -> Result<Type, Error> {
        Ok(match target.kind {
            ShapeKind::String if !target.enum_values.is_empty() => {
                let name = self.enumeration(&member.shape, target);
                Type::Enum(TypeRef { id: ShapeId::new(&member.shape), path: self.root.join(&["types", &name]) })
            }
            ShapeKind::String => Type::String,
            ShapeKind::Boolean => Type::Boolean,
            ShapeKind::Integer => Type::Integer,
            ShapeKind::Long => Type::Long,
            ShapeKind::Float => Type::Float,
            ShapeKind::Double => Type::Double,
            ShapeKind::Blob if target.streaming => return Err(Error::unsupported(path, "streaming blobs")),
            ShapeKind::Blob => Type::Blob,
            ShapeKind::Timestamp => {
                let format = member.timestamp_format.as_deref().or(target.timestamp_format.as_deref());
                Type::Timestamp(match format {
                    None | Some("iso8601") => TimestampFormat::DateTime,
                    Some("unixTimestamp") => TimestampFormat::EpochSeconds,
                    Some("rfc822") => TimestampFormat::HttpDate,
                    Some(other) => return Err(Error::unsupported(path, format!("timestamp format `{other}`"))),
                })
            }
            ShapeKind::Structure => Type::Structure(self.structure_ref(path, &member.shape)?),
            ShapeKind::List => {
                let element =
                    target.member.as_ref().ok_or_else(|| Error::model(&member.shape, "is a list without `member`"))?;
                let element_shape = self.shape(&element.shape)?;
                Type::List(Box::new(ListType {
                    element: self.member_type(path, element, element_shape)?,
                    element_constraints: constraints(element_shape),
                    element_name: element.location_name.clone(),
                    flattened: member.flattened || target.flattened,
                }))
            }
            ShapeKind::Map => {
                let (key, value) = match (&target.key, &target.value) {
                    (Some(k), Some(v)) => (k, v),
                    _ => return Err(Error::model(&member.shape, "is a map without `key` and `value`")),
                };
                let key_shape = self.shape(&key.shape)?;
                let value_shape = self.shape(&value.shape)?;
                let key_type = self.member_type(path, key, key_shape)?;
                if !matches!(key_type, Type::String | Type::Enum(_)) {
                    return Err(Error::unsupported(path, "map keys that are not strings"));
                }
                Type::Map(Box::new(MapType {
                    key: key_type,
                    value: self.member_type(path, value, value_shape)?,
                    key_name: key.location_name.clone(),
                    value_name: value.location_name.clone(),
                    flattened: member.flattened || target.flattened,
                }))
            }
            kind @ (ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Character
            | ShapeKind::BigInteger
            | ShapeKind::BigDecimal) => {
                return Err(Error::unsupported(path, format!("shape type {kind:?}")));
            }
        })
    }

    /// Whether structure `from` contains structure `to`, directly or through other
    /// structures (lists and maps allocate, so they break the cycle).
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(name) = stack.pop() {
            if name == to {
                return true;
            }
            if !seen.insert(name) {
                continue;
            }
            if let Some(shape) = self.model.shapes.get(name) {
                for (_, member) in &shape.members {
                    if self.model.shapes.get(&member.shape).is_some_and(|s| s.kind == ShapeKind::Structure) {
                        stack.push(&member.shape);
                    }
                }
            }
        }
        false
    }

    /// A structure used as a member: a shared type (an error cannot be nested in another
    /// structure).
    fn structure_ref(&self, path: &str, shape_name: &str) -> Result<TypeRef, Error> {
        if self.error_shapes.contains(shape_name) {
            return Err(Error::unsupported(path, format!("the error structure `{shape_name}` as a member")));
        }
        Ok(TypeRef { id: ShapeId::new(shape_name), path: self.root.join(&["types", &type_name(shape_name)]) })
    }

    fn enumeration(&mut self, shape_name: &str, shape: &botocore::Shape) -> String {
        let type_name = type_name(shape_name);
        self.enums.entry(shape_name.to_owned()).or_insert_with(|| Enum {
            shape_name: shape_name.to_owned(),
            type_name: type_name.clone(),
            docs: shape.documentation.as_deref().map(to_markdown).unwrap_or_default(),
            variants: shape
                .enum_values
                .iter()
                .map(|v| EnumVariant { wire_value: v.clone(), name: variant_name(v) })
                .collect(),
        });
        type_name
    }
}

/// The shared structures with a constraint to check, in themselves or in a structure,
/// list or map below them (found by iterating to a fixpoint, as structures may recurse).
fn checked_structures(structures: &[Structure]) -> BTreeSet<ShapeId> {
    let mut checked = BTreeSet::new();
    loop {
        let before = checked.len();
        for s in structures {
            if s.members.iter().any(|m| !m.constraints.is_empty() || type_checked(&m.ty, &checked)) {
                checked.insert(s.id());
            }
        }
        if checked.len() == before {
            return checked;
        }
    }
}

/// Whether values of `ty` have something to check, given the structures known to.
pub(crate) fn type_checked(ty: &Type, checked: &BTreeSet<ShapeId>) -> bool {
    match ty {
        Type::Structure(structure) => checked.contains(&structure.id),
        Type::List(list) => !list.element_constraints.is_empty() || type_checked(&list.element, checked),
        Type::Map(map) => type_checked(&map.value, checked),
        _ => false,
    }
}

/// The limits a shape puts on its values.
fn constraints(shape: &botocore::Shape) -> Constraints {
    // Limits are whole numbers in every model; a fractional one is rounded inward.
    Constraints {
        min: shape.min.map(|m| m.ceil() as i64),
        max: shape.max.map(|m| m.floor() as i64),
        pattern: shape
            .pattern
            .as_ref()
            .map(|source| Pattern { source: source.clone(), class: crate::pattern::compile(source) }),
    }
}

/// Whether an operation is signed, from `auth` (Smithy) or else `authtype` (legacy).
fn signed(name: &str, op: &botocore::Operation) -> Result<bool, Error> {
    if let Some(scheme) = op.auth.first() {
        return match scheme.as_str() {
            "smithy.api#noAuth" => Ok(false),
            "aws.auth#sigv4" | "aws.auth#sigv4a" => Ok(true),
            other => Err(Error::unsupported(name, format!("auth scheme `{other}`"))),
        };
    }
    match op.authtype.as_deref() {
        None | Some("v4") => Ok(true),
        Some("none") => Ok(false),
        Some(other) => Err(Error::unsupported(name, format!("authtype `{other}`"))),
    }
}

/// How the service's requests are signed: SigV4 when the model lists `aws.auth#sigv4`
/// or says `v4`, SigV2 when it says `v2` (SimpleDB), unless [`customizations`] says
/// otherwise.
fn signature(model: &botocore::ServiceModel, service_id: &str) -> Result<Signature, Error> {
    if model.metadata.auth.iter().any(|a| a.starts_with("aws.auth#sigv4")) {
        return Ok(Signature::V4);
    }
    let version = customizations::signature_version(service_id).or(model.metadata.signature_version.as_deref());
    match version {
        None | Some("v4") => Ok(Signature::V4),
        Some("v2") => Ok(Signature::V2),
        Some(other) => Err(Error::unsupported("metadata", format!("signature version `{other}`"))),
    }
}

/// The endpoint trait's `hostPrefix` of operation `name`, parsed: each `{Label}` must be a
/// string member of `input` marked as a host label.
fn host_prefix_parts(name: &str, prefix: &str, input: &Structure) -> Result<Vec<HostPrefixPart>, Error> {
    let mut parts = Vec::new();
    let mut rest = prefix;
    while let Some((text, after)) = rest.split_once('{') {
        let (label, tail) = after
            .split_once('}')
            .ok_or_else(|| Error::model(name, format!("host prefix `{prefix}` has an unclosed `{{`")))?;
        let member =
            input.members.iter().find(|m| m.host_label && m.wire_name == label && m.ty == Type::String).ok_or_else(
                || Error::model(name, format!("host prefix `{prefix}` names `{label}`, not a string host label")),
            )?;
        if !text.is_empty() {
            parts.push(HostPrefixPart::Text(text.to_owned()));
        }
        parts.push(HostPrefixPart::Label {
            wire_name: member.wire_name.clone(),
            field: member.field.clone(),
            required: member.required,
        });
        rest = tail;
    }
    if rest.contains('}') {
        return Err(Error::model(name, format!("host prefix `{prefix}` has an unopened `}}`")));
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Text(rest.to_owned()));
    }
    Ok(parts)
}

/// The code an error has on the wire: `error.code`, else the shape name.
fn error_code(shape_name: &str, shape: &botocore::Shape) -> String {
    shape.error.as_ref().and_then(|e| e.code.clone()).unwrap_or_else(|| shape_name.to_owned())
}

fn empty_structure(type_name: String, role: Role) -> Structure {
    Structure {
        shape_name: type_name.clone(),
        builder_name: format!("{type_name}Builder"),
        type_name,
        role,
        docs: Docs::default(),
        members: Vec::new(),
        serialized: role == Role::Input,
        deserialized: role == Role::Output,
        union: false,
    }
}

fn check_unique(scope: &str, names: impl IntoIterator<Item = String>) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            return Err(Error::unsupported(scope, format!("two items that both become `{name}`")));
        }
    }
    Ok(())
}

//! Rust names for model names: the one place that calls `heck`.
//!
//! Every derived name follows one rule: types are UpperCamelCase with acronyms folded
//! (`AssumeRoleWithSAML` -> `AssumeRoleWithSaml`, `IDPRejectedClaimException` ->
//! `IdpRejectedClaimException`), fields and modules are snake_case (`SAMLAssertion` ->
//! `saml_assertion`), and a name that is a Rust keyword gets a trailing underscore. The
//! names the generated code keeps for itself (methods, the request id, an error's metadata,
//! a union's `Unknown`) are defined here too, with the rule that keeps members off them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be a field, method or module name.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that would shadow something the generated code relies on.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Client",
    "Config",
    "Error",
    "Some",
    "None",
    "Ok",
    "Err",
    "Unhandled",
    "Other",
];

/// Names the generated code gives its own methods on structures, builders and fluent
/// builders. A member whose field would take one of them gets `_value` appended, the one
/// renaming rule (Elastic Beanstalk's `Build` member is `build_value`, its setter
/// `build_value()`, so that `build()` still builds).
pub const RESERVED_FIELDS: &[&str] = &[
    "build",
    "builder",
    "send",
    "presigned",
    "signed_request",
    "customize",
    "config_override",
    "as_input",
    "send_with",
    "client",
    "with_client",
    "new",
    "validate",
    "write_query",
    "read_xml",
    "serialize",
];

/// The field every output carries for the request id; no model member may take it.
pub const REQUEST_ID_FIELD: &str = "request_id";

/// The field every modeled error keeps the service's metadata in; no error member may take it.
pub const ERROR_META_FIELD: &str = "meta";

/// The variant a union gets for a member this version does not know; a model member's
/// variant of that name gets `Value` appended (see [`variant_name`]).
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A type name: `AssumeRoleWithSAML` -> `AssumeRoleWithSaml`.
pub fn type_name(model_name: &str) -> String {
    let name = model_name.to_upper_camel_case();
    if RESERVED_TYPES.contains(&name.as_str()) { format!("{name}Value") } else { name }
}

/// The Rust field (and setter) name of member `name`: its [`snake_name`], with `_value`
/// appended when that is one of the [`RESERVED_FIELDS`].
pub fn field_name(name: &str) -> String {
    let field = snake_name(name);
    if RESERVED_FIELDS.contains(&field.as_str()) { format!("{field}_value") } else { field }
}

/// A field, method or module name: `SAMLAssertion` -> `saml_assertion`.
pub fn snake_name(model_name: &str) -> String {
    let name = model_name.to_snake_case();
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    }
}

/// An enum variant name for a wire value: `us-east-1` -> `UsEast1`, `RS256` -> `Rs256`.
pub fn variant_name(wire_value: &str) -> String {
    let name = wire_value.to_upper_camel_case();
    if name.is_empty() {
        "Empty".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == UNKNOWN_VARIANT || name == "Self" {
        format!("{name}Value")
    } else {
        name
    }
}

/// Whether `name` can name a crate in paths: ASCII letters, digits and `_`, not starting
/// with a digit, and not a keyword (`sts_runtime`, `my_runtime`).
pub fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_fold_into_one_word() {
        assert_eq!(type_name("AssumeRoleWithSAML"), "AssumeRoleWithSaml");
        assert_eq!(type_name("IDPRejectedClaimException"), "IdpRejectedClaimException");
        assert_eq!(type_name("JWTPayloadSizeExceededException"), "JwtPayloadSizeExceededException");
        assert_eq!(snake_name("AssumeRoleWithSAML"), "assume_role_with_saml");
        assert_eq!(snake_name("SAMLAssertion"), "saml_assertion");
        assert_eq!(snake_name("arn"), "arn");
    }

    #[test]
    fn keywords_and_reserved_names_are_escaped() {
        assert_eq!(snake_name("Type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(type_name("Error"), "ErrorValue");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("1foo"), "V1foo");
    }

    #[test]
    fn crate_names_are_identifiers() {
        assert!(is_identifier("sts_runtime") && is_identifier("aws_query_runtime2"));
        for bad in ["", "_", "1rt", "my-runtime", "crate", "self", "rt::x", "ünï"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }
}

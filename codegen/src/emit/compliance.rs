//! Tests from the protocol compliance cases.
//!
//! Values in a case (params, expected results) are JSON; each becomes a Rust expression
//! of the member's type, built through the generated builders, so a test reads like code
//! a user would write:
//!
//! - input case: `client.op().set_x(Some(..))...send()` through a recording HTTP client,
//!   then the method, URI, host, listed headers and the body (as decoded pairs) compared;
//! - output case: the response read with `read_response::<Op>`, then every member of the
//!   output compared (members the case leaves out must be absent);
//! - error case: the error's code, message, variant and members compared.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use super::{RUNTIME_IN_TOKENS, doc_paragraph, ident, option_str, rust_path};
use crate::ir::{Member, Operation, Service, ShapeId, Structure, Type};
use crate::protocol_tests::{Case, Suite};
use crate::{Error, GeneratedFile};

/// Renders a file of the compliance crate, which is built on this repository's runtime.
fn render(path: &str, tokens: TokenStream) -> Result<GeneratedFile, Error> {
    super::render(path, tokens, RUNTIME_IN_TOKENS, super::HEADER)
}

/// `mod.rs` of a suite: its generated modules and its tests.
pub(crate) fn suite_module(suite: &Suite) -> Result<GeneratedFile, Error> {
    let doc = format!(" {}, from the awsQuery compliance suite.", suite.description);
    render(
        "mod.rs",
        quote! {
            #![doc = #doc]
            pub mod client;
            pub mod endpoint;
            pub mod operation;
            pub mod types;
            mod error_meta;
            pub use client::Client;
            pub use error_meta::Error;
            #[cfg(test)]
            mod tests;
        },
    )
}

/// `input/mod.rs` or `output/mod.rs`: one module per suite, and the skipped cases.
pub(crate) fn module_index(direction: &str, modules: &[String]) -> Result<GeneratedFile, Error> {
    let doc = format!(" The {direction} suites of the awsQuery protocol compliance tests.");
    let skipped = crate::protocol_tests::SKIPPED
        .iter()
        .filter(|_| direction == "input")
        .map(|(id, why)| format!(" - `{id}`: {why}."));
    let skipped_doc = (direction == "input").then(|| {
        quote! {
            #![doc = ""]
            #![doc = " Skipped, as the SDK deliberately does not do what they test:"]
            #(#![doc = #skipped])*
        }
    });
    let modules = modules.iter().map(|m| ident(m));
    render(
        "mod.rs",
        quote! {
            #![doc = #doc]
            #skipped_doc
            #(pub mod #modules;)*
        },
    )
}

/// `tests.rs` of a suite.
pub(crate) fn suite_tests(suite: &Suite, service: &Service, direction: &str) -> Result<GeneratedFile, Error> {
    let values = Values::new(service);
    let mut tests = Vec::new();
    for case in &suite.cases {
        let op = service
            .operations
            .iter()
            .find(|o| o.wire_name == case.given.name)
            .ok_or_else(|| Error::model(&case.id, "names an operation its suite does not define"))?;
        let name = ident(&case.test_name());
        let doc = case.description.as_deref().unwrap_or(&case.id).replace('\n', " ");
        let doc = doc_paragraph(format!("{doc} (`{}`)", case.id));
        let body = match direction {
            "input" => input_test(case, op, &values, suite.client_endpoint.as_deref())?,
            _ if case.error_code.is_some() => error_test(case, op, &values)?,
            _ => output_test(case, op, &values)?,
        };
        tests.push(quote! {
            #doc
            #[test]
            fn #name() {
                #body
            }
        });
    }
    render("tests.rs", quote!(#(#tests)*))
}

fn input_test(case: &Case, op: &Operation, values: &Values<'_>, endpoint: Option<&str>) -> Result<TokenStream, Error> {
    let serialized = case.serialized.as_ref().ok_or_else(|| Error::model(&case.id, "has no `serialized`"))?;
    let method = ident(&op.module);
    let setters = setters(&op.input, case.params.as_ref(), values, &case.id)?;
    let endpoint = endpoint.unwrap_or("https://example.com");
    let client = rust_path(&values.service.root.join(&["Client"]));
    let (http_method, uri) = (&serialized.method, &serialized.uri);
    let host = option_str(serialized.host.as_deref());
    let body = option_str(serialized.body.as_deref());
    let headers = serialized.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let required = &serialized.require_headers;
    Ok(quote! {
        let (config, requests) = crate::support::recording_config(#endpoint);
        let client = #client::from_conf(config);
        let _response = crate::support::run(client.#method() #(#setters)* .send());
        let request = requests.single();
        crate::support::assert_request(
            &request,
            #http_method,
            #uri,
            #host,
            &[#(#headers),*],
            &[#(#required),*],
            #body,
        );
    })
}

fn output_test(case: &Case, op: &Operation, values: &Values<'_>) -> Result<TokenStream, Error> {
    let response = response(case)?;
    let op_path = op_path(values.service, op);
    let result = case.result.as_ref().and_then(Value::as_object);
    let mut checks = Vec::new();
    for member in &op.output.members {
        let field = ident(&member.field);
        checks.push(member_check(
            quote!(output.#field),
            member,
            result.and_then(|r| r.get(&member.wire_name)),
            values,
            &case.id,
        )?);
    }
    if let Some(result) = result {
        for key in result.keys() {
            if !op.output.members.iter().any(|m| &m.wire_name == key) {
                return Err(Error::model(&case.id, format!("expects `{key}`, which the output does not have")));
            }
        }
    }
    let checks: Vec<TokenStream> = checks.into_iter().filter(|c| !c.is_empty()).collect();
    let output = if checks.is_empty() { quote!(_) } else { quote!(output) };
    Ok(quote! {
        #response
        let #output = ::sts_runtime::aws_query::response::read_response::<#op_path>(&response).expect("the response is read");
        #(#checks)*
    })
}

fn error_test(case: &Case, op: &Operation, values: &Values<'_>) -> Result<TokenStream, Error> {
    let service = values.service;
    let response = response(case)?;
    let op_path = op_path(service, op);
    let code = case.error_code.as_deref().unwrap_or_default();
    let message = case
        .error_message
        .as_deref()
        .map(|m| quote!(assert_eq!(::sts_runtime::error::ProvideErrorMetadata::message(&error), Some(#m));));
    let error_type = rust_path(&service.root.join(&["operation", &op.module, &op.error_type]));
    let variant_check = match op.errors.iter().find(|e| e.code == code) {
        Some(error_ref) => {
            let variant = ident(&error_ref.type_name);
            let shape = service
                .errors
                .iter()
                .find(|e| e.structure.type_name == error_ref.type_name)
                .ok_or_else(|| Error::model(&case.id, "names an error the model does not define"))?;
            let expected = case.error.as_ref().and_then(Value::as_object);
            let mut checks = Vec::new();
            for member in &shape.structure.members {
                let field = ident(&member.field);
                let optional = Member { required: false, ..member.clone() };
                checks.push(member_check(
                    quote!(inner.#field),
                    &optional,
                    expected.and_then(|e| e.get(&member.wire_name)),
                    values,
                    &case.id,
                )?);
            }
            let inner = if checks.iter().all(TokenStream::is_empty) { quote!(_) } else { quote!(inner) };
            quote! {
                let #error_type::#variant(#inner) = &error else {
                    panic!("expected the {} variant, got {error:?}", #code);
                };
                #(#checks)*
            }
        }
        None => quote! {
            assert!(matches!(error, #error_type::Unhandled(_)), "{error:?}");
        },
    };
    Ok(quote! {
        #response
        let error = match ::sts_runtime::aws_query::response::read_response::<#op_path>(&response) {
            Err(::sts_runtime::error::SdkError::ServiceError(e)) => e.into_err(),
            other => panic!("expected a service error, got {other:?}"),
        };
        assert_eq!(::sts_runtime::error::ProvideErrorMetadata::code(&error), Some(#code));
        #message
        #variant_check
    })
}

fn op_path(service: &Service, op: &Operation) -> TokenStream {
    rust_path(&service.root.join(&["operation", &op.module, &op.type_name]))
}

fn response(case: &Case) -> Result<TokenStream, Error> {
    let response = case.response.as_ref().ok_or_else(|| Error::model(&case.id, "has no `response`"))?;
    let status = Literal::u16_unsuffixed(response.status_code);
    let headers = response.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let body = response.body.as_deref().unwrap_or_default();
    Ok(quote!(let response = crate::support::response(#status, &[#(#headers),*], #body);))
}

/// The check of one member of a read value against the case's expectation (`None`: the
/// member must be absent).
fn member_check(
    actual: TokenStream,
    member: &Member,
    expected: Option<&Value>,
    values: &Values<'_>,
    case: &str,
) -> Result<TokenStream, Error> {
    let Some(expected) = expected else {
        return Ok(if member.required { quote!() } else { quote!(assert_eq!(#actual, None);) });
    };
    if matches!(member.ty, Type::Float | Type::Double) && expected.as_str() == Some("NaN") {
        return Ok(if member.required {
            quote!(assert!(#actual.is_nan());)
        } else {
            quote!(assert!(#actual.is_some_and(|v| v.is_nan()));)
        });
    }
    let mut value = values.value(&member.ty, expected, case)?;
    if member.boxed {
        value = quote!(Box::new(#value));
    }
    let expected = if member.required { value } else { quote!(Some(#value)) };
    Ok(quote! {
        let expected = #expected;
        assert_eq!(#actual, expected);
    })
}

/// `.set_x(Some(..))` calls for the members a JSON object gives.
fn setters(
    structure: &Structure,
    given: Option<&Value>,
    values: &Values<'_>,
    case: &str,
) -> Result<Vec<TokenStream>, Error> {
    let Some(given) = given.and_then(Value::as_object) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (key, json) in given {
        let member = structure.members.iter().find(|m| &m.wire_name == key).ok_or_else(|| {
            Error::model(case, format!("sets `{key}`, which `{}` does not have", structure.shape_name))
        })?;
        let setter = ident(&member.setter);
        let value = values.value(&member.ty, json, case)?;
        out.push(quote!(.#setter(Some(#value))));
    }
    Ok(out)
}

/// Turns JSON values into Rust expressions of a service's types.
struct Values<'a> {
    service: &'a Service,
    structures: BTreeMap<ShapeId, &'a Structure>,
}

impl<'a> Values<'a> {
    fn new(service: &'a Service) -> Self {
        let structures = service.shared_types.iter().map(|s| (s.id(), s)).collect();
        Self { service, structures }
    }

    fn value(&self, ty: &Type, json: &Value, case: &str) -> Result<TokenStream, Error> {
        let wrong = || Error::model(case, format!("has {json} where a {ty:?} is expected"));
        Ok(match ty {
            Type::String => {
                let s = json.as_str().ok_or_else(wrong)?;
                quote!(#s.to_owned())
            }
            Type::Boolean => {
                let b = json.as_bool().ok_or_else(wrong)?;
                quote!(#b)
            }
            Type::Integer => {
                let n = json.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(wrong)?;
                let n = Literal::i32_unsuffixed(n);
                quote!(#n)
            }
            Type::Long => {
                let n = Literal::i64_unsuffixed(json.as_i64().ok_or_else(wrong)?);
                quote!(#n)
            }
            Type::Float | Type::Double => float(ty, json).ok_or_else(wrong)?,
            Type::Timestamp(_) => {
                let (secs, nanos) = epoch(json).ok_or_else(wrong)?;
                let (secs, nanos) = (Literal::i64_unsuffixed(secs), Literal::u32_unsuffixed(nanos));
                quote!(::sts_runtime::DateTime::from_secs_and_nanos(#secs, #nanos))
            }
            Type::Blob => {
                let bytes = Literal::byte_string(json.as_str().ok_or_else(wrong)?.as_bytes());
                quote!(#bytes.to_vec())
            }
            Type::Enum(named) => {
                let path = rust_path(&named.path);
                let s = match json {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(wrong()),
                };
                quote!(#path::from(#s))
            }
            Type::Structure(named) => {
                let structure = self.structures.get(&named.id).ok_or_else(wrong)?;
                let setters = setters(structure, Some(json), self, case)?;
                let path = rust_path(&named.path);
                let build = if structure.has_required() { quote!(.build().expect("valid")) } else { quote!(.build()) };
                quote!(#path::builder() #(#setters)* #build)
            }
            Type::List(list) => {
                let items = json.as_array().ok_or_else(wrong)?;
                let items =
                    items.iter().map(|item| self.value(&list.element, item, case)).collect::<Result<Vec<_>, _>>()?;
                quote!(Vec::from([#(#items),*]))
            }
            Type::Map(map) => {
                let entries = json.as_object().ok_or_else(wrong)?;
                let mut pairs = Vec::new();
                for (key, value) in entries {
                    let key = self.value(&map.key, &Value::from(key.clone()), case)?;
                    let value = self.value(&map.value, value, case)?;
                    pairs.push(quote!((#key, #value)));
                }
                quote!(::std::collections::BTreeMap::from([#(#pairs),*]))
            }
        })
    }
}

/// A float literal, or `NAN`/`INFINITY`/`NEG_INFINITY` from their JSON spellings.
fn float(ty: &Type, json: &Value) -> Option<TokenStream> {
    let kind = if *ty == Type::Float { quote!(f32) } else { quote!(f64) };
    Some(match json {
        Value::String(s) if s == "NaN" => quote!(#kind::NAN),
        Value::String(s) if s == "Infinity" => quote!(#kind::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#kind::NEG_INFINITY),
        Value::Number(n) => {
            let v = n.as_f64()?;
            if *ty == Type::Float { Literal::f32_unsuffixed(v as f32) } else { Literal::f64_unsuffixed(v) }
                .into_token_stream()
        }
        _ => return None,
    })
}

/// Epoch seconds and nanoseconds from a JSON number, read from its decimal text so that
/// `946845296.123` gives exactly 123 000 000 ns.
fn epoch(json: &Value) -> Option<(i64, u32)> {
    let text = json.as_number()?.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let secs: i64 = whole.parse().ok()?;
    let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = digits.parse().ok()?;
    Some(if secs < 0 && nanos > 0 { (secs - 1, 1_000_000_000 - nanos) } else { (secs, nanos) })
}

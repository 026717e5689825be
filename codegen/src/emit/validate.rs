//! Constraint checks: `validate(..)` for every structure an input reaches.
//!
//! An input's *builder* is validated (so a missing required member and a too-long string
//! are reported together); nested structures are validated as built values. Each
//! constrained member becomes one call on the runtime's `Validator`, with the member's
//! path: a literal at the top (`"RoleSessionName"`), `format_args!` below it
//! (`Tags[3].Key`), so nothing is formatted unless a rule is broken.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{Value, ident};
use std::collections::BTreeSet;

use crate::ir::{Constraints, Member, ShapeId, Structure, Type};
use crate::pattern::CharClass;

/// `fn name(builder, v)` (`check_input`), which the input builder's `InputBuilder::validate` calls (its
/// fields are all `Option`s); `None` when there is nothing to check.
pub(crate) fn validate_input_fn(
    s: &Structure,
    checked: &BTreeSet<ShapeId>,
    name: &proc_macro2::Ident,
) -> Option<TokenStream> {
    let checks: Vec<TokenStream> = s
        .members
        .iter()
        .filter_map(|m| {
            let field = ident(&m.field);
            let name = &m.wire_name;
            let checks = member_checks(m, &Value::reference(quote!(value)), &quote!(#name), checked);
            match (m.required, checks.is_empty()) {
                (true, true) => Some(quote!(if builder.#field.is_none() { v.required(#name); })),
                (true, false) => Some(quote! {
                    match &builder.#field {
                        Some(value) => { #checks }
                        None => v.required(#name),
                    }
                }),
                (false, true) => None,
                (false, false) => Some(quote!(if let Some(value) = &builder.#field { #checks })),
            }
        })
        .collect();
    if checks.is_empty() {
        // The trait's own `validate` checks nothing.
        return None;
    }
    let (builder, input) = (ident(&s.builder_name), &s.type_name);
    let doc =
        super::doc_paragraph(format!("Checks the members of [`{input}`] set so far against the model's constraints."));
    Some(quote! {
        #doc
        fn #name<C>(builder: &#builder<C>, v: &mut ::sts_runtime::validate::Validator) {
            #(#checks)*
        }
    })
}

/// `fn validate(&self, v, path)` on a structure nested in an input.
pub(crate) fn validate_fn(s: &Structure, checked: &BTreeSet<ShapeId>) -> TokenStream {
    let checks: Vec<TokenStream> = s
        .members
        .iter()
        .filter_map(|m| {
            let field = ident(&m.field);
            let path = format!("{{path}}.{}", m.wire_name);
            let path = quote!(format_args!(#path));
            if m.required {
                let checks = member_checks(m, &Value::field(quote!(self.#field)), &path, checked);
                (!checks.is_empty()).then_some(checks)
            } else {
                let checks = member_checks(m, &Value::reference(quote!(value)), &path, checked);
                (!checks.is_empty()).then(|| quote!(if let Some(value) = &self.#field { #checks }))
            }
        })
        .collect();
    let (v, path) = if checks.is_empty() { (quote!(_v), quote!(_path)) } else { (quote!(v), quote!(path)) };
    quote! {
        pub(crate) fn validate(
            &self,
            #v: &mut ::sts_runtime::validate::Validator,
            #path: &dyn ::std::fmt::Display,
        ) {
            #(#checks)*
        }
    }
}

pub(crate) fn member_checks(m: &Member, value: &Value, path: &TokenStream, checked: &BTreeSet<ShapeId>) -> TokenStream {
    checks(&m.ty, &m.constraints, value, path, 0, checked)
}

/// The checks on one value of `ty` (empty when there is nothing to check).
fn checks(
    ty: &Type,
    constraints: &Constraints,
    value: &Value,
    path: &TokenStream,
    depth: usize,
    checked: &BTreeSet<ShapeId>,
) -> TokenStream {
    let Value { reference, receiver, copied } = value;
    let (min, max) = (option_literal(constraints.min), option_literal(constraints.max));
    let bounded = constraints.min.is_some() || constraints.max.is_some();
    match ty {
        Type::String => {
            let length = bounded.then(|| quote!(v.length(#path, #reference, #min, #max);));
            let pattern = constraints.pattern.as_ref().and_then(|p| {
                let class = p.class.as_ref()?;
                let source = &p.source;
                let allow_empty = class.allow_empty;
                let ranges = ranges(class);
                Some(quote!(v.pattern(#path, #reference, #source, #allow_empty, #ranges);))
            });
            quote!(#length #pattern)
        }
        Type::Blob => {
            if bounded {
                quote!(v.byte_length(#path, #reference, #min, #max);)
            } else {
                quote!()
            }
        }
        Type::Integer | Type::Long => {
            if bounded {
                let (min, max) = (option_i64(constraints.min), option_i64(constraints.max));
                let value = if *ty == Type::Long { quote!(#copied) } else { quote!(i64::from(#copied)) };
                quote!(v.range(#path, #value, #min, #max);)
            } else {
                quote!()
            }
        }
        // A structure with nothing to check below it is not visited.
        Type::Structure(structure) if checked.contains(&structure.id) => quote!(#receiver.validate(v, &#path);),
        Type::List(list) => {
            let count = bounded.then(|| quote!(v.count(#path, #receiver.len(), #min, #max);));
            let index = format_ident!("i{depth}");
            let item = format_ident!("item{depth}");
            let element_path = match syn::parse2::<syn::LitStr>(path.clone()) {
                Ok(name) => {
                    let format = format!("{}[{{{index}}}]", name.value());
                    quote!(format_args!(#format))
                }
                Err(_) => quote!(format_args!("{}[{}]", #path, #index)),
            };
            let element = checks(
                &list.element,
                &list.element_constraints,
                &Value::reference(quote!(#item)),
                &element_path,
                depth + 1,
                checked,
            );
            let each = (!element.is_empty()).then(|| {
                quote! {
                    for (#index, #item) in #receiver.iter().enumerate() {
                        #element
                    }
                }
            });
            quote!(#count #each)
        }
        Type::Map(map) => {
            let key = format_ident!("key{depth}");
            let item = format_ident!("item{depth}");
            let entry_path = quote!(format_args!("{}[{}]", #path, #key));
            let value = checks(
                &map.value,
                &Constraints::default(),
                &Value::reference(quote!(#item)),
                &entry_path,
                depth + 1,
                checked,
            );
            let count = bounded.then(|| quote!(v.count(#path, #receiver.len(), #min, #max);));
            let each = (!value.is_empty()).then(|| quote!(for (#key, #item) in #receiver { #value }));
            quote!(#count #each)
        }
        // Enums, booleans, floats and timestamps carry no constraint the models use.
        _ => quote!(),
    }
}

/// A character class's ranges as one string of (lowest, highest) pairs: `"09__az"` for
/// `[0-9_a-z]`, written in ASCII (`\t`, `\u{ff}`).
fn ranges(class: &CharClass) -> TokenStream {
    let pairs: String = class.ranges.iter().flat_map(|&(lo, hi)| [lo, hi]).collect();
    let escaped: String = pairs.chars().flat_map(char::escape_default).collect();
    // `escape_default` writes valid string escapes; the plain literal means the same.
    format!("\"{escaped}\"").parse().unwrap_or_else(|_| Literal::string(&pairs).into_token_stream())
}

fn option_literal(value: Option<i64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v.max(0) as u64);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

fn option_i64(value: Option<i64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

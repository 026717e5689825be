//! Unions: an enum with a variant per member, exactly one of which is set.
//!
//! For a union `PolicyIdentifier` this emits `pub enum PolicyIdentifier` with a variant per
//! member holding its value, and `Unknown`, for a member a response sets that this version
//! of the crate does not know (`#[non_exhaustive]`, so members added later are not a
//! breaking change); then, as for any shared type, its query writer (the variant's member),
//! its checks and its XML reader (the first member present, else `Unknown`).

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::{member_docs, stored_type};
use super::{Value, docs, ident, redaction_marker};
use crate::ir::{Service, Structure};

/// A union's whole file.
pub(crate) fn union_type(s: &Structure, service: &Service) -> TokenStream {
    let name = ident(&s.type_name);
    let doc = docs(&s.docs, &format!("The `{}` union: exactly one of its members is set.", s.shape_name));
    let variants = s.members.iter().map(|m| {
        let variant = ident(&m.variant);
        let ty = stored_type(m);
        let doc = member_docs(m);
        quote!(#doc #variant(#ty),)
    });
    let sensitive = s.members.iter().any(|m| m.sensitive);
    let derive =
        if sensitive { quote!(#[derive(Clone, PartialEq)]) } else { quote!(#[derive(Clone, PartialEq, Debug)]) };
    let debug = sensitive.then(|| {
        let redacted = redaction_marker();
        let arms = s.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let label = &m.variant;
            if m.sensitive {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#redacted).finish(),)
            } else {
                quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    });
    let write = s.serialized.then(|| {
        let arms = s.members.iter().map(|m| {
            let variant = ident(&m.variant);
            let member = &m.serialized_name;
            let write =
                super::serialize::write_value(&m.ty, quote!(writer.member(#member)), &Value::reference(quote!(value)));
            quote!(Self::#variant(value) => { #write })
        });
        let validate = service.checked_structures.contains(&s.id()).then(|| validate_fn(s, service));
        quote! {
            pub(crate) fn write_query(&self, mut writer: ::sts_runtime::aws_query::form::ValueWriter<'_>) {
                match self {
                    #(#arms)*
                    Self::Unknown => {}
                }
            }
            #validate
        }
    });
    let read = s.deserialized.then(|| {
        let arms: Vec<_> = s
            .members
            .iter()
            .map(|m| {
                let variant = ident(&m.variant);
                let value = super::deserialize::read_value(&m.ty, quote!(child));
                let value = if m.boxed { quote!(Box::new(#value)) } else { value };
                (&m.serialized_name, quote!(return Ok(Self::#variant(#value))))
            })
            .collect();
        let walk = match arms.as_slice() {
            [(member, read)] => quote!(if child.name() == #member { #read; }),
            _ => {
                let arms = arms.iter().map(|(member, read)| quote!(#member => #read,));
                quote!(match child.name() { #(#arms)* _ => {} })
            }
        };
        quote! {
            pub(crate) fn read_xml(
                node: ::sts_runtime::aws_query::xml::Element<'_, '_>,
            ) -> Result<Self, ::sts_runtime::error::ParseError> {
                for child in node.children() {
                    #walk
                }
                Ok(Self::Unknown)
            }
        }
    });
    let codec = (write.is_some() || read.is_some()).then(|| quote!(impl #name { #write #read }));
    quote! {
        #doc
        #[non_exhaustive]
        #derive
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know, set in a response.
            #[non_exhaustive]
            Unknown,
        }
        #debug
        #codec
    }
}

/// `fn validate(&self, v, path)`: the checks of the member that is set.
fn validate_fn(s: &Structure, service: &Service) -> TokenStream {
    let arms = s.members.iter().map(|m| {
        let variant = ident(&m.variant);
        let path = format!("{{path}}.{}", m.wire_name);
        let path = quote!(format_args!(#path));
        let checks =
            super::validate::member_checks(m, &Value::reference(quote!(value)), &path, &service.checked_structures);
        if checks.is_empty() { quote!(Self::#variant(_) => {}) } else { quote!(Self::#variant(value) => { #checks }) }
    });
    quote! {
        pub(crate) fn validate(
            &self,
            v: &mut ::sts_runtime::validate::Validator,
            path: &dyn ::std::fmt::Display,
        ) {
            match self {
                #(#arms)*
                Self::Unknown => {}
            }
        }
    }
}

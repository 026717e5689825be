//! Structures and their builders.
//!
//! For a structure `Tag` this emits:
//! - `pub struct Tag` with public fields: required members are plain values, the others
//!   `Option`s; `#[non_exhaustive]`, so adding members later is not a breaking change;
//! - `Tag::builder()` and `pub struct TagBuilder` with a setter, a `set_` and a `get_`
//!   method per member (as `aws-sdk-sts`'s builders have them), and `build()`, which fails
//!   naming every required member not set (it cannot fail, and returns the value itself,
//!   when nothing is required);
//! - a getter per member with `aws-sdk-sts`'s shapes: `Option<&str>` for an optional
//!   string, `&str` for a required one, `Option<&T>` for other optional values that are
//!   not `Copy`, `Option<i32>` for numbers and booleans, `&[T]` for a list (empty when
//!   absent); on inputs, whose members `aws-sdk-sts` all makes optional, a required member's
//!   getter gives `Option` too (`Some` always);
//! - a `Debug` that prints sensitive members as a redaction marker.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, docs, ident, redaction_marker, rust_type};
use crate::ir::{Docs, Member, Role, Structure, Type};

/// A shared type's whole file: struct, builder, and its query writer and XML reader.
pub(crate) fn shared_type(s: &Structure, service: &crate::ir::Service) -> TokenStream {
    if s.union {
        return super::union::union_type(s, service);
    }
    let checked = &service.checked_structures;
    let definition = definition(s);
    let builder = builder(s);
    let name = ident(&s.type_name);
    let write = s.serialized.then(|| {
        let write = super::serialize::write_query_fn(s);
        let validate = checked.contains(&s.id()).then(|| super::validate::validate_fn(s, checked));
        quote!(#write #validate)
    });
    let read = s.deserialized.then(|| super::deserialize::read_xml_fn(s));
    let codec = (write.is_some() || read.is_some()).then(|| quote!(impl #name { #write #read }));
    quote! {
        #definition
        #builder
        #codec
    }
}

/// The struct, its `builder()` constructor and its `Debug`.
pub(crate) fn definition(s: &Structure) -> TokenStream {
    let name = ident(&s.type_name);
    let builder_name = ident(&s.builder_name);
    let doc = docs(&s.docs, &format!("The `{}` structure.", s.shape_name));
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = field_type(m);
        let doc = member_docs(m);
        quote!(#doc pub #field: #ty,)
    });
    let request_id = (s.role == Role::Output).then(|| quote!(request_id: Option<String>,));
    let (derive, debug) = if s.has_sensitive() {
        (
            quote!(#[derive(Clone, PartialEq)]),
            Some(debug_impl(
                &name,
                &s.members,
                if s.role == Role::Output { Debugged::Output } else { Debugged::Plain },
            )),
        )
    } else {
        (quote!(#[derive(Clone, PartialEq, Debug)]), None)
    };
    let getters: Vec<TokenStream> = s.members.iter().map(|m| getter(m, s.role == Role::Input)).collect();
    // An input's `builder()` comes with the rest of its builder (`input_builder!`), an output's
    // with its operation (`operation!`, which also writes its `RequestId`).
    let builder = (s.role == Role::Shared).then(|| {
        let doc = doc_paragraph(format!("A builder for [`{}`].", s.type_name));
        quote! {
            #doc
            pub fn builder() -> #builder_name {
                #builder_name::default()
            }
        }
    });
    let methods = (builder.is_some() || !getters.is_empty()).then(|| {
        quote! {
            impl #name {
                #builder
                #(#getters)*
            }
        }
    });
    quote! {
        #doc
        #[non_exhaustive]
        #derive
        pub struct #name {
            #(#fields)*
            #request_id
        }
        #methods
        #debug
    }
}

/// The getter of member `m`, shaped as `aws-sdk-sts` shapes it (see the module docs); of an
/// `input`'s, whose members are all optional there, a required one's value is `Some` too.
fn getter(m: &Member, input: bool) -> TokenStream {
    let field = ident(&m.field);
    let (ty, value) = match &m.ty {
        _ if !(input && m.required) => getter_shape(m),
        Type::List(_) => getter_shape(m),
        Type::Boolean | Type::Integer | Type::Long | Type::Float | Type::Double => {
            let ty = rust_type(&m.ty);
            (quote!(Option<#ty>), quote!(Some(self.#field)))
        }
        other => {
            // A `&String`, `&Vec<u8>` or `&Box<T>` is not made a `&str`, `&[u8]` or `&T`
            // inside `Some`: the field is borrowed as that explicitly.
            let (ty, value) = match other {
                Type::String => (quote!(str), quote!(self.#field.as_str())),
                Type::Blob => (quote!([u8]), quote!(self.#field.as_slice())),
                other if m.boxed => (rust_type(other), quote!(&*self.#field)),
                other => (rust_type(other), quote!(&self.#field)),
            };
            (quote!(Option<&#ty>), quote!(Some(#value)))
        }
    };
    let summary = m.docs.summary().unwrap_or_else(|| format!("The `{}` member.", m.wire_name));
    let doc = doc_paragraph(summary);
    let deprecated = super::deprecated_attr(m.deprecated.as_ref());
    quote! {
        #doc
        #deprecated
        pub fn #field(&self) -> #ty {
            #value
        }
    }
}

/// The return type and value of member `m`'s getter on an output or shared type.
fn getter_shape(m: &Member) -> (TokenStream, TokenStream) {
    let field = ident(&m.field);
    match (&m.ty, m.required) {
        (Type::String, false) => (quote!(Option<&str>), quote!(self.#field.as_deref())),
        (Type::String, true) => (quote!(&str), quote!(&self.#field)),
        (Type::Blob, false) => (quote!(Option<&[u8]>), quote!(self.#field.as_deref())),
        (Type::Blob, true) => (quote!(&[u8]), quote!(&self.#field)),
        (Type::List(list), false) => {
            let element = rust_type(&list.element);
            (quote!(&[#element]), quote!(self.#field.as_deref().unwrap_or_default()))
        }
        (Type::List(list), true) => {
            let element = rust_type(&list.element);
            (quote!(&[#element]), quote!(&self.#field))
        }
        (Type::Boolean | Type::Integer | Type::Long | Type::Float | Type::Double, required) => {
            let ty = rust_type(&m.ty);
            (if required { ty } else { quote!(Option<#ty>) }, quote!(self.#field))
        }
        (other, false) => {
            let ty = rust_type(other);
            let value = if m.boxed { quote!(self.#field.as_deref()) } else { quote!(self.#field.as_ref()) };
            (quote!(Option<&#ty>), value)
        }
        (other, true) => {
            let ty = rust_type(other);
            (quote!(&#ty), quote!(&self.#field))
        }
    }
}

/// The builder struct with its setters and `build()`.
pub(crate) fn builder(s: &Structure) -> TokenStream {
    let builder_name = ident(&s.builder_name);
    let fields = builder_fields(s);
    let methods = member_methods(&s.members, &s.type_name);
    let (derive, debug) = if s.has_sensitive() {
        (quote!(#[derive(Clone, PartialEq, Default)]), Some(debug_impl(&builder_name, &s.members, Debugged::Plain)))
    } else {
        (quote!(#[derive(Clone, PartialEq, Default, Debug)]), None)
    };
    let doc = doc_paragraph(format!("A builder for [`{}`].", s.type_name));
    let build = build_fn(s);
    quote! {
        #doc
        #derive
        pub struct #builder_name {
            #(#fields)*
        }
        impl #builder_name {
            #methods
            #build
        }
        #debug
    }
}

/// An operation input's builder, generic over what it holds besides the members: `()`
/// (the default, what `XInput::builder()` gives) or the client half the client attaches,
/// which makes it the operation's fluent builder (the setters and `build()` are then
/// written once, for both). `doc` says so. What it repeats but for names comes from the
/// runtime's `input_builder!` (see `operation::input_builder_impls`).
pub(crate) fn input_builder(s: &Structure, doc: TokenStream) -> TokenStream {
    let builder_name = ident(&s.builder_name);
    let fields = builder_fields(s);
    let methods = member_methods(&s.members, &s.type_name);
    let build = build_fn(s);
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        pub struct #builder_name<C = ()> {
            #(#fields)*
            client: C,
        }
        impl<C> #builder_name<C> {
            #methods
            #build
        }
    }
}

/// A builder's fields: every member as an `Option` of what it stores.
pub(crate) fn builder_fields(s: &Structure) -> impl Iterator<Item = TokenStream> + '_ {
    s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = stored_type(m);
        quote!(#field: Option<#ty>,)
    })
}

/// `build()`: infallible without required members, else checks all of them at once.
fn build_fn(s: &Structure) -> TokenStream {
    let name = ident(&s.type_name);
    let type_name = &s.type_name;
    let request_id = (s.role == Role::Output).then(|| quote!(request_id: None,));
    let optional = s.members.iter().filter(|m| !m.required).map(|m| {
        let field = ident(&m.field);
        quote!(#field: self.#field,)
    });
    let required: Vec<&Member> = s.members.iter().filter(|m| m.required).collect();
    if required.is_empty() {
        let doc = doc_paragraph(format!("Builds the [`{type_name}`]."));
        return quote! {
            #doc
            pub fn build(self) -> #name {
                #name { #(#optional)* #request_id }
            }
        };
    }
    let fields: Vec<_> = required.iter().map(|m| ident(&m.field)).collect();
    let wire_names = required.iter().map(|m| &m.wire_name);
    let scrutinee = tuple(fields.iter().map(|f| quote!(self.#f)));
    let all_set = tuple(fields.iter().map(|f| quote!(Some(#f))));
    let any = tuple(fields.iter().map(|f| quote!(#f)));
    let doc = doc_paragraph(format!("Builds the [`{type_name}`], or names every required member that is not set."));
    quote! {
        #doc
        pub fn build(self) -> Result<#name, ::sts_runtime::error::BuildError> {
            match #scrutinee {
                #all_set => Ok(#name {
                    #(#fields,)*
                    #(#optional)*
                    #request_id
                }),
                #any => Err(::sts_runtime::error::BuildError::from_absent(
                    #type_name,
                    &[#((#wire_names, #fields.is_none())),*],
                )),
            }
        }
    }
}

/// `a` alone, or `(a, b, ..)`.
fn tuple(items: impl Iterator<Item = TokenStream>) -> TokenStream {
    let items: Vec<_> = items.collect();
    match items.as_slice() {
        [one] => one.clone(),
        _ => quote!((#(#items),*)),
    }
}

/// A builder's methods for the members of the structure `owner`: each member's setter, then
/// the `set_` and `get_` methods of them all, written by the runtime's `set_and_get!` (a
/// second call for the boxed members, which box and unbox).
pub(crate) fn member_methods(members: &[Member], owner: &str) -> TokenStream {
    let setters = members.iter().map(|m| setter(m, owner));
    let set_and_get = |boxed: bool| {
        let clauses: Vec<TokenStream> = members
            .iter()
            .filter(|m| m.boxed == boxed)
            .map(|m| {
                let (field, set_field, get_field) = (ident(&m.field), ident(&m.setter), ident(&m.getter));
                let (ty, wire_name) = (rust_type(&m.ty), &m.wire_name);
                let deprecated = super::deprecated_attr(m.deprecated.as_ref());
                quote!(#deprecated #field: #ty as #wire_name => #set_field / #get_field)
            })
            .collect();
        let boxed = boxed.then(|| quote!(boxed,));
        (!clauses.is_empty()).then(|| {
            quote! {
                ::sts_runtime::set_and_get! {
                    #boxed #(#clauses,)*
                }
            }
        })
    };
    let (unboxed, boxed) = (set_and_get(false), set_and_get(true));
    quote! {
        #(#setters)*
        #unboxed
        #boxed
    }
}

/// Member `m`'s setter: it takes one value (`impl Into<String>` for a string), one item of a
/// list or one entry of a map.
fn setter(m: &Member, owner: &str) -> TokenStream {
    let field = ident(&m.field);
    let doc = setter_doc(m, owner);
    let deprecated = super::deprecated_attr(m.deprecated.as_ref());
    match &m.ty {
        Type::List(list) => {
            let (param, value) = param(&list.element, quote!(input));
            quote! {
                #doc
                #deprecated
                pub fn #field(mut self, input: #param) -> Self {
                    self.#field.get_or_insert_with(Vec::new).push(#value);
                    self
                }
            }
        }
        Type::Map(map) => {
            let (key_param, key_value) = param(&map.key, quote!(key));
            let (value_param, value_value) = param(&map.value, quote!(input));
            quote! {
                #doc
                #deprecated
                pub fn #field(mut self, key: #key_param, input: #value_param) -> Self {
                    self.#field.get_or_insert_with(::std::collections::BTreeMap::new).insert(#key_value, #value_value);
                    self
                }
            }
        }
        other => {
            let (param, value) = param(other, quote!(input));
            let value = if m.boxed { quote!(Box::new(#value)) } else { value };
            quote! {
                #doc
                #deprecated
                pub fn #field(mut self, input: #param) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        }
    }
}

/// A setter's doc: what it does in one sentence (the member's first sentence, or what it
/// does to a list or map) and a link to the field of `owner` that has the member's whole
/// documentation, so that it is written once.
fn setter_doc(m: &Member, owner: &str) -> TokenStream {
    let what = match &m.ty {
        Type::List(_) => format!("Appends one item to `{}`.", m.wire_name),
        Type::Map(_) => format!("Adds one entry to `{}`.", m.wire_name),
        _ => m.docs.summary().unwrap_or_else(|| format!("Sets `{}`.", m.wire_name)),
    };
    doc_paragraph(format!("{what} See [`{owner}::{}`].", m.field))
}

/// The parameter type a setter takes for a value of `ty`, and how the parameter `var`
/// becomes the value.
fn param(ty: &Type, var: TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        Type::String => (quote!(impl Into<String>), quote!(#var.into())),
        other => (rust_type(other), var),
    }
}

/// The type a member's value is stored as: its type, boxed if it must be.
pub(crate) fn stored_type(m: &Member) -> TokenStream {
    let ty = rust_type(&m.ty);
    if m.boxed { quote!(Box<#ty>) } else { ty }
}

/// The type of a struct field: `Option` unless the member is required.
fn field_type(m: &Member) -> TokenStream {
    let ty = stored_type(m);
    if m.required { ty } else { quote!(Option<#ty>) }
}

/// A member's docs, with a note when it is deprecated or sensitive.
pub(crate) fn member_docs(m: &Member) -> TokenStream {
    let fallback = format!("The `{}` member.", m.wire_name);
    let mut lines = m.docs.clone();
    if lines.is_empty() && (m.deprecated.is_some() || m.sensitive) {
        // A note alone would read as the member's description.
        lines = Docs::paragraph(fallback.clone());
    }
    if let Some(note) = &m.deprecated {
        let note = if note.is_empty() { "Deprecated." } else { note.as_str() };
        lines = lines.then(Docs::paragraph(format!("**Deprecated:** {note}")));
    }
    if m.sensitive {
        lines = lines.then(Docs::paragraph("This value is sensitive: `Debug` does not show it."));
    }
    docs(&lines, &fallback)
}

/// What a hand-written `Debug` is of, for what it shows besides the members.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Debugged {
    /// A structure or a builder: the members only.
    Plain,
    /// An operation's output: the members and the request id.
    Output,
}

/// A `Debug` impl that shows sensitive members as a redaction marker.
pub(crate) fn debug_impl(name: &proc_macro2::Ident, members: &[Member], of: Debugged) -> TokenStream {
    let type_name = name.to_string();
    let redacted = redaction_marker();
    let fields = members.iter().map(|m| {
        let field = ident(&m.field);
        let label = &m.field;
        if m.sensitive { quote!(.field(#label, &#redacted)) } else { quote!(.field(#label, &self.#field)) }
    });
    let request_id = (of == Debugged::Output).then(|| quote!(.field("request_id", &self.request_id)));
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #request_id
                    .finish()
            }
        }
    }
}

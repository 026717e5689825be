//! XML readers: `read_xml(node)` for every structure an output or error reaches.
//!
//! A reader fills the structure's own builder while it walks the children of `node`,
//! matching each child's name to a member (unknown children are skipped), then builds
//! it; a required member that is absent is a `ParseError::MissingMember` naming it.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Member, Structure, TimestampFormat, Type};

/// `pub(crate) fn read_xml(node) -> Result<Self, ParseError>` for a shared type.
pub(crate) fn read_xml_fn(s: &Structure) -> TokenStream {
    let fill = fill_builder(s, quote!(node));
    let finish = finish(s);
    let node = if s.members.is_empty() { quote!(_node) } else { quote!(node) };
    quote! {
        pub(crate) fn read_xml(
            #node: ::sts_runtime::aws_query::xml::Element<'_, '_>,
        ) -> Result<Self, ::sts_runtime::error::ParseError> {
            #fill
            #finish
        }
    }
}

/// `fn name(builder, child)` (`read_output_member`), which the runtime's `operation!` calls with each
/// child of an output's result element; `None` for an output without members.
pub(crate) fn read_output_member_fn(s: &Structure, name: proc_macro2::Ident) -> Option<TokenStream> {
    let builder_name = ident(&s.builder_name);
    let read = read_child(s)?;
    let doc = super::doc_paragraph(format!(
        "Reads `child`, an element of the result, into the [`{}`] member it is.",
        s.type_name
    ));
    Some(quote! {
        #doc
        fn #name(
            builder: &mut #builder_name,
            child: ::sts_runtime::aws_query::xml::Element<'_, '_>,
        ) -> Result<(), ::sts_runtime::error::ParseError> {
            #read
            Ok(())
        }
    })
}

/// Statements that create `builder` and fill it from the children of `node`.
pub(crate) fn fill_builder(s: &Structure, node: TokenStream) -> TokenStream {
    let builder_name = ident(&s.builder_name);
    let Some(read) = read_child(s) else { return quote!() };
    quote! {
        let mut builder = #builder_name::default();
        for child in #node.children() {
            #read
        }
    }
}

/// The statement reading `child` into the member of `builder` it is (a child no member is
/// skipped); `None` for a structure without members.
fn read_child(s: &Structure) -> Option<TokenStream> {
    let arms: Vec<_> = s.members.iter().map(arm).collect();
    match arms.as_slice() {
        [] => None,
        [(name, read)] => Some(quote! {
            if child.name() == #name {
                #read;
            }
        }),
        _ => {
            let arms = arms.iter().map(|(name, read)| quote!(#name => #read,));
            Some(quote! {
                match child.name() {
                    #(#arms)*
                    _ => {}
                }
            })
        }
    }
}

/// The statement that finishes a reader: `builder` built (an absent required member is a
/// `ParseError::MissingMember`).
pub(crate) fn finish(s: &Structure) -> TokenStream {
    let builder_name = ident(&s.builder_name);
    // `fill_builder` makes no builder for a structure without members.
    let builder = if s.members.is_empty() { quote!(#builder_name::default()) } else { quote!(builder) };
    let built = if s.has_required() { quote!(#builder.build()?) } else { quote!(#builder.build()) };
    quote!(Ok(#built))
}

/// The element name that holds a member, and the expression reading it from `child`
/// into `builder`.
fn arm(m: &Member) -> (String, TokenStream) {
    let field = ident(&m.field);
    match &m.ty {
        // A flattened list's elements carry the member's own name (`<customName>`), even
        // when the list's member shape names its elements for the wrapped form.
        Type::List(list) if list.flattened => {
            let name = m.serialized_name.clone();
            let item = read_value(&list.element, quote!(child));
            (name, quote!(builder.#field.get_or_insert_with(Vec::new).push(#item)))
        }
        Type::Map(map) if map.flattened => {
            let key_name = map.key_name.as_deref().unwrap_or("key");
            let value_name = map.value_name.as_deref().unwrap_or("value");
            let key = read(&map.key, quote!(key)).result();
            let value = read(&map.value, quote!(value)).result();
            let body = quote! {
                child.map_entry(
                    #key_name,
                    #value_name,
                    builder.#field.get_or_insert_with(::std::collections::BTreeMap::new),
                    |key| #key,
                    |value| #value,
                )?
            };
            (m.serialized_name.clone(), body)
        }
        ty => {
            let value = read_value(ty, quote!(child));
            let value = if m.boxed { quote!(Box::new(#value)) } else { value };
            (m.serialized_name.clone(), quote!(builder.#field = Some(#value)))
        }
    }
}

/// An expression reading a value of `ty` from the element `el` (using `?`).
pub(crate) fn read_value(ty: &Type, el: TokenStream) -> TokenStream {
    read(ty, el).value()
}

/// How a value is read: an expression, and whether it is a `Result`.
struct Read {
    expr: TokenStream,
    fallible: bool,
}

impl Read {
    fn fallible(expr: TokenStream) -> Self {
        Self { expr, fallible: true }
    }

    /// The value itself (`?` applied).
    fn value(self) -> TokenStream {
        let expr = self.expr;
        if self.fallible { quote!(#expr?) } else { expr }
    }

    /// A `Result` of the value, as closures given to `read_list`/`read_map` return.
    fn result(self) -> TokenStream {
        let expr = self.expr;
        if self.fallible { expr } else { quote!(Ok(#expr)) }
    }
}

fn read(ty: &Type, el: TokenStream) -> Read {
    match ty {
        Type::String => Read::fallible(quote!(#el.string())),
        Type::Boolean => Read::fallible(quote!(#el.boolean())),
        Type::Integer => Read::fallible(quote!(#el.i32())),
        Type::Long => Read::fallible(quote!(#el.i64())),
        Type::Float => Read::fallible(quote!(#el.f32())),
        Type::Double => Read::fallible(quote!(#el.f64())),
        Type::Timestamp(TimestampFormat::DateTime) => Read::fallible(quote!(#el.date_time())),
        Type::Timestamp(TimestampFormat::EpochSeconds) => Read::fallible(quote!(#el.epoch_seconds())),
        Type::Timestamp(TimestampFormat::HttpDate) => Read::fallible(quote!(#el.http_date())),
        Type::Blob => Read::fallible(quote!(#el.blob())),
        Type::Enum(named) => {
            let path = super::rust_path(&named.path);
            Read { expr: quote!(#path::from(#el.text().as_ref())), fallible: false }
        }
        Type::Structure(named) => {
            let path = super::rust_path(&named.path);
            Read::fallible(quote!(#path::read_xml(#el)))
        }
        Type::List(list) => {
            let name = list.element_name.as_deref().unwrap_or("member");
            let item = read(&list.element, quote!(item)).result();
            Read::fallible(quote!(#el.list(#name, |item| #item)))
        }
        Type::Map(map) => {
            let key_name = map.key_name.as_deref().unwrap_or("key");
            let value_name = map.value_name.as_deref().unwrap_or("value");
            let key = read(&map.key, quote!(key)).result();
            let value = read(&map.value, quote!(value)).result();
            Read::fallible(quote!(#el.map(#key_name, #value_name, |key| #key, |value| #value)))
        }
    }
}

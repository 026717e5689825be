//! Query writers: `write_query(&self, writer)` for every structure an input reaches.
//!
//! Each member becomes one statement on the runtime's `ValueWriter`:
//! `writer.member("RoleArn").string(&self.role_arn);`, wrapped in `if let Some(..)` when
//! optional. Lists and maps open a list or map writer and write each element in turn.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Value, ident, option_str, timestamp_format};
use crate::ir::{Structure, Type};

/// `pub(crate) fn write_query(&self, writer)` for `s`.
pub(crate) fn write_query_fn(s: &Structure) -> TokenStream {
    if s.members.is_empty() {
        return quote! {
            pub(crate) fn write_query(&self, _writer: ::sts_runtime::aws_query::form::ValueWriter<'_>) {}
        };
    }
    let statements = write_members(s, &quote!(self));
    quote! {
        pub(crate) fn write_query(&self, mut writer: ::sts_runtime::aws_query::form::ValueWriter<'_>) {
            #statements
        }
    }
}

/// One statement per member of `s`, writing `receiver`'s fields into `writer`.
pub(crate) fn write_members(s: &Structure, receiver: &TokenStream) -> TokenStream {
    let statements = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let name = &m.serialized_name;
        let writer = quote!(writer.member(#name));
        if m.required {
            write_value(&m.ty, writer, &Value::field(quote!(#receiver.#field)))
        } else {
            let write = write_value(&m.ty, writer, &Value::reference(quote!(value)));
            quote! {
                if let Some(value) = &#receiver.#field {
                    #write
                }
            }
        }
    });
    quote!(#(#statements)*)
}

/// A statement writing `value` (of type `ty`) with `writer`.
pub(crate) fn write_value(ty: &Type, writer: TokenStream, value: &Value) -> TokenStream {
    let Value { reference, receiver, copied } = value;
    match ty {
        Type::String => quote!(#writer.string(#reference);),
        Type::Boolean => quote!(#writer.boolean(#copied);),
        Type::Integer => quote!(#writer.integer(i64::from(#copied));),
        Type::Long => quote!(#writer.integer(#copied);),
        Type::Float => quote!(#writer.float(f64::from(#copied));),
        Type::Double => quote!(#writer.float(#copied);),
        Type::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#writer.timestamp(#reference, #format);)
        }
        Type::Blob => quote!(#writer.blob(#reference);),
        Type::Enum(_) => quote!(#writer.string(#receiver.as_str());),
        Type::Structure(_) => quote!(#receiver.write_query(#writer);),
        Type::List(list) => {
            let flattened = list.flattened;
            let name = option_str(list.element_name.as_deref());
            let element = write_value(&list.element, quote!(list.element()), &Value::reference(quote!(item)));
            quote! {
                {
                    let mut list = #writer.list(#flattened, #name);
                    for item in #reference {
                        #element
                    }
                }
            }
        }
        Type::Map(map) => {
            let flattened = map.flattened;
            let key_name = option_str(map.key_name.as_deref());
            let value_name = option_str(map.value_name.as_deref());
            let key = match map.key {
                Type::Enum(_) => quote!(key.as_str()),
                _ => quote!(key),
            };
            let entry = write_value(&map.value, quote!(map.entry(#key)), &Value::reference(quote!(item)));
            quote! {
                {
                    let mut map = #writer.map(#flattened, #key_name, #value_name);
                    for (key, item) in #reference {
                        #entry
                    }
                }
            }
        }
    }
}

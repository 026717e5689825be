//! String enums: a variant per value the model lists, and `Unknown` for any other, so a
//! value the service adds later is kept rather than failing the response.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, docs, ident};
use crate::ir::Enum;

/// The enum, `as_str`, `values`, `From<&str>` and `Display`.
pub(crate) fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.type_name);
    let doc = docs(&e.docs, &format!("The values of `{}`.", e.shape_name));
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wire: Vec<_> = e.variants.iter().map(|v| &v.wire_value).collect();
    let variant_docs = wire.iter().map(|w| doc_paragraph(format!("`{w}`")));
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the SDK does not know, as the service sent it.
            Unknown(String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::Unknown(value) => value,
                }
            }
            /// Every value the model lists.
            pub const fn values() -> &'static [&'static str] {
                &[#(#wire),*]
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wire => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

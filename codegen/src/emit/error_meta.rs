//! The crate's `Error`: one enum over every modeled error of every operation, so that
//! `?` turns any call's `SdkError` into it (`aws-sdk-sts`'s `Error`).
//!
//! For `sts` this emits `pub enum Error` with a variant per modeled error shape
//! (`ExpiredTokenException`), `Unhandled` for codes no operation lists, and `Other` for
//! calls that failed before the service answered; and `From<SdkError<E>>` for each
//! operation's error enum `E` (whose `From` for `Error` is written with it, by the runtime's
//! `operation_error!`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_path};
use crate::ir::{ErrorRef, Service};

pub(crate) fn error_meta(service: &Service) -> TokenStream {
    let mut modeled: BTreeMap<&str, &ErrorRef> = BTreeMap::new();
    for e in service.operations.iter().flat_map(|op| &op.errors) {
        modeled.entry(&e.type_name).or_insert(e);
    }
    let variants: Vec<_> = modeled.values().map(|e| ident(&e.type_name)).collect();
    let paths = modeled.values().map(|e| rust_path(&e.path));
    let variant_docs = modeled.values().map(|e| super::errors::variant_doc(service, e));
    quote! {
        /// Any error any operation can end with, so that `?` works in functions returning
        /// `Result<_, Error>`: the service's modeled errors, the codes no operation lists,
        /// and calls that failed before the service answered.
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum Error {
            #(#variant_docs #variants(#paths),)*
            /// An error code no operation lists (`Throttling`, `AccessDenied`...).
            Unhandled(::sts_runtime::error::Unhandled),
            /// The call failed before the service answered: the input was invalid, no
            /// credentials, a connection or time limit failed, or the response was unreadable.
            Other(Box<::sts_runtime::error::SdkError<::std::convert::Infallible>>),
        }

        /// `code()` and `message()` come with this trait (and `request_id()` with
        /// `operation::RequestId`): the service's; for [`Error::Other`], none (an unreadable
        /// response's request id aside).
        impl ::sts_runtime::error::ProvideErrorMetadata for Error {
            fn meta(&self) -> &::sts_runtime::error::ErrorMetadata {
                match self {
                    #(Self::#variants(e) => e.meta(),)*
                    Self::Unhandled(e) => e.meta(),
                    Self::Other(e) => e.meta(),
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                    Self::Other(e) => ::std::fmt::Display::fmt(e, f),
                    #(Self::#variants(e) => ::std::fmt::Display::fmt(e, f),)*
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                    Self::Other(e) => ::std::error::Error::source(&**e),
                    #(Self::#variants(_) => None,)*
                }
            }
        }

        impl<E: Into<Error>> From<::sts_runtime::error::SdkError<E>> for Error {
            fn from(err: ::sts_runtime::error::SdkError<E>) -> Self {
                match err.into_service() {
                    Ok(e) => e.into(),
                    Err(other) => Self::Other(Box::new(other)),
                }
            }
        }

    }
}

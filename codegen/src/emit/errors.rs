//! Modeled errors and the per-operation error enums.
//!
//! A modeled error (`MalformedPolicyDocumentException`) is a struct holding the
//! service's `ErrorMetadata` (code, message, type, request id, HTTP status) and any
//! members the model gives it beyond the message. An operation's error enum has one
//! variant per modeled error it can return, chosen by the **wire code**
//! (`MalformedPolicyDocument`), and `Unhandled` for every other code.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, docs, ident};
use crate::emit::structure::member_docs;
use crate::ir::{Docs, ErrorRef, ErrorShape, Operation, Service};

/// The file `types/error.rs`: every modeled error struct.
pub(crate) fn error_types(service: &Service) -> TokenStream {
    let errors = service.errors.iter().map(error_struct);
    let builders: Vec<_> = service.errors.iter().map(|e| ident(&e.structure.builder_name)).collect();
    let builders = (!builders.is_empty()).then(|| {
        quote! {
            /// The errors' builders, where `aws-sdk-sts` has them
            /// (`types::error::builders::ExpiredTokenExceptionBuilder`).
            pub mod builders {
                pub use super::{#(#builders),*};
            }
        }
    });
    quote! {
        //! The errors the model describes. Each keeps everything the service said about it.
        #(#errors)*
        #builders
    }
}

fn error_struct(e: &ErrorShape) -> TokenStream {
    let s = &e.structure;
    let name = ident(&s.type_name);
    let summary = if s.docs.is_empty() { Docs::paragraph(format!("The `{}` error.", e.code)) } else { s.docs.clone() };
    let status = e.http_status.map(|status| format!("The service returns this error with HTTP status {status}."));
    let doc = docs(
        &summary
            .then(Docs::paragraph(format!("The code on the wire is `{}`.", e.code)))
            .then(status.map(Docs::paragraph).unwrap_or_default()),
        "",
    );
    let code = &e.code;
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = crate::emit::structure::stored_type(m);
        let doc = member_docs(m);
        quote!(#doc pub #field: Option<#ty>,)
    });
    let http_status = e.http_status.unwrap_or(400);
    let builder_name = ident(&s.builder_name);
    // The reader fills the members into the builder and builds with the metadata read.
    let read = if s.members.is_empty() {
        quote!(Ok(Self { meta }))
    } else {
        let fill = super::deserialize::fill_builder(s, quote!(node));
        quote! {
            #fill
            Ok(builder.meta(meta).build())
        }
    };
    let take = s.members.iter().map(|m| {
        let field = ident(&m.field);
        quote!(#field: self.#field,)
    });
    let builder_fields = crate::emit::structure::builder_fields(s);
    let member_methods = crate::emit::structure::member_methods(&s.members, &s.type_name);
    let builder_doc = doc_paragraph(format!(
        "A builder for [`{}`], for test doubles (the service's errors are read, not built), as \
         `aws-sdk-sts`'s error builders are.",
        s.type_name
    ));
    let builder = quote! {
        #builder_doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #builder_name {
            message: Option<String>,
            meta: Option<::sts_runtime::error::ErrorMetadata>,
            #(#builder_fields)*
        }
        impl #builder_name {
            #member_methods
            /// Builds the error, with its own code and status unless [`meta`](Self::meta) gave
            /// others.
            pub fn build(self) -> #name {
                let meta = self
                    .meta
                    .unwrap_or_else(|| ::sts_runtime::error::ErrorMetadata::new(#name::CODE, #http_status));
                let meta = match self.message {
                    Some(message) => meta.with_message(Some(message)),
                    None => meta,
                };
                #name { #(#take)* meta }
            }
        }
    };
    let node = if s.members.is_empty() { quote!(_node) } else { quote!(node) };
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
            meta: ::sts_runtime::error::ErrorMetadata,
        }
        #builder
        ::sts_runtime::modeled_error! {
            #name(#code) built by #builder_name,
        }
        impl ::sts_runtime::aws_query::ModeledError for #name {
            fn read(
                meta: ::sts_runtime::error::ErrorMetadata,
                #node: ::sts_runtime::aws_query::xml::Element<'_, '_>,
            ) -> Result<Self, ::sts_runtime::error::ParseError> {
                #read
            }
        }
    }
}

/// The doc of the enum variant holding modeled error `e`: the error's first sentence and its
/// wire code (in an operation's error enum and in the crate's `Error`).
pub(crate) fn variant_doc(service: &Service, e: &ErrorRef) -> TokenStream {
    let shape = service.errors.iter().find(|s| s.structure.type_name == e.type_name);
    let line = match shape.and_then(|s| s.structure.docs.summary()) {
        Some(sentence) => format!("{sentence} Code: `{}`.", e.code),
        None => format!("The `{}` error.", e.code),
    };
    doc_paragraph(line)
}

/// The operation's error enum; its accessors, trait impls and reader come from the runtime's
/// `operation_error!`, given each variant's wire code and `is_` method, with its `From` for the
/// crate's `Error`.
pub(crate) fn operation_error(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.error_type);
    let doc = doc_paragraph(format!("An error `{}` can return.", op.wire_name));
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.type_name)).collect();
    let paths = op.errors.iter().map(|e| super::rust_path(&e.path));
    let variant_docs = op.errors.iter().map(|e| variant_doc(service, e));
    let codes = op.errors.iter().map(|e| &e.code);
    let is_fns = op.errors.iter().map(|e| ident(&e.is_fn));
    let wire_name = &op.wire_name;
    let root = super::rust_path(&service.root);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variant_docs #variants(#paths),)*
            /// An error code the model does not list for this operation (`Throttling`,
            /// `AccessDenied`, `ExpiredToken`...), with its code, message and request id; or,
            /// from `SdkError::into_service_error`, a call that failed before the service
            /// answered.
            Unhandled(::sts_runtime::error::Unhandled),
        }
        ::sts_runtime::operation_error! {
            #name for #wire_name into #root::Error,
            #(#variants(#codes) #is_fns,)*
        }
    }
}

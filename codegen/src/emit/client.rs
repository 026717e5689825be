//! The `Client`: one method per operation, each returning that operation's fluent builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Docs, ParamSource, Service, Signature};

/// The file `client.rs`.
pub(crate) fn client(service: &Service) -> TokenStream {
    let signing_name = &service.signing_name;
    let signature = match service.signature {
        Signature::V4 => quote!(::sts_runtime::sign::SignatureVersion::V4),
        Signature::V2 => quote!(::sts_runtime::sign::SignatureVersion::V2),
    };
    let endpoint_url_variable = &service.endpoint_url_variable;
    let transient_codes = &service.transient_codes;
    let root = super::rust_path(&service.root);
    let endpoint_flags = service.endpoint_params.iter().filter_map(|param| match &param.source {
        ParamSource::Flag(flag) => {
            let name = ident(&flag.const_name);
            Some(quote!(#root::endpoint::#name))
        }
        _ => None,
    });
    let full_name = &service.full_name;
    let client_doc = docs(&Docs::paragraph(format!("A client for {full_name}.")).then(service.docs.clone()), "");
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.module);
        let module = ident(&op.module);
        let fluent = ident(&op.fluent_name);
        let builder = ident(&op.input.builder_name);
        let doc = docs(&op.docs, &format!("Calls `{}`.", op.wire_name));
        let deprecated = super::deprecated_attr(op.deprecated.as_ref());
        quote! {
            #doc
            #deprecated
            pub fn #method(&self) -> #root::operation::#module::#fluent {
                #root::operation::#module::#builder::with_client(self.fluent())
            }
        }
    });
    let trait_def = service_trait(service);
    let blocking = blocking_client();
    quote! {
        //! The client, the trait it implements, and the facts about the service it calls.
        const SERVICE: ::sts_runtime::operation::ServiceInfo = ::sts_runtime::operation::ServiceInfo {
            resolve_endpoint: #root::endpoint::resolve_for_config,
            signing_name: #signing_name,
            signature: #signature,
            endpoint_url_variable: #endpoint_url_variable,
            endpoint_flags: &[#(#endpoint_flags),*],
            transient_codes: &[#(#transient_codes),*],
            user_agent: concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")),
        };
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            handle: ::sts_runtime::operation::SharedHandle,
        }
        impl Client {
            /// A client using `config` (region, credentials, endpoint, HTTP client). If the
            /// config was read from the environment and one of the service's variables there
            /// cannot be understood, every call fails with that error, sending nothing.
            pub fn from_conf(config: ::sts_runtime::Config) -> Self {
                Self {
                    handle: ::std::sync::Arc::new(::sts_runtime::operation::Handle::new(config, SERVICE)),
                }
            }
            /// Like [`from_conf`](Self::from_conf), but a variable of the service's that
            /// cannot be understood is an error now.
            pub fn try_from_conf(config: ::sts_runtime::Config) -> Result<Self, ::sts_runtime::config::ConfigError> {
                let handle = ::sts_runtime::operation::Handle::try_new(config, SERVICE)?;
                Ok(Self { handle: ::std::sync::Arc::new(handle) })
            }
            /// A client configured as an `aws-sdk-*` client would be by the official SDK's
            /// `sdk_config` (what `aws_config::load_defaults(..)` gives; feature
            /// `aws-sdk-interop`): its region, credentials, endpoint, retries and time
            /// limits, read as the runtime's `Config::new` reads them.
            #[cfg(feature = "aws-sdk-interop")]
            pub fn new(sdk_config: &::sts_runtime::config::sdk_config::SdkConfig) -> Self {
                Self::from_conf(::sts_runtime::Config::new(sdk_config))
            }
            /// The client's configuration.
            pub fn config(&self) -> &::sts_runtime::Config {
                self.handle.config()
            }
            /// What calls go through (an input builder's `send_with` calls it).
            pub(crate) fn handle(&self) -> &::sts_runtime::operation::Handle {
                &self.handle
            }
            /// The half of a fluent builder the client gives.
            fn fluent(&self) -> ::sts_runtime::operation::Fluent {
                ::sts_runtime::operation::Fluent::new(::std::sync::Arc::clone(&self.handle), ::sts_runtime::operation::Async)
            }
            #(#methods)*
        }
        /// What a fluent builder's `customize()` gives, at the path `aws-sdk-sts` has it.
        pub mod customize {
            pub use ::sts_runtime::operation::CustomizableOperation;
        }
        #trait_def
        #blocking
    }
}

/// `client::blocking::Client` (feature `blocking`): the same fluent builders, whose `send()`
/// blocks on a runtime the client owns. A child of the client's module, it reaches the
/// async client's handle; its methods come with the service's trait.
fn blocking_client() -> TokenStream {
    quote! {
        /// A client whose calls block the calling thread (feature `blocking`), for programs
        /// without an async runtime: the same fluent builders, whose `send()` runs the call
        /// on a runtime the client owns, as `reqwest::blocking` does. Called from inside an
        /// async runtime, a call fails at once rather than stall it.
        #[cfg(feature = "blocking")]
        pub mod blocking {
            /// A client whose calls block; see [the module](self).
            #[derive(Debug, Clone)]
            pub struct Client {
                inner: super::Client,
                blocking: ::sts_runtime::blocking::Blocking,
            }
            impl Client {
                /// A client using `config`; an error only when its runtime's thread cannot
                /// be started.
                pub fn from_conf(config: ::sts_runtime::Config) -> ::std::io::Result<Self> {
                    Self::new(super::Client::from_conf(config))
                }
                /// Makes the calls of `client` (its configuration, its retry quota) block.
                pub fn new(client: super::Client) -> ::std::io::Result<Self> {
                    Ok(Self { inner: client, blocking: ::sts_runtime::blocking::Blocking::new()? })
                }
                /// The configuration.
                pub fn config(&self) -> &::sts_runtime::Config {
                    self.inner.config()
                }
                /// The half of a fluent builder the client gives (its methods, one per
                /// operation, are written beside the service's trait).
                pub(super) fn fluent(&self) -> ::sts_runtime::operation::Fluent<::sts_runtime::blocking::Blocking> {
                    ::sts_runtime::operation::Fluent::new(::std::sync::Arc::clone(&self.inner.handle), self.blocking.clone())
                }
            }
        }
    }
}

/// The service as a trait (`Sts`): a method per operation taking its input and answering
/// with a boxed future of its result. `Client` implements it; a test double can too. The
/// runtime's `service_operations!` writes it, its impl and the blocking client's methods.
fn service_trait(service: &Service) -> TokenStream {
    let root = super::rust_path(&service.root);
    let name = ident(&service.trait_name);
    let full_name = &service.full_name;
    let operations = service.operations.iter().map(|op| {
        let (method, module) = (ident(&op.module), ident(&op.module));
        let wire_name = &op.wire_name;
        let names = [
            &op.type_name,
            &op.input.type_name,
            &op.input.builder_name,
            &op.output.type_name,
            &op.error_type,
            &op.fluent_name,
        ]
        .map(|name| ident(name));
        let deprecated = super::deprecated_attr(op.deprecated.as_ref());
        quote!(#deprecated #method(#wire_name) => #root::operation::#module { #(#names),* })
    });
    quote! {
        ::sts_runtime::service_operations! {
            #name for #full_name,
            #(#operations,)*
        }
    }
}

//! One module per operation, e.g. `operation::assume_role`:
//!
//! - `AssumeRoleInput` and its builder, `AssumeRoleOutput` and its builder;
//! - `AssumeRoleError`, the operation's error enum;
//! - `AssumeRoleFluentBuilder`, returned by `Client::assume_role()`, whose `send()` makes
//!   the call;
//! - `AssumeRole`, the description of the operation the runtime executes (its
//!   `sts_runtime::operation::Operation` impl).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, ident};
use crate::emit::{deserialize, errors, serialize, structure, validate};
use crate::ir::{Operation, Service};

/// The whole module file of `op`.
pub(crate) fn operation(service: &Service, op: &Operation) -> TokenStream {
    let op_name = ident(&op.type_name);
    let input = ident(&op.input.type_name);
    let output = ident(&op.output.type_name);
    let error = ident(&op.error_type);
    let wire_name = &op.wire_name;
    let api_version = &service.api_version;
    let signed = op.signed;
    let empty_output = op.output.members.is_empty();
    let wrapper = match &op.result_wrapper {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    let module_doc = format!(" The `{wire_name}` operation: input, output, error and fluent builder.");

    let input_definition = structure::definition(&op.input);
    let input_builder = structure::builder(&op.input);
    let write_query = serialize::write_query_fn(&op.input);
    let validate = validate::validate_builder_fn(&op.input, &service.checked_structures);
    let input_builder_name = format_ident!("{}Builder", op.input.type_name);
    let output_definition = structure::definition(&op.output);
    let output_builder = structure::builder(&op.output);
    let error_enum = errors::operation_error(service, op);
    let fluent = fluent_builder(service, op);

    let fill = deserialize::fill_builder(&op.output, quote!(result), true);
    let finish = deserialize::finish(&op.output);
    let result_param = if op.output.members.is_empty() { quote!(_result) } else { quote!(result) };
    let op_doc = format!(
        " The `{wire_name}` operation as the runtime sees it: how its input is written and its \
         response read (for `sts_runtime::operation::read_response`, fuzzing and tests)."
    );
    let host_prefix = op.host_prefix.as_ref().map(|prefix| host_prefix_fn(op, prefix));
    let request_uri = op.request_uri.as_ref().map(|uri| quote!(const REQUEST_URI: &'static str = #uri;));
    quote! {
        #![doc = #module_doc]
        #input_definition
        #input_builder
        impl #input {
            #write_query
        }
        impl #input_builder_name {
            #validate
        }
        #output_definition
        #output_builder
        #error_enum
        #fluent
        #[doc = #op_doc]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #op_name;
        impl ::sts_runtime::operation::Operation for #op_name {
            const NAME: &'static str = #wire_name;
            const SIGNED: bool = #signed;
            const RESULT_WRAPPER: Option<&'static str> = #wrapper;
            const EMPTY_OUTPUT: bool = #empty_output;
            #request_uri
            type Input = #input;
            type Output = #output;
            type Error = #error;
            fn serialize(input: &#input) -> String {
                let mut writer = ::sts_runtime::query::QueryWriter::new(#wire_name, #api_version);
                input.write_query(writer.root());
                writer.finish()
            }
            fn read_output(
                #result_param: Option<::sts_runtime::xml::Element<'_, '_>>,
                request_id: Option<String>,
            ) -> Result<#output, ::sts_runtime::error::ParseError> {
                #fill
                #finish
            }
            #host_prefix
            fn read_error(
                meta: ::sts_runtime::error::ErrorMetadata,
                error: ::sts_runtime::xml::Element<'_, '_>,
            ) -> Result<#error, ::sts_runtime::error::ParseError> {
                #error::read(meta, error)
            }
        }
    }
}

/// `XFluentBuilder`: the input's setters, and `send()`.
fn fluent_builder(service: &Service, op: &Operation) -> TokenStream {
    let fluent = format_ident!("{}FluentBuilder", op.type_name);
    let input = ident(&op.input.type_name);
    let input_builder = format_ident!("{}Builder", op.input.type_name);
    let output = ident(&op.output.type_name);
    let error = ident(&op.error_type);
    let op_name = ident(&op.type_name);
    let wire_name = &op.wire_name;
    let setters = op.input.members.iter().map(|m| structure::setters(m, &quote!(self.inner)));
    let input_name = &op.input.type_name;
    let tokens = op.input.members.iter().filter(|m| m.idempotency_token).map(|m| {
        let field = ident(&m.field);
        quote! {
            if self.inner.#field.is_none() {
                self.inner.#field = Some(self.handle.config().idempotency_token());
            }
        }
    });
    let validate = quote! {
        #(#tokens)*
        if self.handle.config().client_side_validation() {
            let mut validator = ::sts_runtime::validate::Validator::default();
            self.inner.validate(&mut validator);
            validator.finish(#input_name).map_err(|e| {
                ::sts_runtime::error::SdkError::Construction(::sts_runtime::error::ConstructionError::boxed(
                    #wire_name,
                    ::std::boxed::Box::new(e),
                ))
            })?;
        }
    };
    let build = if op.input.has_required() {
        quote! {
            #validate
            let input = self.inner.build().map_err(|e| {
                ::sts_runtime::error::SdkError::Construction(::sts_runtime::error::ConstructionError::new(#wire_name, e))
            })?;
        }
    } else {
        quote! {
            #validate
            let input = self.inner.build();
        }
    };
    let doc = format!(
        " Builds and sends a `{wire_name}` request; made by [`Client::{}`]({}::Client::{}).",
        op.module, service.root, op.module
    );
    let send_doc = docs(
        &vec![
            "Sends the request and waits for the response.".to_owned(),
            String::new(),
            "Fails before sending anything if a required member is not set or, unless".to_owned(),
            "client-side validation is turned off in the config, if a member breaks the".to_owned(),
            "model's constraints (every violation is listed).".to_owned(),
        ],
        "",
    );
    let inner_doc = format!(" The [`{input}`] built so far.");
    let send_self = if op.input.members.iter().any(|m| m.idempotency_token) { quote!(mut self) } else { quote!(self) };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #fluent {
            handle: ::std::sync::Arc<::sts_runtime::operation::Handle>,
            inner: #input_builder,
        }
        impl #fluent {
            pub(crate) fn new(handle: ::std::sync::Arc<::sts_runtime::operation::Handle>) -> Self {
                Self { handle, inner: #input_builder::default() }
            }
            #[doc = #inner_doc]
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }
            #send_doc
            pub async fn send(#send_self) -> Result<#output, ::sts_runtime::error::SdkError<#error>> {
                #build
                self.handle.invoke::<#op_name>(&input).await
            }
            #(#setters)*
        }
    }
}

/// `fn host_prefix`: the endpoint trait's prefix with its `{labels}` filled from the input,
/// each checked to be a DNS label.
fn host_prefix_fn(op: &Operation, prefix: &str) -> TokenStream {
    let input = ident(&op.input.type_name);
    let mut format = String::new();
    let mut checks = Vec::new();
    let mut args = Vec::new();
    let mut rest = prefix;
    while let Some((before, after)) = rest.split_once('{') {
        format.push_str(before);
        let (label, tail) = after.split_once('}').unwrap_or((after, ""));
        if let Some(member) = op.input.members.iter().find(|m| m.wire_name == label) {
            let field = ident(&member.field);
            let value = if member.required {
                quote!(&input.#field)
            } else {
                quote!(input.#field.as_deref().unwrap_or_default())
            };
            checks.push(quote!(::sts_runtime::endpoint::check_host_label(#label, #value)?;));
            args.push(value);
        }
        format.push_str("{}");
        rest = tail;
    }
    format.push_str(rest);
    let (input_param, prefix) = if args.is_empty() {
        (quote!(_input), quote!(#format.to_owned()))
    } else {
        (quote!(input), quote!(format!(#format, #(#args),*)))
    };
    quote! {
        fn host_prefix(
            #input_param: &#input,
        ) -> Result<Option<String>, ::sts_runtime::endpoint::EndpointError> {
            #(#checks)*
            Ok(Some(#prefix))
        }
    }
}

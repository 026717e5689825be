//! One module per operation, e.g. `operation::assume_role`:
//!
//! - `AssumeRoleInput` and its builder, `AssumeRoleOutput` and its builder;
//! - `AssumeRoleError`, the operation's error enum;
//! - `AssumeRoleFluentBuilder`, returned by `Client::assume_role()`: the input builder
//!   holding the client's half (`AssumeRoleInputBuilder<Fluent<M>>`), so that the setters
//!   are written once, with `send()` (which makes the call), `presigned()`,
//!   `signed_request()`, `customize()`, `config_override()` and `as_input()`; the input
//!   builder alone has `send_with(&client)`;
//! - `builders`, re-exporting the three builders where `aws-sdk-sts` has them;
//! - `AssumeRole`, the description of the operation the runtime executes (its
//!   `sts_runtime::aws_query::Operation` impl).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, ident};
use crate::emit::{deserialize, errors, serialize, structure, validate};
use crate::ir::{HostPrefixPart, Operation, Service};

/// The whole module file of `op`.
pub(crate) fn operation(service: &Service, op: &Operation) -> TokenStream {
    let op_name = ident(&op.type_name);
    let input = ident(&op.input.type_name);
    let output = ident(&op.output.type_name);
    let error = ident(&op.error_type);
    let wire_name = &op.wire_name;
    let api_version = &service.api_version;
    let wrapper = match &op.result_wrapper {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    let module_doc = format!(" The `{wire_name}` operation: input, output, error and fluent builder.");

    let input_definition = structure::definition(&op.input);
    let input_builder = structure::input_builder(&op.input, input_builder_doc(service, op));
    let output_definition = structure::definition(&op.output);
    let output_builder = structure::builder(&op.output);
    let error_enum = errors::operation_error(service, op);
    let fluent = fluent_builder(service, op);
    let finishing = input_builder_impls(service, op);

    let fill = deserialize::fill_builder(&op.output, quote!(result), true);
    let finish = deserialize::finish(&op.output);
    let result_param = if op.output.members.is_empty() { quote!(_result) } else { quote!(result) };
    let op_doc = doc_paragraph(format!(
        "The `{wire_name}` operation as the runtime sees it: how its input is written and its \
         response read (for `{}::aws_query::response::read_response`, fuzzing and tests).",
        service.runtime_crate
    ));
    let host_prefix = op.host_prefix.as_ref().map(|prefix| host_prefix_fn(op, prefix));
    let request_uri = op.request_uri.as_ref().map(|uri| quote!(const REQUEST_URI: &'static str = #uri;));
    // What the trait's defaults do not already say.
    let signed = (!op.signed).then(|| quote! { const SIGNED: bool = false; });
    let empty_output = op.output.members.is_empty().then(|| quote! { const EMPTY_OUTPUT: bool = true; });
    let write_input = (!op.input.members.is_empty()).then(|| {
        let statements = serialize::write_members(&op.input, &quote!(input));
        quote! {
            fn write_input(input: &#input, mut writer: ::sts_runtime::aws_query::form::ValueWriter<'_>) {
                #statements
            }
        }
    });
    quote! {
        #![doc = #module_doc]
        #input_definition
        #input_builder
        #finishing
        #output_definition
        #output_builder
        #error_enum
        #fluent
        #op_doc
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #op_name;
        impl ::sts_runtime::aws_query::Operation for #op_name {
            const NAME: &'static str = #wire_name;
            const API_VERSION: &'static str = #api_version;
            #signed
            const RESULT_WRAPPER: Option<&'static str> = #wrapper;
            #empty_output
            #request_uri
            type Input = #input;
            type Output = #output;
            type Error = #error;
            #write_input
            fn read_output(
                #result_param: Option<::sts_runtime::aws_query::xml::Element<'_, '_>>,
                request_id: Option<String>,
            ) -> Result<#output, ::sts_runtime::error::ParseError> {
                #fill
                #finish
            }
            #host_prefix
        }
    }
}

/// The runtime's `input_builder!` for the operation's input builder, given each member's
/// flags (`required`, `sensitive`, `token` for an idempotency token), and the function
/// checking the input against the model, when there is something to check.
fn input_builder_impls(service: &Service, op: &Operation) -> TokenStream {
    let (builder, input, op_name) = (ident(&op.input.builder_name), ident(&op.input.type_name), ident(&op.type_name));
    let members = op.input.members.iter().map(|m| {
        let field = ident(&m.field);
        let required = m.required.then(|| quote!(required));
        let sensitive = m.sensitive.then(|| quote!(sensitive));
        let token = m.idempotency_token.then(|| quote!(token));
        quote!(#field #required #sensitive #token)
    });
    let check = validate::validate_input_fn(&op.input, &service.checked_structures);
    let checked_by = check.is_some().then(|| quote!(checked by check_input));
    quote! {
        ::sts_runtime::input_builder! {
            #builder builds #input for #op_name #checked_by,
            #(#members,)*
        }
        #check
    }
}

/// The input builder's doc: what it builds, and what it is with a client's half.
fn input_builder_doc(service: &Service, op: &Operation) -> TokenStream {
    let doc = format!(
        "A builder for [`{input}`]. Holding a client's half (`C` is then [`Fluent`](::{runtime}::operation::Fluent), \
         as [`Client::{method}`]({root}::Client::{method}) gives it), it is the operation's fluent builder, \
         [`{fluent}`], which also sends the request.",
        input = op.input.type_name,
        runtime = service.runtime_crate,
        method = op.module,
        root = service.root,
        fluent = op.fluent_name,
    );
    doc_paragraph(doc)
}

/// `XFluentBuilder` and the `builders` module, written by the runtime's `fluent_builder!`
/// from the operation's names: the input builder holding the client's half, with `send()`,
/// `presigned()`, `signed_request()`, `customize()`, `config_override()` and `as_input()`
/// besides its setters; and the input builder's own `send_with(&client)`.
fn fluent_builder(service: &Service, op: &Operation) -> TokenStream {
    let fluent = ident(&op.fluent_name);
    let input_builder = ident(&op.input.builder_name);
    let output = ident(&op.output.type_name);
    let output_builder = ident(&op.output.builder_name);
    let error = ident(&op.error_type);
    let op_name = ident(&op.type_name);
    let method = ident(&op.module);
    let wire_name = &op.wire_name;
    let root = super::rust_path(&service.root);
    quote! {
        ::sts_runtime::fluent_builder! {
            #fluent = #input_builder for #op_name(#wire_name),
            made by #root::Client => #method,
            output #output built by #output_builder,
            error #error,
        }
    }
}

/// `fn host_prefix`: the endpoint trait's prefix with its labels filled from the input,
/// each checked to be a DNS label.
fn host_prefix_fn(op: &Operation, parts: &[HostPrefixPart]) -> TokenStream {
    let input = ident(&op.input.type_name);
    let mut format = String::new();
    let mut checks = Vec::new();
    let mut args = Vec::new();
    for part in parts {
        match part {
            HostPrefixPart::Text(text) => format.push_str(text),
            HostPrefixPart::Label { wire_name, field, required } => {
                let field = ident(field);
                let value =
                    if *required { quote!(&input.#field) } else { quote!(input.#field.as_deref().unwrap_or_default()) };
                checks.push(quote!(::sts_runtime::endpoint_rules::check_host_label(#wire_name, #value)?;));
                args.push(value);
                format.push_str("{}");
            }
        }
    }
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

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
//!
//! What of these differs between operations only by names (the `Operation` impl, the
//! fluent builder's methods, the input builder's and the error's impls) is written by the
//! runtime's macros (`operation!`, `input_builder!`, `operation_error!`), which this module
//! calls with the names the lowering decided; what differs otherwise (the members, their
//! docs, setters, getters and checks, writing the input and reading the output) is written
//! out here: `write_input_members`, `read_output_member` and `host_prefix_of` are functions
//! of the module that `operation!`'s impl calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, ident};
use crate::emit::{deserialize, errors, serialize, structure, validate};
use crate::ir::{HostPrefixPart, Operation, Service};

/// The functions of an operation's module that the runtime's macros call by name, named once
/// here for their definitions and the macro calls alike.
const WRITE_INPUT: &str = "write_input_members";
const READ_OUTPUT: &str = "read_output_member";
const HOST_PREFIX: &str = "host_prefix_of";
const CHECK_INPUT: &str = "check_input";

/// The whole module file of `op`.
pub(crate) fn operation(service: &Service, op: &Operation) -> TokenStream {
    let module_doc = format!(" The `{}` operation: input, output, error and fluent builder.", op.wire_name);
    let input_definition = structure::definition(&op.input);
    let input_builder = structure::input_builder(&op.input, input_builder_doc(service, op));
    let finishing = input_builder_impls(service, op);
    let output_definition = structure::definition(&op.output);
    let output_builder = structure::builder(&op.output);
    let error_enum = errors::operation_error(service, op);
    let operation = operation_macro(service, op);
    let write_input = (!op.input.members.is_empty()).then(|| {
        let input = ident(&op.input.type_name);
        let statements = serialize::write_members(&op.input, &quote!(input));
        let doc = doc_paragraph(format!("Writes the members of [`{}`] into the request's form.", op.input.type_name));
        let name = ident(WRITE_INPUT);
        quote! {
            #doc
            fn #name(input: &#input, mut writer: ::sts_runtime::aws_query::form::ValueWriter<'_>) {
                #statements
            }
        }
    });
    let read_output = deserialize::read_output_member_fn(&op.output, ident(READ_OUTPUT));
    let host_prefix = op.host_prefix.as_ref().map(|prefix| host_prefix_fn(op, prefix));
    quote! {
        #![doc = #module_doc]
        #input_definition
        #input_builder
        #finishing
        #output_definition
        #output_builder
        #error_enum
        #operation
        #write_input
        #read_output
        #host_prefix
    }
}

/// The runtime's `operation!` for `op`: its marker type and `Operation` impl (calling the
/// module's `write_input_members`, `read_output_member` and `host_prefix_of`, when the
/// operation has them), its fluent builder, and the output's `builder()` and `RequestId`.
fn operation_macro(service: &Service, op: &Operation) -> TokenStream {
    let [op_name, input, builder, output, output_builder, error, fluent, method] = [
        &op.type_name,
        &op.input.type_name,
        &op.input.builder_name,
        &op.output.type_name,
        &op.output.builder_name,
        &op.error_type,
        &op.fluent_name,
        &op.module,
    ]
    .map(|name| ident(name));
    let (wire_name, api_version) = (&op.wire_name, &service.api_version);
    let root = super::rust_path(&service.root);
    let [write_input, read_output, host_prefix_of] = [WRITE_INPUT, READ_OUTPUT, HOST_PREFIX].map(ident);
    let written_by = (!op.input.members.is_empty()).then(|| quote!(written by #write_input));
    let read_by = (!op.output.members.is_empty()).then(|| quote!(read by #read_output));
    let wrapper = op.result_wrapper.as_ref().map(|wrapper| quote!(in #wrapper));
    // What the trait's defaults do not already say.
    let signed = (!op.signed).then(|| quote!(, signed false));
    let request_uri = op.request_uri.as_ref().map(|uri| quote!(, request uri #uri));
    let host_prefix = op.host_prefix.as_ref().map(|_| quote!(, host prefix by #host_prefix_of));
    quote! {
        ::sts_runtime::operation! {
            #op_name(#wire_name) of #api_version,
            made by #root::Client => #method,
            input #input built by #builder #written_by,
            output #output built by #output_builder #read_by #wrapper,
            error #error,
            fluent #fluent
            #signed
            #request_uri
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
    let check_input = ident(CHECK_INPUT);
    let check = validate::validate_input_fn(&op.input, &service.checked_structures, &check_input);
    let checked_by = check.is_some().then(|| quote!(checked by #check_input));
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

/// `fn host_prefix_of` ([`HOST_PREFIX`]): the endpoint trait's prefix with its labels filled from the input,
/// each checked to be a DNS label.
fn host_prefix_fn(op: &Operation, parts: &[HostPrefixPart]) -> TokenStream {
    let input = ident(&op.input.type_name);
    let name = ident(HOST_PREFIX);
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
        /// What the operation puts before the endpoint's host, its labels filled from the input.
        fn #name(
            #input_param: &#input,
        ) -> Result<Option<String>, ::sts_runtime::endpoint::EndpointError> {
            #(#checks)*
            Ok(Some(#prefix))
        }
    }
}

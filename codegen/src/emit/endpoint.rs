//! The endpoint resolver, compiled from the typed endpoint rules of the IR into Rust.
//!
//! Each rule becomes one `if`, its conditions joined with `&&` (a binding is a `let Some(..)`
//! in the chain, or `.is_some()` when nothing reads it), around a `return` of its endpoint
//! or error; a tree rule nests its rules the same way and, as the rules language says, ends
//! in an error if none of them matches. `aws.partition` looks the region up in a static
//! table generated from `partitions.json`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_paragraph, docs, ident};
use crate::ir::{
    Docs, EndpointFlag, EndpointParamKind, EndpointRule, FlagVariable, ParamSource, Partition, Partitions, RegionPart,
    RuleCondition, RuleExpr, RuleOutcome, Service, TemplatePart,
};

/// The file `endpoint.rs`: the service's endpoint flags, `Params`, `resolve`, and the
/// partition table.
pub(crate) fn endpoint_file(service: &Service, partitions: &Partitions) -> TokenStream {
    let mut fields = Vec::new();
    let mut from_config = Vec::new();
    let mut defaults = Vec::new();
    let mut flags = Vec::new();
    for param in &service.endpoint_params {
        let field = ident(&param.field);
        let doc = docs(&param.docs, &param.wire_name);
        let (rust_ty, default) = match param.kind {
            EndpointParamKind::OptionalString => (quote!(Option<&'a str>), quote!(None)),
            EndpointParamKind::Bool { default } => (quote!(bool), quote!(#default)),
        };
        let source = match &param.source {
            ParamSource::Region => quote!(config.region()),
            ParamSource::UseFips => quote!(config.use_fips()),
            ParamSource::UseDualStack => quote!(config.use_dual_stack()),
            ParamSource::EndpointUrl => quote!(config.endpoint_url()),
            ParamSource::Flag(flag) => {
                let name = ident(&flag.const_name);
                let on_by_default = param.kind == EndpointParamKind::Bool { default: true };
                flags.push(flag_const(flag, &param.docs, on_by_default, &service.runtime_crate));
                quote!(config.endpoint_flag(#name).unwrap_or(#default))
            }
        };
        fields.push(quote!(#doc pub #field: #rust_ty,));
        from_config.push(quote!(#field: #source,));
        defaults.push(quote!(#field: #default,));
    }

    let body = rule_list(&service.endpoint_rules, true);
    let partition_table = partition_table(partitions);
    quote! {
        //! Endpoint resolution, generated from `model/endpoint-rule-set-1.json` and the
        //! partitions of `model/partitions.json`.
        pub use ::sts_runtime::endpoint::{Endpoint, EndpointError};
        #(#flags)*
        /// The inputs of endpoint resolution, as the endpoint rule set names them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Params<'a> {
            #(#fields)*
        }
        impl Default for Params<'_> {
            /// Every parameter unset or at the rule set's default.
            fn default() -> Self {
                Self { #(#defaults)* }
            }
        }
        impl<'a> Params<'a> {
            /// The parameters a client config gives (region, FIPS, dual-stack, endpoint URL
            /// override, and the service's endpoint flags).
            pub fn from_config(config: &'a ::sts_runtime::Config) -> Self {
                Self { #(#from_config)* }
            }
        }
        /// Resolves the endpoint for `params` by the service's endpoint rules.
        pub fn resolve(params: &Params<'_>) -> Result<Endpoint, EndpointError> {
            #body
        }
        /// Resolves the endpoint for a client config.
        pub(crate) fn resolve_for_config(config: &::sts_runtime::Config) -> Result<Endpoint, EndpointError> {
            resolve(&Params::from_config(config))
        }
        #partition_table
    }
}

/// The constant that names a service's own endpoint flag, documented from the rule set's
/// parameter and saying how to set it.
fn flag_const(flag: &EndpointFlag, param_docs: &Docs, on_by_default: bool, runtime: &str) -> TokenStream {
    let name = ident(&flag.const_name);
    let built_in = &flag.built_in;
    let on_off = if on_by_default { "on" } else { "off" };
    let setter = format!("[`ConfigBuilder::endpoint_flag`](::{runtime}::config::ConfigBuilder::endpoint_flag)");
    let how = match &flag.variable {
        Some(FlagVariable { name, on, off }) => format!(
            "Set it with {setter}, or in a config read from the environment with `{name}` (`{on}`: on, `{off}`: off); \
             it is {on_off} by default."
        ),
        None => format!("Set it with {setter}; it is {on_off} by default."),
    };
    let doc = docs(&param_docs.clone().then(Docs::paragraph(how)), "");
    let variable = match &flag.variable {
        Some(FlagVariable { name, on, off }) => {
            quote!(Some(::sts_runtime::config::FlagVariable { name: #name, on: #on, off: #off }))
        }
        None => quote!(None),
    };
    quote! {
        #doc
        pub const #name: ::sts_runtime::config::EndpointFlag =
            ::sts_runtime::config::EndpointFlag { built_in: #built_in, variable: #variable };
    }
}

/// The resolver of a service without endpoint rules (a protocol-test model): requests go
/// to the configured endpoint URL.
pub(crate) fn endpoint_url_only() -> TokenStream {
    quote! {
        //! Endpoint resolution for a service without endpoint rules: the configured
        //! endpoint URL is the endpoint.
        pub use ::sts_runtime::endpoint::{Endpoint, EndpointError};
        /// The configured endpoint URL, which this service needs.
        pub(crate) fn resolve_for_config(config: &::sts_runtime::Config) -> Result<Endpoint, EndpointError> {
            match config.endpoint_url() {
                Some(url) => Ok(Endpoint { url: url.to_owned(), signing_region: None, signing_name: None }),
                None => Err(EndpointError::Rules("this service has no endpoint rules: configure an endpoint URL".to_owned())),
            }
        }
    }
}

/// Rules tried in order; an error if none matches (unless the last always does). At the
/// `tail` of the function the last outcome is a plain expression, elsewhere a `return`.
fn rule_list(rules: &[EndpointRule], tail: bool) -> TokenStream {
    let out = rules.iter().enumerate().map(|(i, rule)| rule_tokens(rule, tail && i + 1 == rules.len()));
    let exhaustive = rules.last().is_some_and(|r| r.conditions.is_empty());
    let fallback = match (exhaustive, tail) {
        (true, _) => None,
        (false, true) => Some(quote!(Err(EndpointError::NoRuleMatched))),
        (false, false) => Some(quote!(return Err(EndpointError::NoRuleMatched);)),
    };
    quote!(#(#out)* #fallback)
}

fn rule_tokens(rule: &EndpointRule, tail: bool) -> TokenStream {
    let unconditional = rule.conditions.is_empty();
    let last = tail && unconditional;
    let give = |value: TokenStream| if last { value } else { quote!(return #value;) };
    let inner = match &rule.outcome {
        RuleOutcome::Tree(rules) => rule_list(rules, last),
        RuleOutcome::Endpoint { url, signing_region, signing_name } => {
            let url = owned(url);
            let region = optional(signing_region.as_ref());
            let name = optional(signing_name.as_ref());
            give(quote!(Ok(Endpoint { url: #url, signing_region: #region, signing_name: #name })))
        }
        RuleOutcome::Error(message) => {
            let message = owned(message);
            give(quote!(Err(EndpointError::Rules(#message))))
        }
    };
    if unconditional {
        return inner;
    }
    let tests = rule.conditions.iter().map(|condition| match condition {
        RuleCondition::Test(test) => expr(test),
        RuleCondition::Bind { var, value, used: true } => {
            let (var, value) = (ident(var), expr(value));
            quote!(let Some(#var) = #value)
        }
        RuleCondition::Bind { value, used: false, .. } => {
            let value = expr(value);
            quote!(#value.is_some())
        }
    });
    quote!(if #(#tests)&&* { #inner })
}

/// `Some(value)` as a `String`, or `None`.
fn optional(value: Option<&RuleExpr>) -> TokenStream {
    match value.map(owned) {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// An expression as Rust: a `bool`, a `&str` (or `String` from a template with
/// placeholders), or an `Option` of a partition or URL.
fn expr(e: &RuleExpr) -> TokenStream {
    match e {
        RuleExpr::Bool(b) => quote!(#b),
        RuleExpr::Param(field) => {
            let field = ident(field);
            quote!(params.#field)
        }
        RuleExpr::Bound(var) => {
            let var = ident(var);
            quote!(#var)
        }
        RuleExpr::Template(parts) => match template(parts) {
            Template::Text(text) => quote!(#text),
            Template::One(value) => value,
            Template::Format(format, args) => quote!(format!(#format, #(#args),*)),
        },
        RuleExpr::Not(inner) => {
            let operand = expr(inner);
            match **inner {
                RuleExpr::Param(_) | RuleExpr::Bound(_) | RuleExpr::Field(..) => quote!(!#operand),
                _ => quote!(!(#operand)),
            }
        }
        RuleExpr::IsNone(inner) => {
            let inner = expr(inner);
            quote!(#inner.is_none())
        }
        RuleExpr::Equals(a, b) => {
            let (a, b) = (expr(a), expr(b));
            quote!(#a == #b)
        }
        RuleExpr::Partition(region) => {
            let region = expr(region);
            quote!(::sts_runtime::endpoint_rules::partition(PARTITIONS, #region))
        }
        RuleExpr::ParseUrl(url) => {
            let url = expr(url);
            quote!(::sts_runtime::endpoint_rules::parse_url(#url))
        }
        RuleExpr::Field(target, field) => {
            let (target, field) = (expr(target), ident(field));
            quote!(#target.#field)
        }
    }
}

/// A string expression as an owned `String`.
fn owned(e: &RuleExpr) -> TokenStream {
    match e {
        RuleExpr::Template(parts) => match template(parts) {
            Template::Text(text) => quote!(#text.to_owned()),
            Template::One(value) => quote!(#value.to_owned()),
            Template::Format(format, args) => quote!(format!(#format, #(#args),*)),
        },
        other => {
            let value = expr(other);
            quote!(#value.to_string())
        }
    }
}

/// What a template compiles to.
enum Template {
    /// Text alone.
    Text(String),
    /// One value alone.
    One(TokenStream),
    /// A `format!` string and its arguments.
    Format(String, Vec<TokenStream>),
}

fn template(parts: &[TemplatePart]) -> Template {
    match parts {
        [TemplatePart::Text(text)] => return Template::Text(text.clone()),
        [TemplatePart::Value(value)] => return Template::One(expr(value)),
        _ => {}
    }
    let mut format = String::new();
    let mut args = Vec::new();
    for part in parts {
        match part {
            TemplatePart::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
            TemplatePart::Value(value) => {
                format.push_str("{}");
                args.push(expr(value));
            }
        }
    }
    Template::Format(format, args)
}

/// `static PARTITIONS: &[Partition]`, from the lowered `partitions.json`.
fn partition_table(partitions: &Partitions) -> TokenStream {
    let entries = partitions.partitions.iter().map(partition_entry);
    let version = doc_paragraph(format!("The partitions of `partitions.json` version {}.", partitions.version));
    quote! {
        /// The partition of `region`, as the rules' `aws.partition` finds it (`aws`, `aws-cn`,
        /// `aws-us-gov`...): the one listing it, else the first whose region pattern matches,
        /// else `aws`.
        pub fn partition(region: &str) -> Option<&'static ::sts_runtime::endpoint_rules::Partition> {
            ::sts_runtime::endpoint_rules::partition(PARTITIONS, region)
        }
        #version
        static PARTITIONS: &[::sts_runtime::endpoint_rules::Partition] = &[#(#entries),*];
    }
}

fn partition_entry(p: &Partition) -> TokenStream {
    let (name, dns, dual, global, fips, dual_ok) = (
        &p.name,
        &p.dns_suffix,
        &p.dual_stack_dns_suffix,
        &p.implicit_global_region,
        p.supports_fips,
        p.supports_dual_stack,
    );
    let regions = &p.regions;
    let pattern = p.region_pattern.iter().map(|part| match part {
        RegionPart::Literal(text) => quote!(::sts_runtime::endpoint_rules::RegionPart::Literal(#text)),
        RegionPart::Word => quote!(::sts_runtime::endpoint_rules::RegionPart::Word),
        RegionPart::Digits => quote!(::sts_runtime::endpoint_rules::RegionPart::Digits),
        RegionPart::OneOf(options) => quote!(::sts_runtime::endpoint_rules::RegionPart::OneOf(&[#(#options),*])),
    });
    quote! {
        ::sts_runtime::endpoint_rules::Partition {
            name: #name,
            dns_suffix: #dns,
            dual_stack_dns_suffix: #dual,
            implicit_global_region: #global,
            supports_fips: #fips,
            supports_dual_stack: #dual_ok,
            regions: &[#(#regions),*],
            region_pattern: &[#(#pattern),*],
        }
    }
}

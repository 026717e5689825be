//! The endpoint resolver, compiled from the endpoint rule set into Rust.
//!
//! Each rule becomes nested `if`s, one per condition, around a `return` of its endpoint or
//! error; a tree rule nests its rules the same way and, as the rules language says, ends in
//! an error if none of them matches. `isSet` on an optional parameter becomes
//! `if let Some(region) = params.region`, and from there on `Region` is that `region`;
//! `aws.partition` looks the region up in a static table generated from `partitions.json`.
//! Only the functions the rule set uses are supported: anything else stops generation.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{docs, ident};
use crate::Error;
use crate::ir::{Docs, EndpointFlag, EndpointParamKind, ParamSource, Service};
use crate::names::snake_name;
use crate::rules::{Condition, EndpointTemplate, PartitionDef, Partitions, Rule, RuleSet};

/// The type of a value in the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    /// A string (`&str` or `String`).
    Str,
    /// An unset-able string parameter.
    OptStr,
    Bool,
    /// A partition, by reference.
    Partition,
    /// The result of `aws.partition`, before it is bound.
    OptPartition,
    /// A parsed URL (`sts_runtime::endpoint_rules::Url`), by reference.
    Url,
    /// The result of `parseURL`, before it is bound.
    OptUrl,
}

/// What a name refers to in the rules at some point.
#[derive(Debug, Clone)]
struct Binding {
    expr: TokenStream,
    ty: Ty,
}

type Scope = BTreeMap<String, Binding>;

/// The file `endpoint.rs`: the service's endpoint flags, `Params`, `resolve`, and the
/// partition table.
pub(crate) fn endpoint_file(service: &Service, rules: &RuleSet, partitions: &Partitions) -> Result<TokenStream, Error> {
    let mut scope = Scope::new();
    let mut fields = Vec::new();
    let mut from_config = Vec::new();
    let mut defaults = Vec::new();
    let mut flags = Vec::new();
    for param in &service.endpoint_params {
        let field = ident(&param.field);
        let doc = docs(&param.docs, &param.wire_name);
        let (ty, rust_ty, default) = match param.kind {
            EndpointParamKind::OptionalString => (Ty::OptStr, quote!(Option<&'a str>), quote!(None)),
            EndpointParamKind::Bool { default } => (Ty::Bool, quote!(bool), quote!(#default)),
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
        scope.insert(param.wire_name.clone(), Binding { expr: quote!(params.#field), ty });
    }

    let body = rule_list(&rules.rules, &scope, true)?;
    let partition_table = partition_table(partitions)?;
    Ok(quote! {
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
    })
}

/// The constant that names a service's own endpoint flag, documented from the rule set's
/// parameter and saying how to set it.
fn flag_const(flag: &EndpointFlag, param_docs: &Docs, on_by_default: bool, runtime: &str) -> TokenStream {
    let name = ident(&flag.const_name);
    let built_in = &flag.built_in;
    let on_off = if on_by_default { "on" } else { "off" };
    let setter = format!("[`ConfigBuilder::endpoint_flag`](::{runtime}::config::ConfigBuilder::endpoint_flag)");
    let how = match &flag.variable {
        Some((var, on, off)) => format!(
            "Set it with {setter}, or in a config read from the environment with `{var}` (`{on}`: on, `{off}`: off); \
             it is {on_off} by default."
        ),
        None => format!("Set it with {setter}; it is {on_off} by default."),
    };
    let doc = docs(&param_docs.clone().then(Docs::paragraph(how)), "");
    let variable = match &flag.variable {
        Some((var, on, off)) => {
            quote!(Some(::sts_runtime::config::FlagVariable { name: #var, on: #on, off: #off }))
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
fn rule_list(rules: &[Rule], scope: &Scope, tail: bool) -> Result<TokenStream, Error> {
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        out.push(rule_tokens(rule, scope, tail && i + 1 == rules.len())?);
    }
    let exhaustive = rules.last().is_some_and(|r| r.conditions.is_empty());
    let fallback = match (exhaustive, tail) {
        (true, _) => None,
        (false, true) => Some(quote!(Err(EndpointError::NoRuleMatched))),
        (false, false) => Some(quote!(return Err(EndpointError::NoRuleMatched);)),
    };
    Ok(quote!(#(#out)* #fallback))
}

fn rule_tokens(rule: &Rule, scope: &Scope, tail: bool) -> Result<TokenStream, Error> {
    let unconditional = rule.conditions.is_empty();
    conditions(&rule.conditions, scope, &|scope| {
        let outcome = match rule.kind.as_str() {
            "endpoint" => {
                let endpoint =
                    rule.endpoint.as_ref().ok_or_else(|| Error::model("endpoint rule", "has no `endpoint`"))?;
                let endpoint = endpoint_value(endpoint, scope)?;
                quote!(Ok(#endpoint))
            }
            "error" => {
                let message = rule.error.as_ref().ok_or_else(|| Error::model("error rule", "has no `error`"))?;
                let message = string_value(message, scope)?;
                quote!(Err(EndpointError::Rules(#message)))
            }
            "tree" => return rule_list(&rule.rules, scope, tail && unconditional),
            other => return Err(Error::unsupported("endpoint rule", format!("rule type `{other}`"))),
        };
        Ok(if tail && unconditional { outcome } else { quote!(return #outcome;) })
    })
}

/// One part of a rule's `if`: a boolean, or a `let Some(..) = ..` binding.
enum Clause {
    Test(TokenStream),
    Bind { var: proc_macro2::Ident, expr: TokenStream },
}

/// Wraps what `body` emits in one `if` joining the conditions with `&&` (binding what they
/// assign with let-chains); a binding nothing uses becomes `.is_some()`.
fn conditions(
    conds: &[Condition],
    scope: &Scope,
    body: &dyn Fn(&Scope) -> Result<TokenStream, Error>,
) -> Result<TokenStream, Error> {
    let mut scope = scope.clone();
    let mut clauses = Vec::new();
    for condition in conds {
        clauses.extend(clause(condition, &mut scope)?);
    }
    let inner = body(&scope)?;
    if clauses.is_empty() {
        return Ok(inner);
    }
    let rendered: Vec<&TokenStream> = clauses
        .iter()
        .map(|c| match c {
            Clause::Test(t) => t,
            Clause::Bind { expr, .. } => expr,
        })
        .collect();
    let tests = clauses.iter().enumerate().map(|(i, clause)| match clause {
        Clause::Test(test) => test.clone(),
        Clause::Bind { var, expr } => {
            let used = mentions(&inner, var) || rendered[i + 1..].iter().any(|later| mentions(later, var));
            if used { quote!(let Some(#var) = #expr) } else { quote!(#expr.is_some()) }
        }
    });
    Ok(quote!(if #(#tests)&&* { #inner }))
}

/// The clauses for one condition (none when it always holds), updating `scope` with what
/// it binds.
fn clause(condition: &Condition, scope: &mut Scope) -> Result<Vec<Clause>, Error> {
    let argv = &condition.argv;
    // `aws.partition(Region)` on a region never checked with `isSet` (the legacy rules of
    // SimpleDB and Import/Export): it only holds when the region is set, so it binds the
    // region first, and the rules inside it may use `{Region}` as a string.
    if condition.function == "aws.partition"
        && let Ok(name) = reference(argv.first())
        && scope.get(name).is_some_and(|b| b.ty == Ty::OptStr)
    {
        let is_set = Condition { function: "isSet".to_owned(), argv: argv.clone(), assign: None };
        let mut clauses = clause(&is_set, scope)?;
        clauses.extend(clause(condition, scope)?);
        return Ok(clauses);
    }
    // `isSet(ref)` on an optional string: bind the value under the parameter's own name.
    if condition.function == "isSet" {
        let name = reference(argv.first())?;
        let binding = lookup(scope, name)?.clone();
        if binding.ty != Ty::OptStr {
            return Ok(Vec::new());
        }
        let var = ident(&snake_name(name));
        scope.insert(name.to_owned(), Binding { expr: quote!(#var), ty: Ty::Str });
        return Ok(vec![Clause::Bind { var, expr: binding.expr }]);
    }
    let (expr, ty) = call(&condition.function, argv, scope)?;
    match (ty, &condition.assign) {
        (Ty::Bool, None) => Ok(vec![Clause::Test(expr)]),
        (Ty::OptPartition | Ty::OptUrl, Some(name)) => {
            let var = format_ident!("{}", snake_name(name));
            let bound = if ty == Ty::OptUrl { Ty::Url } else { Ty::Partition };
            scope.insert(name.clone(), Binding { expr: quote!(#var), ty: bound });
            Ok(vec![Clause::Bind { var, expr }])
        }
        (ty, assign) => Err(Error::unsupported(
            "endpoint rule condition",
            format!("`{}` giving {ty:?} with assign {assign:?}", condition.function),
        )),
    }
}

/// Whether `tokens` use the variable `var`: a field of that name (`url: ..` in a struct
/// expression, `.url` after a value) is not a use.
fn mentions(tokens: &TokenStream, var: &proc_macro2::Ident) -> bool {
    use proc_macro2::{Spacing, TokenTree};
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let punct = |i: Option<usize>| match i.and_then(|i| tokens.get(i)) {
        Some(TokenTree::Punct(p)) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    tokens.iter().enumerate().any(|(i, token)| match token {
        TokenTree::Group(group) => mentions(&group.stream(), var),
        TokenTree::Ident(ident) if ident == var => {
            let field_label = punct(Some(i + 1)) == Some((':', Spacing::Alone));
            let field_access = matches!(punct(i.checked_sub(1)), Some(('.', _)));
            !field_label && !field_access
        }
        _ => false,
    })
}

fn reference(arg: Option<&Value>) -> Result<&str, Error> {
    arg.and_then(|a| a.get("ref"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::unsupported("endpoint rules", "isSet on something other than a reference"))
}

fn lookup<'s>(scope: &'s Scope, name: &str) -> Result<&'s Binding, Error> {
    scope.get(name).ok_or_else(|| Error::model("endpoint rules", format!("use `{name}`, which is not defined here")))
}

/// A function call and its type.
fn call(function: &str, argv: &[Value], scope: &Scope) -> Result<(TokenStream, Ty), Error> {
    let arg = |i: usize| -> Result<(TokenStream, Ty), Error> {
        let value =
            argv.get(i).ok_or_else(|| Error::model("endpoint rules", format!("`{function}` lacks argument {i}")))?;
        expression(value, scope)
    };
    match function {
        "booleanEquals" => {
            let ((a, ta), (b, tb)) = (arg(0)?, arg(1)?);
            expect(function, &[ta, tb], Ty::Bool)?;
            Ok((simplify_bool(a, b), Ty::Bool))
        }
        "stringEquals" => {
            let ((a, ta), (b, tb)) = (arg(0)?, arg(1)?);
            expect(function, &[ta, tb], Ty::Str)?;
            Ok((quote!(#a == #b), Ty::Bool))
        }
        "not" => {
            let inner = argv.first().ok_or_else(|| Error::model("endpoint rules", "`not` without argument"))?;
            if inner.get("fn").and_then(Value::as_str) == Some("isSet") {
                let inner_argv = inner.get("argv").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let binding = lookup(scope, reference(inner_argv.first())?)?;
                let expr = &binding.expr;
                return match binding.ty {
                    Ty::OptStr => Ok((quote!(#expr.is_none()), Ty::Bool)),
                    _ => Ok((quote!(false), Ty::Bool)),
                };
            }
            let (a, ta) = arg(0)?;
            expect(function, &[ta], Ty::Bool)?;
            Ok((quote!(!(#a)), Ty::Bool))
        }
        "aws.partition" => {
            let (region, ty) = arg(0)?;
            expect(function, &[ty], Ty::Str)?;
            Ok((quote!(::sts_runtime::endpoint_rules::partition(PARTITIONS, #region)), Ty::OptPartition))
        }
        "parseURL" => {
            let (url, ty) = arg(0)?;
            expect(function, &[ty], Ty::Str)?;
            Ok((quote!(::sts_runtime::endpoint_rules::parse_url(#url)), Ty::OptUrl))
        }
        "getAttr" => {
            let (target, ty) = arg(0)?;
            let attribute = argv.get(1).and_then(Value::as_str).unwrap_or_default();
            attribute_of(target, ty, attribute)
        }
        other => Err(Error::unsupported("endpoint rules", format!("the function `{other}`"))),
    }
}

/// `a == true` -> `a`, `a == false` -> `!a` (either way round).
fn simplify_bool(a: TokenStream, b: TokenStream) -> TokenStream {
    match (a.to_string().as_str(), b.to_string().as_str()) {
        (_, "true") => a,
        (_, "false") => quote!(!#a),
        ("true", _) => b,
        ("false", _) => quote!(!#b),
        _ => quote!(#a == #b),
    }
}

fn expect(function: &str, types: &[Ty], wanted: Ty) -> Result<(), Error> {
    match types.iter().find(|t| **t != wanted) {
        Some(t) => Err(Error::unsupported("endpoint rules", format!("`{function}` on a {t:?} (expected {wanted:?})"))),
        None => Ok(()),
    }
}

/// `getAttr` (or `{Name#attribute}` in a template) on a partition or a parsed URL.
fn attribute_of(target: TokenStream, ty: Ty, attribute: &str) -> Result<(TokenStream, Ty), Error> {
    let (field, ty) = match (ty, attribute) {
        (Ty::Url, "scheme") => ("scheme", Ty::Str),
        (Ty::Url, "authority") => ("authority", Ty::Str),
        (Ty::Url, "path") => ("path", Ty::Str),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
        (Ty::Partition, attribute) => return partition_attribute(target, attribute),
        (ty, attribute) => {
            return Err(Error::unsupported("endpoint rules", format!("the attribute `{attribute}` of a {ty:?}")));
        }
    };
    let field = ident(field);
    Ok((quote!(#target.#field), ty))
}

fn partition_attribute(target: TokenStream, attribute: &str) -> Result<(TokenStream, Ty), Error> {
    let (field, ty) = match attribute {
        "name" => ("name", Ty::Str),
        "dnsSuffix" => ("dns_suffix", Ty::Str),
        "dualStackDnsSuffix" => ("dual_stack_dns_suffix", Ty::Str),
        "implicitGlobalRegion" => ("implicit_global_region", Ty::Str),
        "supportsFIPS" => ("supports_fips", Ty::Bool),
        "supportsDualStack" => ("supports_dual_stack", Ty::Bool),
        other => return Err(Error::unsupported("endpoint rules", format!("the partition attribute `{other}`"))),
    };
    let field = ident(field);
    Ok((quote!(#target.#field), ty))
}

/// Any argument: a literal, a reference, a template string or a nested call.
fn expression(value: &Value, scope: &Scope) -> Result<(TokenStream, Ty), Error> {
    match value {
        Value::Bool(b) => Ok((quote!(#b), Ty::Bool)),
        Value::String(_) => Ok((template(value, scope, false)?, Ty::Str)),
        Value::Object(map) if map.contains_key("ref") => {
            let name = map.get("ref").and_then(Value::as_str).unwrap_or_default();
            let binding = lookup(scope, name)?;
            Ok((binding.expr.clone(), binding.ty))
        }
        Value::Object(map) if map.contains_key("fn") => {
            let function = map.get("fn").and_then(Value::as_str).unwrap_or_default();
            let argv = map.get("argv").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            call(function, argv, scope)
        }
        other => Err(Error::unsupported("endpoint rules", format!("the argument {other}"))),
    }
}

/// A `String`-valued expression for a rule string.
fn string_value(value: &Value, scope: &Scope) -> Result<TokenStream, Error> {
    match value {
        Value::String(_) => template(value, scope, true),
        other => {
            let (expr, ty) = expression(other, scope)?;
            expect("a string value", &[ty], Ty::Str)?;
            Ok(quote!(#expr.to_string()))
        }
    }
}

/// A template string (`https://sts.{Region}.{PartitionResult#dnsSuffix}`): a `&str`
/// literal when it has no placeholder (or a `String` when `owned`), else `format!`.
fn template(value: &Value, scope: &Scope, owned: bool) -> Result<TokenStream, Error> {
    let text = value.as_str().unwrap_or_default();
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        format.push_str(&rest[..start].replace('}', "}}"));
        let after = &rest[start + 1..];
        let end =
            after.find('}').ok_or_else(|| Error::model("endpoint rules", format!("unclosed `{{` in {text:?}")))?;
        let placeholder = &after[..end];
        let (expr, ty) = match placeholder.split_once('#') {
            Some((name, attribute)) => {
                let binding = lookup(scope, name)?;
                attribute_of(binding.expr.clone(), binding.ty, attribute)?
            }
            None => {
                let binding = lookup(scope, placeholder)?;
                (binding.expr.clone(), binding.ty)
            }
        };
        expect("a template", &[ty], Ty::Str)?;
        format.push_str("{}");
        args.push(expr);
        rest = &after[end + 1..];
    }
    format.push_str(&rest.replace('}', "}}"));
    Ok(match (args.as_slice(), owned) {
        ([], false) => quote!(#text),
        ([], true) => quote!(#text.to_owned()),
        ([only], true) if format == "{}" => quote!(#only.to_owned()),
        ([only], false) if format == "{}" => quote!(#only),
        _ => quote!(format!(#format, #(#args),*)),
    })
}

/// `Endpoint { url, signing_region, signing_name }` from a rule's endpoint.
fn endpoint_value(endpoint: &EndpointTemplate, scope: &Scope) -> Result<TokenStream, Error> {
    if !endpoint.headers.is_empty() {
        return Err(Error::unsupported("endpoint rules", "endpoints with headers"));
    }
    let url = string_value(&endpoint.url, scope)?;
    let mut signing_region = quote!(None);
    let mut signing_name = quote!(None);
    for (key, value) in &endpoint.properties {
        if key != "authSchemes" {
            return Err(Error::unsupported("endpoint rules", format!("the endpoint property `{key}`")));
        }
        let scheme = value
            .as_array()
            .and_then(|a| a.first())
            .ok_or_else(|| Error::model("endpoint rules", "empty authSchemes"))?;
        if scheme.get("name").and_then(Value::as_str) != Some("sigv4") {
            return Err(Error::unsupported("endpoint rules", format!("the auth scheme {scheme}")));
        }
        if let Some(region) = scheme.get("signingRegion") {
            let region = string_value(region, scope)?;
            signing_region = quote!(Some(#region));
        }
        if let Some(name) = scheme.get("signingName") {
            let name = string_value(name, scope)?;
            signing_name = quote!(Some(#name));
        }
    }
    Ok(quote!(Endpoint { url: #url, signing_region: #signing_region, signing_name: #signing_name }))
}

/// `static PARTITIONS: &[Partition]`, from `partitions.json`.
fn partition_table(partitions: &Partitions) -> Result<TokenStream, Error> {
    let mut entries = Vec::new();
    for partition in &partitions.partitions {
        entries.push(partition_entry(partition)?);
    }
    let version = format!(" The partitions of `partitions.json` version {}.", partitions.version);
    Ok(quote! {
        #[doc = #version]
        static PARTITIONS: &[::sts_runtime::endpoint_rules::Partition] = &[#(#entries),*];
    })
}

fn partition_entry(p: &PartitionDef) -> Result<TokenStream, Error> {
    let o = &p.outputs;
    let (name, dns, dual, global, fips, dual_ok) = (
        &o.name,
        &o.dns_suffix,
        &o.dual_stack_dns_suffix,
        &o.implicit_global_region,
        o.supports_fips,
        o.supports_dual_stack,
    );
    let regions = p.regions.keys();
    let pattern = region_pattern(&p.region_regex)?;
    Ok(quote! {
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
    })
}

/// Compiles a region regex (`^(us|eu)\-\w+\-\d+$`) into `RegionPart`s.
fn region_pattern(regex: &str) -> Result<Vec<TokenStream>, Error> {
    let unsupported = || Error::unsupported("partitions.json", format!("the region regex {regex:?}"));
    let body = regex.strip_prefix('^').and_then(|r| r.strip_suffix('$')).ok_or_else(unsupported)?;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = body.chars().peekable();
    let flush = |literal: &mut String, parts: &mut Vec<TokenStream>| {
        if !literal.is_empty() {
            let text = std::mem::take(literal);
            parts.push(quote!(::sts_runtime::endpoint_rules::RegionPart::Literal(#text)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match (chars.next(), chars.peek()) {
                (Some('w'), Some('+')) => {
                    chars.next();
                    flush(&mut literal, &mut parts);
                    parts.push(quote!(::sts_runtime::endpoint_rules::RegionPart::Word));
                }
                (Some('d'), Some('+')) => {
                    chars.next();
                    flush(&mut literal, &mut parts);
                    parts.push(quote!(::sts_runtime::endpoint_rules::RegionPart::Digits));
                }
                (Some(escaped), _) if escaped.is_ascii_punctuation() => literal.push(escaped),
                _ => return Err(unsupported()),
            },
            '(' => {
                let group: String = chars.by_ref().take_while(|&c| c != ')').collect();
                if group.is_empty() || !group.chars().all(|c| c.is_ascii_alphanumeric() || c == '|' || c == '-') {
                    return Err(unsupported());
                }
                flush(&mut literal, &mut parts);
                let options = group.split('|');
                parts.push(quote!(::sts_runtime::endpoint_rules::RegionPart::OneOf(&[#(#options),*])));
            }
            c if c.is_ascii_alphanumeric() || c == '-' => literal.push(c),
            _ => return Err(unsupported()),
        }
    }
    flush(&mut literal, &mut parts);
    Ok(parts)
}

//! Lowering the endpoint rule set: its parameters bound to the client settings that give
//! them, and its rules typed ([`EndpointRule`]): every name resolved to a parameter or to a
//! value an earlier condition bound, every function checked against the types it takes and
//! what it gives. A function, attribute or construct the rules language has and this
//! generator does not stops generation, naming it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::docs::to_markdown;
use crate::ir::{
    EndpointFlag, EndpointParam, EndpointParamKind, EndpointRule, FlagVariable, ParamSource, Partition, Partitions,
    RegionPart, RuleCondition, RuleExpr, RuleOutcome, TemplatePart,
};
use crate::names::snake_name;
use crate::rules::{self, Condition, EndpointTemplate, Rule, RuleSet};
use crate::{Error, customizations};

/// The endpoint rule set's parameters, each bound to the client setting that gives it:
/// region, FIPS, dual-stack and endpoint URL, or a service's own boolean built-in, which
/// becomes an endpoint flag (with its variable, if [`customizations`] names one). Older
/// rule sets capitalise the types (SimpleDB's `String`, `Boolean`).
pub fn endpoint_params(rules: &RuleSet) -> Result<Vec<EndpointParam>, Error> {
    rules
        .parameters
        .iter()
        .map(|(name, param)| {
            let context = format!("endpoint parameter {name}");
            let kind = match (param.kind.to_ascii_lowercase().as_str(), &param.default) {
                ("string", None) if !param.required => EndpointParamKind::OptionalString,
                ("boolean", Some(Value::Bool(default))) => EndpointParamKind::Bool { default: *default },
                (kind, _) => {
                    return Err(Error::unsupported(
                        &context,
                        format!("a `{kind}` parameter (required: {}, default: {:?})", param.required, param.default),
                    ));
                }
            };
            let field = snake_name(name);
            let source = match (param.built_in.as_deref(), kind) {
                (Some("AWS::Region"), EndpointParamKind::OptionalString) => ParamSource::Region,
                (Some("SDK::Endpoint"), EndpointParamKind::OptionalString) => ParamSource::EndpointUrl,
                (Some("AWS::UseFIPS"), EndpointParamKind::Bool { .. }) => ParamSource::UseFips,
                (Some("AWS::UseDualStack"), EndpointParamKind::Bool { .. }) => ParamSource::UseDualStack,
                (Some(built_in), EndpointParamKind::Bool { .. }) if built_in.starts_with("AWS::") => {
                    ParamSource::Flag(EndpointFlag {
                        const_name: field.to_ascii_uppercase(),
                        built_in: built_in.to_owned(),
                        variable: customizations::endpoint_flag_variable(built_in).map(|(name, on, off)| {
                            FlagVariable { name: name.to_owned(), on: on.to_owned(), off: off.to_owned() }
                        }),
                    })
                }
                (other, _) => return Err(Error::unsupported(&context, format!("built-in {other:?} of type {kind:?}"))),
            };
            let docs = param.documentation.as_deref().map(to_markdown).unwrap_or_default();
            Ok(EndpointParam { wire_name: name.clone(), field, docs, kind, source })
        })
        .collect()
}

/// The rule set's rules, typed against its lowered `params`.
pub fn endpoint_rules(rules: &RuleSet, params: &[EndpointParam]) -> Result<Vec<EndpointRule>, Error> {
    let mut scope = Scope::new();
    for param in params {
        let ty = match param.kind {
            EndpointParamKind::OptionalString => Ty::OptStr,
            EndpointParamKind::Bool { .. } => Ty::Bool,
        };
        scope.insert(param.wire_name.clone(), Binding { expr: RuleExpr::Param(param.field.clone()), ty });
    }
    rule_list(&rules.rules, &scope)
}

/// The type of a value in the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    /// A string parameter that may be unset.
    OptStr,
    Bool,
    Partition,
    /// The result of `aws.partition`, before it is bound.
    OptPartition,
    Url,
    /// The result of `parseURL`, before it is bound.
    OptUrl,
}

/// What a name refers to at some point of the rules.
#[derive(Debug, Clone)]
struct Binding {
    expr: RuleExpr,
    ty: Ty,
}

type Scope = BTreeMap<String, Binding>;

fn unsupported(what: impl Into<String>) -> Error {
    Error::unsupported("endpoint rules", what.into())
}

fn rule_list(rules: &[Rule], scope: &Scope) -> Result<Vec<EndpointRule>, Error> {
    rules.iter().map(|rule| lower_rule(rule, scope)).collect()
}

fn lower_rule(rule: &Rule, scope: &Scope) -> Result<EndpointRule, Error> {
    let mut scope = scope.clone();
    let mut conditions = Vec::new();
    for condition in &rule.conditions {
        conditions.extend(lower_condition(condition, &mut scope)?);
    }
    let outcome = match rule.kind.as_str() {
        "endpoint" => {
            let endpoint = rule.endpoint.as_ref().ok_or_else(|| Error::model("endpoint rule", "has no `endpoint`"))?;
            endpoint_outcome(endpoint, &scope)?
        }
        "error" => {
            let message = rule.error.as_ref().ok_or_else(|| Error::model("error rule", "has no `error`"))?;
            RuleOutcome::Error(string_value(message, &scope)?)
        }
        "tree" => RuleOutcome::Tree(rule_list(&rule.rules, &scope)?),
        other => return Err(unsupported(format!("rule type `{other}`"))),
    };
    mark_used(&mut conditions, &outcome);
    Ok(EndpointRule { conditions, outcome })
}

/// Marks each binding that a later condition or the outcome reads.
fn mark_used(conditions: &mut [RuleCondition], outcome: &RuleOutcome) {
    for i in 0..conditions.len() {
        let (done, later) = conditions.split_at_mut(i + 1);
        if let RuleCondition::Bind { var, used, .. } = &mut done[i] {
            *used = later.iter().any(|c| condition_uses(c, var)) || outcome_uses(outcome, var);
        }
    }
}

fn condition_uses(condition: &RuleCondition, var: &str) -> bool {
    match condition {
        RuleCondition::Test(e) | RuleCondition::Bind { value: e, .. } => e.uses(var),
    }
}

fn outcome_uses(outcome: &RuleOutcome, var: &str) -> bool {
    match outcome {
        RuleOutcome::Endpoint { url, signing_region, signing_name } => {
            url.uses(var) || [signing_region, signing_name].into_iter().flatten().any(|e| e.uses(var))
        }
        RuleOutcome::Error(message) => message.uses(var),
        RuleOutcome::Tree(rules) => rules
            .iter()
            .any(|rule| rule.conditions.iter().any(|c| condition_uses(c, var)) || outcome_uses(&rule.outcome, var)),
    }
}

/// The conditions one rule condition becomes (none when it always holds), updating
/// `scope` with what it binds.
fn lower_condition(condition: &Condition, scope: &mut Scope) -> Result<Vec<RuleCondition>, Error> {
    let argv = &condition.argv;
    // `aws.partition(Region)` on a region never checked with `isSet` (the legacy rules of
    // SimpleDB and Import/Export): it only holds when the region is set, so it binds the
    // region first, and the rules inside it may use `{Region}` as a string.
    if condition.function == "aws.partition"
        && let Ok(name) = reference(argv.first())
        && scope.get(name).is_some_and(|b| b.ty == Ty::OptStr)
    {
        let is_set = Condition { function: "isSet".to_owned(), argv: argv.clone(), assign: None };
        let mut conditions = lower_condition(&is_set, scope)?;
        conditions.extend(lower_condition(condition, scope)?);
        return Ok(conditions);
    }
    // `isSet(ref)` on an optional string binds the value under the parameter's own name;
    // on anything else (a boolean with a default) it always holds.
    if condition.function == "isSet" {
        let name = reference(argv.first())?;
        let binding = lookup(scope, name)?.clone();
        if binding.ty != Ty::OptStr {
            return Ok(Vec::new());
        }
        let var = snake_name(name);
        scope.insert(name.to_owned(), Binding { expr: RuleExpr::Bound(var.clone()), ty: Ty::Str });
        return Ok(vec![RuleCondition::Bind { var, value: binding.expr, used: true }]);
    }
    let (expr, ty) = call(&condition.function, argv, scope)?;
    match (ty, &condition.assign) {
        (Ty::Bool, None) => Ok(vec![RuleCondition::Test(expr)]),
        (Ty::OptPartition | Ty::OptUrl, Some(name)) => {
            let var = snake_name(name);
            let bound = if ty == Ty::OptUrl { Ty::Url } else { Ty::Partition };
            scope.insert(name.clone(), Binding { expr: RuleExpr::Bound(var.clone()), ty: bound });
            Ok(vec![RuleCondition::Bind { var, value: expr, used: true }])
        }
        (ty, assign) => {
            Err(unsupported(format!("the condition `{}` giving {ty:?} with assign {assign:?}", condition.function)))
        }
    }
}

fn reference(arg: Option<&Value>) -> Result<&str, Error> {
    arg.and_then(|a| a.get("ref"))
        .and_then(Value::as_str)
        .ok_or_else(|| unsupported("isSet on something other than a reference"))
}

fn lookup<'s>(scope: &'s Scope, name: &str) -> Result<&'s Binding, Error> {
    scope.get(name).ok_or_else(|| Error::model("endpoint rules", format!("use `{name}`, which is not defined here")))
}

/// A function call and its type.
fn call(function: &str, argv: &[Value], scope: &Scope) -> Result<(RuleExpr, Ty), Error> {
    let arg = |i: usize| -> Result<(RuleExpr, Ty), Error> {
        let value =
            argv.get(i).ok_or_else(|| Error::model("endpoint rules", format!("`{function}` lacks argument {i}")))?;
        expression(value, scope)
    };
    let boxed = Box::new;
    match function {
        "booleanEquals" => {
            let ((a, ta), (b, tb)) = (arg(0)?, arg(1)?);
            expect(function, &[ta, tb], Ty::Bool)?;
            // `x == true` is `x`, `x == false` is `!x`, either way round.
            let expr = match (a, b) {
                (RuleExpr::Bool(true), x) | (x, RuleExpr::Bool(true)) => x,
                (RuleExpr::Bool(false), x) | (x, RuleExpr::Bool(false)) => RuleExpr::Not(boxed(x)),
                (a, b) => RuleExpr::Equals(boxed(a), boxed(b)),
            };
            Ok((expr, Ty::Bool))
        }
        "stringEquals" => {
            let ((a, ta), (b, tb)) = (arg(0)?, arg(1)?);
            expect(function, &[ta, tb], Ty::Str)?;
            Ok((RuleExpr::Equals(boxed(a), boxed(b)), Ty::Bool))
        }
        "not" => {
            let inner = argv.first().ok_or_else(|| Error::model("endpoint rules", "`not` without argument"))?;
            if inner.get("fn").and_then(Value::as_str) == Some("isSet") {
                let inner_argv = inner.get("argv").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let binding = lookup(scope, reference(inner_argv.first())?)?;
                return Ok(match binding.ty {
                    Ty::OptStr => (RuleExpr::IsNone(boxed(binding.expr.clone())), Ty::Bool),
                    _ => (RuleExpr::Bool(false), Ty::Bool),
                });
            }
            let (a, ta) = arg(0)?;
            expect(function, &[ta], Ty::Bool)?;
            Ok((RuleExpr::Not(boxed(a)), Ty::Bool))
        }
        "aws.partition" => {
            let (region, ty) = arg(0)?;
            expect(function, &[ty], Ty::Str)?;
            Ok((RuleExpr::Partition(boxed(region)), Ty::OptPartition))
        }
        "parseURL" => {
            let (url, ty) = arg(0)?;
            expect(function, &[ty], Ty::Str)?;
            Ok((RuleExpr::ParseUrl(boxed(url)), Ty::OptUrl))
        }
        "getAttr" => {
            let (target, ty) = arg(0)?;
            let attribute = argv.get(1).and_then(Value::as_str).unwrap_or_default();
            attribute_of(target, ty, attribute)
        }
        other => Err(unsupported(format!("the function `{other}`"))),
    }
}

fn expect(function: &str, types: &[Ty], wanted: Ty) -> Result<(), Error> {
    match types.iter().find(|t| **t != wanted) {
        Some(t) => Err(unsupported(format!("`{function}` on a {t:?} (expected {wanted:?})"))),
        None => Ok(()),
    }
}

/// `getAttr` (or `{Name#attribute}` in a template) on a partition or a parsed URL.
fn attribute_of(target: RuleExpr, ty: Ty, attribute: &str) -> Result<(RuleExpr, Ty), Error> {
    let (field, ty) = match (ty, attribute) {
        (Ty::Url, "scheme") => ("scheme", Ty::Str),
        (Ty::Url, "authority") => ("authority", Ty::Str),
        (Ty::Url, "path") => ("path", Ty::Str),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
        (Ty::Partition, "name") => ("name", Ty::Str),
        (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str),
        (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
        (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
        (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool),
        (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool),
        (ty, attribute) => return Err(unsupported(format!("the attribute `{attribute}` of a {ty:?}"))),
    };
    Ok((RuleExpr::Field(Box::new(target), field.to_owned()), ty))
}

/// Any argument: a literal, a reference, a template string or a nested call.
fn expression(value: &Value, scope: &Scope) -> Result<(RuleExpr, Ty), Error> {
    match value {
        Value::Bool(b) => Ok((RuleExpr::Bool(*b), Ty::Bool)),
        Value::String(text) => Ok((template(text, scope)?, Ty::Str)),
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
        other => Err(unsupported(format!("the argument {other}"))),
    }
}

/// A string-valued expression: a template, or any expression of type string.
fn string_value(value: &Value, scope: &Scope) -> Result<RuleExpr, Error> {
    let (expr, ty) = expression(value, scope)?;
    expect("a string value", &[ty], Ty::Str)?;
    Ok(expr)
}

/// A template string (`https://sts.{Region}.{PartitionResult#dnsSuffix}`); one without
/// placeholders is a template of one text part.
fn template(text: &str, scope: &Scope) -> Result<RuleExpr, Error> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            parts.push(TemplatePart::Text(rest[..start].to_owned()));
        }
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
        parts.push(TemplatePart::Value(expr));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Text(rest.to_owned()));
    }
    Ok(RuleExpr::Template(parts))
}

/// A rule's endpoint: its URL and, from a SigV4 auth scheme, the signing region and name.
fn endpoint_outcome(endpoint: &EndpointTemplate, scope: &Scope) -> Result<RuleOutcome, Error> {
    if !endpoint.headers.is_empty() {
        return Err(unsupported("endpoints with headers"));
    }
    let url = string_value(&endpoint.url, scope)?;
    let (mut signing_region, mut signing_name) = (None, None);
    for (key, value) in &endpoint.properties {
        if key != "authSchemes" {
            return Err(unsupported(format!("the endpoint property `{key}`")));
        }
        let scheme = value
            .as_array()
            .and_then(|a| a.first())
            .ok_or_else(|| Error::model("endpoint rules", "empty authSchemes"))?;
        if scheme.get("name").and_then(Value::as_str) != Some("sigv4") {
            return Err(unsupported(format!("the auth scheme {scheme}")));
        }
        if let Some(region) = scheme.get("signingRegion") {
            signing_region = Some(string_value(region, scope)?);
        }
        if let Some(name) = scheme.get("signingName") {
            signing_name = Some(string_value(name, scope)?);
        }
    }
    Ok(RuleOutcome::Endpoint { url, signing_region, signing_name })
}

/// The partition table of `partitions.json`, each region regex compiled into parts.
pub fn partitions(partitions: &rules::Partitions) -> Result<Partitions, Error> {
    let list = partitions
        .partitions
        .iter()
        .map(|p| {
            let o = &p.outputs;
            Ok(Partition {
                name: o.name.clone(),
                dns_suffix: o.dns_suffix.clone(),
                dual_stack_dns_suffix: o.dual_stack_dns_suffix.clone(),
                implicit_global_region: o.implicit_global_region.clone(),
                supports_fips: o.supports_fips,
                supports_dual_stack: o.supports_dual_stack,
                regions: p.regions.keys().cloned().collect(),
                region_pattern: region_pattern(&p.region_regex)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(Partitions { version: partitions.version.clone(), partitions: list })
}

/// Compiles a region regex (`^(us|eu)\-\w+\-\d+$`) into [`RegionPart`]s: literals, `\w+`,
/// `\d+` and groups of alternatives; anything else stops generation.
fn region_pattern(regex: &str) -> Result<Vec<RegionPart>, Error> {
    let unsupported = || Error::unsupported("partitions.json", format!("the region regex {regex:?}"));
    let body = regex.strip_prefix('^').and_then(|r| r.strip_suffix('$')).ok_or_else(unsupported)?;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = body.chars().peekable();
    let flush = |literal: &mut String, parts: &mut Vec<RegionPart>| {
        if !literal.is_empty() {
            parts.push(RegionPart::Literal(std::mem::take(literal)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match (chars.next(), chars.peek()) {
                (Some('w'), Some('+')) => {
                    chars.next();
                    flush(&mut literal, &mut parts);
                    parts.push(RegionPart::Word);
                }
                (Some('d'), Some('+')) => {
                    chars.next();
                    flush(&mut literal, &mut parts);
                    parts.push(RegionPart::Digits);
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
                parts.push(RegionPart::OneOf(group.split('|').map(str::to_owned).collect()));
            }
            c if c.is_ascii_alphanumeric() || c == '-' => literal.push(c),
            _ => return Err(unsupported()),
        }
    }
    flush(&mut literal, &mut parts);
    Ok(parts)
}

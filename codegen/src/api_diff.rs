//! What a model update changes for users, in the generated crate's Rust names.
//!
//! [`diff`] lowers both models (so every name is the one the emitters print) and compares
//! operations, their inputs, outputs and errors, the shared types, the modeled errors and
//! the string enums. A change is breaking when code written against the old crate can stop
//! compiling or start failing: something removed, a type changed, a member that became
//! required (or optional: its field's type changes), or a tighter constraint on a value
//! that is checked before sending. Additions are not breaking: structures, error enums and
//! string enums are all `#[non_exhaustive]`.

use std::collections::BTreeMap;
use std::fmt;

use crate::Error;
use crate::botocore::ServiceModel;
use crate::ir::{Constraints, Enum, Member, Operation, Role, Service, Structure, Type};
use crate::lower::lower;

/// The changes between two versions of a service model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// Changes that can break code written against the old crate.
    pub breaking: Vec<String>,
    /// Additions and other changes users may want to know about.
    pub other: Vec<String>,
    /// How many items (operations, structures, members, errors) had their docs changed.
    pub docs_changed: usize,
}

impl ApiDiff {
    /// Whether the two models give the same API (docs aside).
    pub fn is_empty(&self) -> bool {
        self.breaking.is_empty() && self.other.is_empty()
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() && self.docs_changed == 0 {
            return writeln!(f, "No API changes.");
        }
        writeln!(f, "Breaking changes ({}):", self.breaking.len())?;
        if self.breaking.is_empty() {
            writeln!(f, "- none")?;
        }
        for line in &self.breaking {
            writeln!(f, "- {line}")?;
        }
        writeln!(f, "\nAdditions and other changes ({}):", self.other.len())?;
        if self.other.is_empty() {
            writeln!(f, "- none")?;
        }
        for line in &self.other {
            writeln!(f, "- {line}")?;
        }
        if self.docs_changed > 0 {
            writeln!(f, "\nDocumentation changed on {} items.", self.docs_changed)?;
        }
        Ok(())
    }
}

/// Compares two `service-2.json` texts.
pub fn diff(old_model: &str, new_model: &str) -> Result<ApiDiff, Error> {
    let old = lower(&ServiceModel::from_json(old_model).map_err(Error::Parse)?, "crate")?;
    let new = lower(&ServiceModel::from_json(new_model).map_err(Error::Parse)?, "crate")?;
    let mut out = ApiDiff::default();
    operations(&old, &new, &mut out);
    let old_types = structures(&old);
    let new_types = structures(&new);
    compare_keyed(&old_types, &new_types, &mut out, "type", structure);
    let old_enums: BTreeMap<&str, &Enum> = old.enums.iter().map(|e| (e.shape_name.as_str(), e)).collect();
    let new_enums: BTreeMap<&str, &Enum> = new.enums.iter().map(|e| (e.shape_name.as_str(), e)).collect();
    compare_keyed(&old_enums, &new_enums, &mut out, "enum", enumeration);
    Ok(out)
}

/// Something that appears in the crate under a Rust name.
trait Named {
    fn rust_name(&self) -> String;
}

impl Named for &Structure {
    fn rust_name(&self) -> String {
        match self.role {
            Role::Error => format!("types::error::{}", self.type_name),
            Role::Shared => format!("types::{}", self.type_name),
            Role::Input | Role::Output => self.type_name.clone(),
        }
    }
}

impl Named for &Enum {
    fn rust_name(&self) -> String {
        format!("types::{}", self.type_name)
    }
}

/// Calls `same` for the items in both maps; lists the items only one has.
fn compare_keyed<T: Named + Copy>(
    old: &BTreeMap<&str, T>,
    new: &BTreeMap<&str, T>,
    out: &mut ApiDiff,
    kind: &str,
    same: fn(T, T, &mut ApiDiff),
) {
    for (key, item) in old {
        match new.get(key) {
            Some(other) => same(*item, *other, out),
            None => out.breaking.push(format!("removed {kind} `{}`", item.rust_name())),
        }
    }
    for (key, item) in new {
        if !old.contains_key(key) {
            out.other.push(format!("added {kind} `{}`", item.rust_name()));
        }
    }
}

/// The shared types and modeled errors, by shape name.
fn structures(service: &Service) -> BTreeMap<&str, &Structure> {
    service
        .shared_types
        .iter()
        .chain(service.errors.iter().map(|e| &e.structure))
        .map(|s| (s.shape_name.as_str(), s))
        .collect()
}

fn operations(old: &Service, new: &Service, out: &mut ApiDiff) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.wire_name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.wire_name.as_str(), o)).collect();
    for (name, op) in &old_ops {
        let Some(new_op) = new_ops.get(name) else {
            out.breaking.push(format!("removed operation {name}: `Client::{}`", op.module));
            continue;
        };
        if op.docs != new_op.docs {
            out.docs_changed += 1;
        }
        if op.deprecated != new_op.deprecated {
            out.other.push(deprecation(&format!("operation {name}"), new_op.deprecated.as_deref()));
        }
        if op.signed != new_op.signed {
            let now = if new_op.signed { "now signed with SigV4" } else { "no longer signed" };
            out.other.push(format!("operation {name}: {now}"));
        }
        structure(&op.input, &new_op.input, out);
        structure(&op.output, &new_op.output, out);
        for error in &op.errors {
            if !new_op.errors.iter().any(|e| e.code == error.code) {
                out.breaking.push(format!(
                    "`{}::{}` (code `{}`) removed: {name} no longer lists it",
                    op.error_type, error.type_name, error.code
                ));
            }
        }
        for error in &new_op.errors {
            if !op.errors.iter().any(|e| e.code == error.code) {
                out.other
                    .push(format!("added error `{}::{}` (code `{}`)", new_op.error_type, error.type_name, error.code));
            }
        }
    }
    for (name, op) in &new_ops {
        if !old_ops.contains_key(name) {
            out.other.push(format!(
                "added operation {name}: `Client::{}` (`{}Input` -> `{}Output`, errors `{}`)",
                op.module, op.type_name, op.type_name, op.error_type
            ));
        }
    }
}

/// Member changes of a structure present in both models.
fn structure(old: &Structure, new: &Structure, out: &mut ApiDiff) {
    let owner = &new.type_name;
    if old.docs != new.docs {
        out.docs_changed += 1;
    }
    for m in &old.members {
        match new.members.iter().find(|n| n.wire_name == m.wire_name) {
            Some(n) => member(owner, new.serialized, m, n, out),
            None => out.breaking.push(format!("removed member `{owner}::{}` ({})", m.field, m.wire_name)),
        }
    }
    for n in &new.members {
        if old.members.iter().any(|m| m.wire_name == n.wire_name) {
            continue;
        }
        let sensitive = if n.sensitive { ", sensitive" } else { "" };
        let what = format!("`{owner}::{}` ({}): `{}`{sensitive}", n.field, n.wire_name, type_name(&n.ty));
        if n.required && new.serialized {
            out.breaking.push(format!("added required member {what}: `build()` fails until it is set"));
        } else if n.required {
            out.other.push(format!("added member {what} (required)"));
        } else {
            out.other.push(format!("added member {what}"));
        }
    }
}

fn member(owner: &str, sent: bool, old: &Member, new: &Member, out: &mut ApiDiff) {
    let name = format!("`{owner}::{}`", new.field);
    if old.docs != new.docs {
        out.docs_changed += 1;
    }
    let (old_ty, new_ty) = (type_name(&old.ty), type_name(&new.ty));
    if old_ty != new_ty {
        out.breaking.push(format!("{name} changed type from `{old_ty}` to `{new_ty}`"));
    }
    match (old.required, new.required) {
        (false, true) => out.breaking.push(format!("{name} became required (its field is no longer an `Option`)")),
        (true, false) => out.breaking.push(format!("{name} became optional (its field is now an `Option`)")),
        _ => {}
    }
    if old.sensitive != new.sensitive {
        let now =
            if new.sensitive { "now sensitive: `Debug` hides it" } else { "no longer sensitive: `Debug` shows it" };
        out.other.push(format!("{name} is {now}"));
    }
    if old.deprecated != new.deprecated {
        out.other.push(deprecation(&name, new.deprecated.as_deref()));
    }
    constraints(&name, sent, &new.ty, &old.constraints, &new.constraints, out);
    if let (Type::List(old_list), Type::List(new_list)) = (&old.ty, &new.ty) {
        let entries = format!("each entry of {name}");
        constraints(
            &entries,
            sent,
            &new_list.element,
            &old_list.element_constraints,
            &new_list.element_constraints,
            out,
        );
    }
}

fn deprecation(what: &str, note: Option<&str>) -> String {
    match note {
        Some("") => format!("{what} is now deprecated"),
        Some(note) => format!("{what} is now deprecated: {note}"),
        None => format!("{what} is no longer deprecated"),
    }
}

/// Reports changed limits; tighter limits on a value checked before sending are breaking.
fn constraints(name: &str, sent: bool, ty: &Type, old: &Constraints, new: &Constraints, out: &mut ApiDiff) {
    let unit = match ty {
        Type::Integer | Type::Long | Type::Float | Type::Double => "value",
        Type::List(_) | Type::Map(_) => "entries",
        _ => "length",
    };
    let mut tighter = Vec::new();
    let mut looser = Vec::new();
    let bound = |v: Option<i64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
    if old.min != new.min {
        let line = format!("minimum {unit} {} -> {}", bound(old.min), bound(new.min));
        if new.min.is_some_and(|n| old.min.is_none_or(|o| n > o)) { tighter.push(line) } else { looser.push(line) }
    }
    if old.max != new.max {
        let line = format!("maximum {unit} {} -> {}", bound(old.max), bound(new.max));
        if new.max.is_some_and(|n| old.max.is_none_or(|o| n < o)) { tighter.push(line) } else { looser.push(line) }
    }
    let source = |p: &Option<crate::ir::Pattern>| p.as_ref().map(|p| p.source.clone());
    let (old_pattern, new_pattern) = (source(&old.pattern), source(&new.pattern));
    if old_pattern != new_pattern {
        let show = |p: &Option<String>| p.as_ref().map_or_else(|| "none".to_owned(), |p| format!("`{p}`"));
        let line = format!("pattern {} -> {}", show(&old_pattern), show(&new_pattern));
        // A pattern this generator cannot check exactly is never enforced.
        let checked = new.pattern.as_ref().is_some_and(|p| p.class.is_some());
        if checked { tighter.push(line) } else { looser.push(line) }
    }
    if !tighter.is_empty() && sent {
        out.breaking.push(format!(
            "{name}: {} (values that passed the check before may now be refused before sending)",
            tighter.join(", ")
        ));
    } else {
        looser.extend(tighter);
    }
    if !looser.is_empty() {
        out.other.push(format!("{name}: {}", looser.join(", ")));
    }
}

fn enumeration(old: &Enum, new: &Enum, out: &mut ApiDiff) {
    if old.docs != new.docs {
        out.docs_changed += 1;
    }
    for v in &old.variants {
        if !new.variants.iter().any(|n| n.wire_value == v.wire_value) {
            out.breaking.push(format!("removed `{}::{}` (`{}`)", old.type_name, v.name, v.wire_value));
        }
    }
    for v in &new.variants {
        if !old.variants.iter().any(|o| o.wire_value == v.wire_value) {
            out.other.push(format!("added `{}::{}` (`{}`)", new.type_name, v.name, v.wire_value));
        }
    }
}

/// The Rust type of a value, as users write it.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Integer => "i32".to_owned(),
        Type::Long => "i64".to_owned(),
        Type::Float => "f32".to_owned(),
        Type::Double => "f64".to_owned(),
        Type::Timestamp(_) => "DateTime".to_owned(),
        Type::Blob => "Vec<u8>".to_owned(),
        Type::Enum(named) | Type::Structure(named) => named.path.name().to_owned(),
        Type::List(list) => format!("Vec<{}>", type_name(&list.element)),
        Type::Map(map) => format!("BTreeMap<{}, {}>", type_name(&map.key), type_name(&map.value)),
    }
}

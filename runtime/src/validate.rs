//! Client-side validation against the model's constraints, before anything is sent.
//!
//! Generated code calls a [`Validator`] once per constrained member; every broken rule is
//! collected (not only the first), each with the member's path (`Tags[3].Key`, indexes
//! from 0) and the rule. Messages never include a member's value, only its length or the
//! rule, so sensitive values cannot leak through them.

use std::fmt;

/// Collects the violations of one input, as generated input builders check themselves.
/// For generated code: users meet the [`ValidationError`] it finishes with.
#[derive(Debug, Default)]
pub struct Validator {
    violations: Vec<Violation>,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The member, as the model names it: `RoleSessionName`, `Tags[3].Key`.
    pub path: String,
    pub rule: Rule,
}

/// What rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// A required member is not set.
    Required,
    /// A string's length in characters (or a blob's in bytes) is out of bounds.
    Length { min: Option<u64>, max: Option<u64>, actual: usize },
    /// A number is out of bounds.
    Range { min: Option<i64>, max: Option<i64>, actual: i64 },
    /// A list has too few or too many items.
    Count { min: Option<u64>, max: Option<u64>, actual: usize },
    /// A string has a character the pattern does not allow (or is empty where the pattern
    /// needs one).
    Pattern { pattern: &'static str },
}

fn bounds(f: &mut fmt::Formatter<'_>, min: Option<impl fmt::Display>, max: Option<impl fmt::Display>) -> fmt::Result {
    match (min, max) {
        (Some(min), Some(max)) => write!(f, "{min} to {max}"),
        (Some(min), None) => write!(f, "at least {min}"),
        (None, Some(max)) => write!(f, "at most {max}"),
        (None, None) => f.write_str("any number of"),
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ", self.path)?;
        match &self.rule {
            Rule::Required => f.write_str("is required"),
            Rule::Length { min, max, actual } => {
                f.write_str("must be ")?;
                bounds(f, *min, *max)?;
                write!(f, " characters long, not {actual}")
            }
            Rule::Range { min, max, actual } => {
                f.write_str("must be ")?;
                match (min, max) {
                    (Some(min), Some(max)) => write!(f, "from {min} to {max}")?,
                    (Some(min), None) => write!(f, "at least {min}")?,
                    (None, Some(max)) => write!(f, "at most {max}")?,
                    (None, None) => f.write_str("a number")?,
                }
                write!(f, ", not {actual}")
            }
            Rule::Count { min, max, actual } => {
                f.write_str("must have ")?;
                bounds(f, *min, *max)?;
                write!(f, " items, not {actual}")
            }
            Rule::Pattern { pattern } => write!(f, "must match the pattern {pattern}"),
        }
    }
}

/// An input broke the model's constraints; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    type_name: &'static str,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The input type (`AssumeRoleInput`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Every broken rule, in member order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is invalid: ", self.type_name)?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            violation.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

impl Validator {
    fn push(&mut self, path: impl fmt::Display, rule: Rule) {
        self.violations.push(Violation { path: path.to_string(), rule });
    }

    /// A required member is not set.
    pub fn required(&mut self, path: impl fmt::Display) {
        self.push(path, Rule::Required);
    }

    /// Checks a string's length in characters (Unicode scalar values).
    pub fn length(&mut self, path: impl fmt::Display, value: &str, min: Option<u64>, max: Option<u64>) {
        let actual = value.chars().count();
        if out_of(actual as u64, min, max) {
            self.push(path, Rule::Length { min, max, actual });
        }
    }

    /// Checks a blob's length in bytes.
    pub fn byte_length(&mut self, path: impl fmt::Display, value: &[u8], min: Option<u64>, max: Option<u64>) {
        if out_of(value.len() as u64, min, max) {
            self.push(path, Rule::Length { min, max, actual: value.len() });
        }
    }

    /// Checks a number's range.
    pub fn range(&mut self, path: impl fmt::Display, value: i64, min: Option<i64>, max: Option<i64>) {
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            self.push(path, Rule::Range { min, max, actual: value });
        }
    }

    /// Checks a list's number of items.
    pub fn count(&mut self, path: impl fmt::Display, actual: usize, min: Option<u64>, max: Option<u64>) {
        if out_of(actual as u64, min, max) {
            self.push(path, Rule::Count { min, max, actual });
        }
    }

    /// Checks a string against a pattern that is one character class, repeated: every
    /// character must be in one of the inclusive ranges `ranges` lists as pairs of
    /// characters, lowest and highest (`"09az"` is `[0-9a-z]`), and the string may be empty
    /// only if `allow_empty`.
    pub fn pattern(
        &mut self,
        path: impl fmt::Display,
        value: &str,
        pattern: &'static str,
        allow_empty: bool,
        ranges: &str,
    ) {
        let allowed = |c: char| {
            let mut bounds = ranges.chars();
            while let (Some(lo), Some(hi)) = (bounds.next(), bounds.next()) {
                if (lo..=hi).contains(&c) {
                    return true;
                }
            }
            false
        };
        if (value.is_empty() && !allow_empty) || !value.chars().all(allowed) {
            self.push(path, Rule::Pattern { pattern });
        }
    }

    /// `Ok` if nothing was broken, else every violation.
    pub fn finish(self, type_name: &'static str) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { type_name, violations: self.violations })
        }
    }
}

fn out_of(actual: u64, min: Option<u64>, max: Option<u64>) -> bool {
    min.is_some_and(|m| actual < m) || max.is_some_and(|m| actual > m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_violation_with_paths_and_rules() {
        let mut v = Validator::default();
        v.required("RoleArn");
        v.length("RoleSessionName", "x", Some(2), Some(64));
        v.length("Ok", "éé", Some(2), Some(2));
        v.range("DurationSeconds", 60, Some(900), Some(43200));
        v.count("Tags", 51, None, Some(50));
        v.pattern(format_args!("Tags[{}].Key", 3), "a b", "[\\w]*", true, "09az");
        v.pattern("TokenCode", "", "[\\d]+", false, "09");
        let err = v.finish("AssumeRoleInput").unwrap_err();
        assert_eq!(err.violations().len(), 6);
        assert_eq!(
            err.to_string(),
            "AssumeRoleInput is invalid: `RoleArn` is required; \
             `RoleSessionName` must be 2 to 64 characters long, not 1; \
             `DurationSeconds` must be from 900 to 43200, not 60; \
             `Tags` must have at most 50 items, not 51; \
             `Tags[3].Key` must match the pattern [\\w]*; \
             `TokenCode` must match the pattern [\\d]+"
        );
    }

    #[test]
    fn boundary_values_pass() {
        let mut v = Validator::default();
        v.length("A", "ab", Some(2), Some(2));
        v.range("B", 900, Some(900), Some(43200));
        v.range("C", 43200, Some(900), Some(43200));
        v.count("D", 50, None, Some(50));
        v.pattern("E", "", "[a]*", true, "aa");
        v.pattern("F", "a0z_", "[\\w]*", true, "09__az");
        assert!(v.finish("X").is_ok());
    }
}

//! Model patterns that can be checked faithfully without a regex engine.
//!
//! Nearly every pattern in AWS models is one character class repeated over the whole value,
//! `[...]*` or `[...]+`, with Java regex escapes. Such a pattern compiles to a set of
//! character ranges. Anything else, and classes whose meaning is not certain (Unicode
//! properties such as `\p{L}`, or botocore's `\u10000`, which Java reads as `\u1000`
//! followed by `0`), is left unchecked: the value is taken as any valid string.

/// A pattern compiled to "every character in one of these ranges".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharClass {
    /// Inclusive ranges, sorted and merged.
    pub ranges: Vec<(char, char)>,
    /// `*` (may be empty) rather than `+`.
    pub allow_empty: bool,
}

/// Compiles `pattern`, or `None` when it cannot be checked faithfully.
pub fn compile(pattern: &str) -> Option<CharClass> {
    let (class, allow_empty) = if let Some(body) = pattern.strip_suffix("]*") {
        (body.strip_prefix('[')?, true)
    } else if let Some(body) = pattern.strip_suffix("]+") {
        (body.strip_prefix('[')?, false)
    } else {
        return None;
    };
    if class.starts_with('^') {
        return None;
    }
    let atoms = atoms(class)?;
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        match (&atoms[i], atoms.get(i + 1), atoms.get(i + 2)) {
            (Atom::Char(lo), Some(Atom::Char('-')), Some(Atom::Char(hi))) if !atoms_is_escaped_dash(&atoms, i + 1) => {
                if lo > hi {
                    return None;
                }
                ranges.push((*lo, *hi));
                i += 3;
            }
            (Atom::Char(c), _, _) | (Atom::Escaped(c), _, _) => {
                ranges.push((*c, *c));
                i += 1;
            }
            (Atom::Set(set), _, _) => {
                ranges.extend_from_slice(set);
                i += 1;
            }
        }
    }
    ranges.sort();
    let mut merged: Vec<(char, char)> = Vec::new();
    for (lo, hi) in ranges {
        match merged.last_mut() {
            Some(last) if u32::from(lo) <= u32::from(last.1) + 1 => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    Some(CharClass { ranges: merged, allow_empty })
}

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    /// A literal character (may be the `-` of a range).
    Char(char),
    /// An escaped character: never a range operator.
    Escaped(char),
    /// `\w`, `\d`, `\s`.
    Set(Vec<(char, char)>),
}

fn atoms_is_escaped_dash(atoms: &[Atom], i: usize) -> bool {
    matches!(atoms.get(i), Some(Atom::Escaped('-')))
}

fn atoms(class: &str) -> Option<Vec<Atom>> {
    let mut out = Vec::new();
    let mut chars = class.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' || c == '&' {
            return None; // nested classes and intersections
        }
        if c != '\\' {
            out.push(Atom::Char(c));
            continue;
        }
        match chars.next()? {
            'w' => out.push(Atom::Set(vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')])),
            'd' => out.push(Atom::Set(vec![('0', '9')])),
            's' => out.push(Atom::Set(vec![('\t', '\r'), (' ', ' ')])),
            'u' => {
                let hex: String = (0..4).map(|_| chars.next()).collect::<Option<_>>()?;
                if chars.peek().is_some_and(char::is_ascii_hexdigit) {
                    return None; // `\u10000`: not what the model's author meant in Java
                }
                out.push(Atom::Char(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?));
            }
            't' => out.push(Atom::Escaped('\t')),
            'n' => out.push(Atom::Escaped('\n')),
            'r' => out.push(Atom::Escaped('\r')),
            c if c.is_ascii_punctuation() => out.push(Atom::Escaped(c)),
            _ => return None, // \p{..}, \W, \S, \D and the like
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_patterns() {
        let session = compile("[\\w+=,.@-]*").expect("checkable");
        assert!(session.allow_empty);
        assert_eq!(session.ranges, vec![('+', '.'), ('0', '9'), ('=', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')]);
        let token = compile("[\\d]*").expect("checkable");
        assert_eq!(token.ranges, vec![('0', '9')]);
        let policy = compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+").expect("checkable");
        assert!(!policy.allow_empty);
        assert_eq!(policy.ranges, vec![('\t', '\n'), ('\r', '\r'), (' ', '\u{ff}')]);
        let external = compile("[\\w+=,.@:\\/-]*").expect("checkable");
        assert_eq!(external.ranges, vec![('+', ':'), ('=', '='), ('@', 'Z'), ('_', '_'), ('a', 'z')]);
    }

    #[test]
    fn uncertain_patterns_are_not_checked() {
        assert_eq!(compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"), None);
        assert_eq!(
            compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+"),
            None
        );
        assert_eq!(compile("^arn:aws:.*$"), None);
        assert_eq!(compile("[^a]*"), None);
    }
}

//! What errors, `Debug` output and logs may show of text that came from outside: the
//! user information of any URL (`user:password@`) is removed, and text echoed from the
//! network is cut to a few hundred characters with a note of how much was left out.

use std::borrow::Cow;
use std::fmt;

/// What `Debug` output and errors show in place of a secret (a secret key, a session
/// token, a signature, a presigned URL's query).
pub const REDACTED: &str = "** redacted **";

/// What a generated type's `Debug` shows in place of a member the model marks sensitive
/// (or that holds a secret by its name), as `aws-sdk-*` types show it.
pub const SENSITIVE: &str = "*** Sensitive Data Redacted ***";

/// How much of a service's error message a `Display` shows.
pub const MESSAGE_CHARS: usize = 512;

/// How much of a code, a fault type, a request id or a header a `Display` shows.
pub const SHORT_CHARS: usize = 128;

/// `text` with the user information of every URL in it replaced by `***`
/// (`http://admin:hunter2@host/` -> `http://***@host/`).
pub fn url_userinfo(text: &str) -> Cow<'_, str> {
    if !text.contains("://") || !text.contains('@') {
        return Cow::Borrowed(text);
    }
    // The user information after each `://`, as byte ranges: from there to the last `@`
    // before the path, query or fragment. Anything else, even a character no URL may
    // hold, counts as part of the authority: better to hide too much than a password.
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    for (at, _) in text.match_indices("://") {
        let start = at + 3;
        let authority = &text[start..];
        let authority = &authority[..authority.find(['/', '?', '#']).unwrap_or(authority.len())];
        if let Some(user_end) = authority.rfind('@') {
            match hidden.last_mut() {
                // Overlapping URLs (`a://b://c@d`): one hidden range.
                Some(last) if start <= last.1 => last.1 = last.1.max(start + user_end),
                _ => hidden.push((start, start + user_end)),
            }
        }
    }
    if hidden.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut shown = 0;
    for (start, end) in hidden {
        out.push_str(&text[shown..start]);
        out.push_str("***");
        shown = end;
    }
    out.push_str(&text[shown..]);
    Cow::Owned(out)
}

/// Shows at most `max` characters of `text`, then how many more there were.
pub fn bounded(text: &str, max: usize) -> Bounded<'_> {
    Bounded { text, max }
}

/// See [`bounded`].
#[derive(Debug, Clone, Copy)]
pub struct Bounded<'a> {
    text: &'a str,
    max: usize,
}

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text.char_indices().nth(self.max) {
            None => f.write_str(self.text),
            Some((cut, _)) => {
                let more = self.text[cut..].chars().count();
                write!(f, "{}... [{more} more characters not shown]", &self.text[..cut])
            }
        }
    }
}

/// `text` cut to at most `max` characters, with the same note; for values kept, not shown.
pub fn truncate(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some(_) => bounded(&text, max).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_information_is_removed_from_every_url() {
        for (text, expected) in [
            ("http://admin:hunter2@127.0.0.1:8080", "http://***@127.0.0.1:8080"),
            ("https://u@h/p?q=a@b", "https://***@h/p?q=a@b"),
            (
                "error for url (http://a:b@x:1/) via proxy https://p:s%40c@proxy:3128 then ftp://z",
                "error for url (http://***@x:1/) via proxy https://***@proxy:3128 then ftp://z",
            ),
            ("http://[::1]:80/a@b", "http://[::1]:80/a@b"),
            ("no url here, mail me@example.com", "no url here, mail me@example.com"),
            ("https://sts.e`t@\0h and a space@x", "https://***@x"),
            ("a://b@c://d@e/f", "a://***@c://***@e/f"),
            ("x://y/z://u@v", "x://y/z://***@v"),
            ("http://p@ss@h:1", "http://***@h:1"),
            ("é://ü:ß@ñ", "é://***@ñ"),
        ] {
            assert_eq!(url_userinfo(text), expected, "{text}");
        }
    }

    #[test]
    fn long_text_is_cut_with_a_note() {
        assert_eq!(bounded("short", 10).to_string(), "short");
        assert_eq!(bounded("0123456789", 10).to_string(), "0123456789");
        assert_eq!(bounded("0123456789ab", 10).to_string(), "0123456789... [2 more characters not shown]");
        assert_eq!(bounded("ééééé", 2).to_string(), "éé... [3 more characters not shown]");
        let huge = "x".repeat(1 << 20);
        assert!(bounded(&huge, MESSAGE_CHARS).to_string().len() < 600);
        assert_eq!(truncate("abc".to_owned(), 5), "abc");
        assert_eq!(truncate("abcdef".to_owned(), 3), "abc... [3 more characters not shown]");
    }
}

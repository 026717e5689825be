//! The model's HTML documentation, converted to Markdown blocks for rustdoc, and wrapped
//! when emitted.
//!
//! botocore documentation is a small HTML dialect: `<p>`, `<code>`, `<a href>`, `<ul>`/`<ol>`
//! with `<li>`, `<b>`/`<i>`, `<note>`/`<important>`, `<dl>`/`<dt>`/`<dd>`, `<pre>`, `<br/>`
//! and entities. Anything else keeps its text and loses its tag. Text is escaped so that
//! rustdoc neither sees HTML tags nor intra-doc links, and bare URLs become autolinks.

/// Lines are wrapped at this width (list items keep their indentation).
const WIDTH: usize = 96;

use crate::ir::Docs;

/// Converts model HTML to Markdown blocks, not wrapped; an empty input gives none.
pub fn to_markdown(html: &str) -> Docs {
    let mut converter = Converter::default();
    converter.run(html);
    let text = converter.finish();
    let mut blocks: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            blocks.push(line.trim_start().to_owned());
            continue;
        }
        if in_fence {
            blocks.push(line.to_owned());
            continue;
        }
        if line.trim().is_empty() {
            if blocks.last().is_some_and(|l| !l.is_empty()) {
                blocks.push(String::new());
            }
            continue;
        }
        // One space between words, as wrapping leaves them; the indentation stays.
        let content = line.trim_start();
        let indent = &line[..line.len() - content.len()];
        blocks.push(format!("{indent}{}", content.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")));
    }
    while blocks.last().is_some_and(|l| l.is_empty()) {
        blocks.pop();
    }
    Docs(blocks)
}

/// The lines rustdoc gets for `docs`: each block wrapped at `WIDTH` columns (list items keep
/// their indentation), code blocks as they are.
pub fn lines(docs: &Docs) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for block in &docs.0 {
        if block.starts_with("```") {
            in_fence = !in_fence;
            lines.push(block.clone());
        } else if in_fence || block.is_empty() {
            lines.push(block.clone());
        } else {
            wrap(block, &mut lines);
        }
    }
    lines
}

/// The first sentence of `paragraph` (a Markdown block, not wrapped); `None` for a code
/// fence.
pub fn first_sentence(paragraph: &str) -> Option<String> {
    let text = paragraph.trim();
    if text.is_empty() || text.starts_with("```") {
        return None;
    }
    let bytes = text.as_bytes();
    let end = text.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let before = &text[..i];
        let next = bytes.get(i + 2).copied().unwrap_or(b' ');
        !before.ends_with(" e.g") && !before.ends_with(" i.e") && (next.is_ascii_uppercase() || next == b'`')
    });
    Some(match end {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    })
}

/// `a` or `an`, for the word `next` (`an` before a vowel: `an AssumeRole request`).
pub fn article(next: &str) -> &'static str {
    if next.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// Wraps one Markdown line at spaces, indenting continuations of list items.
fn wrap(line: &str, out: &mut Vec<String>) {
    let content = line.trim_start();
    let indent = line.len() - content.len();
    // A list item's continuation lines line up with its text: after `- `, or after `12. `.
    let digits = content.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if content.starts_with("- ") {
        2
    } else if digits > 0 && content[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    };
    let hang = indent + marker;
    let mut current = " ".repeat(indent);
    let mut has_word = false;
    for word in content.split(' ').filter(|w| !w.is_empty()) {
        // Never break right after a list marker: the item's text starts on its line.
        let after_marker = marker > 0 && current.trim_start().len() + 1 == marker;
        if has_word && !after_marker && current.len() + 1 + word.len() > WIDTH {
            out.push(std::mem::take(&mut current));
            current = " ".repeat(hang);
            has_word = false;
        }
        if has_word {
            current.push(' ');
        }
        current.push_str(word);
        has_word = true;
    }
    if has_word {
        out.push(current);
    }
}

/// An inline element whose content is collected, then wrapped in its Markdown syntax.
#[derive(Debug)]
enum Inline {
    Code,
    Strong,
    Emphasis,
    Link(Option<String>),
}

#[derive(Debug, Default)]
struct Converter {
    /// Finished block text.
    out: String,
    /// Open inline elements, each with the text collected inside it.
    inline: Vec<(Inline, String)>,
    /// Open lists: `None` for `<ul>`, `Some(n)` for the next number of an `<ol>`.
    lists: Vec<Option<u32>>,
    /// Inside `<pre>`: text is kept as it is.
    pre: bool,
}

impl Converter {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            self.text(&rest[..start]);
            let after = &rest[start..];
            match after.find('>') {
                Some(end) => {
                    self.tag(&after[1..end]);
                    rest = &after[end + 1..];
                }
                None => {
                    self.text(after);
                    rest = "";
                }
            }
        }
        self.text(rest);
    }

    fn finish(mut self) -> String {
        while let Some((kind, content)) = self.inline.pop() {
            let rendered = render_inline(kind, content);
            self.push_str(&rendered);
        }
        self.out
    }

    /// Appends to the innermost open inline element, or to the block text.
    fn push_str(&mut self, s: &str) {
        match self.inline.last_mut() {
            Some((_, buf)) => buf.push_str(s),
            None => self.out.push_str(s),
        }
    }

    fn in_code(&self) -> bool {
        self.inline.iter().any(|(k, _)| matches!(k, Inline::Code))
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        if self.pre {
            self.push_str(&decoded);
            return;
        }
        let collapsed = collapse_whitespace(&decoded);
        if collapsed.trim().is_empty() && self.at_line_start() {
            return;
        }
        let text = if self.in_code() { collapsed } else { escape(&collapsed) };
        self.push_str(&text);
    }

    fn at_line_start(&self) -> bool {
        self.inline.is_empty() && (self.out.is_empty() || self.out.ends_with('\n') || self.out.ends_with("- "))
    }

    fn block_break(&mut self) {
        self.close_inlines();
        if self.lists.is_empty() {
            self.out.push_str("\n\n");
        } else {
            self.out.push('\n');
        }
    }

    fn close_inlines(&mut self) {
        while let Some((kind, content)) = self.inline.pop() {
            let rendered = render_inline(kind, content);
            self.push_str(&rendered);
        }
    }

    fn close_inline(&mut self, wanted: fn(&Inline) -> bool) {
        if !self.inline.iter().any(|(k, _)| wanted(k)) {
            return;
        }
        while let Some((kind, content)) = self.inline.pop() {
            let done = wanted(&kind);
            let rendered = render_inline(kind, content);
            self.push_str(&rendered);
            if done {
                break;
            }
        }
    }

    fn tag(&mut self, tag: &str) {
        let tag = tag.trim();
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name = body.split(|c: char| c.is_whitespace()).next().unwrap_or_default().to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "note" | "important" | "dl" | "div" | "fullname", _) => {
                if !self.lists.is_empty() && !closing {
                    // A paragraph inside a list item continues the item.
                    if !self.out.ends_with("- ") && !self.out.ends_with('\n') {
                        self.push_str(" ");
                    }
                } else if self.lists.is_empty() && !(name == "p" && self.out.ends_with(":** ")) {
                    // A paragraph right after a "**Note:**" label continues it.
                    self.block_break();
                }
                if !closing && name == "note" {
                    self.push_str("**Note:** ");
                } else if !closing && name == "important" {
                    self.push_str("**Important:** ");
                }
            }
            ("br", _) => self.block_break(),
            ("ul", false) => {
                self.block_break();
                self.lists.push(None);
            }
            ("ol", false) => {
                self.block_break();
                self.lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                self.close_inlines();
                self.lists.pop();
                self.out.push_str("\n\n");
            }
            ("li", false) => {
                self.close_inlines();
                if !self.out.ends_with('\n') && !self.out.is_empty() {
                    self.out.push('\n');
                }
                let depth = self.lists.len().saturating_sub(1);
                self.out.push_str(&"  ".repeat(depth));
                match self.lists.last_mut() {
                    Some(Some(n)) => {
                        self.out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => self.out.push_str("- "),
                }
            }
            ("li", true) => {
                self.close_inlines();
                self.out.push('\n');
            }
            ("dt", false) => {
                self.block_break();
                self.inline.push((Inline::Strong, String::new()));
            }
            ("dt", true) => {
                self.close_inline(|k| matches!(k, Inline::Strong));
                self.block_break();
            }
            ("dd", _) => self.block_break(),
            ("pre" | "programlisting", false) => {
                self.block_break();
                self.out.push_str("```text\n");
                self.pre = true;
            }
            ("pre" | "programlisting", true) => {
                self.pre = false;
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push_str("```\n\n");
            }
            ("code" | "tt" | "userinput", false) => self.inline.push((Inline::Code, String::new())),
            ("code" | "tt" | "userinput", true) => self.close_inline(|k| matches!(k, Inline::Code)),
            ("b" | "strong", false) => self.inline.push((Inline::Strong, String::new())),
            ("b" | "strong", true) => self.close_inline(|k| matches!(k, Inline::Strong)),
            ("i" | "em", false) => self.inline.push((Inline::Emphasis, String::new())),
            ("i" | "em", true) => self.close_inline(|k| matches!(k, Inline::Emphasis)),
            ("a", false) => self.inline.push((Inline::Link(href(body)), String::new())),
            ("a", true) => self.close_inline(|k| matches!(k, Inline::Link(_))),
            // Any other tag (`<function>`, `<zonbie>`...) keeps only its text.
            _ => {}
        }
    }
}

fn render_inline(kind: Inline, content: String) -> String {
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return content;
    }
    let lead = if content.starts_with(' ') { " " } else { "" };
    let trail = if content.ends_with(' ') { " " } else { "" };
    let body = match kind {
        Inline::Code => {
            if trimmed.contains('`') {
                format!("`` {trimmed} ``")
            } else {
                format!("`{trimmed}`")
            }
        }
        Inline::Strong => format!("**{trimmed}**"),
        Inline::Emphasis => format!("*{trimmed}*"),
        Inline::Link(Some(url)) => format!("[{trimmed}]({url})"),
        Inline::Link(None) => trimmed.to_owned(),
    };
    format!("{lead}{body}{trail}")
}

/// The absolute `href` of an `<a>` tag, if it has one.
fn href(tag_body: &str) -> Option<String> {
    let start = tag_body.find("href=")? + 5;
    let rest = &tag_body[start..];
    let quote = rest.chars().next()?;
    let url = if quote == '"' || quote == '\'' {
        let rest = &rest[1..];
        &rest[..rest.find(quote)?]
    } else {
        rest.split_whitespace().next()?
    };
    let url = decode_entities(url.trim());
    (url.starts_with("http://") || url.starts_with("https://"))
        .then(|| url.replace(' ', "%20").replace(')', "%29").replace('(', "%28"))
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Escapes Markdown and HTML syntax in plain text; bare URLs become `<autolinks>`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let url_start = word.find("https://").or_else(|| word.find("http://"));
        match url_start {
            Some(start) => {
                let (before, url) = word.split_at(start);
                let end = url.find(['<', '>', '"', '`']).unwrap_or(url.len());
                let (url, after) = url.split_at(end);
                let trimmed = url.trim_end_matches(['.', ',', ')', ';', ':']);
                escape_plain(before, &mut out);
                out.push('<');
                out.push_str(trimmed);
                out.push('>');
                escape_plain(&url[trimmed.len()..], &mut out);
                escape_plain(after, &mut out);
            }
            None => escape_plain(word, &mut out),
        }
    }
    out
}

fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '[' | ']' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{lines, to_markdown};
    use crate::ir::Docs;

    /// The lines rustdoc gets for `html`.
    fn emitted(html: &str) -> Vec<String> {
        lines(&to_markdown(html))
    }

    /// Autoscaling's numbered steps: continuation lines are indented under the item's text,
    /// as rustdoc (and clippy's `doc_lazy_continuation`) expect.
    #[test]
    fn ordered_list_items_wrap_under_their_text() {
        let long = "word ".repeat(30);
        let lines = emitted(&format!("<ol><li><p>{long}</p></li><li><p>short</p></li></ol>"));
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines[0].starts_with("1. word"), "{lines:?}");
        assert!(lines[1].starts_with("   word"), "{lines:?}");
        assert!(lines.iter().any(|l| l == "2. short"), "{lines:?}");
        // A first word too long for the line stays with its marker (IAM's long links).
        let link =
            format!("<ul><li><p><a href=\"https://example.com/{}\">x</a> then text</p></li></ul>", "p".repeat(120));
        let lines = emitted(&link);
        assert!(lines[0].starts_with("- [x](https://example.com/ppp"), "{lines:?}");
        assert!(lines[1].starts_with("  then"), "{lines:?}");
    }

    #[test]
    fn docs_are_paragraphs_wrapped_only_when_emitted_and_summarised_by_their_first_sentence() {
        let docs = to_markdown(
            "<p>The request was rejected because the policy document was malformed. The error message describes \
             the specific error, e.g. a missing bracket.</p><p>Second paragraph.</p>",
        );
        assert_eq!(docs.0.len(), 3, "two paragraphs and their separator: {docs:?}");
        assert!(lines(&docs).len() > 3, "wrapped when emitted");
        assert_eq!(
            docs.summary().as_deref(),
            Some("The request was rejected because the policy document was malformed.")
        );
        let one = to_markdown("<p>Use e.g. <code>x</code> or i.e. y. Then `z` follows.</p>");
        assert_eq!(one.summary().as_deref(), Some("Use e.g. `x` or i.e. y."));
        assert_eq!(to_markdown("<p>No full stop at the end</p>").summary().as_deref(), Some("No full stop at the end"));
        assert_eq!(Docs::default().summary(), None);
        assert_eq!(to_markdown("<pre><code>x</code></pre>").summary(), None, "code is no summary");
        let joined = Docs::paragraph("One.").then(Docs::default()).then(Docs::paragraph("Two."));
        assert_eq!(joined.0, ["One.", "", "Two."]);
    }

    #[test]
    fn paragraphs_code_and_links() {
        let md = to_markdown(
            "<p>Returns a set of <code>temporary</code> credentials.</p> <p>See <a href=\"https://docs.aws.amazon.com/x.html\">the guide</a>.</p>",
        );
        assert_eq!(
            md.0,
            vec![
                "Returns a set of `temporary` credentials.",
                "",
                "See [the guide](https://docs.aws.amazon.com/x.html).",
            ]
        );
    }

    #[test]
    fn lists_nest_and_keep_paragraphs_inside_items() {
        let md = to_markdown("<ul> <li> <p>one</p> </li> <li><p>two</p><ul><li>inner</li></ul></li> </ul><p>after</p>");
        assert_eq!(md.0, vec!["- one", "- two", "  - inner", "", "after"]);
    }

    #[test]
    fn text_is_escaped_for_rustdoc() {
        let md = to_markdown("<p>Use [a-z]* and &lt;tag&gt; at https://example.com/path.</p>");
        assert_eq!(md.0, vec!["Use \\[a-z\\]\\* and &lt;tag&gt; at <https://example.com/path>."]);
    }

    #[test]
    fn emphasis_moves_spaces_outside_markers() {
        let md = to_markdown("<p>A <b> bold </b>word and <i>it</i>.</p><note><p>Careful.</p></note>");
        assert_eq!(md.0, vec!["A **bold** word and *it*.", "", "**Note:** Careful."]);
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let long = "word ".repeat(40);
        let md = emitted(&format!("<ul><li>{long}</li></ul>"));
        assert!(md.len() > 1);
        assert!(md.iter().all(|l| l.len() <= super::WIDTH));
        assert!(md[1].starts_with("  word"));
    }
}

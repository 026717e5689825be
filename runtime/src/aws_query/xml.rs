//! Reading awsQuery XML responses with `quick-xml`.
//!
//! [`Document::parse`] reads the whole body once into a flat list of element starts and
//! text runs (text borrowed from the body where no entity had to be resolved). An
//! [`Element`] is a cheap copyable handle into it: generated readers walk
//! [`Element::children`] and match on local names, ignoring elements they do not know.
//! Namespace prefixes and attributes are ignored. Nesting deeper than [`MAX_DEPTH`] is
//! refused, so no response can exhaust the stack of a recursive reader.

use std::borrow::Cow;
use std::collections::BTreeMap;

use quick_xml::events::Event;

use crate::date_time::{DateTime, TimestampFormat};
use crate::error::{ErrorMetadata, ParseError};

/// The deepest element nesting a response may have.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug)]
enum Token<'a> {
    /// An element; `end` is the index just past its last descendant.
    Start {
        name: &'a str,
        end: usize,
    },
    Text(Cow<'a, str>),
}

/// A parsed XML document.
#[derive(Debug)]
pub struct Document<'a> {
    tokens: Vec<Token<'a>>,
}

impl<'a> Document<'a> {
    /// Parses `body`; fails on malformed XML, a missing root or nesting too deep.
    pub fn parse(body: &'a str) -> Result<Self, ParseError> {
        let mut reader = quick_xml::Reader::from_str(body);
        let mut builder = Builder { tokens: Vec::with_capacity(64), open: [0; MAX_DEPTH], depth: 0, roots: 0 };
        loop {
            let position = reader.buffer_position() as usize;
            match reader.read_event().map_err(|e| ParseError::Malformed(e.to_string()))? {
                Event::Start(start) => builder.start(body, position, start.name().as_ref().len(), false)?,
                Event::Empty(start) => builder.start(body, position, start.name().as_ref().len(), true)?,
                Event::End(_) => builder.end()?,
                Event::Text(text) => builder.text(text.xml10_content())?,
                Event::CData(data) => builder.text(data.into_inner())?,
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => quick_xml::escape::resolve_predefined_entity(&reference)
                            .ok_or_else(|| ParseError::Malformed(format!("unknown entity `&{};`", &*reference)))?
                            .to_owned(),
                        Err(e) => return Err(ParseError::Malformed(e.to_string())),
                    };
                    builder.text(Cow::Owned(resolved))?;
                }
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        if builder.depth > 0 {
            return Err(ParseError::Malformed("the document ends inside an element".into()));
        }
        if builder.roots == 0 {
            return Err(ParseError::Malformed("no root element".into()));
        }
        Ok(Self { tokens: builder.tokens })
    }

    /// The root element.
    pub fn root(&self) -> Element<'_, 'a> {
        // `parse` guarantees a root, and that it is the first token.
        Element { tokens: &self.tokens, index: 0 }
    }
}

/// Collects tokens while parsing.
struct Builder<'a> {
    tokens: Vec<Token<'a>>,
    /// Indexes of the elements not yet closed: the first `depth` entries.
    open: [usize; MAX_DEPTH],
    depth: usize,
    roots: usize,
}

impl<'a> Builder<'a> {
    /// An element whose tag starts at `position` (the `<`) with a name of `name_len` bytes.
    fn start(&mut self, body: &'a str, position: usize, name_len: usize, empty: bool) -> Result<(), ParseError> {
        if self.depth == 0 {
            self.roots += 1;
            if self.roots > 1 {
                return Err(ParseError::Malformed("more than one root element".into()));
            }
        }
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::Malformed(format!("elements nested deeper than {MAX_DEPTH}")));
        }
        let name = body
            .get(position + 1..position + 1 + name_len)
            .ok_or_else(|| ParseError::Malformed("unreadable element name".into()))?;
        // A byte search: names are short, and `rsplit` pays a general search's set-up per name.
        let local = match name.bytes().rposition(|b| b == b':') {
            Some(colon) => &name[colon + 1..],
            None => name,
        };
        self.tokens.push(Token::Start { name: local, end: self.tokens.len() + 1 });
        if !empty {
            self.open[self.depth] = self.tokens.len() - 1;
            self.depth += 1;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ParseError> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| ParseError::Malformed("unexpected closing tag".into()))?;
        let start = self.open[self.depth];
        let end = self.tokens.len();
        if let Token::Start { end: e, .. } = &mut self.tokens[start] {
            *e = end;
        }
        Ok(())
    }

    fn text(&mut self, text: Cow<'a, str>) -> Result<(), ParseError> {
        if self.depth > 0 {
            self.tokens.push(Token::Text(text));
        } else if !text.trim().is_empty() {
            return Err(ParseError::Malformed("text outside the root element".into()));
        }
        Ok(())
    }
}

/// One element of a [`Document`].
#[derive(Debug, Clone, Copy)]
pub struct Element<'d, 'a> {
    tokens: &'d [Token<'a>],
    index: usize,
}

impl<'d, 'a> Element<'d, 'a> {
    /// The local name (without namespace prefix).
    pub fn name(&self) -> &'a str {
        match &self.tokens[self.index] {
            Token::Start { name, .. } => name,
            Token::Text(_) => "",
        }
    }

    fn end(&self) -> usize {
        match &self.tokens[self.index] {
            Token::Start { end, .. } => *end,
            Token::Text(_) => self.index + 1,
        }
    }

    /// The child elements, in document order.
    pub fn children(&self) -> Children<'d, 'a> {
        Children { direct: self.direct() }
    }

    /// The tokens directly inside this element (a child element is one token).
    fn direct(&self) -> Direct<'d, 'a> {
        Direct { tokens: self.tokens, next: self.index + 1, end: self.end() }
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<Element<'d, 'a>> {
        self.children().find(|c| c.name() == name)
    }

    /// The text directly inside this element (text of child elements is not included).
    pub fn text(&self) -> Cow<'d, str> {
        let mut texts = self.direct().filter_map(|index| match &self.tokens[index] {
            Token::Text(text) => Some(text.as_ref()),
            Token::Start { .. } => None,
        });
        let Some(first) = texts.next() else { return Cow::Borrowed("") };
        match texts.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut joined = String::from(first);
                joined.push_str(second);
                texts.for_each(|t| joined.push_str(t));
                Cow::Owned(joined)
            }
        }
    }
}

/// The indexes of the tokens directly inside an element, skipping each child element's
/// descendants whole (so walking an element is linear in its size).
#[derive(Debug, Clone)]
struct Direct<'d, 'a> {
    tokens: &'d [Token<'a>],
    next: usize,
    end: usize,
}

impl Iterator for Direct<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let index = self.next;
        if index >= self.end {
            return None;
        }
        self.next = match &self.tokens[index] {
            Token::Start { end, .. } => *end,
            Token::Text(_) => index + 1,
        };
        Some(index)
    }
}

/// The child elements of an [`Element`].
#[derive(Debug, Clone)]
pub struct Children<'d, 'a> {
    direct: Direct<'d, 'a>,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = Element<'d, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let tokens = self.direct.tokens;
        self.direct.find(|&index| matches!(tokens[index], Token::Start { .. })).map(|index| Element { tokens, index })
    }
}

/// Reading values: what generated readers call on each child element.
impl<'d, 'a> Element<'d, 'a> {
    /// Reads a string.
    pub fn string(self) -> Result<String, ParseError> {
        Ok(self.text().into_owned())
    }

    /// Reads `true` or `false`.
    pub fn boolean(self) -> Result<bool, ParseError> {
        match self.text().trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(ParseError::invalid(self.name(), "a boolean", other)),
        }
    }

    /// Reads a 32-bit integer.
    pub fn i32(self) -> Result<i32, ParseError> {
        let text = self.text();
        text.trim().parse().map_err(|_| ParseError::invalid(self.name(), "a 32-bit integer", &text))
    }

    /// Reads a 64-bit integer.
    pub fn i64(self) -> Result<i64, ParseError> {
        let text = self.text();
        text.trim().parse().map_err(|_| ParseError::invalid(self.name(), "a 64-bit integer", &text))
    }

    /// Reads a double; `NaN`, `Infinity` and `-Infinity` are accepted.
    pub fn f64(self) -> Result<f64, ParseError> {
        let text = self.text();
        match text.trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            t if t.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E') => {
                Err(ParseError::invalid(self.name(), "a number", &text))
            }
            t => t.parse().map_err(|_| ParseError::invalid(self.name(), "a number", &text)),
        }
    }

    /// Reads a float; `NaN`, `Infinity` and `-Infinity` are accepted.
    pub fn f32(self) -> Result<f32, ParseError> {
        self.f64().map(|v| v as f32)
    }

    /// Reads an ISO 8601 timestamp (`2024-05-01T12:00:00Z`), the awsQuery default.
    pub fn date_time(self) -> Result<DateTime, ParseError> {
        self.timestamp(TimestampFormat::DateTime)
    }

    /// Reads a timestamp written as seconds since the epoch.
    pub fn epoch_seconds(self) -> Result<DateTime, ParseError> {
        self.timestamp(TimestampFormat::EpochSeconds)
    }

    /// Reads an HTTP-date timestamp (`Wed, 01 May 2024 12:00:00 GMT`).
    pub fn http_date(self) -> Result<DateTime, ParseError> {
        self.timestamp(TimestampFormat::HttpDate)
    }

    fn timestamp(self, format: TimestampFormat) -> Result<DateTime, ParseError> {
        let text = self.text();
        DateTime::parse(&text, format).map_err(|_| ParseError::invalid(self.name(), "a timestamp", &text))
    }

    /// Reads base64 text as bytes.
    pub fn blob(self) -> Result<Vec<u8>, ParseError> {
        let text = self.text();
        crate::base64::decode(&text).ok_or_else(|| ParseError::invalid(self.name(), "base64", &text))
    }

    /// Reads a wrapped list: the children named `element_name`, each read by `read`.
    pub fn list<T>(
        self,
        element_name: &str,
        mut read: impl FnMut(Element<'d, 'a>) -> Result<T, ParseError>,
    ) -> Result<Vec<T>, ParseError> {
        self.children().filter(|c| c.name() == element_name).map(&mut read).collect()
    }

    /// Reads one map entry (`<entry><key>..</key><value>..</value></entry>`, or the
    /// flattened form where this element itself holds the key and value) into `map`.
    pub fn map_entry<K: Ord, V>(
        self,
        key_name: &str,
        value_name: &str,
        map: &mut BTreeMap<K, V>,
        read_key: impl FnOnce(Element<'d, 'a>) -> Result<K, ParseError>,
        read_value: impl FnOnce(Element<'d, 'a>) -> Result<V, ParseError>,
    ) -> Result<(), ParseError> {
        let key = self.child(key_name).ok_or_else(|| ParseError::invalid(self.name(), "a map entry with a key", ""))?;
        let value =
            self.child(value_name).ok_or_else(|| ParseError::invalid(self.name(), "a map entry with a value", ""))?;
        map.insert(read_key(key)?, read_value(value)?);
        Ok(())
    }

    /// Reads a wrapped map: `<entry>` children, each with a key and a value.
    pub fn map<K: Ord, V>(
        self,
        key_name: &str,
        value_name: &str,
        mut read_key: impl FnMut(Element<'d, 'a>) -> Result<K, ParseError>,
        mut read_value: impl FnMut(Element<'d, 'a>) -> Result<V, ParseError>,
    ) -> Result<BTreeMap<K, V>, ParseError> {
        let mut map = BTreeMap::new();
        for entry in self.children().filter(|c| c.name() == "entry") {
            entry.map_entry(key_name, value_name, &mut map, &mut read_key, &mut read_value)?;
        }
        Ok(map)
    }

    /// Reads this `<Error>` element as the modeled error `E`, whose metadata is `meta`.
    pub fn modeled<E: super::ModeledError>(self, meta: ErrorMetadata) -> Result<E, ParseError> {
        E::read(meta, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_children_and_reads_text_with_entities() {
        let doc = Document::parse(
            "<?xml version=\"1.0\"?><a:Root xmlns:a=\"urn:x\"><B>one &amp; two</B><C/><B><![CDATA[<x>]]></B>\n<D>1<E>no</E>2</D></a:Root>",
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.name(), "Root");
        let names: Vec<_> = root.children().map(|c| c.name()).collect();
        assert_eq!(names, ["B", "C", "B", "D"]);
        let texts: Vec<_> = root.children().map(|c| c.text().into_owned()).collect();
        assert_eq!(texts, ["one & two", "", "<x>", "12"]);
        assert_eq!(root.child("D").and_then(|d| d.child("E")).map(|e| e.text().into_owned()).as_deref(), Some("no"));
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in ["", "<a>", "<a></b>", "</a>", "<a/><b/>", "text", "<a>&bogus;</a>", "<a>&#0;</a>"] {
            assert!(Document::parse(bad).is_err(), "{bad:?} parsed");
        }
        let nested = |depth: usize| "<a>".repeat(depth) + &"</a>".repeat(depth);
        assert!(Document::parse(&nested(MAX_DEPTH + 1)).is_err());
        // The deepest nesting allowed fills the open-element stack exactly.
        assert!(Document::parse(&nested(MAX_DEPTH)).is_ok());
        assert!(Document::parse(&format!("<r>{}<b/></r>", nested(MAX_DEPTH - 1))).is_ok());
    }

    #[test]
    fn text_interleaved_with_many_children_is_read_whole() {
        let body = format!("<R>{}</R>", "x<c/>".repeat(50_000));
        let doc = Document::parse(&body).unwrap();
        assert_eq!(doc.root().text().len(), 50_000);
    }

    #[test]
    fn typed_readers_report_the_element() {
        let doc = Document::parse("<R><N>12x</N><T>2014-04-29T18:30:38.5Z</T><F>-Infinity</F></R>").unwrap();
        let root = doc.root();
        let err = root.child("N").unwrap().i32().unwrap_err();
        assert_eq!(err.to_string(), "<N> should hold a 32-bit integer, found `12x`");
        let t = root.child("T").unwrap().date_time().unwrap();
        assert_eq!(t.subsec_nanos(), 500_000_000);
        assert_eq!(root.child("F").unwrap().f64().unwrap(), f64::NEG_INFINITY);
    }
}

//! The awsQuery request body: `Action=...&Version=...&Name.member.1=value...`.
//!
//! A [`QueryWriter`] owns the body and the current key. Generated code asks it for a
//! [`ValueWriter`] per member; a nested member extends the key (`Tags.member.3.Key`) and
//! the key is cut back when that writer is dropped, so one buffer serves every key.
//! Keys and values are percent-encoded as RFC 3986 says: only `A-Z a-z 0-9 - _ . ~` are
//! left as they are ([`percent_encode`]).

use crate::date_time::{DateTime, TimestampFormat};
use crate::percent::percent_encode;

/// Builds one awsQuery form body.
#[derive(Debug)]
pub struct QueryWriter {
    body: String,
    key: String,
}

impl QueryWriter {
    /// Starts a body with `Action=<action>&Version=<version>`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut body = String::with_capacity(256);
        body.push_str("Action=");
        percent_encode(action, &mut body);
        body.push_str("&Version=");
        percent_encode(version, &mut body);
        Self { body, key: String::new() }
    }

    /// The writer for top-level members (no key prefix).
    pub fn root(&mut self) -> ValueWriter<'_> {
        ValueWriter { writer: self, restore: 0 }
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.body
    }

    fn write(&mut self, value: &str) {
        self.body.push('&');
        percent_encode(&self.key, &mut self.body);
        self.body.push('=');
        percent_encode(value, &mut self.body);
    }
}

/// Writes one value at the current key; dropping it restores the parent's key.
#[derive(Debug)]
pub struct ValueWriter<'w> {
    writer: &'w mut QueryWriter,
    /// The key length to return to when this writer is dropped.
    restore: usize,
}

impl Drop for ValueWriter<'_> {
    fn drop(&mut self) {
        self.writer.key.truncate(self.restore);
    }
}

impl<'w> ValueWriter<'w> {
    /// The writer for member `name` of the structure at this key.
    pub fn member(&mut self, name: &str) -> ValueWriter<'_> {
        let restore = self.writer.key.len();
        push_segment(&mut self.writer.key, name);
        ValueWriter { writer: self.writer, restore }
    }

    /// Writes a string.
    pub fn string(self, value: &str) {
        self.writer.write(value);
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.writer.write(if value { "true" } else { "false" });
    }

    /// Writes an integer.
    pub fn integer(self, value: i64) {
        self.writer.write(&value.to_string());
    }

    /// Writes a float; non-finite values are `NaN`, `Infinity` and `-Infinity`.
    pub fn float(self, value: f64) {
        let text = if value.is_nan() {
            "NaN".to_owned()
        } else if value.is_infinite() {
            if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        } else {
            value.to_string()
        };
        self.writer.write(&text);
    }

    /// Writes a timestamp in the given format.
    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) {
        self.writer.write(&value.format(format));
    }

    /// Writes bytes as standard base64.
    pub fn blob(self, value: &[u8]) {
        self.writer.write(&crate::base64::encode(value));
    }

    /// Starts a list at this key: `Key.member.N` (or `Key.<element_name>.N`), or, when
    /// flattened, `Key.N` (the member's own name, whatever the elements are called).
    /// An empty list is written as `Key=`.
    pub fn list(self, flattened: bool, element_name: Option<&'w str>) -> ListWriter<'w> {
        let element_segment = (!flattened).then(|| element_name.unwrap_or("member"));
        ListWriter { value: self, element_segment, count: 0 }
    }

    /// Starts a map at this key: `Key.entry.N.key` / `Key.entry.N.value` (names may be
    /// replaced; `entry` is left out when flattened).
    pub fn map(self, flattened: bool, key_name: Option<&'w str>, value_name: Option<&'w str>) -> MapWriter<'w> {
        MapWriter {
            value: self,
            flattened,
            key_name: key_name.unwrap_or("key"),
            value_name: value_name.unwrap_or("value"),
            count: 0,
        }
    }
}

/// Writes the elements of a list, numbered from 1.
#[derive(Debug)]
pub struct ListWriter<'w> {
    value: ValueWriter<'w>,
    /// `member` (or its replacement) for a list that is not flattened.
    element_segment: Option<&'w str>,
    count: usize,
}

impl ListWriter<'_> {
    /// The writer for the next element.
    pub fn element(&mut self) -> ValueWriter<'_> {
        self.count += 1;
        let writer = &mut *self.value.writer;
        let restore = writer.key.len();
        if let Some(segment) = self.element_segment {
            push_segment(&mut writer.key, segment);
        }
        push_segment(&mut writer.key, &self.count.to_string());
        ValueWriter { writer, restore }
    }
}

impl Drop for ListWriter<'_> {
    fn drop(&mut self) {
        if self.count == 0 {
            self.value.writer.write("");
        }
    }
}

/// Writes the entries of a map, numbered from 1, in the order given.
#[derive(Debug)]
pub struct MapWriter<'w> {
    value: ValueWriter<'w>,
    flattened: bool,
    key_name: &'w str,
    value_name: &'w str,
    count: usize,
}

impl MapWriter<'_> {
    /// Writes the next entry's key and returns the writer for its value.
    pub fn entry(&mut self, key: &str) -> ValueWriter<'_> {
        self.count += 1;
        let writer = &mut *self.value.writer;
        let restore = writer.key.len();
        if !self.flattened {
            push_segment(&mut writer.key, "entry");
        }
        push_segment(&mut writer.key, &self.count.to_string());
        let entry_len = writer.key.len();
        push_segment(&mut writer.key, self.key_name);
        writer.write(key);
        writer.key.truncate(entry_len);
        push_segment(&mut writer.key, self.value_name);
        ValueWriter { writer, restore }
    }
}

fn push_segment(key: &mut String, segment: &str) {
    if !key.is_empty() {
        key.push('.');
    }
    key.push_str(segment);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(f: impl FnOnce(&mut ValueWriter<'_>)) -> String {
        let mut w = QueryWriter::new("Op", "2011-06-15");
        f(&mut w.root());
        w.finish()
    }

    #[test]
    fn nested_keys_are_restored_after_each_member() {
        let out = body(|root| {
            root.member("RoleArn").string("arn:aws:iam::1:role/x y");
            {
                let mut tags = root.member("Tags").list(false, None);
                for (k, v) in [("a", "1"), ("b", "2")] {
                    let mut tag = tags.element();
                    tag.member("Key").string(k);
                    tag.member("Value").string(v);
                }
            }
            root.member("DurationSeconds").integer(900);
        });
        assert_eq!(
            out,
            "Action=Op&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx%20y\
             &Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Tags.member.2.Value=2\
             &DurationSeconds=900"
        );
    }

    #[test]
    fn empty_and_flattened_lists() {
        let out = body(|root| {
            drop(root.member("Empty").list(false, None));
            let mut flat = root.member("Flat").list(true, None);
            flat.element().string("x");
            drop(flat);
            let mut renamed = root.member("Renamed").list(true, Some("Item"));
            renamed.element().string("y");
            drop(renamed);
            let mut wrapped = root.member("Wrapped").list(false, Some("Item"));
            wrapped.element().string("z");
        });
        assert_eq!(out, "Action=Op&Version=2011-06-15&Empty=&Flat.1=x&Renamed.1=y&Wrapped.Item.1=z");
    }

    #[test]
    fn maps_booleans_floats_and_unicode() {
        let out = body(|root| {
            {
                let mut map = root.member("M").map(false, None, Some("V"));
                map.entry("k1").string("v1");
            }
            root.member("B").boolean(true);
            root.member("F").float(f64::NEG_INFINITY);
            root.member("U").string("é~*");
        });
        assert_eq!(out, "Action=Op&Version=2011-06-15&M.entry.1.key=k1&M.entry.1.V=v1&B=true&F=-Infinity&U=%C3%A9~%2A");
    }
}

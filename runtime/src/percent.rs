//! Percent-encoding as RFC 3986 says: only `A-Z a-z 0-9 - _ . ~` are left as they are.
//! Used by the awsQuery form and by the signers' canonical query strings. A leaf: it
//! imports nothing from the rest of the crate.

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(input: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// Decodes a query string's value: `%XX` to its byte and `+` to a space, as
/// `application/x-www-form-urlencoded` says. `None` for a bad escape or bytes that are not
/// UTF-8.
pub fn percent_decode(input: &str) -> Option<String> {
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let digit = |d: Option<u8>| char::from(d?).to_digit(16);
                let (high, low) = (digit(bytes.next())?, digit(bytes.next())?);
                out.push(u8::try_from(high * 16 + low).ok()?);
            }
            b'+' => out.push(b' '),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn decoding_undoes_escapes_and_plus_and_refuses_bad_ones() {
        assert_eq!(percent_decode("a%2Bb+c%7e").as_deref(), Some("a+b c~"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("\u{e9}"));
        for bad in ["%", "%4", "%G0", "%FF"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Whatever is encoded decodes back to itself.
        #[test]
        fn decoding_what_was_encoded_gives_it_back(input in "\\PC{0,40}") {
            let mut encoded = String::new();
            percent_encode(&input, &mut encoded);
            prop_assert_eq!(percent_decode(&encoded), Some(input));
        }
    }

    proptest! {
        /// Whatever the text (multi-byte characters included), each byte is kept if
        /// unreserved and written as `%XX` otherwise.
        #[test]
        fn percent_encoding_encodes_every_byte_but_the_unreserved(input in "\\PC{0,40}", prefix in "[a-z%]{0,3}") {
            let mut expected = prefix.clone();
            for &b in input.as_bytes() {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    expected.push(char::from(b));
                } else {
                    expected.push_str(&format!("%{b:02X}"));
                }
            }
            let mut out = prefix;
            percent_encode(&input, &mut out);
            prop_assert_eq!(out, expected);
        }
    }
}

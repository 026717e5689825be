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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

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

//! Base64 (RFC 4648): standard with padding, for blobs; URL-safe without padding, for
//! tokens (EKS's, JWTs).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as padded standard base64.
pub fn encode(input: &[u8]) -> String {
    encode_with(input, ALPHABET, true)
}

/// Encodes bytes as URL-safe base64 without padding (`-` and `_`, no `=`).
pub fn encode_url_no_pad(input: &[u8]) -> String {
    encode_with(input, URL_ALPHABET, false)
}

fn encode_with(input: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes padded or unpadded standard base64; whitespace is ignored. `None` if invalid.
pub fn decode(input: &str) -> Option<Vec<u8>> {
    decode_with(input, ALPHABET)
}

/// Decodes URL-safe base64 (`-` and `_`; a JWT's parts), padded or not. `None` if invalid.
pub fn decode_url(input: &str) -> Option<Vec<u8>> {
    decode_with(input, URL_ALPHABET)
}

fn decode_with(input: &str, alphabet: &[u8; 64]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    let mut padding = 0;
    for c in input.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None;
        }
        let v = alphabet.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (padding <= 2 && bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        for (raw, text) in [(&b""[..], ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"foobar", "Zm9vYmFy")]
        {
            assert_eq!(super::encode(raw), text);
            assert_eq!(super::decode(text).as_deref(), Some(raw));
        }
        assert_eq!(super::encode_url_no_pad(b"\xfb\xff\xfe"), "-__-");
        assert_eq!(super::encode_url_no_pad(b"fo"), "Zm8");
        assert_eq!(super::encode_url_no_pad(b"f"), "Zg");
        assert_eq!(super::decode("Zm9v!"), None);
        assert_eq!(super::decode("Zg=a"), None);
        assert_eq!(super::decode_url("-__-").as_deref(), Some(&b"\xfb\xff\xfe"[..]));
        assert_eq!(super::decode_url("Zm8").as_deref(), Some(&b"fo"[..]));
        assert_eq!(super::decode_url("+//+"), None, "the standard alphabet's own characters");
        assert_eq!(super::decode("-__-"), None);
    }
}

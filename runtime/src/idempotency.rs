//! Idempotency tokens: values the SDK fills into members the model marks
//! `idempotencyToken` when the caller leaves them unset, so a retried request is recognised.

use std::fmt;

/// Makes idempotency tokens.
pub trait IdempotencyTokenProvider: Send + Sync + fmt::Debug {
    /// A new token.
    fn token(&self) -> String;
}

/// Random version-4 UUIDs (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomTokens;

impl IdempotencyTokenProvider for RandomTokens {
    fn token(&self) -> String {
        let (high, low) = (crate::random::random_u64(), crate::random::random_u64());
        let bytes = (u128::from(high) << 64 | u128::from(low)).to_be_bytes();
        uuid_v4(bytes)
    }
}

/// The same token every time (for tests).
#[derive(Debug, Clone)]
pub struct FixedToken(pub String);

impl IdempotencyTokenProvider for FixedToken {
    fn token(&self) -> String {
        self.0.clone()
    }
}

/// Formats 16 bytes as a version-4, variant-1 UUID.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_are_distinct_v4_uuids() {
        let (a, b) = (RandomTokens.token(), RandomTokens.token());
        assert_ne!(a, b);
        for token in [a, b] {
            assert_eq!(token.len(), 36);
            assert_eq!(&token[14..15], "4");
            assert!(matches!(&token[19..20], "8" | "9" | "a" | "b"), "{token}");
        }
    }
}

//! The TLS primitives of the default HTTP client: rustls's `ring` provider, trimmed to what
//! a client of AWS needs.
//!
//! Compared with `rustls::crypto::ring::default_provider()`:
//! - the ChaCha20-Poly1305 suites are left out. Every TLS 1.3 server must offer
//!   AES-128-GCM (RFC 8446, section 9.1), AWS endpoints offer AES-GCM in TLS 1.2 as well,
//!   and with the processors' AES instructions it is the faster choice anyway;
//! - no private key can be loaded: this client never presents a certificate.
//!
//! Key exchange groups (X25519, P-256, P-384) and certificate signature algorithms (ECDSA,
//! Ed25519, RSA PKCS#1 and PSS) are all of ring's. Leaving ChaCha20 and the signing code
//! out keeps about 128 KB of code out of a program making STS calls.

use std::sync::Arc;

use rustls::SignatureScheme;
use rustls::crypto::ring::{cipher_suite, kx_group};
use rustls::crypto::{CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms};
use rustls::pki_types::PrivateKeyDer;
use rustls::sign::SigningKey;
use webpki::ring as alg;

/// The crypto provider the runtime's HTTP clients' TLS uses; build a `rustls::ClientConfig`
/// with it to give `ReqwestClient::from_client` or `HyperClient::with_tls_config` other
/// trusted roots but the same primitives.
pub fn crypto_provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: vec![
            cipher_suite::TLS13_AES_256_GCM_SHA384,
            cipher_suite::TLS13_AES_128_GCM_SHA256,
            cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            cipher_suite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            cipher_suite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ],
        kx_groups: vec![kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1],
        signature_verification_algorithms: SIGNATURE_ALGORITHMS,
        secure_random: &Ring,
        key_provider: &Ring,
    }
}

/// A TLS configuration with [`crypto_provider`], rustls's safe protocol versions (1.2 and
/// 1.3) and the platform's certificate verifier.
#[cfg(any(feature = "reqwest", feature = "hyper"))]
pub(crate) fn platform_config() -> Result<rustls::ClientConfig, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let config = config_builder()?.with_platform_verifier().map_err(|e| format!("TLS set-up failed: {e}"))?;
    Ok(config.with_no_client_auth())
}

/// A TLS configuration that trusts no server: for clients that only talk plain `http`.
#[cfg(any(feature = "reqwest", feature = "hyper"))]
pub(crate) fn trusting_nothing() -> Result<rustls::ClientConfig, String> {
    Ok(config_builder()?.with_root_certificates(rustls::RootCertStore::empty()).with_no_client_auth())
}

#[cfg(any(feature = "reqwest", feature = "hyper"))]
fn config_builder() -> Result<rustls::ConfigBuilder<rustls::ClientConfig, rustls::WantsVerifier>, String> {
    rustls::ClientConfig::builder_with_provider(Arc::new(crypto_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))
}

/// The certificate signature algorithms, as rustls's own `ring` provider lists them (its
/// list is not public on its own).
static SIGNATURE_ALGORITHMS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        alg::ECDSA_P256_SHA256,
        alg::ECDSA_P256_SHA384,
        alg::ECDSA_P384_SHA256,
        alg::ECDSA_P384_SHA384,
        alg::ED25519,
        alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
        alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
        alg::RSA_PKCS1_2048_8192_SHA256,
        alg::RSA_PKCS1_2048_8192_SHA384,
        alg::RSA_PKCS1_2048_8192_SHA512,
        alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
        alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
        alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
    ],
    // In TLS 1.2 the scheme does not fix the curve, hence two algorithms for each ECDSA one.
    mapping: &[
        (SignatureScheme::ECDSA_NISTP384_SHA384, &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384]),
        (SignatureScheme::ECDSA_NISTP256_SHA256, &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256]),
        (SignatureScheme::ED25519, &[alg::ED25519]),
        (SignatureScheme::RSA_PSS_SHA512, &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY]),
        (SignatureScheme::RSA_PSS_SHA384, &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY]),
        (SignatureScheme::RSA_PSS_SHA256, &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY]),
        (SignatureScheme::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
        (SignatureScheme::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
        (SignatureScheme::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
    ],
};

/// Randomness from the operating system, through ring; and no private keys.
#[derive(Debug)]
struct Ring;

impl SecureRandom for Ring {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new().fill(buf).map_err(|_| GetRandomFailed)
    }
}

impl KeyProvider for Ring {
    fn load_private_key(&self, _key: PrivateKeyDer<'static>) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        Err(rustls::Error::General("this client does not present certificates, so it loads no private key".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite_names(provider: &CryptoProvider) -> Vec<String> {
        provider.cipher_suites.iter().map(|s| format!("{:?}", s.suite())).collect()
    }

    #[test]
    fn the_suites_are_rustls_ring_ones_without_chacha20() {
        let ours = suite_names(&crypto_provider());
        let mut theirs = suite_names(&rustls::crypto::ring::default_provider());
        theirs.retain(|name| !name.contains("CHACHA20"));
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 6, "TLS 1.3 and 1.2 AES-GCM suites: {ours:?}");
    }

    /// An algorithm as the identifiers webpki matches certificates by.
    fn ids(algs: &[&dyn rustls::pki_types::SignatureVerificationAlgorithm]) -> Vec<String> {
        algs.iter().map(|a| format!("{:?}/{:?}", a.public_key_alg_id(), a.signature_alg_id())).collect()
    }

    #[test]
    fn the_signature_algorithms_are_those_of_rustls_ring_provider() {
        let ours = crypto_provider().signature_verification_algorithms;
        let theirs = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        assert_eq!(ids(ours.all), ids(theirs.all));
        let mapping = |algs: WebPkiSupportedAlgorithms| -> Vec<(SignatureScheme, Vec<String>)> {
            algs.mapping.iter().map(|(scheme, algs)| (*scheme, ids(algs))).collect()
        };
        assert_eq!(mapping(ours), mapping(theirs));
    }

    #[test]
    fn the_key_exchange_groups_are_those_of_rustls_ring_provider() {
        let ours: Vec<_> = crypto_provider().kx_groups.iter().map(|g| g.name()).collect();
        let theirs: Vec<_> = rustls::crypto::ring::default_provider().kx_groups.iter().map(|g| g.name()).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn randomness_fills_the_buffer_and_keys_are_refused() {
        let provider = crypto_provider();
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        provider.secure_random.fill(&mut a).expect("random");
        provider.secure_random.fill(&mut b).expect("random");
        assert_ne!(a, b);
        let key = PrivateKeyDer::Pkcs8(vec![0x30, 0x00].into());
        assert!(provider.key_provider.load_private_key(key).is_err());
    }
}

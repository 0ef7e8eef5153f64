//! Ed25519 signing of model bundles, so the edge serves only bundles Hearth produced.
//!
//! Core has no randomness: a signing key is built from 32 seed bytes the caller supplies (`hearth
//! init` draws them from the OS). Public keys travel as 64 hex digits or as standard PEM
//! (SubjectPublicKeyInfo, the form `openssl pkey -pubin` reads).

use base64::Engine;
use ed25519_dalek::Signer;

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { AlgorithmIdentifier
/// { id-Ed25519 }, BIT STRING { key } }; the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
const PEM_BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
const PEM_END: &str = "-----END PUBLIC KEY-----";

/// Why a key or signature was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    /// The text is neither 64 hex digits nor an Ed25519 PEM public key.
    #[error("not an Ed25519 public key (expected 64 hex digits or a PEM `PUBLIC KEY`): {0}")]
    BadPublicKey(String),
    /// The signature text is not 128 hex digits.
    #[error("not an Ed25519 signature (expected 128 hex digits): {0}")]
    BadSignatureText(String),
    /// The signature does not match the bytes under this key.
    #[error("signature does not match the bundle under this public key")]
    Mismatch,
}

/// The private half, held by whoever registers models.
pub struct BundleSigningKey(ed25519_dalek::SigningKey);

impl std::fmt::Debug for BundleSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secret material.
        write!(f, "BundleSigningKey(public {})", self.public_key().to_hex())
    }
}

impl BundleSigningKey {
    /// The key whose secret is `seed` (32 uniformly random bytes supplied by the caller).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        BundleSigningKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// The key from a 64-hex-digit seed, as a CLI stores it.
    pub fn from_seed_hex(text: &str) -> Result<Self, SignatureError> {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| SignatureError::BadPublicKey("signing key seed must be 64 hex digits".into()))?;
        Ok(Self::from_seed(&bytes))
    }

    /// The seed as 64 hex digits, for the CLI's key file.
    pub fn seed_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// The public half.
    pub fn public_key(&self) -> BundlePublicKey {
        BundlePublicKey(self.0.verifying_key())
    }

    /// Signs `bytes`; the signature as 128 hex digits.
    pub fn sign(&self, bytes: &[u8]) -> String {
        hex::encode(self.0.sign(bytes).to_bytes())
    }
}

/// The public half, given to the edge so it can verify uploaded bundles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePublicKey(ed25519_dalek::VerifyingKey);

impl BundlePublicKey {
    /// 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// PEM SubjectPublicKeyInfo text.
    pub fn to_pem(&self) -> String {
        let mut der = SPKI_PREFIX.to_vec();
        der.extend_from_slice(self.0.as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("{PEM_BEGIN}\n{b64}\n{PEM_END}\n")
    }

    /// Parses hex or PEM (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<Self, SignatureError> {
        let text = text.trim();
        let raw: Vec<u8> = if let Some(body) = text.strip_prefix(PEM_BEGIN) {
            let body = body
                .trim()
                .strip_suffix(PEM_END)
                .ok_or_else(|| SignatureError::BadPublicKey("PEM has no END line".into()))?;
            let compact: String = body.split_whitespace().collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| SignatureError::BadPublicKey(format!("PEM body: {e}")))?;
            der.strip_prefix(&SPKI_PREFIX[..])
                .ok_or_else(|| SignatureError::BadPublicKey("PEM key is not an Ed25519 key".into()))?
                .to_vec()
        } else {
            hex::decode(text).map_err(|e| SignatureError::BadPublicKey(e.to_string()))?
        };
        let bytes: [u8; 32] = raw
            .try_into()
            .map_err(|r: Vec<u8>| SignatureError::BadPublicKey(format!("{} bytes instead of 32", r.len())))?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(BundlePublicKey)
            .map_err(|e| SignatureError::BadPublicKey(e.to_string()))
    }

    /// Checks that `signature_hex` signs exactly `bytes` under this key (strict verification:
    /// rejects malleable and small-order forms).
    pub fn verify(&self, bytes: &[u8], signature_hex: &str) -> Result<(), SignatureError> {
        let sig: [u8; 64] = hex::decode(signature_hex.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| SignatureError::BadSignatureText(signature_hex.chars().take(20).collect()))?;
        let sig = ed25519_dalek::Signature::from_bytes(&sig);
        self.0.verify_strict(bytes, &sig).map_err(|_| SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 §7.1, TEST 1 (empty message): the reference values for Ed25519.
    const RFC_SECRET: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const RFC_SIGNATURE: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    #[test]
    fn keys_and_signatures_match_rfc_8032_test_1() {
        let key = BundleSigningKey::from_seed_hex(RFC_SECRET).unwrap();
        assert_eq!(key.public_key().to_hex(), RFC_PUBLIC);
        assert_eq!(key.sign(b""), RFC_SIGNATURE);
        key.public_key().verify(b"", RFC_SIGNATURE).unwrap();
    }

    #[test]
    fn pem_export_round_trips_and_matches_the_openssl_layout() {
        let key = BundleSigningKey::from_seed_hex(RFC_SECRET).unwrap().public_key();
        let pem = key.to_pem();
        // Reference: `openssl pkey -inform DER -pubout` (OpenSSL 3) on the PKCS#8 form of RFC_SECRET.
        assert_eq!(
            pem,
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n"
        );
        assert_eq!(BundlePublicKey::parse(&pem).unwrap(), key);
        assert_eq!(BundlePublicKey::parse(&format!("  {RFC_PUBLIC}\n")).unwrap(), key);
    }

    #[test]
    fn a_flipped_byte_or_another_key_fails_verification() {
        let key = BundleSigningKey::from_seed(&[7; 32]);
        let sig = key.sign(b"bundle bytes");
        assert_eq!(key.public_key().verify(b"bundle bytez", &sig), Err(SignatureError::Mismatch));
        let other = BundleSigningKey::from_seed(&[8; 32]).public_key();
        assert_eq!(other.verify(b"bundle bytes", &sig), Err(SignatureError::Mismatch));
        assert!(matches!(key.public_key().verify(b"x", "zz"), Err(SignatureError::BadSignatureText(_))));
        assert!(matches!(BundlePublicKey::parse("abc"), Err(SignatureError::BadPublicKey(_))));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let key = BundleSigningKey::from_seed_hex(RFC_SECRET).unwrap();
        let shown = format!("{key:?}");
        assert!(!shown.contains(RFC_SECRET) && shown.contains(RFC_PUBLIC));
    }
}

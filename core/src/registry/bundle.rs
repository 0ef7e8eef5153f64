//! Model bundles: everything needed to serve a model, as one canonical, content-addressed,
//! signed byte string.
//!
//! ## Format `hearth-model-bundle` v1
//! The bytes are the canonical JSON (see [`canonical`](super::canonical): sorted keys, no
//! whitespace, shortest round-trip floats) of
//! ```json
//! {"content": <the bundle's content>,
//!  "manifest": {"content_type": "...", "format": "hearth-model-bundle", "format_version": 1,
//!               "hearth_version": "0.1.0",
//!               "lineage": {"dataset_version": "...", "pipeline_definition_hash": "..."}}}
//! ```
//! The bundle's address is the SHA-256 of those bytes; its signature is Ed25519 over the same bytes.
//! The manifest holds no timestamps and no run id on purpose: the same data, parameters and code
//! produce the same bytes (so the same hash) on every platform. Which run produced a bundle is
//! recorded by the registry's model version, which points at the bundle.

use super::canonical::{sha256_hex, to_canonical_json};
use super::signing::{BundlePublicKey, BundleSigningKey, SignatureError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Name of the format, first thing a reader checks.
pub const BUNDLE_FORMAT: &str = "hearth-model-bundle";
/// Version of the format this build writes and reads.
pub const BUNDLE_FORMAT_VERSION: u32 = 1;

/// Why bundle bytes were refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    /// The bytes are not a bundle this build understands.
    #[error("not a readable model bundle: {0}")]
    Unreadable(String),
    /// The bytes do not hash to the claimed address.
    #[error("bundle hash mismatch: claimed {claimed}, bytes hash to {actual}")]
    HashMismatch {
        /// The hash the caller or record claimed.
        claimed: String,
        /// What the bytes actually hash to.
        actual: String,
    },
    /// Signature check failed.
    #[error(transparent)]
    Signature(#[from] SignatureError),
}

/// Where a bundle's model came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lineage {
    /// The exact dataset version it was trained on.
    pub dataset_version: String,
    /// Hash of the pipeline definition that trained it.
    pub pipeline_definition_hash: String,
}

/// The envelope describing a bundle's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleManifest {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// Format version.
    pub format_version: u32,
    /// Hearth version that wrote it.
    pub hearth_version: String,
    /// What `content` is (e.g. `"regression-model"`), so readers can refuse foreign content early.
    pub content_type: String,
    /// Provenance.
    pub lineage: Lineage,
}

impl BundleManifest {
    /// A manifest for content of `content_type`, written by this build.
    pub fn new(content_type: impl Into<String>, lineage: Lineage) -> Self {
        BundleManifest {
            format: BUNDLE_FORMAT.into(),
            format_version: BUNDLE_FORMAT_VERSION,
            hearth_version: env!("CARGO_PKG_VERSION").into(),
            content_type: content_type.into(),
            lineage,
        }
    }
}

/// A bundle: manifest plus content. `T` is the concrete model bundle content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle<T> {
    /// Envelope.
    pub manifest: BundleManifest,
    /// Payload.
    pub content: T,
}

impl<T: Serialize> Bundle<T> {
    /// The canonical bytes (see the module docs).
    pub fn to_bytes(&self) -> Result<Vec<u8>, BundleError> {
        to_canonical_json(self).map_err(|e| BundleError::Unreadable(e.to_string()))
    }

    /// Serialises, hashes and signs.
    pub fn sign(&self, key: &BundleSigningKey) -> Result<SignedBundle, BundleError> {
        let bytes = self.to_bytes()?;
        Ok(SignedBundle { hash: sha256_hex(&bytes), signature: key.sign(&bytes), bytes })
    }
}

impl<T: DeserializeOwned> Bundle<T> {
    /// Parses bundle bytes, checking format name and version (content type is the caller's check).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BundleError> {
        #[derive(Deserialize)]
        struct Probe {
            manifest: BundleManifest,
        }
        let probe: Probe =
            serde_json::from_slice(bytes).map_err(|e| BundleError::Unreadable(e.to_string()))?;
        let m = &probe.manifest;
        if m.format != BUNDLE_FORMAT || m.format_version != BUNDLE_FORMAT_VERSION {
            return Err(BundleError::Unreadable(format!(
                "format `{}` v{} (this build reads `{BUNDLE_FORMAT}` v{BUNDLE_FORMAT_VERSION})",
                m.format, m.format_version
            )));
        }
        serde_json::from_slice(bytes).map_err(|e| BundleError::Unreadable(e.to_string()))
    }
}

/// Bundle bytes with their address and signature: what is stored, uploaded and served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBundle {
    /// SHA-256 of `bytes`, hex.
    pub hash: String,
    /// Ed25519 signature of `bytes`, hex.
    pub signature: String,
    /// Canonical bundle bytes.
    #[serde(with = "hex_bytes")]
    pub bytes: Vec<u8>,
}

impl SignedBundle {
    /// Checks the address and the signature; on success the bytes are exactly what the key signed.
    pub fn verify(&self, public_key: &BundlePublicKey) -> Result<(), BundleError> {
        verify(&self.bytes, &self.hash, &self.signature, public_key)
    }

    /// Checks only that the bytes hash to the claimed address (no key needed).
    pub fn check_hash(&self) -> Result<(), BundleError> {
        check_hash(&self.bytes, &self.hash)
    }
}

/// Verifies bundle bytes against a claimed hash and a signature under `public_key`.
pub fn verify(
    bytes: &[u8],
    hash: &str,
    signature: &str,
    public_key: &BundlePublicKey,
) -> Result<(), BundleError> {
    check_hash(bytes, hash)?;
    public_key.verify(bytes, signature)?;
    Ok(())
}

fn check_hash(bytes: &[u8], claimed: &str) -> Result<(), BundleError> {
    let actual = sha256_hex(bytes);
    if actual == claimed {
        Ok(())
    } else {
        Err(BundleError::HashMismatch { claimed: claimed.to_string(), actual })
    }
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        hex::decode(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Linear {
        coefficients: BTreeMap<String, f64>,
        intercept: f64,
    }

    fn bundle() -> Bundle<Linear> {
        let coefficients = [("area".to_string(), 0.1 + 0.2), ("bedrooms".to_string(), -1.5e-7)].into();
        Bundle {
            manifest: BundleManifest::new(
                "test-linear",
                Lineage { dataset_version: "d".repeat(64), pipeline_definition_hash: "p".repeat(64) },
            ),
            content: Linear { coefficients, intercept: 42.0 },
        }
    }

    #[test]
    fn same_content_gives_byte_identical_bundles_and_the_same_hash() {
        let key = BundleSigningKey::from_seed(&[1; 32]);
        let a = bundle().sign(&key).unwrap();
        let b = bundle().sign(&key).unwrap();
        assert_eq!(a, b);
        // Pinned: any change to the format or to canonical JSON shows up here. Recompute with
        // `python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'`
        // on the bytes printed by the assertion below if the format is changed on purpose.
        let text = String::from_utf8(a.bytes.clone()).unwrap();
        assert_eq!(
            text,
            format!(
                concat!(
                    r#"{{"content":{{"coefficients":{{"area":0.30000000000000004,"bedrooms":-1.5e-7}},"intercept":42.0}},"#,
                    r#""manifest":{{"content_type":"test-linear","format":"hearth-model-bundle","format_version":1,"#,
                    r#""hearth_version":"{}","lineage":{{"dataset_version":"{}","pipeline_definition_hash":"{}"}}}}}}"#
                ),
                env!("CARGO_PKG_VERSION"),
                "d".repeat(64),
                "p".repeat(64)
            )
        );
        assert_eq!(a.hash, sha256_hex(text.as_bytes()));
    }

    #[test]
    fn a_signed_bundle_round_trips_and_verifies() {
        let key = BundleSigningKey::from_seed(&[2; 32]);
        let signed = bundle().sign(&key).unwrap();
        signed.verify(&key.public_key()).unwrap();
        let back: Bundle<Linear> = Bundle::from_bytes(&signed.bytes).unwrap();
        assert_eq!(back, bundle());
        assert_eq!(back.content.coefficients["area"].to_bits(), (0.1f64 + 0.2).to_bits());
    }

    #[test]
    fn tampering_with_bytes_hash_or_signature_is_detected() {
        let key = BundleSigningKey::from_seed(&[3; 32]);
        let signed = bundle().sign(&key).unwrap();
        let pk = key.public_key();

        let mut bytes_changed = signed.clone();
        let at = bytes_changed.bytes.iter().position(|&b| b == b'4').unwrap();
        bytes_changed.bytes[at] = b'5'; // intercept 42 → 52
        assert!(matches!(bytes_changed.verify(&pk), Err(BundleError::HashMismatch { .. })));

        // Re-hashing the tampered bytes does not help: the signature no longer matches.
        bytes_changed.hash = sha256_hex(&bytes_changed.bytes);
        assert_eq!(bytes_changed.verify(&pk), Err(BundleError::Signature(SignatureError::Mismatch)));

        let other_key = BundleSigningKey::from_seed(&[4; 32]);
        assert_eq!(
            signed.verify(&other_key.public_key()),
            Err(BundleError::Signature(SignatureError::Mismatch))
        );
    }

    #[test]
    fn foreign_formats_are_refused_with_a_reason() {
        let err = Bundle::<Linear>::from_bytes(br#"{"manifest":{"format":"zip","format_version":1,"hearth_version":"0","content_type":"x","lineage":{"dataset_version":"","pipeline_definition_hash":""}},"content":{}}"#).unwrap_err();
        assert!(err.to_string().contains("format `zip` v1"), "{err}");
        assert!(matches!(Bundle::<Linear>::from_bytes(b"not json"), Err(BundleError::Unreadable(_))));
    }
}

//! Version ids: what makes "same bytes → same id" true.
//!
//! A version id is `SHA-256( "hearth.dataset.v1" 0x00 || SHA-256(raw bytes) || interpretation )`,
//! where `interpretation` is the canonical JSON of the read options that change how the bytes are
//! read (delimiter, target column, canonicalisation). Hashing the 32-byte blob digest instead of the
//! raw bytes again keeps one pass over the data, and the domain prefix keeps the id from ever being
//! equal to a plain blob digest. The raw bytes themselves are stored once, under their own SHA-256,
//! so two versions of the same file read differently share one blob.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Domain separator of the version id encoding; bump the suffix if the encoding ever changes.
const DOMAIN: &[u8] = b"hearth.dataset.v1\0";

/// A SHA-256 digest shown as 64 lower-case hex characters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256Digest([u8; 32]);

impl Sha256Digest {
    /// Digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// Why a text is not a full digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not 64 hex characters")]
pub struct BadDigest(pub String);

impl FromStr for Sha256Digest {
    type Err = BadDigest;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = [0u8; 32];
        if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(BadDigest(s.to_string()));
        }
        hex::decode_to_slice(s, &mut out).map_err(|_| BadDigest(s.to_string()))?;
        Ok(Self(out))
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({})", self.to_hex())
    }
}

impl Serialize for Sha256Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Sha256Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The id of a dataset version (see the module doc for exactly what is hashed).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionId(Sha256Digest);

impl VersionId {
    /// The id of `blob` (the SHA-256 of the raw bytes) read with `interpretation`.
    pub fn compute(blob: &Sha256Digest, interpretation: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(blob.as_bytes());
        h.update(interpretation);
        Self(Sha256Digest(h.finalize().into()))
    }

    /// Full 64-hex form.
    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }

    /// The first 12 hex characters, for tables shown to people.
    pub fn short(&self) -> String {
        self.0.to_hex()[..12].to_string()
    }
}

impl FromStr for VersionId {
    type Err = BadDigest;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VersionId({})", self.0.to_hex())
    }
}

/// MD5 of the raw bytes: only for DVC, whose `.dvc` files and cache are keyed by it.
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest as _, Md5};
    hex::encode(Md5::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2 example "abc".
        assert_eq!(
            Sha256Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn md5_matches_the_rfc_1321_test_vector() {
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn same_bytes_and_interpretation_give_the_same_id() {
        let blob = Sha256Digest::of(b"a,b\n1,2\n");
        assert_eq!(VersionId::compute(&blob, b"{}"), VersionId::compute(&blob, b"{}"));
        assert_ne!(VersionId::compute(&blob, b"{}"), VersionId::compute(&blob, b"{\"target\":\"a\"}"));
        assert_ne!(VersionId::compute(&blob, b"").to_hex(), blob.to_hex());
    }

    #[test]
    fn ids_round_trip_through_text_and_reject_non_hex() {
        let id = VersionId::compute(&Sha256Digest::of(b"x"), b"");
        assert_eq!(id.to_hex().parse::<VersionId>().unwrap(), id);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{id}\""));
        assert!("xyz".parse::<VersionId>().is_err());
        assert!(id.to_hex().to_uppercase().parse::<VersionId>().is_err());
    }
}

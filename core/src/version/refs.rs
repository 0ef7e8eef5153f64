//! Refs: the ways a user names a version (`latest`, `previous`, a tag, an id or id prefix).

use super::{Tag, VersionId};

/// Names that are pointers, never tags.
pub const RESERVED: [&str; 2] = ["latest", "previous"];

/// Shortest id prefix accepted: shorter ones are too likely to become ambiguous as versions grow.
pub const MIN_PREFIX: usize = 6;

/// A parsed ref, before it is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionRef {
    /// The newest version.
    Latest,
    /// The version that was `latest` before the newest one.
    Previous,
    /// A tag.
    Tag(Tag),
    /// A full id or a lower-case hex prefix of at least [`MIN_PREFIX`] characters.
    IdPrefix(String),
}

/// Why a ref names no single version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// The text is neither a pointer, a tag nor an id prefix.
    #[error("`{0}` is not a version ref: use latest, previous, a tag (e.g. data-v1.0.0) or an id prefix of at least {MIN_PREFIX} hex characters")]
    Invalid(String),
    /// A pointer that is not set yet.
    #[error("`{0}` is not set: the workspace has {1}")]
    PointerUnset(&'static str, &'static str),
    /// No tag with this name.
    #[error("no version is tagged `{0}`")]
    UnknownTag(String),
    /// No id starts with the prefix.
    #[error("no version id starts with `{0}`")]
    UnknownId(String),
    /// Several ids start with the prefix.
    #[error("`{prefix}` is ambiguous: it starts {} version ids ({}); give more characters", .candidates.len(), .candidates.iter().map(|c| c.short()).collect::<Vec<_>>().join(", "))]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// Every id it matches.
        candidates: Vec<VersionId>,
    },
}

impl VersionRef {
    /// Parses the text a user typed.
    pub fn parse(text: &str) -> Result<Self, RefError> {
        match text {
            "latest" => return Ok(Self::Latest),
            "previous" => return Ok(Self::Previous),
            _ => {}
        }
        if text.len() >= MIN_PREFIX && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Self::IdPrefix(text.to_ascii_lowercase()));
        }
        Tag::new(text).map(Self::Tag).map_err(|_| RefError::Invalid(text.to_string()))
    }
}

/// The single id among `ids` starting with `prefix`.
pub fn resolve_prefix(prefix: &str, ids: impl IntoIterator<Item = VersionId>) -> Result<VersionId, RefError> {
    let candidates: Vec<VersionId> = ids.into_iter().filter(|id| id.to_hex().starts_with(prefix)).collect();
    match candidates.as_slice() {
        [one] => Ok(*one),
        [] => Err(RefError::UnknownId(prefix.to_string())),
        _ => Err(RefError::Ambiguous { prefix: prefix.to_string(), candidates }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Sha256Digest;

    fn id(seed: &str) -> VersionId {
        VersionId::compute(&Sha256Digest::of(seed.as_bytes()), b"")
    }

    #[test]
    fn parses_pointers_tags_and_prefixes() {
        assert_eq!(VersionRef::parse("latest").unwrap(), VersionRef::Latest);
        assert_eq!(VersionRef::parse("previous").unwrap(), VersionRef::Previous);
        assert_eq!(
            VersionRef::parse("data-v1.0.0").unwrap(),
            VersionRef::Tag(Tag::new("data-v1.0.0").unwrap())
        );
        assert_eq!(VersionRef::parse("ABCDEF").unwrap(), VersionRef::IdPrefix("abcdef".into()));
        assert!(matches!(VersionRef::parse("no spaces please"), Err(RefError::Invalid(_))));
    }

    #[test]
    fn prefix_resolution_reports_unknown_and_ambiguous() {
        let ids: Vec<VersionId> = (0..300).map(|i| id(&i.to_string())).collect();
        let target = ids[7];
        assert_eq!(resolve_prefix(&target.to_hex(), ids.clone()).unwrap(), target);
        assert!(matches!(resolve_prefix("ffffffffffff", vec![target]), Err(RefError::UnknownId(_))));
        // With 300 ids some pair shares its first hex digit; a 1-char prefix is ambiguous.
        let first = &target.to_hex()[..1];
        let err = resolve_prefix(first, ids).unwrap_err();
        assert!(matches!(err, RefError::Ambiguous { ref candidates, .. } if candidates.len() > 1), "{err}");
    }
}

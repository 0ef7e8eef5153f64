//! Version tags: human names for versions, `data-vX.Y.Z` by default like the original pipeline.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated tag name: 1–64 characters from `[A-Za-z0-9._-]`, starting with a letter or digit,
/// not a reserved ref (`latest`, `previous`) and not something that reads as an id prefix (6+ hex
/// characters only), so resolving a ref can never be ambiguous between a tag and an id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

/// Why a text is not a usable tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// Wrong length or characters.
    #[error(
        "tag `{0}` is invalid: use 1-64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit"
    )]
    Syntax(String),
    /// A reserved ref name.
    #[error("tag `{0}` is reserved (it names a pointer)")]
    Reserved(String),
    /// Could be read as a version id prefix.
    #[error("tag `{0}` looks like a version id prefix (only hex digits); add a letter outside a-f")]
    LooksLikeId(String),
}

impl Tag {
    /// Validates `name` as a tag.
    pub fn new(name: &str) -> Result<Self, TagError> {
        let ok_chars = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-');
        let ok_start = name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
        if name.is_empty() || name.len() > 64 || !ok_chars || !ok_start {
            return Err(TagError::Syntax(name.to_string()));
        }
        if super::refs::RESERVED.contains(&name) {
            return Err(TagError::Reserved(name.to_string()));
        }
        if name.len() >= super::refs::MIN_PREFIX && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(TagError::LooksLikeId(name.to_string()));
        }
        Ok(Self(name.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `(major, minor, patch)` when the tag has the automatic form `data-vX.Y.Z`.
    pub fn semver(&self) -> Option<(u64, u64, u64)> {
        let rest = self.0.strip_prefix("data-v")?;
        let mut parts = rest.split('.');
        let mut next = || -> Option<u64> {
            let p = parts.next()?;
            // Leading zeros would let two spellings name the same number.
            if p.is_empty() || (p.len() > 1 && p.starts_with('0')) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let v = (next()?, next()?, next()?);
        parts.next().is_none().then_some(v)
    }

    /// The tag the next automatic version gets: the highest `data-vX.Y.Z` among `existing` with its
    /// minor number bumped (patch reset), or `data-v1.0.0` when there is none — the original's scheme.
    pub fn next_auto<'a>(existing: impl IntoIterator<Item = &'a Tag>) -> Tag {
        match existing.into_iter().filter_map(Tag::semver).max() {
            Some((major, minor, _)) => Tag(format!("data-v{major}.{}.0", minor + 1)),
            None => Tag("data-v1.0.0".to_string()),
        }
    }
}

impl TryFrom<String> for Tag {
    type Error = TagError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Tag::new(&s)
    }
}

impl From<Tag> for String {
    fn from(t: Tag) -> String {
        t.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(names: &[&str]) -> Vec<Tag> {
        names.iter().map(|n| Tag::new(n).unwrap()).collect()
    }

    #[test]
    fn first_automatic_tag_is_data_v1_0_0_and_then_the_minor_number_bumps() {
        assert_eq!(Tag::next_auto(&[]).as_str(), "data-v1.0.0");
        assert_eq!(Tag::next_auto(&tags(&["data-v1.0.0"])).as_str(), "data-v1.1.0");
        assert_eq!(
            Tag::next_auto(&tags(&["data-v1.9.0", "data-v1.10.0", "baseline"])).as_str(),
            "data-v1.11.0"
        );
        assert_eq!(Tag::next_auto(&tags(&["data-v1.3.0", "data-v2.0.4"])).as_str(), "data-v2.1.0");
        assert_eq!(Tag::next_auto(&tags(&["baseline"])).as_str(), "data-v1.0.0");
    }

    #[test]
    fn invalid_reserved_and_id_like_tags_are_refused() {
        assert!(matches!(Tag::new(""), Err(TagError::Syntax(_))));
        assert!(matches!(Tag::new("has space"), Err(TagError::Syntax(_))));
        assert!(matches!(Tag::new("-x"), Err(TagError::Syntax(_))));
        assert!(matches!(Tag::new("a/b"), Err(TagError::Syntax(_))));
        assert!(matches!(Tag::new("latest"), Err(TagError::Reserved(_))));
        assert!(matches!(Tag::new("deadbeef"), Err(TagError::LooksLikeId(_))));
        assert!(Tag::new("abc").is_ok(), "too short to be an id prefix");
        assert!(Tag::new("prod-2026.11").is_ok());
    }

    #[test]
    fn only_canonical_data_v_tags_count_as_semver() {
        assert_eq!(Tag::new("data-v1.2.3").unwrap().semver(), Some((1, 2, 3)));
        assert_eq!(Tag::new("data-v01.2.3").unwrap().semver(), None);
        assert_eq!(Tag::new("data-v1.2").unwrap().semver(), None);
        assert_eq!(Tag::new("data-v1.2.3.4").unwrap().semver(), None);
    }
}

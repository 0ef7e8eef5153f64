//! The canary's share of prediction traffic: a number strictly between 0 and 1, so "a canary that
//! never answers" and "a canary that answers everything" (which is a primary) cannot be recorded.

use serde::{Deserialize, Serialize};

/// A fraction in the open interval (0, 1).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Share(f64);

/// Why a number is not a [`Share`], in pydantic v2's terms (`type`, `msg`, bound).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShareError {
    /// `≤ 0` (or NaN).
    NotAboveZero,
    /// `≥ 1`.
    NotBelowOne,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ShareError::NotAboveZero => "Input should be greater than 0",
            ShareError::NotBelowOne => "Input should be less than 1",
        })
    }
}

impl Share {
    /// The fraction.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Share {
    type Error = ShareError;

    fn try_from(value: f64) -> Result<Share, ShareError> {
        if value.is_nan() || value <= 0.0 {
            Err(ShareError::NotAboveZero)
        } else if value >= 1.0 {
            Err(ShareError::NotBelowOne)
        } else {
            Ok(Share(value))
        }
    }
}

impl From<Share> for f64 {
    fn from(share: Share) -> f64 {
        share.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_open_interval_is_a_share() {
        assert_eq!(Share::try_from(0.3).map(Share::get), Ok(0.3));
        assert_eq!(Share::try_from(0.0), Err(ShareError::NotAboveZero));
        assert_eq!(Share::try_from(-0.1), Err(ShareError::NotAboveZero));
        assert_eq!(Share::try_from(f64::NAN), Err(ShareError::NotAboveZero));
        assert_eq!(Share::try_from(1.0), Err(ShareError::NotBelowOne));
        assert!(serde_json::from_str::<Share>("1.5").is_err(), "stored records are checked too");
        assert_eq!(serde_json::to_string(&Share::try_from(0.25).unwrap()).unwrap(), "0.25");
    }
}

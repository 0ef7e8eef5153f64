//! How much one prediction request may carry.

use super::error::{ApiError, TooLarge};

/// Request size limits. Past them the answer is 413, before any parsing work is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows per request.
    pub max_rows: usize,
    /// Bytes per request body.
    pub max_body_bytes: usize,
}

impl Limits {
    /// 10,000 rows and 5 MiB: a 10,000-row Housing batch is ≈ 2.3 MB of JSON records, so the byte
    /// limit only bites on bodies that are padded or far wider than the signature.
    pub const DEFAULT: Limits = Limits { max_rows: 10_000, max_body_bytes: 5 * 1024 * 1024 };

    /// 413 when the body is over the byte limit.
    pub fn check_bytes(&self, body: &[u8]) -> Result<(), ApiError> {
        if body.len() > self.max_body_bytes {
            return Err(ApiError::TooLarge(TooLarge::Bytes {
                found: body.len(),
                limit: self.max_body_bytes,
            }));
        }
        Ok(())
    }

    /// 413 when a request carries more rows than the limit.
    pub fn check_rows(&self, rows: usize) -> Result<(), ApiError> {
        if rows > self.max_rows {
            return Err(ApiError::TooLarge(TooLarge::Rows { found: rows, limit: self.max_rows }));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

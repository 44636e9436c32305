//! Byte spans: the one coordinate system every stage shares.
//!
//! Every stage reports where things are as UTF-8 byte offsets, so a sentence or a
//! count can always be sliced back out of the text it came from.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The same span moved right by `by` bytes.
    pub fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    /// The slice of `text` this span covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

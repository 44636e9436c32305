//! Stage 8, output: a tagged document → the JSON object of the output contract
//! (README, "Output format"), or a table for people at a terminal.
//!
//! One object per document, the same in `classify --format jsonl` and `batch`:
//! `id`, `labels`, every sentence with offsets, labels, scores and counts, and
//! `totals` per label. Offsets are UTF-8 byte offsets into the input as given.

pub mod table;

use serde::{Deserialize, Serialize};

use crate::aggregate::Totals;
use crate::classify::Scores;
use crate::counts::Count;
use crate::labels::{Label, LabelSet};

/// The result for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentResult {
    /// The document's id (a file name, or the input record's `id`).
    pub id: serde_json::Value,
    /// The union of the sentence labels.
    pub labels: LabelSet,
    /// Every sentence, labeled or not, in order.
    pub sentences: Vec<SentenceResult>,
    /// Per label, counts summed by unit and object.
    pub totals: Totals,
    /// Fields of the input record other than `id` and `text`, passed through
    /// (see [`DocumentResult::pass_through`]).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The fields of a [`DocumentResult`] itself.
const RESULT_FIELDS: [&str; 4] = ["id", "labels", "sentences", "totals"];

impl DocumentResult {
    /// Keeps the input record's other fields in the output. One named like a
    /// result field (the gold `labels` of a labeled corpus) is renamed
    /// `input_labels`, so that no key is written twice: JSON readers keep the
    /// last of two, which would put the input's labels in place of ours.
    pub fn pass_through(&mut self, fields: serde_json::Map<String, serde_json::Value>) {
        for (mut name, value) in fields {
            while RESULT_FIELDS.contains(&name.as_str()) || self.extra.contains_key(&name) {
                name = format!("input_{name}");
            }
            self.extra.insert(name, value);
        }
    }
}

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceResult {
    /// Byte offset of the sentence in the input.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The sentence as read (for HTML, the text after normalisation).
    pub text: String,
    /// Its labels.
    pub labels: LabelSet,
    /// The probability of each label.
    pub scores: LabelScores,
    /// Its counts, with offsets into the input.
    pub counts: Vec<Count>,
}

/// A probability per label, by name.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabelScores {
    /// P(fraud).
    pub fraud: f64,
    /// P(gambling).
    pub gambling: f64,
    /// P(drugs).
    pub drugs: f64,
    /// P(firearms).
    pub firearms: f64,
    /// P(smuggling).
    pub smuggling: f64,
}

impl From<&Scores> for LabelScores {
    fn from(s: &Scores) -> Self {
        let at = |l: Label| (f64::from(s[l.index()]) * 10_000.0).round() / 10_000.0;
        LabelScores {
            fraud: at(Label::Fraud),
            gambling: at(Label::Gambling),
            drugs: at(Label::Drugs),
            firearms: at(Label::Firearms),
            smuggling: at(Label::Smuggling),
        }
    }
}

/// An input record that could not be processed, in place of its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The record's id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// 1-based line of the input (or record number for directories).
    pub line: usize,
    /// Where the record came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What was wrong.
    pub error: String,
}

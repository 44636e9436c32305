//! crimetag: tags sentences of law-enforcement press releases with the crimes
//! they report — fraud, gambling, drugs, firearms, smuggling — and extracts
//! the counts attached to them, as defined by `GUIDELINES.md`.
//!
//! ```text
//! input ─▶ normalize ─▶ segment ─▶ tokenize ─▶ featurize ─▶ classify ─▶ counts ─▶ aggregate ─▶ output
//!  text/HTML  NormalizedText  Spans      words/pieces  SparseVector  Scores     Count[]   DocumentResult  JSON/table
//! ```
//!
//! [`pipeline::Tagger`] chains the stages for one document; [`batch`] runs it
//! over many in parallel, in input order.

#![deny(missing_docs)]

pub mod aggregate;
pub mod batch;
pub mod bundle;
pub mod classify;
pub mod corpus;
pub mod counts;
pub mod error;
pub mod eval;
pub mod explain;
pub mod featurize;
pub mod hash;
pub mod labels;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod segment;
pub mod text;
pub mod tokenize;
pub mod training;

pub use error::{Error, Result};
pub use labels::{Label, LabelSet};
pub use pipeline::Tagger;

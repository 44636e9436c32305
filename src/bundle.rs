//! The model bundle: tokenizer, feature space and classifier in one file,
//! with the metadata that says how it was made.
//!
//! Layout: one header line of JSON (`format`, `format_version`, payload length
//! and CRC-32), then the payload, JSON. Loading checks all four before it
//! parses anything, so a truncated, corrupted or foreign file is refused with a
//! reason. The default bundle, `models/crimetag.model`, is built into the binary.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::classify::LinearClassifier;
use crate::error::{Error, Result};
use crate::featurize::FeatureSpace;
use crate::tokenize::Tokenizer;

/// The bundle built into the binary.
pub const BUILT_IN: &[u8] = include_bytes!("../models/crimetag.model");

/// Identifies our bundles.
const FORMAT: &str = "crimetag-model";
/// Bumped whenever the payload layout or the meaning of its feature keys
/// changes (2: one-piece words keyed as words, not pieces; 3: keys that are
/// not columns count in a vector's norm; 4: naive-Bayes evidence columns).
pub const FORMAT_VERSION: u32 = 4;
/// Format 4 without evidence columns is format 3, byte for byte: such a
/// bundle is written as 3, so builds from before the evidence columns still
/// read it and a model trained without them reproduces earlier bundles.
const FORMAT_WITHOUT_EVIDENCE: u32 = 3;

/// How a bundle was made: enough to reproduce and to judge it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleMeta {
    /// The crimetag version that trained it.
    pub crate_version: String,
    /// FNV-1a of the corpus files it was trained on, in path order.
    pub corpus_hash: String,
    /// Seed of the cross-validation folds.
    pub seed: u64,
    /// Training hyper-parameters, as text.
    pub params: serde_json::Value,
    /// Scores measured at training time (cross-validation, dev, held-out documents).
    pub scores: serde_json::Value,
}

/// Everything the pipeline needs to tag text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelBundle {
    /// Provenance and measured scores.
    pub meta: BundleMeta,
    /// The trained WordPiece tokenizer.
    pub tokenizer: Tokenizer,
    /// Feature columns and IDF.
    pub features: FeatureSpace,
    /// Per-label models and thresholds.
    pub classifier: LinearClassifier,
    /// Probability at which a count's own words point to a label.
    pub attach_threshold: f32,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    payload_bytes: usize,
    payload_crc32: u32,
}

impl ModelBundle {
    /// Serialises the bundle: header line, then payload.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let payload = serde_json::to_vec(self).map_err(|e| Error::Train(format!("serialising the bundle: {e}")))?;
        let header = Header {
            format: FORMAT.to_string(),
            format_version: if self.features.has_evidence() { FORMAT_VERSION } else { FORMAT_WITHOUT_EVIDENCE },
            payload_bytes: payload.len(),
            payload_crc32: crc32fast::hash(&payload),
        };
        let mut bytes = serde_json::to_vec(&header).map_err(|e| Error::Train(e.to_string()))?;
        bytes.push(b'\n');
        bytes.extend_from_slice(&payload);
        Ok(bytes)
    }

    /// Reads a bundle; `origin` names it in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Self> {
        let bad = |reason: String| Error::Bundle { origin: origin.to_string(), reason };
        let newline = bytes.iter().position(|&b| b == b'\n').ok_or_else(|| bad("no header line (empty or not a crimetag model)".into()))?;
        let header: Header = serde_json::from_slice(&bytes[..newline]).map_err(|e| bad(format!("unreadable header: {e}")))?;
        if header.format != FORMAT {
            return Err(bad(format!("format is {:?}, not {FORMAT:?}", header.format)));
        }
        if !(FORMAT_WITHOUT_EVIDENCE..=FORMAT_VERSION).contains(&header.format_version) {
            return Err(bad(format!(
                "format version {} is not supported (this build reads {FORMAT_WITHOUT_EVIDENCE} to {FORMAT_VERSION}); retrain with `crimetag train`",
                header.format_version
            )));
        }
        let payload = &bytes[newline + 1..];
        if payload.len() != header.payload_bytes {
            return Err(bad(format!("payload is {} bytes, header says {} (truncated?)", payload.len(), header.payload_bytes)));
        }
        if crc32fast::hash(payload) != header.payload_crc32 {
            return Err(bad("checksum mismatch (corrupted)".into()));
        }
        let mut bundle: ModelBundle = serde_json::from_slice(payload).map_err(|e| bad(format!("unreadable payload: {e}")))?;
        bundle.features.rebuild_index();
        bundle.classifier.check_width(bundle.features.len()).map_err(bad)?;
        Ok(bundle)
    }

    /// Loads the bundle at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes, &path.display().to_string())
    }

    /// The bundle built into the binary.
    pub fn built_in() -> Result<Self> {
        Self::from_bytes(BUILT_IN, "built-in")
    }

    /// Writes the bundle atomically: to a temporary file beside `path`, then
    /// renamed over it, so an interrupted write never leaves a broken model.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.to_bytes()?)
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The built-in bundle with a small feature space that has evidence columns
/// and made-up weights of the right width: for tests of the evidence paths,
/// which the built-in model (trained without them) does not take.
#[cfg(test)]
pub(crate) fn with_toy_evidence(mut bundle: ModelBundle) -> ModelBundle {
    use crate::featurize::feature_keys;
    use crate::labels::{Label, LabelSet};
    let labeled = [
        ("Police seized cocaine at the port.", Some(Label::Drugs)),
        ("The casino took illegal bets.", Some(Label::Gambling)),
        ("He forged cheques to defraud the bank.", Some(Label::Fraud)),
        ("The mayor opened a library.", None),
    ];
    let keys: Vec<Vec<u64>> = labeled.iter().map(|(text, _)| feature_keys(&bundle.tokenizer, text, None)).collect();
    let labels: Vec<LabelSet> = labeled.iter().map(|(_, label)| label.iter().copied().collect()).collect();
    bundle.features = FeatureSpace::fit(&keys, &labels, 5, 1, 0.3, 1.0);
    let width = bundle.features.len();
    for (i, model) in bundle.classifier.per_label.iter_mut().enumerate() {
        model.weights = (0..width).map(|c| ((c * 7 + i * 3) % 5) as f32 - 2.0).collect();
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_version(bytes: &[u8]) -> u32 {
        let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
        serde_json::from_slice::<Header>(&bytes[..newline]).unwrap().format_version
    }

    fn payload(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(&bytes[bytes.iter().position(|&b| b == b'\n').unwrap() + 1..]).unwrap()
    }

    #[test]
    fn bundles_without_evidence_columns_keep_format_3_and_those_with_them_say_4() {
        let plain = ModelBundle::built_in().unwrap();
        assert!(!plain.features.has_evidence());
        let bytes = plain.to_bytes().unwrap();
        assert_eq!(header_version(&bytes), FORMAT_WITHOUT_EVIDENCE);
        assert!(payload(&bytes)["features"].get("evidence").is_none(), "no evidence field");
        assert_eq!(ModelBundle::from_bytes(&bytes, "test").unwrap().features, plain.features);

        let with_evidence = with_toy_evidence(plain);
        let bytes = with_evidence.to_bytes().unwrap();
        assert_eq!(header_version(&bytes), FORMAT_VERSION);
        assert!(payload(&bytes)["features"].get("evidence").is_some());
        let read = ModelBundle::from_bytes(&bytes, "test").unwrap();
        assert!(read.features.has_evidence());
        assert_eq!(read.features, with_evidence.features);
    }
}

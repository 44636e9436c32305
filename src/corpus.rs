//! The labeled corpus (GUIDELINES.md, "Files"): loading, validation, splits
//! and statistics.
//!
//! `corpus/sentences/*.jsonl` holds sentences, `corpus/documents/*.jsonl`
//! documents with gold counts. Every line is checked, and a bad one is reported
//! with its file and line. The dev split is fixed by a hash of the sentence text
//! (one in ten sentences); one document in five, by a hash of its id, is held
//! out from training for the held-out scores.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::counts::Qualifier;
use crate::error::{Error, Result};
use crate::hash::{fnv1a, hash_str, FNV_OFFSET};
use crate::labels::{Label, LabelSet};

/// A labeled sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabeledSentence {
    /// The sentence.
    pub text: String,
    /// Its labels.
    pub labels: LabelSet,
    /// Gold counts (document form only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<GoldCount>,
}

/// A gold count of a document sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldCount {
    /// The words that state it.
    pub text: String,
    /// Normalised value.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// What is counted.
    pub object: String,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Labels of the count.
    pub labels: LabelSet,
}

/// A document with gold sentences and counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabeledDocument {
    /// Its id.
    pub id: String,
    /// The full text.
    pub text: String,
    /// Every sentence, in order.
    pub sentences: Vec<LabeledSentence>,
}

/// Where a corpus item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
}

/// The whole labeled corpus.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Sentence-form items.
    pub sentences: Vec<(Origin, LabeledSentence)>,
    /// Document-form items.
    pub documents: Vec<(Origin, LabeledDocument)>,
    /// FNV-1a of all files read, in path order.
    pub hash: u64,
}

/// Which split a sentence or document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Used to train (and cross-validate).
    Train,
    /// Used to choose thresholds and models.
    Dev,
    /// Documents kept out of training and tuning.
    HeldOut,
}

/// The split of a sentence-form item: one in ten is dev.
pub fn sentence_split(text: &str) -> Split {
    if hash_str(text).is_multiple_of(10) {
        Split::Dev
    } else {
        Split::Train
    }
}

/// The split of a document: one in five is held out.
pub fn document_split(id: &str) -> Split {
    if hash_str(id).is_multiple_of(5) {
        Split::HeldOut
    } else {
        Split::Train
    }
}

impl Corpus {
    /// Reads every `.jsonl` file under `dir/sentences` and `dir/documents`
    /// (a corpus folder), or in `dir` itself when it has neither, or a single
    /// file (either form, told apart line by line). Fails on the first
    /// malformed line, naming it, and when nothing labeled is found.
    pub fn load(path: &Path) -> Result<Self> {
        let mut files = Vec::new();
        let is_folder = path.is_dir();
        if is_folder {
            let subfolders: Vec<PathBuf> = ["sentences", "documents"].iter().map(|sub| path.join(sub)).filter(|dir| dir.is_dir()).collect();
            let folders = if subfolders.is_empty() { vec![path.to_path_buf()] } else { subfolders };
            for dir in folders {
                let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map_err(|e| Error::io(&dir, e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                    .collect();
                found.sort();
                files.extend(found);
            }
        } else {
            files.push(path.to_path_buf());
        }
        let mut corpus = Corpus { hash: FNV_OFFSET, ..Corpus::default() };
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            // Named within the corpus, so the hash does not depend on where the corpus lies.
            let name = if is_folder { file.strip_prefix(path).unwrap_or(&file) } else { Path::new(file.file_name().unwrap_or_default()) };
            corpus.hash = fnv1a(fnv1a(corpus.hash, name.to_string_lossy().as_bytes()), text.as_bytes());
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let origin = Origin { path: file.clone(), line: i + 1 };
                let bad = |reason: String| Error::Corpus { path: file.clone(), line: i + 1, reason };
                let value: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
                if value.get("sentences").is_some() {
                    let doc: LabeledDocument = serde_json::from_value(value).map_err(|e| bad(format!("bad document: {e}")))?;
                    corpus.documents.push((origin, doc));
                } else {
                    let sentence: LabeledSentence = serde_json::from_value(value).map_err(|e| bad(format!("bad sentence: {e}")))?;
                    corpus.sentences.push((origin, sentence));
                }
            }
        }
        if corpus.sentences.is_empty() && corpus.documents.is_empty() {
            return Err(Error::EmptyCorpus(path.to_path_buf()));
        }
        Ok(corpus)
    }

    /// Checks what a line-by-line parse cannot: counts inside their sentence,
    /// count labels within sentence labels, document sentences found in order,
    /// valid units and values, and exact duplicates. Returns every problem.
    pub fn check(&self) -> Vec<Error> {
        let mut problems = Vec::new();
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        let problem = |origin: &Origin, reason: String| Error::Corpus { path: origin.path.clone(), line: origin.line, reason };
        for (origin, s) in &self.sentences {
            if s.text.trim().is_empty() {
                problems.push(problem(origin, "empty text".into()));
            }
            if !s.counts.is_empty() {
                problems.push(problem(origin, "counts belong in the document form".into()));
            }
            if let Some(first) = seen.insert(s.text.as_str(), origin) {
                problems.push(problem(origin, format!("duplicate of {}:{}", first.path.display(), first.line)));
            }
        }
        let mut ids: HashMap<&str, &Origin> = HashMap::new();
        for (origin, doc) in &self.documents {
            if let Some(first) = ids.insert(doc.id.as_str(), origin) {
                problems.push(problem(origin, format!("document id {:?} also at {}:{}", doc.id, first.path.display(), first.line)));
            }
            let mut from = 0;
            for (k, s) in doc.sentences.iter().enumerate() {
                match doc.text[from..].find(&s.text) {
                    Some(at) => from += at + s.text.len(),
                    None => problems.push(problem(
                        origin,
                        format!("document {}: sentence {} not found in order in the text: {:?}", doc.id, k + 1, s.text),
                    )),
                }
                for c in &s.counts {
                    if !s.text.contains(&c.text) {
                        problems.push(problem(origin, format!("document {}: count {:?} is not in sentence {}", doc.id, c.text, k + 1)));
                    }
                    if !c.labels.is_subset(s.labels) {
                        problems
                            .push(problem(origin, format!("document {}: count {:?} has labels outside its sentence's", doc.id, c.text)));
                    }
                    if !c.value.is_finite() || c.value < 0.0 {
                        problems.push(problem(origin, format!("document {}: count {:?} has value {}", doc.id, c.text, c.value)));
                    }
                    let unit_ok = matches!(c.unit.as_str(), "count" | "kg" | "l")
                        || (c.unit.len() == 3 && c.unit.chars().all(|ch| ch.is_ascii_uppercase()));
                    if !unit_ok {
                        problems.push(problem(origin, format!("document {}: count {:?} has unknown unit {:?}", doc.id, c.text, c.unit)));
                    }
                }
            }
        }
        problems
    }

    /// Label and count statistics, for the validator and the datasheet.
    pub fn stats(&self) -> CorpusStats {
        let mut stats = CorpusStats::default();
        let mut near: HashMap<String, usize> = HashMap::new();
        for (_, s) in &self.sentences {
            stats.sentences += 1;
            tally(&mut stats.sentence_labels, s.labels);
            if s.labels.len() >= 2 {
                stats.multi_label_sentences += 1;
            }
            if s.labels.is_empty() {
                stats.unlabeled_sentences += 1;
            }
            if sentence_split(&s.text) == Split::Dev {
                stats.dev_sentences += 1;
            }
            *near.entry(near_duplicate_key(&s.text)).or_default() += 1;
        }
        stats.near_duplicates = near.values().map(|&n| n - 1).sum();
        for (_, doc) in &self.documents {
            stats.documents += 1;
            if document_split(&doc.id) == Split::HeldOut {
                stats.held_out_documents += 1;
            }
            stats.min_document_sentences =
                Some(stats.min_document_sentences.map_or(doc.sentences.len(), |m: usize| m.min(doc.sentences.len())));
            stats.max_document_sentences = stats.max_document_sentences.max(doc.sentences.len());
            for s in &doc.sentences {
                stats.document_sentences += 1;
                tally(&mut stats.document_sentence_labels, s.labels);
                for c in &s.counts {
                    stats.gold_counts += 1;
                    *stats
                        .count_units
                        .entry(if matches!(c.unit.as_str(), "count" | "kg" | "l") { c.unit.clone() } else { "money".into() })
                        .or_default() += 1;
                }
            }
        }
        stats
    }
}

fn tally(map: &mut BTreeMap<String, usize>, set: LabelSet) {
    if set.is_empty() {
        *map.entry("none".into()).or_default() += 1;
    }
    for label in set.iter() {
        *map.entry(label.name().into()).or_default() += 1;
    }
}

/// Text with case, digits and punctuation folded: two sentences with the same
/// key differ only in numbers or punctuation.
fn near_duplicate_key(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphabetic() {
                Some(c.to_ascii_lowercase())
            } else if c.is_numeric() {
                Some('0')
            } else if c.is_whitespace() {
                Some(' ')
            } else {
                None
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts that describe the corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CorpusStats {
    /// Sentence-form items.
    pub sentences: usize,
    /// Of which with no label.
    pub unlabeled_sentences: usize,
    /// Of which with two or more labels.
    pub multi_label_sentences: usize,
    /// Of which in the dev split.
    pub dev_sentences: usize,
    /// Sentence-form items per label (and "none").
    pub sentence_labels: BTreeMap<String, usize>,
    /// Sentences equal to an earlier one but for case, digits and punctuation.
    pub near_duplicates: usize,
    /// Documents.
    pub documents: usize,
    /// Of which held out.
    pub held_out_documents: usize,
    /// Fewest sentences in a document.
    pub min_document_sentences: Option<usize>,
    /// Most sentences in a document.
    pub max_document_sentences: usize,
    /// Sentences in documents.
    pub document_sentences: usize,
    /// Document sentences per label (and "none").
    pub document_sentence_labels: BTreeMap<String, usize>,
    /// Gold counts in documents.
    pub gold_counts: usize,
    /// Gold counts by unit kind.
    pub count_units: BTreeMap<String, usize>,
}

impl CorpusStats {
    /// The targets, each with whether it is met.
    pub fn targets(&self) -> Vec<(String, bool)> {
        let mut out = vec![
            (format!("sentences {} >= 5000", self.sentences), self.sentences >= 5000),
            (format!("multi-label sentences {} >= 500", self.multi_label_sentences), self.multi_label_sentences >= 500),
            (format!("unlabeled sentences {} >= 2000", self.unlabeled_sentences), self.unlabeled_sentences >= 2000),
            (format!("documents {} >= 150", self.documents), self.documents >= 150),
            (format!("gold counts {} >= 1000", self.gold_counts), self.gold_counts >= 1000),
        ];
        for label in Label::ALL {
            let n = self.sentence_labels.get(label.name()).copied().unwrap_or(0);
            out.push((format!("{label} sentences {n} >= 600"), n >= 600));
        }
        let sizes_ok = self.min_document_sentences.is_none_or(|m| m >= 8) && self.max_document_sentences <= 25;
        out.push((
            format!("document sizes {}..={} within 8..=25", self.min_document_sentences.unwrap_or(0), self.max_document_sentences),
            sizes_ok,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) {
        std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.join(name), body).unwrap();
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "sentences/a.jsonl", "{\"text\": \"ok\", \"labels\": []}\n{\"text\": \"x\", \"labels\": [\"murder\"]}\n");
        let err = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("a.jsonl:2") && err.contains("murder"), "{err}");
        write(dir.path(), "sentences/a.jsonl", "{\"text\": \"ok\", \"labels\": []}\nnot json\n");
        assert!(Corpus::load(dir.path()).unwrap_err().to_string().contains("a.jsonl:2: not JSON"));
    }

    #[test]
    fn a_folder_of_jsonl_files_loads_and_an_empty_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("no labeled sentences or documents"), "{err}");
        write(dir.path(), "a.jsonl", "{\"text\": \"Police seized 12 guns.\", \"labels\": [\"firearms\"]}\n");
        assert_eq!(Corpus::load(dir.path()).unwrap().sentences.len(), 1);
    }

    #[test]
    fn check_finds_each_kind_of_problem() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "sentences/a.jsonl", "{\"text\": \"Same.\", \"labels\": []}\n{\"text\": \"Same.\", \"labels\": [\"drugs\"]}\n");
        let doc = serde_json::json!({"id": "d1", "text": "Two. One.", "sentences": [
            {"text": "One.", "labels": ["drugs"], "counts": [{"text": "5 kg", "value": 5, "unit": "kg", "object": "", "qualifier": "exact", "labels": ["drugs"]}]},
            {"text": "Two.", "labels": [], "counts": [{"text": "Two", "value": 2, "unit": "count", "object": "", "qualifier": "exact", "labels": ["fraud"]}]}
        ]});
        write(dir.path(), "documents/d.jsonl", &format!("{doc}\n"));
        let corpus = Corpus::load(dir.path()).unwrap();
        let problems: Vec<String> = corpus.check().iter().map(|e| e.to_string()).collect();
        let all = problems.join("\n");
        assert!(all.contains("a.jsonl:2: duplicate of"), "{all}");
        assert!(all.contains("sentence 2 not found in order"), "{all}");
        assert!(all.contains("count \"5 kg\" is not in sentence 1"), "{all}");
        assert!(all.contains("labels outside"), "{all}");
    }

    #[test]
    fn the_hash_follows_the_contents_not_where_the_corpus_lies() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for dir in [one.path(), two.path()] {
            write(dir, "sentences/a.jsonl", "{\"text\": \"Police seized 12 guns.\", \"labels\": [\"firearms\"]}\n");
        }
        let hash = |p: &Path| Corpus::load(p).unwrap().hash;
        assert_eq!(hash(one.path()), hash(two.path()));
        assert_eq!(hash(&one.path().join("sentences/a.jsonl")), hash(&two.path().join("sentences/a.jsonl")));
        write(two.path(), "sentences/a.jsonl", "{\"text\": \"Police seized 13 guns.\", \"labels\": [\"firearms\"]}\n");
        assert_ne!(hash(one.path()), hash(two.path()));
    }

    #[test]
    fn near_duplicates_fold_numbers_and_case() {
        assert_eq!(near_duplicate_key("Police seized 12 guns."), near_duplicate_key("police seized 31 guns"));
    }
}

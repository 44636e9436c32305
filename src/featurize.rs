//! Stage 4, featurize: words and their pieces → a sparse TF-IDF vector.
//!
//! Features are words; for rare words (those the vocabulary spells in several
//! pieces), their WordPiece pieces and character 4- and 5-grams, so a new
//! drug name shares evidence with its kin ("protonitazene" with "etonitazene";
//! the README's feature sets measure this on unseen names); and word bigrams
//! ("port of", "<num> rounds"). Each is a stable 64-bit key; training keeps the most
//! label-informative keys (chi-squared against each label) as columns with their
//! IDF. Vectors are `(1 + ln tf) · idf`, L2-normalised over every key of the
//! sentence, the keys that are not columns weighing in at one IDF-like weight
//! (see [`FeatureSpace::vectorize`]); after the columns come five evidence
//! columns, one per label, that sum every key's naive-Bayes evidence (see
//! [`Evidence`]). Next stage: [`crate::classify`].

use std::collections::HashMap;

use ahash::AHashMap;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::hash::FNV_OFFSET;
use crate::labels::{Label, LabelSet};
use crate::tokenize::Tokenizer;

/// A sparse vector: sorted column indices and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVector {
    /// Column indices, ascending.
    pub indices: Vec<u32>,
    /// The value of each column.
    pub values: Vec<f32>,
}

/// What kind of feature a key stands for (its top byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeatureKind {
    Piece = 1,
    Word = 2,
    Bigram = 3,
    CharGram = 4,
}

/// Lengths of the character n-grams taken from rare words.
const CHAR_GRAM_LENGTHS: [usize; 2] = [4, 5];

/// The character n-grams of a rare word, with `>` marking its end, and (with
/// `names`) their readable names. WordPiece cuts an unseen word wherever its
/// vocabulary allows ("protonitazene" → "pro ##to ##ni …"), so the pieces
/// rarely line up with a known word's; n-grams share "azene" and "zolam>"
/// with kin wherever the cut falls. Grams starting at the first letter are
/// left out: opening letters are what names share with drug names
/// ("Butterfield", "butonitazene"), and such grams tagged names on real pages
/// as drugs; a family's mark sits inside or at the end of the word.
fn push_char_grams(form: &str, keys: &mut Vec<u64>, names: Option<&mut HashMap<u64, String>>) {
    let chars: SmallVec<[char; 32]> = form.chars().skip(1).chain(std::iter::once('>')).collect();
    let grams = || CHAR_GRAM_LENGTHS.into_iter().flat_map(|n| chars.windows(n));
    let first = keys.len();
    keys.reserve(CHAR_GRAM_LENGTHS.len() * chars.len());
    keys.extend(grams().map(|gram| key(FeatureKind::CharGram, stable_hash(gram.iter().map(|&c| u64::from(c))))));
    if let Some(names) = names {
        for (&k, gram) in keys[first..].iter().zip(grams()) {
            names.insert(k, format!("~{}", gram.iter().collect::<String>()));
        }
    }
}

/// A stable hash of a sequence of ids, so keys saved in a bundle stay valid.
/// It mixes whole 64-bit words (as rustc's FxHash does): byte-wise FNV was a
/// fifth of the featurizing time.
fn stable_hash(parts: impl IntoIterator<Item = u64>) -> u64 {
    parts.into_iter().fold(FNV_OFFSET, |hash, part| (hash.rotate_left(5) ^ part).wrapping_mul(0x517c_c1b7_2722_0a95))
}

fn key(kind: FeatureKind, value: u64) -> u64 {
    ((kind as u64) << 56) | (value & 0x00ff_ffff_ffff_ffff)
}

/// The feature keys of `text`, one per occurrence; with `names`, a readable
/// name for each key too (for explanations).
pub fn feature_keys(tokenizer: &Tokenizer, text: &str, mut names: Option<&mut HashMap<u64, String>>) -> Vec<u64> {
    let mut keys = Vec::with_capacity(text.len() / 2);
    let mut previous: Option<(u64, String)> = None;
    tokenizer.for_each_word_pieces(text, |form, pieces| {
        // A word of one piece is a feature of its own, not its piece: the piece
        // "den" also begins "Dennis", and sharing one weight tagged names
        // gambling ("gaming den").
        keys.push(key(FeatureKind::Word, pieces.hash));
        if pieces.ids.len() > 1 {
            keys.extend(pieces.ids.iter().map(|&piece| key(FeatureKind::Piece, u64::from(piece))));
            push_char_grams(form, &mut keys, names.as_deref_mut());
        }
        if let Some(names) = names.as_deref_mut() {
            names.insert(key(FeatureKind::Word, pieces.hash), form.to_string());
            if pieces.ids.len() > 1 {
                for &piece in &pieces.ids {
                    names.insert(key(FeatureKind::Piece, u64::from(piece)), tokenizer.piece(piece).unwrap_or_default());
                }
            }
        }
        let word_hash = pieces.hash;
        if let Some((prev_hash, prev_form)) = &previous {
            let bigram = key(FeatureKind::Bigram, stable_hash([*prev_hash, word_hash]));
            keys.push(bigram);
            if let Some(names) = names.as_deref_mut() {
                names.insert(bigram, format!("{prev_form} {form}"));
            }
        }
        // Only explanations need the previous word's text.
        let prev_form = if names.is_some() { form.to_string() } else { String::new() };
        previous = Some((word_hash, prev_form));
    });
    keys
}

/// The chosen feature columns and their IDF weights, and the evidence
/// columns that follow them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeatureSpace {
    /// Column keys, ascending.
    keys: Vec<u64>,
    /// IDF of each column.
    idf: Vec<f32>,
    /// The weight, in a vector's norm, of each key that is not a column.
    unselected_idf: f32,
    /// Every candidate key's naive-Bayes evidence, one column per label
    /// (absent from bundles trained without it).
    #[serde(default, skip_serializing_if = "Evidence::is_off")]
    evidence: Evidence,
    /// Each key's column and evidence row: one lookup a key when vectorizing.
    #[serde(skip)]
    index: AHashMap<u64, Slot>,
}

/// Where a key goes in a vector: its column, its evidence row, or both
/// ([`Slot::NONE`] for neither). Plain `u32`s keep the table small: it is
/// read for every key of every sentence.
#[derive(Debug, Clone, Copy)]
struct Slot {
    column: u32,
    evidence: u32,
}

impl Slot {
    const NONE: u32 = u32::MAX;

    fn column(self) -> Option<u32> {
        (self.column != Self::NONE).then_some(self.column)
    }

    fn evidence(self) -> Option<u32> {
        (self.evidence != Self::NONE).then_some(self.evidence)
    }
}

impl Default for Slot {
    fn default() -> Self {
        Slot { column: Self::NONE, evidence: Self::NONE }
    }
}

/// Naive-Bayes evidence for each label from every candidate key, column or
/// not: only a few thousand keys can be columns of the dense matrix linfa
/// trains on, and the rest of the vocabulary (rare words, bigrams, grams)
/// still tells something. Each key has a log-count ratio per label (how much
/// likelier it is in sentences with the label than without; Wang & Manning's
/// NBSVM ratio, add-one smoothed). A sentence's evidence for a label is the
/// sum of its keys' ratios, each weighted by the key's TF-IDF over the L2
/// norm of those weights, times `scale`; it is one more column per label, and
/// the logistic model learns how far to trust it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Candidate keys, ascending (their rows are found through [`FeatureSpace`]'s index).
    keys: Vec<u64>,
    /// Per key, its IDF, then its log-count ratio for each label.
    weights: Vec<[f32; 6]>,
    /// Scale of the evidence columns; 0 leaves them out.
    scale: f32,
}

/// Training sentences are split this many ways so that each one's evidence
/// comes from ratios counted without it (otherwise a rare key's ratio would
/// restate its own sentence's label, and the model would trust it too much).
const EVIDENCE_FOLDS: usize = 5;

impl Evidence {
    /// Counts the ratios of `candidates` (key, IDF; ascending keys) over labeled sentences.
    fn fit(candidates: &[(u64, f32)], sentences: &[&[u64]], labels: &[LabelSet], scale: f32) -> Self {
        if scale == 0.0 {
            return Evidence::default();
        }
        let mut evidence = Evidence {
            keys: candidates.iter().map(|&(k, _)| k).collect(),
            weights: candidates.iter().map(|&(_, idf)| [idf, 0.0, 0.0, 0.0, 0.0, 0.0]).collect(),
            scale,
        };
        evidence.count_ratios(sentences, labels);
        evidence
    }

    /// (Re)counts the ratios of the same keys over `sentences`.
    fn count_ratios(&mut self, sentences: &[&[u64]], labels: &[LabelSet]) {
        let row_of: AHashMap<u64, u32> = self.keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        // Per key: sentences it is in, and of those, sentences with each label.
        let mut counts = vec![(0u32, [0u32; 5]); self.keys.len()];
        let mut unique = Vec::new();
        for (keys, set) in sentences.iter().zip(labels) {
            unique.clear();
            unique.extend(keys.iter().filter_map(|k| row_of.get(k).copied()));
            unique.sort_unstable();
            unique.dedup();
            for &i in &unique {
                let entry = &mut counts[i as usize];
                entry.0 += 1;
                for label in set.iter() {
                    entry.1[label.index()] += 1;
                }
            }
        }
        let vocabulary = self.keys.len() as f64;
        for label in Label::ALL {
            let l = label.index();
            let on: f64 = counts.iter().map(|c| f64::from(c.1[l])).sum();
            let off: f64 = counts.iter().map(|c| f64::from(c.0 - c.1[l])).sum();
            for (weights, &(df, with_label)) in self.weights.iter_mut().zip(&counts) {
                let (pos, neg) = (f64::from(with_label[l]), f64::from(df - with_label[l]));
                weights[1 + l] = (((1.0 + pos) / (vocabulary + on)).ln() - ((1.0 + neg) / (vocabulary + off)).ln()) as f32;
            }
        }
    }

    fn is_off(&self) -> bool {
        self.scale == 0.0
    }

    fn columns(&self) -> usize {
        if self.is_off() {
            0
        } else {
            Label::ALL.len()
        }
    }
}

impl PartialEq for FeatureSpace {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys && self.idf == other.idf && self.unselected_idf == other.unselected_idf && self.evidence == other.evidence
    }
}

impl FeatureSpace {
    /// Chooses up to `max_features` columns among keys seen in at least
    /// `min_df` training sentences, ranking them by their best chi-squared
    /// score against any label. The keys left out weigh in vectors' norms at
    /// `unselected_weight` times the mean IDF of the candidates not chosen,
    /// each weighted by the sentences it is in. Every candidate gets its
    /// evidence ratios ([`Evidence`]; none when `evidence_scale` is 0).
    pub fn fit(
        sentences: &[Vec<u64>],
        labels: &[LabelSet],
        max_features: usize,
        min_df: u32,
        unselected_weight: f32,
        evidence_scale: f32,
    ) -> Self {
        let n = sentences.len() as f64;
        let mut df: HashMap<u64, (u32, [u32; 5])> = HashMap::new();
        let mut label_totals = [0u32; 5];
        for (keys, &set) in sentences.iter().zip(labels) {
            for label in set.iter() {
                label_totals[label.index()] += 1;
            }
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            for k in unique {
                let entry = df.entry(k).or_insert((0, [0; 5]));
                entry.0 += 1;
                for label in set.iter() {
                    entry.1[label.index()] += 1;
                }
            }
        }
        let mut scored: Vec<(f64, u64, u32)> = df
            .into_iter()
            .filter(|(_, (count, _))| *count >= min_df)
            .map(|(k, (count, per_label))| {
                let best = Label::ALL
                    .iter()
                    .map(|l| chi_squared(n, f64::from(count), f64::from(label_totals[l.index()]), f64::from(per_label[l.index()])))
                    .fold(0.0, f64::max);
                (best, k, count)
            })
            .collect();
        // Highest score first; ties broken by key so training is deterministic.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let idf_of = |count: u32| ((1.0 + n) / (1.0 + f64::from(count))).ln() + 1.0;
        let (mut unselected_idf_sum, mut unselected_occurrences) = (0.0, 0.0);
        for &(_, _, count) in scored.iter().skip(max_features) {
            unselected_idf_sum += f64::from(count) * idf_of(count);
            unselected_occurrences += f64::from(count);
        }
        let unselected_idf = unselected_weight * (unselected_idf_sum / f64::max(unselected_occurrences, 1.0)) as f32;
        let mut candidates: Vec<(u64, f32)> = scored.iter().map(|&(_, k, count)| (k, idf_of(count) as f32)).collect();
        candidates.sort_unstable_by_key(|&(k, _)| k);
        let sentence_refs: Vec<&[u64]> = sentences.iter().map(Vec::as_slice).collect();
        let evidence = Evidence::fit(&candidates, &sentence_refs, labels, evidence_scale);
        scored.truncate(max_features);
        scored.sort_by_key(|&(_, k, _)| k);
        let keys = scored.iter().map(|&(_, k, _)| k).collect();
        let idf = scored.iter().map(|&(_, _, count)| idf_of(count) as f32).collect();
        let mut space = FeatureSpace { keys, idf, unselected_idf, evidence, index: AHashMap::new() };
        space.rebuild_index();
        space
    }

    #[cfg(test)]
    fn from_parts(keys: Vec<u64>, idf: Vec<f32>, unselected_idf: f32) -> Self {
        let mut space = FeatureSpace { keys, idf, unselected_idf, evidence: Evidence::default(), index: AHashMap::new() };
        space.rebuild_index();
        space
    }

    /// The vectors of the training sentences: each one's evidence columns
    /// come from ratios counted on the other training sentences (see
    /// [`EVIDENCE_FOLDS`]); the columns are as [`FeatureSpace::vectorize`] gives.
    pub fn training_rows(&self, sentences: &[Vec<u64>], labels: &[LabelSet]) -> Vec<SparseVector> {
        if !self.has_evidence() {
            return sentences.iter().map(|keys| self.vectorize(keys)).collect();
        }
        let mut rows = vec![SparseVector::default(); sentences.len()];
        for fold in 0..EVIDENCE_FOLDS {
            let (others, others_labels): (Vec<&[u64]>, Vec<LabelSet>) = sentences
                .iter()
                .zip(labels)
                .enumerate()
                .filter(|(i, _)| i % EVIDENCE_FOLDS != fold)
                .map(|(_, (k, &l))| (k.as_slice(), l))
                .unzip();
            let mut space = self.clone();
            space.evidence.count_ratios(&others, &others_labels);
            for i in (fold..sentences.len()).step_by(EVIDENCE_FOLDS) {
                rows[i] = space.vectorize(&sentences[i]);
            }
        }
        rows
    }

    /// Rebuilds the lookup tables after deserialisation.
    pub fn rebuild_index(&mut self) {
        let mut index: AHashMap<u64, Slot> = AHashMap::with_capacity(self.keys.len() + self.evidence.keys.len());
        for (i, &key) in self.keys.iter().enumerate() {
            index.entry(key).or_default().column = i as u32;
        }
        if self.has_evidence() {
            for (i, &key) in self.evidence.keys.iter().enumerate() {
                index.entry(key).or_default().evidence = i as u32;
            }
        }
        self.index = index;
    }

    /// Number of columns: the chosen keys, then the evidence columns.
    pub fn len(&self) -> usize {
        self.keys.len() + self.evidence.columns()
    }

    /// Whether the vectors end in evidence columns.
    pub fn has_evidence(&self) -> bool {
        !self.evidence.is_off()
    }

    /// The evidence columns, one per label in [`Label::ALL`] order (empty without evidence).
    pub fn evidence_columns(&self) -> std::ops::Range<usize> {
        self.keys.len()..self.len()
    }

    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The column of a key, if it is one.
    pub fn column(&self, key: u64) -> Option<u32> {
        self.index.get(&key).and_then(|slot| slot.column())
    }

    /// The TF-IDF vector of a sentence's keys. Keys that are not columns
    /// are dropped but still count in the norm: normalised over its columns
    /// alone, a sentence of unknown words (a Spanish page title) gave its one
    /// or two known keys full weight ("declaración" → "~clar", as in
    /// "undeclared", scored 0.86 smuggling). The evidence columns, when the
    /// space has them, follow the chosen columns.
    pub fn vectorize(&self, keys: &[u64]) -> SparseVector {
        let mut vector = SparseVector::default();
        let mut unselected_norm2 = 0.0f32;
        // The evidence keys' (tf, weights), kept so each key is looked up once.
        let mut evidence_terms: SmallVec<[(f32, &[f32; 6]); 64]> = SmallVec::new();
        // Columns are numbered in key order, so sorted keys give sorted columns.
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        for run in sorted.chunk_by(|a, b| a == b) {
            let tf = term_frequency(run);
            let slot = self.index.get(&run[0]).copied().unwrap_or_default();
            match slot.column() {
                Some(column) => {
                    vector.indices.push(column);
                    vector.values.push(tf * self.idf[column as usize]);
                }
                None => unselected_norm2 += (tf * self.unselected_idf).powi(2),
            }
            if let Some(row) = slot.evidence() {
                evidence_terms.push((tf, &self.evidence.weights[row as usize]));
            }
        }
        let norm = (vector.values.iter().map(|v| v * v).sum::<f32>() + unselected_norm2).sqrt();
        if norm > 0.0 {
            vector.values.iter_mut().for_each(|v| *v /= norm);
        }
        if let Some(scale) = self.evidence_scale(&evidence_terms) {
            let mut evidence = [0.0f32; 5];
            for &(tf, weights) in &evidence_terms {
                evidence.iter_mut().zip(evidence_share(tf, weights, scale)).for_each(|(e, s)| *e += s);
            }
            for (i, e) in evidence.into_iter().enumerate() {
                vector.indices.push((self.keys.len() + i) as u32);
                vector.values.push(e);
            }
        }
        vector
    }

    /// Each key's share of the evidence columns of `vectorize(keys)`: the
    /// shares of all keys sum to those columns' values (for explanations).
    pub fn evidence_shares(&self, keys: &[u64]) -> Vec<(u64, [f32; 5])> {
        let found: Vec<(u64, f32, &[f32; 6])> =
            term_frequencies(keys).into_iter().filter_map(|(key, tf)| self.evidence_weights(key).map(|w| (key, tf, w))).collect();
        let terms: Vec<(f32, &[f32; 6])> = found.iter().map(|&(_, tf, w)| (tf, w)).collect();
        match self.evidence_scale(&terms) {
            Some(scale) => found.into_iter().map(|(key, tf, weights)| (key, evidence_share(tf, weights, scale))).collect(),
            None => Vec::new(),
        }
    }

    /// A candidate key's IDF and ratios, when the space has evidence columns.
    fn evidence_weights(&self, key: u64) -> Option<&[f32; 6]> {
        let row = self.index.get(&key)?.evidence()?;
        Some(&self.evidence.weights[row as usize])
    }

    /// What multiplies a key's TF-IDF weight times its ratios: the evidence
    /// scale over the L2 norm of the sentence's evidence keys' weights (none
    /// when the sentence has no evidence key).
    fn evidence_scale(&self, terms: &[(f32, &[f32; 6])]) -> Option<f32> {
        let norm2: f32 = terms.iter().map(|&(tf, weights)| (tf * weights[0]).powi(2)).sum();
        (norm2 > 0.0).then(|| self.evidence.scale / norm2.sqrt())
    }
}

/// One key's share of the evidence columns: scale × its TF-IDF weight × its ratios.
fn evidence_share(tf: f32, weights: &[f32; 6], scale: f32) -> [f32; 5] {
    let [idf, ratios @ ..] = *weights;
    ratios.map(|r| scale * tf * idf * r)
}

/// Each distinct key of a sentence, ascending, with its term frequency.
fn term_frequencies(keys: &[u64]) -> Vec<(u64, f32)> {
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.chunk_by(|a, b| a == b).map(|run| (run[0], term_frequency(run))).collect()
}

/// `1 + ln(count)` of a run of one key.
fn term_frequency(run: &[u64]) -> f32 {
    1.0 + (run.len() as f32).ln()
}

/// Chi-squared statistic of a 2×2 table: feature present/absent against label on/off.
fn chi_squared(n: f64, feature: f64, label: f64, both: f64) -> f64 {
    let table = [
        (both, feature * label / n),
        (feature - both, feature * (n - label) / n),
        (label - both, (n - feature) * label / n),
        (n - feature - label + both, (n - feature) * (n - label) / n),
    ];
    table.iter().map(|&(observed, expected)| if expected > 0.0 { (observed - expected).powi(2) / expected } else { 0.0 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_unit_length_with_sorted_columns() {
        let space = FeatureSpace::from_parts(vec![1, 5, 9], vec![1.0, 2.0, 3.0], 0.0);
        let v = space.vectorize(&[9, 1, 9, 42]);
        assert_eq!(v.indices, vec![0, 2]);
        let norm: f32 = v.values.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(v.values[1] > v.values[0]);
        assert!(space.vectorize(&[]).indices.is_empty());
    }

    #[test]
    fn keys_that_are_not_columns_shrink_the_columns_they_come_with() {
        let space = FeatureSpace::from_parts(vec![1, 5, 9], vec![1.0, 2.0, 3.0], 1.0);
        let known = space.vectorize(&[5]);
        let among_unknown = space.vectorize(&[5, 40, 41, 42]);
        assert_eq!(among_unknown.indices, known.indices);
        assert!((known.values[0] - 1.0).abs() < 1e-6);
        // Norm over 2 (the column) and three unknown keys at weight 1: sqrt(4 + 3).
        assert!((among_unknown.values[0] - 2.0 / 7f32.sqrt()).abs() < 1e-6, "{:?}", among_unknown.values);
    }

    #[test]
    fn selection_prefers_informative_keys() {
        let drugs: LabelSet = [Label::Drugs].into_iter().collect();
        let sentences = vec![vec![1, 7], vec![1, 7], vec![2, 7], vec![2, 7]];
        let labels = vec![drugs, drugs, LabelSet::EMPTY, LabelSet::EMPTY];
        let space = FeatureSpace::fit(&sentences, &labels, 2, 1, 0.3, 0.0);
        assert_eq!(space.keys, vec![1, 2], "key 7 is on every sentence and tells nothing");
        // Key 7, left out, is in all 4 sentences: IDF ln(5 / 5) + 1 = 1, weighted 0.3.
        assert!((space.unselected_idf - 0.3).abs() < 1e-6, "{}", space.unselected_idf);
    }

    /// Four drug sentences with key 1, four others with key 2, key 7 everywhere;
    /// key 3 is in one drug sentence only.
    fn evidence_toy_corpus() -> (Vec<Vec<u64>>, Vec<LabelSet>) {
        let drugs: LabelSet = [Label::Drugs].into_iter().collect();
        let mut sentences = vec![vec![1, 3, 7], vec![1, 7], vec![1, 7], vec![1, 7]];
        sentences.extend((0..4).map(|_| vec![2, 7]));
        let labels = [vec![drugs; 4], vec![LabelSet::EMPTY; 4]].concat();
        (sentences, labels)
    }

    #[test]
    fn evidence_columns_carry_the_labels_of_keys_that_are_not_columns() {
        let (sentences, labels) = evidence_toy_corpus();
        let space = FeatureSpace::fit(&sentences, &labels, 1, 1, 0.3, 1.0);
        assert_eq!(space.keys.len(), 1);
        assert_eq!(space.len(), 6, "one chosen column, then an evidence column per label");
        let unknown_column = if space.keys == [1] { 2 } else { 1 };
        let v = space.vectorize(&[unknown_column, 7]);
        assert_eq!(&v.indices[v.indices.len() - 5..], &[1, 2, 3, 4, 5]);
        let drugs_evidence = v.values[v.indices.len() - 5 + Label::Drugs.index()];
        assert!((drugs_evidence > 0.0) == (unknown_column == 1), "key {unknown_column}: {drugs_evidence}");
        // The shares of the keys add up to the evidence columns.
        let shares = space.evidence_shares(&[unknown_column, 7]);
        let sum: f32 = shares.iter().map(|(_, s)| s[Label::Drugs.index()]).sum();
        assert!((sum - drugs_evidence).abs() < 1e-6, "{sum} vs {drugs_evidence}");
        assert_eq!(FeatureSpace::fit(&sentences, &labels, 1, 1, 0.3, 0.0).len(), 1, "scale 0: no evidence columns");
    }

    #[test]
    fn a_training_sentence_gets_no_evidence_from_its_own_label() {
        let (sentences, labels) = evidence_toy_corpus();
        let space = FeatureSpace::fit(&sentences, &labels, 1, 1, 0.3, 1.0);
        let drugs_column = space.evidence_columns().start + Label::Drugs.index();
        let value = |v: &SparseVector| v.indices.iter().zip(&v.values).find(|(&c, _)| c as usize == drugs_column).map(|(_, &x)| x);
        // Key 3 is only in sentence 0: counted with that sentence, it is a
        // sure sign of drugs; its training row counts it without.
        let rows = space.training_rows(&sentences, &labels);
        assert_eq!(rows.len(), sentences.len());
        let with_own_label = value(&space.vectorize(&sentences[0])).unwrap();
        let without = value(&rows[0]).unwrap();
        assert!(without < with_own_label, "{without} vs {with_own_label}");
    }

    #[test]
    fn a_one_piece_word_shares_no_feature_with_a_longer_word_it_begins() {
        let texts = ["a gaming den", "the den was raided", "den of thieves", "Dennis said"];
        let tokenizer = Tokenizer::train(texts.iter().copied(), 200, 2).unwrap();
        let den = feature_keys(&tokenizer, "den", None);
        let dennis = feature_keys(&tokenizer, "Dennis", None);
        assert!(dennis.len() > 1, "Dennis takes several pieces in this vocabulary: {dennis:?}");
        assert!(den.iter().all(|k| !dennis.contains(k)), "{den:?} vs {dennis:?}");
    }

    #[test]
    fn rare_words_of_one_family_share_character_grams_wherever_their_pieces_fall() {
        let texts = ["police found bromazolam in the car", "the car was found", "police found the car"];
        let tokenizer = Tokenizer::train(texts.iter().copied(), 200, 2).unwrap();
        let mut names = HashMap::new();
        let known = feature_keys(&tokenizer, "bromazolam", Some(&mut names));
        let unseen = feature_keys(&tokenizer, "clonazolam", None);
        let shared: Vec<&str> = known.iter().filter(|k| unseen.contains(k)).map(|k| names[k].as_str()).collect();
        assert!(shared.contains(&"~zolam") && shared.contains(&"~olam>"), "{shared:?}");
        let name = feature_keys(&tokenizer, "brownfield", None);
        let shared_grams: Vec<&str> =
            known.iter().filter(|k| name.contains(k)).map(|k| names[k].as_str()).filter(|n| n.starts_with('~')).collect();
        assert!(shared_grams.is_empty(), "grams at the first letter (\"bro\") are left out: {shared_grams:?}");
        let car = feature_keys(&tokenizer, "car", None);
        assert_eq!(car.len(), 1, "a word of the vocabulary is one feature, with no grams: {car:?}");
    }

    #[test]
    fn stable_hash_is_stable() {
        assert_eq!(stable_hash([1, 2, 3]), stable_hash([1, 2, 3]));
        assert_ne!(stable_hash([1, 2]), stable_hash([2, 1]));
    }
}

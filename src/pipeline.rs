//! The pipeline: chains the stages for one document.
//!
//! input → [`normalize`](crate::normalize) → [`segment`](crate::segment) →
//! [`tokenize`](crate::tokenize) + [`featurize`](crate::featurize) →
//! [`classify`](crate::classify) → [`counts`](crate::counts) →
//! [`aggregate`](crate::aggregate) → [`DocumentResult`].

use std::cell::RefCell;

use ahash::AHashMap;

use crate::aggregate;
use crate::bundle::ModelBundle;
use crate::classify::Scores;
use crate::counts::{self, attach, Count, CurrencyContext};
use crate::featurize::{feature_keys, SparseVector};
use crate::labels::LabelSet;
use crate::normalize::{InputFormat, NormalizedText};
use crate::output::{DocumentResult, LabelScores, SentenceResult};
use crate::segment::segment;
use crate::text::Span;
use crate::tokenize::new_cache_id;

/// Sentences remembered per thread before the memory is cleared.
const SENTENCE_CACHE_LIMIT: usize = 20_000;
/// Longer sentences are not remembered: they seldom repeat.
const CACHED_SENTENCE_BYTES: usize = 400;

/// What tagging a sentence gives, wherever it stands: labels, scores, and
/// counts with offsets into the sentence.
#[derive(Debug, Clone)]
struct SentenceTags {
    labels: LabelSet,
    scores: Scores,
    counts: Vec<Count>,
}

thread_local! {
    /// Per-thread sentence → tags memory, for the tagger with the given id.
    /// Scraped pages repeat their furniture (menus, footers, linked
    /// headlines): in the 8,587-page US archive 70 % of sentences have been
    /// seen before on another page.
    static SENTENCE_CACHE: RefCell<(u64, AHashMap<String, SentenceTags>)> = RefCell::new((0, AHashMap::new()));
}

/// Tags documents with a loaded model bundle. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    bundle: ModelBundle,
    /// Identifies this tagger's entries in the sentence cache; 0 turns the cache off.
    cache_id: u64,
}

impl Tagger {
    /// A tagger using `bundle`.
    pub fn new(bundle: ModelBundle) -> Self {
        Tagger { bundle, cache_id: new_cache_id() }
    }

    /// The same tagger without the sentence cache: every sentence is tagged
    /// afresh (the output is the same; for measuring speed on unique text).
    pub fn without_sentence_cache(mut self) -> Self {
        self.cache_id = 0;
        self
    }

    /// The bundle in use.
    pub fn bundle(&self) -> &ModelBundle {
        &self.bundle
    }

    /// The feature vector of a piece of text.
    pub fn vectorize(&self, text: &str) -> SparseVector {
        self.bundle.features.vectorize(&feature_keys(&self.bundle.tokenizer, text, None))
    }

    /// The probability of each label for a piece of text (a sentence or phrase).
    pub fn scores(&self, text: &str) -> Scores {
        self.bundle.classifier.scores(&self.vectorize(text))
    }

    /// The labels and scores of one sentence.
    pub fn classify_sentence(&self, text: &str) -> (LabelSet, Scores) {
        let scores = self.scores(text);
        (self.bundle.classifier.decide(&scores), scores)
    }

    /// The counts of a sentence labeled `labels`, in a document whose
    /// currencies are `currencies`, attached to labels.
    pub fn sentence_counts(&self, text: &str, labels: LabelSet, currencies: &CurrencyContext) -> Vec<counts::Count> {
        let mut found = counts::extract_in(text, currencies);
        self.attach(&mut found, labels);
        found
    }

    /// (Re)attaches the counts of a sentence labeled `labels`.
    pub fn attach(&self, counts: &mut [Count], labels: LabelSet) {
        let threshold = self.bundle.attach_threshold;
        attach::attach(counts, labels, |phrase| self.scores(phrase), |_| threshold);
    }

    /// Tags one sentence of a document whose currencies are `currencies`,
    /// from the thread's sentence cache when it was tagged before.
    fn tag_sentence(&self, sentence: &str, currencies: &CurrencyContext) -> SentenceTags {
        let cacheable = self.cache_id != 0 && sentence.len() <= CACHED_SENTENCE_BYTES;
        if cacheable {
            let hit = SENTENCE_CACHE.with(|cell| {
                let cache = cell.borrow();
                if cache.0 == self.cache_id {
                    cache.1.get(sentence).cloned()
                } else {
                    None
                }
            });
            if let Some(tags) = hit {
                return tags;
            }
        }
        let consulted = currencies.consulted();
        let (labels, scores) = self.classify_sentence(sentence);
        let counts = self.sentence_counts(sentence, labels, currencies);
        let tags = SentenceTags { labels, scores, counts };
        // Counts read with the document's countries (bare pesos, rupees) belong to this document only.
        if cacheable && currencies.consulted() == consulted {
            SENTENCE_CACHE.with(|cell| {
                let mut cache = cell.borrow_mut();
                if cache.0 != self.cache_id || cache.1.len() >= SENTENCE_CACHE_LIMIT {
                    *cache = (self.cache_id, AHashMap::new());
                }
                cache.1.insert(sentence.to_string(), tags.clone());
            });
        }
        tags
    }

    /// Tags one document read as `format`.
    pub fn tag(&self, id: serde_json::Value, input: &str, format: InputFormat) -> DocumentResult {
        let normalized = NormalizedText::new(input, format);
        let text = normalized.text.as_ref();
        let currencies = CurrencyContext::of_document(text);
        let sentences: Vec<SentenceResult> = segment(text)
            .into_iter()
            .map(|span| {
                let sentence = span.slice(text);
                let SentenceTags { labels, scores, mut counts } = self.tag_sentence(sentence, &currencies);
                for count in &mut counts {
                    let place = normalized.to_input(Span::new(count.start, count.end).shift(span.start));
                    (count.start, count.end) = (place.start, place.end);
                }
                let place = normalized.to_input(span);
                SentenceResult {
                    start: place.start,
                    end: place.end,
                    text: sentence.to_string(),
                    labels,
                    scores: LabelScores::from(&scores),
                    counts,
                }
            })
            .collect();
        let labels = aggregate::document_labels(sentences.iter().map(|s| &s.labels));
        let totals = aggregate::totals(sentences.iter().flat_map(|s| &s.counts));
        DocumentResult { id, labels, sentences, totals, extra: serde_json::Map::new() }
    }
}

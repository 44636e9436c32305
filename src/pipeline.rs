//! The pipeline: chains the stages for one document.
//!
//! input → [`normalize`](crate::normalize) → [`segment`](crate::segment) →
//! [`tokenize`](crate::tokenize) + [`featurize`](crate::featurize) →
//! [`classify`](crate::classify) → [`counts`](crate::counts) →
//! [`aggregate`](crate::aggregate) → [`DocumentResult`].

use crate::aggregate;
use crate::bundle::ModelBundle;
use crate::classify::Scores;
use crate::counts::{self, attach, CurrencyContext};
use crate::featurize::{feature_keys, SparseVector};
use crate::labels::LabelSet;
use crate::normalize::{InputFormat, NormalizedText};
use crate::output::{DocumentResult, LabelScores, SentenceResult};
use crate::segment::segment;
use crate::text::Span;

/// Tags documents with a loaded model bundle. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    bundle: ModelBundle,
}

impl Tagger {
    /// A tagger using `bundle`.
    pub fn new(bundle: ModelBundle) -> Self {
        Tagger { bundle }
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
        let threshold = self.bundle.attach_threshold;
        attach::attach(text, &mut found, labels, |phrase| self.scores(phrase), |_| threshold);
        found
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
                let (labels, scores) = self.classify_sentence(sentence);
                let mut counts = self.sentence_counts(sentence, labels, &currencies);
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

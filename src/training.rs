//! Training: corpus → model bundle, with the scores that judge it.
//!
//! The tokenizer, feature space and per-label models are fitted on the train
//! split (sentence-form items outside dev, plus the sentences of documents not
//! held out); thresholds are tuned on the dev split; k-fold cross-validation
//! over the train split and the held-out documents give the reported scores.
//! Everything is deterministic: the same corpus and seed give the same bytes.

use rayon::prelude::*;
use serde::Serialize;

use crate::bundle::{BundleMeta, ModelBundle};
use crate::classify::train::{dense_matrix, fit_family, tune_thresholds, LogisticParams, ModelFamily};
use crate::classify::{LinearClassifier, Scores};
use crate::corpus::{document_split, sentence_split, Corpus, Split};
use crate::counts::CurrencyContext;
use crate::error::{Error, Result};
use crate::eval::{CountReport, LabelReport};
use crate::featurize::{feature_keys, FeatureSpace};
use crate::hash::{fnv1a, FNV_OFFSET};
use crate::labels::LabelSet;
use crate::output::LabelScores;
use crate::pipeline::Tagger;
use crate::tokenize::Tokenizer;

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// WordPiece vocabulary size.
    pub vocab_size: usize,
    /// Occurrences that make a word a vocabulary entry of its own; rarer
    /// words are spelt in pieces, which they share with their kin.
    pub min_word_count: u64,
    /// Feature columns kept.
    pub max_features: usize,
    /// Sentences a feature must occur in to be kept.
    pub min_df: u32,
    /// Weight of the keys that are not columns in each vector's norm, as a
    /// multiple of their mean IDF; 0 normalises over the columns alone.
    pub unselected_weight: f32,
    /// Scale of the naive-Bayes evidence columns; 0 leaves them out.
    pub evidence_scale: f32,
    /// The linfa model family.
    pub family: ModelFamily,
    /// Logistic regression settings (FTRL takes its epochs from `max_iterations`).
    pub logistic: LogisticParams,
    /// Cross-validation folds (0 or 1 to skip).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Probability at which a count's words point to a label.
    pub attach_threshold: f32,
    /// Thresholds maximise F-beta on the dev split; below 1 favours precision.
    pub threshold_beta: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            vocab_size: 8000,
            min_word_count: 5,
            max_features: 2500,
            min_df: 2,
            unselected_weight: 0.3,
            evidence_scale: 0.0,
            family: ModelFamily::Logistic,
            logistic: LogisticParams::default(),
            folds: 5,
            seed: 42,
            attach_threshold: 0.7,
            threshold_beta: 1.0,
        }
    }
}

/// A trained bundle and its measured scores.
#[derive(Debug, Clone)]
pub struct TrainOutcome {
    /// The model.
    pub bundle: ModelBundle,
    /// Cross-validated label scores over the train split.
    pub cross_validation: Option<LabelReport>,
    /// Each train-split sentence's scores from the fold that did not see it
    /// (empty without cross-validation): for error analysis and threshold studies.
    pub out_of_fold: Vec<OutOfFoldScores>,
    /// Label scores on the dev split (thresholds were tuned there).
    pub dev: LabelReport,
    /// Label scores on the held-out documents' sentences.
    pub held_out: LabelReport,
    /// Count scores on the held-out documents.
    pub held_out_counts: CountReport,
}

/// One sentence's probabilities from the cross-validation model that did not train on it.
#[derive(Debug, Clone, Serialize)]
pub struct OutOfFoldScores {
    /// The sentence.
    pub text: String,
    /// Its gold labels.
    pub gold: LabelSet,
    /// Its probabilities, as `classify` prints them.
    pub scores: LabelScores,
}

/// Labeled texts as parallel lists.
#[derive(Default)]
struct Examples<'a> {
    texts: Vec<&'a str>,
    labels: Vec<LabelSet>,
}

impl<'a> Examples<'a> {
    fn push(&mut self, text: &'a str, labels: LabelSet) {
        self.texts.push(text);
        self.labels.push(labels);
    }
}

/// Trains a bundle on `corpus`; `progress` hears about each step.
pub fn train(corpus: &Corpus, config: &TrainConfig, progress: &dyn Fn(&str)) -> Result<TrainOutcome> {
    let (mut train_set, mut dev_set) = (Examples::default(), Examples::default());
    for (_, s) in &corpus.sentences {
        match sentence_split(&s.text) {
            Split::Dev => dev_set.push(&s.text, s.labels),
            _ => train_set.push(&s.text, s.labels),
        }
    }
    let held_out_docs: Vec<_> = corpus.documents.iter().filter(|(_, d)| document_split(&d.id) == Split::HeldOut).map(|(_, d)| d).collect();
    for (_, doc) in corpus.documents.iter().filter(|(_, d)| document_split(&d.id) == Split::Train) {
        for s in &doc.sentences {
            train_set.push(&s.text, s.labels);
        }
    }
    if train_set.texts.is_empty() || dev_set.texts.is_empty() {
        return Err(Error::Train("the corpus needs sentences in both the train and dev splits".into()));
    }
    progress(&format!("tokenizer: training WordPiece on {} sentences", train_set.texts.len()));
    let tokenizer = Tokenizer::train(train_set.texts.iter().copied(), config.vocab_size, config.min_word_count)?;
    progress("features: extracting");
    let train_keys: Vec<Vec<u64>> = train_set.texts.par_iter().map(|t| feature_keys(&tokenizer, t, None)).collect();
    let dev_keys: Vec<Vec<u64>> = dev_set.texts.par_iter().map(|t| feature_keys(&tokenizer, t, None)).collect();

    progress("model: fitting on the train split");
    let (features, mut classifier) = fit(&train_keys, &train_set.labels, config)?;
    let dev_scores = score_all(&features, &classifier, &dev_keys);
    tune_thresholds(&mut classifier, &dev_scores, &dev_set.labels, config.threshold_beta);
    let dev = LabelReport::new(&decide_all(&classifier, &dev_scores), &dev_set.labels);

    let (cross_validation, out_of_fold) = if config.folds >= 2 {
        let (report, out_of_fold) = cross_validate(&train_keys, &train_set, &classifier, config, progress)?;
        (Some(report), out_of_fold)
    } else {
        (None, Vec::new())
    };

    let mut bundle = ModelBundle {
        meta: BundleMeta {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_hash: format!("{:016x}", corpus.hash),
            seed: config.seed,
            params: serde_json::json!({
                "family": config.family.name(), "vocab_size": config.vocab_size, "min_word_count": config.min_word_count, "max_features": config.max_features, "min_df": config.min_df, "unselected_weight": config.unselected_weight, "evidence_scale": config.evidence_scale,
                "alpha": config.logistic.alpha, "max_iterations": config.logistic.max_iterations, "folds": config.folds,
                "threshold_beta": config.threshold_beta,
                "train_sentences": train_set.texts.len(), "dev_sentences": dev_set.texts.len(), "held_out_documents": held_out_docs.len(),
            }),
            scores: serde_json::Value::Null,
        },
        tokenizer,
        features,
        classifier,
        attach_threshold: config.attach_threshold,
    };

    progress("scoring: held-out documents");
    let tagger = Tagger::new(bundle.clone());
    let mut held_predicted = Vec::new();
    let mut held_gold = Vec::new();
    let mut held_out_counts = CountReport::default();
    for doc in &held_out_docs {
        let currencies = CurrencyContext::of_document(&doc.text);
        for s in &doc.sentences {
            let (labels, _) = tagger.classify_sentence(&s.text);
            held_out_counts.add(&tagger.sentence_counts(&s.text, labels, &currencies), &s.counts);
            held_predicted.push(labels);
            held_gold.push(s.labels);
        }
    }
    let held_out = LabelReport::new(&held_predicted, &held_gold);
    bundle.meta.scores = serde_json::json!({
        "cross_validation": cross_validation.as_ref().map(LabelReport::summary),
        "dev": dev.summary(),
        "held_out_documents": held_out.summary(),
        "held_out_counts": held_out_counts.summary(),
        "thresholds": bundle.classifier.per_label.iter().map(|m| (m.label.name().to_string(), serde_json::json!(m.threshold))).collect::<serde_json::Map<_, _>>(),
    });
    Ok(TrainOutcome { bundle, cross_validation, out_of_fold, dev, held_out, held_out_counts })
}

/// Fits the feature space and the per-label models on keyed, labeled sentences.
fn fit(keys: &[Vec<u64>], labels: &[LabelSet], config: &TrainConfig) -> Result<(FeatureSpace, LinearClassifier)> {
    let features = FeatureSpace::fit(keys, labels, config.max_features, config.min_df, config.unselected_weight, config.evidence_scale);
    let rows = features.training_rows(keys, labels);
    let x = dense_matrix(&rows, features.len());
    let classifier = fit_family(&x, labels, config.family, config.logistic)?;
    Ok((features, classifier))
}

fn score_all(features: &FeatureSpace, classifier: &LinearClassifier, keys: &[Vec<u64>]) -> Vec<Scores> {
    keys.iter().map(|k| classifier.scores(&features.vectorize(k))).collect()
}

fn decide_all(classifier: &LinearClassifier, scores: &[Scores]) -> Vec<LabelSet> {
    scores.iter().map(|s| classifier.decide(s)).collect()
}

/// The fold of a sentence: a hash of the seed and the text.
pub fn fold_of(text: &str, seed: u64, folds: usize) -> usize {
    (fnv1a(fnv1a(FNV_OFFSET, &seed.to_le_bytes()), text.as_bytes()) % folds as u64) as usize
}

/// k-fold cross-validation over the train split, each fold decided with the
/// final model's (dev-tuned) thresholds; also returns every sentence's
/// out-of-fold scores.
fn cross_validate(
    keys: &[Vec<u64>],
    set: &Examples<'_>,
    tuned: &LinearClassifier,
    config: &TrainConfig,
    progress: &dyn Fn(&str),
) -> Result<(LabelReport, Vec<OutOfFoldScores>)> {
    let folds: Vec<usize> = set.texts.iter().map(|t| fold_of(t, config.seed, config.folds)).collect();
    progress(&format!("cross-validation: {} folds", config.folds));
    let per_fold: Vec<Vec<(usize, LabelSet, Scores)>> = (0..config.folds)
        .into_par_iter()
        .map(|fold| {
            let (train_idx, test_idx): (Vec<usize>, Vec<usize>) = (0..keys.len()).partition(|&i| folds[i] != fold);
            let fold_keys: Vec<Vec<u64>> = train_idx.iter().map(|&i| keys[i].clone()).collect();
            let fold_labels: Vec<LabelSet> = train_idx.iter().map(|&i| set.labels[i]).collect();
            let (features, mut classifier) = fit(&fold_keys, &fold_labels, config)?;
            for (model, tuned_model) in classifier.per_label.iter_mut().zip(&tuned.per_label) {
                model.threshold = tuned_model.threshold;
            }
            Ok(test_idx
                .iter()
                .map(|&i| {
                    let scores = classifier.scores(&features.vectorize(&keys[i]));
                    (i, classifier.decide(&scores), scores)
                })
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut predicted = vec![LabelSet::EMPTY; keys.len()];
    let mut out_of_fold: Vec<Option<OutOfFoldScores>> = vec![None; keys.len()];
    for (i, labels, scores) in per_fold.into_iter().flatten() {
        predicted[i] = labels;
        out_of_fold[i] = Some(OutOfFoldScores { text: set.texts[i].to_string(), gold: set.labels[i], scores: LabelScores::from(&scores) });
    }
    Ok((LabelReport::new(&predicted, &set.labels), out_of_fold.into_iter().flatten().collect()))
}

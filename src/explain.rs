//! Why a text got its scores: per label, the features that pushed the score
//! up and down most, named as tokens, words or bigrams. A feature's push is
//! its column's weight × TF-IDF value plus its share of the evidence columns
//! times their weights, so the pushes and the bias add up to the logit.

use std::collections::HashMap;

use serde::Serialize;

use crate::featurize::feature_keys;
use crate::labels::Label;
use crate::pipeline::Tagger;

/// The explanation of one label's score.
#[derive(Debug, Clone, Serialize)]
pub struct LabelExplanation {
    /// The label.
    pub label: Label,
    /// Its probability.
    pub score: f32,
    /// Its decision threshold.
    pub threshold: f32,
    /// The model's intercept, in logits.
    pub bias: f32,
    /// Features that raised the score most, with their contribution in logits.
    pub up: Vec<(String, f32)>,
    /// Features that lowered it most.
    pub down: Vec<(String, f32)>,
}

/// Explains the score of every label for `text`, keeping `top` features a side.
pub fn explain(tagger: &Tagger, text: &str, top: usize) -> Vec<LabelExplanation> {
    let bundle = tagger.bundle();
    let mut names = HashMap::new();
    let keys = feature_keys(&bundle.tokenizer, text, Some(&mut names));
    let vector = bundle.features.vectorize(&keys);
    let scores = bundle.classifier.scores(&vector);
    let column_values: HashMap<u32, f32> = vector.indices.iter().copied().zip(vector.values.iter().copied()).collect();
    let evidence_shares = bundle.features.evidence_shares(&keys);
    let mut distinct_keys = keys.clone();
    distinct_keys.sort_unstable();
    distinct_keys.dedup();
    let name_of = |key: u64| names.get(&key).cloned().unwrap_or_else(|| format!("#{key:x}"));
    Label::ALL
        .iter()
        .filter_map(|&label| bundle.classifier.model(label))
        .map(|model| {
            let mut pushes: HashMap<u64, f32> = HashMap::new();
            for &key in &distinct_keys {
                if let Some(column) = bundle.features.column(key) {
                    *pushes.entry(key).or_default() += model.weights[column as usize] * column_values[&column];
                }
            }
            let evidence_weights = &model.weights[bundle.features.evidence_columns()];
            for (key, shares) in &evidence_shares {
                *pushes.entry(*key).or_default() += evidence_weights.iter().zip(shares).map(|(w, s)| w * s).sum::<f32>();
            }
            let mut contributions: Vec<(String, f32)> = pushes.into_iter().map(|(key, push)| (name_of(key), push)).collect();
            contributions.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let up = contributions.iter().filter(|c| c.1 > 0.0).take(top).cloned().collect();
            let down = contributions.iter().rev().filter(|c| c.1 < 0.0).take(top).cloned().collect();
            LabelExplanation {
                label: model.label,
                score: scores[model.label.index()],
                threshold: model.threshold,
                bias: model.bias,
                up,
                down,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ModelBundle;

    /// Every label whose score is far enough from 0 and 1 to invert: its
    /// pushes and bias add up to its logit.
    fn assert_pushes_add_up(tagger: &Tagger, text: &str) {
        let explained = explain(tagger, text, usize::MAX);
        assert_eq!(explained.len(), Label::ALL.len());
        let checked: Vec<_> = explained.iter().filter(|e| e.score > 1e-3 && e.score < 1.0 - 1e-3).collect();
        assert!(!checked.is_empty(), "no label in the checked range: {explained:?}");
        for e in checked {
            let logit = (e.score / (1.0 - e.score)).ln();
            let sum: f32 = e.bias + e.up.iter().chain(&e.down).map(|(_, push)| push).sum::<f32>();
            assert!((sum - logit).abs() < 1e-3, "{}: {sum} vs {logit}", e.label);
        }
    }

    #[test]
    fn pushes_and_bias_add_up_to_the_logit() {
        let text = "The man was carrying a pistol near the border crossing.";
        assert_pushes_add_up(&Tagger::new(ModelBundle::built_in().unwrap()), text);
    }

    #[test]
    fn evidence_columns_are_split_back_onto_their_tokens() {
        let tagger = Tagger::new(crate::bundle::with_toy_evidence(ModelBundle::built_in().unwrap()));
        assert_pushes_add_up(&tagger, "Police seized cocaine and illegal bets at the port.");
    }
}

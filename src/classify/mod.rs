//! Stage 5, classify: a sentence's [`SparseVector`] → a probability per label.
//!
//! One logistic model per label (multi-label by independent binary models),
//! trained with `linfa-logistic` in [`train`]. Prediction is a sparse dot
//! product with the learned weights, then a sigmoid; a label is on when its
//! probability reaches the label's threshold, tuned on the dev split.
//! Next stage: [`crate::counts`].

pub mod train;

use serde::{Deserialize, Serialize};

use crate::featurize::SparseVector;
use crate::labels::{Label, LabelSet};

/// Probabilities per label, indexed like [`Label::ALL`].
pub type Scores = [f32; 5];

/// One binary model per label over the feature columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearClassifier {
    /// Per label (as in [`Label::ALL`]): weights, bias and decision threshold.
    pub per_label: Vec<LabelModel>,
}

/// The fitted model of one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelModel {
    /// The label.
    pub label: Label,
    /// One weight per feature column.
    pub weights: Vec<f32>,
    /// The intercept.
    pub bias: f32,
    /// Probability at or above which the label is predicted.
    pub threshold: f32,
}

impl LinearClassifier {
    /// The probability of each label for `x`.
    pub fn scores(&self, x: &SparseVector) -> Scores {
        let mut scores = [0.0; 5];
        for model in &self.per_label {
            let mut z = model.bias;
            for (&i, &v) in x.indices.iter().zip(&x.values) {
                z += model.weights.get(i as usize).copied().unwrap_or(0.0) * v;
            }
            scores[model.label.index()] = sigmoid(z);
        }
        scores
    }

    /// The labels whose score reaches their threshold.
    pub fn decide(&self, scores: &Scores) -> LabelSet {
        self.per_label.iter().filter(|m| scores[m.label.index()] >= m.threshold).map(|m| m.label).collect()
    }

    /// Tags `label` from probability `threshold` on.
    pub fn set_threshold(&mut self, label: Label, threshold: f32) {
        for model in self.per_label.iter_mut().filter(|m| m.label == label) {
            model.threshold = threshold;
        }
    }

    /// The model of `label`.
    pub fn model(&self, label: Label) -> Option<&LabelModel> {
        self.per_label.iter().find(|m| m.label == label)
    }

    /// The number of feature columns every label model must have.
    pub fn check_width(&self, columns: usize) -> Result<(), String> {
        match self.per_label.iter().find(|m| m.weights.len() != columns) {
            Some(m) => Err(format!("label {} has {} weights for {columns} feature columns", m.label, m.weights.len())),
            None if self.per_label.len() != Label::ALL.len() => Err(format!("{} label models, expected 5", self.per_label.len())),
            None => Ok(()),
        }
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_sparse_dot_products_through_a_sigmoid() {
        let per_label = Label::ALL
            .iter()
            .map(|&label| LabelModel {
                label,
                weights: vec![0.0, if label == Label::Drugs { 4.0 } else { -4.0 }],
                bias: 0.0,
                threshold: 0.5,
            })
            .collect();
        let clf = LinearClassifier { per_label };
        let x = SparseVector { indices: vec![1], values: vec![1.0] };
        let scores = clf.scores(&x);
        assert!(scores[Label::Drugs.index()] > 0.98);
        assert!(scores[Label::Fraud.index()] < 0.02);
        assert_eq!(clf.decide(&scores), [Label::Drugs].into_iter().collect());
        assert!(clf.check_width(2).is_ok());
        assert!(clf.check_width(3).is_err());
    }
}

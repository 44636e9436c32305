//! Fitting the per-label models with linfa, and tuning their thresholds.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::{LabelModel, LinearClassifier, Scores};
use crate::error::{Error, Result};
use crate::featurize::SparseVector;
use crate::labels::{Label, LabelSet};

/// Hyper-parameters of the logistic models.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticParams {
    /// L2 regularisation strength (linfa's `alpha`).
    pub alpha: f64,
    /// L-BFGS iterations at most.
    pub max_iterations: u64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams { alpha: 0.03, max_iterations: 25 }
    }
}

/// Lays sparse rows out as the dense matrix linfa trains on.
pub fn dense_matrix(rows: &[SparseVector], columns: usize) -> Array2<f32> {
    let mut x = Array2::<f32>::zeros((rows.len(), columns));
    for (r, row) in rows.iter().enumerate() {
        for (&c, &v) in row.indices.iter().zip(&row.values) {
            x[[r, c as usize]] = v;
        }
    }
    x
}

/// The 0/1 targets of one label.
pub fn targets(labels: &[LabelSet], label: Label) -> Array1<bool> {
    labels.iter().map(|set| set.contains(label)).collect()
}

/// Fits one logistic model per label (in parallel), thresholds at 0.5.
pub fn fit_logistic(x: &Array2<f32>, labels: &[LabelSet], params: LogisticParams) -> Result<LinearClassifier> {
    let per_label = Label::ALL
        .par_iter()
        .map(|&label| {
            let y = targets(labels, label);
            if y.iter().all(|&t| t) || y.iter().all(|&t| !t) {
                return Err(Error::Train(format!("label {label} needs positive and negative examples")));
            }
            let dataset = DatasetView::new(x.view(), y.view());
            let fitted = LogisticRegression::<f32>::default()
                .alpha(params.alpha as f32)
                .max_iterations(params.max_iterations)
                .fit(&dataset)
                .map_err(|e| Error::Train(format!("label {label}: {e}")))?;
            // linfa models the probability of the more frequent class; turn
            // that into the probability of the label being on.
            let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
            Ok(LabelModel {
                label,
                weights: fitted.params().iter().map(|&w| sign * w).collect(),
                bias: sign * fitted.intercept(),
                threshold: 0.5,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(LinearClassifier { per_label })
}

/// Sets each label's threshold to the one that maximises F-beta on `scores`
/// against `gold` (beta below 1 weighs precision more), searched over
/// 0.05..=0.95; ties go to the value nearest 0.5.
pub fn tune_thresholds(classifier: &mut LinearClassifier, scores: &[Scores], gold: &[LabelSet], beta: f64) {
    let beta2 = beta * beta;
    for model in &mut classifier.per_label {
        let i = model.label.index();
        let mut best = (f64::MIN, 0.5f32);
        for step in 1..=19 {
            let t = step as f32 * 0.05;
            let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
            for (s, g) in scores.iter().zip(gold) {
                match (s[i] >= t, g.contains(model.label)) {
                    (true, true) => tp += 1.0,
                    (true, false) => fp += 1.0,
                    (false, true) => fneg += 1.0,
                    _ => {}
                }
            }
            let f = if tp > 0.0 { (1.0 + beta2) * tp / ((1.0 + beta2) * tp + beta2 * fneg + fp) } else { 0.0 };
            let better = f > best.0 + 1e-9 || ((f - best.0).abs() <= 1e-9 && (t - 0.5).abs() < (best.1 - 0.5).abs());
            if better {
                best = (f, t);
            }
        }
        model.threshold = best.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_separable_toy_data() {
        // Even rows have feature 0 and are drugs; odd rows have feature 1 and every other label.
        let drugs: LabelSet = [Label::Drugs].into_iter().collect();
        let others: LabelSet = [Label::Fraud, Label::Gambling, Label::Firearms, Label::Smuggling].into_iter().collect();
        let rows: Vec<SparseVector> = (0..40).map(|i| SparseVector { indices: vec![(i % 2) as u32], values: vec![1.0] }).collect();
        let labels: Vec<LabelSet> = (0..40).map(|i| if i % 2 == 0 { drugs } else { others }).collect();
        let x = dense_matrix(&rows, 2);
        let clf = fit_logistic(&x, &labels, LogisticParams { alpha: 0.01, max_iterations: 100 }).unwrap();
        let (odd, even) = (clf.scores(&rows[3]), clf.scores(&rows[2]));
        assert!(odd[Label::Fraud.index()] > 0.8 && even[Label::Fraud.index()] < 0.2, "{odd:?} {even:?}");
        assert!(even[Label::Drugs.index()] > 0.8 && odd[Label::Drugs.index()] < 0.2, "{odd:?} {even:?}");
    }

    #[test]
    fn refuses_a_label_without_positives() {
        let rows = vec![SparseVector { indices: vec![0], values: vec![1.0] }; 4];
        let x = dense_matrix(&rows, 1);
        let err = fit_logistic(&x, &[LabelSet::EMPTY; 4], LogisticParams::default()).unwrap_err();
        assert!(err.to_string().contains("positive"));
    }

    #[test]
    fn thresholds_move_to_the_best_f1() {
        let drugs: LabelSet = [Label::Drugs].into_iter().collect();
        let mut clf = LinearClassifier {
            per_label: Label::ALL.iter().map(|&label| LabelModel { label, weights: vec![], bias: 0.0, threshold: 0.5 }).collect(),
        };
        let mut s1 = [0.0; 5];
        s1[Label::Drugs.index()] = 0.3;
        let mut s2 = [0.0; 5];
        s2[Label::Drugs.index()] = 0.1;
        tune_thresholds(&mut clf, &[s1, s2], &[drugs, LabelSet::EMPTY], 1.0);
        let t = clf.model(Label::Drugs).unwrap().threshold;
        assert!(t > 0.1 && t <= 0.3, "{t}");
    }
}

//! Fitting the per-label models with linfa, and tuning their thresholds.

use linfa::prelude::*;
use linfa_bayes::{MultinomialNb, NaiveBayes};
use linfa_ftrl::Ftrl;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::{LabelModel, LinearClassifier, Scores};
use crate::error::{Error, Result};
use crate::featurize::SparseVector;
use crate::labels::{Label, LabelSet};

/// The linfa model family fitted per label. All three are linear in the
/// features, so each is kept in the same form (weights, bias, sigmoid) and
/// tags text the same way; they differ in how the weights are learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFamily {
    /// L2-regularised logistic regression, L-BFGS (`linfa-logistic`).
    Logistic,
    /// Multinomial naive Bayes (`linfa-bayes`): its log-odds are linear in the features.
    NaiveBayes,
    /// Logistic regression by follow-the-regularized-leader, proximal (`linfa-ftrl`).
    Ftrl,
}

impl ModelFamily {
    /// Every family, for comparisons.
    pub const ALL: [ModelFamily; 3] = [ModelFamily::Logistic, ModelFamily::NaiveBayes, ModelFamily::Ftrl];

    /// The family's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ModelFamily::Logistic => "logistic",
            ModelFamily::NaiveBayes => "naive-bayes",
            ModelFamily::Ftrl => "ftrl",
        }
    }
}

impl std::str::FromStr for ModelFamily {
    type Err = String;

    fn from_str(name: &str) -> std::result::Result<Self, String> {
        ModelFamily::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| format!("unknown model family {name:?} (logistic, naive-bayes, ftrl)"))
    }
}

/// Fits one model of `family` per label (in parallel), thresholds at 0.5.
pub fn fit_family(x: &Array2<f32>, labels: &[LabelSet], family: ModelFamily, params: LogisticParams) -> Result<LinearClassifier> {
    match family {
        ModelFamily::Logistic => fit_logistic(x, labels, params),
        ModelFamily::NaiveBayes => fit_per_label(labels, |label, y| fit_naive_bayes(x, y, label)),
        ModelFamily::Ftrl => {
            // FTRL fits no intercept: a constant column stands in for it.
            let mut with_bias = Array2::<f32>::ones((x.nrows(), x.ncols() + 1));
            with_bias.slice_mut(ndarray::s![.., ..x.ncols()]).assign(x);
            fit_per_label(labels, |label, y| fit_ftrl(&with_bias, y, label, params.max_iterations))
        }
    }
}

/// Runs `fit` for every label on its 0/1 targets, in parallel.
fn fit_per_label(labels: &[LabelSet], fit: impl Fn(Label, Array1<bool>) -> Result<LabelModel> + Sync) -> Result<LinearClassifier> {
    let per_label = Label::ALL
        .par_iter()
        .map(|&label| {
            let y = targets(labels, label);
            if y.iter().all(|&t| t) || y.iter().all(|&t| !t) {
                return Err(Error::Train(format!("label {label} needs positive and negative examples")));
            }
            fit(label, y)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(LinearClassifier { per_label })
}

/// Multinomial naive Bayes, read back as a linear model: its log-odds for a
/// row are `bias + Σ w_i x_i`, so scoring the zero row gives the bias and each
/// unit row one weight.
fn fit_naive_bayes(x: &Array2<f32>, y: Array1<bool>, label: Label) -> Result<LabelModel> {
    let dataset = DatasetView::new(x.view(), y.view());
    let model = MultinomialNb::params().alpha(1.0).fit(&dataset).map_err(|e| Error::Train(format!("label {label}: {e}")))?;
    let columns = x.ncols();
    let mut probes = Array2::<f32>::zeros((columns + 1, columns));
    for i in 0..columns {
        probes[[i + 1, i]] = 1.0;
    }
    let (log_proba, classes) = model.predict_log_proba(probes.view());
    let on = classes.iter().position(|&&c| c).ok_or_else(|| Error::Train(format!("label {label}: no positive class")))?;
    let log_odds: Vec<f32> = log_proba.rows().into_iter().map(|row| row[on] - row[1 - on]).collect();
    let bias = log_odds[0];
    Ok(LabelModel { label, weights: log_odds[1..].iter().map(|v| v - bias).collect(), bias, threshold: 0.5 })
}

/// FTRL-proximal, `epochs` full-batch steps; the last column of `x` is the constant.
fn fit_ftrl(x: &Array2<f32>, y: Array1<bool>, label: Label, epochs: u64) -> Result<LabelModel> {
    let dataset = DatasetView::new(x.view(), y.view());
    let params = Ftrl::<f32>::params().alpha(0.1).beta(1.0).l1_ratio(0.0).l2_ratio(0.1);
    let mut model = None;
    for _ in 0..epochs.max(1) * 4 {
        model = Some(params.fit_with(model, &dataset).map_err(|e| Error::Train(format!("label {label}: {e}")))?);
    }
    let weights = model.map(|m| m.get_weights().to_vec()).unwrap_or_default();
    let (bias, weights) = weights.split_last().map(|(b, w)| (*b, w.to_vec())).unwrap_or((0.0, Vec::new()));
    Ok(LabelModel { label, weights, bias, threshold: 0.5 })
}

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
        LogisticParams { alpha: 0.01, max_iterations: 25 }
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
    fit_per_label(labels, |label, y| {
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
}

/// Sets each label's threshold to the one that maximises F-beta on `scores`
/// against `gold` (beta below 1 weighs precision more), searched over
/// 0.50..=0.95; ties go to the value nearest 0.5. No threshold goes below 0.5:
/// that would tag what the model itself finds less likely than not, and real
/// archives hold far fewer of each crime than the corpus does, so such
/// thresholds buy corpus recall with false positives in the field.
pub fn tune_thresholds(classifier: &mut LinearClassifier, scores: &[Scores], gold: &[LabelSet], beta: f64) {
    let beta2 = beta * beta;
    for model in &mut classifier.per_label {
        let i = model.label.index();
        let mut best = (f64::MIN, 0.5f32);
        for step in 10..=19 {
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

    /// Even rows have feature 0 and are drugs; odd rows have feature 1 and every other label.
    fn separable_toy_data() -> (Vec<SparseVector>, Vec<LabelSet>, Array2<f32>) {
        let drugs: LabelSet = [Label::Drugs].into_iter().collect();
        let others: LabelSet = [Label::Fraud, Label::Gambling, Label::Firearms, Label::Smuggling].into_iter().collect();
        let rows: Vec<SparseVector> = (0..40).map(|i| SparseVector { indices: vec![(i % 2) as u32], values: vec![1.0] }).collect();
        let labels: Vec<LabelSet> = (0..40).map(|i| if i % 2 == 0 { drugs } else { others }).collect();
        let x = dense_matrix(&rows, 2);
        (rows, labels, x)
    }

    #[test]
    fn fits_separable_toy_data() {
        let (rows, labels, x) = separable_toy_data();
        let clf = fit_logistic(&x, &labels, LogisticParams { alpha: 0.01, max_iterations: 100 }).unwrap();
        let (odd, even) = (clf.scores(&rows[3]), clf.scores(&rows[2]));
        assert!(odd[Label::Fraud.index()] > 0.8 && even[Label::Fraud.index()] < 0.2, "{odd:?} {even:?}");
        assert!(even[Label::Drugs.index()] > 0.8 && odd[Label::Drugs.index()] < 0.2, "{odd:?} {even:?}");
    }

    #[test]
    fn every_family_learns_separable_toy_data() {
        let (rows, labels, x) = separable_toy_data();
        for family in ModelFamily::ALL {
            let clf = fit_family(&x, &labels, family, LogisticParams { alpha: 0.01, max_iterations: 50 }).unwrap();
            let (odd, even) = (clf.scores(&rows[3]), clf.scores(&rows[2]));
            assert!(odd[Label::Fraud.index()] > even[Label::Fraud.index()], "{family:?}: {odd:?} {even:?}");
            assert!(even[Label::Drugs.index()] > odd[Label::Drugs.index()], "{family:?}: {odd:?} {even:?}");
        }
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
        s1[Label::Drugs.index()] = 0.9;
        let mut s2 = [0.0; 5];
        s2[Label::Drugs.index()] = 0.7;
        tune_thresholds(&mut clf, &[s1, s2], &[drugs, LabelSet::EMPTY], 1.0);
        let t = clf.model(Label::Drugs).unwrap().threshold;
        assert!(t > 0.7 && t <= 0.9, "{t}");
        // A label whose best cut would lie below 0.5 still gets 0.5.
        assert_eq!(clf.model(Label::Fraud).unwrap().threshold, 0.5);
    }
}

//! Scoring: per-label precision, recall and F1 for sentence labels, and count
//! precision, recall, F1, attachment and qualifier accuracy on gold documents.

use serde::Serialize;

use crate::corpus::{GoldCount, LabeledSentence};
use crate::counts::Count;
use crate::labels::{Label, LabelSet};

/// True and false positives and false negatives of one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Confusion {
    /// Predicted and gold.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    pub fn_: usize,
}

impl Confusion {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// Recall (1 when there was nothing to find).
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let denominator = 2 * self.tp + self.fp + self.fn_;
        if denominator == 0 {
            1.0
        } else {
            2.0 * self.tp as f64 / denominator as f64
        }
    }
    fn add(&mut self, other: Confusion) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// Label scores over a set of sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelReport {
    /// Sentences scored.
    pub sentences: usize,
    /// Per label, in [`Label::ALL`] order.
    pub per_label: [Confusion; 5],
}

impl LabelReport {
    /// Scores predictions against gold labels.
    pub fn new(predicted: &[LabelSet], gold: &[LabelSet]) -> Self {
        let mut report = LabelReport { sentences: gold.len(), ..Default::default() };
        for (p, g) in predicted.iter().zip(gold) {
            for label in Label::ALL {
                let c = &mut report.per_label[label.index()];
                match (p.contains(label), g.contains(label)) {
                    (true, true) => c.tp += 1,
                    (true, false) => c.fp += 1,
                    (false, true) => c.fn_ += 1,
                    _ => {}
                }
            }
        }
        report
    }

    /// Micro-averaged F1.
    pub fn micro_f1(&self) -> f64 {
        let mut total = Confusion::default();
        self.per_label.iter().for_each(|c| total.add(*c));
        total.f1()
    }

    /// Macro-averaged F1.
    pub fn macro_f1(&self) -> f64 {
        self.per_label.iter().map(Confusion::f1).sum::<f64>() / 5.0
    }

    /// A JSON summary: per-label P/R/F1, micro and macro F1.
    pub fn summary(&self) -> serde_json::Value {
        let mut per_label = serde_json::Map::new();
        for label in Label::ALL {
            let c = self.per_label[label.index()];
            per_label.insert(
                label.name().into(),
                serde_json::json!({
                    "precision": round(c.precision()), "recall": round(c.recall()), "f1": round(c.f1()), "support": c.tp + c.fn_
                }),
            );
        }
        serde_json::json!({"sentences": self.sentences, "per_label": per_label, "micro_f1": round(self.micro_f1()), "macro_f1": round(self.macro_f1())})
    }

    /// A text table of the report.
    pub fn table(&self) -> String {
        let mut out = format!("{:<10} {:>9} {:>7} {:>7} {:>8}\n", "label", "precision", "recall", "f1", "support");
        for label in Label::ALL {
            let c = self.per_label[label.index()];
            out += &format!("{:<10} {:>9.3} {:>7.3} {:>7.3} {:>8}\n", label.name(), c.precision(), c.recall(), c.f1(), c.tp + c.fn_);
        }
        out += &format!("micro F1 {:.3}   macro F1 {:.3}   ({} sentences)\n", self.micro_f1(), self.macro_f1(), self.sentences);
        out
    }
}

/// Rounds to 4 decimals for reports.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Count scores over gold sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountReport {
    /// Counts matched (value within 1 %, same unit).
    pub matched: usize,
    /// Predicted counts.
    pub predicted: usize,
    /// Gold counts.
    pub gold: usize,
    /// Matched counts whose labels equal the gold labels.
    pub attached_right: usize,
    /// Matched counts whose qualifier equals the gold one.
    pub qualifier_right: usize,
}

/// Pairs a sentence's predicted counts with its gold ones: each predicted
/// count, in order, takes the first gold count not yet taken with the same
/// unit and a value within 1 %. Returns, per predicted count, the index of its
/// gold count.
pub fn match_counts(predicted: &[Count], gold: &[GoldCount]) -> Vec<Option<usize>> {
    let mut used = vec![false; gold.len()];
    predicted
        .iter()
        .map(|p| {
            let found = gold
                .iter()
                .zip(&used)
                .position(|(g, &taken)| !taken && g.unit == p.unit && (g.value - p.value).abs() <= 0.01 * g.value.abs().max(1e-9))?;
            used[found] = true;
            Some(found)
        })
        .collect()
}

impl CountReport {
    /// Adds one sentence, its counts paired by [`match_counts`].
    pub fn add(&mut self, predicted: &[Count], gold: &[GoldCount]) {
        self.predicted += predicted.len();
        self.gold += gold.len();
        for (p, g) in predicted.iter().zip(match_counts(predicted, gold)) {
            if let Some(g) = g.map(|i| &gold[i]) {
                self.matched += 1;
                self.attached_right += usize::from(g.labels == p.labels);
                self.qualifier_right += usize::from(g.qualifier == p.qualifier);
            }
        }
    }

    /// Precision.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.matched as f64 / self.predicted as f64
        }
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.matched as f64 / self.gold as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Share of matched counts attached to the gold labels.
    pub fn attachment_accuracy(&self) -> f64 {
        if self.matched == 0 {
            1.0
        } else {
            self.attached_right as f64 / self.matched as f64
        }
    }
    /// Share of matched counts with the gold qualifier.
    pub fn qualifier_accuracy(&self) -> f64 {
        if self.matched == 0 {
            1.0
        } else {
            self.qualifier_right as f64 / self.matched as f64
        }
    }
    /// A JSON summary.
    pub fn summary(&self) -> serde_json::Value {
        serde_json::json!({
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(self.precision()), "recall": round(self.recall()), "f1": round(self.f1()),
            "attachment_accuracy": round(self.attachment_accuracy()), "qualifier_accuracy": round(self.qualifier_accuracy()),
        })
    }
}

/// The gold labels of sentences.
pub fn gold_labels<'a>(sentences: impl IntoIterator<Item = &'a LabeledSentence>) -> Vec<LabelSet> {
    sentences.into_iter().map(|s| s.labels).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counts::Qualifier;

    #[test]
    fn label_report_counts_each_cell() {
        let d: LabelSet = [Label::Drugs].into_iter().collect();
        let f: LabelSet = [Label::Fraud].into_iter().collect();
        let r = LabelReport::new(&[d, d, LabelSet::EMPTY], &[d, f, d]);
        let c = r.per_label[Label::Drugs.index()];
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
        assert!((c.f1() - 0.5).abs() < 1e-9);
        assert_eq!(r.per_label[Label::Fraud.index()].fn_, 1);
    }

    #[test]
    fn count_report_matches_within_one_percent() {
        let gold = GoldCount {
            text: "2 kg".into(),
            value: 2.0,
            unit: "kg".into(),
            object: String::new(),
            qualifier: Qualifier::Exact,
            labels: LabelSet::EMPTY,
        };
        let close = Count {
            start: 0,
            end: 0,
            text: String::new(),
            value: 2.015,
            unit: "kg".into(),
            object: String::new(),
            qualifier: Qualifier::Approx,
            labels: LabelSet::EMPTY,
        };
        let mut r = CountReport::default();
        r.add(&[close.clone(), close], std::slice::from_ref(&gold));
        assert_eq!((r.matched, r.predicted, r.gold), (1, 2, 1));
        assert_eq!(r.attachment_accuracy(), 1.0);
        assert_eq!(r.qualifier_accuracy(), 0.0);
    }
}

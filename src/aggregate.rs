//! Stage 7, aggregate: a document's tagged sentences → its labels and totals.
//!
//! Document labels are the union of sentence labels (GUIDELINES.md). Totals sum
//! counts per label, like with like: the same unit and the same object.
//! Next stage: [`crate::output`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::counts::Count;
use crate::labels::{Label, LabelSet};

/// The sum of a document's counts of one unit and object, for one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Total {
    /// The unit shared by the summed counts.
    pub unit: String,
    /// The object shared by the summed counts.
    pub object: String,
    /// Their sum.
    pub value: f64,
}

/// Per label, the totals of its counts, sorted by unit then object.
pub type Totals = BTreeMap<Label, Vec<Total>>;

/// The union of the sentences' labels.
pub fn document_labels<'a>(sentence_labels: impl IntoIterator<Item = &'a LabelSet>) -> LabelSet {
    sentence_labels.into_iter().fold(LabelSet::EMPTY, |acc, &set| acc.union(set))
}

/// Sums counts per label, unit and object.
pub fn totals<'a>(counts: impl IntoIterator<Item = &'a Count>) -> Totals {
    let mut sums: BTreeMap<Label, BTreeMap<(String, String), f64>> = BTreeMap::new();
    for count in counts {
        for label in count.labels.iter() {
            *sums.entry(label).or_default().entry((count.unit.clone(), count.object.clone())).or_insert(0.0) += count.value;
        }
    }
    sums.into_iter()
        .map(|(label, groups)| (label, groups.into_iter().map(|((unit, object), value)| Total { unit, object, value }).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counts::Qualifier;

    fn count(value: f64, unit: &str, object: &str, labels: &[Label]) -> Count {
        Count {
            start: 0,
            end: 0,
            text: String::new(),
            value,
            unit: unit.into(),
            object: object.into(),
            qualifier: Qualifier::Exact,
            labels: labels.iter().copied().collect(),
        }
    }

    #[test]
    fn sums_like_with_like() {
        let counts = [
            count(2.0, "kg", "cocaine", &[Label::Drugs]),
            count(3.5, "kg", "cocaine", &[Label::Drugs, Label::Smuggling]),
            count(10.0, "count", "firearms", &[Label::Firearms]),
            count(1.0, "kg", "heroin", &[Label::Drugs]),
        ];
        let t = totals(&counts);
        assert_eq!(
            t[&Label::Drugs],
            vec![
                Total { unit: "kg".into(), object: "cocaine".into(), value: 5.5 },
                Total { unit: "kg".into(), object: "heroin".into(), value: 1.0 },
            ]
        );
        assert_eq!(t[&Label::Smuggling][0].value, 3.5);
        assert!(!t.contains_key(&Label::Fraud));
    }

    #[test]
    fn document_labels_are_the_union() {
        let a: LabelSet = [Label::Drugs].into_iter().collect();
        let b: LabelSet = [Label::Fraud].into_iter().collect();
        assert_eq!(document_labels(&[a, LabelSet::EMPTY, b]), a.union(b));
    }
}

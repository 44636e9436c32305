//! Attaching counts to labels (GUIDELINES.md, "Labels of a count").
//!
//! A count in an unlabeled sentence gets no labels. Otherwise the count's own
//! words — its text as extracted, number, unit and object ("31 handguns",
//! "2 kilograms of cocaine") — are scored by the classifier itself, and the
//! sentence labels they point to are the count's labels; when they point to
//! none, the count gets all of the sentence's labels. Using the model rather
//! than a word list means new vocabulary ("nitazene tablets") attaches as well
//! as the words it was trained on. Words around the count are left out:
//! "attempt to smuggle 86 million Captagon pills" is a count of `drugs`, not
//! of `smuggling` (the README's counts section measures the difference).

use super::Count;
use crate::classify::Scores;
use crate::labels::{Label, LabelSet};

/// Sets `labels` on each count of a sentence labeled `sentence_labels`.
/// `score` gives the classifier's probabilities for a phrase and `threshold`
/// the probability at which a phrase points to a label.
pub fn attach(counts: &mut [Count], sentence_labels: LabelSet, score: impl Fn(&str) -> Scores, threshold: impl Fn(Label) -> f32) {
    for count in counts.iter_mut() {
        if sentence_labels.is_empty() {
            count.labels = LabelSet::EMPTY;
            continue;
        }
        let scores = score(&count.text);
        let pointed: LabelSet = sentence_labels.iter().filter(|&l| scores[l.index()] >= threshold(l)).collect();
        count.labels = if pointed.is_empty() { sentence_labels } else { pointed };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counts::extract;

    fn fake_scores(phrase: &str) -> Scores {
        let mut s = [0.0; 5];
        let lower = phrase.to_lowercase();
        if lower.contains("gun") || lower.contains("rounds") {
            s[Label::Firearms.index()] = 0.9;
        }
        if lower.contains("cocaine") {
            s[Label::Drugs.index()] = 0.9;
        }
        if lower.contains("defraud") {
            s[Label::Fraud.index()] = 0.9;
        }
        if lower.contains("smuggl") {
            s[Label::Smuggling.index()] = 0.9;
        }
        s
    }

    fn labels_of(sentence: &str, set: &[Label]) -> Vec<LabelSet> {
        let mut counts = extract(sentence);
        attach(&mut counts, set.iter().copied().collect(), fake_scores, |_| 0.5);
        counts.into_iter().map(|c| c.labels).collect()
    }

    #[test]
    fn own_words_point_to_their_labels() {
        let s = "Officers seized 31 handguns and 2 kilograms of cocaine.";
        let got = labels_of(s, &[Label::Drugs, Label::Firearms]);
        assert_eq!(got, vec![[Label::Firearms].into_iter().collect(), [Label::Drugs].into_iter().collect()]);
    }

    #[test]
    fn counts_pointing_nowhere_take_all_sentence_labels() {
        let s = "Police arrested 16,000 criminal suspects in drug and gun cases.";
        let got = labels_of(s, &[Label::Drugs, Label::Firearms]);
        assert_eq!(got, vec![[Label::Drugs, Label::Firearms].into_iter().collect()]);
    }

    #[test]
    fn unlabeled_sentences_give_unlabeled_counts() {
        assert_eq!(labels_of("More than 500,000 travellers crossed the border.", &[]), vec![LabelSet::EMPTY]);
    }

    #[test]
    fn words_around_the_count_are_not_its_own() {
        let s = "Customs foiled an attempt to smuggle 2 kilograms of cocaine.";
        assert_eq!(labels_of(s, &[Label::Drugs, Label::Smuggling]), vec![[Label::Drugs].into_iter().collect()]);
    }
}

//! Attaching counts to labels (GUIDELINES.md, "Labels of a count").
//!
//! A count in an unlabeled sentence gets no labels. Otherwise the count's own
//! words — its text and the few words around it inside the same clause — are
//! scored by the classifier itself, and the sentence labels they point to are
//! the count's labels; when they point to none, the count gets all of the
//! sentence's labels. Using the model rather than a word list means new
//! vocabulary ("nitazene tablets") attaches as well as the words it was trained on.

use super::Count;
use crate::classify::Scores;
use crate::labels::{Label, LabelSet};

/// Words of context taken on each side of a count.
const CONTEXT_WORDS: usize = 4;

/// Words that end a clause, so context does not reach into the next one.
const CLAUSE_BREAKS: &[&str] = &["and", "while", "but", "whereas", "plus", "as", "after", "before", "when", "including"];

/// Sets `labels` on each count of a sentence labeled `sentence_labels`.
/// `score` gives the classifier's probabilities for a phrase and `threshold`
/// the probability at which a phrase points to a label.
pub fn attach(
    sentence: &str,
    counts: &mut [Count],
    sentence_labels: LabelSet,
    score: impl Fn(&str) -> Scores,
    threshold: impl Fn(Label) -> f32,
) {
    for count in counts.iter_mut() {
        if sentence_labels.is_empty() {
            count.labels = LabelSet::EMPTY;
            continue;
        }
        let scores = score(own_words(sentence, count));
        let pointed: LabelSet = sentence_labels.iter().filter(|&l| scores[l.index()] >= threshold(l)).collect();
        count.labels = if pointed.is_empty() { sentence_labels } else { pointed };
    }
}

/// The count's text widened by up to [`CONTEXT_WORDS`] words each side,
/// stopping at punctuation and clause breaks.
pub fn own_words<'a>(sentence: &'a str, count: &Count) -> &'a str {
    let mut start = count.start;
    for _ in 0..CONTEXT_WORDS {
        let before = sentence[..start].trim_end_matches(' ');
        if before.len() == start && start > 0 && !sentence[..start].ends_with(' ') {
            break;
        }
        let word_start = super::trailing_run_start(before, |c| c.is_alphanumeric() || c == '-' || c == '\'');
        let word = &before[word_start..];
        if word.is_empty() || CLAUSE_BREAKS.contains(&word.to_lowercase().as_str()) {
            break;
        }
        start = word_start;
    }
    let mut end = count.end;
    for _ in 0..CONTEXT_WORDS {
        let rest = &sentence[end..];
        let after = rest.trim_start_matches(' ');
        if after.len() == rest.len() && !rest.is_empty() {
            break;
        }
        let word_len = after.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')).unwrap_or(after.len());
        let word = &after[..word_len];
        if word.is_empty() || CLAUSE_BREAKS.contains(&word.to_lowercase().as_str()) {
            break;
        }
        end = sentence.len() - after.len() + word_len;
    }
    &sentence[start..end]
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
        s
    }

    fn labels_of(sentence: &str, set: &[Label]) -> Vec<LabelSet> {
        let mut counts = extract(sentence);
        attach(sentence, &mut counts, set.iter().copied().collect(), fake_scores, |_| 0.5);
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
    fn context_stays_in_the_clause() {
        let s = "The ring ran online casinos and then defrauded them of 3 million yuan.";
        let count = &extract(s)[0];
        assert_eq!(own_words(s, count), "then defrauded them of 3 million yuan");
    }
}

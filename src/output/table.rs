//! A readable rendering of a [`DocumentResult`] for a terminal: labeled
//! sentences with their scores and counts, then the document totals.

use std::fmt::Write;

use super::DocumentResult;

/// Longest sentence text shown before it is cut with "…".
const MAX_SHOWN: usize = 160;

/// Renders `doc` as plain text.
pub fn render(doc: &DocumentResult) -> String {
    let mut out = String::new();
    let id = doc.id.as_str().map(str::to_string).unwrap_or_else(|| doc.id.to_string());
    let labels: Vec<&str> = doc.labels.iter().map(|l| l.name()).collect();
    let labeled = doc.sentences.iter().filter(|s| !s.labels.is_empty()).count();
    let _ = writeln!(
        out,
        "{id}: {} ({} of {} sentences labeled)",
        if labels.is_empty() { "no labels".to_string() } else { labels.join(", ") },
        labeled,
        doc.sentences.len()
    );
    for s in doc.sentences.iter().filter(|s| !s.labels.is_empty()) {
        let names: Vec<String> = s.labels.iter().map(|l| format!("{} {:.2}", l.name(), score_of(&s.scores, l))).collect();
        let text: String = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown =
            if text.chars().count() > MAX_SHOWN { format!("{}…", text.chars().take(MAX_SHOWN).collect::<String>()) } else { text };
        let _ = writeln!(out, "  [{}-{}] {}\n      {}", s.start, s.end, names.join(", "), shown);
        for c in &s.counts {
            let labels: Vec<&str> = c.labels.iter().map(|l| l.name()).collect();
            let _ = writeln!(out, "      • {} → {} {} {} ({:?}) [{}]", c.text, c.value, c.unit, c.object, c.qualifier, labels.join(", "));
        }
    }
    for (label, totals) in &doc.totals {
        for t in totals {
            let _ = writeln!(out, "  total {label}: {} {} {}", t.value, t.unit, t.object);
        }
    }
    out
}

fn score_of(scores: &super::LabelScores, label: crate::Label) -> f64 {
    match label {
        crate::Label::Fraud => scores.fraud,
        crate::Label::Gambling => scores.gambling,
        crate::Label::Drugs => scores.drugs,
        crate::Label::Firearms => scores.firearms,
        crate::Label::Smuggling => scores.smuggling,
    }
}

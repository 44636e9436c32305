//! `crimetag eval --corpus FILE`: score the model on labeled data, in either
//! form of the guideline. Sentences are classified as given; documents also
//! have their counts scored and their segmentation compared with the gold one.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crimetag::corpus::{document_split, Corpus, Split};
use crimetag::counts::CurrencyContext;
use crimetag::eval::{gold_labels, CountReport, LabelReport};
use crimetag::normalize::{InputFormat, NormalizedText};
use crimetag::segment::segment;

use super::args::{Format, ModelArg};

/// Score the model on labeled sentences or documents.
#[derive(clap::Args)]
pub struct Args {
    /// Labeled JSONL file, a folder of them, or a corpus folder (sentences/ and documents/).
    #[arg(long)]
    corpus: PathBuf,
    /// Only the documents held out from training.
    #[arg(long)]
    held_out: bool,
    /// Override the model's count attachment threshold (for tuning).
    #[arg(long)]
    attach_threshold: Option<f32>,
    /// Print each count that was missed, spurious or attached wrongly.
    #[arg(long)]
    errors: bool,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut bundle = args.model.load()?;
    if let Some(threshold) = args.attach_threshold {
        bundle.attach_threshold = threshold;
    }
    let tagger = crimetag::Tagger::new(bundle);
    let corpus = Corpus::load(&args.corpus)?;
    let mut sentences: Vec<&crimetag::corpus::LabeledSentence> =
        if args.held_out { Vec::new() } else { corpus.sentences.iter().map(|(_, s)| s).collect() };
    let mut predicted_labels: Vec<_> = sentences.iter().map(|s| tagger.classify_sentence(&s.text).0).collect();
    let documents: Vec<_> =
        corpus.documents.iter().map(|(_, d)| d).filter(|d| !args.held_out || document_split(&d.id) == Split::HeldOut).collect();
    let mut counts = CountReport::default();
    let mut counts_given_gold_labels = CountReport::default();
    let (mut gold_sentences, mut segmented_right) = (0, 0);
    for doc in &documents {
        let normalized = NormalizedText::new(&doc.text, InputFormat::Text);
        let found: Vec<&str> = segment(&normalized.text).into_iter().map(|s| s.slice(&doc.text)).collect();
        gold_sentences += doc.sentences.len();
        segmented_right += doc.sentences.iter().filter(|s| found.contains(&s.text.as_str())).count();
        let currencies = CurrencyContext::of_document(&doc.text);
        for s in &doc.sentences {
            let (labels, _) = tagger.classify_sentence(&s.text);
            let predicted = tagger.sentence_counts(&s.text, labels, &currencies);
            let mut given_gold_labels = predicted.clone();
            tagger.attach(&mut given_gold_labels, s.labels);
            if args.errors {
                print_count_errors(&mut out, &doc.id, &s.text, &predicted, &s.counts, &given_gold_labels)?;
            }
            counts.add(&predicted, &s.counts);
            counts_given_gold_labels.add(&given_gold_labels, &s.counts);
            sentences.push(s);
            predicted_labels.push(labels);
        }
    }
    let labels = LabelReport::new(&predicted_labels, &gold_labels(sentences.iter().copied()));
    let segmentation = if gold_sentences == 0 { 1.0 } else { segmented_right as f64 / gold_sentences as f64 };
    if args.format == Format::Table {
        writeln!(out, "labels:\n{}", labels.table())?;
        if !documents.is_empty() {
            writeln!(
                out,
                "counts ({} documents): precision {:.3} recall {:.3} F1 {:.3}; attachment accuracy {:.3}; qualifier accuracy {:.3} ({} gold, {} predicted)",
                documents.len(), counts.precision(), counts.recall(), counts.f1(), counts.attachment_accuracy(), counts.qualifier_accuracy(), counts.gold, counts.predicted
            )?;
            writeln!(out, "attachment accuracy given the gold sentence labels: {:.3}", counts_given_gold_labels.attachment_accuracy())?;
            writeln!(out, "segmentation: {segmented_right} of {gold_sentences} gold sentences found exactly ({segmentation:.3})")?;
        }
    } else {
        let report = serde_json::json!({
            "labels": labels.summary(),
            "counts": (!documents.is_empty()).then(|| counts.summary()),
            "attachment_accuracy_given_gold_labels": (!documents.is_empty()).then(|| crimetag::eval::round(counts_given_gold_labels.attachment_accuracy())),
            "segmentation": {"gold_sentences": gold_sentences, "found_exactly": segmented_right},
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints, for one sentence, the gold counts not found, the predicted counts
/// not in gold, and the matched ones whose labels differ: end to end, and
/// (marked "given gold labels") when attached under the gold sentence labels.
fn print_count_errors(
    out: &mut impl Write,
    doc: &str,
    sentence: &str,
    predicted: &[crimetag::counts::Count],
    gold: &[crimetag::corpus::GoldCount],
    given_gold_labels: &[crimetag::counts::Count],
) -> std::io::Result<()> {
    let names = |set: crimetag::LabelSet| set.iter().map(|l| l.name()).collect::<Vec<_>>().join(",");
    let matches = crimetag::eval::match_counts(predicted, gold);
    for (gi, g) in gold.iter().enumerate() {
        let Some(pi) = matches.iter().position(|&m| m == Some(gi)) else {
            writeln!(out, "{doc}: missed {:?} ({} {}) in {sentence:?}", g.text, g.value, g.unit)?;
            continue;
        };
        for (attached, how) in [(predicted[pi].labels, ""), (given_gold_labels[pi].labels, " given gold labels")] {
            if attached != g.labels {
                writeln!(out, "{doc}: attached{how} [{}] not [{}]: {:?} in {sentence:?}", names(attached), names(g.labels), g.text)?;
            }
        }
    }
    for (p, _) in predicted.iter().zip(&matches).filter(|(_, m)| m.is_none()) {
        writeln!(out, "{doc}: spurious {:?} ({} {}) in {sentence:?}", p.text, p.value, p.unit)?;
    }
    Ok(())
}

//! `crimetag eval --corpus FILE`: score the model on labeled data, in either
//! form of the guideline. Sentences are classified as given; documents also
//! have their counts scored and their segmentation compared with the gold one.

use std::path::PathBuf;
use std::process::ExitCode;

use crimetag::corpus::{document_split, Corpus, Split};
use crimetag::eval::{gold_labels, CountReport, LabelReport};
use crimetag::normalize::{InputFormat, NormalizedText};
use crimetag::segment::segment;

use super::args::{Format, ModelArg};

/// Score the model on labeled sentences or documents.
#[derive(clap::Args)]
pub struct Args {
    /// Labeled JSONL file, or a corpus folder.
    #[arg(long)]
    corpus: PathBuf,
    /// Only the documents held out from training.
    #[arg(long)]
    held_out: bool,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tagger = args.model.tagger()?;
    let corpus = Corpus::load(&args.corpus)?;
    let mut sentences: Vec<&crimetag::corpus::LabeledSentence> = if args.held_out { Vec::new() } else { corpus.sentences.iter().map(|(_, s)| s).collect() };
    let documents: Vec<_> = corpus.documents.iter().map(|(_, d)| d).filter(|d| !args.held_out || document_split(&d.id) == Split::HeldOut).collect();
    let mut counts = CountReport::default();
    let (mut gold_sentences, mut segmented_right) = (0, 0);
    for doc in &documents {
        let normalized = NormalizedText::new(&doc.text, InputFormat::Text);
        let found: Vec<&str> = segment(&normalized.text).into_iter().map(|s| s.slice(&doc.text)).collect();
        gold_sentences += doc.sentences.len();
        segmented_right += doc.sentences.iter().filter(|s| found.contains(&s.text.as_str())).count();
        for s in &doc.sentences {
            let (labels, _) = tagger.classify_sentence(&s.text);
            counts.add(&tagger.sentence_counts(&s.text, labels), &s.counts);
            sentences.push(s);
        }
    }
    let predicted: Vec<_> = sentences.iter().map(|s| tagger.classify_sentence(&s.text).0).collect();
    let labels = LabelReport::new(&predicted, &gold_labels(sentences.iter().copied()));
    let segmentation = if gold_sentences == 0 { 1.0 } else { segmented_right as f64 / gold_sentences as f64 };
    if args.format == Format::Table {
        println!("labels:\n{}", labels.table());
        if !documents.is_empty() {
            println!(
                "counts ({} documents): precision {:.3} recall {:.3} F1 {:.3}; attachment accuracy {:.3}; qualifier accuracy {:.3} ({} gold, {} predicted)",
                documents.len(), counts.precision(), counts.recall(), counts.f1(), counts.attachment_accuracy(), counts.qualifier_accuracy(), counts.gold, counts.predicted
            );
            println!("segmentation: {segmented_right} of {gold_sentences} gold sentences found exactly ({segmentation:.3})");
        }
    } else {
        let report = serde_json::json!({
            "labels": labels.summary(),
            "counts": (!documents.is_empty()).then(|| counts.summary()),
            "segmentation": {"gold_sentences": gold_sentences, "found_exactly": segmented_right},
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

//! `crimetag train`: train tokenizer, features and model on the corpus, print
//! cross-validated and held-out scores, and write the bundle atomically.

use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use crimetag::bundle::write_atomically;
use crimetag::classify::train::{LogisticParams, ModelFamily};
use crimetag::corpus::Corpus;
use crimetag::training::{train, TrainConfig};
use indicatif::{ProgressBar, ProgressStyle};

/// Train the model on a labeled corpus.
// Defaults are `TrainConfig::default()`'s, so the library and the command line
// train the same model.
#[derive(clap::Args)]
pub struct Args {
    /// The corpus folder (sentences/ and documents/ of JSONL), a folder of JSONL files, or one file.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Folder to write crimetag.model and metrics.json into.
    #[arg(long, default_value = "models")]
    out: PathBuf,
    /// Cross-validation folds (0 to skip).
    #[arg(long, default_value_t = TrainConfig::default().folds)]
    folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// WordPiece vocabulary size.
    #[arg(long, default_value_t = TrainConfig::default().vocab_size)]
    vocab_size: usize,
    /// Occurrences that make a word a vocabulary entry of its own (rarer
    /// words are spelt in pieces).
    #[arg(long, default_value_t = TrainConfig::default().min_word_count)]
    min_word_count: u64,
    /// Feature columns kept.
    #[arg(long, default_value_t = TrainConfig::default().max_features)]
    max_features: usize,
    /// Weight in each vector's norm of the keys that are not columns, as a
    /// multiple of their mean IDF (0: normalise over the columns alone).
    #[arg(long, default_value_t = TrainConfig::default().unselected_weight, value_parser = parse_weight)]
    unselected_weight: f32,
    /// Scale of the naive-Bayes evidence columns, one per label, from every
    /// candidate key (0: leave them out).
    #[arg(long, default_value_t = TrainConfig::default().evidence_scale, value_parser = parse_weight)]
    evidence_scale: f32,
    /// L2 regularisation of the logistic models.
    #[arg(long, default_value_t = TrainConfig::default().logistic.alpha)]
    alpha: f64,
    /// Model family: logistic, naive-bayes or ftrl.
    #[arg(long, default_value = "logistic")]
    family: ModelFamily,
    /// Thresholds maximise F-beta on the dev split: below 1 favours precision.
    #[arg(long, default_value_t = TrainConfig::default().threshold_beta)]
    threshold_beta: f64,
    /// L-BFGS iterations at most, per label.
    #[arg(long, default_value_t = TrainConfig::default().logistic.max_iterations)]
    max_iterations: u64,
    /// Also write each train-split sentence's cross-validated (out-of-fold)
    /// scores to this JSONL file: {"text", "gold", "scores"} a line.
    #[arg(long)]
    cv_scores: Option<PathBuf>,
}

/// A finite weight of zero or more.
fn parse_weight(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err(format!("{text:?} is not a weight (a number of 0 or more)")),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let corpus = Corpus::load(&args.corpus)?;
    let problems = corpus.check();
    if let Some(first) = problems.first() {
        anyhow::bail!("the corpus has {} problems (run `crimetag corpus check`); first: {first}", problems.len());
    }
    let config = TrainConfig {
        folds: args.folds,
        seed: args.seed,
        vocab_size: args.vocab_size,
        min_word_count: args.min_word_count,
        max_features: args.max_features,
        unselected_weight: args.unselected_weight,
        evidence_scale: args.evidence_scale,
        logistic: LogisticParams { alpha: args.alpha, max_iterations: args.max_iterations },
        threshold_beta: args.threshold_beta,
        family: args.family,
        ..TrainConfig::default()
    };
    let started = Instant::now();
    let outcome = if std::io::stderr().is_terminal() {
        let spinner = ProgressBar::new_spinner();
        spinner.set_style(ProgressStyle::with_template("{spinner} [{elapsed}] {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
        spinner.enable_steady_tick(Duration::from_millis(120));
        let outcome = train(&corpus, &config, &|step| spinner.set_message(step.to_string()));
        spinner.finish_and_clear();
        outcome?
    } else {
        train(&corpus, &config, &|step| eprintln!("[{:6.1}s] {step}", started.elapsed().as_secs_f64()))?
    };
    eprintln!("trained in {:.1}s", started.elapsed().as_secs_f64());

    if let Some(cv) = &outcome.cross_validation {
        writeln!(out, "cross-validation ({} folds, train split):\n{}", args.folds, cv.table())?;
    }
    writeln!(out, "dev split (thresholds tuned here):\n{}", outcome.dev.table())?;
    writeln!(out, "held-out documents:\n{}", outcome.held_out.table())?;
    let c = &outcome.held_out_counts;
    writeln!(
        out,
        "held-out counts: precision {:.3} recall {:.3} F1 {:.3}, attachment {:.3}, qualifier {:.3} ({} gold)",
        c.precision(),
        c.recall(),
        c.f1(),
        c.attachment_accuracy(),
        c.qualifier_accuracy(),
        c.gold
    )?;
    if let Some(path) = &args.cv_scores {
        let mut lines = Vec::new();
        for row in &outcome.out_of_fold {
            serde_json::to_writer(&mut lines, row)?;
            lines.push(b'\n');
        }
        write_atomically(path, &lines).with_context(|| format!("writing {}", path.display()))?;
    }
    let model_path = args.out.join("crimetag.model");
    outcome.bundle.save(&model_path)?;
    let metrics = serde_json::json!({"meta": outcome.bundle.meta});
    write_atomically(&args.out.join("metrics.json"), format!("{}\n", serde_json::to_string_pretty(&metrics)?).as_bytes())
        .context("writing metrics.json")?;
    writeln!(out, "wrote {}", model_path.display())?;
    Ok(ExitCode::SUCCESS)
}

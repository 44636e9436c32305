//! `crimetag explain TEXT`: each label's score and the tokens that pushed it
//! up and down most.

use std::io::Write;
use std::process::ExitCode;

use crimetag::explain::explain;

use super::args::ModelArg;

/// Show why a sentence gets its scores.
#[derive(clap::Args)]
pub struct Args {
    /// The text to explain.
    text: String,
    /// Features to show on each side.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let tagger = args.model.tagger()?;
    let explanations = explain(&tagger, &args.text, args.top);
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&explanations)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for e in explanations {
        let verdict = if e.score >= e.threshold { "YES" } else { "no" };
        writeln!(out, "{:<10} {:.3} (threshold {:.2}) {verdict}", e.label.name(), e.score, e.threshold)?;
        let show = |items: &[(String, f32)]| items.iter().map(|(n, w)| format!("{n} {w:+.2}")).collect::<Vec<_>>().join(", ");
        writeln!(out, "    up:   {}", show(&e.up))?;
        writeln!(out, "    down: {}", show(&e.down))?;
    }
    Ok(ExitCode::SUCCESS)
}

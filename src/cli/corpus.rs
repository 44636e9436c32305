//! `crimetag corpus check`: validate the labeled corpus and print its statistics
//! against the targets. Fails, naming file and line, on any problem.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crimetag::corpus::Corpus;

/// Work with the labeled corpus.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Validate the corpus and print label and count statistics.
    Check {
        /// The corpus folder (sentences/ and documents/), a folder of JSONL files, or one file.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Action::Check { corpus } = args.action;
    let loaded = Corpus::load(&corpus)?;
    let problems = loaded.check();
    for p in &problems {
        eprintln!("{p}");
    }
    let stats = loaded.stats();
    writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
    let near_rate = if stats.sentences == 0 { 0.0 } else { stats.near_duplicates as f64 / stats.sentences as f64 };
    writeln!(out, "near-duplicate rate: {:.2}% ({} of {})", 100.0 * near_rate, stats.near_duplicates, stats.sentences)?;
    let mut unmet = 0;
    for (target, met) in stats.targets() {
        writeln!(out, "{} {target}", if met { "ok  " } else { "MISS" })?;
        unmet += usize::from(!met);
    }
    if !problems.is_empty() {
        eprintln!("{} problems", problems.len());
        return Ok(ExitCode::from(1));
    }
    Ok(if unmet > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

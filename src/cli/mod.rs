//! Subcommands, one file each. They turn flags into library calls and print.

mod args;
mod batch;
mod classify;
mod corpus;
mod eval;
mod explain;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tag law-enforcement press releases with crimes (fraud, gambling, drugs,
/// firearms, smuggling) sentence by sentence, and extract the counts they report.
#[derive(Parser)]
#[command(name = "crimetag", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Classify(classify::Args),
    Batch(batch::Args),
    Train(train::Args),
    Eval(eval::Args),
    Explain(explain::Args),
    Corpus(corpus::Args),
}

/// Parses the command line and runs the subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Classify(args) => classify::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Corpus(args) => corpus::run(args),
    }
}

/// Whether an error is a closed pipe downstream (`crimetag ... | head`), which is no failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

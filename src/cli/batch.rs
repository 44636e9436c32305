//! `crimetag batch --input PATH --output PATH`: tag a whole archive.
//!
//! PATH is a JSONL file of `{"id","text"}` records (other fields pass through),
//! gzipped when it ends in `.gz`, a directory of `.txt`/`.html` files (searched
//! recursively), or `-` for standard input/output. One JSON line per document,
//! in input order; a record that cannot be read becomes an error line
//! `{"id"?, "line", "error"}` and the job goes on. Exit code 1 when any record
//! failed. A file output is written to a temporary file and renamed at the end,
//! so an interrupted run leaves no half-written output.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use crimetag::batch::{self, Record};
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::ModelArg;

/// Tag many documents, in parallel, one JSON line each.
#[derive(clap::Args)]
pub struct Args {
    /// JSONL file (.jsonl or .jsonl.gz), a directory of .txt/.html, or - for stdin.
    #[arg(long)]
    input: PathBuf,
    /// JSONL output (gzipped if it ends in .gz), or - for stdout.
    #[arg(long)]
    output: PathBuf,
    /// Worker threads [default: all cores].
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar or summary.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tagger = args.model.tagger()?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build_global().context("setting up worker threads")?;
    }
    let (records, total_bytes) = open_input(&args.input)?;
    let progress = progress_bar(args.quiet, total_bytes);
    let started = Instant::now();
    let summary = if args.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        batch::run(&tagger, records, &mut out, |s| progress.set_position(s.bytes as u64))?
    } else {
        let tmp = temporary_beside(&args.output);
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let result = write_output(&tagger, records, file, &args.output, |s| progress.set_position(s.bytes as u64));
        match result {
            Ok(summary) => {
                std::fs::rename(&tmp, &args.output).with_context(|| format!("renaming to {}", args.output.display()))?;
                summary
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    };
    progress.finish_and_clear();
    if !args.quiet {
        eprint!("{}", summary.report(started.elapsed()));
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Writes to `file`, gzipped when `target` ends in `.gz`.
fn write_output(tagger: &crimetag::Tagger, records: Box<dyn Iterator<Item = Record>>, file: File, target: &Path, on_chunk: impl FnMut(&batch::Summary)) -> anyhow::Result<batch::Summary> {
    if target.extension().is_some_and(|e| e == "gz") {
        let mut encoder = GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
        let summary = batch::run(tagger, records, &mut encoder, on_chunk)?;
        encoder.finish()?.flush()?;
        Ok(summary)
    } else {
        let mut out = BufWriter::new(file);
        let summary = batch::run(tagger, records, &mut out, on_chunk)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(summary)
    }
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// The records of the input and its size in bytes when known (for the ETA).
fn open_input(path: &Path) -> anyhow::Result<(Box<dyn Iterator<Item = Record>>, Option<u64>)> {
    if path.as_os_str() == "-" {
        let reader: Box<dyn BufRead> = Box::new(BufReader::new(std::io::stdin()));
        return Ok((Box::new(batch::jsonl_records(reader)), None));
    }
    if path.is_dir() {
        let files = batch::document_files(path)?;
        let size = files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum();
        let records = files.into_iter().enumerate().map(|(i, f)| batch::read_document_file(&f, i + 1));
        return Ok((Box::new(records), Some(size)));
    }
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let size = file.metadata().ok().map(|m| m.len());
    if path.extension().is_some_and(|e| e == "gz") {
        let reader = BufReader::new(MultiGzDecoder::new(BufReader::new(file)));
        Ok((Box::new(batch::jsonl_records(reader)), None))
    } else {
        Ok((Box::new(batch::jsonl_records(BufReader::new(file))), size))
    }
}

fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}").unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec}").unwrap_or_else(|_| ProgressStyle::default_spinner())),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

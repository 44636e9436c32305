//! `crimetag batch --input PATH --output PATH`: tag a whole archive.
//!
//! PATH is a JSONL file of `{"id","text"}` records (other fields pass through),
//! gzipped when it ends in `.gz`, a directory of `.txt`/`.html` files (searched
//! recursively), or `-` for standard input/output. One JSON line per document,
//! in input order; a record that cannot be read becomes an error line
//! `{"id"?, "line", "error"}` and the job goes on. Exit code 1 when any record
//! failed. Output is written a whole chunk at a time; Ctrl-C stops after the
//! chunk in hand (exit code 130), and `--resume` carries on from there with no
//! record lost or repeated.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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
    /// Continue an interrupted run: keep the records already in the output
    /// file and process only the rest of the input.
    #[arg(long)]
    resume: bool,
    /// Tag every sentence afresh instead of reusing the tags of a sentence
    /// seen before (same output; for timing on text without repeats).
    #[arg(long)]
    no_sentence_cache: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tagger = args.model.tagger()?;
    let tagger = if args.no_sentence_cache { tagger.without_sentence_cache() } else { tagger };
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build_global().context("setting up worker threads")?;
    }
    // Ctrl-C asks the run to stop after the chunk in hand, so no line is cut.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).context("installing the Ctrl-C handler")?;

    let done = if args.resume { records_already_written(&args.output)? } else { 0 };
    let (records, total_bytes) = open_input(&args.input)?;
    let records = records.skip(done);
    let progress = progress_bar(args.quiet, total_bytes);
    let started = Instant::now();
    let on_chunk = |s: &batch::Summary| progress.set_position(s.bytes as u64);
    let summary = if args.output.as_os_str() == "-" {
        batch::run(&tagger, records, &mut BufWriter::new(std::io::stdout()), &stop, on_chunk)?
    } else {
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(args.resume)
            .truncate(!args.resume)
            .open(&args.output)
            .with_context(|| format!("opening {}", args.output.display()))?;
        write_output(&tagger, records, file, &args.output, &stop, on_chunk)?
    };
    progress.finish_and_clear();
    if !args.quiet {
        if done > 0 {
            eprintln!("resumed after {done} records already in {}", args.output.display());
        }
        eprint!("{}", summary.report(started.elapsed()));
    }
    if summary.interrupted {
        eprintln!("interrupted after {} records; run again with --resume to continue", done + summary.records());
        return Ok(ExitCode::from(130));
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Writes to `file`, gzipped when `target` ends in `.gz` (a resumed run adds
/// a gzip member, which readers of concatenated gzip take as one stream).
fn write_output(
    tagger: &crimetag::Tagger,
    records: impl Iterator<Item = Record> + Send,
    file: File,
    target: &Path,
    stop: &AtomicBool,
    on_chunk: impl FnMut(&batch::Summary),
) -> anyhow::Result<batch::Summary> {
    if is_gzip(target) {
        let mut encoder = GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
        let summary = batch::run(tagger, records, &mut encoder, stop, on_chunk)?;
        sync(encoder.finish()?.into_inner().map_err(|e| e.into_error())?)?;
        Ok(summary)
    } else {
        let mut out = BufWriter::new(file);
        let summary = batch::run(tagger, records, &mut out, stop, on_chunk)?;
        sync(out.into_inner().map_err(|e| e.into_error())?)?;
        Ok(summary)
    }
}

/// Flushes a finished output to disk; devices such as /dev/null have nothing to sync.
fn sync(file: File) -> std::io::Result<()> {
    if file.metadata()?.is_file() {
        file.sync_all()
    } else {
        Ok(())
    }
}

fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

/// How many whole records an earlier run left in `output`. A plain file is
/// cut back to its last complete line first, in case the run was killed
/// mid-line; a gzip file must decode cleanly.
fn records_already_written(output: &Path) -> anyhow::Result<usize> {
    if output.as_os_str() == "-" {
        anyhow::bail!("--resume needs an output file, not standard output");
    }
    if !output.exists() {
        return Ok(0);
    }
    if is_gzip(output) {
        let mut text = Vec::new();
        MultiGzDecoder::new(BufReader::new(File::open(output)?))
            .read_to_end(&mut text)
            .with_context(|| format!("{} is not a complete gzip file, so it cannot be resumed", output.display()))?;
        return Ok(text.iter().filter(|&&b| b == b'\n').count());
    }
    let bytes = std::fs::read(output).with_context(|| format!("reading {}", output.display()))?;
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if complete < bytes.len() {
        OpenOptions::new().write(true).open(output)?.set_len(complete as u64)?;
    }
    Ok(bytes[..complete].iter().filter(|&&b| b == b'\n').count())
}

/// The records of the input and its size in bytes when known (for the ETA).
fn open_input(path: &Path) -> anyhow::Result<(Box<dyn Iterator<Item = Record> + Send>, Option<u64>)> {
    if path.as_os_str() == "-" {
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(std::io::stdin()));
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
            ProgressStyle::with_template("{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {binary_bytes} {binary_bytes_per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

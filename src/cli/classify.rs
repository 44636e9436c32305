//! `crimetag classify [FILE...]`: tag press releases and print the result.
//!
//! Reads each FILE (`.txt`, `.html`/`.htm`, or `.jsonl` with one `{"id","text"}`
//! per line), or standard input when none is given. Prints a table on a
//! terminal, JSON Lines otherwise, or what `--format` says.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use crimetag::batch::{self, Record};
use crimetag::normalize::InputFormat;
use crimetag::output::{table, DocumentResult};

use super::args::{Format, ModelArg};

/// Tag press releases sentence by sentence.
#[derive(clap::Args)]
pub struct Args {
    /// Files to tag (.txt, .html, .jsonl); standard input when none.
    files: Vec<PathBuf>,
    /// Output format [default: table on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Read standard input as HTML.
    #[arg(long)]
    html: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tagger = args.model.tagger()?;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Jsonl });
    let mut records: Vec<Record> = Vec::new();
    if args.files.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let format = if args.html { InputFormat::Html } else { InputFormat::Text };
        records.push(Record {
            line: 1,
            source: None,
            content: Ok(batch::RecordContent { id: "-".into(), text, format, extra: Default::default() }),
        });
    }
    for path in &args.files {
        if path.extension().is_some_and(|e| e == "jsonl") {
            let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
            records.extend(batch::jsonl_records(std::io::BufReader::new(file)).map(|mut r| {
                r.source = Some(path.display().to_string());
                r
            }));
        } else {
            records.push(batch::read_document_file(path, records.len() + 1));
        }
    }
    let mut failed = false;
    let mut results: Vec<DocumentResult> = Vec::new();
    for record in records {
        match record.content {
            Ok(content) => {
                let mut doc = tagger.tag(content.id, &content.text, content.format);
                doc.pass_through(content.extra);
                results.push(doc);
            }
            Err((_, error)) => {
                failed = true;
                let place = record.source.map(|s| format!("{s}: ")).unwrap_or_default();
                eprintln!("crimetag: {place}{error}");
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Table => results.iter().try_for_each(|doc| write!(out, "{}", table::render(doc)))?,
        Format::Jsonl => results.iter().try_for_each(|doc| writeln!(out, "{}", serde_json::to_string(doc).unwrap_or_default()))?,
        Format::Json => {
            let json =
                if results.len() == 1 { serde_json::to_string_pretty(&results[0])? } else { serde_json::to_string_pretty(&results)? };
            writeln!(out, "{json}")?;
        }
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

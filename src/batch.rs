//! The batch driver: many documents in, one JSON line per document out, in
//! input order, processed in parallel with rayon.
//!
//! Input is read as a stream of [`Record`]s, in bounded chunks: a chunk is
//! tagged in parallel, written in order, then the next is read, so memory stays
//! flat however large the input. A record that cannot be read becomes an
//! [`ErrorRecord`] line in its place; the others still come out.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::labels::Label;
use crate::normalize::InputFormat;
use crate::output::{DocumentResult, ErrorRecord};
use crate::pipeline::Tagger;

/// Documents tagged per parallel chunk.
pub const CHUNK: usize = 256;

/// One input document, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line (JSONL) or position (directory) in the input.
    pub line: usize,
    /// Where it came from, for directory input.
    pub source: Option<String>,
    /// The document, or the error that stands in its place.
    pub content: std::result::Result<RecordContent, (Option<serde_json::Value>, String)>,
}

/// A readable document.
#[derive(Debug, Clone)]
pub struct RecordContent {
    /// Its id.
    pub id: serde_json::Value,
    /// Its text.
    pub text: String,
    /// How to read the text.
    pub format: InputFormat,
    /// Other fields of the record, passed through.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Parses one JSONL line into a record.
pub fn parse_jsonl_line(line_number: usize, line: &str) -> Record {
    let content = match serde_json::from_str::<serde_json::Value>(line) {
        Err(e) => Err((None, format!("line {line_number}: not JSON: {e}"))),
        Ok(serde_json::Value::Object(mut fields)) => {
            let id = fields.remove("id").unwrap_or(serde_json::Value::Null);
            match fields.remove("text") {
                Some(serde_json::Value::String(text)) => Ok(RecordContent { id, text, format: InputFormat::Text, extra: fields }),
                Some(other) => Err((Some(id), format!("line {line_number}: field \"text\" is {}, not a string", json_type(&other)))),
                None => Err((Some(id), format!("line {line_number}: no field \"text\""))),
            }
        }
        Ok(other) => Err((None, format!("line {line_number}: a JSON {} where an object was expected", json_type(&other)))),
    };
    Record { line: line_number, source: None, content }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads a document file: text or HTML by extension, invalid UTF-8 decoded
/// lossily (with a warning), binary files refused.
pub fn read_document_file(path: &Path, position: usize) -> Record {
    let source = Some(path.display().to_string());
    let id = serde_json::Value::String(path.display().to_string());
    let content = match std::fs::read(path) {
        Err(e) => Err((Some(id), format!("{}: {e}", path.display()))),
        Ok(bytes) if bytes.iter().take(8192).any(|&b| b == 0) => {
            Err((Some(id), format!("{}: binary file (NUL byte), skipped", path.display())))
        }
        Ok(bytes) => {
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("warning: {}: invalid UTF-8, decoded lossily", path.display());
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            };
            Ok(RecordContent { id, text, format: InputFormat::from_path(path), extra: serde_json::Map::new() })
        }
    };
    Record { line: position, source, content }
}

/// The `.txt`, `.html` and `.htm` files under `dir`, recursively, sorted.
pub fn document_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).map_err(|e| Error::io(&current, e))? {
            let path = entry.map_err(|e| Error::io(&current, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "html" | "htm"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What a batch run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents tagged.
    pub documents: usize,
    /// Sentences tagged.
    pub sentences: usize,
    /// Records that failed.
    pub errors: usize,
    /// Documents per label.
    pub documents_per_label: [usize; 5],
    /// Counts per label.
    pub counts_per_label: [usize; 5],
    /// Input bytes of the documents' text.
    pub bytes: usize,
    /// Whether the run was stopped before the end of the input.
    pub interrupted: bool,
}

impl Summary {
    /// Records written (documents and errors).
    pub fn records(&self) -> usize {
        self.documents + self.errors
    }
}

impl Summary {
    /// The summary of one tagged document of `bytes` bytes of text.
    fn of_document(doc: &DocumentResult, bytes: usize) -> Self {
        let mut summary = Summary { documents: 1, bytes, sentences: doc.sentences.len(), ..Summary::default() };
        for label in doc.labels.iter() {
            summary.documents_per_label[label.index()] += 1;
        }
        for count in doc.sentences.iter().flat_map(|s| &s.counts) {
            for label in count.labels.iter() {
                summary.counts_per_label[label.index()] += 1;
            }
        }
        summary
    }

    /// Adds the counts of `other` to these.
    fn add(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.errors += other.errors;
        self.bytes += other.bytes;
        for (mine, theirs) in self.documents_per_label.iter_mut().zip(other.documents_per_label) {
            *mine += theirs;
        }
        for (mine, theirs) in self.counts_per_label.iter_mut().zip(other.counts_per_label) {
            *mine += theirs;
        }
    }

    /// A multi-line report.
    pub fn report(&self, elapsed: std::time::Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mut out = format!(
            "{} documents, {} sentences, {} errors in {:.2}s ({:.1} docs/s, {:.2} MB/s)\n",
            self.documents,
            self.sentences,
            self.errors,
            secs,
            self.documents as f64 / secs,
            self.bytes as f64 / 1e6 / secs
        );
        for label in Label::ALL {
            out += &format!(
                "  {:<10} {:>7} documents {:>8} counts\n",
                label.name(),
                self.documents_per_label[label.index()],
                self.counts_per_label[label.index()]
            );
        }
        out
    }
}

/// Tags `records` in chunks of [`CHUNK`] with `tagger`, writing one JSON line
/// per record to `out` in input order; each chunk is written whole and
/// flushed. While a chunk is tagged, the one before it is written and the one
/// after it read, so the serial work does not leave the other threads idle.
/// `on_chunk` hears after each chunk is written how far the run got. When
/// `stop` is set, the run ends after the chunks in hand (so no line is left
/// half written) with `interrupted` set in the summary.
pub fn run(
    tagger: &Tagger,
    mut records: impl Iterator<Item = Record> + Send,
    out: &mut (dyn Write + Send),
    stop: &AtomicBool,
    mut on_chunk: impl FnMut(&Summary),
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    let mut chunk: Vec<Record> = records.by_ref().take(CHUNK).collect();
    let mut tagged: Vec<TaggedRecord> = Vec::new();
    loop {
        if chunk.is_empty() || stop.load(Ordering::SeqCst) {
            summary.interrupted = !chunk.is_empty();
            write_chunk(out, &mut summary, std::mem::take(&mut tagged))?;
            on_chunk(&summary);
            break;
        }
        let previous = std::mem::take(&mut tagged);
        let (now_tagged, (next, written)) = rayon::join(
            || std::mem::take(&mut chunk).into_par_iter().map(|record| tag_record(tagger, record)).collect(),
            || {
                let written = write_chunk(out, &mut summary, previous);
                (records.by_ref().take(CHUNK).collect(), written)
            },
        );
        written?;
        on_chunk(&summary);
        (tagged, chunk) = (now_tagged, next);
    }
    out.flush()?;
    Ok(summary)
}

/// Writes a tagged chunk's lines and adds it to `summary`.
fn write_chunk(out: &mut (dyn Write + Send), summary: &mut Summary, tagged: Vec<TaggedRecord>) -> std::io::Result<()> {
    for (line, record_summary) in tagged {
        summary.add(&record_summary);
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// A record's output line and what it adds to the summary.
type TaggedRecord = (String, Summary);

/// Tags one record.
fn tag_record(tagger: &Tagger, record: Record) -> TaggedRecord {
    match record.content {
        Ok(content) => {
            let bytes = content.text.len();
            let mut doc = tagger.tag(content.id, &content.text, content.format);
            doc.pass_through(content.extra);
            match serde_json::to_string(&doc) {
                Ok(line) => (line, Summary::of_document(&doc, bytes)),
                Err(e) => (error_line(None, record.line, record.source, e.to_string()), Summary { errors: 1, ..Summary::default() }),
            }
        }
        Err((id, error)) => (error_line(id, record.line, record.source, error), Summary { errors: 1, ..Summary::default() }),
    }
}

fn error_line(id: Option<serde_json::Value>, line: usize, source: Option<String>, error: String) -> String {
    serde_json::to_string(&ErrorRecord { id, line, source, error })
        .unwrap_or_else(|_| format!("{{\"line\":{line},\"error\":\"unprintable error\"}}"))
}

/// Reads JSONL records from `reader`, one per line; unreadable lines
/// (including invalid UTF-8) become error records.
pub fn jsonl_records(reader: impl BufRead) -> impl Iterator<Item = Record> {
    let mut reader = reader;
    let mut line_number = 0;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {
                line_number += 1;
                // `from_utf8` validates faster than the lossy decoder; that is only for bad lines.
                let line = std::str::from_utf8(&buf).map_or_else(|_| String::from_utf8_lossy(&buf), std::borrow::Cow::Borrowed);
                let line = line.trim_end_matches(['\n', '\r']);
                if line.trim().is_empty() {
                    continue;
                }
                return Some(parse_jsonl_line(line_number, line));
            }
            Err(e) => {
                line_number += 1;
                return Some(Record {
                    line: line_number,
                    source: None,
                    content: Err((None, format!("line {line_number}: read error: {e}"))),
                });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_become_records_or_errors() {
        let input = "{\"id\": 1, \"text\": \"a\", \"src\": \"x\"}\nnot json\n\n{\"id\": 3}\n{\"id\": 4, \"text\": 5}\n[1]\n";
        let records: Vec<Record> = jsonl_records(input.as_bytes()).collect();
        assert_eq!(records.len(), 5);
        let ok = records[0].content.as_ref().unwrap();
        assert_eq!((ok.text.as_str(), ok.extra["src"].as_str()), ("a", Some("x")));
        assert!(records[1].content.as_ref().unwrap_err().1.contains("line 2: not JSON"));
        assert_eq!(records[2].line, 4);
        assert!(records[2].content.as_ref().unwrap_err().1.contains("no field \"text\""));
        assert!(records[3].content.as_ref().unwrap_err().1.contains("a number, not a string"));
        assert!(records[4].content.as_ref().unwrap_err().1.contains("an array"));
    }

    #[test]
    fn invalid_utf8_lines_are_read_lossily() {
        let input = b"{\"id\": 1, \"text\": \"caf\xe9\"}\n";
        let records: Vec<Record> = jsonl_records(&input[..]).collect();
        assert!(records[0].content.as_ref().unwrap().text.starts_with("caf"));
    }
}

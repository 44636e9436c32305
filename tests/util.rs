//! A fresh working directory per test, and a runner for the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary directory with helpers to write files and run `crimetag` in it.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir { dir: tempfile::tempdir().expect("temporary directory") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Runs `crimetag args...` in the directory, feeding `stdin`.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crimetag"))
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("crimetag runs");
        child.stdin.take().unwrap().write_all(stdin).ok();
        child.wait_with_output().unwrap()
    }
}

/// The repository root, for shipped files (examples, corpus).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks one output document against the contract, field by field, against
/// the input text it came from (plain text: offsets slice it exactly).
pub fn check_contract(doc: &serde_json::Value, input: &str) {
    const LABELS: [&str; 5] = ["drugs", "firearms", "fraud", "gambling", "smuggling"];
    assert!(doc.get("id").is_some(), "id present");
    let labels: Vec<&str> = doc["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    let mut sorted = labels.clone();
    sorted.sort();
    assert_eq!(labels, sorted, "document labels sorted");
    let mut union = std::collections::BTreeSet::new();
    let mut previous_end = 0;
    for s in doc["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert!(start >= previous_end && start < end && end <= input.len(), "sentence offsets in order and in bounds");
        previous_end = end;
        assert_eq!(&input[start..end], s["text"].as_str().unwrap(), "offsets slice the input to the sentence text");
        let scores = s["scores"].as_object().unwrap();
        assert_eq!(scores.len(), 5);
        for label in LABELS {
            let p = scores[label].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p), "score is a probability");
        }
        let sentence_labels: Vec<&str> = s["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        for l in &sentence_labels {
            assert!(LABELS.contains(l));
            union.insert(l.to_string());
        }
        for c in s["counts"].as_array().unwrap() {
            let (cs, ce) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
            assert!(cs >= start && ce <= end && cs < ce, "count inside its sentence");
            assert_eq!(&input[cs..ce], c["text"].as_str().unwrap(), "count offsets slice the input");
            assert!(c["value"].as_f64().unwrap().is_finite());
            let unit = c["unit"].as_str().unwrap();
            assert!(matches!(unit, "count" | "kg" | "l") || (unit.len() == 3 && unit.chars().all(|ch| ch.is_ascii_uppercase())));
            assert!(c["object"].is_string());
            assert!(matches!(c["qualifier"].as_str().unwrap(), "exact" | "approx" | "at_least" | "at_most"));
            for l in c["labels"].as_array().unwrap() {
                assert!(sentence_labels.contains(&l.as_str().unwrap()), "count labels within sentence labels");
            }
        }
    }
    let union: Vec<String> = union.into_iter().collect();
    assert_eq!(labels, union.iter().map(String::as_str).collect::<Vec<_>>(), "document labels are the union of sentence labels");
    for (label, totals) in doc["totals"].as_object().unwrap() {
        assert!(labels.contains(&label.as_str()));
        for t in totals.as_array().unwrap() {
            assert!(t["unit"].is_string() && t["object"].is_string() && t["value"].as_f64().is_some());
        }
    }
}

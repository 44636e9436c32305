//! `crimetag batch`: order, contract, formats, threads.

use std::io::{Read, Write};

use crate::util::{check_contract, stderr, stdout, Workdir};

/// 100 small documents of our own, each different.
fn hundred_documents() -> Vec<(String, String)> {
    let bodies = [
        "Police seized {n} kilograms of heroin at the airport.\nThe suspect, 41, was arrested.",
        "Officers recovered {n} pistols and 300 rounds from a car.",
        "Investigators said the scam call centre cheated {n} victims out of $2.5 million.",
        "An illegal casino with {n} slot machines was shut down in Macau.",
        "Border guards stopped {n} migrants crossing the river illegally.",
        "The city council approved a new park on May 3, 2026.",
    ];
    (0..100).map(|i| (format!("doc-{i:03}"), bodies[i % bodies.len()].replace("{n}", &(i + 2).to_string()))).collect()
}

fn jsonl(docs: &[(String, String)]) -> String {
    docs.iter().map(|(id, text)| format!("{}\n", serde_json::json!({"id": id, "text": text, "source": "test"}))).collect()
}

#[test]
fn hundred_documents_come_out_in_order_and_to_contract() {
    let wd = Workdir::new();
    let docs = hundred_documents();
    wd.write("in.jsonl", jsonl(&docs));
    let out = wd.run(&["batch", "--input", "in.jsonl", "--output", "out.jsonl"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let written = wd.read("out.jsonl");
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 100);
    for (line, (id, text)) in lines.iter().zip(&docs) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(doc["id"], serde_json::json!(id), "input order");
        assert_eq!(doc["source"], "test", "other fields pass through");
        check_contract(&doc, text);
    }
    assert!(stderr(&out).contains("100 documents"), "summary: {}", stderr(&out));
}

#[test]
fn input_fields_named_like_output_fields_are_renamed_not_doubled() {
    // A labeled corpus fed to batch: its gold `labels` must not shadow ours.
    let wd = Workdir::new();
    let record = serde_json::json!({"id": 1, "text": "Police seized 5 kilograms of cocaine.", "labels": ["gambling"], "totals": "gold", "input_labels": "kept"});
    wd.write("in.jsonl", format!("{record}\n"));
    let out = wd.run(&["batch", "--input", "in.jsonl", "--output", "out.jsonl", "--quiet"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let line = wd.read("out.jsonl");
    assert_eq!(line.matches("\"labels\":").count(), 1 + 1 + 1, "document, sentence and count labels, once each: {line}");
    let doc: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(doc["labels"], serde_json::json!(["drugs"]));
    assert!(doc["totals"].is_object(), "{line}");
    assert_eq!(doc["input_labels"], "kept");
    assert_eq!(doc["input_input_labels"], serde_json::json!(["gambling"]));
    assert_eq!(doc["input_totals"], "gold");
}

#[test]
fn output_is_identical_with_1_2_and_8_threads() {
    let wd = Workdir::new();
    wd.write("in.jsonl", jsonl(&hundred_documents()));
    let mut outputs = Vec::new();
    for threads in ["1", "2", "8"] {
        let name = format!("out-{threads}.jsonl");
        let out = wd.run(&["batch", "--input", "in.jsonl", "--output", &name, "--threads", threads, "--quiet"], b"");
        assert!(out.status.success());
        outputs.push(wd.read(&name));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn repeated_sentences_are_tagged_the_same_as_fresh_ones() {
    // Page furniture repeats; the same amount in pesos means another currency in another country.
    let footer = "Report fraud and human trafficking to the hotline.";
    let docs: Vec<(String, String)> = (0..40)
        .map(|i| {
            let place = ["SANTIAGO, Chile", "MEXICO CITY, Mexico"][i % 2];
            (format!("doc-{i}"), format!("Agents seized 3 million pesos.\n{place} - {} pistols were found.\n{footer}", i + 2))
        })
        .collect();
    let wd = Workdir::new();
    wd.write("in.jsonl", jsonl(&docs));
    let cached = wd.run(&["batch", "--input", "in.jsonl", "--output", "cached.jsonl", "--quiet", "--threads", "1"], b"");
    let fresh = wd.run(&["batch", "--input", "in.jsonl", "--output", "fresh.jsonl", "--quiet", "--no-sentence-cache"], b"");
    assert!(cached.status.success() && fresh.status.success());
    assert_eq!(wd.read("cached.jsonl"), wd.read("fresh.jsonl"));
    let units: Vec<String> = wd
        .read("cached.jsonl")
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["sentences"][0]["counts"][0]["unit"].to_string())
        .collect();
    assert_eq!(&units[..2], ["\"CLP\"", "\"MXN\""], "pesos follow each document's country");
    assert!(units.iter().enumerate().all(|(i, unit)| *unit == units[i % 2]));
}

#[test]
fn gzip_in_and_out_and_stdin_stdout() {
    let wd = Workdir::new();
    let docs = hundred_documents();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(jsonl(&docs).as_bytes()).unwrap();
    wd.write("in.jsonl.gz", encoder.finish().unwrap());
    let out = wd.run(&["batch", "--input", "in.jsonl.gz", "--output", "out.jsonl.gz", "--quiet"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(wd.path("out.jsonl.gz")).unwrap()).read_to_string(&mut text).unwrap();
    assert_eq!(text.lines().count(), 100);

    let piped = wd.run(&["batch", "--input", "-", "--output", "-", "--quiet"], jsonl(&docs[..3]).as_bytes());
    assert!(piped.status.success());
    let lines: Vec<String> = stdout(&piped).lines().map(String::from).collect();
    assert_eq!(lines, text.lines().take(3).map(String::from).collect::<Vec<_>>());
}

#[test]
fn directories_are_read_recursively_in_name_order() {
    let wd = Workdir::new();
    wd.write("docs/b.txt", "Agents seized 3 kg of cocaine.");
    wd.write("docs/sub/a.html", "<p>Police arrested 5 people for <b>illegal gambling</b>.</p>");
    wd.write("docs/skip.pdf", "not read");
    let out = wd.run(&["batch", "--input", "docs", "--output", "out.jsonl", "--quiet"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let written = wd.read("out.jsonl");
    let ids: Vec<String> =
        written.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].ends_with("docs/b.txt") && ids[1].ends_with("docs/sub/a.html"), "{ids:?}");
}

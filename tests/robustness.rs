//! Hostile input: nothing panics, nothing good is lost, errors say where.

use crate::util::{stderr, Workdir};

#[test]
fn bad_records_become_error_lines_and_the_rest_come_out() {
    let wd = Workdir::new();
    let input = [
        r#"{"id": "ok-1", "text": "Police seized 12 rifles."}"#,
        r#"{"id": "no-text"}"#,
        "this is not json",
        r#"{"id": "number-text", "text": 42}"#,
        r#"{"id": "ok-2", "text": "Customs found 2 kg of heroin."}"#,
        r#"{"id": "ok-2", "text": "A second record with the same id."}"#,
    ]
    .join("\n");
    wd.write("in.jsonl", input);
    let out = wd.run(&["batch", "--input", "in.jsonl", "--output", "out.jsonl", "--quiet"], b"");
    assert_eq!(out.status.code(), Some(1), "failed records make the exit code 1");
    let lines: Vec<serde_json::Value> = wd.read("out.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6, "one output line per input line");
    assert_eq!(lines[0]["id"], "ok-1");
    assert_eq!((lines[1]["id"].as_str(), lines[1]["line"].as_u64()), (Some("no-text"), Some(2)));
    assert!(lines[1]["error"].as_str().unwrap().contains("no field \"text\""));
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"].as_str().unwrap().contains("not JSON"));
    assert!(lines[3]["error"].as_str().unwrap().contains("not a string"));
    assert_eq!(lines[4]["labels"], serde_json::json!(["drugs"]));
    assert_eq!(lines[5]["id"], "ok-2", "duplicate ids are both processed");
}

#[test]
fn empty_binary_and_invalid_utf8_files() {
    let wd = Workdir::new();
    wd.write("docs/empty.txt", "");
    wd.write("docs/binary.txt", b"\x00\x01\x02PNG");
    wd.write("docs/latin1.txt", b"Police seized 3 kg of coca\xefne in S\xe3o Paulo.");
    let out = wd.run(&["batch", "--input", "docs", "--output", "out.jsonl", "--quiet"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("latin1.txt: invalid UTF-8"), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = wd.read("out.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["error"].as_str().unwrap().contains("binary file"));
    assert_eq!(lines[1]["sentences"].as_array().unwrap().len(), 0, "empty file: a document with no sentences");
    assert_eq!(lines[2]["labels"], serde_json::json!(["drugs"]));
}

#[test]
fn huge_line_and_deep_html_do_not_crash() {
    let wd = Workdir::new();
    let long_line = "cocaine seized at the port ".repeat(400_000);
    wd.write("docs/long.txt", &long_line);
    wd.write("docs/deep.html", format!("{}Agents seized 4 pistols.{}", "<div>".repeat(200_000), "</div>".repeat(200_000)));
    let out = wd.run(&["batch", "--input", "docs", "--output", "out.jsonl", "--quiet"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = wd.read("out.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["labels"], serde_json::json!(["firearms"]));
    assert!(lines[1]["sentences"].as_array().unwrap().len() > 1000, "the long line is cut into pieces");
}

#[test]
fn corrupted_truncated_and_foreign_models_are_refused() {
    let wd = Workdir::new();
    let model = std::fs::read(crate::util::repo("models/crimetag.model")).unwrap();
    let mut corrupted = model.clone();
    let last = corrupted.len() - 10;
    corrupted[last] ^= 0x55;
    wd.write("corrupted.model", &corrupted);
    wd.write("truncated.model", &model[..model.len() / 2]);
    wd.write("foreign.model", "{\"format\": \"other\", \"format_version\": 1, \"payload_bytes\": 0, \"payload_crc32\": 0}\n");
    wd.write("future.model", "{\"format\": \"crimetag-model\", \"format_version\": 99, \"payload_bytes\": 0, \"payload_crc32\": 0}\n");
    for (name, expected) in [("corrupted.model", "checksum"), ("truncated.model", "truncated"), ("foreign.model", "format"), ("future.model", "version 99")] {
        let out = wd.run(&["classify", "--model", name], b"Police seized guns.");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(expected), "{name}: {err}");
    }
}

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
    for (name, expected) in
        [("corrupted.model", "checksum"), ("truncated.model", "truncated"), ("foreign.model", "format"), ("future.model", "version 99")]
    {
        let out = wd.run(&["classify", "--model", name], b"Police seized guns.");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(expected), "{name}: {err}");
    }
}

/// Many short documents of our own, enough for a run to be interrupted.
fn many_documents(n: usize) -> String {
    (0..n)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": format!("Police seized {} kg of cocaine and {} pistols in raid number {i}.", i % 50 + 1, i % 7 + 2)})))
        .collect()
}

#[test]
fn interrupted_batch_resumes_with_nothing_lost_or_repeated() {
    let wd = Workdir::new();
    wd.write("in.jsonl", many_documents(60_000));
    let full = wd.run(&["batch", "--input", "in.jsonl", "--output", "full.jsonl", "--quiet"], b"");
    assert!(full.status.success());

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crimetag"))
        .args(["batch", "--input", "in.jsonl", "--output", "part.jsonl", "--quiet", "--threads", "1"])
        .current_dir(wd.path(""))
        .spawn()
        .unwrap();
    // Interrupt once the first chunk is out.
    while std::fs::metadata(wd.path("part.jsonl")).map_or(true, |m| m.len() == 0) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    let partial = wd.read("part.jsonl");
    if status.code() == Some(130) {
        assert!(partial.ends_with('\n'), "no half-written line");
        assert!(partial.lines().count() < 60_000);
    }
    let resumed = wd.run(&["batch", "--input", "in.jsonl", "--output", "part.jsonl", "--quiet", "--resume"], b"");
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(wd.read("part.jsonl") == wd.read("full.jsonl"), "resumed output equals an uninterrupted run");
}

#[test]
fn resume_cuts_a_half_written_line_and_continues_gzip() {
    let wd = Workdir::new();
    wd.write("in.jsonl", many_documents(600));
    assert!(wd.run(&["batch", "--input", "in.jsonl", "--output", "full.jsonl", "--quiet"], b"").status.success());
    let full = wd.read("full.jsonl");
    // A run killed mid-line: 300 whole lines and half of the next.
    let cut: usize = full.lines().take(300).map(|l| l.len() + 1).sum::<usize>() + 40;
    wd.write("killed.jsonl", &full[..cut]);
    assert!(wd.run(&["batch", "--input", "in.jsonl", "--output", "killed.jsonl", "--quiet", "--resume"], b"").status.success());
    assert!(wd.read("killed.jsonl") == full);

    // gzip: a finished first member plus the resumed rest reads as one stream.
    let first: String = full.lines().take(250).map(|l| format!("{l}\n")).collect();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, first.as_bytes()).unwrap();
    wd.write("out.jsonl.gz", encoder.finish().unwrap());
    assert!(wd.run(&["batch", "--input", "in.jsonl", "--output", "out.jsonl.gz", "--quiet", "--resume"], b"").status.success());
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(std::fs::File::open(wd.path("out.jsonl.gz")).unwrap()), &mut text)
        .unwrap();
    assert!(text == full);
}

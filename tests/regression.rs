//! Regressions found while building, named after what broke.

use crate::util::{stdout, Workdir};

/// A currency sign right before a multibyte character once split a UTF-8
/// sequence in the count extractor.
#[test]
fn multibyte_symbols_next_to_numbers() {
    let wd = Workdir::new();
    let out = wd.run(
        &["classify", "--format", "jsonl"],
        "He violated 18 U.S.C. § 922(g) and paid ₱2.5 million, €3 and ¥40 in 2019 — 中国 12 名。".as_bytes(),
    );
    assert!(out.status.success());
    assert!(stdout(&out).contains("\"PHP\""));
}

/// Found by the property tests: characters whose lower case has another byte
/// length ("Ɦ" → "ɦ", "Ⱥ" → "ⱥ") once shifted count offsets off char boundaries.
#[test]
fn lower_casing_that_changes_byte_length() {
    for sentence in ["Ɦ\u{1e130}about 1,190 kg", "Police seized 12 ȺȺȺ rifles", "ȺBOUT 5 kg of ȾEA"] {
        for count in crimetag::counts::extract(sentence) {
            assert_eq!(&sentence[count.start..count.end], count.text);
        }
    }
    let counts = crimetag::counts::extract("Ɦ about 1,190 kg");
    assert_eq!(counts[0].text, "about 1,190 kg");
}

/// A candidate model (L2 α = 0.005, real-text round 20) tagged the form field
/// "Name*" fraud at 0.57, on 6,423 lines of the real archive: "name" carries
/// fraud weight from "in false names". Form fields must stay untagged.
#[test]
fn form_fields_are_not_tagged() {
    let wd = Workdir::new();
    let input = ["Name*", "First Name", "Last Name", "Email*", "Phone*", "Submit"]
        .iter()
        .enumerate()
        .map(|(i, field)| format!("{{\"id\": \"{i}\", \"text\": \"{field}\"}}\n"))
        .collect::<String>();
    wd.write("fields.jsonl", &input);
    let out = wd.run(&["classify", "--format", "jsonl", "fields.jsonl"], b"");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    for doc in lines {
        assert_eq!(doc["labels"], serde_json::json!([]), "{doc}");
    }
}

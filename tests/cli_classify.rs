//! `crimetag classify` and `crimetag explain`.

use crate::util::{check_contract, repo, stderr, stdout, Workdir};

#[test]
fn the_issue_sentence_is_firearms_with_two_counts() {
    let wd = Workdir::new();
    let input = "Officers seized 31 handguns and 2,000 rounds of ammunition.";
    let out = wd.run(&["classify", "--format", "jsonl"], input.as_bytes());
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    check_contract(&doc, input);
    assert_eq!(doc["labels"], serde_json::json!(["firearms"]));
    let counts = doc["sentences"][0]["counts"].as_array().unwrap();
    assert_eq!(counts.len(), 2);
    assert_eq!((counts[0]["value"].as_f64(), counts[0]["unit"].as_str()), (Some(31.0), Some("count")));
    assert_eq!((counts[1]["value"].as_f64(), counts[1]["unit"].as_str()), (Some(2000.0), Some("count")));
    for c in counts {
        assert_eq!(c["labels"], serde_json::json!(["firearms"]));
    }
}

#[test]
fn the_example_press_release_meets_the_contract() {
    let wd = Workdir::new();
    let path = repo("examples/press-release.txt");
    let out = wd.run(&["classify", "--format", "json", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let input = std::fs::read_to_string(&path).unwrap();
    check_contract(&doc, &input);
    let labels = doc["labels"].as_array().unwrap();
    for expected in ["drugs", "firearms", "fraud", "gambling", "smuggling"] {
        assert!(labels.contains(&serde_json::json!(expected)), "{expected} in {labels:?}");
    }
    let unlabeled = doc["sentences"].as_array().unwrap().iter().filter(|s| s["labels"].as_array().unwrap().is_empty()).count();
    assert!(unlabeled >= 3, "date, arrest and contact lines come out unlabeled");
}

#[test]
fn html_offsets_index_the_original_markup() {
    let wd = Workdir::new();
    let path = repo("examples/press-release.html");
    let out = wd.run(&["classify", "--format", "json", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(doc["labels"].as_array().unwrap().contains(&serde_json::json!("drugs")));
    for s in doc["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        let text = s["text"].as_str().unwrap();
        assert!(!text.contains('<'), "sentence text has no markup");
        let word = text.split_whitespace().find(|w| w.chars().all(char::is_alphanumeric)).unwrap();
        assert!(html[start..end].contains(word), "{:?} contains {word:?}", &html[start..end]);
    }
    assert!(!stdout(&out).contains("not text"), "script content is dropped");
}

#[test]
fn jsonl_files_and_table_output() {
    let wd = Workdir::new();
    wd.write("in.jsonl", "{\"id\": \"a\", \"text\": \"Police raided an illegal gambling den and arrested 14 gamblers.\"}\n{\"id\": \"b\", \"text\": \"The mayor opened a new library.\"}\n");
    let out = wd.run(&["classify", "in.jsonl", "--format", "table"], b"");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("a: gambling"), "{text}");
    assert!(text.contains("14 gamblers"), "{text}");
    assert!(text.contains("b: no labels"), "{text}");
}

#[test]
fn explain_names_the_tokens_behind_a_score() {
    let wd = Workdir::new();
    let out = wd.run(&["explain", "Customs officers seized 40 kilograms of cocaine."], b"");
    assert!(out.status.success());
    let text = stdout(&out);
    let drugs_line = text.lines().find(|l| l.starts_with("drugs")).unwrap();
    assert!(drugs_line.ends_with("YES"), "{text}");
    let up = text.lines().skip_while(|l| !l.starts_with("drugs")).nth(1).unwrap();
    assert!(up.contains("cocaine"), "{up}");
}

#[test]
fn threshold_overrides_move_the_cut_and_bad_ones_are_refused() {
    let wd = Workdir::new();
    let input = "The man was carrying a pistol.";
    let labels_with = |extra: &[&str]| {
        let out = wd.run(&[&["classify", "--format", "jsonl"][..], extra].concat(), input.as_bytes());
        assert!(out.status.success(), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        let firearms = doc["sentences"][0]["scores"]["firearms"].as_f64().unwrap();
        (doc["labels"].clone(), firearms)
    };
    let (labels, firearms) = labels_with(&[]);
    assert_eq!(labels, serde_json::json!(["firearms"]));
    assert!(firearms > 0.5 && firearms < 0.9999, "{firearms}");
    // Raised above its score, firearms goes; lowered below the fraud score, fraud comes.
    let above = format!("firearms={}", (firearms + 1.0) / 2.0);
    assert_eq!(labels_with(&["--threshold", &above]).0, serde_json::json!([]));
    assert_eq!(labels_with(&["--threshold", "fraud=0.000001", "--threshold", &above]).0, serde_json::json!(["fraud"]));
    for (bad, says) in [("firearm=0.9", "unknown label"), ("firearms=1.5", "not a probability"), ("firearms", "not LABEL=P")] {
        let out = wd.run(&["classify", "--threshold", bad], input.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--threshold") && stderr(&out).contains(says), "{bad}: {}", stderr(&out));
    }
}

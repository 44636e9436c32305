//! `crimetag train`, `crimetag eval` and `crimetag corpus check`.

use crate::util::{repo, stderr, stdout, Workdir};

#[test]
fn train_writes_a_usable_deterministic_bundle_and_eval_scores_it() {
    let wd = Workdir::new();
    let corpus = repo("corpus");
    let corpus = corpus.to_str().unwrap();
    let args = ["train", "--corpus", corpus, "--folds", "2", "--max-features", "600", "--max-iterations", "15", "--vocab-size", "2000"];
    let out = wd.run(&[&args[..], &["--out", "m1", "--cv-scores", "cv.jsonl"]].concat(), b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let trained_on = metrics_of(&wd, "m1")["meta"]["params"]["train_sentences"].as_u64().unwrap();
    let out_of_fold: Vec<serde_json::Value> = wd.read("cv.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out_of_fold.len() as u64, trained_on, "one line of out-of-fold scores per train-split sentence");
    for row in &out_of_fold {
        assert!(row["text"].as_str().is_some_and(|t| !t.is_empty()) && row["gold"].is_array());
        let scores = row["scores"].as_object().unwrap();
        assert_eq!(scores.len(), 5);
        assert!(scores.values().all(|p| (0.0..=1.0).contains(&p.as_f64().unwrap())));
    }
    let report = stdout(&out);
    for part in ["cross-validation (2 folds", "dev split", "held-out documents", "held-out counts", "smuggling"] {
        assert!(report.contains(part), "{part} missing from:\n{report}");
    }
    let metrics = metrics_of(&wd, "m1");
    assert_eq!(metrics["meta"]["seed"], 42);
    assert!(metrics["meta"]["scores"]["cross_validation"]["per_label"]["drugs"]["f1"].as_f64().unwrap() > 0.5);

    let again = wd.run(&[&args[..], &["--out", "m2"]].concat(), b"");
    assert!(again.status.success());
    let same = std::fs::read(wd.path("m1/crimetag.model")).unwrap() == std::fs::read(wd.path("m2/crimetag.model")).unwrap();
    assert!(same, "same corpus and seed, same bytes");
    assert!(
        std::fs::read_dir(wd.path("m1")).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("tmp")),
        "no temporary files left"
    );

    let docs = repo("corpus/documents/americas.jsonl");
    let eval = wd.run(&["eval", "--corpus", docs.to_str().unwrap(), "--model", "m1/crimetag.model", "--format", "json"], b"");
    assert!(eval.status.success(), "{}", stderr(&eval));
    let scores: serde_json::Value = serde_json::from_str(&stdout(&eval)).unwrap();
    assert!(scores["labels"]["per_label"]["firearms"]["support"].as_u64().unwrap() > 0);
    assert!(scores["counts"]["gold"].as_u64().unwrap() > 100);
    assert!(scores["segmentation"]["found_exactly"].as_u64().unwrap() > 0);
}

fn metrics_of(wd: &Workdir, folder: &str) -> serde_json::Value {
    serde_json::from_str(&wd.read(&format!("{folder}/metrics.json"))).unwrap()
}

#[test]
fn eval_on_sentences_prints_a_table() {
    let wd = Workdir::new();
    wd.write("s.jsonl", "{\"text\": \"Police seized 3 kg of cocaine.\", \"labels\": [\"drugs\"]}\n{\"text\": \"The mayor cut a ribbon.\", \"labels\": []}\n");
    let out = wd.run(&["eval", "--corpus", "s.jsonl"], b"");
    assert!(out.status.success());
    assert!(stdout(&out).contains("macro F1"));
}

#[test]
fn corpus_check_passes_on_ours_and_names_file_and_line_on_errors() {
    let wd = Workdir::new();
    let ours = wd.run(&["corpus", "check", "--corpus", repo("corpus").to_str().unwrap()], b"");
    assert!(ours.status.success(), "{}{}", stdout(&ours), stderr(&ours));
    assert!(!stdout(&ours).contains("MISS"));

    wd.write("bad/sentences/x.jsonl", "{\"text\": \"fine\", \"labels\": []}\n{\"text\": \"bad\", \"labels\": [\"arson\"]}\n");
    let bad = wd.run(&["corpus", "check", "--corpus", "bad"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("x.jsonl:2"), "{}", stderr(&bad));
}

/// The unseen-drug-name probe (`docs/unseen-drug-names.jsonl`) measures how
/// the features carry drug names the corpus never uses; it is only a measure
/// while no corpus file names them, and the built-in model should keep
/// tagging a good share (11 of 20 for the shipped model, see the README's
/// feature sets; fewer than 5 would mean the character grams stopped working).
#[test]
fn the_unseen_drug_name_probe_is_unseen_and_the_model_still_tags_its_names() {
    let probe = std::fs::read_to_string(repo("docs/unseen-drug-names.jsonl")).unwrap();
    let names: Vec<String> = probe
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(names.len(), 20);
    let corpus = crimetag::corpus::Corpus::load(&repo("corpus")).unwrap();
    let texts =
        corpus.sentences.iter().map(|(origin, s)| (origin, &s.text)).chain(corpus.documents.iter().map(|(origin, d)| (origin, &d.text)));
    for (origin, text) in texts {
        let text = text.to_lowercase();
        for name in &names {
            assert!(!text.contains(name.as_str()), "{}:{} names the probe's {name}", origin.path.display(), origin.line);
        }
    }

    let wd = Workdir::new();
    let out = wd.run(&["classify", "--format", "jsonl", repo("docs/unseen-drug-names.jsonl").to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let tagged = stdout(&out)
        .lines()
        .filter(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            doc["labels"].as_array().unwrap().iter().any(|label| label == "drugs")
        })
        .count();
    assert!(tagged >= 5, "only {tagged} of 20 unseen drug names tagged drugs");
}

#[test]
fn eval_errors_list_attachment_mistakes_end_to_end_and_given_gold_labels() {
    let wd = Workdir::new();
    let sentence = "Customs officers seized 12 kilograms of cocaine smuggled across the border.";
    let count = serde_json::json!({"text": "12 kilograms of cocaine", "value": 12, "unit": "kg", "object": "cocaine", "qualifier": "exact", "labels": ["smuggling"]});
    let doc = serde_json::json!({"id": "d1", "text": sentence, "sentences": [{"text": sentence, "labels": ["drugs", "smuggling"], "counts": [count]}]});
    wd.write("d.jsonl", format!("{doc}\n"));
    let out = wd.run(&["eval", "--corpus", "d.jsonl", "--errors"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("d1: attached given gold labels [drugs] not [smuggling]: \"12 kilograms of cocaine\""), "{report}");
    assert!(report.contains("d1: attached [drugs] not [smuggling]"), "{report}");
}

#[test]
fn eval_on_a_folder_without_labeled_data_names_it() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path("empty")).unwrap();
    let out = wd.run(&["eval", "--corpus", "empty"], b"");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("empty: no labeled sentences or documents found"), "{}", stderr(&out));
}

#[test]
fn train_refuses_a_negative_or_nan_norm_weight_or_evidence_scale() {
    let wd = Workdir::new();
    for bad in ["--unselected-weight=-1", "--unselected-weight=nan", "--evidence-scale=-0.1", "--evidence-scale=inf"] {
        let out = wd.run(&["train", bad, "--out", wd.path("m").to_str().unwrap()], b"");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let flag = bad.split('=').next().unwrap();
        assert!(stderr(&out).contains(flag) && stderr(&out).contains("not a weight"), "{bad}: {}", stderr(&out));
        assert!(!wd.path("m").exists(), "{bad}: nothing is trained");
    }
}

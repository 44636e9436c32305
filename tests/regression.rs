//! Regressions found while building, named after what broke.

use crate::util::{stdout, Workdir};

/// A currency sign right before a multibyte character once split a UTF-8
/// sequence in the count extractor.
#[test]
fn multibyte_symbols_next_to_numbers() {
    let wd = Workdir::new();
    let out = wd.run(&["classify", "--format", "jsonl"], "He violated 18 U.S.C. § 922(g) and paid ₱2.5 million, €3 and ¥40 in 2019 — 中国 12 名。".as_bytes());
    assert!(out.status.success());
    assert!(stdout(&out).contains("\"PHP\""));
}

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

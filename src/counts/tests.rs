//! Unit tests of count extraction, and the table test over
//! `tests/fixtures/count_phrases.jsonl`.

use super::*;

fn summary(sentence: &str) -> Vec<(f64, String, String, Qualifier)> {
    extract(sentence).into_iter().map(|c| (c.value, c.unit, c.object, c.qualifier)).collect()
}

fn one(sentence: &str) -> Count {
    let mut counts = extract(sentence);
    assert_eq!(counts.len(), 1, "{sentence}: {counts:?}");
    counts.remove(0)
}

#[test]
fn guideline_examples() {
    assert_eq!(
        summary("Officers found 31 handguns and 4,000 rounds of ammunition hidden in the van's floor."),
        vec![
            (31.0, "count".into(), "handguns".into(), Qualifier::Exact),
            (4000.0, "count".into(), "rounds of ammunition".into(), Qualifier::Exact)
        ]
    );
    let meth = extract("Customs seized nearly 200 pounds of methamphetamine valued at $1.8 million.");
    assert_eq!(meth.len(), 2);
    assert!((meth[0].value - 90.718474).abs() < 1e-6);
    assert_eq!((meth[0].unit.as_str(), meth[0].object.as_str(), meth[0].qualifier), ("kg", "methamphetamine", Qualifier::Approx));
    assert_eq!((meth[1].value, meth[1].unit.as_str()), (1_800_000.0, "USD"));
    assert_eq!(one("The ring defrauded them of 3 million yuan.").unit, "CNY");
    assert_eq!(one("Police dismantled 12 gangs that organised illegal border crossings.").object, "gangs");
    let travellers = one("More than 500,000 travellers crossed the border during the holiday.");
    assert_eq!((travellers.value, travellers.qualifier), (500_000.0, Qualifier::AtLeast));
    assert!(extract("A 42-year-old woman was sentenced to 10 years in prison.").is_empty());
}

#[test]
fn count_text_slices_the_sentence() {
    let s = "Police seized about 1,190 kilograms of various types of drugs.";
    let c = one(s);
    assert_eq!(&s[c.start..c.end], c.text);
    assert_eq!(c.text, "about 1,190 kilograms of various types of drugs");
    assert_eq!(c.object, "various types of drugs");
}

#[test]
fn charges_and_times() {
    let c = one("He pleaded guilty to two felony counts of wire fraud.");
    assert_eq!((c.value, c.object.as_str()), (2.0, "felony counts of wire fraud"));
    assert_eq!(one("The gunman shot him five times.").object, "times");
    assert!(extract("His blood alcohol was three times the legal limit.").is_empty());
}

#[test]
fn restatements_are_one_count() {
    let c = one("Agents found 6.59 kilograms (14.5 pounds) of cocaine.");
    assert_eq!((c.value, c.object.as_str()), (6.59, "cocaine"));
    let c = one("Losses reached 229 billion yuan ($32.4 billion) last year.");
    assert_eq!((c.value, c.unit.as_str()), (229e9, "CNY"));
}

#[test]
fn identifiers_dates_and_ages_are_not_counts() {
    for s in [
        "Case No. 2:23-cr-00114 was filed on May 11, 2026.",
        "Call 1-800-555-0199 or (202) 555-0100.",
        "He violated 18 U.S.C. § 922(g) in 2019.",
        "John Smith, 42, of Tucson, drove a 2011 Dodge Ram.",
        "The raid began at 10:30 p.m. and lasted two hours.",
        "Crime fell 12 percent, and 40% of cases closed.",
        "Hundreds of officers and dozens of dogs took part.",
        "One of them fled.",
        "He carried an AK-47 and a Glock 19 with 9mm ammunition.",
        "Officers searched 1200 Main Street.",
    ] {
        assert!(extract(s).is_empty(), "{s}: {:?}", extract(s));
    }
}

#[test]
fn currencies_by_sign_code_and_name() {
    assert_eq!(one("a fine of up to RM 500,000").unit, "MYR");
    assert_eq!(one("a fine of up to RM 500,000").qualifier, Qualifier::AtMost);
    assert_eq!(one("worth HK$3 million").value, 3e6);
    assert_eq!(one("USD 2.5m was frozen").value, 2.5e6);
    assert_eq!(one("bets worth 2 billion Mexican pesos").unit, "MXN");
    assert_eq!(one("assets of €1.4 million").unit, "EUR");
    assert_eq!(one("474,000 thousand dollars").value, 474e6);
}

/// One line of `tests/fixtures/count_phrases.jsonl`.
#[derive(Deserialize)]
struct PhraseCase {
    sentence: String,
    counts: Vec<ExpectedCount>,
}

#[derive(Deserialize, Debug)]
struct ExpectedCount {
    value: f64,
    unit: String,
    object: String,
    qualifier: Qualifier,
}

/// The table test: every phrase's counts, in order, with value (within 1%),
/// unit, object and qualifier.
#[test]
fn phrase_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/count_phrases.jsonl");
    let table = std::fs::read_to_string(path).expect("fixture present");
    let mut failures = Vec::new();
    let mut cases = 0;
    for (i, line) in table.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: PhraseCase = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        cases += 1;
        let got = extract(&case.sentence);
        let same = got.len() == case.counts.len()
            && got.iter().zip(&case.counts).all(|(g, e)| {
                (g.value - e.value).abs() <= 0.01 * e.value.abs().max(1e-9)
                    && g.unit == e.unit
                    && g.object == e.object
                    && g.qualifier == e.qualifier
            });
        if !same {
            failures.push(format!(
                "line {}: {}\n  expected {:?}\n  got      {:?}",
                i + 1,
                case.sentence,
                case.counts,
                summary(&case.sentence)
            ));
        }
    }
    assert!(cases >= 150, "the table has {cases} phrases");
    assert!(failures.is_empty(), "{} of {cases} phrases wrong:\n{}", failures.len(), failures.join("\n"));
}

//! Property tests: no stage panics on any input, and every span it reports
//! lies on character boundaries inside the text it came from. `scripts/fuzz.sh`
//! runs them at scale (PROPTEST_CASES).

use crimetag::counts::extract;
use crimetag::normalize::{InputFormat, NormalizedText};
use crimetag::segment::segment;
use crimetag::text::Span;
use proptest::prelude::*;

/// Text that looks like press releases: numbers, currencies, units, markup
/// and punctuation mixed with arbitrary characters.
fn press_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Police seized ",
        "31 handguns",
        " and ",
        "2,000 rounds",
        " of ",
        "about 1,190 kg",
        "$1.8 million",
        "€3bn",
        "RM 40,000",
        "₱6.8m",
        "HK$",
        "twenty-five",
        "a dozen",
        "one hundred and twelve",
        "U.S.",
        "No. 3",
        "Sept. 5",
        "7.8 tons",
        "(14.5 pounds)",
        "36-year-old",
        "2011 Dodge",
        "1-800-555-0199",
        "§ 922(g)",
        ". ",
        "! ",
        "? ",
        "\n",
        "\n\n",
        "- ",
        "“",
        "”",
        "。",
        "缴获",
        "<p>",
        "</p>",
        "<b>",
        "&amp;",
        "&#x20AC;",
        "<script>x</script>",
        "<!--",
        "-->",
        " ",
        "%",
        ".45",
        "lakh",
        "crore",
        "Rs",
        "pesos",
        "times",
        "once",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(String::from), any::<String>(), "[0-9.,$ ]{1,12}"], 0..40)
        .prop_map(|parts| parts.concat())
}

fn check_span(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {} bytes", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

proptest! {
    #[test]
    fn counts_stay_inside_their_sentence(sentence in press_like()) {
        for count in extract(&sentence) {
            check_span(&sentence, Span::new(count.start, count.end));
            prop_assert_eq!(&sentence[count.start..count.end], count.text.as_str());
            prop_assert!(count.value.is_finite() && count.value >= 0.0);
        }
    }

    #[test]
    fn segments_are_ordered_trimmed_and_in_bounds(text in press_like()) {
        let mut previous_end = 0;
        for span in segment(&text) {
            check_span(&text, span);
            prop_assert!(span.start >= previous_end && span.start < span.end);
            let sentence = span.slice(&text);
            prop_assert_eq!(sentence.trim(), sentence);
            previous_end = span.end;
        }
    }

    #[test]
    fn html_spans_map_back_inside_the_markup(html in press_like()) {
        let normalized = NormalizedText::new(&html, InputFormat::Html);
        for span in segment(&normalized.text) {
            check_span(&normalized.text, span);
            let original = normalized.to_input(span);
            check_span(&html, original);
        }
    }

    #[test]
    fn the_whole_pipeline_meets_the_contract(text in press_like()) {
        let tagger = built_in_tagger();
        let doc = tagger.tag(serde_json::json!("p"), &text, InputFormat::Text);
        let value = serde_json::to_value(&doc).unwrap();
        crate::util::check_contract(&value, &text);
    }
}

fn built_in_tagger() -> &'static crimetag::Tagger {
    static TAGGER: std::sync::OnceLock<crimetag::Tagger> = std::sync::OnceLock::new();
    TAGGER.get_or_init(|| crimetag::Tagger::new(crimetag::bundle::ModelBundle::built_in().expect("built-in model")))
}

//! Stage 6, extract counts: a sentence's text → the [`Count`]s it states.
//!
//! A count is a number that counts or measures something (GUIDELINES.md,
//! "Counts"): people, items, charges, mass, volume or money. Each number found
//! by [`number`] is read with its surroundings: a currency before or after it
//! and mass/volume units ([`unit`]) give the unit, the noun phrase after it the
//! object, the words before it the qualifier. Numbers that are not counts —
//! years, dates, times, ages, durations, percentages, multipliers, distances,
//! ordinals, model years, case, statute and phone numbers, addresses — are left
//! out, and a parenthetical restatement in another unit is folded into the
//! count before it. Labels are attached afterwards by [`attach`].
//! Next stage: [`crate::aggregate`].

pub mod attach;
mod number;
mod unit;

use serde::{Deserialize, Serialize};

use crate::labels::LabelSet;
use number::NumberMention;

/// How exact a count is, by the guideline's word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// As stated, or "a total of".
    #[default]
    Exact,
    /// "about", "around", "nearly", "some", ...
    Approx,
    /// "over", "more than", "at least", ...
    AtLeast,
    /// "under", "up to", "as much as", ...
    AtMost,
}

/// A count found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// Byte offset of the count's words: in the sentence, as extracted; in the
    /// input document, in a [`crate::output::DocumentResult`].
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The words that state it.
    pub text: String,
    /// The normalised number.
    pub value: f64,
    /// `count`, `kg`, `l` or an ISO 4217 code.
    pub unit: String,
    /// What is counted, lower-cased; empty when nothing is named.
    pub object: String,
    /// How exact it is.
    pub qualifier: Qualifier,
    /// The labels it is attached to.
    pub labels: LabelSet,
}

/// Qualifier phrases, matched against the words right before a count.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("slightly more than", Qualifier::AtLeast),
    ("in excess of", Qualifier::AtLeast),
    ("no fewer than", Qualifier::AtLeast),
    ("no less than", Qualifier::AtLeast),
    ("a minimum of", Qualifier::AtLeast),
    ("greater than", Qualifier::AtLeast),
    ("more than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("upwards of", Qualifier::AtLeast),
    ("well over", Qualifier::AtLeast),
    ("just over", Qualifier::AtLeast),
    ("exceeding", Qualifier::AtLeast),
    ("over", Qualifier::AtLeast),
    ("above", Qualifier::AtLeast),
    ("an estimated", Qualifier::Approx),
    ("approximately", Qualifier::Approx),
    ("close to", Qualifier::Approx),
    ("estimated", Qualifier::Approx),
    ("roughly", Qualifier::Approx),
    ("nearly", Qualifier::Approx),
    ("almost", Qualifier::Approx),
    ("around", Qualifier::Approx),
    ("approx.", Qualifier::Approx),
    ("about", Qualifier::Approx),
    ("circa", Qualifier::Approx),
    ("some", Qualifier::Approx),
    ("no more than", Qualifier::AtMost),
    ("a maximum of", Qualifier::AtMost),
    ("as much as", Qualifier::AtMost),
    ("as many as", Qualifier::AtMost),
    ("fewer than", Qualifier::AtMost),
    ("less than", Qualifier::AtMost),
    ("up to", Qualifier::AtMost),
    ("at most", Qualifier::AtMost),
    ("under", Qualifier::AtMost),
    ("below", Qualifier::AtMost),
    ("a total of", Qualifier::Exact),
    ("an average of", Qualifier::Exact),
    ("exactly", Qualifier::Exact),
];

/// Words after a number that make it a duration, time, distance, rate or the like.
/// Month names and abbreviations: a number beside one is a date.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
    "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
    "december",
];

#[rustfmt::skip]
const NOT_COUNTED_AFTER: &[&str] = &[
    "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour",
    "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "decade",
    "decades", "century", "centuries", "night", "nights", "am", "pm", "a.m", "p.m", "o'clock",
    "percent", "per", "pc", "percentage", "km", "kilometres", "kilometers", "kilometre",
    "kilometer", "mile", "miles", "metres", "meters", "metre", "meter", "m", "cm", "mm", "feet",
    "foot", "ft", "inch", "inches", "yards", "yard", "mph", "kph", "knots", "nautical", "square",
    "sq", "acres", "acre", "hectares", "hectare", "ha", "st", "nd", "rd", "th", "x", "degrees",
];

/// Words before a number that make it a name, a date or an identifier.
#[rustfmt::skip]
const NOT_COUNTED_BEFORE: &[&str] = &[
    "no", "nos", "number", "case", "docket", "section", "sec", "title", "chapter", "article", "art",
    "rule", "count", "counts", "form", "flight", "route", "highway", "interstate", "room", "suite",
    "unit", "apt", "apartment", "box", "gate", "terminal", "pier", "berth", "platform", "exit",
    "level", "phase", "act", "code", "ext", "tel", "phone", "fax", "call", "dial", "hotline",
    "page", "pages", "paragraph", "version", "lot", "district", "ward", "zone", "precinct", "grade",
    "class", "category", "schedule", "season", "episode", "vol", "volume", "aged", "age", "ages",
    "the", "these", "those", "all", "top", "covid", "mile", "km", "kilometre", "kilometer", "lane",
    "street", "road", "avenue", "ranked", "tier", "fy", "cr", "mj", "cv", "per", "every",
];

/// Words after which "one" is a count ("seized one pistol").
#[rustfmt::skip]
const ONE_AFTER: &[&str] = &[
    "seized", "found", "recovered", "confiscated", "arrested", "charged", "intercepted",
    "discovered", "seizing", "recovering", "arresting", "including", "with", "carrying", "held",
    "possessed",
];

/// Words before a four-digit number that make it a year.
#[rustfmt::skip]
const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "of", "from", "by", "during", "until", "till", "through", "between", "and", "to",
    "fiscal", "year", "mid", "early", "late", "summer", "winter", "spring", "fall", "autumn",
    "circa", "before", "after", "around", "end", "beginning", "a", "an", "his", "her", "their",
];

/// Words that end an object phrase.
#[rustfmt::skip]
const OBJECT_STOPS: &[&str] = &[
    "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "will", "would",
    "could", "may", "might", "can", "worth", "valued", "with", "from", "in", "at", "on", "to",
    "for", "by", "that", "which", "who", "whom", "whose", "during", "after", "before", "while",
    "and", "or", "but", "as", "than", "into", "onto", "across", "through", "near", "inside",
    "since", "per", "each", "among", "including", "under", "over", "between", "against", "without",
    "within", "via", "where", "when", "if", "because", "allegedly", "reportedly", "also", "all",
    "both", "this", "these", "those", "its", "his", "her", "their", "our", "said", "says", "the",
    "a", "an", "out", "off", "up", "down", "back", "last", "it", "they", "he", "she", "hidden",
    "stolen", "found", "held", "kept", "sold", "made", "bought", "driven", "taken", "worth",
    "belonging", "bound", "destined", "seen", "left", "sent", "brought", "shown",
];

/// Longest object phrase, in words.
const MAX_OBJECT_WORDS: usize = 6;

pub use unit::CurrencyContext;

/// Finds the counts in `sentence`, with empty labels, reading "pesos" and
/// "rupees" with the default currencies.
pub fn extract(sentence: &str) -> Vec<Count> {
    extract_in(sentence, &CurrencyContext::default())
}

/// Finds the counts in `sentence` of a document whose currencies are `context`.
pub fn extract_in(sentence: &str, context: &CurrencyContext) -> Vec<Count> {
    let numbers = number::find_numbers(sentence, |i| unit::currency_before(sentence, i).is_some());
    let mut counts: Vec<Count> = Vec::new();
    let mut skip_until = 0;
    for n in &numbers {
        if n.start < skip_until {
            continue;
        }
        if let Some(count) = read_count(sentence, n, context) {
            skip_until = restatement_end(sentence, count.end).unwrap_or(count.end);
            let mut count = count;
            if skip_until > count.end {
                extend_after_restatement(sentence, &mut count, skip_until);
            }
            counts.push(count);
        }
    }
    counts
}

/// Reads the count around number `n`, or `None` if it is not one.
fn read_count(text: &str, n: &NumberMention, context: &CurrencyContext) -> Option<Count> {
    let currency_prefix = unit::currency_before(text, n.start).map(|(start, code)| (start, context.resolve(&text[start..n.start], code)));
    let (mut start, mut end) = (currency_prefix.map_or(n.start, |(s, _)| s), n.end);
    if is_identifier_shaped(text, n) || (currency_prefix.is_none() && is_excluded_by_context(text, n)) {
        return None;
    }
    let (unit, value, object);
    if let Some((_, code)) = currency_prefix {
        // "$1.8 million", maybe followed by a restating code ("$5,000 USD").
        let after = next_word_start(text, end);
        if let Some((currency_end, _)) = unit::currency_after(text, after) {
            end = currency_end;
        }
        (unit, value, object) = (code.to_string(), n.value, String::new());
    } else if let Some((currency_end, code)) = unit::currency_after(text, next_word_start(text, end)) {
        let code = context.resolve(&text[next_word_start(text, end)..currency_end], code);
        end = currency_end;
        (unit, value, object) = (code.to_string(), n.value, String::new());
    } else {
        let unit_at = if text[n.end..].starts_with(char::is_alphabetic) { n.end } else { next_word_start(text, n.end) };
        let mut unit_word = word_at(text, unit_at);
        if unit_word.eq_ignore_ascii_case("metric") {
            // "2.5 metric tons": the measure is the word after "metric".
            let ton_at = next_word_start(text, unit_at + unit_word.len());
            unit_word = &text[unit_at..ton_at + word_at(text, ton_at).len()];
        }
        let measure_name = unit_word.rsplit(' ').next().unwrap_or(unit_word).to_lowercase();
        if let Some(measure) = unit::measure(&measure_name).filter(|_| !unit_word.contains(' ') || measure_name.starts_with("ton")) {
            let unit_end = unit_at + unit_word.len();
            let unit_end = if text[unit_end..].starts_with('.')
                && unit_word.len() <= 3
                && !text[unit_end + 1..].trim_start().is_empty()
                && !text[unit_end + 1..].trim_start().starts_with(char::is_uppercase)
            {
                unit_end + 1
            } else {
                unit_end
            };
            let (object_end, phrase) = of_phrase(text, unit_end);
            end = object_end;
            (unit, value, object) = (measure.unit.to_string(), n.value * measure.factor, phrase);
        } else {
            if text[n.end..].starts_with(char::is_alphabetic) {
                return None; // glued letters that are no unit: "9mm", "5th"
            }
            let (object_end, phrase) = object_phrase(text, n.end);
            if phrase.is_empty() || is_multiplier(text, &phrase, object_end) || is_place_name(text, &text[n.end..object_end]) {
                return None;
            }
            end = object_end;
            (unit, value, object) = ("count".to_string(), n.value, phrase);
        }
    }
    let qualifier = qualifier_before(text, start).map(|(q_start, q)| {
        start = q_start;
        q
    });
    Some(Count {
        start,
        end,
        text: text[start..end].to_string(),
        value,
        unit,
        object,
        qualifier: qualifier.unwrap_or_default(),
        labels: LabelSet::EMPTY,
    })
}

/// Phone, case and ID numbers: digit groups joined by `-`, `/`, `:` or spaces,
/// or led by `+`, `#` or `§`.
fn is_identifier_shaped(text: &str, n: &NumberMention) -> bool {
    if !n.digits {
        return false;
    }
    let after = &text[n.end..];
    let before = &text[..n.start];
    let joined_after =
        ["-", "/", ":", "–"].iter().any(|j| after.starts_with(j) && after[j.len()..].starts_with(|c: char| c.is_ascii_digit()));
    let joined_before = [":", "/", "+", "#", "§", "№"].iter().any(|j| before.ends_with(j));
    // ".45 pistol", ".38 revolver": a calibre.
    let calibre = before.ends_with('.') && !before[..before.len() - 1].ends_with(|c: char| c.is_alphanumeric());
    let spaced_digits = after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_ascii_digit())
        || (before.ends_with(' ') && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()));
    let phone_area = before.ends_with('(') && after.starts_with(") ") && after[2..].starts_with(|c: char| c.is_ascii_digit());
    let statute =
        after.trim_start().starts_with("U.S.C") || after.trim_start().starts_with("USC") || after.trim_start().starts_with("C.F.R");
    let hyphen_word = after.starts_with('-') && after[1..].starts_with(char::is_alphabetic);
    joined_after || joined_before || calibre || spaced_digits || phone_area || statute || hyphen_word
}

/// Dates, years, ages, durations, percentages and other numbers that the
/// words around them show are not counts.
fn is_excluded_by_context(text: &str, n: &NumberMention) -> bool {
    let previous = previous_word(text, n.start).to_lowercase();
    let previous = previous.trim_end_matches('.');
    if NOT_COUNTED_BEFORE.contains(&previous) || MONTHS.contains(&previous) {
        return true;
    }
    let after_at = if text[n.end..].starts_with(char::is_alphabetic) { n.end } else { next_word_start(text, n.end) };
    let next = word_at(text, after_at).to_lowercase();
    let next_word = next.trim_end_matches('.');
    if NOT_COUNTED_AFTER.contains(&next_word) || MONTHS.contains(&next_word) || text[n.end..].trim_start().starts_with('%') {
        return true;
    }
    if text[n.end..].starts_with("-year") || text[n.end..].starts_with(" year-old") || text[n.end..].starts_with(" out of") {
        return true;
    }
    if n.year_like {
        let next_is_noun = after_at > n.end && next.chars().next().is_some_and(char::is_lowercase);
        return !next_is_noun || YEAR_CONTEXT.contains(&previous) || previous.is_empty();
    }
    // "two Glock 19 pistols": a model number after a name after a count.
    let name = previous_word(text, n.start);
    let model_number = n.digits && name.starts_with(char::is_uppercase) && {
        let name_end = text[..n.start].trim_end_matches([' ', '\u{a0}', '(']).len();
        let before_name = text[..name_end - name.len()].trim_end();
        number::find_numbers(before_name, |_| false).last().is_some_and(|m| m.end == before_name.len())
    };
    // "one" is a determiner ("one case", "one of them") unless it counts
    // charges or stands in a list or after a verb of seizing ("seized one pistol").
    let lone_one = !n.digits && n.value == 1.0 && text[n.start..n.end].eq_ignore_ascii_case("one") && {
        let before = text[..n.start].trim_end();
        let listed = before.ends_with(',') || before.ends_with(" and") || before.ends_with(':');
        let after_verb = ONE_AFTER.contains(&previous);
        !(listed || after_verb || next.starts_with("count"))
    };
    model_number || lone_one
}

/// Street words that make a number an address.
const STREET_WORDS: &[&str] =
    &["street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "highway", "way", "place", "court"];

/// "1200 Main Street", "Operation Lionfish 2": an object that is a proper name
/// (all words capitalised, in a sentence that is not in title case) or ends in
/// a street word.
fn is_place_name(sentence: &str, object: &str) -> bool {
    let words: Vec<&str> = object.split_whitespace().collect();
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    if STREET_WORDS.contains(&last.trim_end_matches('.')) {
        return true;
    }
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
    if !words.iter().all(capitalised) {
        return false;
    }
    let sentence_words: Vec<&str> = sentence.split_whitespace().filter(|w| w.starts_with(char::is_alphabetic)).collect();
    let lower_share = sentence_words.iter().filter(|w| !capitalised(w)).count() as f64 / sentence_words.len().max(1) as f64;
    lower_share >= 0.3
}

/// "three times the legal limit" is a multiplier, "shot him five times" a count.
fn is_multiplier(text: &str, object: &str, object_end: usize) -> bool {
    if object != "times" {
        return false;
    }
    let next = word_at(text, next_word_start(text, object_end)).to_lowercase();
    matches!(
        next.as_str(),
        "the"
            | "as"
            | "more"
            | "less"
            | "higher"
            | "lower"
            | "greater"
            | "larger"
            | "bigger"
            | "smaller"
            | "over"
            | "that"
            | "stronger"
            | "faster"
            | "longer"
            | "heavier"
            | "cheaper"
            | "worse"
            | "better"
    )
}

/// The noun phrase that a bare number counts, from byte `at`: words up to a
/// stop word, punctuation or [`MAX_OBJECT_WORDS`]; "of" joins ("rounds of
/// ammunition"). Returns its end and its lower-cased text.
fn object_phrase(text: &str, at: usize) -> (usize, String) {
    let mut words: Vec<String> = Vec::new();
    // Where each kept word ends in `text` (lower-casing can change byte lengths).
    let mut ends: Vec<usize> = Vec::new();
    let mut pos = at;
    loop {
        let word_start = next_word_start(text, pos);
        if word_start == pos && pos != at && !words.is_empty() {
            break;
        }
        if text[pos..word_start].contains(['\n']) {
            break;
        }
        let word = word_at(text, word_start);
        if word.is_empty() || words.len() >= MAX_OBJECT_WORDS {
            break;
        }
        let lower = word.to_lowercase();
        let previous = words.last().map(String::as_str);
        let previous_capitalised = text[..word_start].trim_end().rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase));
        if lower == "of" {
            // "of" joins only when a noun follows it, and not a currency or a bare number.
            let after = next_word_start(text, word_start + word.len());
            let next = word_at(text, after);
            let bare_number = next.starts_with(|c: char| c.is_ascii_digit()) && !next.contains(char::is_alphabetic);
            if words.is_empty() || next.is_empty() || OBJECT_STOPS.contains(&next.to_lowercase().as_str()) || bare_number {
                break;
            }
        } else if OBJECT_STOPS.contains(&lower.as_str())
            // A bare number ends the phrase, unless it is part of a model name ("Glock 19 pistols").
            || (word.starts_with(|c: char| c.is_ascii_digit()) && !word.contains(char::is_alphabetic) && !(previous.is_some() && previous_capitalised))
            || (!words.is_empty() && (lower.ends_with("ed") || lower.ends_with("ly")) && lower.len() > 4 && previous != Some("of"))
            // A plural noun is the head: what follows it is a verb or a new phrase ("victims came forward").
            || previous.is_some_and(is_plural)
        {
            break;
        }
        words.push(lower);
        pos = word_start + word.len();
        ends.push(pos);
    }
    while words.last().is_some_and(|w| w == "of") {
        words.pop();
        ends.pop();
    }
    match ends.last() {
        Some(&end) => (end, words.join(" ")),
        None => (at, String::new()),
    }
}

/// Whether a lower-cased word looks like a plural noun ("suspects", "rounds"),
/// not a word that merely ends in s ("glass", "bus", "this").
fn is_plural(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && !["ss", "us", "is", "ys"].iter().any(|end| word.ends_with(end))
}

/// After a mass or volume unit: "of" and the substance, if named.
fn of_phrase(text: &str, at: usize) -> (usize, String) {
    let of_at = next_word_start(text, at);
    if word_at(text, of_at).eq_ignore_ascii_case("of") {
        let (end, phrase) = object_phrase(text, of_at + 2);
        if !phrase.is_empty() {
            return (end, phrase);
        }
    } else if of_at > at && !text[at..of_at].contains('\n') {
        // "12 kg heroin", "5 tonnes cocaine": a noun straight after the unit.
        let (end, phrase) = object_phrase(text, at);
        if !phrase.is_empty() && !phrase.contains(' ') {
            return (end, phrase);
        }
    }
    (at, String::new())
}

/// If a parenthesis restating the amount follows `end` ("(14.5 pounds)"),
/// where it closes.
fn restatement_end(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let open = end + rest.len() - rest.trim_start().len();
    if !text[open..].starts_with('(') {
        return None;
    }
    let close = open + text[open..].find(')')?;
    let inside = &text[open + 1..close];
    let first = inside.trim_start_matches(|c: char| !c.is_alphanumeric() && !"$€£¥₱฿₹".contains(c));
    let starts_with_amount = first.starts_with(|c: char| c.is_ascii_digit())
        || [
            "$",
            "€",
            "£",
            "¥",
            "₱",
            "฿",
            "₹",
            "US$",
            "USD",
            "about",
            "approximately",
            "around",
            "roughly",
            "nearly",
            "some",
            "over",
            "more than",
        ]
        .iter()
        .any(|p| first.starts_with(p));
    starts_with_amount.then_some(close + 1)
}

/// "6.59 kilograms (14.5 pounds) of cocaine": the object after the restatement
/// belongs to the count before it.
fn extend_after_restatement(text: &str, count: &mut Count, restatement_end: usize) {
    if !count.object.is_empty() || count.unit == "count" || unit_is_money(&count.unit) {
        return;
    }
    let (end, phrase) = of_phrase(text, restatement_end);
    if !phrase.is_empty() {
        count.end = end;
        count.text = text[count.start..end].to_string();
        count.object = phrase;
    }
}

/// Whether a unit is a currency code.
pub fn unit_is_money(unit: &str) -> bool {
    !matches!(unit, "count" | "kg" | "l")
}

/// The qualifier phrase that ends right before `at`, with its start.
fn qualifier_before(text: &str, at: usize) -> Option<(usize, Qualifier)> {
    let before = text[..at].trim_end();
    QUALIFIERS.iter().find_map(|&(phrase, q)| {
        // Compared byte-wise, ignoring ASCII case: lower-casing the text could
        // change its byte offsets.
        let starts = before.len().checked_sub(phrase.len())?;
        let matches = before.as_bytes()[starts..].eq_ignore_ascii_case(phrase.as_bytes()) && before.is_char_boundary(starts);
        let on_boundary = matches && !before[..starts].ends_with(char::is_alphanumeric);
        on_boundary.then_some((starts, q))
    })
}

/// The word (letters, digits, inner hyphens, apostrophes and periods of
/// abbreviations) starting at `at`.
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let len = rest
        .char_indices()
        .find(|&(i, c)| {
            let inner = matches!(c, '-' | '\'' | '’') && i > 0 && rest[i + c.len_utf8()..].starts_with(char::is_alphanumeric);
            !(c.is_alphanumeric() || inner)
        })
        .map_or(rest.len(), |(i, _)| i);
    &rest[..len]
}

/// Where the next word starts after `at`, skipping spaces (not punctuation).
fn next_word_start(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\t', '\n']).len()
}

/// The word that ends right before `at` (skipping spaces and a currency sign).
fn previous_word(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end_matches([' ', '\u{a0}', '(']);
    &before[trailing_run_start(before, |c| c.is_alphanumeric() || c == '.' || c == '\'')..]
}

/// Where the run of characters satisfying `keep` that ends `text` starts.
pub(crate) fn trailing_run_start(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.char_indices().rev().find(|&(_, c)| !keep(c)).map_or(0, |(i, c)| i + c.len_utf8())
}

#[cfg(test)]
mod tests;

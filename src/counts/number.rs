//! Numbers as written: digits with separators and decimals, scale words
//! ("1.27 million", "2.5bn", "3 crore"), and number words ("twenty-five",
//! "three hundred", "a dozen").

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NumberMention {
    /// Byte range of the number, scale word included.
    pub start: usize,
    pub end: usize,
    /// Its value, scale applied.
    pub value: f64,
    /// Whether it was written in digits.
    pub digits: bool,
    /// Whether it is a bare four-digit number that could be a year.
    pub year_like: bool,
}

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];
const TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];
/// Scale words after a number, written out or abbreviated.
const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("crore", 1e7),
    ("crores", 1e7),
    ("mn", 1e6),
    ("m", 1e6),
    ("bn", 1e9),
    ("b", 1e9),
    ("k", 1e3),
    ("mln", 1e6),
    ("bln", 1e9),
];
/// Abbreviated scales that must be glued to the number ("2.5m", "$3bn") or
/// follow money, since alone they are words or units ("5 m" is metres).
const GLUED_ONLY: &[&str] = &["m", "b", "k"];

/// Number words ("a dozen" included) are short and start with one of these
/// letters: a cheap test that spares the table look-ups for most words.
fn may_be_number_word(word: &str) -> bool {
    word.len() <= 13
        && matches!(word.as_bytes().first().map(u8::to_ascii_lowercase), Some(b'a' | b'd' | b'o' | b'f' | b's' | b't' | b'e' | b'n' | b'z'))
}

fn word_value(word: &str) -> Option<f64> {
    if !may_be_number_word(word) {
        return None;
    }
    if let Some((tens, unit)) = word.split_once('-') {
        let t = TENS.iter().find(|(w, _)| w.eq_ignore_ascii_case(tens))?.1;
        let u = UNITS.iter().find(|(w, v)| w.eq_ignore_ascii_case(unit) && (1.0..10.0).contains(v))?.1;
        return Some(t + u);
    }
    UNITS.iter().chain(TENS).find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|p| p.1)
}

fn scale_value(word: &str) -> Option<f64> {
    SCALES.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|p| p.1)
}

/// The word (letters, digits, hyphens inside) starting at `at`, if any.
fn word_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let bytes = rest.as_bytes();
    let mut len = 0;
    // Byte-wise for ASCII, which is nearly all text; other characters are decoded.
    while let Some(&b) = bytes.get(len) {
        let inner_hyphen = b == b'-' && len > 0 && rest[len + 1..].starts_with(char::is_alphanumeric);
        let step = if b.is_ascii_alphanumeric() || inner_hyphen {
            1
        } else if !b.is_ascii() {
            match rest[len..].chars().next() {
                Some(c) if c.is_alphanumeric() => c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        };
        len += step;
    }
    &rest[..len]
}

/// Skips spaces from `at`.
fn skip_spaces(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches([' ', '\u{a0}']).len()
}

/// Applies a scale word following the number ending at `end`, if there is one.
/// Returns the new end and multiplier.
fn scale_after(text: &str, end: usize, allow_loose_abbrev: bool) -> (usize, f64) {
    let glued = word_at(text, end);
    if !glued.is_empty() {
        if let Some(scale) = scale_value(glued) {
            return (end + glued.len(), scale);
        }
        return (end, 1.0);
    }
    let at = skip_spaces(text, end);
    if at == end {
        return (end, 1.0);
    }
    let word = word_at(text, at);
    match scale_value(word) {
        Some(scale) if allow_loose_abbrev || !GLUED_ONLY.contains(&word.to_ascii_lowercase().as_str()) => {
            // "2 million", then maybe "2 hundred thousand".
            let (end2, more) = scale_after(text, at + word.len(), false);
            if more > 1.0 && more > scale {
                (end2, scale * more)
            } else {
                (at + word.len(), scale)
            }
        }
        _ => (end, 1.0),
    }
}

/// Finds every number in `text`. `money_before(i)` tells whether a currency
/// sign ends right before byte `i` (which lets "$2 m" read as millions).
pub(super) fn find_numbers(text: &str, money_before: impl Fn(usize) -> bool) -> Vec<NumberMention> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = bytes[i];
        if c.is_ascii_digit() && starts_word_or_symbol(text, i) {
            let (end, value, grouped) = scan_digits(text, i);
            let (end, scale) = scale_after(text, end, money_before(i));
            let year_like = !grouped && end - i == 4 && scale == 1.0 && (1900.0..=2100.0).contains(&value);
            out.push(NumberMention { start: i, end, value: value * scale, digits: true, year_like });
            i = end.max(i + 1);
        } else if c.is_ascii_alphabetic() && !text[..i].ends_with(char::is_alphanumeric) {
            let word = word_at(text, i);
            match may_start_number(word).then(|| parse_words(text, i, word)).flatten() {
                Some(mention) => {
                    i = mention.end;
                    out.push(mention);
                }
                // Skip the letters only: digits glued after them ("RM40") are read next.
                None => i += bytes[i..].iter().take_while(|b| b.is_ascii_alphabetic()).count(),
            }
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Digits may start after white space, punctuation or a currency sign, but
/// not inside a word ("M16", "COVID-19").
fn starts_word_or_symbol(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(p) if p.is_alphabetic() => {
            // Currency prefixes written with letters: "RM40,000", "Rs 500", "R2 million".
            let word_start = super::trailing_run_start(&text[..at], char::is_alphabetic);
            matches!(&text[word_start..at], "RM" | "Rs" | "R" | "P" | "Php" | "PHP" | "USD" | "EUR" | "US")
        }
        Some(p) if p.is_ascii_digit() => false,
        Some('-') => !text[..at - 1].ends_with(|c: char| c.is_alphanumeric()),
        Some(_) => true,
    }
}

/// Scans `1,234,567.89` from `at`; returns end, value, and whether it had
/// thousands separators.
fn scan_digits(text: &str, at: usize) -> (usize, f64, bool) {
    let bytes = text.as_bytes();
    let mut end = at;
    let mut grouped = false;
    let mut seen_point = false;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            end += 1;
        } else if b == b','
            && !seen_point
            && bytes.get(end + 1..end + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
        {
            grouped = true;
            end += 1;
        } else if b == b'.' && !seen_point && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            seen_point = true;
            end += 1;
        } else {
            break;
        }
    }
    let cleaned: String = text[at..end].chars().filter(|&c| c != ',').collect();
    (end, cleaned.parse().unwrap_or(0.0), grouped)
}

/// Whether `word` can begin a written-out number: a number word, a
/// hyphenated one ("twenty-five"), "a"/"an" ("a dozen") or "dozen". A cheap
/// test, since it runs on nearly every word of every text.
fn may_start_number(word: &str) -> bool {
    if !may_be_number_word(word) {
        return false;
    }
    let head = word.split_once('-').map_or(word, |(head, _)| head);
    head.eq_ignore_ascii_case("a") || head.eq_ignore_ascii_case("dozen") || word_value(head).is_some()
}

/// Parses number words starting with `word` at `at`: "twenty-five",
/// "three hundred", "a dozen", "two million".
fn parse_words(text: &str, at: usize, word: &str) -> Option<NumberMention> {
    if word.len() > 13 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let (mut value, mut end) = if lower == "a" || lower == "one" {
        // "a dozen", "a hundred", "a million": the article stands for one.
        let next_at = skip_spaces(text, at + word.len());
        let next = word_at(text, next_at).to_ascii_lowercase();
        match next.as_str() {
            "dozen" => (12.0, next_at + next.len()),
            "hundred" | "thousand" | "million" | "billion" => (1.0, at + word.len()),
            // "more than a ton of methamphetamine"
            "ton" | "tonne" | "kilogram" | "kilo" | "pound" | "gallon" | "litre" | "liter" if lower != "one" => (1.0, at + word.len()),
            _ if lower == "one" => (1.0, at + word.len()),
            _ => return None,
        }
    } else if lower == "dozen" {
        (12.0, at + word.len())
    } else {
        (word_value(word)?, at + word.len())
    };
    loop {
        let next_at = skip_spaces(text, end);
        let next = word_at(text, next_at);
        let lower = next.to_ascii_lowercase();
        match lower.as_str() {
            "hundred" => value *= 100.0,
            "thousand" => value *= 1e3,
            "million" => value *= 1e6,
            "billion" => value *= 1e9,
            "dozen" => value *= 12.0,
            "and" if value >= 100.0 => {
                // "one hundred and twelve"
                let part_at = skip_spaces(text, next_at + next.len());
                match word_value(word_at(text, part_at)) {
                    Some(v) if v < 100.0 => {
                        value += v;
                        end = part_at + word_at(text, part_at).len();
                        continue;
                    }
                    _ => break,
                }
            }
            _ => match word_value(next) {
                // "three hundred twenty": add the smaller part.
                Some(v) if value >= 100.0 && v < 100.0 && next_at > end => value += v,
                _ => break,
            },
        }
        end = next_at + next.len();
    }
    Some(NumberMention { start: at, end, value, digits: false, year_like: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(f64, &str)> {
        find_numbers(text, |i| text[..i].ends_with('$')).into_iter().map(|n| (n.value, &text[n.start..n.end])).collect()
    }

    #[test]
    fn digits_scales_and_words() {
        assert_eq!(values("26,700 and 7.8 and 1.27 million"), vec![(26700.0, "26,700"), (7.8, "7.8"), (1_270_000.0, "1.27 million")]);
        assert_eq!(values("$2.5m and $3 bn"), vec![(2_500_000.0, "2.5m"), (3e9, "3 bn")]);
        assert_eq!(
            values("twenty-five men, three hundred rounds, a dozen guns"),
            vec![(25.0, "twenty-five"), (300.0, "three hundred"), (12.0, "a dozen")]
        );
        assert_eq!(values("two million yuan"), vec![(2e6, "two million")]);
        assert_eq!(values("3 crore rupees"), vec![(3e7, "3 crore")]);
    }

    #[test]
    fn numbers_inside_words_are_not_numbers() {
        assert!(values("an AK-47 and an M16 and COVID-19").is_empty());
        assert_eq!(values("RM40,000"), vec![(40000.0, "40,000")]);
    }

    #[test]
    fn five_m_is_not_five_million_without_money() {
        assert_eq!(values("a 5 m wall"), vec![(5.0, "5")]);
        assert_eq!(values("5m"), vec![(5e6, "5m")]);
    }

    #[test]
    fn years_are_flagged() {
        let found = find_numbers("In 2023 and 2,023", |_| false);
        assert!(found[0].year_like && !found[1].year_like);
    }
}

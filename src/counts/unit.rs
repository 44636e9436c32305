//! Units of counts: mass and volume words with their factor to kg and l, and
//! currencies by sign, code or name, as the guideline lists them.

/// A measure unit word and its conversion.
pub(super) struct Measure {
    /// `kg` or `l`.
    pub unit: &'static str,
    /// Multiply by this to get the value in `unit`.
    pub factor: f64,
}

/// Mass and volume words, lower-case, singular and plural.
const MEASURES: &[(&str, &str, f64)] = &[
    ("kg", "kg", 1.0),
    ("kgs", "kg", 1.0),
    ("kilogram", "kg", 1.0),
    ("kilograms", "kg", 1.0),
    ("kilogramme", "kg", 1.0),
    ("kilogrammes", "kg", 1.0),
    ("kilo", "kg", 1.0),
    ("kilos", "kg", 1.0),
    ("g", "kg", 0.001),
    ("gr", "kg", 0.001),
    ("gram", "kg", 0.001),
    ("grams", "kg", 0.001),
    ("gramme", "kg", 0.001),
    ("grammes", "kg", 0.001),
    ("mg", "kg", 1e-6),
    ("milligrams", "kg", 1e-6),
    ("t", "kg", 1000.0),
    ("ton", "kg", 1000.0),
    ("tons", "kg", 1000.0),
    ("tonne", "kg", 1000.0),
    ("tonnes", "kg", 1000.0),
    ("lb", "kg", 0.453_592_37),
    ("lbs", "kg", 0.453_592_37),
    ("pound", "kg", 0.453_592_37),
    ("pounds", "kg", 0.453_592_37),
    ("oz", "kg", 0.028_349_523),
    ("ounce", "kg", 0.028_349_523),
    ("ounces", "kg", 0.028_349_523),
    ("l", "l", 1.0),
    ("litre", "l", 1.0),
    ("litres", "l", 1.0),
    ("liter", "l", 1.0),
    ("liters", "l", 1.0),
    ("ml", "l", 0.001),
    ("millilitres", "l", 0.001),
    ("milliliters", "l", 0.001),
    ("gallon", "l", 3.785_411_784),
    ("gallons", "l", 3.785_411_784),
];

/// The measure named by `word` (lower-cased), if it is one.
pub(super) fn measure(word: &str) -> Option<Measure> {
    MEASURES.iter().find(|(w, _, _)| *w == word).map(|&(_, unit, factor)| Measure { unit, factor })
}

/// Currency signs and letter prefixes written before the amount, longest first.
const PREFIXES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("USD$", "USD"),
    ("HK$", "HKD"),
    ("TT$", "TTD"),
    ("GY$", "GYD"),
    ("FJ$", "FJD"),
    ("J$", "JMD"),
    ("KSh", "KES"),
    ("Ksh", "KES"),
    ("Rp", "IDR"),
    ("NT$", "TWD"),
    ("NZ$", "NZD"),
    ("AU$", "AUD"),
    ("CA$", "CAD"),
    ("MX$", "MXN"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "CNY"),
    ("₱", "PHP"),
    ("฿", "THB"),
    ("₹", "INR"),
    ("₦", "NGN"),
    ("₩", "KRW"),
    ("₫", "VND"),
    ("RM", "MYR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("Php", "PHP"),
    ("P", "PHP"),
    ("R", "ZAR"),
];

/// ISO 4217 codes we accept written before or after an amount ("USD 2.5m", "500,000 RMB").
const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CNY", "HKD", "PHP", "THB", "MYR", "SGD", "IDR", "VND", "INR", "JPY", "KRW", "AUD", "NZD", "CAD", "MXN", "BRL",
    "COP", "PEN", "ARS", "CLP", "NGN", "KES", "ZAR", "GHS", "EGP", "MAD", "TRY", "AED", "SAR", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK",
    "HUF", "RON", "RUB", "UAH", "PKR", "BDT", "LKR", "NPR", "MMK", "KHR", "LAK", "TWD", "XOF", "XAF", "TZS", "UGX", "ETB", "MOP", "QAR",
    "KWD",
];

/// Currency names written after an amount; a country adjective before
/// "dollars", "pesos", "rupees" etc. is checked separately.
const NAMES: &[(&str, &str)] = &[
    ("yuan", "CNY"),
    ("rmb", "CNY"),
    ("renminbi", "CNY"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("sterling", "GBP"),
    ("pesos", "PHP"),
    ("peso", "PHP"),
    ("baht", "THB"),
    ("ringgit", "MYR"),
    ("rupees", "INR"),
    ("rupee", "INR"),
    ("rupiah", "IDR"),
    ("dong", "VND"),
    ("yen", "JPY"),
    ("won", "KRW"),
    ("naira", "NGN"),
    ("shillings", "KES"),
    ("rand", "ZAR"),
    ("cedis", "GHS"),
    ("dirhams", "AED"),
    ("dirham", "AED"),
    ("riyals", "SAR"),
    ("lira", "TRY"),
    ("francs", "CHF"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("hryvnias", "UAH"),
    ("hryvnia", "UAH"),
    ("zlotys", "PLN"),
    ("zloty", "PLN"),
    ("taka", "BDT"),
    ("kyat", "MMK"),
    ("riel", "KHR"),
    ("kip", "LAK"),
    ("reais", "BRL"),
    ("reals", "BRL"),
    ("soles", "PEN"),
    ("patacas", "MOP"),
    ("lei", "RON"),
    ("leu", "RON"),
    ("quetzales", "GTQ"),
    ("lempiras", "HNL"),
];

/// Country words that change what "dollars", "pesos", "rupees", ... mean.
const QUALIFIED_NAMES: &[(&str, &str, &str)] = &[
    ("us", "dollars", "USD"),
    ("u.s.", "dollars", "USD"),
    ("hong kong", "dollars", "HKD"),
    ("canadian", "dollars", "CAD"),
    ("australian", "dollars", "AUD"),
    ("singapore", "dollars", "SGD"),
    ("new zealand", "dollars", "NZD"),
    ("taiwan", "dollars", "TWD"),
    ("jamaican", "dollars", "JMD"),
    ("trinidad and tobago", "dollars", "TTD"),
    ("mexican", "pesos", "MXN"),
    ("colombian", "pesos", "COP"),
    ("argentine", "pesos", "ARS"),
    ("chilean", "pesos", "CLP"),
    ("dominican", "pesos", "DOP"),
    ("philippine", "pesos", "PHP"),
    ("pakistani", "rupees", "PKR"),
    ("sri lankan", "rupees", "LKR"),
    ("nepalese", "rupees", "NPR"),
    ("moroccan", "dirhams", "MAD"),
    ("ugandan", "shillings", "UGX"),
    ("tanzanian", "shillings", "TZS"),
    ("cfa", "francs", "XOF"),
    ("swiss", "francs", "CHF"),
    ("egyptian", "pounds", "EGP"),
    ("turkish", "lira", "TRY"),
];

/// The currency whose sign or prefix ends exactly at byte `at` of `text`,
/// with the byte where it starts.
pub(super) fn currency_before(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let before = text[..at].trim_end_matches([' ', '\u{a0}']);
    let glued = before.len() == at;
    for &(prefix, code) in PREFIXES {
        if let Some(start) = before.strip_suffix(prefix).map(str::len) {
            let is_letters = prefix.chars().all(char::is_alphabetic) || prefix == "Rs.";
            // Letter prefixes must stand alone ("RM 40" not "FORM 40") and one-letter ones be glued ("R2m").
            let alone = !text[..start].ends_with(char::is_alphanumeric);
            if is_letters && (!alone || (prefix.len() == 1 && !glued)) {
                continue;
            }
            // "$" after letters is part of a longer prefix we do not know ("Z$"): still dollars.
            return Some((start, code));
        }
    }
    let word_start = super::trailing_run_start(before, |c| c.is_ascii_alphabetic());
    let word = &before[word_start..];
    (CODES.contains(&word) || word == "RMB").then(|| (word_start, if word == "RMB" { "CNY" } else { code_of(word) }))
}

fn code_of(word: &str) -> &'static str {
    CODES.iter().find(|&&c| c == word).copied().unwrap_or("USD")
}

/// The currency named by the words starting at `at` ("yuan", "Hong Kong
/// dollars", "RMB"), with the byte where its name ends. `before` is the text
/// before the amount, to read a country adjective placed there.
pub(super) fn currency_after(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let rest = &text[at..];
    for &(country, name, code) in QUALIFIED_NAMES {
        if let Some(len) = phrase_at(rest, &[country, name]) {
            return Some((at + len, code));
        }
    }
    let word_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    let word = &rest[..word_len];
    if CODES.contains(&word) || word == "RMB" {
        return Some((at + word_len, if word == "RMB" { "CNY" } else { code_of(word) }));
    }
    if let Some(len) = phrase_at(rest, &["pounds", "sterling"]) {
        return Some((at + len, "GBP"));
    }
    NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(word)).map(|&(_, code)| (at + word_len, code))
}

/// If `text` starts with `words` (ASCII case ignored) separated by single
/// spaces and followed by no letter or digit, the byte length they take.
fn phrase_at(text: &str, words: &[&str]) -> Option<usize> {
    let mut len = 0;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            if text.as_bytes().get(len) != Some(&b' ') {
                return None;
            }
            len += 1;
        }
        let candidate = text.as_bytes().get(len..len + word.len())?;
        if !candidate.eq_ignore_ascii_case(word.as_bytes()) {
            return None;
        }
        len += word.len();
    }
    (!text[len..].starts_with(char::is_alphanumeric)).then_some(len)
}

/// Which currency the bare words "pesos" and "rupees" (or "Rs") mean in a
/// document: read from the countries it names, since a Chilean release says
/// "pesos" for CLP and a Nepali one "Rs" for NPR. Worked out only when a
/// document has such an amount.
#[derive(Debug, Clone, Default)]
pub struct CurrencyContext<'a> {
    document: &'a str,
    resolved: std::cell::OnceCell<(&'static str, &'static str)>,
    consulted: std::cell::Cell<usize>,
}

/// Pesos and rupees when the document names no country.
const DEFAULT_PESO_AND_RUPEE: (&str, &str) = ("PHP", "INR");

/// Country words and the peso they imply.
const PESO_COUNTRIES: &[(&str, &str)] = &[
    ("Mexic", "MXN"),
    ("Colombia", "COP"),
    ("Chile", "CLP"),
    ("Argentin", "ARS"),
    ("Dominican", "DOP"),
    ("Uruguay", "UYU"),
    ("Cuba", "CUP"),
    ("Philippin", "PHP"),
    ("Manila", "PHP"),
];
/// Country words and the rupee they imply.
const RUPEE_COUNTRIES: &[(&str, &str)] = &[
    ("Pakistan", "PKR"),
    ("Sri Lanka", "LKR"),
    ("Nepal", "NPR"),
    ("Kathmandu", "NPR"),
    ("Colombo", "LKR"),
    ("Karachi", "PKR"),
    ("Lahore", "PKR"),
    ("Islamabad", "PKR"),
    ("Rawalpindi", "PKR"),
    ("India", "INR"),
    ("Mauritius", "MUR"),
];

impl<'a> CurrencyContext<'a> {
    /// The context of a document: the first country it names decides.
    pub fn of_document(document: &'a str) -> Self {
        CurrencyContext { document, ..CurrencyContext::default() }
    }

    /// How many amounts so far needed the document's countries: a sentence
    /// whose counts did cannot be reused in another document.
    pub fn consulted(&self) -> usize {
        self.consulted.get()
    }

    /// The code for a currency written as `written`, found to be `code`
    /// without context.
    pub(super) fn resolve(&self, written: &str, code: &'static str) -> &'static str {
        let is = |names: &[&str]| names.iter().any(|n| written.trim().eq_ignore_ascii_case(n));
        if is(&["pesos", "peso"]) {
            self.peso_and_rupee().0
        } else if is(&["rs", "rs.", "rupees", "rupee"]) {
            self.peso_and_rupee().1
        } else {
            code
        }
    }

    fn peso_and_rupee(&self) -> (&'static str, &'static str) {
        self.consulted.set(self.consulted.get() + 1);
        *self.resolved.get_or_init(|| {
            let first = |table: &[(&str, &'static str)]| {
                table.iter().filter_map(|&(word, code)| self.document.find(word).map(|at| (at, code))).min().map(|(_, code)| code)
            };
            (first(PESO_COUNTRIES).unwrap_or(DEFAULT_PESO_AND_RUPEE.0), first(RUPEE_COUNTRIES).unwrap_or(DEFAULT_PESO_AND_RUPEE.1))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_codes_before() {
        assert_eq!(currency_before("worth $", 7), Some((6, "USD")));
        assert_eq!(currency_before("HK$", 3), Some((0, "HKD")));
        assert_eq!(currency_before("fine of RM ", 11), Some((8, "MYR")));
        assert_eq!(currency_before("USD ", 4), Some((0, "USD")));
        assert_eq!(currency_before("FORM ", 5), None);
        assert_eq!(currency_before("Form ", 5), None);
        assert_eq!(currency_before("a ", 2), None);
    }

    #[test]
    fn names_after() {
        let t = "3 million Hong Kong dollars";
        assert_eq!(currency_after(t, 10), Some((t.len(), "HKD")));
        assert_eq!(currency_after("yuan in cash", 0), Some((4, "CNY")));
        assert_eq!(currency_after("pounds of cocaine", 0), None);
        assert_eq!(currency_after("pounds sterling", 0), Some((15, "GBP")));
        assert_eq!(currency_after("RMB", 0), Some((3, "CNY")));
    }

    #[test]
    fn documents_decide_pesos_and_rupees() {
        let chile = CurrencyContext::of_document("SANTIAGO, Chile - Police seized 3 million pesos.");
        assert_eq!(chile.resolve("pesos", "PHP"), "CLP");
        assert_eq!(chile.resolve("Rs", "INR"), "INR");
        let nepal = CurrencyContext::of_document("Kathmandu police said the agents took Rs 80,000.");
        assert_eq!(nepal.resolve("Rs", "INR"), "NPR");
        assert_eq!(CurrencyContext::default().resolve("pesos", "PHP"), "PHP");
        assert_eq!(chile.resolve("Mexican pesos", "MXN"), "MXN");
    }

    #[test]
    fn measures_convert() {
        assert_eq!(measure("pounds").unwrap().unit, "kg");
        assert!((measure("gallons").unwrap().factor - 3.785411784).abs() < 1e-9);
        assert!(measure("rounds").is_none());
    }
}

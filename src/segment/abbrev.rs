//! Abbreviations that end in a period but not a sentence.

/// Lower-cased abbreviations (with their final period) that never end a sentence
/// before a capitalised word or a number.
const ABBREVIATIONS: &[&str] = &[
    "u.s.", "u.k.", "u.n.", "e.u.", "d.c.", "p.r.", "u.s.c.", "e.g.", "i.e.", "cf.", "vs.", "v.", "no.", "nos.", "art.", "sec.", "para.",
    "fig.", "vol.", "p.", "pp.", "approx.", "est.", "mr.", "mrs.", "ms.", "dr.", "prof.", "jr.", "sr.", "st.", "mt.", "ft.", "ave.",
    "blvd.", "rd.", "hon.", "gov.", "sen.", "rep.", "atty.", "gen.", "col.", "lt.", "capt.", "sgt.", "cpl.", "det.", "insp.", "supt.",
    "cmdr.", "adm.", "maj.", "ofc.", "dept.", "div.", "inc.", "ltd.", "co.", "corp.", "bros.", "jan.", "feb.", "mar.", "apr.", "jun.",
    "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.",
    "ill.", "ind.", "kan.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.", "neb.", "nev.", "n.h.", "n.j.",
    "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.", "r.i.", "s.c.", "s.d.", "tenn.", "tex.", "vt.", "va.", "wash.", "wis.",
    "w.va.", "wyo.", "a.m.", "p.m.",
];

/// Abbreviations that do end a sentence when a capitalised word follows
/// ("at 10 p.m. The suspects fled").
const SENTENCE_FINAL_BEFORE_WORD: &[&str] = &["a.m.", "p.m.", "inc.", "ltd.", "co.", "corp."];

/// Whether `word` (the token ending in a period) is an abbreviation or an
/// initial, given the first character of what follows.
pub(super) fn is_abbreviation(word: &str, next: char) -> bool {
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if SENTENCE_FINAL_BEFORE_WORD.contains(&bare) && next.is_uppercase() {
        return false;
    }
    if ABBREVIATIONS.contains(&bare) {
        return true;
    }
    // A lone capital ("John F. Smith") or a dotted acronym ("N.C.S.").
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    let dotted = word.matches('.').count() >= 2 && letters.iter().all(|c| c.is_alphabetic()) && letters.len() <= 5;
    (letters.len() == 1 && letters[0].is_uppercase()) || dotted
}

#[cfg(test)]
mod tests {
    use super::is_abbreviation;

    #[test]
    fn knows_titles_states_and_initials() {
        assert!(is_abbreviation("Dr.", 'L'));
        assert!(is_abbreviation("Ariz.", ','));
        assert!(is_abbreviation("F.", 'S'));
        assert!(is_abbreviation("(U.S.", 'A'));
        assert!(!is_abbreviation("seized.", 'T'));
        assert!(!is_abbreviation("p.m.", 'T'));
        assert!(is_abbreviation("p.m.", '4'));
    }
}

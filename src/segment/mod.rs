//! Stage 2, segment: normalised text → sentence [`Span`]s.
//!
//! Rules, not a model: a blank line always ends a sentence; a single line break
//! ends one unless the next line plainly continues it (starts lower-case or with
//! punctuation); inside a line, `.`, `!` and `?` end a sentence when followed by
//! white space and something that can start one, except after an abbreviation
//! (see [`abbrev`]) or an initial. CJK `。！？` end a sentence where they stand.
//! Headlines, date lines and list items therefore come out on their own, and
//! list bullets are left out of the span. Next stage: [`crate::tokenize`].

mod abbrev;

use crate::text::Span;

/// A sentence longer than this many bytes is cut at white space, so one
/// enormous unpunctuated line cannot stall the later stages.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Splits `text` into sentence spans, in order, trimmed, none empty.
pub fn segment(text: &str) -> Vec<Span> {
    let mut sentences = Vec::new();
    for block in joined_lines(text) {
        split_block(text, block, &mut sentences);
    }
    sentences
}

/// Groups lines into runs that belong together: each run ends at a blank line
/// or at a line break the next line does not continue.
fn joined_lines(text: &str) -> Vec<Span> {
    let mut runs = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut line_start = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let next_start = line_end + 1;
        if line.trim().is_empty() {
            if let Some(start) = run_start.take() {
                runs.push(Span::new(start, line_start.saturating_sub(1).max(start)));
            }
        } else {
            let start = *run_start.get_or_insert(line_start);
            let continues = next_start < text.len() && continues_previous_line(line, &text[next_start..]);
            if !continues {
                runs.push(Span::new(start, line_end));
                run_start = None;
            }
        }
        line_start = next_start;
    }
    runs
}

/// Whether the line after a single break continues `line` rather than starting anew.
fn continues_previous_line(line: &str, next: &str) -> bool {
    let next_line = next.split('\n').next().unwrap_or("");
    let first = match next_line.trim_start().chars().next() {
        Some(c) => c,
        None => return false,
    };
    let last = line.trim_end().chars().next_back();
    first.is_lowercase()
        || matches!(first, ',' | ';' | ')' | ']' | '%')
        || (first == '.' && !next_line.trim_start().starts_with(".."))
        || matches!(last, Some(',') | Some('(') | Some('&'))
}

/// Splits one run of text at sentence-final punctuation.
fn split_block(text: &str, block: Span, out: &mut Vec<Span>) {
    let body = block.slice(text);
    let bytes = body.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Sentence punctuation is `.`, `!`, `?` or a character whose UTF-8 starts
        // with one of these lead bytes (… 。！？); skipping every other byte keeps
        // the scan cheap, and lands on a character boundary whenever it stops.
        if !matches!(bytes[at], b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF) {
            at += 1;
            continue;
        }
        let ch = body[at..].chars().next().unwrap_or_default();
        let mut end = at + ch.len_utf8();
        let ends = match ch {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => {
                while let Some(c) =
                    body[end..].chars().next().filter(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'))
                {
                    end += c.len_utf8();
                }
                ends_sentence(&body[..end], &body[end..])
            }
            _ => false,
        };
        if ends {
            push_trimmed(text, Span::new(block.start + start, block.start + end), out);
            start = end;
        }
        at = end;
    }
    push_trimmed(text, Span::new(block.start + start, block.end), out);
}

/// Whether punctuation ending `before` ends the sentence, given what follows.
fn ends_sentence(before: &str, after: &str) -> bool {
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return false;
    }
    let next = match after.trim_start().chars().next() {
        Some(c) => c,
        None => return true,
    };
    let can_start = next.is_uppercase()
        || next.is_numeric()
        || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '•' | '$' | '€' | '£' | '¥' | '#')
        || (next.is_alphabetic() && !next.is_lowercase());
    if !can_start {
        return false;
    }
    let trimmed = before.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    if !trimmed.ends_with('.') || trimmed.ends_with("..") {
        return true;
    }
    let word_start = trimmed[..trimmed.len() - 1]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '[' | '/'))
        .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
    let word = &trimmed[word_start..];
    !abbrev::is_abbreviation(word, next)
}

/// Pushes `span` minus surrounding white space and a leading list bullet,
/// cutting it into pieces if it is too long.
fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let raw = span.slice(text);
    let lead = raw.len() - raw.trim_start().len();
    let mut start = span.start + lead;
    let trimmed = raw.trim();
    for bullet in ["- ", "• ", "* ", "– ", "· ", "▪ "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            start += trimmed.len() - rest.trim_start().len();
            break;
        }
    }
    let end = span.start + lead + trimmed.len();
    if start >= end {
        return;
    }
    let mut piece_start = start;
    while end - piece_start > MAX_SENTENCE_BYTES {
        let window = &text[piece_start..floor_char_boundary(text, piece_start + MAX_SENTENCE_BYTES)];
        let cut = match window.rfind(char::is_whitespace) {
            Some(ws) if ws > 0 => piece_start + ws,
            _ => piece_start + window.len(),
        };
        if cut == piece_start {
            break;
        }
        out.push(Span::new(piece_start, cut));
        piece_start = cut + text[cut..].len() - text[cut..].trim_start().len();
    }
    if piece_start < end {
        out.push(Span::new(piece_start, end));
    }
}

/// The largest char boundary at or below `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split() {
        assert_eq!(
            sentences("The U.S. Attorney's Office in Phoenix, Ariz., said on Sept. 5 that 7.8 tons were seized. Dr. Lee agreed."),
            vec!["The U.S. Attorney's Office in Phoenix, Ariz., said on Sept. 5 that 7.8 tons were seized.", "Dr. Lee agreed."]
        );
        assert_eq!(sentences("He faces Count No. 3 of the indictment."), vec!["He faces Count No. 3 of the indictment."]);
        assert_eq!(sentences("Seized: 1,234 rounds, e.g. 9 mm. Done."), vec!["Seized: 1,234 rounds, e.g. 9 mm.", "Done."]);
    }

    #[test]
    fn quotes_and_questions_end_sentences() {
        assert_eq!(
            sentences("\"We will not stop.\" The director said so! Why? Because."),
            vec!["\"We will not stop.\"", "The director said so!", "Why?", "Because."]
        );
    }

    #[test]
    fn headlines_dates_and_list_items_stand_alone() {
        let text = "Police Seize 31 Guns\nMay 11, 2026\nOfficers found:\n- 31 pistols\n- 2,000 rounds\n\nThe case continues.";
        assert_eq!(
            sentences(text),
            vec!["Police Seize 31 Guns", "May 11, 2026", "Officers found:", "31 pistols", "2,000 rounds", "The case continues."]
        );
    }

    #[test]
    fn wrapped_lines_join() {
        assert_eq!(
            sentences("State's Attorney Burke\nestablished the bureau\n. It works."),
            vec!["State's Attorney Burke\nestablished the bureau\n.", "It works."]
        );
    }

    #[test]
    fn cjk_punctuation_splits() {
        assert_eq!(sentences("警方查获毒品。抓获嫌疑人12名！"), vec!["警方查获毒品。", "抓获嫌疑人12名！"]);
    }

    #[test]
    fn initials_do_not_split_but_lowercase_continuation_does_not_start() {
        assert_eq!(sentences("Judge John F. Smith ruled. it went on."), vec!["Judge John F. Smith ruled. it went on."]);
    }

    #[test]
    fn very_long_lines_are_cut_at_white_space() {
        let text = "word ".repeat(2000);
        let spans = segment(&text);
        assert!(spans.len() >= 5);
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES && s.end > s.start));
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(segment("").is_empty());
        assert!(segment(" \n\n \t").is_empty());
    }
}

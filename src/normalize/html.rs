//! HTML → text, one pass, no tree: tags are dropped, `script`/`style` bodies
//! skipped, entities decoded, block elements become paragraph breaks. Because it
//! keeps no stack, nesting depth costs nothing.

use super::entities;

/// Elements whose start or end ends a paragraph.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
];

/// Elements whose content is not text.
const SKIPPED_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg"];

/// Output text builder that records, per output byte, the input bytes behind it.
struct Builder {
    text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Builder {
    fn push(&mut self, ch: char, from: usize, to: usize) {
        let before = self.text.len();
        self.text.push(ch);
        for _ in before..self.text.len() {
            self.starts.push(from as u32);
            self.ends.push(to as u32);
        }
    }

    fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// Adds a space unless the text already ends in white space.
    fn space(&mut self, at: usize) {
        if !matches!(self.last_char(), None | Some(' ') | Some('\n')) {
            self.push(' ', at, at);
        }
    }

    /// Ends the paragraph: trailing spaces go, and at most one blank line stands.
    fn paragraph_break(&mut self, at: usize) {
        while self.text.ends_with(' ') {
            self.text.pop();
            self.starts.pop();
            self.ends.pop();
        }
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        let missing = if self.text.ends_with('\n') { 1 } else { 2 };
        for _ in 0..missing {
            self.push('\n', at, at);
        }
    }
}

/// Converts `html` to text; returns the text and, per byte of it, the input
/// start and end offsets it came from.
pub(super) fn to_text(html: &str) -> (String, Vec<u32>, Vec<u32>) {
    let mut out = Builder {
        text: String::with_capacity(html.len() / 2),
        starts: Vec::with_capacity(html.len() / 2),
        ends: Vec::with_capacity(html.len() / 2),
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        match bytes[i] {
            b'<' => i = skip_markup(html, i, &mut out),
            b'&' => {
                let (decoded, len) = entities::decode_at(&html[i..]);
                match decoded {
                    Some(text) => {
                        for ch in text.chars() {
                            if ch == '\u{a0}' {
                                out.space(i);
                            } else {
                                out.push(ch, i, i + len);
                            }
                        }
                    }
                    None => out.push('&', i, i + 1),
                }
                i += len;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                out.space(i);
                i += 1;
            }
            _ => {
                let ch = html[i..].chars().next().unwrap_or('\u{fffd}');
                out.push(ch, i, i + ch.len_utf8());
                i += ch.len_utf8();
            }
        }
    }
    out.paragraph_break(html.len());
    while out.text.ends_with('\n') {
        out.text.pop();
        out.starts.pop();
        out.ends.pop();
    }
    (out.text, out.starts, out.ends)
}

/// Skips the tag, comment or declaration starting at `at`; returns where text
/// resumes. A `<` that opens no tag is kept as text.
fn skip_markup(html: &str, at: usize, out: &mut Builder) -> usize {
    let rest = &html[at..];
    if let Some(body) = rest.strip_prefix("<!--") {
        return body.find("-->").map_or(html.len(), |end| at + 4 + end + 3);
    }
    let name_start = if rest[1..].starts_with('/') { 2 } else { 1 };
    let name: String = rest[name_start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    if name.is_empty() && !rest[1..].starts_with('!') && !rest[1..].starts_with('?') {
        out.push('<', at, at + 1);
        return at + 1;
    }
    let tag_end = rest.find('>').map_or(html.len(), |end| at + end + 1);
    if BLOCK_TAGS.contains(&name.as_str()) {
        out.paragraph_break(at);
    }
    if name_start == 1 && SKIPPED_TAGS.contains(&name.as_str()) {
        let close = format!("</{name}");
        let after = &html[tag_end..];
        return match find_ascii_case_insensitive(after, &close) {
            Some(pos) => {
                let end = tag_end + pos;
                html[end..].find('>').map_or(html.len(), |gt| end + gt + 1)
            }
            None => html.len(),
        };
    }
    tag_end
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn strips_tags_scripts_and_styles() {
        let (text, _, _) = to_text(
            "<html><head><title>Seizure</title><style>p{color:red}</style></head>\
             <body><script>var x = '<p>';</script><p>Agents seized <i>cocaine</i>.</p></body></html>",
        );
        assert_eq!(text, "Seizure\n\nAgents seized cocaine.");
    }

    #[test]
    fn block_elements_become_paragraphs_and_entities_decode() {
        let (text, _, _) = to_text("<h1>Guns &amp; Ammo</h1><ul><li>31 pistols</li><li>2&#44;000 rounds</li></ul>");
        assert_eq!(text, "Guns & Ammo\n\n31 pistols\n\n2,000 rounds");
    }

    #[test]
    fn deep_nesting_and_stray_brackets_are_fine() {
        let html = format!("{}x < y{}", "<div>".repeat(200_000), "</div>".repeat(200_000));
        let (text, starts, ends) = to_text(&html);
        assert_eq!(text, "x < y");
        assert_eq!(starts.len(), text.len());
        assert_eq!(ends.len(), text.len());
    }

    #[test]
    fn unclosed_comment_and_tag_end_the_text() {
        assert_eq!(to_text("a<!-- never closed").0, "a");
        assert_eq!(to_text("b<p class='x").0, "b");
    }
}

//! Stage 1, normalise: raw input (plain text or HTML) → [`NormalizedText`].
//!
//! Plain text passes through untouched, so offsets into it are offsets into the
//! input. HTML is turned into text (tags, scripts and styles dropped, entities
//! decoded, block elements turned into paragraph breaks) with a byte map back to
//! the original, so every later span can be reported against the HTML as given.
//! Next stage: [`crate::segment`].

mod entities;
mod html;

use std::borrow::Cow;

use crate::text::Span;

/// What kind of text an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Plain text, used as it is.
    #[default]
    Text,
    /// HTML markup, converted to text.
    Html,
}

impl InputFormat {
    /// The format a file name suggests: `.html`/`.htm` are HTML, the rest text.
    pub fn from_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
            Some(ext) if ext == "html" || ext == "htm" => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// Text ready for segmentation, with the way back to the input's offsets.
#[derive(Debug, Clone)]
pub struct NormalizedText<'a> {
    /// The text the later stages read.
    pub text: Cow<'a, str>,
    /// For HTML: per byte of `text`, the input byte range it came from.
    origin: Option<OffsetMap>,
}

/// Per output byte, the start and end of the input bytes it stands for.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl<'a> NormalizedText<'a> {
    /// Normalises `input` read as `format`.
    pub fn new(input: &'a str, format: InputFormat) -> Self {
        match format {
            InputFormat::Text => NormalizedText { text: Cow::Borrowed(input), origin: None },
            InputFormat::Html => {
                let (text, starts, ends) = html::to_text(input);
                NormalizedText { text: Cow::Owned(text), origin: Some(OffsetMap { starts, ends }) }
            }
        }
    }

    /// Maps a span of the normalised text back to the input it came from.
    pub fn to_input(&self, span: Span) -> Span {
        match &self.origin {
            None => span,
            Some(_) if span.start >= span.end => {
                let at = self.input_start(span.start);
                Span::new(at, at)
            }
            Some(map) => Span::new(map.starts[span.start] as usize, map.ends[span.end - 1] as usize),
        }
    }

    fn input_start(&self, at: usize) -> usize {
        match &self.origin {
            None => at,
            Some(map) => match map.starts.get(at) {
                Some(&s) => s as usize,
                None => map.ends.last().copied().unwrap_or(0) as usize,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_and_offsets_are_identity() {
        let n = NormalizedText::new("Officers seized 31 handguns.", InputFormat::Text);
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.to_input(Span::new(3, 9)), Span::new(3, 9));
    }

    #[test]
    fn html_spans_map_back_to_the_markup() {
        let html = "<p>Police seized <b>12&nbsp;kg</b> of heroin.</p>";
        let n = NormalizedText::new(html, InputFormat::Html);
        let at = n.text.find("12").unwrap();
        let end = n.text.find("heroin").unwrap() + "heroin".len();
        let span = n.to_input(Span::new(at, end));
        assert_eq!(&html[span.start..span.end], "12&nbsp;kg</b> of heroin");
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(InputFormat::from_path("a/b.HTML".as_ref()), InputFormat::Html);
        assert_eq!(InputFormat::from_path("a/b.txt".as_ref()), InputFormat::Text);
    }
}

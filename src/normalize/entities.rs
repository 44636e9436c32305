//! HTML character references: numeric ones and the named ones press pages use.

/// Named references seen in news and agency pages. Anything else is left as text.
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("hellip", "…"),
    ("bull", "•"),
    ("middot", "·"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("sect", "§"),
    ("para", "¶"),
    ("deg", "°"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("times", "×"),
    ("frac12", "½"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("ntilde", "ñ"),
    ("ccedil", "ç"),
    ("uuml", "ü"),
    ("ouml", "ö"),
    ("auml", "ä"),
    ("szlig", "ß"),
    ("shy", ""),
    ("zwnj", ""),
    ("zwj", ""),
];

/// Decodes the reference at the start of `s` (which begins with `&`).
/// Returns the decoded text, or `None` when it is no known reference, and the
/// number of input bytes it covers (1 when not decoded).
pub(super) fn decode_at(s: &str) -> (Option<String>, usize) {
    let body = &s[1..];
    let end = match body.bytes().take(32).position(|b| b == b';') {
        Some(end) => end,
        None => return (None, 1),
    };
    let name = &body[..end];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32).map(String::from)
    } else {
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_string())
    };
    match decoded {
        Some(text) => (Some(text), end + 2),
        None => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_at;

    #[test]
    fn decodes_named_and_numeric() {
        assert_eq!(decode_at("&amp; x"), (Some("&".into()), 5));
        assert_eq!(decode_at("&#8217;s"), (Some("’".into()), 7));
        assert_eq!(decode_at("&#x20AC;5"), (Some("€".into()), 8));
    }

    #[test]
    fn leaves_unknown_and_broken_references() {
        assert_eq!(decode_at("&bogus; x"), (None, 1));
        assert_eq!(decode_at("& rest"), (None, 1));
        assert_eq!(decode_at("&#xFFFFFFFF;"), (None, 1));
    }
}

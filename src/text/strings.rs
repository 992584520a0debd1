//! Small string helpers of the paragraph rules ([`super::boilerplate`], `captions`, [`super::credits`]):
//! whitespace normalisation, substring tests, CJK character classes and bracket groups.
//!
//! Nothing here panics on odd input: all slicing happens at positions found by `find`/`char_indices`
//! or by `strip_prefix`/`strip_suffix`, which are always char boundaries.

use std::borrow::Cow;

/// Collapses every run of whitespace (including NBSP and the ideographic space) to one ASCII space
/// and drops zero-width characters, because scraped bodies mix all of them and equality checks
/// between a caption and its repetition must not depend on them.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_zero_width(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
}

/// Whether [`normalize`] would return `s` unchanged. The HTML extractor already delivers
/// normalised text, so checking is much cheaper than copying every paragraph again.
///
/// Works on bytes: besides ASCII whitespace, every character [`normalize`] changes (non-ASCII
/// whitespace and the zero-width characters) starts with one of the bytes C2, E1, E2, E3 or EF,
/// and only those few sequences need a closer look (checked against `normalize` for every
/// character by a test).
pub(crate) fn is_normalized(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for (i, &x) in b.iter().enumerate() {
        match x {
            b' ' => {
                if prev_space {
                    return false;
                }
                prev_space = true;
                continue;
            }
            b'\t'..=b'\r' => return false,
            0xc2 => {
                if matches!(b.get(i + 1), Some(0x85 | 0xa0)) {
                    return false;
                }
            }
            0xe1 => {
                if matches!(b.get(i + 1..i + 3), Some([0x9a, 0x80])) {
                    return false;
                }
            }
            0xe2 => {
                if matches!(
                    b.get(i + 1..i + 3),
                    Some([0x80, 0x80..=0x8d | 0xa8 | 0xa9 | 0xaf] | [0x81, 0x9f])
                ) {
                    return false;
                }
            }
            0xe3 => {
                if matches!(b.get(i + 1..i + 3), Some([0x80, 0x80])) {
                    return false;
                }
            }
            0xef => {
                if matches!(b.get(i + 1..i + 3), Some([0xbb, 0xbf])) {
                    return false;
                }
            }
            _ => {}
        }
        prev_space = false;
    }
    true
}

pub(crate) fn normalize_cow(s: &str) -> Cow<'_, str> {
    if is_normalized(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalize(s))
    }
}

pub(crate) fn has(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

pub(crate) fn has_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| has(hay, n))
}

pub(crate) fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

pub(crate) fn ends_any(s: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|p| s.ends_with(p))
}

/// Han ideographs plus CJK punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{2fa1f}')
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

pub(crate) fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '[' | '〔' | '［' | '<' | '〈' | '《')
}

pub(crate) fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | ']' | '〕' | '］' | '>' | '〉' | '》')
}

/// Splits `...（inner）` into `("...", "inner")` when the paragraph ends with a bracket group.
pub(crate) fn split_trailing_bracket(p: &str) -> Option<(&str, &str)> {
    let t = p.trim_end();
    let (close_at, close) = t.char_indices().next_back()?;
    if !matches!(close, '）' | ')' | '】' | ']') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in t[..close_at].char_indices().rev() {
        if matches!(c, '）' | ')' | '】' | ']') {
            depth += 1;
        } else if matches!(c, '（' | '(' | '【' | '[') {
            if depth == 0 {
                let inner_start = i + c.len_utf8();
                let inner = t.get(inner_start..close_at)?;
                return Some((t[..i].trim_end(), inner.trim()));
            }
            depth -= 1;
        }
    }
    None
}

/// The inside of a paragraph that is one bracket group from start to end.
pub(crate) fn whole_bracket_inner(p: &str) -> Option<&str> {
    // The group can only start the paragraph if its first character opens a bracket; checking
    // that first saves scanning long paragraphs that merely end with one.
    if !p.trim_start().starts_with(['（', '(', '【', '[']) {
        return None;
    }
    let (prefix, inner) = split_trailing_bracket(p)?;
    prefix.is_empty().then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_normalized_matches_normalize_for_every_char() {
        let mut buf = String::new();
        for u in 0..=0x10_ffffu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for (pre, post) in [("", ""), ("a", "b"), ("a ", "b"), ("中", " ")] {
                buf.clear();
                buf.push_str(pre);
                buf.push(c);
                buf.push_str(post);
                assert_eq!(
                    is_normalized(&buf),
                    normalize(&buf) == buf,
                    "{u:04X} in {buf:?}"
                );
            }
        }
        for s in [
            "",
            "a b",
            "a  b",
            " a",
            "a ",
            "中\u{3000}文",
            "x\u{feff}",
            "“引號”…",
        ] {
            assert_eq!(is_normalized(s), normalize(s) == s, "{s:?}");
        }
    }
}

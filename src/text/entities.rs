//! Character references (`&amp;`, `&#38;`, `&copy`), decoded exactly once with the tolerance
//! browsers show legacy markup.

/// Append `s` to `out` with character references decoded exactly once. Tolerates a missing `;` on
/// the common legacy names and on numeric references; drops references to NUL, surrogates and
/// control characters (mapping 0x80..0x9F through windows-1252, as browsers do).
pub(crate) fn decode_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut last = 0;
    for amp in memchr::memchr_iter(b'&', b) {
        if amp < last {
            continue;
        }
        let Some((end, decoded)) = decode_ref(s, amp) else {
            continue;
        };
        out.push_str(s.get(last..amp).unwrap_or(""));
        if let Some(d) = decoded {
            out.push_str(&d);
        }
        last = end;
    }
    out.push_str(s.get(last..).unwrap_or(""));
}

/// Decode character references exactly once, with the same tolerance as body text (see
/// `decode_into`); for titles and authors taken from metadata.
pub fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        decode_owned(s)
    } else {
        s.to_string()
    }
}

pub(crate) fn decode_owned(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(&mut out, s);
    out
}

/// Decode the reference starting at `amp`. Returns the end of the reference and its text (`None`
/// text means "drop it"), or `None` when this `&` is literal text.
fn decode_ref(s: &str, amp: usize) -> Option<(usize, Option<String>)> {
    let b = s.as_bytes();
    let mut p = amp + 1;
    if b.get(p) == Some(&b'#') {
        p += 1;
        let hex = matches!(b.get(p), Some(b'x' | b'X'));
        if hex {
            p += 1;
        }
        let start = p;
        while b.get(p).is_some_and(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        }) {
            p += 1;
        }
        if p == start {
            return None;
        }
        let digits = s.get(start..p)?;
        let end = if b.get(p) == Some(&b';') { p + 1 } else { p };
        let code = if digits.len() > 8 {
            None
        } else {
            u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()
        };
        let ch = code.and_then(numeric_char);
        return Some((end, ch.map(String::from)));
    }
    let start = p;
    while b.get(p).is_some_and(|c| c.is_ascii_alphanumeric()) && p - start < 32 {
        p += 1;
    }
    if p == start {
        return None;
    }
    if b.get(p) == Some(&b';') {
        let whole = s.get(amp..=p)?;
        return match html_escape::decode_html_entities(whole) {
            std::borrow::Cow::Owned(d) => Some((p + 1, Some(d))),
            std::borrow::Cow::Borrowed(_) => None,
        };
    }
    // Without `;`, only the legacy names browsers accept, and only when not glued to a word.
    let name = s.get(start..p)?;
    let ch = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "nbsp" => '\u{A0}',
        "copy" | "COPY" => '©',
        "reg" | "REG" => '®',
        _ => return None,
    };
    Some((p, Some(ch.to_string())))
}

fn numeric_char(code: u32) -> Option<char> {
    const CP1252: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let code = match code {
        0x80..=0x9F => *CP1252.get((code - 0x80) as usize)?,
        c => c,
    };
    let c = char::from_u32(code)?;
    if c == '\0' || (c.is_control() && !c.is_whitespace()) {
        return None;
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_decoded_once_with_legacy_tolerance() {
        assert_eq!(
            decode_entities(
                "AT&amp;T &amp;amp; x&#38;y&#x2F;z &copy 2020 &ldquo;q&rdquo; a &amp b"
            ),
            "AT&T &amp; x&y/z © 2020 “q” a & b"
        );
        assert_eq!(decode_entities("bad&#0;ref&#xD800;s&#151;"), "badrefs—");
        assert_eq!(
            decode_entities("&ampere; &unknown; &#; &"),
            "&ampere; &unknown; &#; &"
        );
        assert_eq!(decode_entities("&#xFFFFFFFFFF;&#99999999999;"), "");
    }
}

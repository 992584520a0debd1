//! Web addresses inside text: `https://bit.ly/3xYz`, `www.rfi.fr/cn`, `t.co/abc`. They are
//! links, not words, so the tokenizer counts none of their pieces (`https`, `bit.ly`, `www`
//! would otherwise top the terms of archives that end posts with share links).

/// Byte ranges of the web addresses in `s`, in order and not overlapping: a scheme
/// (`http://`, `https://`) or `www.` and what follows, or a bare host with a dot followed by a
/// path (`bit.ly/x`, `t.co/x`). An address runs over ASCII characters that URLs hold and ends
/// before whitespace, any non-ASCII character (Chinese text right after a link) and trailing
/// punctuation.
pub fn find(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Addresses start at a word boundary.
        if !b[i].is_ascii_alphanumeric() || (i > 0 && is_url_byte(b[i - 1]) && b[i - 1] != b'(') {
            i += 1;
            continue;
        }
        if let Some(end) = address_at(b, i) {
            out.push((i, end));
            i = end;
        } else {
            // Skip the rest of this run of letters and digits.
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
    }
    out
}

/// Where the address starting at `i` ends, if one starts there.
fn address_at(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    let starts = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    let scheme = if starts(b"https://") {
        Some(8)
    } else if starts(b"http://") {
        Some(7)
    } else if starts(b"www.") {
        Some(4)
    } else {
        None
    };
    let mut end = i;
    while end < b.len() && is_url_byte(b[end]) {
        end += 1;
    }
    let end = trim_end(b, i, end);
    match scheme {
        Some(n) => (end > i + n).then_some(end),
        None => {
            // A bare host: letters, digits, dots and hyphens with a dot inside, then a slash and
            // at least one more character.
            let host_end = (i..end).find(|&k| b[k] == b'/')?;
            let host = &b[i..host_end];
            let dotted = host.contains(&b'.')
                && host
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
                && host.last().is_some_and(u8::is_ascii_alphabetic);
            (dotted && end > host_end + 1).then_some(end)
        }
    }
}

/// Characters a URL holds (RFC 3986's unreserved, reserved and `%`), without the quotes and
/// brackets that usually enclose one.
fn is_url_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~:/?#@!$&*+,;=%".contains(&c)
}

/// Drop trailing punctuation that ends the sentence rather than the address.
fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b".,;:!?".contains(&b[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::find;

    fn links(s: &str) -> Vec<&str> {
        find(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn schemes_www_and_short_links() {
        assert_eq!(
            links("详情见 https://bit.ly/3xYz 或 www.rfi.fr/cn/中国 与 t.co/AbC。"),
            ["https://bit.ly/3xYz", "www.rfi.fr/cn/", "t.co/AbC"]
        );
        assert_eq!(
            links("(http://example.com/a?b=1&c=2)."),
            ["http://example.com/a?b=1&c=2"]
        );
    }

    #[test]
    fn words_numbers_and_abbreviations_are_not_links() {
        assert!(links("U.S. officials met in Washington on 2024/02/08.").is_empty());
        assert!(links("3.5% 增长，A/B 测试，km/h，e.g. this").is_empty());
        assert!(links("https:// alone").is_empty());
        assert!(links("").is_empty());
        // Inside a word, `www.` does not start an address.
        assert!(links("awww.nice").is_empty());
    }

    #[test]
    fn stops_at_chinese_and_whitespace() {
        assert_eq!(links("点击https://x.cn/a阅读全文"), ["https://x.cn/a"]);
        assert_eq!(links("see https://a.b/c\nnext"), ["https://a.b/c"]);
    }
}

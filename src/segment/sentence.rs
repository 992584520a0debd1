//! Sentence splitting for Chinese and English news text.
//!
//! A sentence ends after `。！？；…` (and their ASCII forms `!?;`), after an English full stop
//! that ends a sentence, and at every line break. Inside the quotes `「」『』“”` no sentence ends:
//! a quoted speech of several sentences stays one sentence with its attribution. An unbalanced
//! quote cannot swallow a document: line breaks always split and reset the quote depth.

/// Bytes at which [`split`] must look at the character: the ASCII terminators and line breaks,
/// and the lead bytes of every other character it acts on (U+2026, U+2028, U+2029, U+201C,
/// U+201D under 0xE2; U+3002, U+300C..U+300F under 0xE3; U+FF01, U+FF1B, U+FF1F under 0xEF).
/// Han characters and continuation bytes are passed over without decoding.
const LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let bytes = *b"\n\r!?;.\xE2\xE3\xEF";
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Byte ranges of the sentences of `text`, in order, without surrounding whitespace; empty
/// sentences are skipped.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut depth: u32 = 0;
    let at = |i: usize| text.get(i..).and_then(|r| r.chars().next());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // A byte of `LOOK` is ASCII or a lead byte, so `i` is on a character boundary.
        if !LOOK[b as usize] {
            i += 1;
            continue;
        }
        let Some(c) = at(i) else {
            i += 1;
            continue;
        };
        let end_here = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                depth = 0;
                push(text, start, i, &mut out);
                start = i + c.len_utf8();
                i = start;
                continue;
            }
            '「' | '『' | '“' => {
                depth = depth.saturating_add(1);
                false
            }
            '」' | '』' | '”' => {
                depth = depth.saturating_sub(1);
                false
            }
            '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' => depth == 0,
            '.' => depth == 0 && full_stop(text, bytes, i),
            _ => false,
        };
        let mut end = i + c.len_utf8();
        if end_here {
            // Keep a run of terminators (`……`, `?!`) and closing brackets with the sentence.
            while let Some(d) = at(end) {
                if matches!(
                    d,
                    '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '.' | ')' | '）'
                ) {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            push(text, start, end, &mut out);
            start = end;
        }
        i = end;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

/// Abbreviations after which a full stop does not end an English sentence (lower case).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp",
    "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "adm", "rev", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.g", "i.e", "a.m", "p.m", "approx", "est", "fig",
];

/// Whether the `.` at byte `i` ends an English sentence: followed by whitespace (or the end), and
/// not closing an abbreviation or an initial.
fn full_stop(text: &str, bytes: &[u8], i: usize) -> bool {
    match bytes.get(i + 1) {
        None => {}
        Some(b) if b.is_ascii_whitespace() => {}
        Some(b'"' | b'\'' | b')') => {}
        _ => return false,
    }
    let before = text.get(..i).unwrap_or("");
    let word_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map_or(0, |p| p + 1);
    let word = before.get(word_start..).unwrap_or("");
    if word.is_empty() {
        return true;
    }
    // A single capital is an initial (`J. Smith`).
    if word.len() == 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    /// The splitter as it was before it skipped bytes: the reference the fast one must equal.
    /// Byte ranges of the sentences of `text`, in order, without surrounding whitespace; empty
    /// sentences are skipped.
    fn split_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut depth: u32 = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let end_here = match c {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                    depth = 0;
                    push(text, start, i, &mut out);
                    start = i + c.len_utf8();
                    continue;
                }
                '「' | '『' | '“' => {
                    depth = depth.saturating_add(1);
                    false
                }
                '」' | '』' | '”' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' => depth == 0,
                '.' => depth == 0 && full_stop(text, bytes, i),
                _ => false,
            };
            if end_here {
                // Keep a run of terminators (`……`, `?!`) and closing brackets with the sentence.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if matches!(
                        d,
                        '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '.' | ')' | '）'
                    ) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                push(text, start, end, &mut out);
                start = end;
            }
        }
        push(text, start, text.len(), &mut out);
        out
    }

    #[test]
    fn byte_scan_equals_char_scan() {
        let mut texts: Vec<String> = [
            "普京表示，很高兴。习近平指出！双方同意；会谈结束……下一句",
            "他说：“我们来了。你们呢？”然后离开。「好。」她答。『引』。",
            "“未闭合的引号\n第二行。第三句\r\n第四句\u{2028}第五\u{2029}六",
            "Mr. Xi met Putin in the U.S. on Jan. 21. They talked. It was 2.5 hours.",
            "President J. Biden said so. Then he left?! Really... yes.) 完）。",
            "",
            ".",
            "。",
            "”」",
            "\r\n\r\n",
            "a.b.c.",
            "…",
            "...",
            "   \n  ",
            "中文，English mixed。數字３．５％；“引号！”结束",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every prefix of a long mixed text, so that each character lands at the end once.
        let long = texts.concat();
        for (i, _) in long.char_indices() {
            texts.push(long[..i].to_owned());
            texts.push(long[i..].to_owned());
        }
        for t in &texts {
            assert_eq!(split(t), split_by_chars(t), "{t:?}");
        }
    }

    #[test]
    fn chinese_terminators_split() {
        assert_eq!(
            sentences("普京表示，很高兴。习近平指出！双方同意；会谈结束……下一句"),
            vec![
                "普京表示，很高兴。",
                "习近平指出！",
                "双方同意；",
                "会谈结束……",
                "下一句"
            ]
        );
    }

    #[test]
    fn quotes_are_not_split_inside() {
        assert_eq!(
            sentences("他说：“我们来了。你们呢？”然后离开。「好。」她答。"),
            vec!["他说：“我们来了。你们呢？”然后离开。", "「好。」她答。"]
        );
    }

    #[test]
    fn line_breaks_split_and_reset_quotes() {
        assert_eq!(
            sentences("“未闭合的引号\n第二行。第三句"),
            vec!["“未闭合的引号", "第二行。", "第三句"]
        );
    }

    #[test]
    fn english_full_stops() {
        assert_eq!(
            sentences("Mr. Xi met Putin in the U.S. on Jan. 21. They talked. It was 2.5 hours."),
            vec![
                "Mr. Xi met Putin in the U.S. on Jan. 21.",
                "They talked.",
                "It was 2.5 hours."
            ]
        );
        assert_eq!(
            sentences("President J. Biden said so. Then he left"),
            vec!["President J. Biden said so.", "Then he left"]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", ".", "。", "”」", "\r\n\r\n", "a.b.c.", "…", "..."] {
            let _ = split(t);
        }
        assert!(split("   \n  ").is_empty());
    }
}

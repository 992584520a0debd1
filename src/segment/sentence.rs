//! Sentence splitting for Chinese and English news text.
//!
//! A sentence ends after `。！？；…` (and their ASCII forms `!?;`), after an English full stop
//! that ends a sentence, and at every line break. Inside the quotes `「」『』“”` no sentence ends:
//! a quoted speech of several sentences stays one sentence with its attribution. An unbalanced
//! quote cannot swallow a document: line breaks always split and reset the quote depth.

/// Byte ranges of the sentences of `text`, in order, without surrounding whitespace; empty
/// sentences are skipped.
pub fn split(text: &str) -> Vec<(usize, usize)> {
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

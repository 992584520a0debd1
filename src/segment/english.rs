//! English word splitting for the English passages of a document.
//!
//! Words are runs of letters and digits. Inside a word an apostrophe joins letters (`don't`)
//! except for the possessive `'s`, which becomes a token of its own; a hyphen joins letters and
//! digits (`Jong-un`, `COVID-19`); a full stop or comma joins digits (`2.5`, `1,000`) and a full
//! stop joins the letters of dotted acronyms (`U.S.`). Everything else that is not whitespace is
//! punctuation, one character per piece. Han text inside an English passage is handed back as a
//! run for the Chinese segmenter.

/// One piece of an English passage: a byte range of the input and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A word (letters, digits and the joiners described in the module docs).
    Word(usize, usize),
    /// A single punctuation or symbol character, or the possessive `'s`.
    Punct(usize, usize),
    /// A run of Han characters (and CJK punctuation) for the Chinese segmenter.
    Han(usize, usize),
}

#[inline]
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// Split an English passage into pieces (see the module docs).
pub fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&(b, c)) = chars.get(k) {
        if c.is_whitespace() {
            k += 1;
        } else if is_han(c) {
            let mut j = k + 1;
            while chars.get(j).is_some_and(|&(_, d)| is_han(d)) {
                j += 1;
            }
            out.push(Piece::Han(b, byte_at(j)));
            k = j;
        } else if is_word_char(c) {
            let j = word_end(&chars, k);
            out.push(Piece::Word(b, byte_at(j)));
            k = j;
        } else if matches!(c, '\'' | '’')
            && chars.get(k + 1).is_some_and(|&(_, d)| d == 's' || d == 'S')
            && !chars.get(k + 2).is_some_and(|&(_, d)| is_word_char(d))
            && k > 0
            && chars.get(k - 1).is_some_and(|&(_, d)| is_word_char(d))
        {
            out.push(Piece::Punct(b, byte_at(k + 2)));
            k += 2;
        } else {
            out.push(Piece::Punct(b, byte_at(k + 1)));
            k += 1;
        }
    }
    out
}

/// The index after the word that starts at character `k`.
fn word_end(chars: &[(usize, char)], k: usize) -> usize {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut j = k + 1;
    loop {
        match at(j) {
            Some(c) if is_word_char(c) => j += 1,
            Some(joiner) => {
                let (Some(prev), Some(next)) = (at(j.wrapping_sub(1)), at(j + 1)) else {
                    break;
                };
                let joins = match joiner {
                    '\'' | '’' => {
                        // `'s` at the end of a word is the possessive, split off by the caller.
                        let possessive =
                            matches!(next, 's' | 'S') && !at(j + 2).is_some_and(is_word_char);
                        prev.is_alphabetic() && next.is_alphabetic() && !possessive
                    }
                    '-' => is_word_char(prev) && is_word_char(next),
                    ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                    '.' => {
                        (prev.is_ascii_digit() && next.is_ascii_digit())
                            || (prev.is_ascii_uppercase()
                                && next.is_ascii_uppercase()
                                && at(j + 2) == Some('.'))
                    }
                    _ => false,
                };
                if joins {
                    j += 2;
                } else {
                    break;
                }
            }
            None => break,
        }
    }
    // The final full stop of a dotted acronym (`U.S.`) belongs to it.
    if at(j) == Some('.')
        && j >= 2
        && at(j - 2) == Some('.')
        && at(j - 1).is_some_and(|c| c.is_ascii_uppercase())
    {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Word(s, e) => format!("w:{}", &text[s..e]),
                Piece::Punct(s, e) => format!("p:{}", &text[s..e]),
                Piece::Han(s, e) => format!("h:{}", &text[s..e]),
            })
            .collect()
    }

    #[test]
    fn words_punctuation_and_numbers() {
        assert_eq!(
            words("Russia's trade grew 2.5% to $1,000 in 2024, Xi said."),
            vec![
                "w:Russia", "p:'s", "w:trade", "w:grew", "w:2.5", "p:%", "w:to", "p:$", "w:1,000",
                "w:in", "w:2024", "p:,", "w:Xi", "w:said", "p:."
            ]
        );
    }

    #[test]
    fn joiners_inside_words() {
        assert_eq!(
            words("Kim Jong-un doesn't visit the U.S. (COVID-19)"),
            vec![
                "w:Kim",
                "w:Jong-un",
                "w:doesn't",
                "w:visit",
                "w:the",
                "w:U.S.",
                "p:(",
                "w:COVID-19",
                "p:)"
            ]
        );
    }

    #[test]
    fn han_runs_are_handed_back() {
        assert_eq!(
            words("Xinhua (新华社) reported"),
            vec!["w:Xinhua", "p:(", "h:新华社", "p:)", "w:reported"]
        );
    }

    #[test]
    fn odd_input() {
        assert!(pieces("").is_empty());
        assert_eq!(words("'s"), vec!["p:'", "w:s"]);
        assert_eq!(words("a-"), vec!["w:a", "p:-"]);
        assert_eq!(words("3."), vec!["w:3", "p:."]);
    }
}

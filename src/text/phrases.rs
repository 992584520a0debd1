//! Matching paragraphs against word and phrase lists fast: one pass over a paragraph for many
//! lists ([`PairIndex`]), first-character sets that reject most paragraphs before a list is tried
//! word by word, marker words compared whole, labels followed by a colon, and ASCII case folding
//! that is exact for the lists' phrases.

use std::borrow::Cow;
use std::collections::HashSet;

use super::strings::starts_any;

/// A set of phrases indexed for one left-to-right pass over a paragraph: every position whose
/// first two characters may start a phrase (by a Bloom-style bit set) is tried against the phrases
/// starting with that character. Each phrase carries two payload masks for the caller.
pub(crate) struct PairIndex {
    /// (phrase, mask, mask), sorted by [`index_char`] of the phrase.
    pats: Vec<(&'static str, u32, u32)>,
    /// (index char, range in `pats`), sorted.
    firsts: Vec<(char, usize, usize)>,
    /// Bits of the phrases' first two characters, see [`pair_bit`].
    pairs: Vec<u64>,
    /// Index chars of one-character phrases, which `pairs` cannot see.
    singles: Vec<char>,
}

const PAIR_BITS: u32 = 16;

/// The bit of [`PairIndex::pairs`] for two ASCII-lower-cased characters.
fn pair_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9e37_79b1) ^ (b as u32).wrapping_mul(0x85eb_ca6b);
    (h >> (32 - PAIR_BITS)) as usize
}

/// The character a phrase is indexed by: its first, ASCII-lower-cased, so that one index serves
/// exact and ASCII-case-insensitive comparison alike.
fn index_char(s: &str) -> Option<char> {
    s.chars().next().map(|c| c.to_ascii_lowercase())
}

impl PairIndex {
    pub(crate) fn new(mut pats: Vec<(&'static str, u32, u32)>) -> Self {
        pats.retain(|p| !p.0.is_empty());
        pats.sort_by_key(|p| index_char(p.0));
        let mut firsts: Vec<(char, usize, usize)> = Vec::new();
        let mut pairs = vec![0u64; (1 << PAIR_BITS) / 64];
        let mut singles = Vec::new();
        for (i, p) in pats.iter().enumerate() {
            let Some(c) = index_char(p.0) else { continue };
            match firsts.last_mut() {
                Some(last) if last.0 == c => last.2 = i + 1,
                _ => firsts.push((c, i, i + 1)),
            }
            match p.0.chars().nth(1) {
                Some(d) => {
                    let bit = pair_bit(c, d.to_ascii_lowercase());
                    if let Some(w) = pairs.get_mut(bit / 64) {
                        *w |= 1 << (bit % 64);
                    }
                }
                None => singles.push(c),
            }
        }
        singles.sort_unstable();
        singles.dedup();
        PairIndex {
            pats,
            firsts,
            pairs,
            singles,
        }
    }

    /// Calls `f(start, phrase, mask, mask, bytes)` for every phrase that may occur at `start`,
    /// where `bytes` is the haystack from `start` on, as long as the phrase; `f` compares. Every
    /// occurrence of every phrase (in any ASCII case) is visited, in order of `start`.
    pub(crate) fn visit(&self, hay: &str, mut f: impl FnMut(usize, &'static str, u32, u32, &[u8])) {
        let b = hay.as_bytes();
        let mut try_at = |i: usize, c: char| {
            let Ok(slot) = self.firsts.binary_search_by_key(&c, |e| e.0) else {
                return;
            };
            let Some(&(_, lo, hi)) = self.firsts.get(slot) else {
                return;
            };
            for &(p, m1, m2) in self.pats.get(lo..hi).unwrap_or_default() {
                if let Some(w) = b.get(i..i + p.len()) {
                    f(i, p, m1, m2, w);
                }
            }
        };
        let mut prev: Option<(usize, char)> = None;
        for (i, c) in hay.char_indices() {
            let c = c.to_ascii_lowercase();
            if let Some((pi, pc)) = prev {
                let bit = pair_bit(pc, c);
                if self
                    .pairs
                    .get(bit / 64)
                    .is_some_and(|w| w >> (bit % 64) & 1 != 0)
                {
                    try_at(pi, pc);
                }
            }
            if !self.singles.is_empty() && self.singles.binary_search(&c).is_ok() {
                try_at(i, c);
            }
            prev = Some((i, c));
        }
    }
}

/// Whether lower-casing `s` can only change ASCII letters as far as the phrase lists can tell: the
/// only non-ASCII characters whose lower case contains ASCII are U+0130 (`İ` -> `i̇`) and the Kelvin
/// sign U+212A (-> `k`), and no phrase contains a character that is the lower case of another
/// non-ASCII one (checked by a test).
pub(crate) fn lower_safe(s: &str) -> bool {
    let b = s.as_bytes();
    !memchr::memchr2_iter(0xc4, 0xe2, b).any(|i| {
        matches!(b.get(i..i + 2), Some([0xc4, 0xb0]))
            || matches!(b.get(i..i + 3), Some([0xe2, 0x84, 0xaa]))
    })
}

/// `s` itself when [`lower_safe`] (then compare ASCII case-insensitively), else `s.to_lowercase()`.
pub(crate) fn lower_view(s: &str) -> Cow<'_, str> {
    if lower_safe(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// `lower.starts_with(prefix)` for a view from [`lower_view`] and a lower-case `prefix`.
pub(crate) fn starts_folded(view: &str, prefix: &str) -> bool {
    view.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A marker word without trailing colons/dots/exclamation and spaces.
pub(crate) fn marker_trim(p: &str) -> &str {
    p.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '：' | '.' | '。' | '!' | '！' | '…' | '>' | '»' | '›'
            )
    })
    .trim()
}

/// The comparison key for marker words: [`marker_trim`], lower-cased (only matters for Latin
/// text). `None` when that key has more than `max_chars` characters for sure (lower-casing never
/// shortens a string in characters, and a character is at most 4 bytes), so that long paragraphs
/// are not lower-cased only to miss a word list.
pub(crate) fn short_marker_key(p: &str, max_chars: usize) -> Option<String> {
    let t = marker_trim(p);
    (t.len() <= 4 * max_chars).then(|| t.to_lowercase())
}

/// A set of marker words and the length in characters of its longest word.
pub(crate) type WordSet = (HashSet<&'static str>, usize);

pub(crate) fn word_set(lists: &[&[&'static str]]) -> WordSet {
    let words: HashSet<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    let max = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    (words, max)
}

/// Whether `p`'s [`short_marker_key`] is one of `set`.
pub(crate) fn is_marker_in(p: &str, set: &WordSet) -> bool {
    short_marker_key(p, set.1).is_some_and(|k| set.0.contains(k.as_str()))
}

/// The first characters of a word list, sorted, for [`may_start`].
pub(crate) fn first_chars(lists: &[&[&str]], fold_ascii: bool) -> Vec<char> {
    let mut v: Vec<char> = lists
        .iter()
        .flat_map(|l| l.iter())
        .filter_map(|w| w.chars().next())
        .map(|c| {
            if fold_ascii {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether `s` starts with a character of `firsts` (ASCII-lower-cased first when `fold_ascii`):
/// one binary search that rejects most paragraphs before a word list is tried word by word.
pub(crate) fn may_start(s: &str, firsts: &[char], fold_ascii: bool) -> bool {
    s.chars().next().is_some_and(|c| {
        let c = if fold_ascii {
            c.to_ascii_lowercase()
        } else {
            c
        };
        firsts.binary_search(&c).is_ok()
    })
}

/// `label` followed by optional spaces and a colon or slash (or nothing at all).
pub(crate) fn label_prefix(p: &str, labels: &[&str]) -> bool {
    labels.iter().any(|l| match p.strip_prefix(l) {
        Some(rest) => {
            let r = rest.trim_start();
            r.is_empty() || starts_any(r, &[":", "：", "/", "／", "|", "｜"])
        }
        None => false,
    })
}

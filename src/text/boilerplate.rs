//! Paragraph-level boilerplate removal and wire-credit detection for scraped news bodies.
//!
//! The rules describe *classes* of junk seen across many outlets (share bars, app and newsletter
//! promos, copyright notices, feed footers, ad/paywall placeholders, staff-credit lines, end marks,
//! photo credits) rather than one site's markup, so that unseen archives are cleaned too. Every rule
//! that matches a word which can also occur in prose is limited to short paragraphs or to the start
//! or end of a paragraph: real sentences that merely mention "广告" or "分享" survive.
//!
//! Nothing here panics on odd input: all slicing happens at positions found by `find`/`char_indices`
//! or by `strip_prefix`/`strip_suffix`, which are always char boundaries.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Article text.
    Body,
    /// A photo/video caption or a photo credit.
    Caption,
    /// Navigation, promos, notices, staff credits, source notes and other non-article text.
    Boilerplate,
}

/// The result of [`clean`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Article paragraphs, in order, whitespace-normalised, with trailing end marks and editor
    /// credits (`（完）`, `（編輯：…）1130406`) trimmed off.
    pub body: Vec<String>,
    /// Captions and photo credits, deduplicated, `captions_in` first and then those found among the
    /// paragraphs, each in order.
    pub captions: Vec<String>,
    /// How many non-empty input paragraphs were thrown away (boilerplate, footer tails, related-link
    /// lists, body paragraphs repeating a caption). Paragraphs moved to `captions` are not counted.
    pub dropped: usize,
    /// [`find_credit`] computed on the paragraphs *before* boilerplate removal (up to a feed footer)
    /// and the final captions, so that trailing source notes such as DW's `（法新社）`, which `clean`
    /// drops from the body, still count.
    pub credit: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Small string helpers
// ---------------------------------------------------------------------------------------------

/// Collapses every run of whitespace (including NBSP and the ideographic space) to one ASCII space
/// and drops zero-width characters, because scraped bodies mix all of them and equality checks
/// between a caption and its repetition must not depend on them.
fn normalize(s: &str) -> String {
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
fn is_normalized(s: &str) -> bool {
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

fn normalize_cow(s: &str) -> Cow<'_, str> {
    if is_normalized(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalize(s))
    }
}

fn has(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

fn has_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| has(hay, n))
}

fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

fn ends_any(s: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|p| s.ends_with(p))
}

// ---------------------------------------------------------------------------------------------
// One-pass phrase search
// ---------------------------------------------------------------------------------------------
//
// The boilerplate rules test a paragraph against a dozen phrase lists. Searching each phrase on its
// own dominated the run time, so all lists share one index ([`PairIndex`]) and one pass over a
// paragraph yields a bitmask of the lists that occur in it ([`hits`]). (An Aho-Corasick DFA over
// the same phrases was tried: it needs 2 MB and was slower on CJK text than this.)

const L_FOOTER: u32 = 1 << 0;
const L_HTTP: u32 = 1 << 1;
const L_COPYRIGHT: u32 = 1 << 2;
const L_NO_REPRINT: u32 = 1 << 3;
const L_DISCLAIMER: u32 = 1 << 4;
const L_PROMO: u32 = 1 << 5;
const L_STAFF: u32 = 1 << 6;
const L_PLACEHOLDER: u32 = 1 << 7;
const L_PAYWALL: u32 = 1 << 8;
const L_APP: u32 = 1 << 9;
const L_MORE: u32 = 1 << 10;

const HTTP: &[&str] = &["http://", "https://"];
const NO_REPRINT: &[&str] = &["不得转载", "不得轉載"];
const APP_WORDS: &[&str] = &["app", "应用", "應用", "客户端", "客戶端"];
/// Phrases of a "more on this" line that introduces a list of links (see [`is_soft_marker`]).
const MORE_PHRASES: &[&str] = &[
    "更多报道",
    "更多報導",
    "最新动态请见",
    "最新動態請見",
    "更多新闻",
    "更多新聞",
];

/// (list bit, matched in lower case, phrases). Lists matched in lower case behave as if searched in
/// `hay.to_lowercase()`; the others are matched exactly.
const PHRASE_LISTS: &[(u32, bool, &[&str])] = &[
    (L_FOOTER, false, FOOTER_PHRASES),
    (L_HTTP, false, HTTP),
    (L_COPYRIGHT, true, COPYRIGHT_PHRASES),
    (L_NO_REPRINT, false, NO_REPRINT),
    (L_DISCLAIMER, false, DISCLAIMERS),
    (L_PROMO, true, PROMO_PHRASES),
    (L_STAFF, false, STAFF_WORDS),
    (L_PLACEHOLDER, true, PLACEHOLDERS),
    (L_PAYWALL, true, PAYWALL_PHRASES),
    (L_APP, true, APP_WORDS),
    (L_MORE, false, MORE_PHRASES),
];

/// Bits of the lists matched in lower case.
fn folded_lists() -> u32 {
    PHRASE_LISTS
        .iter()
        .filter(|(_, lower, _)| *lower)
        .fold(0, |m, (bit, _, _)| m | bit)
}

/// A set of phrases indexed for one left-to-right pass over a paragraph: every position whose
/// first two characters may start a phrase (by a Bloom-style bit set) is tried against the phrases
/// starting with that character. Each phrase carries two payload masks for the caller.
struct PairIndex {
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
    fn new(mut pats: Vec<(&'static str, u32, u32)>) -> Self {
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
    fn visit(&self, hay: &str, mut f: impl FnMut(usize, &'static str, u32, u32, &[u8])) {
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

/// All phrase lists in one [`PairIndex`]: masks are (lists that take any ASCII case, lists that
/// need the exact phrase).
fn phrases() -> &'static PairIndex {
    static P: OnceLock<PairIndex> = OnceLock::new();
    P.get_or_init(|| {
        let mut pats: Vec<(&'static str, u32, u32)> = Vec::new();
        for &(bit, lower, list) in PHRASE_LISTS {
            for &ph in list {
                let at = match pats.iter().position(|(q, _, _)| *q == ph) {
                    Some(i) => i,
                    None => {
                        pats.push((ph, 0, 0));
                        pats.len() - 1
                    }
                };
                if let Some(e) = pats.get_mut(at) {
                    if lower {
                        e.1 |= bit;
                    } else {
                        e.2 |= bit;
                    }
                }
            }
        }
        PairIndex::new(pats)
    })
}

/// Whether lower-casing `s` can only change ASCII letters as far as the phrase lists can tell: the
/// only non-ASCII characters whose lower case contains ASCII are U+0130 (`İ` -> `i̇`) and the Kelvin
/// sign U+212A (-> `k`), and no phrase contains a character that is the lower case of another
/// non-ASCII one (checked by a test).
fn lower_safe(s: &str) -> bool {
    let b = s.as_bytes();
    !memchr::memchr2_iter(0xc4, 0xe2, b).any(|i| {
        matches!(b.get(i..i + 2), Some([0xc4, 0xb0]))
            || matches!(b.get(i..i + 3), Some([0xe2, 0x84, 0xaa]))
    })
}

/// `s` itself when [`lower_safe`] (then compare ASCII case-insensitively), else `s.to_lowercase()`.
fn lower_view(s: &str) -> Cow<'_, str> {
    if lower_safe(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// `lower.starts_with(prefix)` for a view from [`lower_view`] and a lower-case `prefix`.
fn starts_folded(view: &str, prefix: &str) -> bool {
    view.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The lists among `want` with a phrase in `hay`: phrases of lower-case lists compared ignoring
/// ASCII case, the others exactly.
fn scan(hay: &str, want: u32) -> u32 {
    let mut m = 0;
    phrases().visit(hay, |_, p, folded, exact, w| {
        if folded & want & !m != 0 && w.eq_ignore_ascii_case(p.as_bytes()) {
            m |= folded & want;
        }
        if exact & want & !m != 0 && w == p.as_bytes() {
            m |= exact & want;
        }
    });
    m
}

/// The lists of [`PHRASE_LISTS`] that occur in `hay` (lower-case lists in `hay.to_lowercase()`).
fn hits(hay: &str) -> u32 {
    if lower_safe(hay) {
        scan(hay, u32::MAX)
    } else {
        let folded = folded_lists();
        scan(hay, !folded) | scan(&hay.to_lowercase(), folded)
    }
}

/// Whether any phrase of list `bit` occurs in `hay`.
fn list_in(hay: &str, bit: u32) -> bool {
    hits(hay) & bit != 0
}

/// Han ideographs plus CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{2fa1f}')
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '[' | '〔' | '［' | '<' | '〈' | '《')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | ']' | '〕' | '］' | '>' | '〉' | '》')
}

/// A marker word without trailing colons/dots/exclamation and spaces.
fn marker_trim(p: &str) -> &str {
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
fn short_marker_key(p: &str, max_chars: usize) -> Option<String> {
    let t = marker_trim(p);
    (t.len() <= 4 * max_chars).then(|| t.to_lowercase())
}

/// A set of marker words and the length in characters of its longest word.
type WordSet = (HashSet<&'static str>, usize);

fn word_set(lists: &[&[&'static str]]) -> WordSet {
    let words: HashSet<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    let max = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    (words, max)
}

/// Whether `p`'s [`short_marker_key`] is one of `set`.
fn is_marker_in(p: &str, set: &WordSet) -> bool {
    short_marker_key(p, set.1).is_some_and(|k| set.0.contains(k.as_str()))
}

/// Splits `...（inner）` into `("...", "inner")` when the paragraph ends with a bracket group.
fn split_trailing_bracket(p: &str) -> Option<(&str, &str)> {
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
fn whole_bracket_inner(p: &str) -> Option<&str> {
    // The group can only start the paragraph if its first character opens a bracket; checking
    // that first saves scanning long paragraphs that merely end with one.
    if !p.trim_start().starts_with(['（', '(', '【', '[']) {
        return None;
    }
    let (prefix, inner) = split_trailing_bracket(p)?;
    prefix.is_empty().then_some(inner)
}

/// The first characters of a word list, sorted, for [`may_start`].
fn first_chars(lists: &[&[&str]], fold_ascii: bool) -> Vec<char> {
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
fn may_start(s: &str, firsts: &[char], fold_ascii: bool) -> bool {
    s.chars().next().is_some_and(|c| {
        let c = if fold_ascii {
            c.to_ascii_lowercase()
        } else {
            c
        };
        firsts.binary_search(&c).is_ok()
    })
}

/// [`label_prefix`] with [`LABELS`].
fn is_label_line(p: &str) -> bool {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    may_start(
        p,
        FIRST.get_or_init(|| first_chars(&[LABELS], false)),
        false,
    ) && label_prefix(p, LABELS)
}

/// `label` followed by optional spaces and a colon or slash (or nothing at all).
fn label_prefix(p: &str, labels: &[&str]) -> bool {
    labels.iter().any(|l| match p.strip_prefix(l) {
        Some(rest) => {
            let r = rest.trim_start();
            r.is_empty() || starts_any(r, &[":", "：", "/", "／", "|", "｜"])
        }
        None => false,
    })
}

/// Removes a trailing date such as `112年9月5日`, `2024/9/5` or `2024-09-05 10:22` (used on
/// caption tails, where CNA appends the photo date after the credit).
fn strip_trailing_date(s: &str) -> &str {
    let t = s.trim_end();
    let cut = t.trim_end_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '/' | '-' | '.' | ':' | ' ')
    });
    let removed = &t[cut.len()..];
    let digits = removed.chars().filter(|c| c.is_ascii_digit()).count();
    if digits >= 3 && (removed.contains('年') || removed.contains('/') || removed.contains('-')) {
        cut.trim_end()
    } else {
        t
    }
}

// ---------------------------------------------------------------------------------------------
// Wire services and outlets
// ---------------------------------------------------------------------------------------------

/// (alias as written, canonical simplified name). Longest alias wins at a position, so
/// `朝鲜中央通讯社` (KCNA) is never read as `中央通讯社` (CNA).
const ALIASES: &[(&str, &str)] = &[
    ("新华社", "新华社"),
    ("新華社", "新华社"),
    ("新华网", "新华社"),
    ("新華網", "新华社"),
    ("新华通讯社", "新华社"),
    ("新華通訊社", "新华社"),
    ("Xinhua", "新华社"),
    ("XINHUA", "新华社"),
    ("中新社", "中新社"),
    ("中新网", "中新社"),
    ("中新網", "中新社"),
    ("中国新闻社", "中新社"),
    ("中國新聞社", "中新社"),
    ("China News Service", "中新社"),
    ("中央社", "中央社"),
    ("中央通讯社", "中央社"),
    ("中央通訊社", "中央社"),
    ("朝中社", "朝中社"),
    ("朝鲜中央通讯社", "朝中社"),
    ("朝鮮中央通訊社", "朝中社"),
    ("北韩中央通讯社", "朝中社"),
    ("北韓中央通訊社", "朝中社"),
    ("北韓中央通信社", "朝中社"),
    ("北韩中央通信社", "朝中社"),
    ("朝鲜中央通信社", "朝中社"),
    ("KCNA", "朝中社"),
    ("法新社", "法新社"),
    ("法国新闻社", "法新社"),
    ("法國新聞社", "法新社"),
    ("AFP", "法新社"),
    ("路透社", "路透社"),
    ("路透", "路透社"),
    ("Reuters", "路透社"),
    ("REUTERS", "路透社"),
    ("美联社", "美联社"),
    ("美聯社", "美联社"),
    ("Associated Press", "美联社"),
    ("ASSOCIATED PRESS", "美联社"),
    ("AP", "美联社"),
    ("共同社", "共同社"),
    ("共同通信社", "共同社"),
    ("共同通訊社", "共同社"),
    ("Kyodo", "共同社"),
    ("德新社", "德新社"),
    ("德国新闻社", "德新社"),
    ("德國新聞社", "德新社"),
    ("dpa", "德新社"),
    ("彭博社", "彭博社"),
    ("彭博新闻社", "彭博社"),
    ("彭博新聞社", "彭博社"),
    ("彭博资讯", "彭博社"),
    ("彭博資訊", "彭博社"),
    ("彭博", "彭博社"),
    ("Bloomberg", "彭博社"),
    ("BLOOMBERG", "彭博社"),
    ("塔斯社", "塔斯社"),
    ("塔斯通讯社", "塔斯社"),
    ("塔斯通訊社", "塔斯社"),
    ("俄塔社", "塔斯社"),
    ("TASS", "塔斯社"),
    ("韩联社", "韩联社"),
    ("韓聯社", "韩联社"),
    ("Yonhap", "韩联社"),
    ("安莎社", "安莎社"),
    ("安莎通讯社", "安莎社"),
    ("安莎通訊社", "安莎社"),
    ("ANSA", "安莎社"),
    ("埃菲社", "埃菲社"),
    ("埃菲通讯社", "埃菲社"),
    ("埃菲通訊社", "埃菲社"),
    ("EFE", "埃菲社"),
    ("卫星通讯社", "卫星通讯社"),
    ("衛星通訊社", "卫星通讯社"),
    ("卫星社", "卫星通讯社"),
    ("衛星社", "卫星通讯社"),
    ("Sputnik", "卫星通讯社"),
    ("俄新社", "俄新社"),
    ("RIA Novosti", "俄新社"),
    ("国际文传电讯社", "国际文传电讯社"),
    ("國際文傳電訊社", "国际文传电讯社"),
    ("Interfax", "国际文传电讯社"),
    ("欧新社", "欧新社"),
    ("歐新社", "欧新社"),
    ("欧洲通讯社", "欧新社"),
    ("歐洲通訊社", "欧新社"),
    ("欧洲新闻图片社", "欧新社"),
    ("歐洲新聞圖片社", "欧新社"),
    ("EPA", "欧新社"),
    ("安纳多卢通讯社", "安纳多卢通讯社"),
    ("安納杜魯新聞社", "安纳多卢通讯社"),
    ("阿纳多卢通讯社", "安纳多卢通讯社"),
    ("阿納多盧通訊社", "安纳多卢通讯社"),
    ("Anadolu", "安纳多卢通讯社"),
    ("越通社", "越通社"),
    ("美国之音", "美国之音"),
    ("美國之音", "美国之音"),
    ("VOA", "美国之音"),
    ("德国之声", "德国之声"),
    ("德國之聲", "德国之声"),
    ("Deutsche Welle", "德国之声"),
    ("法广", "法广"),
    ("法廣", "法广"),
    ("法国国际广播电台", "法广"),
    ("法國國際廣播電台", "法广"),
    ("自由亚洲电台", "自由亚洲电台"),
    ("自由亞洲電台", "自由亚洲电台"),
    ("半岛电视台", "半岛电视台"),
    ("半島電視台", "半岛电视台"),
    ("大纪元", "大纪元"),
    ("大紀元", "大纪元"),
    ("央视", "央视"),
    ("央視", "央视"),
    ("中央电视台", "央视"),
    ("中央電視台", "央视"),
    ("人民日报", "人民日报"),
    ("人民日報", "人民日报"),
    ("道琼斯通讯社", "道琼斯"),
    ("道瓊斯通訊社", "道琼斯"),
];

/// First characters of all aliases, sorted, so that scanning a body only tries aliases at
/// characters that can start one.
fn alias_first_chars() -> &'static [char] {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    FIRST.get_or_init(|| {
        let mut v: Vec<char> = ALIASES
            .iter()
            .filter_map(|(a, _)| a.chars().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// The longest alias starting exactly at byte `at` of `s`: (canonical, alias length in bytes).
fn alias_at(s: &str, at: usize) -> Option<(&'static str, usize)> {
    let rest = s.get(at..)?;
    let first = rest.chars().next()?;
    if alias_first_chars().binary_search(&first).is_err() {
        return None;
    }
    let mut best: Option<(&'static str, usize)> = None;
    for (alias, canon) in ALIASES {
        if !rest.starts_with(alias) || best.is_some_and(|(_, l)| l >= alias.len()) {
            continue;
        }
        let after = rest[alias.len()..].chars().next();
        if alias.is_ascii() {
            // Latin names must be whole words: "AP" is not the start of "APP".
            let before = s[..at].chars().next_back();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if word(before) || word(after) {
                continue;
            }
        } else if after.is_some_and(|c| "区區会會群团團".contains(c)) {
            // 中央社會工作部, 共同社區, 新华社区 are not agencies.
            continue;
        }
        best = Some((canon, alias.len()));
    }
    best
}

/// All aliases in one [`PairIndex`], to find where aliases start.
fn alias_index() -> &'static PairIndex {
    static I: OnceLock<PairIndex> = OnceLock::new();
    I.get_or_init(|| PairIndex::new(ALIASES.iter().map(|&(a, _)| (a, 0, 0)).collect()))
}

/// Every alias occurrence in `s`, left to right, non-overlapping: (byte start, byte end, canonical).
fn aliases_in(s: &str) -> Vec<(usize, usize, &'static str)> {
    // Only positions where some alias occurs can start one.
    let mut starts: Vec<usize> = Vec::new();
    alias_index().visit(s, |i, a, _, _, w| {
        if w == a.as_bytes() && starts.last() != Some(&i) {
            starts.push(i);
        }
    });
    let mut out = Vec::new();
    let mut skip_to = 0usize;
    for i in starts {
        if i < skip_to {
            continue;
        }
        if let Some((canon, len)) = alias_at(s, i) {
            out.push((i, i + len, canon));
            skip_to = i + len;
        }
    }
    out
}

fn first_alias(s: &str) -> Option<&'static str> {
    aliases_in(s).first().map(|&(_, _, c)| c)
}

/// A whole string that is exactly one alias (ignoring spaces).
fn exact_alias(s: &str) -> Option<&'static str> {
    let t = s.trim();
    match alias_at(t, 0) {
        Some((canon, len)) if len == t.len() => Some(canon),
        _ => None,
    }
}

/// Words that can stand in a source note in place of an agency name.
const NOTE_WORDS: &[&str] = &[
    "综合报道",
    "綜合報導",
    "综合报导",
    "綜合報道",
    "综合外电",
    "綜合外電",
    "综合媒体报道",
    "綜合媒體報導",
    "综合",
    "綜合",
    "通讯社",
    "通訊社",
    "本台",
    "本报",
    "本報",
    "编译",
    "編譯",
    "电子网站",
    "電子網站",
    "法国媒体",
    "法國媒體",
    "社交网站",
    "社交網站",
    "社交媒体",
    "社交媒體",
    "官媒",
    "外电",
    "外電",
];

/// Splits a source list such as `路透社、法新社等` into tokens.
fn note_tokens(inner: &str) -> Vec<&str> {
    let inner = inner.trim().trim_end_matches('等').trim();
    inner
        .split(|c: char| {
            matches!(
                c,
                '、' | '，'
                    | ','
                    | '丶'
                    | '/'
                    | '／'
                    | '＋'
                    | '+'
                    | '＆'
                    | '&'
                    | '及'
                    | '和'
                    | '与'
                    | '與'
                    | '；'
                    | ';'
            ) || c.is_whitespace()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// `inner` names only agencies/outlets or "综合报道"-type words, e.g. `法新社、路透社等`.
/// Returns the first named agency if any (`Some(None)` for a pure `综合报道`).
fn source_list(inner: &str) -> Option<Option<&'static str>> {
    if inner.is_empty() || inner.chars().count() > 30 {
        return None;
    }
    let tokens = note_tokens(inner);
    if tokens.is_empty() {
        return None;
    }
    let mut first = None;
    for t in tokens {
        if let Some(c) = exact_alias(t) {
            first = first.or(Some(c));
        } else if !NOTE_WORDS.contains(&t) {
            return None;
        }
    }
    Some(first)
}

/// A short byline before a source note: `乐然`, `张平/ 达扬`, `文山/苗子/`.
fn is_byline(prefix: &str) -> bool {
    let p = prefix.trim();
    if p.is_empty() {
        return true;
    }
    if p.chars().count() > 16
        || p.chars()
            .any(|c| matches!(c, '。' | '，' | ',' | '：' | ':'))
    {
        return false;
    }
    let tokens: Vec<&str> = p
        .split(|c: char| matches!(c, '/' | '／' | '、') || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    // Names are 2-4 Han characters; a single token must be short, or it is a caption phrase.
    let name = |t: &&str| {
        let n = t.chars().count();
        (2..=4).contains(&n) && t.chars().all(is_han)
    };
    !tokens.is_empty() && tokens.iter().all(name) && (tokens.len() > 1 || p.chars().count() <= 3)
}

/// A standalone source note (`（法新社）`, `(美联社丶路透社等)`, `乐然（综合报道）`): the first agency
/// named, `Some(None)` when it names none.
fn source_note(p: &str) -> Option<Option<&'static str>> {
    let (prefix, inner) = split_trailing_bracket(p)?;
    if !is_byline(prefix) {
        return None;
    }
    source_list(inner)
}

// ---------------------------------------------------------------------------------------------
// Boilerplate rules
// ---------------------------------------------------------------------------------------------

/// Paragraphs that are nothing but one of these words (see [`short_marker_key`]).
const EXACT_JUNK: &[&str] = &[
    "广告",
    "廣告",
    "advertisement",
    "advertising",
    "sponsored",
    "赞助内容",
    "贊助內容",
    "subscribe",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "print",
    "打印",
    "列印",
    "关闭",
    "關閉",
    "看更多",
    "展开",
    "展開",
    "展开全文",
    "展開全文",
    "收起",
    "返回",
    "返回顶部",
    "返回頂部",
    "回到顶部",
    "回到頂部",
    "top",
    "comments",
    "comment",
    "评论",
    "評論",
    "留言",
    "loading",
    "更多",
    "more",
    "全文",
    "阅读全文",
    "閱讀全文",
    "点击查看",
    "點擊查看",
    "登录",
    "登入",
    "注册",
    "註冊",
    "上一篇",
    "下一篇",
    "上一页",
    "下一页",
    "上一頁",
    "下一頁",
    "作者",
    "来源",
    "來源",
    "图片",
    "圖片",
    "image caption",
    "skip advertisement",
    "跳过广告",
    "跳過廣告",
    "社媒精选",
    "社媒精選",
    "分享",
    "分享到",
    "聚焦新聞",
    "聚焦新闻",
    "更新",
    "updated",
];

/// Markers after which a list of related links follows (dropped with the list, see [`clean`]).
const SOFT_MARKERS: &[&str] = &[
    "阅读更多",
    "閱讀更多",
    "相关新闻",
    "相關新聞",
    "相关阅读",
    "相關閱讀",
    "延伸阅读",
    "延伸閱讀",
    "更多新闻",
    "更多新聞",
    "相关文章",
    "相關文章",
    "相关报道",
    "相關報導",
    "相关链接",
    "相關連結",
    "相關鏈接",
    "同一主题",
    "同一主題",
    "相关英文文章",
    "相關英文文章",
    "推荐阅读",
    "推薦閱讀",
    "热门新闻",
    "熱門新聞",
    "热门文章",
    "熱門文章",
    "猜你喜欢",
    "猜你喜歡",
    "你可能感兴趣",
    "你可能感興趣",
    "相关推荐",
    "相關推薦",
    "相关视频",
    "相關影片",
    "相關影音",
    "相关话题",
    "相關話題",
    "更多报道",
    "更多報導",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related news",
    "more on this story",
    "recommended",
];

fn is_soft_marker(p: &str) -> bool {
    static SOFT: OnceLock<WordSet> = OnceLock::new();
    if is_marker_in(p, SOFT.get_or_init(|| word_set(&[SOFT_MARKERS]))) {
        return true;
    }
    // "BBC中文有关乌克兰战争的更多报道：", "更多俄乌局势最新动态请见："
    ends_any(p.trim_end(), &["：", ":"]) && p.chars().count() <= 40 && list_in(p, L_MORE)
}

/// Feed footers: everything from here to the end is site furniture.
fn is_hard_footer(p: &str) -> bool {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 2]> = OnceLock::new();
    let [rss, feed] = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new("更多RSS"),
            memchr::memmem::Finder::new("Feed enhanced by"),
        ]
    });
    let b = p.as_bytes();
    short_marker_key(p, 4).is_some_and(|k| k == "聚焦新聞" || k == "聚焦新闻")
        || feed.find(b).is_some()
        || rss.find_iter(b).any(|i| {
            // "获取更多RSS" / "獲取更多RSS": the two characters before are 获取 or 獲取.
            i.checked_sub("获取".len())
                .and_then(|s| b.get(s..i))
                .is_some_and(|w| w == "获取".as_bytes() || w == "獲取".as_bytes())
        })
        || p.starts_with("Post tags:")
}

const LABELS: &[&str] = &[
    "来源",
    "來源",
    "作者",
    "日期",
    "编辑",
    "編輯",
    "责任编辑",
    "責任編輯",
    "责编",
    "責編",
    "网编",
    "網編",
    "翻译",
    "翻譯",
    "译者",
    "譯者",
    "编译",
    "編譯",
    "审校",
    "審校",
    "校对",
    "校對",
    "核稿",
    "撰稿",
    "发布时间",
    "發佈時間",
    "發布時間",
    "发布日期",
    "發佈日期",
    "發布日期",
    "更新时间",
    "更新時間",
    "出处",
    "出處",
    "原文链接",
    "原文連結",
    "原文网址",
    "原文網址",
    "本文链接",
    "本文連結",
    "标签",
    "標籤",
    "关键词",
    "關鍵詞",
    "关键字",
    "關鍵字",
    "Tags",
    "tags",
    "Post tags",
    "相关阅读",
    "相關閱讀",
    "延伸阅读",
    "延伸閱讀",
    "相关新闻",
    "相關新聞",
    "相关图集",
    "相關圖集",
    "相关报道",
    "相關報導",
    "推荐阅读",
    "推薦閱讀",
    "更多新闻",
    "更多新聞",
    "相关文章",
    "相關文章",
    "相关链接",
    "相關連結",
    "分享",
    "分享到",
    "Share",
    "编辑/网编",
    "編輯/網編",
];

/// Labels of staff credits that may be glued to the end of the last paragraph.
const STAFF_LABELS: &[&str] = &[
    "编辑",
    "編輯",
    "责任编辑",
    "責任編輯",
    "责编",
    "責編",
    "网编",
    "網編",
    "翻译",
    "翻譯",
    "译者",
    "譯者",
    "编译",
    "編譯",
    "核稿",
    "撰稿",
    "记者",
    "記者",
    "审校",
    "審校",
    "校对",
    "校對",
];

const STAFF_WORDS: &[&str] = &[
    "责编",
    "責編",
    "网编",
    "網編",
    "审校",
    "審校",
    "核稿",
    "責任編輯",
    "责任编辑",
    "校对：",
    "校對：",
];

const COPYRIGHT_PHRASES: &[&str] = &[
    "版权声明",
    "版權聲明",
    "版权所有",
    "版權所有",
    "all rights reserved",
    "未经授权不得",
    "未經授權不得",
    "未经许可，不得转载",
    "未經許可，不得轉載",
    "未经许可不得转载",
    "未經許可不得轉載",
    "本文版权归",
    "本文版權歸",
    "版权归原作者",
    "版權歸原作者",
    "著作权法保护",
    "著作權法保護",
    "版权属于",
    "版權屬於",
    "版权说明：",
    "版權說明：",
];

const FOOTER_PHRASES: &[&str] = &[
    "获取更多RSS",
    "獲取更多RSS",
    "Feed enhanced by",
    "|Permalink",
    "get_post_time(",
    "我们的标准：汤森路透",
    "我們的標準：湯森路透",
    "Powered by",
];

const DISCLAIMERS: &[&str] = &[
    "不代表德国之声",
    "不代表德國之聲",
    "仅代表作者",
    "僅代表作者",
    "不代表本台",
    "不代表本網",
    "不代表本网",
    "不代表本站",
    "并不一定反映",
    "並不一定反映",
    "文责自负",
    "文責自負",
    "不代表美国之音",
    "不代表美國之音",
    "代表作者个人观点",
    "代表作者個人觀點",
    "摘编自其他媒体",
    "摘编自其它媒体",
    "摘編自其他媒體",
    "摘編自其它媒體",
    "致力于为您提供客观中立",
    "致力於為您提供客觀中立",
];

/// Newsletter, follow-us, app and read-the-original promos. Matched in lower case.
const PROMO_PHRASES: &[&str] = &[
    "欢迎订阅",
    "歡迎訂閱",
    "快来订阅",
    "快來訂閱",
    "点击订阅",
    "點擊訂閱",
    "点击此处订阅",
    "點擊此處訂閱",
    "订阅本频道",
    "訂閱本頻道",
    "订阅我们",
    "訂閱我們",
    "点赞订阅",
    "點讚訂閱",
    "按讚訂閱",
    "订阅电子报",
    "訂閱電子報",
    "订阅频道",
    "訂閱頻道",
    "欢迎关注",
    "歡迎關注",
    "欢迎追踪",
    "歡迎追蹤",
    "欢迎搜寻",
    "歡迎搜尋",
    "敬请关注",
    "敬請關注",
    "来信告诉我们",
    "來信告訴我們",
    "和中央社做朋友",
    "关注我们的",
    "關注我們的",
    "follow us on",
    "sign up for our",
    "subscribe to our",
    "subscribe here",
    "扫码关注",
    "掃碼關注",
    "扫描二维码",
    "掃描二維碼",
    "长按识别",
    "長按識別",
    "点击下载",
    "點擊下載",
    "立即下载",
    "立即下載",
    "欢迎下载",
    "歡迎下載",
    "请在苹果应用商店",
    "請在蘋果應用商店",
    "点击查看本文英文版",
    "點擊查看本文英文版",
    "点击此处阅读",
    "點擊此處閱讀",
    "点击这里阅读",
    "點擊這裡閱讀",
    "点击阅读原文",
    "點擊閱讀原文",
    "更多精彩内容",
    "更多精彩內容",
    "listen on:",
    "for full access",
    "支持大纪元",
    "为真相护航",
    "為真相護航",
    "patreon",
    "获取更多最新资讯",
    "獲得更多最新資訊",
    "想獲得更多最新資訊",
    "点击查看更多关于",
    "點擊查看更多關於",
];

const PAYWALL_PHRASES: &[&str] = &[
    "阅读全文",
    "閱讀全文",
    "订阅后",
    "訂閱後",
    "付费阅读",
    "付費閱讀",
    "付费订阅",
    "付費訂閱",
    "subscribe to read",
    "subscribe to continue",
    "sign in to read",
    "登录后",
    "登入後",
    "paywall",
    "广告位",
    "廣告位",
    "sponsored content",
    "赞助内容",
    "贊助內容",
    "scroll to continue",
];

const PLACEHOLDERS: &[&str] = &[
    "不支持播放",
    "不支援播放",
    "does not support",
    "loading twitter content",
    "loading youtube content",
    "loading instagram",
    "loading...",
    "视频加载",
    "視頻加載",
    "影片載入",
    "video page",
    "📹",
    "enable javascript",
    "javascript is disabled",
];

/// Characters a date/time line may consist of (besides digits, ASCII punctuation and Latin letters).
const TIME_CJK: &str =
    "年月日时時分秒钟鐘前小点點上下午晚早星期周週一二三四五六七天今昨更新发發布佈于於";

/// `24 分钟前`, `2023/09/05 10:22`, `08/02/2024 - 12:51`, `2024-02-08T13:36:09.741Z`,
/// `2024年8月1日07:44 CST`, `SARA RUBERG2024年12月18日`.
fn is_timestamp(p: &str, n: usize) -> bool {
    if n > 48 {
        return false;
    }
    let (mut digits, mut latin, mut cjk) = (0usize, 0usize, 0usize);
    for c in p.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        } else if TIME_CJK.contains(c) {
            cjk += 1;
        } else if !(c.is_ascii_punctuation()
            || c.is_whitespace()
            || matches!(c, '，' | '：' | '－'))
        {
            return false;
        }
    }
    let ago = p.contains('前') || p.to_ascii_lowercase().contains("ago");
    digits >= 1 && (digits >= 4 || ago) && latin <= 12 && cjk <= 8
}

/// A Latin byline glued to a date: `ANATOLY KURMANAEV, CHOE SANG-HUN2024年10月25日` (NYT).
fn is_latin_byline_date(p: &str, n: usize) -> bool {
    if n > 80 || !p.ends_with('日') {
        return false;
    }
    let Some(y) = p.find('年') else { return false };
    let head = p[..y].trim_end_matches(|c: char| c.is_ascii_digit());
    !head.is_empty() && head.len() < y && !head.chars().any(is_cjk)
}

fn is_hashtag_line(p: &str, n: usize) -> bool {
    let mut chars = p.chars();
    if chars.next() != Some('#') {
        return false;
    }
    match chars.next() {
        Some(c) if !c.is_whitespace() && c != '#' => {}
        _ => return false,
    }
    let tokens: Vec<&str> = p.split_whitespace().collect();
    (n <= 30 && !p.contains('。') && !p.contains('，'))
        || (tokens.len() >= 2 && tokens.iter().all(|t| t.starts_with('#')))
}

fn is_boilerplate(p: &str, n: usize) -> bool {
    // "* * *", "……", emoji-only lines.
    if !p.chars().any(char::is_alphanumeric) {
        return true;
    }
    if !p.contains(' ') && starts_any(p, &["http://", "https://", "www."]) {
        return true;
    }
    // Every rule below is for paragraphs of at most 300 characters.
    if n > 300 {
        return false;
    }
    let hit = hits(p);
    if hit & L_FOOTER != 0 {
        return true;
    }
    // Link lines: "Instagram: https://www.instagram.com/…", "LBRY: https://lbry.tv/…".
    if n <= 200 && hit & L_HTTP != 0 {
        let text: usize = p
            .split_whitespace()
            .filter(|t| !has_any(t, &["http://", "https://", "www."]))
            .map(|t| t.chars().count())
            .sum();
        let label = p.find("http").map_or(p, |i| &p[..i]).chars().count();
        if text <= 20 || label <= 20 && p.split_whitespace().count() <= 2 {
            return true;
        }
    }
    static JUNK: OnceLock<WordSet> = OnceLock::new();
    if is_marker_in(
        p,
        JUNK.get_or_init(|| word_set(&[EXACT_JUNK, SOFT_MARKERS])),
    ) {
        return true;
    }
    let lower = lower_view(p);
    // Copyright and reprint notices.
    if p.starts_with('©')
        || starts_folded(&lower, "(c) ")
        || starts_folded(&lower, "copyright")
        || hit & L_COPYRIGHT != 0
        || (n <= 60 && hit & L_NO_REPRINT != 0)
    {
        return true;
    }
    if n <= 200 && hit & (L_DISCLAIMER | L_PROMO) != 0 {
        return true;
    }
    // End marks: （完）, (全文完), -完-
    if n <= 8 && has_any(p, &["完）", "完)", "完】", "-完-", "(end)", "（終）"]) {
        return true;
    }
    if n <= 120 && is_label_line(p) {
        return true;
    }
    if n <= 80 && hit & L_STAFF != 0 {
        return true;
    }
    if n <= 80
        && ["posted ", "updated ", "published ", "last updated"]
            .iter()
            .any(|x| starts_folded(&lower, x))
    {
        return true;
    }
    // Breadcrumbs: 首頁 > 頭條
    if n <= 60
        && starts_any(p, &["首頁", "首页", "Home", "主页", "主頁"])
        && p.chars().any(|c| matches!(c, '>' | '＞' | '›' | '»' | '/'))
    {
        return true;
    }
    if n <= 80 && hit & (L_PLACEHOLDER | L_PAYWALL) != 0 {
        return true;
    }
    // App promos start with the call to action: "下载德国之声中文网App" (but "App下載數勝亞馬遜" is news).
    if n <= 80
        && starts_any(
            p,
            &[
                "下载",
                "下載",
                "点击",
                "點擊",
                "请下载",
                "請下載",
                "立即",
                "扫码",
                "掃碼",
                "欢迎",
                "歡迎",
            ],
        )
        && hit & L_APP != 0
    {
        return true;
    }
    // Short role lines under a byline: "BBC中文记者".
    if n <= 12
        && ends_any(
            p,
            &[
                "记者",
                "記者",
                "特派员",
                "特派員",
                "撰稿人",
                "通讯员",
                "通訊員",
            ],
        )
    {
        return true;
    }
    if is_hashtag_line(p, n) || is_timestamp(p, n) || is_latin_byline_date(p, n) {
        return true;
    }
    // Bracketed staff or meta notes: （記者：韓潔 責編：申鏵）, （本文来自道琼斯通讯社）, （編輯：李亨山）.
    if let Some(inner) = whole_bracket_inner(p) {
        if inner.chars().count() <= 80
            && (label_prefix(inner, LABELS)
                || starts_any(
                    inner,
                    &[
                        "本文",
                        "翻译和编辑",
                        "翻譯和編輯",
                        "翻译编辑",
                        "记者：",
                        "記者：",
                        "欢迎",
                        "歡迎",
                    ],
                )
                || list_in(inner, L_STAFF))
        {
            return true;
        }
    }
    // Source notes: （法新社）, (美联社丶路透社等), 乐然（综合报道）.
    if n <= 40 && source_note(p).is_some() {
        return true;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Caption rules
// ---------------------------------------------------------------------------------------------

const CAPTION_PREFIXES: &[&str] = &[
    "图片来源",
    "圖片來源",
    "图像来源",
    "圖像來源",
    "图片版权",
    "圖片版權",
    "图片提供",
    "圖片提供",
    "图片说明",
    "圖片說明",
    "图说",
    "圖說",
    "资料图片",
    "資料圖片",
    "资料图",
    "資料圖",
    "资料照片",
    "資料照片",
    "资料照",
    "資料照",
    "示意图",
    "示意圖",
    "影片／",
    "影片/",
    "影片：",
    "影片來源",
    "影片来源",
    "视频来源",
    "視頻來源",
    "视频：",
    "視頻：",
    "image caption",
    "图像加注文字",
    "圖像加註文字",
    "photo:",
    "photo credit",
    "image:",
    "credit:",
    "getty images",
    "首图",
    "首圖",
    "封面图片",
    "封面圖片",
];

/// Words that, ending a bracket group, make it a photo credit: （中央社檔案照片）, （中新社提供）.
const PHOTO_SUFFIXES: &[&str] = &[
    "提供",
    "檔案照片",
    "档案照片",
    "資料照片",
    "资料照片",
    "資料照",
    "资料照",
    "資料圖",
    "资料图",
    "资料图片",
    "資料圖片",
    "製圖",
    "制图",
    "截圖",
    "截图",
    "圖片",
    "图片",
    "照片",
    "圖庫",
    "图库",
    "攝",
    "摄",
    "图像",
    "圖像",
    "Images",
    "Image",
    "Photo",
    "Photos",
    "Press",
    "Shutterstock",
    "Pixabay",
    "Unsplash",
];

const PHOTO_PREFIXES: &[&str] = &[
    "圖取自",
    "图取自",
    "圖／",
    "图／",
    "圖/",
    "图/",
    "示意圖",
    "示意图",
    "翻攝",
    "翻摄",
    "取自",
    "AP Photo",
    "Photo",
];

const PHOTO_WORDS: &[&str] = &[
    "盖帝图像",
    "盖蒂图像",
    "蓋帝圖像",
    "Getty Images",
    "Getty",
    "社交网站",
    "社交網站",
    "社交媒体",
    "社交媒體",
    "法国媒体",
    "法國媒體",
    "通讯社",
    "通訊社",
    "电子网站",
    "電子網站",
    "网络",
    "網路",
    "推特",
    "Twitter",
    "Facebook",
    "臉書",
    "脸书",
    "微博",
    "视频截图",
    "影片截圖",
    "受访者提供",
    "受訪者提供",
    "Shutterstock",
    "Pixabay",
    "Unsplash",
];

/// Whether the inside of a trailing bracket group credits a photo: an agency, a photo service, or
/// `Agency/Photographer`.
fn is_photo_source(inner: &str) -> bool {
    let inner = inner.trim();
    let n = inner.chars().count();
    if n == 0 || n > 60 {
        return false;
    }
    if ends_any(inner, PHOTO_SUFFIXES) || starts_any(inner, PHOTO_PREFIXES) {
        return true;
    }
    if let Some(slash) = inner.find(['/', '／']) {
        let head = inner[..slash].trim();
        if exact_alias(head).is_some() || PHOTO_WORDS.contains(&head) || head.ends_with('社') {
            return true;
        }
    }
    let tokens = note_tokens(inner);
    !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| exact_alias(t).is_some() || PHOTO_WORDS.contains(t))
}

/// Strips what CNA and RFA append after a credit: a date, a bare `中央社`, `Photo: RFA`.
fn caption_tail(p: &str) -> &str {
    let mut t = p.trim_end();
    // The last "Photo:": found from its rare ASCII colon.
    let b = t.as_bytes();
    let photo = memchr::memrchr_iter(b':', b)
        .filter_map(|c| c.checked_sub("Photo".len()))
        .find(|&i| b.get(i..i + "Photo".len()) == Some(b"Photo"));
    if let Some(i) = photo {
        if !t[i..].chars().any(is_cjk) && i > 0 {
            t = t[..i].trim_end();
        }
    }
    t = strip_trailing_date(t);
    if let Some(x) = t.strip_suffix("中央社") {
        t = x.trim_end();
    }
    t
}

/// `Erin Schaff/The New York Times`, `REUTERS/Bobby Yip`, `Kevin Frayer—Getty Images`,
/// `Sébastien Thibault for Foreign Policy`.
fn is_latin_credit(seg: &str) -> bool {
    let seg = seg.trim();
    let len = seg.chars().count();
    if !(4..=100).contains(&len) || !seg.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    // Sentences, links ("Twitter: https://…", "tmsnrt.rs/3sE0uOY") and single tokens are not credits.
    if seg.contains(". ")
        || seg.ends_with('.')
        || has_any(seg, &["://", "www.", "http"])
        || !seg.contains(' ')
    {
        return false;
    }
    if seg.contains('/')
        || seg.contains('—')
        || seg.contains("Getty")
        || seg.contains(", via ")
        || seg.contains(" for The ")
    {
        return true;
    }
    // "Name Name for Outlet": every word capitalised except the joiners.
    let words: Vec<&str> = seg.split_whitespace().collect();
    words.len() <= 7
        && words.contains(&"for")
        && words.iter().all(|w| {
            matches!(*w, "for" | "of" | "the" | "via")
                || w.chars().next().is_some_and(char::is_uppercase)
        })
}

/// The Latin text after the last CJK character, when the paragraph has CJK text before it.
fn latin_tail(p: &str) -> Option<(&str, &str)> {
    let (i, c) = p.char_indices().rev().find(|&(_, c)| is_cjk(c))?;
    let end = i + c.len_utf8();
    Some((&p[..end], p.get(end..)?.trim()))
}

/// Whether the lower-cased first 16 characters of `p` start with one of [`CAPTION_PREFIXES`].
fn starts_caption_prefix(p: &str) -> bool {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    if !may_start(
        p,
        FIRST.get_or_init(|| first_chars(&[CAPTION_PREFIXES], true)),
        true,
    ) {
        // Lower-casing cannot bring the first character into the set: ASCII letters are folded
        // here, other characters lower-case to non-ASCII characters that no prefix starts with,
        // and İ and the Kelvin sign lower-case to "i\u{307}" and "k", which start no prefix.
        return false;
    }
    if lower_safe(p) {
        // No prefix is longer than 16 characters, and only ASCII letters change case here.
        CAPTION_PREFIXES.iter().any(|x| starts_folded(p, x))
    } else {
        let lower_head: String = p.chars().take(16).collect::<String>().to_lowercase();
        starts_any(&lower_head, CAPTION_PREFIXES)
    }
}

fn is_caption(p: &str, n: usize) -> bool {
    if n > 400 {
        return false;
    }
    if starts_caption_prefix(p) {
        return n <= 300;
    }
    if n <= 200 && starts_any(p, &["图为", "圖為"]) {
        return true;
    }
    // Bare credit lines: "粵語組製圖", "路透社資料圖片".
    if n <= 30
        && !p.contains('。')
        && ends_any(
            p,
            &[
                "製圖",
                "制图",
                "資料圖片",
                "资料图片",
                "資料照片",
                "资料照片",
                "檔案照片",
                "档案照片",
                "圖片",
                "图片",
                "截圖",
                "截图",
            ],
        )
    {
        return true;
    }
    let tail = caption_tail(p);
    if n <= 300 && ends_any(tail, &["攝", "摄"]) {
        return true;
    }
    // The last 14 characters of the tail.
    let last = tail
        .char_indices()
        .rev()
        .nth(13)
        .map_or(tail, |(i, _)| &tail[i..]);
    if n <= 300
        && has(last, "影")
        && has_any(
            last,
            &["摄影/", "攝影/", "摄影：", "攝影：", "摄影／", "攝影／"],
        )
    {
        return true;
    }
    if let Some((prefix, inner)) = split_trailing_bracket(tail) {
        // A bare "（圖取自facebook.com/CWB.TW）" is a credit line of its own.
        let plen = prefix.chars().count();
        if n <= 250 && (plen >= 2 || plen == 0) && is_photo_source(inner) {
            return true;
        }
    }
    if n <= 300 {
        match latin_tail(tail) {
            Some((head, seg)) if !seg.is_empty() => {
                if ends_any(head, &["。", "）", "」", "”", "！", "？"]) && is_latin_credit(seg)
                {
                    return true;
                }
            }
            Some(_) => {}
            None => {
                if n <= 60 && is_latin_credit(tail) {
                    return true;
                }
            }
        }
    }
    false
}

/// Classify one paragraph on its own.
///
/// Boilerplate wins over caption (a standalone `（法新社）` is a source note, not a caption), and
/// anything not recognised is `Body`.
pub fn classify(par: &str) -> Role {
    classify_normalized(&normalize_cow(par))
}

/// [`classify`] for a paragraph that is already normalised.
fn classify_normalized(p: &str) -> Role {
    if p.is_empty() {
        return Role::Boilerplate;
    }
    // Judge the paragraph without a glued-on end mark or credit: CNA's last sentence
    // "…。（譯者：陳正健/核稿：劉淑琴）1130406" is text, not a staff line.
    let p = trim_trailing_marks_str(p);
    let n = p.chars().count();
    if is_boilerplate(p, n) {
        Role::Boilerplate
    } else if is_caption(p, n) {
        Role::Caption
    } else {
        Role::Body
    }
}

// ---------------------------------------------------------------------------------------------
// clean()
// ---------------------------------------------------------------------------------------------

/// A line in a related-links list: a headline, a topic, a timestamp — no sentence in it.
fn is_headline_like(p: &str) -> bool {
    let n = p.chars().count();
    n <= 300
        && !p.contains('。')
        && !p.ends_with('.')
        && !p.contains(". ")
        && (n <= 80 || !p.contains('，'))
}

/// Removes end marks and editor credits glued to the end of the last paragraph:
/// `…。（完）`, `…。（編輯：李亨山）1130406`, `…(记者：唐家婕 责编：申铧 网编：洪伟)`.
fn trim_trailing_marks(p: &str) -> String {
    trim_trailing_marks_str(p).to_string()
}

/// [`trim_trailing_marks`] without the copy: always a prefix of `p`.
fn trim_trailing_marks_str(p: &str) -> &str {
    let mut s = p.trim_end();
    // A copyright notice glued to the last sentence: "…的奖励。” © 2023年德国之声版权声明：…".
    // Look for the lead byte of '©' (C2 A9): its last byte, which `rfind('©')` would search for,
    // is a common continuation byte in CJK text.
    let b = s.as_bytes();
    let copyright = memchr::memrchr_iter(0xc2, b).find(|&i| b.get(i + 1) == Some(&0xa9));
    if let Some(i) = copyright {
        if i > 0 && list_in(&s[i..], L_COPYRIGHT) {
            s = s[..i].trim_end();
        }
    }
    loop {
        // Every end mark ends with one of these characters; most paragraphs end with none.
        let marked = s.ends_with(['）', ')', '】', ']', '-']);
        if let Some(x) = marked.then_some(()).and_then(|()| {
            [
                "（完）",
                "(完)",
                "（全文完）",
                "(全文完)",
                "【完】",
                "[完]",
                "-完-",
                "（終）",
                "(END)",
            ]
            .iter()
            .find_map(|m| s.strip_suffix(m))
        }) {
            s = x.trim_end();
            continue;
        }
        // CNA appends a ROC date code such as 1130406 after the editor credit.
        let no_code = s.trim_end_matches(|c: char| c.is_ascii_digit());
        let code_len = s.len() - no_code.len();
        let candidate = if (6..=8).contains(&code_len) && ends_any(no_code, &["）", ")"]) {
            no_code
        } else {
            s
        };
        if let Some((prefix, inner)) = split_trailing_bracket(candidate) {
            let staff = label_prefix(inner, STAFF_LABELS) || list_in(inner, L_STAFF);
            if staff && !prefix.is_empty() {
                s = prefix.trim_end();
                continue;
            }
        }
        break;
    }
    if s.is_empty() {
        p
    } else {
        s
    }
}

/// A caption with its trailing credit removed, as portal pages repeat it in the body:
/// `…視頻會晤。新華社記者 饒愛民 攝` -> `…視頻會晤。`
fn caption_core(c: &str) -> &str {
    let tail = caption_tail(c);
    if ends_any(tail, &["攝", "摄"]) {
        let cut = tail
            .char_indices()
            .rev()
            .find(|&(_, ch)| matches!(ch, '。' | '！' | '？' | '）' | ')' | '.'))
            .map(|(i, ch)| i + ch.len_utf8());
        return match cut {
            Some(i) => tail[..i].trim_end(),
            None => tail,
        };
    }
    if let Some((prefix, inner)) = split_trailing_bracket(tail) {
        if is_photo_source(inner) && !prefix.is_empty() {
            return prefix;
        }
    }
    if let Some((head, seg)) = latin_tail(tail) {
        if !seg.is_empty() && is_latin_credit(seg) {
            return head.trim_end();
        }
    }
    tail
}

fn strip_caption_prefix(c: &str) -> &str {
    for pre in [
        "Image caption",
        "图像加注文字，",
        "圖像加註文字，",
        "图像加注文字",
        "圖像加註文字",
    ] {
        if let Some(rest) = c.strip_prefix(pre) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    c
}

/// Equality key for captions and their repetitions: no whitespace.
fn dedup_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// [`dedup_key`] without a copy when `s` has no whitespace.
fn dedup_key_cow(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_whitespace) {
        Cow::Owned(dedup_key(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// Clean a whole article: classify each paragraph; drop boilerplate; move captions/photo credits
/// to `captions` (deduplicated, in order); cut everything after a feed footer / "related articles"
/// marker at the end; drop a paragraph that merely repeats a caption (portal pages repeat the
/// caption without its credit); keep order. `captions_in` are captions the HTML extractor already
/// found.
///
/// A feed footer (`聚焦新聞`, `获取更多RSS：`, `Feed enhanced by…`, `Post tags:`) cuts the rest of
/// the article. A related-links marker (`延伸閱讀`, `阅读更多`, `同一主题`, …) drops itself and the
/// headline-like lines after it; the body resumes at the first real sentence, because some sites
/// (Al Jazeera) put such a box in the middle of the article.
pub fn clean(pars: Vec<String>, captions_in: Vec<String>) -> Cleaned {
    let pars: Vec<String> = pars
        .into_iter()
        .map(|p| if is_normalized(&p) { p } else { normalize(&p) })
        .collect();
    let cut = pars
        .iter()
        .position(|p| is_hard_footer(p))
        .unwrap_or(pars.len());
    let mut dropped = pars[cut..].iter().filter(|p| !p.is_empty()).count();

    let mut captions: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push_caption = |c: &str, captions: &mut Vec<String>| {
        let c = strip_caption_prefix(c);
        if !c.is_empty() && seen.insert(dedup_key(c)) {
            captions.push(c.to_string());
        }
    };
    for c in &captions_in {
        push_caption(&normalize_cow(c), &mut captions);
    }

    let mut body: Vec<String> = Vec::new();
    // Each paragraph's role, kept for the credit search below (None for empty paragraphs).
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(cut);
    let mut in_related = false;
    for p in &pars[..cut] {
        if p.is_empty() {
            roles.push(None);
            continue;
        }
        let role = classify_normalized(p);
        roles.push(Some(role));
        if in_related {
            if role == Role::Boilerplate || is_headline_like(p) {
                dropped += 1;
                continue;
            }
            in_related = false;
        }
        // CNA's tag lines (#台灣) open the topic/related block at the end of the article.
        if is_soft_marker(p)
            || (role == Role::Boilerplate
                && p.starts_with('#')
                && is_hashtag_line(p, p.chars().count()))
        {
            in_related = true;
            dropped += 1;
            continue;
        }
        match role {
            Role::Boilerplate => dropped += 1,
            Role::Caption => push_caption(p, &mut captions),
            Role::Body => body.push(trim_trailing_marks(p)),
        }
    }

    if !captions.is_empty() {
        let mut repeats: HashSet<String> = HashSet::new();
        for c in &captions {
            repeats.insert(dedup_key(c));
            let core = caption_core(c);
            if core.chars().count() >= 4 {
                repeats.insert(dedup_key(core));
            }
        }
        let before = body.len();
        body.retain(|b| !repeats.contains(dedup_key_cow(b).as_ref()));
        dropped += before - body.len();
    }

    // The paragraphs before `cut` hold no feed footer and are normalised, so the credit search
    // sees what `find_credit` would and can reuse the roles.
    let credit = credit_impl(
        pars[..cut]
            .iter()
            .map(String::as_str)
            .zip(roles.iter().copied()),
        captions.iter().map(String::as_str),
    );
    Cleaned {
        body,
        captions,
        dropped,
        credit,
    }
}

// ---------------------------------------------------------------------------------------------
// find_credit()
// ---------------------------------------------------------------------------------------------

/// A wire dateline opening the paragraph: `（中央社記者X台北1日電）`, `（法新社巴黎8日电）`,
/// `新華社北京1月21日電`, `【共同社3月30日电】`, `路透北京1月15日 -`, `BEIJING (Reuters) -`.
fn dateline(p: &str) -> Option<&'static str> {
    let t = p.trim_start_matches(|c: char| c.is_whitespace() || is_open_bracket(c));
    if let Some((canon, len)) = alias_at(t, 0) {
        let window: String = t[len..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(40)
            .collect();
        const MARKS: &[&str] = &[
            "日電",
            "日电",
            "日讯",
            "日訊",
            "日專電",
            "日专电",
            "日綜合外電報導",
            "日综合外电报道",
            "日报道",
            "日報導",
            "日-",
            "日–",
            "日—",
            "日消息",
            "讯】",
            "訊】",
        ];
        // A bracketed dateline must be complete inside its bracket: "（中央社）美國總統12日表示" is
        // a caption credit followed by text, not a dateline.
        let window = match window.find(['）', ')', '】']) {
            Some(close) => &window[..close],
            None => window.as_str(),
        };
        if MARKS.iter().any(|m| window.contains(m)) {
            return Some(canon);
        }
    }
    // English wire datelines: "BEIJING (Reuters) -".
    let head = p.char_indices().nth(60).map_or(p, |(i, _)| &p[..i]);
    for (open, _) in head.match_indices('(') {
        if let Some(close) = head[open..].find(')') {
            let inner = &head[open + 1..open + close];
            let after = head[open + close + 1..].trim_start();
            if let Some(canon) = exact_alias(inner) {
                if inner.is_ascii() && starts_any(after, &["-", "—", "–"]) {
                    return Some(canon);
                }
            }
        }
    }
    None
}

/// The outlet's own opener without a date: `（德国之声中文网）…`.
fn own_marker(p: &str) -> Option<&'static str> {
    let first = p.chars().next()?;
    if !is_open_bracket(first) {
        return None;
    }
    let t = &p[first.len_utf8()..];
    let (canon, len) = alias_at(t.trim_start(), 0)?;
    let rest = t.trim_start().get(len..)?;
    let close = rest.find(|c: char| is_close_bracket(c))?;
    (rest[..close].chars().count() <= 8).then_some(canon)
}

/// Words before an agency that say the text reports it: 据/據/根据/引述/援引/综合/来自.
const BEFORE_TRIGGERS: &[&str] = &[
    "据",
    "據",
    "引述",
    "援引",
    "引用",
    "转引",
    "轉引",
    "综合",
    "綜合",
    "来自",
    "來自",
    "转自",
    "轉自",
    "取材自",
];
/// Words after an agency that say it reported something.
const AFTER_TRIGGERS: &[&str] = &[
    "报道",
    "報導",
    "报导",
    "報道",
    "电",
    "電",
    "讯",
    "訊",
    "消息",
    "引述",
    "援引",
    "称",
    "稱",
    "指出",
    "说",
    "說",
    "表示",
    "reported",
    " reported",
    " said",
    " says",
];

/// The first agency a paragraph credits as its source: `据新华社报道`, `法新社報導，…`,
/// `来源 : 半岛电视台`, `（本文来自道琼斯通讯社）`, or a trailing `（路透社）`.
fn mention(p: &str) -> Option<&'static str> {
    if let Some(note) = source_note(p) {
        return note;
    }
    let inner = whole_bracket_inner(p).unwrap_or(p);
    if label_prefix(inner, &["来源", "來源", "出处", "出處", "稿源"])
        || starts_any(
            inner,
            &[
                "本文来自",
                "本文來自",
                "本文转载自",
                "本文轉載自",
                "转载自",
                "轉載自",
            ],
        )
    {
        if let Some(a) = first_alias(inner) {
            return Some(a);
        }
    }
    for (start, end, canon) in aliases_in(p) {
        let before: String = {
            let mut v: Vec<char> = p[..start].chars().rev().take(6).collect();
            v.reverse();
            v.into_iter().collect()
        };
        let after = &p[end..];
        let triggered_before = BEFORE_TRIGGERS.iter().any(|t| match before.rfind(t) {
            Some(i) => {
                // "数据" and "证据" are not "according to"; nothing but a country name may sit between.
                let ahead = &before[..i];
                let between = &before[i + t.len()..];
                !ends_any(
                    ahead,
                    &[
                        "数", "數", "证", "證", "票", "单", "單", "收", "字", "凭", "憑", "占",
                        "佔",
                    ],
                ) && !between.chars().any(|c| !is_han(c))
            }
            None => false,
        });
        let triggered_after = AFTER_TRIGGERS.iter().any(|t| after.starts_with(t));
        if triggered_before || triggered_after {
            return Some(canon);
        }
    }
    // A body paragraph ending with its source: "…。（路透社）".
    if let Some((prefix, inner)) = split_trailing_bracket(p) {
        if !prefix.is_empty() {
            if let Some(Some(a)) = source_list(inner) {
                return Some(a);
            }
        }
    }
    None
}

/// The agency credited in a caption's credit part only (not one the caption merely shows).
fn caption_credit(c: &str) -> Option<&'static str> {
    let tail = caption_tail(c);
    if let Some((_, inner)) = split_trailing_bracket(tail) {
        if let Some(a) = first_alias(inner) {
            return Some(a);
        }
    }
    if ends_any(tail, &["攝", "摄"]) {
        let seg_start = tail
            .char_indices()
            .rev()
            .find(|&(_, ch)| matches!(ch, '。' | '！' | '？' | '）' | ')'))
            .map_or(0, |(i, ch)| i + ch.len_utf8());
        if let Some(a) = first_alias(&tail[seg_start..]) {
            return Some(a);
        }
    }
    if starts_caption_prefix(c) {
        if let Some(a) = first_alias(c) {
            return Some(a);
        }
    }
    match latin_tail(tail) {
        Some((_, seg)) if is_latin_credit(seg) => first_alias(seg),
        None if is_latin_credit(tail) => first_alias(tail),
        _ => None,
    }
}

/// `body` pairs each paragraph with its [`Role`] when already known (`None`: classify it here).
fn credit_impl<'a>(
    body: impl Iterator<Item = (&'a str, Option<Role>)> + Clone,
    captions: impl Iterator<Item = &'a str>,
) -> Option<String> {
    // Paragraphs after a feed footer are other articles' headlines.
    let body = body.take_while(|(p, _)| !is_hard_footer(p));
    let mut in_body_captions: Vec<&'a str> = Vec::new();
    let mut mentioned: Option<&'static str> = None;
    let mut own: Option<&'static str> = None;
    for (p, _) in body.clone() {
        if let Some(d) = dateline(p) {
            return Some(d.to_string());
        }
    }
    for (p, role) in body {
        if p.trim().is_empty() {
            continue;
        }
        if role.unwrap_or_else(|| classify(p)) == Role::Caption {
            in_body_captions.push(p);
            continue;
        }
        if mentioned.is_none() {
            mentioned = mention(p);
        }
        if own.is_none() {
            own = own_marker(p);
        }
    }
    if let Some(m) = mentioned.or(own) {
        return Some(m.to_string());
    }
    captions
        .chain(in_body_captions)
        .find_map(caption_credit)
        .map(str::to_string)
}

/// The wire service or source the text itself credits, normalised to a short simplified Chinese
/// name (新华社, 中新社, 中央社, 法新社, 路透社, 美联社, 共同社, 德新社, 彭博社, 塔斯社, 韩联社,
/// 安莎社, 埃菲社, 卫星通讯社, 俄新社, 美国之音, 德国之声, …).
///
/// Order of preference: a wire dateline opening any paragraph (`（中央社台北1日電）`,
/// `新華社北京1月21日電`, `路透北京1月15日 -`); else the first credit in body order — a source note
/// (`（法新社）`, `来源：新华网`) or a reported-by mention (`据新华社报道`, `法新社報導`); else the
/// outlet's own undated opener (`（德国之声中文网）`); else the credit part of a caption
/// (`新華社記者 饒愛民 攝`, `（新华社）`, `(Xinhua/Rao Aimin)`). Agencies that a sentence merely
/// talks about (`在路透社发表的声明中`) and quoted institutions (`中国外交部`) are not credits.
///
/// Works on cleaned paragraphs or on raw ones (captions among them are used as captions, and
/// anything after a feed footer is ignored); raw paragraphs keep source notes that [`clean`] drops.
pub fn find_credit(body: &[String], captions: &[String]) -> Option<String> {
    credit_impl(
        body.iter().map(|p| (p.as_str(), None)),
        captions.iter().map(String::as_str),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) {
        assert_eq!(classify(s), Role::Boilerplate, "expected Boilerplate: {s}");
    }
    fn c(s: &str) {
        assert_eq!(classify(s), Role::Caption, "expected Caption: {s}");
    }
    fn body(s: &str) {
        assert_eq!(classify(s), Role::Body, "expected Body: {s}");
    }
    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn share_lines() {
        b("分享 :");
        b("分享：");
        b("分享到：");
        b("Share this");
        body("中國網友在微博上分享監視器拍下地震當下的畫面，背景可以聽到孩童在混亂中不斷呼喊媽媽的聲音。");
        body("台灣再度表達願助中國防疫 王必勝：2月曾主動分享經驗");
    }

    #[test]
    fn app_and_newsletter_promos() {
        b("下载德国之声中文网App");
        b("点击下载美国之音App");
        b("歡迎訂閱中央社國際新聞電子報，每週三、日發報，掌握世界脈動。");
        b("上午7點同步發送電子報！快來訂閱「早安世界」給你最精華的新聞摘要。");
        b("（欢迎点击此处订阅NYT简报，我们将在每个工作日发送最新内容至您的邮箱。）");
        b("若有任何建議請來信告訴我們，想獲得更多最新資訊快來和中央社做朋友。");
        b("DW中文有Instagram！欢迎搜寻dw.chinese，看更多深入浅出的图文与影音报导。");
        b("Subscribe");
        body("中國拼多多旗下電商Temu主打低價席捲美國 App下載數勝亞馬遜");
        body("據央視新聞客戶端（App），當地新增的2起2019冠狀病毒疾病（COVID-19）無症狀感染病例。");
        body("近期將合併電視與數位新聞採訪部門，預計將裁員百人，並在年底於主網站外推出全新數位訂閱服務。");
        body("截至2023年3月，他的YouTube频道观看次数已超过 1.2亿人次，拥有80万订阅者。");
        body("Countries that subscribe to the treaty must report their stockpiles every year.");
    }

    #[test]
    fn related_markers_and_more_links() {
        for m in [
            "阅读更多",
            "相关新闻",
            "延伸閱讀",
            "更多新闻",
            "相关阅读：",
            "同一主题",
            "相关英文文章",
        ] {
            b(m);
            assert!(is_soft_marker(m), "{m}");
        }
        b("延伸閱讀：四川瀘定地震 習近平作出指示");
        b("相关图集：2023年中俄关系：没有最高只有更高？");
        body("一旦上台，辛鲍姆将需要表明她不仅是上届政府的延伸，还有什么比通过改善与华盛顿的关系来实现这一点呢？");
        body("美國研究報告指出，相關產業的就業人數在疫情後仍未恢復，更多家庭面臨經濟壓力。");
        assert!(!is_soft_marker(
            "阿卜杜勒·萨拉姆·穆罕默德还认为，这种对胡塞武装的背离还延伸到了海湾地区。"
        ));
    }

    #[test]
    fn copyright_notices() {
        b("©2024年德国之声版权声明：本文所有内容受到著作权法保护，如无德国之声特别授权，不得擅自使用。任何不当行为都将导致追偿，并受到刑事追究。");
        b("© 2023年德國之聲版權聲明：本文所有內容受到著作權法保護，如無德國之聲特別授權，不得擅自使用。");
        b("© 2020 AFP");
        b("版权声明：日本经济新闻社版权所有，未经授权不得转载或部分复制，违者必究。");
        b("本文版权归作者所有，未经授权不得转载。");
        b("Copyright © 2024 Example Media. All rights reserved.");
        b("© 大号冲塔 for 中国数字时代, get_post_time('Y'). |Permalink |No comment |Add todel.icio.us");
        body("高虹安出示辛辛那提大學回函：論文無涉學術版權不當行為");
        body("官媒北韓中央通信社（KCNA）轉載的國防部聲明提到，這場演習「嚴重威脅（北韓）安全」，平壤當局因此採取因應措施。");
    }

    #[test]
    fn disclaimers() {
        b("摘编自其他媒体的内容，不代表德国之声的立场或观点。");
        b("本文仅表达作者观点，并不一定反映半岛电视台编辑立场。");
        b("德国之声致力于为您提供客观中立的新闻报导，以及展现多种角度的评论分析。文中评论及分析仅代表作者或专家个人立场。");
        body("德国之声记者问他对此事的看法，他说这代表了很多人的心声。");
    }

    #[test]
    fn photo_credits_are_captions() {
        c("图片来源：Cfoto/Zuma Press");
        c("圖片來源：維基百科");
        c("图像来源，Getty Images");
        c("Getty Images");
        c("Image caption许章润");
        c("（圖取自facebook.com/CWB.TW）");
        c("美國總統拜登。（圖取自twitter.com/POTUS）");
        c("14日凌晨零時起，汽油每公升估調漲0.3元、柴油0.4元。（中央社檔案照片）");
        c("美國總統拜登。（路透社）");
        c("大雨阻碍了搜索工作 (路透)");
        c("1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。新華社記者 饒愛民 攝");
        c("寒流襲台，20日太平山國家森林遊樂區下雪。中央社記者王騰毅攝 112年1月20日");
        c("中國橫店影視城15日起調降臨時演員的基礎費用。（中新社提供）中央社 113年11月15日");
        c("乌克兰总统泽连斯基和美国总统拜登周四在七国集团峰会上举行联合新闻发布会。 Erin Schaff/The New York Times");
        c("Chinese President Xi Jinping talks with Russian President Vladimir Putin via video meeting, Jan. 21, 2025. (Xinhua/Rao Aimin)");
        c("影片／蔡總統率團出訪史瓦帝尼 同慶邦誼促進永續合作");
        c("萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)Photo: RFA");
        body("寒流來襲，全台22縣市氣溫到明天都可能有攝氏10度以下發生機率，嘉義以北更是非常寒冷。");
        body("在中国，国防部长并不拥有绝对的决策权，更多地负责国防外交工作。");
        body("Xi talks with Putin via video meeting");
        body("中央研究院院士（1998）");
        body("中国国家主席习近平星期三（12月20日）上午在人民大会堂会见俄罗斯总理米舒斯京。");
    }

    #[test]
    fn staff_credit_lines() {
        b("责任编辑：萧律生");
        b("責任編輯：林琮文");
        b("發佈時間:2025-01-23 08:44:31 | 來源:新華網 | 作者: | 責任編輯:曹川川");
        b("編輯：李向陽（台北） 網編：池煥衡");
        b("（记者：韩洁 责编：申铧 网编：洪伟）");
        b("编译 高思佳；审校 母红");
        b("翻译：纽约时报中文网");
        b("译者/何黎");
        b("（翻译和编辑：RFI 法广电台 尼古拉）");
        b("编辑：张三");
        b("BBC中文记者");
        body("林岳平坦言，確實球隊比較擔憂牛棚投手的部分。（編輯：李亨山）1130406");
        body("記者在現場看到，數百名民眾排隊等候核酸檢測，隊伍綿延數百公尺。");
    }

    #[test]
    fn ads_paywalls_placeholders() {
        b("广告");
        b("廣告");
        b("Advertisement");
        b("你的器材不支持播放多媒体材料");
        b("Loading Twitter content");
        b("订阅后阅读全文");
        body("此外，法国的户外广告招牌也需要在凌晨一点后关闭，以节约电能。");
        body("台北市議員趙怡翔指出，日前經過捷運忠孝復興站，發現橋墩柱體包覆巨幅廣告。");
    }

    #[test]
    fn end_marks_and_source_notes() {
        b("（完）");
        b("(完)");
        b("（全文完）");
        b("（法新社）");
        b("(美联社丶路透社等)");
        b("（路透社、法新社）");
        b("（综合报道）");
        b("乐然（综合报道）");
        b("来源 : 半岛电视台＋通讯社");
        b("（本文来自道琼斯通讯社）");
        body("“我们已经打完了（疫苗）第一针，昨天看（工作）群里通知要打第二针了，”北京一医院的付医生称。（完）");
        assert_eq!(
            trim_trailing_marks("在北京工作的日资企业员工透露，“不得不重新考虑。”（完）"),
            "在北京工作的日资企业员工透露，“不得不重新考虑。”"
        );
        assert_eq!(
            trim_trailing_marks("林岳平坦言，壞球偏多。（編輯：李亨山）1130406"),
            "林岳平坦言，壞球偏多。"
        );
        assert_eq!(
            trim_trailing_marks("譯文。（譯者：紀錦玲/核稿：張茗喧）1120903"),
            "譯文。"
        );
        // A parenthetical source inside prose is not a staff credit.
        assert_eq!(
            trim_trailing_marks("死亡人數為3人（來源：衛福部）"),
            "死亡人數為3人（來源：衛福部）"
        );
        assert_eq!(trim_trailing_marks("（完）"), "（完）");
        assert_eq!(
            trim_trailing_marks("这样的方案将是对俄罗斯的奖励。” © 2024年德国之声版权声明：本文所有内容受到著作权法保护。"),
            "这样的方案将是对俄罗斯的奖励。”"
        );
        body("她補充道：「但現在我不會去（白俄）了。」（譯者：李晉緯/核稿：蔡佳敏）1130406");
        b("（综合报道） © 2022年德国之声版权声明：本文所有内容受到著作权法保护，如无德国之声特别授权，不得擅自使用。");
    }

    #[test]
    fn feeds_tags_times_and_navigation() {
        b("获取更多RSS：");
        b("https://feedx.net");
        b("Feed enhanced by Better Feed from Ozh");
        b("Post tags: 教育公平, 苟晶, 高考");
        b("#中國");
        b("#一場不同的戰爭 #我們的父輩 #第二次世界大戰");
        b("24 分钟前");
        b("2024年8月1日07:44 CST 更新");
        c("粵語組製圖");
        c("路透社資料圖片");
        body("外交部發布新聞稿說明相關情況。");
        b("2023/09/05 10:22");
        b("08/02/2024 - 12:51");
        b("2024-02-08T13:36:09.741Z");
        b("SARA RUBERG2024年12月18日");
        b("ANATOLY KURMANAEV, CHOE SANG-HUN2024年10月25日");
        b("Posted on Wed 7 Aug 2024 at 1:15am");
        b("首頁\u{a0}>\u{a0} 頭條");
        b("* * *");
        b("Instagram: https://www.instagram.com/movistory.hk/");
        body("美國國務院發言人表示，詳情可見官方網站 https://www.state.gov 上公布的聲明全文，聲明指出中國的行為破壞了地區穩定。");
        b("点击查看本文英文版。");
        b("David E. Sanger报道拜登政府和国家安全。他在时报任职超过40年。点击查看更多关于他的信息。");
        b("我们的标准：汤森路透“信任原则”");
        body("#MeToo運動在中國引發廣泛討論，多名女性在社群媒體上公開指控知名人士性騷擾。");
        body("2月8日下午，在中国农历新年即将到来之际，中国国家主席习近平同俄罗斯总统普京通电话。");
        body("<上午>");
        body("COVID-19");
    }

    #[test]
    fn clean_cuts_cna_tail() {
        let pars = v(&[
            "（中央社記者楊啟芳台北6日電）中職今天在天母棒球場的賽事，統一獅隊林安可砲轟味全龍隊王牌投手徐若熙。",
            "林岳平坦言，確實球隊比較擔憂牛棚投手的部分。（編輯：李亨山）1130406",
            "#台灣",
            "#中職",
            "延伸閱讀",
            "蔡總統將訪史瓦帝尼 非洲11國逾80位政要表達歡迎貿協搶攻非洲商機 台灣館開幕",
            "2023/09/05 10:22",
            "聚焦新聞",
            "颱風海葵結構紮實午後登陸台東 估4日傍晚台灣本島脫離暴風圈。",
            "台鐵西線對號列車午後停駛",
        ]);
        let out = clean(pars, vec![]);
        assert_eq!(out.body.len(), 2, "{:?}", out.body);
        assert_eq!(out.body[1], "林岳平坦言，確實球隊比較擔憂牛棚投手的部分。");
        assert_eq!(out.dropped, 8);
        assert_eq!(out.credit.as_deref(), Some("中央社"));
    }

    #[test]
    fn clean_keeps_body_after_mid_article_box() {
        // Al Jazeera puts a "阅读更多" box of headlines in the middle of the text.
        let pars = v(&[
            "以色列战斗机在本周五对黎巴嫩东部贝卡和叙利亚边境口岸发动袭击。",
            "阅读更多",
            "阿萨德倒台后黎巴嫩的赢家和输家",
            "阿萨德倒台将如何改变地区格局？",
            "据当地消息人士称，在今天早上，有一架以色列战斗机在黎巴嫩东部贝卡谷地上空进行了低空飞行。",
            "来源 : 半岛电视台＋通讯社",
        ]);
        let out = clean(pars, vec![]);
        assert_eq!(out.body.len(), 2, "{:?}", out.body);
        assert!(out.body[1].starts_with("据当地消息人士称"));
        assert_eq!(out.dropped, 4);
        assert_eq!(out.credit.as_deref(), Some("半岛电视台"));
    }

    #[test]
    fn clean_rfi_share_block_and_related_list() {
        let pars = v(&[
            "04/12/2023 - 01:45",
            "据德国《焦点》周刊报道，在迪拜举行的世界气候大会上，来自197个国家的代表正在寻找应对气候变化的解决方案。",
            "分享 :",
            "同一主题",
            "中共二十届三中全会",
            "三中全会迟迟不开习近平有难言之隐？",
        ]);
        let out = clean(pars, vec![]);
        assert_eq!(out.body.len(), 1);
        assert_eq!(out.dropped, 5);
    }

    #[test]
    fn clean_drops_caption_repeats_and_dedups_captions() {
        let cap = "中国国家主席习近平（右）12月20日上午会见俄罗斯总理米舒斯京。（新华社）";
        let pars = v(&[
            cap,
            "中国国家主席习近平（右）12月20日上午会见俄罗斯总理米舒斯京。",
            "根据新华社报道，习近平指出，他今年以来已同普京两次会晤。",
            "据俄罗斯卫星通讯社报道，米舒斯京在会见时说，俄罗斯珍视与中国牢固的文化和人文联系。",
        ]);
        let out = clean(pars, v(&[cap]));
        assert_eq!(out.captions, v(&[cap]));
        assert_eq!(out.body.len(), 2);
        assert!(out.body[0].starts_with("根据新华社报道"));
        assert_eq!(out.dropped, 1);
        assert_eq!(out.credit.as_deref(), Some("新华社"));
    }

    #[test]
    fn credit_datelines() {
        let f = |p: &str| find_credit(&v(&[p]), &[]);
        assert_eq!(
            f("（中央社記者沈朋達台北10日電）總統今天表示。").as_deref(),
            Some("中央社")
        );
        assert_eq!(
            f("（中央社華盛頓11日綜合外電報導）美國國務院今天宣布。").as_deref(),
            Some("中央社")
        );
        assert_eq!(
            f("（法新社巴黎8日电）欧洲股市今天延续本周的强劲涨势。").as_deref(),
            Some("法新社")
        );
        assert_eq!(
            f("新華社北京1月21日電 國家主席習近平21日同俄羅斯總統普京舉行視頻會晤。").as_deref(),
            Some("新华社")
        );
        assert_eq!(
            f("新华社北京 2 月 4 日电（记者温馨）国家主席习近平4日下午同普京举行会谈。").as_deref(),
            Some("新华社")
        );
        assert_eq!(
            f("【共同社3月30日电】日本政府相关人士透露。").as_deref(),
            Some("共同社")
        );
        assert_eq!(
            f("路透北京1月15日 - 最新房价数据显示，中国楼市整体延续微涨态势。").as_deref(),
            Some("路透社")
        );
        assert_eq!(
            f("BEIJING (Reuters) - China's exports rose in March.").as_deref(),
            Some("路透社")
        );
        assert_eq!(
            f("【大纪元2021年01月11日讯】1月11日，河南省前副省长被判刑。").as_deref(),
            Some("大纪元")
        );
    }

    #[test]
    fn credit_mentions_and_non_credits() {
        let f = |ps: &[&str]| find_credit(&v(ps), &[]);
        assert_eq!(
            f(&[
                "根据新华社报道，习近平指出。",
                "据俄罗斯卫星通讯社报道，米舒斯京说。"
            ])
            .as_deref(),
            Some("新华社")
        );
        assert_eq!(
            f(&["法新社報導，李察遜生前曾任美國能源部長。"]).as_deref(),
            Some("法新社")
        );
        assert_eq!(
            f(&["據韓聯社報導，南韓首爾中央地方法院26日上午開庭。"]).as_deref(),
            Some("韩联社")
        );
        // KCNA is not CNA; the CCP's 中央社會工作部 is not CNA either.
        assert_eq!(
            f(&["據朝鮮中央通訊社報導，北韓試射新型飛彈。"]).as_deref(),
            Some("朝中社")
        );
        assert_eq!(
            f(&["中共中央社會工作部部長吳漢聖表示，將加強基層治理。"]),
            None
        );
        // Agencies merely talked about, or quoted institutions, are not credits.
        assert_eq!(
            f(&["美国军方发言人在路透社发表的一份声明中说，俄罗斯的说法不真实。"]),
            None
        );
        assert_eq!(
            f(&["中国外交部的新闻稿介绍称，“两国元首互致新春问候。”"]),
            None
        );
        assert_eq!(f(&["根据数据，路透社的股价上涨。"]), None);
        // A trailing source note beats the outlet's own undated opener.
        assert_eq!(
            f(&[
                "（德国之声中文网）中国国家主席习近平周四告诉普京。",
                "（法新社）"
            ])
            .as_deref(),
            Some("法新社")
        );
        assert_eq!(
            f(&["（德国之声中文网）中国国家主席习近平周四告诉普京。"]).as_deref(),
            Some("德国之声")
        );
    }

    #[test]
    fn credit_from_captions() {
        let body = v(&["1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。"]);
        let caps = v(&["…視頻會晤。新華社記者 饒愛民 攝"]);
        assert_eq!(find_credit(&body, &caps).as_deref(), Some("新华社"));
        let caps = v(&["Chinese President Xi Jinping talks with Russian President Vladimir Putin. (Xinhua/Liu Bin)"]);
        assert_eq!(find_credit(&body, &caps).as_deref(), Some("新华社"));
        // A caption that only shows an agency's journalist credits nobody.
        let caps = v(&["美國總統拜登與路透社記者交談"]);
        assert_eq!(find_credit(&body, &caps), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            " ",
            "（",
            "）",
            "(()",
            "（）",
            "攝",
            "©",
            "#",
            "# ",
            "年",
            "1年",
            "日",
            "(Reuters)",
            "新华社",
            "\u{feff}",
            "》》",
            "（中央社",
            "Photo:",
            "a/b",
        ] {
            let _ = classify(s);
            let _ = trim_trailing_marks(s);
            let _ = caption_core(s);
            let _ = find_credit(&v(&[s]), &v(&[s]));
        }
        let out = clean(v(&["", "  ", "聚焦新聞"]), v(&["", "x"]));
        assert!(out.body.is_empty());
        assert_eq!(out.captions, v(&["x"]));
    }

    // ---------------------------------------------------------------------------------------
    // The fast paths agree with the plain definitions
    // ---------------------------------------------------------------------------------------

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

    #[test]
    fn lower_case_matching_is_exact() {
        // Phrases matched "in lower case" must be lower case, or the old search never found them.
        let mut chars: HashSet<char> = HashSet::new();
        for &(_, lower, list) in PHRASE_LISTS {
            for p in list.iter().filter(|_| lower) {
                assert_eq!(p.to_lowercase(), *p, "{p}");
                chars.extend(p.chars().filter(|c| !c.is_ascii()));
            }
        }
        for p in CAPTION_PREFIXES {
            assert_eq!(p.to_lowercase(), *p, "{p}");
            assert!(p.chars().count() <= 16, "{p}");
            chars.extend(p.chars().filter(|c| !c.is_ascii()));
        }
        // Apart from İ and the Kelvin sign (see `lower_safe`), lower-casing a non-ASCII character
        // yields neither ASCII nor a character of those phrases.
        for u in 0x80..=0x10_ffffu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let lower: String = c.to_lowercase().collect();
            if lower == c.to_string() || c == '\u{130}' || c == '\u{212a}' {
                continue;
            }
            assert!(
                !lower.chars().any(|l| l.is_ascii() || chars.contains(&l)),
                "{u:04X}"
            );
        }
        for s in ["x\u{130}y", "\u{212a}"] {
            assert!(!lower_safe(s), "{s}");
        }
        assert!(lower_safe("Kelvin “引號” ĳ"));
    }

    /// The phrase lists that occur in `s`, searched one phrase at a time as before.
    fn hits_reference(s: &str) -> u32 {
        let lower = s.to_lowercase();
        PHRASE_LISTS.iter().fold(0, |m, &(bit, lo, list)| {
            let hay = if lo { lower.as_str() } else { s };
            if list.iter().any(|p| hay.contains(p)) {
                m | bit
            } else {
                m
            }
        })
    }

    #[test]
    fn hits_match_one_by_one_search() {
        for s in [
            "",
            "Follow us on Twitter",
            "FOLLOW US ON",
            "Feed enhanced by Better Feed",
            "feed enhanced by",
            "© 2024 Example. ALL RIGHTS RESERVED.",
            "PATREON",
            "Loading Twitter content…",
            "Download our APP now",
            "S\u{130}GN UP FOR OUR newsletter",
            "\u{212a}eep: subscribe to our list",
            "本文版權歸作者所有，未經授權不得轉載",
            "不代表德国之声的立场。点击下载德国之声App",
            "责编：申铧 網編：池煥衡",
            "📹 视频加载中",
            "Instagram: https://www.instagram.com/x/",
            "BBC中文有关乌克兰战争的更多报道：",
            "中国国家主席习近平同俄罗斯总统普京通电话。两国元首互致新春问候。",
            "不不不不版权",
            "a",
            "更",
        ] {
            assert_eq!(hits(s), hits_reference(s), "{s:?}");
        }
        assert_ne!(hits("Follow us on Twitter") & L_PROMO, 0);
        assert_eq!(hits("feed enhanced by") & L_FOOTER, 0);
        assert_ne!(hits("Feed enhanced by") & L_FOOTER, 0);
    }

    #[test]
    fn aliases_in_matches_char_by_char_scan() {
        let reference = |s: &str| {
            let mut out = Vec::new();
            let mut skip_to = 0usize;
            for (i, _) in s.char_indices() {
                if i < skip_to {
                    continue;
                }
                if let Some((canon, len)) = alias_at(s, i) {
                    out.push((i, i + len, canon));
                    skip_to = i + len;
                }
            }
            out
        };
        for s in [
            "據朝鮮中央通訊社報導，北韓試射新型飛彈。",
            "BEIJING (Reuters) - China's exports rose. (AP) APP AFP/EPA dpa",
            "中共中央社會工作部部長；中央社記者；新华社区；新华社北京电",
            "路透社、法新社、美联社丶路透社等",
            "彭博新闻社彭博社彭博",
            "",
            "AP",
        ] {
            assert_eq!(aliases_in(s), reference(s), "{s:?}");
        }
        assert_eq!(first_alias("據朝鮮中央通訊社報導"), Some("朝中社"));
    }

    #[test]
    fn hard_footer_and_trim_fast_paths() {
        assert!(is_hard_footer("获取更多RSS："));
        assert!(is_hard_footer("獲取更多RSS"));
        assert!(!is_hard_footer("更多RSS"));
        assert!(is_hard_footer("聚焦新聞："));
        assert!(!is_hard_footer("聚焦新聞報導了這件事"));
        let p = "譯文。（譯者：紀錦玲/核稿：張茗喧）1120903";
        assert!(p.starts_with(trim_trailing_marks_str(p)));
        assert_eq!(
            trim_trailing_marks_str("死者3人 © 2023 版權所有"),
            "死者3人"
        );
        assert_eq!(
            caption_tail("萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)Photo: RFA"),
            "萧美琴成为台湾首位女性驻美代表。(记者 黄春梅摄)"
        );
    }

    // ---------------------------------------------------------------------------------------
    // Seeds (skipped when /work/shared/seeds is absent)
    // ---------------------------------------------------------------------------------------

    const SEEDS: &str = "/work/shared/seeds";

    fn seed_text(prefix: &str) -> Option<String> {
        let dir = std::fs::read_dir(SEEDS).ok()?;
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(prefix) {
                return std::fs::read_to_string(e.path()).ok();
            }
        }
        None
    }

    /// Test-only stand-in for the HTML extractor: block tags break paragraphs, other tags vanish.
    fn crude_paragraphs(text: &str) -> Vec<String> {
        let mut t = text.trim_start();
        if let Some(rest) = t.strip_prefix("---") {
            if let Some(end) = rest.find("\n---") {
                t = &rest[end + 4..];
            }
        }
        if let Some(i) = t.find("\n------\n") {
            t = &t[i + 8..];
        }
        if !t.contains("<p") && !t.contains("<div") {
            return t
                .split("\n\n")
                .map(normalize)
                .filter(|p| !p.is_empty())
                .collect();
        }
        let mut out = String::new();
        let mut rest = t;
        while let Some(lt) = rest.find('<') {
            out.push_str(&rest[..lt]);
            let Some(gt) = rest[lt..].find('>') else {
                break;
            };
            let tag = rest[lt + 1..lt + gt]
                .trim_start_matches('/')
                .to_ascii_lowercase();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if [
                "p",
                "div",
                "br",
                "h1",
                "h2",
                "h3",
                "h4",
                "figcaption",
                "li",
                "section",
                "small",
            ]
            .contains(&name.as_str())
            {
                out.push_str("\n\n");
            }
            rest = &rest[lt + gt + 1..];
        }
        out.push_str(rest);
        let out = out.replace("&nbsp;", " ").replace("&amp;", "&");
        out.split("\n\n")
            .map(normalize)
            .filter(|p| !p.is_empty())
            .collect()
    }

    fn seed_pars(prefix: &str) -> Option<Vec<String>> {
        match seed_text(prefix) {
            Some(t) => Some(crude_paragraphs(&t)),
            None => {
                eprintln!("skipping: {SEEDS} not available");
                None
            }
        }
    }

    #[test]
    fn seed_003_portal_page() {
        let Some(pars) = seed_pars("003_") else {
            return;
        };
        assert_eq!(
            classify(&pars[0]),
            Role::Boilerplate,
            "breadcrumb {:?}",
            pars[0]
        );
        assert_eq!(
            classify(&pars[2]),
            Role::Boilerplate,
            "header {:?}",
            pars[2]
        );
        // The integrator removes the breadcrumb, title and 責任編輯 header lines before clean().
        let out = clean(pars[3..].to_vec(), vec![]);
        assert_eq!(
            out.captions,
            v(&[
                "1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。新華社記者 饒愛民 攝",
                "1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。新華社記者 劉彬 攝",
                "Chinese President Xi Jinping talks with Russian President Vladimir Putin via video meeting at the Great Hall of the People in Beijing, capital of China, Jan. 21, 2025. (Xinhua/Rao Aimin)",
                "Chinese President Xi Jinping talks with Russian President Vladimir Putin via video meeting at the Great Hall of the People in Beijing, capital of China, Jan. 21, 2025. (Xinhua/Liu Bin)",
            ])
        );
        assert!(
            out.body[0].starts_with("兩國元首互致新年祝福。"),
            "{:?}",
            out.body[0]
        );
        assert!(out
            .body
            .last()
            .is_some_and(|p| p.starts_with("The two heads of state also engaged")));
        assert!(out.body.iter().any(|p| p == "王毅參加活動。"));
        assert!(out
            .body
            .iter()
            .any(|p| p == "Xi talks with Putin via video meeting"));
        for p in &out.body {
            assert!(
                !p.contains("視頻會晤。新華社") && !p.starts_with("1月21日下午,國家主席"),
                "caption left in body: {p}"
            );
            assert!(!p.contains("(Xinhua/"), "caption left in body: {p}");
            assert!(
                !p.starts_with("Chinese President Xi Jinping talks with"),
                "caption repeat left in body: {p}"
            );
        }
        assert_eq!(out.credit.as_deref(), Some("新华社"));
        assert_eq!(
            find_credit(&out.body, &out.captions).as_deref(),
            Some("新华社")
        );
        // On the raw page the header's "來源:新華網" credits Xinhua too.
        assert_eq!(find_credit(&pars, &[]).as_deref(), Some("新华社"));
    }

    #[test]
    fn seed_credits() {
        let Some(p0) = seed_pars("000_") else { return };
        // RFI quotes the foreign ministry's and the Kremlin's press releases; no agency is credited.
        assert_eq!(find_credit(&p0, &[]), None);
        let out0 = clean(p0, vec![]);
        assert!(out0.body.iter().all(|p| !p.contains("分享")));
        assert_eq!(out0.body.first().map(String::as_str), Some("2月8日下午，在中国农历新年即将到来之际，中国国家主席习近平同俄罗斯总统普京通电话。"));

        let Some(p1) = seed_pars("001_") else { return };
        assert_eq!(find_credit(&p1, &[]).as_deref(), Some("新华社"));

        let Some(p2) = seed_pars("002_") else { return };
        assert_eq!(find_credit(&p2, &[]).as_deref(), Some("法新社"));
        let out2 = clean(p2, vec![]);
        assert!(out2
            .body
            .iter()
            .all(|p| !p.contains("版权声明") && p != "（法新社）"));
        assert_eq!(out2.credit.as_deref(), Some("法新社"));

        let Some(p4) = seed_pars("004_") else { return };
        assert_eq!(find_credit(&p4, &[]).as_deref(), Some("新华社"));
        let out4 = clean(p4, vec![]);
        assert_eq!(
            out4.captions,
            v(&["中国国家主席习近平（右）12月20日上午会见俄罗斯总理米舒斯京。（新华社）"])
        );
        assert_eq!(
            find_credit(&out4.body, &out4.captions).as_deref(),
            Some("新华社")
        );
    }
}

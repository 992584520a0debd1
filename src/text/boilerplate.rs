//! Paragraph-level boilerplate removal for scraped news bodies; [`clean`] is the entry point.
//!
//! The rules describe *classes* of junk seen across many outlets (share bars, app and newsletter
//! promos, copyright notices, feed footers, ad/paywall placeholders, staff-credit lines, end marks)
//! rather than one site's markup, so that unseen archives are cleaned too. Every rule that matches
//! a word which can also occur in prose is limited to short paragraphs or to the start or end of a
//! paragraph: real sentences that merely mention "广告" or "分享" survive. Captions and photo
//! credits are told apart by `captions`, the wire credit by [`super::credits`].
//!
//! Nothing here panics on odd input: all slicing happens at positions found by `find`/`char_indices`
//! or by `strip_prefix`/`strip_suffix`, which are always char boundaries.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::data::{words, Words};

use super::captions::{caption_core, is_caption, strip_caption_prefix};
use super::credits::{credit_impl, source_note};
use super::phrases::{
    first_chars, is_marker_in, label_prefix, lower_safe, lower_view, may_start, short_marker_key,
    starts_folded, word_set, PairIndex, WordSet,
};
use super::strings::{
    ends_any, has_any, is_cjk, is_normalized, normalize, normalize_cow, split_trailing_bracket,
    starts_any, whole_bracket_inner,
};

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
    /// [`super::credits::find_credit`] computed on the paragraphs *before* boilerplate removal
    /// (up to a feed footer) and the final captions, so that trailing source notes such as DW's
    /// `（法新社）`, which `clean` drops from the body, still count.
    pub credit: Option<String>,
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

/// URL schemes: a structural list, kept here, but searched with the phrase lists.
static HTTP: Words = Words::new("(boilerplate.rs)", "http://\nhttps://\n");
static NO_REPRINT: Words = words!("boilerplate/no_reprint.txt");
static APP_WORDS: Words = words!("boilerplate/app_words.txt");
/// Phrases of a "more on this" line that introduces a list of links (see [`is_soft_marker`]).
static MORE_PHRASES: Words = words!("boilerplate/more_phrases.txt");

/// (list bit, matched in lower case, phrases). Lists matched in lower case behave as if searched in
/// `hay.to_lowercase()`; the others are matched exactly.
static PHRASE_LISTS: [(u32, bool, &Words); 11] = [
    (L_FOOTER, false, &FOOTER_PHRASES),
    (L_HTTP, false, &HTTP),
    (L_COPYRIGHT, true, &COPYRIGHT_PHRASES),
    (L_NO_REPRINT, false, &NO_REPRINT),
    (L_DISCLAIMER, false, &DISCLAIMERS),
    (L_PROMO, true, &PROMO_PHRASES),
    (L_STAFF, false, &STAFF_WORDS),
    (L_PLACEHOLDER, true, &PLACEHOLDERS),
    (L_PAYWALL, true, &PAYWALL_PHRASES),
    (L_APP, true, &APP_WORDS),
    (L_MORE, false, &MORE_PHRASES),
];

/// Bits of the lists matched in lower case.
fn folded_lists() -> u32 {
    PHRASE_LISTS
        .iter()
        .filter(|(_, lower, _)| *lower)
        .fold(0, |m, (bit, _, _)| m | bit)
}

/// All phrase lists in one [`PairIndex`]: masks are (lists that take any ASCII case, lists that
/// need the exact phrase).
fn phrases() -> &'static PairIndex {
    static P: OnceLock<PairIndex> = OnceLock::new();
    P.get_or_init(|| {
        let mut pats: Vec<(&'static str, u32, u32)> = Vec::new();
        for &(bit, lower, list) in &PHRASE_LISTS {
            for &ph in list.get() {
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

/// [`label_prefix`] with [`LABELS`].
fn is_label_line(p: &str) -> bool {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    may_start(
        p,
        FIRST.get_or_init(|| first_chars(&[LABELS.get()], false)),
        false,
    ) && label_prefix(p, LABELS.get())
}

// ---------------------------------------------------------------------------------------------
// Boilerplate rules
// ---------------------------------------------------------------------------------------------

/// Paragraphs that are nothing but one of these words (see [`short_marker_key`]).
static EXACT_JUNK: Words = words!("boilerplate/exact_junk.txt");

/// Markers after which a list of related links follows (dropped with the list, see [`clean`]).
static SOFT_MARKERS: Words = words!("boilerplate/related_markers.txt");

fn is_soft_marker(p: &str) -> bool {
    static SOFT: OnceLock<WordSet> = OnceLock::new();
    if is_marker_in(p, SOFT.get_or_init(|| word_set(&[SOFT_MARKERS.get()]))) {
        return true;
    }
    // "BBC中文有关乌克兰战争的更多报道：", "更多俄乌局势最新动态请见："
    ends_any(p.trim_end(), &["：", ":"]) && p.chars().count() <= 40 && list_in(p, L_MORE)
}

/// Feed footers: everything from here to the end is site furniture.
pub(crate) fn is_hard_footer(p: &str) -> bool {
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

static LABELS: Words = words!("boilerplate/labels.txt");

/// Labels of staff credits that may be glued to the end of the last paragraph.
static STAFF_LABELS: Words = words!("boilerplate/staff_labels.txt");

static STAFF_WORDS: Words = words!("boilerplate/staff_words.txt");

static COPYRIGHT_PHRASES: Words = words!("boilerplate/copyright.txt");

static FOOTER_PHRASES: Words = words!("boilerplate/footer.txt");

static DISCLAIMERS: Words = words!("boilerplate/disclaimers.txt");

/// Newsletter, follow-us, app and read-the-original promos. Matched in lower case.
static PROMO_PHRASES: Words = words!("boilerplate/promo.txt");

static PAYWALL_PHRASES: Words = words!("boilerplate/paywall.txt");

static PLACEHOLDERS: Words = words!("boilerplate/placeholders.txt");

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

static END_MARKS: Words = words!("boilerplate/end_marks.txt");
static UPDATE_OPENERS: Words = words!("boilerplate/update_openers.txt");
static BREADCRUMB_HOME: Words = words!("boilerplate/breadcrumb_home.txt");
static APP_CALLS: Words = words!("boilerplate/app_calls.txt");
static ROLE_SUFFIXES: Words = words!("boilerplate/role_suffixes.txt");
static NOTE_OPENERS: Words = words!("boilerplate/note_openers.txt");

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
        JUNK.get_or_init(|| word_set(&[EXACT_JUNK.get(), SOFT_MARKERS.get()])),
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
    if n <= 8 && has_any(p, END_MARKS.get()) {
        return true;
    }
    if n <= 120 && is_label_line(p) {
        return true;
    }
    if n <= 80 && hit & L_STAFF != 0 {
        return true;
    }
    if n <= 80
        && UPDATE_OPENERS
            .get()
            .iter()
            .any(|x| starts_folded(&lower, x))
    {
        return true;
    }
    // Breadcrumbs: 首頁 > 頭條
    if n <= 60
        && starts_any(p, BREADCRUMB_HOME.get())
        && p.chars().any(|c| matches!(c, '>' | '＞' | '›' | '»' | '/'))
    {
        return true;
    }
    if n <= 80 && hit & (L_PLACEHOLDER | L_PAYWALL) != 0 {
        return true;
    }
    // App promos start with the call to action: "下载德国之声中文网App" (but "App下載數勝亞馬遜" is news).
    if n <= 80 && starts_any(p, APP_CALLS.get()) && hit & L_APP != 0 {
        return true;
    }
    // Short role lines under a byline: "BBC中文记者".
    if n <= 12 && ends_any(p, ROLE_SUFFIXES.get()) {
        return true;
    }
    if is_hashtag_line(p, n) || is_timestamp(p, n) || is_latin_byline_date(p, n) {
        return true;
    }
    // Bracketed staff or meta notes: （記者：韓潔 責編：申鏵）, （本文来自道琼斯通讯社）, （編輯：李亨山）.
    if let Some(inner) = whole_bracket_inner(p) {
        if inner.chars().count() <= 80
            && (label_prefix(inner, LABELS.get())
                || starts_any(inner, NOTE_OPENERS.get())
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

static TRAILING_MARKS: Words = words!("boilerplate/trailing_marks.txt");

/// The last characters of [`TRAILING_MARKS`], for the quick test that most paragraphs fail.
fn trailing_mark_ends() -> &'static [char] {
    static ENDS: OnceLock<Vec<char>> = OnceLock::new();
    ENDS.get_or_init(|| {
        let mut v: Vec<char> = TRAILING_MARKS
            .get()
            .iter()
            .filter_map(|m| m.chars().next_back())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
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
        // Most paragraphs end with no last character of an end mark.
        let marked = s
            .chars()
            .next_back()
            .is_some_and(|c| trailing_mark_ends().contains(&c));
        if let Some(x) = marked
            .then_some(())
            .and_then(|()| TRAILING_MARKS.get().iter().find_map(|m| s.strip_suffix(m)))
        {
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
            let staff = label_prefix(inner, STAFF_LABELS.get()) || list_in(inner, L_STAFF);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::captions::CAPTION_PREFIXES;
    use crate::text::credits::find_credit;

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
    fn data_files_parse() {
        for w in [
            &EXACT_JUNK,
            &SOFT_MARKERS,
            &MORE_PHRASES,
            &LABELS,
            &STAFF_LABELS,
            &STAFF_WORDS,
            &COPYRIGHT_PHRASES,
            &NO_REPRINT,
            &FOOTER_PHRASES,
            &DISCLAIMERS,
            &PROMO_PHRASES,
            &PAYWALL_PHRASES,
            &PLACEHOLDERS,
            &APP_WORDS,
            &HTTP,
            &END_MARKS,
            &TRAILING_MARKS,
            &UPDATE_OPENERS,
            &BREADCRUMB_HOME,
            &APP_CALLS,
            &ROLE_SUFFIXES,
            &NOTE_OPENERS,
        ] {
            assert_eq!(w.problems(), Vec::<String>::new());
        }
        // Marker words are compared with a paragraph trimmed and lower-cased.
        for w in EXACT_JUNK.get().iter().chain(SOFT_MARKERS.get()) {
            assert_eq!(crate::text::phrases::marker_trim(w), *w, "{w}");
            assert_eq!(w.to_lowercase(), *w, "{w}");
        }
        for w in UPDATE_OPENERS.get() {
            assert_eq!(w.to_lowercase(), *w, "{w}");
        }
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
    fn lower_case_matching_is_exact() {
        // Phrases matched "in lower case" must be lower case, or the old search never found them.
        let mut chars: HashSet<char> = HashSet::new();
        for &(_, lower, list) in &PHRASE_LISTS {
            for p in list.get().iter().filter(|_| lower) {
                assert_eq!(p.to_lowercase(), *p, "{p}");
                chars.extend(p.chars().filter(|c| !c.is_ascii()));
            }
        }
        for p in CAPTION_PREFIXES.get() {
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
            let list = list.get();
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

//! The text the segmenter sees, and the way back to the text as written.
//!
//! Before segmentation a field is normalised: full-width letters and digits become ASCII, the ideographic
//! space a space, the name dots of other scripts (`•`, `‧`, `・`) the middle dot `·`, and, when
//! asked, traditional characters become simplified ones through zhconv's OpenCC phrase tables
//! (never the GPL MediaWiki ones). Every character of the result remembers which characters of
//! the original it came from, so a token found in the normalised text is reported with its
//! original spelling and offsets.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use crate::text::script::{
    has_traditional, is_traditional, line_needs_simplifying, needs_simplifying, simplify_char,
};

/// Where one normalised character came from in the original text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Byte range in the original text.
    pub byte_start: u32,
    /// End of the byte range (exclusive).
    pub byte_end: u32,
    /// Character (code point) range in the original text.
    pub char_start: u32,
    /// End of the character range (exclusive).
    pub char_end: u32,
}

/// A normalised text with the origin of each of its characters.
///
/// Most texts need no change at all (simplified text without full-width letters); they are
/// borrowed, and character offsets are counted on demand with a cursor, which is linear overall
/// because tokens are asked for in order.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The normalised text.
    pub text: Cow<'a, str>,
    /// `None` when `text` is the original, unchanged.
    maps: Option<Maps>,
    /// Last byte offset converted to a character offset, for the identity case.
    cursor: Cell<(usize, u32)>,
}

#[derive(Debug, Clone, Default)]
struct Maps {
    /// For every byte offset of `text` that starts a character, the index of that character in
    /// `origins`; other entries are unused. One entry more than `text.len()`, for the end.
    char_at_byte: Vec<u32>,
    /// One per character of `text`, plus a final entry marking the end of the original.
    origins: Vec<Origin>,
}

impl Drop for Normalized<'_> {
    fn drop(&mut self) {
        if let Cow::Owned(text) = std::mem::replace(&mut self.text, Cow::Borrowed("")) {
            let maps = self.maps.take().unwrap_or_default();
            SPARE.with(|s| {
                if let Ok(mut spare) = s.try_borrow_mut() {
                    *spare = (text, maps);
                }
            });
        }
    }
}

impl Normalized<'_> {
    /// Character offset of byte `b` in an unchanged text.
    fn char_index(&self, b: usize) -> u32 {
        let (cb, cc) = self.cursor.get();
        let text: &str = &self.text;
        let c = if b >= cb {
            cc + text.get(cb..b).map_or(0, |s| s.chars().count() as u32)
        } else {
            cc - text.get(b..cb).map_or(0, |s| s.chars().count() as u32)
        };
        self.cursor.set((b, c));
        c
    }

    /// The original byte and character ranges of the normalised byte range `start..end`
    /// (both on character boundaries of `text`). Meaningless for a text normalised without
    /// tracking.
    pub fn origin(&self, start: usize, end: usize) -> Origin {
        let Some(m) = &self.maps else {
            let char_start = self.char_index(start);
            let char_end = self.char_index(end);
            return Origin {
                byte_start: start as u32,
                byte_end: end as u32,
                char_start,
                char_end,
            };
        };
        let ci = m.char_at_byte.get(start).copied().unwrap_or(0) as usize;
        let ce = m.char_at_byte.get(end).copied().unwrap_or(0) as usize;
        let first = m.origins.get(ci).copied().unwrap_or_default();
        let last = if ce > ci {
            m.origins.get(ce - 1).copied().unwrap_or(first)
        } else {
            first
        };
        Origin {
            byte_start: first.byte_start,
            byte_end: last.byte_end.max(first.byte_start),
            char_start: first.char_start,
            char_end: last.char_end.max(first.char_start),
        }
    }
}

/// The width and dot folding applied to every character: `None` keeps it as it is.
#[inline]
fn fold(c: char) -> Option<char> {
    match c {
        // Full-width letters, digits and `%` sit at a fixed distance from ASCII. Full-width
        // punctuation stays: it is how Chinese is written, and jieba and the sentence splitter
        // read it as it is.
        '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}'
        | '\u{FF05}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}' => Some('\u{00B7}'),
        _ => None,
    }
}

struct Builder {
    text: String,
    maps: Maps,
    track: bool,
    orig_char: u32,
    /// Applying [`simplify_char`] to characters no phrase rule covered.
    simplify: bool,
    /// In a traditional line of `Mainland` conversion: Taiwan's 著 is the particle 着 (OpenCC's
    /// `TWVariantsRev`); the phrases where it is 著 (著名, 著作) are rules of the automaton.
    taiwan: bool,
    /// Folding widths and dots (normalisation; not [`convert`]).
    fold: bool,
}

thread_local! {
    /// Buffers of the last normalised text of this thread, reused: allocating them afresh for
    /// every document costs more (page faults on large buffers) than the normalisation itself.
    static SPARE: RefCell<(String, Maps)> = RefCell::new((String::new(), Maps::default()));
}

impl Builder {
    fn with_capacity(n: usize, track: bool) -> Self {
        let (mut text, mut maps) = SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()));
        text.clear();
        text.reserve(n);
        maps.char_at_byte.clear();
        maps.origins.clear();
        if track {
            maps.char_at_byte.reserve(n + 1);
            maps.origins.reserve(n / 2 + 1);
        }
        Builder {
            text,
            maps,
            track,
            orig_char: 0,
            simplify: false,
            taiwan: false,
            fold: true,
        }
    }

    /// Append `c`, which stands for the original characters `chars` at bytes `bytes`.
    #[inline]
    fn push(&mut self, c: char, bytes: (usize, usize), chars: (u32, u32)) {
        let c = if self.fold { fold(c).unwrap_or(c) } else { c };
        self.text.push(c);
        if !self.track {
            return;
        }
        let idx = self.maps.origins.len() as u32;
        self.maps.origins.push(Origin {
            byte_start: bytes.0 as u32,
            byte_end: bytes.1 as u32,
            char_start: chars.0,
            char_end: chars.1,
        });
        self.maps
            .char_at_byte
            .extend(std::iter::repeat_n(idx, c.len_utf8()));
    }

    /// Copy `orig[start..end]` character by character, folding widths and dots (and applying
    /// [`simplify_char`]).
    fn copy(&mut self, orig: &str, start: usize, end: usize) {
        let Some(part) = orig.get(start..end) else {
            return;
        };
        if !self.track {
            self.copy_untracked(part);
            return;
        }
        for (i, c) in part.char_indices() {
            let b = start + i;
            let ch = self.orig_char;
            let len = c.len_utf8();
            let c = match c {
                '著' if self.taiwan => '着',
                _ if self.simplify => simplify_char(c).unwrap_or(c),
                _ => c,
            };
            self.push(c, (b, b + len), (ch, ch + 1));
            self.orig_char += 1;
        }
    }

    /// [`Builder::copy`] without origins: the characters that stay as they are (nearly all) are
    /// appended run by run rather than one by one. The same characters come out; `orig_char` is
    /// read only by the origins, so it is not kept.
    fn copy_untracked(&mut self, part: &str) {
        let mut run = 0;
        for (i, c) in part.char_indices() {
            // ASCII neither folds nor simplifies.
            if c.is_ascii() {
                continue;
            }
            let mapped = match c {
                '著' if self.taiwan => '着',
                _ if self.simplify => simplify_char(c).unwrap_or(c),
                _ => c,
            };
            let out = if self.fold {
                fold(mapped).unwrap_or(mapped)
            } else {
                mapped
            };
            if out != c {
                self.text.push_str(part.get(run..i).unwrap_or(""));
                self.text.push(out);
                run = i + c.len_utf8();
            }
        }
        self.text.push_str(part.get(run..).unwrap_or(""));
    }

    /// Convert `orig[start..end]` with `converter` line by line, copying the lines that
    /// [`line_needs_simplifying`] says no rule rewrites: the same text as converting it whole.
    fn convert_lines(
        &mut self,
        orig: &str,
        start: usize,
        end: usize,
        converter: &zhconv::ZhConverter,
    ) {
        let Some(part) = orig.get(start..end) else {
            return;
        };
        let mut pos = start;
        for line in part.split_inclusive('\n') {
            let next = pos + line.len();
            if line_needs_simplifying(line) {
                self.convert(orig, pos, next, converter);
            } else {
                self.copy(orig, pos, next);
            }
            pos = next;
        }
    }

    /// Replace the original phrase `orig[start..end]` by `target`. Equal lengths map character to
    /// character; otherwise every target character stands for the whole phrase.
    fn replace(&mut self, orig: &str, start: usize, end: usize, target: &str) {
        let Some(phrase) = orig.get(start..end) else {
            return;
        };
        if !self.track {
            // Without origins only the characters matter: the target as it is, unless one of
            // them folds (each folding character has one of these lead bytes).
            if self.fold && target.bytes().any(|b| b == 0xE2 || b == 0xE3 || b == 0xEF) {
                for t in target.chars() {
                    self.text.push(fold(t).unwrap_or(t));
                }
            } else {
                self.text.push_str(target);
            }
            return;
        }
        let n_from = phrase.chars().count();
        let n_to = target.chars().count();
        if n_from == n_to {
            for ((i, c), t) in phrase.char_indices().zip(target.chars()) {
                let b = start + i;
                let ch = self.orig_char;
                self.push(t, (b, b + c.len_utf8()), (ch, ch + 1));
                self.orig_char += 1;
            }
        } else {
            let chars = (self.orig_char, self.orig_char + n_from as u32);
            for t in target.chars() {
                self.push(t, (start, end), chars);
            }
            self.orig_char += n_from as u32;
        }
    }

    /// Convert `orig[start..end]` with `converter`: phrase rules where they match, the rest
    /// copied.
    fn convert(&mut self, orig: &str, start: usize, end: usize, converter: &zhconv::ZhConverter) {
        let Some(part) = orig.get(start..end) else {
            return;
        };
        let mut pos = start;
        for (s, e, target) in converter.search(part) {
            let (s, e) = (start + s, start + e);
            if s < pos || !orig.is_char_boundary(s) || !orig.is_char_boundary(e) {
                continue;
            }
            self.copy(orig, pos, s);
            self.replace(orig, s, e, target);
            pos = e;
        }
        self.copy(orig, pos, end);
    }

    /// The mainland conversion of `orig[start..end]`, one line: OpenCC's `tw2sp` (Taiwan's and
    /// Hong Kong's phrases to the mainland's, then traditional to simplified) for a line written
    /// in traditional characters. In any other line a regional phrase is converted only where it
    /// is written in traditional characters (網路, 軟體): the same words written in shared
    /// characters are also the mainland's own (建立, 文件, 程序, 智慧), which the reversed Taiwan
    /// table would rewrite (建立→创建) if read over mainland text.
    fn mainland_line(&mut self, orig: &str, start: usize, end: usize) {
        let Some(line) = orig.get(start..end) else {
            return;
        };
        let cn = &*zhconv::converters::ZH_TO_CN_CONVERTER;
        let hans = &*zhconv::converters::ZH_TO_HANS_CONVERTER;
        if is_traditional(line) {
            self.taiwan = true;
            self.convert(orig, start, end, cn);
            self.taiwan = false;
            return;
        }
        if !has_traditional(line) {
            self.convert(orig, start, end, hans);
            return;
        }
        let mut pos = start;
        for (s, e, target) in cn.search(line) {
            let (s, e) = (start + s, start + e);
            if s < pos || !orig.is_char_boundary(s) || !orig.is_char_boundary(e) {
                continue;
            }
            let phrase = orig.get(s..e).unwrap_or("");
            if !has_traditional(phrase) {
                // Left to the plain conversion, with the text before it.
                continue;
            }
            self.convert(orig, pos, s, hans);
            self.replace(orig, s, e, target);
            pos = e;
        }
        self.convert(orig, pos, end, hans);
    }

    fn finish<'a>(mut self, orig_len: usize) -> Normalized<'a> {
        let maps = self.track.then(|| {
            let idx = self.maps.origins.len() as u32;
            self.maps.origins.push(Origin {
                byte_start: orig_len as u32,
                byte_end: orig_len as u32,
                char_start: self.orig_char,
                char_end: self.orig_char,
            });
            self.maps.char_at_byte.push(idx);
            self.maps
        });
        Normalized {
            text: Cow::Owned(self.text),
            maps,
            cursor: Cell::new((0, 0)),
        }
    }
}

/// Whether any character of `text` folds. Every folded character is encoded with the lead byte
/// 0xE2 (U+2022, U+2027), 0xE3 (U+30FB) or 0xEF (U+FFxx), so other texts are rejected by a byte
/// scan without decoding.
fn needs_folding(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes.get(from..).and_then(|rest| {
        rest.iter()
            .position(|&b| b == 0xE2 || b == 0xEF || b == 0xE3)
    }) {
        let at = from + i;
        if let Some(c) = text.get(at..).and_then(|r| r.chars().next()) {
            if fold(c).is_some() {
                return true;
            }
            from = at + c.len_utf8();
        } else {
            from = at + 1;
        }
    }
    false
}

/// What normalisation converts the script to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// Keep the script as written (widths and dots still fold).
    None,
    /// Traditional characters and phrases to simplified (OpenCC's TS tables).
    Simplified,
    /// Simplified, and Taiwan's vocabulary to the mainland's (網路→网络, 軟體→软件, 資訊→信息:
    /// OpenCC's TW phrase tables, read backwards).
    Mainland,
}

/// Normalise `text` (see the module docs): fold widths and dots and convert the script as
/// `conv` says; `track` keeps the way back to the original (not needed to count terms).
///
/// Texts longer than `u32::MAX` bytes cannot occur here (ingest caps files far below that).
pub fn normalize(text: &str, conv: Conversion, track: bool) -> Normalized<'_> {
    normalize_with(text, conv, track, true)
}

fn normalize_with(text: &str, conv: Conversion, track: bool, fold: bool) -> Normalized<'_> {
    let convert = match conv {
        Conversion::None => false,
        Conversion::Simplified => needs_simplifying(text),
        // Regional phrases are written in characters of both scripts: search any Han text.
        Conversion::Mainland => !text.is_ascii(),
    };
    let folds = fold && needs_folding(text);
    if !convert && !folds {
        return Normalized {
            text: Cow::Borrowed(text),
            maps: None,
            cursor: Cell::new((0, 0)),
        };
    }
    let mut b = Builder::with_capacity(text.len(), track);
    b.fold = fold;
    b.simplify = convert;
    match conv {
        Conversion::Simplified if convert => {
            b.convert_lines(
                text,
                0,
                text.len(),
                &zhconv::converters::ZH_TO_HANS_CONVERTER,
            );
        }
        Conversion::Mainland => {
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                b.mainland_line(text, start, start + line.len());
                start += line.len();
            }
        }
        _ => b.copy(text, 0, text.len()),
    }
    b.finish(text.len())
}

/// What [`convert`] converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Simplified characters (OpenCC's `t2s`), as `script="simplified"` counts.
    Simplified,
    /// Traditional characters (OpenCC's `s2t`).
    Traditional,
    /// Simplified, and traditional text's Taiwan and Hong Kong vocabulary the mainland's
    /// (OpenCC's `tw2sp`, applied to traditional text only), as `script="mainland"` counts.
    Mainland,
    /// Traditional characters and Taiwan's vocabulary (OpenCC's `s2twp`).
    Taiwan,
    /// Traditional characters in Hong Kong's forms (OpenCC's `s2hk`).
    HongKong,
}

impl Target {
    /// Parse `"simplified"`, `"traditional"`, `"mainland"`, `"taiwan"` or `"hongkong"`.
    pub fn parse(s: &str) -> crate::error::Result<Self> {
        match s {
            "simplified" => Ok(Target::Simplified),
            "traditional" => Ok(Target::Traditional),
            "mainland" => Ok(Target::Mainland),
            "taiwan" => Ok(Target::Taiwan),
            "hongkong" => Ok(Target::HongKong),
            _ => Err(crate::error::XinwenError::InvalidArgument(format!(
                "unknown target {s:?}: expected one of 'simplified', 'traditional', 'mainland', \
                 'taiwan', 'hongkong'"
            ))),
        }
    }
}

/// `text` converted to the script (and regional vocabulary) `to`. The simplified targets are
/// exactly what tokens are counted in (without the width folding); the traditional ones are
/// zhconv's OpenCC tables.
pub fn convert(text: &str, to: Target) -> String {
    use zhconv::converters as zc;
    match to {
        Target::Simplified => normalize_with(text, Conversion::Simplified, false, false)
            .text
            .to_string(),
        Target::Mainland => normalize_with(text, Conversion::Mainland, false, false)
            .text
            .to_string(),
        Target::Traditional => zc::ZH_TO_HANT_CONVERTER.convert(text),
        Target::Taiwan => zc::ZH_TO_TW_CONVERTER.convert(text),
        Target::HongKong => zc::ZH_TO_HK_CONVERTER.convert(text),
    }
}

/// Normalise a short string (a dictionary word, an alias, a stopword) the same way.
pub fn normalize_word(word: &str, conv: Conversion) -> String {
    normalize(word, conv, false).text.to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn raw<'a>(orig: &'a str, n: &Normalized, s: usize, e: usize) -> &'a str {
        let o = n.origin(s, e);
        &orig[o.byte_start as usize..o.byte_end as usize]
    }

    #[test]
    fn traditional_becomes_simplified_and_maps_back() {
        let orig = "習近平同俄羅斯總統普京舉行視頻會晤";
        let n = normalize(orig, Conversion::Simplified, true);
        assert_eq!(n.text, "习近平同俄罗斯总统普京举行视频会晤");
        let s = n.text.find("俄罗斯").unwrap();
        assert_eq!(raw(orig, &n, s, s + "俄罗斯".len()), "俄羅斯");
        let o = n.origin(s, s + "俄罗斯".len());
        assert_eq!((o.char_start, o.char_end), (4, 7));
    }

    #[test]
    fn original_script_is_kept_when_not_simplifying() {
        let orig = "習近平";
        assert_eq!(normalize(orig, Conversion::None, true).text, "習近平");
    }

    #[test]
    fn widths_and_dots_fold() {
        let orig = "２０２２年，弗拉基米爾•普丁";
        let n = normalize(orig, Conversion::Simplified, true);
        assert_eq!(n.text, "2022年，弗拉基米尔·普丁");
        let s = n.text.find("2022").unwrap();
        assert_eq!(raw(orig, &n, s, s + 4), "２０２２");
    }

    #[test]
    fn length_changing_phrases_map_to_the_whole_phrase() {
        // Whatever the tables do, every normalised range maps to a valid original slice.
        let orig = "這個軟體於1990年代開發，瞭解一下。";
        let n = normalize(orig, Conversion::Simplified, true);
        for (i, _) in n.text.char_indices() {
            for (j, _) in n.text[i..].char_indices().skip(1) {
                let r = raw(orig, &n, i, i + j);
                assert!(!r.is_empty());
            }
        }
        let end = n.origin(n.text.len(), n.text.len());
        assert_eq!(end.byte_start as usize, orig.len());
    }

    #[test]
    fn yu_is_simplified_in_traditional_text() {
        let n = normalize("位於台北的機構，夥伴關係", Conversion::Simplified, true);
        assert_eq!(n.text, "位于台北的机构，伙伴关系");
    }

    /// The plain conversion: the whole text searched, character by character, ungated.
    fn whole_text(text: &str) -> String {
        let mut b = Builder::with_capacity(text.len(), false);
        b.simplify = true;
        b.convert(
            text,
            0,
            text.len(),
            &zhconv::converters::ZH_TO_HANS_CONVERTER,
        );
        b.finish(text.len()).text.to_string()
    }

    #[test]
    fn bulk_copies_and_phrase_triggers_match_the_plain_conversion() {
        let mut texts: Vec<String> = [
            // Phrase rules that rewrite characters no single-character rule does, in otherwise
            // simplified text: these were once left unconverted.
            "他反覆思量，终于一目瞭然。",
            "意志消沈",
            "著名的乾隆皇帝著书立说，乾杯！",
            "習近平與普京會晤，Putin said 於是夥伴關係「更加緊密」。",
            "𠁞 and 𡃕, Extension B",
            "",
            "plain ASCII only",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Real text: the seeds and a slice of the corpus, when the shared data is there.
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
        for dir in [
            format!("{shared}/seeds"),
            format!("{shared}/corpus/agora0+2403/_posts"),
        ] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten().take(300) {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            assert_eq!(
                normalize(t, Conversion::Simplified, false).text,
                whole_text(t),
                "{t:.80}"
            );
            // Tracking the way back takes the character-by-character path: the same text.
            assert_eq!(
                normalize(t, Conversion::Simplified, true).text,
                whole_text(t),
                "{t:.80}"
            );
        }
        let n = normalize("他反覆思量，一目瞭然", Conversion::Simplified, true);
        assert_eq!(n.text, "他反复思量，一目了然");
    }

    #[test]
    fn mainland_conversion_also_changes_taiwan_vocabulary() {
        let orig = "台灣的網路與軟體產業，資訊安全";
        assert_eq!(
            normalize(orig, Conversion::Simplified, false).text,
            "台湾的网路与软体产业，资讯安全"
        );
        let n = normalize(orig, Conversion::Mainland, true);
        assert_eq!(n.text, "台湾的网络与软件产业，信息安全");
        // Offsets still map back to the original phrase.
        let s = n.text.find("信息").unwrap();
        assert_eq!(raw(orig, &n, s, s + "信息".len()), "資訊");
        // Mainland text is left as it is.
        assert_eq!(
            normalize("中国的网络和软件", Conversion::Mainland, false).text,
            "中国的网络和软件"
        );
    }

    #[test]
    fn mainland_conversion_never_rewrites_mainland_vocabulary() {
        // The reversed Taiwan table holds 建立→创建, 文件→文档, 程序→进程, 智慧→智能: words the
        // mainland writes too. OpenCC's tw2sp rewrites them anywhere; we only in traditional text.
        let hans = "我们建立了文件和程序，新增智慧通道，播放影片。";
        let n = normalize(hans, Conversion::Mainland, false);
        assert_eq!(n.text, hans);
        // A traditional line gets the whole tw2sp.
        assert_eq!(
            normalize("我們建立了檔案和程式", Conversion::Mainland, false).text,
            "我们创建了文件和程序"
        );
        // A traditional phrase inside a simplified line is converted, the rest is not.
        assert_eq!(
            normalize("他们的網路程序\n台灣的軟體程式", Conversion::Mainland, true).text,
            "他们的网络程序\n台湾的软件程序"
        );
    }

    #[test]
    fn taiwan_zhe_is_the_particle_in_mainland_conversion() {
        let orig = "隨著時間過去，著名作家寫著著作";
        assert_eq!(
            normalize(orig, Conversion::Mainland, false).text,
            "随着时间过去，著名作家写着著作"
        );
        // The default conversion is OpenCC's t2s, which keeps 著.
        assert_eq!(
            normalize(orig, Conversion::Simplified, false).text,
            "随著时间过去，著名作家写著著作"
        );
    }

    #[test]
    fn characters_zhconv_leaves_out_follow_opencc() {
        let orig = "葡萄乾與乾坤，徵稅，釐清，步步高陞";
        let n = normalize(orig, Conversion::Simplified, true);
        assert_eq!(n.text, "葡萄干与乾坤，征税，厘清，步步高升");
        let s = n.text.find("征税").unwrap();
        assert_eq!(raw(orig, &n, s, s + "征税".len()), "徵稅");
        // Alone in simplified text too, as OpenCC does.
        assert_eq!(
            normalize("什麽", Conversion::Simplified, false).text,
            "什么"
        );
    }

    #[test]
    fn convert_targets() {
        assert_eq!(convert("軟體於ＡＢ", Target::Simplified), "软体于ＡＢ");
        assert_eq!(convert("台灣的軟體", Target::Mainland), "台湾的软件");
        assert_eq!(convert("建立文件", Target::Mainland), "建立文件");
        assert_eq!(convert("软件", Target::Traditional), "軟件");
        assert_eq!(convert("软件", Target::Taiwan), "軟體");
        assert!(Target::parse("hk")
            .unwrap_err()
            .to_string()
            .contains("'hongkong'"));
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let orig = "著名的中俄关系";
        let n = normalize(orig, Conversion::Simplified, true);
        assert_eq!(n.text, orig);
        assert!(matches!(n.text, Cow::Borrowed(_)));
        // Offsets of an unchanged text, asked for out of order.
        let s = orig.find("中俄").unwrap();
        let o = n.origin(s, s + "中俄".len());
        assert_eq!((o.char_start, o.char_end), (3, 5));
        let o = n.origin(0, 3);
        assert_eq!((o.char_start, o.char_end), (0, 1));
        let o = n.origin(s, orig.len());
        assert_eq!((o.char_start, o.char_end), (3, 7));
    }

    /// Lines of the corpus and the benchmark archive, and documents of several of them.
    pub(crate) fn identity_texts() -> Vec<String> {
        let lines: Vec<&str> = include_str!("testdata/identity_sentences.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        let mut texts: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        // Documents mixing the kinds of line (they are grouped in the file), so that a converted
        // document holds lines the conversion skips.
        let n = lines.len();
        for i in 0..n {
            let doc: Vec<&str> = (0..5).map(|k| lines[(i + k * 71) % n]).collect();
            texts.push(doc.join("\n"));
        }
        texts.push(lines.join("\r\n"));
        texts
    }

    /// Normalisation as it was before lines were skipped and characters copied in runs: the
    /// whole text through the automaton, every character through the tracked builder.
    fn reference(text: &str, conv: Conversion, fold: bool) -> Normalized<'_> {
        let convert = match conv {
            Conversion::None => false,
            Conversion::Simplified => needs_simplifying(text),
            Conversion::Mainland => !text.is_ascii(),
        };
        let folds = fold && needs_folding(text);
        if !convert && !folds {
            return Normalized {
                text: Cow::Borrowed(text),
                maps: None,
                cursor: Cell::new((0, 0)),
            };
        }
        let mut b = Builder::with_capacity(text.len(), true);
        b.fold = fold;
        b.simplify = convert;
        match conv {
            Conversion::Simplified if convert => b.convert(
                text,
                0,
                text.len(),
                &zhconv::converters::ZH_TO_HANS_CONVERTER,
            ),
            Conversion::Mainland => {
                let mut start = 0;
                for line in text.split_inclusive('\n') {
                    b.mainland_line(text, start, start + line.len());
                    start += line.len();
                }
            }
            _ => b.copy(text, 0, text.len()),
        }
        b.finish(text.len())
    }

    #[test]
    fn normalisation_is_identical_to_the_whole_text_conversion() {
        let texts = identity_texts();
        let mut changed = 0;
        for t in &texts {
            for conv in [
                Conversion::Simplified,
                Conversion::Mainland,
                Conversion::None,
            ] {
                for fold in [true, false] {
                    let want = reference(t, conv, fold);
                    let fast = normalize_with(t, conv, false, fold);
                    assert_eq!(fast.text, want.text, "{conv:?} fold={fold}: {t}");
                    let tracked = normalize_with(t, conv, true, fold);
                    assert_eq!(tracked.text, want.text, "{conv:?} fold={fold}: {t}");
                    changed += usize::from(want.text != t.as_str());
                    let bounds: Vec<usize> = want
                        .text
                        .char_indices()
                        .map(|(i, _)| i)
                        .chain([want.text.len()])
                        .collect();
                    for w in bounds.windows(2) {
                        assert_eq!(
                            tracked.origin(w[0], w[1]),
                            want.origin(w[0], w[1]),
                            "{conv:?} fold={fold} at {}: {t}",
                            w[0]
                        );
                    }
                }
            }
        }
        // The texts exercise the conversion, not only the unchanged path.
        assert!(changed > texts.len(), "{changed} of {}", texts.len());
    }
}

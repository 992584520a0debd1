//! Writing-system and language detection for Chinese news text.
//!
//! * [`detect_script`]: simplified (`hans`), traditional (`hant`), `mixed` or `none`, decided by
//!   the characters that exist in only one of the two scripts. The two character classes come from
//!   zhconv's OpenCC tables (MIT/Apache; the GPL MediaWiki tables are not used) and are built once,
//!   lazily, into two bitsets over the CJK Unified Ideographs and Extension A blocks, so detection
//!   is one bit test per character and never allocates.
//! * [`detect_lang`]: `zh`, `en` or `zh+en`: whether a Chinese text also carries a substantial
//!   English passage (a few Latin names, acronyms or URLs do not count).
//! * [`english_tail_start`]: where an English translation appended after a Chinese article begins.
//!
//! All three are meant for plain text but cope with HTML: the language scan skips markup tags
//! (so attribute text such as `alt` captions is ignored), and tags hold no Han characters that
//! could sway the script count beyond their `alt`/`title` text.

use std::sync::OnceLock;

use crate::data::{words, Words};

/// Writing system of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Simplified Chinese (also returned for Han text without any script-specific character).
    Hans,
    /// Traditional Chinese.
    Hant,
    /// Both scripts in substantial amounts (see [`detect_script`]).
    Mixed,
    /// No Han characters at all.
    None,
}

impl Script {
    /// Stable lower-case name: `"hans"`, `"hant"`, `"mixed"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Hans => "hans",
            Script::Hant => "hant",
            Script::Mixed => "mixed",
            Script::None => "none",
        }
    }
}

/// Language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Chinese, possibly with scattered Latin names, acronyms and URLs.
    Zh,
    /// English (next to no Han characters).
    En,
    /// Chinese with a substantial English passage (for example an appended translation).
    ZhEn,
}

impl Lang {
    /// Stable name: `"zh"`, `"en"` or `"zh+en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::ZhEn => "zh+en",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Script tables
// ---------------------------------------------------------------------------------------------

const URO_START: u32 = 0x4E00; // CJK Unified Ideographs
const URO_END: u32 = 0x9FFF;
const EXTA_START: u32 = 0x3400; // CJK Unified Ideographs Extension A
const EXTA_END: u32 = 0x4DBF;
const URO_LEN: usize = (URO_END - URO_START + 1) as usize;
const TABLE_LEN: usize = URO_LEN + (EXTA_END - EXTA_START + 1) as usize;
const WORDS: usize = TABLE_LEN.div_ceil(64);

/// Two bitsets over the table index space: simplified-only and traditional-only characters.
struct ScriptTables {
    simp: [u64; WORDS],
    trad: [u64; WORDS],
    /// Characters whose presence can make traditional-to-simplified conversion rewrite
    /// something: those a single-character rule rewrites, and those that only phrase rules
    /// rewrite (瞭 in 一目瞭然, 覆 in 反覆). Every rewriting rule holds one.
    triggers: [u64; WORDS],
    /// Characters outside the bitsets' blocks (and below Extension B) that a rewriting rule
    /// holds when it holds no trigger: with the triggers, every rewriting rule holds one of
    /// them, so a line with none is left as it is by the conversion (see [`line_needs_simplifying`]).
    line_extra: Vec<char>,
    /// No rule spans a line break and every rewriting rule holds a trigger or one of
    /// `line_extra`, so lines can be converted one by one and those without either skipped.
    lines_exact: bool,
}

/// Position of a character in the bitsets, for the two blocks the tables cover.
#[inline]
fn table_index(c: char) -> Option<usize> {
    let u = c as u32;
    if (URO_START..=URO_END).contains(&u) {
        Some((u - URO_START) as usize)
    } else if (EXTA_START..=EXTA_END).contains(&u) {
        Some(URO_LEN + (u - EXTA_START) as usize)
    } else {
        None
    }
}

#[inline]
fn bit(set: &[u64; WORDS], i: usize) -> bool {
    set.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

#[inline]
fn set_bit(set: &mut [u64; WORDS], i: usize) {
    if let Some(w) = set.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

/// Characters that a single-character rule of `table` rewrites into something else.
///
/// A converter given one character can only apply a one-character rule (the longest match
/// cannot be longer than the input), so this equals "converting it alone changes it" while
/// avoiding tens of thousands of conversions and the automaton deserialisation.
fn changed_by(table: zhconv::tables::Table<'static>) -> [u64; WORDS] {
    let mut set = [0u64; WORDS];
    for (from, to) in zhconv::tables::expand_table(table) {
        let mut chars = from.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if to != from {
                if let Some(i) = table_index(c) {
                    set_bit(&mut set, i);
                }
            }
        }
    }
    set
}

fn tables() -> &'static ScriptTables {
    static TABLES: OnceLock<ScriptTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        // ZH_HANT_TABLE maps simplified -> traditional, ZH_HANS_TABLE the reverse.
        let to_trad = changed_by(zhconv::tables::ZH_HANT_TABLE);
        let to_simp = changed_by(zhconv::tables::ZH_HANS_TABLE);
        let mut simp = [0u64; WORDS];
        let mut trad = [0u64; WORDS];
        for w in 0..WORDS {
            // Characters that both tables rewrite (variant forms such as 綫/線) are no evidence.
            simp[w] = to_trad[w] & !to_simp[w];
            trad[w] = to_simp[w] & !to_trad[w];
        }
        let mut triggers = to_simp;
        for (from, to) in zhconv::tables::expand_table(zhconv::tables::ZH_HANS_TABLE) {
            let is_trigger = |c: char| table_index(c).is_none_or(|i| bit(&to_simp, i));
            if from == to || from.chars().any(is_trigger) {
                continue;
            }
            let (f, t): (Vec<char>, Vec<char>) = (from.chars().collect(), to.chars().collect());
            for (i, &c) in f.iter().enumerate() {
                // The characters the phrase changes (all of them when the length changes).
                if f.len() != t.len() || t.get(i) != Some(&c) {
                    if let Some(i) = table_index(c) {
                        set_bit(&mut triggers, i);
                    }
                }
            }
        }
        for (c, _) in SIMPLIFY_CHARS {
            if let Some(i) = table_index(c) {
                set_bit(&mut triggers, i);
            }
        }
        // What a rewriting rule holds besides the triggers, for the line-by-line check: out of
        // the blocks (punctuation, compatibility ideographs) only Extension B and later count
        // as triggers, so a rule that holds none of those names its other characters here.
        let mut line_extra = Vec::new();
        let mut lines_exact = true;
        let flagged = |c: char| match table_index(c) {
            Some(i) => bit(&triggers, i),
            None => c as u32 >= 0x2_0000,
        };
        for (from, to) in zhconv::tables::expand_table(zhconv::tables::ZH_HANS_TABLE) {
            if from.contains(['\n', '\r']) {
                lines_exact = false;
            }
            if from == to || from.chars().any(flagged) {
                continue;
            }
            let before = line_extra.len();
            line_extra.extend(from.chars().filter(|&c| table_index(c).is_none()));
            // A rewriting rule of in-block characters only, none of them a trigger, would be
            // a gap in the triggers: then no line is skipped.
            lines_exact &= line_extra.len() > before;
        }
        line_extra.sort_unstable();
        line_extra.dedup();
        // The line check passes ASCII over without a search.
        lines_exact &= !line_extra.iter().any(char::is_ascii);
        ScriptTables {
            simp,
            trad,
            triggers,
            line_extra,
            lines_exact,
        }
    })
}

/// Whether `c` is a Han ideograph: the unified blocks (BMP, Extension A, Extensions B..H) and the
/// compatibility ideographs.
#[inline]
fn is_han(c: char) -> bool {
    let u = c as u32;
    (EXTA_START..=EXTA_END).contains(&u)
        || (URO_START..=URO_END).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0x20000..=0x323AF).contains(&u)
}

/// Counts of Han characters and of simplified-only / traditional-only characters in a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ScriptCounts {
    han: usize,
    simp: usize,
    trad: usize,
}

fn count_script(text: &str) -> ScriptCounts {
    let t = tables();
    let mut n = ScriptCounts::default();
    for c in text.chars() {
        // Everything below Extension A (ASCII, markup, punctuation, kana) is skipped with one compare.
        if (c as u32) < EXTA_START || !is_han(c) {
            continue;
        }
        n.han += 1;
        if let Some(i) = table_index(c) {
            n.simp += usize::from(bit(&t.simp, i));
            n.trad += usize::from(bit(&t.trad, i));
        }
    }
    n
}

/// The minority script must reach this share (in percent) of the distinguishing characters ...
const MIXED_MIN_SHARE_PCT: usize = 20;
/// ... and this absolute count, for a text to be [`Script::Mixed`].
const MIXED_MIN_COUNT: usize = 3;

/// Classify a text's writing system by the characters that exist in only one script.
///
/// A character is *simplified-only* if converting it alone to Traditional Chinese changes it and
/// converting it to Simplified does not (发, 国, 这); *traditional-only* is the reverse (發, 國,
/// 這). Characters shared by both scripts (中, 人, 干, 台) are no evidence either way.
///
/// Rule, with `s` and `t` the counts of simplified- and traditional-only characters:
/// * no Han character at all: [`Script::None`];
/// * `s + t == 0` (Han text using only shared characters, such as a short headline): [`Script::Hans`],
///   because such text is valid simplified text as written and simplified is the majority script
///   of the archives (in practice only very short strings have no distinguishing character);
/// * the minority count is at least 3 and at least 20% of `s + t`: [`Script::Mixed`];
/// * otherwise the majority script, ties going to [`Script::Hans`].
///
/// Runs in one pass over the characters with one bit test per Han character and no allocation
/// (the tables are built on the first call, a few milliseconds).
pub fn detect_script(text: &str) -> Script {
    let n = count_script(text);
    if n.han == 0 {
        return Script::None;
    }
    let total = n.simp + n.trad;
    let minority = n.simp.min(n.trad);
    if minority >= MIXED_MIN_COUNT && minority * 100 >= total * MIXED_MIN_SHARE_PCT {
        Script::Mixed
    } else if n.trad > n.simp {
        Script::Hant
    } else {
        Script::Hans
    }
}

/// Whether traditional-to-simplified conversion can rewrite anything in `text`, that is whether
/// converting it is worth the work: whether it holds a character that some conversion rule
/// rewrites, single-character rules and phrase rules alike (反覆 in otherwise simplified text),
/// and the characters of [`SIMPLIFY_CHARS`].
/// One bit test per Han character, no allocation; characters beyond the tables' blocks
/// (Extension B and later, rare in news) count as rewritable.
pub fn needs_simplifying(text: &str) -> bool {
    let t = tables();
    text.chars().any(|c| match table_index(c) {
        Some(i) => bit(&t.triggers, i),
        None => c as u32 >= 0x2_0000,
    })
}

/// Whether converting the line `line` of a text that [`needs_simplifying`] can change it. No
/// conversion rule spans a line break, so a text converted line by line is the text converted
/// whole; a line without any character a rewriting rule holds (most lines of simplified
/// articles that quote one traditional word) is copied as it is instead of searched.
pub fn line_needs_simplifying(line: &str) -> bool {
    let t = tables();
    !t.lines_exact
        || line.chars().any(|c| match table_index(c) {
            Some(i) => bit(&t.triggers, i),
            None => {
                !c.is_ascii() && (c as u32 >= 0x2_0000 || t.line_extra.binary_search(&c).is_ok())
            }
        })
}

/// The characters OpenCC's `TSCharacters` converts whose candidate list also holds the character
/// itself (`乾 干 乾`): zhconv's table build drops such entries to be conservative, so 葡萄乾,
/// 徵稅, 於是 were left unconverted. OpenCC takes the first candidate unless a phrase of
/// `TSPhrases` says otherwise (乾坤, 乾隆 stay), and so do we: phrase matches are applied
/// first, these only to characters no phrase covered. `tests/test_convert.py` checks the list
/// against the `opencc` package.
///
/// The last six are Hong Kong's forms (`HKVariants`), which `t2s` leaves but `hk2s` converts
/// (衞→卫, 枱→台, 粧→妆): no simplified text writes them, and counted apart they would split Hong
/// Kong's 保衞 from everyone else's 保卫.
pub const SIMPLIFY_CHARS: [(char, char); 25] = [
    ('乾', '干'),
    ('剋', '克'),
    ('劄', '札'),
    ('吒', '咤'),
    ('夥', '伙'),
    ('徵', '征'),
    ('扞', '捍'),
    ('於', '于'),
    ('昇', '升'),
    ('氾', '泛'),
    ('祕', '秘'),
    ('脩', '修'),
    ('蒐', '搜'),
    ('薹', '苔'),
    ('袷', '夹'),
    ('谿', '溪'),
    ('釐', '厘'),
    ('陞', '升'),
    ('麽', '么'),
    ('衞', '卫'),
    ('枱', '台'),
    ('粧', '妆'),
    ('敍', '叙'),
    ('衹', '只'),
    ('糭', '粽'),
];

/// The simplified form of one of [`SIMPLIFY_CHARS`], or `None` for any other character.
#[inline(always)]
pub fn simplify_char(c: char) -> Option<char> {
    // A match compiles to a few compares; the list above is its documentation and its test.
    Some(match c {
        '乾' => '干',
        '剋' => '克',
        '劄' => '札',
        '吒' => '咤',
        '夥' => '伙',
        '徵' => '征',
        '扞' => '捍',
        '於' => '于',
        '昇' => '升',
        '氾' => '泛',
        '祕' => '秘',
        '脩' => '修',
        '蒐' => '搜',
        '薹' => '苔',
        '袷' => '夹',
        '谿' => '溪',
        '釐' => '厘',
        '陞' => '升',
        '麽' => '么',
        '衞' => '卫',
        '枱' => '台',
        '粧' => '妆',
        '敍' => '叙',
        '衹' => '只',
        '糭' => '粽',
        _ => return None,
    })
}

/// Whether `text` is written in traditional characters: more traditional-only than
/// simplified-only characters. Text without either (English, 台湾 in shared characters) is not.
pub fn is_traditional(text: &str) -> bool {
    let n = count_script(text);
    n.trad > n.simp
}

/// Whether `text` holds a traditional-only character (發, 國, 軟).
pub fn has_traditional(text: &str) -> bool {
    let t = tables();
    text.chars()
        .any(|c| table_index(c).is_some_and(|i| bit(&t.trad, i)))
}

// ---------------------------------------------------------------------------------------------
// Language
// ---------------------------------------------------------------------------------------------

/// A run of English words shorter than this is a name, a title or an acronym list, not prose.
const MIN_RUN_WORDS: usize = 8;
/// English words (in prose runs) needed for `zh+en`.
const ZH_EN_MIN_WORDS: usize = 30;
/// Han characters needed for a text to count as Chinese at all.
const ZH_MIN_HAN: usize = 30;

/// Counts gathered by [`scan_lang`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct LangCounts {
    han: usize,
    /// All English-looking words.
    words: usize,
    /// Words inside English prose: runs of at least [`MIN_RUN_WORDS`] words, not interrupted by
    /// Chinese, with enough stopwords.
    run_words: usize,
}

/// Chinese and full-width punctuation: like Han characters, it ends a run of English words.
#[inline]
fn is_cjk_punct(c: char) -> bool {
    let u = c as u32;
    (0x3000..=0x303F).contains(&u) || (0xFF00..=0xFFEF).contains(&u)
}

/// The core of a whitespace- and Han-delimited token if it is an English-looking word: ASCII
/// letters, optionally wrapped in punctuation, with inner apostrophes or hyphens (`China-Russia`,
/// `People's`). Tokens with digits, slashes, dots, `@`, `=` or `_` inside (URLs, `COVID-19`,
/// `U.S.`, markup) are not words; the caller treats them as neutral.
fn english_word(token: &str) -> Option<&str> {
    const LEAD: &[char] = &['(', '[', '{', '"', '\'', '“', '‘', '«', '*'];
    const TRAIL: &[char] = &[
        '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '”', '’', '»', '*',
    ];
    let core = token.trim_start_matches(LEAD).trim_end_matches(TRAIL);
    let mut letters = 0usize;
    let mut prev_joiner = true; // no leading joiner
    for c in core.chars() {
        if c.is_ascii_alphabetic() {
            letters += 1;
            prev_joiner = false;
        } else if matches!(c, '\'' | '’' | '-') && !prev_joiner {
            prev_joiner = true;
        } else {
            return None;
        }
    }
    (letters > 0 && !prev_joiner).then_some(core)
}

/// Frequent English function words. Prose has plenty of them; a list of names ("Vladimir Putin,
/// Xi Jinping, Olaf Scholz") or a French caption (RFI's image credits) has next to none.
static STOPWORDS: Words = words!("script/stopwords.txt");

fn is_stopword(word: &str) -> bool {
    STOPWORDS.get().iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// A run counts as prose when at least this share (in percent) of its words are stopwords.
const RUN_MIN_STOPWORD_PCT: usize = 15;

/// Counts Han characters and English words. Markup tags (`<p>`, `<img alt="...">`, `</div>`,
/// `<!-- -->`) are skipped like whitespace, so attribute text (RFI's French image captions) is
/// not read as prose.
/// Longest markup tag [`scan_lang`] skips; a longer span is text, and the bound keeps a text full
/// of unmatched `<a` linear.
const MAX_TAG_BYTES: usize = 4096;

/// If `rest` (the bytes after a `<`) starts a markup tag, the offset of its closing `>`.
/// A tag starts with an ASCII letter, `/` or `!` and closes before any other `<`; byte search is
/// safe because `<` and `>` never occur inside a multi-byte UTF-8 sequence.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let first = *rest.first()?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let window = rest.get(..MAX_TAG_BYTES).unwrap_or(rest);
    let pos = window.iter().position(|&b| b == b'>' || b == b'<')?;
    (window.get(pos) == Some(&b'>')).then_some(pos)
}

fn scan_lang(text: &str) -> LangCounts {
    /// The run of English words being read.
    #[derive(Default)]
    struct Run {
        words: usize,
        stopwords: usize,
    }
    fn add_token(token: Option<&str>, n: &mut LangCounts, run: &mut Run) {
        if let Some(word) = token.and_then(english_word) {
            n.words += 1;
            run.words += 1;
            run.stopwords += usize::from(is_stopword(word));
        }
    }
    fn end_run(n: &mut LangCounts, run: &mut Run) {
        if run.words >= MIN_RUN_WORDS && run.stopwords * 100 >= run.words * RUN_MIN_STOPWORD_PCT {
            n.run_words += run.words;
        }
        *run = Run::default();
    }

    let mut n = LangCounts::default();
    let mut run = Run::default();
    let mut token_start: Option<usize> = None;
    let mut skip_to = 0usize;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        if c == '<' {
            if let Some(gt) = tag_end(text.as_bytes().get(i + 1..).unwrap_or_default()) {
                add_token(
                    token_start.take().and_then(|s| text.get(s..i)),
                    &mut n,
                    &mut run,
                );
                skip_to = i + 1 + gt + 1;
                continue;
            }
        }
        let han = is_han(c);
        if han || is_cjk_punct(c) || c.is_whitespace() {
            add_token(
                token_start.take().and_then(|s| text.get(s..i)),
                &mut n,
                &mut run,
            );
            if !c.is_whitespace() {
                end_run(&mut n, &mut run);
            }
            n.han += usize::from(han);
        } else if token_start.is_none() {
            token_start = Some(i);
        }
    }
    add_token(token_start.and_then(|s| text.get(s..)), &mut n, &mut run);
    end_run(&mut n, &mut run);
    n
}

/// Language of a text: `zh`, `en` or `zh+en`.
///
/// Counts Han characters and English words (tokens of ASCII letters; see the module notes), and
/// the English words that stand in prose: runs of at least 8 words not interrupted by Han
/// characters or Chinese punctuation, of which at least 15% are English function words (the, of,
/// and, said ...), so that lists of names and French captions do not count. Markup tags are
/// skipped.
/// * at least 30 Han characters: [`Lang::ZhEn`] when the runs hold at least 30 words, else
///   [`Lang::Zh`] (a Chinese article naming TikTok, NATO, COVID-19 or a URL stays `zh`);
/// * fewer Han characters: [`Lang::En`] when English words outnumber Han characters, else
///   [`Lang::Zh`] (also for empty or symbol-only text, the archives' default language).
pub fn detect_lang(text: &str) -> Lang {
    let n = scan_lang(text);
    if n.han >= ZH_MIN_HAN {
        if n.run_words >= ZH_EN_MIN_WORDS {
            Lang::ZhEn
        } else {
            Lang::Zh
        }
    } else if n.words > n.han {
        Lang::En
    } else {
        Lang::Zh
    }
}

// ---------------------------------------------------------------------------------------------
// English tail
// ---------------------------------------------------------------------------------------------

/// English prose words a trailing translation must hold in total (a credit line or copyright
/// notice is shorter).
const TAIL_MIN_WORDS: usize = 20;
/// Han characters the Chinese part before the tail must hold.
const HEAD_MIN_HAN: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParKind {
    Zh,
    En,
    /// Empty, numbers, URLs, a lone word: belongs to neither side.
    Neutral,
}

fn par_kind(n: &LangCounts) -> ParKind {
    // A Chinese sentence carrying a few Latin names ("TikTok CEO Shou Zi Chew 周受资...") has far
    // more Han characters than words; an English sentence quoting a Chinese name has the reverse.
    if n.words >= 2 && n.words >= 2 * n.han {
        ParKind::En
    } else if n.han > 0 {
        ParKind::Zh
    } else {
        ParKind::Neutral
    }
}

/// Index of the first paragraph of a trailing English translation, if the last paragraphs are
/// English and the earlier ones Chinese; `None` otherwise.
///
/// Walking back from the end, empty or neutral paragraphs (dates, URLs, a lone word) are
/// skipped, English paragraphs extend the tail and the first Chinese paragraph stops it. The
/// result is the first English paragraph of that tail (a short English headline included),
/// provided the tail holds at least 20 words of English prose (as counted by [`detect_lang`]) and
/// the paragraphs before it at least 30 Han characters. Indices refer to
/// `pars` as given, empty entries included.
pub fn english_tail_start(pars: &[String]) -> Option<usize> {
    let mut start = None;
    let mut tail_words = 0usize;
    let mut head_end = 0usize;
    for (i, p) in pars.iter().enumerate().rev() {
        let n = scan_lang(p);
        match par_kind(&n) {
            ParKind::En => {
                start = Some(i);
                tail_words += n.run_words;
            }
            ParKind::Neutral => {}
            ParKind::Zh => {
                head_end = i + 1;
                break;
            }
        }
    }
    let start = start?;
    if tail_words < TAIL_MIN_WORDS || head_end == 0 {
        return None;
    }
    let head_han: usize = pars
        .get(..start)
        .unwrap_or_default()
        .iter()
        .map(|p| p.chars().filter(|&c| is_han(c)).count())
        .sum();
    (head_han >= HEAD_MIN_HAN).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_char_is_the_list() {
        for (from, to) in SIMPLIFY_CHARS {
            assert_eq!(simplify_char(from), Some(to));
            assert!(needs_simplifying(&from.to_string()), "{from}");
        }
        assert_eq!(simplify_char('干'), None);
    }

    #[test]
    fn data_files_parse() {
        assert_eq!(STOPWORDS.problems(), Vec::<String>::new());
        // English words, written in lower case (the comparison ignores ASCII case).
        for w in STOPWORDS.get() {
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
        }
    }

    #[test]
    fn every_rewriting_rule_holds_a_trigger() {
        let mut rules = 0;
        for (from, to) in zhconv::tables::expand_table(zhconv::tables::ZH_HANS_TABLE) {
            if from != to {
                rules += 1;
                assert!(needs_simplifying(&from), "{from} -> {to}");
            }
        }
        assert!(rules > 1000);
        assert!(!needs_simplifying("著名的中俄关系"));
        // Only a phrase rule rewrites 覆 (反覆 -> 反复).
        assert!(needs_simplifying("他说：反覆思量，OK。"));
    }
    use std::path::{Path, PathBuf};

    const SEEDS: &str = "/work/shared/seeds";
    const POSTS: &str = "/work/shared/corpus/agora0+2403/_posts";

    /// The seed whose name starts with `prefix`, or `None` (test skips) when the data is absent.
    fn seed(prefix: &str) -> Option<String> {
        let dir = std::fs::read_dir(SEEDS).ok()?;
        for e in dir.flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix) {
                return std::fs::read_to_string(e.path()).ok();
            }
        }
        None
    }

    /// Files of the agora0 corpus folders whose name contains `-{outlet}-`.
    fn corpus_files(outlet: &str, limit: usize) -> Vec<PathBuf> {
        let root = Path::new("/work/shared/corpus");
        let Ok(dirs) = std::fs::read_dir(root) else {
            return Vec::new();
        };
        let mut dirs: Vec<PathBuf> = dirs
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("agora0+"))
            })
            .collect();
        dirs.sort();
        let tag = format!("-{outlet}-");
        let mut out = Vec::new();
        for d in dirs {
            let Ok(files) = std::fs::read_dir(d.join("_posts")) else {
                continue;
            };
            let mut files: Vec<PathBuf> = files
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().contains(&tag))
                })
                .collect();
            files.sort();
            out.extend(files);
        }
        // Spread the sample over all months rather than taking the first ones.
        let step = (out.len() / limit.max(1)).max(1);
        out.into_iter().step_by(step).take(limit).collect()
    }

    fn pars(text: &str) -> Vec<String> {
        text.lines().map(|l| l.trim().to_string()).collect()
    }

    #[test]
    fn names() {
        assert_eq!(Script::Hans.as_str(), "hans");
        assert_eq!(Script::Hant.as_str(), "hant");
        assert_eq!(Script::Mixed.as_str(), "mixed");
        assert_eq!(Script::None.as_str(), "none");
        assert_eq!(Lang::Zh.as_str(), "zh");
        assert_eq!(Lang::En.as_str(), "en");
        assert_eq!(Lang::ZhEn.as_str(), "zh+en");
    }

    #[test]
    fn character_classes() {
        let t = tables();
        let class = |c: char| {
            let i = table_index(c).expect("in table range");
            (bit(&t.simp, i), bit(&t.trad, i))
        };
        for c in ['发', '国', '这', '习', '罗', '关', '会'] {
            assert_eq!(class(c), (true, false), "{c} should be simplified-only");
        }
        for c in ['發', '國', '這', '習', '羅', '關', '裡', '為'] {
            assert_eq!(class(c), (false, true), "{c} should be traditional-only");
        }
        // Shared characters, including those OpenCC maps one-to-many with themselves as an
        // option (干 -> 幹/乾/干, 台 -> 臺/台): no evidence.
        for c in ['中', '人', '干', '台', '乾', '普', '京', '俄'] {
            assert_eq!(class(c), (false, false), "{c} should be shared");
        }
        // A sizeable share of the blocks is script-specific; far from all of it.
        let simp: u32 = t.simp.iter().map(|w| w.count_ones()).sum();
        let trad: u32 = t.trad.iter().map(|w| w.count_ones()).sum();
        assert!((1500..5000).contains(&simp), "simplified-only: {simp}");
        assert!((1500..6000).contains(&trad), "traditional-only: {trad}");
        assert_eq!(
            t.simp
                .iter()
                .zip(&t.trad)
                .map(|(a, b)| (a & b).count_ones())
                .sum::<u32>(),
            0
        );
    }

    /// The table shortcut must agree with converting each character alone.
    #[test]
    fn lines_are_skipped_exactly() {
        // The line check is live: no rule spans a line break, and every rewriting rule holds a
        // trigger or a character of the short list outside the blocks.
        let t = tables();
        assert!(t.lines_exact);
        assert!(t.line_extra.len() < 64, "{:?}", t.line_extra);
        assert!(!line_needs_simplifying("中俄关系，普京与习近平会谈。Putin"));
        assert!(line_needs_simplifying("俄羅斯"));
        assert!(line_needs_simplifying("反覆"));
        assert!(line_needs_simplifying("於是"));
        for &c in &t.line_extra {
            assert!(line_needs_simplifying(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn tables_match_single_char_conversion() {
        let t = tables();
        let to_hant = zhconv::get_builtin_converter(zhconv::Variant::ZhHant);
        let to_hans = zhconv::get_builtin_converter(zhconv::Variant::ZhHans);
        let mut buf = String::new();
        let mut checked = 0;
        // Every 7th character keeps the debug-build test quick while crossing both blocks.
        for u in (EXTA_START..=EXTA_END)
            .chain(URO_START..=URO_END)
            .step_by(7)
        {
            let Some(c) = char::from_u32(u) else { continue };
            buf.clear();
            buf.push(c);
            let changes_t = to_hant.convert(&buf) != buf;
            let changes_s = to_hans.convert(&buf) != buf;
            let i = table_index(c).expect("in range");
            assert_eq!(bit(&t.simp, i), changes_t && !changes_s, "simp {c}");
            assert_eq!(bit(&t.trad, i), changes_s && !changes_t, "trad {c}");
            checked += 1;
        }
        assert!(checked > 3900);
    }

    #[test]
    fn script_short_strings() {
        assert_eq!(detect_script(""), Script::None);
        assert_eq!(detect_script("Putin, 2024 — ok!"), Script::None);
        assert_eq!(detect_script("こんにちは"), Script::None);
        assert_eq!(detect_script("中俄元首互致新春问候"), Script::Hans);
        assert_eq!(
            detect_script("習近平同俄羅斯總統普京舉行視頻會晤"),
            Script::Hant
        );
        // Only shared characters: documented default.
        assert_eq!(detect_script("中日大山"), Script::Hans);
        // Two traditional-only against one simplified-only: majority, not mixed (needs 3).
        assert_eq!(detect_script("國發这"), Script::Hant);
        // 3 simplified vs 3 traditional: mixed.
        assert_eq!(
            detect_script("习近平会见 習近平會見 俄罗斯 俄羅斯"),
            Script::Mixed
        );
        // 11 traditional-only, 2 simplified-only: minority below 3 → majority.
        assert_eq!(
            detect_script("國際關係發展與經濟貿易這裡为们"),
            Script::Hant
        );
        // Extension B character counts as Han even though it is outside the tables.
        assert_eq!(detect_script("\u{20000}"), Script::Hans);
        // Odd input never panics.
        assert_eq!(detect_script("\u{FFFD}\u{0}\u{10FFFF}"), Script::None);
    }

    #[test]
    fn script_seeds() {
        let (Some(s0), Some(s2), Some(s3), Some(s4)) =
            (seed("000_"), seed("002_"), seed("003_"), seed("004_"))
        else {
            eprintln!("seeds absent: skipped");
            return;
        };
        assert_eq!(detect_script(&s0), Script::Hans);
        assert_eq!(detect_script(&s2), Script::Hans);
        assert_eq!(detect_script(&s4), Script::Hans);
        assert_eq!(detect_script(&s3), Script::Hant);
        let n = count_script(&s3);
        assert!(n.trad > 50 && n.simp * 20 < n.trad, "{n:?}");
    }

    #[test]
    fn lang_short_strings() {
        assert_eq!(detect_lang(""), Lang::Zh);
        assert_eq!(detect_lang("Putin visits China"), Lang::En);
        assert_eq!(detect_lang("TikTok禁令"), Lang::Zh);
        let zh = "据报道，TikTok首席执行官周受资（Shou Zi Chew）周四在美国国会作证，北约（NATO）秘书长也就COVID-19发表讲话，详见 https://www.dw.com/zh/a-68204677 。";
        assert!(scan_lang(zh).han >= 30);
        assert_eq!(detect_lang(zh), Lang::Zh);
        let en = "The two heads of state exchanged festive greetings for the upcoming Chinese Lunar New Year. \
                  Xi recalled the three meetings he had with Putin last year, which led to a range of important \
                  common understandings, and said that cooperation between the two sides is in the interests of both peoples.";
        assert_eq!(detect_lang(en), Lang::En);
        assert_eq!(detect_lang(&format!("{zh}\n{zh}\n\n{en}")), Lang::ZhEn);
        // Same words chopped by Chinese text into short runs: still Chinese.
        let chopped: String = en
            .split(' ')
            .collect::<Vec<_>>()
            .chunks(5)
            .map(|c| format!("{}，中方表示", c.join(" ")))
            .collect();
        assert_eq!(detect_lang(&chopped), Lang::Zh);
    }

    #[test]
    fn english_word_tokens() {
        for w in [
            "Putin",
            "(UN)",
            "People's",
            "China-Russia",
            "\"Taiwan",
            "said,",
            "a",
        ] {
            assert!(english_word(w).is_some(), "{w}");
        }
        for w in [
            "COVID-19",
            "U.S.",
            "https://x.org",
            "a=b",
            "x_y",
            "2025",
            "-",
            "'",
            "ab-",
            "é",
            "",
        ] {
            assert!(english_word(w).is_none(), "{w}");
        }
    }

    #[test]
    fn lang_prose_filters() {
        let zh = "据法新社报道，南非总统拉马福萨周四宣布，金砖国家领导人已就扩员进程的指导原则、标准、准则和程序达成一致，而正式成员资格将从明年一月一日起生效。";
        // French caption text, twice (RFI image credit): no English function words.
        let fr = "Russie : la ville de Magnitogorsk dans les montagnes de Oural est un symbole parmi les symboles qui se voulait le fleuron de la puissance industrielle. Ici, Vladimir Poutine en visite dans une usine de Magnitogorsk (Oural), le juillet (illustration)";
        assert_eq!(detect_lang(&format!("{zh}\n{fr}\n{fr}")), Lang::Zh);
        // A long list of names is not prose either.
        let names = "Vladimir Putin, Xi Jinping, Olaf Scholz, Emmanuel Macron, Joe Biden, Rishi Sunak, Narendra Modi, Lula da Silva, Cyril Ramaphosa, Fumio Kishida, Yoon Suk Yeol, Justin Trudeau, Giorgia Meloni";
        assert_eq!(detect_lang(&format!("{zh}\n{names}")), Lang::Zh);
        // English inside markup attributes is skipped; the same English as body text counts.
        let en = "Putin said that Russia and China have always provided each other with trust and support, and treated each other as equals. Cooperation between the two sides is in the interests of the two peoples and has been unaffected by changes in the international landscape.";
        let attr = format!("<p>{zh}</p><img alt=\"{en}\" src=\"https://s.rfi.fr/a.jpg\">");
        assert_eq!(detect_lang(&attr), Lang::Zh);
        let body = format!("<p>{zh}</p><p>{en}</p>");
        assert_eq!(detect_lang(&body), Lang::ZhEn);
        // Unclosed or non-tag angle brackets are text, and never panic.
        assert_eq!(detect_lang("a < b and <"), Lang::En);
        assert_eq!(detect_lang("<"), Lang::Zh);
        assert_eq!(detect_lang("<p"), Lang::Zh);
        assert_eq!(detect_lang("\u{FFFD}<\u{4E2D}>"), Lang::Zh);
        // A stray `<` before Chinese text does not swallow it up to a later tag.
        let stray = format!("x<y {zh}<p>");
        assert_eq!(scan_lang(&stray).han, scan_lang(zh).han);
        assert_eq!(tag_end(b"p>"), Some(1));
        assert_eq!(tag_end(b"a href=\"x\">t"), Some(10));
        assert_eq!(tag_end(b"y < z >"), None);
        assert_eq!(tag_end(b" b>"), None);
        assert_eq!(tag_end(b""), None);
        let long = "<a".repeat(50_000);
        assert_eq!(detect_lang(&long), Lang::Zh);
    }

    #[test]
    fn lang_seeds() {
        let (Some(s0), Some(s2), Some(s3)) = (seed("000_"), seed("002_"), seed("003_")) else {
            eprintln!("seeds absent: skipped");
            return;
        };
        // 000 and 002 carry HTML and URLs; neither makes them English.
        assert_eq!(detect_lang(&s0), Lang::Zh);
        assert_eq!(detect_lang(&s2), Lang::Zh);
        assert_eq!(detect_lang(&s3), Lang::ZhEn);
        let p = pars(&s3);
        let tail = english_tail_start(&p).expect("003 has an English tail");
        assert_eq!(p[tail], "Xi talks with Putin via video meeting");
        assert_eq!(detect_lang(&p[..tail].join("\n")), Lang::Zh);
        assert_eq!(detect_lang(&p[tail..].join("\n")), Lang::En);
    }

    #[test]
    fn tail_rules() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let zh =
            "國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤，兩國元首互致新年祝福。";
        let en1 = "Chinese President Xi Jinping on Tuesday said he is willing to work with Russian President Vladimir Putin.";
        let en2 = "The two heads of state exchanged festive greetings for the upcoming Chinese Lunar New Year.";
        assert_eq!(english_tail_start(&[]), None);
        assert_eq!(english_tail_start(&s(&[zh, zh])), None);
        assert_eq!(
            english_tail_start(&s(&[zh, "", en1, "", en2, "2025-01-23"])),
            Some(2)
        );
        // English only: no Chinese head.
        assert_eq!(english_tail_start(&s(&[en1, en2])), None);
        // A short credit line is not a translation.
        assert_eq!(
            english_tail_start(&s(&[zh, "(Xinhua/Rao Aimin) Photo by staff"])),
            None
        );
        // English in the middle, Chinese at the end: no tail.
        assert_eq!(english_tail_start(&s(&[zh, en1, en2, zh])), None);
        // An English paragraph quoting a Chinese name is still English.
        let en3 = "Xi (习近平) called for coping with uncertainties of the external environment together.";
        assert_eq!(english_tail_start(&s(&[zh, en3, en1])), Some(1));
    }

    fn share(outlet: &str, want: Script, limit: usize) -> Option<(usize, usize)> {
        let files = corpus_files(outlet, limit);
        if files.is_empty() {
            return None;
        }
        let mut ok = 0;
        let mut n = 0;
        for f in &files {
            let Ok(bytes) = std::fs::read(f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            n += 1;
            let got = detect_script(&text);
            if got == want {
                ok += 1;
            } else {
                eprintln!(
                    "{outlet}: {} -> {got:?} {:?}",
                    f.display(),
                    count_script(&text)
                );
            }
        }
        Some((ok, n))
    }

    #[test]
    fn corpus_samples_agora0_2403() {
        let dir = Path::new(POSTS);
        let Ok(rd) = std::fs::read_dir(dir) else {
            eprintln!("corpus absent: skipped");
            return;
        };
        let mut names: Vec<String> = rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for (outlet, want) in [
            ("CNA", Script::Hant),
            ("RTHK", Script::Hant),
            ("DW", Script::Hans),
            ("RFI", Script::Hans),
        ] {
            let tag = format!("-{outlet}-");
            let picked: Vec<&String> = names.iter().filter(|n| n.contains(&tag)).take(3).collect();
            assert!(!picked.is_empty(), "no {outlet} file in {POSTS}");
            for name in picked {
                let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
                assert_eq!(detect_script(&text), want, "{name}");
                assert_eq!(detect_lang(&text), Lang::Zh, "{name}");
            }
        }
    }

    /// Over the agora0 sample (spread across 36 months): CNA and RTHK read as traditional, RFI,
    /// KYODO and AJ as simplified, at 98% or better.
    #[test]
    fn corpus_outlet_scripts() {
        let mut any = false;
        for (outlet, want) in [
            ("CNA", Script::Hant),
            ("RTHK", Script::Hant),
            ("RFI", Script::Hans),
            ("KYODO", Script::Hans),
            ("AJ", Script::Hans),
        ] {
            let Some((ok, n)) = share(outlet, want, 400) else {
                continue;
            };
            any = true;
            eprintln!("{outlet}: {ok}/{n} {}", want.as_str());
            assert!(n >= 50, "{outlet}: only {n} files");
            assert!(
                ok * 100 >= n * 98,
                "{outlet}: {ok}/{n} detected {}",
                want.as_str()
            );
        }
        if !any {
            eprintln!("corpus absent: skipped");
        }
    }

    /// DW's Chinese service publishes in both scripts under the same `/zh/` links: in agora0 about
    /// 85% of its items are simplified, 10% traditional and 5% traditional articles carrying
    /// simplified agency copy or galleries. So DW is checked against an independent judge instead
    /// of a fixed answer: zhconv's phrase-level `is_hans_confidence` must agree with every
    /// single-script verdict (98% or better), and mixed verdicts must have both scripts well
    /// represented by that judge too.
    #[test]
    fn corpus_dw_matches_phrase_level_judge() {
        let files = corpus_files("DW", 600);
        if files.is_empty() {
            eprintln!("corpus absent: skipped");
            return;
        }
        let (mut agree, mut single, mut hans, mut mixed_ok, mut mixed) = (0, 0, 0, 0, 0);
        for f in &files {
            let Ok(bytes) = std::fs::read(f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let conf = zhconv::is_hans_confidence(&text);
            match detect_script(&text) {
                Script::Hans | Script::Hant if conf.is_nan() => single += 1,
                got @ (Script::Hans | Script::Hant) => {
                    single += 1;
                    hans += usize::from(got == Script::Hans);
                    let judge = if conf > 0.5 {
                        Script::Hans
                    } else {
                        Script::Hant
                    };
                    if judge == got {
                        agree += 1;
                    } else {
                        eprintln!("DW {}: {got:?} vs judge {conf}", f.display());
                    }
                }
                Script::Mixed => {
                    mixed += 1;
                    mixed_ok += usize::from((0.15..=0.85).contains(&conf));
                }
                Script::None => {}
            }
        }
        eprintln!("DW: {single} single-script ({hans} hans), {agree} agree; {mixed_ok}/{mixed} mixed confirmed");
        assert!(single >= 100, "only {single} DW files");
        assert!(
            agree * 100 >= single * 98,
            "DW: {agree}/{single} agree with the judge"
        );
        assert!(hans * 100 >= single * 75, "DW: {hans}/{single} simplified");
        assert!(
            mixed_ok * 100 >= mixed * 90,
            "DW: {mixed_ok}/{mixed} mixed confirmed"
        );
    }
}

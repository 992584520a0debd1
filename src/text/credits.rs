//! Wire and source credits: which agency the text itself credits (a dateline, a source note, a
//! reported-by mention, the outlet's own opener, or a caption's credit), by the agencies' many
//! names normalised to one.

use std::sync::OnceLock;

use crate::data::{table, words, Table, Words};

use super::boilerplate::{classify, is_hard_footer, Role};
use super::captions::{caption_tail, is_latin_credit, latin_tail, starts_caption_prefix};
use super::phrases::{label_prefix, PairIndex};
use super::strings::{
    ends_any, is_close_bracket, is_han, is_open_bracket, split_trailing_bracket, starts_any,
    whole_bracket_inner,
};

/// (alias as written, canonical simplified name). Longest alias wins at a position, so
/// `朝鲜中央通讯社` (KCNA) is never read as `中央通讯社` (CNA).
static ALIASES: Table<2> = table!("credits/agencies.tsv");

/// First characters of all aliases, sorted, so that scanning a body only tries aliases at
/// characters that can start one.
fn alias_first_chars() -> &'static [char] {
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    FIRST.get_or_init(|| {
        let mut v: Vec<char> = ALIASES
            .get()
            .iter()
            .filter_map(|[a, _]| a.chars().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

static NOT_AGENCY_AFTER: Words = words!("credits/not_agency_after.txt");

/// The characters of [`NOT_AGENCY_AFTER`].
fn not_agency_after() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        NOT_AGENCY_AFTER
            .get()
            .iter()
            .flat_map(|w| w.chars())
            .collect()
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
    for &[alias, canon] in ALIASES.get() {
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
        } else if after.is_some_and(|c| not_agency_after().contains(&c)) {
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
    I.get_or_init(|| PairIndex::new(ALIASES.get().iter().map(|&[a, _]| (a, 0, 0)).collect()))
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
pub(crate) fn exact_alias(s: &str) -> Option<&'static str> {
    let t = s.trim();
    match alias_at(t, 0) {
        Some((canon, len)) if len == t.len() => Some(canon),
        _ => None,
    }
}

/// Words that can stand in a source note in place of an agency name.
static NOTE_WORDS: Words = words!("credits/note_words.txt");

/// Splits a source list such as `路透社、法新社等` into tokens.
pub(crate) fn note_tokens(inner: &str) -> Vec<&str> {
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
        } else if !NOTE_WORDS.get().contains(&t) {
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
pub(crate) fn source_note(p: &str) -> Option<Option<&'static str>> {
    let (prefix, inner) = split_trailing_bracket(p)?;
    if !is_byline(prefix) {
        return None;
    }
    source_list(inner)
}

static DATELINE_MARKS: Words = words!("credits/dateline_marks.txt");

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
        // A bracketed dateline must be complete inside its bracket: "（中央社）美國總統12日表示" is
        // a caption credit followed by text, not a dateline.
        let window = match window.find(['）', ')', '】']) {
            Some(close) => &window[..close],
            None => window.as_str(),
        };
        if DATELINE_MARKS.get().iter().any(|m| window.contains(m)) {
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
static BEFORE_TRIGGERS: Words = words!("credits/before_triggers.txt");

/// Words after an agency that say it reported something.
static AFTER_TRIGGERS: Words = words!("credits/after_triggers.txt");

static SOURCE_LABELS: Words = words!("credits/source_labels.txt");
static SOURCE_OPENERS: Words = words!("credits/source_openers.txt");
static NOT_ACCORDING: Words = words!("credits/not_according.txt");

/// The first agency a paragraph credits as its source: `据新华社报道`, `法新社報導，…`,
/// `来源 : 半岛电视台`, `（本文来自道琼斯通讯社）`, or a trailing `（路透社）`.
fn mention(p: &str) -> Option<&'static str> {
    if let Some(note) = source_note(p) {
        return note;
    }
    let inner = whole_bracket_inner(p).unwrap_or(p);
    if label_prefix(inner, SOURCE_LABELS.get()) || starts_any(inner, SOURCE_OPENERS.get()) {
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
        let triggered_before = BEFORE_TRIGGERS.get().iter().any(|t| match before.rfind(t) {
            Some(i) => {
                // "数据" and "证据" are not "according to"; nothing but a country name may sit between.
                let ahead = &before[..i];
                let between = &before[i + t.len()..];
                !ends_any(ahead, NOT_ACCORDING.get()) && !between.chars().any(|c| !is_han(c))
            }
            None => false,
        });
        let triggered_after = AFTER_TRIGGERS.get().iter().any(|t| after.starts_with(t));
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
pub(crate) fn credit_impl<'a>(
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
/// anything after a feed footer is ignored); raw paragraphs keep source notes that
/// [`super::boilerplate::clean`] drops.
pub fn find_credit(body: &[String], captions: &[String]) -> Option<String> {
    credit_impl(
        body.iter().map(|p| (p.as_str(), None)),
        captions.iter().map(String::as_str),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn data_files_parse() {
        assert_eq!(ALIASES.problems(), Vec::<String>::new());
        for w in [
            &NOT_AGENCY_AFTER,
            &NOTE_WORDS,
            &BEFORE_TRIGGERS,
            &AFTER_TRIGGERS,
            &DATELINE_MARKS,
            &NOT_ACCORDING,
            &SOURCE_LABELS,
            &SOURCE_OPENERS,
        ] {
            assert_eq!(w.problems(), Vec::<String>::new());
        }
        for c in NOT_AGENCY_AFTER.get().iter().chain(NOT_ACCORDING.get()) {
            assert_eq!(c.chars().count(), 1, "{c}");
        }
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
}

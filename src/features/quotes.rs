//! Who said what: quotations with their speakers, found by rules over the tokens of a document.
//!
//! A quotation is speech attributed by a verb of saying (说, 表示, 指出, 強調, `said`, ...) to a
//! speaker: a person, a pronoun resolved to one, a role, an institution or a document.
//!
//! - `direct`: the words are inside quote marks (“”, 「」, 『』, `"`); the span is what is inside
//!   the outermost marks.
//! - `indirect`: reported speech without marks; the span runs from after the verb (and its comma
//!   or colon) to the end of the sentence, or, when the attribution follows (……，他说。), from the
//!   sentence start to the comma before it.
//! - `mixed`: reported speech with a quoted piece inside.
//!
//! The speaker is the subject of the attribution clause: its leading noun phrase, the person
//! name in it when there is one (俄罗斯总统普京 → 普京), through the alias table (蒲亭 → 普京). A
//! pronoun (他, 她, 该官员) is resolved to the nearest person quoted or named before it.
//! Marks around a term that no verb attributes (“一带一路”) are not quotations: a quoted piece
//! counts only next to an attribution, or as a whole paragraph that goes on the speech of the
//! paragraph before.

use std::sync::Arc;

use arrow_array::builder::{StringBuilder, StringViewBuilder};
use arrow_array::{ArrayRef, Int64Array, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use rayon::prelude::*;

use super::Doc;
use crate::segment::{Segmenter, StopwordChoice, TokLang, TokenizeOptions};

/// How the words are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// Inside quote marks.
    Direct,
    /// Reported speech without quote marks.
    Indirect,
    /// Reported speech with a quoted piece inside.
    Mixed,
}

impl QuoteKind {
    /// `"direct"`, `"indirect"` or `"mixed"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// One quotation in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// First character (code point) of the quoted words.
    pub start: usize,
    /// End character (exclusive).
    pub end: usize,
    /// Sentence index (as in the token tables) of the first character.
    pub sent: u32,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Who said it, canonical (alias table, script); `None` when no speaker was found.
    pub speaker: Option<String>,
    /// The speaker as written next to the verb.
    pub speaker_raw: Option<String>,
    /// The verb as written (`None` for a paragraph that goes on a quotation before it).
    pub verb: Option<String>,
    /// The quoted words.
    pub text: String,
}

/// Every verb of saying. Those not in [`WEAK_VERBS`] introduce speech with or without a comma
/// after them (普京表示俄方愿意……).
const VERBS: &[&str] = &[
    "说",
    "表示",
    "指出",
    "强调",
    "称",
    "认为",
    "透露",
    "警告",
    "写道",
    "声称",
    "宣称",
    "坦言",
    "直言",
    "重申",
    "回应",
    "说道",
    "补充",
    "告诉",
    "指称",
    "表明",
    "宣布",
    "承认",
    "否认",
    "相信",
    "预计",
    "坚称",
    "暗示",
    "问道",
    "答道",
    "回答",
    "解释",
    "介绍",
    "证实",
    "谴责",
    "批评",
    "抨击",
    "呼吁",
    "主张",
    "质疑",
    "感叹",
    "直指",
    "提醒",
    "形容",
    "说明",
    "表态",
    "举例",
    "分析",
    "估计",
    "觉得",
    "反驳",
    "驳斥",
    "澄清",
    "宣告",
    "表达",
    "提到",
    "提出",
    "写",
    "问",
    "答",
    "称赞",
    "赞扬",
    "发文",
    "指",
    "报道",
    "报导",
    "引述",
    "忆述",
    "推测",
    "预期",
    "誓言",
    "承诺",
    "敦促",
    "指责",
    "指控",
    "告知",
    "讲述",
    "抱怨",
    "坦承",
    "谓",
    "要求",
    "强调说",
    "回应称",
    "反问",
    "追问",
    "感慨",
    "宣称说",
    "怒斥",
    "痛批",
    "力陈",
    "直说",
];

/// Of [`VERBS`], those that only introduce speech when a comma or colon follows them
/// (分析，…… but not 分析数据; 介绍说 but not 介绍经验).
const WEAK_VERBS: &[&str] = &[
    "介绍", "分析", "表达", "提到", "提出", "写", "问", "答", "举例", "说明", "估计", "觉得",
    "称赞", "赞扬", "发文", "批评", "谴责", "抨击", "主张", "质疑", "承认", "证实", "解释", "回答",
    "提醒", "表态", "报道", "报导", "引述", "相信", "感叹", "暗示", "补充", "推测", "预期", "告知",
    "讲述", "抱怨", "坦承", "反问", "追问", "感慨", "力陈",
];

/// Verbs of saying in English passages.
const EN_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "stated",
    "warned",
    "insisted",
    "argued",
    "explained",
    "announced",
    "noted",
    "stressed",
    "according",
];

/// Tags of tokens a verb may be split out of.
const SPLIT_POS: &[&str] = &[
    "nr", "nrfg", "nrt", "x", "v", "ns", "j", "m", "nz", "n", "d", "f", "l", "i",
];

/// Words that end in a verb but are not attributions (小说, 据说).
const NOT_SPLIT: &[&str] = &[
    "小说",
    "传说",
    "学说",
    "据说",
    "听说",
    "演说",
    "游说",
    "解说",
    "胡说",
    "劝说",
    "诉说",
    "述说",
    "再说",
    "虽说",
    "来说",
    "就是说",
    "比如说",
    "也就是说",
    "总的来说",
    "换句话说",
    "不用说",
    "简称",
    "号称",
    "堪称",
    "自称",
    "俗称",
    "人称",
    "统称",
    "名称",
    "昵称",
    "职称",
    "对称",
    "声称",
    "宣称",
    "指称",
    "坚称",
    "称",
    "表示",
    "不是说",
    "可以说",
    "应该说",
    "老实说",
    "坦白说",
];

/// Words before a verb that make it not an attribution (不愿透露, 可以说, 据说 is one token).
const NOT_BEFORE_VERB: &[&str] = &[
    "不",
    "不愿",
    "没有",
    "没",
    "未",
    "拒绝",
    "无法",
    "不肯",
    "不便",
    "不能",
    "不会",
    "可以",
    "应该",
    "所以",
    "就是",
    "也就是",
    "换句话",
    "比如",
    "例如",
    "听",
    "不用",
    "不必",
    "难以",
    "很难",
    "怎么",
    "这么",
    "那么",
    "敢",
    "不敢",
    "很",
    "被",
    "来",
    "要",
    "想",
    "得",
];

/// Words after 称 that make it naming, not saying (称之为, 称其为).
const NAMING_AFTER: &[&str] = &["之", "其", "为", "作", "之为", "其为"];

/// Pronouns that stand for a person named before.
const PERSONAL: &[&str] = &[
    "他",
    "她",
    "他们",
    "她们",
    "其",
    "此人",
    "对方",
    "后者",
    "前者",
    "本人",
    "他本人",
    "她本人",
];

/// Words that point back at someone described before (这名警察, 该官员).
const DEMONSTRATIVES: &[&str] = &[
    "该", "这位", "那位", "这名", "该名", "那名", "此名", "此位", "这个", "这些", "该位", "这",
];

/// Nouns of speakers that jieba does not tag as nouns.
const ROLE_WORDS: &[&str] = &[
    "发言人",
    "消息人士",
    "知情人士",
    "分析人士",
    "外交部",
    "白宫",
    "克里姆林宫",
    "中方",
    "俄方",
    "美方",
    "日方",
    "台方",
    "韩方",
    "欧方",
    "英方",
    "法方",
    "德方",
    "乌方",
    "双方",
    "官方",
    "当局",
    "官员",
    "专家",
    "学者",
    "人士",
    "声明",
    "公报",
    "报告",
    "社论",
    "评论",
    "警察",
    "警员",
    "员警",
    "警方",
    "军方",
    "政府",
    "法院",
    "市民",
    "居民",
    "网民",
    "网友",
    "学生",
    "村民",
    "工人",
    "记者",
    "民众",
    "律师",
    "医生",
    "议员",
    "选民",
    "业者",
    "商家",
    "家长",
    "信徒",
    "教会",
    "当事人",
];

/// Characters a segmenter glues onto the end of an unknown name (乔希在, 艾伦则).
const GLUED: &[char] = &[
    '在', '对', '向', '则', '也', '还', '曾', '已', '将', '于', '和', '与', '说', '称', '表', '并',
    '又', '就',
];

/// Documents that speak for who issued them.
const DOCUMENTS: &[&str] = &[
    "声明",
    "公告",
    "报告",
    "文件",
    "公报",
    "社论",
    "文章",
    "贴文",
    "帖文",
    "通告",
    "通报",
    "白皮书",
    "新闻稿",
    "信",
    "书面声明",
    "联合声明",
];

/// Words at the start of a clause that come before its subject (当天普京表示).
const LEAD_SKIP: &[&str] = &[
    "当天", "此前", "随后", "另外", "此外", "对此", "同时", "但是", "但", "不过", "而", "并", "则",
    "然而", "另", "又", "也", "还", "更", "此后", "其后", "最后", "早前", "稍早", "日前", "近日",
    "昨天", "今天", "周一", "周二", "周三", "周四", "周五", "周六", "周日",
];

/// One token with what the rules need.
#[derive(Debug, Clone)]
struct T {
    start: usize,
    end: usize,
    sent: u32,
    term: String,
    pos: String,
    en: bool,
    /// Latin letters (an English name inside Chinese text).
    latin: bool,
    capital: bool,
}

impl T {
    fn is(&self, w: &str) -> bool {
        self.term == w
    }
    /// A middle dot of a transliterated name, in any of its forms.
    fn is_dot(&self) -> bool {
        matches!(self.term.as_str(), "·" | "•" | "‧" | "・" | "．")
    }
    fn person(&self) -> bool {
        matches!(self.pos.as_str(), "nr" | "nrt" | "nrfg")
    }
    fn nominal(&self) -> bool {
        (self.pos.starts_with('n') && self.pos != "nx")
            || self.pos == "j"
            || self.pos == "s"
            || ROLE_WORDS.contains(&self.term.as_str())
            || (self.latin && self.capital)
    }
}

fn opener_of(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '﹁' => Some('﹂'),
        _ => None,
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '﹂')
}

/// A pair of outermost quote marks: character indices of the opening and closing mark.
#[derive(Debug, Clone, Copy)]
struct Seg {
    open: usize,
    close: usize,
}

/// The outermost quoted pieces of `chars`. A quotation that runs over paragraphs (each opened,
/// only the last closed) is one piece; an opening mark never closed ends at its paragraph and is
/// dropped. ASCII `"` pair up within a paragraph.
fn segments(chars: &[char]) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut ascii_open: Option<usize> = None;
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if is_break(c) {
            ascii_open = None;
            if let Some(&(close, _)) = stack.first() {
                // Goes on in the next paragraph if that one opens with the same mark.
                let mut j = i;
                while j < n && (is_break(chars[j]) || chars[j].is_whitespace()) {
                    j += 1;
                }
                if j < n && opener_of(chars[j]) == Some(close) && stack.len() == 1 {
                    i = j + 1;
                    continue;
                }
                stack.clear();
            }
        } else if c == '“'
            && stack.last().is_some_and(|&(cl, _)| cl == '”')
            && i > 0
            && matches!(
                chars[i - 1],
                '。' | '！' | '？' | '，' | ',' | '…' | '!' | '?' | '.'
            )
        {
            // “……团聚。“ closes with the opening mark, a common slip: read it as the closer.
            let (_, open) = stack.pop().unwrap_or((' ', i));
            if stack.is_empty() {
                out.push(Seg { open, close: i });
            }
        } else if let Some(close) = opener_of(c) {
            stack.push((close, i));
        } else if is_closer(c) {
            if let Some(pos) = stack.iter().rposition(|&(cl, _)| cl == c) {
                let (_, open) = stack[pos];
                stack.truncate(pos);
                if stack.is_empty() {
                    out.push(Seg { open, close: i });
                }
            }
        } else if c == '"' && stack.is_empty() {
            match ascii_open.take() {
                Some(open) => out.push(Seg { open, close: i }),
                None => ascii_open = Some(i),
            }
        }
        i += 1;
    }
    out.sort_by_key(|s| s.open);
    out
}

/// Whether character `i` is inside a quoted piece (marks excluded).
fn inside(segs: &[Seg], i: usize) -> Option<usize> {
    let k = segs.partition_point(|s| s.open < i);
    (k > 0 && segs[k - 1].close > i).then(|| k - 1)
}

/// A speaker as the attribution clause gives it.
#[derive(Debug, Clone, Default)]
struct Who {
    /// Canonical name; empty for a pronoun or a described role, resolved when emitted.
    canon: String,
    /// As written.
    raw: String,
    /// A person (or a pronoun for one).
    person: bool,
    /// For a described role (这名警察): the noun that must match an earlier speaker.
    role: Option<String>,
    /// The whole noun phrase, normalised (美国国务卿布林肯), for later roles to match.
    desc: String,
}

/// A speaker or person seen at a position.
#[derive(Debug, Clone)]
struct Spoke {
    at: usize,
    canon: String,
    person: bool,
    desc: String,
    /// Quoted, not only named.
    quoted: bool,
}

struct Ctx<'a> {
    chars: &'a [char],
    toks: Vec<T>,
    segs: Vec<Seg>,
    /// Segment index by its closing mark's character index.
    seg_by_close: rustc_hash::FxHashMap<usize, usize>,
    seg_by_open: rustc_hash::FxHashMap<usize, usize>,
    seg_used: Vec<bool>,
    out: Vec<Quote>,
    /// Speakers quoted and persons named, in order of position.
    speakers: Vec<Spoke>,
}

impl Ctx<'_> {
    fn text(&self, a: usize, b: usize) -> String {
        self.chars
            .get(a..b)
            .map_or_else(String::new, |s| s.iter().collect())
    }

    /// Start of the sentence holding character `i`: after a terminal at depth 0, after a closing
    /// mark that follows a terminal, or after a line break.
    fn sentence_start(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0 {
            let c = self.chars[j - 1];
            if is_break(c) {
                return j;
            }
            if inside(&self.segs, j - 1).is_none() {
                if is_terminal(c) {
                    return j;
                }
                if is_closer(c) && j >= 2 && is_terminal(self.chars[j - 2]) {
                    return j;
                }
            }
            j -= 1;
        }
        0
    }

    /// End (exclusive) of the sentence from character `i`, the same rules forward; the closing
    /// mark after a terminal belongs to the sentence.
    fn sentence_end(&self, i: usize) -> usize {
        let n = self.chars.len();
        let mut j = i;
        while j < n {
            let c = self.chars[j];
            if is_break(c) {
                return j;
            }
            if inside(&self.segs, j).is_none() && is_terminal(c) {
                let mut e = j + 1;
                while e < n && (is_terminal(self.chars[e]) || is_closer(self.chars[e])) {
                    e += 1;
                }
                return e;
            }
            if let Some(&k) = self.seg_by_open.get(&j) {
                let close = self.segs[k].close;
                if close >= 1 && is_terminal(self.chars[close - 1]) {
                    // “……。” ends the sentence unless an attribution follows on the same line.
                    let after = close + 1;
                    if after >= n
                        || is_break(self.chars[after])
                        || opener_of(self.chars[after]).is_some()
                    {
                        return after.min(n);
                    }
                }
                j = close + 1;
                continue;
            }
            j += 1;
        }
        n
    }

    /// Start of the clause ending at character `i`: after a comma, colon or terminal at depth 0,
    /// after a closing quote mark, or the sentence start.
    fn clause_start(&self, i: usize) -> usize {
        let floor = self.sentence_start(i);
        let mut j = i;
        while j > floor {
            let c = self.chars[j - 1];
            if inside(&self.segs, j - 1).is_some() {
                j -= 1;
                continue;
            }
            if matches!(c, '，' | ',' | '：' | ':' | '—') {
                return j;
            }
            if self.seg_by_close.contains_key(&(j - 1)) {
                // “A，”他说 ends a clause; 在「真實社群」寫道 does not.
                if let Some(&k) = self.seg_by_close.get(&(j - 1)) {
                    if speechlike(self.chars, self.segs[k])
                        || ends_in_punct(self.chars, self.segs[k])
                    {
                        return j;
                    }
                    j = self.segs[k].open;
                    continue;
                }
            }
            j -= 1;
        }
        floor
    }

    fn tok_range(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self.toks.partition_point(|t| t.start < a);
        let hi = self.toks.partition_point(|t| t.start < b);
        lo..hi.max(lo)
    }

    /// The speaker among tokens `r` (a clause before its verb).
    fn subject(&self, r: std::ops::Range<usize>) -> Option<Who> {
        let toks = &self.toks[r.clone()];
        let mut k = 0;
        // （中央社記者華盛頓2日專電）川普表示: a dateline or aside before the subject.
        if toks.first().is_some_and(|t| t.is("（") || t.is("(")) {
            if let Some(c) = toks.iter().position(|t| t.is("）") || t.is(")")) {
                k = c + 1;
            }
        }
        // 据塔斯社报道 / 据他说: the speaker follows 据.
        if toks.get(k).is_some_and(|t| t.is("据") || t.is("根据")) {
            k += 1;
        }
        // 黃|玠說, 許章|潤在: an unknown name the segmenter broke into pieces, at the clause start.
        {
            let mut e = k;
            let mut len = 0;
            while e < toks.len()
                && (fragment(&toks[e]) || toks[e].person())
                && (e == k || toks[e].start == toks[e - 1].end)
            {
                len += toks[e].end - toks[e].start;
                e += 1;
            }
            let ends = e == toks.len()
                || matches!(
                    toks[e].pos.as_str(),
                    "p" | "d" | "f" | "t" | "v" | "c" | "x"
                );
            if e > k + 1 && (2..=4).contains(&len) && ends && !toks[k..e].iter().any(T::person) {
                let raw = self.text(toks[k].start, toks[e - 1].end);
                let canon: String = toks[k..e].iter().map(|t| t.term.as_str()).collect();
                return Some(Who {
                    desc: canon.clone(),
                    canon,
                    raw,
                    person: true,
                    role: None,
                });
            }
        }
        while k < toks.len()
            && (LEAD_SKIP.contains(&toks[k].term.as_str())
                || matches!(
                    toks[k].pos.as_str(),
                    "t" | "c" | "d" | "m" | "mq" | "q" | "x"
                ))
            && !toks[k].is_dot()
            && !(toks[k].pos == "m"
                && toks
                    .get(k + 1)
                    .is_some_and(|t| t.nominal() || t.pos == "vn"))
        {
            k += 1;
        }
        let first = toks.get(k)?;
        if PERSONAL.contains(&first.term.as_str()) {
            // 他, 她本人: resolved to a person before.
            if toks.get(k + 1).is_some_and(T::person) {
                return Some(self.person_at(r.start + k + 1));
            }
            return Some(Who {
                canon: String::new(),
                raw: self.text(first.start, first.end),
                person: true,
                role: None,
                desc: String::new(),
            });
        }
        let demonstrative = DEMONSTRATIVES.contains(&first.term.as_str());
        let np_start = if demonstrative { k + 1 } else { k };
        let mut e = np_start;
        while e < toks.len() {
            let t = &toks[e];
            let next_nominal = toks.get(e + 1).is_some_and(T::nominal)
                || (t.pos == "uj"
                    && toks.get(e + 1).is_some_and(|n| n.pos == "m")
                    && toks.get(e + 2).is_some_and(T::nominal));
            let joins_next = matches!(t.pos.as_str(), "uj" | "m" | "b" | "a" | "vn")
                || t.is("、")
                || t.is("及")
                || t.is("和")
                || t.is("与");
            if t.nominal() || t.is_dot() || (joins_next && next_nominal) {
                e += 1;
            } else if fragment(t)
                && toks
                    .get(e + 1)
                    .is_some_and(|n| n.person() && n.start == t.end)
            {
                // 毕|艾伦, 狄|志远: a name the segmenter broke.
                e += 1;
            } else if t.is("《") {
                // 英国《卫报》: a medium named by its title.
                match toks[e..].iter().position(|t| t.is("》")) {
                    Some(c) => e += c + 1,
                    None => break,
                }
            } else if t.is("（") || t.is("(") {
                // 施米丁(Holger Schmieding): an aside inside the phrase.
                match toks[e..].iter().position(|t| t.is("）") || t.is(")")) {
                    Some(c) => e += c + 1,
                    None => break,
                }
            } else {
                break;
            }
        }
        if e > np_start {
            let who = self.noun_phrase(r.start + np_start, r.start + e, demonstrative, r.start + k);
            if who.person || who.canon.is_empty() {
                return Some(who);
            }
            // 立法會建築、測量……議員謝偉銓表示: a long title the phrase did not reach the end of.
            if let Some(w) = self.title_name(r.clone()) {
                return Some(w);
            }
            let lone =
                e == np_start + 1 && matches!(toks[np_start].pos.as_str(), "vn" | "v" | "a" | "an");
            if !lone {
                return Some(who);
            }
        }
        if let Some(w) = self.title_name(r.clone()) {
            return Some(w);
        }
        // 一名不愿透露姓名的官员说, 居住在新西兰的汉学家白洁明在电话中说: the noun phrase
        // after the last 的 before a preposition.
        let until = toks
            .iter()
            .position(|t| t.pos == "p" && !t.is("据"))
            .unwrap_or(toks.len());
        if let Some(d) = toks[..until].iter().rposition(|t| t.pos == "uj") {
            let mut e = d + 1;
            while e < until
                && (toks[e].nominal()
                    || toks[e].pos == "vn"
                    || toks[e].is_dot()
                    || (fragment(&toks[e]) && toks.get(e + 1).is_some_and(T::person)))
            {
                e += 1;
            }
            if e > d + 1 && (e == until || matches!(toks[e].pos.as_str(), "p" | "d" | "t" | "x")) {
                return Some(self.noun_phrase(
                    r.start + d + 1,
                    r.start + e,
                    false,
                    r.start + d + 1,
                ));
            }
        }
        None
    }

    /// The last title in tokens `r` followed by a name that runs up to the verb or to a
    /// preposition, time or adverb (……副局長梁宏正今日表示).
    fn title_name(&self, r: std::ops::Range<usize>) -> Option<Who> {
        let toks = &self.toks[r.clone()];
        let t = toks.iter().rposition(title)?;
        let mut e = t + 1;
        while e < toks.len()
            && !matches!(
                toks[e].pos.as_str(),
                "p" | "t" | "d" | "x" | "uj" | "f" | "c"
            )
        {
            e += 1;
        }
        let name = &toks[t + 1..e];
        let len: usize = name.iter().map(|x| x.end - x.start).sum();
        let ok = !name.is_empty()
            && name.len() <= 4
            && (2..=12).contains(&len)
            && name.iter().all(|x| {
                !title(x)
                    && !ROLE_WORDS.contains(&x.term.as_str())
                    && x.pos != "nt"
                    && !x.pos.starts_with('v')
            });
        if !ok {
            return None;
        }
        let canon = if name.iter().any(|x| x.latin) {
            self.text(name[0].start, name[name.len() - 1].end)
        } else {
            name.iter().map(|x| x.term.as_str()).collect()
        };
        let raw = self.text(name[0].start, name[name.len() - 1].end);
        Some(Who {
            desc: canon.clone(),
            canon,
            raw,
            person: true,
            role: None,
        })
    }

    /// The speaker named by tokens `a..b`: its person name if it has one (俄罗斯总统普京 → 普京),
    /// else the phrase (克里姆林宫, 分析人士); after a demonstrative (这名警察) the speaker
    /// described so before, if any. `raw_from` is where the phrase as written starts.
    fn noun_phrase(&self, a: usize, b: usize, demonstrative: bool, raw_from: usize) -> Who {
        let desc: String = if self.toks[a..b].iter().any(|t| t.latin) {
            self.text(self.toks[a].start, self.toks[b - 1].end)
        } else {
            self.toks[a..b].iter().map(|t| t.term.as_str()).collect()
        };
        // 郑博士, 颜先生, 林先生, or the surname alone: the person of that surname named before
        // (颜明煌; 迈克尔·林, whose surname comes last).
        let phrase: Vec<char> = desc.chars().collect();
        if (1..=4).contains(&phrase.len()) && b - a <= 2 {
            let surname = phrase[0];
            let rest: String = phrase[1..].iter().collect();
            const COURTESY: &[&str] = &[
                "",
                "先生",
                "女士",
                "博士",
                "教授",
                "小姐",
                "医生",
                "律师",
                "老师",
                "总统",
                "主席",
                "总理",
                "部长",
                "议员",
                "太太",
                "夫人",
                "大使",
                "将军",
                "法官",
                "姓男子",
                "姓女子",
            ];
            if COURTESY.contains(&rest.as_str()) {
                let at = self.toks[a].start;
                let tail = format!("·{surname}");
                if let Some(x) = self.speakers.iter().rev().find(|x| {
                    x.at < at
                        && x.person
                        && x.canon.chars().count() > phrase.len().min(2)
                        && x.canon != desc
                        && (x.canon.starts_with(surname) || x.canon.ends_with(&tail))
                }) {
                    let raw = self.text(self.toks[raw_from].start, self.toks[b - 1].end);
                    return Who {
                        canon: x.canon.clone(),
                        raw,
                        person: true,
                        role: None,
                        desc,
                    };
                }
                // Named before, though neither quoted nor a sentence's subject.
                let found = (0..a)
                    .rev()
                    .filter(|&i| self.toks[i].person())
                    .map(|i| self.person_at(i))
                    .find(|w| {
                        w.canon.chars().count() > phrase.len().min(2)
                            && w.canon != desc
                            && (w.canon.starts_with(surname) || w.canon.ends_with(&tail))
                    });
                if let Some(w) = found {
                    let raw = self.text(self.toks[raw_from].start, self.toks[b - 1].end);
                    return Who {
                        canon: w.canon,
                        raw,
                        person: true,
                        role: None,
                        desc,
                    };
                }
            }
        }
        // 国投证券首席经济学家高善文: the name after the last title, whatever its tags.
        let last_person = (a..b).rev().find(|&i| self.toks[i].person());
        if let Some(t) = (a..b - 1)
            .rev()
            .find(|&i| title(&self.toks[i]))
            .filter(|&t| last_person.is_none_or(|p| p < t))
        {
            let name = &self.toks[t + 1..b];
            let len: usize = name.iter().map(|x| x.end - x.start).sum();
            if !name.is_empty()
                && name.len() <= 4
                && (2..=12).contains(&len)
                && name.iter().all(|x| {
                    !title(x)
                        && !ROLE_WORDS.contains(&x.term.as_str())
                        && x.pos != "ns"
                        && x.pos != "nt"
                })
                && !name.iter().any(|x| x.is("（") || x.is("("))
            {
                let canon = if name.iter().any(|x| x.latin) {
                    self.text(name[0].start, name[name.len() - 1].end)
                } else {
                    name.iter().map(|x| x.term.as_str()).collect()
                };
                let raw = self.text(name[0].start, name[name.len() - 1].end);
                return Who {
                    canon,
                    raw,
                    person: true,
                    role: None,
                    desc,
                };
            }
        }
        if let Some(p) = (a..b).rev().find(|&i| self.toks[i].person()) {
            let mut w = self.person_at_within(p, a, b);
            w.desc = desc;
            return w;
        }
        // 英国《卫报》报道: the medium.
        if let (Some(o), Some(c)) = (
            (a..b).find(|&i| self.toks[i].is("《")),
            (a..b).find(|&i| self.toks[i].is("》")),
        ) {
            if o + 1 < c {
                let name: String = self.toks[o + 1..c]
                    .iter()
                    .map(|t| t.term.as_str())
                    .collect();
                let raw = self.text(self.toks[raw_from].start, self.toks[b - 1].end);
                return Who {
                    canon: name,
                    raw,
                    person: false,
                    role: None,
                    desc,
                };
            }
        }
        // Kunjal Gala, Kelly: a name in Latin letters ends the phrase.
        let latin = (a..b)
            .rev()
            .take_while(|&i| self.toks[i].latin && self.toks[i].capital)
            .count();
        if latin > 0
            && latin <= 3
            && !self.toks[b - 1]
                .term
                .chars()
                .all(|c| c.is_ascii_lowercase())
        {
            let first = b - latin;
            let all_caps = self.toks[first..b]
                .iter()
                .all(|t| self.text(t.start, t.end).chars().all(|c| !c.is_lowercase()));
            let name = self.text(self.toks[first].start, self.toks[b - 1].end);
            return Who {
                canon: name.clone(),
                raw: name,
                person: !all_caps,
                role: None,
                desc,
            };
        }
        let raw = self.text(self.toks[raw_from].start, self.toks[b - 1].end);
        // 声明说, 公告称: a document speaks for who issued it (第七舰队声明 → 第七舰队), or for
        // the speaker before it when it names nobody (中方的声明).
        if DOCUMENTS.contains(&self.toks[b - 1].term.as_str()) {
            let mut e = b - 1;
            while e > a && self.toks[e - 1].pos == "uj" {
                e -= 1;
            }
            if e > a
                && !matches!(
                    self.toks[e - 1].term.as_str(),
                    "中方" | "俄方" | "美方" | "日方"
                )
            {
                let issuer: String = self.toks[a..e].iter().map(|t| t.term.as_str()).collect();
                return Who {
                    canon: issuer,
                    raw,
                    person: false,
                    role: None,
                    desc,
                };
            }
            return Who {
                canon: String::new(),
                raw,
                person: false,
                role: Some(String::new()),
                desc,
            };
        }
        if demonstrative {
            let role = self.toks[b - 1].term.clone();
            return Who {
                canon: String::new(),
                raw,
                person: true,
                role: Some(role),
                desc,
            };
        }
        Who {
            canon: desc.clone(),
            raw,
            person: false,
            role: None,
            desc,
        }
    }

    /// A person's name around token `i` within tokens `a..b`, over the pieces a segmenter
    /// breaks a transliteration into (索|加瓦|雷).
    fn person_at_within(&self, i: usize, a: usize, b: usize) -> Who {
        let mut w = self.person_at(i);
        let (mut lo, mut hi) = (i, i + 1);
        if self.toks[i].end - self.toks[i].start <= 2 {
            while lo > a
                && fragment(&self.toks[lo - 1])
                && self.toks[lo - 1].end == self.toks[lo].start
            {
                lo -= 1;
            }
        }
        if self.toks[i].end - self.toks[i].start == 1 {
            while hi < b
                && self.toks[hi].start == self.toks[hi - 1].end
                && self.toks[hi].end - self.toks[hi].start <= 2
                && self.toks[hi].term.chars().all(|c| c > '\u{2e80}')
                && !ROLE_WORDS.contains(&self.toks[hi].term.as_str())
            {
                hi += 1;
            }
        }
        if (lo, hi) != (i, i + 1) {
            w.canon = self.toks[lo..hi].iter().map(|t| t.term.as_str()).collect();
            w.raw = self.text(self.toks[lo].start, self.toks[hi - 1].end);
        }
        w
    }

    /// A person's name around token `i`, joined over middle dots (凯文·坎纳德).
    fn person_at(&self, i: usize) -> Who {
        let (mut a, mut b) = (i, i + 1);
        while a >= 2 && self.toks[a - 1].is_dot() && self.toks[a - 2].nominal() {
            a -= 2;
        }
        // A one-character name is a piece of a transliteration the segmenter broke (克|伦德|宁).
        if b - a == 1 && self.toks[i].end - self.toks[i].start == 1 {
            while a > 0
                && i - a < 3
                && self.toks[a - 1].end == self.toks[a].start
                && self.toks[a - 1].end - self.toks[a - 1].start <= 2
                && matches!(
                    self.toks[a - 1].pos.as_str(),
                    "m" | "ns" | "j" | "nz" | "nr" | "nrt" | "nrfg"
                )
            {
                a -= 1;
            }
        }
        while b + 1 < self.toks.len() && self.toks[b].is_dot() && self.toks[b + 1].nominal() {
            b += 2;
        }
        let mut canon: String = if b - a == 1 {
            self.toks[i].term.clone()
        } else {
            self.toks[a..b].iter().map(|t| t.term.as_str()).collect()
        };
        let mut raw_end = self.toks[b - 1].end;
        // 乔希在: the segmenter glued a preposition or adverb onto an unknown name.
        if b - a == 1 && canon.chars().count() >= 3 && !self.toks[i].latin {
            if let Some(last) = canon.chars().last().filter(|c| GLUED.contains(c)) {
                canon.truncate(canon.len() - last.len_utf8());
                raw_end -= 1;
            }
        }
        Who {
            desc: canon.clone(),
            canon,
            raw: self.text(self.toks[a].start, raw_end),
            person: true,
            role: None,
        }
    }

    /// Who a pronoun or a described role at character `at` stands for: the nearest speaker
    /// before it so described (这名警察 → the police officer quoted before), or for a pronoun the
    /// nearest person quoted or named.
    fn resolve(&self, who: &Who, at: usize) -> String {
        let before = || self.speakers.iter().rev().filter(move |x| x.at < at);
        let found = match &who.role {
            // A document naming nobody: the speaker quoted before it.
            Some(role) if role.is_empty() => before().find(|x| x.quoted).map(|x| x.canon.clone()),
            Some(role) => before()
                .find(|x| x.desc.contains(role.as_str()))
                .map(|x| x.canon.clone()),
            // A pronoun: the person quoted last, else the person named last.
            None => before().find(|x| x.person).map(|x| x.canon.clone()),
        };
        found.unwrap_or_else(|| match &who.role {
            Some(_) => who.desc.clone(),
            None => who.raw.clone(),
        })
    }

    fn overlaps(&self, a: usize, b: usize) -> bool {
        self.out.iter().any(|q| q.start < b && a < q.end)
    }

    fn sent_of(&self, a: usize) -> u32 {
        let k = self.toks.partition_point(|t| t.end <= a);
        self.toks.get(k).or(self.toks.last()).map_or(0, |t| t.sent)
    }

    fn emit(
        &mut self,
        a: usize,
        b: usize,
        kind: QuoteKind,
        who: &Who,
        verb: Option<String>,
        at: usize,
    ) {
        let (a, b) = self.trim(a, b, kind);
        if b <= a || self.overlaps(a, b) {
            return;
        }
        let canon = if who.canon.is_empty() {
            self.resolve(who, at)
        } else {
            who.canon.clone()
        };
        // Kept in order of position (after those already seen at the same one).
        let k = self.speakers.partition_point(|x| x.at <= at);
        self.speakers.insert(
            k,
            Spoke {
                at,
                canon: canon.clone(),
                person: who.person,
                desc: if who.desc.is_empty() {
                    canon.clone()
                } else {
                    who.desc.clone()
                },
                quoted: true,
            },
        );
        self.out.push(Quote {
            start: a,
            end: b,
            sent: self.sent_of(a),
            kind,
            speaker: Some(canon),
            speaker_raw: Some(who.raw.clone()),
            verb,
            text: self.text(a, b),
        });
    }

    /// Trim spaces; reported speech also loses its final terminal and closing brackets.
    fn trim(&self, mut a: usize, mut b: usize, kind: QuoteKind) -> (usize, usize) {
        while a < b && self.chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && self.chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if kind != QuoteKind::Direct {
            while b > a
                && (is_terminal(self.chars[b - 1])
                    || matches!(
                        self.chars[b - 1],
                        '）' | ')' | '，' | ',' | '.' | '：' | ':'
                    ))
            {
                b -= 1;
            }
            while b > a && self.chars[b - 1].is_whitespace() {
                b -= 1;
            }
        }
        (a, b)
    }

    /// Kind of reported content `a..b`: a single quoted piece filling it is direct.
    fn classify(&self, a: usize, b: usize) -> (QuoteKind, usize, usize) {
        let (a, b) = self.trim(a, b, QuoteKind::Indirect);
        if let Some(&k) = self.seg_by_open.get(&a) {
            let s = self.segs[k];
            if s.close + 1 >= b {
                return (QuoteKind::Direct, s.open + 1, s.close);
            }
        }
        let has = self.segs.iter().any(|s| s.open >= a && s.close < b);
        (
            if has {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            },
            a,
            b,
        )
    }
}

/// Forms of the verbs in both scripts, and the simplified verb of each.
fn verb_forms() -> &'static (Option<aho_corasick::AhoCorasick>, Vec<&'static str>) {
    use crate::segment::normalize::{convert, Target};
    static FORMS: std::sync::OnceLock<(Option<aho_corasick::AhoCorasick>, Vec<&'static str>)> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let mut pats: Vec<String> = Vec::new();
        let mut verbs = Vec::new();
        for &v in VERBS {
            for form in [
                v.to_owned(),
                convert(v, Target::Traditional),
                convert(v, Target::Taiwan),
            ] {
                if !pats.contains(&form) {
                    pats.push(form);
                    verbs.push(v);
                }
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&pats)
            .ok();
        (ac, verbs)
    })
}

/// Tokens that jieba glued a verb into (克伦德宁说 as one name, 在声明中说 with 中说) are split
/// where the verb is followed by a comma, colon or quote mark: the evidence of the marks is
/// stronger than the segmenter's guess.
fn split_verbs(text: &str, chars: &[char], toks: &mut Vec<T>) {
    let (Some(ac), verbs) = verb_forms() else {
        return;
    };
    let mut char_at = Vec::with_capacity(text.len() + 1);
    for (ci, c) in chars.iter().enumerate() {
        for _ in 0..c.len_utf8() {
            char_at.push(ci);
        }
    }
    char_at.push(chars.len());
    let mut splits: Vec<(usize, usize, usize, &'static str)> = Vec::new();
    for m in ac.find_iter(text) {
        let (s, e) = (char_at[m.start()], char_at[m.end()]);
        if !chars
            .get(e)
            .is_some_and(|&c| matches!(c, '，' | ',' | '：' | ':' | '“' | '「' | '『' | '。'))
        {
            continue;
        }
        let k = toks.partition_point(|t| t.end <= s);
        let Some(t) = toks.get(k) else { continue };
        // The word the verb would end (名稱 in 專輯名稱) must not be a known non-attribution.
        let tail: String = {
            let tc: Vec<char> = t.term.chars().collect();
            let n = (e - s + 1).min(tc.len());
            tc[tc.len() - n..].iter().collect()
        };
        if t.start < s
            && t.end == e
            && SPLIT_POS.contains(&t.pos.as_str())
            && !NOT_SPLIT.contains(&t.term.as_str())
            && !NOT_SPLIT.contains(&tail.as_str())
        {
            splits.push((k, s, e, verbs[m.pattern().as_usize()]));
        }
    }
    for &(k, s, _, verb) in splits.iter().rev() {
        let t = toks[k].clone();
        let n_before = s - t.start;
        let term_chars: Vec<char> = t.term.chars().collect();
        let head_term: String = if term_chars.len() == t.end - t.start {
            term_chars[..n_before].iter().collect()
        } else {
            chars[t.start..s].iter().collect()
        };
        let head = T {
            end: s,
            term: head_term,
            ..t.clone()
        };
        let tail = T {
            start: s,
            term: verb.to_owned(),
            pos: "v".to_owned(),
            ..t
        };
        toks[k] = head;
        toks.insert(k + 1, tail);
    }
}

/// A title or role before a name (经济学家, 副局长, 发言人, 议员).
fn title(t: &T) -> bool {
    const WORDS: &[&str] = &[
        "书记",
        "主任",
        "主管",
        "大使",
        "代表",
        "顾问",
        "将军",
        "先生",
        "女士",
        "记者",
        "学者",
        "专家",
        "董事",
        "秘书",
        "司令",
        "议长",
        "首相",
        "国务卿",
        "外长",
        "发言人",
        "负责人",
        "创办人",
        "创始人",
        "院长",
        "所长",
        "校长",
        "社长",
        "总监",
        "总编",
        "主编",
        "博士",
        "教授",
        "律师",
        "医生",
        "牧师",
        "主席",
        "总统",
        "总理",
        "部长",
        "局长",
        "市长",
        "州长",
        "省长",
        "议员",
        "官员",
        "经理",
        "总裁",
        "分析师",
        "经济学家",
        "研究员",
        "主持人",
        "委员",
        "干事",
        "法官",
        "检察官",
        "大法官",
        "特使",
        "公使",
        "领事",
        "总领事",
        "处长",
        "司长",
        "署长",
        "厅长",
        "会长",
        "理事长",
        "董事长",
        "首席执行官",
        "执行长",
        "女王",
        "国王",
        "王储",
        "总长",
        "参谋长",
        "指挥官",
        "教宗",
        "教皇",
        "主教",
        "歌手",
        "演员",
    ];
    let n = t.term.chars().count();
    WORDS.contains(&t.term.as_str())
        || (n == 2
            && t.pos.starts_with('n')
            && ["长", "员", "官", "师", "授", "使"]
                .iter()
                .any(|s| t.term.ends_with(s))
            && !matches!(
                t.term.as_str(),
                "家长" | "成员" | "人员" | "学员" | "会员" | "师长"
            ))
        || (n >= 3
            && [
                "长", "员", "家", "师", "官", "授", "裁", "席", "统", "理", "使",
            ]
            .iter()
            .any(|s| t.term.ends_with(s)))
}

/// A short token of the kind a segmenter leaves when it breaks a name (毕 v, 狄 zg).
fn fragment(t: &T) -> bool {
    t.end - t.start <= 2
        && !t.latin
        && matches!(
            t.pos.as_str(),
            "v" | "zg"
                | "nrfg"
                | "nr"
                | "nrt"
                | "j"
                | "m"
                | "a"
                | "ng"
                | "b"
                | "x"
                | "ag"
                | "vg"
                | "dg"
                | "tg"
                | "rg"
        )
        && t.term.chars().all(|c| c > '\u{2e80}')
        && !ROLE_WORDS.contains(&t.term.as_str())
        && !VERBS.contains(&t.term.as_str())
}

/// Whether the piece ends in a comma or terminal inside its marks (“……，”他说).
fn ends_in_punct(chars: &[char], s: Seg) -> bool {
    s.close > s.open + 1
        && matches!(
            chars[s.close - 1],
            '，' | ',' | '。' | '！' | '？' | '!' | '?' | '…' | '.'
        )
}

/// Speech-like: a clause, not a term (has a comma or terminal, or is long).
fn speechlike(chars: &[char], s: Seg) -> bool {
    let inner = chars.get(s.open + 1..s.close).unwrap_or(&[]);
    let n = inner.len();
    n >= 15
        || (n >= 6
            && inner
                .iter()
                .any(|&c| matches!(c, '，' | ',' | '。' | '！' | '？' | '…')))
}

/// The quotations of one text, in order of position.
pub fn quotes(seg: &Segmenter, text: &str) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let opts = TokenizeOptions {
        pos: true,
        keep_punct: true,
        stopwords: StopwordChoice::Off,
        ..TokenizeOptions::default()
    };
    let mut toks = Vec::new();
    seg.tokenize_each(text, &opts, |t| {
        toks.push(T {
            start: t.start as usize,
            end: t.end as usize,
            sent: t.sent,
            term: t.term.to_owned(),
            pos: t.pos.to_owned(),
            en: t.lang == TokLang::En && t.raw.is_ascii(),
            latin: !t.raw.is_empty()
                && t.raw
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-' || c == '.'),
            capital: t.raw.chars().next().is_some_and(char::is_uppercase),
        });
    });
    toks.sort_by_key(|t| (t.start, t.end));
    split_verbs(text, &chars, &mut toks);
    let segs = segments(&chars);
    let mut cx = Ctx {
        chars: &chars,
        seg_by_close: segs.iter().enumerate().map(|(k, s)| (s.close, k)).collect(),
        seg_by_open: segs.iter().enumerate().map(|(k, s)| (s.open, k)).collect(),
        seg_used: vec![false; segs.len()],
        segs,
        toks,
        out: Vec::new(),
        speakers: Vec::new(),
    };
    // Persons named anywhere, for pronouns that refer back to a name not yet quoted.
    // Only the first person named in a sentence: a pronoun refers back to a subject, not to
    // whoever was mentioned last (普京会见了习近平。他说 is Putin speaking).
    let mut seen_sent = u32::MAX;
    let subjects: Vec<usize> = (0..cx.toks.len())
        .filter(|&k| {
            let t = &cx.toks[k];
            if t.person() && t.sent != seen_sent && inside(&cx.segs, t.start).is_none() {
                seen_sent = t.sent;
                true
            } else {
                false
            }
        })
        .collect();
    cx.speakers = subjects
        .into_iter()
        .map(|k| (k, &cx.toks[k]))
        .map(|(k, t)| {
            let w = cx.person_at(k);
            Spoke {
                at: t.start,
                canon: w.canon,
                person: true,
                desc: t.term.clone(),
                quoted: false,
            }
        })
        .collect();
    let n = cx.toks.len();
    let mut i = 0;
    while i < n {
        let t = &cx.toks[i];
        let is_verb = if t.en {
            EN_VERBS.contains(&t.term.as_str())
        } else {
            VERBS.contains(&t.term.as_str())
        };
        if !is_verb || inside(&cx.segs, t.start).is_some() {
            i += 1;
            continue;
        }
        let next = if t.en {
            english(&mut cx, i)
        } else {
            attribution(&mut cx, i)
        };
        i = next.max(i + 1);
    }
    continuations(&mut cx);
    cx.out.sort_by_key(|q| q.start);
    cx.out
}

/// Whole paragraphs in quote marks that go on the speech of the paragraph before (a speech
/// quoted over several paragraphs, each its own piece).
fn continuations(cx: &mut Ctx<'_>) {
    let chars = cx.chars;
    for k in 0..cx.segs.len() {
        let s = cx.segs[k];
        if cx.seg_used[k] || !speechlike(chars, s) || cx.overlaps(s.open, s.close) {
            continue;
        }
        let mut p = s.open;
        while p > 0 && chars[p - 1].is_whitespace() && !is_break(chars[p - 1]) {
            p -= 1;
        }
        if p > 0 && !is_break(chars[p - 1]) {
            continue;
        }
        // The previous paragraph ends at `j`; its last quotation must end it.
        let mut j = p;
        while j > 0 && chars[j - 1].is_whitespace() {
            j -= 1;
        }
        let prev = cx
            .out
            .iter()
            .filter(|q| q.end <= j && q.end + 30 >= j && q.end >= p_start(chars, j))
            .max_by_key(|q| q.end)
            .cloned();
        if let Some(q) = prev {
            let who = Who {
                canon: q.speaker.clone().unwrap_or_default(),
                raw: q.speaker_raw.clone().unwrap_or_default(),
                person: false,
                role: None,
                desc: String::new(),
            };
            cx.seg_used[k] = true;
            cx.emit(
                s.open + 1,
                s.close,
                QuoteKind::Direct,
                &who,
                q.verb.clone(),
                s.open,
            );
        }
    }
}

/// Start of the paragraph holding character `j - 1`.
fn p_start(chars: &[char], j: usize) -> usize {
    let mut p = j;
    while p > 0 && !is_break(chars[p - 1]) {
        p -= 1;
    }
    p
}

/// Try the attribution whose verb is token `i`; returns the token index to go on from.
fn attribution(cx: &mut Ctx<'_>, i: usize) -> usize {
    let chars = cx.chars;
    let n = chars.len();
    let vt = cx.toks[i].clone();
    // Verbs run together: 回应说, 表示说, 回应道.
    let mut last = i;
    let joins = |t: &T| matches!(t.term.as_str(), "说" | "道" | "称" | "表示" | "指出");
    while last + 1 < cx.toks.len()
        && cx.toks[last + 1].start == cx.toks[last].end
        && joins(&cx.toks[last + 1])
    {
        last += 1;
    }
    // Not an attribution after a negation or modal (不愿透露, 可以说), or when 称 names (称之为).
    if i > 0
        && NOT_BEFORE_VERB.contains(&cx.toks[i - 1].term.as_str())
        && cx.toks[i - 1].end == vt.start
    {
        return last + 1;
    }
    if vt.is("称")
        && cx
            .toks
            .get(last + 1)
            .is_some_and(|t| NAMING_AFTER.contains(&t.term.as_str()))
    {
        return last + 1;
    }
    let cstart = cx.clause_start(vt.start);
    let r = cx.tok_range(cstart, vt.start);
    let mut who = cx.subject(r.clone());
    if who.is_none() {
        // 并表示, 还说: the subject of the sentence's first clause.
        let ss = cx.sentence_start(vt.start);
        let adverbs_only = r.clone().all(|k| {
            matches!(cx.toks[k].pos.as_str(), "d" | "c" | "p" | "f" | "t")
                || LEAD_SKIP.contains(&cx.toks[k].term.as_str())
        });
        if ss < cstart && adverbs_only {
            // The nearest clause before it that has a subject (自去年6月起，政府人員多次勒令……，稱).
            let mut end = cstart.saturating_sub(1);
            while who.is_none() && end > ss {
                let mut start = end;
                while start > ss && !matches!(chars[start - 1], '，' | ',') {
                    start -= 1;
                }
                who = cx.subject(cx.tok_range(start, end));
                end = start.saturating_sub(1);
            }
        }
    }
    let Some(who) = who else {
        return last + 1;
    };
    // An addressee (告诉记者, 告诉BBC说, 告诉我说), then perhaps 说.
    let mut a = cx.toks[last].end;
    let mut k = last + 1;
    if matches!(
        vt.term.as_str(),
        "告诉" | "问" | "回答" | "回应" | "提醒" | "敦促" | "呼吁" | "要求"
    ) {
        let mut skipped = 0;
        while k < cx.toks.len()
            && skipped < 4
            && cx.toks[k].start == a
            && (cx.toks[k].nominal() || cx.toks[k].pos == "r" || cx.toks[k].en)
            && !joins(&cx.toks[k])
        {
            a = cx.toks[k].end;
            k += 1;
            skipped += 1;
        }
        if k < cx.toks.len() && cx.toks[k].start == a && joins(&cx.toks[k]) {
            a = cx.toks[k].end;
            last = k;
        } else if skipped > 0 && !matches!(chars.get(a), Some('，' | ',' | '：' | ':')) {
            a = cx.toks[last].end;
        }
    }
    let verb = cx.text(vt.start, cx.toks[last].end);
    while a < n && chars[a] == ' ' {
        a += 1;
    }
    let after = chars.get(a).copied();
    let weak = WEAK_VERBS.contains(&vt.term.as_str());
    // 据新华社报道，习近平表示……: the report carries someone else's words; they are the quotation.
    if matches!(vt.term.as_str(), "报道" | "报导" | "引述") {
        let e = cx.sentence_end(a);
        let inner = cx.tok_range(a, e);
        let speaks = |k: usize| {
            VERBS.contains(&cx.toks[k].term.as_str())
                && inside(&cx.segs, cx.toks[k].start).is_none()
                && chars
                    .get(cx.toks[k].end)
                    .is_some_and(|&c| matches!(c, '，' | ',' | '：' | ':' | '“' | '「'))
        };
        if inner.into_iter().any(speaks) {
            return last + 1;
        }
    }
    let at = vt.start;
    let left = left_quote(cx, cstart);
    let mut done = false;
    match after {
        Some('，' | ',' | '：' | ':') => {
            let colon = matches!(after, Some('：' | ':'));
            let mut b = a + 1;
            while b < n && chars[b].is_whitespace() && (colon || !is_break(chars[b])) {
                b += 1;
            }
            if b < n && !is_break(chars[b]) {
                done = content_after(cx, b, &who, &verb, at);
            }
        }
        Some(c) if opener_of(c).is_some() || c == '"' => {
            done = content_after(cx, a, &who, &verb, at);
        }
        Some(c) if !weak && !is_terminal(c) && !is_break(c) && !is_closer(c) && left.is_none() => {
            done = content_after(cx, a, &who, &verb, at);
        }
        _ => {}
    }
    if let Some(k) = left {
        let s = cx.segs[k];
        cx.seg_used[k] = true;
        cx.emit(
            s.open + 1,
            s.close,
            QuoteKind::Direct,
            &who,
            Some(verb.clone()),
            at,
        );
        // “A，”他说。“B。” The pieces that open the next sentences of the paragraph go on.
        if !done && matches!(after, Some('。' | '！' | '？')) {
            following_pieces(cx, a + 1, &who, &verb, at, false);
        }
    } else if !done
        && matches!(
            after,
            None | Some('。' | '！' | '？' | '；' | '\n' | '\r' | '，' | ',')
        )
    {
        // ……，普京说。 The content is the sentence before the speaker's clause.
        let ss = cx.sentence_start(cstart);
        let mut e = cstart;
        while e > ss && matches!(chars[e - 1], '，' | ',' | ' ') {
            e -= 1;
        }
        if e > ss + 3 && e < cstart {
            let (kind, qa, qb) = cx.classify(ss, e);
            if kind == QuoteKind::Direct || qb - qa >= 4 {
                cx.emit(qa, qb, kind, &who, Some(verb.clone()), at);
            }
        }
    }
    last + 1
}

/// Quoted pieces from character `a` on: each right after the one before (only spaces, a comma or
/// an enumeration comma between), all spoken by `who`.
fn following_pieces(cx: &mut Ctx<'_>, a: usize, who: &Who, verb: &str, at: usize, first_any: bool) {
    let chars = cx.chars;
    let mut j = a;
    let mut first = first_any;
    loop {
        while j < chars.len() && matches!(chars[j], ' ' | '，' | ',' | '、') {
            j += 1;
        }
        let Some(&k) = cx.seg_by_open.get(&j) else {
            break;
        };
        if cx.seg_used[k] {
            break;
        }
        let s = cx.segs[k];
        let long = s.close - s.open > 4;
        if !((first && long) || speechlike(chars, s) || ends_in_punct(chars, s)) {
            break;
        }
        first = false;
        cx.seg_used[k] = true;
        cx.emit(
            s.open + 1,
            s.close,
            QuoteKind::Direct,
            who,
            Some(verb.to_owned()),
            at,
        );
        j = s.close + 1;
    }
}

/// The quoted piece that ends right before clause `cstart` (only spaces and a comma between)
/// and starts a sentence or follows a colon: “A，”他说.
fn left_quote(cx: &Ctx<'_>, cstart: usize) -> Option<usize> {
    let chars = cx.chars;
    let mut j = cstart;
    while j > 0 && matches!(chars[j - 1], ' ' | '，' | ',') {
        j -= 1;
    }
    let k = *cx.seg_by_close.get(&j.checked_sub(1)?)?;
    if cx.seg_used[k] {
        return None;
    }
    let s = cx.segs[k];
    let mut p = s.open;
    while p > 0 && chars[p - 1] == ' ' {
        p -= 1;
    }
    let starts = p == 0
        || is_break(chars[p - 1])
        || is_terminal(chars[p - 1])
        || is_closer(chars[p - 1])
        || matches!(chars[p - 1], '：' | ':' | '，' | ',' | '.');
    (starts && (speechlike(chars, s) || ends_in_punct(chars, s) || s.close - s.open > 2))
        .then_some(k)
}

/// Reported content starting at character `a`, to the end of its sentence. Quoted pieces that
/// open it are direct quotations (“A”，“B”); otherwise it is reported speech, mixed when a
/// quoted piece is inside.
fn content_after(cx: &mut Ctx<'_>, a: usize, who: &Who, verb: &str, at: usize) -> bool {
    let chars = cx.chars;
    let before = cx.out.len();
    if let Some(&k) = cx.seg_by_open.get(&a) {
        let s = cx.segs[k];
        let mut j = s.close + 1;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let next = chars.get(j).copied();
        let ends = match next {
            None => true,
            Some(c) => {
                is_terminal(c)
                    || is_break(c)
                    || opener_of(c).is_some()
                    || matches!(c, '，' | ',' | '、' | '"' | '）' | ')' | '.')
                    || ends_in_punct(chars, s)
            }
        };
        if ends {
            following_pieces(cx, a, who, verb, at, true);
            return cx.out.len() > before;
        }
    }
    let mut e = cx.sentence_end(a);
    // 普京表示，……，他明确指出：“……” The reported speech ends where another attribution
    // with its own subject begins.
    for k in cx.tok_range(a, e) {
        let t = &cx.toks[k];
        if VERBS.contains(&t.term.as_str())
            && inside(&cx.segs, t.start).is_none()
            && chars
                .get(t.end)
                .is_some_and(|&c| matches!(c, '，' | ',' | '：' | ':' | '“' | '「'))
        {
            let c = cx.clause_start(t.start);
            if c > a + 3 && c < t.start && cx.subject(cx.tok_range(c, t.start)).is_some() {
                e = c;
                break;
            }
        }
    }
    let (kind, qa, qb) = cx.classify(a, e);
    if kind != QuoteKind::Direct && qb.saturating_sub(qa) < 4 {
        return false;
    }
    cx.emit(qa, qb, kind, who, Some(verb.to_owned()), at);
    for k in 0..cx.segs.len() {
        if cx.segs[k].open + 1 >= qa && cx.segs[k].close <= qb {
            cx.seg_used[k] = true;
        }
    }
    cx.out.len() > before
}

/// English: `X said (that) ...`, `"...," X said`, `..., said X`, `according to X`.
fn english(cx: &mut Ctx<'_>, i: usize) -> usize {
    let chars = cx.chars;
    let vt = cx.toks[i].clone();
    // Tokens are in order and sentence ids never decrease: the sentence is one range.
    let lo = cx.toks.partition_point(|t| t.sent < vt.sent);
    let hi = cx.toks.partition_point(|t| t.sent <= vt.sent);
    let sent: Vec<usize> = (lo..hi).collect();
    let pos_in = sent.iter().position(|&k| k == i).unwrap_or(0);
    let at = vt.start;
    let verb = cx.text(vt.start, vt.end);
    let name_run = |cx: &Ctx<'_>, ks: &[usize]| -> Option<Who> {
        let (&first, &lastk) = (ks.first()?, ks.last()?);
        if let Some(&p) = ks.iter().find(|&&k| cx.toks[k].person()) {
            return Some(cx.person_at(p));
        }
        let raw = cx.text(cx.toks[first].start, cx.toks[lastk].end);
        Some(Who {
            canon: raw.clone(),
            raw: raw.clone(),
            person: false,
            role: None,
            desc: raw,
        })
    };
    let capital = |t: &T| t.capital || t.person();
    if vt.is("according") {
        if !sent.get(pos_in + 1).is_some_and(|&k| cx.toks[k].is("to")) {
            return i + 1;
        }
        let run: Vec<usize> = sent[pos_in + 2..]
            .iter()
            .copied()
            .take_while(|&k| capital(&cx.toks[k]) || cx.toks[k].is("the"))
            .filter(|&k| !cx.toks[k].is("the"))
            .collect();
        let Some(who) = name_run(cx, &run) else {
            return i + 1;
        };
        let ss = cx.sentence_start(vt.start);
        if ss + 3 < vt.start {
            let mut e = vt.start;
            while e > ss && matches!(chars[e - 1], ',' | ' ') {
                e -= 1;
            }
            let (kind, qa, qb) = cx.classify(ss, e);
            cx.emit(qa, qb, kind, &who, Some(verb), at);
        } else if let Some(&lastk) = run.last() {
            let mut a = cx.toks[lastk].end;
            if chars.get(a) == Some(&',') {
                a += 1;
            }
            let e = en_sentence_end(chars, a);
            let (kind, qa, qb) = cx.classify(a, e);
            cx.emit(qa, qb, kind, &who, Some(verb), at);
        }
        return i + 1;
    }
    // The subject right before the verb (Putin said, the Kremlin said, he said) ...
    let mut run = Vec::new();
    let mut k = pos_in;
    let mut pronoun = None;
    while k > 0 {
        let t = &cx.toks[sent[k - 1]];
        if capital(t) && t.en || t.person() {
            run.push(sent[k - 1]);
            k -= 1;
        } else if run.is_empty() && matches!(t.term.as_str(), "he" | "she" | "they") {
            pronoun = Some(sent[k - 1]);
            break;
        } else {
            break;
        }
    }
    run.reverse();
    let mut a = vt.end;
    let who = if let Some(p) = pronoun {
        let t = &cx.toks[p];
        Some(Who {
            canon: String::new(),
            raw: cx.text(t.start, t.end),
            person: true,
            role: None,
            desc: String::new(),
        })
    } else if !run.is_empty() {
        name_run(cx, &run)
    } else {
        // ... or after it: "...," said Putin.
        let after: Vec<usize> = sent[pos_in + 1..]
            .iter()
            .copied()
            .take_while(|&k| capital(&cx.toks[k]))
            .collect();
        if let Some(&lastk) = after.last() {
            a = cx.toks[lastk].end;
        }
        name_run(cx, &after)
    };
    let Some(who) = who else { return i + 1 };
    if vt.is("told") {
        if let Some(&tk) = sent.get(pos_in + 1) {
            if !cx.toks[tk].is("that") && cx.toks[tk].start <= a + 1 {
                a = cx.toks[tk].end;
            }
        }
    }
    let floor = cx.sentence_start(vt.start);
    let subject_start = run
        .first()
        .or(pronoun.as_ref())
        .map_or(vt.start, |&k| cx.toks[k].start);
    let mut cstart = subject_start;
    while cstart > floor && chars[cstart - 1] == ' ' {
        cstart -= 1;
    }
    if let Some(k) = left_quote(cx, cstart) {
        let s = cx.segs[k];
        cx.seg_used[k] = true;
        cx.emit(s.open + 1, s.close, QuoteKind::Direct, &who, Some(verb), at);
        return i + 1;
    }
    while a < chars.len() && chars[a] == ' ' {
        a += 1;
    }
    match chars.get(a) {
        Some('.') | None => {
            let mut e = cstart;
            while e > floor && matches!(chars[e - 1], ',' | ' ') {
                e -= 1;
            }
            if e > floor + 10 && e < cstart {
                let (kind, qa, qb) = cx.classify(floor, e);
                cx.emit(qa, qb, kind, &who, Some(verb), at);
            }
        }
        Some(_) => {
            let mut b = a;
            if matches!(chars.get(b), Some(',' | ':')) {
                b += 1;
            }
            while b < chars.len() && chars[b] == ' ' {
                b += 1;
            }
            if cx.text(b, (b + 5).min(chars.len())) == "that " {
                b += 5;
            }
            let e = en_sentence_end(chars, b);
            let (kind, qa, qb) = cx.classify(b, e);
            if qb.saturating_sub(qa) >= 10 {
                cx.emit(qa, qb, kind, &who, Some(verb), at);
            }
        }
    }
    i + 1
}

/// End of an English sentence from `a`: the first `. ` / `.` at a line end outside quotes.
fn en_sentence_end(chars: &[char], a: usize) -> usize {
    let mut depth = false;
    let mut j = a;
    while j < chars.len() {
        let c = chars[j];
        if is_break(c) {
            return j;
        }
        if c == '"' {
            depth = !depth;
        }
        if !depth
            && matches!(c, '.' | '?' | '!')
            && chars
                .get(j + 1)
                .is_none_or(|d| d.is_whitespace() || *d == '"')
        {
            return j + 1;
        }
        j += 1;
    }
    j
}

/// Schema of [`quote_batch`].
pub fn quote_schema() -> SchemaRef {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8View, null);
    Arc::new(Schema::new(vec![
        s("doc_id", false),
        Field::new("quote_id", DataType::Int64, false),
        s("speaker", true),
        s("speaker_raw", true),
        s("verb", true),
        s("quote", false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("sent_id", DataType::Int64, false),
    ]))
}

/// The quotations of every document, one batch: a row per quotation in document then position
/// order; `quote_id` counts from 0 within each document.
pub fn quote_batch(docs: &[Doc<'_>], seg: &Segmenter) -> Result<RecordBatch, ArrowError> {
    let found: Vec<Vec<Quote>> = docs
        .par_iter()
        .map(|d| d.text.map_or_else(Vec::new, |t| quotes(seg, t)))
        .collect();
    let mut id = StringViewBuilder::new();
    let (mut sp, mut raw, mut vb, mut qt) = (
        StringViewBuilder::new(),
        StringViewBuilder::new(),
        StringViewBuilder::new(),
        StringViewBuilder::new(),
    );
    let mut kind = StringBuilder::new();
    let (mut qid, mut st, mut en, mut si) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let i64of = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    for (d, qs) in docs.iter().zip(&found) {
        for (k, q) in qs.iter().enumerate() {
            id.append_value(d.id);
            qid.push(i64of(k));
            sp.append_option(q.speaker.as_deref());
            raw.append_option(q.speaker_raw.as_deref());
            vb.append_option(q.verb.as_deref());
            qt.append_value(&q.text);
            kind.append_value(q.kind.as_str());
            st.push(i64of(q.start));
            en.push(i64of(q.end));
            si.push(i64::from(q.sent));
        }
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(Int64Array::from(qid)),
        Arc::new(sp.finish()),
        Arc::new(raw.finish()),
        Arc::new(vb.finish()),
        Arc::new(qt.finish()),
        Arc::new(kind.finish()),
        Arc::new(Int64Array::from(st)),
        Arc::new(Int64Array::from(en)),
        Arc::new(Int64Array::from(si)),
    ];
    RecordBatch::try_new(quote_schema(), cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(Option<String>, QuoteKind, String)> {
        let seg = Segmenter::shared_default();
        let found = quotes(&seg, text);
        let chars: Vec<char> = text.chars().collect();
        for x in &found {
            let span: String = chars[x.start..x.end].iter().collect();
            assert_eq!(span, x.text);
        }
        found
            .into_iter()
            .map(|x| (x.speaker, x.kind, x.text))
            .collect()
    }

    #[test]
    fn direct_and_reported_speech_with_their_speakers() {
        let got = q("俄罗斯总统普京表示，俄方愿意加强合作。他说：“合作没有止境。”");
        assert_eq!(
            got,
            vec![
                (
                    Some("普京".into()),
                    QuoteKind::Indirect,
                    "俄方愿意加强合作".into()
                ),
                (
                    Some("普京".into()),
                    QuoteKind::Direct,
                    "合作没有止境。".into()
                ),
            ]
        );
    }

    #[test]
    fn weak_verbs_are_verbs() {
        for v in WEAK_VERBS {
            assert!(VERBS.contains(v), "{v} is weak but not a verb");
        }
    }

    #[test]
    fn traditional_script_and_aliases() {
        let got = q("蒲亭說：「我們不會讓步。」");
        assert_eq!(
            got,
            vec![(
                Some("普京".into()),
                QuoteKind::Direct,
                "我們不會讓步。".into()
            )]
        );
    }

    #[test]
    fn terms_in_quote_marks_are_not_quotations() {
        assert!(q("中方推进“一带一路”建设，称之为“世纪工程”。").is_empty());
    }

    #[test]
    fn speech_over_paragraphs_goes_on_with_its_speaker() {
        let got = q("王毅说：“中方愿意对话。”\n\n“我们反对任何形式的单边制裁和长臂管辖。”");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0.as_deref(), Some("王毅"));
        assert_eq!(got[1].1, QuoteKind::Direct);
    }

    #[test]
    fn a_glued_verb_is_split_out_of_a_name() {
        // jieba reads 宁说 as one name; the colon and the mark say 说 is the verb.
        let got = q("克伦德宁说：“这次选举事关未来四年，而不是过去。”");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0.as_deref(), Some("克伦德宁"));
    }

    #[test]
    fn marks_that_never_close_do_not_swallow_the_text() {
        assert!(q("“未闭合的引号\n\n普京说，俄方反对制裁。")
            .iter()
            .any(|x| x.2 == "俄方反对制裁"));
        for s in ["“", "”", "说：", "「」", "\"", "他说“"] {
            let _ = q(s);
        }
    }
}

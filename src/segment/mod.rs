//! Tokens researchers can count on: jieba segmentation with one script, one name per entity, and
//! English passages tokenized as English.
//!
//! A [`Segmenter`] is built once from a [`SegmenterConfig`] and is then immutable and shared by
//! every thread. For each text, [`Segmenter::tokenize_each`]:
//!
//! 1. normalises the text ([`normalize`]): full-width forms folded and, with
//!    [`ScriptMode::Simplified`], traditional characters converted phrase by phrase with the
//!    OpenCC tables, remembering where each character came from;
//! 2. splits it into sentences ([`sentence`]) and decides per sentence whether it is Chinese or
//!    English;
//! 3. protects spans that must stay whole: alias and user-dictionary phrases that jieba cannot
//!    hold (Latin names, names with a middle dot, words with spaces: an Aho-Corasick pass with
//!    word-boundary checks) and, in Chinese, numbers with their units ([`numbers`]);
//! 4. cuts the rest with jieba (Chinese) or [`english`] (English);
//! 5. normalises each token: lower case, alias to canonical name, stopwords dropped; and reports
//!    it with its original spelling and character offsets.
//!
//! Alias forms made only of Han characters go into jieba's dictionary rather than the phrase
//! pass, so jieba still decides in context whether they are words (a phrase pass would find 俄国
//! inside 中俄国家).

pub mod english;
pub mod links;
pub mod normalize;
pub mod numbers;
pub mod sentence;

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use jieba_rs::Jieba;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Result, XinwenError};
pub use normalize::{convert, Target};
use normalize::{normalize, normalize_word, Conversion};

/// The alias table shipped with the package (see its header for the rules it follows).
pub const DEFAULT_ALIASES_TSV: &str = include_str!("../../python/xinwen/data/aliases.tsv");
/// The Chinese stopword list shipped with the package.
pub const DEFAULT_STOPWORDS_ZH: &str = include_str!("../../python/xinwen/data/stopwords_zh.txt");
/// The news vocabulary shipped with the package (words jieba's dictionary lacks).
pub const DEFAULT_WORDS: &str = include_str!("../../python/xinwen/data/words.txt");
/// The English stopword list shipped with the package.
pub const DEFAULT_STOPWORDS_EN: &str = include_str!("../../python/xinwen/data/stopwords_en.txt");

/// Which script tokens are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScriptMode {
    /// Convert traditional text to simplified before segmentation (tokens are simplified, raw
    /// text and offsets stay original).
    Simplified,
    /// Segment the text as written.
    Original,
    /// Like [`ScriptMode::Simplified`], and Taiwan's vocabulary becomes the mainland's
    /// (網路→网络, 軟體→软件, 資訊→信息), so that the two regions' words count as one term.
    Mainland,
}

impl ScriptMode {
    /// Parse `"simplified"`, `"original"` or `"mainland"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "simplified" => Ok(ScriptMode::Simplified),
            "original" => Ok(ScriptMode::Original),
            "mainland" => Ok(ScriptMode::Mainland),
            _ => Err(XinwenError::InvalidArgument(format!(
                "unknown script {s:?}: expected one of 'simplified', 'original', 'mainland'"
            ))),
        }
    }

    /// The name accepted by [`ScriptMode::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptMode::Simplified => "simplified",
            ScriptMode::Original => "original",
            ScriptMode::Mainland => "mainland",
        }
    }

    /// The conversion that normalisation applies for this script.
    pub fn conversion(self) -> Conversion {
        match self {
            ScriptMode::Simplified => Conversion::Simplified,
            ScriptMode::Original => Conversion::None,
            ScriptMode::Mainland => Conversion::Mainland,
        }
    }
}

/// jieba's three cutting modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The most likely segmentation (jieba's default).
    Accurate,
    /// Accurate, plus the dictionary words inside long words (for search indexes).
    Search,
    /// Every dictionary word found anywhere (overlapping).
    Full,
}

impl Mode {
    /// Parse `"accurate"`, `"search"` or `"full"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "accurate" => Ok(Mode::Accurate),
            "search" => Ok(Mode::Search),
            "full" => Ok(Mode::Full),
            _ => Err(XinwenError::InvalidArgument(format!(
                "unknown mode {s:?}: expected one of 'accurate', 'search', 'full'"
            ))),
        }
    }
}

/// One entity of an alias table: every form maps to `canonical`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasEntry {
    /// The token every form is counted as.
    pub canonical: String,
    /// jieba part-of-speech tag (`nr` person, `ns` place, `nt` organisation, `nz` other).
    pub tag: String,
    /// Surface forms (the canonical form need not be repeated).
    pub forms: Vec<String>,
}

/// Parse an alias table: lines `canonical<TAB>tag<TAB>form|form|...`; `#` starts a comment
/// line; the tag and the forms may be empty.
pub fn parse_aliases(text: &str) -> Result<Vec<AliasEntry>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let canonical = fields.next().unwrap_or("").trim();
        if canonical.is_empty() {
            return Err(XinwenError::InvalidArgument(format!(
                "alias table line {}: empty canonical name",
                n + 1
            )));
        }
        let tag = fields.next().unwrap_or("").trim();
        let forms = fields
            .next()
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect();
        out.push(AliasEntry {
            canonical: canonical.to_owned(),
            tag: tag.to_owned(),
            forms,
        });
    }
    Ok(out)
}

/// The shipped alias table, parsed once.
pub fn default_aliases() -> &'static [AliasEntry] {
    static TABLE: OnceLock<Vec<AliasEntry>> = OnceLock::new();
    TABLE.get_or_init(|| parse_aliases(DEFAULT_ALIASES_TSV).unwrap_or_default())
}

/// The shipped stopwords (Chinese, then English), parsed once.
pub fn default_stopwords() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        [DEFAULT_STOPWORDS_ZH, DEFAULT_STOPWORDS_EN]
            .iter()
            .flat_map(|t| t.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    })
}

/// One user dictionary word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWord {
    /// The word; it may contain spaces and punctuation.
    pub word: String,
    /// jieba frequency; `None` lets jieba choose one that keeps the word whole.
    pub freq: Option<usize>,
    /// Part-of-speech tag.
    pub tag: Option<String>,
}

/// Parse a user dictionary in jieba's format, one `word [freq] [tag]` per line, read the way
/// Python jieba reads it: a trailing lower-case word is the tag, a number before it (or at the
/// end) the frequency, and everything before is the word, spaces included (`Xi Jinping 10 nr`).
/// Blank lines and lines starting with `#` are skipped.
pub fn parse_user_dict(text: &str) -> Result<Vec<UserWord>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{FEFF}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut rest = line;
        let mut tag = None;
        if let Some((head, last)) = rest.rsplit_once(' ') {
            if !last.is_empty() && last.bytes().all(|b| b.is_ascii_lowercase()) {
                tag = Some(last.to_owned());
                rest = head.trim_end();
            }
        }
        let mut freq = None;
        if let Some((head, last)) = rest.rsplit_once(' ') {
            if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
                freq = Some(last.parse::<usize>().map_err(|e| {
                    XinwenError::InvalidArgument(format!(
                        "user dictionary line {}: frequency {last:?}: {e}",
                        n + 1
                    ))
                })?);
                rest = head.trim_end();
            }
        }
        if rest.is_empty() {
            continue;
        }
        out.push(UserWord {
            word: rest.to_owned(),
            freq,
            tag,
        });
    }
    Ok(out)
}

/// The shipped news vocabulary, parsed once.
pub fn default_words() -> &'static [UserWord] {
    static WORDS: OnceLock<Vec<UserWord>> = OnceLock::new();
    WORDS.get_or_init(|| parse_user_dict(DEFAULT_WORDS).unwrap_or_default())
}

/// Everything a [`Segmenter`] is built from.
#[derive(Debug, Clone)]
pub struct SegmenterConfig {
    /// A base vocabulary added to jieba's dictionary before the user's words: each word gets the
    /// frequency that keeps it whole unless jieba already keeps it whole.
    pub base_words: Vec<UserWord>,
    /// Words added to jieba's dictionary (or to the phrase pass when jieba cannot hold them).
    pub user_words: Vec<UserWord>,
    /// Let jieba's HMM find words that are not in the dictionary.
    pub hmm: bool,
    /// The default script of tokens.
    pub script: ScriptMode,
    /// Entities whose forms are counted as one token.
    pub aliases: Vec<AliasEntry>,
    /// Tokens dropped by default (matched after normalisation, so both scripts and any case).
    pub stopwords: Vec<String>,
}

impl Default for SegmenterConfig {
    fn default() -> Self {
        SegmenterConfig {
            base_words: default_words().to_vec(),
            user_words: Vec::new(),
            hmm: true,
            script: ScriptMode::Simplified,
            aliases: default_aliases().to_vec(),
            stopwords: default_stopwords().to_vec(),
        }
    }
}

/// Language of a token: the passage it was found in (Han text inside an English passage is `Zh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokLang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl TokLang {
    /// `"zh"` or `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokLang::Zh => "zh",
            TokLang::En => "en",
        }
    }
}

/// Which stopwords a call drops.
#[derive(Debug, Clone, Default)]
pub enum StopwordChoice {
    /// The segmenter's own list.
    #[default]
    Segmenter,
    /// Keep every token.
    Off,
    /// A list given for this call (already normalised with [`normalize_stopwords`]).
    Custom(Arc<FxHashSet<Box<str>>>),
}

/// Options of one tokenizing call.
#[derive(Debug, Clone)]
pub struct TokenizeOptions {
    /// Cutting mode.
    pub mode: Mode,
    /// Report part-of-speech tags.
    pub pos: bool,
    /// Keep punctuation tokens.
    pub keep_punct: bool,
    /// Script of the tokens; `None` uses the segmenter's.
    pub script: Option<ScriptMode>,
    /// Stopwords to drop.
    pub stopwords: StopwordChoice,
    /// Advanced once per document by the batch functions of `features`.
    pub progress: Option<Arc<crate::progress::Progress>>,
}

/// How tokens are cut and counted, as plain data: what a call asks for, what a corpus records
/// (serialised) so that a loaded one refuses options that disagree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenSpec {
    pub mode: Mode,
    pub pos: bool,
    pub keep_punct: bool,
    /// `None`: the segmenter's script.
    pub script: Option<ScriptMode>,
    pub stopwords: StopwordSpec,
}

/// Which stopwords a [`TokenSpec`] drops.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StopwordSpec {
    /// The segmenter's own list.
    Segmenter,
    /// None: every token is kept.
    Off,
    /// This list.
    Custom(Vec<String>),
}

impl Default for TokenSpec {
    fn default() -> Self {
        TokenSpec {
            mode: Mode::Accurate,
            pos: false,
            keep_punct: false,
            script: None,
            stopwords: StopwordSpec::Segmenter,
        }
    }
}

impl TokenSpec {
    /// The options of a call.
    pub fn options(&self) -> TokenizeOptions {
        TokenizeOptions {
            mode: self.mode,
            pos: self.pos,
            keep_punct: self.keep_punct,
            script: self.script,
            stopwords: match &self.stopwords {
                StopwordSpec::Segmenter => StopwordChoice::Segmenter,
                StopwordSpec::Off => StopwordChoice::Off,
                StopwordSpec::Custom(w) => StopwordChoice::Custom(Arc::new(normalize_stopwords(w))),
            },
            progress: None,
        }
    }
}

impl Default for TokenizeOptions {
    fn default() -> Self {
        TokenizeOptions {
            mode: Mode::Accurate,
            pos: false,
            keep_punct: false,
            script: None,
            stopwords: StopwordChoice::Segmenter,
            progress: None,
        }
    }
}

/// One token, borrowed for the duration of the callback.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    /// Sentence index in the text.
    pub sent: u32,
    /// First character (code point) of the token in the original text.
    pub start: u32,
    /// End character (exclusive).
    pub end: u32,
    /// The original text of the token.
    pub raw: &'a str,
    /// The normalised form that is counted.
    pub term: &'a str,
    /// Passage language.
    pub lang: TokLang,
    /// Part-of-speech tag (empty unless asked for).
    pub pos: &'a str,
}

/// Lower-case and simplify stopwords the way tokens are normalised, in both scripts.
pub fn normalize_stopwords<S: AsRef<str>>(words: &[S]) -> FxHashSet<Box<str>> {
    let mut set = FxHashSet::default();
    for w in words {
        let w = w.as_ref().trim();
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        set.insert(normalize_word(&lower, Conversion::Simplified).into_boxed_str());
        set.insert(normalize_word(&lower, Conversion::None).into_boxed_str());
    }
    set
}

/// What a protected phrase stands for.
#[derive(Debug, Clone)]
struct PhraseTarget {
    /// Index into `Segmenter::canon` for alias forms; user phrases are normalised as tokens.
    canonical: Option<u32>,
    tag: Box<str>,
}

/// One protected span of a sentence (byte offsets in the sentence).
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    /// `None`: a number (or a link, with `link`).
    phrase: Option<(bool, u32)>,
    /// A web address: counted as nothing.
    link: bool,
}

#[derive(Debug, Default)]
struct Phrases {
    /// Case-insensitive patterns (names, phrases with lower-case letters, Han phrases).
    ci: Option<AhoCorasick>,
    ci_targets: Vec<PhraseTarget>,
    /// Case-sensitive patterns (all-capital acronyms such as `US`, `WHO`).
    cs: Option<AhoCorasick>,
    cs_targets: Vec<PhraseTarget>,
    /// Every pattern holds an ASCII letter or a middle dot, so a sentence without any needs no
    /// search (most Chinese sentences).
    needs_trigger: bool,
}

/// The lexicon value of a stopword that is not an alias.
const STOP: u32 = u32::MAX;

/// Which stopwords one call drops, resolved.
#[derive(Clone, Copy)]
enum Stop<'a> {
    /// The segmenter's own, marked in its lexicon.
    Lexicon,
    Off,
    Set(&'a FxHashSet<Box<str>>),
}

/// A jieba segmenter with xinwen's normalisation; immutable and thread-safe once built.
pub struct Segmenter {
    jieba: Jieba,
    hmm: bool,
    script: ScriptMode,
    /// Normalised surface form (lower case for Latin) → index into `canon`, or [`STOP`] for a
    /// stopword of the segmenter's list: one lookup per token decides both.
    alias_map: FxHashMap<Box<str>, u32>,
    /// Canonical terms and their tags.
    canon: Vec<(Box<str>, Box<str>)>,
    phrases: Phrases,
    stopwords: FxHashSet<Box<str>>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("hmm", &self.hmm)
            .field("script", &self.script)
            .field("aliases", &self.canon.len())
            .field("stopwords", &self.stopwords.len())
            .finish()
    }
}

/// jieba's default dictionary, loaded once per process and cloned for each new segmenter.
fn base_jieba() -> &'static Jieba {
    static BASE: OnceLock<Jieba> = OnceLock::new();
    BASE.get_or_init(Jieba::new)
}

#[inline]
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Characters jieba's dictionary pass keeps together (its `RE_HAN_DEFAULT` class).
#[inline]
fn jieba_word_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

/// Longest word given to jieba's dictionary, in characters. jieba scores a new word by cutting
/// it, and its route over a text is quadratic in the longest dictionary word that matches there,
/// so a 16,000-character "word" took seconds to load and 100,000 did not finish. Longer words
/// are matched as whole phrases instead, in time linear in their length.
const MAX_JIEBA_WORD: usize = 32;

/// Phrases longer than this (in bytes) are matched by an NFA rather than a DFA (see
/// [`Segmenter::new`]).
const MAX_DFA_PHRASE_BYTES: usize = 256;

fn jieba_can_hold(word: &str) -> bool {
    word.chars().all(jieba_word_char)
        && word.chars().any(is_han)
        && word.chars().nth(MAX_JIEBA_WORD).is_none()
}

/// An all-capital acronym (`US`, `U.S.`, `G7`): matched case-sensitively so `us` and `who` the
/// English words are not taken for the United States and the WHO.
fn is_acronym(form: &str) -> bool {
    form.bytes().any(|b| b.is_ascii_uppercase()) && !form.chars().any(char::is_lowercase)
}

impl Segmenter {
    /// Build a segmenter. Invalid configurations (empty words, words that normalise to
    /// nothing) are skipped rather than rejected; the config was validated by the caller.
    pub fn new(config: &SegmenterConfig) -> Result<Self> {
        let mut jieba = base_jieba().clone();
        let mut alias_map: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut canon: Vec<(Box<str>, Box<str>)> = Vec::new();
        let mut ci: Vec<(String, PhraseTarget)> = Vec::new();
        let mut cs: Vec<(String, PhraseTarget)> = Vec::new();
        let mut seen_phrase: FxHashSet<(bool, String)> = FxHashSet::default();

        let mut add_phrase = |form: &str, target: PhraseTarget| {
            let acronym = is_acronym(form);
            if !seen_phrase.insert((acronym, form.to_owned())) {
                return;
            }
            if acronym {
                cs.push((form.to_owned(), target));
            } else {
                ci.push((form.to_owned(), target));
            }
        };

        // Every form goes in as written and simplified (a call may ask for either script), and
        // in mainland vocabulary when the segmenter counts in it.
        let conversions: &[Conversion] = if config.script == ScriptMode::Mainland {
            &[
                Conversion::None,
                Conversion::Simplified,
                Conversion::Mainland,
            ]
        } else {
            &[Conversion::None, Conversion::Simplified]
        };
        for entry in &config.aliases {
            let canonical = normalize_word(entry.canonical.trim(), Conversion::Simplified);
            if canonical.is_empty() {
                continue;
            }
            let idx = canon.len() as u32;
            let tag = if entry.tag.is_empty() {
                "nz"
            } else {
                entry.tag.as_str()
            };
            canon.push((canonical.clone().into_boxed_str(), tag.into()));
            let forms = std::iter::once(entry.canonical.as_str())
                .chain(entry.forms.iter().map(String::as_str));
            for form in forms {
                for conv in conversions {
                    let f = normalize_word(form.trim(), *conv);
                    if f.is_empty() {
                        continue;
                    }
                    if jieba_can_hold(&f) {
                        if !jieba.has_word(&f) {
                            jieba.add_word(&f, None, Some(tag));
                        }
                        alias_map.entry(f.into_boxed_str()).or_insert(idx);
                    } else {
                        if !is_acronym(&f) {
                            alias_map
                                .entry(f.to_lowercase().into_boxed_str())
                                .or_insert(idx);
                        }
                        add_phrase(
                            &f,
                            PhraseTarget {
                                canonical: Some(idx),
                                tag: tag.into(),
                            },
                        );
                    }
                }
            }
        }

        for w in &config.base_words {
            let f = normalize_word(w.word.trim(), Conversion::Simplified);
            if f.is_empty() || !jieba_can_hold(&f) {
                continue;
            }
            let whole = jieba.cut(&f, false).len() == 1;
            if !whole {
                jieba.add_word(&f, None, w.tag.as_deref());
            }
        }

        for w in &config.user_words {
            for conv in conversions {
                let f = normalize_word(w.word.trim(), *conv);
                if f.is_empty() {
                    continue;
                }
                let tag = w.tag.as_deref().unwrap_or("");
                if jieba_can_hold(&f) {
                    jieba.add_word(&f, w.freq, Some(tag));
                } else {
                    let canonical = if is_acronym(&f) {
                        None
                    } else {
                        alias_map.get(f.to_lowercase().as_str()).copied()
                    };
                    add_phrase(
                        &f,
                        PhraseTarget {
                            canonical,
                            tag: if tag.is_empty() { "x" } else { tag }.into(),
                        },
                    );
                }
            }
        }

        let build = |pats: &[(String, PhraseTarget)],
                     insensitive: bool|
         -> Result<Option<AhoCorasick>> {
            if pats.is_empty() {
                return Ok(None);
            }
            // A DFA is fastest to search but takes 256 transitions a state, and filling them
            // follows failure links that, in a long repetitive pattern (中中中…), are as long as
            // the pattern: a 16,000-character "word" took 40 s. Past some size of patterns, or
            // with one long pattern, the contiguous NFA, linear in the patterns, is built
            // instead (100,000 characters in 0.1 s).
            let bytes: usize = pats.iter().map(|(p, _)| p.len()).sum();
            let longest = pats.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
            let kind = if bytes <= 1 << 16 && longest <= MAX_DFA_PHRASE_BYTES {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .ascii_case_insensitive(insensitive)
                .build(pats.iter().map(|(p, _)| p.as_str()))
                .map(Some)
                .map_err(|e| {
                    XinwenError::InvalidArgument(format!("cannot build the phrase matcher: {e}"))
                })
        };
        let needs_trigger = ci
            .iter()
            .chain(&cs)
            .all(|(p, _)| p.bytes().any(|b| b.is_ascii_alphabetic()) || p.contains('·'));
        let phrases = Phrases {
            needs_trigger,
            ci: build(&ci, true)?,
            cs: build(&cs, false)?,
            ci_targets: ci.into_iter().map(|(_, t)| t).collect(),
            cs_targets: cs.into_iter().map(|(_, t)| t).collect(),
        };

        let stopwords = normalize_stopwords(&config.stopwords);
        for w in &stopwords {
            alias_map.entry(w.clone()).or_insert(STOP);
        }
        Ok(Segmenter {
            jieba,
            hmm: config.hmm,
            script: config.script,
            alias_map,
            canon,
            phrases,
            stopwords,
        })
    }

    /// The segmenter built from the default configuration, once per process.
    pub fn shared_default() -> Arc<Segmenter> {
        static DEFAULT: OnceLock<Arc<Segmenter>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let config = SegmenterConfig::default();
                // The default config has no user input, so building it cannot fail; fall back to
                // a segmenter without aliases rather than panic if it ever did.
                Arc::new(Segmenter::new(&config).unwrap_or_else(|_| {
                    Segmenter::new(&SegmenterConfig {
                        aliases: Vec::new(),
                        user_words: Vec::new(),
                        ..config
                    })
                    .unwrap_or_else(|_| Segmenter::bare())
                }))
            })
            .clone()
    }

    fn bare() -> Segmenter {
        Segmenter {
            jieba: base_jieba().clone(),
            hmm: true,
            script: ScriptMode::Simplified,
            alias_map: FxHashMap::default(),
            canon: Vec::new(),
            phrases: Phrases::default(),
            stopwords: FxHashSet::default(),
        }
    }

    /// The jieba instance (with the alias forms and user words added).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// The default script of this segmenter.
    pub fn script(&self) -> ScriptMode {
        self.script
    }

    /// The canonical term for a surface form, if it is an alias (after normalisation).
    pub fn canonical(&self, form: &str) -> Option<&str> {
        let f = normalize_word(form, Conversion::Simplified).to_lowercase();
        self.alias_map
            .get(f.as_str())
            .or_else(|| {
                self.alias_map
                    .get(normalize_word(form, Conversion::Simplified).as_str())
            })
            .filter(|&&i| i != STOP)
            .and_then(|&i| self.canon.get(i as usize))
            .map(|(c, _)| &**c)
    }

    /// The form `term` is counted as: its canonical name when it is an alias, else the term
    /// normalised like a token (lower case; simplified when this segmenter counts in simplified).
    pub fn normalize_term(&self, term: &str) -> String {
        let term = term.trim();
        if let Some(c) = self.canonical(term) {
            return c.to_owned();
        }
        normalize_word(&term.to_lowercase(), self.script.conversion())
    }

    /// Tokenize `text`, calling `emit` for every token in order of position (search and full
    /// modes emit overlapping tokens).
    pub fn tokenize_each(&self, text: &str, opts: &TokenizeOptions, emit: impl FnMut(&Tok<'_>)) {
        self.run(text, opts, true, emit);
    }

    /// Tokenize; without `track`, tokens carry no raw text and no offsets (for counting).
    fn run(&self, text: &str, opts: &TokenizeOptions, track: bool, mut emit: impl FnMut(&Tok<'_>)) {
        // One document per call: the batch functions of `features` set the total. A cancelled
        // call (Ctrl-C in Python) skips the remaining documents; the caller discards the result.
        if let Some(p) = opts.progress.as_deref() {
            if p.is_cancelled() {
                return;
            }
            p.tick();
        }
        let script = opts.script.unwrap_or(self.script);
        let norm = normalize(text, script.conversion(), track);
        let stop = match &opts.stopwords {
            StopwordChoice::Segmenter => Stop::Lexicon,
            StopwordChoice::Off => Stop::Off,
            StopwordChoice::Custom(set) => Stop::Set(set),
        };
        let mut ctx = Ctx {
            seg: self,
            opts,
            stop,
            track,
            norm: &norm,
            orig: text,
            scratch: String::new(),
            cut: Vec::new(),
        };
        let ntext: &str = &norm.text;
        for (sent, (ss, se)) in sentence::split(ntext).into_iter().enumerate() {
            let Some(s) = ntext.get(ss..se) else {
                continue;
            };
            let info = sentence_info(s);
            let lang = info.lang;
            let spans = self.protected(s, info);
            let mut pos = 0;
            for span in spans {
                ctx.gap(sent as u32, ss, pos, span.start, lang, &mut emit);
                ctx.span(sent as u32, ss, span, lang, &mut emit);
                pos = span.end;
            }
            ctx.gap(sent as u32, ss, pos, s.len(), lang, &mut emit);
        }
    }

    /// Call `each` with the counted form of every token of `text`, without tracking where the
    /// tokens came from (the fast path for counting).
    pub fn count_each(&self, text: &str, opts: &TokenizeOptions, mut each: impl FnMut(&str)) {
        self.run(text, opts, false, |t| each(t.term));
    }

    /// Like [`Segmenter::count_each`], with the sentence index of each token.
    pub fn count_each_with_sentence(
        &self,
        text: &str,
        opts: &TokenizeOptions,
        mut each: impl FnMut(u32, &str),
    ) {
        self.run(text, opts, false, |t| each(t.sent, t.term));
    }

    /// Count the terms of `text` into `counts`.
    pub fn count_into(
        &self,
        text: &str,
        opts: &TokenizeOptions,
        counts: &mut FxHashMap<String, u32>,
    ) {
        self.run(text, opts, false, |t| {
            if let Some(c) = counts.get_mut(t.term) {
                *c += 1;
            } else {
                counts.insert(t.term.to_owned(), 1);
            }
        });
    }

    /// Protected spans of one sentence, sorted and not overlapping.
    fn protected(&self, s: &str, info: SentenceInfo) -> Vec<Span> {
        let mut found: Vec<Span> = Vec::new();
        let bytes = s.as_bytes();
        let bounded = |start: usize, end: usize| {
            let first = bytes.get(start).copied().unwrap_or(b' ');
            let last = bytes.get(end.wrapping_sub(1)).copied().unwrap_or(b' ');
            let before_ok = !(first.is_ascii_alphanumeric()
                && start > 0
                && bytes.get(start - 1).is_some_and(u8::is_ascii_alphanumeric));
            let after_ok = !(last.is_ascii_alphanumeric()
                && bytes.get(end).is_some_and(u8::is_ascii_alphanumeric));
            before_ok && after_ok
        };
        let search = !self.phrases.needs_trigger || info.letters || info.middle_dot;
        // Case-sensitive patterns are acronyms: no capital letter, no match.
        let cs_search = search && info.upper;
        for (ac, cased, on) in [
            (&self.phrases.ci, false, search),
            (&self.phrases.cs, true, cs_search),
        ] {
            if let (Some(ac), true) = (ac, on) {
                for m in ac.find_iter(s) {
                    if bounded(m.start(), m.end()) {
                        found.push(Span {
                            start: m.start(),
                            end: m.end(),
                            phrase: Some((cased, m.pattern().as_u32())),
                            link: false,
                        });
                    }
                }
            }
        }
        if info.lang == TokLang::Zh && info.digits {
            for (a, b) in numbers::find(s) {
                found.push(Span {
                    start: a,
                    end: b,
                    phrase: None,
                    link: false,
                });
            }
        }
        if info.letters {
            for (a, b) in links::find(s) {
                found.push(Span {
                    start: a,
                    end: b,
                    phrase: None,
                    link: true,
                });
            }
        }
        if found.len() > 1 {
            found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut kept: Vec<Span> = Vec::with_capacity(found.len());
            for sp in found {
                if kept.last().is_none_or(|k| sp.start >= k.end) {
                    kept.push(sp);
                }
            }
            found = kept;
        }
        found
    }

    fn target(&self, cased: bool, idx: u32) -> Option<&PhraseTarget> {
        let targets = if cased {
            &self.phrases.cs_targets
        } else {
            &self.phrases.ci_targets
        };
        targets.get(idx as usize)
    }

    /// The dictionary tag of `word`, for the modes where jieba does not tag (tags outside
    /// jieba's standard set read `x`).
    fn word_tag(&self, word: &str) -> &'static str {
        let tags = self.jieba.tag(word, false);
        match tags.as_slice() {
            [t] => JIEBA_TAGS
                .iter()
                .find(|x| **x == t.tag)
                .copied()
                .unwrap_or("x"),
            _ => "x",
        }
    }
}

/// Whether a word has a letter or digit (else it is punctuation or space) and whether it has an
/// upper-case letter; ASCII, Han characters and common punctuation are decided without Unicode
/// table lookups.
#[inline]
fn classify(w: &str) -> (bool, bool) {
    let mut alnum = false;
    let mut upper = false;
    for c in w.chars() {
        if c.is_ascii() {
            alnum |= c.is_ascii_alphanumeric();
            upper |= c.is_ascii_uppercase();
        } else if is_han(c) {
            alnum = true;
        } else if matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
        {
            // General, CJK and full-width punctuation: the common non-words.
        } else {
            alnum |= c.is_alphanumeric();
            upper |= c.is_uppercase();
        }
    }
    (alnum, upper)
}

/// The part-of-speech tags of jieba's dictionary.
const JIEBA_TAGS: &[&str] = &[
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
    "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
    "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
    "vi", "vn", "vq", "x", "y", "z", "zg",
];

/// What one pass over a sentence's bytes tells: its language and which searches it needs.
#[derive(Debug, Clone, Copy)]
struct SentenceInfo {
    lang: TokLang,
    letters: bool,
    upper: bool,
    digits: bool,
    middle_dot: bool,
}

/// Read a sentence's bytes once. It is English when Latin letters clearly outweigh Han
/// characters (a Chinese sentence with a name or two in Latin letters stays Chinese). Han
/// characters are counted by their UTF-8 lead bytes (U+3400..U+9FFF), which is exact enough to
/// weigh a sentence and needs no decoding.
fn sentence_info(s: &str) -> SentenceInfo {
    let mut han = 0usize;
    let mut letters = 0usize;
    let mut words = 0usize;
    let mut digits = false;
    let mut upper = false;
    let mut middle_dot = false;
    let mut prev_letter = false;
    let mut prev = 0u8;
    for &b in s.as_bytes() {
        let letter = b.is_ascii_alphabetic();
        if letter {
            letters += 1;
            upper |= b.is_ascii_uppercase();
            words += usize::from(!prev_letter);
        } else if b.is_ascii_digit() {
            digits = true;
        } else if (0xE3..=0xE9).contains(&b) {
            han += 1;
        } else if b == 0xB7 && prev == 0xC2 {
            middle_dot = true;
        }
        prev_letter = letter;
        prev = b;
    }
    let lang = if letters > 0 && (han == 0 || (letters >= 4 * han && words >= 3)) {
        TokLang::En
    } else {
        TokLang::Zh
    };
    SentenceInfo {
        lang,
        letters: letters > 0,
        upper,
        digits,
        middle_dot,
    }
}

/// Per-call state of [`Segmenter::tokenize_each`].
struct Ctx<'s: 'o, 'o> {
    seg: &'s Segmenter,
    opts: &'o TokenizeOptions,
    stop: Stop<'o>,
    track: bool,
    norm: &'o normalize::Normalized<'o>,
    orig: &'o str,
    scratch: String,
    cut: Vec<(usize, usize, &'o str)>,
}

enum Term {
    /// Use the normalised surface (or its lower-case copy in `scratch`).
    Surface { lowered: bool },
    /// A canonical alias.
    Canon(u32),
}

impl<'s: 'o, 'o> Ctx<'s, 'o> {
    /// Decide the counted form of the normalised surface `w`; `None` drops the token.
    fn term(&mut self, w: &str) -> Option<Term> {
        let (alnum, lowered) = classify(w);
        if !alnum {
            if w.trim().is_empty() {
                return None;
            }
            return self
                .opts
                .keep_punct
                .then_some(Term::Surface { lowered: false });
        }
        if lowered {
            self.scratch.clear();
            self.scratch.extend(w.chars().flat_map(char::to_lowercase));
        }
        let key = if lowered { self.scratch.as_str() } else { w };
        match (self.seg.alias_map.get(key), self.stop) {
            // A user's stopword list may name an entity: its canonical name is dropped too.
            (Some(&i), Stop::Set(set))
                if i != STOP
                    && self
                        .seg
                        .canon
                        .get(i as usize)
                        .is_some_and(|(c, _)| set.contains(c)) =>
            {
                None
            }
            (Some(&i), _) if i != STOP => Some(Term::Canon(i)),
            (Some(_), Stop::Lexicon) => None,
            (_, Stop::Set(set)) if set.contains(key) => None,
            _ => Some(Term::Surface { lowered }),
        }
    }

    /// Emit the token at normalised bytes `a..b` (absolute in the normalised text).
    #[allow(clippy::too_many_arguments)]
    fn emit_tok(
        &mut self,
        sent: u32,
        a: usize,
        b: usize,
        term: Term,
        lang: TokLang,
        pos: &str,
        emit: &mut impl FnMut(&Tok<'_>),
    ) {
        let o = if self.track {
            self.norm.origin(a, b)
        } else {
            normalize::Origin::default()
        };
        let raw = self
            .orig
            .get(o.byte_start as usize..o.byte_end as usize)
            .unwrap_or("");
        let surface = self.norm.text.get(a..b).unwrap_or("");
        let (term, pos) = match term {
            Term::Canon(i) => match self.seg.canon.get(i as usize) {
                // One tag per entity, whichever of its forms was found.
                Some((c, t)) => (&**c, &**t),
                None => (surface, pos),
            },
            Term::Surface { lowered: true } => (self.scratch.as_str(), pos),
            Term::Surface { lowered: false } => (surface, pos),
        };
        emit(&Tok {
            sent,
            start: o.char_start,
            end: o.char_end,
            raw,
            term,
            lang,
            pos: if self.opts.pos { pos } else { "" },
        });
    }

    fn span(
        &mut self,
        sent: u32,
        base: usize,
        sp: Span,
        lang: TokLang,
        emit: &mut impl FnMut(&Tok<'_>),
    ) {
        if sp.link {
            return;
        }
        let (a, b) = (base + sp.start, base + sp.end);
        match sp.phrase {
            None => self.emit_tok(
                sent,
                a,
                b,
                Term::Surface { lowered: false },
                lang,
                "m",
                emit,
            ),
            Some((cased, idx)) => {
                let Some(t) = self.seg.target(cased, idx) else {
                    return;
                };
                let tag: &'s str = &t.tag;
                match t.canonical {
                    Some(i) => self.emit_tok(sent, a, b, Term::Canon(i), lang, tag, emit),
                    None => {
                        let surface = self.norm.text.get(a..b).unwrap_or("");
                        let lowered = surface.chars().any(char::is_uppercase);
                        if lowered {
                            self.scratch.clear();
                            self.scratch
                                .extend(surface.chars().flat_map(char::to_lowercase));
                        }
                        self.emit_tok(sent, a, b, Term::Surface { lowered }, lang, tag, emit);
                    }
                }
            }
        }
    }

    /// Segment the unprotected bytes `from..to` of the sentence starting at `base`.
    #[allow(clippy::too_many_arguments)]
    fn gap(
        &mut self,
        sent: u32,
        base: usize,
        from: usize,
        to: usize,
        lang: TokLang,
        emit: &mut impl FnMut(&Tok<'_>),
    ) {
        if from >= to {
            return;
        }
        let (a, b) = (base + from, base + to);
        match lang {
            TokLang::Zh => self.zh(sent, a, b, emit),
            TokLang::En => {
                let text: &str = self.norm.text.get(a..b).unwrap_or("");
                // Offsets are collected first: `text` borrows the normalised text.
                let pieces = english::pieces(text);
                for p in pieces {
                    match p {
                        english::Piece::Han(s, e) => self.zh(sent, a + s, a + e, emit),
                        english::Piece::Word(s, e) | english::Piece::Punct(s, e) => {
                            let w = self.norm.text.get(a + s..a + e).unwrap_or("");
                            let is_word = matches!(p, english::Piece::Word(..));
                            if let Some(term) = self.term(w) {
                                let tag = if is_word { "eng" } else { "x" };
                                self.emit_tok(sent, a + s, a + e, term, TokLang::En, tag, emit);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Cut normalised bytes `a..b` with jieba.
    fn zh(&mut self, sent: u32, a: usize, b: usize, emit: &mut impl FnMut(&Tok<'_>)) {
        let seg: &'s Segmenter = self.seg;
        let norm: &'o normalize::Normalized = self.norm;
        let Some(text) = norm.text.get(a..b) else {
            return;
        };
        let mut cut = std::mem::take(&mut self.cut);
        cut.clear();
        let hmm = seg.hmm;
        match (self.opts.mode, self.opts.pos) {
            (Mode::Accurate, false) => cut.extend(
                seg.jieba
                    .cut(text, hmm)
                    .into_iter()
                    .map(|t| (t.byte_start, t.byte_end, "")),
            ),
            (Mode::Accurate, true) => cut.extend(
                seg.jieba
                    .tag(text, hmm)
                    .into_iter()
                    .map(|t| (t.byte_start, t.byte_end, t.tag)),
            ),
            (Mode::Search, pos) => {
                cut.extend(seg.jieba.cut_for_search(text, hmm).into_iter().map(|t| {
                    (
                        t.byte_start,
                        t.byte_end,
                        if pos { seg.word_tag(t.word) } else { "" },
                    )
                }))
            }
            (Mode::Full, pos) => cut.extend(seg.jieba.cut_all(text).into_iter().map(|t| {
                (
                    t.byte_start,
                    t.byte_end,
                    if pos { seg.word_tag(t.word) } else { "" },
                )
            })),
        }
        for &(s, e, tag) in &cut {
            let Some(w) = self.norm.text.get(a + s..a + e) else {
                continue;
            };
            if let Some(term) = self.term(w) {
                self.emit_tok(sent, a + s, a + e, term, TokLang::Zh, tag, emit);
            }
        }
        self.cut = cut;
    }
}

#[cfg(test)]
mod tests;

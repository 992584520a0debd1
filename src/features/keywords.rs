//! Keywords per document: TF-IDF (with IDF from the corpus itself or from jieba's table) and
//! TextRank over the document's own tokens.
//!
//! Candidates are the document's normalised terms (aliases and scripts unified), at least two
//! characters long and not starting with a digit (numbers and amounts are not keywords).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{doc_term_counts, Doc};
use crate::error::{Result, XinwenError};
use crate::segment::{Segmenter, TokenizeOptions};

/// How keywords are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Term frequency times inverse document frequency.
    TfIdf,
    /// PageRank over a co-occurrence graph of nouns and verbs (window of 5 tokens).
    TextRank,
}

/// Where TF-IDF takes document frequencies from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idf {
    /// The documents given: `ln((1 + N) / (1 + df)) + 1`.
    Corpus,
    /// jieba's IDF table (terms it lacks get its median).
    Jieba,
}

impl Method {
    /// Parse `"tfidf"` or `"textrank"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "tfidf" => Ok(Method::TfIdf),
            "textrank" => Ok(Method::TextRank),
            _ => Err(XinwenError::InvalidArgument(format!(
                "unknown method {s:?}: expected one of 'tfidf', 'textrank'"
            ))),
        }
    }
}

impl Idf {
    /// Parse `"corpus"` or `"jieba"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "corpus" => Ok(Idf::Corpus),
            "jieba" => Ok(Idf::Jieba),
            _ => Err(XinwenError::InvalidArgument(format!(
                "unknown idf {s:?}: expected one of 'corpus', 'jieba'"
            ))),
        }
    }
}

/// Whether a term may be a keyword.
fn candidate(term: &str) -> bool {
    let mut chars = term.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => false,
        Some(c) => c.is_alphanumeric() && chars.next().is_some(),
        None => false,
    }
}

/// Parts of speech TextRank keeps: nouns, names, verbal nouns and verbs (jieba's default plus
/// the name tags, which carry most of what news is about), and English words.
const TEXTRANK_POS: &[&str] = &["n", "nr", "ns", "nt", "nz", "vn", "v", "eng"];

/// The `top_k` keywords of every document, best first, with their scores.
pub fn keywords(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    method: Method,
    idf: Idf,
    top_k: usize,
) -> Vec<Vec<(String, f64)>> {
    match method {
        Method::TfIdf => tfidf(docs, seg, opts, idf, top_k),
        Method::TextRank => docs
            .par_iter()
            .map(|d| {
                d.text
                    .map(|t| textrank(t, seg, opts, top_k))
                    .unwrap_or_default()
            })
            .collect(),
    }
}

fn top(mut scored: Vec<(String, f64)>, k: usize) -> Vec<(String, f64)> {
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(k);
    scored
}

fn tfidf(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    idf: Idf,
    top_k: usize,
) -> Vec<Vec<(String, f64)>> {
    let counts: Vec<Vec<(String, u32)>> = docs
        .par_iter()
        .map(|d| {
            let mut c = d
                .text
                .map(|t| doc_term_counts(t, seg, opts))
                .unwrap_or_default();
            c.retain(|(t, _)| candidate(t));
            c
        })
        .collect();
    let mut df: FxHashMap<&str, u32> = FxHashMap::default();
    for c in &counts {
        for (t, _) in c {
            *df.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    let weights: FxHashMap<&str, f64> = match idf {
        Idf::Corpus => {
            let n = docs.len() as f64;
            df.iter()
                .map(|(t, &d)| (*t, ((1.0 + n) / (1.0 + f64::from(d))).ln() + 1.0))
                .collect()
        }
        Idf::Jieba => jieba_idf(seg, df.keys().copied()),
    };
    counts
        .par_iter()
        .map(|c| {
            let total: u32 = c.iter().map(|(_, n)| n).sum();
            if total == 0 {
                return Vec::new();
            }
            let scored = c
                .iter()
                .map(|(t, n)| {
                    let w = weights.get(t.as_str()).copied().unwrap_or(0.0);
                    (t.clone(), f64::from(*n) / f64::from(total) * w)
                })
                .collect();
            top(scored, top_k)
        })
        .collect()
}

/// jieba's IDF for each term. The table is only reachable through jieba-rs's extractor, so each
/// term is looked up as a one-word document, where TF-IDF equals IDF; a term jieba would cut
/// differently, or does not know, gets the table's median (what jieba itself uses).
fn jieba_idf<'a>(seg: &Segmenter, terms: impl Iterator<Item = &'a str>) -> FxHashMap<&'a str, f64> {
    use jieba_rs::{Jieba, KeywordExtract, TfIdf};
    use std::sync::OnceLock;
    static TABLE: OnceLock<(TfIdf, f64)> = OnceLock::new();
    let (extractor, median) = TABLE.get_or_init(|| {
        let ex = TfIdf::default();
        // A word no table holds, known to a one-word dictionary so that it is cut whole: its
        // score is the median IDF.
        let probe = "\u{9FCF}\u{9FCF}";
        let mut tiny = Jieba::empty();
        tiny.add_word(probe, Some(1), None);
        let median = ex
            .extract_keywords(&tiny, probe, 1, Vec::new())
            .first()
            .map_or(11.0, |k| k.weight);
        (ex, median)
    });
    let terms: Vec<&'a str> = terms.collect();
    terms
        .par_iter()
        .map(|&t| {
            let found = extractor.extract_keywords(seg.jieba(), t, 1, Vec::new());
            let w = match found.as_slice() {
                [k] if k.keyword == t => k.weight,
                _ => *median,
            };
            (t, w)
        })
        .collect()
}

/// TextRank keywords of one text: an undirected graph whose nodes are candidate nouns, names and
/// verbs and whose edges join candidates at most 4 tokens apart, weighted by how often they do;
/// scores from 10 iterations of weighted PageRank (damping 0.85), scaled so the best is 1.
fn textrank(
    text: &str,
    seg: &Segmenter,
    opts: &TokenizeOptions,
    top_k: usize,
) -> Vec<(String, f64)> {
    const WINDOW: usize = 5;
    let tagged = TokenizeOptions {
        pos: true,
        ..opts.clone()
    };
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut seq: Vec<usize> = Vec::new();
    seg.tokenize_each(text, &tagged, |t| {
        if candidate(t.term) && TEXTRANK_POS.contains(&t.pos) {
            let id = match ids.get(t.term) {
                Some(&i) => i,
                None => {
                    ids.insert(t.term.to_owned(), names.len());
                    names.push(t.term.to_owned());
                    names.len() - 1
                }
            };
            seq.push(id);
        }
    });
    let n = names.len();
    if n == 0 {
        return Vec::new();
    }
    let mut edges: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for (i, &a) in seq.iter().enumerate() {
        for &b in seq.iter().skip(i + 1).take(WINDOW - 1) {
            if a != b {
                *edges.entry((a.min(b), a.max(b))).or_insert(0.0) += 1.0;
            }
        }
    }
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (&(a, b), &w) in &edges {
        adj[a].push((b, w));
        adj[b].push((a, w));
    }
    let out_w: Vec<f64> = adj.iter().map(|e| e.iter().map(|(_, w)| w).sum()).collect();
    let d = 0.85;
    let mut score = vec![1.0 / n as f64; n];
    for _ in 0..10 {
        let mut next = vec![1.0 - d; n];
        for (v, nb) in adj.iter().enumerate() {
            let s: f64 = nb
                .iter()
                .map(|&(u, w)| {
                    if out_w[u] > 0.0 {
                        w / out_w[u] * score[u]
                    } else {
                        0.0
                    }
                })
                .sum();
            next[v] += d * s;
        }
        score = next;
    }
    let max = score.iter().copied().fold(0.0f64, f64::max);
    let scored = names
        .into_iter()
        .zip(score)
        .map(|(t, s)| (t, if max > 0.0 { s / max } else { 0.0 }))
        .collect();
    top(scored, top_k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::test_docs as docs;

    const TEXTS: &[&str] = &[
        "普京与习近平举行视频会晤。普京表示，俄中合作不断深化。蒲亭强调能源合作。",
        "美国宣布对俄罗斯实施新制裁。制裁涉及能源和金融。",
        "台湾地震造成交通中断，地震后救援展开。",
    ];

    #[test]
    fn tfidf_with_corpus_idf_ranks_the_distinctive_term_first() {
        let seg = Segmenter::shared_default();
        let k = keywords(
            &docs(TEXTS),
            &seg,
            &TokenizeOptions::default(),
            Method::TfIdf,
            Idf::Corpus,
            3,
        );
        assert_eq!(k[0][0].0, "普京");
        assert_eq!(k[1][0].0, "制裁");
        assert_eq!(k[2][0].0, "地震");
        assert!(k
            .iter()
            .all(|v| v.len() <= 3 && v.windows(2).all(|w| w[0].1 >= w[1].1)));
    }

    #[test]
    fn tfidf_with_jieba_idf_and_textrank() {
        let seg = Segmenter::shared_default();
        let k = keywords(
            &docs(TEXTS),
            &seg,
            &TokenizeOptions::default(),
            Method::TfIdf,
            Idf::Jieba,
            2,
        );
        assert_eq!(k[2][0].0, "地震");
        let r = keywords(
            &docs(TEXTS),
            &seg,
            &TokenizeOptions::default(),
            Method::TextRank,
            Idf::Corpus,
            5,
        );
        assert_eq!(r[0][0].1, 1.0);
        assert!(r[0].iter().any(|(t, _)| t == "普京"), "{:?}", r[0]);
        assert!(r[1].iter().all(|(t, _)| candidate(t)));
    }

    #[test]
    fn empty_and_null_documents() {
        let seg = Segmenter::shared_default();
        let d = vec![
            Doc {
                id: "a",
                text: None,
            },
            Doc {
                id: "b",
                text: Some(""),
            },
            Doc {
                id: "c",
                text: Some("的了。"),
            },
        ];
        for m in [Method::TfIdf, Method::TextRank] {
            let k = keywords(&d, &seg, &TokenizeOptions::default(), m, Idf::Corpus, 5);
            assert!(k.iter().all(Vec::is_empty));
        }
    }
}

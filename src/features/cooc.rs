//! Co-occurrence of terms in windows (sentences, documents or runs of tokens) with PMI, NPMI
//! and Dunning's log-likelihood.
//!
//! Windows are the units: `n` is the number of windows, a term's count the number of windows
//! that contain it, a pair's count the number of windows that contain both. Two passes keep memory
//! bounded by the vocabulary rather than the corpus: the first counts terms per window, the second
//! counts pairs among the terms frequent enough to pass `min_count`. Each pass runs in parallel
//! with one map per worker, merged at the end.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::pairs::{self, PairCounter};
use super::{merge_counts, Doc, DocInterner};
use crate::error::{Result, XinwenError};
use crate::segment::{Segmenter, TokenizeOptions};

/// What a window is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Each sentence.
    Sentence,
    /// Each document.
    Document,
    /// Every run of this many consecutive tokens of a document (stride 1).
    Tokens(usize),
}

impl Window {
    /// Parse `"sentence"`, `"document"` or a number of tokens (at least 2).
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "sentence" => Ok(Window::Sentence),
            "document" => Ok(Window::Document),
            _ => match s.parse::<usize>() {
                Ok(k) if k >= 2 => Ok(Window::Tokens(k)),
                _ => Err(XinwenError::InvalidArgument(format!(
                    "unknown window {s:?}: expected 'sentence', 'document' or a number of tokens >= 2"
                ))),
            },
        }
    }
}

/// One co-occurring pair with its counts and measures; its terms are spelled out (`String`) or
/// term ids of a corpus ([`crate::features::corpus::IdPair`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair<T = String> {
    /// First term (the focus term when there is a focus).
    pub a: T,
    /// Second term.
    pub b: T,
    /// Windows with both.
    pub count: u64,
    /// Windows with `a`.
    pub count_a: u64,
    /// Windows with `b`.
    pub count_b: u64,
    /// All windows.
    pub n: u64,
    /// `ln(count * n / (count_a * count_b))`.
    pub pmi: f64,
    /// `pmi / -ln(count / n)`, 1 when `count == n`.
    pub npmi: f64,
    /// Dunning's G² over the 2×2 table of windows.
    pub llr: f64,
}

impl<T> Pair<T> {
    /// A pair with its measures computed from the window counts.
    pub fn new(a: T, b: T, count: u64, count_a: u64, count_b: u64, n: u64) -> Self {
        let (pmi, npmi, llr) = measures(count, count_a, count_b, n);
        Pair {
            a,
            b,
            count,
            count_a,
            count_b,
            n,
            pmi,
            npmi,
            llr,
        }
    }
}

/// `k * ln(k * n / (row * col))`, with 0 for an empty cell.
fn g_term(k: f64, row: f64, col: f64, n: f64) -> f64 {
    if k <= 0.0 || row <= 0.0 || col <= 0.0 {
        0.0
    } else {
        k * (k * n / (row * col)).ln()
    }
}

/// PMI, NPMI and G² of a pair from its window counts.
pub fn measures(count: u64, count_a: u64, count_b: u64, n: u64) -> (f64, f64, f64) {
    let (k, ca, cb, n) = (count as f64, count_a as f64, count_b as f64, n as f64);
    let pmi = (k * n / (ca * cb)).ln();
    let npmi = if count >= n as u64 {
        1.0
    } else {
        pmi / -(k / n).ln()
    };
    let (k11, k12, k21) = (k, ca - k, cb - k);
    let k22 = n - ca - cb + k;
    let (r1, r2, c1, c2) = (ca, n - ca, cb, n - cb);
    let llr = 2.0
        * (g_term(k11, r1, c1, n)
            + g_term(k12, r1, c2, n)
            + g_term(k21, r2, c1, n)
            + g_term(k22, r2, c2, n));
    (pmi, npmi, llr)
}

/// Call `each` with the distinct items of every window of one document, given the document's
/// tokens as (sentence, item) in order. `scratch` is reused between calls.
fn for_each_window<T: Copy + Eq + std::hash::Hash + Ord>(
    toks: &[(u32, T)],
    window: Window,
    scratch: &mut Vec<T>,
    mut each: impl FnMut(&[T]),
) {
    let mut emit = |items: &mut dyn Iterator<Item = T>, scratch: &mut Vec<T>| {
        scratch.clear();
        scratch.extend(items);
        scratch.sort_unstable();
        scratch.dedup();
        if !scratch.is_empty() {
            each(scratch);
        }
    };
    match window {
        Window::Document => emit(&mut toks.iter().map(|t| t.1), scratch),
        Window::Sentence => {
            let mut start = 0;
            while start < toks.len() {
                let sent = toks[start].0;
                let mut end = start;
                while end < toks.len() && toks[end].0 == sent {
                    end += 1;
                }
                emit(&mut toks[start..end].iter().map(|t| t.1), scratch);
                start = end;
            }
        }
        Window::Tokens(k) => {
            if toks.is_empty() {
                return;
            }
            let runs = toks.len().saturating_sub(k) + 1;
            for s in 0..runs {
                let e = (s + k).min(toks.len());
                emit(&mut toks[s..e].iter().map(|t| t.1), scratch);
            }
        }
    }
}

/// Options of [`cooccurrence`].
#[derive(Debug, Clone)]
pub struct CoocOptions {
    /// What a window is.
    pub window: Window,
    /// Minimum window count of terms and pairs.
    pub min_count: u64,
    /// Only pairs with one of these (normalised) terms.
    pub focus: Option<Vec<String>>,
}

/// Windows, windows per term, and windows per (focus, other) pair.
type WindowCounts = (
    u64,
    FxHashMap<String, u64>,
    FxHashMap<(String, String), u64>,
);

/// Count windows per term (first pass): `(n, term -> windows)`. Windows are counted per
/// document against document-local ids, and each document's totals go into the worker's map once
/// per distinct term, which keeps the large map out of the inner loop.
///
/// With `focus`, the same pass also counts the pairs of a focus term with any other term
/// (`(focus, other) -> windows`; a pair of two focus terms is counted once, under the smaller).
fn term_windows(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    window: Window,
    focus: Option<&FxHashSet<&str>>,
) -> WindowCounts {
    super::start_progress(opts, docs);
    #[derive(Default)]
    struct Acc {
        n: u64,
        counts: FxHashMap<String, u64>,
        pairs: FxHashMap<(String, String), u64>,
        terms: DocInterner,
        is_focus: Vec<bool>,
        toks: Vec<(u32, u32)>,
        per_doc: Vec<u64>,
        doc_pairs: FxHashMap<(u32, u32), u64>,
        scratch: Vec<u32>,
    }
    docs.par_iter()
        .fold(Acc::default, |mut acc, d| {
            let Some(text) = d.text else {
                return acc;
            };
            let Acc {
                n,
                counts,
                pairs,
                terms,
                is_focus,
                toks,
                per_doc,
                doc_pairs,
                scratch,
            } = &mut acc;
            terms.clear();
            toks.clear();
            is_focus.clear();
            seg.count_each_with_sentence(text, opts, |sent, term| {
                let id = terms.id(term);
                if id as usize == is_focus.len() {
                    is_focus.push(focus.is_some_and(|f| f.contains(term)));
                }
                toks.push((sent, id));
            });
            per_doc.clear();
            doc_pairs.clear();
            let any_focus = is_focus.iter().any(|&f| f);
            for_each_window(toks, window, scratch, |items: &[u32]| {
                *n += 1;
                for &i in items {
                    let i = i as usize;
                    if i >= per_doc.len() {
                        per_doc.resize(i + 1, 0);
                    }
                    per_doc[i] += 1;
                }
                if !any_focus {
                    return;
                }
                for &f in items {
                    if !is_focus.get(f as usize).copied().unwrap_or(false) {
                        continue;
                    }
                    for &x in items {
                        let both = is_focus.get(x as usize).copied().unwrap_or(false);
                        if x == f || (both && terms.term(x) < terms.term(f)) {
                            continue;
                        }
                        *doc_pairs.entry((f, x)).or_insert(0) += 1;
                    }
                }
            });
            for (id, &c) in per_doc.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let name = terms.term(id as u32);
                if let Some(v) = counts.get_mut(name) {
                    *v += c;
                } else {
                    counts.insert(name.to_owned(), c);
                }
            }
            for (&(f, x), &c) in doc_pairs.iter() {
                let key = (terms.term(f).to_owned(), terms.term(x).to_owned());
                *pairs.entry(key).or_insert(0) += c;
            }
            acc
        })
        .map(|acc| (acc.n, acc.counts, acc.pairs))
        .reduce(
            || (0, FxHashMap::default(), FxHashMap::default()),
            |(n1, a, p), (n2, b, q)| (n1 + n2, merge_counts(a, b), merge_counts(p, q)),
        )
}

/// Co-occurring pairs of `docs`, sorted by `llr` descending (then by terms).
pub fn cooccurrence(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    co: &CoocOptions,
) -> Vec<Pair> {
    if let Some(focus) = &co.focus {
        let set: FxHashSet<&str> = focus.iter().map(String::as_str).collect();
        let (n, counts, pairs) = term_windows(docs, seg, opts, co.window, Some(&set));
        let min = co.min_count.max(1);
        let mut out: Vec<Pair> = pairs
            .into_iter()
            .filter(|&(_, c)| c >= min)
            .filter_map(|((a, b), count)| {
                let ca = *counts.get(&a)?;
                let cb = *counts.get(&b)?;
                if ca < min || cb < min {
                    return None;
                }
                Some(Pair::new(a, b, count, ca, cb, n))
            })
            .collect();
        sort_pairs(&mut out);
        return out;
    }
    let (n, counts, _) = term_windows(docs, seg, opts, co.window, None);
    // The vocabulary of the second pass: terms that can still reach `min_count` in a pair.
    let mut vocab: Vec<(&str, u64)> = counts
        .iter()
        .filter(|(_, &c)| c >= co.min_count.max(1))
        .map(|(t, &c)| (t.as_str(), c))
        .collect();
    vocab.sort_unstable();
    let ids: FxHashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (*t, i as u32))
        .collect();
    if vocab.len() < 2 {
        return Vec::new();
    }

    let width = vocab.len() as u64;
    // Tokens outside the vocabulary still take their place in token windows.
    const OTHER: u32 = u32::MAX;
    const UNSEEN: u32 = u32::MAX - 1;
    super::start_progress(opts, docs);
    let pairs: Vec<(u64, u32)> = docs
        .par_iter()
        .with_min_len(64)
        .fold(
            || {
                (
                    PairCounter::default(),
                    (DocInterner::default(), Vec::<u32>::new()),
                    Vec::<(u32, u32)>::new(),
                    Vec::new(),
                )
            },
            |(mut pairs, (mut terms, mut to_vocab), mut toks, mut scratch), d| {
                let Some(text) = d.text else {
                    return (pairs, (terms, to_vocab), toks, scratch);
                };
                terms.clear();
                to_vocab.clear();
                toks.clear();
                seg.count_each_with_sentence(text, opts, |sent, term| {
                    let local = terms.id(term) as usize;
                    if local >= to_vocab.len() {
                        to_vocab.resize(local + 1, UNSEEN);
                    }
                    if to_vocab[local] == UNSEEN {
                        to_vocab[local] = ids.get(term).copied().unwrap_or(OTHER);
                    }
                    toks.push((sent, to_vocab[local]));
                });
                for_each_window(&toks, co.window, &mut scratch, |items: &[u32]| {
                    let known = items.partition_point(|&i| i != OTHER);
                    let items = &items[..known];
                    for (x, &i) in items.iter().enumerate() {
                        for &j in &items[x + 1..] {
                            // Dense keys (fewer radix passes than `i << 32 | j`).
                            pairs.push(u64::from(i) * width + u64::from(j));
                        }
                    }
                });
                (pairs, (terms, to_vocab), toks, scratch)
            },
        )
        .map(|(p, _, _, _)| p.finish())
        .reduce(Vec::new, pairs::merge);

    let mut out: Vec<Pair> = pairs
        .into_par_iter()
        .filter(|&(_, c)| u64::from(c) >= co.min_count)
        .filter_map(|(key, count)| {
            let count = u64::from(count);
            let (i, j) = ((key / width) as usize, (key % width) as usize);
            let (ti, ci) = *vocab.get(i)?;
            let (tj, cj) = *vocab.get(j)?;
            // Vocabulary order puts the smaller term first.
            Some(Pair::new(ti.to_owned(), tj.to_owned(), count, ci, cj, n))
        })
        .collect();
    sort_pairs(&mut out);
    out
}

/// By `llr` descending, then by the terms.
fn sort_pairs(pairs: &mut [Pair]) {
    pairs.par_sort_unstable_by(|x, y| {
        y.llr
            .total_cmp(&x.llr)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::test_docs as docs;

    fn find<'a>(pairs: &'a [Pair], a: &str, b: &str) -> Option<&'a Pair> {
        pairs.iter().find(|p| p.a == a && p.b == b)
    }

    const TEXTS: &[&str] = &[
        "alpha bravo. alpha charlie.",
        "alpha bravo charlie. delta.",
        "bravo delta.",
    ];

    #[test]
    fn sentence_windows_by_hand() {
        let seg = Segmenter::shared_default();
        let co = CoocOptions {
            window: Window::Sentence,
            min_count: 1,
            focus: None,
        };
        let p = cooccurrence(&docs(TEXTS), &seg, &TokenizeOptions::default(), &co);
        // Windows: {alpha,bravo} {alpha,charlie} {alpha,bravo,charlie} {delta} {bravo,delta}.
        let ab = find(&p, "alpha", "bravo").unwrap();
        assert_eq!((ab.count, ab.count_a, ab.count_b, ab.n), (2, 3, 3, 5));
        let pmi = (2.0f64 * 5.0 / 9.0).ln();
        assert!((ab.pmi - pmi).abs() < 1e-12);
        assert!((ab.npmi - pmi / -(2.0f64 / 5.0).ln()).abs() < 1e-12);
        // 2x2 table: [[2, 1], [1, 1]], rows 3/2, cols 3/2, n 5.
        let g = 2.0
            * (2.0 * (2.0 * 5.0 / 9.0f64).ln()
                + (5.0 / 6.0f64).ln()
                + (5.0 / 6.0f64).ln()
                + (5.0 / 4.0f64).ln());
        assert!((ab.llr - g).abs() < 1e-12, "{} {g}", ab.llr);
        assert!(find(&p, "bravo", "alpha").is_none());
    }

    #[test]
    fn document_and_token_windows_and_focus() {
        let seg = Segmenter::shared_default();
        let opts = TokenizeOptions::default();
        let co = CoocOptions {
            window: Window::Document,
            min_count: 1,
            focus: None,
        };
        let p = cooccurrence(&docs(TEXTS), &seg, &opts, &co);
        let bd = find(&p, "bravo", "delta").unwrap();
        assert_eq!((bd.count, bd.count_a, bd.count_b, bd.n), (2, 3, 2, 3));
        assert_eq!(bd.npmi, pmi_npmi(2, 3, 2, 3).1);

        // Runs of 2 tokens: doc1 a b a c -> {a,b} {a,b} {a,c}; doc2 a b c d -> {a,b} {b,c} {c,d};
        // doc3 b d -> {b,d}: n = 7.
        let co = CoocOptions {
            window: Window::Tokens(2),
            min_count: 1,
            focus: None,
        };
        let p = cooccurrence(&docs(TEXTS), &seg, &opts, &co);
        let ab = find(&p, "alpha", "bravo").unwrap();
        assert_eq!((ab.count, ab.count_a, ab.count_b, ab.n), (3, 4, 5, 7));

        let co = CoocOptions {
            window: Window::Sentence,
            min_count: 1,
            focus: Some(vec!["charlie".into()]),
        };
        let p = cooccurrence(&docs(TEXTS), &seg, &opts, &co);
        assert!(p.iter().all(|x| x.a == "charlie"));
        assert_eq!(p.len(), 2);
        assert!(find(&p, "charlie", "alpha").is_some());
    }

    fn pmi_npmi(c: u64, a: u64, b: u64, n: u64) -> (f64, f64, f64) {
        measures(c, a, b, n)
    }

    #[test]
    fn min_count_and_parse() {
        let seg = Segmenter::shared_default();
        let co = CoocOptions {
            window: Window::Sentence,
            min_count: 2,
            focus: None,
        };
        let p = cooccurrence(&docs(TEXTS), &seg, &TokenizeOptions::default(), &co);
        // Windows {a,b} {a,c} {a,b,c} {d} {b,d}: only (a,b) and (a,c) reach 2.
        let kept: Vec<(&str, &str)> = p.iter().map(|x| (x.a.as_str(), x.b.as_str())).collect();
        assert_eq!(kept.len(), 2);
        assert!(kept.contains(&("alpha", "bravo")) && kept.contains(&("alpha", "charlie")));
        assert_eq!(Window::parse("5").unwrap(), Window::Tokens(5));
        assert!(Window::parse("1").is_err() && Window::parse("paragraph").is_err());
        let empty = cooccurrence(&[], &seg, &TokenizeOptions::default(), &co);
        assert!(empty.is_empty());
    }
}

//! Token n-gram counts as sparse matrices, with scikit-learn's `CountVectorizer` semantics: a
//! vocabulary learnt on some documents (pruned by document frequency and size) and applied to
//! others.
//!
//! A document's features are the n-grams of its counted tokens (the `token` column of
//! `tokenize`, in order, across sentences), `n` tokens joined by one space, exactly what
//! scikit-learn's word n-grams give for an analyzer returning those tokens. Documents are counted
//! in parallel; results do not depend on the number of threads.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{chunk_len, DocInterner};
use crate::error::{Result, XinwenError};
use crate::segment::{Segmenter, TokenizeOptions};

/// The lengths of the n-grams counted, `min_n..=max_n` tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NgramRange {
    min_n: usize,
    max_n: usize,
}

impl NgramRange {
    /// N-grams of `min_n` to `max_n` tokens; refused unless `1 <= min_n <= max_n`.
    pub fn new(min_n: usize, max_n: usize) -> Result<Self> {
        if min_n < 1 || min_n > max_n {
            return Err(XinwenError::InvalidArgument(format!(
                "ngram_range=({min_n}, {max_n}) is invalid: expected (min_n, max_n) with \
                 1 <= min_n <= max_n"
            )));
        }
        Ok(NgramRange { min_n, max_n })
    }

    /// Unigrams only.
    pub fn unigrams() -> Self {
        NgramRange { min_n: 1, max_n: 1 }
    }
}

/// A sparse matrix in compressed sparse row form, each row's columns ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Csr {
    /// `indptr[r]..indptr[r + 1]` index row `r`'s cells.
    pub indptr: Vec<i64>,
    pub indices: Vec<i32>,
    pub data: Vec<i64>,
}

impl Csr {
    fn from_rows(rows: impl IntoIterator<Item = Cells>) -> Csr {
        let mut m = Csr {
            indptr: vec![0],
            ..Csr::default()
        };
        for row in rows {
            for (c, n) in row {
                m.indices.push(c as i32);
                m.data.push(n);
            }
            m.indptr.push(m.indices.len() as i64);
        }
        m
    }

    /// Rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    fn row(&self, r: usize) -> (&[i32], &[i64]) {
        let s = self.indptr.get(r).copied().unwrap_or(0) as usize;
        let e = self.indptr.get(r + 1).copied().unwrap_or(0) as usize;
        (
            self.indices.get(s..e).unwrap_or(&[]),
            self.data.get(s..e).unwrap_or(&[]),
        )
    }
}

/// One document's counted tokens, kept in one string so that n-grams are built without an
/// allocation per token.
#[derive(Default)]
struct DocTokens {
    arena: String,
    spans: Vec<(usize, usize)>,
    gram: String,
}

impl DocTokens {
    fn fill(&mut self, text: Option<&str>, seg: &Segmenter, opts: &TokenizeOptions) {
        self.arena.clear();
        self.spans.clear();
        if let Some(text) = text {
            seg.count_each(text, opts, |t| {
                let s = self.arena.len();
                self.arena.push_str(t);
                self.spans.push((s, self.arena.len()));
            });
        }
    }

    /// Call `each` with every n-gram of the document, shortest first, in order of position.
    fn each_gram(&mut self, range: NgramRange, mut each: impl FnMut(&str)) {
        let n_tokens = self.spans.len();
        for n in range.min_n..=range.max_n.min(n_tokens) {
            for i in 0..=n_tokens - n {
                if n == 1 {
                    let (s, e) = self.spans[i];
                    each(self.arena.get(s..e).unwrap_or(""));
                    continue;
                }
                self.gram.clear();
                for (k, &(s, e)) in self.spans[i..i + n].iter().enumerate() {
                    if k > 0 {
                        self.gram.push(' ');
                    }
                    self.gram.push_str(self.arena.get(s..e).unwrap_or(""));
                }
                each(&self.gram);
            }
        }
    }
}

/// One document's cells: `(column, count)`.
type Cells = Vec<(u32, i64)>;

/// Count into `row` (cells of one document, by column) through `slot` (column → cell, reset
/// after).
fn add_cell(row: &mut Cells, slot: &mut [u32], col: u32, binary: bool) {
    let Some(s) = slot.get_mut(col as usize) else {
        return;
    };
    if *s == u32::MAX {
        *s = row.len() as u32;
        row.push((col, 1));
    } else if !binary {
        if let Some(cell) = row.get_mut(*s as usize) {
            cell.1 += 1;
        }
    }
}

fn finish_row(mut row: Cells, slot: &mut [u32]) -> Cells {
    for &(c, _) in &row {
        if let Some(s) = slot.get_mut(c as usize) {
            *s = u32::MAX;
        }
    }
    row.sort_unstable_by_key(|c| c.0);
    row
}

/// Every n-gram of some documents, counted: the terms in order of first occurrence and a
/// matrix of documents × those terms.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub terms: Vec<Box<str>>,
    pub matrix: Csr,
}

/// Count every n-gram of `texts` (`None`: a document without tokens); with `binary`, every
/// count is 1.
pub fn count_all(
    texts: &[Option<&str>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    range: NgramRange,
    binary: bool,
) -> Counts {
    // Each chunk interns its n-grams locally; chunks are merged in order, so global ids (first
    // occurrence) do not depend on the number of threads.
    let parts: Vec<(DocInterner, Vec<Cells>)> = texts
        .par_chunks(chunk_len(texts.len()).max(1))
        .map(|chunk| {
            let mut terms = DocInterner::default();
            let mut toks = DocTokens::default();
            let mut slot: Vec<u32> = Vec::new();
            let mut rows = Vec::with_capacity(chunk.len());
            for &text in chunk {
                toks.fill(text, seg, opts);
                let mut row = Vec::new();
                toks.each_gram(range, |g| {
                    let id = terms.id(g);
                    if id as usize >= slot.len() {
                        slot.resize(id as usize + 1, u32::MAX);
                    }
                    add_cell(&mut row, &mut slot, id, binary);
                });
                rows.push(finish_row(row, &mut slot));
            }
            (terms, rows)
        })
        .collect();
    let mut out = Counts::default();
    let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut rows = Vec::with_capacity(texts.len());
    for (terms, part_rows) in parts {
        let to_global: Vec<u32> = (0..terms.len() as u32)
            .map(|local| {
                let t = terms.term(local);
                *index.entry(t.into()).or_insert_with(|| {
                    out.terms.push(t.into());
                    (out.terms.len() - 1) as u32
                })
            })
            .collect();
        for row in part_rows {
            let mut row: Vec<(u32, i64)> = row
                .into_iter()
                .map(|(c, n)| (to_global.get(c as usize).copied().unwrap_or(0), n))
                .collect();
            row.sort_unstable_by_key(|c| c.0);
            rows.push(row);
        }
    }
    out.matrix = Csr::from_rows(rows);
    out
}

/// The vocabulary kept from [`Counts`] by document frequency and size, as scikit-learn's
/// `CountVectorizer` keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pruning {
    /// Keep terms in at least this many documents.
    pub min_df: f64,
    /// Keep terms in at most this many documents.
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent (summed counts; ties by term).
    pub max_features: Option<usize>,
}

impl Counts {
    /// The kept terms, ascending, and the matrix over them (columns in that order).
    pub fn prune(&self, p: Pruning) -> Result<(Vec<Box<str>>, Csr)> {
        if self.terms.is_empty() {
            return Err(XinwenError::InvalidArgument(
                "empty vocabulary: the documents hold no counted tokens (only stopwords, \
                 punctuation or nothing?)"
                    .into(),
            ));
        }
        if p.max_df < p.min_df {
            return Err(XinwenError::InvalidArgument(format!(
                "max_df keeps terms in at most {} documents, fewer than the {} min_df asks for: \
                 no term can be kept; lower min_df or raise max_df",
                p.max_df, p.min_df
            )));
        }
        let v = self.terms.len();
        let mut df = vec![0u64; v];
        let mut tf = vec![0i64; v];
        for (&c, &n) in self.matrix.indices.iter().zip(&self.matrix.data) {
            if let (Some(d), Some(t)) = (df.get_mut(c as usize), tf.get_mut(c as usize)) {
                *d += 1;
                *t += n;
            }
        }
        let mut kept: Vec<u32> = (0..v as u32)
            .filter(|&t| {
                let d = df[t as usize] as f64;
                d >= p.min_df && d <= p.max_df
            })
            .collect();
        kept.sort_unstable_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
        if let Some(limit) = p.max_features {
            if kept.len() > limit {
                // Most frequent first; a stable sort keeps ties in term order.
                kept.sort_by_key(|&t| std::cmp::Reverse(tf[t as usize]));
                kept.truncate(limit);
                kept.sort_unstable_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
            }
        }
        if kept.is_empty() {
            return Err(XinwenError::InvalidArgument(
                "after pruning, no terms remain: lower min_df or raise max_df".into(),
            ));
        }
        let mut col = vec![u32::MAX; v];
        for (k, &t) in kept.iter().enumerate() {
            col[t as usize] = k as u32;
        }
        let rows = (0..self.matrix.n_rows()).map(|r| {
            let (idx, data) = self.matrix.row(r);
            let mut row: Vec<(u32, i64)> = idx
                .iter()
                .zip(data)
                .filter_map(|(&c, &n)| {
                    let k = col.get(c as usize).copied().unwrap_or(u32::MAX);
                    (k != u32::MAX).then_some((k, n))
                })
                .collect();
            row.sort_unstable_by_key(|c| c.0);
            row
        });
        let matrix = Csr::from_rows(rows);
        let vocab = kept
            .iter()
            .map(|&t| self.terms[t as usize].clone())
            .collect();
        Ok((vocab, matrix))
    }
}

/// Column of each term of a fixed vocabulary (the terms in column order); a term given twice
/// is refused.
pub fn vocabulary_index<S: AsRef<str>>(terms: &[S]) -> Result<FxHashMap<Box<str>, u32>> {
    let mut index = FxHashMap::default();
    for (k, t) in terms.iter().enumerate() {
        let t = t.as_ref();
        if index.insert(t.into(), k as u32).is_some() {
            return Err(XinwenError::InvalidArgument(format!(
                "the vocabulary holds {t:?} twice"
            )));
        }
    }
    Ok(index)
}

/// Count the n-grams of `texts` that are in `vocab` (term → column, columns `0..vocab.len()`).
pub fn count_fixed(
    texts: &[Option<&str>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    range: NgramRange,
    vocab: &FxHashMap<Box<str>, u32>,
    binary: bool,
) -> Csr {
    let n_cols = vocab.len();
    let parts: Vec<Vec<Cells>> = texts
        .par_chunks(chunk_len(texts.len()).max(1))
        .map(|chunk| {
            let mut toks = DocTokens::default();
            let mut slot = vec![u32::MAX; n_cols];
            chunk
                .iter()
                .map(|&text| {
                    toks.fill(text, seg, opts);
                    let mut row = Vec::new();
                    toks.each_gram(range, |g| {
                        if let Some(&c) = vocab.get(g) {
                            add_cell(&mut row, &mut slot, c, binary);
                        }
                    });
                    finish_row(row, &mut slot)
                })
                .collect()
        })
        .collect();
    Csr::from_rows(parts.into_iter().flatten())
}

/// The counted tokens of one text (the `token` column `tokenize` gives for it).
pub fn cut(text: &str, seg: &Segmenter, opts: &TokenizeOptions) -> Vec<String> {
    let mut out = Vec::new();
    seg.count_each(text, opts, |t| out.push(t.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::StopwordChoice;

    fn seg() -> std::sync::Arc<Segmenter> {
        Segmenter::shared_default()
    }

    fn keep_all() -> TokenizeOptions {
        TokenizeOptions {
            stopwords: StopwordChoice::Off,
            ..TokenizeOptions::default()
        }
    }

    const TEXTS: &[Option<&str>] = &[
        Some("普京会见习近平。"),
        Some("习近平会见拜登。普京访华。"),
        None,
        Some("拜登访华。"),
    ];

    fn dense(m: &Csr, n_cols: usize) -> Vec<Vec<i64>> {
        (0..m.n_rows())
            .map(|r| {
                let mut v = vec![0; n_cols];
                let (idx, data) = m.row(r);
                for (&c, &n) in idx.iter().zip(data) {
                    v[c as usize] = n;
                }
                v
            })
            .collect()
    }

    #[test]
    fn ngram_range_is_checked() {
        assert!(NgramRange::new(0, 1).is_err());
        assert!(NgramRange::new(2, 1).is_err());
        assert!(NgramRange::new(1, 3).is_ok());
    }

    #[test]
    fn cut_gives_the_counted_tokens() {
        let s = seg();
        assert_eq!(
            cut(
                "俄羅斯總統普丁會見習近平。",
                &s,
                &TokenizeOptions::default()
            ),
            ["俄罗斯", "总统", "普京", "会见", "习近平"]
        );
    }

    #[test]
    fn unigrams_are_counted_per_document_and_pruned_by_document_frequency() {
        let s = seg();
        let c = count_all(TEXTS, &s, &keep_all(), NgramRange::unigrams(), false);
        assert_eq!(c.matrix.n_rows(), 4);
        let all = Pruning {
            min_df: 1.0,
            max_df: 4.0,
            max_features: None,
        };
        let (vocab, m) = c.prune(all).unwrap();
        let vocab: Vec<&str> = vocab.iter().map(|t| &**t).collect();
        // Ascending, as str ordering (code points).
        let mut sorted = vocab.clone();
        sorted.sort_unstable();
        assert_eq!(vocab, sorted);
        let col = |t: &str| vocab.iter().position(|v| *v == t).unwrap();
        let d = dense(&m, vocab.len());
        assert_eq!(d[1][col("会见")], 1);
        assert_eq!(d[2], vec![0; vocab.len()]);
        assert_eq!(d[3][col("访华")], 1);
        // In two documents or more only.
        let (two, _) = c.prune(Pruning { min_df: 2.0, ..all }).unwrap();
        let two: Vec<&str> = two.iter().map(|t| &**t).collect();
        assert_eq!(two, ["习近平", "会见", "拜登", "普京", "访华"]);
        // At most the two most frequent; ties go to the earlier term.
        let (top, _) = c
            .prune(Pruning {
                max_features: Some(2),
                ..all
            })
            .unwrap();
        assert_eq!(top.len(), 2);
        assert!(c
            .prune(Pruning {
                min_df: 3.0,
                max_df: 2.0,
                max_features: None
            })
            .is_err());
        assert!(c
            .prune(Pruning {
                min_df: 4.0,
                max_df: 4.0,
                max_features: None
            })
            .is_err());
    }

    #[test]
    fn bigrams_join_tokens_with_a_space_and_fixed_vocabularies_count_them() {
        let s = seg();
        let range = NgramRange::new(1, 2).unwrap();
        let c = count_all(TEXTS, &s, &keep_all(), range, false);
        assert!(c.terms.iter().any(|t| &**t == "普京 会见"));
        let vocab = ["普京 会见", "访华", "nothing here"];
        let index = vocabulary_index(&vocab).unwrap();
        let m = count_fixed(TEXTS, &s, &keep_all(), range, &index, false);
        assert_eq!(
            dense(&m, 3),
            vec![vec![1, 0, 0], vec![0, 1, 0], vec![0, 0, 0], vec![0, 1, 0]]
        );
        assert!(vocabulary_index(&["a", "a"]).is_err());
    }

    #[test]
    fn binary_counts_are_one_and_threads_do_not_change_results() {
        let s = seg();
        let texts: Vec<Option<&str>> = (0..200)
            .map(|i| {
                Some(if i % 2 == 0 {
                    "普京普京会见习近平。"
                } else {
                    "拜登访华，拜登会见习近平。"
                })
            })
            .collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| count_all(&texts, &s, &keep_all(), NgramRange::unigrams(), false));
        let many = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| count_all(&texts, &s, &keep_all(), NgramRange::unigrams(), false));
        assert_eq!(one.terms, many.terms);
        assert_eq!(one.matrix, many.matrix);
        assert!(one.matrix.data.contains(&2));
        let b = count_all(&texts, &s, &keep_all(), NgramRange::unigrams(), true);
        assert!(b.matrix.data.iter().all(|&n| n == 1));
        assert_eq!(b.matrix.indices, one.matrix.indices);
    }
}

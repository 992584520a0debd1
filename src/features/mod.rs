//! Features computed from documents in parallel: token tables, term counts and keywords.
//!
//! Every function takes a slice of [`Doc`]s and a [`Segmenter`] and runs on rayon's pool; results
//! come back in document order whatever the number of threads.

pub mod columns;
pub mod cooc;
pub mod corpus;
pub mod dedup;
pub mod keywords;
pub mod kwic;
pub mod pairs;
pub mod quotes;
pub mod trend;
pub mod vectorize;

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::arrow_out::{self, TokenBatchBuilder};
use crate::segment::{Segmenter, TokenizeOptions};

/// One document: an id and the text of the field being analysed (`None`: null, no tokens).
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// Document id.
    pub id: &'a str,
    /// The text.
    pub text: Option<&'a str>,
}

/// Add the smaller of two count maps into the larger one (reducing per-worker maps).
pub(crate) fn merge_counts<K: Eq + std::hash::Hash>(
    a: FxHashMap<K, u64>,
    b: FxHashMap<K, u64>,
) -> FxHashMap<K, u64> {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (k, v) in small {
        *big.entry(k).or_insert(0) += v;
    }
    big
}

/// Start counting `docs` documents on the options' progress counter, if any.
pub(crate) fn start_progress(opts: &TokenizeOptions, docs: &[Doc<'_>]) {
    if let Some(p) = &opts.progress {
        p.start(docs.len() as u64);
    }
}

/// Documents per parallel task (and per output batch) for `n` documents: about eight tasks a
/// thread, so the load balances, but between 16 and 512 documents, because every task builds its
/// own batch and small batches cost more than they balance (32-document tasks made counting the
/// benchmark archive 8% slower than 256-document ones).
pub(crate) fn chunk_len(n: usize) -> usize {
    (n / (rayon::current_num_threads() * 8)).clamp(16, 512)
}

/// Documents with the id `d` for the given texts, for the tests of the feature modules.
#[cfg(test)]
pub(crate) fn test_docs<'a>(texts: &'a [&'a str]) -> Vec<Doc<'a>> {
    texts
        .iter()
        .map(|t| Doc {
            id: "d",
            text: Some(t),
        })
        .collect()
}

/// The token table of `docs`, as record batches in document order.
pub fn token_batches(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
) -> Result<Vec<RecordBatch>, ArrowError> {
    start_progress(opts, docs);
    docs.par_chunks(chunk_len(docs.len()))
        .map(|chunk| {
            // About one token per 10 bytes of Chinese news; reserve for one per 4.
            let bytes: usize = chunk.iter().filter_map(|d| d.text).map(str::len).sum();
            let mut b = TokenBatchBuilder::new(opts.pos, bytes / 4 + 16);
            for d in chunk {
                if let Some(text) = d.text {
                    let mut i = 0usize;
                    seg.tokenize_each(text, opts, |t| {
                        b.push(i, t);
                        i += 1;
                    });
                }
                b.end_doc(d.id);
            }
            b.finish()
        })
        .collect()
}

/// Term counts of one document, most frequent first (ties by term).
pub fn doc_term_counts(text: &str, seg: &Segmenter, opts: &TokenizeOptions) -> Vec<(String, u32)> {
    let mut counts = FxHashMap::default();
    seg.count_into(text, opts, &mut counts);
    let mut v: Vec<(String, u32)> = counts.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The distinct terms of one document, kept small and reused from document to document: terms
/// are copied into one arena string and found through a map from their 64-bit hash, so looking
/// a token up allocates nothing and touches only memory that stays in cache.
#[derive(Default)]
pub(crate) struct DocInterner {
    slots: FxHashMap<u64, u32>,
    arena: String,
    /// Arena range of each distinct term, in order of first occurrence.
    spans: Vec<(u32, u32)>,
}

impl DocInterner {
    /// Distinct terms so far.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The term with id `id`.
    pub(crate) fn term(&self, id: u32) -> &str {
        self.spans
            .get(id as usize)
            .and_then(|&(s, e)| self.arena.get(s as usize..e as usize))
            .unwrap_or("")
    }

    /// The id of `term`, added if new (ids count up from 0 in order of first occurrence).
    pub(crate) fn id(&mut self, term: &str) -> u32 {
        let mut h = rustc_hash::FxBuildHasher.hash_one(term);
        loop {
            match self.slots.get(&h) {
                Some(&i) if self.term(i) == term => return i,
                // Two terms with one 64-bit hash: probe the next value.
                Some(_) => h = h.wrapping_add(0x9E37_79B9_7F4A_7C15),
                None => {
                    let start = self.arena.len() as u32;
                    self.arena.push_str(term);
                    let id = self.spans.len() as u32;
                    self.slots.insert(h, id);
                    self.spans.push((start, self.arena.len() as u32));
                    return id;
                }
            }
        }
    }

    /// Forget every term, keeping the memory.
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.arena.clear();
        self.spans.clear();
    }
}

/// The term counts of one document (see [`DocInterner`]).
#[derive(Default)]
pub(crate) struct DocCounter {
    terms: DocInterner,
    counts: Vec<u32>,
}

impl DocCounter {
    pub(crate) fn add(&mut self, term: &str) {
        let id = self.terms.id(term) as usize;
        if id == self.counts.len() {
            self.counts.push(0);
        }
        if let Some(c) = self.counts.get_mut(id) {
            *c += 1;
        }
    }

    /// Hand the document's counts, in order of first occurrence, to `out`; then reset.
    pub(crate) fn drain(&mut self, mut out: impl FnMut(&str, u32)) {
        for (id, &n) in self.counts.iter().enumerate() {
            out(self.terms.term(id as u32), n);
        }
        self.counts.clear();
        self.terms.clear();
    }
}

/// Per-document term counts of `docs`, as record batches in document order; the token table is
/// never built.
pub fn term_count_batches(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
) -> Result<Vec<RecordBatch>, ArrowError> {
    start_progress(opts, docs);
    docs.par_chunks(chunk_len(docs.len()))
        .map(|chunk| {
            // About one distinct term per 13 bytes of a document in the benchmark archive.
            let bytes: usize = chunk.iter().filter_map(|d| d.text).map(str::len).sum();
            let mut b = arrow_out::TermCountBuilder::with_capacity(bytes / 12 + 16);
            let mut counter = DocCounter::default();
            for d in chunk {
                if let Some(text) = d.text {
                    seg.count_each(text, opts, |term| counter.add(term));
                }
                counter.drain(|term, n| b.push(term, n));
                b.end_doc(d.id);
            }
            b.finish()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int32Type, Int64Type};

    #[test]
    fn tokens_and_counts_agree_in_order() {
        let seg = Segmenter::shared_default();
        let texts: Vec<String> = (0..100)
            .map(|i| format!("第{i}篇：普京和蒲亭会见習近平。Putin met Xi Jinping."))
            .collect();
        let ids: Vec<String> = (0..100)
            .map(|i| format!("doc-{i:04}-with-a-long-id"))
            .collect();
        let mut docs: Vec<Doc<'_>> = ids
            .iter()
            .zip(&texts)
            .map(|(id, t)| Doc { id, text: Some(t) })
            .collect();
        docs.push(Doc {
            id: "null",
            text: None,
        });
        let opts = TokenizeOptions::default();
        let batches = token_batches(&docs, &seg, &opts).unwrap();
        let mut rows = Vec::new();
        for b in &batches {
            let ids = b.column(0).as_string_view();
            let tok = b.column(3).as_string_view();
            let tid = b.column(2).as_primitive::<Int32Type>();
            for r in 0..b.num_rows() {
                rows.push((
                    ids.value(r).to_owned(),
                    tid.value(r),
                    tok.value(r).to_owned(),
                ));
            }
        }
        assert_eq!(
            rows.first().map(|r| r.0.as_str()),
            Some("doc-0000-with-a-long-id")
        );
        assert!(rows
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 + 1 == w[1].1)));
        let putin = rows
            .iter()
            .filter(|r| r.0 == "doc-0007-with-a-long-id" && r.2 == "普京")
            .count();
        assert_eq!(putin, 3);

        let counts = term_count_batches(&docs, &seg, &opts).unwrap();
        let mut total = 0;
        for b in &counts {
            let terms = b.column(1).as_string_view();
            let n = b.column(2).as_primitive::<Int64Type>();
            for r in 0..b.num_rows() {
                total += n.value(r);
                if b.column(0).as_string_view().value(r) == "doc-0007-with-a-long-id"
                    && terms.value(r) == "普京"
                {
                    assert_eq!(n.value(r), 3);
                }
            }
        }
        assert_eq!(total as usize, rows.len());
    }
}

//! A corpus tokenized once and held in memory, so that every question asked of it (trends,
//! co-occurrence, keyness, document-term matrices, keywords) reads term ids instead of
//! segmenting the text again.
//!
//! Layout: the counted tokens of all documents as one `Vec<u32>` of term ids (4 bytes a token),
//! the start of each document in it, and the start of each sentence that has counted tokens (4
//! bytes a sentence, about one per 20 tokens); optionally one byte of part-of-speech tag a token.
//! Terms are interned once, with their token and document frequencies. Building runs in
//! parallel: every chunk of documents interns its terms locally, and chunks are merged in
//! document order, so ids (first occurrence order) do not depend on the number of threads.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cooc::{CoocOptions, Pair, Window};
use super::pairs::{self, Key, PairCounter};
use super::{chunk_len, Doc, DocInterner};
use crate::error::{Result, XinwenError};
use crate::segment::{Segmenter, TokenizeOptions};

/// A term id.
pub type TermId = u32;
/// `(row, index into the asked terms, count)` rows and `(row, tokens)` rows.
pub type TermDocCounts = (Vec<(Row, u32, u32)>, Vec<(Row, u64)>);
/// A document's index in the corpus.
pub type Row = u32;

/// Distinct terms a co-occurrence window may hold: a longer window (a 50,000-character sentence
/// without punctuation, a whole book as one document) is cut into consecutive windows of at
/// most this many tokens, so that pairs per window stay bounded (1,000 terms: half a million
/// pairs) whatever the input.
pub const MAX_WINDOW_TOKENS: usize = 1000;

/// Terms whose pairs are counted in a dense matrix: 2,048² cells of 4 bytes (16 MiB a thread,
/// in the last-level cache of a server core).
const HOT_TERMS: usize = 2048;

/// A dense index standing for a term outside the vocabulary of a pair count.
const OTHER: u32 = u32::MAX;

/// A co-occurring pair by term ids, with its counts and measures.
pub type IdPair = super::cooc::Pair<TermId>;

/// What the first pass of co-occurrence counts: windows, windows per term id, and windows per
/// (focus, other) pair of term ids. Every count adds up over disjoint sets of documents.
#[derive(Debug, Default)]
pub struct FirstPass {
    pub n: u64,
    pub counts: Vec<u64>,
    pub pairs: FxHashMap<(TermId, TermId), u64>,
    scratch: Vec<TermId>,
}

/// The tokenized corpus. See the module docs.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    terms: Vec<Box<str>>,
    index: FxHashMap<Box<str>, TermId>,
    /// Token and document frequencies of each term over the whole corpus.
    tf: Vec<u64>,
    df: Vec<u32>,
    tokens: Vec<TermId>,
    /// `doc_start[d]..doc_start[d + 1]` are document `d`'s tokens.
    doc_start: Vec<u64>,
    /// Starts of sentences, as offsets into `tokens`; `doc_sent[d]..doc_sent[d + 1]` index the
    /// sentences of document `d`.
    sent_start: Vec<u64>,
    doc_sent: Vec<u64>,
    /// One tag id a token (an index into `pos_names`), when built with tags.
    pos: Option<Vec<u8>>,
    pos_names: Vec<Box<str>>,
}

/// What one chunk of documents gives before the merge.
#[derive(Default)]
struct Part {
    terms: DocInterner,
    tokens: Vec<TermId>,
    /// Tokens and sentences per document.
    doc_len: Vec<u32>,
    doc_sents: Vec<u32>,
    /// Sentence starts relative to the chunk's first token.
    sent_start: Vec<u32>,
    pos: Vec<u8>,
    pos_names: Vec<Box<str>>,
}

impl Part {
    fn pos_id(&mut self, tag: &str) -> u8 {
        match self.pos_names.iter().position(|t| &**t == tag) {
            Some(i) => i as u8,
            None if self.pos_names.len() < 255 => {
                self.pos_names.push(tag.into());
                (self.pos_names.len() - 1) as u8
            }
            // More than 255 distinct tags cannot happen with jieba's tag set; the last id
            // stands for any further one.
            None => 254,
        }
    }
}

impl Corpus {
    /// Tokenize `docs` once (with `opts`: mode, stopwords, script; `opts.pos` keeps tags).
    pub fn build(docs: &[Doc<'_>], seg: &Segmenter, opts: &TokenizeOptions) -> Corpus {
        super::start_progress(opts, docs);
        let with_pos = opts.pos;
        let mut corpus = Corpus {
            doc_start: vec![0],
            doc_sent: vec![0],
            pos: with_pos.then(Vec::new),
            ..Corpus::default()
        };
        // Chunks are tokenized in parallel a window at a time and merged in order, so that at
        // most a window of chunks is held twice (local and merged).
        let size = chunk_len(docs.len());
        let chunks: Vec<&[Doc<'_>]> = docs.chunks(size.max(1)).collect();
        let window = rayon::current_num_threads() * 4;
        for group in chunks.chunks(window.max(1)) {
            let parts: Vec<Part> = group
                .par_iter()
                .map(|chunk| tokenize_chunk(chunk, seg, opts, with_pos))
                .collect();
            for part in parts {
                corpus.merge(part);
            }
        }
        corpus
    }

    fn merge(&mut self, part: Part) {
        let mut to_global: Vec<TermId> = Vec::with_capacity(part.terms.len());
        for local in 0..part.terms.len() as u32 {
            let t = part.terms.term(local);
            let id = match self.index.get(t) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as TermId;
                    self.terms.push(t.into());
                    self.index.insert(t.into(), id);
                    self.tf.push(0);
                    self.df.push(0);
                    id
                }
            };
            to_global.push(id);
        }
        let pos_map: Vec<u8> = part
            .pos_names
            .iter()
            .map(|t| match self.pos_names.iter().position(|x| x == t) {
                Some(i) => i as u8,
                None if self.pos_names.len() < 255 => {
                    self.pos_names.push(t.clone());
                    (self.pos_names.len() - 1) as u8
                }
                None => 254,
            })
            .collect();
        let base = self.tokens.len() as u64;
        self.tokens.reserve(part.tokens.len());
        let mut seen: Vec<u32> = Vec::new();
        let mut at = 0usize;
        for &n in &part.doc_len {
            let end = at + n as usize;
            for &l in part.tokens.get(at..end).unwrap_or(&[]) {
                let g = to_global.get(l as usize).copied().unwrap_or(0);
                self.tokens.push(g);
                if let Some(t) = self.tf.get_mut(g as usize) {
                    *t += 1;
                }
                // Document frequency: mark each local id once per document.
                let li = l as usize;
                if li >= seen.len() {
                    seen.resize(li + 1, u32::MAX);
                }
                let doc_no = self.doc_start.len() as u32;
                if seen[li] != doc_no {
                    seen[li] = doc_no;
                    if let Some(d) = self.df.get_mut(g as usize) {
                        *d += 1;
                    }
                }
            }
            at = end;
            self.doc_start.push(self.tokens.len() as u64);
        }
        for &s in &part.sent_start {
            self.sent_start.push(base + u64::from(s));
        }
        let mut sents = self.doc_sent.last().copied().unwrap_or(0);
        for &k in &part.doc_sents {
            sents += u64::from(k);
            self.doc_sent.push(sents);
        }
        if let Some(pos) = &mut self.pos {
            pos.extend(
                part.pos
                    .iter()
                    .map(|&p| pos_map.get(p as usize).copied().unwrap_or(254)),
            );
        }
    }

    /// Documents.
    pub fn len(&self) -> usize {
        self.doc_start.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tokens held.
    pub fn n_tokens(&self) -> usize {
        self.tokens.len()
    }

    /// Bytes held per token by the token and sentence arrays (and tags), for the record.
    pub fn bytes_per_token(&self) -> f64 {
        let bytes = self.tokens.len() * 4
            + self.sent_start.len() * 8
            + self.doc_start.len() * 8
            + self.doc_sent.len() * 8
            + self.pos.as_ref().map_or(0, Vec::len);
        bytes as f64 / self.tokens.len().max(1) as f64
    }

    /// The terms, by id.
    pub fn terms(&self) -> &[Box<str>] {
        &self.terms
    }

    pub fn term(&self, id: TermId) -> &str {
        self.terms.get(id as usize).map_or("", |t| t)
    }

    pub fn id(&self, term: &str) -> Option<TermId> {
        self.index.get(term).copied()
    }

    /// Token and document frequency of each term over the whole corpus.
    pub fn frequencies(&self) -> (&[u64], &[u32]) {
        (&self.tf, &self.df)
    }

    /// The tokens of document `d`.
    pub fn doc(&self, d: Row) -> &[TermId] {
        let d = d as usize;
        match (self.doc_start.get(d), self.doc_start.get(d + 1)) {
            (Some(&s), Some(&e)) => self.tokens.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The tags of document `d`'s tokens, if kept.
    pub fn doc_pos(&self, d: Row) -> Option<&[u8]> {
        let pos = self.pos.as_ref()?;
        let d = d as usize;
        let (s, e) = (*self.doc_start.get(d)?, *self.doc_start.get(d + 1)?);
        pos.get(s as usize..e as usize)
    }

    pub fn pos_names(&self) -> &[Box<str>] {
        &self.pos_names
    }

    /// The sentences of document `d`, as ranges of its tokens (relative to its first token).
    pub fn sentences(&self, d: Row) -> Vec<(usize, usize)> {
        let di = d as usize;
        let (Some(&ts), Some(&te)) = (self.doc_start.get(di), self.doc_start.get(di + 1)) else {
            return Vec::new();
        };
        let (Some(&ss), Some(&se)) = (self.doc_sent.get(di), self.doc_sent.get(di + 1)) else {
            return Vec::new();
        };
        let starts = self.sent_start.get(ss as usize..se as usize).unwrap_or(&[]);
        let mut out = Vec::with_capacity(starts.len());
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(te);
            out.push(((s - ts) as usize, (e - ts) as usize));
        }
        out
    }

    /// The rows a selection stands for (`None`: every document).
    fn rows<'a>(&self, rows: Option<&'a [Row]>) -> std::borrow::Cow<'a, [Row]> {
        match rows {
            Some(r) => std::borrow::Cow::Borrowed(r),
            None => std::borrow::Cow::Owned((0..self.len() as Row).collect()),
        }
    }

    /// `rows` is every document in order: what the corpus already counted holds.
    fn is_all(&self, rows: Option<&[Row]>) -> bool {
        rows.is_none_or(|r| {
            r.len() == self.len() && r.iter().enumerate().all(|(k, &d)| d as usize == k)
        })
    }

    /// Chunks for per-thread accumulators as large as the vocabulary: a few a thread, since
    /// each costs a vector of the vocabulary's size to clear and to add up.
    fn dense_chunk(n: usize) -> usize {
        n.div_ceil(rayon::current_num_threads() * 2).max(1)
    }

    /// The documents not in `rows` when they are fewer (each row at most once): totals over
    /// `rows` are then the corpus's totals less theirs.
    fn complement(&self, rows: &[Row]) -> Option<Vec<Row>> {
        if rows.len() * 2 <= self.len() {
            return None;
        }
        let mut seen = vec![false; self.len()];
        for &d in rows {
            let s = seen.get_mut(d as usize)?;
            if *s {
                return None;
            }
            *s = true;
        }
        Some(
            (0..self.len() as Row)
                .filter(|&d| !seen[d as usize])
                .collect(),
        )
    }

    /// Token counts of every term over `rows`, dense by id.
    pub fn term_totals(&self, rows: Option<&[Row]>) -> Vec<u64> {
        if self.is_all(rows) {
            return self.tf.clone();
        }
        if let Some(rest) = rows.and_then(|r| self.complement(r)) {
            let mut tf = self.tf.clone();
            for (t, c) in tf.iter_mut().zip(self.term_totals(Some(&rest))) {
                *t -= c;
            }
            return tf;
        }
        let rows = self.rows(rows);
        let v = self.terms.len();
        rows.par_chunks(Self::dense_chunk(rows.len()))
            .fold(
                || vec![0u64; v],
                |mut acc, chunk| {
                    for &d in chunk {
                        for &t in self.doc(d) {
                            if let Some(c) = acc.get_mut(t as usize) {
                                *c += 1;
                            }
                        }
                    }
                    acc
                },
            )
            .reduce(
                || vec![0u64; v],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                    a
                },
            )
    }

    /// Documents among `rows` holding each term, dense by id.
    pub fn doc_freqs(&self, rows: Option<&[Row]>) -> Vec<u32> {
        if self.is_all(rows) {
            return self.df.clone();
        }
        let rows = self.rows(rows);
        let v = self.terms.len();
        rows.par_chunks(Self::dense_chunk(rows.len()))
            .fold(
                || (vec![0u32; v], vec![u32::MAX; v]),
                |(mut acc, mut last), chunk| {
                    for &d in chunk {
                        for &t in self.doc(d) {
                            let t = t as usize;
                            if last.get(t) != Some(&d) {
                                if let (Some(l), Some(c)) = (last.get_mut(t), acc.get_mut(t)) {
                                    *l = d;
                                    *c += 1;
                                }
                            }
                        }
                    }
                    (acc, last)
                },
            )
            .map(|(acc, _)| acc)
            .reduce(
                || vec![0u32; v],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                    a
                },
            )
    }

    /// The `top` most frequent terms over `rows` (ties by term), with their counts.
    pub fn top_terms(&self, rows: Option<&[Row]>, top: usize) -> Vec<(TermId, u64)> {
        let totals = self.term_totals(rows);
        let mut v: Vec<(TermId, u64)> = totals
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| (i as TermId, c))
            .collect();
        let order = |a: &(TermId, u64), b: &(TermId, u64)| {
            b.1.cmp(&a.1)
                .then_with(|| self.term(a.0).cmp(self.term(b.0)))
        };
        // The best `top` by a partial selection; only they are sorted.
        if top > 0 && v.len() > top {
            v.select_nth_unstable_by(top - 1, order);
            v.truncate(top);
        }
        v.sort_unstable_by(order);
        v.truncate(top);
        v
    }

    /// For each of `rows`, in order: `(row, index into terms, count)` for the terms of `terms`
    /// present (in the order of `terms`), and the row's token count.
    pub fn term_doc_counts(&self, rows: Option<&[Row]>, terms: &[Option<TermId>]) -> TermDocCounts {
        let rows = self.rows(rows);
        // Term id -> the asked terms it is (a term may be asked twice): a dense index, since
        // every token is looked up.
        let mut first = vec![u32::MAX; self.terms.len()];
        let mut slot: FxHashMap<TermId, Vec<u32>> = FxHashMap::default();
        for (k, t) in terms.iter().enumerate() {
            if let Some(t) = t {
                slot.entry(*t).or_default().push(k as u32);
                if let Some(f) = first.get_mut(*t as usize) {
                    *f = k as u32;
                }
            }
        }
        let parts: Vec<TermDocCounts> = rows
            .par_chunks(chunk_len(rows.len()).max(1))
            .map(|chunk| {
                let mut counts = Vec::new();
                let mut lengths = Vec::with_capacity(chunk.len());
                let mut per = vec![0u32; terms.len()];
                for &d in chunk {
                    let toks = self.doc(d);
                    for &t in toks {
                        if first.get(t as usize).is_none_or(|&f| f == u32::MAX) {
                            continue;
                        }
                        if let Some(ks) = slot.get(&t) {
                            for &k in ks {
                                if let Some(c) = per.get_mut(k as usize) {
                                    *c += 1;
                                }
                            }
                        }
                    }
                    for (k, c) in per.iter_mut().enumerate() {
                        if *c > 0 {
                            counts.push((d, k as u32, *c));
                            *c = 0;
                        }
                    }
                    lengths.push((d, toks.len() as u64));
                }
                (counts, lengths)
            })
            .collect();
        let mut counts = Vec::new();
        let mut lengths = Vec::new();
        for (c, l) in parts {
            counts.extend(c);
            lengths.extend(l);
        }
        (counts, lengths)
    }

    /// Per-document term counts over `rows`: `(row, term, count)`, each document's terms in
    /// order of first occurrence, with `keep` deciding which terms count.
    pub fn doc_term_counts(
        &self,
        rows: Option<&[Row]>,
        keep: Option<&[bool]>,
    ) -> Vec<(Row, TermId, u32)> {
        let rows = self.rows(rows);
        let v = self.terms.len();
        let parts: Vec<Vec<(Row, TermId, u32)>> = rows
            .par_chunks(chunk_len(rows.len()).max(1))
            .map(|chunk| {
                let mut out = Vec::new();
                let mut slot = vec![u32::MAX; v];
                for &d in chunk {
                    let first = out.len();
                    for &t in self.doc(d) {
                        if keep.is_some_and(|k| !k.get(t as usize).copied().unwrap_or(false)) {
                            continue;
                        }
                        let s = &mut slot[t as usize];
                        if *s == u32::MAX {
                            *s = (out.len() - first) as u32;
                            out.push((d, t, 1));
                        } else if let Some(e) = out.get_mut(first + *s as usize) {
                            e.2 += 1;
                        }
                    }
                    for e in out.get(first..).unwrap_or(&[]) {
                        slot[e.1 as usize] = u32::MAX;
                    }
                }
                out
            })
            .collect();
        parts.concat()
    }

    /// A compressed sparse row matrix of `rows` × the terms with `lo <= df <= hi` among them,
    /// columns in ascending term order: `(vocabulary, indptr, indices, data)`.
    pub fn csr(
        &self,
        rows: Option<&[Row]>,
        lo: f64,
        hi: f64,
    ) -> (Vec<TermId>, Vec<i64>, Vec<i32>, Vec<i64>) {
        let df = self.doc_freqs(rows);
        let mut vocab: Vec<TermId> = df
            .iter()
            .enumerate()
            .filter(|(_, &d)| d > 0 && f64::from(d) >= lo && f64::from(d) <= hi)
            .map(|(i, _)| i as TermId)
            .collect();
        vocab.sort_unstable_by(|a, b| self.term(*a).cmp(self.term(*b)));
        let mut col = vec![u32::MAX; self.terms.len()];
        for (k, &t) in vocab.iter().enumerate() {
            col[t as usize] = k as u32;
        }
        let rows = self.rows(rows);
        let per_row: Vec<Vec<(i32, i64)>> = rows
            .par_iter()
            .map(|&d| {
                let mut counts: FxHashMap<u32, i64> = FxHashMap::default();
                for &t in self.doc(d) {
                    let c = col[t as usize];
                    if c != u32::MAX {
                        *counts.entry(c).or_insert(0) += 1;
                    }
                }
                let mut v: Vec<(i32, i64)> =
                    counts.into_iter().map(|(c, n)| (c as i32, n)).collect();
                v.sort_unstable();
                v
            })
            .collect();
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        indptr.push(0i64);
        let nnz: usize = per_row.iter().map(Vec::len).sum();
        let mut indices = Vec::with_capacity(nnz);
        let mut data = Vec::with_capacity(nnz);
        for r in per_row {
            for (c, n) in r {
                indices.push(c);
                data.push(n);
            }
            indptr.push(indices.len() as i64);
        }
        (vocab, indptr, indices, data)
    }

    /// Call `each` with the distinct term ids of every co-occurrence window of document `d`.
    fn windows(
        &self,
        d: Row,
        window: Window,
        scratch: &mut Vec<TermId>,
        mut each: impl FnMut(&[TermId]),
    ) {
        let toks = self.doc(d);
        let mut emit = |run: &[TermId], scratch: &mut Vec<TermId>| {
            for piece in run.chunks(MAX_WINDOW_TOKENS) {
                scratch.clear();
                scratch.extend_from_slice(piece);
                scratch.sort_unstable();
                scratch.dedup();
                if !scratch.is_empty() {
                    each(scratch);
                }
            }
        };
        match window {
            Window::Document => emit(toks, scratch),
            Window::Sentence => {
                for (s, e) in self.sentences(d) {
                    emit(toks.get(s..e).unwrap_or(&[]), scratch);
                }
            }
            Window::Tokens(k) => {
                if toks.is_empty() {
                    return;
                }
                let k = k.min(MAX_WINDOW_TOKENS);
                let runs = toks.len().saturating_sub(k) + 1;
                for s in 0..runs {
                    let e = (s + k).min(toks.len());
                    emit(toks.get(s..e).unwrap_or(&[]), scratch);
                }
            }
        }
    }

    /// Windows whose tokens were cut at [`MAX_WINDOW_TOKENS`] among `rows`.
    pub fn long_windows(&self, rows: Option<&[Row]>, window: Window) -> u64 {
        let rows = self.rows(rows);
        rows.par_iter()
            .map(|&d| match window {
                Window::Document => u64::from(self.doc(d).len() > MAX_WINDOW_TOKENS),
                Window::Sentence => self
                    .sentences(d)
                    .iter()
                    .filter(|(s, e)| e - s > MAX_WINDOW_TOKENS)
                    .count() as u64,
                Window::Tokens(k) => {
                    u64::from(k > MAX_WINDOW_TOKENS && self.doc(d).len() > MAX_WINDOW_TOKENS)
                }
            })
            .sum()
    }

    /// Windows over `rows`, windows per term (by id) and, with `focus` (a flag per term id),
    /// windows per focus pair: the first pass of [`Corpus::cooccurrence_ids`], and what a
    /// cluster adds up over the parts of a dataset before the measures.
    fn first_pass(&self, rows: &[Row], window: Window, focus: Option<&[bool]>) -> FirstPass {
        let v = self.terms.len();
        rows.par_chunks(chunk_len(rows.len()).max(1))
            .fold(
                || FirstPass {
                    counts: vec![0; v],
                    ..FirstPass::default()
                },
                |mut acc, chunk| {
                    let FirstPass {
                        n,
                        counts,
                        pairs,
                        scratch,
                    } = &mut acc;
                    for &d in chunk {
                        self.windows(d, window, scratch, |items| {
                            *n += 1;
                            for &i in items {
                                counts[i as usize] += 1;
                            }
                            let Some(is) = focus else { return };
                            for &f in items {
                                if !is[f as usize] {
                                    continue;
                                }
                                for &x in items {
                                    if x == f || (is[x as usize] && self.term(x) < self.term(f)) {
                                        continue;
                                    }
                                    *pairs.entry((f, x)).or_insert(0) += 1;
                                }
                            }
                        });
                    }
                    acc
                },
            )
            .reduce(
                || FirstPass {
                    counts: vec![0; v],
                    ..FirstPass::default()
                },
                |mut a, b| {
                    a.n += b.n;
                    for (x, y) in a.counts.iter_mut().zip(b.counts) {
                        *x += y;
                    }
                    for (k, c) in b.pairs {
                        *a.pairs.entry(k).or_insert(0) += c;
                    }
                    a
                },
            )
    }

    /// The window counts of co-occurrence with `focus` over `rows`, before any `min_count`:
    /// what each part of a dataset gives a cluster, which adds them up and computes the
    /// measures once ([`super::cooc::measures`]).
    pub fn focus_counts(
        &self,
        rows: Option<&[Row]>,
        window: Window,
        focus: &[String],
    ) -> FirstPass {
        let rows = self.rows(rows);
        let mut is = vec![false; self.terms.len()];
        for t in focus {
            if let Some(id) = self.id(t) {
                is[id as usize] = true;
            }
        }
        self.first_pass(&rows, window, Some(&is))
    }

    /// Co-occurring pairs over `rows`, as [`super::cooc::cooccurrence`] counts them from text,
    /// by term ids, sorted by `llr` descending, then by the terms.
    pub fn cooccurrence_ids(&self, rows: Option<&[Row]>, co: &CoocOptions) -> Vec<IdPair> {
        let rows = self.rows(rows);
        let v = self.terms.len();
        let focus: Option<Vec<bool>> = co.focus.as_ref().map(|f| {
            let mut is = vec![false; v];
            for t in f {
                if let Some(id) = self.id(t) {
                    is[id as usize] = true;
                }
            }
            is
        });
        // First pass: windows, and windows per term (and per focus pair).
        let first = self.first_pass(&rows, co.window, focus.as_deref());
        let (n, counts) = (first.n, first.counts);
        let min = co.min_count.max(1);
        let mut out: Vec<IdPair> = if focus.is_some() {
            first
                .pairs
                .into_iter()
                .filter(|&(_, c)| c >= min)
                .filter_map(|((a, b), count)| {
                    let (ca, cb) = (counts[a as usize], counts[b as usize]);
                    (ca >= min && cb >= min).then(|| IdPair::new(a, b, count, ca, cb, n))
                })
                .collect()
        } else {
            // Second pass: pairs among the terms that can still reach `min_count`, numbered in
            // term order so that the smaller term comes first.
            let mut vocab: Vec<TermId> = (0..v as TermId)
                .filter(|&t| counts[t as usize] >= min)
                .collect();
            if vocab.len() < 2 {
                return Vec::new();
            }
            vocab.sort_unstable_by(|a, b| self.term(*a).cmp(self.term(*b)));
            let mut dense = vec![OTHER; v];
            for (k, &t) in vocab.iter().enumerate() {
                dense[t as usize] = k as u32;
            }
            let width = vocab.len() as u64;
            // The most frequent terms, counted in a dense matrix (see `count_pairs`).
            let hot_n = vocab.len().min(HOT_TERMS);
            let mut by_freq: Vec<u32> = (0..vocab.len() as u32).collect();
            by_freq.sort_unstable_by(|&a, &b| {
                counts[vocab[b as usize] as usize]
                    .cmp(&counts[vocab[a as usize] as usize])
                    .then(a.cmp(&b))
            });
            let mut hot = vec![OTHER; vocab.len()];
            for (h, &k) in by_freq.iter().take(hot_n).enumerate() {
                hot[k as usize] = h as u32;
            }
            let pair = |i: usize, j: usize, count: u32| -> Option<IdPair> {
                let (ti, tj) = (*vocab.get(i)?, *vocab.get(j)?);
                Some(IdPair::new(
                    ti,
                    tj,
                    u64::from(count),
                    counts[ti as usize],
                    counts[tj as usize],
                    n,
                ))
            };
            // Keys of 32 bits when every pair of the vocabulary fits: half the memory to sort.
            let (mut out, matrix): (Vec<IdPair>, Vec<u32>) = if width * width <= u64::from(u32::MAX)
            {
                let w = width as u32;
                let (cold, m) =
                    self.count_pairs(&rows, co.window, &dense, &hot, hot_n, |i, j| i * w + j);
                let v = cold
                    .into_par_iter()
                    .filter(|&(_, c)| u64::from(c) >= co.min_count)
                    .filter_map(|(key, c)| pair((key / w) as usize, (key % w) as usize, c))
                    .collect();
                (v, m)
            } else {
                let (cold, m) = self.count_pairs(&rows, co.window, &dense, &hot, hot_n, |i, j| {
                    u64::from(i) * width + u64::from(j)
                });
                let v = cold
                    .into_par_iter()
                    .filter(|&(_, c)| u64::from(c) >= co.min_count)
                    .filter_map(|(key, c)| pair((key / width) as usize, (key % width) as usize, c))
                    .collect();
                (v, m)
            };
            for (cell, &c) in matrix.iter().enumerate() {
                if c > 0 && u64::from(c) >= co.min_count {
                    let (hi, hj) = (cell / hot_n, cell % hot_n);
                    let (i, j) = (by_freq[hi] as usize, by_freq[hj] as usize);
                    out.extend(pair(i, j, c));
                }
            }
            out
        };
        out.par_sort_unstable_by(|x, y| {
            y.llr
                .total_cmp(&x.llr)
                .then_with(|| self.term(x.a).cmp(self.term(y.a)))
                .then_with(|| self.term(x.b).cmp(self.term(y.b)))
        });
        out
    }

    /// Every pair of vocabulary terms (`dense` numbers them; [`OTHER`] is outside) in the
    /// windows of `rows`, counted. Pairs of two terms among the most frequent (`hot` numbers
    /// them, `hot_n` of them) are counted in a dense matrix, `hot_n` × `hot_n` a thread: in news
    /// they are most pair occurrences, and an increment in a matrix that stays in cache costs
    /// less than sorting the key. The rest go to a [`PairCounter`]. Returns the counted keys of
    /// the rest and the matrix (row: the pair's first term, by `hot`).
    fn count_pairs<K: Key>(
        &self,
        rows: &[Row],
        window: Window,
        dense: &[u32],
        hot: &[u32],
        hot_n: usize,
        key: impl Fn(u32, u32) -> K + Sync,
    ) -> (Vec<(K, u32)>, Vec<u32>) {
        struct Acc<K: Key> {
            pc: PairCounter<K>,
            matrix: Vec<u32>,
            scratch: Vec<TermId>,
            items: Vec<u32>,
        }
        // One accumulator a thread (a few chunks each, for balance): each holds a matrix and a
        // counter whose buffers are large, so fewer of them means less memory to clear and
        // longer sorted runs.
        let chunk = rows
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(64);
        rows.par_chunks(chunk)
            .fold(
                || Acc {
                    pc: PairCounter::<K>::default(),
                    matrix: Vec::new(),
                    scratch: Vec::new(),
                    items: Vec::new(),
                },
                |mut acc, chunk| {
                    if acc.matrix.is_empty() {
                        acc.matrix = vec![0u32; hot_n * hot_n];
                    }
                    let Acc {
                        pc,
                        matrix,
                        scratch,
                        items,
                    } = &mut acc;
                    for &d in chunk {
                        self.windows(d, window, scratch, |ws| {
                            items.clear();
                            items.extend(
                                ws.iter()
                                    .map(|&t| dense[t as usize])
                                    .filter(|&i| i != OTHER),
                            );
                            items.sort_unstable();
                            for (x, &i) in items.iter().enumerate() {
                                let hi = hot[i as usize];
                                for &j in &items[x + 1..] {
                                    let hj = hot[j as usize];
                                    if hi != OTHER && hj != OTHER {
                                        let cell = hi as usize * hot_n + hj as usize;
                                        if let Some(c) = matrix.get_mut(cell) {
                                            *c += 1;
                                        }
                                    } else {
                                        pc.push(key(i, j));
                                    }
                                }
                            }
                        });
                    }
                    acc
                },
            )
            .map(|acc| (acc.pc.finish(), acc.matrix))
            .reduce(
                || (Vec::new(), Vec::new()),
                |(a, mut ma), (b, mb)| {
                    if ma.is_empty() {
                        ma = mb;
                    } else {
                        for (x, y) in ma.iter_mut().zip(mb) {
                            *x += y;
                        }
                    }
                    (pairs::merge(a, b), ma)
                },
            )
    }

    /// [`Corpus::cooccurrence_ids`] with the terms spelled out.
    pub fn cooccurrence(&self, rows: Option<&[Row]>, co: &CoocOptions) -> Vec<Pair> {
        self.cooccurrence_ids(rows, co)
            .into_iter()
            .map(|p| Pair {
                a: self.term(p.a).to_string(),
                b: self.term(p.b).to_string(),
                count: p.count,
                count_a: p.count_a,
                count_b: p.count_b,
                n: p.n,
                pmi: p.pmi,
                npmi: p.npmi,
                llr: p.llr,
            })
            .collect()
    }

    /// The corpus of `rows` only, renumbered 0.. in that order; terms keep their ids.
    pub fn select(&self, rows: &[Row]) -> Corpus {
        let mut c = Corpus {
            terms: self.terms.clone(),
            index: self.index.clone(),
            tf: vec![0; self.terms.len()],
            df: vec![0; self.terms.len()],
            doc_start: vec![0],
            doc_sent: vec![0],
            pos: self.pos.as_ref().map(|_| Vec::new()),
            pos_names: self.pos_names.clone(),
            ..Corpus::default()
        };
        let mut last = vec![u32::MAX; self.terms.len()];
        for (k, &d) in rows.iter().enumerate() {
            let base = c.tokens.len() as u64;
            for &t in self.doc(d) {
                c.tokens.push(t);
                c.tf[t as usize] += 1;
                if last[t as usize] != k as u32 {
                    last[t as usize] = k as u32;
                    c.df[t as usize] += 1;
                }
            }
            if let (Some(p), Some(src)) = (c.pos.as_mut(), self.doc_pos(d)) {
                p.extend_from_slice(src);
            }
            for (s, _) in self.sentences(d) {
                c.sent_start.push(base + s as u64);
            }
            c.doc_start.push(c.tokens.len() as u64);
            c.doc_sent.push(c.sent_start.len() as u64);
        }
        c
    }

    /// A corpus from its parts, as [`Corpus::save`]'s tables hold them: the terms (ids are
    /// their positions), then for every document its sentences as lists of term ids.
    pub fn from_sentences(
        terms: Vec<String>,
        docs: impl IntoIterator<Item = Vec<Vec<TermId>>>,
    ) -> Result<Corpus> {
        let mut c = Corpus {
            doc_start: vec![0],
            doc_sent: vec![0],
            ..Corpus::default()
        };
        for t in terms {
            if c.index.contains_key(t.as_str()) {
                return Err(XinwenError::InvalidArgument(format!(
                    "the vocabulary holds {t:?} twice"
                )));
            }
            c.index.insert(t.as_str().into(), c.terms.len() as TermId);
            c.terms.push(t.into());
        }
        let v = c.terms.len();
        c.tf = vec![0; v];
        c.df = vec![0; v];
        let mut last = vec![u32::MAX; v];
        for (k, sentences) in docs.into_iter().enumerate() {
            for s in sentences {
                if s.is_empty() {
                    continue;
                }
                c.sent_start.push(c.tokens.len() as u64);
                for t in s {
                    let ti = t as usize;
                    if ti >= v {
                        return Err(XinwenError::InvalidArgument(format!(
                            "term id {t} is not in the vocabulary of {v} terms"
                        )));
                    }
                    c.tokens.push(t);
                    c.tf[ti] += 1;
                    if last[ti] != k as u32 {
                        last[ti] = k as u32;
                        c.df[ti] += 1;
                    }
                }
            }
            c.doc_start.push(c.tokens.len() as u64);
            c.doc_sent.push(c.sent_start.len() as u64);
        }
        Ok(c)
    }

    /// Corpora one after the other, their vocabularies merged (term ids of the first kept).
    pub fn concat(parts: Vec<Corpus>) -> Corpus {
        let mut out = Corpus {
            doc_start: vec![0],
            doc_sent: vec![0],
            ..Corpus::default()
        };
        for p in parts {
            let mut map = Vec::with_capacity(p.terms.len());
            for t in &p.terms {
                let id = match out.index.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = out.terms.len() as TermId;
                        out.terms.push(t.clone());
                        out.index.insert(t.clone(), id);
                        out.tf.push(0);
                        out.df.push(0);
                        id
                    }
                };
                map.push(id);
            }
            let base = out.tokens.len() as u64;
            out.tokens.extend(p.tokens.iter().map(|&t| map[t as usize]));
            for (t, (&f, &d)) in map.iter().zip(p.tf.iter().zip(&p.df)) {
                out.tf[*t as usize] += f;
                out.df[*t as usize] += d;
            }
            out.doc_start
                .extend(p.doc_start.iter().skip(1).map(|&s| s + base));
            let sbase = out.sent_start.len() as u64;
            out.sent_start
                .extend(p.sent_start.iter().map(|&s| s + base));
            out.doc_sent
                .extend(p.doc_sent.iter().skip(1).map(|&s| s + sbase));
        }
        out
    }
}

fn tokenize_chunk(
    chunk: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    with_pos: bool,
) -> Part {
    let mut p = Part::default();
    for d in chunk {
        let start = p.tokens.len();
        let mut sents = 0u32;
        let mut last_sent = u32::MAX;
        if let Some(text) = d.text {
            if with_pos {
                seg.tokenize_each(text, opts, |t| {
                    if t.sent != last_sent {
                        last_sent = t.sent;
                        sents += 1;
                        p.sent_start.push(p.tokens.len() as u32);
                    }
                    let id = p.terms.id(t.term);
                    p.tokens.push(id);
                    let tag = p.pos_id(t.pos);
                    p.pos.push(tag);
                });
            } else {
                seg.count_each_with_sentence(text, opts, |sent, term| {
                    if sent != last_sent {
                        last_sent = sent;
                        sents += 1;
                        p.sent_start.push(p.tokens.len() as u32);
                    }
                    let id = p.terms.id(term);
                    p.tokens.push(id);
                });
            }
        }
        p.doc_len.push((p.tokens.len() - start) as u32);
        p.doc_sents.push(sents);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::cooc;
    use crate::features::test_docs as docs;

    const TEXTS: &[&str] = &[
        "alpha bravo. alpha charlie.",
        "alpha bravo charlie. delta.",
        "bravo delta.",
        "",
    ];

    fn corpus() -> Corpus {
        Corpus::build(
            &docs(TEXTS),
            &Segmenter::shared_default(),
            &TokenizeOptions::default(),
        )
    }

    #[test]
    fn tokens_sentences_and_frequencies() {
        let c = corpus();
        assert_eq!(c.len(), 4);
        let names = |d: Row| {
            c.doc(d)
                .iter()
                .map(|&t| c.term(t).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(0), ["alpha", "bravo", "alpha", "charlie"]);
        assert_eq!(c.sentences(0), [(0, 2), (2, 4)]);
        assert_eq!(c.sentences(1), [(0, 3), (3, 4)]);
        assert!(c.doc(3).is_empty() && c.sentences(3).is_empty());
        let a = c.id("alpha").unwrap() as usize;
        let (tf, df) = c.frequencies();
        assert_eq!((tf[a], df[a]), (3, 2));
        assert!(c.bytes_per_token() <= 8.0 + 16.0, "{}", c.bytes_per_token());
    }

    #[test]
    fn the_same_pairs_as_counting_from_text_for_every_window() {
        let seg = Segmenter::shared_default();
        let c = corpus();
        for window in [
            Window::Sentence,
            Window::Document,
            Window::Tokens(2),
            Window::Tokens(3),
        ] {
            for focus in [
                None,
                Some(vec!["charlie".to_string()]),
                Some(vec!["alpha".into(), "bravo".into()]),
            ] {
                for min_count in [1, 2] {
                    let co = CoocOptions {
                        window,
                        min_count,
                        focus: focus.clone(),
                    };
                    let want =
                        cooc::cooccurrence(&docs(TEXTS), &seg, &TokenizeOptions::default(), &co);
                    assert_eq!(
                        c.cooccurrence(None, &co),
                        want,
                        "{window:?} {focus:?} {min_count}"
                    );
                }
            }
        }
    }

    #[test]
    fn selections_concatenation_and_reloading_keep_the_counts() {
        let c = corpus();
        let sub = c.select(&[2, 0]);
        assert_eq!(sub.len(), 2);
        assert_eq!(sub.doc(0), c.doc(2));
        assert_eq!(sub.term_totals(None), c.term_totals(Some(&[2, 0])));
        assert_eq!(sub.doc_freqs(None), c.doc_freqs(Some(&[0, 2])));
        let back = Corpus::concat(vec![c.select(&[0, 1]), c.select(&[2, 3])]);
        assert_eq!(back.tokens, c.tokens);
        assert_eq!(back.doc_start, c.doc_start);
        assert_eq!(back.sent_start, c.sent_start);
        let terms: Vec<String> = c.terms().iter().map(|t| t.to_string()).collect();
        let docs = (0..c.len() as Row).map(|d| {
            c.sentences(d)
                .into_iter()
                .map(|(s, e)| c.doc(d)[s..e].to_vec())
                .collect::<Vec<_>>()
        });
        let loaded = Corpus::from_sentences(terms, docs.collect::<Vec<_>>()).unwrap();
        assert_eq!(loaded.tokens, c.tokens);
        assert_eq!(loaded.sent_start, c.sent_start);
        assert_eq!(loaded.frequencies(), c.frequencies());
        assert!(Corpus::from_sentences(vec!["a".into()], vec![vec![vec![5]]]).is_err());
    }

    #[test]
    fn counts_matrices_and_top_terms() {
        let c = corpus();
        let a = c.id("alpha");
        let z = c.id("nope");
        let (counts, lengths) = c.term_doc_counts(None, &[a, z]);
        assert_eq!(counts, [(0, 0, 2), (1, 0, 1)]);
        assert_eq!(lengths, [(0, 4), (1, 4), (2, 2), (3, 0)]);
        // alpha and bravo both have 3 tokens: ties go by term.
        assert_eq!(c.top_terms(None, 1), [(c.id("alpha").unwrap(), 3)]);
        let (vocab, indptr, indices, data) = c.csr(None, 2.0, 3.0);
        let names: Vec<&str> = vocab.iter().map(|&t| c.term(t)).collect();
        assert_eq!(names, ["alpha", "bravo", "charlie", "delta"]);
        assert_eq!(indptr, [0, 3, 7, 9, 9]);
        assert_eq!(indices[..3], [0, 1, 2]);
        assert_eq!(data[..3], [2, 1, 1]);
        let per_doc = c.doc_term_counts(Some(&[1]), None);
        assert_eq!(per_doc.len(), 4);
        assert!(per_doc.iter().all(|&(d, _, n)| d == 1 && n == 1));
    }

    #[test]
    fn a_sentence_of_fifty_thousand_terms_stays_bounded() {
        // 50,000 distinct tokens in one sentence: 1.25 billion pairs uncut.
        let text: String = (0..50_000).map(|i| format!("w{i} ")).collect();
        let d = [Doc {
            id: "x",
            text: Some(&text),
        }];
        let c = Corpus::build(
            &d,
            &Segmenter::shared_default(),
            &TokenizeOptions::default(),
        );
        assert_eq!(c.long_windows(None, Window::Sentence), 1);
        let co = CoocOptions {
            window: Window::Sentence,
            min_count: 1,
            focus: Some(vec!["w1".into()]),
        };
        let pairs = c.cooccurrence(None, &co);
        assert_eq!(pairs.len(), MAX_WINDOW_TOKENS - 1);
    }
}

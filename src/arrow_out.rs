//! Articles, tokens and counts as Arrow record batches (string views and large lists, the layouts Polars uses
//! natively, so the hand-over to Python needs no copy).

use std::sync::Arc;

use arrow_array::builder::{
    make_view, BooleanBuilder, Int64Builder, LargeListBuilder, StringViewBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringViewArray};
use arrow_buffer::{Buffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::ingest::Article;
use crate::segment::Tok;

/// The schema of `read_articles`, in column order.
pub fn article_schema() -> SchemaRef {
    let s = |name: &str| Field::new(name, DataType::Utf8View, true);
    let list = |name: &str| {
        Field::new(
            name,
            DataType::LargeList(Arc::new(Field::new("item", DataType::Utf8View, true))),
            false,
        )
    };
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8View, false),
        Field::new("path", DataType::Utf8View, false),
        s("layout"),
        s("outlet"),
        s("url"),
        s("title"),
        Field::new(
            "published_at",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        Field::new("date_source", DataType::Utf8View, false),
        Field::new("date_conflict", DataType::Boolean, false),
        s("author"),
        s("credit"),
        list("categories"),
        Field::new("body", DataType::Utf8View, false),
        list("captions"),
        list("images"),
        s("lang"),
        Field::new("script", DataType::Utf8View, false),
        s("encoding"),
        Field::new("n_chars", DataType::Int64, false),
        Field::new("status", DataType::Utf8View, false),
        s("error"),
    ]))
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringViewBuilder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn lists<'a>(values: impl Iterator<Item = &'a Vec<String>>) -> ArrayRef {
    let mut b = LargeListBuilder::new(StringViewBuilder::new()).with_field(Arc::new(Field::new(
        "item",
        DataType::Utf8View,
        true,
    )));
    for v in values {
        for s in v {
            b.values().append_value(s);
        }
        b.append(true);
    }
    Arc::new(b.finish())
}

/// Build one record batch holding every article.
pub fn articles_to_batch(articles: &[Article]) -> Result<RecordBatch, ArrowError> {
    let a = articles;
    let mut published = TimestampMicrosecondBuilder::with_capacity(a.len()).with_timezone("UTC");
    let mut conflict = BooleanBuilder::with_capacity(a.len());
    let mut n_chars = Int64Builder::with_capacity(a.len());
    for x in a {
        published.append_option(x.published_at);
        conflict.append_value(x.date_conflict);
        n_chars.append_value(x.n_chars);
    }
    let columns: Vec<ArrayRef> = vec![
        strings(a.iter().map(|x| Some(x.doc_id.as_str()))),
        strings(a.iter().map(|x| Some(x.path.as_str()))),
        strings(a.iter().map(|x| x.layout.map(|l| l.as_str()))),
        strings(a.iter().map(|x| x.outlet.as_deref())),
        strings(a.iter().map(|x| x.url.as_deref())),
        strings(a.iter().map(|x| x.title.as_deref())),
        Arc::new(published.finish()),
        strings(a.iter().map(|x| Some(x.date_source.as_str()))),
        Arc::new(conflict.finish()),
        strings(a.iter().map(|x| x.author.as_deref())),
        strings(a.iter().map(|x| x.credit.as_deref())),
        lists(a.iter().map(|x| &x.categories)),
        strings(a.iter().map(|x| Some(x.body.as_str()))),
        lists(a.iter().map(|x| &x.captions)),
        lists(a.iter().map(|x| &x.images)),
        strings(a.iter().map(|x| x.lang.map(|l| l.as_str()))),
        strings(a.iter().map(|x| Some(x.script.as_str()))),
        strings(a.iter().map(|x| x.encoding.as_deref())),
        Arc::new(n_chars.finish()),
        strings(a.iter().map(|x| Some(x.status.as_str()))),
        strings(a.iter().map(|x| x.error.as_deref())),
    ];
    RecordBatch::try_new(article_schema(), columns)
}

/// A string column in which each value is repeated for many consecutive rows (a document id on
/// every token of the document): the bytes are stored once and every row gets a view of them.
#[derive(Debug, Default)]
pub struct RepeatedStrings {
    buffer: Vec<u8>,
    views: Vec<u128>,
}

impl RepeatedStrings {
    /// An empty column with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        RepeatedStrings {
            buffer: Vec::new(),
            views: Vec::with_capacity(rows),
        }
    }

    /// Append `value` for `n` rows.
    pub fn push_n(&mut self, value: &str, n: usize) {
        if n == 0 {
            return;
        }
        let bytes = value.as_bytes();
        let view = if bytes.len() <= 12 {
            make_view(bytes, 0, 0)
        } else {
            let offset = self.buffer.len() as u32;
            self.buffer.extend_from_slice(bytes);
            make_view(bytes, 0, offset)
        };
        self.views.extend(std::iter::repeat_n(view, n));
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.views.len()
    }

    /// Whether no row was appended.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// The finished column.
    pub fn finish(self) -> Result<ArrayRef, ArrowError> {
        let views = ScalarBuffer::from(self.views);
        let buffers = vec![Buffer::from_vec(self.buffer)];
        Ok(Arc::new(StringViewArray::try_new(views, buffers, None)?))
    }
}

/// Schema of `tokenize`: one row per token.
pub fn token_schema(with_pos: bool) -> SchemaRef {
    let int = |name: &str| Field::new(name, DataType::Int32, false);
    let s = |name: &str| Field::new(name, DataType::Utf8View, false);
    let mut fields = vec![
        s("doc_id"),
        int("sent_id"),
        int("token_id"),
        s("token"),
        s("token_raw"),
        int("start"),
        int("end"),
        s("lang"),
    ];
    if with_pos {
        fields.push(s("pos"));
    }
    Arc::new(Schema::new(fields))
}

/// Builds one record batch of tokens.
#[derive(Debug)]
pub struct TokenBatchBuilder {
    with_pos: bool,
    doc_id: RepeatedStrings,
    sent_id: Vec<i32>,
    token_id: Vec<i32>,
    token: StringViewBuilder,
    raw: StringViewBuilder,
    start: Vec<i32>,
    end: Vec<i32>,
    lang: StringViewBuilder,
    pos: StringViewBuilder,
}

impl TokenBatchBuilder {
    /// An empty builder for about `capacity` tokens; `with_pos` adds the `pos` column.
    ///
    /// Reserving generously is cheap (untouched capacity never becomes memory) and saves the
    /// copies and page faults of growing the columns.
    pub fn new(with_pos: bool, capacity: usize) -> Self {
        let strings = || StringViewBuilder::with_capacity(capacity);
        TokenBatchBuilder {
            with_pos,
            doc_id: RepeatedStrings::with_capacity(capacity),
            sent_id: Vec::with_capacity(capacity),
            token_id: Vec::with_capacity(capacity),
            token: strings(),
            raw: strings(),
            start: Vec::with_capacity(capacity),
            end: Vec::with_capacity(capacity),
            lang: strings(),
            pos: if with_pos {
                strings()
            } else {
                StringViewBuilder::new()
            },
        }
    }

    /// Append one token (its document id is appended by [`TokenBatchBuilder::end_doc`]).
    pub fn push(&mut self, token_id: usize, t: &Tok<'_>) {
        self.sent_id.push(t.sent as i32);
        self.token_id.push(token_id as i32);
        self.token.append_value(t.term);
        self.raw.append_value(t.raw);
        self.start.push(t.start as i32);
        self.end.push(t.end as i32);
        self.lang.append_value(t.lang.as_str());
        if self.with_pos {
            self.pos.append_value(t.pos);
        }
    }

    /// Close a document: its id goes on every token pushed since the previous call.
    pub fn end_doc(&mut self, doc_id: &str) {
        let n = self.sent_id.len() - self.doc_id.len();
        self.doc_id.push_n(doc_id, n);
    }

    /// The finished batch.
    pub fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let int = |v: Vec<i32>| -> ArrayRef { Arc::new(Int32Array::from(v)) };
        let mut columns: Vec<ArrayRef> = vec![
            self.doc_id.finish()?,
            int(self.sent_id),
            int(self.token_id),
            Arc::new(self.token.finish()),
            Arc::new(self.raw.finish()),
            int(self.start),
            int(self.end),
            Arc::new(self.lang.finish()),
        ];
        if self.with_pos {
            columns.push(Arc::new(self.pos.finish()));
        }
        RecordBatch::try_new(token_schema(self.with_pos), columns)
    }
}

/// Schema of `term_counts`.
pub fn term_count_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8View, false),
        Field::new("term", DataType::Utf8View, false),
        Field::new("count", DataType::Int64, false),
    ]))
}

/// Builds one batch of per-document term counts.
#[derive(Debug, Default)]
pub struct TermCountBuilder {
    ids: RepeatedStrings,
    terms: StringViewBuilder,
    counts: Vec<i64>,
}

impl TermCountBuilder {
    /// A builder with room for `rows` terms.
    pub fn with_capacity(rows: usize) -> Self {
        TermCountBuilder {
            ids: RepeatedStrings::default(),
            terms: StringViewBuilder::with_capacity(rows),
            counts: Vec::with_capacity(rows),
        }
    }

    /// Append one term of the current document.
    pub fn push(&mut self, term: &str, count: u32) {
        self.terms.append_value(term);
        self.counts.push(i64::from(count));
    }

    /// Close a document: its id goes on every term pushed since the previous call.
    pub fn end_doc(&mut self, doc_id: &str) {
        let n = self.counts.len() - self.ids.len();
        self.ids.push_n(doc_id, n);
    }

    /// The finished batch.
    pub fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        RecordBatch::try_new(
            term_count_schema(),
            vec![
                self.ids.finish()?,
                Arc::new(self.terms.finish()),
                Arc::new(Int64Array::from(self.counts)),
            ],
        )
    }
}

/// Schema of document lengths: `doc_id`, `tokens`.
pub fn doc_length_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8View, false),
        Field::new("tokens", DataType::Int64, false),
    ]))
}

/// Builds one batch of document lengths.
#[derive(Debug, Default)]
pub struct DocLengthBuilder {
    ids: StringViewBuilder,
    tokens: Vec<i64>,
}

impl DocLengthBuilder {
    /// Append one document.
    pub fn push(&mut self, doc_id: &str, tokens: u64) {
        self.ids.append_value(doc_id);
        self.tokens.push(i64::try_from(tokens).unwrap_or(i64::MAX));
    }

    /// The finished batch.
    pub fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        RecordBatch::try_new(
            doc_length_schema(),
            vec![
                Arc::new(self.ids.finish()),
                Arc::new(Int64Array::from(self.tokens)),
            ],
        )
    }
}

/// Schema of `cooccurrence`.
pub fn cooc_schema() -> SchemaRef {
    let s = |n: &str| Field::new(n, DataType::Utf8View, false);
    let i = |n: &str| Field::new(n, DataType::Int64, false);
    let f = |n: &str| Field::new(n, DataType::Float64, false);
    Arc::new(Schema::new(vec![
        s("term_a"),
        s("term_b"),
        i("count"),
        i("count_a"),
        i("count_b"),
        i("n"),
        f("pmi"),
        f("npmi"),
        f("llr"),
    ]))
}

/// One batch of co-occurring pairs.
pub fn cooc_to_batch(pairs: &[crate::features::cooc::Pair]) -> Result<RecordBatch, ArrowError> {
    pair_batch(pairs, |t| t.as_str())
}

/// The Arrow batch of pairs counted by term ids ([`crate::features::corpus::IdPair`]), the
/// terms spelled by `term`: the schema of [`cooc_to_batch`], without a string per pair.
pub fn cooc_ids_to_batch<'a>(
    pairs: &[crate::features::corpus::IdPair],
    term: impl Fn(u32) -> &'a str,
) -> Result<RecordBatch, ArrowError> {
    pair_batch(pairs, |&t| term(t))
}

/// The batch of [`cooc_schema`] for pairs of either term type, `spell` giving a term's text.
fn pair_batch<'a, T: 'a>(
    pairs: &'a [crate::features::cooc::Pair<T>],
    spell: impl Fn(&'a T) -> &'a str,
) -> Result<RecordBatch, ArrowError> {
    let mut a = StringViewBuilder::with_capacity(pairs.len());
    let mut b = StringViewBuilder::with_capacity(pairs.len());
    for p in pairs {
        a.append_value(spell(&p.a));
        b.append_value(spell(&p.b));
    }
    let int = |f: fn(&crate::features::cooc::Pair<T>) -> u64| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(
            pairs
                .iter()
                .map(|p| i64::try_from(f(p)).unwrap_or(i64::MAX)),
        ))
    };
    let float = |f: fn(&crate::features::cooc::Pair<T>) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(pairs.iter().map(f)))
    };
    RecordBatch::try_new(
        cooc_schema(),
        vec![
            Arc::new(a.finish()),
            Arc::new(b.finish()),
            int(|p| p.count),
            int(|p| p.count_a),
            int(|p| p.count_b),
            int(|p| p.n),
            float(|p| p.pmi),
            float(|p| p.npmi),
            float(|p| p.llr),
        ],
    )
}

/// Schema of `keywords`.
pub fn keyword_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8View, false),
        Field::new("rank", DataType::Int32, false),
        Field::new("keyword", DataType::Utf8View, false),
        Field::new("score", DataType::Float64, false),
    ]))
}

/// One batch of keywords, documents in order, best first.
pub fn keywords_to_batch(docs: &[(&str, Vec<(String, f64)>)]) -> Result<RecordBatch, ArrowError> {
    let mut ids = RepeatedStrings::default();
    let mut rank = Vec::new();
    let mut words = StringViewBuilder::new();
    let mut score = Vec::new();
    for (id, kw) in docs {
        ids.push_n(id, kw.len());
        for (i, (w, s)) in kw.iter().enumerate() {
            rank.push(i as i32 + 1);
            words.append_value(w);
            score.push(*s);
        }
    }
    RecordBatch::try_new(
        keyword_schema(),
        vec![
            ids.finish()?,
            Arc::new(Int32Array::from(rank)),
            Arc::new(words.finish()),
            Arc::new(Float64Array::from(score)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;

    #[test]
    fn repeated_strings_share_bytes() {
        let mut r = RepeatedStrings::default();
        r.push_n("0123456789abcdef", 3);
        r.push_n("short", 2);
        r.push_n("fedcba9876543210", 0);
        let a = r.finish().unwrap();
        let a = a.as_string_view();
        let v: Vec<&str> = a.iter().map(|x| x.unwrap()).collect();
        assert_eq!(
            v,
            vec!["0123456789abcdef"; 3]
                .into_iter()
                .chain(["short"; 2])
                .collect::<Vec<_>>()
        );
    }
}

//! Articles as an Arrow record batch (string views and large lists, the layouts Polars uses
//! natively, so the hand-over to Python needs no copy).

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Int64Builder, LargeListBuilder, StringViewBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::ingest::Article;

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

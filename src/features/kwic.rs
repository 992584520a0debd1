//! Keyword in context: every match of a pattern with the characters around it.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use arrow_array::builder::StringViewBuilder;
use arrow_array::{ArrayRef, Int64Array, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use rayon::prelude::*;

use super::Doc;
use crate::error::{Result, XinwenError};

/// What to look for.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Any of several literal strings, leftmost-longest.
    Literal(AhoCorasick),
    /// A regular expression (linear time, no look-around or back-references).
    Regex(regex::Regex),
}

impl Matcher {
    /// Literal patterns (empty ones are ignored).
    pub fn literal(patterns: &[String]) -> Result<Self> {
        let pats: Vec<&str> = patterns
            .iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        if pats.is_empty() {
            return Err(XinwenError::InvalidArgument("pattern is empty".into()));
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .map(Matcher::Literal)
            .map_err(|e| {
                XinwenError::InvalidArgument(format!("cannot search for the pattern: {e}"))
            })
    }

    /// A regular expression.
    pub fn regex(pattern: &str) -> Result<Self> {
        regex::Regex::new(pattern).map(Matcher::Regex).map_err(|e| {
            XinwenError::InvalidArgument(format!("invalid regular expression {pattern:?}: {e}"))
        })
    }

    fn find_iter<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = (usize, usize)> + 't> {
        match self {
            Matcher::Literal(ac) => Box::new(ac.find_iter(text).map(|m| (m.start(), m.end()))),
            Matcher::Regex(re) => Box::new(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start(), m.end())),
            ),
        }
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Up to `window` characters before the match.
    pub left: String,
    /// The matched text.
    pub matched: String,
    /// Up to `window` characters after the match.
    pub right: String,
    /// Character offset of the match in the text.
    pub start: usize,
}

/// The hits in one text, in order.
pub fn hits(text: &str, m: &Matcher, window: usize) -> Vec<Hit> {
    hits_upto(text, m, window, usize::MAX)
}

/// The first `limit` hits in one text, in order.
fn hits_upto(text: &str, m: &Matcher, window: usize, limit: usize) -> Vec<Hit> {
    let mut out = Vec::new();
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    for (s, e) in m.find_iter(text).take(limit) {
        at_char += text.get(at_byte..s).map_or(0, |x| x.chars().count());
        at_byte = s;
        let before = text.get(..s).unwrap_or("");
        let left_start = before
            .char_indices()
            .rev()
            .nth(window.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let left = if window == 0 {
            ""
        } else {
            before.get(left_start..).unwrap_or("")
        };
        let after = text.get(e..).unwrap_or("");
        let right_end = after
            .char_indices()
            .nth(window)
            .map_or(after.len(), |(i, _)| i);
        out.push(Hit {
            left: left.to_owned(),
            matched: text.get(s..e).unwrap_or("").to_owned(),
            right: after.get(..right_end).unwrap_or("").to_owned(),
            start: at_char,
        });
    }
    out
}

/// Schema of `kwic`.
pub fn kwic_schema() -> SchemaRef {
    let s = |n: &str| Field::new(n, DataType::Utf8View, false);
    Arc::new(Schema::new(vec![
        s("doc_id"),
        s("left"),
        s("match"),
        s("right"),
        Field::new("start", DataType::Int64, false),
    ]))
}

/// The first `max_hits` hits of the documents, one batch, in document then position order, and
/// whether hits were left out. Memory is bounded by `max_hits` whatever the pattern (`.` as a
/// regex matches every character): a first pass counts each document's hits, up to one more
/// than `max_hits`, without keeping them, and the second keeps only the ones within the cap.
pub fn kwic(
    docs: &[Doc<'_>],
    m: &Matcher,
    window: usize,
    max_hits: usize,
) -> std::result::Result<(RecordBatch, bool), ArrowError> {
    let counts: Vec<usize> = docs
        .par_iter()
        .map(|d| {
            d.text.map_or(0, |t| {
                m.find_iter(t).take(max_hits.saturating_add(1)).count()
            })
        })
        .collect();
    let mut left = max_hits;
    let mut cut = false;
    let allowed: Vec<usize> = counts
        .iter()
        .map(|&c| {
            let a = c.min(left);
            cut |= a < c;
            left -= a;
            a
        })
        .collect();
    let found: Vec<Vec<Hit>> = docs
        .par_iter()
        .zip(&allowed)
        .map(|(d, &a)| match (d.text, a) {
            (Some(t), a) if a > 0 => hits_upto(t, m, window, a),
            _ => Vec::new(),
        })
        .collect();
    let mut id = StringViewBuilder::new();
    let (mut l, mut x, mut r) = (
        StringViewBuilder::new(),
        StringViewBuilder::new(),
        StringViewBuilder::new(),
    );
    let mut start = Vec::new();
    for (d, hs) in docs.iter().zip(&found) {
        for h in hs {
            id.append_value(d.id);
            l.append_value(&h.left);
            x.append_value(&h.matched);
            r.append_value(&h.right);
            start.push(i64::try_from(h.start).unwrap_or(i64::MAX));
        }
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(l.finish()),
        Arc::new(x.finish()),
        Arc::new(r.finish()),
        Arc::new(Int64Array::from(start)),
    ];
    Ok((RecordBatch::try_new(kwic_schema(), cols)?, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_hits_with_context() {
        let m = Matcher::literal(&["普京".into(), "蒲亭".into(), "Putin".into()]).unwrap();
        let h = hits("俄罗斯总统普京表示，蒲亭说。Putin said.", &m, 3);
        let got: Vec<(&str, &str, &str, usize)> = h
            .iter()
            .map(|x| {
                (
                    x.left.as_str(),
                    x.matched.as_str(),
                    x.right.as_str(),
                    x.start,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("斯总统", "普京", "表示，", 5),
                ("表示，", "蒲亭", "说。P", 10),
                ("亭说。", "Putin", " sa", 14)
            ]
        );
    }

    #[test]
    fn regex_and_edges() {
        let m = Matcher::regex(r"\d+亿美元").unwrap();
        let h = hits("贸易额2000亿美元", &m, 20);
        assert_eq!(
            (h[0].left.as_str(), h[0].right.as_str(), h[0].start),
            ("贸易额", "", 3)
        );
        assert!(Matcher::regex("(").is_err());
        assert!(Matcher::literal(&[String::new()]).is_err());
        let empty = Matcher::regex("x*").unwrap();
        assert!(hits("abc", &empty, 2).is_empty());
        let none = hits("普京", &Matcher::literal(&["普京".into()]).unwrap(), 0);
        assert_eq!((none[0].left.as_str(), none[0].right.as_str()), ("", ""));
    }

    #[test]
    fn hits_stop_at_the_cap_in_document_order() {
        let dot = Matcher::regex(".").unwrap();
        let docs = [
            Doc {
                id: "a",
                text: Some("普京表示"),
            },
            Doc {
                id: "b",
                text: None,
            },
            Doc {
                id: "c",
                text: Some("双方关系"),
            },
        ];
        let (batch, cut) = kwic(&docs, &dot, 1, 6).unwrap();
        assert!(cut);
        let ids = batch
            .column(0)
            .as_any()
            .downcast_ref::<arrow_array::StringViewArray>()
            .unwrap();
        let got: Vec<&str> = ids.iter().map(Option::unwrap).collect();
        assert_eq!(got, ["a", "a", "a", "a", "c", "c"]);
        let (all, cut) = kwic(&docs, &dot, 1, 8).unwrap();
        assert_eq!((all.num_rows(), cut), (8, false));
        let (none, cut) = kwic(&docs, &dot, 1, 0).unwrap();
        assert_eq!((none.num_rows(), cut), (0, true));
    }
}

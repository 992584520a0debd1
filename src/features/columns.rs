//! Functions over a column of texts, one value a text: what the Polars expression namespace
//! (`pl.col("body").xinwen.cut()`, `.normalize()`, `.script()`) computes, in parallel, as Arrow.

use std::sync::Arc;

use arrow_array::builder::{LargeListBuilder, StringViewBuilder};
use arrow_array::{ArrayRef, StringViewArray};
use rayon::prelude::*;

use super::chunk_len;
use crate::segment::normalize::{normalize, Conversion};
use crate::segment::{Segmenter, TokenizeOptions};
use crate::text::script::detect_script;

/// One chunk's tokens: all in one string, with the end of each token and each text's last
/// token (`None`: a null text).
#[derive(Default)]
struct Chunk {
    arena: String,
    token_ends: Vec<usize>,
    text_ends: Vec<Option<usize>>,
}

/// The counted tokens of every text (`tokenize`'s `token` column for it), as a list column;
/// a null text gives a null list.
pub fn cut_column(texts: &[Option<&str>], seg: &Segmenter, opts: &TokenizeOptions) -> ArrayRef {
    let chunks: Vec<Chunk> = texts
        .par_chunks(chunk_len(texts.len()).max(1))
        .map(|part| {
            let mut c = Chunk::default();
            for t in part {
                match t {
                    Some(t) => {
                        seg.count_each(t, opts, |tok| {
                            c.arena.push_str(tok);
                            c.token_ends.push(c.arena.len());
                        });
                        c.text_ends.push(Some(c.token_ends.len()));
                    }
                    None => c.text_ends.push(None),
                }
            }
            c
        })
        .collect();
    let n_tokens: usize = chunks.iter().map(|c| c.token_ends.len()).sum();
    let mut b =
        LargeListBuilder::with_capacity(StringViewBuilder::with_capacity(n_tokens), texts.len());
    for c in &chunks {
        let (mut tok, mut start) = (0usize, 0usize);
        for end in &c.text_ends {
            match end {
                Some(e) => {
                    for &te in c.token_ends.get(tok..*e).unwrap_or(&[]) {
                        b.values()
                            .append_value(c.arena.get(start..te).unwrap_or(""));
                        start = te;
                    }
                    tok = *e;
                    b.append(true);
                }
                None => b.append(false),
            }
        }
    }
    Arc::new(b.finish())
}

/// Every text as the segmenter sees it before cutting: full-width letters and digits folded to
/// ASCII, name dots unified, the script converted as `conv` says.
pub fn normalize_column(texts: &[Option<&str>], conv: Conversion) -> ArrayRef {
    let v: Vec<Option<String>> = texts
        .par_iter()
        .map(|t| t.map(|t| normalize(t, conv, false).text.to_string()))
        .collect();
    Arc::new(StringViewArray::from_iter(v))
}

/// The writing system of every text: `hans`, `hant`, `mixed` or `none` (no Han characters), as
/// `read_articles` reports it.
pub fn script_column(texts: &[Option<&str>]) -> ArrayRef {
    let v: Vec<Option<&'static str>> = texts
        .par_iter()
        .map(|t| t.map(|t| detect_script(t).as_str()))
        .collect();
    Arc::new(StringViewArray::from_iter(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    #[test]
    fn cut_column_keeps_texts_apart_and_nulls_null() {
        let seg = Segmenter::shared_default();
        let texts: Vec<Option<&str>> = (0..100)
            .map(|i| match i % 3 {
                0 => Some("普丁會見習近平。"),
                1 => None,
                _ => Some(""),
            })
            .collect();
        let a = cut_column(&texts, &seg, &TokenizeOptions::default());
        let l = a.as_list::<i64>();
        assert_eq!(l.len(), 100);
        let first: Vec<String> = l
            .value(0)
            .as_string_view()
            .iter()
            .map(|s| s.unwrap_or("").to_string())
            .collect();
        assert_eq!(first, ["普京", "会见", "习近平"]);
        assert_eq!(l.value(99).len(), 3);
        assert!(l.is_null(1));
        assert!(!l.is_null(2) && l.value(2).is_empty());
    }

    #[test]
    fn normalize_and_script_columns() {
        let texts = [Some("習近平　ＡＢＣ"), None, Some("hello")];
        let n = normalize_column(&texts, Conversion::Simplified);
        let n = n.as_string_view();
        assert_eq!(n.value(0), "习近平 ABC");
        assert!(n.is_null(1));
        let s = script_column(&texts);
        let s = s.as_string_view();
        assert_eq!(s.value(0), "hant");
        assert_eq!(s.value(2), "none");
    }
}

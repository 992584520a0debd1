//! Per-document counts of chosen terms and document lengths: what term trends aggregate.
//!
//! Only the chosen terms are kept, so the output is small whatever the corpus; when no terms are
//! given, a first pass finds the most frequent ones.

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{chunk_len, merge_counts, Doc, DocCounter};
use crate::arrow_out::{self, TermCountBuilder};
use crate::segment::{Segmenter, TokenizeOptions};

/// The `top` most frequent terms of `docs` (ties by term), with their total counts.
pub fn top_terms(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    top: usize,
) -> Vec<(String, u64)> {
    super::start_progress(opts, docs);
    let totals = docs
        .par_iter()
        .fold(
            || (FxHashMap::<String, u64>::default(), DocCounter::default()),
            |(mut totals, mut counter), d| {
                if let Some(text) = d.text {
                    seg.count_each(text, opts, |t| counter.add(t));
                }
                counter.drain(|name, c| {
                    if let Some(v) = totals.get_mut(name) {
                        *v += u64::from(c);
                    } else {
                        totals.insert(name.to_owned(), u64::from(c));
                    }
                });
                (totals, counter)
            },
        )
        .map(|(t, _)| t)
        .reduce(FxHashMap::default, merge_counts);
    let mut v: Vec<(String, u64)> = totals.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(top);
    v
}

/// For every document: the counts of `terms` in it (rows only where non-zero, in the order of
/// `terms`) and its number of tokens. Returns two lists of batches: `(doc_id, term, count)` and
/// `(doc_id, tokens)`.
pub fn term_doc_counts(
    docs: &[Doc<'_>],
    seg: &Segmenter,
    opts: &TokenizeOptions,
    terms: &[String],
) -> Result<(Vec<RecordBatch>, Vec<RecordBatch>), ArrowError> {
    super::start_progress(opts, docs);
    let index: FxHashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let parts: Vec<(RecordBatch, RecordBatch)> = docs
        .par_chunks(chunk_len(docs.len()))
        .map(|chunk| {
            let mut counts = TermCountBuilder::default();
            let mut totals = arrow_out::DocLengthBuilder::default();
            let mut per_term = vec![0u32; terms.len()];
            for d in chunk {
                let mut n = 0u64;
                if let Some(text) = d.text {
                    seg.count_each(text, opts, |t| {
                        n += 1;
                        if let Some(c) = index.get(t).and_then(|&i| per_term.get_mut(i)) {
                            *c += 1;
                        }
                    });
                }
                for (t, c) in terms.iter().zip(per_term.iter_mut()) {
                    if *c > 0 {
                        counts.push(t, *c);
                        *c = 0;
                    }
                }
                counts.end_doc(d.id);
                totals.push(d.id, n);
            }
            Ok((counts.finish()?, totals.finish()?))
        })
        .collect::<Result<_, ArrowError>>()?;
    Ok(parts.into_iter().unzip())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;

    #[test]
    fn counts_of_chosen_terms_and_lengths() {
        let seg = Segmenter::shared_default();
        let texts = [
            "普京会见习近平，普京表示欢迎。",
            "蒲亭访问北京。",
            "天气很好。",
        ];
        let docs: Vec<Doc<'_>> = texts
            .iter()
            .zip(["a", "b", "c"])
            .map(|(t, id)| Doc { id, text: Some(t) })
            .collect();
        let terms = vec!["普京".to_owned(), "习近平".to_owned()];
        let (counts, totals) =
            term_doc_counts(&docs, &seg, &TokenizeOptions::default(), &terms).unwrap();
        let mut rows = Vec::new();
        for b in &counts {
            for r in 0..b.num_rows() {
                rows.push((
                    b.column(0).as_string_view().value(r).to_owned(),
                    b.column(1).as_string_view().value(r).to_owned(),
                    b.column(2).as_primitive::<Int64Type>().value(r),
                ));
            }
        }
        let want = [("a", "普京", 2), ("a", "习近平", 1), ("b", "普京", 1)];
        let want: Vec<(String, String, i64)> = want
            .iter()
            .map(|(a, b, c)| ((*a).into(), (*b).into(), *c))
            .collect();
        assert_eq!(rows, want);
        let lengths: Vec<i64> = totals
            .iter()
            .flat_map(|b| b.column(1).as_primitive::<Int64Type>().values().to_vec())
            .collect();
        assert_eq!(lengths.len(), 3);
        assert!(lengths.iter().all(|&n| n >= 2));

        let top = top_terms(&docs, &seg, &TokenizeOptions::default(), 1);
        assert_eq!(top, vec![("普京".to_owned(), 3)]);
    }
}

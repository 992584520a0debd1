//! The segmentation limit: jieba-rs alone cutting the same clean texts, one thread and all
//! threads, next to xinwen's own counting path on the same texts. `benches/bench_pipeline.py`
//! writes the texts (separated by the ASCII record separator U+001E, so their line breaks stay)
//! and runs this with the file as the argument; it prints one JSON line.
//!
//!     cargo bench --bench jieba_limit -- target/bench/texts.txt

use std::time::Instant;

use jieba_rs::Jieba;
use rayon::prelude::*;
use xinwen::segment::{sentence, Segmenter, TokenizeOptions};

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: jieba_limit TEXTS_FILE");
        std::process::exit(2);
    };
    let all = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let texts: Vec<&str> = all.split('\u{1e}').filter(|t| !t.is_empty()).collect();
    let jieba = Jieba::new();
    // Warm the caches and the dictionary pages once.
    let warm: usize = texts
        .iter()
        .take(100)
        .map(|t| jieba.cut(t, true).len())
        .sum();
    let c = thread_cpu_s();
    let t = Instant::now();
    let one: usize = texts.iter().map(|t| jieba.cut(t, true).len()).sum();
    let one_s = t.elapsed().as_secs_f64();
    let one_cpu_s = thread_cpu_s() - c;
    let t = Instant::now();
    let all_threads: usize = texts.par_iter().map(|t| jieba.cut(t, true).len()).sum();
    let all_s = t.elapsed().as_secs_f64();
    assert_eq!(one, all_threads);
    // Where the rest of xinwen's counting goes: the same cut called once per sentence, as
    // xinwen calls it, and xinwen's own counting path (normalisation, sentences, aliases,
    // English, numbers, stopwords) over the same texts, all threads.
    let t = Instant::now();
    let per_sentence: usize = texts
        .par_iter()
        .map(|t| {
            sentence::split(t)
                .into_iter()
                .filter_map(|(a, b)| t.get(a..b))
                .map(|s| jieba.cut(s, true).len())
                .sum::<usize>()
        })
        .sum();
    let per_sentence_s = t.elapsed().as_secs_f64();
    let seg = Segmenter::shared_default();
    let opts = TokenizeOptions::default();
    let count = |t: &&str| {
        let mut n = 0usize;
        seg.count_each(t, &opts, |_| n += 1);
        n
    };
    let _ = texts.iter().take(100).map(count).sum::<usize>();
    let t = Instant::now();
    let counted: usize = texts.par_iter().map(count).sum();
    let xinwen_s = t.elapsed().as_secs_f64();
    let ids: Vec<String> = (0..texts.len()).map(|i| i.to_string()).collect();
    let docs: Vec<xinwen::features::Doc<'_>> = ids
        .iter()
        .zip(&texts)
        .map(|(id, t)| xinwen::features::Doc { id, text: Some(t) })
        .collect();
    let t = Instant::now();
    let batches = xinwen::features::term_count_batches(&docs, &seg, &opts).map_or(0, |b| b.len());
    let batches_s = t.elapsed().as_secs_f64();
    println!(
        "{{\"texts\": {}, \"bytes\": {}, \"tokens\": {}, \"one_thread_s\": {:.6}, \"one_thread_cpu_s\": {:.6}, \"all_threads_s\": {:.6}, \"threads\": {}, \"warm\": {}, \"per_sentence_s\": {:.6}, \"per_sentence_tokens\": {}, \"xinwen_count_s\": {:.6}, \"xinwen_terms\": {}, \"term_count_batches_s\": {:.6}, \"batches\": {}}}",
        texts.len(),
        all.len(),
        one,
        one_s,
        one_cpu_s,
        all_s,
        rayon::current_num_threads(),
        warm,
        per_sentence_s,
        per_sentence,
        xinwen_s,
        counted,
        batches_s,
        batches
    );
}

/// CPU seconds (user + sys) this thread has used: on a machine shared with other work, the
/// one-thread cut's CPU time is steadier than its wall time.
#[cfg(target_os = "linux")]
fn thread_cpu_s() -> f64 {
    // SAFETY: getrusage writes one `rusage` into the zeroed value it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut u) } != 0 {
        return 0.0;
    }
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(u.ru_utime) + s(u.ru_stime)
}

/// Elsewhere the one-thread wall time stands in (see `bench_pipeline.py`).
#[cfg(not(target_os = "linux"))]
fn thread_cpu_s() -> f64 {
    0.0
}

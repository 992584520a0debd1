//! The segmentation limit: jieba-rs alone cutting the same clean texts, one thread and all
//! threads. `benches/bench_pipeline.py` writes the texts (one per line, newlines inside a text
//! replaced by spaces) and runs this with the file as the argument; it prints one JSON line.
//!
//!     cargo bench --bench jieba_limit -- target/bench/texts.txt

use std::time::Instant;

use jieba_rs::Jieba;
use rayon::prelude::*;

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
    let texts: Vec<&str> = all.lines().collect();
    let jieba = Jieba::new();
    // Warm the caches and the dictionary pages once.
    let warm: usize = texts
        .iter()
        .take(100)
        .map(|t| jieba.cut(t, true).len())
        .sum();
    let t = Instant::now();
    let one: usize = texts.iter().map(|t| jieba.cut(t, true).len()).sum();
    let one_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let all_threads: usize = texts.par_iter().map(|t| jieba.cut(t, true).len()).sum();
    let all_s = t.elapsed().as_secs_f64();
    assert_eq!(one, all_threads);
    println!(
        "{{\"texts\": {}, \"bytes\": {}, \"tokens\": {}, \"one_thread_s\": {:.4}, \"all_threads_s\": {:.4}, \"threads\": {}, \"warm\": {}}}",
        texts.len(),
        all.len(),
        one,
        one_s,
        all_s,
        rayon::current_num_threads(),
        warm
    );
}

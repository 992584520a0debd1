//! Criterion benches of the Rust hot paths, on the built-in sample archive (shipped in the
//! package, so they run anywhere), with throughput in bytes of input: reading whole files
//! (decoding, layouts, HTML, dates, cleaning), HTML extraction alone, script normalisation
//! (tracked, and untracked as counting calls it), sentence splitting, jieba-rs's own cut, and
//! segmentation into counted terms, one thread against all threads.
//!
//!     cargo bench --bench hot_paths

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use xinwen::features::{term_count_batches, Doc};
use xinwen::ingest::{read_file, read_paths, ReadOptions};
use xinwen::segment::normalize::{normalize, Conversion};
use xinwen::segment::{Segmenter, TokenizeOptions};

fn sample_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/xinwen/data/sample");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn bytes_of(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum()
}

fn ingest(c: &mut Criterion) {
    let files = sample_files();
    let opts = ReadOptions::new("Asia/Shanghai").expect("a known zone");
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(bytes_of(&files)));
    g.bench_function("read_file, 1 thread", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| read_file(f, &opts).n_chars)
                .sum::<i64>()
        })
    });
    // 64 copies of the sample, so the thread pool has something to share.
    let many: Vec<PathBuf> = (0..64).flat_map(|_| files.iter().cloned()).collect();
    g.throughput(Throughput::Bytes(bytes_of(&many)));
    g.bench_function("read_paths, all threads", |b| {
        b.iter(|| read_paths(&many, &opts).map(|a| a.len()).unwrap_or(0))
    });
    g.finish();
}

fn text(c: &mut Criterion) {
    let html = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("python/xinwen/data/sample/html_page_cna.html"),
    )
    .unwrap_or_default();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(html.len() as u64));
    g.bench_function("fragment::extract", |b| {
        b.iter(|| xinwen::text::fragment::extract(&html).blocks.len())
    });
    g.finish();
}

fn segment(c: &mut Criterion) {
    let opts = ReadOptions::new("Asia/Shanghai").expect("a known zone");
    let bodies: Vec<String> = sample_files()
        .iter()
        .map(|f| read_file(f, &opts).body)
        .collect();
    let seg = Segmenter::shared_default();
    let tok = TokenizeOptions::default();
    let all: String = bodies.join("\n");
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(all.len() as u64));
    for conv in [Conversion::None, Conversion::Simplified] {
        g.bench_with_input(
            BenchmarkId::new("normalize", format!("{conv:?}")),
            &conv,
            |b, &c| b.iter(|| normalize(&all, c, true).text.len()),
        );
        // As counting calls it: no origins kept.
        g.bench_with_input(
            BenchmarkId::new("normalize untracked", format!("{conv:?}")),
            &conv,
            |b, &c| b.iter(|| normalize(&all, c, false).text.len()),
        );
    }
    // The sample is mostly simplified; its traditional form is what half the benchmark
    // archive is written in.
    let traditional = xinwen::segment::convert(&all, xinwen::segment::Target::Traditional);
    g.throughput(Throughput::Bytes(traditional.len() as u64));
    g.bench_function("normalize untracked, traditional text", |b| {
        b.iter(|| {
            normalize(&traditional, Conversion::Simplified, false)
                .text
                .len()
        })
    });
    g.bench_function("jieba-rs cut, traditional text as simplified", |b| {
        let simplified = normalize(&traditional, Conversion::Simplified, false)
            .text
            .to_string();
        b.iter(|| seg.jieba().cut(&simplified, true).len())
    });
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("sentence::split", |b| {
        b.iter(|| xinwen::segment::sentence::split(&all).len())
    });
    g.bench_function("jieba-rs cut, 1 thread", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|t| seg.jieba().cut(t, true).len())
                .sum::<usize>()
        })
    });
    g.bench_function("count_each, 1 thread", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &bodies {
                seg.count_each(t, &tok, |_| n += 1);
            }
            n
        })
    });
    let many: Vec<&str> = (0..64)
        .flat_map(|_| bodies.iter().map(String::as_str))
        .collect();
    let docs: Vec<Doc<'_>> = many
        .iter()
        .map(|t| Doc {
            id: "d",
            text: Some(t),
        })
        .collect();
    g.throughput(Throughput::Bytes(many.iter().map(|t| t.len() as u64).sum()));
    g.bench_function("term_count_batches, all threads", |b| {
        b.iter(|| {
            term_count_batches(&docs, &seg, &tok)
                .map(|v| v.len())
                .unwrap_or(0)
        })
    });
    g.finish();
}

criterion_group!(benches, ingest, text, segment);
criterion_main!(benches);

"""Benchmark: xinwen.tokenize / term_counts against Python jieba on the same texts, same run.

The baseline is what a researcher writes: ``jieba.lcut`` over every body, and for counts
``collections.Counter`` per document collected into a Polars frame of (doc_id, term, count).
Both sides get a warm start (jieba's dictionary loaded, xinwen's default segmenter built).
xinwen runs with all threads here and with one thread in a child process (RAYON_NUM_THREADS=1).

It also measures how well traditional text is segmented: simplified bodies are converted to
traditional (OpenCC tables; and to Hong Kong's forms, ``f1_simplified_mode_hk``) and tokenized again; the token agreement (F1 over each document's
token multiset) with the simplified original is reported for script="simplified" (convert, then
segment) and for script="original" (what segmenting traditional text directly gives).

    python benches/bench_tokens.py                      # the shared corpus
    python benches/bench_tokens.py --archive bench      # the 71k-file benchmark archive
    python benches/bench_tokens.py --baseline-docs 2000 # time Python jieba on a subset only
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import polars as pl
import xinwen
from xinwen import _core

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benches"))

from bench_ingest import ARCHIVE_HELP, archive_files, archive_label  # noqa: E402


def best_of(n: int, fn, *args, **kw):  # type: ignore[no-untyped-def]
    times = []
    out = None
    for _ in range(n):
        t = time.perf_counter()
        out = fn(*args, **kw)
        times.append(time.perf_counter() - t)
    return out, min(times)


def load(archive: str) -> pl.DataFrame:
    df = xinwen.read_articles(archive_files(archive))
    return df.filter(pl.col("status") != "error").select("doc_id", "body", "script")


def xinwen_times(df: pl.DataFrame, repeat: int) -> dict[str, float]:
    xinwen.tokenize(df.head(5))  # build the default segmenter outside the timing
    toks, t_tok = best_of(repeat, xinwen.tokenize, df)
    counts, t_cnt = best_of(repeat, xinwen.term_counts, df)
    return {
        "tokenize_s": t_tok,
        "term_counts_s": t_cnt,
        "tokens": toks.height,
        "rows": counts.height,
    }


def baseline(df: pl.DataFrame) -> dict[str, float]:
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = df["body"].to_list()
    ids = df["doc_id"].to_list()
    t = time.perf_counter()
    cut = [jieba.lcut(x) for x in texts]
    t_cut = time.perf_counter() - t
    t = time.perf_counter()
    rows_id, rows_term, rows_n = [], [], []
    for doc_id, text in zip(ids, texts, strict=True):
        for term, n in Counter(jieba.lcut(text)).items():
            rows_id.append(doc_id)
            rows_term.append(term)
            rows_n.append(n)
    pl.DataFrame({"doc_id": rows_id, "term": rows_term, "count": rows_n})
    t_cnt = time.perf_counter() - t
    return {"lcut_s": t_cut, "counter_s": t_cnt, "tokens": sum(map(len, cut))}


def agreement(a: pl.DataFrame, b: pl.DataFrame) -> float:
    """F1 of the per-document token multisets of two term-count frames."""
    j = a.join(b, on=["doc_id", "term"], how="full", coalesce=True).fill_null(0)
    both = j.select(pl.min_horizontal("count", "count_right").sum()).item()
    return float(2 * both / (a["count"].sum() + b["count"].sum()))


def script_quality(df: pl.DataFrame, n: int) -> dict[str, float]:
    hans = df.filter(pl.col("script") == "hans").head(n)
    trad = hans.with_columns(
        pl.Series("body", _core.convert_script(hans["body"].to_list(), "traditional"))
    )
    hk = hans.with_columns(pl.Series("body", xinwen.convert(hans["body"].to_list(), to="hongkong")))
    ref = xinwen.term_counts(hans)
    conv = xinwen.term_counts(trad)
    raw = xinwen.term_counts(trad, script="original")
    seg_raw = xinwen.Segmenter(script="original", aliases=None)
    ref_raw = xinwen.term_counts(hans, segmenter=seg_raw)
    raw_raw = xinwen.term_counts(trad, segmenter=seg_raw)
    return {
        "docs": hans.height,
        "f1_simplified_mode": round(agreement(ref, conv), 4),
        "f1_simplified_mode_hk": round(agreement(ref, xinwen.term_counts(hk)), 4),
        "f1_original_mode": round(agreement(ref, raw), 4),
        "f1_original_mode_no_aliases": round(agreement(ref_raw, raw_raw), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="corpus", help=ARCHIVE_HELP)
    ap.add_argument("--baseline-docs", type=int, default=0, help="0: every document")
    ap.add_argument("--repeat", type=int, default=3, help="xinwen runs (best is kept)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    df = load(args.archive)
    if args.baseline_docs:
        df = df.head(args.baseline_docs)
    if args.child:
        print(json.dumps(xinwen_times(df, args.repeat)))
        return

    chars = int(df["body"].str.len_chars().sum())
    mb = df["body"].str.len_bytes().sum() / 1e6
    x = xinwen_times(df, args.repeat)
    env = {**os.environ, "RAYON_NUM_THREADS": "1"}
    cmd = [sys.executable, __file__, "--archive", args.archive, "--child"]
    cmd += ["--baseline-docs", str(args.baseline_docs), "--repeat", str(args.repeat)]
    child = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    x1 = json.loads(child.stdout.strip().splitlines()[-1])
    b = baseline(df)
    q = script_quality(df, 1000)

    res = {
        "archive": args.archive,
        "docs": df.height,
        "chars": chars,
        "mb": round(mb, 1),
        "cores": os.cpu_count(),
        "jieba_lcut_s": round(b["lcut_s"], 2),
        "jieba_counter_s": round(b["counter_s"], 2),
        "xinwen_tokenize_s": round(x["tokenize_s"], 3),
        "xinwen_term_counts_s": round(x["term_counts_s"], 3),
        "xinwen_1thread_tokenize_s": round(x1["tokenize_s"], 3),
        "xinwen_1thread_term_counts_s": round(x1["term_counts_s"], 3),
        "ratio_tokenize": round(b["lcut_s"] / x["tokenize_s"], 1),
        "ratio_term_counts": round(b["counter_s"] / x["term_counts_s"], 1),
        "ratio_tokenize_1thread": round(b["lcut_s"] / x1["tokenize_s"], 1),
        "ratio_term_counts_1thread": round(b["counter_s"] / x1["term_counts_s"], 1),
        "traditional_quality": q,
    }
    print(f"{args.archive}: {df.height} documents, {chars / 1e6:.1f} M characters, {mb:.0f} MB")
    print(f"  python jieba.lcut:           {b['lcut_s']:7.2f} s  {mb / b['lcut_s']:6.2f} MB/s")
    print(f"  python lcut + Counter:       {b['counter_s']:7.2f} s")
    for label, key in (("tokenize", "tokenize_s"), ("term_counts", "term_counts_s")):
        for threads, r in (("1 thread", x1), ("all threads", x)):
            print(
                f"  xinwen {label:11} {threads:11} {r[key]:7.3f} s  {mb / r[key]:6.1f} MB/s  "
                f"{df.height / r[key]:8.0f} docs/s"
            )
    print(
        f"  ratios (all threads): tokenize {res['ratio_tokenize']}x jieba.lcut, "
        f"term_counts {res['ratio_term_counts']}x lcut+Counter "
        f"(1 thread: {res['ratio_tokenize_1thread']}x, {res['ratio_term_counts_1thread']}x)"
    )
    print(
        f"  traditional text ({q['docs']} simplified docs converted): token F1 vs the original "
        f"{q['f1_simplified_mode']} with script='simplified', {q['f1_original_mode']} with "
        f"script='original' ({q['f1_original_mode_no_aliases']} without aliases)"
    )
    out = REPO / "target" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"tokens-{archive_label(args.archive)}.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

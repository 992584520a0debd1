"""Benchmark: tokenize once, analyse many times.

Builds a :class:`xinwen.Corpus` of an archive (the 71,000-file benchmark archive by default) and
times, in one run, the build against one ``term_counts`` pass, then each question asked of the
Corpus against the same call on the articles frame (which tokenizes again): a 3-term monthly
trend by outlet, the top-20 trend, co-occurrence with one focus term, all pairs in sentences,
keyness of one outlet, the document-term matrix. Prints bytes held per token, and the time and
peak memory of ``xinwen report`` on the shared corpus (in a child process).

    python benches/bench_corpus.py                     # the benchmark archive
    python benches/bench_corpus.py --archive corpus    # the shared corpus
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import xinwen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import ARCHIVE_HELP, archive_files, archive_label

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "target" / "bench"
TARGETS_MS = {
    "3-term monthly trend by outlet": 50,
    "top-20 monthly trend": 200,
    "co-occurrence, focus 普京": 300,
    "co-occurrence, all pairs in sentences": 5000,
    "keyness of one outlet": 100,
    "document-term matrix": 1000,
}


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def report_run() -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `xinwen report` on the shared corpus, in a child process."""
    corpus_dir = REPO.parent / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "import resource, time, subprocess, sys\n"
            "t0 = time.perf_counter()\n"
            f"r = subprocess.run([sys.executable, '-m', 'xinwen', 'report', {str(corpus_dir)!r}, "
            f"'-o', {str(Path(tmp) / 'r.html')!r}, '--quiet'])\n"
            "dt = time.perf_counter() - t0\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(dt, peak, r.returncode)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        secs, peak, _rc = out.stdout.split()
        return float(secs), float(peak)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--archive", default="bench", help=ARCHIVE_HELP)
    ap.add_argument("--no-report", action="store_true", help="skip the report run")
    args = ap.parse_args()
    files = archive_files(args.archive)
    df = xinwen.read_articles(files)
    df = df.filter(pl.col("status") != "error")
    print(f"{archive_label(args.archive)}: {df.height:,} articles")
    outlet = df["outlet"].drop_nulls().value_counts(sort=True)["outlet"][0]

    t_counts, _ = timed(lambda: xinwen.term_counts(df))
    t_build, corpus = timed(lambda: xinwen.Corpus(df))
    print(f"\nCorpus build {t_build:.2f} s; one term_counts pass {t_counts:.2f} s "
          f"({t_build / t_counts:.2f}x; target <= 1.2x)")  # fmt: skip
    bpt = corpus.bytes_per_token()
    print(f"{corpus.n_tokens:,} tokens, {bpt:.2f} bytes a token held (target <= 8)")

    questions = {
        "3-term monthly trend by outlet": lambda a: xinwen.term_trend(
            a, ["普京", "习近平", "制裁"], by="outlet"
        ),
        "top-20 monthly trend": lambda a: xinwen.term_trend(a, None, top=20),
        "co-occurrence, focus 普京": lambda a: xinwen.cooccurrence(a, focus="普京"),
        "co-occurrence, all pairs in sentences": lambda a: xinwen.cooccurrence(a),
        "keyness of one outlet": lambda a: xinwen.keyness(a, pl.col("outlet") == outlet),
        "document-term matrix": lambda a: xinwen.doc_term_matrix(a, min_df=5),
    }
    rows = []
    print("\n| question | on the Corpus | target | on the frame | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, ask in questions.items():
        t_c, from_corpus = timed(lambda ask=ask: ask(corpus))
        t_f, from_frame = timed(lambda ask=ask: ask(df))
        same = (
            from_corpus.equals(from_frame)
            if isinstance(from_corpus, pl.DataFrame)
            else from_corpus[1:] == from_frame[1:]
        )
        target = TARGETS_MS[name]
        rows.append(
            {"question": name, "corpus_s": t_c, "frame_s": t_f, "target_ms": target, "same": same}
        )
        print(f"| {name} | {t_c * 1000:,.0f} ms | < {target:,} ms | {t_f:.2f} s | "
              f"{t_f / t_c:.0f}x |{'' if same else ' DIFFERENT'}")  # fmt: skip

    result: dict[str, object] = {
        "archive": archive_label(args.archive),
        "articles": df.height,
        "build_s": t_build,
        "term_counts_s": t_counts,
        "bytes_per_token": bpt,
        "questions": rows,
    }
    if not args.no_report:
        secs, peak = report_run()
        print(f"\nxinwen report on the shared corpus: {secs:.1f} s, peak RSS {peak:,.0f} MB")
        result["report"] = {"seconds": secs, "peak_rss_mb": peak}
    print(
        f"\n(this process peaked at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "corpus-bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

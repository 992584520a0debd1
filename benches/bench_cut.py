"""Benchmark: one string at a time. ``xinwen.cut`` against ``jieba.lcut`` per call on short
strings (the shared corpus's titles, and its bodies' first sentences), and what that means for
scikit-learn: ``CountVectorizer(analyzer=...)`` with either, and ``xinwen.Vectorizer`` (counting
in Rust), on the same bodies, in the same run.

Both sides get a warm start (jieba's dictionary loaded, xinwen's default segmenter built); each
per-call timing is the best of three. xinwen does more per token than jieba (script conversion, aliases,
stopwords, English words), so the per-call ratio bounds the overhead of the binding from above.

    python benches/bench_cut.py                 # the shared corpus
    python benches/bench_cut.py --docs 2000     # fewer bodies for the vectorizer part
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import xinwen

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def best_of(n: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def per_call(f: Callable[[str], Any], texts: list[str]) -> float:
    """Microseconds a call, over ``texts``."""
    return best_of(3, lambda: [f(t) for t in texts]) / len(texts) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=str(CORPUS), help="files to read (default: shared corpus)")
    ap.add_argument("--docs", type=int, default=2000, help="bodies for the vectorizer part")
    args = ap.parse_args()

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    xinwen.cut("预热")

    arts = xinwen.read_articles(args.source).filter(pl.col("body").str.len_chars() > 0)
    titles = arts["title"].drop_nulls().filter(arts["title"].drop_nulls().str.len_chars() > 0)
    titles = titles.to_list()
    firsts = arts["body"].str.extract(r"^([^。！？\n]{4,}[。！？]?)").drop_nulls().to_list()
    seg = xinwen.Segmenter()
    print(f"{len(arts):,} articles from {args.source}")
    print(f"{'strings':<34}{'jieba.lcut':>12}{'xinwen.cut':>12}{'Segmenter.cut':>15}{'ratio':>8}")
    for label, texts in (("titles", titles), ("first sentences", firsts)):
        mean = sum(map(len, texts)) / len(texts)
        j = per_call(jieba.lcut, texts)
        x = per_call(xinwen.cut, texts)
        s = per_call(seg.cut, texts)
        name = f"{label} ({len(texts):,}, {mean:.0f} chars)"
        print(f"{name:<34}{j:>10.1f}us{x:>10.1f}us{s:>13.1f}us{j / x:>7.1f}x")
    # The binding alone: an empty string is segmented in no time.
    empty = [""] * 20_000
    print(
        f"{'empty string (per-call floor)':<34}{per_call(jieba.lcut, empty):>10.2f}us"
        f"{per_call(xinwen.cut, empty):>10.2f}us{per_call(seg.cut, empty):>13.2f}us"
    )

    try:
        from sklearn.feature_extraction.text import CountVectorizer
    except ImportError:
        print("scikit-learn is not installed: the vectorizer comparison is skipped")
        return
    bodies = arts["body"].head(args.docs).to_list()
    mb = sum(len(b.encode()) for b in bodies) / 1e6
    print(f"\nfit_transform on {len(bodies):,} bodies ({mb:.1f} MB)")
    runs = {
        "CountVectorizer(analyzer=jieba.lcut)": lambda: CountVectorizer(
            analyzer=jieba.lcut
        ).fit_transform(bodies),
        "CountVectorizer(analyzer=xinwen.cut)": lambda: CountVectorizer(
            analyzer=xinwen.cut
        ).fit_transform(bodies),
        "xinwen.Vectorizer()": lambda: xinwen.Vectorizer().fit_transform(bodies),
    }
    base = None
    for name, run in runs.items():
        # Seconds per run: once is enough (jieba's run alone takes half a minute).
        t = best_of(1, run)
        base = base or t
        print(f"{name:<40}{t:>8.2f}s{base / t:>7.1f}x")


if __name__ == "__main__":
    main()

"""Benchmark: xinwen.cooccurrence and xinwen.term_trend against the pandas/Counter code a
researcher would otherwise write, on the same documents in the same run.

The baseline cuts each body with ``jieba.lcut``, drops punctuation and xinwen's default stopwords
(so both sides count comparable tokens), and then
* co-occurrence: one ``set`` of terms per sentence, ``collections.Counter`` over terms and over
  ``itertools.combinations`` of each set, and PMI / NPMI / G² computed in pandas for the pairs
  seen at least ``min_count`` times;
* term trend: a ``Counter`` per document, a long pandas frame (doc, term, count), joined with
  month and outlet, grouped, divided by the tokens of each (month, outlet).
The baseline does no script conversion, alias unification or English tokenization; xinwen does.

Python jieba needs about 4 ms per document, so both sides are timed on the same subset
(``--docs``, default 3000) for the ratios, and xinwen alone on the whole archive.

    python benches/bench_analysis.py                  # the 71k-file benchmark archive
    python benches/bench_analysis.py --archive corpus # the shared corpus
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import polars as pl
import xinwen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benches"))

from bench_ingest import ARCHIVE_HELP, archive_files, archive_label  # noqa: E402

SENTENCE = re.compile(r"(?<=[。！？；!?;\n])")
WORD = re.compile(r"\w", re.UNICODE)


def timed(fn, *args, **kw):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def _cut(jieba, text: str, stop: set[str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [w for w in jieba.lcut(text) if WORD.search(w) and w not in stop]


def baseline_cooc(texts: list[str], min_count: int):  # type: ignore[no-untyped-def]
    import jieba  # type: ignore[import-untyped]
    import pandas as pd

    stop = set(xinwen.default_stopwords())
    terms: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    n = 0
    for text in texts:
        for sentence in SENTENCE.split(text):
            window = sorted(set(_cut(jieba, sentence, stop)))
            if not window:
                continue
            n += 1
            terms.update(window)
            pairs.update(itertools.combinations(window, 2))
    rows = [(a, b, c) for (a, b), c in pairs.items() if c >= min_count]
    df = pd.DataFrame(rows, columns=["term_a", "term_b", "count"])
    df["count_a"] = df["term_a"].map(terms)
    df["count_b"] = df["term_b"].map(terms)
    df = df[(df["count_a"] >= min_count) & (df["count_b"] >= min_count)].copy()
    df["n"] = n
    df["pmi"] = (df["count"] * n / (df["count_a"] * df["count_b"])).map(math.log)
    df["npmi"] = df["pmi"] / -(df["count"] / n).map(math.log)

    def g2(r) -> float:  # type: ignore[no-untyped-def]
        k11, k12, k21 = r["count"], r["count_a"] - r["count"], r["count_b"] - r["count"]
        k22 = n - r["count_a"] - r["count_b"] + r["count"]
        cells = [(k11, r["count_a"], r["count_b"]), (k12, r["count_a"], n - r["count_b"])]
        cells += [(k21, n - r["count_a"], r["count_b"]), (k22, n - r["count_a"], n - r["count_b"])]
        return 2 * sum(k * math.log(k * n / (row * col)) for k, row, col in cells if k > 0)

    df["llr"] = df.apply(g2, axis=1)
    return df.sort_values("llr", ascending=False)


def baseline_trend(docs: pl.DataFrame, top: int):  # type: ignore[no-untyped-def]
    import jieba
    import pandas as pd

    stop = set(xinwen.default_stopwords())
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["body"], strict=True):
        for term, c in Counter(_cut(jieba, text, stop)).items():
            rows.append((doc_id, term, c))
    long = pd.DataFrame(rows, columns=["doc_id", "term", "count"])
    month = pl.col("published_at").dt.convert_time_zone("Asia/Shanghai").dt.strftime("%Y-%m")
    meta = pd.DataFrame(docs.select("doc_id", "outlet", month).to_dict(as_series=False))
    long = long.merge(meta, on="doc_id")
    totals = long.groupby(["published_at", "outlet"])["count"].sum().rename("total")
    keep = long.groupby("term")["count"].sum().nlargest(top).index
    trend = long[long["term"].isin(keep)].groupby(["published_at", "outlet", "term"])["count"].sum()
    out = trend.reset_index().merge(totals.reset_index(), on=["published_at", "outlet"])
    out["value"] = 10_000 * out["count"] / out["total"]
    return out


def xinwen_runs(df: pl.DataFrame) -> dict[str, float]:
    _, t_cooc = timed(xinwen.cooccurrence, df, window="sentence", min_count=5)
    _, t_focus = timed(xinwen.cooccurrence, df, focus="普京", min_count=5)
    _, t_trend = timed(xinwen.term_trend, df, by="outlet", top=20)
    _, t_terms = timed(xinwen.term_trend, df, ["普京", "习近平", "中俄"], by="outlet")
    return {"cooc": t_cooc, "cooc_focus": t_focus, "trend_top": t_trend, "trend_terms": t_terms}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="bench", help=ARCHIVE_HELP)
    ap.add_argument("--docs", type=int, default=3000, help="documents timed on both sides")
    args = ap.parse_args()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    full = xinwen.read_articles(archive_files(args.archive)).filter(pl.col("status") != "error")
    sub = full.sample(min(args.docs, full.height), seed=1)
    xinwen.tokenize(sub.head(5))  # the default segmenter, built outside the timings

    _, b_cooc = timed(baseline_cooc, sub["body"].to_list(), 5)
    _, b_trend = timed(baseline_trend, sub, 20)
    x_sub = xinwen_runs(sub)
    x_full = xinwen_runs(full)

    res = {
        "archive": args.archive,
        "docs_subset": sub.height,
        "docs_full": full.height,
        "cores": os.cpu_count(),
        "baseline_cooc_s": round(b_cooc, 2),
        "baseline_trend_s": round(b_trend, 2),
        "xinwen_subset_s": {k: round(v, 3) for k, v in x_sub.items()},
        "xinwen_full_s": {k: round(v, 2) for k, v in x_full.items()},
        "ratio_cooc": round(b_cooc / x_sub["cooc"], 1),
        "ratio_trend": round(b_trend / x_sub["trend_top"], 1),
    }
    print(f"{args.archive}: subset of {sub.height} documents, timed on both sides")
    print("  co-occurrence (sentence windows, all pairs, min_count 5):")
    n = sub.height
    print(
        f"    pandas/Counter + jieba {b_cooc:8.2f} s ({n / b_cooc:6.0f} docs/s)   "
        f"xinwen {x_sub['cooc']:7.3f} s ({n / x_sub['cooc']:7.0f} docs/s)   {res['ratio_cooc']}x"
    )
    print("  term trend (top 20 terms, monthly, by outlet, per 10k tokens):")
    print(
        f"    pandas/Counter + jieba {b_trend:8.2f} s ({n / b_trend:6.0f} docs/s)   "
        f"xinwen {x_sub['trend_top']:7.3f} s ({n / x_sub['trend_top']:7.0f} docs/s)   "
        f"{res['ratio_trend']}x"
    )
    print(f"xinwen on all {full.height} documents:")
    for k, v in x_full.items():
        print(f"  {k:12} {v:7.2f} s ({full.height / v:7.0f} docs/s)")
    out = REPO / "target" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"analysis-{archive_label(args.archive)}.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark: xinwen.duplicates against datasketch's MinHashLSH, same documents, same run.

Both sides get the same shingles (the 5-character shingles of :func:`xinwen.dedup.shingles`,
built before datasketch's clock starts, while xinwen's time includes normalising and shingling),
the same threshold and 128 permutations, and the same bodies (those of at least ``min_chars``
normalised characters, the ones xinwen matches on their text). datasketch's side is what a
researcher writes: a ``MinHash`` per body (``update_batch``), ``MinHashLSH`` insert and query,
candidates kept when ``MinHash.jaccard`` reaches the threshold, and union-find over them.

Truth is exact: the candidates of a permissive LSH (threshold 0.5, which proposes a pair of
Jaccard 0.8 with probability above 0.999) scored by exact shingle Jaccard; a pair of truth is
one at or above the threshold. Recall is the share of those pairs each side puts in one
cluster; precision, the share of 300 sampled (member, first member) pairs of each side's
clusters whose exact Jaccard reaches the threshold.

    python benches/bench_dedup.py                        # the shared corpus
    python benches/bench_dedup.py --archive /tmp/agora0-2024H1 --baseline-docs 20000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import polars as pl
import xinwen
from xinwen.dedup import shingles

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benches"))

from bench_ingest import ARCHIVE_HELP, archive_files  # noqa: E402

K, NUM_PERM, MIN_CHARS = 5, 128, 50


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def datasketch_clusters(sets: list[set[str]], threshold: float) -> tuple[list[int], object]:
    """What a researcher writes with datasketch: MinHash, LSH insert and query, verify, join."""
    from datasketch import MinHash, MinHashLSH

    mins = []
    for s in sets:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([x.encode("utf-8") for x in s])
        mins.append(m)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i, m in enumerate(mins):
        lsh.insert(i, m)
    parent = list(range(len(sets)))
    for i, m in enumerate(mins):
        for j in lsh.query(m):
            if j != i and m.jaccard(mins[j]) >= threshold:
                a, b = find(parent, i), find(parent, j)
                parent[max(a, b)] = min(a, b)
    return [find(parent, i) for i in range(len(sets))], mins


def truth_pairs(
    mins: list[object], sets: list[set[str]], threshold: float
) -> list[tuple[int, int]]:
    from datasketch import MinHashLSH

    loose = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    for i, m in enumerate(mins):
        loose.insert(i, m)
    cands = {(min(i, j), max(i, j)) for i, m in enumerate(mins) for j in loose.query(m) if i != j}
    return [(i, j) for i, j in cands if jaccard(sets[i], sets[j]) >= threshold]


def precision(firsts: list[int], sets: list[set[str]], threshold: float) -> tuple[float, int]:
    pairs = [(i, f) for i, f in enumerate(firsts) if f != i]
    sample = random.Random(0).sample(pairs, min(300, len(pairs)))
    good = sum(jaccard(sets[i], sets[f]) >= threshold for i, f in sample)
    return (good / len(sample) if sample else 1.0), len(sample)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="corpus", help=ARCHIVE_HELP)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument(
        "--baseline-docs", type=int, default=0, help="bodies for datasketch (0: all of them)"
    )
    args = ap.parse_args()
    t = args.threshold
    df = xinwen.read_articles(archive_files(args.archive))
    df = df.filter(pl.col("status") != "error")
    all_sets = [shingles(b or "", k=K) for b in df["body"].to_list()]
    # The bodies both sides match on their text.
    keep = [len(s) + K - 1 >= MIN_CHARS for s in all_sets]
    arts = df.filter(pl.Series(keep))
    sets = [s for s, k in zip(all_sets, keep, strict=True) if k]
    if args.baseline_docs:
        arts, sets = arts.head(args.baseline_docs), sets[: args.baseline_docs]
    n = arts.height
    print(f"{args.archive}: {df.height:,} files, {n:,} bodies of {MIN_CHARS}+ characters compared")

    xinwen.duplicates(arts.head(50), threshold=t)  # warm the thread pool
    times = {}
    for label, threads in (("xinwen, 1 thread", "1"), ("xinwen, all threads", None)):
        if threads:
            os.environ["XINWEN_THREADS"] = threads
        else:
            os.environ.pop("XINWEN_THREADS", None)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            ours = xinwen.duplicates(arts, threshold=t)
            best = min(best, time.perf_counter() - t0)
        times[label] = best
    t0 = time.perf_counter()
    roots, mins = datasketch_clusters(sets, t)
    times["datasketch MinHashLSH"] = time.perf_counter() - t0

    truth = truth_pairs(mins, sets, t)
    ours_cluster = ours["cluster_id"].to_list()
    row = {d: i for i, d in enumerate(arts["doc_id"].to_list())}
    ours_first = [row[d] for d in ours["first_doc_id"].to_list()]
    # datasketch's first member: the earliest by published_at, as ours.
    order = arts.with_row_index("i").sort(["published_at", "path"], nulls_last=True)["i"]
    rank = {int(i): r for r, i in enumerate(order.to_list())}
    ds_first: dict[int, int] = {}
    for i, r in enumerate(roots):
        if r not in ds_first or rank[i] < rank[ds_first[r]]:
            ds_first[r] = i
    ds_firsts = [ds_first[r] for r in roots]

    rec_x = sum(ours_cluster[i] == ours_cluster[j] for i, j in truth) / max(len(truth), 1)
    rec_d = sum(roots[i] == roots[j] for i, j in truth) / max(len(truth), 1)
    prec_x, nx = precision(ours_first, sets, t)
    prec_d, nd = precision(ds_firsts, sets, t)
    base = times["datasketch MinHashLSH"]
    print(f"\nthreshold {t}, {len(truth):,} truth pairs (exact Jaccard >= {t})")
    print(f"{'':24} {'seconds':>9} {'docs/s':>9} {'speed-up':>9} {'recall':>7} {'precision':>10}")
    for label, s in times.items():
        rec, prec, m = (rec_d, prec_d, nd) if "datasketch" in label else (rec_x, prec_x, nx)
        print(f"{label:24} {s:9.2f} {n / s:9.0f} {base / s:8.1f}x {rec:7.4f} {prec:7.3f} ({m})")

    kinds = ours.with_columns(outlet=arts["outlet"])
    per_outlet = (
        kinds.group_by("outlet")
        .agg(
            files=pl.len(),
            exact=(pl.col("kind") == "exact").sum(),
            repost=(pl.col("kind") == "repost").sum(),
            syndicated=(pl.col("kind") == "syndicated").sum(),
        )
        .with_columns(merged=(pl.col("exact") + pl.col("repost")) / pl.col("files"))
        .sort("files", descending=True)
    )
    with pl.Config(tbl_rows=40, float_precision=3):
        print("\nmerged by dedup='outlet' (exact copies and re-posts within an outlet), per outlet")
        print(per_outlet)


if __name__ == "__main__":
    main()

"""Benchmark: a local Dask cluster against one process, on the benchmark archive.

The same machine, the same files, in the same run: reading the archive (``xinwen.read_articles``
against ``xinwen.dask.read_articles`` computed), writing a dataset (``xinwen.write_dataset``
against ``xinwen.dask.write_dataset``) and the trend of three terms over that dataset
(``xinwen.term_trend`` of ``xinwen.Corpus.load`` against ``xinwen.dask.term_trend``). The
cluster has ``--workers`` processes of one Dask thread each; each worker's core gets its share
of the cores (``xinwen.dask.share_threads``), the single process every core. Prints each time
and the ratio (single / cluster: above 1, the cluster is faster), and writes the table to
``target/bench/dask.json``. The archive is read in place, never copied.

    python benches/bench_dask.py [--archive PATH] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import distributed
import xinwen.dask

REPO = Path(__file__).resolve().parent.parent
DEFAULT = Path("/work/main/target/bench-data/agora0-2024H1")
TERMS = ["普京", "习近平", "制裁"]


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    archive = args.archive
    if archive is None:
        local = REPO / "target" / "bench-data" / "agora0-2024H1"
        archive = local if local.exists() else DEFAULT
    if not archive.exists():
        sys.exit(f"{archive} is absent: run `python benches/bench_ingest.py --archive bench` first")
    files = len(xinwen.expand_sources(archive))
    rows = []
    with (
        tempfile.TemporaryDirectory() as scratch,
        distributed.LocalCluster(
            n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        share = xinwen.dask.share_threads(client)
        # Warm both sides up (segmenters built, pools started) on the built-in sample.
        xinwen.term_counts(xinwen.read_articles(xinwen.sample_path()))
        xinwen.dask.read_articles(xinwen.sample_path()).compute()

        single, _ = timed(lambda: xinwen.read_articles(archive))
        ddf = xinwen.dask.read_articles(archive, files_per_partition=2000)
        cluster_s, n = timed(lambda: len(ddf))
        assert n == files or n >= files, (n, files)
        rows.append(("read the archive", single, cluster_s))

        alone, spread = Path(scratch, "alone"), Path(scratch, "cluster")
        single, _ = timed(lambda: xinwen.write_dataset(archive, alone))
        cluster_s, _ = timed(lambda: xinwen.dask.write_dataset(archive, spread, client=client))
        rows.append(("write a dataset (articles, term counts, corpus)", single, cluster_s))

        single, want = timed(
            lambda: xinwen.term_trend(xinwen.Corpus.load(alone), TERMS, by="outlet")
        )
        cluster_s, got = timed(lambda: xinwen.dask.term_trend(spread, TERMS, by="outlet"))
        assert got.equals(want)
        rows.append(("term trend of 3 terms by outlet, from the dataset", single, cluster_s))

    print(f"{archive}: {files:,} files; {args.workers} workers x {share} core threads each")
    print(f"{'':<52} {'1 process':>10} {'cluster':>10} {'ratio':>7}")
    for name, a, b in rows:
        print(f"{name:<52} {a:>9.2f}s {b:>9.2f}s {a / b:>6.2f}x")
    out = REPO / "target" / "bench" / "dask.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            [{"task": n, "single_s": a, "cluster_s": b, "ratio": a / b} for n, a, b in rows],
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

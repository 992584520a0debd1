"""Benchmark: quotations found by xinwen against the hand labels, beside what a researcher would
otherwise write (a regular expression for ``X说：“……”`` and ``X表示，……``), same articles, same run.

Accuracy is scored as ``tests/test_quotes.py`` scores it (``tests/quotetruth.py``): direct
quotations match on a character overlap (intersection over union) of 0.8, reported speech on 0.5;
speaker accuracy is over the matched quotations. Speed is both sides over the bodies of the
shared corpus (or of ``--archive``), reading excluded.

    python benches/bench_quotes.py
    python benches/bench_quotes.py --archive bench
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import xinwen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benches"))

from bench_ingest import ARCHIVE_HELP, archive_files  # noqa: E402

from tests import quotetruth as qt  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"

VERBS = "说|表示|指出|强调|称|认为|透露|警告|說|強調|稱|認為|警告"
DIRECT = re.compile(rf"([\u4e00-\u9fff·]{{2,8}}?)(?:{VERBS})[：:，,]?[“「]([^”」]+)[”」]")
REPORTED = re.compile(rf"([\u4e00-\u9fff·]{{2,8}}?)(?:{VERBS})[，,]([^。！？\n]+)")


def baseline(body: str) -> list[dict[str, Any]]:
    """The regular expressions a researcher writes: a speaker of 2-8 Han characters, a verb, then
    the quoted or reported words to the end of the sentence."""
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in ((DIRECT, "direct"), (REPORTED, "indirect")):
        for m in rx.finditer(body):
            a, b = m.span(2)
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            out.append({"start": a, "end": b, "kind": kind, "speaker": m.group(1)})
    return out


def score(
    arts: list[dict[str, Any]],
    by_file: dict[str, list[dict[str, Any]]],
    bodies: dict[str, str],
    found: dict[str, list[dict[str, Any]]],
) -> qt.Score:
    s = qt.Score()
    for a in arts:
        f = a["file"]
        rows: Iterator[dict[str, Any]] = iter(found.get(f, []))
        qt.score_article(s, f, bodies[f], by_file.get(f, []), rows)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", default="corpus", help=ARCHIVE_HELP)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}")
    arts, by_file = qt.load()
    df = xinwen.read_articles([str(CORPUS / a["file"]) for a in arts])
    rel = [str(Path(p).resolve().relative_to(CORPUS.resolve())) for p in df["path"]]
    bodies = dict(zip(rel, df["body"], strict=True))
    q = xinwen.quotes(df)
    ours: dict[str, list[dict[str, Any]]] = {}
    for r in q.iter_rows(named=True):
        ours.setdefault(rel[df["doc_id"].to_list().index(r["doc_id"])], []).append(r)
    theirs = {f: baseline(b) for f, b in bodies.items()}
    n_quotes = sum(1 for rows in by_file.values() for x in rows if x["type"] == "quote")
    print(f"labels: {len(arts)} articles, {n_quotes} quotations")
    for name, found in (("xinwen", ours), ("regex baseline", theirs)):
        print(f"{name:>15}: {score(arts, by_file, bodies, found).summary()}")

    files = archive_files(args.archive)
    texts = xinwen.read_articles(files).filter(pl.col("body").is_not_null())
    n_chars = int(texts["body"].str.len_chars().sum())
    t0 = time.perf_counter()
    n_ours = xinwen.quotes(texts).height
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_theirs = sum(len(baseline(b)) for b in texts["body"])
    t_theirs = time.perf_counter() - t0
    mc = n_chars / 1e6
    print(
        f"speed on {texts.height:,} bodies ({mc:.1f} M characters), {xinwen.get_threads()} threads: "
        f"xinwen {t_ours:.2f} s ({mc / t_ours:.1f} M chars/s, {n_ours:,} quotations); "
        f"regex baseline {t_theirs:.2f} s ({mc / t_theirs:.1f} M chars/s, {n_theirs:,}); "
        f"ratio {t_theirs / t_ours:.2f}x"
    )


if __name__ == "__main__":
    main()

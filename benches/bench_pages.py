"""Benchmark: whole web pages read by xinwen, trafilatura and htmldate, in the same run.

Reads every page of a truth file (`../shared/pages/truth.jsonl` by default: 154 saved news pages
from 40 sites) with `xinwen.read_articles` (1 thread and all threads), with trafilatura (body,
title and date, the date through htmldate with the original date and the time of day asked for;
one process and a pool of two) and with htmldate alone; scores all of them with
`tests/pagetruth.py` (the same scoring `tests/test_pages.py` asserts) and prints pages/s, the
speed ratios and the accuracy table.

    python benches/bench_pages.py                      # ../shared/pages
    python benches/bench_pages.py --pages DIR          # another folder with a truth.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import xinwen  # noqa: E402

from tests import pagetruth  # noqa: E402

OUT = REPO / "target" / "bench"


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


def _trafilatura(path: str) -> pagetruth.Prediction:
    return pagetruth.trafilatura_predict(_read(path))


def _htmldate(path: str) -> pagetruth.Prediction:
    return pagetruth.htmldate_predict(_read(path))


def keyed(truth: list[dict], preds: object) -> dict[str, pagetruth.Prediction]:
    """Predictions made in truth order, keyed by the truth's paths."""
    assert isinstance(preds, list)
    return dict(zip([t["path"] for t in truth], preds, strict=True))


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "pages")
    ap.add_argument("--repeat", type=int, default=5, help="xinwen runs (the median is kept)")
    args = ap.parse_args()
    root: Path = args.pages
    if not (root / "truth.jsonl").exists():
        sys.exit(f"no truth.jsonl in {root}")
    truth = pagetruth.load(root)
    files = [str(root / t["path"]) for t in truth]
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    n = len(files)
    print(f"{n} pages, {mb:.1f} MB, {os.cpu_count()} cores")

    xinwen.read_articles(files)  # warm the file cache and the process
    rows: list[dict[str, object]] = []
    scores: dict[str, pagetruth.Score] = {}
    for threads in (1, None):
        secs, _ = timed(lambda t=threads: xinwen.read_articles(files, threads=t), args.repeat)
        label = f"xinwen, {threads or os.cpu_count()} thread{'s' if threads != 1 else ''}"
        rows.append({"reader": label, "seconds": secs})
    scores["xinwen"] = pagetruth.score(truth, pagetruth.xinwen_predictions(root))

    try:
        import trafilatura  # noqa: F401
    except ImportError:
        sys.exit("trafilatura is not installed: pip install -e '.[bench]'")
    secs, preds = timed(lambda: [_trafilatura(f) for f in files], 1)
    rows.append({"reader": "trafilatura, 1 process", "seconds": secs})
    scores["trafilatura"] = pagetruth.score(truth, keyed(truth, preds))
    with Pool(2) as pool:
        secs, _ = timed(lambda: pool.map(_trafilatura, files, chunksize=4), 1)
    rows.append({"reader": "trafilatura, Pool(2)", "seconds": secs})
    secs, preds = timed(lambda: [_htmldate(f) for f in files], 1)
    rows.append({"reader": "htmldate (dates only), 1 process", "seconds": secs})
    scores["htmldate"] = pagetruth.score(truth, keyed(truth, preds))

    base = next(float(r["seconds"]) for r in rows if r["reader"] == "trafilatura, 1 process")  # type: ignore[arg-type]
    print("\n| reader | seconds | pages/s | MB/s | vs trafilatura |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        s = float(r["seconds"])  # type: ignore[arg-type]
        r.update(pages_per_s=n / s, mb_per_s=mb / s, ratio=base / s)
        print(f"| {r['reader']} | {s:.3f} | {n / s:,.0f} | {mb / s:.1f} | {base / s:.1f}× |")

    print(
        "\n| | exact day | time to the minute | title | first sentence | last sentence | boilerplate left |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, sc in scores.items():
        title = "—" if name == "htmldate" else f"{sc.title:.3f}"
        body = ("—", "—", "—") if name == "htmldate" else (
            f"{sc.first:.3f}", f"{sc.last:.3f}",
            f"{sc.boilerplate_left} of {sc.boilerplate_total} ({sc.boilerplate_share:.1%})",
        )  # fmt: skip
        print(f"| {name} | {sc.day:.3f} | {sc.time:.3f} | {title} | {' | '.join(body)} |")
    print(
        f"\n({scores['xinwen'].dated} pages show a date, {scores['xinwen'].timed} a time as well)"
    )

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pages-bench.json").write_text(
        json.dumps(
            {
                "pages": n,
                "mb": mb,
                "speed": rows,
                "accuracy": {k: v.row() for k, v in scores.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

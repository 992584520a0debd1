"""Benchmark: peak memory of write_dataset as the archive grows (larger than memory).

Replicates the unpacked benchmark archive (``bench_ingest.py --archive bench`` unpacks it) with
hard links, so 1x, 3x and 9x the archive (about 0.23, 0.7 and 2.1 GB of input) cost no disk space,
then runs ``xinwen.write_dataset`` on each in a fresh process and reports its peak RSS (from
``resource.getrusage``) against the input size.

    python benches/bench_dataset.py [--copies 1 3 9]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRATCH = REPO / "target" / "bench-data"
SOURCE = SCRATCH / "agora0-2024H1"

CHILD = """
import json, resource, sys, time, xinwen
t = time.perf_counter()
stats = xinwen.write_dataset(sys.argv[1], sys.argv[2], batch_size=2000)
stats["seconds"] = time.perf_counter() - t
stats["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(stats))
"""


def replicate(copies: int) -> Path:
    root = SCRATCH / f"replicated-{copies}x"
    if not root.exists():
        root.mkdir(parents=True)
        for i in range(copies):
            subprocess.run(["cp", "-al", str(SOURCE), str(root / f"copy{i}")], check=True)
    return root


def size_mb(root: Path) -> float:
    total = 0
    for folder, _, files in os.walk(root):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    return total / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 3, 9])
    args = ap.parse_args()
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is absent: run `python benches/bench_ingest.py --archive bench` first")
    rows = []
    for copies in args.copies:
        src = replicate(copies)
        out = SCRATCH / f"dataset-{copies}x"
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", CHILD, str(src), str(out)], capture_output=True, text=True
        )
        if r.returncode:
            sys.exit(r.stderr)
        stats = json.loads(r.stdout.strip().splitlines()[-1])
        stats.update(copies=copies, input_mb=round(size_mb(src), 1))
        stats["wall_s"] = round(time.perf_counter() - t, 1)
        rows.append(stats)
        print(
            f"{copies}x: {stats['files']:>8} files {stats['input_mb']:>8.0f} MB  "
            f"{stats['seconds']:6.1f} s  peak RSS {stats['peak_rss_mb']:7.0f} MB",
            flush=True,
        )
        shutil.rmtree(out, ignore_errors=True)
    out_dir = REPO / "target" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "dataset.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

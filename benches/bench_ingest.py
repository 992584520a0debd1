"""Benchmark: xinwen.read_articles against the Python a data scientist would otherwise write.

Both sides read the same files in the same run. The baseline reads each file, splits off the
front matter with a regex, strips HTML with the standard library's HTMLParser (or BeautifulSoup
with lxml when installed), and builds a Polars frame. Prints files/s, MB/s and the ratios.

    python benches/bench_ingest.py                    # the shared corpus (12k files)
    python benches/bench_ingest.py --archive bench    # the 71k-file benchmark archive
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import xinwen

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCRATCH = REPO / "target" / "bench-data"

FRONT = re.compile(r"\A\s*---\s*\n(.*?)\n---\s*\n", re.S)
FIELD = re.compile(r"^(\w+):\s*(.*)$", re.M)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "div", "br", "li", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def strip_html(s: str) -> str:
    try:
        from bs4 import BeautifulSoup  # type: ignore[import-not-found]

        return BeautifulSoup(s, "lxml").get_text("\n")
    except ImportError:
        p = _Text()
        p.feed(s)
        return "".join(p.parts)


def baseline(files: list[str]) -> pl.DataFrame:
    rows = []
    for f in files:
        raw = Path(f).read_bytes()
        text = raw.decode("utf-8", errors="replace")
        meta: dict[str, str] = {}
        m = FRONT.match(text)
        if m:
            meta = dict(FIELD.findall(m.group(1)))
            text = text[m.end() :]
        body = "\n\n".join(line.strip() for line in strip_html(text).splitlines() if line.strip())
        rows.append({"path": f, "title": meta.get("title"), "date": meta.get("date"), "body": body})
    return pl.DataFrame(rows).with_columns(
        pl.col("date").str.to_datetime(strict=False, time_zone="UTC")
    )


def unpack(tarball: Path, root: Path) -> None:
    """Unpack a .tar.zst once, with the `zstandard` package of the bench extra (no zstd binary
    needed), into a temporary folder renamed when complete: an interrupted unpack is redone."""
    import shutil
    import tarfile

    import zstandard  # type: ignore[import-not-found,unused-ignore]

    if not tarball.exists():
        sys.exit(f"{tarball} is absent: the benchmark needs the project's shared data")
    tmp = root.with_name(root.name + ".unpacking")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    print(f"unpacking {tarball} into {root} ...", file=sys.stderr, flush=True)
    with tarball.open("rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as stream:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # Python 3.11 before 3.11.4
                tar.extractall(tmp)
    tmp.rename(root)


ARCHIVE_HELP = (
    "corpus (../shared/corpus), bench (the 71k-file benchmark archive, unpacked once under "
    "target/), or a folder or .tar.zst archive of your own"
)


def archive_files(which: str) -> list[str]:
    """The files of ``corpus``, ``bench``, or a folder or ``.tar.zst`` given by path."""
    if which == "corpus":
        root = SHARED / "corpus"
    elif which == "bench":
        root = SCRATCH / "agora0-2024H1"
        if not root.exists():
            unpack(SHARED / "bench" / "agora0-2024H1.tar.zst", root)
    elif which.endswith(".tar.zst"):
        root = SCRATCH / archive_label(which)
        if not root.exists():
            unpack(Path(which), root)
    else:
        root = Path(which)
    if not root.exists():
        sys.exit(f"{root} is absent: give corpus, bench (both need ../shared) or a folder")
    return xinwen.expand_sources(root)


def archive_label(which: str) -> str:
    """A file-name-safe name for the archive, used in the JSON file names."""
    if which in ("corpus", "bench"):
        return which
    name = Path(which.rstrip("/")).name.removesuffix(".tar.zst")
    return re.sub(r"[^\w.-]+", "_", name) or "archive"


def timed(fn, *args, **kw):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="corpus", help=ARCHIVE_HELP)
    ap.add_argument("--baseline-files", type=int, default=3000, help="files timed for the baseline")
    args = ap.parse_args()
    files = archive_files(args.archive)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    sub = files[: args.baseline_files]
    sub_mb = sum(os.path.getsize(f) for f in sub) / 1e6
    # Warm the page cache so neither side pays for the first read.
    for f in files:
        Path(f).read_bytes()
    _, t_base = timed(baseline, sub)
    df1, t_x1 = timed(xinwen.read_articles, files, threads=1)
    dfn, t_xn = timed(xinwen.read_articles, files)
    base_rate = len(sub) / t_base
    res = {
        "archive": args.archive,
        "files": len(files),
        "mb": round(mb, 1),
        "cores": os.cpu_count(),
        "baseline_files_per_s": round(base_rate, 1),
        "baseline_mb_per_s": round(sub_mb / t_base, 2),
        "xinwen_1thread_files_per_s": round(len(files) / t_x1, 1),
        "xinwen_all_files_per_s": round(len(files) / t_xn, 1),
        "xinwen_all_mb_per_s": round(mb / t_xn, 2),
        "xinwen_all_seconds": round(t_xn, 2),
        "ratio_1thread_vs_baseline": round(len(files) / t_x1 / base_rate, 1),
        "ratio_all_vs_baseline": round(len(files) / t_xn / base_rate, 1),
        "ok_share": round(float((dfn["status"] == "ok").mean()), 4),  # type: ignore[arg-type]
    }
    assert df1.height == dfn.height == len(files)
    print(f"archive {args.archive}: {len(files)} files, {mb:.0f} MB, {os.cpu_count()} cores")
    print(
        f"  python baseline ({len(sub)} files): {base_rate:8.0f} files/s {sub_mb / t_base:7.1f} MB/s"
    )
    print(f"  xinwen, 1 thread:           {len(files) / t_x1:8.0f} files/s {mb / t_x1:7.1f} MB/s")
    print(f"  xinwen, all threads:        {len(files) / t_xn:8.0f} files/s {mb / t_xn:7.1f} MB/s")
    print(
        f"  ratio vs baseline: 1 thread {res['ratio_1thread_vs_baseline']}x, "
        f"all threads {res['ratio_all_vs_baseline']}x; whole archive in {t_xn:.2f} s"
    )
    out = REPO / "target" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"ingest-{archive_label(args.archive)}.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

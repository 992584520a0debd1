"""The ``xinwen`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from xinwen.errors import XinwenError
from xinwen.ingest import read_articles
from xinwen.sample import sample_path
from xinwen.summary import summarize

__all__ = ["main"]

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="xinwen", description="Read and analyse archives of Chinese-language news."
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("sources", nargs="*", help="files, directories or glob patterns")
        sp.add_argument("--sample", action="store_true", help="use the built-in sample archive")
        sp.add_argument("--timezone", default="Asia/Shanghai", help="zone of naive times")
        sp.add_argument("--threads", type=int, default=None, help="worker threads (default: all)")

    s = sub.add_parser("summary", help="print articles by layout, outlet and month")
    common(s)
    i = sub.add_parser("ingest", help="read an archive and write one row per file")
    common(i)
    i.add_argument("-o", "--output", required=True, help="output file")
    i.add_argument("--format", choices=("parquet", "csv", "jsonl"), default=None)
    i.add_argument("--errors", default=None, help="also write the rows that failed to this file")
    return p


def _write(df: pl.DataFrame, path: str, fmt: str | None) -> None:
    fmt = fmt or {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(
        Path(path).suffix.lower(), "parquet"
    )
    if fmt == "parquet":
        df.write_parquet(path)
    elif fmt == "jsonl":
        df.write_ndjson(path)
    else:
        lists = [c for c, t in df.schema.items() if isinstance(t, pl.List)]
        df.with_columns(pl.col(c).list.join(" | ") for c in lists).write_csv(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some files unreadable, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    sources = list(args.sources)
    if args.sample:
        sources.append(str(sample_path()))
    if not sources:
        parser.print_usage(sys.stderr)
        print("xinwen: error: give SOURCES or --sample", file=sys.stderr)
        return EXIT_USAGE
    try:
        df = read_articles(sources, timezone=args.timezone, threads=args.threads)
    except (XinwenError, ValueError, TypeError) as e:
        print(f"xinwen: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    failed = df.filter(pl.col("status") == "error")
    if args.command == "summary":
        with pl.Config(
            tbl_rows=200, tbl_cols=20, tbl_width_chars=160, tbl_hide_dataframe_shape=True
        ):
            print(summarize(df))
            counts = df["status"].value_counts().sort("status")
            print(f"{df.height} files: " + ", ".join(f"{n} {s}" for s, n in counts.iter_rows()))
    else:
        _write(df, args.output, args.format)
        if args.errors:
            _write(failed.select("path", "status", "error"), args.errors, None)
        print(f"wrote {df.height} rows to {args.output}", file=sys.stderr)
    if failed.height:
        print(f"{failed.height} files could not be read:", file=sys.stderr)
        for path, err in failed.select("path", "error").head(10).iter_rows():
            print(f"  {path}: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

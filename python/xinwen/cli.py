"""The ``xinwen`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from xinwen._core import __version__
from xinwen._defaults import TIMEZONE
from xinwen.analysis import cooccurrence, kwic, term_trend
from xinwen.errors import XinwenError
from xinwen.ingest import _describe_passed_over, _read
from xinwen.sample import sample_path
from xinwen.summary import summarize
from xinwen.tokens import SCRIPTS, Segmenter

__all__ = ["main"]

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


_EXAMPLES = {
    "summary": "xinwen summary archive/\n  xinwen summary --sample",
    "ingest": "xinwen ingest archive/ -o articles.parquet --errors failed.csv\n"
    "  xinwen ingest 'crawl/*.warc.gz' -o articles.jsonl",
    "dataset": "xinwen dataset archive/ -o dataset/ --partition-by year,month\n"
    "  xinwen dataset archive/ -o by-outlet/ --partition-by outlet,year --user-dict words.txt",
    "report": "xinwen report archive/ -o report.html --focus 普京 --every 1q\n"
    "  xinwen report --sample -o sample.html --stopwords my_stopwords.txt",
    "trend": "xinwen trend archive/ --terms 普京,习近平 --by outlet --measure share_of_docs\n"
    "  xinwen trend archive/ --terms 一带一路 --user-dict words.txt -o trend.csv",
    "cooc": "xinwen cooc archive/ --focus 普京 --window sentence --top 30\n"
    "  xinwen cooc archive/ --focus 台湾 --script mainland --stopwords none",
    "kwic": "xinwen kwic 无上限 archive/ --normalize --window 15\n"
    "  xinwen kwic '普京.{0,4}表示' archive/ --regex -o lines.csv",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="xinwen",
        description="Read and analyse archives of Chinese-language news.",
        epilog="examples:\n  xinwen summary --sample\n  xinwen report archive/ -o report.html\n"
        "  xinwen COMMAND --help   (each command's options and examples)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"xinwen {__version__}")
    p.add_argument(
        "--sample",
        dest="sample_all",
        action="store_true",
        help="run the command on the built-in sample archive (also accepted after the command)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("sources", nargs="*", help="files, directories or glob patterns")
        sp.add_argument("--sample", action="store_true", help="use the built-in sample archive")
        sp.add_argument("--timezone", default=TIMEZONE, help="zone of naive times")
        sp.add_argument("--threads", type=int, default=None, help="worker threads (default: all)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    def tokens(sp: argparse.ArgumentParser) -> None:
        g = sp.add_argument_group("tokens")
        g.add_argument(
            "--user-dict", default=None, metavar="FILE", help="extra words, jieba's format"
        )
        g.add_argument(
            "--stopwords",
            default="default",
            metavar="FILE|default|none",
            help="a stopword file (one per line), xinwen's list, or none",
        )
        g.add_argument(
            "--aliases",
            default="default",
            metavar="FILE|default|none",
            help="an alias file (canonical<TAB>form|form...), xinwen's table, or none",
        )
        g.add_argument(
            "--script",
            default="simplified",
            choices=SCRIPTS,
            help="counting script (default: simplified)",
        )

    def output(sp: argparse.ArgumentParser, required: bool = False) -> None:
        sp.add_argument(
            "-o", "--output", required=required, help="write to this file instead of printing"
        )
        sp.add_argument("--format", choices=("parquet", "csv", "jsonl"), default=None)

    s = sub.add_parser("summary", help="print articles by layout, outlet and month")
    common(s)
    i = sub.add_parser("ingest", help="read an archive and write one row per file")
    common(i)
    output(i, required=True)
    i.add_argument("--errors", default=None, help="also write the rows that failed to this file")

    d = sub.add_parser(
        "dataset",
        help="write an archive of any size as partitioned Parquet (articles and term counts)",
        description="Walk and read the archive in batches (memory stays flat) and write "
        "OUTPUT/articles and OUTPUT/term_counts as Hive-partitioned Parquet; re-running "
        "writes only the files not yet written.",
    )
    common(d)
    d.add_argument("-o", "--output", required=True, help="the dataset folder")
    d.add_argument(
        "--partition-by",
        default="year,month",
        help="comma-separated keys: year, month, day, outlet, lang, script, ... ('' for none)",
    )
    d.add_argument("--no-tokens", action="store_true", help="articles only, no term counts")
    d.add_argument("--batch-size", type=int, default=2000, help="files per batch")
    tokens(d)

    r = sub.add_parser("report", help="write one self-contained HTML report of an archive")
    common(r)
    r.add_argument("-o", "--output", required=True, help="the HTML file to write")
    r.add_argument("--terms", default=None, help="comma-separated terms to chart (default: top)")
    r.add_argument("--focus", default=None, help="term of the co-occurrence network")
    r.add_argument("--every", default="1mo", help="period: 1d, 1w, 1mo, 1q, 1y")
    r.add_argument("--by", default="outlet", help="column to split by (default: outlet)")
    r.add_argument("--title", default=None, help="title of the report")
    r.add_argument(
        "--dedup",
        choices=("none", "outlet", "all"),
        default="none",
        help="count re-posts within an outlet once (outlet), each cluster once (all), or every file",
    )
    tokens(r)

    t = sub.add_parser("trend", help="term frequencies over time")
    common(t)
    output(t)
    t.add_argument("--terms", default=None, help="comma-separated terms (default: the top 20)")
    t.add_argument("--every", default="1mo", help="period: 1d, 1w, 1mo, 1q, 1y")
    t.add_argument("--by", default=None, help="column to split by, e.g. outlet")
    t.add_argument(
        "--measure",
        default="per_10k_tokens",
        choices=("count", "docs", "share_of_docs", "per_10k_tokens"),
    )
    tokens(t)

    c = sub.add_parser("cooc", help="co-occurring terms with PMI, NPMI and log-likelihood")
    common(c)
    output(c)
    c.add_argument("--focus", default=None, help="comma-separated focus terms")
    c.add_argument("--window", default="sentence", help="sentence, document or a token count")
    c.add_argument("--min-count", type=int, default=5)
    c.add_argument("--top", type=int, default=50, help="rows to keep (0: all)")
    tokens(c)

    k = sub.add_parser("kwic", help="keyword in context")
    k.add_argument("pattern", help="text (or --regex) to find")
    common(k)
    output(k)
    k.add_argument("--window", type=int, default=20, help="characters of context")
    k.add_argument("--regex", action="store_true", help="the pattern is a regular expression")
    k.add_argument("--normalize", action="store_true", help="also match script and alias forms")
    for name, sp in sub.choices.items():
        sp.epilog = "examples:\n  " + _EXAMPLES[name]
        sp.formatter_class = argparse.RawDescriptionHelpFormatter
    return p


def _segmenter(args: argparse.Namespace) -> Segmenter | None:
    """The segmenter the token options ask for; None for the default one."""
    if not hasattr(args, "script"):
        return None
    choice = {"default": "default", "none": None}
    stopwords = choice.get(args.stopwords, args.stopwords)
    aliases = choice.get(args.aliases, args.aliases)
    if (args.user_dict, stopwords, aliases, args.script) == (
        None,
        "default",
        "default",
        "simplified",
    ):
        return None
    return Segmenter(
        user_dict=args.user_dict, stopwords=stopwords, aliases=aliases, script=args.script
    )


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


def _terms(text: str | None) -> list[str] | None:
    if text is None:
        return None
    terms = [t.strip() for t in text.replace("，", ",").split(",") if t.strip()]
    return terms or None


def _show(df: pl.DataFrame, args: argparse.Namespace) -> None:
    if args.output:
        _write(df, args.output, args.format)
        print(f"wrote {df.height} rows to {args.output}", file=sys.stderr)
        return
    with pl.Config(tbl_rows=60, tbl_cols=12, tbl_width_chars=160, fmt_str_lengths=60):
        print(df)


def _run(args: argparse.Namespace, df: pl.DataFrame, bars: bool) -> None:
    """The command's own work, after the archive is read."""
    if args.command == "summary":
        with pl.Config(
            tbl_rows=200, tbl_cols=20, tbl_width_chars=160, tbl_hide_dataframe_shape=True
        ):
            print(summarize(df))
            counts = df["status"].value_counts().sort("status")
            print(f"{df.height} files: " + ", ".join(f"{n} {s}" for s, n in counts.iter_rows()))
    elif args.command == "ingest":
        _write(df, args.output, args.format)
        if args.errors:
            failed = df.filter(pl.col("status") == "error")
            _write(failed.select("path", "status", "error"), args.errors, None)
        print(f"wrote {df.height} rows to {args.output}", file=sys.stderr)
    elif args.command == "report":
        from xinwen.corpus import Corpus
        from xinwen.report import build_report, save_report

        step = _steps(bars)
        seg = _segmenter(args)
        html = build_report(
            Corpus(df, segmenter=seg, progress=bars) if seg is not None else df,
            terms=_terms(args.terms),
            focus=args.focus,
            every=args.every,
            by=args.by if args.by in df.columns else None,
            title=args.title or "xinwen report",
            progress=step,
            bars=bars,
            dedup=args.dedup,
        )
        save_report(html, args.output)
        print(f"wrote the report to {args.output}", file=sys.stderr)
    elif args.command == "trend":
        ok = df.filter(pl.col("status") != "error")
        _show(
            term_trend(
                ok,
                _terms(args.terms),
                every=args.every,
                by=args.by,
                measure=args.measure,
                segmenter=_segmenter(args),
                progress=bars,
            ),
            args,
        )
    elif args.command == "cooc":
        ok = df.filter(pl.col("status") != "error")
        window: str | int = int(args.window) if args.window.isdigit() else args.window
        pairs = cooccurrence(
            ok,
            focus=_terms(args.focus),
            window=window,  # type: ignore[arg-type]
            min_count=args.min_count,
            top=args.top or None,
            segmenter=_segmenter(args),
            progress=bars,
        )
        _show(pairs, args)
    elif args.command == "kwic":
        ok = df.filter(pl.col("status") != "error")
        hits = kwic(
            ok, args.pattern, window=args.window, regex=args.regex, normalize=args.normalize
        )
        _show(hits, args)


def _dataset(args: argparse.Namespace, sources: list[str], bars: bool) -> int:
    """`xinwen dataset`: stream the archive into Parquet without reading it whole first."""
    from xinwen.dataset import write_dataset

    try:
        stats = write_dataset(
            sources,
            args.output,
            tokens=not args.no_tokens,
            partition_by=[k.strip() for k in args.partition_by.split(",") if k.strip()],
            batch_size=args.batch_size,
            timezone=args.timezone,
            threads=args.threads,
            segmenter=_segmenter(args),
            progress=bars,
        )
    except (XinwenError, ValueError, TypeError, OSError) as e:
        print(f"xinwen: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "xinwen: interrupted; the files written so far are complete, and running the same "
            "command again writes the rest",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    print(
        f"wrote {stats['written']} files to {args.output} in {stats['batches']} "
        f"batch{'' if stats['batches'] == 1 else 'es'} "
        f"({stats['skipped']} already there)",
        file=sys.stderr,
    )
    if stats["passed_over"]:
        print(f"xinwen: {_describe_passed_over(stats['passed_over'])}", file=sys.stderr)
    if stats["errors"]:
        print(
            f"{stats['errors']} files could not be read: their rows in {args.output}/articles "
            "have status 'error' and the reason",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    return EXIT_OK


def _steps(bars: bool) -> Callable[[str], None] | None:
    """Print each step of a long command on stderr (when progress is shown)."""
    if not bars:
        return None

    def step(name: str) -> None:
        print(f"xinwen: {name}", file=sys.stderr, flush=True)

    return step


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some files unreadable, 2 usage,
    130 interrupted by Ctrl-C)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # The core has stopped and only complete files were left behind.
        print("xinwen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    sources = list(args.sources)
    if args.sample or args.sample_all:
        sources.append(str(sample_path()))
    if not sources:
        parser.print_usage(sys.stderr)
        print(
            "xinwen: error: give an archive (files, folders or globs) or --sample", file=sys.stderr
        )
        return EXIT_USAGE
    # Bars only for a person watching a terminal.
    bars = not args.quiet and sys.stderr.isatty()
    for opt in ("output", "errors"):
        target = getattr(args, opt, None)
        if args.command != "dataset" and target and not Path(target).parent.is_dir():
            print(
                f"xinwen: error: cannot write --{opt} {target}: the folder "
                f"{str(Path(target).parent)!r} does not exist",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.command == "dataset":
        return _dataset(args, sources, bars)
    try:
        df, passed_over = _read(
            sources, timezone=args.timezone, threads=args.threads, progress=bars
        )
        _run(args, df, bars)
        if passed_over:
            print(f"xinwen: {_describe_passed_over(passed_over)}", file=sys.stderr)
    except (XinwenError, ValueError, TypeError, OSError) as e:
        print(f"xinwen: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    failed = df.filter(pl.col("status") == "error")
    if failed.height:
        print(f"{failed.height} files could not be read:", file=sys.stderr)
        for path, err in failed.select("path", "error").head(10).iter_rows():
            print(f"  {path}: {err}", file=sys.stderr)
        if failed.height > 10:
            print(f"  ... and {failed.height - 10} more (see the errors table)", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

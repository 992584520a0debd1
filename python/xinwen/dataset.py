"""Archives larger than memory: read in bounded batches, write partitioned Parquet that resumes.

:func:`scan_articles` yields the articles of an archive batch by batch, reading the next batch in
the background (the Rust core releases the GIL) while the caller works on the current one.
:func:`write_dataset` writes the articles, and their term counts, as Hive-partitioned Parquet that
``polars.scan_parquet`` reads lazily; an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from xinwen import _core
from xinwen.errors import InvalidOptionError
from xinwen.ingest import Source, _sources
from xinwen.tokens import Segmenter, _row_id, term_counts

__all__ = ["scan_articles", "write_dataset"]

_PARTS = ("year", "month")


def _batch_size(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidOptionError(f"batch_size must be a positive integer, not {n!r}")
    return n


def _read(paths: list[str], timezone: str, threads: int | None, max_bytes: int) -> pl.DataFrame:
    return pl.DataFrame(
        _core.read_articles(paths, timezone=timezone, threads=threads, max_bytes=max_bytes)
    )


def _path_batches(walk: _core.Walk, batch_size: int) -> Iterator[list[str]]:
    while paths := walk.next_batch(batch_size):
        yield paths


def _batches(
    path_batches: Iterator[list[str]], timezone: str, threads: int | None, max_bytes: int
) -> Iterator[pl.DataFrame]:
    """Read each list of paths into a frame, the next one in the background."""

    def read_next() -> pl.DataFrame | None:
        # Only the one worker thread advances the walk.
        paths = next(path_batches, None)
        return None if paths is None else _read(paths, timezone, threads, max_bytes)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinwen-read") as pool:
        ahead: Future[pl.DataFrame | None] = pool.submit(read_next)
        while (current := ahead.result()) is not None:
            ahead = pool.submit(read_next)
            yield current


def scan_articles(
    source: Source,
    *,
    batch_size: int = 2000,
    timezone: str = "Asia/Shanghai",
    threads: int | None = None,
    max_bytes: int = 50_000_000,
) -> Iterator[pl.DataFrame]:
    """Yield the articles of an archive in frames of at most ``batch_size`` rows.

    The archive is walked as it is read, never listed whole, so memory does not grow with the
    number of files. Each source comes in turn, its files in path order (a single directory
    gives the rows of :func:`read_articles` in the same order); a file named by two overlapping
    sources comes once.

    The next batch is read in the background while the current one is used, so at most two
    batches are in memory. The frames have the columns of :func:`read_articles`.

    Examples
    --------
    >>> import xinwen
    >>> sizes = [df.height for df in xinwen.scan_articles(xinwen.sample_path(), batch_size=3)]
    >>> sizes, sum(sizes) == xinwen.read_articles(xinwen.sample_path()).height
    ([3, 3, 2], True)
    """
    size = _batch_size(batch_size)
    walk = _core.Walk(_sources(source))
    yield from _batches(_path_batches(walk, size), timezone, threads, max_bytes)


def _partitions(df: pl.DataFrame, timezone: str) -> pl.DataFrame:
    local = pl.col("published_at").dt.convert_time_zone(timezone)
    # Undated articles go to year=0/month=0, so the partition columns stay integers.
    return df.with_columns(
        local.dt.year().fill_null(0).cast(pl.Int32).alias("year"),
        local.dt.month().fill_null(0).cast(pl.Int32).alias("month"),
    )


def _write_parts(df: pl.DataFrame, root: Path, key: str, written: list[Path]) -> None:
    """Write one file per (year, month) of ``df`` under ``root``, each atomically."""
    for (year, month), part in df.partition_by(list(_PARTS), as_dict=True).items():
        folder = root / f"year={year}" / f"month={month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{key}.parquet"
        tmp = folder / f".part-{key}.parquet.tmp"
        written.append(tmp)
        part.drop(list(_PARTS)).write_parquet(tmp)
        os.replace(tmp, final)
        written.remove(tmp)


def _keys(root: Path) -> set[str]:
    return {p.stem.removeprefix("part-") for p in root.glob("year=*/month=*/part-*.parquet")}


def write_dataset(
    source: Source,
    out_dir: str | os.PathLike[str],
    *,
    tokens: bool = True,
    batch_size: int = 2000,
    timezone: str = "Asia/Shanghai",
    threads: int | None = None,
    max_bytes: int = 50_000_000,
    segmenter: Segmenter | None = None,
) -> dict[str, int]:
    """Write an archive as partitioned Parquet: ``articles/`` and, with ``tokens``,
    ``term_counts/`` (``doc_id``, ``term``, ``count``), both under ``year=YYYY/month=MM/``
    (local to ``timezone``; undated articles under ``year=0/month=00``).

    Files are read in batches of ``batch_size``, so memory stays flat whatever the archive size.
    Each batch becomes one file per partition, written under a temporary name and renamed when
    complete, term counts before articles; a batch counts as done when its articles are
    written. Re-running skips the files already written (by path), deletes term counts of a
    batch whose articles never arrived, and goes on: an interrupted run (Ctrl-C included)
    leaves only complete files and resumes.

    Returns
    -------
    dict
        ``files`` (in the archive), ``skipped`` (already written), ``written`` (this run),
        ``batches``.

    Examples
    --------
    >>> import tempfile, polars as pl, xinwen
    >>> out = tempfile.mkdtemp()
    >>> xinwen.write_dataset(xinwen.sample_path(), out)["written"] > 0
    True
    >>> xinwen.write_dataset(xinwen.sample_path(), out)["written"]
    0
    >>> arts = pl.scan_parquet(f"{out}/articles/**/*.parquet", hive_partitioning=True)
    >>> arts.select(pl.len()).collect().item() == len(xinwen.expand_sources(xinwen.sample_path()))
    True
    """
    size = _batch_size(batch_size)
    out = Path(out_dir)
    arts_root, counts_root = out / "articles", out / "term_counts"
    arts_root.mkdir(parents=True, exist_ok=True)
    # Term counts whose batch has no articles were cut short: their files go, the batch reruns.
    done_keys = _keys(arts_root)
    if counts_root.exists():
        for orphan in _keys(counts_root) - done_keys:
            for f in counts_root.glob(f"year=*/month=*/part-{orphan}.parquet"):
                f.unlink()
    for stale in out.glob("*/year=*/month=*/.part-*.parquet.tmp"):
        stale.unlink()
    # The archive is walked batch by batch, never listed whole; files already written are
    # skipped by a hash of their path (16 bytes a file), so memory does not grow with it.
    walk = _core.Walk(_sources(source))
    for done in arts_root.glob("year=*/month=*/part-*.parquet"):
        walk.skip_paths(pl.read_parquet(done, columns=["path"])["path"].to_list())
    written: list[Path] = []
    stats = {"files": 0, "skipped": 0, "written": 0, "batches": 0}
    try:
        batches = _batches(_path_batches(walk, size), timezone, threads, max_bytes)
        for batch in batches:
            key = hashlib.sha1("\n".join(batch["path"]).encode()).hexdigest()[:16]
            parts = _partitions(batch, timezone)
            if tokens:
                counts = term_counts(
                    parts.select(
                        _row_id(),
                        "body",
                    ),
                    segmenter=segmenter,
                )
                rows = parts.select(
                    _row_id("_row"),
                    pl.col("doc_id"),
                    *_PARTS,
                )
                counts = counts.rename({"doc_id": "_row"}).join(rows, on="_row").drop("_row")
                _write_parts(
                    counts.select("doc_id", "term", "count", *_PARTS), counts_root, key, written
                )
            _write_parts(parts, arts_root, key, written)
            stats["written"] += batch.height
            stats["batches"] += 1
    finally:
        # Interrupted mid-write (Ctrl-C): no half-written file stays behind.
        for tmp in written:
            tmp.unlink(missing_ok=True)
    given, skipped = walk.counts()
    stats.update(files=given + skipped, skipped=skipped)
    return stats

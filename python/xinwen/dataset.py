"""Archives larger than memory: read in bounded batches, write partitioned Parquet that resumes.

:func:`scan_articles` yields the articles of an archive batch by batch, reading the next batch in
the background (the Rust core releases the GIL) while the caller works on the current one.
:func:`write_dataset` writes the articles, and their term counts, as Hive-partitioned Parquet that
``polars.scan_parquet`` reads lazily; an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypedDict
from urllib.parse import quote

import polars as pl

from xinwen import _core
from xinwen._defaults import TIMEZONE
from xinwen._fork import check_polars
from xinwen._progress import new_bar
from xinwen.corpus import Corpus, _meta
from xinwen.errors import InvalidOptionError
from xinwen.ingest import Source, _check_options, _describe_passed_over, _sources
from xinwen.tokens import Segmenter, TokenOptions, _segmenter

__all__ = ["DatasetStats", "scan_articles", "write_dataset"]

_log = logging.getLogger("xinwen")


class DatasetStats(TypedDict):
    """What :func:`write_dataset` did (see its Returns)."""

    files: int
    skipped: int
    written: int
    errors: int
    batches: int
    passed_over: dict[str, int]


def _batch_size(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n < 2**63:
        raise InvalidOptionError(f"batch_size must be a positive integer below 2**63, not {n!r}")
    return n


def _batches(docs: _core.Documents, batch_size: int) -> Generator[pl.DataFrame, None, None]:
    """Read ``docs`` in frames of ``batch_size`` rows, the next one in the background. Closing
    the generator (or Ctrl-C while it waits) cancels the read in progress, which the core then
    stops within a fraction of a second, even inside an archive."""

    cancel = _core.Progress()

    def read_next() -> pl.DataFrame | None:
        # Only the one worker thread advances the documents.
        batch = docs.next_batch(batch_size, cancel)
        return pl.DataFrame(batch) if len(batch) else None

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinwen-read")
    try:
        ahead: Future[pl.DataFrame | None] = pool.submit(read_next)
        while (current := ahead.result()) is not None:
            ahead = pool.submit(read_next)
            yield current
    finally:
        cancel.cancel()
        pool.shutdown(wait=True)


def _documents(
    source: Source, timezone: str, threads: int | None, max_bytes: int
) -> _core.Documents:
    _check_options(timezone, threads, max_bytes)
    return _core.Documents(
        _sources(source), timezone=timezone, threads=threads, max_bytes=max_bytes
    )


def scan_articles(
    source: Source,
    *,
    batch_size: int = 2000,
    timezone: str = TIMEZONE,
    threads: int | None = None,
    max_bytes: int = 50_000_000,
) -> Iterator[pl.DataFrame]:
    """Yield the articles of an archive in frames of at most ``batch_size`` rows.

    The archive is walked as it is read, never listed whole, so memory does not grow with the
    number of files. Each source comes in turn, its files in path order (a single directory
    gives the rows of :func:`read_articles` in the same order); a file named by two overlapping
    sources comes once.

    Web archives, zip and tar files among the sources are read as :func:`read_articles` reads
    them, member by member without unpacking, and batches count documents: a 10 GB WARC streams
    through in frames of ``batch_size`` rows like a folder of files. What the archives pass over
    (requests, images, ...) is logged at the end as one INFO line of the ``"xinwen"`` logger.

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
    docs = _documents(source, timezone, threads, max_bytes)
    yield from _batches(docs, size)
    if passed_over := docs.passed_over():
        _log.info("%s", _describe_passed_over(passed_over))


#: Partition keys taken from the publication time, local to ``timezone`` (0 when undated).
TIME_PARTS = ("year", "month", "day")
#: Article columns with few values that can key partitions too.
COLUMN_PARTS = ("outlet", "layout", "lang", "script", "status", "date_source", "encoding")


def _partition_by(value: object) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if not isinstance(names, (tuple, list)):
        raise InvalidOptionError(f"partition_by must be a sequence of names, not {value!r}")
    allowed = (*TIME_PARTS, *COLUMN_PARTS)
    for name in names:
        if name not in allowed:
            raise InvalidOptionError(
                f"cannot partition by {name!r}: choose from {', '.join(allowed)}"
            )
    if len(set(names)) != len(names):
        raise InvalidOptionError(f"partition_by names a column twice: {value!r}")
    return tuple(names)


def _partitions(df: pl.DataFrame, timezone: str, parts: tuple[str, ...]) -> pl.DataFrame:
    local = pl.col("published_at").dt.convert_time_zone(timezone)
    times = {"year": local.dt.year(), "month": local.dt.month(), "day": local.dt.day()}
    # Undated articles go to year=0 (month=00, day=00), so time keys stay integers.
    return df.with_columns(
        times[p].fill_null(0).cast(pl.Int32).alias(p) for p in parts if p in TIME_PARTS
    )


def _folder(name: str, value: object) -> str:
    """One Hive path segment: ``name=value``, percent-encoded as Hive and Polars expect."""
    if value is None:
        return f"{name}=__HIVE_DEFAULT_PARTITION__"
    if isinstance(value, int) and name in ("month", "day"):
        return f"{name}={value:02d}"
    return f"{name}={quote(str(value), safe='')}"


def _write_file(frame: pl.DataFrame, folder: Path, key: str, written: list[Path]) -> None:
    """Write ``frame`` as ``folder/part-{key}.parquet``, atomically: under a temporary name
    first, renamed when complete. The temporary name holds the process id: two runs of one
    batch at once (a cluster's worker thought lost but still writing) never share one."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"part-{key}.parquet"
    tmp = folder / f".part-{key}.parquet.{os.getpid()}.tmp"
    written.append(tmp)
    frame.write_parquet(tmp)
    os.replace(tmp, final)
    written.remove(tmp)


def _groups(df: pl.DataFrame, parts: tuple[str, ...]) -> list[tuple[Path, pl.DataFrame]]:
    """The partitions of ``df``: each one's folder (relative) and rows, the keys dropped."""
    if not parts:
        return [(Path(), df)]
    return [
        (
            Path(*(_folder(n, v) for n, v in zip(parts, values, strict=True))),
            part.drop(list(parts)),
        )
        for values, part in df.partition_by(list(parts), as_dict=True).items()
    ]


def _remove_all(paths: list[Path]) -> None:
    """Delete ``paths``, even when Ctrl-C arrives again meanwhile: one SIGINT during a Polars
    write can raise twice, once inside Polars and once more at the next line of Python."""
    while True:
        # Every point where Python raises a pending interrupt (calls, loop jumps) is inside
        # the `try`, so a second interrupt restarts the loop instead of ending it.
        try:
            while paths:
                paths[-1].unlink(missing_ok=True)
                paths.pop()
            return
        except KeyboardInterrupt:
            pass


def _parts(root: Path) -> dict[str, list[Path]]:
    """The complete part files under ``root`` by batch key, in one walk that also deletes the
    temporary files an interrupted run left."""
    found: dict[str, list[Path]] = {}
    for p in root.rglob("*part-*.parquet*"):
        if p.name.startswith(".") and p.name.endswith(".tmp"):
            p.unlink()
        elif p.name.startswith("part-") and p.suffix == ".parquet":
            found.setdefault(p.stem.removeprefix("part-"), []).append(p)
    return found


def _drop_orphans(root: Path, arts_root: Path) -> None:
    """Delete the part files under ``root`` (term counts, corpus tables) whose articles file
    (same partition, same batch) was never written: their batch was cut short and reruns."""
    if not root.exists():
        return
    for files in _parts(root).values():
        for f in files:
            if not (arts_root / f.relative_to(root)).exists():
                f.unlink()


def _corpus_meta(folder: Path, meta: dict[str, object]) -> None:
    """Record how the dataset's corpus tables were tokenized; a dataset tokenized otherwise is
    refused, so one dataset never mixes two tokenizations."""
    path = folder / "meta.json"
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            old = None
        same = isinstance(old, dict) and all(
            old.get(k) == meta[k] for k in ("format", "field", "options", "segmenter")
        )
        if not same:
            raise InvalidOptionError(
                f"the dataset in {str(folder.parent)!r} was tokenized otherwise "
                f"({str(path)!r}); write it again with the same segmenter, or into a new folder"
            )
        return
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / ".meta.json.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _prepare(out: Path, seg: Segmenter | None) -> dict[str, list[Path]]:
    """Make ``out`` ready for batches (``seg``: with the tables of the tokens it gives) and
    return the complete articles files already there, by batch key."""
    arts_root, corpus_root = out / "articles", out / "corpus"
    arts_root.mkdir(parents=True, exist_ok=True)
    if seg is not None:
        # The batches' corpora are built with the default token options (see _write_batch).
        _corpus_meta(corpus_root, _meta("body", TokenOptions(), seg))
    # Term counts and corpus tables whose articles were never written were cut short: their
    # files go, and the batch reruns.
    done = _parts(arts_root)
    for root in (out / "term_counts", corpus_root / "vocabulary", corpus_root / "sentences"):
        _drop_orphans(root, arts_root)
    return done


def _write_batch(
    batch: pl.DataFrame,
    out: Path,
    parts: tuple[str, ...],
    timezone: str,
    seg: Segmenter | None,
    written: list[Path],
) -> None:
    """Write one batch into the dataset ``out``: one file per partition and table, named by a
    hash of the batch's paths (so writing the same batch again replaces its files instead of
    adding rows), the articles file of each partition last. ``written`` holds the temporary
    files not yet renamed, for the caller to delete when interrupted."""
    arts_root, counts_root = out / "articles", out / "term_counts"
    vocab_root, sent_root = out / "corpus" / "vocabulary", out / "corpus" / "sentences"
    key = hashlib.sha1("\n".join(batch["path"]).encode()).hexdigest()[:16]
    for rel, part in _groups(_partitions(batch, timezone, parts), parts):
        if seg is not None:
            # One tokenization gives both the term counts and the corpus tables.
            corpus = Corpus(part, segmenter=seg)
            vocabulary, sentences = corpus._tables()
            _write_file(corpus.term_counts(), counts_root / rel, key, written)
            _write_file(vocabulary, vocab_root / rel, key, written)
            _write_file(sentences, sent_root / rel, key, written)
        _write_file(part, arts_root / rel, key, written)


def write_dataset(
    source: Source,
    out_dir: str | os.PathLike[str],
    *,
    tokens: bool = True,
    partition_by: str | Sequence[str] = ("year", "month"),
    batch_size: int = 2000,
    timezone: str = TIMEZONE,
    threads: int | None = None,
    max_bytes: int = 50_000_000,
    segmenter: Segmenter | None = None,
    progress: bool = False,
) -> DatasetStats:
    """Write an archive as Hive-partitioned Parquet: ``articles/`` and, with ``tokens``,
    ``term_counts/`` (``doc_id``, ``term``, ``count``) and the tables of a :class:`~xinwen.Corpus`
    (``corpus/vocabulary/`` and ``corpus/sentences/``, as :meth:`~xinwen.Corpus.save` writes
    them, one pair per articles file, and ``corpus/meta.json``), all under the same partition
    folders. :meth:`xinwen.Corpus.load` of ``out_dir`` gives the corpus of the articles (or of
    some partitions) without reading or cutting any text again; each batch is tokenized once.

    ``partition_by`` names the keys, outermost first: ``year``, ``month`` and ``day`` of the
    publication time, local to ``timezone`` (undated articles under ``year=0/month=00``), and the
    article columns ``outlet``, ``layout``, ``lang``, ``script``, ``status``, ``date_source`` and
    ``encoding`` (values percent-encoded, a missing value as ``__HIVE_DEFAULT_PARTITION__``,
    both of which ``polars.scan_parquet(..., hive_partitioning=True)`` reads back); ``()``
    writes no partition folders. The keys are folder names, not columns of the files.

    The archive is walked and read in batches of ``batch_size`` documents, so memory stays flat
    whatever its size. Web archives, zip and tar files among the sources are read member by
    member as :func:`read_articles` reads them (rows named ``archive!member``), without
    unpacking. Each batch becomes one file per partition, written under a temporary name and
    renamed when complete, term counts before articles; a batch counts as done when its
    articles are written. Re-running skips the documents already written, by path (``doc_id``
    is a hash of the content, and knowing it would mean reading every file again), deletes term
    counts of a batch whose articles never arrived, and goes on: an interrupted run (Ctrl-C
    included) leaves only complete files and resumes, inside an archive too (its members are
    read again up to where the run stopped, and only the rest written), and files added since
    are written.

    With ``progress``, a ``tqdm.auto`` bar counts the documents written.

    Returns
    -------
    DatasetStats
        A dict: ``files`` (documents in the sources: plain files and archive members),
        ``skipped`` (already written), ``written`` (this run), ``errors`` (of those written,
        documents that could not be read: their rows are in ``articles/`` with
        ``status = "error"`` and the reason), ``batches``, and ``passed_over``: what the
        archives held that is no article, by reason (``{"request": 3, "not_html": 2}``:
        WARC ``request``, ``metadata``, ``warcinfo``, ``revisit`` and ``other_record`` records,
        ``not_html`` payloads, ``http_status`` (not 2xx), ``directory``, ``hidden`` and
        ``not_regular_file`` members).

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
    check_polars("xinwen.write_dataset")
    size = _batch_size(batch_size)
    parts = _partition_by(partition_by)
    seg = _segmenter(segmenter)
    out = Path(out_dir)
    done = _prepare(out, seg if tokens else None)
    # The archive is walked batch by batch, never listed whole; documents already written
    # (files and archive members alike) are skipped by a hash of their path (16 bytes each),
    # so memory does not grow with it.
    docs = _documents(source, timezone, threads, max_bytes)
    for files in done.values():
        for f in files:
            docs.skip_paths(pl.read_parquet(f, columns=["path"])["path"].to_list())
    written: list[Path] = []
    stats: DatasetStats = {
        "files": 0, "skipped": 0, "written": 0, "errors": 0, "batches": 0, "passed_over": {},
    }  # fmt: skip
    bar = new_bar(desc="writing", unit="docs") if progress else None
    batches = _batches(docs, size)
    try:
        for batch in batches:
            _write_batch(batch, out, parts, timezone, seg if tokens else None, written)
            stats["written"] += batch.height
            stats["errors"] += int(batch["status"].eq("error").sum())
            stats["batches"] += 1
            if bar is not None:
                bar.update(batch.height)
    finally:
        # Interrupted mid-write (Ctrl-C): no half-written file stays behind.
        try:
            _remove_all(written)
        except KeyboardInterrupt:  # raised on entering the call, before its own guard
            _remove_all(written)
        if bar is not None:
            bar.close()
        # Stop the read running ahead (after Ctrl-C, or an error here) without waiting for
        # its whole batch.
        batches.close()
    given, skipped = docs.counts()
    stats["files"], stats["skipped"] = given + skipped, skipped
    stats["passed_over"] = docs.passed_over()
    return stats

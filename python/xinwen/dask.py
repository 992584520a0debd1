"""Past one machine: xinwen on a Dask cluster (``pip install 'xinwen[dask]'``).

* :func:`read_articles` gives a ``dask.dataframe`` of an archive, one partition per run of
  ``files_per_partition`` files, read by the workers.
* :func:`write_dataset` has the workers write one dataset, as :func:`xinwen.write_dataset` does.
* :func:`term_trend`, :func:`vocabulary`, :func:`top_terms`, :func:`keyness` and
  :func:`cooccurrence` answer over such a dataset as map-reduce: every part file gives counts
  that add up (per period, group and term; per term; per focus pair), the counts are summed in a
  tree on the cluster, and the measures (shares, PMI, log-likelihood, ...) are computed once from
  the sums, so the result equals the single-machine one to the last digit.

Workers read the sources and the dataset by path: on a cluster of several machines, a file
system they all see. Each task sets the core's threads (:func:`xinwen.set_threads`) of its worker
to ``threads``, by default the machine's cores shared among the workers there
(:func:`share_threads`), so two workers on one machine do not start two pools of every core.

How the archive is walked: the client walks it once, listing directories as
:func:`xinwen.scan_articles` does (directory by directory, never the whole archive in memory),
and keeps only where each partition starts and ends (two paths per ``files_per_partition``
files); each worker walks its own range again, skipping the directories before it unlisted, and
reads it. Nothing on the client grows with the number of files but those ranges (with several
sources, 16 bytes a file to drop a file named twice, as the single-machine walk does; resuming a
dataset, the paths already written, read once).
"""

from __future__ import annotations

import os
import socket
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path, PurePath
from typing import Any, Literal, NamedTuple, cast
from urllib.parse import unquote

import polars as pl

try:
    import dask.dataframe as dd
    import distributed
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("xinwen.dask needs Dask: pip install 'xinwen[dask]'") from e

from xinwen import _core
from xinwen._defaults import TIMEZONE
from xinwen.analysis import (
    MEASURES,
    Measure,
    Terms,
    _check_every,
    _dated,
    _keyness_table,
    _term_groups,
    _trend_counts,
    _trend_table,
    _warn_cut_windows,
)
from xinwen.corpus import Corpus, _check_meta, _from_tables, _read_meta
from xinwen.dataset import (
    DatasetStats,
    _batch_size,
    _batches,
    _partition_by,
    _prepare,
    _remove_all,
    _write_batch,
)
from xinwen.errors import InvalidOptionError
from xinwen.ingest import Source, _check_options, _sources
from xinwen.tokens import Segmenter, TokenOptions, _segmenter

#: A pandas DataFrame (pandas comes with dask.dataframe; its stubs need not be installed).
PandasFrame = Any
#: Dask's untyped API, called through one name.
_dask: Any = dd

__all__ = [
    "cooccurrence",
    "keyness",
    "read_articles",
    "share_threads",
    "term_trend",
    "top_terms",
    "vocabulary",
    "write_dataset",
]

#: A range of the walk: (source index, first path, last path, files).
_Range = tuple[int, str, str, int]


def _client(client: distributed.Client | None) -> distributed.Client:
    if client is not None:
        return client
    try:
        return distributed.get_client()
    except ValueError as e:
        raise InvalidOptionError(
            "no Dask client: pass client=, or start one first (distributed.Client(...))"
        ) from e


def _positive(n: object, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidOptionError(f"{name} must be a positive integer, not {n!r}")
    return n


def _host_cores() -> tuple[str, int, int]:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        cores = os.cpu_count() or 1
    return socket.gethostname(), os.getpid(), cores


def share_threads(client: distributed.Client | None = None) -> int:
    """The core threads each worker process of the cluster gets by default: the cores of its
    machine (those the worker may run on) shared among the worker processes there, the fewest
    of any machine. (Workers that are threads of one process, ``processes=False``, share that
    process's setting, so they count as one.)

    Examples
    --------
    >>> import distributed, xinwen.dask
    >>> with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=":0") as cluster:
    ...     with distributed.Client(cluster) as client:
    ...         xinwen.dask.share_threads(client) >= 1
    True
    """
    found = _client(client).run(_host_cores)
    if not found:
        raise InvalidOptionError("the Dask cluster has no workers")
    processes = {(host, pid): cores for host, pid, cores in found.values()}
    per_host = Counter(host for host, _ in processes)
    return max(1, min(int(cores) // per_host[host] for (host, _), cores in processes.items()))


def _default_threads() -> int | None:
    """The share of a current client's cluster, or None (the workers' own setting)."""
    try:
        client = distributed.get_client()
    except ValueError:
        return None
    return share_threads(client)


def _set_threads(threads: int | None) -> None:
    if threads is not None:
        _core.set_threads(threads)


# ---------------------------------------------------------------------------------------------
# Reading


def _pandas(df: pl.DataFrame) -> PandasFrame:
    # Arrow-backed columns keep the types (UTC timestamps, lists of strings) that NumPy's cannot.
    return df.to_pandas(use_pyarrow_extension_array=True)


def _read_range(
    part: _Range, sources: list[str], timezone: str, threads: int | None, max_bytes: int
) -> PandasFrame:
    _set_threads(threads)
    spec, first, last, _ = part
    docs = _core.Documents(
        sources,
        timezone=timezone,
        threads=threads,
        max_bytes=max_bytes,
        within=(spec, first, last),
    )
    return _pandas(pl.DataFrame(docs.next_batch(sys.maxsize)))


def _in_path_order(ranges: list[_Range]) -> list[_Range]:
    """The ranges sorted by path when they do not overlap (sources that are separate folders
    and files, in any order): the order of :func:`xinwen.read_articles`, which sorts every
    path. Sources that interleave (a glob among folders it reaches into) keep the walk's order,
    source after source."""
    ordered = sorted(ranges, key=lambda r: PurePath(r[1]))
    apart = all(PurePath(a[2]) < PurePath(b[1]) for a, b in pairwise(ordered))
    return ordered if apart else ranges


def read_articles(
    source: Source,
    *,
    files_per_partition: int = 1000,
    timezone: str = TIMEZONE,
    threads: int | None = None,
    max_bytes: int = 50_000_000,
) -> dd.DataFrame:
    """The articles of an archive as a ``dask.dataframe``, read by the cluster's workers.

    Each partition holds the rows of a run of at most ``files_per_partition`` files (an archive
    among them gives all its members' rows), with the rows and columns of
    :func:`xinwen.read_articles` in its order (by path): concatenated, the partitions are the
    single-machine frame. (Sources whose files interleave in path order, such as a glob that
    reaches into a folder also given, come in the order of :func:`xinwen.scan_articles`
    instead: source after source.) The columns are Arrow-backed (``pandas.ArrowDtype``), so
    ``polars.from_pandas`` of a computed partition gives the xinwen frame back.

    The client walks the archive once to cut it into partitions, holding only where each starts
    and ends (see the module's docs); the files are read when the partitions are computed.

    Parameters
    ----------
    source
        As in :func:`xinwen.read_articles`: a file, a directory, a glob, an archive, or a list.
    files_per_partition
        Files (plain files or archives) a partition reads at most.
    timezone, max_bytes
        As in :func:`xinwen.read_articles`.
    threads
        Core threads of each worker (default: the cores of its machine shared among its
        workers, :func:`share_threads`, when a Dask client is running; else the workers' own
        setting, :func:`xinwen.get_threads`).

    Returns
    -------
    dask.dataframe.DataFrame
        The columns of :func:`xinwen.read_articles`, one partition per range of files.

    Examples
    --------
    >>> import polars as pl, xinwen, xinwen.dask
    >>> ddf = xinwen.dask.read_articles(xinwen.sample_path(), files_per_partition=3)
    >>> ddf.npartitions
    3
    >>> whole = pl.from_pandas(ddf.compute(scheduler="sync"))
    >>> whole["path"].to_list() == xinwen.read_articles(xinwen.sample_path())["path"].to_list()
    True
    """
    _check_options(timezone, threads, max_bytes)
    n = _positive(files_per_partition, "files_per_partition")
    sources = _sources(source)
    ranges = _in_path_order(_core.walk_ranges(sources, n, [])[0])
    if threads is None:
        threads = _default_threads()
    empty = _core.Documents(sources, timezone=timezone, threads=1, max_bytes=max_bytes)
    meta = _pandas(pl.DataFrame(empty.next_batch(0)))
    if not ranges:
        return cast(dd.DataFrame, _dask.from_pandas(meta, npartitions=1))
    frame = _dask.from_map(
        _read_range,
        ranges,
        sources=sources,
        timezone=timezone,
        threads=threads,
        max_bytes=max_bytes,
        meta=meta,
        label="xinwen-read-articles",
        enforce_metadata=False,
    )
    return cast(dd.DataFrame, frame)


# ---------------------------------------------------------------------------------------------
# Writing a dataset


def _write_range(
    part: _Range,
    members: list[str],
    *,
    sources: list[str],
    out: str,
    parts: tuple[str, ...],
    timezone: str,
    seg: Segmenter | None,
    threads: int | None,
    max_bytes: int,
    docs_per_batch: int,
) -> dict[str, Any]:
    """One worker's task: read a range of the walk in batches and write each batch as
    :func:`xinwen.write_dataset` does. Run again (a worker was lost), it writes the same batches
    under the same names: files are replaced, never added."""
    _set_threads(threads)
    spec, first, last, _ = part
    docs = _core.Documents(
        sources,
        timezone=timezone,
        threads=threads,
        max_bytes=max_bytes,
        within=(spec, first, last),
    )
    if members:
        docs.skip_paths(members)
    stats: dict[str, Any] = {"written": 0, "errors": 0, "batches": 0}
    written: list[Path] = []
    batches = _batches(docs, docs_per_batch)
    try:
        for batch in batches:
            _write_batch(batch, Path(out), parts, timezone, seg, written)
            stats["written"] += batch.height
            stats["errors"] += int(batch["status"].eq("error").sum())
            stats["batches"] += 1
    finally:
        _remove_all(written)
        batches.close()
    stats["skipped"] = docs.counts()[1]
    stats["passed_over"] = docs.passed_over()
    return stats


def _archive_of(member: str, cache: dict[str, str]) -> str:
    """The archive file a member's path (``archive!member``) names."""
    at = member.find("!")
    while at != -1:
        head = member[:at]
        if head not in cache:
            cache[head] = head if os.path.isfile(head) else ""
        if cache[head]:
            return head
        at = member.find("!", at + 1)
    return member.split("!", 1)[0]


def _members_by_range(ranges: list[_Range], members: list[str]) -> list[list[str]]:
    """The archive members already written, for each range holding their archive (a range may
    get a few more than it holds: skipping a path that never comes costs nothing)."""
    out: list[list[str]] = [[] for _ in ranges]
    if not members:
        return out
    cache: dict[str, str] = {}
    by_archive: dict[str, list[str]] = {}
    for m in members:
        by_archive.setdefault(_archive_of(m, cache), []).append(m)
    for archive, names in by_archive.items():
        where = PurePath(archive)
        for i, (_, first, last, _) in enumerate(ranges):
            if PurePath(first) <= where <= PurePath(last):
                out[i].extend(names)
    return out


def write_dataset(
    source: Source,
    out_dir: str | os.PathLike[str],
    *,
    client: distributed.Client | None = None,
    tokens: bool = True,
    partition_by: str | Sequence[str] = ("year", "month"),
    batch_size: int = 2000,
    files_per_task: int | None = None,
    timezone: str = TIMEZONE,
    threads: int | None = None,
    max_bytes: int = 50_000_000,
    segmenter: Segmenter | None = None,
) -> DatasetStats:
    """Write an archive as one dataset with the workers of a Dask cluster: the layout, the
    atomic files, the partitioning and the resumption of :func:`xinwen.write_dataset`
    (``articles/``, ``term_counts/``, ``corpus/``), which reads it, as does
    :meth:`xinwen.Corpus.load`.

    The client cuts the walk into tasks of ``files_per_task`` files (default ``batch_size``)
    that leave out the documents already written; each worker reads its task's files in batches
    of ``batch_size`` documents and writes each batch as the single-machine call does: one file
    per partition and table, under a temporary name renamed when complete, the articles file
    last, named by a hash of the batch's paths. Workers write disjoint batches, so no two write
    one file. A worker lost mid-task has its task run again by Dask: the batches come again with
    the same names and replace any file the lost worker completed, so no row is written twice;
    its temporary files are deleted when the run ends (or by the next run). An interrupted run
    (Ctrl-C on the client cancels the tasks not started; those running finish their files)
    resumes like the single-machine one, by path, and either call can resume the other's
    dataset.

    Parameters
    ----------
    source, out_dir, tokens, partition_by, batch_size, timezone, max_bytes, segmenter
        As in :func:`xinwen.write_dataset`.
    client
        The Dask client (default: the current one).
    files_per_task
        Files (plain files or archives) one task reads at most (default ``batch_size``).
    threads
        Core threads of each worker (default :func:`share_threads`).

    Returns
    -------
    DatasetStats
        As :func:`xinwen.write_dataset`; ``batches`` counts the batches the workers wrote.

    Examples
    --------
    >>> import tempfile, distributed, polars as pl, xinwen, xinwen.dask
    >>> out = tempfile.mkdtemp()
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0") as client:
    ...     stats = xinwen.dask.write_dataset(xinwen.sample_path(), out, files_per_task=3)
    ...     again = xinwen.dask.write_dataset(xinwen.sample_path(), out)
    >>> stats["written"] == len(xinwen.expand_sources(xinwen.sample_path())), again["written"]
    (True, 0)
    """
    size = _batch_size(batch_size)
    per_task = size if files_per_task is None else _positive(files_per_task, "files_per_task")
    parts = _partition_by(partition_by)
    _check_options(timezone, threads, max_bytes)
    seg = _segmenter(segmenter)
    sources = _sources(source)
    client = _client(client)
    if threads is None:
        threads = share_threads(client)
    out = Path(out_dir).absolute()
    done = _prepare(out, seg if tokens else None)
    done_paths: list[str] = []
    for files in done.values():
        for f in files:
            done_paths.extend(pl.read_parquet(f, columns=["path"])["path"].to_list())
    ranges, skipped_files = _core.walk_ranges(sources, per_task, done_paths)
    members = _members_by_range(ranges, [p for p in done_paths if "!" in p])
    del done_paths
    futures = client.map(
        _write_range,
        ranges,
        members,
        sources=sources,
        out=str(out),
        parts=parts,
        timezone=timezone,
        seg=seg if tokens else None,
        threads=threads,
        max_bytes=max_bytes,
        # Not `batch_size`: Client.map takes that name for itself.
        docs_per_batch=size,
        pure=False,
    )
    untyped = cast(Any, client)
    try:
        results: list[dict[str, Any]] = untyped.gather(futures)
    finally:
        untyped.cancel(futures)
    # What lost workers left: temporary files, and tables of a batch whose articles never came.
    _prepare(out, None)
    stats: DatasetStats = {
        "files": 0, "skipped": skipped_files, "written": 0, "errors": 0, "batches": 0,
        "passed_over": {},
    }  # fmt: skip
    for r in results:
        for k in ("written", "errors", "batches", "skipped"):
            stats[k] += r[k]
        for why, n in r["passed_over"].items():
            stats["passed_over"][why] = stats["passed_over"].get(why, 0) + n
    stats["files"] = stats["written"] + stats["skipped"]
    return stats


# ---------------------------------------------------------------------------------------------
# Analyses over a dataset: map-reduce with exact merges


class _Info(NamedTuple):
    """What a task needs of a dataset: its root, how it was tokenized, and the dtypes of its
    partition keys (as ``polars.scan_parquet(..., hive_partitioning=True)`` infers them over
    every file, so that each part reads them alike)."""

    root: str
    seg: Segmenter
    field: str
    options: TokenOptions
    hive: dict[str, pl.DataType]


class _Dataset:
    """A dataset folder written with tokens: its :class:`_Info` and its articles files."""

    def __init__(self, path: str | os.PathLike[str], segmenter: Segmenter | None) -> None:
        root = Path(path).absolute()
        if not (root / "corpus" / "meta.json").exists() or not (root / "articles").is_dir():
            raise InvalidOptionError(
                f"{str(root)!r} is not a dataset written with tokens (xinwen.write_dataset)"
            )
        meta = _read_meta(root / "corpus" / "meta.json")
        seg, field, options = _check_meta(meta, root, segmenter)
        arts = root / "articles"
        files = sorted(arts.rglob("part-*.parquet"))
        if not files:
            raise InvalidOptionError(f"the dataset in {str(root)!r} holds no articles")
        self.files = [str(f.relative_to(arts)) for f in files]
        keys = [p.split("=", 1)[0] for p in PurePath(self.files[0]).parent.parts]
        schema = pl.scan_parquet([str(f) for f in files], hive_partitioning=True).collect_schema()
        self.info = _Info(str(root), seg, field, options, {k: schema[k] for k in keys})
        self.seg = seg


def _load_part(info: _Info, rel: str, where: pl.Expr | None) -> Corpus:
    """The corpus of one articles file of a dataset (what :meth:`Corpus.load` makes of it)."""
    root = Path(info.root)
    arts = pl.read_parquet(root / "articles" / rel).drop(info.field, strict=False)
    keys = dict(p.split("=", 1) for p in PurePath(rel).parent.parts)
    arts = arts.with_columns(
        pl.lit(None if v == "__HIVE_DEFAULT_PARTITION__" else unquote(v))
        .cast(info.hive[k])
        .alias(k)
        for k, v in keys.items()
    )
    vocab = pl.read_parquet(root / "corpus" / "vocabulary" / rel).sort("term_id")
    sentences = pl.read_parquet(root / "corpus" / "sentences" / rel)
    core = _from_tables(vocab, sentences, arts.height)
    corpus = Corpus.__new__(Corpus)
    corpus._set(core, arts, info.field, info.options, None, info.seg)
    return corpus if where is None else corpus.filter(where)


#: Results merged by one task of the reduction tree.
FAN_IN = 8

#: How each element of a part's result merges: a list of key columns (a frame summed by them)
#: or None (an int summed).
_Merge = tuple[list[str] | None, ...]


def _merge(how: _Merge, *results: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    for i, keys in enumerate(how):
        items = [r[i] for r in results]
        if keys is None:
            out.append(sum(items))
        else:
            frame = pl.concat(items, how="vertical")
            out.append(frame.group_by(keys).agg(pl.exclude(keys).sum()))
    return tuple(out)


def _map_reduce(
    client: distributed.Client | None,
    ds: _Dataset,
    task: Callable[..., tuple[Any, ...]],
    how: _Merge,
    threads: int | None,
    **kwargs: Any,
) -> tuple[Any, ...]:
    """Run ``task`` on every articles file of ``ds`` and sum the results in a tree on the
    cluster (:data:`FAN_IN` at a time), so the client receives one result."""
    client = _client(client)
    if threads is None:
        threads = share_threads(client)
    level = client.map(
        _part_task, ds.files, info=ds.info, task=task, threads=threads, pure=False, **kwargs
    )
    try:
        while len(level) > 1:
            level = [
                client.submit(_merge, how, *level[i : i + FAN_IN], pure=False)
                for i in range(0, len(level), FAN_IN)
            ]
        result: tuple[Any, ...] = level[0].result()
        return result
    finally:
        cast(Any, client).cancel(level)


def _part_task(
    rel: str,
    *,
    info: _Info,
    task: Callable[..., tuple[Any, ...]],
    threads: int | None,
    where: pl.Expr | None,
    **kwargs: Any,
) -> tuple[Any, ...]:
    _set_threads(threads)
    return task(_load_part(info, rel, where), **kwargs)


def _vocab_part(corpus: Corpus) -> tuple[Any, ...]:
    return (pl.DataFrame(corpus._core.vocabulary(corpus._rows)),)


def vocabulary(
    dataset: str | os.PathLike[str],
    *,
    where: pl.Expr | None = None,
    client: distributed.Client | None = None,
    threads: int | None = None,
    segmenter: Segmenter | None = None,
) -> pl.DataFrame:
    """The vocabulary of a dataset, summed over its parts on the cluster: what
    ``xinwen.Corpus.load(dataset, where=where).vocabulary`` gives (``term``, ``docs``,
    ``count``, most frequent first, ties by term).

    Examples
    --------
    >>> import tempfile, distributed, xinwen, xinwen.dask
    >>> out = tempfile.mkdtemp()
    >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0"):
    ...     vocab = xinwen.dask.vocabulary(out)
    >>> vocab.equals(xinwen.Corpus.load(out).vocabulary)
    True
    """
    ds = _Dataset(dataset, segmenter)
    (vocab,) = _map_reduce(client, ds, _vocab_part, (["term"],), threads, where=where)
    return cast(pl.DataFrame, vocab).sort(["count", "term"], descending=[True, False])


def top_terms(
    dataset: str | os.PathLike[str],
    top: int = 20,
    *,
    where: pl.Expr | None = None,
    client: distributed.Client | None = None,
    threads: int | None = None,
    segmenter: Segmenter | None = None,
) -> pl.DataFrame:
    """The ``top`` most frequent terms of a dataset: the first rows of :func:`vocabulary`.

    Examples
    --------
    >>> import tempfile, distributed, xinwen, xinwen.dask
    >>> out = tempfile.mkdtemp()
    >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0"):
    ...     xinwen.dask.top_terms(out, 3).height
    3
    """
    _positive(top, "top")
    return vocabulary(
        dataset, where=where, client=client, threads=threads, segmenter=segmenter
    ).head(top)


def _top_part(corpus: Corpus, by: str | None, every: str, tz: str) -> tuple[Any, ...]:
    rows, _, _ = _dated(corpus, by, every, tz, require=False)
    return (pl.DataFrame(corpus._core.totals(rows)),)


def _trend_part(
    corpus: Corpus,
    found: list[str],
    groups: list[tuple[str, list[str]]],
    by: str | None,
    every: str,
    tz: str,
) -> tuple[Any, ...]:
    # The undated partition (year=0) has nothing to count, and is no mistake.
    rows, docs, _ = _dated(corpus, by, every, tz, require=False)
    return _trend_counts(corpus, rows, docs, found, groups, by)


def term_trend(
    dataset: str | os.PathLike[str],
    terms: Terms = None,
    *,
    every: str = "1mo",
    by: str | None = None,
    measure: Measure = "per_10k_tokens",
    top: int = 20,
    tz: str = TIMEZONE,
    smooth: int | None = None,
    where: pl.Expr | None = None,
    client: distributed.Client | None = None,
    threads: int | None = None,
    segmenter: Segmenter | None = None,
) -> pl.DataFrame:
    """:func:`xinwen.term_trend` over a dataset, on the cluster: each part counts, per period,
    group and term, the occurrences and the documents, and per period and group the tokens and
    documents; the sums give the measures, equal to
    ``xinwen.term_trend(xinwen.Corpus.load(dataset, where=where), ...)``. Without ``terms``,
    a first pass finds the ``top`` terms the same way.

    ``by`` may name a partition key (``"year"``) or any article column.

    Parameters
    ----------
    dataset
        A folder written by :func:`xinwen.write_dataset` (or :func:`write_dataset`) with tokens.
    where
        A Polars expression over the articles' columns and partition keys, as in
        :meth:`xinwen.Corpus.load`: only the documents it holds for are counted.
    client, threads
        The Dask client (default: the current one); core threads of each worker (default
        :func:`share_threads`).
    segmenter
        The segmenter the dataset was tokenized with (default: the default one).
    terms, every, by, measure, top, tz, smooth
        As in :func:`xinwen.term_trend`.

    Examples
    --------
    >>> import tempfile, distributed, xinwen, xinwen.dask
    >>> from polars.testing import assert_frame_equal
    >>> out = tempfile.mkdtemp()
    >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0"):
    ...     t = xinwen.dask.term_trend(out, ["天气"], every="1y", measure="share_of_docs")
    >>> assert_frame_equal(t, xinwen.term_trend(xinwen.Corpus.load(out), ["天气"], every="1y", measure="share_of_docs"))
    """
    if not isinstance(measure, str) or measure not in MEASURES:
        allowed = ", ".join(repr(m) for m in MEASURES)
        raise InvalidOptionError(f"unknown measure {measure!r}: expected one of {allowed}")
    _check_every(every)
    if smooth is not None and (
        isinstance(smooth, bool) or not isinstance(smooth, int) or smooth < 1
    ):
        raise InvalidOptionError(
            f"smooth must be a positive number of periods or None, not {smooth!r}"
        )
    _positive(top, "top")
    ds = _Dataset(dataset, segmenter)
    groups = _term_groups(terms, ds.seg)
    common = {"where": where, "by": by, "every": every, "tz": tz}
    if groups:
        found = [m for _, ms in groups for m in ms]
    else:
        (totals,) = _map_reduce(client, ds, _top_part, (["term"],), threads, **common)
        found = (
            cast(pl.DataFrame, totals)
            .sort(["count", "term"], descending=[True, False])
            .head(top)["term"]
            .to_list()
        )
        groups = [(t, [t]) for t in found]
    keys = ["period", *([by] if by else [])]
    counts, totals = _map_reduce(
        client,
        ds,
        _trend_part,
        ([*keys, "term"], keys),
        threads,
        found=found,
        groups=groups,
        **common,
    )
    schema_by = {by: totals.schema[by]} if by else {}
    return _trend_table(counts, totals, groups, by, schema_by, every, measure, smooth)


def _keyness_part(corpus: Corpus, target: pl.Expr, reference: pl.Expr) -> tuple[Any, ...]:
    try:
        sides = corpus.articles.select(
            target.fill_null(False).alias("_t"), reference.fill_null(False).alias("_r")
        )
    except pl.exceptions.PolarsError as e:
        raise InvalidOptionError(f"cannot evaluate target or reference: {e}") from e
    rows_t, rows_r = corpus._rows_where(sides["_t"]), corpus._rows_where(sides["_r"])
    return (pl.DataFrame(corpus._core.two_totals(rows_t, rows_r)),)


def keyness(
    dataset: str | os.PathLike[str],
    target: pl.Expr,
    *,
    reference: pl.Expr | None = None,
    measure: Literal["llr", "chi2"] = "llr",
    top: int = 50,
    where: pl.Expr | None = None,
    client: distributed.Client | None = None,
    threads: int | None = None,
    segmenter: Segmenter | None = None,
) -> pl.DataFrame:
    """:func:`xinwen.keyness` over a dataset, on the cluster: each part counts every term's
    tokens in the target and in the reference; the sums are scored once, equal to
    ``xinwen.keyness(xinwen.Corpus.load(dataset, where=where), target, ...)``.

    Parameters
    ----------
    dataset
        A folder written by :func:`xinwen.write_dataset` (or :func:`write_dataset`) with tokens.
    where
        A Polars expression over the articles' columns and partition keys, as in
        :meth:`xinwen.Corpus.load`: only the documents it holds for are counted.
    client, threads
        The Dask client (default: the current one); core threads of each worker (default
        :func:`share_threads`).
    segmenter
        The segmenter the dataset was tokenized with (default: the default one).
    target, reference, measure, top
        As in :func:`xinwen.keyness`.

    Examples
    --------
    >>> import tempfile, distributed, polars as pl, xinwen, xinwen.dask
    >>> out = tempfile.mkdtemp()
    >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
    >>> target = pl.col("layout") == "html_page"
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0"):
    ...     k = xinwen.dask.keyness(out, target, top=5)
    >>> k.equals(xinwen.keyness(xinwen.Corpus.load(out), target, top=5))
    True
    """
    if measure not in ("llr", "chi2"):
        raise InvalidOptionError(f"unknown measure {measure!r}: expected one of 'llr', 'chi2'")
    _positive(top, "top")
    if not isinstance(target, pl.Expr) or (
        reference is not None and not isinstance(reference, pl.Expr)
    ):
        raise TypeError(
            "target and reference must be polars expressions, e.g. pl.col('outlet') == 'CNA'"
        )
    ds = _Dataset(dataset, segmenter)
    ref = reference if reference is not None else ~target
    (per_term,) = _map_reduce(
        client, ds, _keyness_part, (["term"],), threads, where=where, target=target, reference=ref
    )
    return _keyness_table(cast(pl.DataFrame, per_term), measure, top)


def _cooc_part(corpus: Corpus, window: str, focus: list[str]) -> tuple[Any, ...]:
    pairs, terms, n, cut = corpus._core.focus_counts(corpus._rows, window=window, focus=focus)
    return pl.DataFrame(pairs), pl.DataFrame(terms), n, cut


def cooccurrence(
    dataset: str | os.PathLike[str],
    focus: str | Sequence[str],
    *,
    window: Literal["sentence", "document"] | int = "sentence",
    min_count: int = 5,
    top: int | None = None,
    where: pl.Expr | None = None,
    client: distributed.Client | None = None,
    threads: int | None = None,
    segmenter: Segmenter | None = None,
) -> pl.DataFrame:
    """:func:`xinwen.cooccurrence` with a ``focus`` over a dataset, on the cluster: each part
    counts its windows, the windows holding each term and those holding each focus pair (no
    ``min_count`` yet: a pair rare in every part can be common in all); the sums are filtered
    by ``min_count`` and PMI, NPMI and log-likelihood computed once, by the same code as the
    single-machine call, so the result equals
    ``xinwen.cooccurrence(xinwen.Corpus.load(dataset, where=where), focus=focus, ...)``.

    Parameters
    ----------
    dataset
        A folder written by :func:`xinwen.write_dataset` (or :func:`write_dataset`) with tokens.
    where
        A Polars expression over the articles' columns and partition keys, as in
        :meth:`xinwen.Corpus.load`: only the documents it holds for are counted.
    client, threads
        The Dask client (default: the current one); core threads of each worker (default
        :func:`share_threads`).
    segmenter
        The segmenter the dataset was tokenized with (default: the default one).
    focus, window, min_count, top
        As in :func:`xinwen.cooccurrence` (``focus`` is required here).

    Examples
    --------
    >>> import tempfile, distributed, xinwen, xinwen.dask
    >>> out = tempfile.mkdtemp()
    >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
    >>> with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=":0"):
    ...     pairs = xinwen.dask.cooccurrence(out, "天气", min_count=1)
    >>> pairs.equals(xinwen.cooccurrence(xinwen.Corpus.load(out), focus="天气", min_count=1))
    True
    """
    if isinstance(window, bool) or not (
        window in ("sentence", "document") or (isinstance(window, int) and window >= 2)
    ):
        raise InvalidOptionError(
            f"unknown window {window!r}: expected 'sentence', 'document' or a number of tokens >= 2"
        )
    _positive(min_count, "min_count")
    if top is not None:
        _positive(top, "top")
    ds = _Dataset(dataset, segmenter)
    names = [focus] if isinstance(focus, str) else list(focus)
    if not names or not all(isinstance(f, str) for f in names):
        raise InvalidOptionError("focus must be a term or a list of terms")
    focus_terms = [ds.seg._core.normalize_term(f) for f in names]
    pairs, terms, n, cut = _map_reduce(
        client,
        ds,
        _cooc_part,
        (["term_a", "term_b"], ["term"], None, None),
        threads,
        where=where,
        window=str(window),
        focus=focus_terms,
    )
    _warn_cut_windows(cut, stacklevel=3)
    least = max(min_count, 1)
    windows = cast(pl.DataFrame, terms).filter(pl.col("windows") >= least)
    found = (
        cast(pl.DataFrame, pairs)
        .filter(pl.col("count") >= least)
        .join(windows.rename({"term": "term_a", "windows": "count_a"}), on="term_a")
        .join(windows.rename({"term": "term_b", "windows": "count_b"}), on="term_b")
    )
    pmi, npmi, llr = _core.cooc_measures(
        found["count"].to_list(), found["count_a"].to_list(), found["count_b"].to_list(), n
    )
    out = (
        found.with_columns(
            pl.lit(n, dtype=pl.Int64).alias("n"),
            pl.Series("pmi", pmi, dtype=pl.Float64),
            pl.Series("npmi", npmi, dtype=pl.Float64),
            pl.Series("llr", llr, dtype=pl.Float64),
        )
        .sort(["llr", "term_a", "term_b"], descending=[True, False, False])
        .select("term_a", "term_b", "count", "count_a", "count_b", "n", "pmi", "npmi", "llr")
    )
    return out.head(top) if top else out

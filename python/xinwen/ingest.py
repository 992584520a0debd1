"""Reading archives: every file becomes one row of a Polars DataFrame."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal, Union

import polars as pl

from xinwen import _core
from xinwen._progress import with_progress
from xinwen.errors import ArticleError, InvalidOptionError

__all__ = ["ARTICLE_COLUMNS", "Source", "expand_sources", "read_articles"]

Source = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]

#: Column names of :func:`read_articles`, in order.
ARTICLE_COLUMNS = (
    "doc_id", "path", "layout", "outlet", "url", "title", "published_at", "date_source",
    "date_conflict", "author", "credit", "categories", "body", "captions", "images", "lang",
    "script", "encoding", "n_chars", "status", "error",
)  # fmt: skip

_ERRORS = ("collect", "raise")


def _sources(source: Source) -> list[str]:
    if isinstance(source, (str, os.PathLike)):
        items: Sequence[str | os.PathLike[str]] = [source]
    elif isinstance(source, Sequence):
        items = source
    else:
        raise TypeError(
            f"source must be a path, a glob string or a list of them, not {type(source).__name__}"
        )
    out = []
    for s in items:
        if not isinstance(s, (str, os.PathLike)):
            raise TypeError(f"source items must be paths or strings, not {type(s).__name__}")
        out.append(os.fspath(s))
    if not out:
        raise InvalidOptionError("source is empty: give a file, a directory or a glob")
    return out


def expand_sources(source: Source) -> list[str]:
    """List the files :func:`read_articles` would read, sorted by path.

    Examples
    --------
    >>> import xinwen
    >>> files = xinwen.expand_sources(xinwen.sample_path())
    >>> len(files) >= 7
    True
    """
    return _core.expand_sources(_sources(source))


def read_articles(
    source: Source,
    *,
    timezone: str = "Asia/Shanghai",
    errors: Literal["collect", "raise"] = "collect",
    threads: int | None = None,
    max_bytes: int = 50_000_000,
    progress: bool = False,
) -> pl.DataFrame:
    """Read archived news files into a DataFrame with exactly one row per file.

    Parameters
    ----------
    source
        A file, a directory (read recursively; hidden entries such as ``.git`` are skipped), a
        glob string (``"archive/**/*.md"``), or a list of these.
    timezone
        IANA zone of times written without an offset, unless the outlet is known to write its own
        local time (RFI writes Paris time, CNA Taipei time).
    errors
        ``"collect"``: a file that cannot be read gets a row with ``status="error"`` and the reason
        in ``error``. ``"raise"``: raise :class:`~xinwen.ArticleError` naming the first such file.
    threads
        Worker threads (default: all cores). The work runs in Rust with the GIL released.
    max_bytes
        Files larger than this get an error row instead of being read.
    progress
        Show a progress bar of files read (a widget in Jupyter, text on a terminal).

    Returns
    -------
    polars.DataFrame
        Columns ``doc_id`` (hash of the file's bytes: stable across runs, shared by byte-identical
        files), ``path``, ``layout``, ``outlet``, ``url``, ``title``, ``published_at``
        (UTC, microseconds), ``date_source``, ``date_conflict``, ``author``, ``credit``,
        ``categories``, ``body``, ``captions``, ``images``, ``lang``, ``script``, ``encoding``,
        ``n_chars``, ``status`` (``ok``, ``partial``, ``error``) and ``error`` (why not ``ok``),
        sorted by path.

    Examples
    --------
    >>> import xinwen
    >>> df = xinwen.read_articles(xinwen.sample_path())
    >>> df.height == len(xinwen.expand_sources(xinwen.sample_path()))
    True
    >>> sorted(df["layout"].unique().to_list())[:3]
    ['hexo', 'html_page', 'jekyll']
    """
    if errors not in _ERRORS:
        raise InvalidOptionError(f"errors must be one of {_ERRORS}, not {errors!r}")
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)):
        raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
    if threads is not None and threads < 1:
        raise InvalidOptionError(f"threads must be at least 1, not {threads}")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InvalidOptionError(f"max_bytes must be a positive int, not {max_bytes!r}")
    if not isinstance(timezone, str):
        raise TypeError(f"timezone must be a str, not {type(timezone).__name__}")
    sources = _sources(source)
    batch = with_progress(
        lambda p: _core.read_articles(
            sources, timezone=timezone, threads=threads, max_bytes=max_bytes, progress=p
        ),
        enabled=bool(progress),
        desc="reading",
        unit="files",
    )
    df = pl.DataFrame(batch)
    if errors == "raise":
        bad = df.filter(pl.col("status") == "error").head(1)
        if bad.height:
            raise ArticleError(bad["path"][0], bad["error"][0])
    return df

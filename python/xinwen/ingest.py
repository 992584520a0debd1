"""Reading archives: every file, and every document inside a web archive, zip or tar file,
becomes one row of a Polars DataFrame."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Literal, Union

import polars as pl

from xinwen import _core
from xinwen._defaults import TIMEZONE
from xinwen._progress import with_progress
from xinwen.errors import ArticleError, InvalidOptionError

__all__ = ["ARTICLE_COLUMNS", "Source", "expand_sources", "read_articles"]

Source = Union[
    str,
    bytes,
    "os.PathLike[str]",
    "os.PathLike[bytes]",
    Sequence[Union[str, bytes, "os.PathLike[str]"]],
]

#: Column names of :func:`read_articles`, in order.
ARTICLE_COLUMNS = (
    "doc_id", "path", "layout", "outlet", "url", "title", "published_at", "date_source",
    "date_conflict", "author", "credit", "categories", "body", "captions", "images", "lang",
    "script", "encoding", "n_chars", "status", "error",
)  # fmt: skip

_ERRORS = ("collect", "raise")

_log = logging.getLogger("xinwen")


def _path(s: object, what: str) -> str:
    """One source as the core takes it: a ``str`` (bytes and paths decoded the way ``os``
    does, so that a name that is not UTF-8 survives as surrogate escapes and is read as it is)."""
    if isinstance(s, (bytes, os.PathLike)):
        s = os.fsdecode(s)
    if not isinstance(s, str):
        raise TypeError(
            f"{what} must be a path (str, bytes or os.PathLike) or a glob string, "
            f"not {type(s).__name__}"
        )
    if not s or "\0" in s:
        raise InvalidOptionError(f"{what} must be a non-empty path without NUL, not {s!r}")
    return s


def _sources(source: Source) -> list[str]:
    if isinstance(source, (str, bytes, os.PathLike)):
        return [_path(source, "source")]
    if not isinstance(source, Sequence):
        raise TypeError(
            "source must be a path (str, bytes or os.PathLike), a glob string or a list of them, "
            f"not {type(source).__name__}"
        )
    out = [_path(s, "source items") for s in source]
    if not out:
        raise InvalidOptionError("source is empty: give a file, a directory or a glob")
    return out


def expand_sources(source: Source) -> list[str]:
    """List the files :func:`read_articles` would read, sorted by path. An archive (``.warc``,
    ``.zip``, ``.tar.gz``, ...) is listed once, as the file it is: its members are known only
    once it is read.

    Examples
    --------
    >>> import xinwen
    >>> files = xinwen.expand_sources(xinwen.sample_path())
    >>> len(files) >= 7
    True
    """
    return _core.expand_sources(_sources(source))


#: More worker threads than this is refused: ``threads=10**4`` is a mistake, not a setting.
MAX_THREADS = 1024


def _check_options(timezone: object, threads: object, max_bytes: object) -> None:
    """The options every reading function takes, checked alike."""
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)):
        raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
    if threads is not None and not 1 <= threads <= MAX_THREADS:
        raise InvalidOptionError(
            f"threads must be between 1 and {MAX_THREADS} (worker threads), not {threads}"
        )
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or not 1 <= max_bytes < 2**63:
        raise InvalidOptionError(f"max_bytes must be a positive int below 2**63, not {max_bytes!r}")
    if not isinstance(timezone, str):
        raise TypeError(f"timezone must be a str, not {type(timezone).__name__}")


def _describe_passed_over(counts: dict[str, int]) -> str:
    """One line saying what archives held that is not an article, most frequent reason first:
    ``"passed over 5 archive entries: 3 request, 2 not_html"``; ``""`` when nothing was.

    Examples
    --------
    >>> _describe_passed_over({"not_html": 2, "request": 3, "warcinfo": 1})
    'passed over 6 archive entries: 3 request, 2 not_html, 1 warcinfo'
    >>> _describe_passed_over({})
    ''
    """
    if not counts:
        return ""
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    reasons = ", ".join(f"{n} {why}" for why, n in ranked)
    return f"passed over {total} archive entr{'y' if total == 1 else 'ies'}: {reasons}"


def _read(
    source: Source,
    *,
    timezone: str,
    threads: int | None,
    progress: bool,
    max_bytes: int = 50_000_000,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """The articles of ``source`` and what its archives passed over, by reason."""
    _check_options(timezone, threads, max_bytes)
    sources = _sources(source)
    batch, passed_over = with_progress(
        lambda p: _core.read_articles(
            sources, timezone=timezone, threads=threads, max_bytes=max_bytes, progress=p
        ),
        enabled=bool(progress),
        desc="reading",
        unit="files",
    )
    return pl.DataFrame(batch), passed_over


def read_articles(
    source: Source,
    *,
    timezone: str = TIMEZONE,
    errors: Literal["collect", "raise"] = "collect",
    threads: int | None = None,
    max_bytes: int = 50_000_000,
    progress: bool = False,
) -> pl.DataFrame:
    """Read archived news files into a DataFrame with exactly one row per file (and per
    document of each archive among them).

    Archives among the sources are read without unpacking them: a web archive (``.warc``,
    ``.warc.gz``) gives one row per HTML or text response, a ``.zip``, ``.tar``, ``.tar.gz``/``.tgz``
    or ``.tar.zst``/``.tzst`` one row per member, in archive order at the archive's place. A
    member's ``path`` is ``"<archive>!<member>"`` (a WARC member is named by its target URI), and
    its other columns are those of the same file unpacked (``doc_id`` hashes its bytes). The
    records that are no article (WARC requests, metadata, images, non-2xx responses, directory
    entries, hidden files) are counted, not rows: one INFO line of the ``"xinwen"`` logger says
    how many, by reason. An archive that cannot be opened, or a member that cannot be read
    (corrupt, truncated, over ``max_bytes``), is an error row, and reading goes on.

    Parameters
    ----------
    source
        A file, a directory (read recursively; hidden entries such as ``.git`` are skipped, and
        directory symlinks are not followed), a glob string (``"archive/**/*.md"``; ``**`` does
        not descend into directory symlinks either), an archive, or a list of these; each a
        ``str``, ``bytes`` or ``os.PathLike``. A name that is not UTF-8 is read as it is.
    timezone
        IANA zone of times written without an offset, unless the outlet is known to write its own
        local time (RFI writes Paris time, CNA Taipei time).
    errors
        ``"collect"``: a file that cannot be read gets a row with ``status="error"`` and the reason
        in ``error``. ``"raise"``: raise :class:`~xinwen.ArticleError` naming the first such file.
    threads
        Worker threads (default: all cores). The work runs in Rust with the GIL released.
    max_bytes
        Files (and archive members, uncompressed) larger than this get an error row instead of
        being read.
    progress
        Show a progress bar of files and members read (a widget in Jupyter, text on a terminal);
        its total grows as archives are read.

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

    A zipped copy of the same folder gives the same rows, named ``archive!member``:

    >>> import pathlib, tempfile, zipfile
    >>> zipped = pathlib.Path(tempfile.mkdtemp()) / "sample.zip"
    >>> with zipfile.ZipFile(zipped, "w") as z:
    ...     for f in sorted(xinwen.sample_path().iterdir()):
    ...         z.write(f, f"sample/{f.name}")
    >>> members = xinwen.read_articles(zipped)
    >>> members["path"][0].endswith("sample.zip!sample/2024-03-05-RTHK-sample-weather.md")
    True
    >>> members["doc_id"].to_list() == df["doc_id"].to_list()
    True
    """
    if errors not in _ERRORS:
        raise InvalidOptionError(f"errors must be one of {_ERRORS}, not {errors!r}")
    df, passed_over = _read(
        source, timezone=timezone, threads=threads, max_bytes=max_bytes, progress=progress
    )
    if passed_over:
        _log.info("%s", _describe_passed_over(passed_over))
    if errors == "raise":
        # Series operations, not the lazy engine: they also run in a forked child (see _fork).
        bad = (df.get_column("status") == "error").arg_true()
        if bad.len():
            i = int(bad[0])
            raise ArticleError(df.get_column("path")[i], df.get_column("error")[i])
    return df

"""Working in a child forked after the parent used xinwen and Polars.

xinwen's own threads are fork-safe: the core keeps its thread pools per process and builds new
ones in a child. Polars' thread pool is not: a child forked after the parent ran a Polars query
(``multiprocessing`` with the ``fork`` start method, the default on Linux before Python 3.14)
waits forever on the first query that needs it. Reading, tokens and counts avoid Polars' pool and
work in such a child. The other calls check once, in a child, whether Polars' pool answers, and
raise :class:`~xinwen.errors.ForkError` with the remedy instead of hanging.
"""

from __future__ import annotations

import os
import threading

from xinwen.errors import ForkError

__all__ = ["check_polars"]

_forked = False
#: None: not probed yet in this process; else whether Polars' pool answered.
_polars_ok: bool | None = None
#: How long Polars' pool may take to answer a trivial query in a forked child.
_PROBE_SECONDS = 2.0


def _after_fork_in_child() -> None:
    global _forked, _polars_ok
    _forked = True
    _polars_ok = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _probe() -> bool:
    import polars as pl

    done = threading.Event()

    def query() -> None:
        pl.DataFrame({"a": [2, 1, 3]}).lazy().group_by("a").len().collect()
        done.set()

    threading.Thread(target=query, name="xinwen-fork-probe", daemon=True).start()
    return done.wait(_PROBE_SECONDS)


def check_polars(what: str) -> None:
    """Raise :class:`ForkError` if this is a forked child in which Polars queries would hang.
    Free outside forked children; one probe per child."""
    global _polars_ok
    if not _forked:
        return
    if _polars_ok is None:
        _polars_ok = _probe()
    if not _polars_ok:
        raise ForkError(
            f"{what} cannot run in this process: it was forked from one that had used Polars' "
            "thread pool, which does not survive fork(), so Polars queries here would hang. Start "
            "workers with multiprocessing.get_context('spawn') or 'forkserver' (the default from "
            "Python 3.14). read_articles, scan_articles, tokenize and term_counts do work here."
        )

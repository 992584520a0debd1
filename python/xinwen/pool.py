"""The worker threads of the Rust core: one process-wide setting.

Every call that runs in parallel in the core (reading, tokenizing, counting, the Corpus's
analyses) runs on a pool of worker threads. A call given ``threads=`` uses that many; every other
call uses the process-wide setting: :func:`set_threads`, else the environment variable
``XINWEN_THREADS``, else every core. On a machine shared by several processes (Dask or Ray
workers, a ``multiprocessing`` pool) each can so take its share of the cores instead of all of
them. A child process forked after the parent used the core builds pools of its own and keeps the
parent's setting.
"""

from __future__ import annotations

from xinwen import _core
from xinwen.errors import InvalidOptionError
from xinwen.ingest import MAX_THREADS

__all__ = ["ENV", "get_threads", "set_threads"]

#: The environment variable read when :func:`set_threads` was not called (or reset with None).
ENV = "XINWEN_THREADS"


def set_threads(n: int | None) -> None:
    """Set the worker threads of every core call that does not take ``threads=`` itself, in
    this process; ``None`` goes back to ``XINWEN_THREADS`` (when it holds a count from 1 to
    1024), else every core.

    Examples
    --------
    >>> import xinwen
    >>> xinwen.set_threads(1)
    >>> xinwen.get_threads()
    1
    >>> xinwen.set_threads(None)
    >>> xinwen.get_threads() >= 1
    True
    """
    if n is not None and (isinstance(n, bool) or not isinstance(n, int)):
        raise TypeError(f"threads must be an int or None, not {type(n).__name__}")
    if n is not None and not 1 <= n <= MAX_THREADS:
        raise InvalidOptionError(
            f"threads must be between 1 and {MAX_THREADS} (worker threads), not {n}"
        )
    _core.set_threads(n)


def get_threads() -> int:
    """The worker threads a core call that does not say runs on, in this process.

    Examples
    --------
    >>> import os, xinwen
    >>> xinwen.set_threads(None)
    >>> os.environ["XINWEN_THREADS"] = "2"
    >>> xinwen.get_threads()
    2
    >>> del os.environ["XINWEN_THREADS"]
    """
    return _core.get_threads()

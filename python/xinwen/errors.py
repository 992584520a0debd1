"""Exceptions raised by xinwen. Every one subclasses :class:`XinwenError`, and also the built-in
exception a caller would naturally catch (``ValueError``, ``FileNotFoundError``, ``OSError``)."""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "ForkError",
    "InvalidOptionError",
    "MissingFontError",
    "SourceNotFoundError",
    "XinwenError",
    "XinwenIOError",
    "XinwenWarning",
]


class XinwenError(Exception):
    """Base class of every error xinwen raises."""


class ArticleError(XinwenError, ValueError):
    """A file could not be read as an article (raised with ``errors="raise"``).

    The message starts with the file's path; ``path`` and ``reason`` hold the two parts.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InvalidOptionError(XinwenError, ValueError):
    """An argument had a value outside its domain (an unknown time zone, ``threads=0``, ...)."""


class SourceNotFoundError(XinwenError, FileNotFoundError):
    """A source path, directory or glob matched nothing."""


class XinwenIOError(XinwenError, OSError):
    """The operating system refused an operation (listing a directory, starting threads)."""


class ForkError(XinwenError, RuntimeError):
    """This process was forked from one whose Polars thread pool was running, and Polars (which
    is not fork-safe) would hang here. Start workers with the ``spawn`` or ``forkserver`` method
    of :mod:`multiprocessing` instead."""


class MissingFontError(XinwenError, RuntimeError):
    """A chart with Chinese text was to be drawn to an image on a machine with no font that has
    Chinese characters: it would show empty boxes. The message names what to install."""


class XinwenWarning(UserWarning):
    """Something was done that a caller should know of (a window cut at its cap, ...)."""

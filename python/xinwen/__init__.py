"""xinwen (新闻): fast analysis of large archives of Chinese-language news.

Read an archive with :func:`read_articles`; see the README for the quick start.
"""

from __future__ import annotations

from xinwen._core import __version__
from xinwen.errors import (
    ArticleError,
    InvalidOptionError,
    SourceNotFoundError,
    XinwenError,
    XinwenIOError,
)
from xinwen.ingest import ARTICLE_COLUMNS, expand_sources, read_articles
from xinwen.sample import sample_path
from xinwen.summary import summarize

__all__ = [
    "ARTICLE_COLUMNS",
    "ArticleError",
    "InvalidOptionError",
    "SourceNotFoundError",
    "XinwenError",
    "XinwenIOError",
    "__version__",
    "expand_sources",
    "read_articles",
    "sample_path",
    "summarize",
]

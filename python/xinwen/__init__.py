"""xinwen (新闻): fast analysis of large archives of Chinese-language news.

Read an archive with :func:`read_articles`, count its words with :func:`tokenize` and
:func:`term_counts`; see the README for the quick start.
"""

from __future__ import annotations

from xinwen import plot, report
from xinwen._core import __version__
from xinwen.analysis import (
    cooccurrence,
    doc_term_matrix,
    keyness,
    kwic,
    term_trend,
    to_networkx,
)
from xinwen.corpus import Corpus
from xinwen.dataset import scan_articles, write_dataset
from xinwen.dedup import duplicates
from xinwen.errors import (
    ArticleError,
    ForkError,
    InvalidOptionError,
    MissingFontError,
    SourceNotFoundError,
    XinwenError,
    XinwenIOError,
    XinwenWarning,
)
from xinwen.expr import XinwenExpr
from xinwen.ingest import ARTICLE_COLUMNS, expand_sources, read_articles
from xinwen.pool import get_threads, set_threads
from xinwen.quotes import quote_counts, quotes
from xinwen.sample import sample_path
from xinwen.scripts import convert
from xinwen.summary import summarize
from xinwen.tokens import (
    Segmenter,
    TokenOptions,
    cut,
    default_aliases,
    default_stopwords,
    keywords,
    term_counts,
    tokenize,
)
from xinwen.vectorizer import Vectorizer

__all__ = [
    "ARTICLE_COLUMNS",
    "ArticleError",
    "Corpus",
    "ForkError",
    "InvalidOptionError",
    "MissingFontError",
    "Segmenter",
    "SourceNotFoundError",
    "TokenOptions",
    "Vectorizer",
    "XinwenError",
    "XinwenExpr",
    "XinwenIOError",
    "XinwenWarning",
    "__version__",
    "convert",
    "cooccurrence",
    "cut",
    "default_aliases",
    "default_stopwords",
    "doc_term_matrix",
    "duplicates",
    "expand_sources",
    "get_threads",
    "keyness",
    "keywords",
    "kwic",
    "plot",
    "quote_counts",
    "quotes",
    "read_articles",
    "report",
    "sample_path",
    "scan_articles",
    "set_threads",
    "summarize",
    "term_counts",
    "term_trend",
    "to_networkx",
    "tokenize",
    "write_dataset",
]

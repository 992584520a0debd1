"""Analysis: term trends, co-occurrence, keyword in context, keyness, document-term matrices.

The counting runs in Rust over the tokens of :func:`xinwen.tokenize` (default options: stopwords
and punctuation dropped, aliases unified, one script); the aggregation over periods and groups
runs in Polars.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal, cast

import polars as pl

from xinwen import _core
from xinwen._defaults import TIMEZONE
from xinwen._fork import check_polars
from xinwen.corpus import Corpus, as_corpus
from xinwen.dedup import Dedup
from xinwen.errors import InvalidOptionError, XinwenWarning
from xinwen.tokens import (
    Segmenter,
    Stopwords,
    _require,
    _row_table,
    _segmenter,
    _with_article_meta,
)

__all__ = [
    "MEASURES",
    "cooccurrence",
    "doc_term_matrix",
    "keyness",
    "kwic",
    "term_trend",
    "to_networkx",
]

#: Measures of :func:`term_trend`.
MEASURES = ("count", "docs", "share_of_docs", "per_10k_tokens")
Measure = Literal["count", "docs", "share_of_docs", "per_10k_tokens"]
Terms = str | Sequence[str] | Mapping[str, Sequence[str]] | None

#: Tokens a co-occurrence window holds at most (a longer one is cut; see ``cooccurrence``).
MAX_WINDOW_TOKENS = 1000
#: Hits :func:`kwic` keeps unless told otherwise (``max_hits``).
MAX_KWIC_HITS = 100_000

_EVERY = re.compile(r"^[1-9][0-9]*(d|w|mo|q|y)$")
#: z of a two-sided 95% interval.
_Z = 1.959963984540054


#: The columns of :func:`term_trend` besides the ``by`` column (which follows ``period``) and the
#: interval ``lo``, ``hi`` of ``share_of_docs``.
TREND_COLUMNS = ("period", "term", "count", "docs", "total_tokens", "total_docs", "value")


#: What separates terms written in one string: commas and semicolons (ASCII and full-width),
#: the enumeration comma, a bar.
_SEPARATORS = re.compile(r"[,，、;；|]")
#: Whitespace between two Han characters: no token holds it (English phrases such as
#: "Xi Jinping" keep theirs).
_HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])")


def _one_term(term: str, name: str, *, as_what: str = "counted as one term") -> str:
    """``term``, refused when it is several terms written in one string (``"普京,习近平"``),
    which would be counted as one term that never occurs: a silent zero."""
    pieces = [p.strip() for p in _SEPARATORS.split(_HAN_SPACE.sub(",", term)) if p.strip()]
    if len(pieces) > 1:
        listed = "[" + ", ".join(json.dumps(p, ensure_ascii=False) for p in pieces) + "]"
        raise InvalidOptionError(
            f"{name} {term!r} is {len(pieces)} terms in one string, and would be {as_what} that "
            f"occurs nowhere; give them as a list: {name}={listed}"
        )
    return term


def _term_list(value: str | Sequence[str], name: str) -> list[str]:
    """A term or terms as a list, each checked by :func:`_one_term`."""
    listed = [value] if isinstance(value, str) else list(value)
    for t in listed:
        if not isinstance(t, str):
            raise TypeError(f"{name} must be a term or a list of terms, not {t!r}")
        _one_term(t, name)
    return listed


def _term_groups(terms: Terms, seg: Segmenter) -> list[tuple[str, list[str]]]:
    """(label, normalised member terms) in the order given."""
    if terms is None:
        return []
    items: list[tuple[object, list[object]]]
    if isinstance(terms, Mapping):
        items = [(str(k), list(_term_list(v, f"terms[{k!r}]"))) for k, v in terms.items()]
    elif isinstance(terms, (str, Sequence)):
        items = [(t, [t]) for t in _term_list(terms, "terms")]
    else:
        raise TypeError(f"terms must be a list, a dict of groups or None, not {terms!r}")
    groups = []
    for label, members in items:
        if not members:
            raise InvalidOptionError(f"term group {label!r} has no members")
        for t in (label, *members):
            if not isinstance(t, str):
                raise TypeError(f"terms must be strings, not {type(t).__name__} ({t!r})")
            if not t.strip():
                raise InvalidOptionError(f"terms must be non-empty, not {t!r}")
        groups.append((str(label), [seg._core.normalize_term(str(m)) for m in members]))
    if not groups:
        raise InvalidOptionError("terms is empty: give terms, a dict of groups, or None")
    return groups


def _focus_list(focus: object) -> list[str]:
    """``focus`` as a list of non-empty terms, else a clear error."""
    if isinstance(focus, str):
        items: list[object] = [focus]
    elif isinstance(focus, Sequence):
        items = list(focus)
    else:
        raise TypeError(
            f"focus must be a term, a list of terms or None, not {type(focus).__name__}"
        )
    if not items:
        raise InvalidOptionError("focus is empty: give a term, a list of terms, or None")
    for f in items:
        if not isinstance(f, str):
            raise TypeError(f"focus terms must be strings, not {type(f).__name__} ({f!r})")
        if not f.strip():
            raise InvalidOptionError(f"focus terms must be non-empty, not {f!r}")
    return [str(f) for f in items]


def _check_every(every: object) -> None:
    """Reject a period that is not a Polars calendar duration (d, w, mo, q, y)."""
    if not isinstance(every, str) or not _EVERY.match(every):
        raise InvalidOptionError(
            f"unknown every {every!r}: expected a Polars duration such as '1d', '1w', '1mo', "
            "'1q', '1y'"
        )


def _wilson(docs: pl.Expr, n: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    p = docs / n
    z2 = _Z * _Z
    denom = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denom
    half = _Z * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt()) / denom
    return center - half, center + half


def _smooth(col: str, k: int, keys: list[str]) -> pl.Expr:
    """Centred mean over k periods (offsets -k//2 .. k-1-k//2), nulls ignored; a period that is
    null (the group published nothing then) stays null, so smoothing never invents a value for
    a period without articles."""
    offsets = range(-(k // 2), k - k // 2)
    # The frame is sorted by period within each group, so shifts step through periods.
    shifted = [pl.col(col).shift(-o).over(keys) for o in offsets]
    present = [pl.col(col).shift(-o).over(keys).is_not_null() for o in offsets]
    n = pl.sum_horizontal(present)
    own = pl.col(col).is_not_null()
    return pl.when(own & (n > 0)).then(pl.sum_horizontal(shifted) / n).otherwise(None).alias(col)


def term_trend(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    terms: Terms = None,
    *,
    every: str = "1mo",
    by: str | None = None,
    measure: Measure = "per_10k_tokens",
    segmenter: Segmenter | None = None,
    top: int = 20,
    tz: str = TIMEZONE,
    smooth: int | None = None,
    field: str = "body",
    progress: bool = False,
    dedup: Dedup = "none",
) -> pl.DataFrame:
    """How often terms occur over time, per group, normalised by the group's own volume.

    Parameters
    ----------
    articles
        The frame from :func:`read_articles` (needs ``published_at``, the text ``field``, and the
        ``by`` column). Documents without a publication time are left out.
    terms
        Terms (any alias or script: they are normalised like tokens, and the output keeps the
        label given), a dict of groups
        (``{"中俄": ["中俄", "中俄关系"]}``: a group counts its members together), or ``None`` for
        the ``top`` most frequent terms.
    every
        Period length as a Polars duration: ``1d``, ``1w``, ``1mo``, ``1q``, ``1y`` (any multiple).
        Periods are calendar periods in ``tz``.
    by
        A column to split by (``"outlet"``), or ``None``.
    measure
        ``"count"`` (occurrences), ``"docs"`` (documents mentioning the term), ``"share_of_docs"``
        (docs / documents of the group in the period, with a 95% Wilson interval ``lo``/``hi``) or
        ``"per_10k_tokens"`` (count per 10,000 tokens of the group in the period).
    smooth
        Replace ``value`` (and ``lo``/``hi``) by a centred rolling mean over this many periods
        (offsets ``-k//2 .. k-1-k//2``), nulls ignored.
    progress
        Show a progress bar of documents counted.
    dedup
        Which copies of an article count (see :func:`~xinwen.duplicates`): ``"none"`` (the
        default) every file; ``"outlet"`` an article once per outlet, its earliest copy
        (re-posts within an outlet dropped, syndicated copies kept); ``"all"`` each cluster
        once.

    Returns
    -------
    polars.DataFrame
        ``period`` (Date, start of the period), the ``by`` column, ``term``, ``count``, ``docs``,
        ``total_tokens``, ``total_docs``, ``value`` and, for ``share_of_docs``, ``lo`` and ``hi``.
        Every period from the first to the last is present for every group and term, in order;
        where a group published nothing, ``value`` is null, not zero.

    Examples
    --------
    >>> import datetime as dt, polars as pl, xinwen
    >>> arts = pl.DataFrame({
    ...     "doc_id": ["a", "b", "c"],
    ...     "body": ["普京访华。", "蒲亭会见习近平。", "天气很好。"],
    ...     "published_at": [dt.datetime(2022, 1, 5), dt.datetime(2022, 3, 1), dt.datetime(2022, 3, 9)],
    ... }).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    >>> t = xinwen.term_trend(arts, ["普京"], measure="share_of_docs")  # 蒲亭 counts as 普京
    >>> t.select("period", "term", "docs", "total_docs", "value").rows()
    [(datetime.date(2022, 1, 1), '普京', 1, 1, 1.0), (datetime.date(2022, 2, 1), '普京', 0, 0, None), (datetime.date(2022, 3, 1), '普京', 1, 2, 0.5)]
    """
    check_polars("xinwen.term_trend")
    if not isinstance(measure, str) or measure not in MEASURES:
        allowed = ", ".join(repr(m) for m in MEASURES)
        raise InvalidOptionError(f"unknown measure {measure!r}: expected one of {allowed}")
    _check_every(every)
    if smooth is not None and (
        isinstance(smooth, bool) or not isinstance(smooth, int) or not 1 <= smooth < 2**63
    ):
        raise InvalidOptionError(
            f"smooth must be a positive number of periods or None, not {smooth!r}"
        )
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top < 2**63:
        raise InvalidOptionError(f"top must be a positive integer, not {top!r}")
    corpus = as_corpus(
        articles,
        segmenter=segmenter,
        field=field,
        what="term_trend",
        progress=progress,
        dedup=dedup,
    )
    rows, docs, arts = _dated(corpus, by, every, tz)
    groups = _term_groups(terms, corpus.segmenter)

    members = [m for _, ms in groups for m in ms]
    found = members or corpus._core.top_terms(rows, top)
    if not groups:
        groups = [(t, [t]) for t in found]
    counts, totals = _trend_counts(corpus, rows, docs, found, groups, by)
    schema_by = {by: arts.schema[by]} if by else {}
    return _trend_table(counts, totals, groups, by, schema_by, every, measure, smooth)


def _dated(
    corpus: Corpus, by: str | None, every: str, tz: str, *, require: bool = True
) -> tuple[list[int] | None, pl.DataFrame, pl.DataFrame]:
    """What :func:`term_trend` counts: the corpus rows of the dated articles (with a ``by``
    value), a frame of their ``_row`` (position among them), ``period`` and ``by``, and their
    articles. With ``require``, articles none of which is dated are an error (a part of a
    dataset, such as its undated ``year=0`` partition, may have none)."""
    cols = ["published_at", *([by] if by else [])]
    arts = _require(corpus.articles, *cols)
    dated = pl.col("published_at").is_not_null()
    if by:
        dated = dated & pl.col(by).is_not_null()
    keep = arts.select(dated.alias("k"))["k"]
    if require and arts.height and not keep.any():
        raise InvalidOptionError(
            "term_trend needs publication times, and published_at is null in every row"
            + (f" (or {by!r} is)" if by else "")
            + ": read the articles with read_articles, or set published_at"
        )
    rows = corpus._rows_where(keep)
    arts = arts.filter(keep)
    try:
        period = pl.col("published_at").dt.convert_time_zone(tz).dt.truncate(every).dt.date()
        docs = arts.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
            period.alias("period"),
            *([pl.col(by)] if by else []),
        )
    except pl.exceptions.ComputeError as e:
        raise InvalidOptionError(f"cannot use tz {tz!r}: {e}") from e
    return rows, docs, arts


def _trend_counts(
    corpus: Corpus,
    rows: list[int] | None,
    docs: pl.DataFrame,
    found: list[str],
    groups: list[tuple[str, list[str]]],
    by: str | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The counts of :func:`term_trend` over ``rows`` (``docs``: their ``_row``, ``period`` and
    ``by``): per (period, group, term) its occurrences and documents, and per (period, group) the
    tokens and documents. Both add up over disjoint sets of documents (a cluster's parts)."""
    counts_b, lengths_b = corpus._core.term_doc_counts(rows, found)
    label_of = pl.DataFrame(
        {
            "member": [m for _, ms in groups for m in ms],
            "term": [label for label, ms in groups for _ in ms],
        }
    ).unique(maintain_order=True)
    keys = ["period", *([by] if by else [])]

    counts = (
        pl.DataFrame(counts_b)
        .join(label_of, left_on="term", right_on="member", suffix="_label")
        .group_by("_row", "term_label")
        .agg(pl.col("count").sum())
        .rename({"term_label": "term"})
        .join(docs, on="_row")
        .group_by(*keys, "term")
        .agg(pl.col("count").sum(), pl.len().cast(pl.Int64).alias("docs"))
    )
    totals = (
        pl.DataFrame(lengths_b)
        .join(docs, on="_row")
        .group_by(*keys)
        .agg(
            pl.col("tokens").sum().alias("total_tokens"),
            pl.len().cast(pl.Int64).alias("total_docs"),
        )
    )
    return counts, totals


def _trend_table(
    counts: pl.DataFrame,
    totals: pl.DataFrame,
    groups: list[tuple[str, list[str]]],
    by: str | None,
    schema_by: dict[str, Any],
    every: str,
    measure: str,
    smooth: int | None,
) -> pl.DataFrame:
    """The frame of :func:`term_trend` from its counts (see :func:`_trend_counts`): every
    period of the span for every group and term, and the measure."""
    order = pl.DataFrame({"term": [g for g, _ in groups], "_order": range(len(groups))})
    keys = ["period", *([by] if by else [])]
    # Every (period, group) with a document has its totals.
    if totals.height == 0:
        grid = pl.DataFrame(schema={"period": pl.Date, **schema_by, "term": pl.String})
    else:
        first, last = cast(date, totals["period"].min()), cast(date, totals["period"].max())
        periods = pl.date_range(first, last, interval=every, eager=True).alias("period")
        grid = periods.to_frame()
        if by:
            grid = grid.join(totals.select(pl.col(by).unique().sort()), how="cross")
        grid = grid.join(order.select("term"), how="cross")

    out = (
        grid.join(totals, on=keys, how="left")
        .join(counts, on=[*keys, "term"], how="left")
        .join(order, on="term", how="left")
        .with_columns(
            pl.col("count", "docs", "total_tokens", "total_docs").fill_null(0).cast(pl.Int64)
        )
        .sort(*([by] if by else []), "_order", "period")
    )
    published = pl.col("total_docs") > 0
    values = {
        "count": pl.col("count").cast(pl.Float64),
        "docs": pl.col("docs").cast(pl.Float64),
        "share_of_docs": pl.col("docs") / pl.col("total_docs"),
        "per_10k_tokens": pl.when(pl.col("total_tokens") > 0)
        .then(10_000 * pl.col("count") / pl.col("total_tokens"))
        .otherwise(None),
    }
    out = out.with_columns(pl.when(published).then(values[measure]).otherwise(None).alias("value"))
    extra = []
    if measure == "share_of_docs":
        lo, hi = _wilson(pl.col("docs").cast(pl.Float64), pl.col("total_docs").cast(pl.Float64))
        out = out.with_columns(
            pl.when(published).then(lo).otherwise(None).alias("lo"),
            pl.when(published).then(hi).otherwise(None).alias("hi"),
        )
        extra = ["lo", "hi"]
    if smooth:
        part = [*([by] if by else []), "term"]
        out = out.with_columns(_smooth(c, smooth, part) for c in ["value", *extra])
    return out.select(TREND_COLUMNS[0], *([by] if by else []), *TREND_COLUMNS[1:], *extra)


def _warn_cut_windows(cut: int, stacklevel: int) -> None:
    """Say that ``cut`` windows were longer than the cap and were cut (nothing when none)."""
    if cut:
        warnings.warn(
            f"{cut:,} windows held more than {MAX_WINDOW_TOKENS:,} tokens (a sentence without "
            "punctuation, a book-length document) and were cut into windows of at most that "
            "many, so that the pairs counted stay bounded",
            XinwenWarning,
            stacklevel=stacklevel,
        )


def cooccurrence(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    *,
    window: Literal["sentence", "document"] | int = "sentence",
    focus: str | Sequence[str] | None = None,
    min_count: int = 5,
    top: int | None = None,
    segmenter: Segmenter | None = None,
    by: str | None = None,
    field: str = "body",
    progress: bool = False,
    dedup: Dedup = "none",
) -> pl.DataFrame:
    """Terms that occur together in windows, with PMI, NPMI and log-likelihood.

    Windows are the units of counting: ``n`` is the number of windows, ``count_a`` the number of
    windows holding ``term_a``, ``count`` the number holding both terms. With
    ``p = count / n``, ``p_a = count_a / n`` and ``p_b = count_b / n``:

    * ``pmi = ln(p / (p_a p_b))``;
    * ``npmi = pmi / -ln(p)`` (from -1, never together, through 0, independent, to 1, always
      together);
    * ``llr`` is Dunning's log-likelihood ratio G² = 2 Σ k ln(k n / (row col)) over the 2×2
      table of windows (both, a only, b only, neither); above 3.84 the association is
      significant at 5%, above 10.83 at 0.1%.

    Counting runs in Rust, in parallel, in two passes that keep memory bounded by the vocabulary.

    Parameters
    ----------
    window
        ``"sentence"``, ``"document"``, or an integer k ≥ 2: every run of k consecutive tokens
        of a document (stride 1; a shorter document is one window).
    focus
        A term or terms (any alias or script): only pairs with one of them, which comes first.
    min_count
        Terms and pairs in fewer windows are left out.
    top
        Keep the first ``top`` rows (per group with ``by``).
    by
        A column to compute separately for each of its values (``"outlet"``).
    progress
        Show a progress bar of documents read (two passes without ``focus``).
    dedup
        Which copies of an article count (see :func:`~xinwen.duplicates`): ``"none"`` (the
        default) every file; ``"outlet"`` an article once per outlet, its earliest copy
        (re-posts within an outlet dropped, syndicated copies kept); ``"all"`` each cluster
        once.

    Returns
    -------
    polars.DataFrame
        ``term_a``, ``term_b`` (``term_a < term_b`` unless ``term_a`` is the focus), ``count``,
        ``count_a``, ``count_b``, ``n``, ``pmi``, ``npmi``, ``llr``; sorted by ``llr`` descending.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({"doc_id": ["a", "b"], "body": ["普京会见习近平。中俄合作。", "习近平会见普京。"]})
    >>> pairs = xinwen.cooccurrence(arts, focus="蒲亭", min_count=2)
    >>> pairs.select("term_a", "term_b", "count", "count_a", "count_b", "n").rows()
    [('普京', '习近平', 2, 2, 2, 3), ('普京', '会见', 2, 2, 2, 3)]
    """
    check_polars("xinwen.cooccurrence")
    if isinstance(window, bool) or not (
        window in ("sentence", "document") or (isinstance(window, int) and 2 <= window < 2**63)
    ):
        raise InvalidOptionError(
            f"unknown window {window!r}: expected 'sentence', 'document' or a number of tokens >= 2"
        )
    if isinstance(min_count, bool) or not isinstance(min_count, int) or not 1 <= min_count < 2**63:
        raise InvalidOptionError(
            f"min_count must be a positive integer below 2**63, not {min_count!r}"
        )
    if top is not None and (
        isinstance(top, bool) or not isinstance(top, int) or not 1 <= top < 2**63
    ):
        raise InvalidOptionError(f"top must be a positive integer or None, not {top!r}")
    corpus = as_corpus(
        articles,
        segmenter=segmenter,
        field=field,
        what="cooccurrence",
        progress=progress,
        dedup=dedup,
    )
    arts = _require(corpus.articles, *([by] if by else []))
    seg = corpus.segmenter
    focus_terms = None
    if focus is not None:
        focus_terms = [seg._core.normalize_term(f) for f in _term_list(_focus_list(focus), "focus")]

    def run(rows: list[int] | None) -> pl.DataFrame:
        batch, cut = corpus._core.cooccurrence(
            rows, window=str(window), min_count=min_count, focus=focus_terms
        )
        _warn_cut_windows(cut, stacklevel=4)
        out = pl.DataFrame(batch)
        return out.head(top) if top else out

    if not by:
        return run(corpus._rows)
    keyed = arts.with_row_index("__xinwen_pos").filter(pl.col(by).is_not_null()).sort(by)
    parts = []
    for key, part in keyed.partition_by(by, as_dict=True, maintain_order=True).items():
        positions = part["__xinwen_pos"].to_list()
        rows = [corpus._rows[p] for p in positions] if corpus._rows is not None else positions
        parts.append(run(rows).select(pl.lit(key[0], dtype=arts.schema[by]).alias(by), pl.all()))
    if not parts:
        return run([]).select(pl.lit(None, dtype=arts.schema[by]).alias(by), pl.all())
    return pl.concat(parts)


def kwic(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    pattern: str | Sequence[str],
    *,
    window: int = 20,
    field: str = "body",
    regex: bool = False,
    normalize: bool = False,
    segmenter: Segmenter | None = None,
    max_hits: int | None = MAX_KWIC_HITS,
) -> pl.DataFrame:
    """Keyword in context: every match with the characters around it, up to ``max_hits``.

    Parameters
    ----------
    pattern
        A literal string (or several), or a regular expression with ``regex=True`` (Rust's
        ``regex`` syntax: linear time, no look-around).
    window
        Characters of context on each side.
    normalize
        Also match the other forms of the pattern's term: its traditional and simplified spellings
        and every alias of its canonical name (普京 also finds 普丁, 蒲亭 and Putin).
    max_hits
        Keep the first this many hits (in document then position order) and warn with
        :class:`~xinwen.XinwenWarning` when there were more, so that a pattern matching nearly
        everything (``"."`` as a regex) cannot exhaust memory; ``None`` keeps every hit.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``left``, ``match``, ``right``, ``start`` (character offset of the match in
        the field), then ``published_at``, ``outlet`` and ``title`` when the articles have them;
        in document then position order.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({"doc_id": ["a"], "body": ["俄罗斯总统蒲亭表示，双方关系没有上限。"]})
    >>> xinwen.kwic(arts, "普京", window=5, normalize=True).select("left", "match", "right").row(0)
    ('俄罗斯总统', '蒲亭', '表示，双方')
    """
    check_polars("xinwen.kwic")
    if isinstance(window, bool) or not isinstance(window, int) or not 0 <= window < 2**63:
        raise InvalidOptionError(
            f"window must be a number of characters >= 0 (below 2**63), not {window!r}"
        )
    if max_hits is not None and (
        isinstance(max_hits, bool) or not isinstance(max_hits, int) or not 1 <= max_hits < 2**63
    ):
        raise InvalidOptionError(f"max_hits must be a positive int or None, not {max_hits!r}")
    if isinstance(pattern, str):
        if not regex:
            # A literal with a separator inside is searched for as one list element: ["中方，"].
            _one_term(pattern, "pattern", as_what="searched for as one text")
        patterns = [pattern]
    elif isinstance(pattern, Sequence):
        patterns = list(pattern)
    else:
        raise TypeError(
            f"pattern must be a string or a list of strings, not {type(pattern).__name__}"
        )
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise InvalidOptionError("pattern must be a non-empty string or list of strings")
    if regex and (normalize or len(patterns) != 1):
        raise InvalidOptionError(
            "regex=True takes one pattern and cannot be combined with normalize"
        )
    if isinstance(articles, Corpus):
        articles, field, segmenter = articles._texts(segmenter, field, "kwic")
    arts = _require(articles, "doc_id", field)
    if normalize:
        seg = _segmenter(segmenter)
        table = {c: forms for c, _tag, forms in _core.default_aliases()}
        forms = set(patterns)
        for p in patterns:
            canonical = seg._core.normalize_term(p)
            forms |= {canonical, *table.get(canonical, [])}
        forms |= set(_core.convert_script(sorted(forms), "traditional"))
        forms |= set(_core.convert_script(sorted(forms), "simplified"))
        patterns = sorted(forms)
    cap = 2**63 - 1 if max_hits is None else max_hits
    batch, cut = _core.kwic(
        _row_table(arts, field), patterns, regex=regex, window=window, max_hits=cap
    )
    if cut:
        warnings.warn(
            f"kwic kept the first {cap:,} hits and left out the rest: raise max_hits "
            "(or pass max_hits=None) to see them all, or narrow the pattern",
            XinwenWarning,
            stacklevel=2,
        )
    return _with_article_meta(
        pl.DataFrame(batch), arts, ("doc_id", "left", "match", "right", "start")
    )


def keyness(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    target: pl.Expr,
    *,
    reference: pl.Expr | None = None,
    measure: Literal["llr", "chi2"] = "llr",
    top: int = 50,
    segmenter: Segmenter | None = None,
    field: str = "body",
    stopwords: Stopwords | Literal["segmenter"] = "segmenter",
    dedup: Dedup = "none",
) -> pl.DataFrame:
    """Terms over- and under-used in a target group against a reference.

    With ``a``, ``b`` a term's counts in target and reference and ``A``, ``B`` their token totals,
    the expected counts are ``E1 = A (a+b) / (A+B)`` and ``E2 = B (a+b) / (A+B)``:

    * ``llr = 2 (a ln(a/E1) + b ln(b/E2))`` (Dunning's log-likelihood, 0 ln 0 = 0);
    * ``chi2 = (A+B) (a(B-b) - b(A-a))² / ((a+b) (A+B-a-b) A B)`` (Pearson, no correction);
    * ``log_ratio = log2(((a + 0.5)/A) / ((b + 0.5)/B))``, the effect size (1 = twice as frequent).

    Parameters
    ----------
    target, reference
        Polars boolean expressions over the articles, e.g. ``pl.col("outlet") == "CNA"``; the
        reference is every other article by default.
    measure
        ``"llr"`` or ``"chi2"``: the statistic that ranks terms.
    top
        How many over-used and how many under-used terms to return.
    stopwords
        As in :func:`tokenize`: a list here can leave out wire bylines (中央社, 电) that would
        otherwise head an outlet's list.
    dedup
        Which copies of an article count (see :func:`~xinwen.duplicates`): ``"none"`` (the
        default) every file; ``"outlet"`` an article once per outlet, its earliest copy
        (re-posts within an outlet dropped, syndicated copies kept); ``"all"`` each cluster
        once.

    Returns
    -------
    polars.DataFrame
        ``term``, ``count_target``, ``count_reference``, ``per_10k_target``,
        ``per_10k_reference``, the measure (``llr`` or ``chi2``), ``log_ratio`` and ``direction``
        (``over`` or ``under``): the ``top`` over-used terms (strongest first), then the ``top``
        under-used ones.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({
    ...     "doc_id": ["a", "b", "c", "d"],
    ...     "outlet": ["CNA", "CNA", "RFI", "RFI"],
    ...     "body": ["蒲亭与台湾。", "台湾选举。", "普京与法国。", "法国选举。"],
    ... })
    >>> k = xinwen.keyness(arts, pl.col("outlet") == "CNA", top=1)
    >>> k.select("term", "direction").rows()
    [('台湾', 'over'), ('法国', 'under')]
    """
    check_polars("xinwen.keyness")
    if measure not in ("llr", "chi2"):
        raise InvalidOptionError(f"unknown measure {measure!r}: expected one of 'llr', 'chi2'")
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top < 2**63:
        raise InvalidOptionError(f"top must be a positive integer, not {top!r}")
    if not isinstance(target, pl.Expr) or (
        reference is not None and not isinstance(reference, pl.Expr)
    ):
        raise TypeError(
            "target and reference must be polars expressions, e.g. pl.col('outlet') == 'CNA'"
        )
    corpus = as_corpus(
        articles,
        segmenter=segmenter,
        field=field,
        what="keyness",
        stopwords=stopwords,
        dedup=dedup,
    )
    ref = reference if reference is not None else ~target
    try:
        sides = corpus.articles.select(
            target.fill_null(False).alias("_t"), ref.fill_null(False).alias("_r")
        )
    except pl.exceptions.PolarsError as e:
        raise InvalidOptionError(f"cannot evaluate target or reference: {e}") from e
    return _score_keyness(corpus, sides["_t"], sides["_r"], measure, top)


def _score_keyness(
    corpus: Corpus,
    target: pl.Series,
    reference: pl.Series,
    measure: str,
    top: int,
    leave_out: Sequence[str] = (),
) -> pl.DataFrame:
    """Keyness of the documents where ``target`` holds against those where ``reference``
    does; shared by :func:`keyness` and the report, which asks it of one corpus many times.
    Terms in ``leave_out`` are counted as stopwords are: not at all."""
    per_term = pl.DataFrame(
        corpus._core.two_totals(corpus._rows_where(target), corpus._rows_where(reference))
    )
    return _keyness_table(per_term, measure, top, leave_out)


def _keyness_table(
    per_term: pl.DataFrame, measure: str, top: int, leave_out: Sequence[str] = ()
) -> pl.DataFrame:
    """Keyness from each term's tokens in the target (``a``) and the reference (``b``): counts
    that add up over a cluster's parts, scored once they are merged."""
    if leave_out:
        per_term = per_term.filter(~pl.col("term").is_in(list(leave_out)))
    big_a = float(per_term["a"].sum())
    big_b = float(per_term["b"].sum())
    if big_a == 0 or big_b == 0:
        raise InvalidOptionError(
            "the target or the reference has no tokens: check the expressions select articles"
        )
    a, b = pl.col("a").cast(pl.Float64), pl.col("b").cast(pl.Float64)
    n = big_a + big_b
    e1 = big_a * (a + b) / n
    e2 = big_b * (a + b) / n

    def xlogx(k: pl.Expr, e: pl.Expr) -> pl.Expr:
        return pl.when(k > 0).then(k * (k / e).log()).otherwise(0.0)

    stats = {
        "llr": 2 * (xlogx(a, e1) + xlogx(b, e2)),
        # A term that is every token of both sides makes the formula 0/0; its shares (both 1)
        # do not differ, so it scores 0.
        "chi2": pl.when((n - a - b) > 0)
        .then(
            n * (a * (big_b - b) - b * (big_a - a)) ** 2 / ((a + b) * (n - a - b) * big_a * big_b)
        )
        .otherwise(0.0),
    }
    scored = per_term.filter((pl.col("a") + pl.col("b")) > 0).with_columns(
        stats[measure].alias(measure),
        (((a + 0.5) / big_a) / ((b + 0.5) / big_b)).log(2).alias("log_ratio"),
        # Compared exactly on integers: a / A > b / B (floating division can tie either way).
        pl.when(pl.col("a").cast(pl.Int64) * int(big_b) > pl.col("b").cast(pl.Int64) * int(big_a))
        .then(pl.lit("over"))
        .otherwise(pl.lit("under"))
        .alias("direction"),
        (10_000 * a / big_a).alias("per_10k_target"),
        (10_000 * b / big_b).alias("per_10k_reference"),
    )
    cols = [
        pl.col("term"),
        pl.col("a").cast(pl.Int64).alias("count_target"),
        pl.col("b").cast(pl.Int64).alias("count_reference"),
        "per_10k_target",
        "per_10k_reference",
        measure,
        "log_ratio",
        "direction",
    ]
    # The strongest `top` of each direction (ties by term): a partial selection, then a sort
    # of those few, instead of sorting every term.
    ranked = [
        scored.filter(pl.col("direction") == d)
        .top_k(top, by=[measure, "term"], reverse=[False, True])
        .sort([measure, "term"], descending=[True, False])
        .select(cols)
        for d in ("over", "under")
    ]
    return pl.concat(ranked)


def doc_term_matrix(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    *,
    min_df: int | float = 2,
    max_df: int | float = 0.9,
    segmenter: Segmenter | None = None,
    field: str = "body",
    dedup: Dedup = "none",
) -> tuple[Any, list[str], list[str]]:
    """A sparse document-term count matrix for scikit-learn (LDA, NMF, TF-IDF).

    Parameters
    ----------
    min_df, max_df
        Keep terms in at least ``min_df`` and at most ``max_df`` documents; an integer is a number
        of documents, a float in (0, 1] a fraction of them.
    dedup
        Which copies of an article count (see :func:`~xinwen.duplicates`): ``"none"`` (the
        default) every file; ``"outlet"`` an article once per outlet, its earliest copy
        (re-posts within an outlet dropped, syndicated copies kept); ``"all"`` each cluster
        once.

    Returns
    -------
    (matrix, vocabulary, doc_ids)
        A ``scipy.sparse.csr_matrix`` of shape (documents, terms) with int64 counts, rows in the
        order of ``articles``; the vocabulary sorted ascending; the documents' ids.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({"doc_id": ["a", "b", "c"], "body": ["普京访华。", "普京会见习近平。", "习近平访俄。"]})
    >>> m, vocab, ids = xinwen.doc_term_matrix(arts, min_df=2, max_df=1.0)
    >>> vocab, m.toarray().tolist()
    (['习近平', '普京'], [[0, 1], [1, 1], [1, 0]])
    """
    check_polars("xinwen.doc_term_matrix")
    try:
        import numpy as np
        import scipy.sparse  # type: ignore[import-untyped]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("doc_term_matrix needs scipy: pip install scipy") from e
    corpus = as_corpus(
        articles, segmenter=segmenter, field=field, what="doc_term_matrix", dedup=dedup
    )
    n_docs = len(corpus)

    def bound(x: int | float, name: str) -> float:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or x < 0:
            raise InvalidOptionError(f"{name} must be a count or a fraction, not {x!r}")
        if isinstance(x, float):
            if x > 1.0:
                raise InvalidOptionError(f"{name} as a fraction must be in [0, 1], not {x!r}")
            return x * n_docs
        return float(x)

    lo, hi = bound(min_df, "min_df"), bound(max_df, "max_df")
    if lo > hi:
        raise InvalidOptionError(
            f"min_df={min_df!r} keeps terms in at least {lo:g} documents and max_df={max_df!r} "
            f"in at most {hi:g}: no term can be kept; lower min_df or raise max_df"
        )
    vocab, indptr, cells = corpus._core.csr(corpus._rows, lo, hi)
    cells = pl.DataFrame(cells)
    matrix = scipy.sparse.csr_matrix(
        (
            cells["data"].to_numpy(),
            cells["indices"].to_numpy(),
            pl.DataFrame(indptr)["indptr"].to_numpy(),
        ),
        shape=(n_docs, len(vocab)),
        dtype=np.int64,
    )
    return matrix, vocab, corpus.articles["doc_id"].to_list()


def to_networkx(cooc: pl.DataFrame, weight: str = "npmi") -> Any:
    """A networkx graph of a :func:`cooccurrence` frame: terms as nodes, pairs as edges.

    Every numeric column becomes an edge attribute; ``weight`` names the one copied to the
    ``weight`` attribute, a strength: the larger, the stronger the link. Algorithms that read
    weights as strengths want ``weight="weight"`` (community detection such as
    ``louvain_communities``, ``pagerank``, weighted degree). Algorithms that read them as lengths
    (``shortest_path``, ``betweenness_centrality``, ``closeness_centrality``) would take the
    strongest links as the longest: give them ``weight="distance"``, which every edge also
    carries: ``1 - npmi`` for NPMI (0 for terms always together, 2 for never), and
    ``1 / weight`` for the unbounded positive scores (``llr``, ``count``, ``pmi`` > 0; an edge
    whose score is not positive gets an infinite distance).

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({"doc_id": ["a", "b"], "body": ["普京会见习近平。", "习近平会见普京。"]})
    >>> g = xinwen.to_networkx(xinwen.cooccurrence(arts, min_count=1))
    >>> sorted(g.nodes), round(g["普京"]["习近平"]["weight"], 3), g["普京"]["习近平"]["distance"]
    (['习近平', '会见', '普京'], 1.0, 0.0)
    """
    try:
        import networkx as nx  # type: ignore[import-untyped]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_networkx needs networkx: pip install networkx") from e
    if weight not in cooc.columns:
        raise InvalidOptionError(
            f"weight {weight!r} is not a column; the frame has {', '.join(cooc.columns)}"
        )
    graph = nx.Graph()
    numeric = [c for c, t in cooc.schema.items() if t.is_numeric()]
    for row in cooc.iter_rows(named=True):
        attrs: dict[str, Any] = {c: row[c] for c in numeric}
        attrs["weight"] = row[weight]
        attrs["distance"] = _distance(row[weight], weight)
        graph.add_edge(row["term_a"], row["term_b"], **attrs)
    return graph


def _distance(strength: float | None, name: str) -> float:
    """An edge length for networkx's path algorithms: short for strong links."""
    if strength is None or math.isnan(strength):
        return math.inf
    if name == "npmi":
        return max(0.0, 1.0 - float(strength))
    return 1.0 / float(strength) if strength > 0 else math.inf

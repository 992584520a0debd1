"""Who said what: quotations with their speakers, and who is quoted how often."""

from __future__ import annotations

from typing import Literal

import polars as pl

from . import _core
from ._fork import check_polars
from .corpus import Corpus
from .dedup import Dedup, _check_dedup, kept
from .errors import InvalidOptionError
from .tokens import Segmenter, _require, _row_table, _segmenter, _with_article_meta

__all__ = ["quote_counts", "quotes"]

QUOTE_COLUMNS = (
    "doc_id",
    "quote_id",
    "speaker",
    "speaker_raw",
    "verb",
    "quote",
    "kind",
    "start",
    "end",
    "sent_id",
)


def quotes(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    *,
    field: str = "body",
    segmenter: Segmenter | None = None,
    dedup: Dedup = "none",
) -> pl.DataFrame:
    """Quotations: one row per piece of attributed speech, with its speaker.

    A quotation is speech attributed by a verb of saying (说, 表示, 指出, 强调, 称, 认为, 宣布,
    透露, 警告, 回应, 写道, … in either script; ``said``, ``told``, ``according to`` in English
    passages) to a speaker: a person, a pronoun resolved to one, a role, an institution or a
    document. Marks around a term that nothing attributes (“一带一路”) are not quotations.

    Parameters
    ----------
    articles
        Articles (from :func:`~xinwen.read_articles`) or a :class:`~xinwen.Corpus` holding
        its texts.
    field
        The text column.
    segmenter
        Its alias table makes 習近平, 习近平 and Xi Jinping one speaker; default: the default one.
    dedup
        ``"none"`` reads every file; ``"outlet"`` leaves out an outlet's re-posts of one
        article, ``"all"`` every later copy (see :func:`~xinwen.duplicates`).

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``quote_id`` (0, 1, … within a document), ``speaker`` (canonical: alias
        table, simplified; a pronoun resolved to the nearest person quoted or named before it;
        null when no speaker was found), ``speaker_raw`` (as written), ``verb`` (as written;
        null for a paragraph that goes on the quotation before it), ``quote`` (the words),
        ``kind`` (``direct`` inside quote marks, ``indirect`` reported speech, ``mixed``
        reported speech with a quoted piece), ``start`` / ``end`` (character offsets into the
        text), ``sent_id`` (the sentence, as in :func:`~xinwen.tokenize`), then
        ``published_at``, ``outlet`` and ``title`` when the articles have them.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({"doc_id": ["a"], "body": ["蒲亭說：「我們不會讓步。」他還表示，雙方將繼續對話。"]})
    >>> xinwen.quotes(arts).select("speaker", "speaker_raw", "kind", "quote").rows()
    [('普京', '蒲亭', 'direct', '我們不會讓步。'), ('普京', '他', 'indirect', '雙方將繼續對話')]
    """
    check_polars("xinwen.quotes")
    _check_dedup(dedup)
    if isinstance(articles, Corpus):
        articles, field, segmenter = articles._texts(segmenter, field, "quotes")
    if not isinstance(field, str):
        raise TypeError(f"field must be a column name, not {type(field).__name__}")
    arts = _require(articles, "doc_id", field)
    if dedup != "none":
        arts = arts.filter(kept(arts, dedup, field=field))
    seg = _segmenter(segmenter)
    found = pl.DataFrame(_core.quotes(_row_table(arts, field), seg._core))
    return _with_article_meta(found, arts, QUOTE_COLUMNS).with_columns(
        pl.col(c).cast(pl.String) for c in ("speaker", "speaker_raw", "verb", "quote")
    )


def quote_counts(
    quotes: pl.DataFrame,
    *,
    every: str | None = "1mo",
    by: str | None = None,
    top: int | None = 10,
    kind: Literal["all", "direct", "indirect", "mixed"] = "all",
) -> pl.DataFrame:
    """How often each speaker is quoted per period (and per ``by`` group, e.g. ``"outlet"``).

    Parameters
    ----------
    quotes
        From :func:`quotes`, with ``published_at``.
    every
        Period length in Polars' duration syntax (``"1mo"``, ``"1w"``, ``"1y"``); ``None``
        counts the whole span as one (no ``period`` column).
    by
        A further column to count within (``"outlet"``).
    top
        Keep the ``top`` speakers by total quotations (``None``: all).
    kind
        Count only quotations of this kind.

    Returns
    -------
    polars.DataFrame
        ``period`` (unless ``every=None``), [``by``], ``speaker``, ``quotes`` (quotations), ``articles`` (articles
        quoting the speaker), and ``share``: the speaker's part of all quotations of the
        period (and group), so outlets of different volume compare.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> from datetime import datetime, timezone
    >>> arts = pl.DataFrame({"doc_id": ["a", "b"], "body": ["普京说，俄方愿意合作。", "习近平指出，双方要加强协调。"],
    ...                      "published_at": [datetime(2024, 1, 5, tzinfo=timezone.utc)] * 2})
    >>> xinwen.quote_counts(xinwen.quotes(arts)).select("speaker", "quotes", "share").sort("speaker").rows()
    [('习近平', 1, 0.5), ('普京', 1, 0.5)]
    """
    check_polars("xinwen.quote_counts")
    if not isinstance(quotes, pl.DataFrame):
        raise TypeError(
            f"quotes must be a polars DataFrame (from xinwen.quotes), not {type(quotes).__name__}"
        )
    need = ["doc_id", "speaker", "kind", "published_at"] + ([by] if by is not None else [])
    missing = [c for c in need if c not in quotes.columns]
    if missing:
        raise InvalidOptionError(f"quote_counts needs the columns {need}; missing {missing}")
    if kind not in ("all", "direct", "indirect", "mixed"):
        raise InvalidOptionError(
            f"kind must be one of 'all', 'direct', 'indirect', 'mixed', not {kind!r}"
        )
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise InvalidOptionError(f"top must be a positive int or None, not {top!r}")
    q = quotes.filter(pl.col("speaker").is_not_null() & pl.col("published_at").is_not_null())
    if kind != "all":
        q = q.filter(pl.col("kind") == kind)
    if every is not None and not isinstance(every, str):
        raise TypeError(f"every must be a duration string such as '1mo', or None, not {every!r}")
    keys = ([] if every is None else ["period"]) + ([by] if by is not None else [])
    if every is not None:
        q = q.with_columns(pl.col("published_at").dt.truncate(every).alias("period"))
    counts = q.group_by([*keys, "speaker"]).agg(
        pl.len().alias("quotes"), pl.col("doc_id").n_unique().alias("articles")
    )
    total = pl.col("quotes").sum()
    counts = counts.with_columns(
        (pl.col("quotes") / (total.over(keys) if keys else total)).alias("share")
    )
    if top is not None:
        keep = (
            q.group_by("speaker")
            .agg(pl.len().alias("n"))
            .sort(["n", "speaker"], descending=[True, False])
        ).head(top)["speaker"]
        counts = counts.filter(pl.col("speaker").is_in(keep.implode()))
    return counts.sort(
        [*keys, "quotes", "speaker"], descending=[False] * len(keys) + [True, False]
    ).select(*keys, "speaker", "quotes", "articles", "share")

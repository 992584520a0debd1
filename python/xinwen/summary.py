"""Overview tables of a read archive."""

from __future__ import annotations

import polars as pl

from xinwen._defaults import TIMEZONE
from xinwen._fork import check_polars

__all__ = ["summarize"]


def summarize(articles: pl.DataFrame, *, tz: str = TIMEZONE) -> pl.DataFrame:
    """Count articles by layout, outlet and month of publication, with their status.

    Parameters
    ----------
    articles
        The frame from :func:`xinwen.read_articles`.
    tz
        Zone in which months are cut.

    Returns
    -------
    polars.DataFrame
        ``layout``, ``outlet``, ``month`` (``YYYY-MM``, null when undated), ``articles``, ``ok``,
        ``partial``, ``error`` and ``chars`` (body characters), sorted by the first three.

    Examples
    --------
    >>> import xinwen
    >>> s = xinwen.summarize(xinwen.read_articles(xinwen.sample_path()))
    >>> s.columns[:4]
    ['layout', 'outlet', 'month', 'articles']
    """
    check_polars("xinwen.summarize")
    if isinstance(articles, pl.LazyFrame):
        articles = articles.collect()
    if not isinstance(articles, pl.DataFrame):
        raise TypeError(
            "articles must be a polars DataFrame from xinwen.read_articles, not "
            f"{type(articles).__name__}"
        )
    month = pl.col("published_at").dt.convert_time_zone(tz).dt.strftime("%Y-%m").alias("month")
    return (
        articles.group_by("layout", "outlet", month)
        .agg(
            pl.len().alias("articles"),
            (pl.col("status") == "ok").sum().alias("ok"),
            (pl.col("status") == "partial").sum().alias("partial"),
            (pl.col("status") == "error").sum().alias("error"),
            pl.col("n_chars").sum().alias("chars"),
        )
        .sort("layout", "outlet", "month", nulls_last=True)
    )

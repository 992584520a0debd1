"""Duplicate articles: exact copies, re-posts within an outlet, and syndicated copies.

Real archives hold the same article several times: the same link archived under several files,
re-posts with new dates and revised titles, one wire story reprinted by many outlets. The
clustering runs in Rust (MinHash over character shingles with LSH banding, in parallel, with
memory linear in the number of documents); see :func:`duplicates` for the rules.
"""

from __future__ import annotations

from typing import Literal, get_args

import polars as pl

from xinwen import _core
from xinwen.errors import InvalidOptionError
from xinwen.tokens import _require, _text

__all__ = ["DEDUP_MODES", "KINDS", "Dedup", "apply_dedup", "duplicates", "kept", "shingles"]

Dedup = Literal["none", "outlet", "all"]
#: Values of the ``dedup=`` option: count every file, each article once per outlet, or each
#: cluster once.
DEDUP_MODES: tuple[str, ...] = get_args(Dedup)
#: Values of the ``kind`` column of :func:`duplicates`.
KINDS = ("original", "exact", "repost", "syndicated")


def _check_int(name: str, value: object, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidOptionError(f"{name} must be an integer from {lo} to {hi}, not {value!r}")


def duplicates(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    threshold: float = 0.8,
    field: str = "body",
    k: int = 5,
    num_perm: int = 128,
    min_chars: int = 50,
) -> pl.DataFrame:
    """Cluster exact copies and near duplicates: one row per article, in the articles' order.

    Two bodies are compared as *normalised text*: whitespace, punctuation and symbols dropped,
    full-width letters and digits folded to ASCII, letters lower-cased (Han characters are kept
    as written, so a traditional-script copy of a simplified article is another text). Their
    similarity is the Jaccard index of their *shingles*, the distinct runs of ``k``
    consecutive characters of that text (:func:`shingles`).

    - **Exact copies**: rows with the same ``doc_id`` (byte-identical files share one) or the
      same normalised text. Similarity 1.0, never estimated.
    - **Near duplicates**: a MinHash signature of ``num_perm`` bins per distinct text
      (one-permutation hashing with densification: one hash a shingle), cut into LSH bands
      chosen so that a pair at ``threshold`` is proposed with probability 0.995 or more; every
      candidate whose signatures nearly agree is verified exactly (its shingle sets rebuilt
      and compared) and kept when the Jaccard is at least ``threshold``.
    - **Clusters** gather around their earliest member: texts, earliest first, join the
      earliest cluster whose first text they are a near duplicate of, or start their own. So
      every member is within ``threshold`` of the first, two members within
      ``2 * threshold - 1`` of each other, and copies of copies that drifted further do not
      chain.
    - Bodies shorter than ``min_chars`` normalised characters (a video stub, a caption) are
      only exact copies of rows with the same ``doc_id``: they say too little to match on.

    Parameters
    ----------
    articles
        The frame from :func:`~xinwen.read_articles`, or any frame with the text ``field``.
        Optional columns: ``doc_id`` (identity of bytes; results carry it in its own dtype,
        else the row number), ``published_at`` (who came first), ``path`` (ties of time),
        ``outlet`` (re-post or syndication; a null outlet is one unknown outlet).
    threshold
        Estimated Jaccard at or above which two bodies are near duplicates, in (0, 1].
    field
        The text column compared.
    k, num_perm, min_chars
        Characters per shingle, MinHash bins (16 to 1024), and the shortest body (normalised
        characters) matched on its text.

    Returns
    -------
    polars.DataFrame
        ``doc_id``; ``cluster_id`` (u32, clusters numbered from 0 in the order of their first
        members); ``first_doc_id``, the cluster's earliest member (by ``published_at``, nulls
        last, then ``path``, then row order); ``similarity``, the Jaccard of the shingle
        sets to that member's, computed exactly (1.0 for it and its exact copies); and
        ``kind``:

        - ``original``: the cluster's first member (every article without duplicates too);
        - ``syndicated``: the first member from its outlet, which is not the first member's
          outlet: the story published elsewhere;
        - ``exact``: a later copy of an earlier member from the same outlet, with the same
          normalised text or bytes;
        - ``repost``: a later near duplicate of an earlier member from the same outlet.

        ``dedup="outlet"`` keeps ``original`` and ``syndicated`` rows; ``dedup="all"`` keeps
        ``original`` rows.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> story = "国家主席习近平在人民大会堂同俄罗斯总统普京举行会谈，两国元首一致同意继续深化全面战略协作伙伴关系，并就乌克兰问题交换了意见。"
    >>> arts = pl.DataFrame({
    ...     "doc_id": ["a", "b", "c", "d"],
    ...     "outlet": ["新华网", "新华网", "CNA", "RFI"],
    ...     "published_at": [1, 2, 3, 4],
    ...     "body": [story, story + "（完）", story.replace("，", ", "), "法国总统马克龙周二在爱丽舍宫会见德国总理朔尔茨，双方讨论了欧盟预算和能源价格问题。"],
    ... })
    >>> xinwen.duplicates(arts).select("doc_id", "first_doc_id", "kind").rows()
    [('a', 'a', 'original'), ('b', 'a', 'repost'), ('c', 'a', 'syndicated'), ('d', 'd', 'original')]
    """
    if not isinstance(field, str):
        raise TypeError(f"field must be a column name, not {type(field).__name__}")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise InvalidOptionError(f"threshold must be a number in (0, 1], not {threshold!r}")
    if not 0 < threshold <= 1:
        raise InvalidOptionError(f"threshold must be in (0, 1], not {threshold!r}")
    _check_int("k", k, 1, 64)
    _check_int("num_perm", num_perm, 16, 1024)
    _check_int("min_chars", min_chars, 0, 2**31)
    arts = _require(articles, field)
    cols = arts.columns
    n = arts.height
    keys = ["published_at"] if "published_at" in cols else []
    keys += ["path"] if "path" in cols else []
    index = pl.int_range(pl.len(), dtype=pl.UInt32).alias("__xinwen_row")
    ranked = arts.select([*keys, index]).sort(
        [*keys, "__xinwen_row"], nulls_last=True, maintain_order=True
    )
    order = ranked.get_column("__xinwen_row").arg_sort().cast(pl.UInt64)
    none = pl.Series([None] * n, dtype=pl.String)
    table = pl.DataFrame(
        {
            "text": _text(arts, field),
            "key": arts.get_column("doc_id").cast(pl.String) if "doc_id" in cols else none,
            "outlet": arts.get_column("outlet").cast(pl.String) if "outlet" in cols else none,
            "order": order,
        }
    )
    out = pl.DataFrame(
        _core.duplicates(
            table, threshold=float(threshold), k=k, num_perm=num_perm, min_chars=min_chars
        )
    )
    ids = (
        arts.get_column("doc_id")
        if "doc_id" in cols
        else pl.Series("doc_id", range(n), dtype=pl.UInt32)
    )
    return pl.DataFrame(
        [
            ids.alias("doc_id"),
            out.get_column("cluster_id"),
            ids.gather(out.get_column("first")).alias("first_doc_id"),
            out.get_column("similarity"),
            out.get_column("kind"),
        ]
    )


def shingles(text: str, *, k: int = 5) -> set[str]:
    """The shingles :func:`duplicates` compares: the distinct runs of ``k`` characters of the
    normalised text (the whole text when shorter; none when empty).

    Examples
    --------
    >>> sorted(shingles("普京：“访华。”", k=3))
    ['京访华', '普京访']
    """
    (norm,) = _core.dedup_normalize([text])
    if not norm:
        return set()
    if len(norm) < k:
        return {norm}
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def _check_dedup(dedup: object) -> None:
    if dedup not in DEDUP_MODES:
        raise InvalidOptionError(
            f"unknown dedup {dedup!r}: expected one of {', '.join(map(repr, DEDUP_MODES))}"
        )


def apply_dedup(articles: pl.DataFrame, dedup: Dedup, *, field: str = "body") -> pl.DataFrame:
    """The articles counted under ``dedup``: ``"none"`` every row; ``"outlet"`` each article
    once per outlet (re-posts and exact copies within an outlet dropped, its earliest copy
    kept; syndicated copies kept, since each is a publication); ``"all"`` each cluster once
    (its first member).

    Examples
    --------
    >>> import polars as pl
    >>> body = "国家主席习近平在人民大会堂同俄罗斯总统普京举行会谈，两国元首一致同意继续深化全面战略协作伙伴关系，并就乌克兰问题交换了意见。"
    >>> arts = pl.DataFrame({"doc_id": [1, 2, 3], "outlet": ["A", "A", "B"], "body": [body] * 3})
    >>> [apply_dedup(arts, d).height for d in ("none", "outlet", "all")]
    [3, 2, 1]
    """
    return articles.filter(kept(articles, dedup, field=field))


def kept(articles: pl.DataFrame, dedup: Dedup, *, field: str = "body") -> pl.Series:
    """The boolean mask of the rows :func:`apply_dedup` keeps."""
    _check_dedup(dedup)
    if dedup == "none":
        return pl.Series("kept", [True] * articles.height, dtype=pl.Boolean)
    kinds = duplicates(articles, field=field).get_column("kind")
    keep = ("original", "syndicated") if dedup == "outlet" else ("original",)
    return kinds.is_in(keep).alias("kept")

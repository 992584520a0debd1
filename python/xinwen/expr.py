"""The ``xinwen`` namespace of Polars expressions: ``pl.col("body").xinwen.cut()``,
``.xinwen.normalize()``, ``.xinwen.convert()`` and ``.xinwen.script()``, registered when :mod:`xinwen` is imported.

Each runs in Rust over a whole column at a time (``map_batches``, elementwise, with its return
dtype declared), so it works in lazy queries, ``with_columns`` and ``group_by`` alike.

Type checkers cannot see an attribute that Polars adds at run time, so ``pl.col("body").xinwen``
is unknown to mypy. The namespace is the class :class:`XinwenExpr` applied to an expression;
written that way it is fully typed and gives the very same expression::

    from xinwen import XinwenExpr
    pl.col("body").xinwen.cut()      # at run time
    XinwenExpr(pl.col("body")).cut()  # the same, and typed for mypy and pyright
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from xinwen import _core
from xinwen.errors import InvalidOptionError
from xinwen.scripts import TARGETS, Target
from xinwen.tokens import (
    SCRIPTS,
    Mode,
    Script,
    Segmenter,
    Stopwords,
    TokenOptions,
    _choice,
    _compiled,
    _segmenter,
)

__all__ = ["XinwenExpr"]


def _texts(s: pl.Series, what: str) -> pl.DataFrame:
    """The series as the one-column frame of text the core reads."""
    if s.dtype in (pl.Categorical, pl.Null) or isinstance(s.dtype, pl.Enum):
        s = s.cast(pl.String)
    if s.dtype != pl.String:
        raise InvalidOptionError(f"xinwen.{what} works on text, not on a column of {s.dtype}")
    return s.to_frame()


def _column(batch: _core.ArrowBatch, name: str) -> pl.Series:
    return pl.DataFrame(batch).to_series().alias(name)


@pl.api.register_expr_namespace("xinwen")
class XinwenExpr:
    """xinwen's functions on a Polars expression of text (``pl.col("body").xinwen``).

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> df = pl.DataFrame({"body": ["俄羅斯總統普丁會見習近平。", None]})
    >>> df.select(pl.col("body").xinwen.cut())["body"].to_list()
    [['俄罗斯', '总统', '普京', '会见', '习近平'], None]
    """

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def cut(
        self,
        *,
        segmenter: Segmenter | None = None,
        mode: Mode = "accurate",
        keep_punct: bool = False,
        stopwords: Stopwords | Literal["segmenter"] = "segmenter",
        script: Script | Literal["segmenter"] = "segmenter",
    ) -> pl.Expr:
        """The counted tokens of every text, as a ``List(String)`` (null for a null text): what
        :func:`~xinwen.cut` gives for each, cut in parallel.

        Examples
        --------
        >>> import polars as pl, xinwen
        >>> lf = pl.LazyFrame({"title": ["普京访华", "拜登会见普京"]})
        >>> lf.select(pl.col("title").xinwen.cut().list.len()).collect()["title"].to_list()
        [2, 3]
        """
        options = TokenOptions(mode=mode, keep_punct=keep_punct, stopwords=stopwords, script=script)
        seg = _segmenter(segmenter)

        def run(s: pl.Series) -> pl.Series:
            batch = _core.cut_texts(_texts(s, "cut"), seg._core, _compiled(options))
            return _column(batch, s.name)

        return self._expr.map_batches(run, return_dtype=pl.List(pl.String), is_elementwise=True)

    def normalize(self, *, script: Script = "simplified") -> pl.Expr:
        """Every text as the segmenter sees it before cutting: full-width letters and digits as
        ASCII, the ideographic space a space, name dots (``•``, ``‧``, ``・``) as ``·``, and the
        script converted (``"simplified"``: OpenCC's traditional-to-simplified phrase tables;
        ``"mainland"``: also Taiwan's vocabulary as the mainland's; ``"original"``: unchanged).
        Aliases are not applied (they are a matter of tokens: see :meth:`cut`).

        Examples
        --------
        >>> import polars as pl, xinwen
        >>> df = pl.DataFrame({"body": ["習近平　會見ＡＢＣ記者", "網路軟體"]})
        >>> df.select(pl.col("body").xinwen.normalize())["body"].to_list()
        ['习近平 会见ABC记者', '网路软体']
        >>> df.select(pl.col("body").xinwen.normalize(script="mainland"))["body"].to_list()[1]
        '网络软件'
        """
        _choice("script", script, SCRIPTS)

        def run(s: pl.Series) -> pl.Series:
            return _column(_core.normalize_texts(_texts(s, "normalize"), script), s.name)

        return self._expr.map_batches(run, return_dtype=pl.String, is_elementwise=True)

    def convert(self, *, to: Target = "simplified") -> pl.Expr:
        """Every text converted to another script: :func:`~xinwen.convert` for a column.

        Examples
        --------
        >>> import polars as pl, xinwen
        >>> df = pl.DataFrame({"body": ["台灣的網路", None]})
        >>> df.select(pl.col("body").xinwen.convert(to="mainland"))["body"].to_list()
        ['台湾的网络', None]
        """
        _choice("target", to, TARGETS)

        def run(s: pl.Series) -> pl.Series:
            s = s.cast(pl.String)
            valid = s.drop_nulls().to_list()
            out = iter(_core.convert_script(valid, to))
            return pl.Series(
                s.name, [None if v is None else next(out) for v in s.to_list()], pl.String
            )

        return self._expr.map_batches(run, return_dtype=pl.String, is_elementwise=True)

    def script(self) -> pl.Expr:
        """The writing system of every text: ``"hans"`` (simplified, also for Han text without a
        character proper to either script), ``"hant"`` (traditional), ``"mixed"`` or ``"none"``
        (no Han characters): the ``script`` column of :func:`~xinwen.read_articles`, for any
        text.

        Examples
        --------
        >>> import polars as pl, xinwen
        >>> df = pl.DataFrame({"body": ["习近平会见记者", "習近平會見記者", "Xi met reporters"]})
        >>> df.select(pl.col("body").xinwen.script())["body"].to_list()
        ['hans', 'hant', 'none']
        """

        def run(s: pl.Series) -> pl.Series:
            return _column(_core.detect_scripts(_texts(s, "script")), s.name)

        return self._expr.map_batches(run, return_dtype=pl.String, is_elementwise=True)

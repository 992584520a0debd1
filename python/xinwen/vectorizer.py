"""A vectorizer in scikit-learn's terms: a vocabulary fitted on some documents, counts of it in
others, counted in Rust.

:class:`Vectorizer` follows ``sklearn.feature_extraction.text.CountVectorizer`` (``fit``,
``transform``, ``vocabulary_``, ``min_df``, ``max_df``, ``max_features``, ``ngram_range``,
``binary``, ``dtype``) with xinwen's tokens as the analyzer. scikit-learn is not needed to use
it: it implements the estimator conventions (``get_params``, ``set_params``, tags) itself, so
that ``clone``, ``Pipeline`` and ``GridSearchCV`` take it when scikit-learn is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from numbers import Integral
from typing import Any, Literal

import polars as pl

from xinwen import _core
from xinwen.errors import InvalidOptionError
from xinwen.tokens import (
    Mode,
    Script,
    Segmenter,
    Stopwords,
    TokenOptions,
    _compiled,
    _require,
    _segmenter,
    _text,
)

__all__ = ["Vectorizer"]

_PARAMS = (
    "binary",
    "dtype",
    "field",
    "keep_punct",
    "max_df",
    "max_features",
    "min_df",
    "mode",
    "ngram_range",
    "script",
    "segmenter",
    "stopwords",
    "vocabulary",
)

_TAGS_CLASS: Any = None


def _not_fitted(what: str) -> Exception:
    """scikit-learn's ``NotFittedError`` where scikit-learn is installed (it subclasses
    ``ValueError``, as :class:`~xinwen.InvalidOptionError` does)."""
    message = (
        f"this Vectorizer is not fitted yet: call fit before {what}, or give a fixed "
        "vocabulary=[...]"
    )
    try:
        from sklearn.exceptions import NotFittedError  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - depends on the environment
        return InvalidOptionError(message)
    error: Exception = NotFittedError(message)
    return error


class Vectorizer:
    """Counts of token n-grams per document, as a sparse matrix for scikit-learn.

    The tokens are xinwen's counted tokens (:func:`~xinwen.cut`: simplified, lower case,
    aliases unified, stopwords and punctuation dropped); an n-gram is ``n`` consecutive tokens of
    a document joined by one space. The result of :meth:`transform` equals scikit-learn's
    ``CountVectorizer(analyzer=xinwen.cut, vocabulary=v.vocabulary_)`` on the same documents,
    counted in Rust in parallel instead of a Python call per document.

    Parameters
    ----------
    field
        The text column when documents come as an articles frame.
    segmenter, mode, keep_punct, stopwords, script
        How tokens are cut and counted, as in :func:`~xinwen.tokenize`.
    ngram_range
        ``(min_n, max_n)``: count n-grams of ``min_n`` to ``max_n`` tokens.
    min_df, max_df
        Keep terms in at least ``min_df`` and at most ``max_df`` of the documents :meth:`fit`
        reads: an integer is a number of documents, a float in [0, 1] a fraction of them
        (scikit-learn's rule).
    max_features
        Keep at most this many terms: the most frequent (summed counts) among those ``min_df``
        and ``max_df`` keep, ties to the earlier term.
    vocabulary
        A fixed vocabulary (a list of terms, or a mapping term → column): nothing is learnt.
        Terms are matched as counted forms (normalised tokens joined by one space).
    binary
        Count 1 for every term present (then ``max_features`` ranks by documents).
    dtype
        The matrix's dtype (a numpy dtype or its name).

    Attributes
    ----------
    vocabulary_
        ``dict`` term → column, columns in ascending term order when learnt.
    fixed_vocabulary_
        Whether the vocabulary was given rather than learnt.

    Examples
    --------
    >>> import pickle, xinwen
    >>> v = xinwen.Vectorizer(min_df=2).fit(["普京访华。", "普京会见习近平。", "习近平访俄。"])
    >>> v.get_feature_names_out().tolist()
    ['习近平', '普京']
    >>> v.transform(["普丁會見習近平，習近平歡迎普丁。"]).toarray().tolist()
    [[2, 2]]
    >>> pickle.loads(pickle.dumps(v)).vocabulary_ == v.vocabulary_
    True
    """

    vocabulary_: dict[str, int]
    fixed_vocabulary_: bool

    def __init__(
        self,
        *,
        field: str = "body",
        segmenter: Segmenter | None = None,
        mode: Mode = "accurate",
        keep_punct: bool = False,
        stopwords: Stopwords | Literal["segmenter"] = "segmenter",
        script: Script | Literal["segmenter"] = "segmenter",
        ngram_range: tuple[int, int] = (1, 1),
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        max_features: int | None = None,
        vocabulary: Mapping[str, int] | Iterable[str] | None = None,
        binary: bool = False,
        dtype: Any = "int64",
    ) -> None:
        # Stored as given and checked when fitting (scikit-learn's convention: clone and
        # set_params rely on it).
        self.field = field
        self.segmenter = segmenter
        self.mode = mode
        self.keep_punct = keep_punct
        self.stopwords = stopwords
        self.script = script
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.vocabulary = vocabulary
        self.binary = binary
        self.dtype = dtype

    # -- scikit-learn's estimator conventions ---------------------------------------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters, by name (scikit-learn's ``get_params``).

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Vectorizer(min_df=2).get_params()["min_df"]
        2
        """
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> Vectorizer:
        """Set parameters by name (scikit-learn's ``set_params``); returns the vectorizer.

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Vectorizer().set_params(max_features=100).max_features
        100
        """
        for name, value in params.items():
            if name not in _PARAMS:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator Vectorizer. Valid parameters "
                    f"are: {sorted(_PARAMS)!r}."
                )
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self) -> Any:
        """A transformer's tags, taking text (read by scikit-learn 1.6 and later)."""
        global _TAGS_CLASS
        if _TAGS_CLASS is None:
            from sklearn.base import (  # type: ignore[import-untyped]
                BaseEstimator,
                TransformerMixin,
            )

            class _Tags(TransformerMixin, BaseEstimator):  # type: ignore[misc]
                pass

            _TAGS_CLASS = _Tags
        tags = _TAGS_CLASS().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "vocabulary_")

    def __repr__(self) -> str:
        defaults = Vectorizer()
        changed = [
            f"{n}={getattr(self, n)!r}"
            for n in _PARAMS
            if not _same(getattr(self, n), getattr(defaults, n))
        ]
        return f"Vectorizer({', '.join(changed)})"

    # -- fitting and counting -------------------------------------------------------------------

    def fit(self, raw_documents: Any, y: Any = None) -> Vectorizer:
        """Learn the vocabulary of ``raw_documents`` (a list of strings, or an articles frame
        whose ``field`` holds the text).

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Vectorizer(ngram_range=(2, 2)).fit(["普京会见习近平。"]).vocabulary_
        {'会见 习近平': 0, '普京 会见': 1}
        """
        self._learn(raw_documents, matrix=False)
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn the vocabulary and return the counts of ``raw_documents``, tokenizing once.

        Returns
        -------
        scipy.sparse.csr_matrix
            Documents × terms, columns in the order of :attr:`vocabulary_`.

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Vectorizer().fit_transform(["普京访华。", "普京。"]).toarray().tolist()
        [[1, 1], [1, 0]]
        """
        return self._learn(raw_documents, matrix=True)

    def transform(self, raw_documents: Any) -> Any:
        """Count the fitted vocabulary in ``raw_documents``; terms outside it are not counted.

        Returns
        -------
        scipy.sparse.csr_matrix
            Documents × terms, columns in the order of :attr:`vocabulary_`.

        Examples
        --------
        >>> import xinwen
        >>> v = xinwen.Vectorizer(vocabulary=["普京", "拜登"])
        >>> v.transform(["拜登会见普京，普京致辞。"]).toarray().tolist()
        [[2, 1]]
        """
        if not hasattr(self, "vocabulary_"):
            if self.vocabulary is None:
                raise _not_fitted("transform")
            self._fix_vocabulary()
        table = self._table(raw_documents)
        seg, options, ngram = self._token_state()
        terms = self.get_feature_names_out().tolist()
        indptr, cells = _core.vectorize_transform(
            table,
            seg._core,
            options,
            ngram_range=ngram,
            binary=self._binary(),
            vocabulary=terms,
        )
        return self._matrix(indptr, cells, table.height, len(terms))

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        """The terms, in column order, as a numpy array of strings (scikit-learn's method).

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Vectorizer().fit(["普京访华。"]).get_feature_names_out().tolist()
        ['普京', '访华']
        """
        import numpy as np

        if not hasattr(self, "vocabulary_"):
            if self.vocabulary is None:
                raise _not_fitted("get_feature_names_out")
            self._fix_vocabulary()
        names = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return np.asarray(names, dtype=object)

    # -- helpers ----------------------------------------------------------------------------------

    def _binary(self) -> bool:
        if not isinstance(self.binary, bool):
            raise TypeError(f"binary must be True or False, not {self.binary!r}")
        return self.binary

    def _token_state(self) -> tuple[Segmenter, Any, tuple[int, int]]:
        options = TokenOptions(
            mode=self.mode, keep_punct=self.keep_punct, stopwords=self.stopwords, script=self.script
        )
        r = self.ngram_range
        if (
            not isinstance(r, tuple)
            or len(r) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in r)
            or not 1 <= r[0] <= r[1]
        ):
            raise InvalidOptionError(
                f"ngram_range must be a tuple (min_n, max_n) with 1 <= min_n <= max_n, not {r!r}"
            )
        return _segmenter(self.segmenter), _compiled(options), (int(r[0]), int(r[1]))

    def _table(self, raw_documents: Any) -> pl.DataFrame:
        """The documents as a one-column frame of text for the core."""
        if isinstance(raw_documents, (pl.DataFrame, pl.LazyFrame)):
            if not isinstance(self.field, str):
                raise TypeError(f"field must be a column name, not {self.field!r}")
            articles = _require(raw_documents, self.field)
            return _text(articles, self.field).to_frame()
        if isinstance(raw_documents, pl.Series):
            return _text(raw_documents.to_frame(), raw_documents.name).to_frame()
        if isinstance(raw_documents, (str, bytes)):
            raise InvalidOptionError(
                "Vectorizer takes many documents (a list of strings or an articles frame), not "
                f"one string: write [{raw_documents!r}]"
            )
        if not isinstance(raw_documents, Iterable):
            raise TypeError(
                "Vectorizer takes a list of strings or an articles frame, not "
                f"{type(raw_documents).__name__}"
            )
        docs = list(raw_documents)
        for i, d in enumerate(docs):
            if not isinstance(d, str):
                raise TypeError(f"document {i} is a {type(d).__name__}, not a string: {d!r}")
        return pl.Series("text", docs, dtype=pl.String).to_frame()

    def _bounds(self, n_docs: int) -> tuple[float, float, int | None]:
        """``min_df``, ``max_df`` in documents, and ``max_features``, checked."""

        def docs(value: object, name: str) -> float:
            if isinstance(value, bool) or not isinstance(value, (int, float, Integral)):
                raise InvalidOptionError(
                    f"{name} must be a number of documents (int >= 1) or a fraction (float in "
                    f"[0, 1]), not {value!r}"
                )
            if isinstance(value, Integral):
                if value < 1:
                    raise InvalidOptionError(
                        f"{name}={value!r}: a number of documents is at least 1 (a fraction is "
                        "a float, such as 0.0)"
                    )
                return float(value)
            if not 0.0 <= value <= 1.0:
                raise InvalidOptionError(f"{name}={value!r}: a fraction must be in [0, 1]")
            return float(value) * n_docs

        limit = self.max_features
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, Integral) or limit < 1
        ):
            raise InvalidOptionError(f"max_features must be None or an int >= 1, not {limit!r}")
        return (
            docs(self.min_df, "min_df"),
            docs(self.max_df, "max_df"),
            None if limit is None else int(limit),
        )

    def _fix_vocabulary(self) -> None:
        vocab = self.vocabulary
        if isinstance(vocab, (str, bytes)):
            raise InvalidOptionError(
                f"vocabulary must be a list of terms or a mapping, not one string: write "
                f"[{vocab!r}]"
            )
        if isinstance(vocab, Mapping):
            mapping = {}
            for term, col in vocab.items():
                if not isinstance(term, str):
                    raise TypeError(f"vocabulary terms must be strings, not {term!r}")
                if isinstance(col, bool) or not isinstance(col, Integral):
                    raise TypeError(f"vocabulary columns must be integers, not {col!r}")
                mapping[term] = int(col)
            cols = set(mapping.values())
            if len(cols) != len(mapping):
                raise InvalidOptionError("the vocabulary maps two terms to one column")
            for i in range(len(mapping)):
                if i not in cols:
                    raise InvalidOptionError(
                        f"the vocabulary of {len(mapping)} terms lacks column {i}: columns must "
                        f"be 0..{len(mapping) - 1}"
                    )
        elif isinstance(vocab, Iterable):
            mapping = {}
            for term in vocab:
                if not isinstance(term, str):
                    raise TypeError(f"vocabulary terms must be strings, not {term!r}")
                if term in mapping:
                    raise InvalidOptionError(f"the vocabulary holds {term!r} twice")
                mapping[term] = len(mapping)
        else:
            raise TypeError(f"vocabulary must be a list of terms or a mapping, not {vocab!r}")
        if not mapping:
            raise InvalidOptionError("the vocabulary is empty")
        self.vocabulary_ = mapping
        self.fixed_vocabulary_ = True

    def _learn(self, raw_documents: Any, *, matrix: bool) -> Any:
        if self.vocabulary is not None:
            self._fix_vocabulary()
            return self.transform(raw_documents) if matrix else None
        table = self._table(raw_documents)
        seg, options, ngram = self._token_state()
        lo, hi, limit = self._bounds(table.height)
        terms, parts = _core.vectorize_fit(
            table,
            seg._core,
            options,
            ngram_range=ngram,
            binary=self._binary(),
            min_df=lo,
            max_df=hi,
            max_features=limit,
            matrix=matrix,
        )
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        self.fixed_vocabulary_ = False
        if parts is None:
            return None
        return self._matrix(parts[0], parts[1], table.height, len(terms))

    def _matrix(self, indptr: Any, cells: Any, n_rows: int, n_cols: int) -> Any:
        try:
            import numpy as np
            import scipy.sparse  # type: ignore[import-untyped]
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Vectorizer needs numpy and scipy: pip install 'xinwen[ml]'") from e
        try:
            dtype = np.dtype(self.dtype)
        except TypeError as e:
            raise InvalidOptionError(f"dtype {self.dtype!r} is not a numpy dtype") from e
        cells = pl.DataFrame(cells)
        data = cells["data"].to_numpy()
        return scipy.sparse.csr_matrix(
            (
                data if dtype == data.dtype else data.astype(dtype),
                cells["indices"].to_numpy(),
                pl.DataFrame(indptr)["indptr"].to_numpy(),
            ),
            shape=(n_rows, n_cols),
            dtype=dtype,
        )


def _same(a: object, b: object) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:  # an array or another value without a plain ==
        return a is b

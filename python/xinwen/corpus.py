"""A corpus tokenized once, and asked many questions.

A :class:`Corpus` holds the counted tokens of every document in Rust memory (term ids, four bytes
a token, with sentence boundaries) next to the articles' own columns. Every analysis takes a
Corpus wherever it takes an articles frame and gives the same result to the last digit: given a
frame, the analysis builds a Corpus of it first and answers from that.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl

from xinwen import _core
from xinwen._progress import with_progress
from xinwen.dedup import Dedup, apply_dedup, kept
from xinwen.errors import InvalidOptionError
from xinwen.tokens import (
    Mode,
    Script,
    Segmenter,
    Stopwords,
    TokenOptions,
    _require,
    _row_table,
    _segmenter,
)

__all__ = ["Corpus"]

#: Version of the saved layout; a later xinwen reads what an earlier one wrote.
FORMAT = 1
_FILES = ("meta.json", "documents.parquet", "vocabulary.parquet", "sentences.parquet")


def _fingerprint(seg: Segmenter) -> str:
    """A stable digest of a segmenter's configuration (user words, aliases, stopwords, ...)."""
    return hashlib.sha256(repr(seg._spec).encode()).hexdigest()[:16]


class Corpus:
    """Articles tokenized once: every analysis reads the tokens instead of cutting the text again.

    Parameters
    ----------
    articles
        The frame from :func:`~xinwen.read_articles`, or any frame with the text ``field`` (and
        ``doc_id``, which results carry in its own dtype; without it, the row number).
        All its columns are kept (``published_at``, ``outlet``, ...: what analyses group by),
        without a copy.
    field
        The text column to tokenize.
    segmenter, mode, pos, keep_punct, stopwords, script
        As in :func:`~xinwen.tokenize` (see :class:`~xinwen.TokenOptions`). ``pos=True`` keeps
        part-of-speech tags (one byte a token), which TextRank keywords need.
    progress
        Show a progress bar of documents tokenized.
    dedup
        Which copies of an article the corpus holds (see :func:`~xinwen.duplicates`):
        ``"none"`` (the default) every row; ``"outlet"`` each article once per outlet, its
        earliest copy (re-posts and exact copies within an outlet dropped, syndicated copies in
        other outlets kept, since each is a publication); ``"all"`` each cluster once.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> arts = pl.DataFrame({
    ...     "doc_id": [1, 2, 3],
    ...     "outlet": ["CNA", "CNA", "RFI"],
    ...     "body": ["蒲亭會見習近平。", "普京访华。", "普京与马克龙通话。"],
    ... })
    >>> corpus = xinwen.Corpus(arts)
    >>> len(corpus), corpus.vocabulary.row(0)
    (3, ('普京', 3, 3))
    >>> len(corpus.filter(pl.col("outlet") == "CNA"))
    2
    """

    __slots__ = ("_core", "_docs", "_field", "_options", "_rows", "_segmenter")

    _core: Any
    _docs: pl.DataFrame
    _field: str
    _options: TokenOptions
    _rows: list[int] | None
    _segmenter: Segmenter

    def __init__(
        self,
        articles: pl.DataFrame | pl.LazyFrame,
        *,
        field: str = "body",
        segmenter: Segmenter | None = None,
        mode: Mode = "accurate",
        pos: bool = False,
        keep_punct: bool = False,
        stopwords: Stopwords | Literal["segmenter"] = "segmenter",
        script: Script | Literal["segmenter"] = "segmenter",
        progress: bool = False,
        dedup: Dedup = "none",
    ) -> None:
        if not isinstance(field, str):
            raise TypeError(f"field must be a column name, not {type(field).__name__}")
        options = TokenOptions(
            mode=mode, pos=pos, keep_punct=keep_punct, stopwords=stopwords, script=script
        )
        seg = _segmenter(segmenter)
        arts = apply_dedup(_require(articles, field), dedup, field=field)
        table = _row_table(arts, field)
        core = with_progress(
            lambda p: _core.Corpus(table, seg._core, options._core(), progress=p),
            enabled=bool(progress),
            desc="tokenizing",
            unit="docs",
        )
        self._set(core, arts, field, options, None, seg)

    def _set(
        self,
        core: Any,
        docs: pl.DataFrame,
        field: str,
        options: TokenOptions,
        rows: list[int] | None,
        seg: Segmenter,
    ) -> None:
        object.__setattr__(self, "_core", core)
        object.__setattr__(self, "_docs", docs)
        object.__setattr__(self, "_field", field)
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_segmenter", seg)

    @classmethod
    def _view(cls, base: Corpus, positions: Sequence[int], docs: pl.DataFrame) -> Corpus:
        rows = [base._rows[p] for p in positions] if base._rows is not None else list(positions)
        new = cls.__new__(cls)
        new._set(base._core, docs, base._field, base._options, rows, base._segmenter)
        return new

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Corpus is immutable: filter() gives a sub-corpus")

    def __len__(self) -> int:
        return self._docs.height

    def __repr__(self) -> str:
        return (
            f"Corpus({len(self):,} documents, field={self._field!r}, {self._options!r}, "
            f"{self._segmenter!r})"
        )

    @property
    def articles(self) -> pl.DataFrame:
        """The documents' columns, in corpus order."""
        return self._docs

    @property
    def options(self) -> TokenOptions:
        """How the corpus was tokenized."""
        return self._options

    @property
    def segmenter(self) -> Segmenter:
        """The segmenter the corpus was tokenized with: analyses normalise terms with it."""
        return self._segmenter

    @property
    def field(self) -> str:
        """The text column that was tokenized."""
        return self._field

    @property
    def vocabulary(self) -> pl.DataFrame:
        """``term``, ``docs`` (documents holding it), ``count`` (tokens), most frequent first
        (ties by term), over the corpus's documents."""
        return pl.DataFrame(self._core.vocabulary(self._rows)).sort(
            ["count", "term"], descending=[True, False]
        )

    @property
    def n_tokens(self) -> int:
        """Counted tokens of the corpus's documents."""
        return int(pl.DataFrame(self._core.totals(self._rows))["count"].sum())

    def bytes_per_token(self) -> float:
        """Memory the tokens take in Rust per token (term ids, sentence and document bounds)."""
        return float(self._core.bytes_per_token())

    def filter(self, *predicates: pl.Expr) -> Corpus:
        """The documents matching ``predicates`` (Polars expressions over :attr:`articles`),
        without tokenizing again.

        Examples
        --------
        >>> import polars as pl, xinwen
        >>> c = xinwen.Corpus(pl.DataFrame({"doc_id": ["a", "b"], "y": [2023, 2024], "body": ["甲。", "乙。"]}))
        >>> c.filter(pl.col("y") == 2024).articles["doc_id"].to_list()
        ['b']
        """
        if not predicates or not all(isinstance(p, pl.Expr) for p in predicates):
            raise TypeError("filter takes polars expressions, e.g. pl.col('outlet') == 'CNA'")
        indexed = self._docs.with_row_index("__xinwen_pos")
        try:
            kept = indexed.filter(*predicates)
        except pl.exceptions.PolarsError as e:
            raise InvalidOptionError(f"cannot filter the corpus: {e}") from e
        positions = kept["__xinwen_pos"].to_list()
        return Corpus._view(self, positions, kept.drop("__xinwen_pos"))

    def _rows_where(self, mask: pl.Series) -> list[int]:
        """Corpus rows of the documents where ``mask`` holds."""
        positions = mask.arg_true().to_list()
        return [self._rows[p] for p in positions] if self._rows is not None else positions

    def term_counts(self) -> pl.DataFrame:
        """``doc_id``, ``term``, ``count``: what :func:`~xinwen.term_counts` gives, read from
        the tokens."""
        out = pl.DataFrame(self._core.doc_term_counts(self._rows))
        if "doc_id" not in self._docs.columns:
            return out.select(pl.col("_row").alias("doc_id"), "term", "count")
        ids = self._docs.get_column("doc_id").gather(out.get_column("_row"))
        return out.select(ids.alias("doc_id"), "term", "count")

    def _check(self, segmenter: Segmenter | None, field: str | None, what: str) -> None:
        if segmenter is not None and segmenter != self._segmenter:
            raise InvalidOptionError(
                f"{what}: the corpus was tokenized with {self._segmenter!r}, not {segmenter!r}; "
                "build a Corpus with that segmenter, or leave segmenter out"
            )
        if field is not None and field != self._field:
            raise InvalidOptionError(
                f"{what}: the corpus holds the tokens of {self._field!r}, not {field!r}"
            )

    def _texts(
        self, segmenter: Segmenter | None, field: str, what: str
    ) -> tuple[pl.DataFrame, str, Segmenter]:
        """The articles, text field and segmenter of a call that reads the texts themselves
        (``kwic``, ``quotes``): checked against the corpus, and refused when it was saved
        without its texts."""
        # A field left at its default means the corpus's own.
        self._check(segmenter, None if field == "body" else field, what)
        if self._field not in self._docs.columns:
            raise InvalidOptionError(
                f"{what} needs the text: this corpus was saved without it (save(..., bodies=True))"
            )
        return self.articles, self._field, self._segmenter

    # -----------------------------------------------------------------------------------------
    # Saving and loading

    def _tables(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The vocabulary (``term_id``, ``term``, ``docs``, ``count``) and sentence (``doc``,
        ``terms``) tables of the corpus's documents, term ids as the core numbers them."""
        sub = self._core.select(self._rows) if self._rows is not None else self._core
        terms = sub.terms()
        vocab = pl.DataFrame(sub.vocabulary(None))
        index = pl.DataFrame(
            {"term": terms, "term_id": range(len(terms))},
            schema={"term": pl.String, "term_id": pl.UInt32},
        )
        vocabulary = (
            index.join(vocab, on="term", how="left")
            .with_columns(pl.col("docs", "count").fill_null(0))
            .select("term_id", "term", "docs", "count")
        )
        sentences = pl.DataFrame(sub.sentences(None)).rename({"_row": "doc"})
        return vocabulary, sentences

    def _meta(self) -> dict[str, Any]:
        """How the corpus was tokenized, as plain data."""
        return _meta(self._field, self._options, self._segmenter)

    def save(self, path: str | os.PathLike[str], *, bodies: bool = False) -> None:
        """Write the corpus as Parquet files in the folder ``path`` (created if missing), each
        readable by Polars or DuckDB on its own: ``documents.parquet`` (the articles' columns;
        the text column only with ``bodies=True``), ``vocabulary.parquet`` (``term_id``,
        ``term``, ``docs``, ``count``), ``sentences.parquet`` (``doc``, the document's position,
        and ``terms``, the term ids of one sentence) and ``meta.json`` (how it was tokenized).

        Part-of-speech tags (``pos=True``) are not saved: a corpus built with them is refused.

        Examples
        --------
        >>> import polars as pl, tempfile, xinwen
        >>> c = xinwen.Corpus(pl.DataFrame({"doc_id": ["a"], "body": ["普京访华。"]}))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     c.save(d)
        ...     xinwen.Corpus.load(d).vocabulary.equals(c.vocabulary)
        True
        """
        if self._options.pos:
            raise InvalidOptionError(
                "a corpus built with pos=True cannot be saved: its tags are not part of the "
                "saved layout; build it with pos=False to save it"
            )
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        docs = self._docs if bodies else self._docs.drop(self._field)
        vocabulary, sentences = self._tables()
        meta = {
            **self._meta(),
            "documents": len(self),
            "tokens": int(vocabulary["count"].sum()),
            "bodies": bool(bodies),
        }
        for name, frame in (
            ("documents.parquet", docs),
            ("vocabulary.parquet", vocabulary),
            ("sentences.parquet", sentences),
        ):
            frame.write_parquet(folder / name)
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2))

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        segmenter: Segmenter | None = None,
        where: pl.Expr | None = None,
        bodies: bool = False,
    ) -> Corpus:
        """Read a corpus without reading any text again: a folder written by :meth:`save`, or a
        dataset written by :func:`~xinwen.write_dataset` (its ``corpus/`` tables and the
        articles beside them).

        ``segmenter`` must be the one the corpus was built with (analyses normalise the terms
        they are asked about with it); ``None`` is the default segmenter, and a corpus built
        with another one is refused. ``where`` keeps the documents it holds for: a Polars
        expression over the articles' columns and, for a dataset, its partition keys
        (``pl.col("year") == 2024``). ``bodies`` also reads a dataset's text column (for
        :func:`~xinwen.kwic`); a saved corpus has it only when saved with ``bodies=True``.

        Examples
        --------
        >>> import tempfile, polars as pl, xinwen
        >>> out = tempfile.mkdtemp()
        >>> _ = xinwen.write_dataset(xinwen.sample_path(), out)
        >>> whole = xinwen.Corpus(xinwen.read_articles(xinwen.sample_path()))
        >>> loaded = xinwen.Corpus.load(out)
        >>> len(loaded) == len(whole), loaded.vocabulary.equals(whole.vocabulary)
        (True, True)
        >>> len(xinwen.Corpus.load(out, where=pl.col("year") == 2025)) < len(loaded)
        True
        """
        if where is not None and not isinstance(where, pl.Expr):
            raise TypeError(f"where must be a polars expression, not {type(where).__name__}")
        folder = Path(path)
        if (folder / "corpus" / "meta.json").exists() and (folder / "articles").is_dir():
            return cls._load_dataset(folder, segmenter, where, bodies)
        missing = [f for f in _FILES if not (folder / f).exists()]
        if missing:
            raise InvalidOptionError(
                f"{str(folder)!r} is neither a saved corpus nor a dataset written with tokens: "
                f"it lacks {', '.join(missing)}"
            )
        meta = _read_meta(folder / "meta.json")
        seg, field, options = _check_meta(meta, folder, segmenter)
        docs = pl.read_parquet(folder / "documents.parquet")
        vocab = pl.read_parquet(folder / "vocabulary.parquet").sort("term_id")
        sentences = pl.read_parquet(folder / "sentences.parquet")
        core = _from_tables(vocab, sentences, docs.height)
        new = cls.__new__(cls)
        new._set(core, docs, field, options, None, seg)
        return new.filter(where) if where is not None else new

    @classmethod
    def _load_dataset(
        cls, root: Path, segmenter: Segmenter | None, where: pl.Expr | None, bodies: bool
    ) -> Corpus:
        meta = _read_meta(root / "corpus" / "meta.json")
        seg, field, options = _check_meta(meta, root, segmenter)
        arts = root / "articles"
        files = sorted(arts.rglob("part-*.parquet"))
        if not files:
            docs = pl.DataFrame()
            new = cls.__new__(cls)
            new._set(_core.Corpus.concat([]), docs, field, options, None, seg)
            return new
        scan = pl.scan_parquet(
            [str(f) for f in files], hive_partitioning=True, include_file_paths="__xinwen_file"
        )
        if not bodies:
            scan = scan.drop(field, strict=False)
        scan = scan.with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).over("__xinwen_file").alias("__xinwen_pos"),
            pl.len().over("__xinwen_file").alias("__xinwen_n"),
        )
        if where is not None:
            scan = scan.filter(where)
        try:
            docs = scan.collect()
        except pl.exceptions.PolarsError as e:
            raise InvalidOptionError(f"cannot select from the dataset in {str(root)!r}: {e}") from e
        parts = []
        for (name,), group in docs.group_by("__xinwen_file", maintain_order=True):
            rel = Path(str(name)).relative_to(arts)
            vocab = pl.read_parquet(root / "corpus" / "vocabulary" / rel).sort("term_id")
            sentences = pl.read_parquet(root / "corpus" / "sentences" / rel)
            core = _from_tables(vocab, sentences, int(group["__xinwen_n"][0]))
            parts.append(core.select(group["__xinwen_pos"].to_list()))
        new = cls.__new__(cls)
        docs = docs.drop("__xinwen_file", "__xinwen_pos", "__xinwen_n")
        new._set(_core.Corpus.concat(parts), docs, field, options, None, seg)
        return new


def _meta(field: str, options: TokenOptions, seg: Segmenter) -> dict[str, Any]:
    """How a corpus of ``field`` is tokenized with ``options`` and ``seg``, as plain data (what
    ``meta.json`` records and a loaded corpus is checked against)."""
    return {
        "format": FORMAT,
        "xinwen": _core.__version__,
        "field": field,
        "options": {**options.__dict__, "stopwords": _plain(options.stopwords)},
        "segmenter": _fingerprint(seg),
    }


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InvalidOptionError(f"cannot read the corpus description {str(path)!r}: {e}") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else None
        raise InvalidOptionError(
            f"{str(path)!r} describes a corpus of format {got!r}; this xinwen reads format {FORMAT}"
        )
    return meta


def _check_meta(
    meta: dict[str, Any], folder: Path, segmenter: Segmenter | None
) -> tuple[Segmenter, str, TokenOptions]:
    seg = _segmenter(segmenter)
    if meta.get("segmenter") != _fingerprint(seg):
        raise InvalidOptionError(
            f"the corpus in {str(folder)!r} was tokenized with another segmenter than "
            f"{seg!r}: pass the segmenter it was built with"
        )
    opts = dict(meta["options"])
    if isinstance(opts.get("stopwords"), list):
        opts["stopwords"] = tuple(opts["stopwords"])
    return seg, str(meta["field"]), TokenOptions(**opts)


def _from_tables(vocab: pl.DataFrame, sentences: pl.DataFrame, n_docs: int) -> Any:
    """The core corpus of a vocabulary and sentence table (as :meth:`Corpus._tables` gives)."""
    return _core.Corpus.from_sentences(
        vocab["term"].to_list(),
        sentences.select(pl.col("doc").cast(pl.UInt32).alias("_row"), pl.col("terms")),
        n_docs,
    )


def _plain(stopwords: Any) -> Any:
    return list(stopwords) if isinstance(stopwords, tuple) else stopwords


def as_corpus(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    *,
    segmenter: Segmenter | None,
    field: str,
    what: str,
    stopwords: Stopwords | Literal["segmenter"] = "segmenter",
    progress: bool = False,
    dedup: Dedup = "none",
) -> Corpus:
    """The corpus an analysis reads: ``articles`` itself when it is one (checked against the
    options asked for), else a corpus built from the frame with them; with ``dedup``, only the
    copies it counts."""
    if isinstance(articles, Corpus):
        if dedup != "none":
            if articles.field not in articles.articles.columns:
                raise InvalidOptionError(
                    f"{what}: dedup={dedup!r} compares the texts, and this corpus was saved "
                    "without them: load one saved with bodies=True, or build the corpus with "
                    f"Corpus(..., dedup={dedup!r})"
                )
            mask = kept(articles.articles, dedup, field=articles.field)
            positions = mask.arg_true().to_list()
            articles = Corpus._view(articles, positions, articles.articles.filter(mask))
        # A field left at its default means the corpus's own.
        articles._check(segmenter, None if field == "body" else field, what)
        if not (isinstance(stopwords, str) and stopwords == "segmenter"):
            asked = TokenOptions(stopwords=stopwords)
            if asked.stopwords != articles.options.stopwords:
                raise InvalidOptionError(
                    f"{what}: the corpus was built with stopwords={articles.options.stopwords!r}; "
                    f"build one with stopwords={stopwords!r} to count without those words"
                )
        return articles
    return Corpus(
        articles,
        field=field,
        segmenter=segmenter,
        stopwords=stopwords,
        progress=progress,
        dedup=dedup,
    )

"""Tokens: jieba segmentation with one script, one name per entity, English as English."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

if TYPE_CHECKING:
    from xinwen._core import _TokenArgs
    from xinwen.corpus import Corpus

from xinwen import _core
from xinwen._progress import with_progress
from xinwen.errors import InvalidOptionError

__all__ = [
    "MODES",
    "SCRIPTS",
    "Segmenter",
    "TokenOptions",
    "cut",
    "default_aliases",
    "default_stopwords",
    "keywords",
    "term_counts",
    "tokenize",
]

#: Cutting modes of :func:`tokenize`.
MODES = ("accurate", "search", "full")
#: Scripts tokens can be counted in.
SCRIPTS = ("simplified", "original", "mainland")

Mode = Literal["accurate", "search", "full"]
Script = Literal["simplified", "original", "mainland"]
UserDict = str | os.PathLike[str] | Sequence[str] | None
Aliases = Literal["default"] | Mapping[str, str | Sequence[str]] | os.PathLike[str] | None
Stopwords = Literal["default"] | Iterable[str] | None

_AliasRow = tuple[str, str, list[str]]
_UserRow = tuple[str, int | None, str | None]


def _choice(name: str, value: object, allowed: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise InvalidOptionError(f"unknown {name} {value!r}: expected one of {options}")
    return value


def default_aliases() -> dict[str, list[str]]:
    """The shipped alias table: canonical term → the forms counted as it.

    Extend it by passing a changed copy to :class:`Segmenter`.

    Examples
    --------
    >>> import xinwen
    >>> table = xinwen.default_aliases()
    >>> "蒲亭" in table["普京"] and "Putin" in table["普京"]
    True
    """
    return {canonical: list(forms) for canonical, _tag, forms in _core.default_aliases()}


def default_stopwords() -> list[str]:
    """The shipped stopwords: Chinese function words and news filler, then English ones.

    Examples
    --------
    >>> import xinwen
    >>> words = xinwen.default_stopwords()
    >>> "的" in words and "the" in words
    True
    """
    return _core.default_stopwords()


def _read_text(path: str, what: str) -> str:
    """A word list's text: UTF-8 (with or without BOM), else a clear error naming the file."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidOptionError(
            f"{what} {path!r} is not UTF-8 text (byte {e.start} cannot be read: a GBK, UTF-16 or "
            "binary file?); save it as UTF-8"
        ) from None
    if "\0" in text:
        raise InvalidOptionError(
            f"{what} {path!r} holds NUL characters (a UTF-16 or binary file?); save it as UTF-8"
        )
    return text


def _user_words(user_dict: UserDict) -> list[_UserRow]:
    if user_dict is None:
        return []
    if isinstance(user_dict, (str, os.PathLike)):
        path = os.fspath(user_dict)
        if not os.path.isfile(path):
            raise InvalidOptionError(
                f"user_dict {path!r} is not a file: give a path to a jieba dictionary "
                "('word [freq] [tag]' per line) or a list of words"
            )
        return _core.parse_user_dict(_read_text(path, "user_dict"))
    if isinstance(user_dict, Sequence):
        words: list[_UserRow] = []
        for w in user_dict:
            if not isinstance(w, str):
                raise TypeError(f"user_dict words must be strings, not {type(w).__name__}")
            if not w.strip():
                raise InvalidOptionError(
                    f"user_dict words must be non-empty, not {w!r}: leave blank entries out"
                )
            words.append((w.strip(), None, None))
        return words
    raise TypeError(f"user_dict must be a path or a list of words, not {type(user_dict).__name__}")


def _alias_rows(aliases: Aliases) -> list[_AliasRow] | None:
    """Rows for the core; ``None`` stands for the shipped table."""
    if isinstance(aliases, str) and aliases == "default":
        return None
    if aliases is None:
        return []
    if isinstance(aliases, (str, os.PathLike)):
        path = os.fspath(aliases)
        if not os.path.isfile(path):
            raise InvalidOptionError(
                f"aliases {path!r} is not a file: give 'default', None, a mapping or the path "
                "of a table with lines 'canonical<TAB>tag<TAB>form|form'"
            )
        rows = []
        for line in _read_text(path, "aliases").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            forms = parts[2].split("|") if len(parts) > 2 else []
            tag = parts[1].strip() if len(parts) > 1 else ""
            rows.append((parts[0].strip(), tag, [x.strip() for x in forms if x.strip()]))
        return rows
    if isinstance(aliases, Mapping):
        tags = {canonical: tag for canonical, tag, _ in _core.default_aliases()}
        rows = []
        for canonical, given in aliases.items():
            if not isinstance(canonical, str):
                raise TypeError(
                    f"aliases keys must be strings (canonical terms), not {type(canonical).__name__}"
                )
            if not canonical.strip():
                raise InvalidOptionError(f"aliases keys must be non-empty terms, not {canonical!r}")
            if isinstance(given, str):
                flist = [given]
            elif isinstance(given, Iterable):
                flist = list(given)
            else:
                raise TypeError(
                    f"aliases[{canonical!r}] must be a form or a list of forms, "
                    f"not {type(given).__name__}"
                )
            for form in flist:
                if not isinstance(form, str):
                    raise TypeError(
                        f"aliases[{canonical!r}] forms must be strings, not {type(form).__name__}"
                    )
                if not form.strip():
                    raise InvalidOptionError(
                        f"aliases[{canonical!r}] forms must be non-empty, not {form!r}"
                    )
            rows.append((canonical, tags.get(canonical, ""), flist))
        return rows
    raise TypeError(f"aliases must be 'default', None, a mapping or a path, not {aliases!r}")


def _stopword_list(stopwords: Stopwords) -> list[str] | None:
    """A list for the core; ``None`` stands for the shipped list."""
    if isinstance(stopwords, str):
        if stopwords == "default":
            return None
        raise InvalidOptionError(
            f"unknown stopwords {stopwords!r}: expected 'default', None or a list of words"
        )
    if stopwords is None:
        return []
    if not isinstance(stopwords, Iterable):
        raise TypeError(
            f"stopwords must be 'default', None or a list of words, not {type(stopwords).__name__}"
        )
    words = list(stopwords)
    for w in words:
        if not isinstance(w, str):
            raise TypeError(f"stopwords must be strings, not {type(w).__name__} ({w!r})")
    return words


class Segmenter:
    """A jieba segmenter with xinwen's normalisation, built once and shared.

    Immutable and thread-safe; pickles (for Dask, Ray or multiprocessing workers) by its
    configuration. ``Segmenter()`` with no arguments is the per-process default segmenter that
    :func:`tokenize` uses when none is given.

    Parameters
    ----------
    user_dict
        Extra words: the path of a jieba dictionary (``word [freq] [tag]`` per line; the word may
        contain spaces, as in ``Xi Jinping 10 nr``) or a list of words (``["一带一路",
        "Belt and Road"]``). Words jieba cannot hold (spaces, punctuation, Latin letters) are
        matched as whole phrases.
    hmm
        Let jieba's HMM find words missing from the dictionary.
    script
        ``"simplified"``: traditional text is converted phrase by phrase (OpenCC tables) before
        segmentation; tokens are simplified, ``token_raw`` and offsets stay original.
        ``"original"``: segment the text as written (aliases still apply).
        ``"mainland"``: as ``"simplified"``, and the Taiwan and Hong Kong vocabulary of
        traditional text becomes the mainland's (網路→网络, 軟體→软件, 資訊→信息, 隨著→随着;
        OpenCC's ``tw2sp``), so that the regions' words for one thing count as one term;
        simplified text keeps its words (``tw2sp`` would rewrite 建立 and 文件, which the
        mainland writes too). ``"simplified"`` keeps them apart, since an outlet's choice of
        word can itself be the object of study. :func:`~xinwen.convert` gives the converted
        text.
    aliases
        ``"default"`` (the shipped table, see :func:`default_aliases`), ``None`` (no aliases), a
        mapping ``canonical → forms``, or the path of a table with lines
        ``canonical<TAB>tag<TAB>form|form``. A mapping replaces the table; to extend it, pass
        ``{**xinwen.default_aliases(), "拜登": ["Biden", "Joe Biden"]}``.
    stopwords
        ``"default"`` (see :func:`default_stopwords`), ``None`` (keep every token) or a list.
        Stopwords match in either script and any case.
    words
        ``"default"`` adds xinwen's news vocabulary to jieba's dictionary (bilateral abbreviations
        such as 中俄 and 美日, and terms such as 战略协作, 特别军事行动; see
        ``python/xinwen/data/words.txt``); ``None`` keeps jieba's dictionary as it is.

    Examples
    --------
    >>> import pickle, xinwen
    >>> seg = xinwen.Segmenter(user_dict=["Belt and Road"])
    >>> seg.canonical("蒲亭")
    '普京'
    >>> pickle.loads(pickle.dumps(seg)) == seg
    True
    """

    __slots__ = ("_core", "_spec")

    _core: Any
    _spec: tuple[Any, ...]

    def __init__(
        self,
        *,
        user_dict: UserDict = None,
        hmm: bool = True,
        script: Script = "simplified",
        aliases: Aliases = "default",
        stopwords: Stopwords = "default",
        words: Literal["default"] | None = "default",
    ) -> None:
        _choice("script", script, SCRIPTS)
        if words not in ("default", None):
            raise InvalidOptionError(f"unknown words {words!r}: expected 'default' or None")
        if not isinstance(hmm, bool):
            raise TypeError(f"hmm must be True or False, not {hmm!r}")
        spec = (
            tuple(_user_words(user_dict)),
            hmm,
            script,
            _alias_rows(aliases),
            _stopword_list(stopwords),
            words == "default",
        )
        self._build(spec)

    def _build(self, spec: tuple[Any, ...]) -> None:
        user_words, hmm, script, alias_rows, stop, base = spec
        default = not user_words and hmm and script == "simplified" and base
        if default and alias_rows is None and stop is None:
            core = _core.default_segmenter()
        else:
            core = _core.Segmenter(
                base_words=base,
                user_words=list(user_words),
                hmm=hmm,
                script=script,
                aliases=_core.default_aliases() if alias_rows is None else alias_rows,
                stopwords=_core.default_stopwords() if stop is None else stop,
            )
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_core", core)

    @classmethod
    def _restore(cls, spec: tuple[Any, ...]) -> Segmenter:
        self = cls.__new__(cls)
        self._build(spec)
        return self

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Segmenter._restore, (self._spec,))

    def __copy__(self) -> Segmenter:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Segmenter:
        # Immutable: a copy would only build the same dictionary again (scikit-learn's clone
        # deep-copies every parameter of a Vectorizer, once per fold of a grid search).
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Segmenter is immutable: build a new one with other options")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segmenter) and self._spec == other._spec

    def __hash__(self) -> int:
        return hash(repr(self._spec))

    def __repr__(self) -> str:
        user_words, hmm, script, alias_rows, stop, base = self._spec
        aliases = "default" if alias_rows is None else f"{len(alias_rows)} entries"
        stops = "default" if stop is None else f"{len(stop)} words"
        return (
            f"Segmenter(user_words={len(user_words)}, hmm={hmm}, script={script!r}, "
            f"aliases={aliases}, stopwords={stops}, words={'default' if base else None})"
        )

    @property
    def script(self) -> str:
        """The default script of tokens: ``"simplified"``, ``"original"`` or ``"mainland"``."""
        return str(self._spec[2])

    def cut(
        self,
        text: str,
        *,
        mode: Mode = "accurate",
        keep_punct: bool = False,
        stopwords: Stopwords | Literal["segmenter"] = "segmenter",
        script: Script | Literal["segmenter"] = "segmenter",
    ) -> list[str]:
        """The counted tokens of one string with this segmenter: see :func:`cut`.

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Segmenter(user_dict=["一带一路"]).cut("共建一带一路")
        ['共建', '一带一路']
        """
        return _cut(self, text, mode, keep_punct, stopwords, script)

    def canonical(self, form: str) -> str | None:
        """The canonical term a surface form is counted as, or ``None`` if it is no alias.

        Examples
        --------
        >>> import xinwen
        >>> xinwen.Segmenter().canonical("Vladimir Putin")
        '普京'
        """
        return self._core.canonical(form)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TokenOptions:
    """How tokens are cut and counted: the options every tokenizing call takes, as one value.

    :func:`tokenize`, :func:`term_counts`, :func:`keywords`, :class:`~xinwen.Corpus` and the
    analyses accept these fields as keyword arguments and build one of these; a
    :class:`~xinwen.Corpus` records the one it was built with.

    Parameters
    ----------
    mode
        ``"accurate"`` (jieba's default), ``"search"`` (adds the words inside long words) or
        ``"full"`` (every dictionary word, overlapping).
    pos
        Keep jieba's part-of-speech tags.
    keep_punct
        Keep punctuation tokens.
    stopwords
        ``"segmenter"`` (the segmenter's list), ``"default"`` (the shipped list), ``None`` (keep
        every token) or a list of words.
    script
        ``"segmenter"`` (the segmenter's script), ``"simplified"``, ``"original"`` or
        ``"mainland"`` (see :class:`Segmenter`).

    Examples
    --------
    >>> import xinwen
    >>> xinwen.TokenOptions(stopwords=None).keeps_every_token
    True
    >>> xinwen.TokenOptions(mode="fast")
    Traceback (most recent call last):
    ...
    xinwen.errors.InvalidOptionError: unknown mode 'fast': expected one of 'accurate', 'search', 'full'
    """

    mode: Mode = "accurate"
    pos: bool = False
    keep_punct: bool = False
    stopwords: Stopwords | Literal["segmenter"] = "segmenter"
    script: Script | Literal["segmenter"] = "segmenter"

    def __post_init__(self) -> None:
        _choice("mode", self.mode, MODES)
        _choice("script", self.script, (*SCRIPTS, "segmenter"))
        for name in ("pos", "keep_punct"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, not {getattr(self, name)!r}")
        words = self.stopwords
        if isinstance(words, str):
            if words not in ("segmenter", "default"):
                raise InvalidOptionError(
                    f"unknown stopwords {words!r}: expected 'segmenter', 'default', None or a "
                    "list of words"
                )
        elif words is not None:
            if not isinstance(words, Iterable):
                raise TypeError(
                    f"stopwords must be 'segmenter', 'default', None or a list of words, not "
                    f"{type(words).__name__}"
                )
            listed = tuple(words)
            for w in listed:
                if not isinstance(w, str):
                    raise TypeError(f"stopwords must be strings, not {type(w).__name__} ({w!r})")
            # Stored as a tuple, so that options compare and hash as values.
            object.__setattr__(self, "stopwords", listed)

    @property
    def keeps_every_token(self) -> bool:
        """No stopword is dropped."""
        return self.stopwords is None or self.stopwords == ()

    def _core(self) -> _TokenArgs:
        """The options as the core reads them (``TokenArgs`` in ``src/bindings.rs``)."""
        words = self.stopwords
        segmenter_words = isinstance(words, str) and words == "segmenter"
        if segmenter_words or words is None:
            listed = None
        elif isinstance(words, str):  # "default"
            listed = _core.default_stopwords()
        else:
            listed = list(words) or None
        return {
            "mode": self.mode,
            "pos": self.pos,
            "keep_punct": self.keep_punct,
            "script": None if self.script == "segmenter" else self.script,
            "stopwords": listed,
            "segmenter_stopwords": segmenter_words,
        }


@functools.lru_cache(maxsize=1)
def _shared() -> Segmenter:
    """The default segmenter, built on first use (not at import) and kept for one-string calls."""
    return Segmenter()


@functools.lru_cache(maxsize=64)
def _compiled_key(mode: Any, keep_punct: Any, stopwords: Any, script: Any) -> Any:
    options = TokenOptions(mode=mode, keep_punct=keep_punct, stopwords=stopwords, script=script)
    return _core.TokenOptions(options._core())


def _compiled(options: TokenOptions) -> Any:
    """The options converted for the core once (stopword lists normalised), cached by value."""
    words: Any = options.stopwords  # a tuple, None or a name: hashable
    return _compiled_key(options.mode, options.keep_punct, words, options.script)


def _options_for(mode: object, keep_punct: object, stopwords: object, script: object) -> Any:
    """:func:`_compiled` from the keyword arguments of a one-string call, without building a
    :class:`TokenOptions` when the same arguments were seen before."""
    if not isinstance(stopwords, (str, tuple)) and isinstance(stopwords, Iterable):
        stopwords = tuple(stopwords)
    try:
        return _compiled_key(mode, keep_punct, stopwords, script)
    except TypeError:
        # An unhashable value: checked uncached, for the error that names it.
        return _compiled_key.__wrapped__(mode, keep_punct, stopwords, script)


def _cut(
    seg: Segmenter,
    text: object,
    mode: object,
    keep_punct: object,
    stopwords: object,
    script: object,
) -> list[str]:
    if not isinstance(text, str):
        raise TypeError(f"cut takes one string, not {type(text).__name__}")
    options = _options_for(mode, keep_punct, stopwords, script)
    return seg._core.cut(text, options)  # type: ignore[no-any-return]


def cut(
    text: str,
    *,
    segmenter: Segmenter | None = None,
    mode: Mode = "accurate",
    keep_punct: bool = False,
    stopwords: Stopwords | Literal["segmenter"] = "segmenter",
    script: Script | Literal["segmenter"] = "segmenter",
) -> list[str]:
    """The counted tokens of one string, as a list (jieba's ``lcut`` habit).

    The same tokens, in the same order, as the ``token`` column :func:`tokenize` gives for a
    document holding ``text``, with the same options; no frame is built, so a call costs little
    more than segmenting the string. This makes it an analyzer for scikit-learn
    (``CountVectorizer(analyzer=xinwen.cut)``); :class:`~xinwen.Vectorizer` counts in Rust
    instead, and ``pl.col("body").xinwen.cut()`` cuts a whole column.

    Parameters
    ----------
    text
        One string.
    segmenter
        A :class:`Segmenter`; ``None`` uses the shared default one.
    mode, keep_punct, stopwords, script
        As in :func:`tokenize`.

    Returns
    -------
    list of str
        The normalised tokens (simplified, lower case, aliases unified; stopwords and punctuation
        dropped unless asked otherwise).

    Examples
    --------
    >>> import xinwen
    >>> xinwen.cut("俄羅斯總統普丁會見習近平。")
    ['俄罗斯', '总统', '普京', '会见', '习近平']
    >>> xinwen.cut("普京与习近平会谈。", stopwords=None)
    ['普京', '与', '习近平', '会谈']
    """
    seg = _shared() if segmenter is None else _segmenter(segmenter)
    return _cut(seg, text, mode, keep_punct, stopwords, script)


def _segmenter(segmenter: Segmenter | None) -> Segmenter:
    if segmenter is None:
        return Segmenter()
    if not isinstance(segmenter, Segmenter):
        raise TypeError(f"segmenter must be a xinwen.Segmenter, not {type(segmenter).__name__}")
    return segmenter


def _require(articles: pl.DataFrame | pl.LazyFrame, *columns: str) -> pl.DataFrame:
    """The articles as a DataFrame (a LazyFrame is collected), with ``columns`` present."""
    if isinstance(articles, pl.LazyFrame):
        articles = articles.collect()
    if not isinstance(articles, pl.DataFrame):
        raise TypeError(
            f"articles must be a polars DataFrame (from read_articles), not {type(articles).__name__}"
        )
    missing = [c for c in columns if c not in articles.columns]
    if missing:
        raise InvalidOptionError(
            f"articles lacks the column(s) {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(repr, articles.columns))}"
        )
    return articles


def _row_id(name: str = "doc_id") -> pl.Expr:
    """The row number as text: an id for the core that stays unique where doc ids repeat
    (byte-identical copies share a doc_id)."""
    return pl.int_range(pl.len(), dtype=pl.UInt32).cast(pl.String).alias(name)


def _text(articles: pl.DataFrame, field: str) -> pl.Series:
    dtype = articles.schema[field]
    if dtype not in (pl.String, pl.Categorical, pl.Null) and not isinstance(dtype, pl.Enum):
        raise InvalidOptionError(f"column {field!r} must hold text, not {dtype}")
    return articles.get_column(field).cast(pl.String)


def _table(articles: pl.DataFrame | pl.LazyFrame, field: str) -> pl.DataFrame:
    """The (id, text) table the core reads, ids as the caller's ids in text."""
    articles = _require(articles, "doc_id", field)
    # Built from Series rather than through the lazy engine, whose thread pool does not survive
    # fork(): tokens and counts then work in a child forked after the parent used Polars.
    return pl.DataFrame([articles.get_column("doc_id").cast(pl.String), _text(articles, field)])


def _with_article_meta(
    rows: pl.DataFrame, articles: pl.DataFrame, columns: Sequence[str]
) -> pl.DataFrame:
    """Rows computed from :func:`_row_table` ids mapped back to the articles: their ``doc_id``
    and, when the articles have them, ``published_at``, ``outlet`` and ``title``, in article
    then ``start`` order, with ``columns`` first."""
    rows = rows.with_columns(pl.col("doc_id").cast(pl.UInt32).alias("_row"))
    meta = [c for c in ("published_at", "outlet", "title") if c in articles.columns]
    info = articles.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), pl.col("doc_id"), *meta
    )
    return (
        rows.drop("doc_id")
        .join(info, on="_row", how="left")
        .sort("_row", "start")
        .select(*columns, *meta)
    )


def _row_table(articles: pl.DataFrame, field: str) -> pl.DataFrame:
    """The (id, text) table with the row number as id: ids may repeat (byte-identical copies
    share a doc_id) and need not be text; results are mapped back with :func:`_with_ids`."""
    n = articles.height
    ids = pl.Series("doc_id", [str(i) for i in range(n)], dtype=pl.String)
    return pl.DataFrame([ids, _text(articles, field)])


def _with_ids(out: pl.DataFrame, articles: pl.DataFrame, column: str = "doc_id") -> pl.DataFrame:
    """Replace the row numbers of ``column`` by the articles' own ids, in their own dtype."""
    rows = out.get_column(column).cast(pl.UInt32)
    ids = articles.get_column("doc_id").gather(rows)
    return out.with_columns(ids.alias(column))


def _count_or_tokenize(
    core: Any,
    articles: pl.DataFrame | pl.LazyFrame,
    field: str,
    segmenter: Segmenter | None,
    options: TokenOptions,
    progress: bool,
    *,
    desc: str,
) -> pl.DataFrame:
    """Run ``core`` (``_core.tokenize`` or ``_core.term_counts``) with the options checked once."""
    seg = _segmenter(segmenter)
    arts = _require(articles, "doc_id", field)
    table = _row_table(arts, field)
    batch = with_progress(
        lambda p: core(table, seg._core, options._core(), progress=p),
        enabled=bool(progress),
        desc=desc,
        unit="docs",
    )
    return _with_ids(pl.DataFrame(batch), arts)


def tokenize(
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
) -> pl.DataFrame:
    """One row per token of every document.

    Parameters
    ----------
    articles
        The frame from :func:`read_articles`, or any frame with ``doc_id`` and ``field``.
    field
        The text column to tokenize (``body``, ``title``, ...).
    segmenter
        A :class:`Segmenter`; ``None`` uses the shared default one.
    mode
        ``"accurate"`` (jieba's default), ``"search"`` (adds the words inside long words) or
        ``"full"`` (every dictionary word, overlapping).
    pos
        Add a ``pos`` column with jieba's part-of-speech tags (``eng`` for English words, the
        alias table's tag for aliases, ``m`` for numbers).
    keep_punct
        Keep punctuation tokens.
    stopwords
        ``"segmenter"`` (the segmenter's list), ``"default"``, ``None`` (keep all) or a list.
    script
        ``"segmenter"`` (the segmenter's script), ``"simplified"``, ``"original"`` or
        ``"mainland"`` (see :class:`Segmenter`).
    progress
        Show a progress bar (documents tokenized; a widget in Jupyter).

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``sent_id`` (sentence index in the document), ``token_id`` (position among
        the document's tokens), ``token`` (the normalised form that is counted: simplified, lower
        case, aliases unified), ``token_raw`` (the text as written), ``start``, ``end``
        (character offsets into the field: ``text[start:end] == token_raw``), ``lang`` (``zh`` or
        ``en``: the passage the token is in), and ``pos`` when asked. Documents and tokens keep
        their order.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> df = pl.DataFrame({"doc_id": ["a"], "body": ["俄羅斯總統普丁會見習近平。Putin met Xi Jinping."]})
    >>> toks = xinwen.tokenize(df)
    >>> toks.select("token", "token_raw", "lang").rows()[:3]
    [('俄罗斯', '俄羅斯', 'zh'), ('总统', '總統', 'zh'), ('普京', '普丁', 'zh')]
    >>> toks.filter(pl.col("lang") == "en")["token"].to_list()
    ['普京', 'met', '习近平']
    """
    options = TokenOptions(
        mode=mode, pos=pos, keep_punct=keep_punct, stopwords=stopwords, script=script
    )
    return _count_or_tokenize(
        _core.tokenize, articles, field, segmenter, options, progress, desc="tokenizing"
    )


def term_counts(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    field: str = "body",
    segmenter: Segmenter | None = None,
    mode: Mode = "accurate",
    keep_punct: bool = False,
    stopwords: Stopwords | Literal["segmenter"] = "segmenter",
    script: Script | Literal["segmenter"] = "segmenter",
    progress: bool = False,
) -> pl.DataFrame:
    """How often each term occurs in each document, counted in Rust without a token table.

    Takes the options of :func:`tokenize`. Terms are the normalised ``token`` values.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``term``, ``count`` (Int64); documents in order, each one's terms in order
        of first occurrence.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> df = pl.DataFrame({"doc_id": ["a"], "body": ["普京、普丁、蒲亭与 Putin 是同一人。"]})
    >>> xinwen.term_counts(df).row(0)
    ('a', '普京', 4)
    """
    options = TokenOptions(mode=mode, keep_punct=keep_punct, stopwords=stopwords, script=script)
    return _count_or_tokenize(
        _core.term_counts, articles, field, segmenter, options, progress, desc="counting"
    )


def keywords(
    articles: pl.DataFrame | pl.LazyFrame | Corpus,
    *,
    method: Literal["tfidf", "textrank"] = "tfidf",
    top_k: int = 10,
    idf: Literal["corpus", "jieba"] = "corpus",
    field: str = "body",
    segmenter: Segmenter | None = None,
    stopwords: Stopwords | Literal["segmenter"] = "segmenter",
    script: Script | Literal["segmenter"] = "segmenter",
) -> pl.DataFrame:
    """The ``top_k`` keywords of every document.

    Candidates are normalised terms of two characters or more that do not start with a digit.

    Parameters
    ----------
    method
        ``"tfidf"``: term frequency in the document times inverse document frequency.
        ``"textrank"``: PageRank over a graph of nouns, names and verbs joined when at most four
        tokens apart (scores scaled so that the best is 1).
    idf
        For ``tfidf``: ``"corpus"`` takes document frequencies from ``articles`` itself
        (``ln((1 + N) / (1 + df)) + 1``); ``"jieba"`` uses jieba's IDF table (terms it lacks get
        its median).

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``rank`` (1 = best), ``keyword``, ``score``.

    Examples
    --------
    >>> import polars as pl, xinwen
    >>> df = pl.DataFrame({
    ...     "doc_id": ["a", "b"],
    ...     "body": ["美国宣布对俄罗斯实施新制裁，制裁涉及能源。", "台湾地震，地震后救援展开。"],
    ... })
    >>> xinwen.keywords(df, top_k=1)["keyword"].to_list()
    ['制裁', '地震']
    """
    _choice("method", method, ("tfidf", "textrank"))
    _choice("idf", idf, ("corpus", "jieba"))
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k < 2**63:
        raise InvalidOptionError(f"top_k must be a positive integer below 2**63, not {top_k!r}")
    from xinwen.corpus import Corpus

    if isinstance(articles, Corpus):
        # The same text the corpus was built from, cut with its segmenter and options.
        articles._check(segmenter, None if field == "body" else field, "keywords")
        if articles.field not in articles.articles.columns:
            raise InvalidOptionError(
                "keywords needs the text: this corpus was saved without it (save(..., bodies=True))"
            )
        field, segmenter = articles.field, articles.segmenter
        stopwords, script = articles.options.stopwords, articles.options.script
        articles = articles.articles
    options = TokenOptions(stopwords=stopwords, script=script)
    seg = _segmenter(segmenter)
    arts = _require(articles, "doc_id", field)
    batch = _core.keywords(
        _row_table(arts, field), seg._core, options._core(), method=method, idf=idf, top_k=top_k
    )
    return _with_ids(pl.DataFrame(batch), arts)

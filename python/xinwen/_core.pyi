from typing import Any, TypedDict, final

__all__ = [
    "ArrowBatch",
    "Corpus",
    "Documents",
    "Progress",
    "Segmenter",
    "TokenOptions",
    "__version__",
    "convert_script",
    "cooc_measures",
    "cut_texts",
    "dedup_normalize",
    "default_aliases",
    "default_segmenter",
    "default_stopwords",
    "detect_scripts",
    "duplicates",
    "expand_sources",
    "get_threads",
    "keywords",
    "kwic",
    "normalize_texts",
    "parse_user_dict",
    "quotes",
    "read_articles",
    "set_threads",
    "term_counts",
    "tokenize",
    "vectorize_fit",
    "vectorize_transform",
    "walk_ranges",
]

__version__: str

@final
class ArrowBatch:
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> Any: ...
    def __arrow_c_schema__(self) -> Any: ...
    def __len__(self) -> int: ...

@final
class Progress:
    def __new__(cls) -> Progress: ...
    def get(self) -> tuple[int, int]: ...
    def cancel(self) -> None: ...

@final
class Documents:
    def __new__(
        cls,
        sources: list[str],
        *,
        timezone: str,
        threads: int | None,
        max_bytes: int,
        within: tuple[int, str, str] | None = None,
    ) -> Documents: ...
    def skip_paths(self, paths: list[str]) -> None: ...
    def next_batch(self, n: int, progress: Progress | None = None) -> ArrowBatch: ...
    def counts(self) -> tuple[int, int]: ...
    def passed_over(self) -> dict[str, int]: ...

@final
class Segmenter:
    def __new__(
        cls,
        *,
        base_words: bool,
        user_words: list[tuple[str, int | None, str | None]],
        hmm: bool,
        script: str,
        aliases: list[tuple[str, str, list[str]]],
        stopwords: list[str],
    ) -> Segmenter: ...
    def canonical(self, form: str) -> str | None: ...
    def normalize_term(self, term: str) -> str: ...
    def cut(self, text: str, options: TokenOptions) -> list[str]: ...

def default_segmenter() -> Segmenter: ...
def default_aliases() -> list[tuple[str, str, list[str]]]: ...
def default_stopwords() -> list[str]: ...
def convert_script(texts: list[str], target: str) -> list[str]: ...
def parse_user_dict(text: str) -> list[tuple[str, int | None, str | None]]: ...
def expand_sources(sources: list[str]) -> list[str]: ...
def walk_ranges(
    sources: list[str], n: int, skip: list[str]
) -> tuple[list[tuple[int, str, str, int]], int]: ...
def set_threads(n: int | None) -> None: ...
def get_threads() -> int: ...
def cooc_measures(
    count: list[int], count_a: list[int], count_b: list[int], n: int
) -> tuple[list[float], list[float], list[float]]: ...
def read_articles(
    sources: list[str],
    *,
    timezone: str,
    threads: int | None,
    max_bytes: int,
    progress: Progress | None = None,
) -> tuple[ArrowBatch, dict[str, int]]: ...

class _TokenArgs(TypedDict):
    """What ``xinwen.TokenOptions._core()`` gives: the token options every tokenizing call takes."""

    mode: str
    pos: bool
    keep_punct: bool
    script: str | None
    stopwords: list[str] | None
    segmenter_stopwords: bool

@final
class TokenOptions:
    """Token options converted once, for calls repeated with them (``xinwen.cut``)."""

    def __new__(cls, options: _TokenArgs) -> TokenOptions: ...

def cut_texts(table: Any, segmenter: Segmenter, options: TokenOptions) -> ArrowBatch: ...
def normalize_texts(table: Any, script: str) -> ArrowBatch: ...
def detect_scripts(table: Any) -> ArrowBatch: ...
def vectorize_fit(
    table: Any,
    segmenter: Segmenter,
    options: TokenOptions,
    *,
    ngram_range: tuple[int, int],
    binary: bool,
    min_df: float,
    max_df: float,
    max_features: int | None,
    matrix: bool,
) -> tuple[list[str], tuple[ArrowBatch, ArrowBatch] | None]: ...
def vectorize_transform(
    table: Any,
    segmenter: Segmenter,
    options: TokenOptions,
    *,
    ngram_range: tuple[int, int],
    binary: bool,
    vocabulary: list[str],
) -> tuple[ArrowBatch, ArrowBatch]: ...
def tokenize(
    table: Any, segmenter: Segmenter, options: _TokenArgs, progress: Progress | None = None
) -> ArrowBatch: ...
def term_counts(
    table: Any, segmenter: Segmenter, options: _TokenArgs, progress: Progress | None = None
) -> ArrowBatch: ...
def keywords(
    table: Any, segmenter: Segmenter, options: _TokenArgs, *, method: str, idf: str, top_k: int
) -> ArrowBatch: ...

@final
class Corpus:
    def __new__(
        cls,
        table: Any,
        segmenter: Segmenter,
        options: _TokenArgs,
        progress: Progress | None = None,
    ) -> Corpus: ...
    @staticmethod
    def from_sentences(terms: list[str], table: Any, n_docs: int) -> Corpus: ...
    @staticmethod
    def concat(parts: list[Corpus]) -> Corpus: ...
    def __len__(self) -> int: ...
    def n_tokens(self) -> int: ...
    def bytes_per_token(self) -> float: ...
    def select(self, rows: list[int]) -> Corpus: ...
    def terms(self) -> list[str]: ...
    def term_ids(self, terms: list[str]) -> list[int | None]: ...
    def vocabulary(self, rows: list[int] | None = None) -> ArrowBatch: ...
    def top_terms(self, rows: list[int] | None, top: int) -> list[str]: ...
    def term_doc_counts(
        self, rows: list[int] | None, terms: list[str]
    ) -> tuple[ArrowBatch, ArrowBatch]: ...
    def doc_term_counts(self, rows: list[int] | None = None) -> ArrowBatch: ...
    def totals(self, rows: list[int] | None = None) -> ArrowBatch: ...
    def two_totals(self, target: list[int], reference: list[int]) -> ArrowBatch: ...
    def cooccurrence(
        self, rows: list[int] | None, *, window: str, min_count: int, focus: list[str] | None
    ) -> tuple[ArrowBatch, int]: ...
    def focus_counts(
        self, rows: list[int] | None, *, window: str, focus: list[str]
    ) -> tuple[ArrowBatch, ArrowBatch, int, int]: ...
    def csr(
        self, rows: list[int] | None, lo: float, hi: float
    ) -> tuple[list[str], ArrowBatch, ArrowBatch]: ...
    def sentences(self, rows: list[int] | None = None) -> ArrowBatch: ...

def kwic(
    table: Any, patterns: list[str], *, regex: bool, window: int, max_hits: int
) -> tuple[ArrowBatch, bool]: ...
def quotes(table: Any, segmenter: Segmenter) -> ArrowBatch: ...
def dedup_normalize(texts: list[str]) -> list[str]: ...
def duplicates(
    table: Any, *, threshold: float, k: int, num_perm: int, min_chars: int
) -> ArrowBatch: ...

from typing import Any, final

__all__ = [
    "ArrowBatch",
    "Documents",
    "Progress",
    "Segmenter",
    "__version__",
    "convert_script",
    "cooccurrence",
    "default_aliases",
    "default_segmenter",
    "default_stopwords",
    "expand_sources",
    "keywords",
    "kwic",
    "parse_user_dict",
    "read_articles",
    "term_counts",
    "term_doc_counts",
    "tokenize",
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
        cls, sources: list[str], *, timezone: str, threads: int | None, max_bytes: int
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

def default_segmenter() -> Segmenter: ...
def default_aliases() -> list[tuple[str, str, list[str]]]: ...
def default_stopwords() -> list[str]: ...
def convert_script(texts: list[str], target: str) -> list[str]: ...
def parse_user_dict(text: str) -> list[tuple[str, int | None, str | None]]: ...
def expand_sources(sources: list[str]) -> list[str]: ...
def read_articles(
    sources: list[str],
    *,
    timezone: str,
    threads: int | None,
    max_bytes: int,
    progress: Progress | None = None,
) -> tuple[ArrowBatch, dict[str, int]]: ...
def tokenize(
    table: Any,
    segmenter: Segmenter,
    *,
    mode: str,
    pos: bool,
    keep_punct: bool,
    script: str | None,
    stopwords: list[str] | None,
    segmenter_stopwords: bool,
    progress: Progress | None = None,
) -> ArrowBatch: ...
def term_counts(
    table: Any,
    segmenter: Segmenter,
    *,
    mode: str,
    keep_punct: bool,
    script: str | None,
    stopwords: list[str] | None,
    segmenter_stopwords: bool,
    progress: Progress | None = None,
) -> ArrowBatch: ...
def keywords(
    table: Any,
    segmenter: Segmenter,
    *,
    method: str,
    idf: str,
    top_k: int,
    script: str | None,
    stopwords: list[str] | None,
    segmenter_stopwords: bool,
) -> ArrowBatch: ...
def term_doc_counts(
    table: Any,
    segmenter: Segmenter,
    *,
    terms: list[str] | None,
    top: int,
    progress: Progress | None = None,
) -> tuple[list[str], ArrowBatch, ArrowBatch]: ...
def cooccurrence(
    table: Any,
    segmenter: Segmenter,
    *,
    window: str,
    min_count: int,
    focus: list[str] | None,
    progress: Progress | None = None,
) -> ArrowBatch: ...
def kwic(table: Any, patterns: list[str], *, regex: bool, window: int) -> ArrowBatch: ...

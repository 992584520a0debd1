"""Shared fixtures: where the real data lives, and skipping cleanly when it is absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl
import pytest
import xinwen
from hypothesis import settings

# Property tests run the same examples on every run, so CI never fails on a draw no one can
# reproduce; `HYPOTHESIS_PROFILE=explore pytest` draws new ones.
settings.register_profile("xinwen", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "xinwen"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's shared data next to the repo")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, dict[str, object]]:
    """The five seed articles, read once, keyed by their number ('000'..'004')."""
    df = xinwen.read_articles(need(SEEDS))
    return {Path(r["path"]).name[:3]: r for r in df.iter_rows(named=True)}


@pytest.fixture(scope="session")
def corpus() -> pl.DataFrame:
    """The whole shared corpus, read once."""
    return xinwen.read_articles(need(CORPUS))


# The analyses take a Corpus wherever they take an articles frame, with the same result to the
# last digit. Test modules that use `through_corpus` run every analysis call twice: as written,
# and (the "corpus" run) also from a Corpus of the same frame, asserting both results equal.
_ANALYSES = ("term_trend", "cooccurrence", "keyness", "doc_term_matrix", "kwic", "keywords")


def _same(got: object, want: object) -> None:
    from polars.testing import assert_frame_equal

    if isinstance(want, pl.DataFrame):
        assert isinstance(got, pl.DataFrame)
        assert_frame_equal(got, want)
    elif isinstance(want, tuple):  # doc_term_matrix: (matrix, vocabulary, ids)
        assert isinstance(got, tuple) and len(got) == len(want)
        assert (got[0] != want[0]).nnz == 0 and got[0].shape == want[0].shape
        assert got[1:] == want[1:]
    else:
        assert got == want


def _via_corpus(fn: object) -> object:
    def wrapped(articles: object, *args: object, **kw: object) -> object:
        want = fn(articles, *args, **kw)  # type: ignore[operator]
        if not isinstance(articles, (pl.DataFrame, pl.LazyFrame)):
            return want
        frame = articles.collect() if isinstance(articles, pl.LazyFrame) else articles
        built: dict[str, object] = {"field": kw.get("field", "body")}
        for k in ("segmenter", "stopwords"):
            if k in kw:
                built[k] = kw[k]
        corpus = xinwen.Corpus(frame, **built)  # type: ignore[arg-type]
        rest = {k: v for k, v in kw.items() if k not in ("segmenter", "stopwords", "field")}
        got = fn(corpus, *args, **rest)  # type: ignore[operator]
        _same(got, want)
        if fn.__name__ not in ("kwic", "keywords"):  # type: ignore[attr-defined]
            # A saved and loaded corpus answers alike (kwic and keywords read text and tags).
            with tempfile.TemporaryDirectory() as folder:
                corpus.save(folder)
                seg = built.get("segmenter")
                loaded = xinwen.Corpus.load(folder, segmenter=seg)  # type: ignore[arg-type]
                _same(fn(loaded, *args, **rest), want)  # type: ignore[operator]
        return got

    return wrapped


@pytest.fixture(params=["frame", "corpus"])
def through_corpus(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "corpus":
        for name in _ANALYSES:
            monkeypatch.setattr(xinwen, name, _via_corpus(getattr(xinwen, name)))
    return str(request.param)

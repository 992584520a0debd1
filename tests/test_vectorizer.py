"""xinwen.Vectorizer against scikit-learn's CountVectorizer on the shared corpus, and inside
scikit-learn's machinery (clone, Pipeline, GridSearchCV, pickling)."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import polars as pl
import pytest
import xinwen

np = pytest.importorskip("numpy")
sparse = pytest.importorskip("scipy.sparse")
sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
CountVectorizer = sklearn_text.CountVectorizer


@pytest.fixture(scope="module")
def split(corpus: pl.DataFrame) -> tuple[list[str], list[str]]:
    """Bodies of the shared corpus: documents to fit on, and documents held apart (another set
    of articles, chosen by doc_id, so the held-apart ones hold terms the fitted ones lack)."""
    bodies = corpus.filter(pl.col("body").str.len_chars() > 0).sort("doc_id")
    bodies = bodies.with_columns(held=pl.col("doc_id").hash(seed=12) % 5 == 0)
    fit = bodies.filter(~pl.col("held"))["body"].head(1500).to_list()
    held = bodies.filter(pl.col("held"))["body"].head(400).to_list()
    return fit, held


def same(got: object, want: object) -> None:
    assert isinstance(got, sparse.csr_matrix)
    assert got.shape == want.shape  # type: ignore[attr-defined]
    assert (got != want).nnz == 0
    assert got.dtype == want.dtype  # type: ignore[attr-defined]


def ngrams(lo: int, hi: int) -> Callable[[str], list[str]]:
    """scikit-learn's word n-grams over xinwen.cut: tokens joined by one space."""

    def analyzer(text: str) -> list[str]:
        toks = xinwen.cut(text)
        return [
            " ".join(toks[i : i + n]) for n in range(lo, hi + 1) for i in range(len(toks) - n + 1)
        ]

    return analyzer


def test_transform_equals_count_vectorizer_on_held_apart_documents(
    split: tuple[list[str], list[str]],
) -> None:
    fit, held = split
    v = xinwen.Vectorizer().fit(fit)
    want = CountVectorizer(analyzer=xinwen.cut, vocabulary=v.vocabulary_).transform(held)
    got = v.transform(held)
    same(got, want)
    assert got.nnz > 10_000
    # Held-apart documents hold terms the fitted vocabulary lacks: they are not counted.
    assert not set(xinwen.cut(held[0])) <= set(v.vocabulary_)
    # And the fit itself learns what CountVectorizer learns.
    sk = CountVectorizer(analyzer=xinwen.cut)
    want_fit = sk.fit_transform(fit)
    assert v.vocabulary_ == sk.vocabulary_
    same(xinwen.Vectorizer().fit_transform(fit), want_fit)
    assert v.get_feature_names_out().tolist() == sk.get_feature_names_out().tolist()


def test_ngrams_equal_count_vectorizer(split: tuple[list[str], list[str]]) -> None:
    fit, held = split
    v = xinwen.Vectorizer(ngram_range=(1, 2), min_df=2).fit(fit[:500])
    assert any(" " in t for t in v.vocabulary_)
    sk = CountVectorizer(analyzer=ngrams(1, 2), min_df=2).fit(fit[:500])
    assert v.vocabulary_ == sk.vocabulary_
    want = CountVectorizer(analyzer=ngrams(1, 2), vocabulary=v.vocabulary_).transform(held)
    same(v.transform(held), want)
    bi = xinwen.Vectorizer(ngram_range=(2, 3)).fit(fit[:200])
    assert bi.vocabulary_ == CountVectorizer(analyzer=ngrams(2, 3)).fit(fit[:200]).vocabulary_


@pytest.mark.parametrize(
    "params",
    [
        {"min_df": 3},
        {"min_df": 0.01, "max_df": 0.5},
        {"max_df": 200},
        {"min_df": 2, "max_df": 0.3, "binary": True},
        {"dtype": np.float32, "min_df": 5},
    ],
)
def test_pruning_equals_count_vectorizer(
    split: tuple[list[str], list[str]], params: dict[str, object]
) -> None:
    fit, held = split
    v = xinwen.Vectorizer(**params)  # type: ignore[arg-type]
    sk = CountVectorizer(analyzer=xinwen.cut, **params)
    same(v.fit_transform(fit), sk.fit_transform(fit))
    assert v.vocabulary_ == sk.vocabulary_
    same(v.transform(held), sk.transform(held))


def test_max_features_keeps_the_most_frequent_as_count_vectorizer(
    split: tuple[list[str], list[str]],
) -> None:
    fit, _ = split
    full = xinwen.Vectorizer(min_df=2).fit_transform(fit)
    totals = np.sort(np.asarray(full.sum(axis=0)).ravel())[::-1]
    # A limit between two different totals: scikit-learn breaks ties in an unstable order, so
    # the comparison is made where no tie straddles the limit.
    limit = next(k for k in range(300, 400) if totals[k - 1] != totals[k])
    v = xinwen.Vectorizer(min_df=2, max_features=limit)
    sk = CountVectorizer(analyzer=xinwen.cut, min_df=2, max_features=limit)
    same(v.fit_transform(fit), sk.fit_transform(fit))
    assert v.vocabulary_ == sk.vocabulary_ and len(v.vocabulary_) == limit


def test_fixed_vocabulary_and_frames(corpus: pl.DataFrame) -> None:
    arts = corpus.head(300)
    terms = ["普京", "习近平", "美国", "不在语料里的词"]
    v = xinwen.Vectorizer(vocabulary=terms)
    m = v.transform(arts)  # no fit needed
    want = CountVectorizer(analyzer=xinwen.cut, vocabulary=terms).transform(arts["body"].to_list())
    same(m, want)
    assert v.fixed_vocabulary_ and m[:, 3].nnz == 0
    # A frame, a LazyFrame and the list of its texts count alike; field picks the column.
    same(xinwen.Vectorizer(vocabulary=terms).fit_transform(arts.lazy()), want)
    titles = xinwen.Vectorizer(field="title").fit(arts)
    assert titles.vocabulary_ == CountVectorizer(analyzer=xinwen.cut).fit(arts["title"]).vocabulary_
    # Token options reach the counts: with stopwords kept, 的 is a term.
    assert "的" not in xinwen.Vectorizer().fit(arts).vocabulary_
    assert "的" in xinwen.Vectorizer(stopwords=None).fit(arts).vocabulary_


def test_pickles_and_clones(split: tuple[list[str], list[str]]) -> None:
    from sklearn.base import clone

    fit, held = split
    v = xinwen.Vectorizer(min_df=2, segmenter=xinwen.Segmenter(user_dict=["一带一路"])).fit(fit)
    back = pickle.loads(pickle.dumps(v))
    assert back.vocabulary_ == v.vocabulary_ and back.get_params() == v.get_params()
    same(back.transform(held), v.transform(held))
    c = clone(v)
    assert c.get_params() == v.get_params() and not hasattr(c, "vocabulary_")
    # The segmenter is immutable: clones share it rather than build its dictionary again.
    assert c.segmenter is v.segmenter
    assert repr(xinwen.Vectorizer(min_df=2)) == "Vectorizer(min_df=2)"


def test_pipeline_and_grid_search(corpus: pl.DataFrame) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    # Which of two outlets wrote an article, from its words.
    top = corpus["outlet"].value_counts().sort("count", descending=True)["outlet"].head(2)
    arts = corpus.filter(pl.col("outlet").is_in(top.to_list())).sort("doc_id")
    arts = arts.filter(pl.int_range(pl.len()).over("outlet") < 150)
    X, y = arts["body"].to_list(), arts["outlet"].to_list()
    pipe = Pipeline([("words", xinwen.Vectorizer()), ("clf", LogisticRegression(max_iter=500))])
    pipe.fit(X[::2], y[::2])
    assert pipe.score(X[1::2], y[1::2]) > 0.7
    grid = GridSearchCV(pipe, {"words__min_df": [1, 3]}, cv=2).fit(X, y)
    assert grid.best_params_["words__min_df"] in (1, 3)
    assert len(grid.cv_results_["mean_test_score"]) == 2
    fitted = grid.best_estimator_.named_steps["words"]
    assert fitted.min_df == grid.best_params_["words__min_df"] and fitted.vocabulary_


def test_options_are_checked() -> None:
    docs = ["普京访华。", "习近平会见普京。"]
    with pytest.raises(xinwen.InvalidOptionError, match=r"not one string: write \['普京访华。'\]"):
        xinwen.Vectorizer().fit("普京访华。")
    with pytest.raises(xinwen.InvalidOptionError, match="ngram_range"):
        xinwen.Vectorizer(ngram_range=(2, 1)).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="min_df=0"):
        xinwen.Vectorizer(min_df=0).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="in \\[0, 1\\]"):
        xinwen.Vectorizer(max_df=1.5).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="no term can be kept"):
        xinwen.Vectorizer(min_df=2, max_df=1).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="no terms remain"):
        xinwen.Vectorizer(min_df=2, max_df=2, ngram_range=(3, 3)).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="unknown mode 'fast'"):
        xinwen.Vectorizer(mode="fast").fit(docs)  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="holds '普京' twice"):
        xinwen.Vectorizer(vocabulary=["普京", "普京"]).fit(docs)
    with pytest.raises(xinwen.InvalidOptionError, match="lacks column 1"):
        xinwen.Vectorizer(vocabulary={"普京": 0, "访华": 2}).fit(docs)
    with pytest.raises(TypeError, match="document 1 is a NoneType"):
        xinwen.Vectorizer().fit(["普京", None])
    with pytest.raises(ValueError, match="not fitted"):
        xinwen.Vectorizer().transform(docs)
    with pytest.raises(ValueError, match="Invalid parameter 'min_dff'"):
        xinwen.Vectorizer().set_params(min_dff=2)

"""The pl.Expr.xinwen namespace: cut, normalize and script over columns, lazy and eager."""

from __future__ import annotations

import polars as pl
import pytest
import xinwen
from polars.testing import assert_frame_equal, assert_series_equal
from xinwen import XinwenExpr


def test_cut_equals_tokenize_on_the_corpus_lazily(corpus: pl.DataFrame) -> None:
    arts = corpus.head(500)
    toks = xinwen.tokenize(arts, stopwords=None)
    want = arts.select("doc_id").join(toks.group_by("doc_id").agg("token"), on="doc_id", how="left")
    # Lazy, with the list dtype known before collecting.
    lf = arts.lazy().select("doc_id", tokens=pl.col("body").xinwen.cut(stopwords=None))
    assert lf.collect_schema()["tokens"] == pl.List(pl.String)
    got = lf.collect()
    nonempty = got.filter(pl.col("tokens").list.len() > 0)
    assert_frame_equal(
        nonempty, want.rename({"token": "tokens"}).filter(pl.col("tokens").is_not_null())
    )
    # Every document without tokens is an empty list, and a null body a null list.
    empty = got.filter(pl.col("tokens").list.len() == 0)["doc_id"].to_list()
    assert set(empty) == set(arts["doc_id"]) - set(toks["doc_id"])
    assert pl.select(pl.lit(None, pl.String).xinwen.cut()).item() is None
    # The typed spelling gives the same expression.
    assert_frame_equal(
        arts.select(XinwenExpr(pl.col("title")).cut(mode="search")),
        arts.select(pl.col("title").xinwen.cut(mode="search")),
    )


def test_cut_in_group_by_and_with_a_segmenter(corpus: pl.DataFrame) -> None:
    arts = corpus.head(300)
    seg = xinwen.Segmenter(user_dict=["特别军事行动"])
    per_outlet = (
        arts.lazy()
        .group_by("outlet")
        .agg(n=pl.col("body").xinwen.cut(segmenter=seg).list.len().sum())
        .sort("outlet")
        .collect()
    )
    want = (
        xinwen.tokenize(arts, segmenter=seg)
        .join(arts.select("doc_id", "outlet"), on="doc_id")
        .group_by("outlet")
        .agg(n=pl.len())
    )
    got = dict(per_outlet.iter_rows())
    assert {k: v for k, v in got.items() if v} == dict(want.iter_rows())


def test_normalize_is_what_the_segmenter_cuts(corpus: pl.DataFrame) -> None:
    trad = corpus.filter(pl.col("script") == "hant").head(200)
    assert trad.height > 50
    out = trad.lazy().select(
        "body",
        simp=pl.col("body").xinwen.normalize(),
        orig=pl.col("body").xinwen.normalize(script="original"),
        script=pl.col("body").xinwen.normalize().xinwen.script(),
    )
    got = out.collect()
    # Simplified: the tokens of the normalised text with script="original" are the tokens.
    for body, simp in got.select("body", "simp").head(30).iter_rows():
        assert xinwen.cut(simp, script="original") == xinwen.cut(body)
    assert (got["script"] != "hant").all()
    assert (got["orig"] == got["body"]).mean() > 0.5  # type: ignore[operator]
    assert pl.select(pl.lit("ＡＢＣ　習近平").xinwen.normalize()).item() == "ABC 习近平"


def test_script_equals_read_articles_column(corpus: pl.DataFrame) -> None:
    got = corpus.select(pl.col("body").xinwen.script())["body"]
    assert set(got.unique().to_list()) >= {"hans", "hant"}
    # read_articles detects the script of the title and body together; on bodies alone the two
    # agree for all but a handful of articles.
    assert (got == corpus["script"]).mean() > 0.98  # type: ignore[operator]
    assert_series_equal(
        pl.Series(["习近平", "習近平", "Xi", None])
        .to_frame("t")
        .select(pl.col("t").xinwen.script())["t"],
        pl.Series("t", ["hans", "hant", "none", None]),
    )


def test_namespace_checks_its_input() -> None:
    df = pl.DataFrame({"n": [1, 2], "c": ["習近平", "普京"]}).with_columns(
        pl.col("c").cast(pl.Categorical)
    )
    with pytest.raises(xinwen.InvalidOptionError, match="works on text, not on a column of Int64"):
        df.select(pl.col("n").xinwen.cut())
    assert df.select(pl.col("c").xinwen.cut())["c"].to_list() == [["习近平"], ["普京"]]
    with pytest.raises(xinwen.InvalidOptionError, match="unknown script 'hans'"):
        pl.col("c").xinwen.normalize(script="hans")  # type: ignore[arg-type]

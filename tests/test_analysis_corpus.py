"""The analysis functions on the shared corpus: what a researcher would look for first."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import xinwen

# Every analysis here runs from the frame and from a Corpus of it (see conftest).
pytestmark = pytest.mark.usefixtures("through_corpus")


@pytest.fixture(scope="module")
def dated(corpus: pl.DataFrame) -> pl.DataFrame:
    return corpus.filter(pl.col("status") != "error")


def test_putin_share_of_docs_peaks_at_the_invasion(dated: pl.DataFrame) -> None:
    trend = xinwen.term_trend(dated, ["普京"], measure="share_of_docs")
    # Every month from the first to the last article is present, in order.
    assert trend["period"].is_sorted() and trend["period"].n_unique() == trend.height
    # Months with a handful of stray files (1 of 1 is a share of 1.0) are noise; the monthly
    # archive behind the corpus has hundreds of articles a month.
    main = trend.filter(pl.col("total_docs") >= 50)
    assert main.height >= 30
    peak = main.sort("value", descending=True).row(0, named=True)
    assert peak["period"] in (dt.date(2022, 2, 1), dt.date(2022, 3, 1)), peak
    assert peak["lo"] < peak["value"] < peak["hi"]
    # Unifying 蒲亭 and 普丁 matters: CNA and DW would otherwise barely mention Putin.
    literal = dated.filter(pl.col("body").str.contains("普京")).height
    assert trend["docs"].sum() > 1.2 * literal


def test_putin_by_outlet_is_normalised_per_outlet(dated: pl.DataFrame) -> None:
    sub = dated.filter(pl.col("outlet").is_in(["CNA", "RFI", "DW"]))
    trend = xinwen.term_trend(sub, ["普京"], by="outlet", every="1q")
    assert set(trend["outlet"]) == {"CNA", "RFI", "DW"}
    quiet = trend.filter(pl.col("total_docs") == 0)
    assert quiet["value"].null_count() == quiet.height
    busy = trend.filter(pl.col("total_docs") > 0)
    assert busy["value"].null_count() == 0
    expected = 10_000 * busy["count"] / busy["total_tokens"]
    assert (busy["value"] - expected).abs().max() < 1e-9  # type: ignore[operator]


def test_china_russia_co_occurs_with_putin_and_xi(dated: pl.DataFrame) -> None:
    pairs = xinwen.cooccurrence(dated, focus="中俄", window="sentence")
    assert pairs.height > 100
    assert (pairs["term_a"] == "中俄").all()
    assert pairs["llr"].is_sorted(descending=True)
    for other in ("普京", "习近平"):
        row = pairs.filter(pl.col("term_b") == other).row(0, named=True)
        assert row["npmi"] > 0 and row["pmi"] > 0 and row["llr"] > 10.83, row
    # Traditional-script outlets count too: the same pair found in CNA alone.
    cna = xinwen.cooccurrence(dated.filter(pl.col("outlet") == "CNA"), focus="中俄", min_count=2)
    assert "普京" in set(cna["term_b"])


def test_cna_against_rfi_keyness(dated: pl.DataFrame) -> None:
    k = xinwen.keyness(
        dated, pl.col("outlet") == "CNA", reference=pl.col("outlet") == "RFI", top=200
    )
    over = set(k.filter(pl.col("direction") == "over")["term"])
    under = set(k.filter(pl.col("direction") == "under")["term"])
    # Taiwanese usage and CNA's dateline against RFI's.
    assert {"中央社", "报导"} <= over
    assert "法广" in under or "法国" in under
    assert (k.filter(pl.col("direction") == "over")["log_ratio"] > 0).all()


def test_kwic_finds_both_scripts(dated: pl.DataFrame) -> None:
    hits = xinwen.kwic(dated, "无上限", normalize=True, window=10)
    assert {"无上限", "無上限"} <= set(hits["match"])
    assert hits.columns[:5] == ["doc_id", "left", "match", "right", "start"]
    row = hits.row(0, named=True)
    body = dated.filter(pl.col("doc_id") == row["doc_id"])["body"][0]
    assert body[row["start"] : row["start"] + len(row["match"])] == row["match"]


def test_doc_term_matrix_on_the_corpus(dated: pl.DataFrame) -> None:
    sparse = pytest.importorskip("scipy.sparse")
    m, vocab, ids = xinwen.doc_term_matrix(dated, min_df=5, max_df=0.5)
    assert sparse.issparse(m) and m.shape == (dated.height, len(vocab))
    assert ids == dated["doc_id"].to_list()
    assert "普京" in vocab and vocab == sorted(vocab)
    df = (m > 0).sum(axis=0)
    assert df.min() >= 5 and df.max() <= 0.5 * dated.height


def test_keyness_stopwords_leave_out_bylines(dated: pl.DataFrame) -> None:
    bylines = ["中央社", "电", "台北", "报导"]
    k = xinwen.keyness(
        dated,
        pl.col("outlet") == "CNA",
        reference=pl.col("outlet") == "RFI",
        top=10,
        stopwords=xinwen.default_stopwords() + bylines,
    )
    assert not set(bylines) & set(k["term"])
    assert "台湾" in set(k.filter(pl.col("direction") == "over")["term"])


def test_smoothing_leaves_months_without_articles_empty(corpus: pl.DataFrame) -> None:
    # 2020-21 has months without a single article: smoothed or not, they are gaps, not 0.0.
    plain = xinwen.term_trend(corpus, ["普京"], every="1mo")
    smoothed = xinwen.term_trend(corpus, ["普京"], every="1mo", smooth=3)
    empty = plain["total_docs"] == 0
    assert empty.sum() >= 5
    assert smoothed.filter(empty)["value"].null_count() == int(empty.sum())
    assert smoothed.filter(~empty)["value"].null_count() == 0

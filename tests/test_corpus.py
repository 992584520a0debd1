"""xinwen.Corpus on its own: saving and loading, sub-corpora, datasets, memory, and refusals.

(Every analysis giving the same answer from a frame, a Corpus and a saved and loaded one is
asserted by the ``through_corpus`` runs of test_analysis.py and test_analysis_corpus.py.)
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xinwen
from polars.testing import assert_frame_equal

from tests.conftest import CORPUS, need


@pytest.fixture(scope="module")
def sliced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a few hundred shared-corpus files (links, not copies)."""
    root = need(CORPUS)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".html"))
    folder = tmp_path_factory.mktemp("slice")
    for i, f in enumerate(files[::40]):
        (folder / f"{i:05d}{f.suffix}").symlink_to(f)
    return folder


@pytest.fixture(scope="module")
def arts(sliced: Path) -> pl.DataFrame:
    return xinwen.read_articles(sliced)


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(df.columns)


def test_saved_corpus_loads_equal_and_is_plain_parquet(arts: pl.DataFrame, tmp_path: Path) -> None:
    corpus = xinwen.Corpus(arts)
    corpus.save(tmp_path / "c")
    loaded = xinwen.Corpus.load(tmp_path / "c")
    assert len(loaded) == len(corpus) == arts.height
    assert_frame_equal(loaded.vocabulary, corpus.vocabulary)
    assert_frame_equal(loaded.term_counts(), corpus.term_counts())
    assert loaded.articles.columns == [c for c in arts.columns if c != "body"]
    # Each file stands on its own: the vocabulary's counts add up to the sentences' term ids.
    vocab = pl.read_parquet(tmp_path / "c" / "vocabulary.parquet")
    sentences = pl.read_parquet(tmp_path / "c" / "sentences.parquet")
    assert vocab["count"].sum() == sentences["terms"].list.len().sum() == corpus.n_tokens
    top = vocab.sort("count", descending=True).row(0, named=True)
    ids = sentences.select(pl.col("terms").explode())["terms"]
    assert (ids == top["term_id"]).sum() == top["count"]


def test_filter_equals_a_corpus_of_the_filtered_frame(arts: pl.DataFrame) -> None:
    corpus = xinwen.Corpus(arts)
    outlet = arts["outlet"].drop_nulls().mode()[0]
    sub = corpus.filter(pl.col("outlet") == outlet)
    direct = xinwen.Corpus(arts.filter(pl.col("outlet") == outlet))
    assert 0 < len(sub) < len(corpus)
    assert_frame_equal(sub.vocabulary, direct.vocabulary)
    assert_frame_equal(sub.term_counts(), direct.term_counts())
    # A filter of a filter, and the filter of a loaded corpus, stay the same documents.
    dated = sub.filter(pl.col("published_at").is_not_null())
    assert_frame_equal(
        dated.vocabulary,
        xinwen.Corpus(
            arts.filter(pl.col("outlet") == outlet, pl.col("published_at").is_not_null())
        ).vocabulary,
    )


def test_integer_doc_ids_keep_their_dtype() -> None:
    df = pl.DataFrame({"doc_id": [7, 9], "body": ["普京访华。", "习近平会见普京。"]})
    corpus = xinwen.Corpus(df)
    assert corpus.term_counts()["doc_id"].dtype == pl.Int64
    assert xinwen.term_counts(df)["doc_id"].dtype == pl.Int64
    assert xinwen.tokenize(df)["doc_id"].dtype == pl.Int64
    joined = df.join(xinwen.term_counts(corpus.articles), on="doc_id")
    assert set(joined["doc_id"]) == {7, 9}


def test_tokens_take_at_most_eight_bytes(corpus: pl.DataFrame) -> None:
    built = xinwen.Corpus(corpus)
    assert built.n_tokens > 1_000_000
    assert 4.0 <= built.bytes_per_token() <= 8.0


def test_loaded_corpus_refuses_another_segmenter_and_other_stopwords(
    arts: pl.DataFrame, tmp_path: Path
) -> None:
    corpus = xinwen.Corpus(arts.head(20))
    corpus.save(tmp_path / "c")
    other = xinwen.Segmenter(user_dict=["一带一路"])
    with pytest.raises(xinwen.InvalidOptionError, match="another segmenter"):
        xinwen.Corpus.load(tmp_path / "c", segmenter=other)
    loaded = xinwen.Corpus.load(tmp_path / "c")
    with pytest.raises(xinwen.InvalidOptionError, match="stopwords"):
        xinwen.keyness(loaded, pl.col("outlet") == "CNA", stopwords=["普京"])
    with pytest.raises(xinwen.InvalidOptionError, match="tokenized with"):
        xinwen.term_trend(loaded, ["普京"], segmenter=other)


def test_load_says_what_a_folder_lacks(tmp_path: Path) -> None:
    with pytest.raises(xinwen.InvalidOptionError, match=r"lacks meta\.json"):
        xinwen.Corpus.load(tmp_path)
    (tmp_path / "meta.json").write_text('{"format": 99}')
    for name in ("documents", "vocabulary", "sentences"):
        (tmp_path / f"{name}.parquet").write_bytes(b"")
    with pytest.raises(xinwen.InvalidOptionError, match="format 99"):
        xinwen.Corpus.load(tmp_path)


def test_pos_corpus_is_not_saved_without_its_tags(tmp_path: Path) -> None:
    corpus = xinwen.Corpus(pl.DataFrame({"body": ["普京访华。"]}), pos=True)
    with pytest.raises(xinwen.InvalidOptionError, match="pos=True"):
        corpus.save(tmp_path / "c")


def test_dataset_loads_as_the_corpus_of_its_articles(
    sliced: Path, arts: pl.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    xinwen.write_dataset(sliced, out, batch_size=150)
    loaded = xinwen.Corpus.load(out)
    whole = xinwen.Corpus(arts)
    assert len(loaded) == len(whole)
    assert "body" not in loaded.articles.columns and "year" in loaded.articles.columns
    assert_frame_equal(loaded.vocabulary, whole.vocabulary)
    assert_frame_equal(_sorted(loaded.term_counts()), _sorted(whole.term_counts()))
    # The analyses answer alike from the dataset (rows come in partition order, not path order).
    terms = ["普京", "台湾", "美国"]
    assert_frame_equal(
        xinwen.term_trend(loaded, terms, every="1y"), xinwen.term_trend(whole, terms, every="1y")
    )
    group = pl.col("outlet") == arts["outlet"].drop_nulls().mode()[0]
    assert_frame_equal(xinwen.keyness(loaded, group), xinwen.keyness(whole, group))
    assert_frame_equal(
        xinwen.cooccurrence(loaded, focus="普京"), xinwen.cooccurrence(whole, focus="普京")
    )
    # The term counts written beside are the corpus's own.
    counts = pl.read_parquet(out / "term_counts" / "**" / "*.parquet", hive_partitioning=True)
    assert_frame_equal(
        _sorted(counts.select("doc_id", "term", "count")), _sorted(whole.term_counts())
    )


def test_dataset_partitions_select_without_reading_text(
    sliced: Path, arts: pl.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    xinwen.write_dataset(sliced, out, partition_by=("year",))
    years = xinwen.Corpus.load(out).articles["year"]
    year = int(years.filter(years > 0).mode().sort()[0])
    part = xinwen.Corpus.load(out, where=pl.col("year") == year)
    local = pl.col("published_at").dt.convert_time_zone("Asia/Shanghai").dt.year()
    direct = xinwen.Corpus(arts.filter(local == year))
    assert 0 < len(part) == len(direct) < len(arts)
    assert_frame_equal(part.vocabulary, direct.vocabulary)
    # Bodies come only when asked for, and then kwic reads them.
    with_text = xinwen.Corpus.load(out, where=pl.col("year") == year, bodies=True)
    assert_frame_equal(
        xinwen.kwic(with_text, "普京").drop("doc_id"),
        xinwen.kwic(direct, "普京").drop("doc_id"),
        check_row_order=False,
    )


def test_dataset_refuses_to_mix_two_tokenizations(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    xinwen.write_dataset(xinwen.sample_path(), out)
    other = xinwen.Segmenter(user_dict=["一带一路"])
    with pytest.raises(xinwen.InvalidOptionError, match="tokenized otherwise"):
        xinwen.write_dataset(xinwen.sample_path(), out, segmenter=other)
    with pytest.raises(xinwen.InvalidOptionError, match="another segmenter"):
        xinwen.Corpus.load(out, segmenter=other)
    assert len(xinwen.Corpus.load(out)) == xinwen.read_articles(xinwen.sample_path()).height

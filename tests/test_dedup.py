"""xinwen.duplicates: exact copies, re-posts and syndicated copies, on real archives."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import polars as pl
import pytest
import xinwen
from polars.testing import assert_frame_equal
from xinwen.dedup import apply_dedup, shingles

from .conftest import REPO

THRESHOLD = 0.8
MIN_CHARS = 50

STORY = (
    "新华社北京3月21日电 国家主席习近平21日在人民大会堂同俄罗斯总统普京举行会谈。两国元首积极评价"
    "中俄关系发展成果，一致同意继续深化全面战略协作伙伴关系。习近平指出，中俄关系已经远远超出双边范畴。"
    "普京表示，俄方愿同中方加强各领域合作，推动两国关系取得更大发展。"
)
# Same outlet, same day, same people, another article.
SEQUEL = (
    "新华社北京3月22日电 国家主席习近平22日在钓鱼台国宾馆同俄罗斯总统普京共进早餐并散步交谈。两人回顾"
    "了会谈成果，谈到能源、粮食和北极航道合作的新项目。普京邀请习近平明年出席在喀山举行的峰会，"
    "习近平表示感谢，双方将保持密切沟通。"
)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def test_kinds_of_copies() -> None:
    arts = pl.DataFrame(
        {
            "doc_id": [10, 11, 12, 13, 14, 15],
            "outlet": ["新华网", "新华网", "CNA", "新华网", "CNA", None],
            "published_at": [5, 1, 2, 9, 7, 3],
            "body": [
                STORY.replace("取得更大发展", "取得新的更大发展"),
                STORY,
                STORY.replace("，", ", "),
                STORY,
                SEQUEL,
                "视频",
            ],
        }
    )
    got = xinwen.duplicates(arts)
    want = pl.DataFrame(
        {
            "doc_id": [10, 11, 12, 13, 14, 15],
            "cluster_id": pl.Series([0, 0, 0, 0, 2, 1], dtype=pl.UInt32),
            "first_doc_id": [11, 11, 11, 11, 14, 15],
            "kind": ["repost", "original", "syndicated", "exact", "original", "original"],
        }
    )
    assert_frame_equal(got.drop("similarity"), want)
    sim = got["similarity"].to_list()
    assert sim[1:4] == [1.0, 1.0, 1.0] and sim[4:] == [1.0, 1.0]
    exact = jaccard(shingles(arts["body"][0]), shingles(STORY))
    assert 0.8 <= sim[0] < 1.0 and abs(sim[0] - exact) < 0.15
    assert jaccard(shingles(STORY), shingles(SEQUEL)) < 0.1


def test_dedup_modes_keep_what_they_say() -> None:
    arts = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["新华网", "新华网", "CNA", "CNA"],
            "body": [STORY, STORY + "（完）", STORY, SEQUEL],
        }
    )
    assert apply_dedup(arts, "none")["doc_id"].to_list() == ["a", "b", "c", "d"]
    assert apply_dedup(arts, "outlet")["doc_id"].to_list() == ["a", "c", "d"]
    assert apply_dedup(arts, "all")["doc_id"].to_list() == ["a", "d"]
    assert len(xinwen.Corpus(arts, dedup="outlet")) == 3
    assert len(xinwen.Corpus(arts)) == 4


def test_options_are_checked() -> None:
    arts = pl.DataFrame({"body": [STORY]})
    with pytest.raises(xinwen.InvalidOptionError, match=r"^threshold must be in \(0, 1\], not 0$"):
        xinwen.duplicates(arts, threshold=0)
    with pytest.raises(
        xinwen.InvalidOptionError, match=r"^k must be an integer from 1 to 64, not 0$"
    ):
        xinwen.duplicates(arts, k=0)
    with pytest.raises(
        xinwen.InvalidOptionError,
        match=r"^unknown dedup 'outlets': expected one of 'none', 'outlet', 'all'$",
    ):
        apply_dedup(arts, "outlets")  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="lacks the column"):
        xinwen.duplicates(arts, field="text")
    # Without doc_id the row number stands in.
    assert xinwen.duplicates(arts)["doc_id"].to_list() == [0]


# ---------------------------------------------------------------------------------------------
# The shared corpus, and the benchmark archive where it is unpacked (the same tests print the
# share merged per outlet there)

BENCH = Path(
    os.environ.get("XINWEN_BENCH_ARCHIVE", REPO / "target" / "bench-data" / "agora0-2024H1")
)


class Shingled:
    """The shingle sets of a frame's bodies, built when first asked for."""

    def __init__(self, bodies: list[str | None]) -> None:
        self.bodies = bodies
        self.cache: dict[int, set[str]] = {}

    def __getitem__(self, i: int) -> set[str]:
        if i not in self.cache:
            self.cache[i] = shingles(self.bodies[i] or "")
        return self.cache[i]


@dataclass
class Archive:
    name: str
    articles: pl.DataFrame
    dups: pl.DataFrame
    sets: Shingled


_ARCHIVES: dict[str, Archive] = {}


@pytest.fixture(params=["corpus", "bench"])
def archive(request: pytest.FixtureRequest) -> Archive:
    name = str(request.param)
    if name not in _ARCHIVES:
        if name == "corpus":
            arts = request.getfixturevalue("corpus")
        else:
            if not BENCH.exists():
                pytest.skip(
                    f"{BENCH} is absent: unpack ../shared/bench/agora0-2024H1.tar.zst there (or "
                    "set XINWEN_BENCH_ARCHIVE) to run the duplicate tests on the benchmark archive"
                )
            arts = xinwen.read_articles(BENCH)
        dups = xinwen.duplicates(arts, threshold=THRESHOLD)
        _ARCHIVES[name] = Archive(name, arts, dups, Shingled(arts["body"].to_list()))
    return _ARCHIVES[name]


@pytest.fixture
def dups(corpus: pl.DataFrame) -> pl.DataFrame:
    return _corpus(corpus).dups


@pytest.fixture
def sets(corpus: pl.DataFrame) -> Shingled:
    return _corpus(corpus).sets


def _corpus(corpus: pl.DataFrame) -> Archive:
    if "corpus" not in _ARCHIVES:
        dups = xinwen.duplicates(corpus, threshold=THRESHOLD)
        _ARCHIVES["corpus"] = Archive("corpus", corpus, dups, Shingled(corpus["body"].to_list()))
    return _ARCHIVES["corpus"]


def _long(s: set[str]) -> bool:
    # A set of n shingles comes from n + 4 characters.
    return len(s) + 4 >= MIN_CHARS


def test_same_url_near_identical_files_share_a_cluster(archive: Archive) -> None:
    arts, sets = archive.articles, archive.sets
    groups = (
        arts.with_row_index("row")
        .filter(pl.col("url").is_not_null() & (pl.col("url") != ""))
        .group_by("url")
        .agg("row")
        .filter(pl.col("row").list.len() > 1)
    )
    cluster = archive.dups["cluster_id"].to_list()
    pairs = together = 0
    missed = []
    for rows in groups["row"].to_list():
        for i, j in combinations(rows, 2):
            if _long(sets[i]) and _long(sets[j]) and jaccard(sets[i], sets[j]) >= THRESHOLD:
                pairs += 1
                if cluster[i] == cluster[j]:
                    together += 1
                else:
                    missed.append((arts["path"][i], arts["path"][j]))
    print(f"{archive.name}: {together} of {pairs} same-URL near-identical pairs in one cluster")
    assert pairs >= 40, f"only {pairs} same-URL near-identical pairs: is the archive complete?"
    assert together / pairs >= 0.99, f"{together}/{pairs} together; missed {missed[:5]}"


def test_clustered_pairs_are_truly_similar(archive: Archive) -> None:
    rows = archive.dups.with_row_index("row")
    first_row = rows.filter(pl.col("kind") == "original").select("cluster_id", first_row="row")
    clustered = (
        rows.join(first_row, on="cluster_id")
        .filter(pl.col("kind") != "original")
        .select("row", "first_row", "similarity")
        .rows()
    )
    # The shared corpus holds about a hundred copies, 40 of them near (not exact) ones.
    assert sum(sim < 1.0 for _, _, sim in clustered) >= 30
    sample = random.Random(13).sample(clustered, min(300, len(clustered)))
    scores = [jaccard(archive.sets[i], archive.sets[f]) for i, f, _ in sample]
    good = sum(s >= THRESHOLD for s in scores)
    print(f"{archive.name}: {good} of {len(sample)} clustered pairs at or above {THRESHOLD}")
    assert good / len(sample) >= 0.98, f"{good}/{len(sample)} at or above {THRESHOLD}"
    # The similarity reported is the exact Jaccard.
    assert max(abs(s - sim) for s, (_, _, sim) in zip(scores, sample, strict=True)) < 1e-6


def test_any_two_members_of_a_cluster_are_alike(dups: pl.DataFrame, sets: Shingled) -> None:
    # Members are within the threshold of the first, so within 2t - 1 of each other: different
    # articles with some shared text do not chain into one cluster.
    members = (
        dups.with_row_index("row")
        .group_by("cluster_id")
        .agg("row")
        .filter(pl.col("row").list.len() > 1)["row"]
        .to_list()
    )
    pairs = [p for m in members for p in combinations(m, 2)]
    assert len(pairs) >= 100
    low = [(i, j) for i, j in pairs if jaccard(sets[i], sets[j]) < 2 * THRESHOLD - 1 - 1e-9]
    assert not low, f"{len(low)} of {len(pairs)} pairs below {2 * THRESHOLD - 1}"


def test_exact_copies_have_similarity_one(corpus: pl.DataFrame, dups: pl.DataFrame) -> None:
    norm = xinwen._core.dedup_normalize([b or "" for b in corpus["body"].to_list()])
    frame = dups.with_columns(
        norm=pl.Series(norm), row=pl.int_range(pl.len()), outlet=corpus["outlet"]
    )
    first = frame.filter(pl.col("kind") == "original").select(
        "cluster_id", first_norm="norm", first_id="doc_id"
    )
    joined = frame.join(first, on="cluster_id")
    copies = joined.filter(
        (pl.col("doc_id") == pl.col("first_id"))
        | ((pl.col("norm") == pl.col("first_norm")) & (pl.col("norm").str.len_chars() >= MIN_CHARS))
    )
    assert copies.filter(pl.col("kind") != "original").height >= 50
    assert copies["similarity"].min() == 1.0
    # Byte-identical files (one doc_id) are always one cluster.
    spread = (
        dups.group_by("doc_id")
        .agg(pl.col("cluster_id").n_unique())
        .filter(pl.col("cluster_id") > 1)
    )
    assert spread.height == 0


def test_results_are_deterministic(corpus: pl.DataFrame, dups: pl.DataFrame) -> None:
    again = xinwen.duplicates(corpus, threshold=THRESHOLD)
    assert_frame_equal(again, dups)
    # Row order does not matter: the same first member and kind for every file.
    shuffled = corpus.sample(fraction=1.0, shuffle=True, seed=3)
    got = xinwen.duplicates(shuffled, threshold=THRESHOLD).with_columns(path=shuffled["path"])
    want = dups.with_columns(path=corpus["path"])
    cols = ["path", "cluster_id", "first_doc_id", "kind", "similarity"]
    assert_frame_equal(got.select(cols).sort("path"), want.select(cols).sort("path"))


def test_merged_share_per_outlet(archive: Archive) -> None:
    merged = (
        archive.dups.with_columns(outlet=archive.articles["outlet"])
        .group_by("outlet")
        .agg(
            files=pl.len(),
            merged=pl.col("kind").is_in(["exact", "repost"]).sum(),
            syndicated=(pl.col("kind") == "syndicated").sum(),
        )
        .with_columns(share=pl.col("merged") / pl.col("files"))
        .sort("files", descending=True)
    )
    with pl.Config(tbl_rows=60):
        print(f"{archive.name}: files merged by dedup='outlet', per outlet\n{merged}")
    assert merged["merged"].sum() > 0
    # No outlet with more than a handful of files is mostly copies.
    assert merged.filter(pl.col("files") >= 20)["share"].max() < 0.5


def test_analyses_count_what_dedup_keeps(tmp_path: object) -> None:
    from datetime import datetime

    arts = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["新华网", "新华网", "CNA", "CNA"],
            "published_at": [datetime(2023, 3, d) for d in (21, 22, 23, 24)],
            "body": [STORY, STORY + "（完）", STORY, SEQUEL],
        }
    )
    for mode, n in (("none", 4), ("outlet", 3), ("all", 2)):
        want = xinwen.term_trend(apply_dedup(arts, mode), ["普京"], measure="docs")
        got = xinwen.term_trend(arts, ["普京"], measure="docs", dedup=mode)
        assert_frame_equal(got, want)
        assert_frame_equal(
            xinwen.term_trend(xinwen.Corpus(arts), ["普京"], measure="docs", dedup=mode), want
        )
        assert got["docs"].sum() == n
        m, _, ids = xinwen.doc_term_matrix(arts, min_df=1, max_df=1.0, dedup=mode)
        assert m.shape[0] == n and len(ids) == n
    k = xinwen.keyness(arts, pl.col("outlet") == "CNA", dedup="all")
    want_k = xinwen.keyness(apply_dedup(arts, "all"), pl.col("outlet") == "CNA")
    assert_frame_equal(k, want_k)
    co = xinwen.cooccurrence(arts, min_count=1, dedup="outlet")
    assert_frame_equal(co, xinwen.cooccurrence(apply_dedup(arts, "outlet"), min_count=1))
    # A corpus saved without its texts cannot be compared any more.
    xinwen.Corpus(arts).save(str(tmp_path))
    loaded = xinwen.Corpus.load(str(tmp_path))
    with pytest.raises(xinwen.InvalidOptionError, match="saved without them"):
        xinwen.term_trend(loaded, ["普京"], dedup="outlet")


def test_report_says_how_many_were_merged() -> None:
    from datetime import datetime

    from xinwen.report import build_report

    pytest.importorskip("vl_convert")
    arts = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["新华网", "新华网", "CNA", "CNA"],
            "published_at": [datetime(2023, 3, d) for d in (21, 22, 23, 24)],
            "body": [STORY, STORY + "（完）", STORY, SEQUEL],
        }
    )
    page = build_report(arts, dedup="all")
    assert '<th>merged as copies (dedup=&#x27;all&#x27;)</th><td class="num">2</td>' in page
    assert "merged as copies" not in build_report(arts)
    with pytest.raises(xinwen.InvalidOptionError, match=r"^unknown dedup 'some'"):
        build_report(arts, dedup="some")  # type: ignore[arg-type]

"""Quotations: who said what, scored against hand labels of real articles."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
import xinwen

from tests import quotetruth as qt

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"


def one(body: str) -> list[tuple[str | None, str | None, str, str]]:
    arts = pl.DataFrame({"doc_id": ["a"], "body": [body]})
    q = xinwen.quotes(arts)
    for r in q.iter_rows(named=True):
        assert body[r["start"] : r["end"]] == r["quote"]
    return q.select("speaker", "speaker_raw", "kind", "quote").rows()


def test_direct_after_colon_in_both_scripts() -> None:
    assert one("普京说：“我们不会让步。”")[0] == ("普京", "普京", "direct", "我们不会让步。")
    # 蒲亭 is CNA's Putin: one canonical speaker.
    assert one("蒲亭說：「我們不會讓步。」")[0] == ("普京", "蒲亭", "direct", "我們不會讓步。")


def test_reported_speech_with_title_and_time_before_the_verb() -> None:
    got = one("俄罗斯总统普京12日在莫斯科表示，俄方愿意同中方加强合作。")
    assert got == [("普京", "普京", "indirect", "俄方愿意同中方加强合作")]


def test_pronoun_resolved_to_the_person_before() -> None:
    got = one("习近平同普京举行会谈。他指出，双方要加强战略协作。")
    assert got == [("习近平", "他", "indirect", "双方要加强战略协作")]


def test_speaker_after_the_quote_and_an_interrupted_quote() -> None:
    got = one("“我们是好朋友，”王毅说，“合作没有止境。”")
    assert got == [
        ("王毅", "王毅", "direct", "我们是好朋友，"),
        ("王毅", "王毅", "direct", "合作没有止境。"),
    ]
    assert one("中方愿意合作，外交部发言人汪文斌说。") == [
        ("汪文斌", "汪文斌", "indirect", "中方愿意合作")
    ]


def test_a_quoted_piece_inside_reported_speech_is_mixed() -> None:
    got = one("習近平強調，中俄關係「經受住了國際風雲變幻的考驗」。")
    assert got == [("习近平", "習近平", "mixed", "中俄關係「經受住了國際風雲變幻的考驗」")]


def test_scare_quotes_are_not_quotations() -> None:
    body = "中方推进“一带一路”建设。俄方所谓“特别军事行动”仍在继续，“双循环”也被提起。"
    assert one(body) == []


def test_english_passages() -> None:
    got = one(
        'Putin said the talks were useful and constructive. "We will continue," Xi Jinping told reporters.'
    )
    assert [(s, k) for s, _, k, _ in got] == [("普京", "indirect"), ("习近平", "direct")]
    assert got[1][3] == "We will continue,"


def test_offsets_sentence_ids_and_meta_columns() -> None:
    arts = pl.DataFrame(
        {
            "doc_id": ["x", "y"],
            "body": ["今天天气很好。\n\n普京说：“我们不会让步。”", None],
            "outlet": ["RTHK", "CNA"],
            "published_at": [datetime(2024, 3, 1, tzinfo=timezone.utc)] * 2,
        }
    )
    q = xinwen.quotes(arts)
    assert q.columns == [*xinwen.quotes.__globals__["QUOTE_COLUMNS"], "published_at", "outlet"]
    assert q.select("doc_id", "quote_id", "sent_id", "start", "end").row(0) == ("x", 0, 1, 14, 21)
    tokens = xinwen.tokenize(arts.head(1), keep_punct=True)
    first = tokens.filter(pl.col("start") >= 14).row(0, named=True)
    assert first["sent_id"] == 1


def test_quotes_read_a_corpus_with_its_texts() -> None:
    arts = pl.DataFrame(
        {"doc_id": ["a", "b"], "body": ["普京说，俄方愿意合作。", "今天没有新闻。"]}
    )
    corpus = xinwen.Corpus(arts)
    assert xinwen.quotes(corpus).equals(xinwen.quotes(arts))


def test_quote_counts_per_outlet_and_month() -> None:
    arts = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "body": [
                "普京说，俄方愿意合作。习近平指出，双方要加强协调。",
                "普京表示，俄方反对制裁。",
                "王毅说，中方愿意对话。",
            ],
            "outlet": ["CNA", "CNA", "RFI"],
            "published_at": [
                datetime(2024, 1, 5, tzinfo=timezone.utc),
                datetime(2024, 1, 20, tzinfo=timezone.utc),
                datetime(2024, 2, 2, tzinfo=timezone.utc),
            ],
        }
    )
    c = xinwen.quote_counts(xinwen.quotes(arts), by="outlet", top=None)
    cna = (
        c.filter(pl.col("outlet") == "CNA").select("speaker", "quotes", "articles", "share").rows()
    )
    assert cna == [("普京", 2, 2, 2 / 3), ("习近平", 1, 1, 1 / 3)]
    assert c.filter(pl.col("outlet") == "RFI")["speaker"].to_list() == ["王毅"]
    top1 = xinwen.quote_counts(xinwen.quotes(arts), top=1)
    assert set(top1["speaker"]) == {"普京"}


def test_quotes_feed_keyness_of_one_speaker_against_another() -> None:
    arts = pl.DataFrame(
        {
            "doc_id": ["a", "b"],
            "body": ["普京说，俄方愿意扩大能源合作。习近平指出，双方要深化战略协作。"] * 2,
        }
    )
    q = xinwen.quotes(arts).with_columns(pl.format("{}#{}", "doc_id", "quote_id").alias("doc_id"))
    k = xinwen.keyness(q, pl.col("speaker") == "普京", field="quote", top=5)
    assert "能源" in k["term"].to_list()


def test_bad_arguments_are_named_errors() -> None:
    arts = pl.DataFrame({"doc_id": ["a"], "body": ["普京说，好。"]})
    with pytest.raises(xinwen.InvalidOptionError, match="lacks the column"):
        xinwen.quotes(arts, field="text")
    with pytest.raises(TypeError, match="polars DataFrame"):
        xinwen.quotes(["普京说，好。"])  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="dedup"):
        xinwen.quotes(arts, dedup="some")  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="published_at"):
        xinwen.quote_counts(xinwen.quotes(arts))
    with pytest.raises(xinwen.InvalidOptionError, match="kind"):
        xinwen.quote_counts(xinwen.quotes(arts), kind="said")  # type: ignore[arg-type]


def test_unbalanced_marks_and_odd_text_do_not_fail() -> None:
    for body in [
        "“",
        "”他说。",
        "普京说：“",
        "说，",
        "「」「」「",
        "\n\n“a\n\n“b\n\n",
        "他说" * 2000,
    ]:
        one(body)


@pytest.fixture(scope="module")
def labelled() -> tuple[
    list[dict[str, object]], dict[str, list[dict[str, object]]], dict[str, str], pl.DataFrame
]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}: the labelled quotations point into it")
    arts, by_file = qt.load()
    files = [str(CORPUS / a["file"]) for a in arts]
    df = xinwen.read_articles(files)
    rel = {
        str(Path(p).resolve().relative_to(CORPUS.resolve())): i for i, p in enumerate(df["path"])
    }
    bodies = {a["file"]: df["body"][rel[a["file"]]] for a in arts}
    return arts, by_file, bodies, df


def test_labels_cover_enough_articles_outlets_and_both_scripts(labelled) -> None:  # type: ignore[no-untyped-def]
    arts, by_file, bodies, _ = labelled
    quotes = [q for rows in by_file.values() for q in rows if q["type"] == "quote"]
    assert len(quotes) >= 150 and len(arts) >= 40
    assert {a["script"] for a in arts} >= {"hans", "hant"}
    assert len({a["outlet"] for a in arts}) >= 15
    assert Counter(q["kind"] for q in quotes).keys() == {"direct", "indirect", "mixed"}
    for a in arts:
        # The labels point at today's bodies: a change in reading shows here, not as a score.
        assert qt.sha(bodies[a["file"]]) == a["body_sha1"], a["file"]
    for rows in by_file.values():
        for q in rows:
            body = bodies[q["file"]]
            assert qt.sha(body[q["start"] : q["end"]])[:12] == q["span_sha1"]


def test_quotations_match_the_hand_labels(labelled) -> None:  # type: ignore[no-untyped-def]
    arts, by_file, bodies, df = labelled
    q = xinwen.quotes(df)
    path_of = {
        d: str(Path(p).resolve().relative_to(CORPUS.resolve()))
        for d, p in zip(df["doc_id"], df["path"], strict=True)
    }
    s = qt.Score()
    for a in arts:
        found = (r for r in q.iter_rows(named=True) if path_of[r["doc_id"]] == a["file"])
        qt.score_article(s, a["file"], bodies[a["file"]], by_file.get(a["file"], []), found)
    print(s.summary())
    assert s.f1("direct") >= 0.90, s.summary()
    assert s.f1("reported") >= 0.75, s.summary()
    assert s.speaker_accuracy >= 0.85, s.summary()
    assert s.scares_reported == [], s.scares_reported


def test_seed_quotations_of_xi_and_putin() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    q = xinwen.quotes(xinwen.read_articles(str(SEEDS)))

    def speaker_of(words: str) -> set[str]:
        return set(q.filter(pl.col("quote").str.contains(words, literal=True))["speaker"])

    assert speaker_of("双方要密切战略协作") == {"习近平"}
    assert speaker_of("俄方坚定恪守一个中国原则") == {"普京"}
    assert speaker_of("我很高兴应邀来华出席北京冬奥会开幕式") == {"普京"}
    assert speaker_of("很高興在新年伊始同習近平主席視頻交流") == {"普京"}
    assert speaker_of("2024年,我們3次會晤") == {"习近平"}
    assert speaker_of("Russia and China have always provided each other") == {"普京"}
    assert speaker_of("The close coordination between the two countries") == {"习近平"}
    per_seed = q.group_by("doc_id").agg(pl.col("speaker").is_in(["习近平", "普京"]).any())
    assert per_seed.height == 5 and per_seed["speaker"].all()


def test_dedup_counts_an_outlets_copy_once() -> None:
    # Three sentences: long enough (50+ characters) to be compared on their text.
    body = "普京说，俄方愿意同中方加强在能源领域的合作，并且继续推进两国之间的战略协作。" * 3
    arts = pl.DataFrame(
        {"doc_id": ["a", "b", "c"], "body": [body] * 3, "outlet": ["CNA", "CNA", "RFI"]}
    )
    assert xinwen.quotes(arts)["doc_id"].unique().sort().to_list() == ["a", "b", "c"]
    # The re-post by CNA goes; RFI's syndicated copy is a publication of its own.
    assert xinwen.quotes(arts, dedup="outlet")["doc_id"].unique().sort().to_list() == ["a", "c"]
    assert xinwen.quotes(arts, dedup="all")["doc_id"].unique().to_list() == ["a"]

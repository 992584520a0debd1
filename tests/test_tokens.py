"""Tokens on real text: seeds, the shared corpus, and hand-written edge cases."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
import pytest
import xinwen
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from xinwen import _core
from xinwen.tokens import Script


def frame(*bodies: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(bodies))], "body": list(bodies)})


def check_offsets(articles: pl.DataFrame, toks: pl.DataFrame, field: str = "body") -> None:
    """Every token's offsets slice its field back to token_raw."""
    joined = toks.join(articles.select("doc_id", field), on="doc_id", how="left")
    bad = joined.filter(
        pl.col(field).str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        != pl.col("token_raw")
    )
    assert bad.height == 0, bad.head(5)


# --- seed 003: a traditional-script portal page with its English version appended -----------


@pytest.fixture(scope="module")
def seed003(seeds: dict[str, dict[str, object]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    row = seeds["003"]
    articles = pl.DataFrame({"doc_id": [row["doc_id"]], "body": [row["body"]]})
    return articles, xinwen.tokenize(articles, pos=True)


def test_seed003_traditional_names_are_simplified_tokens_with_traditional_raw(
    seed003: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    articles, toks = seed003
    zh = toks.filter(pl.col("lang") == "zh")
    raws = {t: set(zh.filter(pl.col("token") == t)["token_raw"]) for t in
            ("习近平", "普京", "上海合作组织", "金砖国家", "中国")}  # fmt: skip
    assert raws["习近平"] == {"習近平"}
    assert raws["普京"] == {"普京"}
    assert raws["上海合作组织"] == {"上海合作組織"}
    assert "金磚國家" in raws["金砖国家"]
    assert raws["中国"] == {"中國"}
    assert zh.filter(pl.col("token") == "习近平")["pos"].unique().to_list() == ["nr"]
    check_offsets(articles, toks)


def test_seed003_english_half_is_english(seed003: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    _, toks = seed003
    en = toks.filter(pl.col("lang") == "en")
    assert en.height > 300
    xi = set(en.filter(pl.col("token") == "习近平")["token_raw"])
    putin = set(en.filter(pl.col("token") == "普京")["token_raw"])
    assert "Xi Jinping" in xi and "Putin" in putin and "Vladimir Putin" in putin
    words = set(en["token"])
    assert {"bilateral", "cooperation", "multilateralism", "80th"} <= words
    assert not {"the", "and", "of"} & words, "English stopwords kept"
    assert all(w == w.lower() for w in words)
    assert "SCO" in set(en.filter(pl.col("token") == "上海合作组织")["token_raw"])
    # English sentences are counted separately from the Chinese ones, in order.
    assert toks["sent_id"].is_sorted() and toks["token_id"].to_list() == list(range(toks.height))


def test_traditional_segments_like_simplified() -> None:
    # The same sentence in both scripts gives the same tokens (the simplified forms).
    hans = "国家主席习近平同俄罗斯总统普京举行视频会晤，双方同意深化全面战略协作。"
    hant = _core.convert_script([hans], "traditional")[0]
    assert hant != hans
    toks = xinwen.tokenize(frame(hans, hant))
    a, b = (toks.filter(pl.col("doc_id") == d)["token"].to_list() for d in ("d0", "d1"))
    assert a == b
    original = xinwen.tokenize(frame(hant), script="original")["token"].to_list()
    assert original != a and "總統" in original


# --- the shared corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_tokens(corpus: pl.DataFrame) -> pl.DataFrame:
    return xinwen.tokenize(corpus)


def test_offsets_slice_back_for_every_token_of_the_corpus(
    corpus: pl.DataFrame, corpus_tokens: pl.DataFrame
) -> None:
    assert corpus_tokens.height > 1_000_000
    check_offsets(corpus, corpus_tokens)
    # Titles too (a different field, with traditional and English titles).
    check_offsets(corpus, xinwen.tokenize(corpus, field="title", keep_punct=True), "title")


def test_cna_puting_counts_as_putin(corpus: pl.DataFrame, corpus_tokens: pl.DataFrame) -> None:
    cna = corpus.filter((pl.col("outlet") == "CNA") & pl.col("body").str.contains("蒲亭"))
    assert cna.height > 50
    doc = cna.row(0, named=True)["doc_id"]
    toks = corpus_tokens.filter(pl.col("doc_id") == doc)
    assert "蒲亭" not in set(toks["token"])
    assert "蒲亭" in set(toks.filter(pl.col("token") == "普京")["token_raw"])
    counts = xinwen.term_counts(cna.head(20))
    raw = sum(b.count("蒲亭") for b in cna.head(20)["body"])
    assert counts.filter(pl.col("term") == "普京")["count"].sum() >= raw


def test_term_counts_equal_the_token_table(
    corpus: pl.DataFrame, corpus_tokens: pl.DataFrame
) -> None:
    sample = corpus.sample(300, seed=3)
    counts = xinwen.term_counts(sample)
    from_tokens = (
        corpus_tokens.filter(pl.col("doc_id").is_in(sample["doc_id"].implode()))
        .group_by("doc_id", "token")
        .len()
        .rename({"token": "term", "len": "count"})
        .with_columns(pl.col("count").cast(pl.Int64))
    )
    assert_frame_equal(counts, from_tokens, check_row_order=False)


@pytest.mark.parametrize(
    ("script", "hmm"), [("simplified", True), ("mainland", True), ("simplified", False)]
)
def test_term_counts_equal_the_token_table_on_the_corpus(
    corpus: pl.DataFrame, script: Script, hmm: bool
) -> None:
    # Counting normalises without tracking origins, line by line, copying characters in runs;
    # tokenizing tracks every character. Both must give the same terms, document by document.
    # A few articles are in the corpus twice, under one doc_id: each copy has its own rows.
    docs = corpus.unique("doc_id", keep="first", maintain_order=True)
    if (script, hmm) != ("simplified", True):
        docs = docs.head(3000)  # the default on the whole corpus, the variants on a part
    seg = xinwen.Segmenter(script=script, hmm=hmm)
    counts = xinwen.term_counts(docs, segmenter=seg)
    from_tokens = (
        xinwen.tokenize(docs, segmenter=seg)
        .group_by("doc_id", "token")
        .len()
        .rename({"token": "term", "len": "count"})
        .with_columns(pl.col("count").cast(pl.Int64))
    )
    assert counts.height > 300_000
    assert_frame_equal(counts, from_tokens, check_row_order=False)


# --- options ----------------------------------------------------------------------------------


def test_numbers_and_money_stay_whole() -> None:
    toks = xinwen.tokenize(frame("双边贸易额达2277亿美元，目标2000亿美元，庆祝建交75周年。"))
    assert {"2277亿美元", "2000亿美元", "75周年"} <= set(toks["token"])


def test_user_dict_as_list_and_as_file(tmp_path: Path) -> None:
    text = "推进Power of Siberia项目，深化新时代中俄全面战略协作伙伴关系。"
    default = set(xinwen.tokenize(frame(text))["token"])
    assert "新时代中俄全面战略协作伙伴关系" not in default
    words = ["Power of Siberia", "新时代中俄全面战略协作伙伴关系"]
    seg = xinwen.Segmenter(user_dict=words)
    assert {"power of siberia", "新时代中俄全面战略协作伙伴关系"} <= set(
        xinwen.tokenize(frame(text), segmenter=seg)["token"]
    )
    path = tmp_path / "user.txt"
    path.write_text("Power of Siberia 100 nz\n新时代中俄全面战略协作伙伴关系 5\n", encoding="utf-8")
    from_file = xinwen.Segmenter(user_dict=path)
    toks = xinwen.tokenize(frame(text), segmenter=from_file, pos=True)
    assert toks.filter(pl.col("token") == "power of siberia")["pos"].to_list() == ["nz"]


def test_aliases_can_be_extended_replaced_or_dropped() -> None:
    text = "拜登和Joe Biden会见蒲亭。"
    extended = xinwen.Segmenter(aliases={**xinwen.default_aliases(), "拜登": ["Joe Biden"]})
    assert xinwen.tokenize(frame(text), segmenter=extended)["token"].to_list() == [
        "拜登", "拜登", "会见", "普京",
    ]  # fmt: skip
    none = xinwen.Segmenter(aliases=None)
    assert "蒲亭" in set(xinwen.tokenize(frame(text), segmenter=none)["token"])
    assert none.canonical("蒲亭") is None


def test_stopword_options() -> None:
    text = "我们的朋友来了。"
    assert "的" not in set(xinwen.tokenize(frame(text))["token"])
    kept = xinwen.tokenize(frame(text), stopwords=None)["token"].to_list()
    assert "的" in kept
    custom = xinwen.tokenize(frame(text), stopwords=["朋友"])["token"].to_list()
    assert "的" in custom and "朋友" not in custom
    seg = xinwen.Segmenter(stopwords=["来"])
    assert "来" not in set(xinwen.tokenize(frame(text), segmenter=seg)["token"])


def test_modes_and_punctuation() -> None:
    text = "我来到北京清华大学。"
    acc = xinwen.tokenize(frame(text))
    search = xinwen.tokenize(frame(text), mode="search")
    full = xinwen.tokenize(frame(text), mode="full", keep_punct=True)
    assert acc["token"].to_list() == ["来到", "北京", "清华大学"]
    assert search["token"].to_list() == ["来到", "北京", "清华", "华大", "大学", "清华大学"]
    assert {"北京", "清华", "华大", "大学", "清华大学"} <= set(full["token"])
    assert "。" in set(full["token"])
    check_offsets(frame(text), full)


def test_pickle_round_trip() -> None:
    seg = xinwen.Segmenter(user_dict=["Power of Siberia"], script="original", stopwords=["的"])
    back = pickle.loads(pickle.dumps(seg))
    assert back == seg and back is not seg
    text = frame("推進Power of Siberia倡議的建設。")
    assert_frame_equal(xinwen.tokenize(text, segmenter=back), xinwen.tokenize(text, segmenter=seg))
    default = pickle.loads(pickle.dumps(xinwen.Segmenter()))
    assert default == xinwen.Segmenter()
    with pytest.raises(AttributeError):
        seg.script = "simplified"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xinwen.tokenize(frame("x"), mode="fast"), "unknown mode 'fast': expected one of"),
        (lambda: xinwen.tokenize(frame("x"), script="hant"), "unknown script 'hant'"),
        (lambda: xinwen.Segmenter(script="traditional"), "unknown script 'traditional'"),
        (lambda: xinwen.term_counts(frame("x"), mode="all"), "'accurate', 'search', 'full'"),
        (lambda: xinwen.keywords(frame("x"), method="lda"), "unknown method 'lda'"),
        (lambda: xinwen.keywords(frame("x"), idf="web"), "unknown idf 'web'"),
        (lambda: xinwen.keywords(frame("x"), top_k=0), "top_k must be a positive integer"),
        (lambda: xinwen.tokenize(frame("x"), field="text"), "lacks the column(s) 'text'"),
        (lambda: xinwen.Segmenter(user_dict="/nonexistent/dict.txt"), "is not a file"),
    ],
)
def test_bad_options_raise_value_errors(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        call()  # type: ignore[operator]
    assert isinstance(e.value, xinwen.InvalidOptionError)


def test_wrong_types_raise_type_errors() -> None:
    with pytest.raises(TypeError, match="polars DataFrame"):
        xinwen.tokenize({"doc_id": ["a"], "body": ["x"]})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"xinwen\.Segmenter"):
        xinwen.tokenize(frame("x"), segmenter="jieba")  # type: ignore[arg-type]


def test_empty_null_and_lazy_input() -> None:
    empty = xinwen.tokenize(frame())
    assert empty.height == 0 and empty.columns[:4] == ["doc_id", "sent_id", "token_id", "token"]
    nulls = pl.DataFrame({"doc_id": ["a", "b"], "body": [None, "普京"]})
    assert xinwen.tokenize(nulls)["doc_id"].to_list() == ["b"]
    lazy = xinwen.term_counts(frame("普京访华").lazy())
    assert set(lazy["term"]) == {"普京", "访华"}
    # The caller's ids come back in their own dtype, so the results join back to the articles.
    ints = pl.DataFrame({"doc_id": [7, 7, 9], "body": ["普京", "普京访华", None]})
    toks = xinwen.tokenize(ints)
    assert toks.schema["doc_id"] == pl.Int64 and toks["doc_id"].to_list() == [7, 7, 7]
    assert toks.join(ints, on="doc_id").height == 6
    assert xinwen.term_counts(ints).schema["doc_id"] == pl.Int64


def test_keywords() -> None:
    docs = frame(
        "普京与习近平举行会晤。普京表示，俄中合作不断深化。蒲亭强调能源合作。",
        "美国宣布对俄罗斯实施新制裁。制裁涉及能源和金融。",
        "台湾地震造成交通中断，地震后救援展开。",
    )
    tfidf = xinwen.keywords(docs, top_k=3)
    assert tfidf.columns == ["doc_id", "rank", "keyword", "score"]
    assert tfidf.filter(pl.col("rank") == 1)["keyword"].to_list() == ["普京", "制裁", "地震"]
    jieba_idf = xinwen.keywords(docs, top_k=2, idf="jieba")
    assert jieba_idf.filter(pl.col("doc_id") == "d2")["keyword"][0] == "地震"
    rank = xinwen.keywords(docs, method="textrank", top_k=5)
    assert rank.group_by("doc_id").agg(pl.col("score").max())["score"].to_list() == [1.0] * 3


# --- property: offsets slice back whatever the text ----------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(
        list("習近平普京蒲亭俄羅斯总统會晤中俄关系，。！？「」“”…\n ")
        + list("Putin Xi Jinping U.S. 2,000 80th's-")
        + ["２", "０", "％", "•", "\u3000", "\U00020000", "\ufeff", "é"]
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_offsets_property(bodies: list[str]) -> None:
    articles = frame(*bodies)
    for mode in ("accurate", "full"):
        toks = xinwen.tokenize(articles, mode=mode, keep_punct=True, stopwords=None)
        check_offsets(articles, toks)
        assert (toks["end"] > toks["start"]).all()


def test_mainland_script_unifies_taiwan_vocabulary_on_cna(corpus: pl.DataFrame) -> None:
    cna = corpus.filter(pl.col("outlet") == "CNA", pl.col("status") == "ok")
    default = xinwen.term_counts(cna)
    mainland = xinwen.term_counts(cna, script="mainland")

    def docs(counts: pl.DataFrame, term: str) -> int:
        return counts.filter(pl.col("term") == term)["doc_id"].n_unique()

    # Taiwan's 網路 and 資訊 are hundreds of CNA articles; the mainland words only a few.
    assert docs(default, "网路") > 100 and docs(default, "资讯") > 100
    assert docs(default, "网络") < docs(default, "网路") / 3
    # With script="mainland" they are the mainland's words.
    assert docs(mainland, "网路") == 0 and docs(mainland, "资讯") == 0
    assert docs(mainland, "网络") >= docs(default, "网路")
    assert docs(mainland, "信息") >= 0.8 * docs(default, "资讯")
    # Offsets still point at the text as written.
    toks = xinwen.tokenize(cna.head(200), script="mainland").filter(pl.col("token") == "网络")
    assert toks.height > 0 and set(toks["token_raw"]) <= {"網路", "網絡", "网络", "网路"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=3))
def test_tokenize_takes_any_string(bodies: list[str]) -> None:
    """Arbitrary Unicode (surrogates aside, which Polars cannot hold): every token's offsets
    slice its text back, and no token is empty."""
    articles = frame(*bodies)
    toks = xinwen.tokenize(articles, keep_punct=True, stopwords=None)
    check_offsets(articles, toks)
    assert (toks["end"] > toks["start"]).all()
    assert set(toks["doc_id"].to_list()) <= set(articles["doc_id"].to_list())


def test_mainland_script_leaves_simplified_documents_alone(corpus: pl.DataFrame) -> None:
    # The reversed Taiwan table holds 建立→创建, 文件→文档, 新增→添加, 程序→进程: mainland words.
    # script="mainland" applies it to traditional text only, so simplified documents keep
    # their tokens; what may differ is traditional text quoted inside one (a reader's comment
    # in traditional characters, 網路 in a simplified sentence): 1 token in 95,000 of the
    # shared corpus's first 3,000 simplified documents, asserted at most 1 in 20,000.
    hans = corpus.filter(pl.col("status") == "ok", pl.col("script") == "hans").head(3000)
    assert hans.height > 1000
    simplified = xinwen.term_counts(hans, stopwords=None)
    mainland = xinwen.term_counts(hans, stopwords=None, script="mainland")
    both = simplified.join(mainland, on=["doc_id", "term"], how="full", coalesce=True)
    diff = both.select(
        (pl.col("count").fill_null(0) - pl.col("count_right").fill_null(0)).abs().sum()
    ).item()
    total = simplified["count"].sum()
    assert diff <= total / 20_000, (diff, total)
    # What differs comes from lines written in traditional characters (a quoted comment): a
    # line that the simplified conversion leaves as it is, mainland leaves as it is too.
    lines = [line for body in hans["body"].to_list() for line in body.split("\n") if line]
    simple = [line for line, s in zip(lines, xinwen.convert(lines), strict=True) if s == line]
    assert len(simple) > 0.9 * len(lines)
    assert xinwen.convert(simple, to="mainland") == simple


# --- one string at a time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"stopwords": None},
        {"keep_punct": True, "mode": "search"},
        {"mode": "full", "script": "original"},
        {"script": "mainland", "stopwords": ["普京", "表示"]},
    ],
)
def test_cut_equals_tokenize_on_corpus_bodies(
    corpus: pl.DataFrame, options: dict[str, object]
) -> None:
    arts = corpus.filter(pl.col("body").is_not_null()).head(400)
    toks = xinwen.tokenize(arts, **options)  # type: ignore[arg-type]
    want = dict(toks.group_by("doc_id", maintain_order=True).agg("token").iter_rows())
    n_tokens = 0
    for doc_id, body in arts.select("doc_id", "body").iter_rows():
        got = xinwen.cut(body, **options)  # type: ignore[arg-type]
        assert got == want.get(doc_id, []), doc_id
        n_tokens += len(got)
    assert n_tokens > 50_000


def test_segmenter_cut_uses_its_words_and_script(corpus: pl.DataFrame) -> None:
    seg = xinwen.Segmenter(user_dict=["特别军事行动", "Yellow River Delta"], script="original")
    arts = corpus.filter(pl.col("body").is_not_null()).head(200)
    toks = xinwen.tokenize(arts, segmenter=seg)
    want = dict(toks.group_by("doc_id", maintain_order=True).agg("token").iter_rows())
    for doc_id, body in arts.select("doc_id", "body").iter_rows():
        assert seg.cut(body) == want.get(doc_id, [])
        assert xinwen.cut(body, segmenter=seg) == seg.cut(body)
    assert seg.cut("共建Yellow River Delta倡議") == ["共建", "yellow river delta", "倡議"]
    assert xinwen.cut("共建Yellow River Delta倡議") == ["共建", "yellow", "river", "delta", "倡议"]


def test_cut_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match="cut takes one string, not list"):
        xinwen.cut(["普京"])  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="unknown mode 'fast'"):
        xinwen.cut("普京", mode="fast")  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="unknown script 'hans'"):
        xinwen.cut("普京", script="hans")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keep_punct must be True or False"):
        xinwen.cut("普京", keep_punct=[])  # type: ignore[arg-type]
    assert xinwen.cut("") == [] and xinwen.cut("的。") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_cut_equals_tokenize_property(bodies: list[str]) -> None:
    articles = frame(*bodies)
    for options in ({}, {"mode": "full", "keep_punct": True, "stopwords": None}):
        toks = xinwen.tokenize(articles, **options)  # type: ignore[arg-type]
        for i, body in enumerate(bodies):
            want = toks.filter(pl.col("doc_id") == f"d{i}")["token"].to_list()
            assert xinwen.cut(body, **options) == want  # type: ignore[arg-type]

"""The five seed articles: every field we promise, checked against the files themselves."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

UTC = timezone.utc

BOILERPLATE = (
    "分享",
    "德国之声版权声明",
    "©",
    "whatsapp",
    "http",
    "<",
    "&amp;",
    "&nbsp;",
    "責任編輯",
    "图片版权",
    "版权",
    "版權",
    "订阅",
    "下载",
    "广告",
    "Feed",
)


def sentences(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p]


def test_seed_000_rfi_rss_markdown(seeds: dict) -> None:
    a = seeds["000"]
    assert a["layout"] == "rss_markdown"
    assert a["status"] == "ok", a["error"]
    assert a["title"] == "中俄元首互致新春问候 习近平：双方要密切战略协作"
    assert a["url"].startswith("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20240208-")
    assert a["outlet"] == "RFI"
    # The body's "08/02/2024 - 12:51" is RFI's Paris time with no offset; the epoch comment
    # (2024-02-08 12:15:01 UTC, 24 minutes after 11:51 UTC) is an explicit instant, so it wins and
    # the two agree within the day: no conflict.
    assert a["published_at"] == datetime(2024, 2, 8, 12, 15, 1, tzinfo=UTC)
    assert a["date_source"] == "epoch_comment"
    assert a["date_conflict"] is False
    assert a["script"] == "hans"
    assert a["lang"] == "zh"
    paras = sentences(a["body"])
    assert (
        paras[0]
        == "2月8日下午，在中国农历新年即将到来之际，中国国家主席习近平同俄罗斯总统普京通电话。"
    )
    assert paras[-1].startswith("克宫表示：“普京和习近平特别强调")
    assert paras[-1].endswith("领导人们同意继续进行个人接触”。")
    assert "08/02/2024" not in a["body"]
    # RFI quotes the Chinese foreign ministry and the Kremlin, neither a news agency: no credit.
    assert a["credit"] is None
    assert a["captions"] == []
    assert a["images"][0].startswith("https://s.rfi.fr/media/display/")
    for junk in BOILERPLATE:
        assert junk not in a["body"], junk


def test_seed_001_zaker_hexo(seeds: dict) -> None:
    a = seeds["001"]
    assert a["layout"] == "hexo"
    assert a["status"] == "ok", a["error"]
    assert a["title"] == "中俄元首_新春之会_，引海内外高度关注"
    assert a["outlet"] == "ZAKER"
    assert a["categories"] == ["新媒体", "ZAKER", "source"]
    assert a["published_at"] == datetime(2022, 2, 5, 20, 22, tzinfo=UTC)
    assert a["date_source"] == "front_matter"
    assert a["credit"] == "新华社"  # a Xinhua wire story reprinted: "新华社北京 2 月 4 日电"
    paras = sentences(a["body"])
    assert paras[0].startswith(
        "国家主席习近平 2 月 4 日下午在北京钓鱼台国宾馆同俄罗斯总统普京举行会谈"
    )
    assert paras[-1] == "丁薛祥、杨洁篪、王毅、何立峰等参加会谈。"
    # Image proxies are unwrapped to the real URL.
    assert a["images"] and all(u.startswith("http://zkres") for u in a["images"])
    for junk in BOILERPLATE:
        assert junk not in a["body"], junk


def test_seed_002_dw_dateline_beats_feed_time(seeds: dict) -> None:
    a = seeds["002"]
    assert a["layout"] == "rss_markdown"
    assert a["outlet"] == "DW"
    assert a["title"] == "习近平和普京通话： “反对外部势力干涉内政”"
    # DW's own timestamp carries an offset (Z) and is the article's metadata; the epoch comment
    # (13:47:02 UTC) is when the feed carried it, 11 minutes later. The article's own time wins.
    assert a["published_at"] == datetime(2024, 2, 8, 13, 36, 9, 741000, tzinfo=UTC)
    assert a["date_source"] == "dateline"
    assert a["date_conflict"] is False
    assert a["credit"] == "法新社"
    assert "普京和习近平2023年10月在北京一带一路论坛上互动" in a["captions"]
    paras = sentences(a["body"])
    assert paras[0].startswith(
        "（德国之声中文网）中国国家主席习近平周四（2月8日）告诉俄罗斯总统普京"
    )
    assert paras[-1].startswith("中国官媒报道说，习近平对普京说：")
    assert "（法新社）" not in a["body"]  # the closing source note is the credit, not text
    assert "普京和习近平2023年10月在北京一带一路论坛上互动" not in a["body"]
    assert "2024-02-08T13:36" not in a["body"]
    for junk in BOILERPLATE:
        assert junk not in a["body"], junk


def test_seed_003_portal_traditional_with_english(seeds: dict) -> None:
    a = seeds["003"]
    assert a["layout"] == "portal_text"
    assert a["status"] == "ok", a["error"]
    assert a["title"] == "習近平同俄羅斯總統普京舉行視頻會晤"
    assert a["outlet"] == "新华网"
    # "發佈時間:2025-01-23 08:44:31" has no offset: it is Beijing time (the default timezone).
    assert a["published_at"] == datetime(2025, 1, 23, 0, 44, 31, tzinfo=UTC)
    assert a["date_source"] == "portal_header"
    assert a["script"] == "hant"
    assert a["lang"] == "zh+en"
    assert a["credit"] == "新华社"
    caption = "1月21日下午,國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。新華社記者 饒愛民 攝"
    assert caption in a["captions"]
    assert len(a["captions"]) == len(set(a["captions"]))
    assert "攝" not in a["body"]
    assert "國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。" not in a["body"]
    paras = sentences(a["body"])
    assert paras[0].startswith("兩國元首互致新年祝福。")
    assert "Xi talks with Putin via video meeting" in a["body"]
    assert paras[-1].endswith("agreed to maintain strategic communication in the new year.")
    for junk in BOILERPLATE:
        assert junk not in a["body"], junk


def test_seed_004_zaobao_jekyll(seeds: dict) -> None:
    a = seeds["004"]
    assert a["layout"] == "jekyll"
    assert a["status"] == "ok", a["error"]
    assert a["title"] == "习近平会见俄总理：愿不断放大两国高水平政治关系积极效应"
    assert a["url"] == "https://www.zaobao.com/realtime/china/story20231220-1457193"
    assert a["outlet"] == "联合早报"
    # Front matter and epoch comment agree to the second (1703052540000 ms).
    assert a["published_at"] == datetime(2023, 12, 20, 6, 9, tzinfo=UTC)
    assert a["date_source"] == "front_matter"
    assert a["date_conflict"] is False
    assert a["credit"] == "新华社"
    assert a["captions"] == [
        "中国国家主席习近平（右）12月20日上午会见俄罗斯总理米舒斯京。（新华社）"
    ]
    paras = sentences(a["body"])
    assert paras[0].startswith(
        "中国国家主席习近平星期三（12月20日）上午在人民大会堂会见俄罗斯总理米舒斯京时说"
    )
    assert paras[-1].endswith("习近平当时也会见了米舒斯京。")
    for junk in BOILERPLATE:
        assert junk not in a["body"], junk


@pytest.mark.parametrize("n", ["000", "001", "002", "003", "004"])
def test_seed_invariants(seeds: dict, n: str) -> None:
    a = seeds[n]
    assert a["n_chars"] == len(a["body"])
    assert a["encoding"] == "utf-8"
    assert len(a["doc_id"]) == 16
    assert "\n\n\n" not in a["body"]
    assert a["body"] == a["body"].strip()

"""Whole saved web pages (`../shared/pages/`, 154 pages from 40 sites) against their hand-checked
truth: dates, titles, first and last sentences, boilerplate left in the body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xinwen

from tests import pagetruth
from tests.conftest import SHARED, need

PAGES = SHARED / "pages"


@pytest.fixture(scope="module")
def truth() -> list[dict]:
    return pagetruth.load(need(PAGES))


@pytest.fixture(scope="module")
def score(truth: list[dict]) -> pagetruth.Score:
    return pagetruth.score(truth, pagetruth.xinwen_predictions(PAGES))


def _why(s: pagetruth.Score, key: str) -> str:
    return "\n".join(s.failures[key][:20])


def test_publication_day_and_time(score: pagetruth.Score) -> None:
    assert score.dated >= 150 and score.timed >= 130
    assert score.day >= 0.95, _why(score, "day")
    assert score.time >= 0.90, _why(score, "time")


def test_titles_as_shown(score: pagetruth.Score) -> None:
    assert score.title >= 0.95, _why(score, "title")


def test_first_and_last_sentences_are_kept(score: pagetruth.Score) -> None:
    assert score.first >= 0.95, _why(score, "first")
    assert score.last >= 0.90, _why(score, "last")


def test_boilerplate_is_left_out(score: pagetruth.Score) -> None:
    assert score.boilerplate_total >= 400
    assert score.boilerplate_share <= 0.03, _why(score, "boilerplate")


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_legacy_encodings_are_read_without_mojibake(truth: list[dict]) -> None:
    """The GB2312/GBK pages (some declare gb2312 and hold invalid bytes) come out as Chinese."""
    legacy = [t for t in truth if t["encoding"] != "utf-8"]
    assert len(legacy) >= 30
    df = xinwen.read_articles([str(PAGES / t["path"]) for t in legacy])
    assert set(df["encoding"]) <= {"gb18030", "gbk"}
    rows = df.sort("path").iter_rows(named=True)
    for row, t in zip(rows, sorted(legacy, key=lambda t: t["path"]), strict=True):
        assert Path(row["path"]).name == Path(t["path"]).name
        body = row["body"] or ""
        assert len(HAN.findall(body)) > 0.5 * len(body.replace(" ", "")), row["path"]
        assert "\ufffd" not in body[:200], row["path"]
        assert pagetruth.squash(t["body_last"]) in pagetruth.squash(body), row["path"]


def test_page_rows_say_where_their_date_came_from(truth: list[dict]) -> None:
    df = xinwen.read_articles([str(PAGES / t["path"]) for t in truth])
    assert (df["layout"] == "html_page").all()
    sources = set(df["date_source"])
    assert {"dateline", "meta"} <= sources
    assert sources <= {"dateline", "json_ld", "meta", "time_element", "updated", "url", "none"}
    undated = {t["path"] for t in truth if not t["published"]}
    for row in df.iter_rows(named=True):
        rel = Path(row["path"]).relative_to(PAGES).as_posix()
        if row["date_source"] == "none":
            assert rel in undated, rel
            assert row["status"] == "partial"

"""read_articles over the whole shared corpus (12,000+ real files, 2014-2025, many layouts)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from .conftest import CORPUS

TAG = re.compile(r"<[A-Za-z/!]")
ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{2,6}|#x[0-9A-Fa-f]{2,6});")


def test_one_row_per_file(corpus: pl.DataFrame) -> None:
    files = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert corpus.height == len(files)
    assert corpus["path"].to_list() == files


def test_status_and_dates(corpus: pl.DataFrame) -> None:
    n = corpus.height
    ok = corpus.filter(pl.col("status") == "ok").height
    dated = corpus["published_at"].is_not_null().sum()
    assert ok / n >= 0.99, corpus.filter(pl.col("status") != "ok")["error"].value_counts().head(10)
    assert dated / n >= 0.995
    assert corpus["layout"].null_count() == corpus.filter(pl.col("status") == "error").height


def test_agora0_dates_match_the_file_name_day(corpus: pl.DataFrame) -> None:
    ag = corpus.filter(pl.col("path").str.contains("/agora0+"))
    assert ag.height > 10_000
    name_day = pl.col("path").str.extract(r"/(\d{4}-\d{2}-\d{2})-[^/]*$").str.to_date()
    local_day = pl.col("published_at").dt.convert_time_zone("Asia/Shanghai").dt.date()
    off = ag.select(((local_day - name_day).dt.total_days().abs()).alias("d"), "path")
    bad = off.filter(pl.col("d").is_null() | (pl.col("d") > 1))
    assert bad.height == 0, bad.head(10)


def test_bodies_are_clean_text(corpus: pl.DataFrame) -> None:
    for path, body, title in corpus.select("path", "body", "title").iter_rows():
        assert not TAG.search(body), (path, TAG.search(body))
        assert not ENTITY.search(body), (path, ENTITY.search(body))
        assert "\r" not in body and "\u3000" not in body, path
        if title:
            assert not ENTITY.search(title), (path, title)


def _fm_title(path: Path) -> str | None:
    """The title line of a file's front matter, unquoted, read independently of the Rust parser."""
    text = path.read_text("utf-8", errors="replace").lstrip()
    if not text.startswith("---"):
        return None
    lines = text.splitlines()[1:]
    for i, line in enumerate(lines):
        if line.strip() == "---":
            return None
        if line.startswith("title:"):
            v = line[len("title:") :].strip()
            # A quoted value may run on over indented lines (YAML folds them with spaces).
            for more in lines[i + 1 :]:
                if not v or v[0] not in "'\"" or (len(v) > 1 and v[-1] == v[0]):
                    break
                if more.strip() == "---" or (more and not more[0].isspace()):
                    break
                v = f"{v} {more.strip()}".strip()
            if len(v) >= 2 and v[0] == v[-1] == "'":
                v = v[1:-1].replace("''", "'")
            elif len(v) >= 2 and v[0] == v[-1] == '"':
                v = re.sub(r'\\(["\\/])', r"\1", v[1:-1])
            v = re.sub("[\u200b-\u200d\ufeff]", "", html.unescape(v))
            return " ".join(v.split()) or None
    return None


def test_titles_equal_front_matter_titles(corpus: pl.DataFrame) -> None:
    checked = 0
    for path, title in corpus.select("path", "title").iter_rows():
        want = _fm_title(Path(path))
        if want is None:
            continue
        checked += 1
        assert title == want, (path, title, want)
    assert checked > 10_000


def test_outlets_scripts_and_credits(corpus: pl.DataFrame) -> None:
    ag = corpus.filter(pl.col("path").str.contains("/agora0+"))
    code = pl.col("path").str.extract(r"/\d{4}-\d{2}-\d{2}-([A-Z]+)-")
    by = ag.group_by(code.alias("code")).agg(pl.col("outlet").unique())
    for c, outlets in by.iter_rows():
        assert len(outlets) == 1, (c, outlets)
    cna = ag.filter(pl.col("outlet") == "CNA")
    assert (cna["script"] == "hant").mean() >= 0.98  # type: ignore[operator]
    assert (cna["credit"] == "中央社").mean() >= 0.8  # type: ignore[operator]
    rfi = ag.filter(pl.col("outlet") == "RFI")
    assert (rfi["script"] == "hans").mean() >= 0.98  # type: ignore[operator]
    # DW's /zh/ feed mixes simplified and traditional items, so only "mostly" holds there.
    dw = ag.filter(pl.col("outlet") == "DW")
    assert (dw["script"] == "hans").mean() >= 0.75  # type: ignore[operator]
    putin = corpus.filter(pl.col("body").str.contains("蒲亭"))
    assert putin.height > 0 and (putin["outlet"] == "CNA").mean() > 0.9  # type: ignore[operator]
    since = (pl.col("published_at").dt.date() > date(2014, 1, 1) - timedelta(days=1)).all()
    assert corpus.select(since).item()

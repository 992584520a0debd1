"""read_articles on files the tests write: layouts, options, and every kind of bad input."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
import xinwen
from hypothesis import given, settings
from hypothesis import strategies as st
from xinwen import ARTICLE_COLUMNS

UTC = timezone.utc
ZH = "中国国家主席习近平同俄罗斯总统普京通电话。两国元首互致新春问候。"
ZH_T = "國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行視頻會晤。兩國元首互致新年祝福。"


def jekyll(title: str, body: str, date: str = "2024-03-14 20:47:08.000000000 +08:00") -> str:
    return (
        f"---\nlayout: post\ntitle: {title}\ndate: {date}\n"
        f"link: https://www.dw.com/zh/x/a-1\ncategories: dw\n---\n\n{body}\n"
    )


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    return p


def one(path: Path, **kw: object) -> dict:
    df = xinwen.read_articles(path, **kw)  # type: ignore[arg-type]
    assert df.height == 1
    return df.row(0, named=True)


def test_schema_and_types(tmp_path: Path) -> None:
    write(tmp_path, "a.html", jekyll("标题", f"<p>{ZH}</p>"))
    df = xinwen.read_articles(tmp_path)
    assert tuple(df.columns) == ARTICLE_COLUMNS
    s = df.schema
    assert s["published_at"] == pl.Datetime("us", "UTC")
    assert s["date_conflict"] == pl.Boolean
    assert s["n_chars"] == pl.Int64
    for c in ("categories", "captions", "images"):
        assert s[c] == pl.List(pl.String)
    for c in ("doc_id", "path", "title", "body", "status", "error"):
        assert s[c] == pl.String


def test_jekyll_html_fields(tmp_path: Path) -> None:
    a = one(write(tmp_path, "2024-03-14-DW-x.html", jekyll("美国众院通过法案 ", f"<p>{ZH}</p>")))
    assert a["layout"] == "jekyll_html"
    assert a["title"] == "美国众院通过法案"
    assert a["outlet"] == "DW"
    assert a["published_at"] == datetime(2024, 3, 14, 12, 47, 8, tzinfo=UTC)
    assert a["date_source"] == "front_matter"
    assert a["categories"] == ["dw"]
    assert a["body"] == ZH
    assert a["status"] == "ok"


def test_rows_sorted_by_path_and_doc_id_stable(tmp_path: Path) -> None:
    for name in ["b/2.md", "a/1.md", "c.md", "a/0.md"]:
        write(tmp_path, name, jekyll(name, f"<p>{ZH}{name}</p>"))
    write(tmp_path, "dup.md", jekyll("c.md", f"<p>{ZH}c.md</p>"))
    df = xinwen.read_articles(tmp_path)
    assert df["path"].to_list() == sorted(df["path"].to_list())
    again = xinwen.read_articles(str(tmp_path), threads=1)
    assert df["doc_id"].to_list() == again["doc_id"].to_list()
    ids = {Path(p).name: d for p, d in df.select("path", "doc_id").iter_rows()}
    assert ids["c.md"] == ids["dup.md"]  # the id hashes content: byte-identical files share it
    assert ids["1.md"] != ids["c.md"]


def test_sources_glob_list_and_pathlike(tmp_path: Path) -> None:
    for name in ["x/1.md", "x/2.html", "y/3.md"]:
        write(tmp_path, name, jekyll(name, f"<p>{ZH}</p>"))
    assert xinwen.read_articles(str(tmp_path / "*" / "*.md")).height == 2
    assert xinwen.read_articles([tmp_path / "x", tmp_path / "y" / "3.md"]).height == 3
    assert xinwen.expand_sources(tmp_path) == sorted(str(p) for p in tmp_path.rglob("*.*"))


def test_source_errors_are_named(tmp_path: Path) -> None:
    with pytest.raises(xinwen.SourceNotFoundError, match="nope"):
        xinwen.read_articles(tmp_path / "nope")
    with pytest.raises(FileNotFoundError):
        xinwen.read_articles(str(tmp_path / "nope*.md"))
    with pytest.raises(TypeError, match="source"):
        xinwen.read_articles(42)  # type: ignore[arg-type]
    with pytest.raises(xinwen.InvalidOptionError, match="empty"):
        xinwen.read_articles([])


def test_options_are_validated(tmp_path: Path) -> None:
    write(tmp_path, "a.md", jekyll("t", "<p>x</p>"))
    with pytest.raises(xinwen.InvalidOptionError, match="Mars/Olympus"):
        xinwen.read_articles(tmp_path, timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="collect"):
        xinwen.read_articles(tmp_path, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        xinwen.read_articles(tmp_path, threads=0)
    with pytest.raises(ValueError, match="max_bytes"):
        xinwen.read_articles(tmp_path, max_bytes=0)


def test_timezone_applies_to_naive_times(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "p.txt",
        f"首頁 > 頭條\n\n標題\n\n發佈時間:2025-01-23 08:44:31 | 來源:新華網\n\n{ZH_T}\n",
    )
    assert one(p)["published_at"] == datetime(2025, 1, 23, 0, 44, 31, tzinfo=UTC)
    assert one(p, timezone="UTC")["published_at"] == datetime(2025, 1, 23, 8, 44, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("codec", "text", "encoding"),
    [
        ("gb18030", ZH, ("gbk", "gb18030")),
        ("gbk", ZH, ("gbk", "gb18030")),
        ("big5", ZH_T, ("big5",)),
        ("utf-16", ZH_T, ("utf-16le", "utf-16be")),
        ("utf-8-sig", ZH, ("utf-8",)),
    ],
)
def test_legacy_encodings_are_decoded(
    tmp_path: Path, codec: str, text: str, encoding: tuple
) -> None:
    title = text[:6]
    p = write(tmp_path, "a.md", jekyll(title, f"<p>{text}</p>").encode(codec))
    a = one(p)
    assert a["status"] == "ok", a["error"]
    assert a["encoding"] in encoding
    assert a["title"] == title
    assert a["body"] == text


def test_invalid_utf8_is_repaired_or_rejected(tmp_path: Path) -> None:
    good = jekyll("标题", f"<p>{ZH * 40}</p>").encode()
    a = one(write(tmp_path, "cut.md", good + b"\xe4\xb8"))
    assert a["status"] == "partial"
    assert "replaced" in a["error"]
    assert a["body"].startswith(ZH)
    noise = bytes((i * 7919 + 13) % 256 for i in range(20000))
    b = one(write(tmp_path, "noise.md", noise))
    assert b["status"] == "error"
    assert b["error"].startswith(("binary", "undecodable"))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"\n\n   \r\n", "empty"),
        ("image.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ("nul.md", b"\0" * 1000, "binary"),
        (
            "fm.md",
            b"---\ntitle: never closed\ndate: 2024-01-01\n\n<p>x</p>\n",
            "malformed front matter",
        ),
    ],
)
def test_bad_files_get_an_error_row(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    write(tmp_path, "good.md", jekyll("t", f"<p>{ZH}</p>"))
    write(tmp_path, name, data)
    df = xinwen.read_articles(tmp_path)
    assert df.height == 2
    bad = df.filter(pl.col("path").str.ends_with(name)).row(0, named=True)
    assert bad["status"] == "error"
    assert reason in bad["error"]
    assert bad["doc_id"]
    with pytest.raises(xinwen.ArticleError, match=name) as info:
        xinwen.read_articles(tmp_path, errors="raise")
    assert isinstance(info.value, ValueError)
    assert info.value.path.endswith(name)


def test_nul_bytes_inside_text_are_removed(tmp_path: Path) -> None:
    a = one(write(tmp_path, "a.md", jekyll("标\0题", f"<p>{ZH}\0</p>")))
    assert a["status"] == "partial"
    assert "NUL" in a["error"]
    assert a["title"] == "标题"
    assert "\0" not in a["body"]


def test_too_large_and_a_huge_single_line(tmp_path: Path) -> None:
    line = ("<p>" + ZH * 10 + "</p>") * 12_000  # ~ 10 MB on one line
    p = write(tmp_path, "big.md", jekyll("大文件", line))
    a = one(p, max_bytes=1_000_000)
    assert a["status"] == "error"
    assert "max_bytes=1000000" in a["error"]
    b = one(p)
    assert b["status"] == "ok"
    assert b["n_chars"] > 3_000_000


def test_a_100_mb_single_line(tmp_path: Path) -> None:
    unit = ("<p>" + ZH + "</p>").encode()
    p = write(
        tmp_path, "huge.html", jekyll("一行", "").encode() + unit * (100_000_000 // len(unit))
    )
    a = one(p)  # default max_bytes=50 MB: an error row, not a stall
    assert a["status"] == "error"
    assert a["error"].startswith("too large")
    b = one(p, max_bytes=200_000_000)  # read it all: linear time, no crash
    assert b["status"] == "ok"
    assert b["n_chars"] > 30_000_000


def test_truncated_html_and_yaml_bombs(tmp_path: Path) -> None:
    a = one(write(tmp_path, "t.md", jekyll("截断", f'<div><p>{ZH}</p><p>第二段<a href="http://x')))
    assert a["status"] == "ok"
    assert a["body"] == f"{ZH}\n\n第二段"
    bomb = 'a: &a ["lol","lol"]\n' + "".join(f"b{i}: &b{i} [*a,*a,*a,*a,*a]\n" for i in range(40))
    b = one(write(tmp_path, "bomb.md", f"---\ntitle: 炸弹\n{bomb}---\n<p>{ZH}</p>\n"))
    assert b["title"] == "炸弹"
    assert b["body"] == ZH


def test_invalid_yaml_front_matter_still_yields_fields(tmp_path: Path) -> None:
    text = (
        '---\nlayout: post\ntitle: "路径 C:\\temp \\d 与「引号」"\ndate: 2023-12-20T06:09:00.000Z\n'
        "author: 某: 人\nfrom: https://www.zaobao.com/a\ntags: [ 联合早报 ]\n---\n"
        "<!--NaN-->\n[标题](https://www.zaobao.com/a)\n------\n\n<p>正文。</p>\n"
    )
    a = one(write(tmp_path, "y.md", text))
    assert a["layout"] == "jekyll"
    assert a["title"] == "路径 C:\\temp \\d 与「引号」"
    assert a["author"] == "某: 人"
    assert a["outlet"] == "联合早报"
    assert a["published_at"] == datetime(2023, 12, 20, 6, 9, tzinfo=UTC)


def test_missing_date_is_partial_not_dropped(tmp_path: Path) -> None:
    a = one(write(tmp_path, "nodate.txt", "没有日期的标题\n\n正文第一段。\n"))
    assert a["layout"] == "plain_text"
    assert a["title"] == "没有日期的标题"
    assert a["published_at"] is None
    assert a["date_source"] == "none"
    assert a["status"] == "partial"
    assert "no publication date" in a["error"]


def test_date_from_filename_only_is_a_guess(tmp_path: Path) -> None:
    a = one(write(tmp_path, "2024-03-05-note.txt", "标题\n\n正文第一段。\n"))
    assert a["date_source"] == "filename"
    assert a["published_at"] == datetime(2024, 3, 4, 16, 0, tzinfo=UTC)  # local midnight
    assert a["status"] == "partial"


def test_conflicting_dates_are_flagged(tmp_path: Path) -> None:
    a = one(write(tmp_path, "2022-01-01-DW-x.html", jekyll("t", f"<p>{ZH}</p>")))
    assert a["date_source"] == "front_matter"
    assert a["date_conflict"] is True


_PIECES = [
    "国家主席习近平同俄罗斯总统普京举行会谈。",
    "---\n",
    "title: 标题\n",
    "date: 2024-02-08 13:36\n",
    "<p>",
    "</p>",
    "<!--1707394501000-->\n",
    "[标题](https://www.rfi.fr/cn/x)\n",
    "------\n",
    "\r",
    "\n",
    "a<b 而且 c>d",
    "&amp;",
]


def _fault_bytes() -> st.SearchStrategy[bytes]:
    text = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)
    return st.one_of(
        st.binary(max_size=400),
        text.map(str.encode),
        text.map(lambda t: t.encode("gb18030")),
        text.map(lambda t: t.encode("utf-16-le")),
        st.tuples(text.map(str.encode), st.binary(min_size=1, max_size=6), st.integers(0, 400)).map(
            lambda x: x[0][: x[2]] + x[1] + x[0][x[2] :]
        ),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(_fault_bytes(), min_size=1, max_size=4))
def test_any_bytes_give_one_row_a_file(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for i, data in enumerate(files):
        (folder / f"{i}.txt").write_bytes(data)
    df = xinwen.read_articles(folder)
    assert df.height == len(files)
    assert set(df["status"].to_list()) <= {"ok", "partial", "error"}
    # Every row not "ok" says why.
    assert df.filter(pl.col("status") != "ok")["error"].str.len_chars().fill_null(0).min() != 0
    assert not df["body"].str.contains("\0", literal=True).any()
    # Han text never comes back as a single-byte code page's mojibake.
    latin = df.filter(pl.col("encoding").str.starts_with("windows-125"))
    assert not latin["body"].str.contains("[\u00c0-\u00ff]{3}").any(), latin.rows()


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX names and links")
def test_sources_are_os_paths_and_odd_entries_are_rows(tmp_path: Path) -> None:
    """Names that are not UTF-8, dangling links and link loops are rows; bytes sources work;
    overlapping specs and links to '..' repeat nothing."""
    text = "标题\n\n国家主席习近平同俄罗斯总统普京举行会谈。\n"
    root = os.fsencode(tmp_path)
    for name in (b"bad\xff.md", b"bad\xfe.md", b"ok.md"):
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write(text)
    os.symlink("/nonexistent/xinwen", tmp_path / "dangling.md")
    os.symlink("loop2.md", tmp_path / "loop1.md")
    os.symlink("loop1.md", tmp_path / "loop2.md")
    os.symlink("..", tmp_path / "up")
    df = xinwen.read_articles(root)
    assert df.height == 6
    assert df["status"].to_list().count("error") == 3
    assert df.filter(pl.col("path").str.contains("bad"))["body"].str.contains("普京").all()
    for spec in ([tmp_path, tmp_path / "*"], str(tmp_path / "**" / "*"), [root + b"/*.md"]):
        assert xinwen.read_articles(spec).height == 6, spec
    assert len(xinwen.expand_sources(tmp_path)) == 6
    scanned = pl.concat(list(xinwen.scan_articles(tmp_path, batch_size=2)))
    assert scanned["path"].to_list() == df["path"].to_list()
    # A loop named directly is a row too, not "no such file".
    loop = xinwen.read_articles(tmp_path / "loop1.md")
    assert loop["error"].to_list() == [
        "unreadable: Too many levels of symbolic links (os error 40)"
    ]

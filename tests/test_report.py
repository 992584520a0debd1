"""The HTML report: structure, offline charts, escaping, errors table and empty inputs."""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("altair")
pytest.importorskip("vl_convert")

import xinwen
from xinwen.errors import InvalidOptionError
from xinwen.report import build_report, chart_png, save_report

from tests.conftest import CORPUS, SEEDS, need

SECTION_IDS = ["overview", "volume", "top-terms", "trends", "cooccurrence", "keyness", "errors"]
VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr", "col", "area", "base"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """Parses a page, checking that every element is closed in order, and collects the pieces
    the tests look at: section ids, the attributes of script/link/img, and section texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.sections: list[str] = []
        self.resources: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.counts: dict[str, int] = {}

    def _section(self) -> str | None:
        return self.sections[-1] if "section" in self.stack and self.sections else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        attributes = dict(attrs)
        if tag in ("script", "link", "img"):
            self.resources.append((tag, attributes))
        if tag == "section":
            self.sections.append(attributes.get("id") or "")
        if tag == "tr" and self._section():
            self.rows.setdefault(self._section() or "", []).append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag in ("script", "link", "img"):
            self.resources.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        section = self._section()
        if section is None:
            return
        self.text.setdefault(section, []).append(data)
        if self.stack and self.stack[-1] in ("td", "th") and self.rows.get(section):
            self.rows[section][-1].append(data)

    def section_text(self, section: str) -> str:
        return "".join(self.text.get(section, []))


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == [], f"unclosed elements: {parser.stack}"
    return parser


def check_page(page: str) -> Page:
    """The checks every report must pass."""
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    parsed = parse(page)
    assert parsed.sections == SECTION_IDS
    for tag in ("html", "head", "body", "main", "title", "h1"):
        assert parsed.counts.get(tag) == 1, tag
    assert parsed.counts.get("section") == parsed.counts.get("h2") == len(SECTION_IDS)
    assert "<script" not in page.lower()
    for tag, attrs in parsed.resources:
        for name in ("src", "href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), (tag, name, value)
    return parsed


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    return xinwen.read_articles(xinwen.sample_path())


@pytest.fixture(scope="module")
def sample_report(sample: pl.DataFrame) -> tuple[str, list[str]]:
    steps: list[str] = []
    return build_report(sample, progress=steps.append), steps


def test_sample_report_has_every_section_in_order(sample_report: tuple[str, list[str]]) -> None:
    page, steps = sample_report
    parsed = check_page(page)
    assert steps == SECTION_IDS
    for sid, heading in [("overview", "Overview"), ("keyness", "Keyness"), ("errors", "Errors")]:
        assert re.search(f'<section id="{sid}">\\s*<h2>{heading}</h2>', page)
    assert "Nothing to show" not in parsed.section_text("volume")


def test_sample_report_embeds_real_svg_charts(sample_report: tuple[str, list[str]]) -> None:
    page, _ = sample_report
    # volume, top terms, trends and the co-occurrence network
    assert page.count("<svg") >= 3
    for sid in ("volume", "top-terms", "trends"):
        section = page[page.index(f'<section id="{sid}">') :]
        section = section[: section.index("</section>")]
        svg = section[section.index("<svg") :]
        assert "<path" in svg or "<rect" in svg  # marks were drawn, not an empty canvas


def test_sample_report_numbers(sample: pl.DataFrame, sample_report: tuple[str, list[str]]) -> None:
    page, _ = sample_report
    parsed = check_page(page)
    overview = {row[0]: row[1] for row in parsed.rows["overview"] if len(row) == 2}
    assert overview["files"] == str(sample.height)
    assert overview["partial"] == str((sample["status"] == "partial").sum())
    assert overview["outlets"] == str(sample["outlet"].drop_nulls().n_unique())
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d", overview["date span (Asia/Shanghai)"]
    )
    # Counts are right-aligned cells.
    assert f'<th>files</th><td class="num">{sample.height}</td>' in page
    # The top-terms table ranks by count: its counts never increase.
    rows = parsed.rows["top-terms"]
    overall = rows[1 : rows.index(["year", "rank", "term", "count"])]
    assert rows[0] == ["rank", "term", "count", "docs"]
    assert [int(row[0]) for row in overall] == list(range(1, 21))
    counts = [int(row[2]) for row in overall]
    assert counts == sorted(counts, reverse=True)
    assert overall[0][1] == "合作"  # 4 times in 3 articles: ahead of terms as frequent in fewer
    # The sample's only file that is not ok is listed with its reason.
    assert any(row[1] == "partial" and "date" in row[2] for row in parsed.rows["errors"][1:])


def test_seeds_report_escapes_text_from_the_data() -> None:
    seeds = xinwen.read_articles(need(SEEDS))
    hostile = seeds.with_columns(pl.lit("<b>Outlet</b> & Co").alias("outlet"))
    page = build_report(hostile, title="a <b> title", by="outlet")
    parsed = check_page(page)
    assert page.count("<svg") >= 3
    assert "<b>" not in page
    assert "<title>a &lt;b&gt; title</title>" in page
    assert "<h1>a &lt;b&gt; title</h1>" in page
    assert "&lt;b&gt;Outlet&lt;/b&gt; &amp; Co" in page
    assert parsed.counts.get("b") is None


def test_errors_table_lists_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "<picture>.md").write_bytes(PNG_SIGNATURE + b"\x00\x00\x00\rIHDR")
    articles = xinwen.read_articles(tmp_path)
    assert articles["status"].to_list() == ["error", "error"]
    page = build_report(articles)
    parsed = check_page(page)
    header, *rows = parsed.rows["errors"]
    assert header == ["path", "status", "error"]
    by_name = {Path(row[0]).name: row for row in rows}
    assert set(by_name) == {"empty.md", "<picture>.md"}
    assert by_name["empty.md"][1] == "error" and "empty" in by_name["empty.md"][2]
    assert "PNG" in by_name["<picture>.md"][2]
    assert "&lt;picture&gt;.md" in page and "<picture>" not in page
    # Nothing could be analysed: every analysis section says so, and no chart is drawn.
    for sid in ("volume", "top-terms", "trends", "cooccurrence", "keyness"):
        assert "Nothing to show" in parsed.section_text(sid), sid
    assert "<svg" not in page


@pytest.mark.parametrize("kind", ["no rows", "no columns"])
def test_empty_frames_give_a_complete_report(sample: pl.DataFrame, kind: str) -> None:
    frame = sample.head(0) if kind == "no rows" else pl.DataFrame()
    parsed = check_page(build_report(frame))
    for sid in ("volume", "top-terms", "trends", "cooccurrence", "keyness", "errors"):
        assert "Nothing to show" in parsed.section_text(sid), sid


def test_no_dates_no_by_column_no_focus_pairs(sample: pl.DataFrame) -> None:
    frame = sample.drop("outlet").with_columns(
        pl.lit(None, pl.Datetime("us", "UTC")).alias("published_at")
    )
    page = build_report(frame, focus="不存在的词语", terms=["合作"])
    parsed = check_page(page)
    assert "publication time" in parsed.section_text("volume")
    assert "publication time" in parsed.section_text("trends")
    assert "不存在的词语" in parsed.section_text("cooccurrence")
    assert "no column 'outlet'" in parsed.section_text("keyness")
    assert "no dates" in parsed.section_text("overview")
    # The top terms need no dates: their chart is still drawn.
    assert (
        "Nothing to show"
        not in page[: page.index('<section id="trends">')]
        .split('<section id="top-terms">')[1]
        .split("<h3>")[0]
    )


def test_invalid_options_raise(sample: pl.DataFrame) -> None:
    with pytest.raises(InvalidOptionError, match="every"):
        build_report(sample, every="monthly")
    with pytest.raises(InvalidOptionError, match="top_terms"):
        build_report(sample, top_terms=0)
    with pytest.raises(TypeError):
        build_report({"body": ["x"]})  # type: ignore[arg-type]


def test_missing_vl_convert_is_a_clear_import_error(
    sample: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    with pytest.raises(ImportError, match=r"pip install 'xinwen\[plot\]'") as info:
        build_report(sample)
    assert isinstance(info.value.__cause__, ImportError)


def test_save_report_and_chart_png(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    save_report("<!DOCTYPE html><p>普京</p>", target)
    assert target.read_bytes() == "<!DOCTYPE html><p>普京</p>".encode()
    chart = xinwen.plot.network(
        # Latin terms: Chinese ones need a CJK font (see the next test).
        pl.DataFrame({"term_a": ["putin"], "term_b": ["xi"], "npmi": [0.5]}),
        width=100,
        height=100,
    )
    png = tmp_path / "c.png"
    chart_png(chart, png, scale=1)
    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width = int.from_bytes(data[16:20], "big")
    chart_png(chart, png, scale=2)
    assert int.from_bytes(png.read_bytes()[16:20], "big") == 2 * width


def _section(page: str, name: str) -> str:
    """The HTML of one ``<section id=name>`` of a report."""
    found = re.search(rf'<section id="{name}">.*?</section>', page, re.S)
    assert found is not None, name
    return found.group(0)


def test_report_of_a_corpus_is_the_report_of_its_articles(tmp_path: Path) -> None:
    articles = xinwen.read_articles(xinwen.sample_path())
    page = build_report(articles)
    assert build_report(xinwen.Corpus(articles)) == page
    # A corpus loaded from a dataset holds no text, and still gives the same analyses.
    xinwen.write_dataset(xinwen.sample_path(), tmp_path / "ds", partition_by=())
    loaded = xinwen.Corpus.load(tmp_path / "ds")
    assert "body" not in loaded.articles.columns
    from_dataset = build_report(loaded)
    for section in ("top-terms", "trends", "cooccurrence", "keyness"):
        assert _section(from_dataset, section) == _section(page, section)


def test_chart_png_never_draws_empty_boxes_for_chinese(tmp_path: Path) -> None:
    vlc = pytest.importorskip("vl_convert")
    from xinwen.report import _draws_han

    spec = {
        "data": {"values": [{"x": 1, "y": 2, "t": "普京"}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative", "title": "中文"}},
    }
    if _draws_han(vlc):  # a machine with a CJK font draws the chart
        chart_png(spec, tmp_path / "c.png", scale=1)
        assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    else:  # one without says what to install, instead of an image of boxes
        with pytest.raises(xinwen.MissingFontError, match="fonts-noto-cjk"):
            chart_png(spec, tmp_path / "c.png", scale=1)
        assert not (tmp_path / "c.png").exists()
    # A chart without Chinese text needs no such font.
    spec["encoding"]["x"]["title"] = "x"  # type: ignore[index]
    spec["data"] = {"values": [{"x": 1, "y": 2}]}
    chart_png(spec, tmp_path / "latin.png", scale=1)
    assert (tmp_path / "latin.png").exists()


def test_report_counts_no_link_pieces_and_centres_on_a_person(tmp_path: Path) -> None:
    corpus_dir = need(CORPUS)
    # The video channels' posts end with share links (https://bit.ly/...) and 分享 calls.
    files = sorted((corpus_dir / "NodeBE4+society" / "_posts").glob("*.md"))[-300:]
    arts = xinwen.read_articles(files)
    assert arts["body"].str.contains("https://").sum() >= 5
    page = build_report(arts)
    top = _section(page, "top-terms")
    for piece in ("https", "bit.ly", "www", "分享"):
        assert f">{piece}<" not in top, piece
    # On news, the network is centred on the person the articles name most, not on 中国 or a
    # function word (those video posts name hardly anyone: there it is their top term).
    news = sorted(p for p in corpus_dir.rglob("*.md") if "NodeBE4" not in str(p))[::60]
    page = build_report(xinwen.read_articles(news))
    people = xinwen.report._people()
    focus = re.search(r"sentences with '([^']+)' \(", html.unescape(_section(page, "cooccurrence")))
    assert focus is not None and focus.group(1) in people

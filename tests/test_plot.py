"""Charts of xinwen.plot, checked through the Vega-Lite specs they produce."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

pytest.importorskip("altair")

import xinwen.plot
from xinwen.errors import InvalidOptionError

JAN, FEB, MAR = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)


def trend_frame(*, by: bool = False, interval: bool = False) -> pl.DataFrame:
    """A frame shaped like term_trend's: two terms over three months, per_10k_tokens values,
    with March empty (no documents) so that its values are null."""
    outlets = ["人民日报", "新华社"] if by else [None]
    rows = []
    for outlet in outlets:
        for term in ["普京", "拜登"]:
            for period, count, docs, tokens, ndocs in [
                (JAN, 3, 2, 1000, 4),
                (FEB, 5, 3, 2000, 5),
                (MAR, 0, 0, 0, 0),
            ]:
                if term == "拜登":
                    count, docs = count + 1, min(docs + 1, ndocs)
                row: dict[str, Any] = {"period": period}
                if outlet is not None:
                    row["outlet"] = outlet
                row |= {
                    "term": term,
                    "count": count,
                    "docs": docs,
                    "total_tokens": tokens,
                    "total_docs": ndocs,
                }
                if interval:
                    share = docs / ndocs if ndocs else None
                    row |= {
                        "value": share,
                        "lo": None if share is None else max(share - 0.2, 0.0),
                        "hi": None if share is None else min(share + 0.2, 1.0),
                    }
                else:
                    row["value"] = 10000 * count / tokens if tokens else None
                rows.append(row)
    return pl.DataFrame(rows)


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The layers of a spec, looking inside a facet."""
    return list(spec["spec"]["layer"] if "facet" in spec else spec["layer"])


def mark(layer: dict[str, Any]) -> str:
    m = layer["mark"]
    return str(m if isinstance(m, str) else m["type"])


def by_mark(spec: dict[str, Any], name: str) -> dict[str, Any]:
    found = [layer for layer in layers(spec) if mark(layer) == name]
    assert len(found) == 1, [mark(layer) for layer in layers(spec)]
    return found[0]


def data_of(spec: dict[str, Any], layer: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    name = (layer if layer is not None else spec)["data"]["name"]
    return list(spec["datasets"][name])


# --- trend --------------------------------------------------------------------------------------


def plain_trend(frame: pl.DataFrame, **kw: Any) -> Any:
    """The trend chart alone: no volume strip, every period drawn (those have tests of their
    own below)."""
    return xinwen.plot.trend(frame, **{"volume": False, "min_docs": 0, **kw})


def test_trend_lines_without_group() -> None:
    frame = trend_frame()
    spec = plain_trend(frame, title="俄美领导人", width=400, height=200).to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    assert "facet" not in spec
    assert [mark(layer) for layer in layers(spec)] == ["line"]
    assert spec["title"] == "俄美领导人"
    assert (spec["width"], spec["height"]) == (400, 200)
    enc = by_mark(spec, "line")["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"]) == ("period", "temporal")
    assert (enc["y"]["field"], enc["y"]["type"]) == ("value", "quantitative")
    assert (enc["color"]["field"], enc["color"]["type"]) == ("term", "nominal")
    # The legend keeps the frame's order of terms, not the alphabetical one.
    assert enc["color"]["sort"] == ["普京", "拜登"]
    tips = [t["field"] for t in enc["tooltip"]]
    assert tips == ["period", "term", "value", "count", "docs", "total_docs"]
    rows = data_of(spec)
    assert len(rows) == frame.height
    # Dates travel as ISO dates, read as UTC so that no viewer's zone shifts them a day.
    assert rows[0]["period"] == "2024-01-01"
    assert enc["x"]["scale"]["type"] == "utc"


def test_trend_nulls_leave_gaps() -> None:
    spec = plain_trend(trend_frame()).to_dict()
    march = [r for r in data_of(spec) if r["period"] == "2024-03-01"]
    assert len(march) == 2
    assert all(r["value"] is None for r in march)
    # Null values must break the line instead of joining January-February to April.
    assert by_mark(spec, "line")["mark"]["invalid"] == "break-paths-filter-domains"


def test_trend_interval_band() -> None:
    spec = plain_trend(trend_frame(interval=True)).to_dict()
    assert [mark(layer) for layer in layers(spec)] == ["area", "line"]
    area = by_mark(spec, "area")
    assert area["encoding"]["y"]["field"] == "lo"
    assert area["encoding"]["y2"]["field"] == "hi"
    assert area["encoding"]["color"]["field"] == "term"
    assert 0 < area["mark"]["opacity"] < 1
    assert area["mark"]["invalid"] == "break-paths-filter-domains"
    assert by_mark(spec, "line")["encoding"]["y"]["title"] == "share of documents"


def test_trend_facets_rows_by_group() -> None:
    frame = trend_frame(by=True, interval=True)
    spec = plain_trend(frame, title="按媒体", width=300, height=120).to_dict()
    assert spec["facet"]["row"]["field"] == "outlet"
    assert spec["facet"]["row"]["sort"] == ["人民日报", "新华社"]
    assert spec["title"] == "按媒体"
    # Sizes are those of each panel.
    assert (spec["spec"]["width"], spec["spec"]["height"]) == (300, 120)
    assert [mark(layer) for layer in layers(spec)] == ["area", "line"]
    assert len(data_of(spec)) == frame.height
    tips = [t["field"] for t in by_mark(spec, "line")["encoding"]["tooltip"]]
    assert tips[:3] == ["period", "outlet", "term"]


def test_trend_group_that_is_not_a_string() -> None:
    frame = trend_frame().with_columns(year=pl.lit(2024))
    spec = plain_trend(frame).to_dict()
    assert spec["facet"]["row"]["field"] == "year"
    assert {r["year"] for r in data_of(spec)} == {"2024"}


@pytest.mark.parametrize(
    ("measure", "title"),
    [
        ("count", "occurrences"),
        ("docs", "documents"),
        ("share_of_docs", "share of documents"),
        ("per_10k_tokens", "occurrences per 10,000 tokens"),
    ],
)
def test_trend_infers_the_measure(measure: str, title: str) -> None:
    frame = trend_frame()
    value = {
        "count": pl.col("count").cast(pl.Float64),
        "docs": pl.col("docs").cast(pl.Float64),
        "share_of_docs": pl.col("docs") / pl.col("total_docs").replace(0, None),
        "per_10k_tokens": pl.col("value"),
    }[measure]
    spec = plain_trend(frame.with_columns(value=value)).to_dict()
    assert by_mark(spec, "line")["encoding"]["y"]["title"] == title
    # Named explicitly, the measure gives the same title.
    spec = plain_trend(frame, measure=measure).to_dict()
    assert by_mark(spec, "line")["encoding"]["y"]["title"] == title


def test_trend_measure_unknown_or_given_as_text() -> None:
    # Smoothed values match no definition: the axis says "value" rather than a wrong measure.
    smoothed = trend_frame().with_columns(value=pl.col("value") * 0.9 + 1.0)
    spec = plain_trend(smoothed).to_dict()
    assert by_mark(spec, "line")["encoding"]["y"]["title"] == "value"
    spec = plain_trend(smoothed, measure="每万词 (3个月平均)").to_dict()
    assert by_mark(spec, "line")["encoding"]["y"]["title"] == "每万词 (3个月平均)"
    # Only the required columns: nothing to infer from.
    bare = trend_frame().select("period", "term", "value")
    spec = plain_trend(bare).to_dict()
    enc = by_mark(spec, "line")["encoding"]
    assert enc["y"]["title"] == "value"
    assert [t["field"] for t in enc["tooltip"]] == ["period", "term", "value"]


def test_trend_datetime_periods_are_utc() -> None:
    frame = pl.DataFrame(
        {
            "period": [dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.timezone.utc)],
            "term": ["经济"],
            "value": [1.5],
        }
    ).with_columns(pl.col("period").dt.convert_time_zone("Asia/Shanghai"))
    spec = plain_trend(frame).to_dict()
    assert data_of(spec)[0]["period"] == "2024-01-01T08:00:00Z"


def test_trend_rejects_bad_frames() -> None:
    with pytest.raises(InvalidOptionError, match="value"):
        plain_trend(trend_frame().drop("value"))
    two_groups = trend_frame(by=True).with_columns(lang=pl.lit("zh"))
    with pytest.raises(InvalidOptionError, match="outlet"):
        plain_trend(two_groups)


# --- network ------------------------------------------------------------------------------------

TERMS = ["俄罗斯", "乌克兰", "普京", "泽连斯基", "北约", "美国", "拜登", "制裁", "能源", "欧盟"]


def cooc_frame(n_edges: int = 30) -> pl.DataFrame:
    """A cooccurrence-like frame: pairs of TERMS (term_a < term_b) with distinct weights."""
    pairs = sorted((a, b) for a in TERMS for b in TERMS if a < b)[:n_edges]
    counts = {t: 50 - 3 * i for i, t in enumerate(TERMS)}
    return pl.DataFrame(
        {
            "term_a": [a for a, _ in pairs],
            "term_b": [b for _, b in pairs],
            "count": [5 + i for i in range(len(pairs))],
            "count_a": [counts[a] for a, _ in pairs],
            "count_b": [counts[b] for _, b in pairs],
            "n": [200] * len(pairs),
            # Weights spread over [-0.5, 0.9] in an order unrelated to the rows'.
            "npmi": [
                round(-0.5 + ((7 * i) % len(pairs)) / len(pairs) * 1.4, 6)
                for i in range(len(pairs))
            ],
            "llr": [float(100 - i) for i in range(len(pairs))],
        }
    )


def edges_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return data_of(spec, by_mark(spec, "rule"))


def nodes_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return data_of(spec, by_mark(spec, "circle"))


def test_network_layers_and_encodings() -> None:
    spec = xinwen.plot.network(cooc_frame(), title="共现", width=420, height=380).to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    assert [mark(layer) for layer in spec["layer"]] == ["rule", "circle", "text"]
    assert spec["title"] == "共现"
    assert (spec["width"], spec["height"]) == (420, 380)
    rule = by_mark(spec, "rule")["encoding"]
    assert {rule[c]["field"] for c in ("x", "y", "x2", "y2")} == {"x", "y", "x2", "y2"}
    assert rule["strokeWidth"]["field"] == "weight"
    assert rule["opacity"]["field"] == "weight"
    assert rule["strokeWidth"]["title"] == "npmi"
    # npmi can be negative: the scale spans the weights instead of starting at zero.
    assert rule["strokeWidth"]["scale"]["zero"] is False
    circle = by_mark(spec, "circle")["encoding"]
    assert circle["size"]["field"] == "count"
    text = by_mark(spec, "text")["encoding"]
    assert text["text"]["field"] == "term"
    assert data_of(spec, by_mark(spec, "text")) == nodes_of(spec)


def test_network_keeps_the_top_edges() -> None:
    frame = cooc_frame(30)
    spec = xinwen.plot.network(frame, top=12).to_dict()
    edges = edges_of(spec)
    assert len(edges) == 12
    strongest = frame.sort("npmi", descending=True).head(12)
    assert sorted(e["weight"] for e in edges) == sorted(strongest["npmi"].to_list())
    # Nodes are exactly the terms of the kept edges, with their degree among them.
    kept = {(e["term_a"], e["term_b"]) for e in edges}
    nodes = nodes_of(spec)
    assert {n["term"] for n in nodes} == {t for pair in kept for t in pair}
    for node in nodes:
        assert node["degree"] == sum(node["term"] in pair for pair in kept)
    # All edges, and a ranking by another column.
    assert len(edges_of(xinwen.plot.network(frame, top=None).to_dict())) == 30
    by_llr = edges_of(xinwen.plot.network(frame, weight="llr", top=3).to_dict())
    assert [e["weight"] for e in by_llr] == [100.0, 99.0, 98.0]
    assert (
        by_mark(xinwen.plot.network(frame, weight="llr").to_dict(), "rule")["encoding"][
            "strokeWidth"
        ]["title"]
        == "llr"
    )


def test_network_ties_nulls_and_repeated_pairs() -> None:
    frame = pl.DataFrame(
        {
            "term_a": ["甲", "乙", "甲", "丙", "甲", "乙"],
            "term_b": ["乙", "甲", "丙", "丁", "丁", "丙"],
            "npmi": [0.5, 0.8, 0.3, None, float("nan"), 0.3],
        }
    )
    edges = edges_of(xinwen.plot.network(frame, top=None).to_dict())
    # 甲-乙 appears twice (as from two `by` groups): drawn once, with its larger weight.
    # The null and NaN weights are dropped.
    assert [(e["term_a"], e["term_b"], e["weight"]) for e in edges] == [
        ("乙", "甲", 0.8),
        ("乙", "丙", 0.3),
        ("甲", "丙", 0.3),
    ]
    # A tie at the cut is broken by term_a, then term_b.
    edges = edges_of(xinwen.plot.network(frame, top=2).to_dict())
    assert [(e["term_a"], e["term_b"]) for e in edges] == [("乙", "甲"), ("乙", "丙")]


def test_network_layout_is_deterministic() -> None:
    frame = cooc_frame(30)
    first = nodes_of(xinwen.plot.network(frame, seed=7).to_dict())
    again = nodes_of(xinwen.plot.network(frame, seed=7).to_dict())
    other = nodes_of(xinwen.plot.network(frame, seed=8).to_dict())
    assert first == again
    assert [(n["x"], n["y"]) for n in first] != [(n["x"], n["y"]) for n in other]
    for node in first:
        assert -1e-9 <= node["x"] <= 1 + 1e-9
        assert -1e-9 <= node["y"] <= 1 + 1e-9
    # The drawing is scaled to fill [0, 1] on its longer side.
    xs = [n["x"] for n in first]
    ys = [n["y"] for n in first]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(1.0)
    # No two nodes sit on top of each other.
    points = [(n["x"], n["y"]) for n in first]
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert closest > 0.02


def test_network_edges_join_their_nodes() -> None:
    spec = xinwen.plot.network(cooc_frame(20), seed=3).to_dict()
    where = {n["term"]: (n["x"], n["y"]) for n in nodes_of(spec)}
    for e in edges_of(spec):
        assert (e["x"], e["y"]) == where[e["term_a"]]
        assert (e["x2"], e["y2"]) == where[e["term_b"]]


def test_network_layout_pulls_linked_nodes_together() -> None:
    # Two triangles joined by nothing: each triangle's sides are shorter than the gap between.
    tri = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]
    for use_numpy in (True, False):
        if use_numpy:
            pytest.importorskip("numpy")
        pos = xinwen.plot._layout(6, tri, seed=0, use_numpy=use_numpy)
        inside = max(math.dist(pos[i], pos[j]) for i, j in tri)
        across = min(math.dist(pos[i], pos[j]) for i in range(3) for j in range(3, 6))
        assert inside < across


def test_network_layout_numpy_and_python_agree() -> None:
    pytest.importorskip("numpy")
    edges = [(i, (3 * i + 1) % 25) for i in range(25)] + [(i, i + 1) for i in range(24)]
    fast = xinwen.plot._layout(25, edges, seed=5, use_numpy=True)
    slow = xinwen.plot._layout(25, edges, seed=5, use_numpy=False)
    for (x1, y1), (x2, y2) in zip(fast, slow, strict=True):
        assert x1 == pytest.approx(x2, abs=1e-6)
        assert y1 == pytest.approx(y2, abs=1e-6)


def test_network_node_sizes() -> None:
    frame = cooc_frame(12)
    spec = xinwen.plot.network(frame, top=None).to_dict()
    counts = dict(
        zip(
            frame["term_a"].to_list() + frame["term_b"].to_list(),
            frame["count_a"].to_list() + frame["count_b"].to_list(),
            strict=True,
        )
    )
    for node in nodes_of(spec):
        assert node["count"] == counts[node["term"]]
    spec = xinwen.plot.network(frame, size="degree").to_dict()
    assert by_mark(spec, "circle")["encoding"]["size"]["field"] == "degree"
    assert "count" not in nodes_of(spec)[0]
    # Without count columns, nodes are sized by degree.
    spec = xinwen.plot.network(frame.select("term_a", "term_b", "npmi")).to_dict()
    assert by_mark(spec, "circle")["encoding"]["size"]["field"] == "degree"


def test_network_small_and_empty() -> None:
    one = pl.DataFrame({"term_a": ["甲"], "term_b": ["乙"], "npmi": [0.4]})
    nodes = nodes_of(xinwen.plot.network(one).to_dict())
    assert sorted(n["term"] for n in nodes) == ["乙", "甲"]
    empty = one.clear()
    spec = xinwen.plot.network(empty).to_dict()
    assert edges_of(spec) == []
    assert nodes_of(spec) == []
    assert edges_of(xinwen.plot.network(one, top=0).to_dict()) == []


def test_network_rejects_bad_arguments() -> None:
    frame = cooc_frame(5)
    with pytest.raises(InvalidOptionError, match="pmi_x"):
        xinwen.plot.network(frame, weight="pmi_x")
    with pytest.raises(InvalidOptionError, match="numeric"):
        xinwen.plot.network(frame, weight="term_b")
    with pytest.raises(InvalidOptionError, match="top"):
        xinwen.plot.network(frame, top=-1)
    with pytest.raises(InvalidOptionError, match="size"):
        xinwen.plot.network(frame, size="area")


# --- both ---------------------------------------------------------------------------------------


def test_charts_save_to_html(tmp_path: Path) -> None:
    for name, chart in [
        ("trend.html", plain_trend(trend_frame(by=True, interval=True))),
        ("network.html", xinwen.plot.network(cooc_frame())),
    ]:
        path = tmp_path / name
        chart.save(str(path))
        html = path.read_text(encoding="utf-8")
        assert "vega-lite" in html
        # The page embeds the whole spec, data included, as one JSON object.
        line = next(x for x in html.splitlines() if x.strip().startswith("var spec = "))
        embedded = json.loads(line.split("var spec = ", 1)[1].rstrip().rstrip(";"))
        assert embedded == chart.to_dict()


def test_missing_altair_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "altair", None)
    with pytest.raises(ImportError, match=r"pip install 'xinwen\[plot\]'") as info:
        plain_trend(trend_frame())
    assert isinstance(info.value.__cause__, ImportError)
    with pytest.raises(ImportError, match=r"pip install 'xinwen\[plot\]'") as info:
        xinwen.plot.network(cooc_frame())
    assert isinstance(info.value.__cause__, ImportError)


def test_trend_draws_a_volume_strip_under_the_lines() -> None:
    frame = trend_frame(by=True)
    spec = xinwen.plot.trend(frame, min_docs=0).to_dict()
    top, strip = spec["vconcat"]
    assert top["facet"]["row"]["field"] == "outlet"
    assert mark(strip) == "bar" and strip["encoding"]["y"]["field"] == "documents"
    # Documents per period summed over the groups, each group's total counted once per period.
    per_period = {r["period"]: r["documents"] for r in data_of(spec, strip)}
    assert per_period == {"2024-01-01": 8, "2024-02-01": 10, "2024-03-01": 0}


def test_trend_thin_periods_are_drawn_as_missing_with_a_note() -> None:
    frame = trend_frame(interval=True)  # 4 and 5 documents in January and February
    spec = xinwen.plot.trend(frame, min_docs=5, volume=False).to_dict()
    jan = [r for r in data_of(spec) if r["period"] == "2024-01-01"]
    feb = [r for r in data_of(spec) if r["period"] == "2024-02-01"]
    assert all(r["value"] is None and r["lo"] is None for r in jan)
    assert all(r["value"] is not None for r in feb)
    assert spec["title"]["subtitle"] == "1 period(s) with fewer than 5 articles not drawn"
    # By default a share needs 10 documents; counts are drawn whatever the volume.
    default = xinwen.plot.trend(frame, volume=False).to_dict()
    assert all(r["value"] is None for r in data_of(default))
    counts = frame.with_columns(pl.col("docs").cast(pl.Float64).alias("value")).drop("lo", "hi")
    spec = xinwen.plot.trend(counts, measure="docs", volume=False).to_dict()
    assert sum(r["value"] is not None for r in data_of(spec)) == 6
    with pytest.raises(InvalidOptionError, match="min_docs"):
        xinwen.plot.trend(frame, min_docs=-1)


@pytest.mark.parametrize(
    ("every", "label"),
    [("1q", "2024 Q2"), ("1mo", "Apr 2024"), ("1y", "2024"), ("1d", "2023-01-07")],
)
def test_trend_time_axis_shows_the_year(every: str, label: str) -> None:
    vlc = pytest.importorskip("vl_convert")
    arts = pl.DataFrame(
        {
            "doc_id": list(range(8)),
            "published_at": [dt.datetime(2023 + i // 4, 3 * (i % 4) + 1, 5, tzinfo=dt.timezone.utc)
                             for i in range(8)],
            "body": ["普京访华。"] * 8,
        }
    )  # fmt: skip
    if every == "1d":
        arts = arts.with_columns(pl.col("published_at").dt.offset_by("1d").alias("published_at"))
        arts = pl.concat([arts.head(1), arts.head(1).with_columns(
            pl.col("published_at").dt.offset_by("1d"), pl.col("doc_id") + 100)])  # fmt: skip
    frame = xinwen.term_trend(arts, ["普京"], every=every, measure="docs")
    svg = vlc.vegalite_to_svg(xinwen.plot.trend(frame, measure="docs").to_dict())
    ticks = " ".join(re.findall(r"<text[^>]*>([^<]+)</text>", svg))
    assert label in ticks, ticks

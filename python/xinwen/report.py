"""A self-contained HTML report of an archive: volume, top terms, trends, co-occurrence, keyness.

:func:`build_report` runs the analyses of :mod:`xinwen.analysis` on a frame from
:func:`xinwen.read_articles` and returns one HTML document: inline CSS, every chart rendered
offline to inline SVG by vl-convert, no scripts and nothing loaded from the network, so the file
can be mailed, archived or opened years later. :func:`save_report` writes it, :func:`chart_png`
writes any Altair chart as a PNG.

Charts need the optional dependencies Altair and vl-convert: ``pip install 'xinwen[plot]'``.
"""

from __future__ import annotations

import contextvars
import functools
import html
import importlib
import json
import os
import re
import signal
import subprocess
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, cast

import polars as pl

from xinwen import _core, plot
from xinwen._core import __version__
from xinwen._defaults import TIMEZONE
from xinwen._fork import check_polars
from xinwen.analysis import _check_every, _score_keyness, cooccurrence, term_trend
from xinwen.corpus import Corpus
from xinwen.dedup import Dedup, _check_dedup, kept
from xinwen.errors import InvalidOptionError, MissingFontError, XinwenWarning
from xinwen.tokens import _require, _row_id

__all__ = ["build_report", "chart_png", "save_report"]

_VLC_MISSING = "xinwen report needs vl-convert-python: pip install 'xinwen[plot]'"

# Periods, like term_trend's, are calendar periods in the zone most of the archive writes in.
_TZ = TIMEZONE

_SECTIONS = (
    ("overview", "Overview"),
    ("volume", "Volume"),
    ("top-terms", "Top terms"),
    ("trends", "Trends"),
    ("cooccurrence", "Co-occurrence"),
    ("keyness", "Keyness"),
    ("errors", "Errors"),
)

# The volume chart colours this many groups and pools the rest, so the legend stays readable.
_VOLUME_GROUPS = 10
_TREND_TERMS = 5
_YEAR_TERMS = 10
_COOC_ROWS = 30
_KEYNESS_MIN_ARTICLES = 20
_KEYNESS_GROUPS = 8
_KEYNESS_TOP = 10

_FONTS = (
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", '
    '"Microsoft YaHei", sans-serif'
)
# Chart text is drawn by the browser from the SVG, so the charts get the same stack as the page.
_CHART_FONT = 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'

_CSS = f"""
:root {{ color-scheme: light; }}
body {{ margin: 0; background: #f6f6f4; color: #222; font-family: {_FONTS};
  font-size: 15px; line-height: 1.5; }}
main {{ max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }}
h1 {{ font-size: 1.7em; margin: 0.2em 0 0.1em; }}
h2 {{ font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em;
  border-bottom: 1px solid #ddd; }}
h3 {{ font-size: 1.05em; margin: 1.2em 0 0.4em; }}
nav {{ margin: 0.6em 0 1em; font-size: 0.92em; }}
nav a {{ margin-right: 1em; color: #35648f; text-decoration: none; }}
p.meta, p.note {{ color: #666; font-size: 0.9em; margin: 0.3em 0; }}
p.empty {{ color: #8a6d3b; background: #fcf8e3; padding: 0.5em 0.8em; border-radius: 3px; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }}
th, td {{ border: 1px solid #d6d6d6; padding: 3px 8px; vertical-align: top; }}
th {{ background: #f1f1ee; text-align: left; font-weight: 600; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.path {{ word-break: break-all; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 0.92em; }}
figure.chart {{ margin: 0.5em 0 1em; overflow-x: auto; }}
figure.chart svg {{ max-width: 100%; height: auto; }}
.side {{ display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }}
.side > div {{ flex: 0 1 auto; }}
"""


# --- small helpers -------------------------------------------------------------------------------


def _esc(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def _nothing(reason: str) -> str:
    return f'<p class="empty">Nothing to show: {_esc(reason)}.</p>'


def _note(text: str) -> str:
    return f'<p class="note">{_esc(text)}</p>'


def _fmt(value: object, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        # A year is a label, not a quantity: 2024, not 2,024.
        return str(value) if column == "year" else f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.3f}"
    return str(value)


def _table(frame: pl.DataFrame, headers: Sequence[str] | None = None) -> str:
    """An HTML table of ``frame``; numeric columns are right-aligned, every cell escaped."""
    names = list(headers) if headers is not None else frame.columns
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    right = ' class="num"'
    head = "".join(
        f"<th{right if num else ''}>{_esc(name)}</th>"
        for name, num in zip(names, numeric, strict=True)
    )
    rows = []
    for row in frame.iter_rows():
        cells = []
        for value, num, col in zip(row, numeric, frame.columns, strict=True):
            cls = ' class="num"' if num else (' class="path"' if col == "path" else "")
            cells.append(f"<td{cls}>{_esc(_fmt(value, col))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _vl_convert() -> Any:
    # Imported by name and lazily: the package works without it, and only reports need it.
    try:
        return importlib.import_module("vl_convert")
    except ImportError as exc:
        raise ImportError(_VLC_MISSING) from exc


def _altair() -> Any:
    try:
        return importlib.import_module("altair")
    except ImportError as exc:
        raise ImportError(_VLC_MISSING.replace("vl-convert-python", "altair")) from exc


def _spec(chart: Any, every: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = chart if isinstance(chart, dict) else chart.to_dict()
    config = dict(spec.get("config") or {})
    config.setdefault("font", _CHART_FONT)
    if every is not None:
        # Vega's default time labels name months without their year ("July", "October").
        axis = dict(config.get("axisTemporal") or {})
        axis.setdefault("format", "%Y" if every.endswith("y") else "%Y-%m")
        config["axisTemporal"] = axis
    return {**spec, "config": config}


#: Charts of the report being built, drawn together at the end (see :func:`_draw`).
_PENDING: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "xinwen_report_charts", default=None
)

#: Seconds the chart renderer may take for a whole report before it is given up.
_RENDER_TIMEOUT = 300

_RENDER = """
import json, sys
import vl_convert
specs = json.load(sys.stdin)
json.dump([vl_convert.vegalite_to_svg(s) for s in specs], sys.stdout)
"""


def _render(specs: list[dict[str, Any]]) -> list[str] | str:
    """The SVG of each Vega-Lite spec, or why they could not be drawn.

    vl-convert runs V8, which aborts the whole process (SIGTRAP) when it cannot reserve its
    address space, as under ``ulimit -v`` on a cluster: so it runs in a child process, and a
    report whose charts cannot be drawn is still written, with a note where each chart was.
    """
    if not specs:
        return []
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RENDER],
            input=json.dumps(specs),
            capture_output=True,
            text=True,
            timeout=_RENDER_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"the chart renderer (vl-convert) ran past {_RENDER_TIMEOUT} s"
    except OSError as e:
        return f"the chart renderer (vl-convert) could not start: {e}"
    if done.returncode != 0:
        if done.returncode < 0:
            how = f"was killed by {signal.Signals(-done.returncode).name}"
        else:
            last = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            how = f"failed ({last[0][:200]})"
        return (
            f"the chart renderer (vl-convert) {how} (an address-space limit, ulimit -v, is the "
            "usual cause)"
        )
    svgs: list[str] = json.loads(done.stdout)
    return svgs


def _figure(markup: str) -> str:
    # Vega's SVG is a standalone document; only the <svg> element belongs inside the page.
    start = markup.find("<svg")
    return f'<figure class="chart">{markup[start:] if start >= 0 else markup}</figure>'


def _chart_slot(i: int) -> str:
    return f"<!--xinwen-chart-{i}-->"


def _draw(page: str, specs: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Put the charts into their slots in ``page``; a note in each when none could be drawn,
    and why."""
    svgs = _render(specs)
    why = svgs if isinstance(svgs, str) else None
    for i in range(len(specs)):
        shown = (
            _figure(svgs[i]) if not isinstance(svgs, str) else _nothing(f"chart not drawn: {svgs}")
        )
        page = page.replace(_chart_slot(i), shown, 1)
    return page, why


def _svg(chart: Any, every: str | None = None) -> str:
    """The chart as an inline ``<svg>``; ``every`` labels time axes by period length. Inside
    :func:`build_report` a slot that the report's charts fill at the end."""
    spec = _spec(chart, every)
    pending = _PENDING.get()
    if pending is None:
        page, _ = _draw(_chart_slot(0), [spec])
        return page
    pending.append(spec)
    return _chart_slot(len(pending) - 1)


def _local_time(frame: pl.DataFrame) -> pl.Expr | None:
    """``published_at`` as naive local time in the report's zone, or None when it has no times."""
    if "published_at" not in frame.columns:
        return None
    dtype = frame.schema["published_at"]
    col = pl.col("published_at")
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:
            col = col.dt.replace_time_zone("UTC")
        return col.dt.convert_time_zone(_TZ).dt.replace_time_zone(None)
    if dtype == pl.Date:
        return col.cast(pl.Datetime("us"))
    return None


def _usable(articles: pl.DataFrame) -> pl.DataFrame:
    """The rows the analyses read: not failed, with some text in ``body``."""
    if "body" not in articles.columns or articles.schema["body"] != pl.String:
        return articles.head(0)
    keep = pl.col("body").is_not_null() & (pl.col("body").str.len_chars() > 0)
    if "status" in articles.columns:
        keep = keep & (pl.col("status").cast(pl.String) != "error").fill_null(True)
    return _zoned(articles.filter(keep))


def _usable_corpus(corpus: Corpus) -> tuple[pl.DataFrame, Corpus | None]:
    """The documents of ``corpus`` the analyses read (as :func:`_usable` picks them; the text
    length from ``n_chars`` when the corpus holds no text), and the sub-corpus of them."""
    docs = corpus.articles
    if "n_chars" in docs.columns:
        keep = pl.col("n_chars").fill_null(0) > 0
    elif corpus.field in docs.columns and docs.schema[corpus.field] == pl.String:
        keep = pl.col(corpus.field).str.len_chars().fill_null(0) > 0
    else:
        keep = pl.lit(True)
    if "status" in docs.columns:
        keep = keep & (pl.col("status").cast(pl.String) != "error").fill_null(True)
    mask = docs.select(keep.alias("keep")).to_series()
    usable = _zoned(docs.filter(mask))
    if "doc_id" not in usable.columns:
        usable = usable.with_columns(_row_id())
    if not usable.height:
        return usable, None
    return usable, Corpus._view(corpus, mask.arg_true().to_list(), usable)


def _zoned(usable: pl.DataFrame) -> pl.DataFrame:
    """term_trend reads zone-aware times: naive times and dates are taken as UTC."""
    dtype = usable.schema.get("published_at")
    if dtype == pl.Date:
        usable = usable.with_columns(pl.col("published_at").cast(pl.Datetime("us")))
        dtype = usable.schema["published_at"]
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is None:
        usable = usable.with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    return usable


# --- sections --------------------------------------------------------------------------------------


def _overview(
    articles: pl.DataFrame,
    usable: pl.DataFrame,
    by: str | None,
    merged: int | None = None,
    dedup: str = "none",
) -> str:
    status = (
        articles["status"].cast(pl.String)
        if "status" in articles.columns
        else pl.Series("status", [], pl.String)
    )
    rows: list[tuple[str, str]] = [("files", f"{articles.height:,}")]
    for name in ("ok", "partial", "error"):
        rows.append((name, f"{int((status == name).sum()):,}"))
    if merged is not None:
        rows.append((f"merged as copies (dedup={dedup!r})", f"{merged:,}"))
    rows.append(("analysed (ok or partial, with text)", f"{usable.height:,}"))
    if "outlet" in articles.columns:
        rows.append(("outlets", f"{articles['outlet'].drop_nulls().n_unique():,}"))
    if by and by != "outlet" and by in articles.columns:
        rows.append((f"{by} values", f"{articles[by].drop_nulls().n_unique():,}"))
    local = _local_time(articles)
    span = "no dates"
    if local is not None:
        times = articles.select(local.alias("t"))["t"].drop_nulls()
        if times.len():
            days = times.dt.strftime("%Y-%m-%d")
            span = f"{cast(str, days.min())} to {cast(str, days.max())}"
            rows.append(("dated", f"{times.len():,}"))
    rows.append((f"date span ({_TZ})", span))
    cells = []
    for key, value in rows:
        cls = "" if key.startswith("date span") else ' class="num"'
        cells.append(f"<tr><th>{_esc(key)}</th><td{cls}>{_esc(value)}</td></tr>")
    body = "".join(cells)
    return f"<table><tbody>{body}</tbody></table>"


def _volume(usable: pl.DataFrame, by: str | None, every: str) -> str:
    local = _local_time(usable)
    if local is None:
        return _nothing("the articles have no publication times")
    group = by if by and by in usable.columns else None
    frame = usable.select(
        local.dt.truncate(every).dt.date().alias("period"),
        (pl.col(group).cast(pl.String) if group else pl.lit("all")).alias("group"),
    ).filter(pl.col("period").is_not_null())
    if frame.height == 0:
        return _nothing("no analysed article has a publication time")
    frame = frame.with_columns(pl.col("group").fill_null("(none)"))
    sizes = frame.group_by("group").len().sort(["len", "group"], descending=[True, False])
    keep = sizes["group"].head(_VOLUME_GROUPS).to_list()
    if sizes.height > _VOLUME_GROUPS:
        keep_set = set(keep)
        frame = frame.with_columns(
            pl.when(pl.col("group").is_in(keep_set))
            .then(pl.col("group"))
            .otherwise(pl.lit("other"))
            .alias("group")
        )
        keep.append("other")
    order = pl.DataFrame({"group": keep, "_order": range(len(keep))})
    # Stacked by hand: Vega-Lite does not stack bars that have both x and x2.
    counts = (
        frame.group_by("period", "group")
        .len()
        .rename({"len": "articles"})
        .join(order, on="group")
        .sort("period", "_order")
        .with_columns(pl.col("articles").cum_sum().over("period").alias("top"))
        .with_columns((pl.col("top") - pl.col("articles")).alias("bottom"))
        # Each bar spans its whole period, so quarters and years read as wide as they are.
        .with_columns(
            pl.col("period").dt.offset_by(every).dt.strftime("%Y-%m-%d").alias("end"),
            pl.col("period").dt.strftime("%Y-%m-%d"),
        )
    )
    alt = _altair()
    label = group or "articles"
    chart = (
        alt.Chart(counts)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "period:T",
                title=f"period ({every})",
                scale=alt.Scale(type="utc"),
            ),
            x2="end:T",
            y=alt.Y("bottom:Q", title="articles"),
            y2="top:Q",
            color=alt.Color(
                "group:N",
                title=label,
                sort=keep,
                scale=alt.Scale(scheme="tableau20" if len(keep) > 10 else "tableau10"),
            ),
            tooltip=["period:T", alt.Tooltip("group:N", title=label), "articles:Q"],
        )
        .properties(width=820, height=260)
    )
    notes = []
    if by and group is None:
        notes.append(_note(f"The articles have no column {by!r}: all articles together."))
    if sizes.height > _VOLUME_GROUPS:
        notes.append(
            _note(f"The {_VOLUME_GROUPS} largest of {sizes.height} groups; the rest as 'other'.")
        )
    return _svg(chart, every) + "".join(notes)


def _counts(corpus: Corpus) -> pl.DataFrame:
    """(_row, term, count) with the candidate terms: two characters or more, no leading digit."""
    raw = pl.DataFrame(corpus._core.doc_term_counts(corpus._rows))
    return raw.filter(
        (pl.col("term").str.len_chars() >= 2) & ~pl.col("term").str.contains(r"^[0-9]")
    )


def _ranked(counts: pl.DataFrame, keys: Sequence[str], top: int) -> pl.DataFrame:
    rank = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank")
    return (
        counts.group_by(*keys, "term")
        .agg(pl.col("count").sum(), pl.len().cast(pl.Int64).alias("docs"))
        # Ties go to the term in more articles: it is the more general one.
        .sort(
            [*keys, "count", "docs", "term"],
            descending=[*([False] * len(keys)), True, True, False],
        )
        .with_columns(rank.over(keys) if keys else rank)
        .filter(pl.col("rank") <= top)
    )


def _top_terms(usable: pl.DataFrame, counts: pl.DataFrame, top_terms: int) -> tuple[str, list[str]]:
    overall = _ranked(counts, [], top_terms)
    if overall.height == 0:
        return _nothing("no terms in the analysed articles"), []
    alt = _altair()
    terms = overall["term"].to_list()
    chart = (
        alt.Chart(overall.select("term", "count", "docs"))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("count:Q", title="occurrences"),
            y=alt.Y("term:N", title=None, sort=terms),
            tooltip=["term:N", "count:Q", "docs:Q"],
        )
        .properties(width=560, height=max(18 * len(terms), 60))
    )
    parts = [
        _note(
            "Terms of two characters or more (stopwords and numbers left out), "
            "with their occurrences and the articles that contain them."
        ),
        _svg(chart),
        _table(overall.select("rank", "term", "count", "docs")),
        "<h3>Per year</h3>",
    ]
    local = _local_time(usable)
    years = None
    if local is not None:
        years = usable.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), local.dt.year().alias("year")
        ).filter(pl.col("year").is_not_null())
    if years is None or years.height == 0:
        parts.append(_nothing("the articles have no publication times"))
    else:
        per_year = _ranked(counts.join(years, on="_row"), ["year"], min(top_terms, _YEAR_TERMS))
        parts.append(_table(per_year.select("year", "rank", "term", "count")))
    return "".join(parts), terms


def _trends(corpus: Corpus, terms: list[str], every: str) -> str:
    usable = corpus.articles
    local = _local_time(usable)
    if not terms:
        return _nothing("no terms to follow")
    if local is None or usable.select(local.is_not_null().sum()).item() == 0:
        return _nothing("the articles have no publication times")
    frame = term_trend(corpus, terms, every=every, by=None, measure="share_of_docs")
    if frame.height == 0 or frame["value"].drop_nulls().len() == 0:
        return _nothing("no dated article")
    chart = plot.trend(frame, width=820, height=280)
    return _note(
        f"Share of articles per period ({every}) that mention each term, with its 95% "
        "Wilson interval as a band; gaps are periods without articles."
    ) + _svg(chart, every)


def _cooccurrence(corpus: Corpus | None, focus: str | list[str] | None) -> str:
    """The network around ``focus``, or around the first of several candidates that has one."""
    if not focus:
        return _nothing("no focus term")
    if corpus is None or len(corpus) == 0:
        return _nothing("no analysed articles")
    candidates = [focus] if isinstance(focus, str) else focus
    for focus in candidates:
        min_count = 5
        pairs = cooccurrence(corpus, focus=focus, min_count=min_count)
        if pairs.height == 0:
            # Small archives rarely reach five shared sentences; two still shows an association.
            min_count = 2
            pairs = cooccurrence(corpus, focus=focus, min_count=min_count)
        if pairs.height:
            break
    if pairs.height == 0:
        return _nothing(f"no term shares {min_count} or more sentences with {focus!r}")
    chart = plot.network(pairs, width=620, height=480)
    rows = pairs.head(_COOC_ROWS).select("term_b", "count", "npmi", "llr")
    return (
        _note(
            f"Terms sharing sentences with {focus!r} (at least {min_count} sentences), ranked by "
            "log-likelihood; the network keeps the strongest pairs by NPMI."
        )
        + _svg(chart)
        + _table(rows, ["term", "sentences together", "npmi", "llr"])
    )


@functools.cache
def _bylines() -> tuple[str, ...]:
    """The byline, dateline and news-organisation terms of ``data/bylines.txt``, read once."""
    text = (Path(__file__).parent / "data" / "bylines.txt").read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _people() -> set[str]:
    """Canonical names of the people in the shipped alias table (tag ``nr``), as the core
    parsed it."""
    return {canonical for canonical, tag, _ in _core.default_aliases() if tag == "nr"}


def _default_focus(corpus: Corpus | None, top: list[str]) -> list[str]:
    """Candidates for the network's centre, best first: the three people the archive names
    most (a network around a person reads better than one around 中国 or a number), then the
    most frequent term."""
    people: list[str] = []
    if corpus is not None:
        named = corpus.vocabulary.filter(pl.col("term").is_in(list(_people())))
        people = [str(t) for t in named["term"].head(3)]
    return people + [t for t in top[:1] if t not in people]


def _keyness(corpus: Corpus | None, by: str | None) -> str:
    if not by:
        return _nothing("no grouping column (by=None)")
    if corpus is None or len(corpus) == 0:
        return _nothing("no analysed articles")
    usable = corpus.articles
    if by not in usable.columns:
        return _nothing(f"the articles have no column {by!r}")
    sizes = (
        usable.filter(pl.col(by).is_not_null())
        .group_by(by)
        .len()
        .filter(pl.col("len") >= _KEYNESS_MIN_ARTICLES)
        .sort(["len", by], descending=[True, False])
        .head(_KEYNESS_GROUPS)
    )
    if sizes.height == 0:
        return _nothing(f"no {by} has {_KEYNESS_MIN_ARTICLES} or more analysed articles")
    # The corpus is tokenized once; each group's keyness then sums its term ids.
    blocks = []
    for value, n in sizes.iter_rows():
        sides = usable.select(
            (pl.col(by) == value).fill_null(False).alias("_t"),
            (pl.col(by) != value).fill_null(False).alias("_r"),
        )
        try:
            leave_out = [*_bylines(), str(value).lower()]
            key = _score_keyness(
                corpus, sides["_t"], sides["_r"], "llr", 2 * _KEYNESS_TOP, leave_out=leave_out
            )
        except InvalidOptionError:
            # The group is the whole archive (or the rest has no text): nothing to compare with.
            blocks.append(
                f"<div><h3>{_esc(value)}</h3>{_nothing('no other articles to compare with')}</div>"
            )
            continue
        # Bare numbers (a wire's list numbering, scores) are tokens, not content.
        over = (
            key.filter(pl.col("direction") == "over", ~pl.col("term").str.contains(r"^[0-9]"))
            .head(_KEYNESS_TOP)
            .select("term", "count_target", "per_10k_target", "per_10k_reference", "llr")
        )
        table = (
            _table(over, ["term", "count", "per 10k", "per 10k rest", "llr"])
            if over.height
            else _nothing("no over-used term")
        )
        blocks.append(f"<div><h3>{_esc(value)} ({n:,} articles)</h3>{table}</div>")
    return (
        _note(
            f"Terms over-used in each {by} with {_KEYNESS_MIN_ARTICLES} or more articles "
            f"(the {_KEYNESS_GROUPS} largest) against all other articles, by log-likelihood. "
            "Bylines, datelines and the names of news organisations (中央社, 电, 综合外电报导, "
            "法新社, ...: xinwen's data/bylines.txt) are left out: each outlet's own would "
            "top its list."
        )
        + f'<div class="side">{"".join(blocks)}</div>'
    )


def _errors(articles: pl.DataFrame) -> str:
    if "status" not in articles.columns:
        return _nothing("the articles have no status column")
    bad = articles.filter(pl.col("status").cast(pl.String).is_in(["error", "partial"]))
    if bad.height == 0:
        return _nothing("every file was read in full")
    cols = [
        (pl.col(c).cast(pl.String) if c in bad.columns else pl.lit(None, pl.String)).alias(c)
        for c in ("path", "status", "error")
    ]
    return _note(f"{bad.height:,} files not read in full.") + _table(bad.select(cols))


# --- public API ----------------------------------------------------------------------------------


def build_report(
    articles: pl.DataFrame | Corpus,
    *,
    terms: Sequence[str] | None = None,
    focus: str | None = None,
    every: str = "1mo",
    by: str | None = "outlet",
    title: str = "xinwen report",
    top_terms: int = 20,
    progress: Callable[[str], None] | None = None,
    bars: bool = False,
    dedup: Dedup = "none",
) -> str:
    """Build a self-contained HTML report of an archive.

    The sections, each a ``<section>`` with an ``id``: ``overview`` (files, status counts,
    outlets, date span), ``volume`` (articles per ``by`` group per period), ``top-terms``
    (overall and per year), ``trends`` (share of articles mentioning ``terms``, with 95%
    intervals), ``cooccurrence`` (network and table around ``focus``), ``keyness`` (terms
    over-used by each large ``by`` group against the rest) and ``errors`` (files not read in
    full). Analyses read the articles whose status is not ``error`` and whose body has text;
    periods and years are calendar periods in Asia/Shanghai, as in :func:`xinwen.term_trend`.

    A section with nothing to show (no dated articles, no pairs with the focus, no ``by``
    column, an empty frame) says so in a short paragraph; the report is still complete.
    Charts are drawn by vl-convert in a child process: where it cannot run (it aborts under an
    address-space limit, ``ulimit -v``), each chart's place says why, the tables are all there,
    and a :class:`~xinwen.XinwenWarning` says so.

    Parameters
    ----------
    articles
        The frame from :func:`xinwen.read_articles`, or a :class:`~xinwen.Corpus` of it (a
        loaded one too: nothing is tokenized again, and no text is needed).
    terms
        Terms of the trends chart (any alias or script); ``None``: the five most frequent terms.
    focus
        Term at the centre of the co-occurrence network; ``None``: the person (of the shipped
        alias table) the articles name most, else the most frequent term.
        Pairs must share 5 sentences, or 2 when no term shares 5.
    every
        Period length: ``1d``, ``1w``, ``1mo``, ``1q``, ``1y`` (or any multiple).
    by
        Column that splits volume and keyness (``"outlet"``, ``"layout"``...), or ``None``.
    title
        Title of the page (escaped like every other text).
    top_terms
        How many top terms to list overall (per year: at most 10).
    progress
        Called with each section's id before the section is computed.
    bars
        Show progress bars while documents are tokenized (the command line does on a terminal).
    dedup
        Which copies of an article the analyses count (see :func:`xinwen.duplicates`):
        ``"none"`` every file, ``"outlet"`` an article once per outlet, ``"all"`` each cluster
        once; the overview then says how many files were merged.

    Returns
    -------
    str
        The whole HTML document (UTF-8, no scripts, no external resources).

    Raises
    ------
    ImportError
        When Altair or vl-convert-python is not installed.
    xinwen.InvalidOptionError
        When ``every`` or ``top_terms`` is invalid, or ``by`` names a list column.
    TypeError
        When ``articles`` is not a polars DataFrame.

    Examples
    --------
    >>> import xinwen
    >>> from xinwen.report import build_report
    >>> page = build_report(xinwen.read_articles(xinwen.sample_path()))
    >>> page.startswith("<!DOCTYPE html>"), "<svg" in page, 'id="keyness"' in page
    (True, True, True)
    """
    check_polars("xinwen.report.build_report")
    if isinstance(articles, Corpus):
        given: Corpus | None = articles
        articles = articles.articles
    else:
        given = None
        articles = _require(articles)
    _check_every(every)
    _check_dedup(dedup)
    if isinstance(top_terms, bool) or not isinstance(top_terms, int) or not 1 <= top_terms < 2**63:
        raise InvalidOptionError(f"top_terms must be a positive integer, not {top_terms!r}")
    if isinstance(terms, str):
        terms = [terms]
    terms = [t for t in terms if isinstance(t, str) and t.strip()] if terms is not None else None
    # Fail early, before any analysis runs, when a chart could not be drawn.
    _altair()
    _vl_convert()

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    corpus: Corpus | None = None
    if given is not None:
        usable, corpus = _usable_corpus(given)
    else:
        usable = _usable(articles)
        if "doc_id" not in usable.columns:
            usable = usable.with_columns(_row_id())
    merged = None
    if dedup != "none":
        keep = kept(usable, dedup)
        merged = usable.height - int(keep.sum())
        usable = usable.filter(keep)
        if given is not None and corpus is not None:
            corpus = Corpus._view(corpus, keep.arg_true().to_list(), usable)
    if by and by in articles.columns and articles.schema[by].is_nested():
        raise InvalidOptionError(
            f"by={by!r} is a list or struct column; give a column of single values"
        )
    sections: dict[str, str] = {}
    charts: list[dict[str, Any]] = []
    token = _PENDING.set(charts)
    try:
        _sections(
            sections,
            articles,
            usable,
            given is not None,
            corpus,
            terms,
            focus,
            every,
            by,
            top_terms,
            step,
            bars,
            merged,
            dedup,
        )
    finally:
        _PENDING.reset(token)
    nav = "".join(f'<a href="#{sid}">{_esc(name)}</a>' for sid, name in _SECTIONS)
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{_esc(name)}</h2>\n{sections[sid]}\n</section>'
        for sid, name in _SECTIONS
    )
    body, why = _draw(body, charts)
    if why:
        warnings.warn(
            f"the report's {len(charts)} charts were not drawn: {why}; the tables are complete",
            XinwenWarning,
            stacklevel=2,
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="xinwen {_esc(__version__)}">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_esc(title)}</h1>\n"
        f'<p class="meta">{articles.height:,} files; made by xinwen {_esc(__version__)} '
        f"on {date.today():%Y-%m-%d}.</p>\n"
        f"<nav>{nav}</nav>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _sections(
    sections: dict[str, str],
    articles: pl.DataFrame,
    usable: pl.DataFrame,
    given: bool,
    corpus: Corpus | None,
    terms: Sequence[str] | None,
    focus: str | None,
    every: str,
    by: str | None,
    top_terms: int,
    step: Callable[[str], None],
    bars: bool,
    merged: int | None,
    dedup: Dedup,
) -> None:
    """Fill ``sections`` (charts as slots for :func:`_draw`); ``corpus`` is the one ``given``,
    else built here; ``merged`` copies were left out by ``dedup``."""
    step("overview")
    sections["overview"] = _overview(articles, usable, by, merged, dedup)
    step("volume")
    sections["volume"] = _volume(usable, by, every)
    step("top-terms")
    # One tokenization that every section reads (the one given, when a Corpus is).
    if not given:
        corpus = Corpus(usable, progress=bars) if usable.height else None
    if corpus is not None:
        sections["top-terms"], top = _top_terms(usable, _counts(corpus), top_terms)
    else:
        sections["top-terms"], top = _nothing("no analysed articles"), []
    step("trends")
    trend_terms = list(terms) if terms else top[:_TREND_TERMS]
    sections["trends"] = (
        _trends(corpus, trend_terms, every) if corpus is not None else _nothing("no dated article")
    )
    step("cooccurrence")
    sections["cooccurrence"] = _cooccurrence(corpus, focus or _default_focus(corpus, top))
    step("keyness")
    sections["keyness"] = _keyness(corpus, by)
    step("errors")
    sections["errors"] = _errors(articles)


def save_report(html: str, path: str | os.PathLike[str]) -> None:
    """Write a report from :func:`build_report` to ``path`` as UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xinwen.report import save_report
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp) / "report.html"
    ...     save_report("<!DOCTYPE html><title>普京</title>", target)
    ...     target.read_text(encoding="utf-8")
    '<!DOCTYPE html><title>普京</title>'
    """
    Path(path).write_text(html, encoding="utf-8")


def chart_png(chart: Any, path: str | os.PathLike[str], scale: float = 2) -> None:
    """Write an Altair chart (or a Vega-Lite spec as a dict) to ``path`` as a PNG.

    Rendered offline by vl-convert with the fonts it finds on this machine: Chinese labels
    need a CJK font installed (or registered with ``vl_convert.register_font_directory``).

    Parameters
    ----------
    chart
        An Altair chart, such as :func:`xinwen.plot.trend`'s, or its ``to_dict()``.
    path
        The PNG file to write.
    scale
        Pixels per chart pixel (2 for sharp images on high-density screens).

    Raises
    ------
    ImportError
        When vl-convert-python is not installed.
    xinwen.MissingFontError
        When the chart has Chinese text and no font here has Chinese characters (the image
        would show empty boxes); the message says what to install.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from xinwen.report import chart_png
    >>> spec = {"data": {"values": [{"x": 1, "y": 2}]}, "mark": "point",
    ...         "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp) / "chart.png"
    ...     chart_png(spec, target, scale=1)
    ...     target.read_bytes()[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    vlc = _vl_convert()
    spec = _spec(chart)
    if _HAN.search(json.dumps(spec, ensure_ascii=False)) and not _draws_han(vlc):
        raise MissingFontError(
            "this chart has Chinese text, and no font on this machine has Chinese characters: "
            "the image would show empty boxes. Install one (Debian/Ubuntu: apt install "
            "fonts-noto-cjk; Fedora: dnf install google-noto-sans-cjk-fonts; macOS and Windows "
            "have one), or register a folder of font files with "
            "vl_convert.register_font_directory(path) before calling chart_png"
        )
    png: bytes = vlc.vegalite_to_png(spec, scale=scale)
    Path(path).write_bytes(png)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _draws_han(vlc: Any) -> bool:
    """Whether vl-convert finds a font with Chinese characters: without one, every character
    is drawn as the same empty box, so two different characters give the same image."""

    def one(char: str) -> bytes:
        spec = {
            "data": {"values": [{}]},
            "mark": {"type": "text", "text": char, "fontSize": 40},
            "width": 60,
            "height": 60,
        }
        return bytes(vlc.vegalite_to_png(spec, scale=1))

    return one("中") != one("国")

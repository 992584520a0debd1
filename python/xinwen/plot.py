"""Charts of the analysis frames, drawn with Altair (Vega-Lite).

:func:`trend` draws the frame of :func:`xinwen.term_trend` as lines over time, and :func:`network`
the frame of :func:`xinwen.cooccurrence` as a node-link diagram. Both return an Altair chart: show
it in a notebook, or write it with ``chart.save("chart.html")`` (the page loads Vega from a CDN
when opened; writing it needs no network).

Altair is an optional dependency, imported only when a chart is drawn:
``pip install 'xinwen[plot]'``.
"""

from __future__ import annotations

import importlib
import math
import random
from collections.abc import Sequence
from typing import Any

import polars as pl

from xinwen.analysis import TREND_COLUMNS
from xinwen.errors import InvalidOptionError

__all__ = ["network", "trend"]

_ALTAIR_MISSING = "xinwen.plot needs altair: pip install 'xinwen[plot]'"

# Columns term_trend produces besides the `by` column; anything else is taken as the group.
_TREND_COLUMNS = (*TREND_COLUMNS, "lo", "hi")
_TREND_TOOLTIP = ("term", "value", "count", "docs", "total_docs")

# Axis titles for the measures of term_trend.
_MEASURE_TITLES = {
    "count": "occurrences",
    "docs": "documents",
    "share_of_docs": "share of documents",
    "per_10k_tokens": "occurrences per 10,000 tokens",
}

# Fruchterman-Reingold iterations: enough for a hundred-odd nodes to settle.
_LAYOUT_ITERATIONS = 100


def _altair() -> Any:
    # Imported by name so that type checking does not need Altair installed: its types are loose
    # (charts accept dicts, strings and schema objects alike), so the module handles them as Any.
    try:
        return importlib.import_module("altair")
    except ImportError as exc:
        raise ImportError(_ALTAIR_MISSING) from exc


def _require(frame: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidOptionError(
            f"{what} needs the columns {list(columns)}; missing {missing} (has {frame.columns})"
        )


def _period_strings(period: pl.Series) -> tuple[pl.Series, str]:
    """The period column as ISO strings Vega-Lite parses, and its encoding type."""
    dtype = period.dtype
    if dtype == pl.Date:
        return period.dt.strftime("%Y-%m-%d"), "temporal"
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            # Vega reads a trailing Z as UTC; naive strings would be read in the viewer's zone.
            utc = period.dt.convert_time_zone("UTC")
            return utc.dt.strftime("%Y-%m-%dT%H:%M:%SZ"), "temporal"
        return period.dt.strftime("%Y-%m-%dT%H:%M:%S"), "temporal"
    if dtype.is_numeric():
        return period, "quantitative"
    return period.cast(pl.String), "temporal"


def _close(a: pl.Series, b: pl.Series) -> bool:
    """Whether two float columns agree wherever both are non-null (and somewhere they are)."""
    both = pl.DataFrame({"a": a.cast(pl.Float64), "b": b.cast(pl.Float64)}).drop_nulls()
    if both.height == 0:
        return False
    diff = (both["a"] - both["b"]).abs() <= 1e-9 * (1.0 + both["b"].abs())
    return bool(diff.all())


def _infer_measure(frame: pl.DataFrame) -> str | None:
    """The term_trend measure whose definition the ``value`` column satisfies, if any."""
    cols = set(frame.columns)
    value = frame["value"]
    if {"lo", "hi"} <= cols:
        return "share_of_docs"
    if {"docs", "total_docs"} <= cols and _close(
        value, frame["docs"].cast(pl.Float64) / frame["total_docs"].cast(pl.Float64)
    ):
        return "share_of_docs"
    if {"count", "total_tokens"} <= cols:
        tokens = frame["total_tokens"].cast(pl.Float64)
        per_10k = 10000.0 * frame["count"].cast(pl.Float64) / tokens.replace(0.0, None)
        if _close(value, per_10k):
            # A frame whose counts are all zero fits every measure; say nothing rather than guess.
            if bool((frame["count"].fill_null(0) != 0).any()):
                return "per_10k_tokens"
    for name in ("count", "docs"):
        if name in cols and _close(value, frame[name]) and bool((frame[name] != 0).any()):
            return name
    return None


def trend(
    frame: pl.DataFrame,
    *,
    title: str | None = None,
    width: int = 600,
    height: int = 250,
    measure: str | None = None,
    min_docs: int | None = None,
    volume: bool = True,
) -> Any:
    """Draw a term trend: one line per term of ``value`` over ``period``.

    Parameters
    ----------
    frame
        A frame shaped like the result of :func:`xinwen.term_trend`: ``period``, ``term`` and
        ``value`` are required; ``count``, ``docs`` and ``total_docs`` are shown in tooltips when
        present; ``lo`` and ``hi`` (the interval of ``measure="share_of_docs"``) are drawn as a
        translucent band. One further column (the ``by`` column) splits the chart into one row
        of panels per group value.
    title
        Chart title.
    width, height
        Size in pixels of the plotting area (of each panel when grouped).
    measure
        The measure behind ``value``, for the y axis title: one of term_trend's measures
        (``"count"``, ``"docs"``, ``"share_of_docs"``, ``"per_10k_tokens"``) or any text, used
        as it is. By default it is inferred from the columns when they determine it (not after
        ``smooth``, except for ``share_of_docs``), else the axis reads ``value``.
    min_docs
        Periods (of a group) with fewer documents than this (``total_docs``) are drawn as
        missing, and a subtitle says how many: a share of 2 articles out of 3 is noise that
        would flatten the rest of the chart. ``None``: 10 for the relative measures
        (``share_of_docs``, ``per_10k_tokens``), none for counts; ``0`` draws every period.
    volume
        Draw a strip of the documents per period under the chart (summed over the groups),
        when the frame has ``total_docs``, so a reader sees where the lines stand on little.

    Returns
    -------
    altair.LayerChart, altair.FacetChart or altair.VConcatChart
        Null values leave gaps in the lines and the band. Terms keep the frame's order in the
        legend. The time axis labels each tick with its year (``2024 Q2``, ``Mar 2024``,
        ``2024``, or the day), whatever the period length.

    Raises
    ------
    ImportError
        When Altair is not installed.
    xinwen.InvalidOptionError
        When a required column is missing, or more than one column could be the group.

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> import xinwen.plot
    >>> frame = pl.DataFrame({
    ...     "period": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)] * 2,
    ...     "term": ["普京", "普京", "拜登", "拜登"],
    ...     "count": [3, 5, 4, 1],
    ...     "total_tokens": [1000, 2000, 1000, 2000],
    ...     "value": [30.0, 25.0, 40.0, 5.0],
    ... })
    >>> chart = xinwen.plot.trend(frame)
    >>> spec = chart.to_dict()
    >>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    True
    >>> spec["layer"][0]["encoding"]["y"]["title"]
    'occurrences per 10,000 tokens'
    """
    alt = _altair()
    _require(frame, ("period", "term", "value"), "trend")
    groups = [c for c in frame.columns if c not in _TREND_COLUMNS]
    if len(groups) > 1:
        raise InvalidOptionError(
            f"trend draws at most one group column besides {list(_TREND_COLUMNS)}; "
            f"found {groups}: select one of them"
        )
    group = groups[0] if groups else None
    band = "lo" in frame.columns and "hi" in frame.columns
    if min_docs is not None and (
        isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 0
    ):
        raise InvalidOptionError(f"min_docs must be a non-negative int or None, not {min_docs!r}")

    if measure is None:
        measure = _infer_measure(frame)
    if min_docs is None:
        min_docs = 10 if measure in ("share_of_docs", "per_10k_tokens") else 0
    thin_note = None
    if min_docs > 0 and "total_docs" in frame.columns:
        thin = pl.col("total_docs").fill_null(0) < min_docs
        n_thin = frame.filter(thin & (pl.col("total_docs").fill_null(0) > 0)).select(
            pl.struct("period", *([group] if group else [])).n_unique()
        )
        shown = [c for c in ("value", "lo", "hi") if c in frame.columns]
        frame = frame.with_columns(pl.when(thin).then(None).otherwise(pl.col(shown)).name.keep())
        if n_thin.item():
            thin_note = f"{n_thin.item()} period(s) with fewer than {min_docs} articles not drawn"

    period, period_type = _period_strings(frame["period"])
    data = frame.with_columns(period)
    if group is not None:
        data = data.with_columns(pl.col(group).cast(pl.String))
    y_title = _MEASURE_TITLES.get(measure, measure) if measure is not None else "value"

    terms = frame["term"].cast(pl.String).unique(maintain_order=True).drop_nulls().to_list()
    color = alt.Color(
        "term:N",
        sort=terms,
        title="term",
        scale=alt.Scale(scheme="tableau20" if len(terms) > 10 else "tableau10"),
    )
    step = _period_step(frame["period"]) if period_type == "temporal" else None
    # No tick between two periods (of dates and times; periods given as text keep Vega's).
    tick_step = step if step and frame["period"].dtype.is_temporal() else alt.Undefined
    x = alt.X(
        f"period:{period_type[0].upper()}",
        title="period",
        scale=alt.Scale(type="utc") if period_type == "temporal" else alt.Undefined,
        # Ticks sit on UTC boundaries (the scale is UTC): format them in UTC too, or a viewer
        # west of Greenwich would see 1 January as the last quarter of the year before.
        axis=alt.Axis(
            labelExpr=f"utcFormat(datum.value, '{_time_format(step)}')",
            tickMinStep=tick_step,
        )
        if period_type == "temporal"
        else alt.Undefined,
    )
    tooltip = [alt.Tooltip("period:N", title="period")]
    for name in _TREND_TOOLTIP:
        if name in frame.columns:
            kind = "N" if name == "term" else "Q"
            fmt = ".4~g" if name == "value" else alt.Undefined
            tooltip.append(alt.Tooltip(f"{name}:{kind}", title=name, format=fmt))
    if group is not None:
        tooltip.insert(1, alt.Tooltip(f"{group}:N", title=group))

    # Nulls (periods with no documents) break the paths instead of being joined across.
    line = (
        alt.Chart()
        .mark_line(point=alt.OverlayMarkDef(size=20), invalid="break-paths-filter-domains")
        .encode(x=x, y=alt.Y("value:Q", title=y_title), color=color, tooltip=tooltip)
    )
    layers = [line]
    if band:
        area = (
            alt.Chart()
            .mark_area(opacity=0.2, invalid="break-paths-filter-domains")
            .encode(x=x, y=alt.Y("lo:Q", title=y_title), y2="hi:Q", color=color)
        )
        layers.insert(0, area)

    chart = alt.layer(*layers, data=data).properties(width=width, height=height)
    if group is not None:
        groups_order = data[group].unique(maintain_order=True).drop_nulls().to_list()
        chart = chart.facet(row=alt.Row(f"{group}:N", title=group, sort=groups_order))
    if volume and "total_docs" in frame.columns and period_type == "temporal":
        per_period = (
            frame.unique(["period", *([group] if group else [])], keep="first")
            .group_by("period")
            .agg(pl.col("total_docs").fill_null(0).sum().alias("documents"))
            .sort("period")
        )
        strip = (
            alt.Chart(per_period.with_columns(_period_strings(per_period["period"])[0]))
            .mark_bar(color="#999999")
            .encode(
                x=x,
                y=alt.Y("documents:Q", title="documents", axis=alt.Axis(tickCount=2)),
                tooltip=[alt.Tooltip("period:N"), alt.Tooltip("documents:Q")],
            )
            .properties(width=width, height=max(30, height // 5))
        )
        chart = alt.vconcat(chart, strip, spacing=4)
    if title is not None or thin_note is not None:
        chart = chart.properties(
            title=alt.Title(text=title or "", subtitle=thin_note)
            if thin_note is not None
            else title
        )
    return chart


def _period_step(period: pl.Series) -> int | None:
    """The shortest step between two periods in milliseconds (None for fewer than two)."""
    values = period.drop_nulls().unique().sort()
    if values.len() < 2:
        return None
    step = values.cast(pl.Datetime("ms")).diff().drop_nulls().dt.total_milliseconds().min()
    return int(step) if isinstance(step, (int, float)) else None


def _time_format(step_ms: int | None) -> str:
    """A d3 time format for an axis of periods ``step_ms`` apart that always shows the year:
    quarters as ``2024 Q2``, months as ``Mar 2024``, years as ``2024``, shorter periods as
    dates."""
    if step_ms is None:
        return "%Y-%m-%d"
    days = step_ms // 86_400_000
    if days < 28:
        return "%Y-%m-%d"
    if days < 85:
        return "%b %Y"
    if days < 360:
        return "%Y Q%q"
    return "%Y"


def _initial_positions(n: int, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.random(), rng.random()] for _ in range(n)]


def _layout_numpy(n: int, edges: Sequence[tuple[int, int]], seed: int) -> list[tuple[float, float]]:
    # Looked up by name: numpy is optional, and type checking must not need it.
    np: Any = importlib.import_module("numpy")
    pos = np.array(_initial_positions(n, seed), dtype=np.float64)
    adj = np.zeros((n, n), dtype=np.float64)
    for i, j in edges:
        adj[i, j] = adj[j, i] = 1.0
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (_LAYOUT_ITERATIONS + 1)
    for _ in range(_LAYOUT_ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=-1)), 0.01)
        # Repulsion k²/d between all pairs, attraction d²/k along edges, both along delta/d.
        force = k * k / dist**2 - adj * dist / k
        disp = (delta * force[:, :, None]).sum(axis=1)
        length = np.maximum(np.sqrt((disp**2).sum(axis=-1)), 0.01)
        pos += disp * (t / length)[:, None]
        t -= dt
    return [(float(x), float(y)) for x, y in pos]


def _layout_python(
    n: int, edges: Sequence[tuple[int, int]], seed: int
) -> list[tuple[float, float]]:
    pos = _initial_positions(n, seed)
    adj = [[0.0] * n for _ in range(n)]
    for i, j in edges:
        adj[i][j] = adj[j][i] = 1.0
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (_LAYOUT_ITERATIONS + 1)
    for _ in range(_LAYOUT_ITERATIONS):
        moves = []
        for i in range(n):
            xi, yi = pos[i]
            fx = fy = 0.0
            row = adj[i]
            for j in range(n):
                dx = xi - pos[j][0]
                dy = yi - pos[j][1]
                dist = max(math.sqrt(dx * dx + dy * dy), 0.01)
                force = k * k / (dist * dist) - row[j] * dist / k
                fx += dx * force
                fy += dy * force
            length = max(math.sqrt(fx * fx + fy * fy), 0.01)
            moves.append((fx * t / length, fy * t / length))
        for i, (mx, my) in enumerate(moves):
            pos[i][0] += mx
            pos[i][1] += my
        t -= dt
    return [(x, y) for x, y in pos]


def _layout(
    n: int, edges: Sequence[tuple[int, int]], seed: int, *, use_numpy: bool | None = None
) -> list[tuple[float, float]]:
    """Fruchterman-Reingold positions of ``n`` nodes, scaled into [0, 1] on the longer side.

    The same ``seed`` gives the same layout; numpy and pure Python compute the same forces
    (up to rounding). ``use_numpy=None`` uses numpy when it is installed.
    """
    if n == 0:
        return []
    if n == 1:
        return [(0.5, 0.5)]
    if use_numpy is None:
        try:
            importlib.import_module("numpy")
            use_numpy = True
        except ImportError:
            use_numpy = False
    pos = _layout_numpy(n, edges, seed) if use_numpy else _layout_python(n, edges, seed)
    xs = [p[0] for p in pos]
    ys = [p[1] for p in pos]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    # Centre the drawing and keep its aspect ratio, so distances mean the same on both axes.
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    return [(0.5 + (x - cx) / span, 0.5 + (y - cy) / span) for x, y in pos]


def network(
    frame: pl.DataFrame,
    *,
    weight: str = "npmi",
    top: int | None = 60,
    title: str | None = None,
    width: int = 500,
    height: int = 500,
    seed: int = 0,
    size: str = "count",
) -> Any:
    """Draw a co-occurrence frame as a network of terms.

    Parameters
    ----------
    frame
        A frame shaped like the result of :func:`xinwen.cooccurrence`: ``term_a``, ``term_b``
        and the ``weight`` column are required; ``count_a`` and ``count_b`` (windows containing
        each term) size the nodes when present. A pair listed more than once (a frame computed
        with ``by``) is drawn once with its largest weight: filter one group first to draw it.
    weight
        The numeric column that ranks the edges and sets their width and opacity (``"npmi"``,
        ``"pmi"``, ``"llr"``, ``"count"``...).
    top
        Keep this many strongest edges (largest weight; ties by ``term_a``, ``term_b``); None
        keeps all. Edges with a null or NaN weight are dropped.
    title
        Chart title.
    width, height
        Size in pixels.
    seed
        Seed of the layout's starting positions: the same frame and seed give the same drawing.
    size
        ``"count"`` sizes nodes by their window count (from ``count_a``/``count_b``, falling
        back to the degree when those columns are absent); ``"degree"`` by the number of kept
        edges they have.

    Returns
    -------
    altair.LayerChart
        Three layers: edges (``rule``), nodes (``circle``) and labels (``text``). The node
        positions are computed here by a Fruchterman-Reingold spring layout (numpy when
        installed, else pure Python), in the columns ``x`` and ``y``.

    Raises
    ------
    ImportError
        When Altair is not installed.
    xinwen.InvalidOptionError
        When a required column is missing, ``weight`` is not numeric, ``top`` is negative or
        ``size`` is unknown.

    Examples
    --------
    >>> import polars as pl
    >>> import xinwen.plot
    >>> frame = pl.DataFrame({
    ...     "term_a": ["俄罗斯", "俄罗斯", "乌克兰"],
    ...     "term_b": ["乌克兰", "普京", "泽连斯基"],
    ...     "count_a": [40, 40, 35],
    ...     "count_b": [35, 20, 12],
    ...     "npmi": [0.42, 0.35, 0.51],
    ... })
    >>> chart = xinwen.plot.network(frame, top=2)
    >>> spec = chart.to_dict()
    >>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    True
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'circle', 'text']
    >>> len(spec["datasets"][spec["layer"][0]["data"]["name"]])  # edges kept
    2
    """
    alt = _altair()
    _require(frame, ("term_a", "term_b", weight), "network")
    if not frame.schema[weight].is_numeric():
        raise InvalidOptionError(
            f"weight column {weight!r} must be numeric, not {frame.schema[weight]}"
        )
    if top is not None and top < 0:
        raise InvalidOptionError(f"top must be None or >= 0, not {top}")
    if size not in ("count", "degree"):
        raise InvalidOptionError(f"size must be 'count' or 'degree', not {size!r}")

    has_counts = "count_a" in frame.columns and "count_b" in frame.columns
    cols = [pl.col("term_a").cast(pl.String), pl.col("term_b").cast(pl.String)]
    cols.append(pl.col(weight).cast(pl.Float64).alias("weight"))
    if has_counts:
        cols += [pl.col("count_a").cast(pl.Float64), pl.col("count_b").cast(pl.Float64)]
    edges = (
        frame.select(cols)
        .filter(
            pl.col("term_a").is_not_null()
            & pl.col("term_b").is_not_null()
            & (pl.col("term_a") != pl.col("term_b"))
            & pl.col("weight").is_not_null()
            & pl.col("weight").is_not_nan()
        )
        # One edge per unordered pair: the same pair may come from several groups of `by`.
        .with_columns(
            pl.min_horizontal("term_a", "term_b").alias("_lo"),
            pl.max_horizontal("term_a", "term_b").alias("_hi"),
        )
        .sort(["weight", "term_a", "term_b"], descending=[True, False, False])
        .unique(subset=["_lo", "_hi"], keep="first", maintain_order=True)
        .drop("_lo", "_hi")
    )
    if top is not None:
        edges = edges.head(top)

    terms = sorted(set(edges["term_a"].to_list()) | set(edges["term_b"].to_list()))
    index = {t: i for i, t in enumerate(terms)}
    pairs = [(index[a], index[b]) for a, b in edges.select("term_a", "term_b").iter_rows()]
    positions = _layout(len(terms), pairs, seed)

    degree = [0] * len(terms)
    for i, j in pairs:
        degree[i] += 1
        degree[j] += 1
    counts: dict[str, float] = {}
    if has_counts:
        for a, b, ca, cb in edges.select("term_a", "term_b", "count_a", "count_b").iter_rows():
            if ca is not None:
                counts[a] = max(counts.get(a, 0.0), ca)
            if cb is not None:
                counts[b] = max(counts.get(b, 0.0), cb)
    by_count = size == "count" and has_counts
    nodes = pl.DataFrame(
        {
            "term": terms,
            "x": [p[0] for p in positions],
            "y": [p[1] for p in positions],
            "degree": degree,
            "count": [counts.get(t) for t in terms],
        },
        schema={
            "term": pl.String,
            "x": pl.Float64,
            "y": pl.Float64,
            "degree": pl.Int64,
            "count": pl.Float64,
        },
    )
    x_of = dict(zip(terms, nodes["x"].to_list(), strict=True))
    y_of = dict(zip(terms, nodes["y"].to_list(), strict=True))
    links = edges.select(
        "term_a",
        "term_b",
        "weight",
        pl.col("term_a").replace_strict(x_of, return_dtype=pl.Float64).alias("x"),
        pl.col("term_a").replace_strict(y_of, return_dtype=pl.Float64).alias("y"),
        pl.col("term_b").replace_strict(x_of, return_dtype=pl.Float64).alias("x2"),
        pl.col("term_b").replace_strict(y_of, return_dtype=pl.Float64).alias("y2"),
    )
    if not by_count:
        nodes = nodes.drop("count")

    # Positions are in [0, 1]; the padding keeps circles and labels inside the plot.
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.1, 1.1]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-0.1, 1.1]))
    # Weights such as npmi may be negative: the scales span the kept weights, not zero.
    rules = (
        alt.Chart(links)
        .mark_rule(color="#888888")
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth(
                "weight:Q", title=weight, scale=alt.Scale(zero=False, range=[0.5, 4]), legend=None
            ),
            opacity=alt.Opacity(
                "weight:Q",
                title=weight,
                scale=alt.Scale(zero=False, range=[0.25, 0.9]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("term_a:N"),
                alt.Tooltip("term_b:N"),
                alt.Tooltip("weight:Q", title=weight, format=".4~g"),
            ],
        )
    )
    size_field = "count" if by_count else "degree"
    node_tooltip = [alt.Tooltip("term:N"), alt.Tooltip("degree:Q")]
    if by_count:
        node_tooltip.append(alt.Tooltip("count:Q"))
    circles = (
        alt.Chart(nodes)
        .mark_circle(color="#4c78a8", opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                f"{size_field}:Q", title=size_field, scale=alt.Scale(range=[40, 600]), legend=None
            ),
            tooltip=node_tooltip,
        )
    )
    labels = (
        alt.Chart(nodes)
        .mark_text(dy=-12, fontSize=12)
        .encode(x=x, y=y, text="term:N", tooltip=node_tooltip)
    )
    chart = alt.layer(rules, circles, labels).properties(width=width, height=height)
    if title is not None:
        chart = chart.properties(title=title)
    return chart

"""The analysis functions against plain-Python references written from the specification.

Every reference below works on a corpus given as documents → sentences → tokens, with nothing but
dicts, Counter and math; the fixtures turn such a structure into text whose tokenization is checked
to give back exactly that structure, so a difference is a difference in the analysis, not in the
tokenizer. Hand fixtures spell their arithmetic out in comments.
"""

from __future__ import annotations

import importlib.util
import inspect
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import polars as pl
import pytest
import xinwen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

# Every analysis here runs from the frame and from a Corpus of it (see conftest).
pytestmark = pytest.mark.usefixtures("through_corpus")

Doc = list[list[str]]  # a document: its sentences, each a list of tokens
Row = dict[str, Any]

UTC = timezone.utc
Z = 1.959963984540054
LN = math.log

COOC_SCHEMA: dict[str, pl.DataType] = {
    "term_a": pl.String(),
    "term_b": pl.String(),
    "count": pl.Int64(),
    "count_a": pl.Int64(),
    "count_b": pl.Int64(),
    "n": pl.Int64(),
    "pmi": pl.Float64(),
    "npmi": pl.Float64(),
    "llr": pl.Float64(),
}
# polars 1.32.3 renamed rtol/atol to rel_tol/abs_tol; the project supports older versions too
TOLERANCE: dict[str, Any] = (
    {"rel_tol": 1e-12, "abs_tol": 1e-12}
    if "rel_tol" in inspect.signature(assert_frame_equal).parameters
    else {"rtol": 1e-12, "atol": 1e-12}
)
TREND_INT = ("count", "docs", "total_tokens", "total_docs")
MEASURES = ("count", "docs", "share_of_docs", "per_10k_tokens")
VOCAB = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
OUTLETS = ("bbc", "rfa", "xinhua")
SEPARATORS = ("! ", "? ", "; ", "\n")
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    # The corpus run patches the analyses for the whole test (see conftest): not per example.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip


# --- references --------------------------------------------------------------------------------


def windows_of(doc: Doc, window: str | int) -> list[set[str]]:
    """The token sets of one document's windows."""
    if window == "sentence":
        return [set(s) for s in doc if s]
    tokens = [t for s in doc for t in s]
    if not tokens:
        return []
    if window == "document":
        return [set(tokens)]
    assert isinstance(window, int)
    if len(tokens) < window:
        return [set(tokens)]
    return [set(tokens[i : i + window]) for i in range(len(tokens) - window + 1)]


def xlnx(k: float, expected: float) -> float:
    """k · ln(k / expected), with 0 · ln 0 = 0."""
    return 0.0 if k == 0 else k * LN(k / expected)


def g2(count: int, count_a: int, count_b: int, n: int) -> float:
    """Dunning's G² of the 2x2 table of a pair (natural logs)."""
    k11, k12 = count, count_a - count
    k21, k22 = count_b - count, n - count_a - count_b + count
    r1, r2, c1, c2 = count_a, n - count_a, count_b, n - count_b
    return 2 * (
        xlnx(k11, r1 * c1 / n)
        + xlnx(k12, r1 * c2 / n)
        + xlnx(k21, r2 * c1 / n)
        + xlnx(k22, r2 * c2 / n)
    )


def ref_cooccurrence(
    docs: Sequence[Doc],
    window: str | int = "sentence",
    min_count: int = 5,
    focus: str | Sequence[str] | None = None,
) -> list[Row]:
    """Rows of ``xinwen.cooccurrence`` in its order (llr descending, then term_a, term_b)."""
    wins = [w for d in docs for w in windows_of(d, window)]
    n = len(wins)
    df: Counter[str] = Counter(t for w in wins for t in w)
    keep = {t for t, c in df.items() if c >= min_count}
    pairs: Counter[tuple[str, str]] = Counter()
    for w in wins:
        kept = sorted(w & keep)
        for i, a in enumerate(kept):
            for b in kept[i + 1 :]:
                pairs[(a, b)] += 1
    focus_set = {focus} if isinstance(focus, str) else set(focus or ())
    rows: list[Row] = []
    for (a, b), c in pairs.items():
        if c < min_count:
            continue
        if focus is not None:
            if a not in focus_set and b not in focus_set:
                continue
            if b in focus_set and a not in focus_set:
                a, b = b, a
        ca, cb = df[a], df[b]
        pmi = LN(c * n / (ca * cb))
        npmi = 1.0 if c == n else pmi / -LN(c / n)
        rows.append(dict(term_a=a, term_b=b, count=c, count_a=ca, count_b=cb, n=n, pmi=pmi,
                         npmi=npmi, llr=g2(c, ca, cb, n)))  # fmt: skip
    rows.sort(key=lambda r: (-r["llr"], r["term_a"], r["term_b"]))
    return rows


class TDoc(NamedTuple):
    """A document for term trends: tokens, publication time (aware) and its ``by`` value."""

    tokens: list[str]
    published_at: datetime | None
    group: str | None


def parse_every(every: str) -> tuple[int, str]:
    unit = every.lstrip("0123456789")
    return int(every[: len(every) - len(unit)]), unit


def add_months(d: date, months: int) -> date:
    m = d.year * 12 + d.month - 1 + months
    return date(m // 12, m % 12 + 1, 1)


def truncate(d: date, every: str) -> date:
    """Start of the period of a local date (only n = 1, where the calendar is unambiguous)."""
    k, unit = parse_every(every)
    assert k == 1, "the reference only knows single units"
    if unit == "d":
        return d
    if unit == "w":
        return d - timedelta(days=d.weekday())  # weeks start on Monday
    if unit == "mo":
        return d.replace(day=1)
    if unit == "q":
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    assert unit == "y"
    return date(d.year, 1, 1)


def step(d: date, every: str) -> date:
    k, unit = parse_every(every)
    if unit == "d":
        return d + timedelta(days=k)
    if unit == "w":
        return d + timedelta(days=7 * k)
    return add_months(d, k * {"mo": 1, "q": 3, "y": 12}[unit])


def wilson(docs: int, n: int) -> tuple[float, float]:
    p = docs / n
    denom = 1 + Z * Z / n
    center = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return center - half, center + half


def centred_mean(values: list[float | None], k: int) -> list[float | None]:
    """Centred rolling mean over an odd k, nulls ignored; null where the value itself is (a
    period without articles stays a gap)."""
    assert k % 2 == 1, "the specification does not say where an even window is centred"
    h = k // 2
    out: list[float | None] = []
    for i in range(len(values)):
        seen = [v for v in values[max(0, i - h) : i + h + 1] if v is not None]
        out.append(sum(seen) / len(seen) if seen and values[i] is not None else None)
    return out


def ref_term_trend(
    docs: Sequence[TDoc],
    terms: str | Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    *,
    every: str = "1mo",
    by: str | None = None,
    measure: str = "per_10k_tokens",
    top: int = 20,
    tz: str = "Asia/Shanghai",
    smooth: int | None = None,
) -> list[Row]:
    """Rows of ``xinwen.term_trend`` sorted by (by, term, period)."""
    dated = [d for d in docs if d.published_at is not None]
    if not dated:
        return []

    def period(d: TDoc) -> date:
        assert d.published_at is not None
        return truncate(d.published_at.astimezone(ZoneInfo(tz)).date(), every)

    groups: dict[str, list[str]]
    if terms is None:
        total: Counter[str] = Counter(t for d in dated for t in d.tokens)
        ranked = sorted(total, key=lambda t: (-total[t], t))[:top]
        groups = {t: [t] for t in ranked}
    elif isinstance(terms, str):
        groups = {terms: [terms]}
    elif isinstance(terms, Mapping):
        groups = {label: list(members) for label, members in terms.items()}
    else:
        groups = {t: [t] for t in terms}

    first, last = min(map(period, dated)), max(map(period, dated))
    periods = [first]
    while periods[-1] < last:
        periods.append(step(periods[-1], every))
    values: list[str | None] = [None]
    if by:
        values = list[str | None](sorted({d.group for d in dated if d.group is not None}))
    cell: dict[tuple[str | None, date], list[Counter[str]]] = {}
    for d in dated:
        if by is None or d.group is not None:
            cell.setdefault((d.group if by else None, period(d)), []).append(Counter(d.tokens))

    rows: list[Row] = []
    for g in values:
        for label, members in groups.items():
            series: list[Row] = []
            for p in periods:
                in_cell = cell.get((g, p), [])
                count = sum(c[m] for c in in_cell for m in members)
                n_docs = sum(1 for c in in_cell if any(c[m] > 0 for m in members))
                total_tokens = sum(c.total() for c in in_cell)
                total_docs = len(in_cell)
                value: float | None
                lo: float | None = None
                hi: float | None = None
                if total_docs == 0:
                    value = None
                elif measure == "count":
                    value = float(count)
                elif measure == "docs":
                    value = float(n_docs)
                elif measure == "share_of_docs":
                    value = n_docs / total_docs
                    lo, hi = wilson(n_docs, total_docs)
                else:
                    value = 10000 * count / total_tokens if total_tokens else None
                row: Row = {"period": p}
                if by:
                    row[by] = g
                row.update(term=label, count=count, docs=n_docs, total_tokens=total_tokens,
                           total_docs=total_docs, value=value)  # fmt: skip
                if measure == "share_of_docs":
                    row.update(lo=lo, hi=hi)
                series.append(row)
            if smooth is not None:
                for col in ("value", "lo", "hi") if measure == "share_of_docs" else ("value",):
                    for r, v in zip(
                        series, centred_mean([r[col] for r in series], smooth), strict=True
                    ):
                        r[col] = v
            rows.extend(series)
    return rows


def keyness_stat(measure: str, a: int, b: int, big_a: int, big_b: int) -> float:
    """llr (two observed cells against their expectations) or chi2 (Pearson, whole 2x2 table)."""
    n = big_a + big_b
    if measure == "llr":
        e1, e2 = big_a * (a + b) / n, big_b * (a + b) / n
        return 2 * (xlnx(a, e1) + xlnx(b, e2))
    denominator = (a + b) * (big_a - a + big_b - b) * big_a * big_b
    if denominator == 0:
        # only when the term is every token of both sides: the formula is 0/0, and the shares
        # (both 1) do not differ, so the statistic is 0
        return 0.0
    return n * (a * (big_b - b) - b * (big_a - a)) ** 2 / denominator


def ref_keyness(
    target: Sequence[list[str]], reference: Sequence[list[str]], measure: str = "llr", top: int = 50
) -> list[Row]:
    """Over-used terms by the statistic descending, then under-used ones (ties by term)."""
    ca = Counter(t for d in target for t in d)
    cb = Counter(t for d in reference for t in d)
    big_a, big_b = ca.total(), cb.total()
    rows: list[Row] = []
    for term in sorted(set(ca) | set(cb)):
        a, b = ca[term], cb[term]
        rows.append({
            "term": term,
            "count_target": a,
            "count_reference": b,
            "per_10k_target": 10000 * a / big_a,
            "per_10k_reference": 10000 * b / big_b,
            measure: keyness_stat(measure, a, b, big_a, big_b),
            "log_ratio": math.log2(((a + 0.5) / big_a) / ((b + 0.5) / big_b)),
            "direction": "over" if a / big_a > b / big_b else "under",
        })  # fmt: skip
    out: list[Row] = []
    for direction in ("over", "under"):
        side = [r for r in rows if r["direction"] == direction]
        out += sorted(side, key=lambda r: (-r[measure], r["term"]))[:top]
    return out


# --- helpers -----------------------------------------------------------------------------------


def render(doc: Doc, seps: Sequence[str] = ("! ",)) -> str:
    """Text whose tokens and sentences are exactly ``doc`` (lower-case words, no stopwords)."""
    parts = []
    for i, sentence in enumerate(doc):
        parts.append(" ".join(sentence))
        parts.append(seps[i % len(seps)] if i < len(doc) - 1 else ".")
    return "".join(parts)


def articles(
    bodies: Sequence[str],
    published: Sequence[datetime | None] | None = None,
    outlets: Sequence[str | None] | None = None,
) -> pl.DataFrame:
    n = len(bodies)
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "body": list(bodies),
            "published_at": list(published or [datetime(2024, 1, 1, tzinfo=UTC)] * n),
            "outlet": list(outlets or ["x"] * n),
            "title": [f"title {i}" for i in range(n)],
        },
        schema={
            "doc_id": pl.String,
            "body": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "outlet": pl.String,
            "title": pl.String,
        },
    )


def structure(frame: pl.DataFrame) -> list[Doc]:
    """The documents → sentences → tokens that xinwen.tokenize sees, in frame order."""
    toks = xinwen.tokenize(frame.select("doc_id", "body"))
    docs: dict[str, dict[int, list[str]]] = {d: {} for d in frame["doc_id"]}
    for r in toks.iter_rows(named=True):
        docs[r["doc_id"]].setdefault(r["sent_id"], []).append(r["token"])
    return [[s[k] for k in sorted(s)] for s in docs.values()]


def assert_premise(frame: pl.DataFrame, docs: Sequence[Doc]) -> None:
    """The tokenizer gives back the structure a fixture was written from."""
    assert structure(frame) == [[s for s in d if s] for d in docs]


def cooc_frame(rows: list[Row], by: str | None = None) -> pl.DataFrame:
    schema = ({by: pl.String()} if by else {}) | COOC_SCHEMA
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def trend_frame(rows: list[Row], by: str | None, measure: str) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {"period": pl.Date()}
    if by:
        schema[by] = pl.String()
    schema |= {"term": pl.String()} | {c: pl.Int64() for c in TREND_INT} | {"value": pl.Float64()}
    if measure == "share_of_docs":
        schema |= {"lo": pl.Float64(), "hi": pl.Float64()}
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def assert_close(got: pl.DataFrame, expected: pl.DataFrame, sort: Sequence[str] = ()) -> None:
    if sort:
        got, expected = got.sort(sort), expected.sort(sort)
    assert_frame_equal(got, expected, check_exact=False, **TOLERANCE)


def assert_llr_order(got: pl.DataFrame, by: str | None = None) -> None:
    """llr descending within each group; exact ties by (term_a, term_b)."""
    parts = got.partition_by(by, maintain_order=True) if by else [got]
    for part in parts:
        rows = part.select("term_a", "term_b", "llr").rows()
        for (a1, b1, l1), (a2, b2, l2) in pairwise(rows):
            assert l1 >= l2 - 1e-9 * max(1.0, abs(l1)), (a1, b1, l1, a2, b2, l2)
            if l1 == l2:
                assert (a1, b1) < (a2, b2), (a1, b1, a2, b2)


def close(r: Row) -> Row:
    """A row whose floats compare approximately (pytest.approx refuses strings)."""
    return {k: pytest.approx(v, rel=1e-12, abs=1e-12) if isinstance(v, float) else v
            for k, v in r.items()}  # fmt: skip


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


# --- the references alone, on arithmetic done by hand ------------------------------------------

# Five English documents, sentences cut at '!' / '?' / ';' / line break:
#   e0: alpha bravo charlie ! alpha delta
#   e1: bravo alpha ! charlie delta echo
#   e2: alpha bravo
#   e3: delta echo delta
#   e4: alpha bravo echo
EN: list[Doc] = [
    [["alpha", "bravo", "charlie"], ["alpha", "delta"]],
    [["bravo", "alpha"], ["charlie", "delta", "echo"]],
    [["alpha", "bravo"]],
    [["delta", "echo", "delta"]],
    [["alpha", "bravo", "echo"]],
]
EN_OUTLETS = ["x", "x", "y", "y", "y"]

# Four Chinese documents (the last in traditional script with an alias of 普京):
#   z0: 普京 会见 习近平 。 中俄关系 发展 良好 。
#   z1: 习近平 访问 俄罗斯 。 普京 欢迎 习近平 。
#   z2: 普京 抵达 北京 。
#   z3: 蒲亭(→普京) 会见 習近平(→习近平) 。
ZH_BODIES = [
    "普京会见习近平。中俄关系发展良好。",
    "习近平访问俄罗斯。普京欢迎习近平。",
    "普京抵达北京。",
    "蒲亭会见習近平。",
]
ZH: list[Doc] = [
    [["普京", "会见", "习近平"], ["中俄关系", "发展", "良好"]],
    [["习近平", "访问", "俄罗斯"], ["普京", "欢迎", "习近平"]],
    [["普京", "抵达", "北京"]],
    [["普京", "会见", "习近平"]],
]
# Python string order of the three frequent terms: 习近平 (U+4E60) < 会见 (U+4F1A) < 普京 (U+666E).


def row(a: str, b: str, c: int, ca: int, cb: int, n: int, llr: float) -> Row:
    pmi = LN(c * n / (ca * cb))
    npmi = 1.0 if c == n else pmi / -LN(c / n)
    return dict(term_a=a, term_b=b, count=c, count_a=ca, count_b=cb, n=n, pmi=pmi, npmi=npmi,
                llr=llr)  # fmt: skip


# Sentence windows of EN (n = 7):
#   {a,b,c} {a,d} {b,a} {c,d,e} {a,b} {d,e} {a,b,e}
#   windows per term: alpha 5, bravo 4, charlie 2, delta 3, echo 3
#   pairs: (alpha,bravo) 4, (delta,echo) 2, every other pair at most 1
# (alpha,bravo): k11 = 4, k12 = 5-4 = 1, k21 = 4-4 = 0, k22 = 7-5-4+4 = 2; rows 5,2; cols 4,3
#   pmi = ln(4·7/(5·4)) = ln 1.4; npmi = ln 1.4 / −ln(4/7) = ln 1.4 / ln(7/4)
#   G² = 2[4 ln(4·7/(5·4)) + 1 ln(1·7/(5·3)) + 0 + 2 ln(2·7/(2·3))] = 2[4 ln 1.4 + ln(7/15) + 2 ln(7/3)]
#      ≈ 2[1.34589 − 0.76214 + 1.69460] ≈ 4.55669
# (delta,echo): k11 = 2, k12 = 1, k21 = 1, k22 = 7-3-3+2 = 3; rows 3,4; cols 3,4
#   pmi = ln(2·7/9) = ln(14/9); npmi = ln(14/9) / ln(7/2)
#   G² = 2[2 ln(14/9) + ln(7/12) + ln(7/12) + 3 ln(21/16)] ≈ 2[0.88367 − 1.07799 + 0.81580] ≈ 1.24295
EN_SENT_2 = [
    row("alpha", "bravo", 4, 5, 4, 7, 2 * (4 * LN(1.4) + LN(7 / 15) + 2 * LN(7 / 3))),
    row("delta", "echo", 2, 3, 3, 7, 2 * (2 * LN(14 / 9) + 2 * LN(7 / 12) + 3 * LN(21 / 16))),
]
# focus delta, min_count 1: the pairs with delta: alpha 1 ({a,d}), charlie 1 ({c,d,e}), echo 2
# (delta,alpha): k11 = 1, k12 = 3-1 = 2, k21 = 5-1 = 4, k22 = 7-3-5+1 = 0; rows 3,4; cols 5,2
#   pmi = ln(7/15); npmi = ln(7/15)/ln 7; G² = 2[ln(7/15) + 2 ln(2·7/(3·2)) + 4 ln(4·7/(4·5))]
#      = 2[ln(7/15) + 2 ln(7/3) + 4 ln 1.4] ≈ 4.55669
# (delta,charlie): k11 = 1, k12 = 2, k21 = 1, k22 = 7-3-2+1 = 3; rows 3,4; cols 2,5
#   pmi = ln(7/6); G² = 2[ln(7/6) + 2 ln(2·7/(3·5)) + ln(7/(4·2)) + 3 ln(3·7/(4·5))]
#      = 2[ln(7/6) + 2 ln(14/15) + ln(7/8) + 3 ln(21/20)] ≈ 2[0.15415 − 0.13799 − 0.13353 + 0.14637]
#      ≈ 0.05801
EN_SENT_FOCUS_DELTA = [
    row("delta", "alpha", 1, 3, 5, 7, 2 * (LN(7 / 15) + 2 * LN(7 / 3) + 4 * LN(1.4))),
    EN_SENT_2[1],
    row("delta", "charlie", 1, 3, 2, 7,
        2 * (LN(7 / 6) + 2 * LN(14 / 15) + LN(7 / 8) + 3 * LN(21 / 20))),
]  # fmt: skip
# Document windows of EN (n = 5): {a,b,c,d} {a,b,c,d,e} {a,b} {d,e} {a,b,e}
#   alpha 4, bravo 4, charlie 2, delta 3, echo 3; with min_count 3 the only pair is (alpha,bravo) 4
#   (every other pair of alpha, bravo, delta, echo has 2)
# (alpha,bravo): k11 = 4, k12 = 0, k21 = 0, k22 = 5-4-4+4 = 1; rows 4,1; cols 4,1
#   pmi = ln(4·5/16) = ln 1.25; npmi = ln 1.25 / −ln(4/5) = 1; G² = 2[4 ln(4·5/16) + 1 ln(1·5/1)]
EN_DOC_3 = [row("alpha", "bravo", 4, 4, 4, 5, 2 * (4 * LN(1.25) + LN(5)))]
# Windows of 3 tokens (n = 9):
#   e0 alpha bravo charlie alpha delta → {a,b,c} {b,c,a} {c,a,d}
#   e1 bravo alpha charlie delta echo  → {b,a,c} {a,c,d} {c,d,e}
#   e2 alpha bravo (2 < 3 tokens)      → {a,b}
#   e3 delta echo delta                → {d,e}
#   e4 alpha bravo echo                → {a,b,e}
#   alpha 7, bravo 5, charlie 6, delta 4, echo 3
#   pairs: (a,b) 5, (a,c) 5, (a,d) 2, (a,e) 1, (b,c) 3, (b,e) 1, (c,d) 3, (c,e) 1, (d,e) 2
# min_count 4 keeps alpha, bravo, charlie, delta and the pairs (a,b), (a,c):
# (alpha,bravo): k11 = 5, k12 = 2, k21 = 0, k22 = 9-7-5+5 = 2; rows 7,2; cols 5,4
#   pmi = ln(45/35) = ln(9/7); G² = 2[5 ln(9/7) + 2 ln(2·9/(7·4)) + 2 ln(2·9/(2·4))]
#      = 2[5 ln(9/7) + 2 ln(9/14) + 2 ln(9/4)] ≈ 3.98953
# (alpha,charlie): k11 = 5, k12 = 2, k21 = 1, k22 = 9-7-6+5 = 1; rows 7,2; cols 6,3
#   pmi = ln(45/42); G² = 2[5 ln(45/42) + 2 ln(18/21) + ln(9/12) + ln(9/6)] ≈ 0.30889
EN_K3_4 = [
    row("alpha", "bravo", 5, 7, 5, 9, 2 * (5 * LN(9 / 7) + 2 * LN(9 / 14) + 2 * LN(9 / 4))),
    row("alpha", "charlie", 5, 7, 6, 9,
        2 * (5 * LN(45 / 42) + 2 * LN(18 / 21) + LN(9 / 12) + LN(9 / 6))),
]  # fmt: skip
# min_count 3 adds (bravo,charlie) 3 and (charlie,delta) 3, whose G² are equal:
#   (b,c): k = 3, 2, 3, 1 with rows 5,4 and cols 6,3; (c,d): k = 3, 3, 1, 2 with rows 6,3, cols 4,5
#   both 2[3 ln(27/30) + 2 ln(18/15) + 3 ln(27/24) + ln(9/12)]
_BC = 2 * (3 * LN(27 / 30) + 2 * LN(18 / 15) + 3 * LN(27 / 24) + LN(9 / 12))
EN_K3_3 = [
    *EN_K3_4,
    row("bravo", "charlie", 3, 5, 6, 9, _BC),
    row("charlie", "delta", 3, 6, 4, 9, _BC),
]

# Sentence windows of ZH (n = 6):
#   {普京,会见,习近平} {中俄关系,发展,良好} {习近平,访问,俄罗斯} {普京,欢迎,习近平}
#   {普京,抵达,北京} {普京,会见,习近平}
#   普京 4, 习近平 4, 会见 2, every other term 1
#   pairs: (习近平,普京) 3, (习近平,会见) 2, (会见,普京) 2
# (习近平,会见): k11 = 2, k12 = 4-2 = 2, k21 = 0, k22 = 6-4-2+2 = 2; rows 4,2; cols 2,4
#   pmi = ln(2·6/(4·2)) = ln 1.5; npmi = ln 1.5 / ln 3
#   G² = 2[2 ln(2·6/(4·2)) + 2 ln(2·6/(4·4)) + 0 + 2 ln(2·6/(2·4))] = 2[4 ln 1.5 + 2 ln 0.75] ≈ 2.09300
# (会见,普京): the same table with the roles of the terms swapped → same values, after it by term_a
# (习近平,普京): k11 = 3, k12 = 1, k21 = 1, k22 = 6-4-4+3 = 1; rows 4,2; cols 4,2
#   pmi = ln(3·6/16) = ln 1.125; npmi = ln 1.125 / ln 2
#   G² = 2[3 ln(18/16) + ln(6/8) + ln(6/8) + ln(6/4)] = 2[3 ln 1.125 + 2 ln 0.75 + ln 1.5] ≈ 0.36690
_HJ = 2 * (4 * LN(1.5) + 2 * LN(0.75))
_XP = 2 * (3 * LN(1.125) + 2 * LN(0.75) + LN(1.5))
ZH_SENT_2 = [
    row("习近平", "会见", 2, 4, 2, 6, _HJ),
    row("会见", "普京", 2, 2, 4, 6, _HJ),
    row("习近平", "普京", 3, 4, 4, 6, _XP),
]
# focus 普京: term_a is always 普京
ZH_SENT_FOCUS = [row("普京", "会见", 2, 4, 2, 6, _HJ), row("普京", "习近平", 3, 4, 4, 6, _XP)]
# focus [普京, 习近平]: (习近平,会见) and (普京,会见) tie, then by term_a; the pair of the two focus
# terms keeps term_a < term_b
ZH_SENT_FOCUS2 = [
    row("习近平", "会见", 2, 4, 2, 6, _HJ),
    row("普京", "会见", 2, 4, 2, 6, _HJ),
    row("习近平", "普京", 3, 4, 4, 6, _XP),
]
# Document windows of ZH (n = 4): 普京 4, 习近平 3, 会见 2
# (习近平,会见): count 2, k = 2, 1, 0, 1; rows 3,1; cols 2,2
#   pmi = ln(2·4/6) = ln(4/3); G² = 2[2 ln(4/3) + ln(4/6) + ln(4/2)]
# (习近平,普京): count 3 = count_a, col 2 = 0: pmi = ln(3·4/12) = 0, npmi = 0, G² = 0
# (会见,普京): count 2: pmi = ln(2·4/8) = 0, npmi = 0, G² = 0; after (习近平,普京) by term_a
ZH_DOC_2 = [
    row("习近平", "会见", 2, 3, 2, 4, 2 * (2 * LN(4 / 3) + LN(4 / 6) + LN(2))),
    row("习近平", "普京", 3, 3, 4, 4, 0.0),
    row("会见", "普京", 2, 2, 4, 4, 0.0),
]


@pytest.mark.parametrize(
    ("docs", "window", "min_count", "focus", "expected"),
    [
        (EN, "sentence", 2, None, EN_SENT_2),
        (EN, "sentence", 1, "delta", EN_SENT_FOCUS_DELTA),
        (EN, "document", 3, None, EN_DOC_3),
        (EN, 3, 4, None, EN_K3_4),
        (ZH, "sentence", 2, None, ZH_SENT_2),
        (ZH, "sentence", 2, "普京", ZH_SENT_FOCUS),
        (ZH, "sentence", 2, ["普京", "习近平"], ZH_SENT_FOCUS2),
        (ZH, "document", 2, None, ZH_DOC_2),
    ],
)
def test_reference_cooccurrence_matches_hand_arithmetic(
    docs: list[Doc], window: str | int, min_count: int, focus: Any, expected: list[Row]
) -> None:
    got = ref_cooccurrence(docs, window, min_count, focus)
    assert [(r["term_a"], r["term_b"]) for r in got] == [
        (r["term_a"], r["term_b"]) for r in expected
    ]
    assert got == [close(r) for r in expected]


def test_reference_numbers_by_hand() -> None:
    # rounded values of the arithmetic in the comments above, to catch a slip in a formula
    assert EN_SENT_2[0]["llr"] == pytest.approx(4.55669, abs=1e-5)
    assert EN_SENT_2[1]["llr"] == pytest.approx(1.24295, abs=1e-5)
    assert EN_SENT_FOCUS_DELTA[2]["llr"] == pytest.approx(0.05801, abs=1e-5)
    assert EN_K3_4[0]["llr"] == pytest.approx(3.98953, abs=1e-5)
    assert EN_K3_4[1]["llr"] == pytest.approx(0.30889, abs=1e-5)
    assert _HJ == pytest.approx(2.09300, abs=1e-5)
    assert _XP == pytest.approx(0.36690, abs=1e-5)
    assert EN_DOC_3[0]["npmi"] == pytest.approx(1.0, rel=1e-12)
    # the Wilson interval of 1 success in 2 trials is the textbook [0.0945, 0.9055]
    lo, hi = wilson(1, 2)
    assert lo == pytest.approx(0.0945, abs=1e-4)
    assert hi == pytest.approx(0.9055, abs=1e-4)
    assert centred_mean([None, None, 2500.0], 3) == [None, None, 2500.0]
    assert centred_mean([1.0, None, 2.0, 6.0], 3) == [1.0, None, 4.0, 4.0]


# --- fixtures as article frames ----------------------------------------------------------------


@pytest.fixture(scope="module")
def en() -> pl.DataFrame:
    frame = articles([render(d, SEPARATORS) for d in EN], outlets=EN_OUTLETS)
    assert_premise(frame, EN)
    return frame


@pytest.fixture(scope="module")
def zh() -> pl.DataFrame:
    frame = articles(ZH_BODIES)
    assert_premise(frame, ZH)
    return frame


def test_vocabulary_is_not_stopwords() -> None:
    stop = set(xinwen.default_stopwords())
    assert not stop & set(VOCAB)
    frame = articles([" ".join(VOCAB), render([list(VOCAB[:3]), list(VOCAB[3:])], SEPARATORS)])
    assert_premise(frame, [[list(VOCAB)], [list(VOCAB[:3]), list(VOCAB[3:])]])


# --- cooccurrence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "window", "min_count", "focus", "expected"),
    [
        ("en", "sentence", 2, None, EN_SENT_2),
        ("en", "sentence", 1, "delta", EN_SENT_FOCUS_DELTA),
        ("en", "sentence", 1, ["delta"], EN_SENT_FOCUS_DELTA),
        ("en", "document", 3, None, EN_DOC_3),
        ("en", 3, 4, None, EN_K3_4),
        ("zh", "sentence", 2, None, ZH_SENT_2),
        ("zh", "sentence", 2, "普京", ZH_SENT_FOCUS),
        ("zh", "sentence", 2, ["普京", "习近平"], ZH_SENT_FOCUS2),
        ("zh", "document", 2, None, ZH_DOC_2),
    ],
)
def test_cooccurrence_hand_fixtures(
    request: pytest.FixtureRequest,
    fixture: str,
    window: str | int,
    min_count: int,
    focus: Any,
    expected: list[Row],
) -> None:
    frame: pl.DataFrame = request.getfixturevalue(fixture)
    got = xinwen.cooccurrence(frame, window=window, min_count=min_count, focus=focus)
    assert_close(got, cooc_frame(expected))


def test_cooccurrence_tied_llr_as_a_set(en: pl.DataFrame) -> None:
    # (bravo,charlie) and (charlie,delta) have the same G² only up to rounding: compare as a set
    got = xinwen.cooccurrence(en, window=3, min_count=3)
    assert_close(got, cooc_frame(EN_K3_3), sort=["term_a", "term_b"])
    assert_llr_order(got)


def test_cooccurrence_count_equal_to_n_gives_npmi_one() -> None:
    # two documents "alpha bravo": n = 2, count = count_a = count_b = 2
    #   pmi = ln(2·2/4) = 0, npmi = 1 by definition, G² = 2[2 ln(2·2/(2·2))] = 0
    frame = articles(["alpha bravo", "bravo alpha"])
    got = xinwen.cooccurrence(frame, window="document", min_count=1)
    assert_close(got, cooc_frame([dict(term_a="alpha", term_b="bravo", count=2, count_a=2,
                                       count_b=2, n=2, pmi=0.0, npmi=1.0, llr=0.0)]))  # fmt: skip


def test_cooccurrence_by_and_top(en: pl.DataFrame) -> None:
    # outlet x: e0 {a,b,c,d}, e1 {a,b,c,d,e}: n = 2; alpha..delta in both, echo in one.
    #   Every pair of alpha..delta has count 2 = n: pmi = ln(2·2/4) = 0, npmi = 1, G² = 0,
    #   so the six pairs follow term order.
    # outlet y: e2 {a,b}, e3 {d,e}, e4 {a,b,e}: n = 3; alpha 2, bravo 2, echo 2, delta 1
    #   (alpha,bravo) 2: k = 2, 0, 0, 1; rows 2,1; cols 2,1; pmi = ln(2·3/4) = ln 1.5,
    #   npmi = ln 1.5 / ln 1.5 = 1, G² = 2[2 ln 1.5 + ln 3]; (a,e), (b,e) have 1, (d,e) 1.
    x = ["alpha", "bravo", "charlie", "delta"]
    x_rows = [
        {"outlet": "x"} | row(a, b, 2, 2, 2, 2, 0.0) for i, a in enumerate(x) for b in x[i + 1 :]
    ]
    y_rows = [{"outlet": "y"} | row("alpha", "bravo", 2, 2, 2, 3, 2 * (2 * LN(1.5) + LN(3)))]
    got = xinwen.cooccurrence(en, window="document", min_count=2, by="outlet")
    assert got.columns[0] == "outlet"
    assert_close(got, cooc_frame(x_rows + y_rows, by="outlet"), sort=["outlet"])  # stable sort
    top = xinwen.cooccurrence(en, window="document", min_count=2, by="outlet", top=2)
    assert_close(top, cooc_frame(x_rows[:2] + y_rows, by="outlet"), sort=["outlet"])
    top1 = xinwen.cooccurrence(en, window="sentence", min_count=2, top=1)
    assert_close(top1, cooc_frame(EN_SENT_2[:1]))


def test_cooccurrence_empty_result_keeps_schema(en: pl.DataFrame) -> None:
    got = xinwen.cooccurrence(en, window="sentence", min_count=2, focus="zulu")
    assert got.height == 0
    assert dict(got.schema) == COOC_SCHEMA


def test_cooccurrence_skips_empty_documents_and_sentences() -> None:
    # "the of and" has no token left: no window. n = 2 with two documents "alpha bravo".
    frame = articles(["alpha bravo", "the of and", "", "alpha bravo"])
    for window in ("sentence", "document", 3):
        got = xinwen.cooccurrence(frame, window=window, min_count=1)
        assert got["n"].to_list() == [2], window


# --- term_trend --------------------------------------------------------------------------------

# t0  alpha bravo alpha          2024-01-10 12:00 UTC  outlet x  → January
# t1  bravo charlie              2024-01-31 17:00 UTC  outlet x  → 2024-02-01 01:00 in Shanghai: February
# t2  alpha delta echo delta     2024-03-05 12:00 UTC  outlet y  → March
# t3  charlie                    2024-03-20 12:00 UTC  outlet x  → March
# t4  charlie charlie            undated               outlet y  → ignored (else charlie would top)
TREND_DOCS = [
    TDoc(["alpha", "bravo", "alpha"], at("2024-01-10"), "x"),
    TDoc(["bravo", "charlie"], at("2024-01-31", 17), "x"),
    TDoc(["alpha", "delta", "echo", "delta"], at("2024-03-05"), "y"),
    TDoc(["charlie"], at("2024-03-20"), "x"),
    TDoc(["charlie", "charlie"], None, "y"),
]
JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


@pytest.fixture(scope="module")
def trend() -> pl.DataFrame:
    frame = articles(
        [" ".join(d.tokens) for d in TREND_DOCS],
        [d.published_at for d in TREND_DOCS],
        [d.group for d in TREND_DOCS],
    )
    assert_premise(frame, [[d.tokens] for d in TREND_DOCS])
    return frame


def trow(p: date, term: str, count: int, docs: int, tt: int, td: int, value: float | None) -> Row:
    return dict(period=p, term=term, count=count, docs=docs, total_tokens=tt, total_docs=td,
                value=value)  # fmt: skip


# Totals per month: January t0 (3 tokens, 1 doc), February t1 (2, 1), March t2 + t3 (5, 2).
# alpha: January 2 in 1 doc, February 0, March 1 in 1 doc; bravo: 1/1, 1/1, 0/0.
TREND_COUNTS = {
    "alpha": [(JAN, 2, 1, 3, 1), (FEB, 0, 0, 2, 1), (MAR, 1, 1, 5, 2)],
    "bravo": [(JAN, 1, 1, 3, 1), (FEB, 1, 1, 2, 1), (MAR, 0, 0, 5, 2)],
}


@pytest.mark.parametrize(
    ("measure", "values"),
    [
        ("count", {"alpha": [2.0, 0.0, 1.0], "bravo": [1.0, 1.0, 0.0]}),
        ("docs", {"alpha": [1.0, 0.0, 1.0], "bravo": [1.0, 1.0, 0.0]}),
        ("share_of_docs", {"alpha": [1 / 1, 0 / 1, 1 / 2], "bravo": [1 / 1, 1 / 1, 0 / 2]}),
        # 10000 · count / total_tokens
        ("per_10k_tokens", {"alpha": [20000 / 3, 0.0, 2000.0], "bravo": [10000 / 3, 5000.0, 0.0]}),
    ],
)
def test_term_trend_measures(
    trend: pl.DataFrame, measure: str, values: dict[str, list[float]]
) -> None:
    rows = []
    for term, cells in TREND_COUNTS.items():
        for (p, c, d, tt, td), v in zip(cells, values[term], strict=True):
            r = trow(p, term, c, d, tt, td, v)
            if measure == "share_of_docs":
                r["lo"], r["hi"] = wilson(d, td)
            rows.append(r)
    expected = trend_frame(rows, None, measure)
    assert expected.to_dicts() == ref_term_trend(TREND_DOCS, ["alpha", "bravo"], measure=measure)
    got = xinwen.term_trend(trend, ["alpha", "bravo"], every="1mo", measure=measure)
    assert_close(got, expected)


def test_term_trend_wilson_by_hand(trend: pl.DataFrame) -> None:
    # alpha in March: 1 of 2 documents → p = 0.5, Wilson [0.0945, 0.9055];
    # bravo in January: 1 of 1: denom = 1 + z², center = (1 + z²/2)/denom,
    #   half = z·sqrt(z²/4)/denom = (z²/2)/denom → hi = 1, lo = 1/(1 + z²) ≈ 0.20654
    got = xinwen.term_trend(trend, ["alpha", "bravo"], measure="share_of_docs")
    alpha_mar = got.filter(pl.col("term") == "alpha", pl.col("period") == MAR).row(0, named=True)
    assert alpha_mar["lo"] == pytest.approx(0.0945, abs=1e-4)
    assert alpha_mar["hi"] == pytest.approx(0.9055, abs=1e-4)
    bravo_jan = got.filter(pl.col("term") == "bravo", pl.col("period") == JAN).row(0, named=True)
    assert bravo_jan["lo"] == pytest.approx(1 / (1 + Z * Z), rel=1e-12)
    assert bravo_jan["hi"] == pytest.approx(1.0, rel=1e-12)


def test_term_trend_by_outlet_with_an_empty_period(trend: pl.DataFrame) -> None:
    # outlet x: January t0, February t1, March t3 ("charlie": 1 token);
    # outlet y: nothing in January or February (null, not 0), March t2 (4 tokens).
    # per_10k alpha: x 20000/3, 0, 0; y null, null, 10000·1/4 = 2500
    rows = [
        {"outlet": "x"} | trow(JAN, "alpha", 2, 1, 3, 1, 20000 / 3),
        {"outlet": "x"} | trow(FEB, "alpha", 0, 0, 2, 1, 0.0),
        {"outlet": "x"} | trow(MAR, "alpha", 0, 0, 1, 1, 0.0),
        {"outlet": "y"} | trow(JAN, "alpha", 0, 0, 0, 0, None),
        {"outlet": "y"} | trow(FEB, "alpha", 0, 0, 0, 0, None),
        {"outlet": "y"} | trow(MAR, "alpha", 1, 1, 4, 1, 2500.0),
    ]
    expected = trend_frame(rows, "outlet", "per_10k_tokens")
    assert expected.to_dicts() == ref_term_trend(TREND_DOCS, ["alpha"], by="outlet")
    got = xinwen.term_trend(trend, "alpha", by="outlet")
    assert_close(got, expected)
    share = xinwen.term_trend(trend, ["alpha"], by="outlet", measure="share_of_docs")
    y = share.filter(pl.col("outlet") == "y")
    assert y["value"].to_list()[:2] == [None, None]
    assert y["lo"].to_list()[:2] == [None, None] and y["hi"].to_list()[:2] == [None, None]


def test_term_trend_groups(trend: pl.DataFrame) -> None:
    # ab = alpha + bravo: January 2 + 1 = 3 in 1 doc; February 1 in 1; March 1 (t2) in 1 of 2
    # cd = charlie + delta: January 0; February 1 (t1); March t2 delta 2 + t3 charlie 1 = 3 in 2
    groups = {"ab": ["alpha", "bravo"], "cd": ["charlie", "delta"]}
    rows = [
        trow(JAN, "ab", 3, 1, 3, 1, 3.0),
        trow(FEB, "ab", 1, 1, 2, 1, 1.0),
        trow(MAR, "ab", 1, 1, 5, 2, 1.0),
        trow(JAN, "cd", 0, 0, 3, 1, 0.0),
        trow(FEB, "cd", 1, 1, 2, 1, 1.0),
        trow(MAR, "cd", 3, 2, 5, 2, 3.0),
    ]
    expected = trend_frame(rows, None, "count")
    assert expected.to_dicts() == ref_term_trend(TREND_DOCS, groups, measure="count")
    assert_close(xinwen.term_trend(trend, groups, measure="count"), expected)
    docs = xinwen.term_trend(trend, groups, measure="docs")
    assert docs["value"].to_list() == [1.0, 1.0, 1.0, 0.0, 1.0, 2.0]


def test_term_trend_top_terms_ignore_undated(trend: pl.DataFrame) -> None:
    # dated totals: alpha 3, bravo 2, charlie 2, delta 2, echo 1 → top 2 = alpha, bravo (the tie
    # at 2 goes to the first term); counting the undated t4 would put charlie (4) first.
    got = xinwen.term_trend(trend, top=2, measure="count")
    assert got["term"].unique(maintain_order=True).to_list() == ["alpha", "bravo"]
    assert_close(
        got, trend_frame(ref_term_trend(TREND_DOCS, top=2, measure="count"), None, "count")
    )


def test_term_trend_smooth(trend: pl.DataFrame) -> None:
    # per_10k alpha 20000/3, 0, 2000 → centred means over 3: (20000/3 + 0)/2 = 10000/3,
    #   (20000/3 + 0 + 2000)/3 = 26000/9, (0 + 2000)/2 = 1000
    got = xinwen.term_trend(trend, "alpha", smooth=3)
    assert got["value"].to_list() == pytest.approx([10000 / 3, 26000 / 9, 1000.0], rel=1e-12)
    # outlet y: null, null, 2500 → the periods without articles stay null (no invented value),
    # 2500
    by = xinwen.term_trend(trend, "alpha", by="outlet", smooth=3).filter(pl.col("outlet") == "y")
    assert by["value"].to_list() == [None, None, 2500.0]
    # smooth=1 changes nothing
    assert_close(xinwen.term_trend(trend, "alpha", smooth=1), xinwen.term_trend(trend, "alpha"))
    share = xinwen.term_trend(trend, "alpha", measure="share_of_docs", smooth=3)
    expected = ref_term_trend(TREND_DOCS, "alpha", measure="share_of_docs", smooth=3)
    assert_close(share, trend_frame(expected, None, "share_of_docs"))


def test_term_trend_days_and_tokenless_documents() -> None:
    # 2024-01-10 12:00 UTC → Jan 10 (20:00 in Shanghai); 2024-01-10 17:00 UTC → Jan 11 01:00;
    # "the of and" (stopwords only) on Jan 13: a document with 0 tokens → per_10k null, count 0.
    # Jan 12 has no document at all: every value null.
    docs = [
        TDoc(["alpha", "bravo"], at("2024-01-10"), "x"),
        TDoc(["alpha"], at("2024-01-10", 17), "x"),
        TDoc([], at("2024-01-13"), "x"),
    ]
    frame = articles(["alpha bravo", "alpha", "the of and"], [d.published_at for d in docs])
    d10, d11, d12, d13 = (date(2024, 1, day) for day in (10, 11, 12, 13))
    per10k = [
        trow(d10, "alpha", 1, 1, 2, 1, 5000.0),
        trow(d11, "alpha", 1, 1, 1, 1, 10000.0),
        trow(d12, "alpha", 0, 0, 0, 0, None),
        trow(d13, "alpha", 0, 0, 0, 1, None),
    ]
    expected = trend_frame(per10k, None, "per_10k_tokens")
    assert expected.to_dicts() == ref_term_trend(docs, ["alpha"], every="1d")
    assert_close(xinwen.term_trend(frame, ["alpha"], every="1d"), expected)
    count = xinwen.term_trend(frame, ["alpha"], every="1d", measure="count")
    assert count["value"].to_list() == [1.0, 1.0, None, 0.0]
    # in UTC both of the first two fall on Jan 10
    utc = xinwen.term_trend(frame, ["alpha"], every="1d", measure="count", tz="UTC")
    assert utc["period"].to_list() == [d10, d11, d12, d13]
    assert utc["value"].to_list() == [2.0, None, None, 0.0]


# --- keyness -----------------------------------------------------------------------------------

# target (outlet x): "alpha alpha bravo charlie", "alpha delta"               → A = 6
# reference (y): "bravo bravo charlie delta", "echo delta alpha echo delta"   → B = 9, N = 15
# a/b: alpha 3/1, bravo 1/2, charlie 1/1, delta 1/3, echo 0/2
# E1 = A(a+b)/N, E2 = B(a+b)/N; llr = 2(a ln(a/E1) + b ln(b/E2));
# chi2 = N (a(B-b) - b(A-a))² / ((a+b)(N-a-b) A B)
#   alpha: E 1.6, 2.4; llr = 2(3 ln(3/1.6) + ln(1/2.4)) ≈ 2.02071;
#          chi2 = 15·(3·8 - 1·3)²/(4·11·6·9) = 6615/2376; log2((3.5/6)/(1.5/9)) = log2 3.5; over
#   bravo: E 1.2, 1.8; llr = 2(ln(1/1.2) + 2 ln(2/1.8)) ≈ 0.05680;
#          chi2 = 15·(7 - 10)²/(3·12·54) = 135/1944; log2((1.5/6)/(2.5/9)) = log2 0.9; under (1/6 < 2/9)
#   charlie: E 0.8, 1.2; llr = 2(ln 1.25 + ln(1/1.2)) ≈ 0.08164;
#          chi2 = 15·(8 - 5)²/(2·13·54) = 135/1404; log2 1.5; over (1/6 > 1/9)
#   delta: E 1.6, 2.4; llr = 2(ln(1/1.6) + 3 ln(3/2.4)) ≈ 0.39885;
#          chi2 = 15·(6 - 15)²/(4·11·54) = 1215/2376; log2((1.5/6)/(3.5/9)) = log2(9/14); under
#   echo: E 0.8, 1.2; llr = 2(0 + 2 ln(2/1.2)) = 4 ln(5/3) ≈ 2.04330;
#          chi2 = 15·(0 - 2·6)²/(2·13·54) = 2160/1404; log2((0.5/6)/(2.5/9)) = log2 0.3; under
KEY_BODIES = [
    "alpha alpha bravo charlie",
    "alpha delta",
    "bravo bravo charlie delta",
    "echo delta alpha echo delta",
    "alpha alpha alpha alpha",
]
KEY_OUTLETS = ["x", "x", "y", "y", "z"]
KEY_TABLE = {  # term: a, b, llr, chi2, log_ratio, direction
    "alpha": (3, 1, 2 * (3 * LN(3 / 1.6) + LN(1 / 2.4)), 6615 / 2376, math.log2(3.5), "over"),
    "charlie": (1, 1, 2 * (LN(1.25) + LN(1 / 1.2)), 135 / 1404, math.log2(1.5), "over"),
    "echo": (0, 2, 4 * LN(5 / 3), 2160 / 1404, math.log2(0.3), "under"),
    "delta": (1, 3, 2 * (LN(1 / 1.6) + 3 * LN(3 / 2.4)), 1215 / 2376, math.log2(9 / 14), "under"),
    "bravo": (1, 2, 2 * (LN(1 / 1.2) + 2 * LN(2 / 1.8)), 135 / 1944, math.log2(0.9), "under"),
}


def key_frame(rows: list[Row], measure: str) -> pl.DataFrame:
    schema = {
        "term": pl.String(),
        "count_target": pl.Int64(),
        "count_reference": pl.Int64(),
        "per_10k_target": pl.Float64(),
        "per_10k_reference": pl.Float64(),
        measure: pl.Float64(),
        "log_ratio": pl.Float64(),
        "direction": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


@pytest.mark.parametrize("measure", ["llr", "chi2"])
def test_keyness_by_hand(measure: str) -> None:
    frame = articles(KEY_BODIES, outlets=KEY_OUTLETS)
    assert_premise(frame, [[b.split()] for b in KEY_BODIES])
    rows = [
        {
            "term": term,
            "count_target": a,
            "count_reference": b,
            "per_10k_target": 10000 * a / 6,
            "per_10k_reference": 10000 * b / 9,
            measure: llr if measure == "llr" else chi2,
            "log_ratio": lr,
            "direction": direction,
        }
        for term, (a, b, llr, chi2, lr, direction) in KEY_TABLE.items()
    ]  # over: alpha, charlie; under: echo, delta, bravo (both statistics order them alike)
    assert KEY_TABLE["alpha"][2] == pytest.approx(2.02071, abs=1e-5)
    assert KEY_TABLE["delta"][2] == pytest.approx(0.39885, abs=1e-5)
    docs = [b.split() for b in KEY_BODIES]
    ref = ref_keyness(docs[:2], docs[2:4], measure)
    assert ref == [close(r) for r in rows]
    target, reference = pl.col("outlet") == "x", pl.col("outlet") == "y"
    got = xinwen.keyness(frame, target, reference=reference, measure=measure)
    assert_close(got, key_frame(rows, measure))
    top1 = xinwen.keyness(frame, target, reference=reference, measure=measure, top=1)
    assert top1["term"].to_list() == ["alpha", "echo"]
    # the default reference is everything else, z included
    default = xinwen.keyness(frame, target, measure=measure)
    assert_close(default, key_frame(ref_keyness(docs[:2], docs[2:], measure), measure))


# --- kwic --------------------------------------------------------------------------------------

# "昨天普京访问北京，蒲亭是普京的另一种写法。Putin arrived."
#  昨0 天1 普2 京3 访4 问5 北6 京7 ，8 蒲9 亭10 是11 普12 京13 的14 … 。20 P21 u t i n25 ␠26 a27
KWIC_BODIES = [
    "昨天普京访问北京，蒲亭是普京的另一种写法。Putin arrived.",
    "没有匹配。",
    "普丁说话。",
]


def test_kwic_literal_and_normalized() -> None:
    frame = articles(KWIC_BODIES)
    got = xinwen.kwic(frame, "普京", window=2)
    assert got.columns[:5] == ["doc_id", "left", "match", "right", "start"]
    assert {"published_at", "outlet", "title"} <= set(got.columns)
    assert got.select("doc_id", "left", "match", "right", "start").rows() == [
        ("d0", "昨天", "普京", "访问", 2),
        ("d0", "亭是", "普京", "的另", 12),
    ]
    norm = xinwen.kwic(frame, "普京", window=2, normalize=True)
    assert norm.select("doc_id", "left", "match", "right", "start").rows() == [
        ("d0", "昨天", "普京", "访问", 2),
        ("d0", "京，", "蒲亭", "是普", 9),
        ("d0", "亭是", "普京", "的另", 12),
        ("d0", "法。", "Putin", " a", 21),
        ("d2", "", "普丁", "说话", 0),
    ]
    wide = xinwen.kwic(frame.select("doc_id", "body"), "Putin", window=100)
    assert wide.columns == ["doc_id", "left", "match", "right", "start"]
    assert wide.rows() == [("d0", KWIC_BODIES[0][:21], "Putin", " arrived.", 21)]


def test_kwic_regex_and_non_overlapping() -> None:
    frame = articles(["aaaa 普京 普通", "none"])
    rx = xinwen.kwic(frame, r"普.", window=1, regex=True)
    assert rx.select("match", "start").rows() == [("普京", 5), ("普通", 8)]
    lit = xinwen.kwic(frame, "aa", window=1)
    assert lit.select("left", "match", "right", "start").rows() == [
        ("", "aa", "a", 0),
        ("a", "aa", " ", 2),
    ]


def test_kwic_normalize_prefers_the_longest_form_and_finds_traditional_script() -> None:
    # "Vladimir Putin" (at 0) starts before the "Putin" inside it (at 9), so it is the match; the
    # lone "Putin" at 27 is the second. 習近平 is the traditional form of 习近平.
    frame = articles(["Vladimir Putin met 習近平 and Putin.", "普京普京普"])
    got = xinwen.kwic(frame, "普京", window=3, normalize=True)
    assert got.select("doc_id", "left", "match", "right", "start").rows() == [
        ("d0", "", "Vladimir Putin", " me", 0),
        ("d0", "nd ", "Putin", ".", 27),
        ("d1", "", "普京", "普京普", 0),
        ("d1", "普京", "普京", "普", 2),
    ]
    xi = xinwen.kwic(frame, "习近平", window=3, normalize=True)
    assert xi.select("doc_id", "left", "match", "right", "start").rows() == [
        ("d0", "et ", "習近平", " an", 19)
    ]
    assert xinwen.kwic(frame, "习近平", window=3).height == 0


def ref_kwic(bodies: Sequence[str], pattern: str, window: int) -> list[tuple[str, str, str, int]]:
    """Non-overlapping literal matches, left to right: (doc_id, left, right, start)."""
    out = []
    for i, body in enumerate(bodies):
        start = body.find(pattern)
        while start >= 0:
            end = start + len(pattern)
            out.append(
                (f"d{i}", body[max(0, start - window) : start], body[end : end + window], start)
            )
            start = body.find(pattern, end)
    return out


@PROPERTY
@given(
    bodies=st.lists(st.text(alphabet="ab 普京。", max_size=30), min_size=1, max_size=5),
    pattern=st.sampled_from(["a", "aa", "aba", "普京", "京普", "a 普"]),
    window=st.integers(0, 6),
)
def test_kwic_matches_reference(bodies: list[str], pattern: str, window: int) -> None:
    got = xinwen.kwic(articles(bodies), pattern, window=window)
    assert got.select("doc_id", "left", "right", "start").rows() == ref_kwic(
        bodies, pattern, window
    )
    assert set(got["match"]) <= {pattern}


# --- doc_term_matrix and to_networkx -----------------------------------------------------------

# m0 alpha alpha bravo | m1 bravo charlie | m2 alpha charlie delta | m3 alpha echo   (4 documents)
# document frequencies: alpha 3, bravo 2, charlie 2, delta 1, echo 1
DTM_BODIES = ["alpha bravo alpha", "bravo charlie", "alpha charlie delta", "alpha echo"]
COUNTS = [Counter(b.split()) for b in DTM_BODIES]


@pytest.mark.parametrize(
    ("min_df", "max_df", "vocab"),
    [
        (2, 0.9, ["alpha", "bravo", "charlie"]),  # df ≥ 2 and df ≤ 0.9·4 = 3.6
        (1, 2, ["bravo", "charlie", "delta", "echo"]),  # df ≤ 2 documents
        (0.5, 0.7, ["bravo", "charlie"]),  # df ≥ 0.5·4 = 2, df ≤ 0.7·4 = 2.8
        (0.75, 1.0, ["alpha"]),  # df ≥ 3
        (1, 1.0, ["alpha", "bravo", "charlie", "delta", "echo"]),
    ],
)
def test_doc_term_matrix(min_df: float, max_df: float, vocab: list[str]) -> None:
    sparse = pytest.importorskip("scipy.sparse")
    frame = articles(DTM_BODIES)
    matrix, got_vocab, doc_ids = xinwen.doc_term_matrix(frame, min_df=min_df, max_df=max_df)
    assert sparse.issparse(matrix) and matrix.format == "csr"
    assert got_vocab == vocab
    assert doc_ids == ["d0", "d1", "d2", "d3"]
    assert matrix.shape == (4, len(vocab))
    assert matrix.toarray().tolist() == [[c[t] for t in vocab] for c in COUNTS]


@pytest.mark.skipif(importlib.util.find_spec("networkx") is None, reason="networkx is absent")
def test_to_networkx(en: pl.DataFrame) -> None:
    cooc = xinwen.cooccurrence(en, window="sentence", min_count=2)
    graph = xinwen.to_networkx(cooc)
    assert set(graph.nodes) == {"alpha", "bravo", "delta", "echo"}
    assert {frozenset(e) for e in graph.edges} == {
        frozenset(("alpha", "bravo")),
        frozenset(("delta", "echo")),
    }
    edge = graph.edges["alpha", "bravo"]
    expected = EN_SENT_2[0]
    for col in ("count", "count_a", "count_b", "n", "pmi", "npmi", "llr"):
        assert edge[col] == pytest.approx(expected[col], rel=1e-12), col
    assert edge["weight"] == pytest.approx(expected["npmi"], rel=1e-12)
    by_llr = xinwen.to_networkx(cooc, weight="llr")
    assert by_llr.edges["delta", "echo"]["weight"] == pytest.approx(EN_SENT_2[1]["llr"], rel=1e-12)
    # Path algorithms read lengths: the distance is short where the link is strong.
    assert edge["distance"] == pytest.approx(1 - expected["npmi"], rel=1e-12)
    assert by_llr.edges["delta", "echo"]["distance"] == pytest.approx(1 / EN_SENT_2[1]["llr"])


@pytest.mark.skipif(importlib.util.find_spec("networkx") is None, reason="networkx is absent")
def test_to_networkx_shortest_paths_follow_the_strongest_links() -> None:
    import networkx as nx

    # a-b always together, b-c always together, a-c only once among many: the strong route
    # from a to c runs through b.
    bodies = ["alpha bravo."] * 6 + ["bravo charlie."] * 6 + ["alpha charlie."] + [
        "alpha delta.", "charlie echo.", "delta echo.", "alpha echo.", "charlie delta."
    ] + ["foxtrot golf."] * 30  # fmt: skip
    arts = pl.DataFrame({"doc_id": list(range(len(bodies))), "body": bodies})
    graph = xinwen.to_networkx(xinwen.cooccurrence(arts, min_count=1))
    assert nx.shortest_path(graph, "alpha", "charlie", weight="distance") == [
        "alpha", "bravo", "charlie"
    ]  # fmt: skip
    assert graph["alpha"]["bravo"]["distance"] < graph["alpha"]["charlie"]["distance"]


# --- errors ------------------------------------------------------------------------------------


def raises_listing(*allowed: str) -> Callable[[pytest.ExceptionInfo[BaseException]], None]:
    def check(info: pytest.ExceptionInfo[BaseException]) -> None:
        assert isinstance(info.value, xinwen.InvalidOptionError)
        assert isinstance(info.value, ValueError)
        for a in allowed:
            assert a in str(info.value), (a, str(info.value))

    return check


def test_invalid_options(trend: pl.DataFrame, en: pl.DataFrame) -> None:
    cases: list[tuple[Callable[[], object], tuple[str, ...]]] = [
        (lambda: xinwen.term_trend(trend, "alpha", measure="bogus"), MEASURES),
        (lambda: xinwen.term_trend(trend, "alpha", every="1x"), ("d", "w", "mo", "q", "y")),
        (lambda: xinwen.term_trend(trend, "alpha", every="monthly"), ("mo", "q")),
        (lambda: xinwen.cooccurrence(en, window="paragraph"), ("sentence", "document")),
        (lambda: xinwen.keyness(en, pl.col("outlet") == "x", measure="bogus"), ("llr", "chi2")),
    ]
    for call, allowed in cases:
        with pytest.raises(xinwen.InvalidOptionError) as info:
            call()
        raises_listing(*allowed)(info)


def test_invalid_window_size_and_missing_columns(trend: pl.DataFrame, en: pl.DataFrame) -> None:
    with pytest.raises(ValueError):
        xinwen.cooccurrence(en, window=1)
    with pytest.raises(xinwen.InvalidOptionError):
        xinwen.term_trend(trend.drop("published_at"), "alpha")
    with pytest.raises(xinwen.InvalidOptionError):
        xinwen.term_trend(trend, "alpha", by="nowhere")
    with pytest.raises(xinwen.InvalidOptionError):
        xinwen.cooccurrence(en, by="nowhere")


# --- properties: random corpora against the references -----------------------------------------


class Corpus(NamedTuple):
    docs: list[Doc]
    seps: list[list[str]]
    published: list[datetime]
    outlets: list[str]

    def frame(self) -> pl.DataFrame:
        bodies = [render(d, s) for d, s in zip(self.docs, self.seps, strict=True)]
        return articles(bodies, self.published, self.outlets)

    def tdocs(self) -> list[TDoc]:
        return [
            TDoc([t for s in d for t in s], p, o)
            for d, p, o in zip(self.docs, self.published, self.outlets, strict=True)
        ]


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    n = draw(st.integers(1, 8))
    word = st.sampled_from(VOCAB)
    sentence = st.lists(word, min_size=1, max_size=8)
    docs = [draw(st.lists(sentence, min_size=1, max_size=4)) for _ in range(n)]
    seps = [draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3)) for _ in range(n)]
    moment = st.datetimes(datetime(2024, 1, 1), datetime(2024, 12, 31, 23, 59, 59),
                          timezones=st.just(UTC))  # fmt: skip
    published = [draw(moment) for _ in range(n)]
    labels = OUTLETS[: draw(st.integers(2, 3))]
    outlets = [draw(st.sampled_from(labels)) for _ in range(n)]
    return Corpus(docs, seps, published, outlets)


@PROPERTY
@given(
    corpus=corpora(),
    window=st.sampled_from(["sentence", "document", 2, 3, 5]),
    min_count=st.integers(1, 3),
    focus=st.none() | st.sampled_from(VOCAB) | st.lists(st.sampled_from(VOCAB), min_size=1,
                                                         max_size=2, unique=True),
    by=st.sampled_from([None, "outlet"]),
)  # fmt: skip
def test_cooccurrence_matches_reference(
    corpus: Corpus, window: str | int, min_count: int, focus: Any, by: str | None
) -> None:
    frame = corpus.frame()
    assert_premise(frame, corpus.docs)
    got = xinwen.cooccurrence(frame, window=window, min_count=min_count, focus=focus, by=by)
    if by is None:
        rows = ref_cooccurrence(corpus.docs, window, min_count, focus)
    else:
        rows = [
            {by: g} | r
            for g in sorted(set(corpus.outlets))
            for r in ref_cooccurrence(
                [d for d, o in zip(corpus.docs, corpus.outlets, strict=True) if o == g],
                window,
                min_count,
                focus,
            )
        ]
    keys = ([by] if by else []) + ["term_a", "term_b"]
    assert_close(got, cooc_frame(rows, by), sort=keys)
    assert_llr_order(got, by)


@PROPERTY
@given(
    corpus=corpora(),
    every=st.sampled_from(["1mo", "1d", "1w", "1q"]),
    measure=st.sampled_from(MEASURES),
    by=st.sampled_from([None, "outlet"]),
    terms=st.none()
    | st.lists(st.sampled_from([*VOCAB, "zulu"]), min_size=1, max_size=4, unique=True)
    | st.just({"ab": ["alpha", "bravo"], "gh": ["golf", "hotel", "zulu"]}),
    smooth=st.sampled_from([None, None, 1, 3]),
)
def test_term_trend_matches_reference(
    corpus: Corpus,
    every: str,
    measure: str,
    by: str | None,
    terms: Any,
    smooth: int | None,
) -> None:
    frame = corpus.frame()
    assert_premise(frame, corpus.docs)
    got = xinwen.term_trend(
        frame, terms, every=every, by=by, measure=measure, top=3, smooth=smooth
    )  # fmt: skip
    rows = ref_term_trend(
        corpus.tdocs(), terms, every=every, by=by, measure=measure, top=3, smooth=smooth
    )  # fmt: skip
    expected = trend_frame(rows, by, measure)
    if terms is None:
        # top terms come by rank; the same terms whatever the row order
        assert set(got["term"]) == set(expected["term"])
    keys = ([by] if by else []) + ["term", "period"]
    assert_close(got, expected, sort=keys)
    # periods ascend within each (group, term)
    for part in got.partition_by([*([by] if by else []), "term"], maintain_order=True):
        assert part["period"].is_sorted()


@PROPERTY
@given(corpus=corpora(), measure=st.sampled_from(["llr", "chi2"]))
def test_keyness_matches_reference(corpus: Corpus, measure: str) -> None:
    outlets = sorted(set(corpus.outlets))
    first = outlets[0]
    tdocs = corpus.tdocs()
    target = [d.tokens for d in tdocs if d.group == first]
    reference = [d.tokens for d in tdocs if d.group != first]
    if not target or not reference:
        return
    got = xinwen.keyness(corpus.frame(), pl.col("outlet") == first, measure=measure, top=100)
    expected = key_frame(ref_keyness(target, reference, measure, top=100), measure)
    assert_close(got, expected, sort=["direction", "term"])
    for part in got.partition_by("direction", maintain_order=True):
        stats = part[measure].to_list()
        assert all(x >= y - 1e-9 * max(1.0, x) for x, y in pairwise(stats)), stats
    assert got["direction"].to_list() == sorted(got["direction"].to_list())  # over, then under


def test_chi2_of_a_term_that_is_every_token_is_zero_not_nan() -> None:
    arts = pl.DataFrame({"doc_id": ["1", "2"], "body": ["alpha alpha", "alpha"], "g": [1, 2]})
    k = xinwen.keyness(arts, pl.col("g") == 1, measure="chi2")
    assert k.select("term", "chi2", "direction").rows() == [("alpha", 0.0, "under")]


def test_keyness_exact_tie_is_under_with_zero_llr() -> None:
    # alpha: 12/15 in the target and 28/35 in the reference, bravo 3/15 and 7/35: equal shares,
    # which floating division may not see as equal; the direction must not flip.
    docs = [
        "alpha alpha alpha bravo",
        " ".join(["alpha"] * 7 + ["bravo"]),
        "alpha alpha",
        " ".join(["alpha"] * 8) + "! " + " ".join(["alpha"] * 6 + ["bravo"] * 2),
        " ".join(["alpha"] * 12 + ["bravo"] * 5),
        "alpha alpha bravo",
    ]
    arts = pl.DataFrame(
        {
            "doc_id": [str(i) for i in range(6)],
            "body": docs,
            "outlet": ["bbc", "bbc", "rfa", "rfa", "rfa", "bbc"],
        }
    )
    for measure in ("llr", "chi2"):
        k = xinwen.keyness(arts, pl.col("outlet") == "bbc", measure=measure)  # type: ignore[arg-type]
        assert k["direction"].to_list() == ["under", "under"]
        assert k[measure].abs().max() < 1e-9  # type: ignore[operator]


def test_kwic_keeps_the_first_max_hits_and_warns() -> None:
    arts = pl.DataFrame({"doc_id": ["a", "b"], "body": ["普京表示双方关系", "习近平会见普京"]})
    with pytest.warns(xinwen.XinwenWarning, match="kept the first 10 hits"):
        hits = xinwen.kwic(arts, ".", regex=True, window=1, max_hits=10)
    assert hits["doc_id"].to_list() == ["a"] * 8 + ["b"] * 2
    assert hits["match"].to_list()[:3] == ["普", "京", "表"]
    every = xinwen.kwic(arts, ".", regex=True, max_hits=None)
    assert every.height == 15
    assert xinwen.kwic(arts, "普京", max_hits=2).height == 2  # exactly at the cap: no warning
    with pytest.raises(xinwen.InvalidOptionError, match="max_hits must be a positive int"):
        xinwen.kwic(arts, "普京", max_hits=0)


def test_a_sentence_without_punctuation_is_cut_into_bounded_windows() -> None:
    """One unpunctuated 'sentence' of 3,000 distinct characters would pair every term with
    every other (millions of pairs); it is cut into windows of MAX_WINDOW_TOKENS, with a warning."""
    from xinwen.analysis import MAX_WINDOW_TOKENS

    body = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000))
    arts = pl.DataFrame({"doc_id": ["a"], "body": [body]})
    tokens = xinwen.tokenize(arts, stopwords=None).height
    with pytest.warns(xinwen.XinwenWarning, match="1 windows held more than 1,000 tokens"):
        pairs = xinwen.cooccurrence(arts, window="sentence", min_count=1)
    assert pairs["n"][0] == -(-tokens // MAX_WINDOW_TOKENS)
    assert pairs.height <= pairs["n"][0] * MAX_WINDOW_TOKENS * (MAX_WINDOW_TOKENS - 1) // 2


# --- no silent wrong answers -------------------------------------------------------------------


def _dated(corpus: pl.DataFrame) -> pl.DataFrame:
    return corpus.filter(pl.col("published_at").is_not_null()).head(400)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("普京,习近平", '["普京", "习近平"]'),
        ("普京，习近平", '["普京", "习近平"]'),
        ("普京、习近平、拜登", '["普京", "习近平", "拜登"]'),
        ("普京 习近平", '["普京", "习近平"]'),
        ("普京; 习近平", '["普京", "习近平"]'),
    ],
)
def test_several_terms_in_one_string_are_refused(
    corpus: pl.DataFrame, given: str, shown: str
) -> None:
    arts = _dated(corpus)
    with pytest.raises(xinwen.InvalidOptionError) as e:
        xinwen.term_trend(arts, given)
    assert str(e.value) == (
        f"terms {given!r} is {shown.count(',') + 1} terms in one string, and would be counted as "
        f"one term that occurs nowhere; give them as a list: terms={shown}"
    )
    with pytest.raises(xinwen.InvalidOptionError, match=re.escape(f"list: focus={shown}")):
        xinwen.cooccurrence(arts, focus=given)
    with pytest.raises(xinwen.InvalidOptionError, match=r"terms\['leaders'\]="):
        xinwen.term_trend(arts, {"leaders": given})
    with pytest.raises(xinwen.InvalidOptionError, match="searched for as one text"):
        xinwen.kwic(arts, given)


def test_one_term_in_a_string_still_counts(corpus: pl.DataFrame) -> None:
    arts = _dated(corpus)
    both = xinwen.term_trend(arts, ["普京", "习近平"], every="1y")
    one = xinwen.term_trend(arts, "普京", every="1y")
    assert one["count"].sum() > 0
    assert_frame_equal(one, both.filter(pl.col("term") == "普京"))
    # English names keep their spaces; a literal kwic pattern may hold a separator in a list.
    assert (
        xinwen.term_trend(arts, "Vladimir Putin", every="1y")["count"].sum() == one["count"].sum()
    )
    assert xinwen.cooccurrence(arts, focus="普京").height > 0
    assert xinwen.kwic(arts, ["普京，"]).height >= 0


def test_integer_doc_ids_keep_their_dtype(corpus: pl.DataFrame) -> None:
    arts = corpus.head(200).with_columns(doc_id=pl.int_range(1000, 1200, dtype=pl.Int32))
    toks = xinwen.tokenize(arts)
    counts = xinwen.term_counts(arts)
    assert toks.schema["doc_id"] == pl.Int32 and counts.schema["doc_id"] == pl.Int32
    # So the caller's join works, row for row.
    joined = arts.select("doc_id", "outlet").join(toks, on="doc_id")
    assert joined.height == toks.height > 10_000
    assert set(counts["doc_id"]) <= set(arts["doc_id"])
    matrix, _vocab, ids = xinwen.doc_term_matrix(arts)
    assert ids == arts["doc_id"].to_list() and all(type(i) is int for i in ids)
    assert matrix.shape[0] == len(ids)
    assert xinwen.Corpus(arts).term_counts().schema["doc_id"] == pl.Int32

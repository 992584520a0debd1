"""Scoring readers of whole web pages against `../shared/pages/truth.jsonl`.

Shared by `tests/test_pages.py` (which asserts the thresholds) and `benches/bench_pages.py` (which
scores xinwen, trafilatura and htmldate on the same pages in the same run). A reader's output for a
page is a `Prediction`; `score` turns predictions into the table the issue asks for.

How each field is compared:

- **day** and **time**: the page shows its date (and mostly time) in the local time of the site,
  so the predicted instant is read back in that zone: the zone the page names next to the date
  when it names one (the BBC's 格林尼治标准时间), Paris for RFI, else UTC+8 (mainland China, Hong
  Kong and Taiwan). Readers that return a naive local date or time (htmldate) are compared as is.
- **title**: equal after removing whitespace.
- **first** / **last**: the sentence occurs in the body, whitespace removed (the truth copies the
  page's own spaces, some of them before 。). `first_lead` / `last_tail` are stricter: the
  sentence lies within the first / last 60 characters of the body's start / end.
- **boilerplate**: how many of the truth's boilerplate strings occur in the body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

_WS = re.compile(r"\s+")

UTC8 = timezone(timedelta(hours=8))


def squash(s: str | None) -> str:
    return _WS.sub("", s or "")


@dataclass
class Prediction:
    """What a reader said of one page. `local` is a naive local datetime (date and time as shown)
    or an aware one (converted to the page's zone before comparing); `has_time` says whether the
    reader claims to know the time of day."""

    local: datetime | date | None = None
    has_time: bool = False
    title: str | None = None
    body: str | None = None


def load(root: Path) -> list[dict]:
    with open(root / "truth.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def page_zone(t: dict) -> timezone | ZoneInfo:
    if t.get("tz"):
        return timezone.utc  # the one page that names its zone names GMT
    if t["site"] == "rfi":
        return ZoneInfo("Europe/Paris")
    return UTC8


def local_of(t: dict, value: datetime | date | None) -> datetime | date | None:
    """The prediction in the page's own zone (naive values are taken as already local)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(page_zone(t)).replace(tzinfo=None)
    return value


@dataclass
class Score:
    pages: int
    dated: int
    timed: int
    day: float
    time: float
    title: float
    first: float
    last: float
    first_lead: float
    last_tail: float
    boilerplate_left: int
    boilerplate_total: int
    failures: dict[str, list[str]]

    @property
    def boilerplate_share(self) -> float:
        return self.boilerplate_left / max(self.boilerplate_total, 1)

    def row(self) -> dict[str, float | int]:
        return {
            "day": round(self.day, 3),
            "time": round(self.time, 3),
            "title": round(self.title, 3),
            "first": round(self.first, 3),
            "last": round(self.last, 3),
            "first_lead": round(self.first_lead, 3),
            "last_tail": round(self.last_tail, 3),
            "boilerplate_left": self.boilerplate_left,
            "boilerplate_total": self.boilerplate_total,
        }


def score(truth: list[dict], preds: dict[str, Prediction]) -> Score:
    """Score predictions keyed by the truth's `path`. A page with no prediction counts as wrong."""
    fails: dict[str, list[str]] = {
        k: [] for k in ("day", "time", "title", "first", "last", "boilerplate")
    }
    n_dated = n_timed = day_ok = time_ok = title_ok = 0
    first_ok = last_ok = lead_ok = tail_ok = bp_left = bp_total = 0
    for t in truth:
        p = preds.get(t["path"], Prediction())
        got = local_of(t, p.local)
        if t["published"]:
            n_dated += 1
            want = date.fromisoformat(t["published"])
            got_day = got.date() if isinstance(got, datetime) else got
            if got_day == want:
                day_ok += 1
            else:
                fails["day"].append(f"{t['path']}: {got} != {want} ({t['date_evidence']})")
            if t["time"]:
                n_timed += 1
                got_hm = got.strftime("%H:%M") if isinstance(got, datetime) and p.has_time else None
                if got_day == want and got_hm == t["time"]:
                    time_ok += 1
                else:
                    fails["time"].append(f"{t['path']}: {got} != {want} {t['time']}")
        if squash(p.title) == squash(t["title"]):
            title_ok += 1
        else:
            fails["title"].append(f"{t['path']}: {p.title!r} != {t['title']!r}")
        body = squash(p.body)
        first, last = squash(t["body_first"]), squash(t["body_last"])
        i, j = body.find(first), body.rfind(last)
        if i >= 0:
            first_ok += 1
            lead_ok += i <= 60
        else:
            fails["first"].append(f"{t['path']}: {t['body_first'][:40]!r} | {body[:60]!r}")
        if j >= 0:
            last_ok += 1
            tail_ok += len(body) - (j + len(last)) <= 60
        else:
            fails["last"].append(f"{t['path']}: {t['body_last'][-40:]!r} | {body[-60:]!r}")
        for bp in t["boilerplate"]:
            bp_total += 1
            if squash(bp) and squash(bp) in body:
                bp_left += 1
                fails["boilerplate"].append(f"{t['path']}: {bp!r}")
    n = len(truth)
    return Score(
        pages=n,
        dated=n_dated,
        timed=n_timed,
        day=day_ok / max(n_dated, 1),
        time=time_ok / max(n_timed, 1),
        title=title_ok / max(n, 1),
        first=first_ok / max(n, 1),
        last=last_ok / max(n, 1),
        first_lead=lead_ok / max(n, 1),
        last_tail=tail_ok / max(n, 1),
        boilerplate_left=bp_left,
        boilerplate_total=bp_total,
        failures=fails,
    )


def xinwen_predictions(root: Path, **read_kw: object) -> dict[str, Prediction]:
    """Read every page of `truth.jsonl` with `xinwen.read_articles`, keyed by the truth's path."""
    import xinwen

    truth = load(root)
    df = xinwen.read_articles([str(root / t["path"]) for t in truth], **read_kw)  # type: ignore[arg-type]
    out: dict[str, Prediction] = {}
    for r in df.iter_rows(named=True):
        rel = Path(r["path"]).relative_to(root).as_posix()
        ts = r["published_at"]
        has_time = ts is not None and "time guessed" not in (r["error"] or "")
        out[rel] = Prediction(local=ts, has_time=has_time, title=r["title"], body=r["body"])
    return out


def _naive(value: str | None) -> tuple[datetime | None, bool]:
    """htmldate's `YYYY-MM-DD HH:MM` string as a naive local datetime; 00:00 means no time."""
    if not value:
        return None, False
    try:
        dt = datetime.strptime(value[:16], "%Y-%m-%d %H:%M")
    except ValueError:
        try:
            return datetime.strptime(value[:10], "%Y-%m-%d"), False
        except ValueError:
            return None, False
    return dt, (dt.hour, dt.minute) != (0, 0)


DATE_FORMAT = "%Y-%m-%d %H:%M"


def trafilatura_predict(data: bytes) -> Prediction:
    """trafilatura's body, title and date (through htmldate, asked for the original date and the
    time of day) of one page's bytes."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        date_extraction_params={
            "outputformat": DATE_FORMAT,
            "extensive_search": True,
            "original_date": True,
        },
    )
    if doc is None:
        return Prediction()
    local, has_time = _naive(doc.date)
    return Prediction(local=local, has_time=has_time, title=doc.title, body=doc.text)


def htmldate_predict(data: bytes) -> Prediction:
    """htmldate's date of one page's bytes (original date, time of day, extensive search)."""
    import htmldate

    local, has_time = _naive(
        htmldate.find_date(
            data, outputformat=DATE_FORMAT, extensive_search=True, original_date=True
        )
    )
    return Prediction(local=local, has_time=has_time)

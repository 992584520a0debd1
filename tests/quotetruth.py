"""Scoring quotations against the hand labels of ``tests/quotes/labels.jsonl``.

The rules of the labels are in ``tests/quotes/GUIDELINES.md``. A found quotation matches a
labelled one of the same family (direct with direct; indirect and mixed, both reported speech,
with each other) when their character spans overlap enough: intersection over union at least
``DIRECT_IOU`` for direct quotations (the marks fix the span; the tolerance absorbs a trailing
mark or space) and ``REPORTED_IOU`` for reported speech (where the labellers ended a span at the
end of the speech rather than of the sentence, the extractor cannot know). Each labelled
quotation matches at most one found one (greedy, best overlap first).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = Path(__file__).parent / "quotes" / "labels.jsonl"
DIRECT_IOU = 0.8
REPORTED_IOU = 0.5
SCARE_IOU = 0.5


def load(path: Path = LABELS) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The labelled articles, and their labels (quotes and scares) by file."""
    arts: list[dict[str, Any]] = []
    by_file: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["type"] == "article":
            arts.append(row)
        else:
            by_file.setdefault(row["file"], []).append(row)
    return arts, by_file


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def family(kind: str) -> str:
    return "direct" if kind == "direct" else "reported"


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _norm_name(s: str | None) -> str:
    import xinwen

    if not s:
        return ""
    s = s.strip().replace("•", "·").replace("‧", "·").replace(" ", "")
    return xinwen.convert([s], to="simplified")[0].lower()


def same_speaker(found: str | None, truth: str) -> bool:
    """Whether the found speaker names the labelled one: equal, one inside the other (普京 /
    俄罗斯总统普京), or the same surname part of a dotted name (凯文·坎纳德 / 坎纳德)."""
    f, t = _norm_name(found), _norm_name(truth)
    if not f or not t:
        return False
    if f == t or (min(len(f), len(t)) >= 2 and (f in t or t in f)):
        return True
    fp, tp = f.split("·"), t.split("·")
    return fp[-1] == tp[-1] and len(fp[-1]) >= 2


@dataclass
class Score:
    """Counts of one scoring run."""

    tp: dict[str, int] = field(default_factory=lambda: {"direct": 0, "reported": 0})
    fp: dict[str, int] = field(default_factory=lambda: {"direct": 0, "reported": 0})
    fn: dict[str, int] = field(default_factory=lambda: {"direct": 0, "reported": 0})
    speaker_right: int = 0
    speaker_total: int = 0
    scares_reported: list[tuple[str, str]] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    extras: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_speaker: list[tuple[str, str, str, str]] = field(default_factory=list)

    def f1(self, fam: str) -> float:
        tp, fp, fn = self.tp[fam], self.fp[fam], self.fn[fam]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def precision(self, fam: str) -> float:
        tp, fp = self.tp[fam], self.fp[fam]
        return tp / (tp + fp) if tp + fp else 0.0

    def recall(self, fam: str) -> float:
        tp, fn = self.tp[fam], self.fn[fam]
        return tp / (tp + fn) if tp + fn else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    def summary(self) -> str:
        parts = [
            f"{fam}: P {self.precision(fam):.3f} R {self.recall(fam):.3f} F1 {self.f1(fam):.3f} "
            f"(tp {self.tp[fam]}, fp {self.fp[fam]}, fn {self.fn[fam]})"
            for fam in ("direct", "reported")
        ]
        parts.append(
            f"speaker accuracy {self.speaker_accuracy:.3f} ({self.speaker_right}/{self.speaker_total})"
        )
        parts.append(f"scare quotes reported: {len(self.scares_reported)}")
        return "; ".join(parts)


def score_article(
    s: Score, file: str, body: str, truth: Iterable[dict[str, Any]], found: Iterator[dict[str, Any]]
) -> None:
    """Add one article's comparison to ``s``."""
    gold = [t for t in truth if t["type"] == "quote"]
    scares = [t for t in truth if t["type"] == "scare"]
    pred = list(found)
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if family(g["kind"]) != family(p["kind"]):
                continue
            v = iou((g["start"], g["end"]), (p["start"], p["end"]))
            need = DIRECT_IOU if family(g["kind"]) == "direct" else REPORTED_IOU
            if v >= need:
                pairs.append((v, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold[gi], pred[pi]
        s.tp[family(g["kind"])] += 1
        s.speaker_total += 1
        if same_speaker(p["speaker"], g["speaker"]):
            s.speaker_right += 1
        else:
            s.wrong_speaker.append(
                (file, body[g["start"] : g["end"]][:40], g["speaker"], str(p["speaker"]))
            )
    for gi, g in enumerate(gold):
        if gi not in used_g:
            s.fn[family(g["kind"])] += 1
            s.misses.append((file, g["kind"], body[g["start"] : g["end"]][:60]))
    for pi, p in enumerate(pred):
        if pi in used_p:
            continue
        # A found quotation that lies inside a labelled one of the other family, or is nested
        # speech the labels give a second row, is not counted twice.
        s.fp[family(p["kind"])] += 1
        s.extras.append((file, p["kind"], body[p["start"] : p["end"]][:60]))
    for sc in scares:
        for p in pred:
            if iou((sc["start"], sc["end"]), (p["start"], p["end"])) >= SCARE_IOU:
                s.scares_reported.append((file, body[sc["start"] : sc["end"]]))

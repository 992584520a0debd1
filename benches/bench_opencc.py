"""Benchmark: xinwen's script conversion scored against OpenCC's own test cases.

OpenCC's ``test/testcases/testcases.json`` (github BYVoid/OpenCC) gives, for each input, the
expected output of each of its configurations. For t2s, tw2s, hk2s and tw2sp this scores
``xinwen.convert`` (``to="simplified"`` for the first three, ``to="mainland"`` for tw2sp; the text
tokens are counted in): character accuracy (aligned characters equal to the expected ones, over
the expected length) and exact lines. With the ``opencc`` package installed it also scores
OpenCC itself on the same cases (1.000 unless the file is newer than the package) and, with
``--corpus``, compares the two on the shared corpus's documents.

The test file is never committed: give its path in ``XINWEN_OPENCC_TESTCASES`` or put it at
``target/opencc-testcases/testcases.json``.

    python benches/bench_opencc.py
    python benches/bench_opencc.py --corpus ../shared/corpus --limit 500   # traditional documents
    python benches/bench_opencc.py --show 10        # print the first mismatches per config
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import xinwen

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CASES = REPO / "target" / "opencc-testcases" / "testcases.json"

#: OpenCC configuration -> the xinwen target that stands for it.
CONFIGS = {
    "t2s": "simplified",
    "tw2s": "simplified",
    "hk2s": "simplified",
    "tw2sp": "mainland",
}


def cases_path() -> Path:
    return Path(os.environ.get("XINWEN_OPENCC_TESTCASES", DEFAULT_CASES))


def load_cases(path: Path) -> list[dict]:
    """The cases of ``testcases.json`` (which has trailing commas: strict JSON rejects it)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return list(json.loads(text)["cases"])


def char_score(got: str, want: str) -> tuple[int, int]:
    """Characters of ``want`` matched by ``got`` in an alignment, and ``len(want)``."""
    if got == want:
        return len(want), len(want)
    m = difflib.SequenceMatcher(None, got, want, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()), len(want)


def score(
    pairs: list[tuple[str, str]], convert: Callable[[list[str]], list[str]]
) -> tuple[float, int, int, list[tuple[str, str, str]]]:
    """(character accuracy, exact lines, lines, mismatches) of ``convert`` over ``pairs``."""
    outs = convert([i for i, _ in pairs])
    ok = total = exact = 0
    bad = []
    for (inp, want), got in zip(pairs, outs, strict=True):
        a, b = char_score(got, want)
        ok, total = ok + a, total + b
        if got == want:
            exact += 1
        else:
            bad.append((inp, want, got))
    return (ok / total if total else 1.0), exact, len(pairs), bad


def xinwen_converter(target: str) -> Callable[[list[str]], list[str]]:
    """``xinwen.convert``, or on versions before it the normalisation tokens are counted in."""
    if hasattr(xinwen, "convert"):
        return lambda texts: xinwen.convert(texts, to=target)  # type: ignore[no-any-return]
    import polars as pl
    from xinwen import _core

    def normalized(texts: list[str]) -> list[str]:
        table = pl.DataFrame({"text": texts})
        return pl.DataFrame(_core.normalize_texts(table, target))["text"].to_list()

    return normalized


def opencc_converter(config: str) -> Callable[[list[str]], list[str]] | None:
    try:
        import opencc  # type: ignore[import-not-found]
    except ImportError:
        return None
    cc = opencc.OpenCC(config)
    return lambda texts: [cc.convert(t) for t in texts]


def corpus_texts(root: Path, limit: int, script: str) -> list[str]:
    df = xinwen.read_articles(str(root))
    df = df.filter(df["body"].is_not_null(), df["script"] == script).head(limit)
    return [str(b) for b in df["body"].to_list()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--show", type=int, default=0, help="print this many mismatches per config")
    ap.add_argument("--corpus", type=Path, help="also compare with OpenCC on these documents")
    ap.add_argument("--limit", type=int, default=1000, help="documents of --corpus to compare")
    ap.add_argument("--script", default="hant", help="documents of --corpus in this script")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    path = cases_path()
    if not path.exists():
        print(
            f"no OpenCC test cases at {path}: set XINWEN_OPENCC_TESTCASES or copy "
            "test/testcases/testcases.json of github BYVoid/OpenCC there",
            file=sys.stderr,
        )
        return 2
    cases = load_cases(path)
    results: dict[str, dict[str, object]] = {}
    for config, target in CONFIGS.items():
        pairs = [(c["input"], c["expected"][config]) for c in cases if config in c["expected"]]
        acc, exact, n, bad = score(pairs, xinwen_converter(target))
        row: dict[str, object] = {"target": target, "chars": round(acc, 4), "exact": exact, "n": n}
        ref = opencc_converter(config)
        if ref is not None:
            racc, rexact, _, _ = score(pairs, ref)
            row["opencc_chars"], row["opencc_exact"] = round(racc, 4), rexact
        results[config] = row
        if not args.json:
            print(f"{config:6} xinwen to={target!r:13} chars {acc:.4f}  exact {exact}/{n}", end="")
            if ref is not None:
                print(f"   opencc {row['opencc_chars']:.4f} {row['opencc_exact']}/{n}", end="")
            print()
            for inp, want, got in bad[: args.show]:
                print(f"    {inp}\n      want {want}\n      got  {got}")
    if args.corpus is not None:
        texts = corpus_texts(args.corpus, args.limit, args.script)
        for config, target in CONFIGS.items():
            ref = opencc_converter(config)
            if ref is None:
                print("the opencc package is not installed: no corpus comparison", file=sys.stderr)
                break
            pairs = list(zip(texts, ref(texts), strict=True))
            acc, exact, n, _ = score(pairs, xinwen_converter(target))
            results[f"corpus_{config}"] = {"chars": round(acc, 5), "exact": exact, "n": n}
            if not args.json:
                print(f"corpus {config:6} chars {acc:.5f}  identical documents {exact}/{n}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

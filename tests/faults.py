"""Fault cases for xinwen: inputs that must never hang, crash, drop or garble an article, and
mistakes that must raise a named error. Each case runs in a child process with a memory limit
and a timeout, so that a hang, an abort or a runaway allocation is reported as such instead of
taking the test run with it.

``tests/test_faults.py`` runs the quick cases in the normal test run; ``make faults`` (``python
tests/faults.py``) runs every case, the large ones too, and prints one line per failure.

Kinds of case:

* **files**: bytes and names written into one archive folder (bad bytes, encodings, names that
  are not UTF-8, dangling and looping links, FIFOs, YAML and entity bombs, deep nesting, huge
  lines). Reading the folder must give every file exactly one row, and each case's own
  expectation (status, encoding, text kept) must hold.
* **calls**: API misuse; each must raise the named exception with a message fragment.
* **cli**: command lines; each must exit with the given code.
* **heavy** (long run only): large inputs to analyses, each in its own child.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Address space a child may use: far above what any case needs, far below the machine.
MEMORY_LIMIT = 4 << 30

ZH = "国家主席习近平同俄罗斯总统普京举行会谈。两国元首就双边关系交换意见，并签署联合声明。"
ZH_T = "國家主席習近平在北京人民大會堂同俄羅斯總統普京舉行會談。兩國元首互致新年祝福。"


@dataclass(frozen=True)
class FileCase:
    """One file (or link, or FIFO) in the archive folder, and what its row must show."""

    name: bytes
    make: Callable[[Path], None]
    #: Allowed statuses.
    status: tuple[str, ...] = ("ok", "partial", "error")
    #: Text the body must contain (nothing garbled).
    body: str | None = None
    #: A fragment the error column must contain.
    error: str | None = None
    #: Encodings the row must not have (Han text read as a single-byte code page).
    not_encoding: tuple[str, ...] = ()
    title: str | None = None
    quick: bool = True
    #: Rows it gives: 0 for a directory symlink, which no walk or glob follows.
    rows: int = 1


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _article(body: str = ZH * 4, title: str = "标题") -> str:
    return f"{title}\n\n{body}\n"


def _flip(data: bytes, share: float, seed: int) -> bytes:
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(int(len(out) * share)):
        i = rnd.randrange(len(out))
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def _with_nuls(data: bytes, n: int) -> bytes:
    out = bytearray(data)
    step = max(1, len(out) // (n + 1))
    for k in range(n):
        out.insert(10 + k * step + k, 0)
    return bytes(out)


def _link(target: str) -> Callable[[Path], None]:
    return lambda p: os.symlink(target, p)


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _front(body: str) -> bytes:
    return f"---\ntitle: 测试\ndate: 2024-01-02 10:00\n---\n\n{body}\n".encode()


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def _tar_gz(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def file_cases() -> list[FileCase]:
    """Every file case; names are unique bytes."""
    han = _article().encode()
    gbk_line = "第一行是GBK编码的中文新闻标题。\n".encode("gbk")
    cases = [
        FileCase(b"empty.txt", _bytes(b""), ("error",), error="empty"),
        FileCase(b"blank.txt", _bytes(b" \n\r\n\t "), ("error",), error="empty"),
        FileCase(b"png.md", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(500)), ("error",), error="binary"),
        FileCase(b"noise.txt", _bytes(random.Random(0).randbytes(4000)), ("error",)),
        FileCase(b"utf8.txt", _bytes(han), ("ok", "partial"), body=ZH, title="标题"),
        FileCase(
            b"gbk.txt", _bytes(_article().encode("gbk")), ("ok", "partial"), body=ZH, title="标题"
        ),
        FileCase(
            b"big5.txt",
            _bytes(_article(ZH_T * 3, "標題").encode("big5")),
            ("ok", "partial"),
            body=ZH_T,
        ),
        FileCase(b"utf16-bom.txt", _bytes(_article().encode("utf-16")), ("ok", "partial"), body=ZH),
        FileCase(
            b"utf16le-nobom.txt",
            _bytes(_article().encode("utf-16-le")),
            ("ok", "partial"),
            body=ZH,
            title="标题",
        ),
        FileCase(
            b"utf16be-nobom.txt",
            _bytes(_article().encode("utf-16-be")),
            ("ok", "partial"),
            body=ZH,
            title="标题",
        ),
        FileCase(b"nul50.txt", _bytes(_with_nuls(han, 50)), ("partial",), body=ZH, error="50 NUL"),
        FileCase(
            b"cr-only.txt",
            _bytes(_article().replace("\n", "\r").encode()),
            ("ok", "partial"),
            body=ZH,
            title="标题",
        ),
        FileCase(
            b"crlf.txt",
            _bytes(_article().replace("\n", "\r\n").encode()),
            ("ok", "partial"),
            body=ZH,
            title="标题",
        ),
        FileCase(
            b"portal-cr.txt",
            _bytes(("发布时间：2021-01-29 13:18 | 来源：新华网\r标题\r\r" + ZH * 3).encode()),
            ("ok", "partial"),
            body=ZH,
        ),
        FileCase(
            b"cut-last-char.txt",
            _bytes("标题\n\n习近平会见普京".encode()[:-1]),
            ("partial",),
            body="习近平会见普",
            error="invalid UTF-8",
            not_encoding=("windows-1252",),
        ),
        FileCase(
            b"mixed-lines.txt",
            _bytes(gbk_line + "第二行是UTF-8编码的中文新闻正文。\n".encode()),
            ("partial",),
            body="第二行是UTF-8编码的中文新闻正文",
            error="mixed encodings",
        ),
        FileCase(
            b"overlong.txt",
            _bytes(b"title\n\n" + bytes([0xC0, 0xAF, 0xE0, 0x80, 0xAF]) * 30 + ZH.encode()),
            ("partial", "error"),
            not_encoding=("windows-1252", "windows-1250", "iso-8859-2"),
        ),
        FileCase(
            b"front-matter-lt-gt.md",
            _bytes(_front("若a<b 而且 c>d，则" + ZH)),
            ("ok", "partial"),
            body="a<b 而且 c>d",
        ),
        FileCase(b"front-unclosed.md", _bytes(b"---\ntitle: x\n" + ZH.encode()), error=None),
        FileCase(
            b"yaml-bomb.md",
            _bytes(
                b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                b"title: bomb\n---\n\n" + ZH.encode()
            ),
        ),
        FileCase(
            b"entity-bomb.html",
            _bytes(
                b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                + b"<html><body><p>&b;&b;&b;"
                + ZH.encode()
                + b"</p>"
                + b"&amp;" * 20000
                + b"</body></html>"
            ),
        ),
        FileCase(
            b"deep.html",
            _bytes(b"<html><body>" + b"<div>" * 50000 + ZH.encode() + b"</div>" * 50000),
        ),
        FileCase(b"long-line.txt", _bytes(("标题\n\n" + "中" * 400_000).encode())),
        FileCase(b"lt-soup.html", _bytes(b"<p>" + b"<" * 100_000 + ZH.encode())),
        FileCase(b"dangling.md", _link("/nonexistent/xinwen-fault"), ("error",)),
        FileCase(b"loop1.md", _link("loop2.md"), ("error",)),
        FileCase(b"loop2.md", _link("loop1.md"), ("error",)),
        FileCase(b"fifo.md", _fifo, ("error",)),
        FileCase(b"up", _link(".."), rows=0),
        FileCase(b"self", _link("."), rows=0),
        FileCase(b"bad\xff-name.txt", _bytes(han), ("ok", "partial"), body=ZH),
        FileCase(b"bad\xfe-name.txt", _bytes(han), ("ok", "partial"), body=ZH),
        FileCase(b"\xe4\xb8\xad\xe6\x96\x87.txt", _bytes(han), ("ok", "partial"), body=ZH),
    ]
    members = [("a.md", han), ("b.md", _article().encode("gbk")), ("c\u00ff.md", han)]
    zipped = _zip(members)
    cases += [
        # Archives: one row a member, or one error row for an archive that cannot be opened.
        FileCase(b"ok.zip", _bytes(zipped), ("ok", "partial"), body=ZH, rows=3),
        FileCase(b"trunc.zip", _bytes(zipped[: len(zipped) // 2]), ("error",), error="zip"),
        FileCase(b"garbage.zip", _bytes(b"PK\x03\x04" + bytes(range(256))), ("error",)),
        # Cut in its last member: the members before the cut, then a row saying why.
        FileCase(b"trunc.tar.gz", _bytes(_tar_gz(members)[:-40]), rows=3),
        FileCase(b"empty.tar", _bytes(b""), ("error",)),
        FileCase(
            b"short.warc.gz",
            _bytes(
                gzip.compress(
                    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\n\r\n<p>x"
                )
            ),
            ("error",),
            error="truncated",
        ),
    ]
    for seed, share in enumerate((0.005, 0.02, 0.1, 0.3)):
        # Bit-flipped UTF-8 Han text: repaired as UTF-8 or an error, never Latin mojibake.
        cases.append(
            FileCase(
                f"flipped-{share}.txt".encode(),
                _bytes(_flip(_article(ZH * 10).encode(), share, seed)),
                ("partial", "error"),
                not_encoding=("windows-1252", "windows-1250", "iso-8859-2", "koi8-r"),
            )
        )
    rnd = random.Random(15)
    for k in range(12):
        data = bytearray(rnd.choice([han, _article().encode("gbk"), _front(ZH)]))
        for _ in range(rnd.randrange(1, 40)):
            op = rnd.randrange(3)
            i = rnd.randrange(len(data))
            if op == 0:
                data[i] = rnd.randrange(256)
            elif op == 1:
                del data[i : i + rnd.randrange(1, 8)]
            else:
                data[i:i] = rnd.randbytes(rnd.randrange(1, 8))
        cases.append(FileCase(f"mutated-{k}.txt".encode(), _bytes(bytes(data))))
    cases += [
        FileCase(b"huge-line.txt", _bytes(("标题\n\n" + ZH * 200_000).encode()), quick=False),
        FileCase(b"deep-1m.html", _bytes(b"<div>" * 1_000_000 + b"x"), quick=False),
        FileCase(b"many-tags.html", _bytes(b"<p><b>x</b></p>" * 500_000), quick=False),
    ]
    return cases


@dataclass(frozen=True)
class CallCase:
    """A call that must raise ``error`` (a class name in xinwen.errors or builtins) with
    ``message`` in its text. ``code`` runs with ``xinwen``, ``pl``, ``arts`` (the sample
    articles) and ``tmp`` (a folder of bad word lists) in scope."""

    name: str
    code: str
    error: str
    message: str


def call_cases() -> list[CallCase]:
    big = "2**70"
    return [
        CallCase("source-int", "xinwen.read_articles(42)", "TypeError", "source must be a path"),
        CallCase(
            "source-list-int", "xinwen.read_articles([42])", "TypeError", "source items must be"
        ),
        CallCase("source-empty", "xinwen.read_articles([])", "InvalidOptionError", "empty"),
        CallCase(
            "source-missing",
            "xinwen.read_articles('/nonexistent/xinwen')",
            "SourceNotFoundError",
            "no such file",
        ),
        CallCase(
            "user-dict-gbk",
            "xinwen.Segmenter(user_dict=tmp / 'gbk.txt')",
            "InvalidOptionError",
            "is not UTF-8",
        ),
        CallCase(
            "user-dict-utf16",
            "xinwen.Segmenter(user_dict=tmp / 'u16.txt')",
            "InvalidOptionError",
            "user_dict",
        ),
        CallCase(
            "user-dict-binary",
            "xinwen.Segmenter(user_dict=tmp / 'bin.txt')",
            "InvalidOptionError",
            "user_dict",
        ),
        CallCase(
            "aliases-gbk",
            "xinwen.Segmenter(aliases=tmp / 'gbk.txt')",
            "InvalidOptionError",
            "aliases",
        ),
        CallCase(
            "dtm-min-above-max",
            "xinwen.doc_term_matrix(arts, min_df=10, max_df=2)",
            "InvalidOptionError",
            "no term can be kept",
        ),
        CallCase(
            "trend-null-dates",
            "xinwen.term_trend(arts.with_columns(published_at=pl.lit(None, "
            "pl.Datetime('us', 'UTC'))), '普京')",
            "InvalidOptionError",
            "published_at",
        ),
        CallCase("summarize-none", "xinwen.summarize(None)", "TypeError", "DataFrame"),
        CallCase(
            "keyness-unknown-column",
            "xinwen.keyness(arts, pl.col('nope') == 1)",
            "InvalidOptionError",
            "nope",
        ),
        CallCase(
            "threads-huge",
            f"xinwen.read_articles(xinwen.sample_path(), threads={big})",
            "InvalidOptionError",
            "threads",
        ),
        CallCase(
            "max-bytes-huge",
            f"xinwen.read_articles(xinwen.sample_path(), max_bytes={big})",
            "InvalidOptionError",
            "max_bytes",
        ),
        CallCase(
            "batch-size-huge",
            f"next(xinwen.scan_articles(xinwen.sample_path(), batch_size={big}))",
            "InvalidOptionError",
            "batch_size",
        ),
        CallCase(
            "top-k-huge", f"xinwen.keywords(arts, top_k={big})", "InvalidOptionError", "top_k"
        ),
        CallCase(
            "window-huge",
            f"xinwen.cooccurrence(arts, window={big})",
            "InvalidOptionError",
            "window",
        ),
        CallCase(
            "kwic-window-huge",
            f"xinwen.kwic(arts, '普京', window={big})",
            "InvalidOptionError",
            "window",
        ),
        CallCase(
            "min-count-huge",
            f"xinwen.cooccurrence(arts, min_count={big})",
            "InvalidOptionError",
            "min_count",
        ),
        CallCase(
            "keyness-top-huge",
            f"xinwen.keyness(arts, pl.col('outlet') == 'RFI', top={big})",
            "InvalidOptionError",
            "top",
        ),
        CallCase(
            "trend-smooth-huge",
            f"xinwen.term_trend(arts, '普京', smooth={big})",
            "InvalidOptionError",
            "smooth",
        ),
        CallCase(
            "bad-glob", "xinwen.read_articles('/nonexistent/[x')", "InvalidOptionError", "glob"
        ),
        CallCase("stopwords-int", "xinwen.Segmenter(stopwords=42)", "TypeError", "stopwords"),
        CallCase(
            "stopwords-ints", "xinwen.Segmenter(stopwords=[1, 2])", "TypeError", "stopwords must"
        ),
        CallCase(
            "tokenize-stopwords-int",
            "xinwen.tokenize(arts, stopwords=42)",
            "TypeError",
            "stopwords",
        ),
        CallCase("focus-int", "xinwen.cooccurrence(arts, focus=42)", "TypeError", "focus"),
        CallCase(
            "focus-empty", "xinwen.cooccurrence(arts, focus='')", "InvalidOptionError", "focus"
        ),
        CallCase(
            "focus-empty-list", "xinwen.cooccurrence(arts, focus=[])", "InvalidOptionError", "focus"
        ),
        CallCase("pattern-none", "xinwen.kwic(arts, None)", "TypeError", "pattern"),
        CallCase(
            "user-dict-empty-word",
            "xinwen.Segmenter(user_dict=[''])",
            "InvalidOptionError",
            "user_dict",
        ),
        CallCase(
            "user-dict-blank-word",
            "xinwen.Segmenter(user_dict=['  '])",
            "InvalidOptionError",
            "user_dict",
        ),
        CallCase(
            "aliases-int-form", "xinwen.Segmenter(aliases={'x': [1]})", "TypeError", "aliases"
        ),
        CallCase(
            "aliases-empty",
            "xinwen.Segmenter(aliases={'': ['']})",
            "InvalidOptionError",
            "aliases",
        ),
        CallCase("terms-empty", "xinwen.term_trend(arts, [''])", "InvalidOptionError", "terms"),
    ]


@dataclass(frozen=True)
class CliCase:
    name: str
    argv: list[str]
    code: int
    stderr: str = ""


def cli_cases(sample: str, out: Path) -> list[CliCase]:
    return [
        CliCase(
            "ingest-missing-output-dir",
            ["ingest", sample, "-o", "/nonexistent/xinwen/x.parquet"],
            2,
            "/nonexistent/xinwen",
        ),
        CliCase(
            "ingest-missing-source",
            ["ingest", "/nonexistent/xinwen", "-o", str(out / "x.parquet")],
            2,
            "no such file",
        ),
        CliCase("no-source", ["ingest", "-o", str(out / "x.parquet")], 2, "give an archive"),
        CliCase("dataset-sample", ["dataset", sample, "-o", str(out / "ds"), "--quiet"], 0),
    ]


@dataclass
class Failure:
    case: str
    why: str


@dataclass
class Outcome:
    failures: list[Failure] = field(default_factory=list)
    ran: int = 0


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _child(code: str, timeout: float) -> tuple[int | None, str, str]:
    """Run ``code`` in a fresh interpreter under the memory limit: exit status (None when it
    ran past ``timeout`` and was killed), stdout, stderr."""
    try:
        r = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit_memory,
            env={**os.environ, "RAYON_NUM_THREADS": "2"},
        )
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out, ""
    return r.returncode, r.stdout, r.stderr


def _died(status: int | None, err: str, timeout: float) -> str:
    if status is None:
        return f"hung: still running after {timeout:g} s"
    if status < 0:
        return f"killed by signal {-status}: {err[-300:]}"
    return f"exit {status}: {err[-500:]}"


_READ = """
import json, os, sys, tempfile
import polars as pl
import xinwen
how, spec = {how!r}, {spec!r}
if how == "read":
    df = xinwen.read_articles(spec)
elif how == "overlapping":
    # The folder, and its files again by glob: each file once, names differing only in
    # invalid bytes included.
    df = xinwen.read_articles([spec, os.path.join(spec, "*")])
elif how == "scan":
    df = pl.concat(list(xinwen.scan_articles(spec, batch_size=7)))
elif how == "dataset":
    out = tempfile.mkdtemp()
    xinwen.write_dataset(spec, out, tokens=False, batch_size=7)
    df = pl.read_parquet(os.path.join(out, "articles", "**", "*.parquet"))
elif how == "cli":
    from xinwen.cli import main
    out = tempfile.mkdtemp()
    code = main(["dataset", spec, "-o", out, "--no-tokens", "--quiet"])
    assert code == 1, f"exit {{code}}, expected 1 (some files unreadable)"
    df = pl.read_parquet(os.path.join(out, "articles", "**", "*.parquet"))
print(json.dumps({{"rows": df.select("path", "status", "error", "encoding", "title",
    "body").to_dicts()}}, ensure_ascii=True))
"""

#: How the folder is read: (how, spec relative to the folder or None for the folder).
_WAYS = [
    ("read", None),
    ("read", "**/*"),
    ("overlapping", None),
    ("scan", None),
    ("dataset", None),
    ("cli", None),
]


def run_files(quick: bool = True, timeout: float = 60) -> Outcome:
    """Write every file case into one folder, read it in a child, and check each row."""
    out = Outcome()
    cases = [c for c in file_cases() if c.quick or not quick]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        for c in cases:
            c.make(Path(os.fsdecode(os.path.join(os.fsencode(folder), c.name))))
        for how, rel in _WAYS:
            spec = str(folder / rel) if rel else str(folder)
            status, stdout, err = _child(_READ.format(how=how, spec=spec), timeout)
            spec = f"{how} {spec}"
            out.ran += 1
            if status != 0:
                out.failures.append(Failure(spec, _died(status, err, timeout)))
                continue
            got = json.loads(stdout)
            rows = got["rows"]
            want = sum(c.rows for c in cases)
            if len(rows) != want:
                names = sorted(os.path.basename(str(r["path"])) for r in rows)
                out.failures.append(Failure(spec, f"{len(rows)} rows for {want} files: {names}"))
            by_name: dict[str, list[dict[str, object]]] = {}
            for r in rows:
                # An archive's members are named "<archive>!<member>": counted under the archive.
                by_name.setdefault(os.path.basename(str(r["path"]).split("!")[0]), []).append(r)
            expected: dict[str, int] = {}
            for c in cases:
                shown = c.name.decode("utf-8", "replace")
                expected[shown] = expected.get(shown, 0) + c.rows
            for c in cases:
                shown = c.name.decode("utf-8", "replace")
                found = by_name.get(shown, [])
                if len(found) != expected[shown]:
                    out.failures.append(
                        Failure(
                            f"{spec}: {shown}", f"{len(found)} rows, expected {expected[shown]}"
                        )
                    )
                    continue
                for row in found:
                    out.failures += [Failure(f"{spec}: {shown}", why) for why in _check_row(c, row)]
    return out


def _check_row(c: FileCase, row: dict[str, object]) -> list[str]:
    bad = []
    body, error = str(row["body"] or ""), str(row["error"] or "")
    if row["status"] not in c.status:
        bad.append(f"status {row['status']!r} ({error!r}), expected one of {c.status}")
    if c.body is not None and c.body not in body:
        bad.append(f"body {body[:60]!r} lacks {c.body!r}")
    if c.title is not None and row["title"] != c.title:
        bad.append(f"title {row['title']!r}, expected {c.title!r}")
    if c.error is not None and c.error not in error:
        bad.append(f"error {error!r} lacks {c.error!r}")
    if row["encoding"] in c.not_encoding:
        bad.append(f"read as {row['encoding']}: {body[:40]!r}")
    if "\0" in body:
        bad.append("NUL in body")
    return bad


_CALL = """
import builtins, json, sys, tempfile
from pathlib import Path
import polars as pl
import xinwen, xinwen.errors
tmp = Path(tempfile.mkdtemp())
(tmp / "gbk.txt").write_bytes("一带一路\\n".encode("gbk"))
(tmp / "u16.txt").write_bytes("一带一路\\n".encode("utf-16"))
(tmp / "bin.txt").write_bytes(bytes(range(256)) * 4)
arts = xinwen.read_articles(xinwen.sample_path())
out = {}
for name, code, error, message in json.loads(sys.stdin.read()):
    want = getattr(xinwen.errors, error, None) or getattr(builtins, error)
    try:
        eval(code)
    except BaseException as e:
        if type(e) is not want:
            out[name] = f"raised {type(e).__name__}: {e}, expected {error}"
        elif message not in str(e):
            out[name] = f"{error} {str(e)!r} lacks {message!r}"
    else:
        out[name] = f"raised nothing, expected {error}"
print(json.dumps(out))
"""


def run_calls(timeout: float = 120) -> Outcome:
    """Every call case in one child (they are cheap), each checked for its exception."""
    cases = call_cases()
    payload = json.dumps([[c.name, c.code, c.error, c.message] for c in cases])
    try:
        r = subprocess.run(
            [sys.executable, "-c", _CALL],
            input=payload,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return Outcome([Failure("calls", f"hung: still running after {timeout:g} s")], 1)
    if r.returncode != 0:
        return Outcome([Failure("calls", _died(r.returncode, r.stderr, timeout))], 1)
    found = json.loads(r.stdout)
    return Outcome([Failure(k, v) for k, v in sorted(found.items())], len(cases))


def run_cli(timeout: float = 120) -> Outcome:
    out = Outcome()
    import xinwen

    with tempfile.TemporaryDirectory() as tmp:
        for c in cli_cases(str(xinwen.sample_path()), Path(tmp)):
            code = f"import sys\nfrom xinwen.cli import main\nsys.exit(main({c.argv!r}))"
            status, _, err = _child(code, timeout)
            out.ran += 1
            if status != c.code or c.stderr not in err:
                why = _died(status, err, timeout) if status is None or status < 0 else err[-400:]
                out.failures.append(Failure(c.name, f"exit {status}, expected {c.code}: {why}"))
            elif "Traceback" in err:
                out.failures.append(Failure(c.name, f"a traceback: {err[-400:]}"))
    return out


#: Large inputs to the analyses (long run only): (name, code, timeout in seconds).
HEAVY = [
    (
        "cooccurrence-one-huge-sentence",
        "import polars as pl, warnings, xinwen\n"
        "warnings.simplefilter('ignore')\n"
        # 2 M characters over 3,000 distinct ones in windows capped at 1,000 tokens: 2.6 M pairs,
        # 0.75 GB. (Over 20,000 distinct ones the answer itself is 16 M pairs and 2.7 GB: the
        # result's size, not runaway work.)
        "body = ''.join(chr(0x4E00 + (i * 7919) % 3000) for i in range(2_000_000))\n"
        "xinwen.cooccurrence(pl.DataFrame({'doc_id': ['a'], 'body': [body]}), min_count=1)",
        300,
    ),
    (
        "kwic-every-character",
        "import polars as pl, warnings, xinwen\n"
        "warnings.simplefilter('ignore')\n"
        "df = pl.DataFrame({'doc_id': [str(i) for i in range(200)], 'body': ['中' * 200_000] * 200})\n"
        "assert xinwen.kwic(df, '.', regex=True).height == 100_000",
        300,
    ),
    (
        "dictionary-word-100k",
        "import xinwen\nxinwen.Segmenter(user_dict=['中国' * 50_000])",
        120,
    ),
    (
        "tokenize-random-text",
        "import random, polars as pl, xinwen\n"
        "r = random.Random(1)\n"
        "texts = [''.join(chr(r.randrange(0x20, 0x3000)) for _ in range(5000)) for _ in range(200)]\n"
        "xinwen.tokenize(pl.DataFrame({'doc_id': [str(i) for i in range(200)], 'body': texts}))",
        300,
    ),
]


def run_heavy() -> Outcome:
    out = Outcome()
    for name, code, timeout in HEAVY:
        status, _, err = _child(code, timeout)
        out.ran += 1
        if status != 0:
            out.failures.append(Failure(name, _died(status, err, timeout)))
    return out


def main() -> int:
    """The long run: every case, one line per failure; exit 1 when any failed."""
    total = Outcome()
    for part in (run_files(quick=False, timeout=300), run_calls(), run_cli(), run_heavy()):
        total.ran += part.ran
        total.failures += part.failures
    for f in total.failures:
        print(f"FAIL {f.case}: {f.why}")
    print(f"{total.ran} runs, {len(total.failures)} failures")
    return 1 if total.failures else 0


if __name__ == "__main__":
    sys.exit(main())

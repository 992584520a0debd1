"""Web archives, zip and tar files read in the same calls as folders, without unpacking them.

The archives are written here with Python's own zipfile, tarfile and gzip, the zstandard package,
and a WARC writer of a few lines, from small pages and the built-in sample.
"""

from __future__ import annotations

import gzip
import io
import logging
import tarfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
import xinwen
import zstandard
from polars.testing import assert_frame_equal
from xinwen import dataset
from xinwen.cli import main

from tests.conftest import SHARED, need

UTC = timezone.utc
CRAWLED = "2024-03-20T01:02:03Z"
CRAWLED_AT = datetime(2024, 3, 20, 1, 2, 3, tzinfo=UTC)
HOST = "http://news.example.com"


def page(title: str, body: str, *, url: str | None = None, date: str | None = None) -> str:
    """A news page; the URL and the date only when given (else the crawl must supply them)."""
    meta = f'<meta property="og:url" content="{url}">' if url else ""
    if date:
        meta += f'<meta property="article:published_time" content="{date}">'
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>首页</a></nav><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body[::-1]}</p></article></body></html>"
    )


# A page that says everything itself, one in GBK whose charset only the HTTP header gives, one
# with neither a URL nor a date of its own.
SELF_CONTAINED = page(
    "中俄总理会晤",
    "两国总理在北京举行定期会晤，同意深化经贸与能源合作，并签署多项合作文件。",
    url=f"{HOST}/a.html",
    date="2024-03-14T10:30:00+08:00",
).replace("<head>", '<head><meta charset="utf-8">')
GBK = page(
    "国家主席习近平同俄罗斯总统普京通电话",
    "中国国家主席习近平同俄罗斯总统普京通电话。两国元首互致新春问候，回顾过去一年两国关系发展。",
    date="2024-02-08T18:00:00+08:00",
).encode("gbk")
UNDATED = page("两国元首互致新春问候", "双方表示，将继续推进各领域务实合作，造福两国人民。")


def warc_record(kind: str, uri: str, block: bytes, content_type: str) -> bytes:
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {CRAWLED}\r\n"
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def response(uri: str, body: bytes, headers: list[str], status: str = "200 OK") -> bytes:
    http = f"HTTP/1.1 {status}\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n"
    return warc_record("response", uri, http.encode() + body, "application/http; msgtype=response")


def request(uri: str) -> bytes:
    http = f"GET {uri.removeprefix(HOST)} HTTP/1.1\r\nHost: news.example.com\r\n\r\n"
    return warc_record("request", uri, http.encode(), "application/http; msgtype=request")


def chunked(body: bytes, size: int = 64) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def write_warc(path: Path, records: list[bytes]) -> Path:
    """A `.warc`, or a `.warc.gz` gzipped record by record as crawlers write it."""
    if path.name.endswith(".gz"):
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))
    return path


def crawl() -> list[bytes]:
    html = "Content-Type: text/html; charset=utf-8"
    return [
        warc_record("warcinfo", "", b"software: test-crawler\r\n", "application/warc-fields"),
        request(f"{HOST}/a.html"),
        response(f"{HOST}/a.html", SELF_CONTAINED.encode(), [html]),
        request(f"{HOST}/b.html"),
        response(f"{HOST}/b.html", GBK, ["Content-Type: text/html; charset=GBK"]),
        response(
            f"{HOST}/logo.jpg", b"\xff\xd8\xff\xe0" + bytes(200), ["Content-Type: image/jpeg"]
        ),
        request(f"{HOST}/c.html"),
        response(
            f"{HOST}/c.html",
            chunked(gzip.compress(UNDATED.encode())),
            [html, "Transfer-Encoding: chunked", "Content-Encoding: gzip"],
        ),
        response(f"{HOST}/gone.html", b"<html>not found</html>", [html], status="404 Not Found"),
        warc_record("metadata", f"{HOST}/c.html", b"outlinks: 3\r\n", "application/warc-fields"),
    ]


def loose(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "loose" / "news.example.com"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def passed_over_line(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "xinwen"]


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_a_crawl_reads_like_its_pages_saved_as_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, suffix: str
) -> None:
    warc = write_warc(tmp_path / f"crawl{suffix}", crawl())
    files = loose(
        tmp_path, {"a.html": SELF_CONTAINED.encode(), "b.html": GBK, "c.html": UNDATED.encode()}
    )
    caplog.set_level(logging.INFO, logger="xinwen")
    got = xinwen.read_articles(warc)
    assert got["path"].to_list() == [f"{warc}!{HOST}/{n}.html" for n in "abc"]
    assert passed_over_line(caplog) == [
        "passed over 7 archive entries: 3 request, 1 http_status, 1 metadata, 1 not_html, "
        "1 warcinfo"
    ]
    # The GBK page decodes through the charset of the HTTP header alone.
    gbk = got.row(1, named=True)
    assert gbk["title"] == "国家主席习近平同俄罗斯总统普京通电话"
    assert gbk["body"].startswith("中国国家主席习近平同俄罗斯总统普京通电话。")
    assert gbk["encoding"] in ("gbk", "gb18030") and gbk["status"] == "ok", gbk["error"]
    # Saved as files, the same pages give the same rows, except what only the crawl knew: the
    # URL of the pages that do not say theirs, and the crawl time of the one without a date.
    saved = xinwen.read_articles(files)
    expected = saved.with_columns(
        url=pl.when(pl.col("url").is_null())
        .then(pl.lit(HOST) + "/" + pl.col("path").str.split("/").list.last())
        .otherwise("url"),
        published_at=pl.col("published_at").fill_null(pl.lit(CRAWLED_AT)),
        date_source=pl.col("date_source").replace("none", "crawl"),
        error=pl.col("error").str.replace(
            "no publication date", "dated only by when it was crawled"
        ),
    )
    assert_frame_equal(got.drop("path"), expected.drop("path"))
    undated = got.row(2, named=True)
    assert (undated["date_source"], undated["status"]) == ("crawl", "partial")
    assert saved.row(2, named=True)["date_source"] == "none"
    assert got.filter(pl.col("date_source") == "crawl").height == 1


def test_a_truncated_warc_gz_gives_the_pages_before_the_cut_and_one_error(
    tmp_path: Path,
) -> None:
    pages = [
        response(f"{HOST}/{i}.html", page(f"标题{i}", f"第{i}篇报道的正文。" * 5).encode(), [])
        for i in range(4)
    ]
    members = [gzip.compress(r) for r in pages]
    cut = sum(map(len, members[:2])) + len(members[2]) // 2  # inside the third record
    warc = tmp_path / "cut.warc.gz"
    warc.write_bytes(b"".join(members)[:cut])
    got = xinwen.read_articles(warc)
    assert got["path"].to_list() == [
        f"{warc}!{HOST}/0.html",
        f"{warc}!{HOST}/1.html",
        f"{warc}!<after record 2>",
    ]
    assert got["status"].to_list() == ["partial", "partial", "error"]
    assert got["title"].to_list()[:2] == ["标题0", "标题1"]
    assert "record 3" in got["error"][2]


def _sample_archive(path: Path, *, flat: bool = False) -> Path:
    """The sample folder as a zip, tar.gz or tar.zst archive, under `sample/` (with its
    directory entry) or, `flat`, at the archive's root."""
    sample = Path(xinwen.sample_path())
    files = sorted(p for p in sample.iterdir() if p.is_file())
    arc = (lambda f: f.name) if flat else (lambda f: f"sample/{f.name}")
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            if not flat:
                z.mkdir("sample")
            for f in files:
                z.write(f, arc(f))
        return path
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        if not flat:
            t.add(sample, "sample", recursive=False)
        for f in files:
            t.add(f, arc(f))
    data = buf.getvalue()
    if path.name.endswith(".zst"):
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        path.write_bytes(gzip.compress(data))
    return path


@pytest.mark.parametrize(
    ("name", "flat"),
    [
        ("sample.zip", False),
        ("sample.tar.gz", False),
        ("sample.tar.zst", False),
        ("sample.zip", True),
    ],
)
def test_a_packed_sample_reads_like_the_folder(tmp_path: Path, name: str, flat: bool) -> None:
    archive = _sample_archive(tmp_path / name, flat=flat)
    folder = xinwen.read_articles(xinwen.sample_path())
    got = xinwen.read_articles(archive)
    # A member at the archive's root lies in a folder named after it, as unpacking would put it.
    prefix = f"{archive}!" if flat else f"{archive}!sample/"
    names = [Path(p).name for p in folder["path"]]
    assert got["path"].to_list() == [prefix + n for n in names]
    assert_frame_equal(got.drop("path"), folder.drop("path"))


def test_scan_articles_streams_a_crawl_in_batches_of_documents(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = []
    for i in range(50):
        uri = f"{HOST}/{i:02d}.html"
        records += [request(uri), response(uri, page(f"第{i}篇", "正文。" * 10).encode(), [])]
    warc = write_warc(tmp_path / "big.warc.gz", records)
    caplog.set_level(logging.INFO, logger="xinwen")
    frames = list(xinwen.scan_articles(warc, batch_size=20, threads=2))
    assert [f.height for f in frames] == [20, 20, 10]
    assert passed_over_line(caplog) == ["passed over 50 archive entries: 50 request"]
    whole = xinwen.read_articles(warc)
    assert_frame_equal(pl.concat(frames), whole)
    assert whole["title"].to_list() == [f"第{i}篇" for i in range(50)]


def test_write_dataset_over_a_zip_resumes_by_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _sample_archive(tmp_path / "sample.zip")
    expected = xinwen.read_articles(archive)
    n = expected.height
    out = tmp_path / "ds"
    # Interrupted inside the archive, after its first batch of three members was written.
    real, keys = dataset._write_file, []

    def interrupted(frame: pl.DataFrame, folder: Path, key: str, written: list[Path]) -> None:
        if key not in keys:
            keys.append(key)
        if len(keys) == 2:  # the second batch's first file
            raise KeyboardInterrupt
        real(frame, folder, key, written)

    monkeypatch.setattr(dataset, "_write_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        xinwen.write_dataset(archive, out, batch_size=3)
    monkeypatch.setattr(dataset, "_write_file", real)
    again = xinwen.write_dataset(archive, out, batch_size=3)
    assert again == {
        "files": n,
        "skipped": 3,
        "written": n - 3,
        "errors": 0,
        "batches": 2,
        "passed_over": {"directory": 1},
    }
    third = xinwen.write_dataset(archive, out, batch_size=3)
    assert (third["written"], third["skipped"], third["batches"]) == (0, n, 0)
    arts = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    got = arts.drop("year", "month").sort("path")
    assert_frame_equal(got, expected.sort("path"))


def test_a_corrupt_member_is_one_error_row(tmp_path: Path) -> None:
    archive = tmp_path / "damaged.zip"
    pages = {f"p{i}.html": page(f"标题{i}", f"第{i}篇报道的正文。" * 5) for i in range(3)}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for name, text in pages.items():
            z.writestr(name, text)
    data = bytearray(archive.read_bytes())
    at = data.index("第1篇".encode())
    data[at] ^= 0xFF  # the CRC of p1.html no longer matches
    archive.write_bytes(bytes(data))
    got = xinwen.read_articles(archive)
    assert got["path"].to_list() == [f"{archive}!p{i}.html" for i in range(3)]
    assert got["status"].to_list() == ["partial", "error", "partial"]
    assert "corrupt zip member" in got["error"][1] and got["doc_id"][1]
    assert got["title"].to_list() == ["标题0", None, "标题2"]
    stats = xinwen.write_dataset(archive, tmp_path / "ds", tokens=False)
    assert (stats["written"], stats["errors"]) == (3, 1)
    with pytest.raises(xinwen.ArticleError, match=r"p1\.html"):
        xinwen.read_articles(archive, errors="raise")


def test_unopenable_archives_and_oversized_members(tmp_path: Path) -> None:
    (tmp_path / "fake.zip").write_bytes(b"this is not a zip file")
    (tmp_path / "fake.tar.gz").write_bytes(b"\x1f\x8b\x08\x00 and then nothing")
    with zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("small.html", page("小", "短文。"))
        z.writestr("large.html", page("大", "很长的文章。" * 2000))
    got = xinwen.read_articles(tmp_path, max_bytes=5_000).select("path", "status", "error")
    rows = {Path(p).name: (s, e) for p, s, e in got.iter_rows()}
    assert rows.keys() == {
        "big.zip!large.html",
        "big.zip!small.html",
        "fake.zip",
        "fake.tar.gz!<after member 0>",
    }
    assert rows["fake.zip"][0] == "error" and "zip" in rows["fake.zip"][1]
    assert rows["big.zip!large.html"][0] == "error"
    assert rows["big.zip!large.html"][1].startswith("too large")
    assert rows["big.zip!small.html"][0] != "error"
    assert rows["fake.tar.gz!<after member 0>"][0] == "error"


def test_progress_counts_the_documents_of_archives(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    warc = write_warc(tmp_path / "crawl.warc.gz", crawl())
    xinwen.read_articles([warc, xinwen.sample_path() / "plain_note.txt"], progress=True)
    err = capsys.readouterr().err
    assert "4/4" in err  # one file counted up front, three pages found in the crawl


def test_cli_ingest_and_dataset_read_a_zip_and_report_what_was_passed_over(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    archive = _sample_archive(tmp_path / "sample.zip")
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("__MACOSX/sample/._hexo_zaker.md", b"\0\x05\x16\x07")
    out = tmp_path / "out.parquet"
    assert main(["ingest", str(archive), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "passed over 2 archive entries: 1 directory, 1 hidden" in err
    rows = pl.read_parquet(out)
    assert_frame_equal(rows.drop("path"), xinwen.read_articles(xinwen.sample_path()).drop("path"))
    assert main(["dataset", str(archive), "-o", str(tmp_path / "ds"), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"wrote {rows.height} files" in err
    assert "passed over 2 archive entries: 1 directory, 1 hidden" in err


def test_ctrl_c_stops_reading_inside_an_archive() -> None:
    import signal
    import subprocess
    import sys
    import time

    archive = need(SHARED / "bench" / "agora0-2024H1.tar.zst")  # 70,623 members, ~7 s to read
    code = f"import xinwen\nprint('ready', flush=True)\nxinwen.read_articles({str(archive)!r})\n"
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.5)  # inside the archive, in Rust
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    waited = time.perf_counter() - sent
    assert child.returncode != 0 and "KeyboardInterrupt" in err
    assert waited < 2, f"took {waited:.1f} s to stop"

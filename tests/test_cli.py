"""The command line on the built-in sample."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import xinwen
from xinwen.cli import main


def test_summary_on_the_sample(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["summary", "--sample"]) == 0
    out = capsys.readouterr().out
    for layout in (
        "rss_markdown",
        "hexo",
        "jekyll",
        "jekyll_html",
        "portal_text",
        "html_page",
        "plain_text",
    ):
        assert layout in out
    n = len(xinwen.expand_sources(xinwen.sample_path()))
    assert f"{n} files: {n} ok" in out or f"{n} files:" in out


def test_sample_has_every_layout_and_reads_cleanly() -> None:
    df = xinwen.read_articles(xinwen.sample_path())
    assert set(df["layout"]) == {
        "rss_markdown", "hexo", "jekyll", "jekyll_html", "portal_text", "html_page", "plain_text",
    }  # fmt: skip
    assert (df["status"] != "error").all()
    assert df.filter(pl.col("layout") != "plain_text")["published_at"].null_count() == 0


def test_ingest_writes_parquet_and_errors(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "ok.md").write_text((xinwen.sample_path() / "jekyll_zaobao.md").read_text("utf-8"))
    (archive / "empty.md").write_bytes(b"")
    out, errs = tmp_path / "o.parquet", tmp_path / "e.csv"
    code = main(["ingest", str(archive), "-o", str(out), "--errors", str(errs)])
    assert code == 1  # some files unreadable, output still written
    df = pl.read_parquet(out)
    assert df.height == 2
    assert pl.read_csv(errs)["path"].to_list() == [str(archive / "empty.md")]
    csv = tmp_path / "o.csv"
    assert main(["ingest", str(archive / "ok.md"), "-o", str(csv)]) == 0
    assert pl.read_csv(csv)["title"][0] == "中俄总理会晤：将深化经贸与能源合作"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["summary"]) == 2
    assert main(["summary", str(tmp_path / "missing")]) == 2
    r = subprocess.run([sys.executable, "-m", "xinwen", "nonsense"], capture_output=True, text=True)
    assert r.returncode == 2

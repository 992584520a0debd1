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


def test_dataset_command_writes_resumes_and_reports_errors(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "ok.md").write_text((xinwen.sample_path() / "jekyll_zaobao.md").read_text("utf-8"))
    (archive / "empty.md").write_bytes(b"")
    out = tmp_path / "ds"
    assert main(["dataset", str(archive), "-o", str(out), "--partition-by", "outlet"]) == 1
    err = capsys.readouterr().err
    assert "wrote 2 files" in err and "1 files could not be read" in err
    arts = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    assert sorted(arts["status"].to_list()) == ["error", "ok"]
    assert "联合早报" in arts["outlet"].to_list()
    assert any((out / "term_counts").rglob("*.parquet"))
    # A second run writes nothing and finds no new unreadable file.
    assert main(["dataset", str(archive), "-o", str(out), "--partition-by", "outlet"]) == 0
    assert "wrote 0 files" in capsys.readouterr().err
    flat = tmp_path / "flat"
    assert main(["dataset", "--sample", "-o", str(flat), "--partition-by", "", "--no-tokens"]) == 0
    assert not (flat / "term_counts").exists() and len(list((flat / "articles").iterdir())) == 1
    assert main(["dataset", "--sample", "-o", str(flat), "--partition-by", "body"]) == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["summary"]) == 2
    assert main(["summary", str(tmp_path / "missing")]) == 2
    r = subprocess.run([sys.executable, "-m", "xinwen", "nonsense"], capture_output=True, text=True)
    assert r.returncode == 2


def test_trend_cooc_kwic_print_and_write(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["trend", "--sample", "--terms", "普京,习近平", "--every", "1y", "-q"]) == 0
    out = capsys.readouterr().out
    assert "普京" in out and "per" not in out.split("\n")[0]
    trend = tmp_path / "t.csv"
    assert main(["trend", "--sample", "--terms", "普京", "--by", "outlet", "-o", str(trend)]) == 0
    frame = pl.read_csv(trend)
    assert {"period", "outlet", "term", "value"} <= set(frame.columns)
    assert (frame["term"] == "普京").all()

    pairs = tmp_path / "c.parquet"
    assert main(["cooc", "--sample", "--min-count", "1", "--top", "5", "-o", str(pairs)]) == 0
    cooc = pl.read_parquet(pairs)
    assert cooc.height == 5 and cooc["llr"].is_sorted(descending=True)
    assert main(["cooc", "--sample", "--focus", "普京", "--min-count", "1", "-o", str(pairs)]) == 0
    assert (pl.read_parquet(pairs)["term_a"] == "普京").all()

    hits = tmp_path / "k.jsonl"
    assert main(["kwic", "普京", "--sample", "--normalize", "-o", str(hits)]) == 0
    kw = pl.read_ndjson(hits)
    assert kw.height >= 1 and (kw["match"].str.len_chars() > 0).all()
    assert main(["kwic", "[", "--sample", "--regex"]) == 2  # invalid regular expression
    err = capsys.readouterr().err
    assert "invalid regular expression" in err


def test_bars_only_on_a_terminal(tmp_path: Path) -> None:
    # Captured stderr is not a terminal: no progress bar, only the result line.
    out = tmp_path / "o.parquet"
    r = subprocess.run(
        [sys.executable, "-m", "xinwen", "ingest", "--sample", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0
    assert "it/s" not in r.stderr and "files/s" not in r.stderr
    assert r.stderr.strip().startswith("wrote ")


def test_progress_bars_count_files_and_documents(capsys) -> None:  # type: ignore[no-untyped-def]
    n = len(xinwen.expand_sources(xinwen.sample_path()))
    df = xinwen.read_articles(xinwen.sample_path(), progress=True)
    err = capsys.readouterr().err
    assert f"{n}/{n}" in err and "files" in err
    xinwen.term_counts(df, progress=True)
    err = capsys.readouterr().err
    assert f"{df.height}/{df.height}" in err and "docs" in err
    # Errors inside the worker thread reach the caller.
    try:
        xinwen.read_articles("/nonexistent/archive", progress=True)
    except xinwen.SourceNotFoundError as e:
        assert "/nonexistent/archive" in str(e)
    else:
        raise AssertionError("no error")


def test_report_command(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--sample", "-o", str(out), "--terms", "普京,合作", "-q"]) == 0
    page = out.read_text("utf-8")
    for section in ("overview", "volume", "top-terms", "trends", "cooccurrence", "keyness"):
        assert f'id="{section}"' in page
    assert page.count("<svg") >= 3 and "<script" not in page
    # Unreadable files: exit code 1, and the report is still written with their reasons.
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "ok.md").write_text((xinwen.sample_path() / "jekyll_zaobao.md").read_text("utf-8"))
    (archive / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out2 = tmp_path / "r2.html"
    assert main(["report", str(archive), "-o", str(out2), "-q"]) == 1
    page = out2.read_text("utf-8")
    assert "broken.md" in page and 'id="errors"' in page


def test_commands_on_the_seeds(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SEEDS, need

    seeds = str(need(SEEDS))
    out = tmp_path / "seeds.html"
    assert main(["report", seeds, "-o", str(out), "--focus", "普京", "-q"]) == 0
    page = out.read_text("utf-8")
    assert page.count("<svg") >= 3 and 'id="cooccurrence"' in page and "普京" in page
    assert main(["trend", seeds, "--terms", "普京,习近平", "--every", "1y", "-q"]) == 0
    assert "习近平" in capsys.readouterr().out
    assert main(["cooc", seeds, "--focus", "普京", "--min-count", "2", "-q"]) == 0
    assert "普京" in capsys.readouterr().out
    hits = tmp_path / "hits.csv"
    assert main(["kwic", "習近平", seeds, "--normalize", "-o", str(hits), "-q"]) == 0
    kw = pl.read_csv(hits)
    assert {"习近平", "習近平", "Xi Jinping"} & set(kw["match"]) and kw.height >= 5
    # The sample flag also works before the command.
    assert main(["--sample", "trend", "--terms", "合作", "-q"]) == 0


def test_ctrl_c_stops_a_long_call_promptly() -> None:
    import signal
    import time

    from tests.conftest import CORPUS, need

    corpus = str(need(CORPUS))
    code = (
        "import sys, polars as pl, xinwen\n"
        f"df = pl.concat([xinwen.read_articles({corpus!r})] * 10)\n"
        "print('ready', flush=True)\n"
        "xinwen.term_counts(df)  # about 8 s in one Rust call\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.3)  # inside a term_counts call, in Rust
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    waited = time.perf_counter() - sent
    assert child.returncode != 0 and "KeyboardInterrupt" in err
    # Without cancelling, Python would see the signal only when the call returns.
    assert waited < 2, f"took {waited:.1f} s to stop"


def test_version_and_examples_in_help(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"xinwen {xinwen.__version__}"
    for command in ("summary", "ingest", "dataset", "report", "trend", "cooc", "kwic"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "examples:" in text and f"xinwen {command} " in text, command
        if command in ("dataset", "report", "trend", "cooc"):
            assert "--user-dict" in text and "--stopwords" in text and "--script" in text


def test_token_options_reach_the_counting(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    words = tmp_path / "words.txt"
    words.write_text("能源合作 10 n\n", encoding="utf-8")
    args = ["trend", "--sample", "--terms", "能源合作", "--measure", "count", "--every", "1y"]
    assert main([*args, "-q"]) == 0
    plain = capsys.readouterr().out
    assert main([*args, "--user-dict", str(words), "-o", str(tmp_path / "t.csv")]) == 0
    with_word = pl.read_csv(tmp_path / "t.csv")
    # Without the word jieba cuts 能源 + 合作 and the term never occurs; with it, it does.
    assert with_word["count"].sum() > 0 and "能源合作" in plain
    out = tmp_path / "stop.csv"
    assert (
        main(
            [
                "cooc",
                "--sample",
                "--stopwords",
                "none",
                "--min-count",
                "1",
                "--top",
                "0",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "的" in set(pl.read_csv(out)["term_b"]) | set(pl.read_csv(out)["term_a"])
    assert main(["trend", "--sample", "--user-dict", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err

"""Bounded batches and resumable partitioned Parquet."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xinwen
from xinwen import dataset

from tests.conftest import CORPUS, need


def test_scan_articles_batches_cover_the_archive_in_order() -> None:
    whole = xinwen.read_articles(xinwen.sample_path())
    frames = list(xinwen.scan_articles(xinwen.sample_path(), batch_size=3))
    assert [f.height for f in frames] == [3, 3, whole.height - 6]
    assert pl.concat(frames)["path"].to_list() == whole["path"].to_list()
    with pytest.raises(xinwen.InvalidOptionError, match="batch_size"):
        next(xinwen.scan_articles(xinwen.sample_path(), batch_size=0))


def test_scan_articles_walks_overlapping_sources_once() -> None:
    sample = Path(xinwen.sample_path())
    files = xinwen.expand_sources(str(sample))
    # The directory, then a glob and a file that name some of its files again.
    sources = [str(sample), str(sample / "*"), files[0]]
    frames = list(xinwen.scan_articles(sources, batch_size=2))
    paths = pl.concat(frames)["path"].to_list()
    assert paths == files
    with pytest.raises(xinwen.SourceNotFoundError):
        xinwen.scan_articles([str(sample), str(sample / "nope" / "*.md")]).__next__()


def test_write_dataset_writes_only_files_added_since(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    files = [Path(f) for f in xinwen.expand_sources(xinwen.sample_path())]
    for f in files[:-2]:
        (archive / f.name).write_bytes(f.read_bytes())
    (archive / "broken.html").write_bytes(bytes(range(256)) * 40)  # binary: an error row
    out = tmp_path / "ds"
    first = xinwen.write_dataset(archive, out, batch_size=4)
    assert first["written"] == len(files) - 1 and first["errors"] == 1
    for f in files[-2:]:
        (archive / f.name).write_bytes(f.read_bytes())
    again = xinwen.write_dataset(archive, out, batch_size=4)
    assert again["files"] == len(files) + 1 and again["skipped"] == len(files) - 1
    assert again["written"] == 2 and again["errors"] == 0 and again["batches"] == 1
    arts = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    names = ["broken.html", *(f.name for f in files)]
    assert sorted(Path(p).name for p in arts["path"]) == sorted(names)
    broken = arts.filter(pl.col("path").str.ends_with("broken.html"))
    assert broken["status"].to_list() == ["error"] and "binary" in broken["error"][0]


def test_write_dataset_partitions_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    first = xinwen.write_dataset(xinwen.sample_path(), out, batch_size=3)
    n = len(xinwen.expand_sources(xinwen.sample_path()))
    errors = xinwen.read_articles(xinwen.sample_path())["status"].eq("error").sum()
    assert first == {
        "files": n, "skipped": 0, "written": n, "errors": errors, "batches": 3, "passed_over": {},
    }  # fmt: skip
    assert xinwen.write_dataset(xinwen.sample_path(), out)["written"] == 0
    arts = pl.scan_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    got = arts.select("path", "year", "month", "published_at").collect()
    assert got.height == n and got["path"].n_unique() == n
    dated = got.filter(pl.col("year") > 0)
    local = dated["published_at"].dt.convert_time_zone("Asia/Shanghai")
    assert (dated["year"] == local.dt.year()).all() and (dated["month"] == local.dt.month()).all()
    counts = pl.scan_parquet(out / "term_counts" / "**" / "*.parquet", hive_partitioning=True)
    expected = xinwen.term_counts(xinwen.read_articles(xinwen.sample_path()))
    assert counts.select(pl.col("count").sum()).collect().item() == expected["count"].sum()


@pytest.mark.parametrize("stop_at", ["term_counts", "articles"])
def test_interrupted_write_leaves_complete_files_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_at: str
) -> None:
    # Each partition of a batch goes term counts, corpus tables, then articles: stopping at the
    # second batch's first term counts file interrupts it before anything of it is written, at
    # its first articles file after its counts and corpus tables (orphans to clean up).
    out = tmp_path / "ds"
    real = dataset._write_file
    keys: list[str] = []

    def flaky(frame: pl.DataFrame, folder: Path, key: str, written: list[Path]) -> None:
        if key not in keys:
            keys.append(key)
        if len(keys) == 2 and stop_at in folder.relative_to(out).parts[:1]:
            # As if Ctrl-C arrived here, leaving a half-written file behind.
            tmp = folder / f".part-{key}.parquet.tmp"
            tmp.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(b"PAR1")
            written.append(tmp)
            raise KeyboardInterrupt
        real(frame, folder, key, written)

    monkeypatch.setattr(dataset, "_write_file", flaky)
    with pytest.raises(KeyboardInterrupt):
        xinwen.write_dataset(xinwen.sample_path(), out, batch_size=3)
    assert not list(out.rglob("*.tmp"))
    for f in out.rglob("*.parquet"):
        pl.read_parquet(f)  # every file left is complete
    monkeypatch.setattr(dataset, "_write_file", real)
    again = xinwen.write_dataset(xinwen.sample_path(), out, batch_size=3)
    n = len(xinwen.expand_sources(xinwen.sample_path()))
    assert again["skipped"] == 3 and again["written"] == n - 3
    arts = pl.scan_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    assert arts.select(pl.col("path").n_unique(), pl.len()).collect().row(0) == (n, n)
    counts = pl.scan_parquet(out / "term_counts" / "**" / "*.parquet", hive_partitioning=True)
    expected = xinwen.term_counts(xinwen.read_articles(xinwen.sample_path()))
    assert counts.select(pl.col("count").sum()).collect().item() == expected["count"].sum()


def test_write_dataset_on_the_corpus_month_partitions(tmp_path: Path) -> None:
    corpus = need(CORPUS)
    stats = xinwen.write_dataset(corpus, tmp_path / "ds", tokens=False, batch_size=4000)
    assert stats["written"] == stats["files"] > 12_000 and stats["batches"] == 4
    months = {p.parent.name for p in (tmp_path / "ds" / "articles").rglob("part-*.parquet")}
    assert "month=02" in months and len(months) == 12


def test_write_dataset_partitions_by_outlet_and_reads_back(tmp_path: Path) -> None:
    whole = xinwen.read_articles(xinwen.sample_path())
    out = tmp_path / "ds"
    xinwen.write_dataset(xinwen.sample_path(), out, partition_by=("outlet", "year"))
    arts_root = out / "articles"
    folders = {p.parent.relative_to(arts_root).parts[0] for p in arts_root.rglob("part-*")}
    # Chinese names are percent-encoded; the article without an outlet gets Hive's null folder.
    assert "outlet=__HIVE_DEFAULT_PARTITION__" in folders
    assert any("%" in f for f in folders)
    arts = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    got = arts.select("path", "outlet").sort("path")
    assert got.equals(whole.select("path", "outlet").sort("path"))
    counts = pl.read_parquet(out / "term_counts" / "**" / "*.parquet", hive_partitioning=True)
    per_outlet = counts.group_by("outlet").agg(pl.col("count").sum())
    expected = (
        xinwen.term_counts(whole)
        .join(whole.select("doc_id", "outlet"), on="doc_id")
        .group_by("outlet")
        .agg(pl.col("count").sum())
    )
    assert per_outlet.sort("outlet", nulls_last=True).equals(
        expected.sort("outlet", nulls_last=True)
    )


def test_write_dataset_without_partitions_and_bad_keys(tmp_path: Path) -> None:
    stats = xinwen.write_dataset(xinwen.sample_path(), tmp_path / "flat", partition_by=())
    files = list((tmp_path / "flat" / "articles").iterdir())
    assert stats["batches"] == 1 and len(files) == 1 and files[0].suffix == ".parquet"
    for bad in (("year", "body"), ("year", "year"), 3):
        with pytest.raises(xinwen.InvalidOptionError, match="partition"):
            xinwen.write_dataset(xinwen.sample_path(), tmp_path / "bad", partition_by=bad)  # type: ignore[arg-type]


def test_ctrl_c_during_xinwen_dataset_leaves_complete_files_that_resume(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    corpus = need(CORPUS)
    out = tmp_path / "ds"
    cmd = [sys.executable, "-m", "xinwen", "dataset", str(corpus), "-o", str(out), "-q"]
    child = subprocess.Popen([*cmd, "--batch-size", "500"], stderr=subprocess.PIPE, text=True)
    # Interrupt once the first batch is written, in the middle of the run.
    deadline = time.monotonic() + 60
    while not any((out / "articles").rglob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert child.returncode == 130 and "the same command again" in err
    assert not list(out.rglob("*.tmp"))
    done = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    for f in out.rglob("*.parquet"):
        pl.read_parquet(f)  # every file left is complete
    again = subprocess.run([*cmd, "--batch-size", "2000"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    arts = pl.read_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True)
    n = len(xinwen.expand_sources(corpus))
    assert done.height > 0 and arts.height == n and arts["path"].n_unique() == n
    counts = pl.scan_parquet(out / "term_counts" / "**" / "*.parquet", hive_partitioning=True)
    assert counts.select(pl.col("doc_id").n_unique()).collect().item() > 0.9 * n

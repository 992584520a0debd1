"""xinwen.dask on a two-worker local cluster: the same rows, dataset and analyses as one process."""

from __future__ import annotations

import os
import shutil
import textwrap
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import xinwen
from polars.testing import assert_frame_equal

from tests.conftest import CORPUS, SEEDS, need

pytest.importorskip("dask.dataframe", reason="xinwen[dask] is not installed (dask[dataframe])")
distributed = pytest.importorskip("distributed", reason="xinwen[dask] is not installed")

import xinwen.dask  # noqa: E402

#: A slice of the shared corpus, as three sources in path order (so that the walk's order, one
#: source after the other, is also read_articles's).
SLICE = ("NodeBE4+society", "agora0+2201", "duty-machine+news")


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def corpus_slice() -> list[str]:
    return [str(need(CORPUS / name)) for name in SLICE]


def _frame(ddf: object) -> pl.DataFrame:
    return pl.from_pandas(ddf.compute())  # type: ignore[attr-defined]


def test_read_articles_gives_the_single_machine_rows_in_order(client: distributed.Client) -> None:
    want = xinwen.read_articles(xinwen.sample_path())
    ddf = xinwen.dask.read_articles(xinwen.sample_path(), files_per_partition=3)
    assert ddf.npartitions == -(-want.height // 3)
    got = _frame(ddf)
    assert got.columns == want.columns
    assert_frame_equal(got, want)


def test_read_articles_on_the_seeds_and_a_corpus_slice(
    client: distributed.Client, corpus_slice: list[str]
) -> None:
    seeds = str(need(SEEDS))
    assert_frame_equal(
        _frame(xinwen.dask.read_articles(seeds, files_per_partition=2)),
        xinwen.read_articles(seeds),
    )
    got = _frame(xinwen.dask.read_articles(corpus_slice, files_per_partition=100))
    assert_frame_equal(got, xinwen.read_articles(corpus_slice))
    # Sources in any order give the rows in path order, as read_articles sorts them.
    backwards = corpus_slice[::-1]
    got = _frame(xinwen.dask.read_articles(backwards, files_per_partition=100))
    assert_frame_equal(got, xinwen.read_articles(backwards))


def test_partitions_walk_only_their_own_range(tmp_path: Path) -> None:
    # The ranges the client keeps: where each partition starts and ends, never its files.
    for rel in ("a/1.md", "a/b/2.md", "a-b/3.md", "c.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("标题\n\n正文。", encoding="utf-8")
    ranges, skipped = xinwen._core.walk_ranges([str(tmp_path)], 2, [str(tmp_path / "a-b/3.md")])
    names = [(Path(first).relative_to(tmp_path), n) for _, first, _, n in ranges]
    assert names == [(Path("a/1.md"), 2), (Path("c.md"), 1)] and skipped == 1
    paths = xinwen.read_articles(tmp_path)["path"].to_list()
    assert paths[:2] == [ranges[0][1], ranges[0][2]]


def _dataset_rows(out: Path) -> pl.DataFrame:
    return (
        pl.scan_parquet(f"{out}/articles/**/*.parquet", hive_partitioning=True)
        .collect()
        .sort("path")
    )


def test_write_dataset_matches_the_single_machine_dataset(
    client: distributed.Client, corpus_slice: list[str], tmp_path: Path
) -> None:
    alone, cluster = tmp_path / "alone", tmp_path / "cluster"
    want = xinwen.write_dataset(corpus_slice, alone, batch_size=100)
    got = xinwen.dask.write_dataset(corpus_slice, cluster, client=client, batch_size=100)
    assert {k: got[k] for k in ("files", "written", "errors", "skipped")} == {
        k: want[k] for k in ("files", "written", "errors", "skipped")
    }
    assert got["batches"] >= 4
    assert_frame_equal(_dataset_rows(cluster), _dataset_rows(alone))
    a, b = xinwen.Corpus.load(alone), xinwen.Corpus.load(cluster)
    assert_frame_equal(b.vocabulary, a.vocabulary)
    assert not list(cluster.rglob("*.tmp"))
    # A finished dataset is left as it is.
    again = xinwen.dask.write_dataset(corpus_slice, cluster, client=client, batch_size=100)
    assert (again["written"], again["skipped"]) == (0, want["written"])


def test_an_interrupted_dataset_resumes_without_duplicates(
    client: distributed.Client, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(xinwen.sample_path(), src)
    out = tmp_path / "out"
    xinwen.dask.write_dataset(src, out, client=client, batch_size=3, partition_by=())
    full = _dataset_rows(out)
    # A batch cut short: its term counts and corpus tables written, its articles not; and a
    # temporary file a killed worker left.
    victim = sorted((out / "articles").glob("part-*.parquet"))[0]
    lost = pl.read_parquet(victim).height
    victim.unlink()
    (out / "articles" / ".part-dead.parquet.tmp").write_bytes(b"half")
    stats = xinwen.dask.write_dataset(src, out, client=client, batch_size=3, partition_by=())
    assert stats["written"] == lost and stats["skipped"] == full.height - lost
    assert_frame_equal(_dataset_rows(out), full)
    assert not list(out.rglob("*.tmp"))
    counts = pl.scan_parquet(f"{out}/term_counts/**/*.parquet").collect()
    assert counts["doc_id"].n_unique() <= full.height
    assert_frame_equal(
        xinwen.Corpus.load(out).vocabulary,
        xinwen.Corpus(xinwen.read_articles(src)).vocabulary,
    )


def test_a_task_run_twice_replaces_its_files(tmp_path: Path) -> None:
    # What Dask does when a worker dies mid-task: the task runs again elsewhere.
    from xinwen.dask import _write_range

    sources = [str(xinwen.sample_path())]
    (ranges, _) = xinwen._core.walk_ranges(sources, 100, [])
    xinwen.dataset._prepare(tmp_path, xinwen.tokens._segmenter(None))
    task = {
        "sources": sources, "out": str(tmp_path), "parts": ("year",), "timezone": "Asia/Shanghai",
        "seg": xinwen.tokens._segmenter(None), "threads": 1, "max_bytes": 10**6, "docs_per_batch": 4,
    }  # fmt: skip
    first = _write_range(ranges[0], [], **task)
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("part-*.parquet"))
    second = _write_range(ranges[0], [], **task)
    assert first == second
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("part-*.parquet")) == files
    assert _dataset_rows(tmp_path).height == first["written"]


def test_a_worker_killed_mid_task_has_its_task_redone_without_duplicates(
    tmp_path: Path,
) -> None:
    import signal
    import threading

    src = need(CORPUS / "agora0+2201")
    out = tmp_path / "out"
    want = xinwen.read_articles(src).height
    # A cluster of its own, as one of its workers dies.
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        done: list[object] = []

        def run() -> None:
            # One task of one-document batches: hundreds of files written one after another.
            try:
                done.append(
                    xinwen.dask.write_dataset(
                        src, out, client=c, batch_size=1, files_per_task=10_000
                    )
                )
            except BaseException as e:  # pragma: no cover - reported below
                done.append(e)

        writer = threading.Thread(target=run)
        writer.start()
        deadline = time.monotonic() + 120
        while not list((out / "articles").rglob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.01)
        busy = [addr for addr, keys in c.processing().items() if keys]
        assert busy, "the task ended before a worker could be killed"
        pid = c.run(os.getpid, workers=busy)[busy[0]]
        os.kill(pid, signal.SIGKILL)
        writer.join(180)
        assert len(done) == 1 and isinstance(done[0], dict), done
    rows = _dataset_rows(out)
    assert rows.height == want and rows["path"].n_unique() == want
    assert not list(out.rglob("*.tmp"))
    assert_frame_equal(
        xinwen.Corpus.load(out).vocabulary, xinwen.Corpus(xinwen.read_articles(src)).vocabulary
    )


@pytest.fixture(scope="module")
def dataset(corpus_slice: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    # Small batches: many parts, so that the merges have something to add up.
    xinwen.write_dataset(corpus_slice, out, batch_size=60)
    return out


def test_analyses_equal_the_single_machine_ones(
    client: distributed.Client, dataset: Path, corpus_slice: list[str]
) -> None:
    loaded = xinwen.Corpus.load(dataset)
    fresh = xinwen.Corpus(xinwen.read_articles(corpus_slice))
    assert len(list((dataset / "articles").rglob("*.parquet"))) > 8
    for single in (loaded, fresh):
        assert_frame_equal(xinwen.dask.vocabulary(dataset), single.vocabulary)
        assert_frame_equal(
            xinwen.dask.term_trend(dataset, by="outlet", measure="share_of_docs", top=5),
            xinwen.term_trend(single, by="outlet", measure="share_of_docs", top=5),
        )
        groups = {"中俄": ["中国", "俄罗斯"], "美国": ["美国"]}
        assert_frame_equal(
            xinwen.dask.term_trend(dataset, groups, every="1q", smooth=2),
            xinwen.term_trend(single, groups, every="1q", smooth=2),
        )
        target = pl.col("outlet") == single.articles["outlet"].mode()[0]
        assert_frame_equal(
            xinwen.dask.keyness(dataset, target, top=20),
            xinwen.keyness(single, target, top=20),
        )
        for window in ("sentence", "document", 5):
            # Long documents are cut into windows of 1,000 tokens: both say how many, alike.
            with warnings.catch_warnings(record=True) as said_here:
                warnings.simplefilter("always", xinwen.XinwenWarning)
                got = xinwen.dask.cooccurrence(dataset, "中国", window=window, min_count=3)
            with warnings.catch_warnings(record=True) as said_there:
                warnings.simplefilter("always", xinwen.XinwenWarning)
                want = xinwen.cooccurrence(single, focus="中国", window=window, min_count=3)
            assert [str(w.message) for w in said_here] == [str(w.message) for w in said_there]
            assert_frame_equal(got, want)
    assert xinwen.dask.top_terms(dataset, 3)["term"].to_list() == (
        loaded.vocabulary["term"].head(3).to_list()
    )


def test_analyses_of_some_partitions(client: distributed.Client, dataset: Path) -> None:
    where = pl.col("year") == 2022
    part = xinwen.Corpus.load(dataset, where=where)
    assert 0 < len(part) < len(xinwen.Corpus.load(dataset))
    assert_frame_equal(xinwen.dask.vocabulary(dataset, where=where), part.vocabulary)
    assert_frame_equal(
        xinwen.dask.cooccurrence(dataset, ["中国", "美国"], where=where, min_count=2, top=30),
        xinwen.cooccurrence(part, focus=["中国", "美国"], min_count=2, top=30),
    )
    assert_frame_equal(
        xinwen.dask.term_trend(dataset, ["中国"], by="year", where=where),
        xinwen.term_trend(part, ["中国"], by="year"),
    )


def test_workers_take_their_share_of_the_cores(client: distributed.Client) -> None:
    share = xinwen.dask.share_threads(client)
    cores = len(os.sched_getaffinity(0))
    assert share == max(1, cores // 2)
    xinwen.dask.read_articles(xinwen.sample_path()).compute()
    assert set(client.run(xinwen.get_threads).values()) == {share}


def test_options_are_checked(client: distributed.Client, tmp_path: Path) -> None:
    with pytest.raises(xinwen.InvalidOptionError, match="files_per_partition must be"):
        xinwen.dask.read_articles(xinwen.sample_path(), files_per_partition=0)
    with pytest.raises(xinwen.InvalidOptionError, match="not a dataset written with tokens"):
        xinwen.dask.vocabulary(tmp_path)
    with pytest.raises(xinwen.SourceNotFoundError):
        xinwen.dask.read_articles(tmp_path / "nope")


# The README's recipes for other engines: run when the engine is installed (it is not in CI).


def _recipe(name: str) -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"<!-- recipe: {name} -->")
    code = readme[start:].split("```python\n", 1)[1].split("```", 1)[0]
    return textwrap.dedent(code)


def test_the_ray_recipe(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed: the Ray Data recipe is not run")
    scope: dict[str, object] = {"ARCHIVE": str(xinwen.sample_path())}
    exec(_recipe("ray"), scope)
    assert_frame_equal(
        pl.DataFrame(scope["counts"]).sort("doc_id", "term"),
        xinwen.term_counts(xinwen.read_articles(xinwen.sample_path())).sort("doc_id", "term"),
        check_dtypes=False,
    )


def test_the_spark_recipe(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed: the Spark recipe is not run")
    scope: dict[str, object] = {"ARCHIVE": str(xinwen.sample_path())}
    exec(_recipe("spark"), scope)
    assert_frame_equal(
        pl.DataFrame(scope["counts"]).sort("doc_id", "term"),
        xinwen.term_counts(xinwen.read_articles(xinwen.sample_path())).sort("doc_id", "term"),
        check_dtypes=False,
    )


def test_importing_xinwen_imports_no_dask() -> None:
    import subprocess
    import sys

    code = (
        "import sys, xinwen; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""Processes and threads: forked children, thread counts, and calls from many threads."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import warnings

import polars as pl
import pytest
import xinwen
from xinwen.errors import InvalidOptionError

TEXT = "国家主席习近平同俄罗斯总统普京举行会谈。两国元首就双边关系交换意见。"


def _child_work() -> int:
    df = xinwen.read_articles(xinwen.sample_path())
    counts = xinwen.term_counts(pl.DataFrame({"doc_id": ["a"], "body": [TEXT]}))
    return df.height + counts.height


def _wait(pid: int, seconds: float) -> int | None:
    """The child's exit status, or None (after killing it) if it is still running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_a_child_forked_after_the_parent_used_the_core_works() -> None:
    expected = _child_work()  # the parent's pools now exist
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() in a process with threads: that is the point here.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os._exit(0 if _child_work() == expected else 1)
        except BaseException:
            os._exit(2)
    assert _wait(pid, 60) == 0, "the forked child hung or failed"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_analyses_in_a_forked_child_raise_instead_of_hanging_in_polars() -> None:
    """Polars' thread pool does not survive fork(): a query that needs it would hang the child.
    xinwen's analyses say so with ForkError, at once, and name the remedy."""
    df = xinwen.read_articles(xinwen.sample_path())
    xinwen.summarize(df)  # the parent's Polars pool is running
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 3
        try:
            xinwen.term_trend(df, ["普京"])
            code = 1  # Polars answered after all: acceptable, and the test says which
        except xinwen.ForkError as e:
            code = 0 if "spawn" in str(e) and "term_trend" in str(e) else 2
        except BaseException:
            code = 2
        os._exit(code)
    assert _wait(pid, 60) in (0, 1)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork start method"
)
def test_a_fork_pool_of_workers_reads() -> None:
    _child_work()
    ctx = multiprocessing.get_context("fork")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with ctx.Pool(2) as pool:
            result = pool.map_async(_child_work_arg, range(4))
            got = result.get(timeout=60)
    assert len(set(got)) == 1 and got[0] > 0


def _child_work_arg(_: int) -> int:
    return _child_work()


@pytest.mark.parametrize("threads", [0, -1, 1025, 10**4, 2**70])
def test_thread_counts_out_of_range_are_refused(threads: int) -> None:
    with pytest.raises(InvalidOptionError, match="threads"):
        xinwen.read_articles(xinwen.sample_path(), threads=threads)


def test_calls_from_many_threads_at_once_give_the_same_rows() -> None:
    from concurrent.futures import ThreadPoolExecutor

    one = xinwen.read_articles(xinwen.sample_path())
    with ThreadPoolExecutor(4) as ex:
        many = list(
            ex.map(lambda t: xinwen.read_articles(xinwen.sample_path(), threads=t), [1, 2, 3, None])
        )
    for df in many:
        assert df.equals(one)

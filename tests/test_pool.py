"""One process-wide thread setting for the core: set_threads and XINWEN_THREADS."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import xinwen

from tests.test_reliability import _wait

TASKS = Path("/proc/self/task")
pytestmark = pytest.mark.skipif(not TASKS.exists(), reason="counts threads in /proc")


def _pool_threads() -> int:
    """The core's worker threads now running in this process (named xinwen-0, xinwen-1, ...)."""
    names = []
    for task in TASKS.iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:  # the thread ended meanwhile
            pass
    return sum(1 for n in names if n.startswith("xinwen-") and n[7:].isdigit())


def _started(before: int, expected: int) -> int:
    """How many pool threads started since ``before``, once ``expected`` have (a new thread
    names itself as it starts, so the last ones may not be named yet); at most 10 s."""
    deadline = time.monotonic() + 10
    while (started := _pool_threads() - before) < expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return started


def _count() -> None:
    xinwen.term_counts(pl.DataFrame({"doc_id": ["a"], "body": ["普京访华。习近平会见普京。"]}))


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("XINWEN_THREADS", raising=False)
    yield
    xinwen.set_threads(None)


def test_calls_without_threads_run_on_the_set_number() -> None:
    # Pools are kept by size: a size no other test uses starts exactly that many threads.
    before = _pool_threads()
    xinwen.set_threads(7)
    assert xinwen.get_threads() == 7
    _count()
    assert _started(before, 7) == 7


def test_the_environment_variable_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _pool_threads()
    monkeypatch.setenv("XINWEN_THREADS", "6")
    assert xinwen.get_threads() == 6
    _count()
    assert _started(before, 6) == 6
    xinwen.set_threads(2)  # the call wins over the environment
    assert xinwen.get_threads() == 2
    monkeypatch.setenv("XINWEN_THREADS", "many")  # not a count: every core
    xinwen.set_threads(None)
    assert xinwen.get_threads() == len(os.sched_getaffinity(0))


def test_bad_settings_are_refused() -> None:
    with pytest.raises(xinwen.InvalidOptionError, match="between 1 and 1024"):
        xinwen.set_threads(0)
    with pytest.raises(xinwen.InvalidOptionError, match="between 1 and 1024"):
        xinwen.set_threads(5000)
    with pytest.raises(TypeError, match="int or None"):
        xinwen.set_threads("2")  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_a_forked_child_keeps_the_setting_with_pools_of_its_own() -> None:
    xinwen.set_threads(3)
    _count()  # the parent's pool of 3 runs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fresh = _pool_threads() == 0
            _count()
            os._exit(0 if fresh and xinwen.get_threads() == 3 and _started(0, 3) == 3 else 1)
        except BaseException:
            os._exit(2)
    assert _wait(pid, 60) == 0, "the forked child did not build its own pool of 3"

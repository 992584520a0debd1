"""Progress bars and Ctrl-C for long calls into the Rust core.

The call runs on a worker thread (the core releases the GIL) while this thread waits in short
steps, so Python sees Ctrl-C at once: it asks the core to stop (the remaining files or documents
are skipped), waits for the worker, and raises ``KeyboardInterrupt``. With a bar, this thread also
polls the core's counter and draws a ``tqdm.auto`` bar: a widget in Jupyter, text on a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from xinwen import _core

T = TypeVar("T")

__all__ = ["new_bar", "with_progress"]


def new_bar(*, desc: str, unit: str, file: Any = None) -> Any:
    """A ``tqdm.auto`` bar with no total yet (a widget in Jupyter), or ``None`` without tqdm."""
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(desc=desc, unit=unit, total=None, file=file, dynamic_ncols=True)


def with_progress(
    call: Callable[[Any], T], *, enabled: bool, desc: str, unit: str, file: Any = None
) -> T:
    """Run ``call(progress)`` on a worker thread; with ``enabled``, draw a bar from the counter
    it advances. Ctrl-C stops the call and raises ``KeyboardInterrupt``."""
    progress = _core.Progress()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = call(progress)
        except BaseException as e:  # handed to the caller below
            outcome["error"] = e

    worker = threading.Thread(target=work, name="xinwen-work", daemon=True)
    bar = new_bar(desc=desc, unit=unit, file=file) if enabled else None
    worker.start()
    try:
        while True:
            worker.join(0.1)
            # Read the counter after checking, so the last reading is the final count.
            alive = worker.is_alive()
            if bar is not None:
                done, total = progress.get()
                if total and bar.total != total:
                    bar.total = total
                bar.update(done - bar.n)
            if not alive:
                break
    except KeyboardInterrupt:
        progress.cancel()
        worker.join()
        raise
    finally:
        if bar is not None:
            bar.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]

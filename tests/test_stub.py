"""The hand-written stub `_core.pyi` matches the compiled module, and the package is typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import xinwen


def test_stubtest() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "xinwen._core"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_py_typed_and_all() -> None:
    assert (Path(xinwen.__file__).parent / "py.typed").exists()
    for name in xinwen.__all__:
        assert hasattr(xinwen, name), name

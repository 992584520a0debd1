"""The built-in sample archive: a handful of short articles we wrote, one per supported layout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["sample_path"]


def sample_path() -> Path:
    """Folder of the built-in sample archive (one short hand-written article per layout).

    Examples
    --------
    >>> import xinwen
    >>> xinwen.sample_path().is_dir()
    True
    """
    return Path(__file__).parent / "data" / "sample"

"""Shared fixtures: where the real data lives, and skipping cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
import xinwen
from hypothesis import settings

# Property tests run the same examples on every run, so CI never fails on a draw no one can
# reproduce; `HYPOTHESIS_PROFILE=explore pytest` draws new ones.
settings.register_profile("xinwen", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "xinwen"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's shared data next to the repo")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, dict[str, object]]:
    """The five seed articles, read once, keyed by their number ('000'..'004')."""
    df = xinwen.read_articles(need(SEEDS))
    return {Path(r["path"]).name[:3]: r for r in df.iter_rows(named=True)}


@pytest.fixture(scope="session")
def corpus() -> pl.DataFrame:
    """The whole shared corpus, read once."""
    return xinwen.read_articles(need(CORPUS))

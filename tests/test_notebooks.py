"""The notebooks in notebooks/ run top to bottom, and are committed without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("sklearn")
pytest.importorskip("altair")

NOTEBOOKS = REPO / "notebooks"
# Notebooks that read the shared corpus and cannot fall back to the built-in sample.
NEEDS_CORPUS = {"02_china_russia_2022_2025.ipynb"}
ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_the_notebooks_are_there() -> None:
    assert {"01_quickstart.ipynb", "02_china_russia_2022_2025.ipynb", "03_pipeline.ipynb"} <= set(
        ALL
    )


@pytest.mark.parametrize("name", ALL)
def test_committed_without_outputs(name: str) -> None:
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, f"{name} has no code cells"
    dirty = [i for i, c in enumerate(code) if c.get("outputs") or c.get("execution_count")]
    assert not dirty, f"{name}: clear the outputs of code cells {dirty} before committing"
    nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))


# Jupyter's own deprecation notices (platform dirs, zmq) are not ours to fix.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", ALL)
def test_runs_top_to_bottom(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if name in NEEDS_CORPUS and not CORPUS.is_dir():
        pytest.skip(f"{name} reads the shared corpus, and {CORPUS} is absent")
    # The notebooks find the corpus through XINWEN_CORPUS; point it at the one tests use.
    monkeypatch.setenv("XINWEN_CORPUS", str(CORPUS))
    path: Path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:
        pytest.fail(f"{name} failed:\n{e}")
    errors = [
        (i, out.get("ename"), out.get("evalue"))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{name}: cells raised {errors}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{name}: some code cells did not run"

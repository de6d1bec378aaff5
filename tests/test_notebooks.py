"""Every notebook runs top to bottom (a notebook that breaks fails CI) and is committed
without outputs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from framing import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_all_six_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_corpus_overview",
        "02_stance_by_outlet",
        "03_framing_across_sources",
        "04_german_nato_excerpts",
        "05_media_literacy_lesson",
        "06_validation",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(notebook: Path):
    book = nbformat.read(notebook, as_version=4)
    assert all(
        not cell.get("outputs") and cell.get("execution_count") is None
        for cell in book.cells
        if cell.cell_type == "code"
    )


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(notebook: Path, monkeypatch):
    # The kernel must be this interpreter (the project's .venv), whatever PATH says.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    book = nbformat.read(notebook, as_version=4)
    NotebookClient(
        book, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "every notebook shows at least one figure"

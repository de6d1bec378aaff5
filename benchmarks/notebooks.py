"""How long each notebook takes to run, run after run."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framing import paths


@dataclass
class NotebookTimes:
    """Seconds each notebook took to run top to bottom, run after run (caches as they are)."""

    seconds: dict[str, list[float]]

    def format(self) -> str:
        lines = ["notebook run times (seconds; kernel start included; later runs reuse the caches):"]
        for name, runs in self.seconds.items():
            lines.append(f"  {name:32s} " + "  ".join(f"run {i + 1}: {s:5.1f}" for i, s in enumerate(runs)))
        return "\n".join(lines)


def time_notebooks(notebooks: Sequence[Path] | None = None, *, runs: int = 2) -> NotebookTimes:
    """Run each notebook `runs` times in a kernel of this interpreter and time each run.
    The first run fills the result and feature caches if they are empty, so the last run
    is the time of re-running a notebook while writing. A cell error raises nbclient's
    CellExecutionError, naming the cell."""
    import os
    import sys

    import nbformat
    from nbclient import NotebookClient

    notebooks = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) if notebooks is None else list(notebooks)
    # The kernel must be this interpreter (the project's .venv), whatever PATH says.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    seconds: dict[str, list[float]] = {}
    for notebook in notebooks:
        for _ in range(runs):
            book = nbformat.read(notebook, as_version=4)
            started = time.perf_counter()
            client = NotebookClient(book, timeout=600, kernel_name="python3")
            client.execute(cwd=str(notebook.parent))
            seconds.setdefault(notebook.stem, []).append(time.perf_counter() - started)
    return NotebookTimes(seconds)

"""Run `python -m framing ...` the way a user does, from the project root."""

from __future__ import annotations

import os
import subprocess
import sys

from framing import paths


def run_framing(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command's exit code, stdout and stderr (text); `env` adds to the environment.
    The interpreter's folder leads PATH, so tools it starts (Dask workers) are this venv's."""
    path = f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "framing", *args],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        env={**os.environ, "PATH": path, **(env or {})},
        check=False,
    )

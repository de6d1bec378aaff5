"""Run `python -m framing ...` the way a user does, from the project root."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

from framing import paths


def run_framing(
    *args: str,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """The command's exit code, stdout and stderr (text); `env` adds to the environment;
    `prefix` runs it through another command (such as `setpriv ...`). The interpreter's
    folder leads PATH, so tools it starts (Dask workers) are this venv's."""
    return subprocess.run(
        [*prefix, *framing_command(*args)],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        env=framing_env(env),
        check=False,
        timeout=timeout,
    )


def framing_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "framing", *args]


def framing_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    path = f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, **(extra or {})}

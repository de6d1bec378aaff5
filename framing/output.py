"""Writing tables to disk: deterministically (same tables, same bytes) and atomically
(one file by a rename; a set of tables by `framing.run.tables.TableSet`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from framing.run.tables import write_tables

__all__ = ["write_atomic", "write_tables"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

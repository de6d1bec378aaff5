"""Writing tables to disk: atomically, deterministically (same tables, same bytes)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from framing.types import Tags


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


def table_to_csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(tags: Tags, out_dir: str | Path, *, parquet: bool = True) -> list[Path]:
    """Write every table of `tags` as `<name>.csv` (and `.parquet` when pyarrow is
    installed and `parquet` is true). Returns the paths written."""
    out = Path(out_dir)
    written = []
    for name, table in tags.tables().items():
        path = out / f"{name}.csv"
        write_atomic(path, table_to_csv_bytes(table))
        written.append(path)
        if parquet and _has_pyarrow():
            import io

            buffer = io.BytesIO()
            table.to_parquet(buffer, index=False)
            path = out / f"{name}.parquet"
            write_atomic(path, buffer.getvalue())
            written.append(path)
    return written


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True

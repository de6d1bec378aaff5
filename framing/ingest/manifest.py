"""The manifest (`articles.csv`): one optional row per article, naming its file.

The manifest must be a regular file of at most `MAX_MANIFEST_BYTES` (a FIFO is never
opened); a manifest that is unusable as a whole stops the run before anything is written
(`ManifestError`), while a bad row becomes an error row of its own.
"""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

from framing.types import ManifestEntry
from framing.validate import MAX_TABLE_BYTES, RowError, read_csv_checked

MANIFEST_NAME = "articles.csv"
#: A user's outlet registry rows (see framing.outlets.registry), beside the manifest.
OUTLET_ROWS_NAME = "outlets.csv"
#: A larger manifest is refused (about a million rows fit).
MAX_MANIFEST_BYTES = MAX_TABLE_BYTES


class ManifestError(ValueError):
    """The manifest as a whole is unusable (missing, not a regular file, too large,
    unreadable, no ``file`` column)."""


def find_outlet_rows(root: Path) -> Path | None:
    """A user's outlet registry file: in the data directory or one level up, as the manifest."""
    for candidate in (root / OUTLET_ROWS_NAME, root.parent / OUTLET_ROWS_NAME):
        if os.path.isfile(candidate):
            return candidate
    return None


def find_manifest(root: Path) -> Path | None:
    """The manifest sits in the data directory or one level up (``data/articles.csv``
    for ``data/raw``). Anything by that name counts, so a FIFO or a folder called
    ``articles.csv`` is reported as an unusable manifest rather than passed over."""
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if os.path.lexists(candidate):
            return candidate
    return None


def read_manifest_checked(path: Path) -> tuple[list[tuple[int, ManifestEntry]], list[RowError]]:
    """Rows of the manifest as (line, entry), and the rows that could not be used.
    Only the ``file`` column is required; empty cells mean "let the tagger decide".
    Raises `ManifestError` when the file as a whole is unusable."""
    table = read_csv_checked(path, required=["file"], max_bytes=MAX_MANIFEST_BYTES)
    if any(e.line == 0 for e in table.errors):
        raise ManifestError(f"{path}: {table.errors[0].reason}")
    known = {f.name for f in fields(ManifestEntry)}
    entries = [
        (row.line, ManifestEntry(**{k: (v or None) for k, v in row.values.items() if k in known})) for row in table.rows
    ]
    return entries, list(table.errors)


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Usable rows of the manifest (see `read_manifest_checked`)."""
    return [entry for _, entry in read_manifest_checked(path)[0]]

"""Stage 1: the files of a data directory (and its manifest) -> decoded `Article`s.

Every input gets exactly one `PlannedArticle`, and reading it gives exactly one `Article`:
a file that cannot be read, a manifest row that names no usable file, a link that leaves
the data directory, a FIFO, an unreadable folder each become an article with status
``error`` and the reason. Only regular files below the data directory are ever opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from framing.ingest.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    OUTLET_ROWS_NAME,
    ManifestError,
    find_manifest,
    find_outlet_rows,
    read_manifest,
    read_manifest_checked,
)
from framing.ingest.plan import PlannedArticle, plan_corpus
from framing.ingest.read import MAX_BYTES, read_planned
from framing.types import Article, Corpus

__all__ = [
    "MANIFEST_NAME",
    "MAX_BYTES",
    "MAX_MANIFEST_BYTES",
    "OUTLET_ROWS_NAME",
    "ManifestError",
    "PlannedArticle",
    "find_manifest",
    "find_outlet_rows",
    "iter_articles",
    "load_corpus",
    "plan_corpus",
    "read_manifest",
    "read_manifest_checked",
    "read_planned",
]


def iter_articles(plan: Iterable[PlannedArticle]) -> Iterator[Article]:
    """Articles one at a time, so a large corpus never sits in memory whole."""
    for item in plan:
        yield read_planned(item)


def load_corpus(path: str | Path, *, manifest: str | Path | None = None) -> Corpus:
    """Every article under the data directory `path`, joined with the manifest (see
    `plan_corpus` for the rules); every text is held in memory."""
    return Corpus(root=Path(path), articles=tuple(iter_articles(plan_corpus(path, manifest=manifest))))

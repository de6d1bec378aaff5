"""`framing.tag`: a corpus in, its tidy tables out (a call of `framing.run`).

The per-article tagging lives in `framing.run.article` and the table layout in
`framing.run.columns`; their names stay importable from here.
"""

from __future__ import annotations

from pathlib import Path

from framing.ingest import plan_corpus
from framing.outlets import registry_for
from framing.run.article import error_row, tag_article, tag_or_error_row
from framing.run.columns import (
    ARTICLE_COLUMNS,
    COLUMN_TYPES,
    MENTION_COLUMNS,
    SEGMENT_COLUMNS,
    TABLE_COLUMNS,
    Rows,
    tables_from_rows,
)
from framing.run.driver import tag_to_tables
from framing.run.executors import Executor
from framing.stance import DEFAULT_ENGINE
from framing.types import Corpus, StanceEngine, Tags

__all__ = [
    "ARTICLE_COLUMNS",
    "COLUMN_TYPES",
    "MENTION_COLUMNS",
    "SEGMENT_COLUMNS",
    "TABLE_COLUMNS",
    "Rows",
    "error_row",
    "tables_from_rows",
    "tag",
    "tag_article",
    "tag_or_error_row",
]


def tag(
    corpus: Corpus | str | Path,
    *,
    engine: str | StanceEngine = DEFAULT_ENGINE,
    progress: bool = False,
    cache_dir: str | Path | None = None,
    executor: Executor | None = None,
) -> Tags:
    """Tag every article of `corpus` (a `Corpus` or a data directory).

    Returns `Tags` with `.articles` (one row per input, errors included), `.segments`
    (one row per segment of each readable article) and `.mentions` (one row per
    NATO/Russia mention, with speaker and stance from `engine`). With `cache_dir`,
    articles tagged before (same bytes, manifest row, engine, tagging code and
    libraries) are read from the cache. `executor`: where to tag (`framing.run`).
    """
    inputs = corpus.articles if isinstance(corpus, Corpus) else plan_corpus(corpus, exclude=_inside(cache_dir))
    registry = registry_for(corpus.root if isinstance(corpus, Corpus) else corpus)
    return tag_to_tables(
        inputs, engine=engine, executor=executor, cache_dir=cache_dir, progress=progress, registry=registry
    )


def _inside(*folders: str | Path | None) -> list[Path]:
    return [Path(folder) for folder in folders if folder is not None]

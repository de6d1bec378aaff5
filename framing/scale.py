"""Dask: `tag_with_dask` runs the one driver (`framing.run`) with its Dask executor.

`tag_frame` keeps the older partition-function interface for callers that run
`map_partitions` themselves: a partition of `plan_frame(...)` in, one row per article
out, with its segment and mention rows as JSON lists.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path

import pandas as pd

from framing.ingest import PlannedArticle, plan_corpus
from framing.outlets import registry_for
from framing.run.columns import ARTICLE_COLUMNS, tables_from_rows
from framing.run.driver import CHUNK_SIZE, TagRun, tag_to_folder
from framing.run.executors import Dask
from framing.run.partition import EngineSpec, Job, tag_partition
from framing.stance import DEFAULT_ENGINE
from framing.types import ManifestEntry, Tags

MANIFEST_FIELDS = [f.name for f in fields(ManifestEntry)]
PLAN_COLUMNS = ["id", "path", "source", "error", "read_file", "warning", *[f"manifest_{f}" for f in MANIFEST_FIELDS]]
NESTED_COLUMNS = ["segment_rows", "mention_rows"]
#: Articles per Dask partition by default (as `tag --chunk-size`).
PARTITION_SIZE = CHUNK_SIZE


def tag_with_dask(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    engine: str = DEFAULT_ENGINE,
    engine_options: Mapping[str, object] | None = None,
    manifest: str | Path | None = None,
    address: str | None = None,
    partitions: int | None = None,
    partition_size: int = PARTITION_SIZE,
    cache_dir: str | Path | None = None,
    parquet: bool = True,
    progress: bool = False,
    workers: int | None = None,
) -> TagRun:
    """Tag the corpus in `data_dir` on Dask and write the tables to `out_dir`: on a
    `LocalCluster` of `workers` processes (one per core by default) started for the run,
    or on the running cluster at `address`. Partitions hold `partition_size` articles
    (or the plan is cut into `partitions` partitions); the files equal those of
    `tag_to_files(..., chunk_size=partition_size)`. Call it under
    `if __name__ == "__main__":` in a script: local workers start by spawning Python."""
    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, not {partition_size}")
    if partitions is not None and partitions < 1:
        raise ValueError(f"partitions must be at least 1, not {partitions}")
    excluded = [Path(out_dir), *([Path(cache_dir)] if cache_dir is not None else [])]
    plan = plan_corpus(data_dir, manifest=manifest, exclude=excluded)
    size = max(1, math.ceil(len(plan) / partitions)) if partitions else partition_size
    return tag_to_folder(
        plan,
        out_dir,
        engine=EngineSpec.of(engine, engine_options),
        executor=Dask(address, workers=workers),
        cache_dir=cache_dir,
        chunk_size=size,
        parquet=parquet,
        progress=progress,
        registry=registry_for(data_dir),
    )


def plan_frame(data_dir: str | Path, *, manifest: str | Path | None = None) -> pd.DataFrame:
    """The corpus plan (see `framing.ingest.plan_corpus`) as a DataFrame, one row per article."""
    return frame_of_plan(plan_corpus(data_dir, manifest=manifest))


def frame_of_plan(plan: Sequence[PlannedArticle]) -> pd.DataFrame:
    """`plan_frame` of a plan made already (or of some of its articles)."""
    rows = []
    for item in plan:
        entry = item.manifest
        rows.append(
            {
                "id": item.id,
                "path": str(item.path),
                "source": item.source,
                "error": item.error,
                "read_file": item.read_file,
                "warning": item.warning,
                **{f"manifest_{f}": (getattr(entry, f) if entry else None) for f in MANIFEST_FIELDS},
                "has_manifest": entry is not None,
            }
        )
    return pd.DataFrame(rows, columns=[*PLAN_COLUMNS, "has_manifest"])


def _planned(row) -> PlannedArticle:
    def text(value):  # DataFrames turn None into NaN in mixed columns
        return value if isinstance(value, str) else None

    entry = None
    if row.has_manifest:
        entry = ManifestEntry(**{f: text(getattr(row, f"manifest_{f}")) for f in MANIFEST_FIELDS})
    return PlannedArticle(
        row.id, Path(row.path), entry, text(row.error), bool(row.read_file), row.source, text(row.warning)
    )


def tag_frame(
    frame: pd.DataFrame, *, engine: str = DEFAULT_ENGINE, engine_options: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Tag one partition of `plan_frame(...)`: one output row per input row, with the
    `articles` columns plus `segment_rows` and `mention_rows` (JSON lists of rows)."""
    items = [(_planned(row), None) for row in frame.itertuples(index=False)]
    tagged = tag_partition(items, Job(EngineSpec.of(engine, engine_options)))
    rows = [
        {**article, "segment_rows": json.dumps(segments), "mention_rows": json.dumps(mentions)}
        for article, segments, mentions in tagged.rows
    ]
    return pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *NESTED_COLUMNS])


def tags_from_frame(frame: pd.DataFrame) -> Tags:
    """The three tidy tables from `tag_frame` output (in plan order)."""
    articles = frame[ARTICLE_COLUMNS].astype(object).where(frame[ARTICLE_COLUMNS].notna(), None)
    return tables_from_rows(
        articles.to_dict("records"),
        [r for cell in frame["segment_rows"] for r in json.loads(cell)],
        [r for cell in frame["mention_rows"] for r in json.loads(cell)],
    )

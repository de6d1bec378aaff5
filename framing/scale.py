"""Scale-out on Dask: the corpus plan as a DataFrame, tagged partition by partition.

`tag_frame` is a pure function from a partition of the plan (one row per article) to a
DataFrame with the article's row plus its segment and mention rows (JSON), so Dask's
`map_partitions` can run it on any scheduler; `tags_from_frame` unpacks the result into
the usual three tidy tables.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pandas as pd

from framing.collector import rare_collections
from framing.corpus import PlannedArticle, plan_corpus, read_planned
from framing.output import write_tables
from framing.pipeline import ARTICLE_COLUMNS, tables_from_rows, tag_or_error_row
from framing.stance import DEFAULT_ENGINE, get_engine
from framing.stream import TagRun
from framing.types import ManifestEntry, Tags

MANIFEST_FIELDS = [f.name for f in fields(ManifestEntry)]
PLAN_COLUMNS = ["id", "path", "root", "error", "read_file", *[f"manifest_{f}" for f in MANIFEST_FIELDS]]
NESTED_COLUMNS = ["segment_rows", "mention_rows"]


def plan_frame(data_dir: str | Path, *, manifest: str | Path | None = None) -> pd.DataFrame:
    """The corpus plan (see `corpus.plan_corpus`) as a DataFrame, one row per article."""
    root = Path(data_dir)
    rows = []
    for item in plan_corpus(root, manifest=manifest):
        entry = item.manifest
        rows.append(
            {
                "id": item.id,
                "path": str(item.path),
                "root": str(root),
                "error": item.error,
                "read_file": item.read_file,
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
    return PlannedArticle(row.id, Path(row.path), entry, text(row.error), bool(row.read_file))


@rare_collections()
def tag_frame(frame: pd.DataFrame, *, engine: str = DEFAULT_ENGINE) -> pd.DataFrame:
    """Tag one partition of `plan_frame(...)`: one output row per input row, with the
    `articles` columns plus `segment_rows` and `mention_rows` (JSON lists of rows)."""
    scorer = get_engine(engine)
    rows = []
    for row in frame.itertuples(index=False):
        article = read_planned(_planned(row))
        article_row, segments, mentions = tag_or_error_row(article, root=Path(row.root), engine=scorer)
        rows.append({**article_row, "segment_rows": json.dumps(segments), "mention_rows": json.dumps(mentions)})
    return pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *NESTED_COLUMNS])


def tags_from_frame(frame: pd.DataFrame) -> Tags:
    """The three tidy tables from `tag_frame` output (in plan order)."""
    articles = frame[ARTICLE_COLUMNS].astype(object).where(frame[ARTICLE_COLUMNS].notna(), None)
    return tables_from_rows(
        articles.to_dict("records"),
        [r for cell in frame["segment_rows"] for r in json.loads(cell)],
        [r for cell in frame["mention_rows"] for r in json.loads(cell)],
    )


def tag_with_dask(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    engine: str = DEFAULT_ENGINE,
    manifest: str | Path | None = None,
    address: str | None = None,
    partitions: int | None = None,
) -> TagRun:
    """Tag with `dask.dataframe.map_partitions(tag_frame)` on the local process pool, or
    on the Dask cluster at `address`, and write the tables to `out_dir`. The results are
    gathered at the driver before writing (fine for tens of thousands of articles; for
    more, use `python -m framing tag` per shard)."""
    import os

    import dask
    import dask.dataframe as dd

    plan = plan_frame(data_dir, manifest=manifest)
    n_partitions = max(1, min(len(plan), partitions or os.cpu_count() or 1))
    nested = dd.from_pandas(plan, npartitions=n_partitions, sort=False).map_partitions(
        tag_frame,
        engine=engine,
        meta=pd.DataFrame({c: pd.Series(dtype=object) for c in [*ARTICLE_COLUMNS, *NESTED_COLUMNS]}),
    )
    if address:
        from dask.distributed import Client

        with Client(address):
            result = nested.compute()
    else:
        with dask.config.set(scheduler="processes"):
            result = nested.compute()
    tags = tags_from_frame(result.reset_index(drop=True))
    run = TagRun(n_articles=len(tags.articles), n_segments=len(tags.segments), n_mentions=len(tags.mentions))
    bad = tags.articles[tags.articles["status"] != "ok"]
    run.errors = list(zip(bad["id"], bad["error"], strict=True))
    warned = tags.articles[tags.articles["warning"].notna()]
    run.warnings = list(zip(warned["id"], warned["warning"], strict=True))
    run.files = write_tables(tags, out_dir)
    return run

"""Scale-out on Dask: the corpus plan as a DataFrame, tagged partition by partition.

`tag_frame` is a pure function from a partition of the plan (one row per article) to a
DataFrame with the article's row plus its segment and mention rows (JSON), so Dask's
`map_partitions` can run it on any scheduler; `tags_from_frame` unpacks the result into
the usual three tidy tables. `tag_with_dask` streams: partitions of `partition_size`
articles are computed a few at a time, in plan order, and each is appended to the CSV
and Parquet files as it arrives (the writers of `stream.tag_to_files`, so the files are
the same bytes), so the driver's memory does not grow with the corpus.
"""

from __future__ import annotations

import json
import math
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pandas as pd

from framing.collector import rare_collections
from framing.corpus import PlannedArticle, plan_corpus, read_planned
from framing.pipeline import ARTICLE_COLUMNS, Rows, tables_from_rows, tag_or_error_row
from framing.stance import DEFAULT_ENGINE, get_engine
from framing.stream import ResultCache, TagRun, keys_or_earlier_run, open_writers, tag_planned, write_chunk
from framing.types import ManifestEntry, StanceEngine, Status, Tags

MANIFEST_FIELDS = [f.name for f in fields(ManifestEntry)]
PLAN_COLUMNS = ["id", "path", "root", "error", "read_file", *[f"manifest_{f}" for f in MANIFEST_FIELDS]]
NESTED_COLUMNS = ["segment_rows", "mention_rows"]


def plan_frame(data_dir: str | Path, *, manifest: str | Path | None = None) -> pd.DataFrame:
    """The corpus plan (see `corpus.plan_corpus`) as a DataFrame, one row per article."""
    root = Path(data_dir)
    return frame_of_plan(plan_corpus(root, manifest=manifest), root)


def frame_of_plan(plan: Sequence[PlannedArticle], root: Path) -> pd.DataFrame:
    """`plan_frame` of a plan made already (or of some of its articles)."""
    rows = []
    root_text = str(root)  # one string for every row
    for item in plan:
        entry = item.manifest
        rows.append(
            {
                "id": item.id,
                "path": str(item.path),
                "root": root_text,
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


@lru_cache(maxsize=8)
def _engine(name: str, options: tuple[tuple[str, object], ...]) -> StanceEngine:
    """One engine per name and options in each worker process: a transformer engine
    loads its model once, not once per partition."""
    return get_engine(name, **dict(options))


@rare_collections()
def tag_frame(
    frame: pd.DataFrame, *, engine: str = DEFAULT_ENGINE, engine_options: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Tag one partition of `plan_frame(...)`: one output row per input row, with the
    `articles` columns plus `segment_rows` and `mention_rows` (JSON lists of rows).
    `engine_options` go to the engine (`get_engine(engine, **engine_options)`)."""
    scorer = _engine(engine, tuple(sorted((engine_options or {}).items())))
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


#: Articles per Dask partition by default (as `tag --chunk-size`): small enough that a
#: few partitions in flight hold little memory, large enough that scheduling costs little.
PARTITION_SIZE = 500


def article_rows_of(part: pd.DataFrame) -> list[dict]:
    """The article rows (dicts, as `tag_or_error_row` makes them) of a `tag_frame`
    result: a DataFrame holds a missing value as NaN, the rows as None."""
    articles = part[ARTICLE_COLUMNS].astype(object)
    return articles.where(articles.notna(), None).to_dict("records")


def rows_of(part: pd.DataFrame) -> Iterator[Rows]:
    """Each article's rows (article dict, segment tuples, mention tuples) of a
    `tag_frame` result, in order: the rows `tag_or_error_row` made in the worker."""
    for article, segments, mentions in zip(
        article_rows_of(part), part["segment_rows"], part["mention_rows"], strict=True
    ):
        yield article, list(map(tuple, json.loads(segments))), list(map(tuple, json.loads(mentions)))


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
) -> TagRun:
    """Tag with `dask.dataframe.map_partitions(tag_frame)` on local processes (one per
    core), or on the Dask cluster at `address`, and write the tables to `out_dir`.

    The articles to tag are cut into partitions of `partition_size` (or into
    `partitions` partitions). A few partitions per worker are in flight at a time, and
    the tables are written in plan order, `partition_size` articles at a time, as the
    results arrive: the files are those of `tag_to_files(..., chunk_size=partition_size)`
    and the driver holds only the partitions in flight. With `cache_dir` (a
    `ResultCache`, shared with `tag_to_files`), the driver reads unchanged articles from
    the cache, sends only the others to Dask and stores their rows."""
    options = dict(engine_options or {})
    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, not {partition_size}")
    root, out = Path(data_dir), Path(out_dir)
    plan = plan_corpus(root, manifest=manifest)
    cache = ResultCache(cache_dir) if cache_dir is not None else None
    keys: list[str | None] = [None] * len(plan)
    whole_run = None
    if cache is not None:
        scorer = _engine(engine, tuple(sorted(options.items())))
        keys, whole_run, restored = keys_or_earlier_run(
            cache, plan, root=root, engine=scorer, chunk_size=partition_size, parquet=parquet, out=out
        )
        if restored is not None:
            return restored
    cached = [cache is not None and key is not None and cache.holds(key) for key in keys]
    to_tag = [item for item, hit in zip(plan, cached, strict=True) if not hit]
    fresh = _tagged_on_dask(to_tag, root, engine, options, address, partitions, partition_size)
    writers = open_writers(out, parquet=parquet)
    run = TagRun()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(plan), desc="tagging (dask)", unit="article", disable=None)
    done = False
    try:
        for start in range(0, len(plan), partition_size):
            chunk = range(start, min(start + partition_size, len(plan)))
            rows, new_rows = [], {}
            for i in chunk:
                if cached[i]:  # from the cache, or tagged here if its pack has gone meanwhile
                    found = tag_planned(plan[i], root=root, engine=scorer, cache=cache, key=keys[i], new_rows=new_rows)
                else:
                    found = next(fresh)
                    if keys[i] is not None and found[0]["status"] == Status.OK.value:
                        new_rows[keys[i]] = found
                rows.append(found)
            if cache is not None:
                cache.put_many(new_rows)
            write_chunk(
                writers, run, [r[0] for r in rows], [x for r in rows for x in r[1]], [x for r in rows for x in r[2]]
            )
            if bar is not None:
                bar.update(len(chunk))
        done = True
    finally:
        fresh.close()
        if bar is not None:
            bar.close()
        for writer in writers.values():
            run.files += writer.close(keep=done)
        if cache is not None:
            cache.save_index()
    if cache is not None and whole_run is not None:
        cache.store_run(whole_run, run)
        cache.record_use(keys)
    return run


def _plan_partition(items: Sequence[PlannedArticle], root: str) -> pd.DataFrame:
    """`frame_of_plan` for one partition (a plain function, so Dask can ship it)."""
    return frame_of_plan(items, Path(root))


def _tagged_on_dask(
    plan: Sequence[PlannedArticle],
    root: Path,
    engine: str,
    options: dict[str, object],
    address: str | None,
    partitions: int | None,
    partition_size: int,
) -> Iterator[Rows]:
    """Each planned article's rows, in order, from `tag_frame` on Dask."""
    if not plan:
        return
    import dask.dataframe as dd

    size = math.ceil(len(plan) / partitions) if partitions else partition_size
    # Each partition's plan frame is made where it is tagged, from its slice of the plan:
    # the frame of the whole plan would cost the driver about 1.4 KB per article.
    slices = [plan[i : i + size] for i in range(0, len(plan), size)]
    cut = dd.from_map(_plan_partition, slices, args=[str(root)], meta=frame_of_plan([], root))
    nested = cut.map_partitions(
        tag_frame,
        engine=engine,
        engine_options=options,
        meta=pd.DataFrame({c: pd.Series(dtype=object) for c in [*ARTICLE_COLUMNS, *NESTED_COLUMNS]}),
    )
    parts = nested.to_delayed()
    for part in _on_cluster(parts, address) if address else _on_local_processes(parts):
        yield from rows_of(part)


def _on_local_processes(parts: Sequence, *, workers: int | None = None) -> Iterator[pd.DataFrame]:
    """Each partition's result, in order, from Dask's local process scheduler: waves of
    one partition per worker on one pool of processes (kept for the whole run, so each
    worker loads the engine and fills its memo caches once), the next wave computing
    while the driver writes the last."""
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    import dask
    from dask.multiprocessing import get_context

    workers = workers or os.cpu_count() or 1
    waves = [parts[i : i + workers] for i in range(0, len(parts), workers)]
    if not waves:
        return
    with ProcessPoolExecutor(workers, mp_context=get_context()) as pool, ThreadPoolExecutor(1) as ahead:

        def compute(wave):
            # chunksize=1: Dask's default (6) sends up to six tasks to one process as one batch,
            # which ran a wave's partitions one after another in a single worker.
            return ahead.submit(dask.compute, *wave, scheduler="processes", pool=pool, num_workers=workers, chunksize=1)

        pending = compute(waves[0])
        for later in [*waves[1:], None]:
            finished = pending.result()
            if later is not None:
                pending = compute(later)
            yield from finished


def _on_cluster(parts: Iterable, address: str) -> Iterator[pd.DataFrame]:
    """Each partition's result, in order, from the Dask cluster at `address`, with two
    partitions per worker thread in flight (so memory does not grow with the corpus)."""
    from dask.distributed import Client

    with Client(address) as client:
        in_flight = max(2, 2 * sum(client.nthreads().values()))
        todo = iter(parts)
        futures = deque(client.compute(part) for part in islice(todo, in_flight))
        while futures:
            future = futures.popleft()
            result = future.result()
            future.release()
            if (part := next(todo, None)) is not None:
                futures.append(client.compute(part))
            yield result

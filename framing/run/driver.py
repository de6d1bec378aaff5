"""The one driver: a plan of inputs -> partitions tagged by an executor -> tables.

`tag_to_tables` returns the tables in memory; `tag_to_folder` writes them as CSV and
Parquet files, published as one set. Both take the same plan (planned articles, or
articles read already), engine, executor and cache, and give the same rows in the same
order whatever the executor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from framing.files import InputError, sha256_regular_file
from framing.ingest import PlannedArticle
from framing.ingest.read import HTML_SUFFIXES, TEXT_SUFFIXES
from framing.outlets import Registry
from framing.run.cache import ResultCache, article_key, engine_key, run_key
from framing.run.columns import Rows, tables_from_rows
from framing.run.executors import Executor, InProcess
from framing.run.partition import (
    EngineSpec,
    Job,
    PartSummary,
    Tagged,
    WorkItem,
    count,
    table_rows,
    tag_partition,
    tag_partition_to_parts,
)
from framing.run.tables import TableSet
from framing.stance import DEFAULT_ENGINE
from framing.timing import NO_CLOCK, StageClock
from framing.types import Article, StanceEngine, Status, Tags

#: Articles per partition: the unit of work, of writing and of a Parquet row group.
CHUNK_SIZE = 500

Input = PlannedArticle | Article
EngineChoice = str | StanceEngine | EngineSpec


@dataclass
class TagRun:
    """What a run wrote: counts, every error and warning (id, reason), the files."""

    n_articles: int = 0
    n_segments: int = 0
    n_mentions: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _engine_for(engine: EngineChoice, options: Mapping[str, object] | None, executor: Executor):
    """The engine as the executor's workers get it: an object in this process, a
    name and options (`EngineSpec`) for other processes."""
    if isinstance(engine, str):
        engine = EngineSpec.of(engine, options)
    elif options:
        raise ValueError("engine options go with an engine name, not with an engine object")
    if isinstance(executor, InProcess) and isinstance(engine, EngineSpec):
        return engine.make()
    return engine


def input_keys(
    inputs: Sequence[Input], cache: ResultCache | None, engine: StanceEngine, registry: Registry | None = None
) -> list[str | None]:
    """Each input's cache key (None for an input whose rows are not cached: no readable
    regular file, or an error known before reading)."""
    if cache is None:
        return [None] * len(inputs)
    identity = engine_key(engine, registry)
    keys: list[str | None] = []
    for item in inputs:
        if isinstance(item, Article):
            sha256 = item.sha256 if item.status is Status.OK else None
            source = item.source if item.source is not None else item.path.as_posix()
        elif item.read_file and item.error is None and Path(item.path).suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
            try:
                sha256 = sha256_regular_file(item.path)
            except InputError:
                sha256 = None
            source = item.source
        else:
            sha256 = None
        keys.append(
            None
            if sha256 is None
            else article_key(sha256=sha256, article_id=item.id, source=source, manifest=item.manifest, engine=identity)
        )
    return keys


def _described(item: Input, key: str | None) -> str:
    # For the run key: what decides the row of an input without a cache key.
    if key is not None:
        return key
    if isinstance(item, Article):
        return json.dumps([item.id, item.source, item.sha256, str(item.status), item.error, repr(item.manifest)])
    return json.dumps([item.id, item.source, item.error, item.read_file, repr(item.manifest)])


def _partitions(inputs: Sequence[Input], keys: Sequence[str | None], size: int) -> list[list[WorkItem]]:
    if size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {size}")
    return [list(zip(inputs[i : i + size], keys[i : i + size], strict=True)) for i in range(0, len(inputs), size)]


def _progress(total: int, enabled: bool, label: str):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=label, unit="article", disable=None)


def tag_to_tables(
    inputs: Sequence[Input],
    *,
    engine: EngineChoice = DEFAULT_ENGINE,
    engine_options: Mapping[str, object] | None = None,
    executor: Executor | None = None,
    cache_dir: str | Path | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: bool = False,
    clock: StageClock = NO_CLOCK,
    registry: Registry | None = None,
) -> Tags:
    """Tag `inputs` and return the three tables in memory. `registry`: the outlet registry
    with a user's rows (`framing.outlets.load_registry`; None: the shipped one)."""
    executor = executor or InProcess()
    if executor.writes_parts:
        raise ValueError("an executor that writes parts (Dask) writes files: use tag_to_folder")
    engine = _engine_for(engine, engine_options, executor)
    keys = _keys(inputs, cache_dir, engine, registry)
    job = Job(engine, _absolute(cache_dir), clock=clock, registry=registry)
    articles: list[dict] = []
    segments: list[tuple] = []
    mentions: list[tuple] = []
    bar = _progress(len(inputs), progress, "tagging")
    try:
        for tagged in executor.map(tag_partition, _partitions(inputs, keys, chunk_size), job):
            for article, segment_rows, mention_rows in tagged.rows:
                articles.append(article)
                segments.extend(segment_rows)
                mentions.extend(mention_rows)
            if bar is not None:
                bar.update(len(tagged.rows))
    finally:
        if bar is not None:
            bar.close()
    return tables_from_rows(articles, segments, mentions)


def _made(engine: StanceEngine | EngineSpec) -> StanceEngine:
    return engine.make() if isinstance(engine, EngineSpec) else engine


def _keys(
    inputs: Sequence[Input],
    cache_dir: str | Path | None,
    engine: StanceEngine | EngineSpec,
    registry: Registry | None = None,
) -> list[str | None]:
    if cache_dir is None:
        return [None] * len(inputs)
    cache = ResultCache(cache_dir)
    try:
        return input_keys(inputs, cache, _made(engine), registry)
    finally:
        cache.close()


def tag_to_folder(
    inputs: Sequence[Input],
    out_dir: str | Path,
    *,
    engine: EngineChoice = DEFAULT_ENGINE,
    engine_options: Mapping[str, object] | None = None,
    executor: Executor | None = None,
    cache_dir: str | Path | None = None,
    chunk_size: int = CHUNK_SIZE,
    parquet: bool = True,
    progress: bool = False,
    clock: StageClock = NO_CLOCK,
    registry: Registry | None = None,
) -> TagRun:
    """Tag `inputs` and write the tables into `out_dir` as one new set of CSV (and
    Parquet) files, `chunk_size` articles at a time (memory holds a few partitions, not
    the corpus). With `cache_dir`, unchanged articles are not tagged again, and an
    unchanged corpus gets the files of the earlier run."""
    executor = executor or InProcess()
    engine = _engine_for(engine, engine_options, executor)
    job = Job(engine, _absolute(cache_dir), parquet=parquet, clock=clock, registry=registry)
    with (
        ResultCache(cache_dir) if cache_dir is not None else nullcontext() as cache,
        TableSet(out_dir, parquet=parquet) as tables,
    ):
        with clock.stage("load"):
            keys = input_keys(inputs, cache, _made(engine) if cache is not None else None, registry)
            described = [_described(item, key) for item, key in zip(inputs, keys, strict=True)]
            whole = run_key(described, chunk_size=chunk_size, parquet=parquet) if cache is not None else None
        if cache is not None and (kept := cache.restore_tables(whole, tables.folder)) is not None:
            run = TagRun(**kept)
            run.errors, run.warnings = [tuple(e) for e in run.errors], [tuple(w) for w in run.warnings]
            run.files = tables.publish()
            return run
        run = TagRun()
        files = tables.open_tables()
        bar = _progress(len(inputs), progress, "tagging")
        stale = False
        try:
            for done in _tagged(executor, _partitions(inputs, keys, chunk_size), job, tables.folder):
                with clock.stage("write"):
                    if isinstance(done, PartSummary):
                        for name, part in done.files.items():
                            files[name].append_part(part)
                            for path in part:
                                path.unlink()
                    else:
                        for name, rows in table_rows(done.rows).items():
                            files[name].append(rows)
                _add(run, done)
                stale |= done.stale
                if bar is not None:
                    bar.update(done.n_articles if isinstance(done, PartSummary) else len(done.rows))
        finally:
            if bar is not None:
                bar.close()
        written = tables.close_files()
        if cache is not None and not stale:  # a file changed while the run read it: its tables are not kept
            cache.keep_tables(whole, written, {k: v for k, v in asdict(run).items() if k != "files"})
        run.files = tables.publish()
        return run


def _tagged(
    executor: Executor, partitions: list[list[WorkItem]], job: Job, folder: Path
) -> Iterator[Tagged | PartSummary]:
    if not executor.writes_parts:
        yield from executor.map(tag_partition, partitions, job)
        return
    parts = folder / "parts"
    parts.mkdir()
    job = Job(job.engine, job.cache_dir, str(parts.resolve()), job.parquet, registry=job.registry)
    yield from executor.map(tag_partition_to_parts, list(enumerate(partitions)), job)
    parts.rmdir()


def _add(run: TagRun, done: Tagged | PartSummary) -> None:
    """Count a partition's articles, segments, mentions, errors and warnings in `run`."""
    if isinstance(done, Tagged):
        count(run, done.rows)
        return
    run.n_articles += done.n_articles
    run.n_segments += done.n_segments
    run.n_mentions += done.n_mentions
    run.errors += done.errors
    run.warnings += done.warnings


__all__ = ["CHUNK_SIZE", "Rows", "TagRun", "input_keys", "tag_to_folder", "tag_to_tables"]


def _absolute(folder: str | Path | None) -> str | None:
    # Workers may run in another folder (or on another machine sharing the file system).
    return str(Path(folder).resolve()) if folder is not None else None

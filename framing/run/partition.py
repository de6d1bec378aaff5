"""Tagging one partition of the plan: the function every executor runs, in this process,
in a pool of local processes or on Dask workers.

A partition is a list of work items, each a planned article (or an article already read)
with the cache key the driver computed from the file's bytes. An item whose rows are in
the cache is not read again; every other item is read, tagged, and its rows stored
under the key of the bytes actually read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from framing.ingest import PlannedArticle, read_planned
from framing.outlets import Registry
from framing.run.article import tag_or_error_row
from framing.run.cache import ResultCache, article_key, engine_key
from framing.run.columns import ARTICLE_COLUMNS, TABLE_COLUMNS, Rows
from framing.run.tables import TableFiles
from framing.stance import get_engine
from framing.timing import NO_CLOCK, StageClock
from framing.types import Article, StanceEngine, Status

#: A planned article (or one read already) and its cache key (None: not cached).
WorkItem = tuple[PlannedArticle | Article, str | None]


@dataclass(frozen=True)
class EngineSpec:
    """A stance engine by name and options, made once in each process that uses it (a
    model engine loads its model once, not once per partition)."""

    name: str
    options: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, name: str, options: Mapping[str, object] | None = None) -> EngineSpec:
        return cls(name, tuple(sorted((options or {}).items())))

    def make(self) -> StanceEngine:
        return _engine(self.name, self.options)


@lru_cache(maxsize=8)
def _engine(name: str, options: tuple[tuple[str, object], ...]) -> StanceEngine:
    return get_engine(name, **dict(options))


@dataclass(frozen=True)
class Job:
    """What a partition needs besides its items: the engine (an engine object in this
    process, an `EngineSpec` elsewhere), the cache folder and, to write parts, the folder
    and formats."""

    engine: StanceEngine | EngineSpec
    cache_dir: str | None = None
    parts_dir: str | None = None
    parquet: bool = True
    clock: StageClock = field(default=NO_CLOCK, compare=False)
    registry: Registry | None = None  # the outlet registry with a user's rows (None: the shipped one)


@dataclass
class Tagged:
    """A partition's rows in plan order; `stale`: an article's file changed between the
    driver's hashing and its reading (the run's tables are then not kept as a whole)."""

    rows: list[Rows]
    stale: bool = False


def tag_partition(items: Sequence[WorkItem], job: Job) -> Tagged:
    """Rows of every item of a partition, from the cache where possible."""
    engine = job.engine.make() if isinstance(job.engine, EngineSpec) else job.engine
    # Opened for each partition (a few milliseconds): a folder deleted between two runs is
    # then a new, empty cache rather than an open handle to the deleted one.
    cache = ResultCache(job.cache_dir) if job.cache_dir is not None else None
    try:
        return _tag_items(items, engine, cache, job.clock, job.registry)
    finally:
        if cache is not None:
            cache.close()


def _tag_items(
    items: Sequence[WorkItem],
    engine: StanceEngine,
    cache: ResultCache | None,
    clock: StageClock,
    registry: Registry | None = None,
) -> Tagged:
    rows: list[Rows] = []
    new: dict[str, Rows] = {}
    stale = False
    identity = engine_key(engine, registry) if cache is not None else ""
    for item, key in items:
        if cache is not None and key is not None:
            with clock.stage("load"):
                hit = cache.get(key)
            if hit is not None:
                rows.append(hit)
                continue
        with clock.stage("load"):
            article = item if isinstance(item, Article) else read_planned(item)
        found = tag_or_error_row(article, engine=engine, registry=registry, clock=clock)
        rows.append(found)
        if cache is not None and article.status is Status.OK:
            actual = article_key(
                sha256=article.sha256,
                article_id=article.id,
                source=found[0]["path"],
                manifest=article.manifest,
                engine=identity,
            )
            stale |= key is not None and actual != key
            new[actual] = found
    if cache is not None:
        with clock.stage("load"):
            cache.put_many(new)
    return Tagged(rows, stale)


@dataclass
class PartSummary:
    """What a partition written as parts holds: counts, problems, and the part's files."""

    index: int
    n_articles: int = 0
    n_segments: int = 0
    n_mentions: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    stale: bool = False
    files: dict[str, list[Path]] = field(default_factory=dict)


def part_stem(index: int, table: str) -> str:
    return f"{index:07d}.{table}"


def tag_partition_to_parts(part: tuple[int, Sequence[WorkItem]], job: Job) -> PartSummary:
    """Tag a partition (its number and items) and write its rows as part files (CSV
    without header, Parquet) of each table into `job.parts_dir`, for the driver to join
    in plan order."""
    index, items = part
    tagged = tag_partition(items, job)
    summary = PartSummary(index, stale=tagged.stale)
    count(summary, tagged.rows)
    for table, rows in table_rows(tagged.rows).items():
        files = TableFiles(Path(job.parts_dir), table, parquet=job.parquet, stem=part_stem(index, table), header=False)
        try:
            files.append(rows)
        finally:
            files.close()
        summary.files[table] = files.paths
    return summary


def table_rows(rows: Sequence[Rows]) -> dict[str, list[tuple]]:
    """The rows of a partition's articles per table, each a tuple in column order."""
    article_values = [tuple(r[0][c] for c in ARTICLE_COLUMNS) for r in rows]
    return dict(
        zip(
            TABLE_COLUMNS,
            (article_values, [x for r in rows for x in r[1]], [x for r in rows for x in r[2]]),
            strict=True,
        )
    )


class Counts(Protocol):
    """What `count` adds to: a `PartSummary`, or the run's `TagRun`."""

    n_articles: int
    n_segments: int
    n_mentions: int
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]


def count(summary: Counts, rows: Sequence[Rows]) -> None:
    """Add a partition's articles, segments, mentions, errors and warnings to `summary`."""
    summary.n_articles += len(rows)
    summary.n_segments += sum(len(r[1]) for r in rows)
    summary.n_mentions += sum(len(r[2]) for r in rows)
    summary.errors += [(r[0]["id"], r[0]["error"]) for r in rows if r[0]["status"] != Status.OK.value]
    summary.warnings += [(r[0]["id"], r[0]["warning"]) for r in rows if r[0]["warning"] is not None]

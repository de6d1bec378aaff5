"""`tag_to_files`: a data directory in, its tables as CSV and Parquet files out, a chunk
at a time so memory does not grow with the corpus (a call of `framing.run`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from framing.ingest import plan_corpus
from framing.outlets import registry_for
from framing.run.cache import ResultCache
from framing.run.driver import CHUNK_SIZE, TagRun, tag_to_folder
from framing.run.executors import Executor
from framing.stance import DEFAULT_ENGINE
from framing.timing import NO_CLOCK, StageClock
from framing.types import StanceEngine

__all__ = ["ResultCache", "TagRun", "code_digest", "tag_to_files"]


def tag_to_files(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    engine: str | StanceEngine = DEFAULT_ENGINE,
    engine_options: Mapping[str, object] | None = None,
    manifest: str | Path | None = None,
    chunk_size: int = CHUNK_SIZE,
    cache_dir: str | Path | None = None,
    parquet: bool = True,
    progress: bool = False,
    executor: Executor | None = None,
    clock: StageClock = NO_CLOCK,
) -> TagRun:
    """Tag the corpus in `data_dir` and write articles/segments/mentions as CSV (and
    Parquet) into `out_dir`, published as one set when complete. With `cache_dir`,
    unchanged articles are read from the cache, and a corpus unchanged as a whole gets
    the files of the earlier run. `executor`: where to tag (`framing.run`)."""
    excluded = [Path(out_dir), *([Path(cache_dir)] if cache_dir is not None else [])]
    with clock.stage("load"):
        plan = plan_corpus(data_dir, manifest=manifest, exclude=excluded)  # an unusable manifest stops here
        registry = registry_for(data_dir)
    return tag_to_folder(
        plan,
        out_dir,
        engine=engine,
        engine_options=engine_options,
        executor=executor,
        cache_dir=cache_dir,
        chunk_size=chunk_size,
        parquet=parquet,
        progress=progress,
        clock=clock,
        registry=registry,
    )


@cache
def code_digest() -> str:
    """sha256 over the whole package's source and resource files (the figures' keys use
    it: a figure depends on the plotting code too; the result cache does not)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".txt", ".json"}):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

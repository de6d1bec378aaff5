"""The run path: plan -> tag each article -> tables, on an interchangeable executor.

    from framing.ingest import plan_corpus
    from framing.run import Dask, ProcessPool, tag_to_folder, tag_to_tables

    tags = tag_to_tables(plan_corpus("data/raw"))                         # in memory
    run = tag_to_folder(plan_corpus("data/raw"), "out", executor=ProcessPool(2), cache_dir="cache")

`framing.tag`, `framing.stream.tag_to_files` and `framing.tag_with_dask` call these.
"""

from __future__ import annotations

from framing.run.driver import CHUNK_SIZE, TagRun, tag_to_folder, tag_to_tables
from framing.run.executors import Dask, Executor, ExecutorUnavailableError, InProcess, ProcessPool
from framing.run.partition import EngineSpec

__all__ = [
    "CHUNK_SIZE",
    "Dask",
    "EngineSpec",
    "Executor",
    "ExecutorUnavailableError",
    "InProcess",
    "ProcessPool",
    "TagRun",
    "tag_to_folder",
    "tag_to_tables",
]

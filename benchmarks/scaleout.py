"""Tagging on several local processes: the process pool (`tag --workers N`) or Dask
(`tag --dask`, a LocalCluster), cold, warm and with one article changed."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.machine import ChildPeakMemory, machine_description, peak_rss_mb
from benchmarks.throughput import change_one_article, synthetic_corpus


@dataclass
class ScaleOutResult:
    """One executor over a synthetic corpus: cold, warm (unchanged), one article changed."""

    executor: str
    n_articles: int
    megabytes: float
    workers: int
    partition_size: int
    seconds: float
    warm_seconds: float
    one_changed_seconds: float
    driver_peak_rss_mb: float
    worker_peak_rss_mb: float
    machine: str = field(default_factory=machine_description)

    def format(self) -> str:
        return "\n".join(
            [
                f"machine: {self.machine}",
                f"articles: {self.n_articles}, {self.megabytes:.1f} MB of text",
                f"{self.executor}, local processes ({self.workers} workers, partitions of {self.partition_size} "
                f"articles), cold: {self.seconds:.1f} s = {self.n_articles / self.seconds:.0f} articles/s, "
                f"{self.megabytes / self.seconds:.2f} MB/s",
                f"warm run (result cache): {self.warm_seconds:.2f} s = {self.seconds / self.warm_seconds:.0f}x faster",
                f"warm run with one article changed (workers started again, the others from the cache): "
                f"{self.one_changed_seconds:.2f} s = {self.seconds / self.one_changed_seconds:.0f}x faster",
                f"peak memory (max RSS): driver {self.driver_peak_rss_mb:.0f} MB, "
                f"largest worker {self.worker_peak_rss_mb:.0f} MB",
            ]
        )


def run_scale_out_benchmark(
    executor: str = "dask",
    *,
    n_articles: int = 1000,
    words: int = 600,
    seed: int = 0,
    partition_size: int = 500,
    workers: int | None = None,
    work_dir: str | Path | None = None,
) -> ScaleOutResult:
    """Generate the corpus and tag it on local processes (`executor` 'dask' or 'pool';
    worker start-up included) with a result cache: cold, again unchanged, and with one
    article changed. Run it in a process of its own: the driver's peak memory is this
    process's, and the workers' is the largest peak of its children (`ChildPeakMemory`)."""
    from framing.run import Dask, ProcessPool
    from framing.stream import tag_to_files

    workers = workers or os.cpu_count() or 1
    base = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        corpus, megabytes = synthetic_corpus(base, n_articles=n_articles, words=words, seed=seed)
        seconds = []
        with ChildPeakMemory() as watch:
            for run in ("cold", "warm", "changed"):
                if run == "changed":
                    change_one_article(corpus)
                chosen = Dask(workers=workers) if executor == "dask" else ProcessPool(workers)
                started = time.perf_counter()
                tag_to_files(corpus, base / run, chunk_size=partition_size, cache_dir=base / "cache", executor=chosen)
                seconds.append(time.perf_counter() - started)
        return ScaleOutResult(
            executor, n_articles, megabytes, workers, partition_size, *seconds, peak_rss_mb(), watch.peak_mb
        )
    finally:
        if work_dir is None:
            shutil.rmtree(base, ignore_errors=True)

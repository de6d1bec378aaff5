"""Throughput of the default pipeline in one process: cold, warm (result cache), warm
with one article changed, time per stage, peak memory, and the language detectors."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.machine import machine_description, peak_rss_mb
from benchmarks.synthetic import SYNTHETIC_LANGUAGE, write_synthetic_corpus
from framing.stream import tag_to_files
from framing.timing import StageClock


@dataclass
class BenchResult:
    n_articles: int
    megabytes: float
    cold_seconds: float
    warm_seconds: float
    one_changed_seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    language: dict[str, float] = field(default_factory=dict)
    machine: str = field(default_factory=machine_description)

    def format(self) -> str:
        lines = [
            f"machine: {self.machine}",
            f"articles: {self.n_articles}, {self.megabytes:.1f} MB of text",
            f"cold run: {self.cold_seconds:.1f} s = {self.n_articles / self.cold_seconds:.0f} articles/s, "
            f"{self.megabytes / self.cold_seconds:.2f} MB/s (one process, one core)",
            f"warm run (result cache): {self.warm_seconds:.2f} s = {self.cold_seconds / self.warm_seconds:.0f}x faster",
            f"warm run with one article changed (the others from the cache, tables written again): "
            f"{self.one_changed_seconds:.2f} s = {self.cold_seconds / self.one_changed_seconds:.0f}x faster",
            "time per stage (cold run):",
        ]
        total = sum(self.stages.values())
        lines += [
            f"  {name:<9} {seconds:7.2f} s  {100 * seconds / total:5.1f}%" for name, seconds in self.stages.items()
        ]
        lines.append(f"peak memory (max RSS of the process): {self.peak_rss_mb:.0f} MB")
        if self.language:
            lines.append(
                f"language detection on {self.language['segments']:.0f} segments: 'auto' agrees with langdetect on "
                f"{100 * self.language['agreement']:.2f}%; {self.language['fast_per_s']:.0f} segments/s vs "
                f"{self.language['langdetect_per_s']:.0f} segments/s for langdetect alone"
            )
            lines.append(
                f"  right language (known from the generator) on {self.language['known']:.0f} content segments: "
                f"'auto' {100 * self.language['fast_right']:.2f}%, "
                f"langdetect {100 * self.language['langdetect_right']:.2f}%"
            )
        return "\n".join(lines)


def synthetic_corpus(base: Path, *, n_articles: int, words: int, seed: int) -> tuple[Path, float]:
    """The corpus in `base/raw` and its size in MB. Its files are dated a day back, as a
    corpus is written well before it is tagged."""
    corpus = write_synthetic_corpus(base / "raw", n_articles=n_articles, words=words, seed=seed)
    a_day_ago = time.time() - 86_400
    for path in corpus.iterdir():
        os.utime(path, (a_day_ago, a_day_ago))
    return corpus, sum(p.stat().st_size for p in corpus.iterdir()) / 1e6


def change_one_article(corpus: Path) -> None:
    changed = min(corpus.iterdir())
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def run_benchmark(
    *,
    n_articles: int = 1000,
    words: int = 600,
    seed: int = 0,
    chunk_size: int = 500,
    work_dir: str | Path | None = None,
) -> BenchResult:
    """Generate the corpus, tag it cold (timing each stage) and warm (from the cache)."""
    import pandas as pd

    from framing.frames import segment_frames

    base = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        corpus, megabytes = synthetic_corpus(base, n_articles=n_articles, words=words, seed=seed)
        clock = StageClock()
        started = time.perf_counter()
        tag_to_files(corpus, base / "out", chunk_size=chunk_size, cache_dir=base / "cache", clock=clock)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        tag_to_files(corpus, base / "warm", chunk_size=chunk_size, cache_dir=base / "cache")
        warm = time.perf_counter() - started
        change_one_article(corpus)
        started = time.perf_counter()
        tag_to_files(corpus, base / "changed", chunk_size=chunk_size, cache_dir=base / "cache")
        one_changed = time.perf_counter() - started
        # Frames are an analysis step (notebooks, figures), timed on the written segments.
        started = time.perf_counter()
        for chunk in pd.read_csv(base / "out" / "segments.csv", chunksize=20_000, keep_default_na=False):
            segment_frames(chunk)
        clock.seconds["frames"] = time.perf_counter() - started
        order = ["load", "segment", "language", "outlet", "mentions", "stance", "write", "frames"]
        stages = {name: clock.seconds.get(name, 0.0) for name in order}
        sample = pd.read_csv(base / "out" / "segments.csv", nrows=2000, keep_default_na=False)
        expected = [SYNTHETIC_LANGUAGE.get(kind) for kind in sample["kind"]]
        language = language_agreement(sample["text"].tolist(), expected)
        return BenchResult(n_articles, megabytes, cold, warm, one_changed, stages, peak_rss_mb(), language)
    finally:
        if work_dir is None:
            shutil.rmtree(base, ignore_errors=True)


def language_agreement(texts: Sequence[str], expected: Sequence[str | None] | None = None) -> dict[str, float]:
    """How often the fast detector agrees with langdetect, the speed of each, and, over
    the texts whose language is known (`expected`, None where not), how often each is right."""
    from framing.language import language_and_letters

    detect = language_and_letters.__wrapped__  # no memo: time each call
    started = time.perf_counter()
    slow = [detect(t, detector="langdetect")[0] for t in texts]
    slow_seconds = time.perf_counter() - started
    started = time.perf_counter()
    fast = [detect(t, detector="auto")[0] for t in texts]
    fast_seconds = time.perf_counter() - started
    agree = sum(a == b for a, b in zip(slow, fast, strict=True)) / len(texts)
    known = [(e, f, s) for e, f, s in zip(expected or [None] * len(texts), fast, slow, strict=True) if e is not None]
    return {
        "segments": len(texts),
        "agreement": agree,
        "langdetect_per_s": len(texts) / slow_seconds,
        "fast_per_s": len(texts) / fast_seconds,
        "known": len(known),
        "fast_right": sum(e == f for e, f, _ in known) / len(known) if known else float("nan"),
        "langdetect_right": sum(e == s for e, _, s in known) / len(known) if known else float("nan"),
    }

"""A transformer engine's sentences/s batched against one call per sentence."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from benchmarks.machine import machine_description
from benchmarks.synthetic import stance_items
from framing.types import StanceInput


@dataclass
class BatchingResult:
    """A transformer engine scoring the same sentences in batches and one call at a time."""

    engine: str
    n_sentences: int
    batch_size: int
    threads: int
    precision: str
    batched_per_s: float
    single_per_s: float
    machine: str = field(default_factory=machine_description)

    def format(self) -> str:
        return "\n".join(
            [
                f"machine: {self.machine}",
                f"engine {self.engine}: {self.n_sentences} sentences with a NATO/Russia target, "
                f"CPU, {self.threads} torch thread(s), {self.precision}, encoder cache off",
                f"  batched (batch size {self.batch_size}): {self.batched_per_s:.1f} sentences/s",
                f"  one at a time (one call per sentence): {self.single_per_s:.1f} sentences/s",
                f"  speed-up from batching: {self.batched_per_s / self.single_per_s:.1f}x",
            ]
        )


def run_batching_benchmark(
    engine: str = "learned",
    *,
    n_sentences: int = 256,
    batch_size: int = 32,
    threads: int = 1,
    seed: int = 0,
    precision: str = "fp32",
    repeats: int = 3,
) -> BatchingResult:
    """Sentences/s of a transformer engine with batched calls vs one call per sentence, on
    the CPU with `threads` torch threads, each the best of `repeats` timed passes after one
    warm-up pass (the first pass over new input shapes is slower in either mode). The
    learned engine's feature cache is off, so every pass computes every sentence. Raises
    EngineUnavailableError when the engine's model is not on this machine."""
    import torch

    from framing.stance import get_engine

    torch.set_num_threads(threads)
    items = stance_items(n_sentences, seed=seed)
    options: dict[str, object] = {"device": "cpu"}
    if engine == "learned":
        options["use_cache"] = False  # time the encoder, not the cache
        options["precision"] = precision
    elif precision != "fp32":
        raise ValueError(f"precision {precision!r} is an option of the learned engine only")

    def rate(size: int, calls: list[list[StanceInput]]) -> float:
        scorer = get_engine(engine, batch_size=size, **options)
        for call in calls:  # warm-up pass: loads the model and lets the math library prepare its kernels
            scorer.score(call)
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            for call in calls:
                scorer.score(call)
            best = min(best, time.perf_counter() - started)
        return len(items) / best

    batched = rate(batch_size, [items])
    single = rate(1, [[item] for item in items])
    return BatchingResult(engine, len(items), batch_size, threads, precision, batched, single)

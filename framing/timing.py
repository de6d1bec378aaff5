"""Time spent per pipeline stage, for the benchmark (`python -m framing bench`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter


class StageClock:
    """Adds up wall time per named stage; `with clock.stage("segment"): ...`."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += perf_counter() - started


class _NoClock(StageClock):
    """Times nothing (the default, so the pipeline pays nothing for timing)."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield


NO_CLOCK = _NoClock()

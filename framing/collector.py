"""How often Python's cyclic garbage collector runs while a corpus is tagged.

Tagging allocates millions of short-lived containers (rows, spans, matches) that
reference counting frees at once; almost none of them form reference cycles (about
900 objects in cycles per 10,000 articles). With Python's default threshold the
collector still starts a pass every 700 new containers: about 1,100 passes per 10,000
articles, 8% of the CPU time of a cold run, and 10% at 100,000 articles, where each
full pass also walks the whole corpus plan (measured in BENCHMARKS.md). The tagging
entry points therefore let the collector run about 140 times less often while they
work, and restore the caller's setting afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 100_000
"""New containers between two collector passes while tagging (Python's default is 700)."""


@contextmanager
def rare_collections(*, young: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Raise the collector's first threshold to at least `young` inside the block.

    Cycles are still collected, only in larger batches; a caller's threshold above
    `young` is kept. Usable as a decorator. The old thresholds come back on exit, also
    when the block raises."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], young), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)

"""`python -m benchmarks` (also `python -m framing bench`, `make bench`): throughput, time
per stage and peak memory on a synthetic corpus; a transformer engine's batching; the
notebooks' run times. Options as `--help` lists them."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence

#: Python's cyclic garbage collector starts a pass every 700 new containers by default;
#: tagging makes millions of short-lived ones and almost no cycles, so the benchmark's own
#: process lets it run less often (as `python -m framing tag` does; BENCHMARKS.md).
YOUNG_THRESHOLD = 100_000


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class _OneLineErrors(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage block
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineErrors(prog="python -m framing bench", description=__doc__)
    parser.add_argument("--articles", type=_positive, default=1000, help="synthetic articles to generate and tag")
    parser.add_argument("--words", type=_positive, default=600, help="words per synthetic article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk-size", type=_positive, default=500)
    parser.add_argument(
        "--engine",
        default="lexicon",
        help="lexicon: the whole pipeline; nli or learned: sentences/s batched vs one at a time",
    )
    parser.add_argument("--sentences", type=_positive, default=256, help="sentences for --engine nli/learned")
    parser.add_argument("--batch-size", type=_positive, default=32, help="batch size for --engine nli/learned")
    parser.add_argument("--threads", type=_positive, default=1, help="torch CPU threads for --engine nli/learned")
    parser.add_argument("--precision", choices=["fp32", "bf16"], default=None, help="learned: encoder precision")
    parser.add_argument(
        "--notebooks", action="store_true", help="time running every notebook, --runs times each (caches as they are)"
    )
    parser.add_argument("--runs", type=_positive, default=2, help="runs per notebook for --notebooks")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--dask", action="store_true", help="tag on a Dask LocalCluster (one worker per core)")
    scale.add_argument("--pool", action="store_true", help="tag on a pool of local processes (one per core)")
    parser.add_argument("--workers", type=_positive, default=None, help="workers for --dask/--pool (default: cores)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.notebooks:
        from benchmarks.notebooks import time_notebooks

        print(time_notebooks(runs=args.runs).format())
        return 0
    if args.engine != "lexicon":
        from benchmarks.batching import run_batching_benchmark
        from framing.stance import EngineUnavailableError

        try:
            batching = run_batching_benchmark(
                args.engine,
                n_sentences=args.sentences,
                batch_size=args.batch_size,
                threads=args.threads,
                seed=args.seed,
                precision=args.precision or "fp32",
            )
        except EngineUnavailableError as exc:
            print(f"cannot benchmark engine '{args.engine}': {exc}", file=sys.stderr)
            return 1
        print(batching.format())
        return 0
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    for name in ("trafilatura", "distributed"):  # expected complaints, off the terminal
        logging.getLogger(name).setLevel(logging.ERROR)
    if args.dask or args.pool:
        from benchmarks.scaleout import run_scale_out_benchmark

        result = run_scale_out_benchmark(
            "dask" if args.dask else "pool",
            n_articles=args.articles,
            words=args.words,
            seed=args.seed,
            partition_size=args.chunk_size,
            workers=args.workers,
        )
        print(result.format())
        return 0
    from benchmarks.throughput import run_benchmark

    result = run_benchmark(n_articles=args.articles, words=args.words, seed=args.seed, chunk_size=args.chunk_size)
    print(result.format())
    return 0


if __name__ == "__main__":
    sys.exit(main())

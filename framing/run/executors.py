"""Where partitions are tagged: in this process, in a pool of local processes, or on Dask.

Every executor runs the same partition function and yields the results in partition
order, so the tables do not depend on the executor. Dask workers write their
partitions' rows as part files themselves (`writes_parts`), which the driver joins;
the other executors return rows to the driver, which writes them.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from typing import Any, Protocol


class ExecutorUnavailableError(RuntimeError):
    """The executor cannot start (a Dask scheduler that cannot be reached)."""


class Executor(Protocol):
    """Runs `function(partition, *args)` for each partition; yields results in order."""

    #: True when results are summaries of part files the workers wrote (Dask).
    writes_parts: bool

    def map(self, function: Callable, partitions: Sequence, *args: Any) -> Iterator: ...


class InProcess:
    """One partition after another in this process (no start-up cost; the default)."""

    writes_parts = False

    def map(self, function: Callable, partitions: Sequence, *args: Any) -> Iterator:
        for partition in partitions:
            yield function(partition, *args)


class ProcessPool:
    """Partitions on `workers` local processes (started fresh with 'spawn': a forked copy of
    a process with threads can deadlock), at most two per worker in flight, so memory
    stays bounded however many partitions there are."""

    writes_parts = False

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")

    def map(self, function: Callable, partitions: Sequence, *args: Any) -> Iterator:
        if not partitions:
            return
        with ProcessPoolExecutor(self.workers, mp_context=get_context("spawn")) as pool:
            pending: deque[Future] = deque()
            todo = iter(partitions)
            try:
                for partition in todo:
                    pending.append(pool.submit(function, partition, *args))
                    if len(pending) >= 2 * self.workers:
                        break
                while pending:
                    result = pending.popleft().result()
                    if (partition := next(todo, None)) is not None:
                        pending.append(pool.submit(function, partition, *args))
                    yield result
            except BaseException:
                for future in pending:
                    future.cancel()
                raise


class Dask:
    """Partitions as a `dask.bag` on a `distributed` cluster: a `LocalCluster` of
    `workers` processes started for the run and closed with it (its workers are this
    process's children, and end when it does), or the running cluster at `address`. The
    workers write each partition as part files (the data, output and cache folders must
    therefore be on a file system they share)."""

    writes_parts = True

    def __init__(self, address: str | None = None, *, workers: int | None = None, connect_timeout: float = 30) -> None:
        self.address = address
        self.workers = workers or os.cpu_count() or 1
        self.connect_timeout = connect_timeout

    def map(self, function: Callable, partitions: Sequence, *args: Any) -> Iterator:
        if not partitions:
            return
        import dask.bag as db
        from distributed import Client, LocalCluster, as_completed

        with ExitStack() as stack:
            if self.address:
                try:
                    client = stack.enter_context(Client(self.address, timeout=self.connect_timeout))
                except (OSError, TimeoutError) as exc:
                    reason = f"cannot reach the Dask scheduler at {self.address}: {exc}"
                    raise ExecutorUnavailableError(reason) from None
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=False,  # logging levels are the application's to set
                    )
                )
                client = stack.enter_context(Client(cluster))
            results = db.from_sequence(partitions, partition_size=1).map(function, *args)
            futures = client.compute(results.to_delayed())
            index_of = {future.key: i for i, future in enumerate(futures)}
            done: dict[int, Any] = {}
            next_index = 0
            for future in as_completed(futures):
                (done[index_of[future.key]],) = future.result()
                future.release()
                while next_index in done:
                    yield done.pop(next_index)
                    next_index += 1

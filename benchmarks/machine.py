"""Where a benchmark ran and how much memory it took."""

from __future__ import annotations

import os
import platform
import resource
from pathlib import Path


def machine_description(cpuinfo: str | Path = "/proc/cpuinfo") -> str:
    """The CPU model, its core count, memory and Python version, printed with every
    benchmark so a number can be traced to the machine that gave it (speeds differ about
    2x between the machines this project has run on)."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path(cpuinfo).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass  # not Linux: keep what platform says
    try:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (AttributeError, ValueError, OSError):
        memory = ""
    return f"{model}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


class ChildPeakMemory:
    """The largest peak RSS (`VmHWM` in /proc, which starts afresh when a process execs) of
    this process's children, sampled every `interval` seconds while the block runs.
    `getrusage(RUSAGE_CHILDREN)` would not do: a child forked from a large parent before it
    execs reports the parent's resident pages as its own. Linux only (0 elsewhere)."""

    def __init__(self, interval: float = 0.2) -> None:
        import threading

        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildPeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while True:
            self.peak_mb = max([self.peak_mb, *_children_peak_mb(os.getpid())])
            if self._stop.wait(self.interval):
                return


def _children_peak_mb(parent: int) -> list[float]:
    """VmHWM (MB) of the processes whose parent is `parent`."""
    peaks = []
    for task in Path(f"/proc/{parent}/task").glob("*/children"):
        try:
            children = task.read_text().split()
        except OSError:
            continue
        for pid in children:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:  # ended meanwhile
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

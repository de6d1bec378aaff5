"""`python -m framing bench`: throughput, time per stage and peak memory on a synthetic
corpus made from the seed articles.

Synthetic articles (seeded) mix the seeds' sentences into pages that look like the seeds:
a menu line, a headline, an agency dateline, body paragraphs of shuffled English
sentences, in about one article in five a numbered German excerpt, and a widget footer.
"""

from __future__ import annotations

import os
import platform
import random
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from framing import paths
from framing.mentions import find_targets, split_sentences
from framing.pipeline import tag
from framing.timing import StageClock
from framing.types import StanceInput

MENUS = ["All news", "Home | World | Politics | Events", "Archive", "Only News"]
DATELINES = ["MINSK, {d} April (BelTA) – ", "MOSCOW, March {d}. /TASS/. ", "", "BERLIN, {d}. März (dpa) – "]
FOOTERS = ["Blog Widget by LinkWithin", "Su Mo Tu We Th Fr Sa", "Featured Post"]


def seed_sentences(data_dir: str | Path = paths.RAW_DIR) -> dict[str, list[str]]:
    """Sentences of the seeds' content segments, by language ('en', 'de')."""
    tags = tag(data_dir)
    content = tags.segments[tags.segments["kind"].isin(["body", "excerpt", "standfirst"])]
    by_language: dict[str, list[str]] = {"en": [], "de": []}
    for segment in content.itertuples():
        if segment.language in by_language:
            by_language[segment.language] += [segment.text[s:e] for s, e in split_sentences(segment.text)]
    return by_language


#: Words that fit almost anywhere in a sentence (separated by spaces).
FILLERS = {
    "en": "also now again further reportedly indeed still meanwhile once largely partly mostly clearly notably "
    "recently currently apparently evidently openly firmly",
    "de": "auch nun erneut weiter offenbar zudem noch bereits jedoch kaum ebenfalls zunächst derzeit wohl eben",
}
_FILLER_WORDS = {lang: words.split() for lang, words in FILLERS.items()}
#: Filler words inserted into each sentence: with 20 fillers, two insertions give each
#: seed sentence tens of thousands of variants.
N_FILLERS = 2


def _perturbed(rng: random.Random, sentence: str, lang: str) -> str:
    """The sentence with filler words inserted and its numbers changed. Together with
    drawing an article's sentences without replacement, this keeps repeated sentences
    about as rare as in real news (97% of a corpus's sentences are distinct), so memo
    caches get no unfair hits."""
    words = sentence.split()
    for _ in range(N_FILLERS):
        words.insert(rng.randint(1, max(1, len(words) - 1)), rng.choice(_FILLER_WORDS[lang]))
    return " ".join(w if not w.isdigit() else str(rng.randint(2, 99)) for w in words)


def synthetic_article(rng: random.Random, sentences: dict[str, list[str]], *, words: int) -> str:
    """One page: menu, headline, body paragraphs of 2-4 sentences (the first with an
    agency dateline) up to `words` words, sometimes a German excerpt, a widget footer.
    No sentence occurs twice in a page."""
    english = [_perturbed(rng, s, "en") for s in rng.sample(sentences["en"], min(60, len(sentences["en"])))]
    lines = [rng.choice(MENUS), "", " ".join(english.pop().split()[:9]).rstrip(".,;:"), ""]
    body_words = 0
    first = True
    while body_words < words and english:
        paragraph = " ".join(english.pop() for _ in range(min(len(english), rng.randint(2, 4))))
        if first:
            paragraph = rng.choice(DATELINES).format(d=rng.randint(1, 28)) + paragraph
            first = False
        lines += [paragraph, ""]
        body_words += len(paragraph.split())
    if rng.random() < 0.2:
        german = [_perturbed(rng, s, "de") for s in rng.sample(sentences["de"], min(3, len(sentences["de"])))]
        lines += [f"  {rng.randint(1, 5)}. Nato warnt vor russischer Truppenpräsenz...", ""]
        lines += ["    " + " ".join(german), ""]
    lines.append(rng.choice(FOOTERS))
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(out_dir: str | Path, *, n_articles: int, words: int = 600, seed: int = 0) -> Path:
    """Write `n_articles` synthetic articles of about `words` words into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sentences = seed_sentences()
    for n in range(n_articles):
        (out / f"synthetic_{n:07d}.txt").write_text(synthetic_article(rng, sentences, words=words), encoding="utf-8")
    return out


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


def run_benchmark(
    *,
    n_articles: int = 1000,
    words: int = 600,
    seed: int = 0,
    chunk_size: int = 500,
    work_dir: str | Path | None = None,
) -> BenchResult:
    """Generate the corpus, tag it cold (timing each stage) and warm (from the cache)."""
    from framing.frames import segment_frames
    from framing.stream import tag_to_files

    base = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        corpus = write_synthetic_corpus(base / "raw", n_articles=n_articles, words=words, seed=seed)
        # Dated a day back, as a corpus is written well before it is tagged: a file modified
        # just before it is hashed is hashed again on the next run (`ResultCache.RACY_NS`).
        a_day_ago = time.time() - 86_400
        for path in corpus.iterdir():
            os.utime(path, (a_day_ago, a_day_ago))
        megabytes = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        clock = StageClock()
        started = time.perf_counter()
        tag_to_files(corpus, base / "out", chunk_size=chunk_size, cache_dir=base / "cache", clock=clock)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        tag_to_files(corpus, base / "warm", chunk_size=chunk_size, cache_dir=base / "cache")
        warm = time.perf_counter() - started
        changed = min(corpus.iterdir())
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        started = time.perf_counter()
        tag_to_files(corpus, base / "changed", chunk_size=chunk_size, cache_dir=base / "cache")
        one_changed = time.perf_counter() - started
        # Frames are an analysis step (notebooks, figures), timed on the written segments.
        import pandas as pd

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


@dataclass
class DaskResult:
    """`tag_with_dask` on local processes over a synthetic corpus: cold, then warm."""

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
                f"dask, local processes ({self.workers} workers, partitions of {self.partition_size} articles), "
                f"cold: {self.seconds:.1f} s = {self.n_articles / self.seconds:.0f} articles/s, "
                f"{self.megabytes / self.seconds:.2f} MB/s",
                f"warm run (result cache): {self.warm_seconds:.2f} s = {self.seconds / self.warm_seconds:.0f}x faster",
                f"warm run with one article changed (it goes to Dask, the others come from the cache): "
                f"{self.one_changed_seconds:.2f} s = {self.seconds / self.one_changed_seconds:.0f}x faster",
                f"peak memory (max RSS): driver {self.driver_peak_rss_mb:.0f} MB, "
                f"largest worker {self.worker_peak_rss_mb:.0f} MB",
            ]
        )


def run_dask_benchmark(
    *,
    n_articles: int = 1000,
    words: int = 600,
    seed: int = 0,
    partition_size: int = 500,
    work_dir: str | Path | None = None,
) -> DaskResult:
    """Generate the corpus and tag it with `tag_with_dask` on local processes (one per
    core; worker start-up included) with a result cache: cold, again unchanged, and with
    one article changed. Run it in a process of its own: the driver's peak memory is this
    process's, and the workers' is the largest peak of its children (`ChildPeakMemory`)."""
    from framing.scale import tag_with_dask

    base = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        corpus = write_synthetic_corpus(base / "raw", n_articles=n_articles, words=words, seed=seed)
        a_day_ago = time.time() - 86_400  # as in `run_benchmark`
        for path in corpus.iterdir():
            os.utime(path, (a_day_ago, a_day_ago))
        megabytes = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        seconds = []
        with ChildPeakMemory() as workers:
            for run in ("cold", "warm", "changed"):
                if run == "changed":
                    changed = min(corpus.iterdir())
                    text = changed.read_text(encoding="utf-8")
                    changed.write_text(text + "\nOne more sentence.\n", encoding="utf-8")
                started = time.perf_counter()
                tag_with_dask(corpus, base / run, partition_size=partition_size, cache_dir=base / "cache")
                seconds.append(time.perf_counter() - started)
        return DaskResult(
            n_articles, megabytes, os.cpu_count() or 1, partition_size, *seconds, peak_rss_mb(), workers.peak_mb
        )
    finally:
        if work_dir is None:
            shutil.rmtree(base, ignore_errors=True)


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


def stance_items(n_sentences: int, *, seed: int = 0) -> list[StanceInput]:
    """`n_sentences` English seed sentences that mention NATO or Russia (perturbed as in the
    synthetic corpus, so no two are the same text), each with its first target marked."""
    rng = random.Random(seed)
    pool = [sentence for sentence in seed_sentences()["en"] if find_targets(sentence)]
    items = []
    while len(items) < n_sentences:
        text = _perturbed(rng, rng.choice(pool), "en")
        found = find_targets(text)
        if found:
            items.append(StanceInput(text=text, target=found[0].target, span=(found[0].start, found[0].end), lang="en"))
    return items


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


#: The language each kind of content segment of a synthetic page is written in.
SYNTHETIC_LANGUAGE = {"title": "en", "standfirst": "en", "body": "en", "excerpt": "de", "related-post": "de"}


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


@dataclass
class NotebookTimes:
    """Seconds each notebook took to run top to bottom, run after run (caches as they are)."""

    seconds: dict[str, list[float]]

    def format(self) -> str:
        lines = ["notebook run times (seconds; kernel start included; later runs reuse the caches):"]
        for name, runs in self.seconds.items():
            lines.append(f"  {name:32s} " + "  ".join(f"run {i + 1}: {s:5.1f}" for i, s in enumerate(runs)))
        return "\n".join(lines)


def time_notebooks(notebooks: Sequence[Path] | None = None, *, runs: int = 2) -> NotebookTimes:
    """Run each notebook `runs` times in a kernel of this interpreter and time each run.
    The first run fills the result and feature caches if they are empty, so the last run
    is the time of re-running a notebook while writing. A cell error raises nbclient's
    CellExecutionError, naming the cell."""
    import os
    import sys

    import nbformat
    from nbclient import NotebookClient

    notebooks = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) if notebooks is None else list(notebooks)
    # The kernel must be this interpreter (the project's .venv), whatever PATH says.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    seconds: dict[str, list[float]] = {}
    for notebook in notebooks:
        for _ in range(runs):
            book = nbformat.read(notebook, as_version=4)
            started = time.perf_counter()
            client = NotebookClient(book, timeout=600, kernel_name="python3")
            client.execute(cwd=str(notebook.parent))
            seconds.setdefault(notebook.stem, []).append(time.perf_counter() - started)
    return NotebookTimes(seconds)

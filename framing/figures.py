"""`make figures`: tag the corpus, write the processed tables, regenerate every figure.

Each entry of `FIGURES` turns the tags into one figure through the same library
functions the notebooks call; figures/README.md lists them.

With a cache directory, a figure is drawn again only when something it is made from
changed: the tags (a digest of the tables), the library's code and cue files, the
matplotlib version, and for the validation figure the gold set and each engine's model
and availability. Otherwise its files are kept, after checking they still have the bytes
that were written (an edited or deleted file is drawn again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from framing import paths, plots
from framing.aggregate import segment_sources, stance_summary, with_sources
from framing.corpus import sha256_file
from framing.evaluate import evaluate_engines, load_gold
from framing.frames import frame_definitions, frame_profile
from framing.output import write_atomic, write_tables
from framing.pipeline import tag
from framing.stance import DEFAULT_ENGINE, available_engines, engine_identity, get_engine
from framing.types import Tags
from framing.vocab import distinctive_terms
from framing.voices import voices

STATE_OUTLETS = ("BelTA", "TASS", "RT-style")
GERMAN_EXCERPTS = "blog excerpt (de)"


def _note(tags: Tags) -> str:
    n = int((tags.articles["status"] == "ok").sum())
    return f"{n} seed articles"


def stance_by_source(tags: Tags) -> Figure:
    mentions = with_sources(tags.mentions, tags.segments, tags.articles)
    summary = stance_summary(mentions, by=["source", "target"])
    return plots.stance_intervals(
        summary,
        by="source",
        engine=DEFAULT_ENGINE,
        corpus_note=_note(tags),
        title="Stance toward NATO and Russia by source",
    )


def stance_by_speaker(tags: Tags) -> Figure:
    summary = stance_summary(tags.mentions, by=["speaker", "target"])
    return plots.stance_intervals(
        summary,
        by="speaker",
        engine=DEFAULT_ENGINE,
        corpus_note=_note(tags),
        title="Stance toward NATO and Russia by voice",
    )


def frame_profiles(tags: Tags) -> Figure:
    profile = frame_profile(tags.segments, group=segment_sources(tags.segments, tags.articles))
    domain = frame_definitions().query("family == 'domain'")["label"].tolist()
    generic = profile[profile["family"] == "generic"].groupby("label")["n_cues"].sum().nlargest(6).index.tolist()
    return plots.frame_heatmap(
        profile,
        group="source",
        frames=[*domain, *generic],
        title=f"Frame profiles by source ({_note(tags)})\n"
        "% of frame cue words; domain frames first, then\n"
        "the 6 most cued generic frames (Card et al. 2015)",
    )


def german_vs_state_terms(tags: Tags) -> Figure:
    segments = tags.segments.assign(source=segment_sources(tags.segments, tags.articles))
    german = segments.loc[segments["source"] == GERMAN_EXCERPTS, "text"]
    state = segments.loc[segments["source"].isin(STATE_OUTLETS), "text"]
    terms = distinctive_terms(german, state, top=12)
    return plots.distinctive_terms_bars(
        terms,
        label_a="German excerpts",
        label_b="BelTA, TASS, RT",
        title="Distinctive words: German NATO excerpts vs\n"
        "state media (BelTA, TASS, RT); weighted log-odds\n"
        "with informative Dirichlet prior (Monroe et al. 2008)",
    )


def voices_by_outlet(tags: Tags) -> Figure:
    return plots.voices_bars(
        voices(tags, by="outlet_group"),
        group="outlet_group",
        title=f"Who speaks: words per voice and outlet ({_note(tags)})",
    )


GOLD_MENTIONS = paths.DATA_DIR / "gold" / "mentions.csv"


def _validation_engines() -> list[str]:
    # Default engine first; engines without their model on this machine are left out.
    return [DEFAULT_ENGINE] + [name for name in available_engines() if name != DEFAULT_ENGINE]


def validation_confusion(tags: Tags) -> Figure:
    del tags  # the gold set names its own articles
    gold = load_gold(GOLD_MENTIONS)
    runs = evaluate_engines(_validation_engines(), gold)
    return plots.confusion_matrices(
        runs.reports, title=f"Stance engines vs the gold set ({len(gold.items)} hand-labelled mentions)"
    )


#: Figure name -> function building it from the tags.
FIGURES: dict[str, Callable[[Tags], Figure]] = {
    "corpus_overview": lambda tags: plots.corpus_overview(
        tags.articles, tags.segments, segment_sources(tags.segments, tags.articles)
    ),
    "stance_by_source": stance_by_source,
    "stance_by_speaker": stance_by_speaker,
    "frame_profiles": frame_profiles,
    "german_vs_state_terms": german_vs_state_terms,
    "voices_by_outlet": voices_by_outlet,
    "validation_confusion": validation_confusion,
}


def validation_inputs() -> object:
    """What the validation figure is made from besides the code: the gold set's bytes and
    each engine's identity (model, availability)."""
    return [sha256_file(GOLD_MENTIONS), [engine_identity(get_engine(name)) for name in _validation_engines()]]


#: Figure name -> what it is made from beyond the tags and the code (for reuse).
EXTRA_INPUTS: dict[str, Callable[[], object]] = {"validation_confusion": validation_inputs}


def tags_digest(tags: Tags) -> str:
    """sha256 over every table's columns, types and values (same tags, same digest)."""
    digest = hashlib.sha256()
    for name, table in tags.tables().items():
        digest.update(json.dumps([name, list(map(str, table.columns)), list(map(str, table.dtypes))]).encode())
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def figure_key(name: str, tags: str, extra: object = None) -> str:
    """The key of figure `name` drawn from tags with digest `tags` (and `extra` inputs)."""
    from framing.stream import code_digest

    parts = [name, tags, extra, code_digest(), matplotlib.__version__]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _sha256(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:  # deleted: drawn again
        return None


class FigureRecord:
    """Which key each figure in an output folder was last drawn with, and its files'
    sha256 (`figures.json` in the cache directory)."""

    def __init__(self, cache_dir: str | Path, out_dir: str | Path) -> None:
        self.path = Path(cache_dir) / "figures.json"
        self.folder = str(Path(out_dir).resolve())
        try:
            self._all: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._all = {}
        self._mine: dict[str, dict] = self._all.setdefault(self.folder, {})

    def unchanged(self, name: str, key: str) -> list[Path] | None:
        """The figure's files when it was drawn with `key` and they are as written; else None."""
        entry = self._mine.get(name)
        if not entry or entry.get("key") != key:
            return None
        files = [Path(self.folder) / file for file in entry["sha256"]]
        if any(_sha256(path) != digest for path, digest in zip(files, entry["sha256"].values(), strict=True)):
            return None
        return files

    def record(self, name: str, key: str, files: list[Path]) -> None:
        self._mine[name] = {"key": key, "sha256": {p.name: _sha256(p) for p in files}}

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self._all, indent=1, sort_keys=True).encode("utf-8"))


@dataclass
class FigureRun:
    """What `make_figures` did: files written (tables and figures) and figure files kept."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def make_figures(
    *,
    data_dir: str | Path = paths.RAW_DIR,
    out_dir: str | Path = paths.FIGURES_DIR,
    processed_dir: str | Path | None = paths.PROCESSED_DIR,
    cache_dir: str | Path | None = paths.CACHE_DIR,
    redraw: bool = False,
) -> FigureRun:
    """Tag `data_dir` (reusing cached results from `cache_dir`), write its tables to
    `processed_dir` (skipped when None) and every figure in `FIGURES` to `out_dir`. With
    a `cache_dir`, a figure whose inputs and files are unchanged since it was last drawn
    there is kept instead of drawn again (see the module docstring); `redraw` draws
    every figure anyway."""
    tags = tag(data_dir, cache_dir=cache_dir)
    run = FigureRun()
    if processed_dir is not None:
        run.written += write_tables(tags, processed_dir)
    record = FigureRecord(cache_dir, out_dir) if cache_dir is not None else None
    digest = tags_digest(tags)
    for name, build in FIGURES.items():
        key = figure_key(name, digest, EXTRA_INPUTS[name]() if name in EXTRA_INPUTS else None)
        if record is not None and not redraw and (files := record.unchanged(name, key)) is not None:
            run.kept += files
            continue
        files = plots.save_figure(build(tags), name, out_dir)
        run.written += files
        if record is not None:
            record.record(name, key, files)
    if record is not None:
        record.save()
    return run

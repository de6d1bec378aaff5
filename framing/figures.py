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
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from framing import paths, plots
from framing.aggregate import (
    period_of,
    segment_sources,
    stance_summary,
    stance_trends,
    undated_articles,
    with_sources,
)
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
#: Speakers shown in the by-voice figure (the most mentioned; the rest are in the table).
TOP_SPEAKERS = 12


class NothingToShow(Exception):
    """A figure that the corpus gives nothing to draw from; the message says why."""


def corpus_tags(data: str | Path | None = None) -> Tags:
    """The tags of corpus directory `data` (see `paths.data_dir`), from its result cache.
    A missing directory gives empty tables and a line saying so, so a notebook still runs."""
    data = paths.data_dir(data)
    if not data.is_dir():
        print(f"No corpus directory at {data}: every table below is empty and every figure is skipped.")
        with tempfile.TemporaryDirectory() as empty:
            return tag(empty)
    tags = tag(paths.article_dir(data), cache_dir=paths.cache_dir_for(data))
    if _ok(tags).empty:
        print(f"The corpus at {data} has no readable article: every table below is empty.")
    return tags


def show(name: str, tags: Tags) -> Figure | None:
    """Figure `name` of `FIGURES` drawn from `tags`, or a line saying why there is none."""
    try:
        return FIGURES[name](tags)
    except NothingToShow as reason:
        print(f"No figure '{name}': {reason}.")
        return None


def _ok(tags: Tags) -> pd.DataFrame:
    return tags.articles[tags.articles["status"] == "ok"]


def _counts(tags: Tags, mentions: pd.DataFrame | None = None) -> str:
    mentions = tags.mentions if mentions is None else mentions
    return f"{len(_ok(tags))} articles, {len(mentions)} NATO/Russia mentions"


def _needs_mentions(tags: Tags) -> None:
    if _ok(tags).empty:
        raise NothingToShow("the corpus has no readable articles")
    if tags.mentions.empty:
        raise NothingToShow("no article mentions NATO or Russia")


def corpus_overview(tags: Tags) -> Figure:
    if _ok(tags).empty:
        raise NothingToShow("the corpus has no readable articles")
    return plots.corpus_overview(tags.articles, tags.segments, segment_sources(tags.segments, tags.articles))


def stance_by_source(tags: Tags) -> Figure:
    _needs_mentions(tags)
    mentions = with_sources(tags.mentions, tags.segments, tags.articles)
    summary = stance_summary(mentions, by=["source", "target"])
    return plots.stance_intervals(
        summary, by="source", engine=DEFAULT_ENGINE, title="Stance by source", subtitle=_counts(tags)
    )


def stance_by_speaker(tags: Tags) -> Figure:
    _needs_mentions(tags)
    top = tags.mentions["speaker"].value_counts().head(TOP_SPEAKERS).index
    mentions = tags.mentions[tags.mentions["speaker"].isin(top)]
    summary = stance_summary(mentions, by=["speaker", "target"])
    shown = f"; the {len(top)} voices with most mentions" if tags.mentions["speaker"].nunique() > len(top) else ""
    return plots.stance_intervals(
        summary, by="speaker", engine=DEFAULT_ENGINE, title="Stance by voice", subtitle=_counts(tags) + shown
    )


def frame_profiles(tags: Tags) -> Figure:
    if _ok(tags).empty:
        raise NothingToShow("the corpus has no readable articles")
    profile = frame_profile(tags.segments, group=segment_sources(tags.segments, tags.articles))
    if profile.empty:
        raise NothingToShow("no frame cue word in the articles' own text")
    domain = frame_definitions().query("family == 'domain'")["label"].tolist()
    generic = profile[profile["family"] == "generic"].groupby("label")["n_cues"].sum().nlargest(6).index.tolist()
    return plots.frame_heatmap(
        profile,
        group="source",
        frames=[*domain, *generic],
        title=f"Frame profiles by source\n{len(_ok(tags))} articles",
    )


def german_vs_state_terms(tags: Tags) -> Figure:
    if _ok(tags).empty:
        raise NothingToShow("the corpus has no readable articles")
    segments = tags.segments.assign(source=segment_sources(tags.segments, tags.articles)).dropna(subset=["source"])
    state = segments["source"].isin(STATE_OUTLETS)
    german = segments.loc[~state & (segments["language"] == "de"), "text"]
    if german.empty or not state.any():
        missing = "German-language text outside state media" if german.empty else "state-media text (BelTA, TASS, RT)"
        raise NothingToShow(f"the corpus has no {missing}")
    state_names = ", ".join(name for name in STATE_OUTLETS if name in set(segments.loc[state, "source"]))
    terms = distinctive_terms(german, segments.loc[state, "text"], top=12)
    return plots.distinctive_terms_bars(
        terms,
        label_a="German text",
        label_b=state_names,
        title=f"Distinctive words: German text vs\nstate media ({state_names})",
    )


def voices_by_outlet(tags: Tags) -> Figure:
    if _ok(tags).empty:
        raise NothingToShow("the corpus has no readable articles")
    return plots.voices_bars(
        voices(tags, by="outlet_group"), group="outlet_group", title=f"Who speaks, by outlet group\n{_counts(tags)}"
    )


def stance_over_time(tags: Tags) -> Figure:
    _needs_mentions(tags)
    ok = _ok(tags)
    undated = undated_articles(tags.articles)
    dated = period_of(ok["published"], freq="M").dropna()
    if dated.empty:
        raise NothingToShow(f"none of the {len(ok)} articles has a date (manifest column `published`)")
    years = {period[:4] for period in dated}
    freq = "Q" if len(years) <= 3 else "Y"
    trends = stance_trends(tags, freq=freq)
    if trends.empty:
        raise NothingToShow("no dated article mentions NATO or Russia")
    unit = "quarter" if freq == "Q" else "year"
    return plots.stance_trend(
        trends,
        group="outlet_group",
        title=f"Stance over time, by {unit}",
        subtitle=f"{len(ok) - undated} dated articles ({undated} without a date left out); hollow: under 3 articles",
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
    "corpus_overview": corpus_overview,
    "stance_by_source": stance_by_source,
    "stance_by_speaker": stance_by_speaker,
    "frame_profiles": frame_profiles,
    "german_vs_state_terms": german_vs_state_terms,
    "voices_by_outlet": voices_by_outlet,
    "stance_over_time": stance_over_time,
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
    """What `make_figures` did: files written (tables and figures), figure files kept, and
    figures skipped with the reason."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def default_out_dir(data: str | Path) -> Path:
    """Where figures of corpus `data` go: `figures/` for the project's own `data/`, else
    `figures/` beside the corpus's tables (`paths.output_dir_for`), so a user's corpus
    never overwrites the shipped figures."""
    data = Path(data)
    return paths.FIGURES_DIR if data.resolve() == paths.DATA_DIR.resolve() else paths.output_dir_for(data) / "figures"


def make_figures(
    *,
    data: str | Path | None = None,
    out_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    redraw: bool = False,
) -> FigureRun:
    """Tag corpus directory `data` (default: $FRAMING_DATA, else `data/`; see
    `paths.data_dir`), reusing cached results, write its tables to `processed_dir` (skipped
    when None) and every figure in `FIGURES` to `out_dir` (see
    `default_out_dir`). A figure whose inputs and files are unchanged since it was last
    drawn there is kept (see the module docstring); `redraw` draws every figure anyway. A
    figure the corpus gives nothing to draw from is skipped, with the reason."""
    data = paths.data_dir(data)
    if not data.is_dir():
        raise NotADirectoryError(f"no corpus directory at {data} (set {paths.DATA_ENV} or pass --data)")
    cache_dir = Path(cache_dir) if cache_dir is not None else paths.cache_dir_for(data)
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(data)
    tags = tag(paths.article_dir(data), cache_dir=cache_dir)
    run = FigureRun()
    if processed_dir is not None:
        run.written += write_tables(tags, processed_dir)
    record = FigureRecord(cache_dir, out_dir)
    digest = tags_digest(tags)
    for name, build in FIGURES.items():
        key = figure_key(name, digest, EXTRA_INPUTS[name]() if name in EXTRA_INPUTS else None)
        if not redraw and (files := record.unchanged(name, key)) is not None:
            run.kept += files
            continue
        try:
            figure = build(tags)
        except NothingToShow as reason:
            run.skipped[name] = str(reason)
            continue
        files = plots.save_figure(figure, name, out_dir)
        run.written += files
        record.record(name, key, files)
    record.save()
    return run

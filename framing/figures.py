"""`make figures`: tag the corpus, write the processed tables, regenerate every figure.

Each entry of `FIGURES` turns the tags into one figure through the same library
functions the notebooks call; figures/README.md lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from framing import paths, plots
from framing.aggregate import segment_sources, stance_summary, with_sources
from framing.evaluate import evaluate_engines, load_gold
from framing.frames import frame_definitions, frame_profile
from framing.output import write_tables
from framing.pipeline import tag
from framing.stance import DEFAULT_ENGINE, available_engines
from framing.types import Tags
from framing.vocab import distinctive_terms
from framing.voices import voices

STATE_OUTLETS = ("BelTA", "TASS", "RT")
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
        voices(tags, by="outlet"), group="outlet", title=f"Who speaks: words per voice and outlet ({_note(tags)})"
    )


def validation_confusion(tags: Tags) -> Figure:
    del tags  # the gold set names its own articles
    gold = load_gold(paths.DATA_DIR / "gold" / "mentions.csv")
    # Default engine first; engines without their model on this machine are left out.
    engines = [DEFAULT_ENGINE] + [name for name in available_engines() if name != DEFAULT_ENGINE]
    runs = evaluate_engines(engines, gold)
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


def make_figures(
    *,
    data_dir: str | Path = paths.RAW_DIR,
    out_dir: str | Path = paths.FIGURES_DIR,
    processed_dir: str | Path | None = paths.PROCESSED_DIR,
    cache_dir: str | Path | None = paths.CACHE_DIR,
) -> list[Path]:
    """Tag `data_dir` (reusing cached results from `cache_dir`), write its tables to
    `processed_dir` (skipped when None) and every figure in `FIGURES` to `out_dir`;
    returns the paths written."""
    tags = tag(data_dir, cache_dir=cache_dir)
    written: list[Path] = []
    if processed_dir is not None:
        written += write_tables(tags, processed_dir)
    for name, build in FIGURES.items():
        written += plots.save_figure(build(tags), name, out_dir)
    return written

"""`make figures`: tag the corpus, write the processed tables, regenerate every figure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from framing import paths, plots
from framing.output import write_tables
from framing.pipeline import tag
from framing.types import Tags

#: Figure name -> function building it from the tags. figures/README.md lists each one.
FIGURES: dict[str, Callable[[Tags], Figure]] = {
    "corpus_overview": lambda tags: plots.corpus_overview(tags.articles, tags.segments),
}


def make_figures(
    *,
    data_dir: str | Path = paths.RAW_DIR,
    out_dir: str | Path = paths.FIGURES_DIR,
    processed_dir: str | Path | None = paths.PROCESSED_DIR,
) -> list[Path]:
    """Tag `data_dir`, write its tables to `processed_dir` (skipped when None) and every
    figure in `FIGURES` to `out_dir`; returns the paths written."""
    tags = tag(data_dir)
    written: list[Path] = []
    if processed_dir is not None:
        written += write_tables(tags, processed_dir)
    for name, build in FIGURES.items():
        written += plots.save_figure(build(tags), name, out_dir)
    return written

"""Every figure of the project, used by the notebooks and by `make figures`.

Functions take tidy tables and return a matplotlib `Figure` (no pyplot state, so they are
safe in scripts, tests and notebooks); `save_figure` writes PDF and PNG deterministically.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from framing.types import CONTENT_KINDS

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Fixed colour per language, so a language has the same colour in every figure.
LANGUAGE_COLOURS = {"en": OKABE_ITO[0], "de": OKABE_ITO[1], "ru": OKABE_ITO[2], "be": OKABE_ITO[3], "und": "#BBBBBB"}
OUTLET_ORDER = ["BelTA", "TASS", "RT", "blog", "unknown"]
#: Single-column width of a two-column paper, inches.
COLUMN_WIDTH = 3.5
STYLE = {
    "font.size": 8,
    "axes.titlesize": 8.5,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "pdf.fonttype": 42,  # embed TrueType fonts in the PDF
    "svg.hashsalt": "framing",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def language_colour(language: str, position: int) -> str:
    return LANGUAGE_COLOURS.get(language, OKABE_ITO[4 + position % 4])


def _outlet_order(outlets: pd.Index) -> list[str]:
    known = [o for o in OUTLET_ORDER if o in outlets]
    return known + sorted(o for o in outlets if o not in OUTLET_ORDER)


def _stacked_barh(ax, table: pd.DataFrame, *, xlabel: str, title: str) -> None:
    """Horizontal bars per outlet (rows), stacked by language (columns)."""
    table = table.loc[_outlet_order(table.index)[::-1]]
    left = pd.Series(0.0, index=table.index)
    for position, language in enumerate(table.columns):
        values = table[language]
        ax.barh(
            table.index,
            values,
            left=left,
            color=language_colour(language, position),
            label=language,
            edgecolor="white",
            linewidth=0.5,
        )
        left += values
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.margins(x=0.05)


def corpus_overview(articles: pd.DataFrame, segments: pd.DataFrame) -> Figure:
    """Articles per outlet by article language (left) and words of text per outlet by
    segment language (right: shows foreign-language excerpts inside an article)."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(2 * COLUMN_WIDTH, 2.4), layout="constrained")
        left_ax, right_ax = fig.subplots(1, 2)
        ok = articles[articles["status"] == "ok"]
        per_article = ok.groupby(["outlet", "language"]).size().unstack(fill_value=0)
        _stacked_barh(left_ax, per_article, xlabel="articles", title="(a) Articles per outlet, by article language")
        left_ax.xaxis.get_major_locator().set_params(integer=True)

        content = segments[segments["kind"].isin([k.value for k in CONTENT_KINDS])]
        content = content.merge(ok[["id", "outlet"]], left_on="article_id", right_on="id")
        words = content.groupby(["outlet", "language"])["n_words"].sum().unstack(fill_value=0)
        languages = [c for c in ["en", "de", "ru"] if c in words.columns] + sorted(
            c for c in words.columns if c not in ("en", "de", "ru")
        )
        _stacked_barh(
            right_ax,
            words[languages],
            xlabel="words of article and excerpt text",
            title="(b) Words per outlet, by segment language",
        )
        handles, labels = right_ax.get_legend_handles_labels()
        fig.legend(handles, labels, title="language (langdetect)", loc="outside right center", frameon=False)
        fig.suptitle(f"Corpus: {len(ok)} articles, {len(content)} content segments", fontsize=9)
    return fig


def save_figure(fig: Figure, name: str, out_dir: str | Path) -> list[Path]:
    """Write `name`.pdf (vector, fonts embedded) and `name`.png (300 dpi) without
    timestamps, so the same figure gives the same bytes."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pdf, png = out / f"{name}.pdf", out / f"{name}.png"
    with mpl.rc_context(STYLE):
        fig.savefig(pdf, metadata={"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None})
        fig.savefig(png, dpi=300, metadata={"Software": None})
    return [pdf, png]

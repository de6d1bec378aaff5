"""Every figure of the project, used by the notebooks and by `make figures`.

Functions take tidy tables (from `aggregate`, `frames`, `vocab`, `voices`, `evaluate`)
and return a matplotlib `Figure` (no pyplot state, so they are safe in scripts, tests
and notebooks); `save_figure` writes PDF and PNG deterministically. Figures are sized for
one column of a two-column paper (3.5 in wide) with 7-8 pt text.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#999999"
#: Fixed colour per language, so a language has the same colour in every figure.
LANGUAGE_COLOURS = {"en": OKABE_ITO[0], "de": OKABE_ITO[1], "ru": OKABE_ITO[2], "be": OKABE_ITO[3], "und": "#BBBBBB"}
#: Fixed colour per target.
TARGET_COLOURS = {"NATO": OKABE_ITO[0], "Russia": OKABE_ITO[5]}
OUTLET_ORDER = ["BelTA", "TASS", "RT-style", "RT", "blog", "other", "unknown"]
#: Single-column width of a two-column paper, inches.
COLUMN_WIDTH = 3.5
STYLE = {
    "font.size": 7.5,
    "axes.titlesize": 8,
    "axes.labelsize": 7.5,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "figure.titlesize": 8,
    "pdf.fonttype": 42,  # embed TrueType fonts in the PDF
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlelocation": "left",
}


def group_colour(name: str) -> str:
    """The same colour for an outlet group in every figure, whatever groups a corpus has."""
    known = [group for group in OUTLET_ORDER if group != "RT"]
    return OKABE_ITO[known.index(name) % 7] if name in known else OKABE_ITO[zlib.crc32(name.encode()) % 7]


def language_colour(language: str, position: int) -> str:
    return LANGUAGE_COLOURS.get(language, OKABE_ITO[4 + position % 4])


def source_order(sources: Sequence[str]) -> list[str]:
    """Outlets in a fixed order, each followed by the excerpts embedded in it."""
    present = list(dict.fromkeys(sources))
    order = []
    for outlet in [*OUTLET_ORDER, *sorted({s.split(" excerpt")[0] for s in present} - set(OUTLET_ORDER))]:
        order += [s for s in present if s == outlet]
        order += sorted(s for s in present if s.startswith(f"{outlet} excerpt"))
    return order


def _figure(height: float, *, width: float = COLUMN_WIDTH) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _stacked_barh(ax, table: pd.DataFrame, colours: Sequence[str], *, xlabel: str, title: str) -> None:
    """Horizontal bars per row of `table`, stacked by its columns (first row on top)."""
    table = table.iloc[::-1]
    left = np.zeros(len(table))
    for column, colour in zip(table.columns, colours, strict=True):
        values = table[column].to_numpy(dtype=float)
        ax.barh(table.index, values, left=left, color=colour, label=str(column), edgecolor="white", linewidth=0.5)
        left += values
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.margins(x=0.05)


#: Languages with their own colour in the overview; the rest are drawn together as "other".
MAIN_LANGUAGES = ["en", "de", "ru", "be"]


def _main_languages(table: pd.DataFrame) -> pd.DataFrame:
    """Columns of `table` (one per language) reduced to the main languages, 'other' and 'und'."""
    keep = [c for c in [*MAIN_LANGUAGES, "und"] if c in table.columns]
    rest = [c for c in table.columns if c not in keep]
    if rest:
        table = table[keep].assign(other=table[rest].sum(axis=1))
    order = [c for c in [*MAIN_LANGUAGES, "other", "und"] if c in table.columns]
    return table[order]


def corpus_overview(articles: pd.DataFrame, segments: pd.DataFrame, sources: pd.Series) -> Figure:
    """(a) Articles per outlet group by article language; (b) words of content per source
    by segment language, which shows text embedded in another outlet's page."""
    colours = {**LANGUAGE_COLOURS, "other": OKABE_ITO[3]}
    with mpl.rc_context(STYLE):
        fig = _figure(3.4)
        top, bottom = fig.subplots(2, 1, height_ratios=[1, 1.3])
        ok = articles[articles["status"] == "ok"]
        group = "outlet_group" if "outlet_group" in ok.columns else "outlet"
        per_article = _main_languages(ok.groupby([group, "language"]).size().unstack(fill_value=0))
        per_article = per_article.loc[source_order(per_article.index)]
        _stacked_barh(
            top,
            per_article,
            [colours[c] for c in per_article.columns],
            xlabel="articles",
            title="(a) Articles per outlet group",
        )
        top.xaxis.get_major_locator().set_params(integer=True)

        content = segments.assign(source=sources).dropna(subset=["source"])
        words = _main_languages(content.groupby(["source", "language"])["n_words"].sum().unstack(fill_value=0))
        words = words.loc[source_order(words.index)]
        _stacked_barh(
            bottom,
            words,
            [colours[c] for c in words.columns],
            xlabel="words of content (title, standfirst, body, excerpts)",
            title="(b) Words per source",
        )
        handles: dict = {}
        for ax in (top, bottom):
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label, handle)
        fig.legend(
            list(handles.values()),
            list(handles),
            title="language (langdetect)",
            loc="outside lower center",
            frameon=False,
            ncols=min(len(handles), 6),
        )
        fig.suptitle(f"Corpus: {len(ok)} articles, {len(content)} content segments", x=0.02, ha="left")
    return fig


def _interval_panel(ax, table: pd.DataFrame, label_column: str, order: Sequence[str], colour: str, title: str) -> None:
    """Mean score with its interval per row, counts at the right, zero line. A row of
    fewer than three articles (`too_few`) is a hollow marker with no interval."""
    rows = table.set_index(label_column).reindex(order)
    y = np.arange(len(order))[::-1]
    present = rows["n"].notna().to_numpy()
    few = rows["too_few"].fillna(False).to_numpy(dtype=bool) & present
    full = present & ~few
    means, lows, highs = (rows[c].to_numpy(dtype=float) for c in ("mean_score", "ci_low", "ci_high"))
    ax.axvline(0, color=GREY, linewidth=0.6, zorder=0)
    ax.errorbar(
        means[full],
        y[full],
        xerr=[means[full] - lows[full], highs[full] - means[full]],
        fmt="o",
        color=colour,
        markersize=4,
        elinewidth=1.2,
        capsize=2,
    )
    ax.plot(means[few], y[few], "o", markerfacecolor="white", markeredgecolor=colour, markersize=4, linestyle="none")
    for yi, row, is_few in zip(y, rows.itertuples(), few, strict=True):
        if pd.isna(row.n):
            label = "no mentions"
        else:
            articles, mentions = int(row.n_articles), int(row.n)
            label = f"{articles} article{'s' * (articles != 1)}, {mentions} mention{'s' * (mentions != 1)}"
            label += "\n(too few articles)" if is_few else ""
        ax.annotate(label, xy=(1.0, yi), xycoords=("axes fraction", "data"), xytext=(2, 0),
                    textcoords="offset points", va="center", fontsize=6, color="#444444")  # fmt: skip
    ax.set_yticks(y, order)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_title(title)


def stance_intervals(summary: pd.DataFrame, *, by: str, engine: str, title: str, subtitle: str) -> Figure:
    """Mean stance score (-1 against ... +1 favor) with 95% cluster-bootstrap intervals over
    articles per group of `by`, one panel per target; `summary` comes from
    `aggregate.stance_summary`. Counts (articles, mentions) stand at the right."""
    order = (
        source_order(summary[by].dropna().unique())
        if by in ("source", "outlet_group")
        else sorted(summary[by].dropna().unique())
    )
    targets = [t for t in ("NATO", "Russia") if t in set(summary["target"])]
    with mpl.rc_context(STYLE):
        fig = _figure(0.75 + 0.22 * len(order) * len(targets) + 0.35 * len(targets), width=COLUMN_WIDTH + 1.2)
        axes = np.atleast_1d(fig.subplots(len(targets), 1, sharex=True))
        for ax, target in zip(axes, targets, strict=True):
            part = summary[summary["target"] == target]
            _interval_panel(ax, part, by, order, TARGET_COLOURS.get(target, OKABE_ITO[0]), f"toward {target}")
        axes[-1].set_xlabel(f"mean stance score, {engine} engine\n(−1 against, +1 favor; 95% interval over articles)")
        fig.suptitle(f"{title}\n{subtitle}", x=0.02, ha="left")
    return fig


def stance_trend(trends: pd.DataFrame, *, group: str, title: str, subtitle: str) -> Figure:
    """Share of mentions against each target per period (from `aggregate.stance_trends`),
    a line per group with 95% intervals over articles (hollow: fewer than three articles),
    and the articles per period and group below."""
    groups = source_order(trends[group].unique())
    periods = sorted(trends["period"].unique())
    x = {period: i for i, period in enumerate(periods)}
    targets = [t for t in ("NATO", "Russia") if t in set(trends["target"])]
    colours = {name: group_colour(name) for name in groups}
    offsets = {name: (i - (len(groups) - 1) / 2) * 0.08 for i, name in enumerate(groups)}
    with mpl.rc_context(STYLE):
        fig = _figure(1.2 + 1.1 * len(targets), width=COLUMN_WIDTH + 1.5)
        axes = np.atleast_1d(fig.subplots(len(targets) + 1, 1, sharex=True, height_ratios=[*[2] * len(targets), 1]))
        for ax, target in zip(axes[:-1], targets, strict=True):
            for name in groups:
                part = trends[(trends["target"] == target) & (trends[group] == name)]
                xs = np.array([x[p] for p in part["period"]]) + offsets[name]
                share = part["share_against"].to_numpy(dtype=float)
                few = part["too_few"].to_numpy(dtype=bool)
                ax.plot(xs, share, color=colours[name], linewidth=0.8, label=name)
                low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
                ax.errorbar(xs[~few], share[~few], yerr=[share[~few] - low[~few], high[~few] - share[~few]], fmt="o",
                            color=colours[name], markersize=3, elinewidth=0.8, capsize=1.5)  # fmt: skip
                ax.plot(xs[few], share[few], "o", markerfacecolor="white", markeredgecolor=colours[name], markersize=3)
            highest = np.nanmax(trends[["share_against", "ci_high"]].to_numpy(dtype=float))
            ax.set_ylim(-0.02, min(1.02, max(0.5, 1.1 * highest)))
            ax.set_ylabel("share against")
            ax.set_title(f"mentions of {target}")
        counts = trends.groupby(["period", group])["n_articles"].max().unstack(fill_value=0).reindex(periods)
        bottom = np.zeros(len(periods))
        for name in groups:
            values = counts.get(name, pd.Series(0, index=periods)).to_numpy(dtype=float)
            axes[-1].bar(range(len(periods)), values, bottom=bottom, color=colours[name], width=0.7)
            bottom += values
        axes[-1].set_ylabel("articles")
        axes[-1].yaxis.get_major_locator().set_params(integer=True)
        step = max(1, len(periods) // 10)
        axes[-1].set_xticks(range(0, len(periods), step), periods[::step], rotation=40, ha="right",
                            rotation_mode="anchor")  # fmt: skip
        fig.legend(
            *axes[0].get_legend_handles_labels(),
            loc="outside right center",
            frameon=False,
            title=group.replace("_", " "),
        )
        fig.suptitle(f"{title}\n{subtitle}", x=0.02, ha="left")
    return fig


def frame_heatmap(profile: pd.DataFrame, *, group: str, frames: Sequence[str] | None = None, title: str) -> Figure:
    """Share of each source's frame cues per frame (rows: frames, columns: groups)."""
    table = profile.pivot_table(index="label", columns=group, values="share", aggfunc="sum", fill_value=0.0)
    table = table[source_order(table.columns) if group == "source" else sorted(table.columns)]
    if frames is not None:
        table = table.reindex([f for f in frames if f in table.index])
    with mpl.rc_context(STYLE):
        fig = _figure(1.0 + 0.2 * len(table))
        ax = fig.subplots()
        image = ax.imshow(
            table.to_numpy(), cmap="cividis", aspect="auto", vmin=0, vmax=max(0.3, table.to_numpy().max())
        )
        ax.set_xticks(
            range(table.shape[1]), table.columns, rotation=40, ha="right", rotation_mode="anchor", fontsize=6.5
        )
        ax.set_yticks(range(table.shape[0]), table.index, fontsize=6.5)
        for (i, j), value in np.ndenumerate(table.to_numpy()):
            if value >= 0.005:
                ax.text(
                    j,
                    i,
                    f"{100 * value:.0f}",
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="black" if value > 0.18 else "white",
                )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.colorbar(image, ax=ax, shrink=0.6, label="share of the source's frame cues", format=lambda x, _: f"{x:.0%}")
        fig.suptitle(title, x=0.02, ha="left")
    return fig


def distinctive_terms_bars(terms: pd.DataFrame, *, label_a: str, label_b: str, title: str) -> Figure:
    """z-scores of the most distinctive terms of two groups (weighted log-odds)."""
    table = terms.sort_values("z")
    with mpl.rc_context(STYLE):
        fig = _figure(0.8 + 0.14 * len(table))
        ax = fig.subplots()
        colours = [OKABE_ITO[1] if z > 0 else OKABE_ITO[0] for z in table["z"]]
        ax.barh(table["term"], table["z"], color=colours)
        ax.axvline(0, color=GREY, linewidth=0.6)
        for z in (-1.96, 1.96):
            ax.axvline(z, color=GREY, linewidth=0.6, linestyle="--")
        ax.set_xlabel(f"z-score (dashed: ±1.96)\n← {label_b}    |    {label_a} →")
        ax.tick_params(axis="y", labelsize=6.5)
        ax.margins(y=0.01)
        fig.suptitle(title, x=0.02, ha="left")
    return fig


def voices_bars(voices: pd.DataFrame, *, group: str, title: str, top: int = 6) -> Figure:
    """Share of each group's words per voice: quoted and reported speech of each speaker,
    stacked, beside the narrator's own words (shares, so small and large groups compare)."""
    speakers = (
        voices[voices["speaker"] != "narrator"]
        .groupby("speaker")["words_total"]
        .sum()
        .sort_values(ascending=False)
        .head(top)
        .index.tolist()
    )
    rest = "other voices"
    table = voices.assign(voice=voices["speaker"].where(voices["speaker"].isin([*speakers, "narrator"]), rest))
    table = table.pivot_table(index=group, columns="voice", values="words_total", aggfunc="sum", fill_value=0)
    voices_order = ["narrator", *speakers, *([rest] if rest in table.columns else [])]
    table = table.reindex(columns=voices_order, fill_value=0)
    table = table.loc[source_order(table.index) if group in ("outlet", "outlet_group") else sorted(table.index)]
    table = table.div(table.sum(axis=1).where(lambda total: total > 0, 1), axis=0)
    colours = [GREY, *OKABE_ITO[: len(speakers)], "#DDDDDD"][: len(voices_order)]
    with mpl.rc_context(STYLE):
        fig = _figure(0.9 + 0.28 * len(table))
        ax = fig.subplots()
        _stacked_barh(ax, table, colours, xlabel="share of the group's words, by voice", title="")
        ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside right center", frameon=False, title="voice")
        fig.suptitle(title, x=0.02, ha="left")
    return fig


def confusion_matrices(reports: Sequence, *, title: str) -> Figure:
    """One confusion matrix per evaluation report (rows gold, columns predicted)."""
    with mpl.rc_context(STYLE):
        fig = _figure(2.0, width=max(COLUMN_WIDTH, 1.75 * len(reports)))
        axes = np.atleast_1d(fig.subplots(1, len(reports)))
        for ax, report in zip(axes, reports, strict=True):
            matrix = report.confusion.to_numpy()
            ax.imshow(matrix, cmap="Blues", vmin=0, vmax=max(1, matrix.max()))
            labels = list(report.confusion.columns)
            ax.set_xticks(range(len(labels)), labels, fontsize=6.5, rotation=35, ha="right", rotation_mode="anchor")
            ax.set_yticks(range(len(labels)), labels if ax is axes[0] else [""] * len(labels), fontsize=6.5)
            ax.tick_params(left=ax is axes[0])
            for (i, j), value in np.ndenumerate(matrix):
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > matrix.max() / 2 else "black",
                )
            ax.set_xlabel("predicted")
            ax.set_title(f"{report.name.split(' on ')[0]}\nmacro-F1 {report.macro_f1:.2f}", fontsize=7)
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[0].set_ylabel("gold")
        fig.suptitle(title, x=0.02, ha="left")
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


def evaluation_scores(metrics: pd.DataFrame, *, metric: str, title: str) -> Figure:
    """One metric of `evaluate_annotated`'s table with its 95% interval: a row per system,
    a panel per subset (all, en, de, ru); each row's label gives its item count."""
    part = metrics[metrics["metric"] == metric]
    subsets = list(dict.fromkeys(part["subset"]))
    systems = sorted(dict.fromkeys(part["system"]), key=lambda name: name.startswith("baseline"))  # engines first
    with mpl.rc_context(STYLE):
        fig = _figure(0.5 + 0.16 * len(systems) * len(subsets) + 0.3 * len(subsets))
        axes = np.atleast_1d(fig.subplots(len(subsets), 1, sharex=True))
        for ax, subset in zip(axes, subsets, strict=True):
            rows = part[part["subset"] == subset].set_index("system").reindex(systems)
            y = np.arange(len(systems))[::-1]
            values, lows, highs = (rows[c].to_numpy(dtype=float) for c in ("value", "ci_low", "ci_high"))
            lows, highs = np.where(np.isnan(lows), values, lows), np.where(np.isnan(highs), values, highs)
            for yi, value, low, high, system in zip(y, values, lows, highs, systems, strict=True):
                colour = GREY if system.startswith("baseline") else OKABE_ITO[0]
                ax.errorbar(value, yi, xerr=[[value - low], [high - value]], fmt="o", color=colour, markersize=3.5,
                            elinewidth=1.1, capsize=2)  # fmt: skip
            ax.set_yticks(y, [f"{system} (n={int(n)})" for system, n in zip(systems, rows["n_items"], strict=True)])
            ax.set_xlim(0, 1)
            ax.set_ylim(-0.6, len(systems) - 0.4)
            ax.set_title(subset if subset != "all" else "all items")
        axes[-1].set_xlabel(f"{metric.split(': ')[-1]} (95% interval over articles)")
        fig.suptitle(title, x=0.02, ha="left")
    return fig

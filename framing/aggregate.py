"""Tidy stance summaries with bootstrap intervals, for the notebooks and figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.evaluate import LABEL_ORDER
from framing.types import ARTICLE_KINDS

SUMMARY_COLUMNS = ["n", "n_favor", "n_against", "n_neutral", "mean_score", "ci_low", "ci_high"]


def with_article_columns(mentions: pd.DataFrame, articles: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """`mentions` plus the named article columns (outlet, outlet_type, language ...), so
    mentions can be grouped by them. Mention columns keep their names ('language' of a
    mention is its segment's language; the article's becomes 'article_language')."""
    wanted = [c for c in columns if c not in mentions.columns or c == "language"]
    if not wanted:
        return mentions
    extra = articles[["id", *wanted]].rename(columns={"id": "article_id", "language": "article_language"})
    return mentions.merge(extra, on="article_id", how="left", validate="many_to_one")


def segment_sources(segments: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Who speaks in each segment, for comparing sources: the outlet's group (BelTA, TASS,
    RT-style, blog, other) for the article's own text; '<group> excerpt (<lang>)' for
    stories embedded in it (the blog's German NATO excerpts become 'blog excerpt (de)');
    None for navigation and boilerplate."""
    column = "outlet_group" if "outlet_group" in articles.columns else "outlet"
    outlet = segments["article_id"].map(articles.set_index("id")[column])
    own = segments["kind"].isin([k.value for k in ARTICLE_KINDS])
    embedded = segments["kind"].isin(["excerpt", "related-post"]) & segments["excerpt"].notna()
    source = pd.Series(None, index=segments.index, dtype="object")
    source[own] = outlet[own]
    source[embedded] = outlet[embedded] + " excerpt (" + segments.loc[embedded, "language"] + ")"
    return source.rename("source")


def with_sources(mentions: pd.DataFrame, segments: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`mentions` plus a 'source' column (see `segment_sources`), so the German excerpts
    can be compared with the outlets' own text."""
    sources = segments[["article_id", "segment"]].assign(source=segment_sources(segments, articles))
    return mentions.merge(sources, on=["article_id", "segment"], how="left", validate="many_to_one")


def bootstrap_mean_ci(
    scores: np.ndarray,
    *,
    clusters: np.ndarray | None = None,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean. With `clusters` (e.g. article ids) whole
    clusters are resampled, since mentions of one article are not independent."""
    if len(scores) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    if clusters is None:
        draws = rng.integers(0, len(scores), size=(n_boot, len(scores)))
        means = scores[draws].mean(axis=1)
    else:
        labels, index = np.unique(clusters, return_inverse=True)
        sums = np.bincount(index, weights=scores, minlength=len(labels))
        counts = np.bincount(index, minlength=len(labels))
        draws = rng.integers(0, len(labels), size=(n_boot, len(labels)))
        means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)


def stance_summary(
    mentions: pd.DataFrame,
    *,
    by: Sequence[str] = ("target",),
    articles: pd.DataFrame | None = None,
    cluster: str | None = None,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per group of `by` (any mention column, or an article column such as
    'outlet' when `articles` is given): counts per label, mean score and a seeded 95%
    bootstrap interval of the mean (resampling `cluster` units, e.g. 'article_id', when set)."""
    by = list(by)
    table = with_article_columns(mentions, articles, by) if articles is not None else mentions
    missing = [c for c in by if c not in table.columns]
    if missing:
        raise KeyError(f"cannot group by {missing}: pass `articles` for article columns")
    rows = []
    for key, group in table.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        scores = group["score"].to_numpy(dtype=float)
        clusters = group[cluster].to_numpy() if cluster else None
        low, high = bootstrap_mean_ci(scores, clusters=clusters, n_boot=n_boot, seed=seed)
        counts = group["stance"].value_counts()
        rows.append(
            {
                **dict(zip(by, key, strict=True)),
                "n": len(group),
                **{f"n_{label}": int(counts.get(label, 0)) for label in LABEL_ORDER},
                "mean_score": float(scores.mean()),
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows, columns=[*by, *SUMMARY_COLUMNS])


def segment_overview(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments and words per article and kind (what the cleaner kept apart), tidy."""
    table = segments.groupby(["article_id", "kind"], as_index=False).agg(
        n_segments=("segment", "size"), n_words=("n_words", "sum")
    )
    return table.sort_values(["article_id", "kind"]).reset_index(drop=True)

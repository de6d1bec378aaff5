"""Tidy stance summaries and trends with cluster-bootstrap intervals over articles, for the
notebooks and figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.evaluate import LABEL_ORDER
from framing.evaluate.bootstrap import cluster_bootstrap
from framing.types import ARTICLE_KINDS, Tags

SUMMARY_COLUMNS = ["n", "n_articles", "n_favor", "n_against", "n_neutral", "mean_score", "ci_low", "ci_high", "too_few"]


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
    if segments.empty:
        return pd.Series(None, index=segments.index, dtype="object", name="source")
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


#: Fewer articles than this in a group: no interval is drawn ("too few articles").
MIN_ARTICLES = 3


def mean_interval(scores: np.ndarray, articles: np.ndarray, *, seed: int = 0) -> tuple[float, float]:
    """Seeded 95% interval of the mean of `scores` (stance scores, or 0/1 flags for a
    share), resampling whole articles (mentions of one article are not independent); NaN
    for fewer than `MIN_ARTICLES` articles."""
    if len(set(articles)) < MIN_ARTICLES:
        return float("nan"), float("nan")
    return cluster_bootstrap(articles, lambda rows: float(scores[rows].mean()), seed=seed)


def stance_summary(
    mentions: pd.DataFrame,
    *,
    by: Sequence[str] = ("target",),
    articles: pd.DataFrame | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per group of `by` (any mention column, or an article column such as
    'outlet_group' when `articles` is given): counts of mentions per label and of articles,
    mean score and a seeded 95% cluster-bootstrap interval of the mean over articles
    (NaN, with `too_few` set, for a group of fewer than `MIN_ARTICLES` articles)."""
    by = list(by)
    table = with_article_columns(mentions, articles, by) if articles is not None else mentions
    missing = [c for c in by if c not in table.columns]
    if missing:
        raise KeyError(f"cannot group by {missing}: pass `articles` for article columns")
    rows = []
    for key, group in table.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        scores = group["score"].to_numpy(dtype=float)
        article_ids = group["article_id"].to_numpy(dtype=object)
        low, high = mean_interval(scores, article_ids, seed=seed)
        counts = group["stance"].value_counts()
        n_articles = len(set(article_ids))
        rows.append(
            {
                **dict(zip(by, key, strict=True)),
                "n": len(group),
                "n_articles": n_articles,
                **{f"n_{label}": int(counts.get(label, 0)) for label in LABEL_ORDER},
                "mean_score": float(scores.mean()),
                "ci_low": low,
                "ci_high": high,
                "too_few": n_articles < MIN_ARTICLES,
            }
        )
    return pd.DataFrame(rows, columns=[*by, *SUMMARY_COLUMNS])


def period_of(published: pd.Series, *, freq: str = "Q") -> pd.Series:
    """The month ('M') or quarter ('Q') of each date as text ('2022-Q1', '2022-01');
    None where the date is missing or unreadable (year-month dates are read as the month)."""
    dates = pd.to_datetime(published.astype("string"), errors="coerce", format="mixed")
    periods = dates.dt.to_period(freq).astype("string")
    return periods.str.replace(r"Q(\d)$", r"-Q\1", regex=True).astype(object).where(dates.notna(), None)


def stance_trends(tags: Tags, *, group: str = "outlet_group", freq: str = "Q", seed: int = 0) -> pd.DataFrame:
    """Share of mentions against each target per group and period (from `published`),
    with a seeded 95% cluster-bootstrap interval over articles and the article counts;
    articles with no date are left out (count them with `undated_articles`)."""
    mentions = with_article_columns(tags.mentions, tags.articles, [group, "published"])
    mentions = mentions.assign(period=period_of(mentions["published"], freq=freq)).dropna(subset=["period"])
    rows = []
    for (name, period, target), part in mentions.groupby([group, "period", "target"], sort=True):
        against = (part["stance"] == "against").to_numpy(dtype=float)
        article_ids = part["article_id"].to_numpy(dtype=object)
        n_articles = len(set(article_ids))
        low, high = mean_interval(against, article_ids, seed=seed)
        rows.append(
            {group: name, "period": period, "target": target, "n": len(part), "n_articles": n_articles,
             "share_against": float(against.mean()), "ci_low": low, "ci_high": high,
             "too_few": n_articles < MIN_ARTICLES}
        )  # fmt: skip
    columns = [group, "period", "target", "n", "n_articles", "share_against", "ci_low", "ci_high", "too_few"]
    return pd.DataFrame(rows, columns=columns)


def undated_articles(articles: pd.DataFrame) -> int:
    """Articles read without error that have no usable `published` date."""
    ok = articles[articles["status"] == "ok"]
    return int(ok["published"].pipe(period_of, freq="M").isna().sum())


def segment_overview(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments and words per article and kind (what the cleaner kept apart), tidy."""
    table = segments.groupby(["article_id", "kind"], as_index=False).agg(
        n_segments=("segment", "size"), n_words=("n_words", "sum")
    )
    return table.sort_values(["article_id", "kind"]).reset_index(drop=True)

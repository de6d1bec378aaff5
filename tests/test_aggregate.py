from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.aggregate import mean_interval, stance_summary


def test_interval_is_seeded_and_brackets_the_mean():
    scores = np.array([-0.8, -0.2, 0.0, 0.3, 0.9, 0.5])
    articles = np.array(["a", "b", "c", "d", "e", "f"])
    first = mean_interval(scores, articles, seed=1)
    assert first == mean_interval(scores, articles, seed=1)
    assert first != mean_interval(scores, articles, seed=2)
    assert first[0] < scores.mean() < first[1]


@pytest.mark.parametrize("articles", [["a", "a", "a"], ["a", "b", "b"]])
def test_fewer_than_three_articles_have_no_interval(articles):
    low, high = mean_interval(np.array([0.2, 0.4, 0.9]), np.array(articles))
    assert np.isnan(low) and np.isnan(high)


def test_summary_by_outlet_and_target(seed_tags):
    table = stance_summary(seed_tags.mentions, by=["outlet", "target"], articles=seed_tags.articles)
    rows = table.set_index(["outlet", "target"])
    assert list(table.columns) == [
        "outlet",
        "target",
        "n",
        "n_articles",
        "n_favor",
        "n_against",
        "n_neutral",
        "mean_score",
        "ci_low",
        "ci_high",
        "too_few",
    ]
    assert rows.loc[("TASS", "NATO"), "n"] == 4
    assert rows.loc[("TASS", "NATO"), "n_against"] == 4  # as the seed gold has it
    assert rows.loc[("RT", "Russia"), "n_favor"] == 8
    assert rows.loc[("TASS", "NATO"), "mean_score"] < 0 < rows.loc[("RT", "Russia"), "mean_score"]
    # one article per outlet in the seeds: no interval, drawn hollow as "too few articles"
    assert table["too_few"].all() and table["ci_low"].isna().all()
    assert rows.loc[("TASS", "NATO"), "n_articles"] == 1
    assert table["n"].sum() == len(seed_tags.mentions)


def test_summary_by_speaker(seed_tags):
    rows = stance_summary(seed_tags.mentions, by=["speaker", "target"]).set_index(["speaker", "target"])
    assert rows.loc[("Rasmussen", "Russia"), ["n", "n_against"]].tolist() == [6, 6]  # as the seed gold has it
    assert rows.loc[("Lukashenko", "Russia"), "mean_score"] > 0
    assert rows.loc[("Lukashenko", "NATO"), "mean_score"] < 0


def test_article_column_needs_articles(seed_tags):
    with pytest.raises(KeyError, match="pass `articles`"):
        stance_summary(seed_tags.mentions, by=["outlet"])


def test_summary_of_no_mentions():
    empty = pd.DataFrame(columns=["article_id", "target", "score", "stance"])
    assert stance_summary(empty).empty


def test_segment_overview(seed_tags):
    from framing.aggregate import segment_overview

    table = segment_overview(seed_tags.segments).set_index(["article_id", "kind"])
    assert table.loc[("belta_2017", "navigation"), "n_segments"] == 11
    assert table.loc[("blog_2014", "excerpt"), "n_segments"] == 8
    assert table["n_segments"].sum() == len(seed_tags.segments)

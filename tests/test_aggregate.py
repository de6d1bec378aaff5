from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.aggregate import bootstrap_mean_ci, stance_summary


def test_bootstrap_is_seeded_and_brackets_the_mean():
    scores = np.array([-0.8, -0.2, 0.0, 0.3, 0.9, 0.5])
    first = bootstrap_mean_ci(scores, seed=1)
    assert first == bootstrap_mean_ci(scores, seed=1)
    assert first != bootstrap_mean_ci(scores, seed=2)
    assert first[0] < scores.mean() < first[1]


def test_cluster_bootstrap_with_one_cluster_has_no_width():
    low, high = bootstrap_mean_ci(np.array([0.2, 0.4]), clusters=np.array(["a", "a"]))
    assert low == pytest.approx(0.3) and high == pytest.approx(0.3)


def test_summary_by_outlet_and_target(seed_tags):
    table = stance_summary(seed_tags.mentions, by=["outlet", "target"], articles=seed_tags.articles)
    rows = table.set_index(["outlet", "target"])
    assert list(table.columns) == [
        "outlet",
        "target",
        "n",
        "n_favor",
        "n_against",
        "n_neutral",
        "mean_score",
        "ci_low",
        "ci_high",
    ]
    assert rows.loc[("TASS", "NATO"), "n"] == 4
    assert rows.loc[("TASS", "NATO"), "n_against"] == 3
    assert rows.loc[("RT", "Russia"), "n_favor"] == 10
    assert rows.loc[("TASS", "NATO"), "mean_score"] < 0 < rows.loc[("RT", "Russia"), "mean_score"]
    assert (table["ci_low"] <= table["mean_score"] + 1e-9).all()
    assert (table["mean_score"] <= table["ci_high"] + 1e-9).all()
    assert table["n"].sum() == len(seed_tags.mentions)


def test_summary_by_speaker(seed_tags):
    rows = stance_summary(seed_tags.mentions, by=["speaker", "target"]).set_index(["speaker", "target"])
    assert rows.loc[("Rasmussen", "Russia"), ["n", "n_against"]].tolist() == [6, 5]
    assert rows.loc[("Lukashenko", "Russia"), "mean_score"] > 0
    assert rows.loc[("Lukashenko", "NATO"), "mean_score"] < 0


def test_article_column_needs_articles(seed_tags):
    with pytest.raises(KeyError, match="pass `articles`"):
        stance_summary(seed_tags.mentions, by=["outlet"])


def test_summary_of_no_mentions():
    empty = pd.DataFrame(columns=["target", "score", "stance"])
    assert stance_summary(empty).empty


def test_segment_overview(seed_tags):
    from framing.aggregate import segment_overview

    table = segment_overview(seed_tags.segments).set_index(["article_id", "kind"])
    assert table.loc[("belta_2017", "navigation"), "n_segments"] == 11
    assert table.loc[("blog_2014", "excerpt"), "n_segments"] == 8
    assert table["n_segments"].sum() == len(seed_tags.segments)

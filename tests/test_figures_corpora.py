"""Figures drawn from any corpus: the seeds, the real-world corpus and a three-article
corpus; nothing outside the figure, skipped figures say why, intervals over articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from framing import paths
from framing.aggregate import period_of, stance_summary, stance_trends, undated_articles
from framing.figures import FIGURES, NothingToShow, default_out_dir, make_figures
from framing.pipeline import tag
from framing.types import Tags

THREE = ["belta_2017", "tass_2022", "rt_style"]


def _three_article_corpus(root: Path) -> Path:
    """BelTA, TASS and the undated RT-style page, with the manifest rows of those three."""
    (root / "raw").mkdir(parents=True)
    manifest = pd.read_csv(paths.MANIFEST, dtype=str, keep_default_na=False)
    manifest = manifest[manifest["id"].isin(THREE)]
    for file in manifest["file"]:
        shutil.copy(paths.DATA_DIR / file, root / file)
    manifest.to_csv(root / "articles.csv", index=False)
    return root


@pytest.fixture(scope="module")
def corpora(tmp_path_factory, seed_tags) -> dict[str, Tags]:
    three = _three_article_corpus(tmp_path_factory.mktemp("three"))
    return {
        "seeds": seed_tags,
        "realworld": tag(paths.article_dir(paths.REALWORLD_DIR), cache_dir=paths.cache_dir_for(paths.REALWORLD_DIR)),
        "three": tag(paths.article_dir(three)),
    }


def _outside(figure) -> list[str]:
    """Text artists (titles, labels, tick labels, annotations, legends) that stick out of the figure."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = figure.bbox
    found = []
    for artist in figure.get_default_bbox_extra_artists():  # what the figure draws, ticks in view only
        extent = artist.get_tightbbox(renderer) if hasattr(artist, "get_tightbbox") else None
        if extent is None or extent.width == 0:
            continue
        if extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1 or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1:
            found.append(f"{type(artist).__name__} {getattr(artist, 'get_text', lambda: '')()!r} at {extent}")
    return found


@pytest.mark.parametrize("corpus", ["seeds", "realworld", "three"])
@pytest.mark.parametrize("name", [name for name in FIGURES if name != "validation_confusion"])
def test_every_figure_fits_or_says_why_it_is_skipped(corpora, corpus, name):
    try:
        figure = FIGURES[name](corpora[corpus])
    except NothingToShow as reason:
        assert str(reason), "a skipped figure says why"
        return
    assert _outside(figure) == []
    texts = " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "seed" not in texts.lower()


def test_three_articles_skip_the_german_figure_with_a_reason(corpora):
    with pytest.raises(NothingToShow, match="no German-language text outside state media"):
        FIGURES["german_vs_state_terms"](corpora["three"])


def test_groups_of_fewer_than_three_articles_have_no_interval(corpora):
    rows = stance_summary(
        corpora["realworld"].mentions, by=["outlet_group", "target"], articles=corpora["realworld"].articles
    )
    rows = rows.set_index(["outlet_group", "target"])
    # BelTA: three articles mention NATO, two mention Russia
    assert rows.loc[("BelTA", "NATO"), ["n_articles", "too_few"]].tolist() == [3, False]
    assert rows.loc[("BelTA", "Russia"), ["n_articles", "too_few"]].tolist() == [2, True]
    assert np.isnan(rows.loc[("BelTA", "Russia"), "ci_low"])
    full = rows[~rows["too_few"]]
    assert (full["ci_low"] <= full["mean_score"] + 1e-9).all() and (full["mean_score"] <= full["ci_high"] + 1e-9).all()


def test_intervals_resample_articles_not_mentions(corpora):
    """Mentions of one article move together: the interval over articles is wider than one over mentions would be."""
    tags = corpora["realworld"]
    rows = stance_summary(tags.mentions, by=["outlet_group", "target"], articles=tags.articles)
    other = rows.set_index(["outlet_group", "target"]).loc[("other", "Russia")]
    assert other["n"] == 1166 and other["n_articles"] == 191
    scores = tags.mentions.merge(tags.articles[["id", "outlet_group"]], left_on="article_id", right_on="id")
    scores = scores.query("outlet_group == 'other' and target == 'Russia'")["score"].to_numpy()
    naive = 2 * 1.96 * scores.std() / np.sqrt(len(scores))
    assert other["ci_high"] - other["ci_low"] > naive


@pytest.mark.parametrize(
    ("published", "freq", "period"),
    [
        ("2022-02-03", "Q", "2022-Q1"),
        ("2017-04-21", "M", "2017-04"),
        ("2019-11", "Q", "2019-Q4"),
        ("2024-06-30", "Y", "2024"),
        (None, "Q", None),
        ("not a date", "Q", None),
    ],
)
def test_period_of(published, freq, period):
    assert period_of(pd.Series([published], dtype=object), freq=freq).iloc[0] == period


def test_trends_leave_undated_articles_out_and_count_them(corpora):
    seeds = corpora["seeds"]
    assert undated_articles(seeds.articles) == 1  # rt_style has no date
    trends = stance_trends(seeds, freq="Q")
    assert "RT-style" not in set(trends["outlet_group"])
    row = trends.set_index(["outlet_group", "period", "target"]).loc[("TASS", "2022-Q1", "NATO")]
    assert row[["n", "n_articles", "too_few"]].tolist() == [4, 1, True]
    assert row["share_against"] == pytest.approx(1.0)  # the seed gold: all four against


def test_figures_of_a_users_corpus_never_go_over_the_shipped_ones(tmp_path):
    data = _three_article_corpus(tmp_path / "mine")
    out = default_out_dir(data)
    assert out.parent.parent == paths.PROCESSED_DIR / "corpora" and out.parent.name.startswith("mine-")
    assert default_out_dir(paths.DATA_DIR) == paths.FIGURES_DIR
    run = make_figures(data=data, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    assert run.skipped == {"german_vs_state_terms": "the corpus has no German-language text outside state media"}
    assert (tmp_path / "out" / "stance_over_time.png").is_file()


def test_an_empty_corpus_skips_every_corpus_figure(tmp_path):
    (tmp_path / "empty").mkdir()
    run = make_figures(data=tmp_path / "empty", out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    assert run.skipped["stance_by_source"] == "the corpus has no readable articles"
    assert set(run.skipped) == set(FIGURES) - {"validation_confusion"}


def test_a_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(NotADirectoryError, match="no corpus directory"):
        make_figures(data=tmp_path / "nope", cache_dir=tmp_path / "cache")

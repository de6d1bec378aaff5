"""The annotated-corpus evaluation on a five-article corpus written for these tests
(`tests/data/annotated_small`): what is read, what is left out and why, and that every
metric is computed on the items it names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.evaluate import cohen_kappa
from framing.evaluate.annotated import load_annotated_corpus, outlet_group, same_outlet
from framing.evaluate.baselines import KeywordBaseline, MajorityBaseline
from framing.evaluate.bootstrap import cluster_bootstrap, macro_f1
from framing.evaluate.corpus_report import evaluate_annotated, same_speaker
from framing.stance import get_engine
from framing.types import StanceInput
from tests.cli_runner import run_framing

SMALL = Path(__file__).parent / "data" / "annotated_small"


@pytest.fixture(scope="module")
def small_dev():
    return load_annotated_corpus(SMALL, fold="dev")


@pytest.fixture(scope="module")
def small_report(small_dev):
    return evaluate_annotated(small_dev, engine=get_engine("lexicon"))


def test_dev_fold_holds_its_articles_and_gold_rows(small_dev):
    assert small_dev.articles["id"].tolist() == ["a1", "a2", "a3", "a6"]
    assert small_dev.mentions.groupby("article_id").size().to_dict() == {"a1": 3, "a2": 2, "a3": 2, "a6": 1}
    russian = small_dev.mentions.query("article_id == 'a3' and target == 'NATO'").iloc[0]
    assert (russian["surface"], russian["stance"], russian["speaker"]) == ("НАТО", "against", "Песков")


def test_bad_gold_rows_are_named_with_their_reason(small_dev):
    reasons = dict(zip(small_dev.problems["line"], small_dev.problems["reason"], strict=True))
    assert reasons[11] == "stance: 'pro-ish' is not one of favor, against, neutral"
    assert reasons[12] == "span 3-7 does not hold 'NATO'"
    assert reasons[13] == "unknown article_id"
    assert reasons[15] == "sentence not found around the span in the article"
    assert ("a6", "no outlet: not scored for outlet") in set(
        zip(small_dev.problems["id"], small_dev.problems["reason"], strict=True)
    )


def test_an_article_without_outlet_is_left_out_of_outlet_metrics_only(small_report):
    metrics = small_report.metrics.set_index(["system", "metric", "subset"])
    assert metrics.loc[("tagger", "outlet: exact", "all"), "n_items"] == 3
    assert metrics.loc[("tagger", "article language", "all"), "n_items"] == 4
    stance = small_report.items[(small_report.items["kind"] == "stance") & (small_report.items["article_id"] == "a6")]
    assert len(stance) == 3  # the engine and both baselines score its one usable mention
    assert "6 input problems" in small_report.format()


def test_test_fold_leaves_out_a_duplicate_and_flags_a_missing_url():
    test = load_annotated_corpus(SMALL, fold="test")
    assert test.articles["id"].tolist() == ["a4"]
    problems = set(zip(test.problems["id"], test.problems["reason"], strict=True))
    assert ("a5", "same bytes as a4: left out") in problems
    assert ("a4", "no URL: kept, provenance incomplete") in problems
    assert len(test.mentions) == 2


def test_unknown_fold_and_missing_folder_are_refused(tmp_path):
    with pytest.raises(ValueError, match="fold must be"):
        load_annotated_corpus(SMALL, fold="train")
    with pytest.raises(FileNotFoundError, match="no raw/ folder"):
        load_annotated_corpus(tmp_path)


def test_every_metric_is_computed_on_the_items_it_names(small_report):
    items, metrics = small_report.items, small_report.metrics
    outlet = items[(items["kind"] == "outlet") & (items["system"] == "tagger")]
    assert outlet.set_index("article_id").loc["a1", "predicted"] == "TASS"  # the /TASS/. dateline
    row = metrics[(metrics["metric"] == "outlet: exact") & (metrics["system"] == "tagger")].iloc[0]
    assert row["n_items"] == 3 and row["value"] == pytest.approx(outlet["correct"].mean())
    stance = items[(items["kind"] == "stance") & (items["system"] == "lexicon")]
    assert len(stance) == 8
    for language, n in {"all": 8, "en": 4, "de": 2, "ru": 2}.items():
        part = stance if language == "all" else stance[stance["language"] == language]
        row = metrics[(metrics["metric"] == "stance: macro-F1") & (metrics["system"] == "lexicon")]
        row = row[row["subset"] == language].iloc[0]
        assert row["n_items"] == n
        expected = macro_f1(
            part["gold"].to_numpy(object), part["predicted"].to_numpy(object), ["favor", "against", "neutral"]
        )
        assert row["value"] == pytest.approx(expected)
    speakers = items[items["kind"] == "speaker"]
    assert len(speakers) == 8
    row = metrics[(metrics["metric"] == "speaker: accuracy") & (metrics["subset"] == "all")].iloc[0]
    assert row["value"] == pytest.approx(speakers["correct"].mean())


def test_majority_baselines_learn_from_the_corpus_they_are_given(small_dev):
    small_test = load_annotated_corpus(SMALL, fold="test")  # two neutral mentions, one English article
    report = evaluate_annotated(small_dev, engine=get_engine("lexicon"), baseline_from=small_test)
    majority = report.items[(report.items["kind"] == "stance") & (report.items["system"] == "baseline: majority")]
    assert set(majority["predicted"]) == {"neutral"}
    notes = report.metrics.set_index(["system", "metric", "subset"])["note"]
    assert notes["baseline: majority", "article language", "all"] == "always 'en'"
    in_sample = evaluate_annotated(small_dev, engine=get_engine("lexicon")).metrics.set_index(
        ["system", "metric", "subset"]
    )
    assert in_sample.loc[("baseline: majority", "stance: macro-F1", "all"), "note"] == "always 'against' (in-sample)"


def test_keyword_baseline_counts_stems_in_the_whole_sentence():
    baseline = KeywordBaseline(stems={"en": {"against": ("threat", "provok"), "favor": ("ally", "partner")}})
    items = [
        StanceInput("NATO provokes us and is a threat.", "NATO", (0, 4), "en"),
        StanceInput("Russia is a partner and an ally, not a threat.", "Russia", (0, 6), "en"),
        StanceInput("Die Nato ist eine Bedrohung.", "NATO", (4, 8), "de"),
    ]
    assert [r.label.value for r in baseline.score(items)] == ["against", "favor", "neutral"]


def test_majority_baseline_breaks_ties_toward_neutral():
    assert MajorityBaseline.fit(["favor", "neutral"]).label.value == "neutral"
    assert MajorityBaseline.fit(["against", "against", "neutral"]).label.value == "against"


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Grushko", "Грушко", True),
        ("Lukashenko", "Lukashenka", True),
        ("Shoigu", "Шойгу", True),
        ("narrator", "Narrator", True),
        ("narrator", "Rutte", False),
        ("Rutte", "Stoltenberg", False),
        ("Kremlin", "Russia", False),
        ("Peskov", "(mention not found)", False),
    ],
)
def test_speakers_match_across_scripts(gold, predicted, same):
    assert same_speaker(gold, predicted) is same


@pytest.mark.parametrize(
    ("outlet", "outlet_type", "group"),
    [
        ("TASS", "state news agency", "TASS"),
        ("ITAR-TASS", "state news agency", "TASS"),
        ("Sputnik", "state broadcaster", "RT-style"),
        ("Bbabo NET", "blog or aggregator", "blog"),
        ("Der Spiegel", "private media", "other"),
        ("unknown", "unknown", "unknown"),
    ],
)
def test_outlet_groups(outlet, outlet_type, group):
    assert outlet_group(outlet, outlet_type) == group


def test_itar_tass_is_tass():
    assert same_outlet("TASS", "ITAR-TASS") and not same_outlet("TASS", "RIA Novosti")


def test_cluster_bootstrap_is_seeded_and_resamples_whole_articles():
    clusters = ["a"] * 10 + ["b"] * 10
    flags = np.array([1.0] * 10 + [0.0] * 10)
    share = lambda rows: float(flags[rows].mean())  # noqa: E731
    first = cluster_bootstrap(clusters, share, seed=3)
    assert first == cluster_bootstrap(clusters, share, seed=3)
    # two clusters: a resample holds a twice, b twice, or one of each; nothing in between
    assert first == (0.0, 1.0)
    assert np.isnan(cluster_bootstrap(["a"] * 5, share, seed=0)[0])


def test_cohen_kappa_on_a_worked_example():
    a = ["favor"] * 20 + ["against"] * 15 + ["neutral"] * 15
    b = ["favor"] * 15 + ["neutral"] * 5 + ["against"] * 15 + ["neutral"] * 15
    observed, kappa = cohen_kappa(a, b)
    # p_o = 45/50; p_e = (20*15 + 15*15 + 15*20) / 50^2 = 825/2500
    assert observed == pytest.approx(0.9)
    assert kappa == pytest.approx((0.9 - 0.33) / (1 - 0.33))


def test_cli_writes_items_and_metrics(tmp_path):
    result = run_framing("evaluate", "--set", str(SMALL), "--fold", "dev", "--items-out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "outlet: exact" in result.stdout and "gold/mentions.csv line 12 [a1]: span 3-7" in result.stdout
    items = pd.read_csv(tmp_path / "annotated_small_dev_lexicon_items.csv")
    assert set(items["kind"]) == {"outlet", "outlet_group", "state_media", "language", "stance", "speaker"}


def test_cli_names_a_missing_corpus(tmp_path):
    result = run_framing("evaluate", "--set", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no raw/ folder" in result.stderr

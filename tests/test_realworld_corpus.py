"""The real-world corpus (data/realworld) as `evaluate --set realworld --fold dev` reads it:
its counts, and every metric recomputed from the item table it reports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing import paths
from framing.evaluate import LABEL_ORDER
from framing.evaluate.annotated import load_annotated_corpus
from framing.evaluate.bootstrap import macro_f1
from framing.evaluate.corpus_report import NOT_FOUND, evaluate_annotated
from framing.stance import get_engine
from tests.cli_runner import run_framing


@pytest.fixture(scope="module")
def dev():
    return load_annotated_corpus(paths.REALWORLD_DIR, fold="dev")


@pytest.fixture(scope="module")
def dev_report(dev):
    return evaluate_annotated(dev, engine=get_engine("lexicon"))


def test_dev_fold_counts(dev):
    articles = dev.articles
    assert len(articles) == 166 and dev.problems.empty
    assert articles.groupby("language").size().to_dict() == {"de": 50, "en": 72, "ru": 44}
    assert articles.groupby("outlet_group").size().to_dict() == {
        "BelTA": 2,
        "RT-style": 9,
        "TASS": 18,
        "blog": 35,
        "other": 102,
    }
    assert (articles["outlet"] == "RIA Novosti").sum() == 8
    assert articles["state_media"].sum() == 44


def test_dev_fold_gold_mentions(dev):
    gold = dev.mentions.merge(dev.articles[["id", "language"]], left_on="article_id", right_on="id")
    assert len(gold) == 724
    assert gold.groupby(["language", "stance"]).size().to_dict() == {
        ("de", "against"): 64,
        ("de", "favor"): 9,
        ("de", "neutral"): 132,
        ("en", "against"): 99,
        ("en", "favor"): 25,
        ("en", "neutral"): 203,
        ("ru", "against"): 48,
        ("ru", "favor"): 21,
        ("ru", "neutral"): 123,
    }
    # every gold span holds its surface form in its sentence (else it would be a problem row)
    sample = gold.iloc[0]
    assert sample["sentence"][sample["start"] - sample["sentence_start"] :].startswith(sample["surface"])


def _metric(metrics: pd.DataFrame, system: str, metric: str, subset: str = "all") -> pd.Series:
    rows = metrics[(metrics["system"] == system) & (metrics["metric"] == metric) & (metrics["subset"] == subset)]
    assert len(rows) == 1, (system, metric, subset)
    return rows.iloc[0]


def test_each_article_metric_is_computed_on_its_items(dev, dev_report):
    items, metrics = dev_report.items, dev_report.metrics
    outlet = items[(items["kind"] == "outlet") & (items["system"] == "tagger")].set_index("article_id")
    assert len(outlet) == 166
    exact = _metric(metrics, "tagger", "outlet: exact")
    assert (exact["n_items"], exact["value"]) == (166, pytest.approx(outlet["correct"].mean()))
    state_ids = dev.articles.loc[dev.articles["state_media"], "id"]
    named = _metric(metrics, "tagger", "outlet: state media named correctly")
    assert (named["n_items"], named["value"]) == (44, pytest.approx(outlet.loc[state_ids, "correct"].mean()))
    state = items[(items["kind"] == "state_media") & (items["system"] == "tagger")].set_index("article_id")
    others = state.drop(state_ids)
    false_state = _metric(metrics, "tagger", "outlet: non-state articles called state media")
    assert false_state["n_items"] == 122
    assert false_state["value"] == pytest.approx((others["predicted"] == "state").mean())
    language = items[items["kind"] == "language"]
    assert _metric(metrics, "tagger", "article language")["value"] == pytest.approx(language["correct"].mean())


@pytest.mark.parametrize("system", ["lexicon", "baseline: majority", "baseline: keywords"])
def test_each_stance_metric_is_computed_on_its_items(dev_report, system):
    items, metrics = dev_report.items, dev_report.metrics
    stance = items[(items["kind"] == "stance") & (items["system"] == system)]
    assert len(stance) == 724
    for subset, n in {"all": 724, "en": 327, "de": 205, "ru": 192}.items():
        part = stance if subset == "all" else stance[stance["language"] == subset]
        row = _metric(metrics, system, "stance: macro-F1", subset)
        gold, predicted = part["gold"].to_numpy(object), part["predicted"].to_numpy(object)
        assert (row["n_items"], row["value"]) == (n, pytest.approx(macro_f1(gold, predicted, LABEL_ORDER)))
        assert row["ci_low"] <= row["value"] <= row["ci_high"]
    for label in LABEL_ORDER:
        recall = _metric(metrics, system, "stance: recall", label)
        of_label = stance[stance["gold"] == label]
        assert recall["n_items"] == len(of_label)
        assert recall["value"] == pytest.approx((of_label["predicted"] == label).mean())


def test_speaker_metric_counts_unfound_mentions_as_wrong(dev_report):
    items, metrics = dev_report.items, dev_report.metrics
    speakers = items[items["kind"] == "speaker"]
    assert len(speakers) == 724
    row = _metric(metrics, "tagger", "speaker: accuracy")
    assert row["value"] == pytest.approx(speakers["correct"].mean())
    assert not speakers.loc[speakers["predicted"] == NOT_FOUND, "correct"].any()
    found = _metric(metrics, "tagger", "mentions found by the tagger")
    assert found["value"] == pytest.approx(np.mean(speakers["predicted"] != NOT_FOUND))


def test_evaluate_command_on_the_dev_fold(tmp_path):
    result = run_framing("evaluate", "--set", "realworld", "--fold", "dev", "--items-out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "realworld, fold dev" in result.stdout
    assert "n=724 items, 166 articles" in result.stdout
    metrics = pd.read_csv(tmp_path / "realworld_dev_lexicon_metrics.csv")
    assert set(metrics["system"]) == {
        "tagger",
        "tagger, text only",
        "lexicon",
        "baseline: majority",
        "baseline: keywords",
    }

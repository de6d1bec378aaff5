from __future__ import annotations

import json

import pandas as pd
import pytest

from framing import paths
from framing.evaluate import (
    agreement,
    disagreements,
    evaluate,
    evaluate_engines,
    load_gold,
    load_newsmtsc,
    metrics,
    result_agreement,
    scores_by,
    speaker_accuracy,
)
from framing.stance import ENGINES, EngineUnavailableError, get_engine
from framing.types import StanceLabel, StanceResult
from tests.cli_runner import run_framing

GOLD = paths.DATA_DIR / "gold" / "mentions.csv"


def test_metrics_on_a_small_table():
    gold = ["favor", "favor", "against", "neutral", "neutral", "neutral"]
    pred = ["favor", "neutral", "against", "neutral", "against", "neutral"]
    report = metrics(gold, pred)
    assert report.accuracy == pytest.approx(4 / 6)
    per_class = report.per_class.set_index("label")
    assert per_class.loc["favor", "precision"] == 1.0
    assert per_class.loc["favor", "recall"] == 0.5
    assert per_class.loc["against", "precision"] == 0.5
    assert per_class.loc["neutral", "f1"] == pytest.approx(2 / 3)
    assert report.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 2 / 3) / 3)
    assert report.confusion.loc["neutral", "against"] == 1
    assert int(report.confusion.to_numpy().sum()) == 6


def test_gold_file_is_complete_and_valid():
    gold = load_gold(GOLD)
    assert gold.errors.empty
    assert len(gold.items) == 80
    assert pd.Series(gold.labels).value_counts().to_dict() == {"neutral": 34, "favor": 26, "against": 20}


def test_lexicon_reaches_the_target_on_the_gold_set():
    report, _ = evaluate(get_engine("lexicon"), load_gold(GOLD))
    assert report.macro_f1 >= 0.75
    assert report.macro_f1 == pytest.approx(0.863, abs=0.001)


def test_speaker_attribution_on_the_gold_set(seed_tags):
    assert speaker_accuracy(seed_tags.mentions, load_gold(GOLD).table) == pytest.approx(0.875)


def test_bad_gold_rows_are_reported_not_fatal(tmp_path):
    good = pd.read_csv(GOLD).head(3)
    bad = good.copy()
    bad.loc[0, "stance"] = "positive"
    bad.loc[1, "article_id"] = "nope"
    bad.loc[2, "start"] = bad.loc[2, "start"] + 1
    (tmp_path / "gold").mkdir()
    pd.concat([good, bad]).to_csv(tmp_path / "gold" / "mentions.csv", index=False)
    gold = load_gold(tmp_path / "gold" / "mentions.csv", data_dir=paths.RAW_DIR)
    assert len(gold.items) == 3
    assert gold.errors["row"].tolist() == [5, 6, 7]
    assert gold.errors["reason"].tolist()[0] == "stance: 'positive' is not one of favor, against, neutral"
    assert gold.errors["reason"].tolist()[1] == "unknown article_id 'nope'"
    assert gold.errors["reason"].tolist()[2].startswith("span ")


def test_malformed_gold_rows_and_files(tmp_path):
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    (tmp_path / "gold").mkdir()
    broken = tmp_path / "gold" / "mentions.csv"
    broken.write_text("\n".join([lines[0], lines[1], "too,few,cells", lines[1]]) + "\n", encoding="utf-8")
    gold = load_gold(broken, data_dir=paths.RAW_DIR)
    assert len(gold.items) == 1
    assert gold.errors.to_dict("records") == [
        {"row": 3, "reason": "expected 10 cells, found 3"},
        {"row": 4, "reason": "duplicate article_id/start/end 'bbabo_2022/24/30' (first on line 2)"},
    ]
    (tmp_path / "gold" / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty file"):
        load_gold(tmp_path / "gold" / "empty.csv", data_dir=paths.RAW_DIR)


def test_newsmtsc_reader(tmp_path):
    lines = [
        {
            "sentence_normalized": "Smith praised Jones.",
            "targets": [
                {"from": 0, "to": 5, "mention": "Smith", "polarity": 4.0},
                {"from": 14, "to": 19, "mention": "Jones", "polarity": 6.0},
                {"from": 14, "to": 19, "mention": "Jones", "polarity": 6.0},  # duplicate span, as in dev_mt
            ],
        },
        {
            "sentence_normalized": "Brown failed.",
            "targets": [{"from": 0, "to": 5, "mention": "Brown", "polarity": 2.0}],
        },
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    split = load_newsmtsc(path)
    assert split.labels == ["neutral", "favor", "against"]
    assert [i.span for i in split.items] == [(0, 5), (14, 19), (0, 5)]
    assert split.errors["row"].tolist() == [3]


def test_newsmtsc_dev_rw_lexicon_baseline():
    path = paths.NEWSMTSC_DIR / "dev_rw.jsonl"
    if not path.is_file():
        pytest.skip(f"NewsMTSC not found at {path} (../shared is absent)")
    split = load_newsmtsc(path)
    assert len(split.items) == 343
    report, _ = evaluate(get_engine("lexicon"), split)
    assert report.macro_f1 == pytest.approx(0.344, abs=0.001)


def test_evaluate_command_prints_the_reports():
    result = run_framing("evaluate", "--newsmtsc-split")
    assert result.returncode == 0, result.stderr
    assert "lexicon on gold (mentions.csv): n=80  accuracy=0.863  macro-F1=0.863" in result.stdout
    assert "speaker attribution on the gold mentions: accuracy=0.875" in result.stdout


def test_agreement_and_kappa():
    table = agreement(
        {"x": ["favor", "against", "neutral", "neutral"], "y": ["favor", "neutral", "neutral", "neutral"]}
    )
    row = table.iloc[0]
    assert (row["engine_a"], row["engine_b"], row["n"]) == ("x", "y", 4)
    assert row["agreement"] == 0.75
    # expected = 0.25*0.25 + 0.25*0 + 0.5*0.75 = 0.4375; kappa = (0.75 - 0.4375) / 0.5625
    assert row["kappa"] == pytest.approx(0.5555556)


class _EngineWithoutModel:
    """Stands in for a model engine whose weights are not on this machine."""

    name = "missing-model"
    version = "1"

    def score(self, items):
        raise EngineUnavailableError("model 'x' is not available on this machine. Get it with ...")


def test_evaluate_engines_lists_unavailable_engines_and_scores_the_rest(monkeypatch):
    monkeypatch.setitem(ENGINES, "missing-model", _EngineWithoutModel)
    runs = evaluate_engines(["lexicon", "missing-model"], load_gold(GOLD))
    assert runs.unavailable == {"missing-model": "model 'x' is not available on this machine"}
    assert [r.name for r in runs.reports] == ["lexicon on gold (mentions.csv)"]
    assert runs.reports[0].macro_f1 == pytest.approx(0.863, abs=0.001)
    assert len(runs.predictions["lexicon"]) == 80


def test_scores_by_language_and_disagreements_on_the_gold_set():
    gold = load_gold(GOLD)
    _, predicted = evaluate(get_engine("lexicon"), gold)
    by_language = scores_by(gold, {"lexicon": predicted}, "language").set_index("language")
    assert by_language.loc["de", "n"] == 18 and by_language.loc["en", "n"] == 62
    assert by_language.loc["de", "accuracy"] == pytest.approx(15 / 18)
    assert by_language.loc["en", "accuracy"] == pytest.approx(54 / 62)
    table = disagreements(gold, {"lexicon": predicted})
    assert len(table) == 11  # 80 mentions, accuracy 69/80
    assert (table["stance"] != table["predicted_lexicon"]).all()
    assert {"article_id", "surface", "note", "sentence"} <= set(table.columns)
    missed = table.set_index(["article_id", "surface"])
    assert missed.loc[("tass_2022", "the alliance"), ["stance", "predicted_lexicon"]].tolist() == ["against", "neutral"]
    assert missed.loc[("rt_style", "NATO"), ["stance", "predicted_lexicon"]].tolist() == ["against", "neutral"]


FAVOR, AGAINST, NEUTRAL = StanceLabel.FAVOR, StanceLabel.AGAINST, StanceLabel.NEUTRAL


@pytest.mark.parametrize(
    ("results", "reference", "same", "largest"),
    [
        ([(FAVOR, 0.5), (AGAINST, -0.4)], [(FAVOR, 0.49), (AGAINST, -0.43)], 2, 0.03),
        ([(FAVOR, 0.21), (NEUTRAL, 0.0)], [(NEUTRAL, 0.19), (NEUTRAL, 0.0)], 1, 0.02),
        ([], [], 0, 0.0),
    ],
)
def test_result_agreement_counts_labels_and_the_largest_score_gap(results, reference, same, largest):
    made = [StanceResult(label, score, "") for label, score in results]
    against = [StanceResult(label, score, "") for label, score in reference]
    found = result_agreement(made, against)
    assert (found.n, found.same_label) == (len(results), same)
    assert found.max_score_difference == pytest.approx(largest)
    assert found.format("fp32").startswith(f"  same label as fp32 on {same} of {len(results)} items")


def test_result_agreement_refuses_runs_of_different_length():
    with pytest.raises(ValueError, match="1 results against 0 reference results"):
        result_agreement([StanceResult(FAVOR, 0.5, "")], [])

"""The nli engine on a tiny, randomly initialised NLI model built here (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.stance import get_engine
from framing.stance.nli import ModelUnavailableError, NLIEngine, label_indices, zero_shot_probabilities
from framing.types import StanceInput, StanceLabel

WORDS = [
    "this",
    "text",
    "is",
    "in",
    "favor",
    "of",
    "against",
    "neutral",
    "about",
    "nato",
    "russia",
    "the",
    "a",
    "threat",
    "ally",
    "dieser",
    "ist",
    "für",
    "gegen",
]


def build_tiny_nli_model(folder: Path, id2label: dict[int, str]) -> Path:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder.mkdir(parents=True, exist_ok=True)
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", *WORDS]) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab))
    config = transformers.BertConfig(
        vocab_size=len(WORDS) + 6,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=3,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    transformers.BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_nli_model(tmp_path_factory.mktemp("nli"), {0: "entailment", 1: "neutral", 2: "contradiction"})


ITEMS = [
    StanceInput("NATO is a threat.", "NATO", (0, 4), "en"),
    StanceInput("Russia is an ally.", "Russia", (0, 6), "en"),
    StanceInput("Dieser Text ist gegen NATO.", "NATO", (22, 26), "de"),
    StanceInput("The text is neutral.", "Russia", None, "en"),
    StanceInput("Russia and NATO.", "NATO", (11, 15), "ru"),
]


@pytest.mark.parametrize(
    ("label2id", "expected"),
    [
        ({"entailment": 0, "neutral": 1, "contradiction": 2}, (0, 2)),
        ({"CONTRADICTION": 0, "NEUTRAL": 1, "ENTAILMENT": 2}, (2, 0)),
        ({"Contradiction": 2, "Entailment": 1, "Neutral": 0}, (1, 2)),
    ],
)
def test_label_indices_follow_the_config(label2id, expected):
    assert label_indices(label2id) == expected


def test_label_indices_reject_a_non_nli_model():
    with pytest.raises(ValueError, match="not an NLI model"):
        label_indices({"LABEL_0": 0, "LABEL_1": 1})


def test_zero_shot_probabilities():
    probs = zero_shot_probabilities([2.0, 0.0, 0.0])
    assert probs[0] == pytest.approx(0.7870, abs=1e-4)
    assert sum(probs) == pytest.approx(1.0)


def test_scores_in_batches(tiny_model):
    engine = NLIEngine(model=tiny_model, batch_size=4, device="cpu")
    results = engine.score(ITEMS)
    assert engine.forward_calls == 4  # 5 items x 3 hypotheses = 15 pairs, in batches of 4
    assert len(results) == len(ITEMS)
    for result in results:
        assert result.label in set(StanceLabel)
        assert -1 <= result.score <= 1
        assert result.evidence.startswith(str(tiny_model))


def test_batch_size_does_not_change_results(tiny_model):
    one = NLIEngine(model=tiny_model, batch_size=1, device="cpu").score(ITEMS)
    many = NLIEngine(model=tiny_model, batch_size=15, device="cpu").score(ITEMS)
    assert [r.label for r in one] == [r.label for r in many]
    assert [r.score for r in one] == pytest.approx([r.score for r in many], abs=1e-4)


def test_label_mapping_uses_the_entailment_column(tmp_path, tiny_model):
    # Same weights, labels permuted in the config: the engine must read another logit column.
    import json

    permuted = build_tiny_nli_model(tmp_path / "permuted", {0: "contradiction", 1: "neutral", 2: "entailment"})
    config = json.loads((permuted / "config.json").read_text())
    assert config["label2id"]["entailment"] == 2
    engine = NLIEngine(model=permuted, device="cpu")
    logits = engine.entailment_logits([("NATO is a threat.", "This text is against NATO.")])
    raw = NLIEngine(model=tiny_model, device="cpu")
    raw._load()
    import torch

    encoded = raw._tokenizer(["NATO is a threat."], ["This text is against NATO."], return_tensors="pt")
    with torch.inference_mode():
        all_logits = raw._model(**encoded).logits[0].tolist()
    assert logits[0] == pytest.approx(all_logits[2], abs=1e-5)


def test_missing_model_fails_with_instructions(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    engine = get_engine("nli", model="no-such-org/no-such-model")
    with pytest.raises(ModelUnavailableError, match="huggingface-cli download no-such-org/no-such-model"):
        engine.score(ITEMS[:1])


def test_check_available_looks_only_for_the_model_files(monkeypatch, tiny_model, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    NLIEngine(model=tiny_model).check_available()  # a local folder
    for missing in ("no-such-org/no-such-model", str(tmp_path / "no" / "such" / "folder")):
        with pytest.raises(ModelUnavailableError, match="huggingface-cli download"):
            NLIEngine(model=missing).check_available()


def test_engine_identity_says_whether_the_model_is_here(monkeypatch, tiny_model):
    from framing.stance import engine_identity

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    here = engine_identity(NLIEngine(model=tiny_model))
    gone = engine_identity(NLIEngine(model="no-such-org/no-such-model"))
    assert here == {"name": "nli", "version": "1", "model": str(tiny_model), "available": "yes"}
    assert gone["available"].startswith("no: NLI model 'no-such-org/no-such-model' is not available")


def test_empty_input_loads_nothing():
    engine = NLIEngine(model="no-such-org/no-such-model")
    assert engine.score([]) == []

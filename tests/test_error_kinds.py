"""Per-error-kind counts of the real-world evaluation: each wrong stance gets one kind."""

import pytest

from framing.evaluate.corpus_report import _trained_here, error_kind
from framing.types import StanceInput


@pytest.mark.parametrize(
    ("item", "gold", "predicted", "kind"),
    [
        # a cue was found ('threat' with Russia as patient) and the label is still wrong
        (StanceInput("NATO poses a threat to Russia.", "Russia", (23, 29), "en"), "neutral", "against", "role"),
        # no cue at all and the gold is not neutral: the cue lists miss it
        (StanceInput("Europe is the docile rear of NATO.", "NATO", (29, 33), "en"), "against", "neutral", "coverage"),
        # no cue, gold neutral, a label given anyway
        (
            StanceInput("Er traf in Moskau Donfried.", "Russia", (11, 17), "de"),
            "neutral",
            "against",
            "spurious cue-less",
        ),
        (StanceInput("Альянс провоцирует Россию.", "NATO", (0, 6), "ru"), "against", "against", ""),
    ],
)
def test_error_kind(item, gold, predicted, kind):
    assert error_kind(item, gold, predicted) == kind


class _Fitted:
    trained_on = ("realworld:dev", "seed gold")


class _Corpus:
    def __init__(self, name, fold):
        from pathlib import Path

        self.root, self.fold = Path("/data") / name, fold


@pytest.mark.parametrize(
    ("name", "fold", "expected"),
    [("realworld", "dev", True), ("realworld", "all", True), ("realworld", "test", False), ("other", "dev", False)],
)
def test_in_sample_note_only_where_the_engine_was_fitted(name, fold, expected):
    assert _trained_here(_Fitted(), _Corpus(name, fold)) is expected

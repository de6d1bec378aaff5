"""The garbage collector runs rarely while a corpus is tagged, and as before afterwards."""

from __future__ import annotations

import gc

import pytest

from framing import paths
from framing.collector import YOUNG_THRESHOLD, rare_collections
from framing.pipeline import tag
from framing.scale import plan_frame, tag_frame
from framing.stream import tag_to_files
from framing.types import StanceLabel, StanceResult


@pytest.fixture
def default_threshold():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


class _ThresholdRecorder:
    """A stance engine that notes the collector's thresholds each time it is asked to score."""

    name = "threshold-recorder"
    version = "1"

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def score(self, items):
        self.seen.append(gc.get_threshold())
        return [StanceResult(StanceLabel.NEUTRAL, 0.0, "test") for _ in items]


@pytest.mark.parametrize(
    "run",
    [
        pytest.param(lambda engine, tmp: tag_to_files(paths.RAW_DIR, tmp / "out", engine=engine), id="tag_to_files"),
        pytest.param(lambda engine, tmp: tag(paths.RAW_DIR, engine=engine), id="tag"),
    ],
)
def test_tagging_raises_the_young_threshold_and_restores_it(run, tmp_path, default_threshold):
    engine = _ThresholdRecorder()
    run(engine, tmp_path)
    assert len(engine.seen) == 5  # one score call per seed article
    assert set(engine.seen) == {(YOUNG_THRESHOLD, 10, 10)}
    assert gc.get_threshold() == (700, 10, 10)


def test_tag_frame_raises_the_threshold_and_restores_it(default_threshold, monkeypatch):
    calls = []
    set_threshold = gc.set_threshold

    def recording(*thresholds):
        calls.append(thresholds)
        set_threshold(*thresholds)

    frame = plan_frame(paths.RAW_DIR).head(1)
    monkeypatch.setattr(gc, "set_threshold", recording)
    tag_frame(frame)
    assert calls == [(YOUNG_THRESHOLD, 10, 10), (700, 10, 10)]


def test_a_higher_threshold_of_the_caller_is_kept():
    saved = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD * 3, 5, 5)
    try:
        with rare_collections():
            assert gc.get_threshold() == (YOUNG_THRESHOLD * 3, 5, 5)
    finally:
        gc.set_threshold(*saved)


def test_the_threshold_comes_back_when_the_block_raises(default_threshold):
    with pytest.raises(RuntimeError, match="engine broke"), rare_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
        raise RuntimeError("engine broke")
    assert gc.get_threshold() == (700, 10, 10)

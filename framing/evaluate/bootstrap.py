"""Seeded cluster-bootstrap intervals: resample whole articles, since mentions of one
article are not independent (one writer, one speaker, one topic)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: Resamples per interval; enough for stable 2.5/97.5 percentiles at two decimals.
RESAMPLES = 1000


def cluster_bootstrap(
    clusters: Sequence[str],
    statistic: Callable[[np.ndarray], float],
    *,
    seed: int = 0,
    resamples: int = RESAMPLES,
    level: float = 0.95,
) -> tuple[float, float]:
    """The percentile interval of `statistic(rows)` over resamples of the clusters, where
    `rows` are the row positions of the drawn clusters (a cluster drawn twice counts twice).
    NaN when there are fewer than two clusters."""
    labels, codes = np.unique(np.asarray(clusters, dtype=object), return_inverse=True)
    if len(labels) < 2:
        return float("nan"), float("nan")
    members = [np.flatnonzero(codes == i) for i in range(len(labels))]
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(resamples):
        drawn = rng.integers(0, len(labels), len(labels))
        rows = np.concatenate([members[i] for i in drawn])
        value = statistic(rows)
        if not np.isnan(value):
            values.append(value)
    if not values:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def macro_f1(gold: np.ndarray, predicted: np.ndarray, labels: Sequence[str]) -> float:
    """Macro-F1 over `labels` (a class absent from both gold and predictions scores 0, as in
    `framing.evaluate.metrics`)."""
    scores = []
    for label in labels:
        is_gold, is_predicted = gold == label, predicted == label
        tp = float(np.sum(is_gold & is_predicted))
        precision = tp / is_predicted.sum() if is_predicted.any() else 0.0
        recall = tp / is_gold.sum() if is_gold.any() else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return float(np.mean(scores)) if len(gold) else float("nan")

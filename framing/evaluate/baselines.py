"""Two stance baselines every engine must beat on the same items: the majority class,
and a short keyword count per language (`resources/baseline_keywords.csv`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from framing.resources import read_table
from framing.types import StanceInput, StanceLabel, StanceResult


@dataclass(frozen=True)
class MajorityBaseline:
    """Always the label that is most frequent in the training items (ties: neutral first)."""

    label: StanceLabel
    name: str = "majority"
    version: str = "1"

    @classmethod
    def fit(cls, labels: Sequence[str]) -> MajorityBaseline:
        counts = Counter(labels)
        order = [StanceLabel.NEUTRAL, StanceLabel.AGAINST, StanceLabel.FAVOR]
        return cls(max(order, key=lambda label: counts[label.value]))

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        return [StanceResult(self.label, 0.0, f"majority class '{self.label.value}'") for _ in items]


@cache
def _keywords() -> dict[str, dict[str, tuple[str, ...]]]:
    words: dict[str, dict[str, list[str]]] = {}
    for row in read_table("baseline_keywords.csv"):
        words.setdefault(row["language"], {}).setdefault(row["polarity"], []).append(row["stem"].casefold())
    return {lang: {polarity: tuple(stems) for polarity, stems in by.items()} for lang, by in words.items()}


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KeywordBaseline:
    """Counts favor and against stems anywhere in the sentence (a word that starts with a
    stem counts once); the larger count wins, a tie is neutral. The target plays no part."""

    name: str = "keywords"
    version: str = "1"
    stems: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=_keywords)

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        results = []
        for item in items:
            stems = self.stems.get(item.lang, {})
            words = [w.casefold() for w in _WORD.findall(item.text)]
            hits = {p: [w for w in words if w.startswith(stems.get(p, ()))] for p in ("favor", "against")}
            n_favor, n_against = len(hits["favor"]), len(hits["against"])
            label = (
                StanceLabel.FAVOR
                if n_favor > n_against
                else StanceLabel.AGAINST
                if n_against > n_favor
                else StanceLabel.NEUTRAL
            )
            evidence = "; ".join(f"{p}: {', '.join(h)}" for p, h in hits.items() if h) or "no keyword"
            results.append(StanceResult(label, float(n_favor - n_against), evidence))
        return results

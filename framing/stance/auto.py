"""`auto` stance engine: each mention goes to the engine that did best for its language on
the real-world dev fold.

The routing table is data (`framing/resources/stance/routing.csv`: language, engine, the
dev scores that justify the choice, and where they come from). Each result's evidence
starts with the engine that decided ('[linear] ...'). A language without a row, or whose
engine cannot run here (the learned engine's encoder is missing), goes to the fallback row
(language `*`).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from importlib.resources import files

from framing.stance import EngineUnavailableError, get_engine, register
from framing.stance.cues import RESOURCE_DIR
from framing.types import StanceEngine, StanceInput, StanceLabel, StanceResult

ROUTING_FILE = "routing.csv"
FALLBACK = "*"
DEFAULT_ROUTES = {FALLBACK: "lexicon"}


@functools.cache
def routing_table() -> dict[str, str]:
    """language -> engine name, from routing.csv; malformed rows are left out."""
    try:
        text = files("framing.resources").joinpath(RESOURCE_DIR, ROUTING_FILE).read_text(encoding="utf-8")
    except OSError:
        return dict(DEFAULT_ROUTES)
    routes = dict(DEFAULT_ROUTES)
    for row in csv.DictReader(io.StringIO(text)):
        language, engine = (row.get("language") or "").strip(), (row.get("engine") or "").strip()
        if language and engine:
            routes[language] = engine
    return routes


@register("auto")
class AutoEngine:
    """Routes each mention by its language; the evidence names the engine that decided."""

    name = "auto"

    def __init__(self, routes: dict[str, str] | None = None) -> None:
        self.routes = dict(routes) if routes is not None else routing_table()
        self._engines: dict[str, StanceEngine | str] = {}

    @property
    def version(self) -> str:
        chosen = sorted(set(self.routes.values()))
        return "1:" + ",".join(f"{name}={getattr(self._engine(name), 'version', 'unavailable')}" for name in chosen)

    @property
    def trained_on(self) -> tuple[str, ...]:
        found = (getattr(self._engine(name), "trained_on", ()) for name in sorted(set(self.routes.values())))
        return tuple(sorted({fold for folds in found for fold in folds}))

    def _engine(self, name: str) -> StanceEngine | str:
        if name not in self._engines:
            try:
                engine = get_engine(name)
                check = getattr(engine, "check_available", None)
                if check is not None:
                    check()
                self._engines[name] = engine
            except (EngineUnavailableError, ValueError) as exc:
                self._engines[name] = f"{name} unavailable ({exc})"
        return self._engines[name]

    def route(self, lang: str) -> str:
        name = self.routes.get(lang, self.routes[FALLBACK])
        return name if not isinstance(self._engine(name), str) else self.routes[FALLBACK]

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        by_engine: dict[str, list[int]] = {}
        for k, item in enumerate(items):
            by_engine.setdefault(self.route(item.lang), []).append(k)
        results: list[StanceResult | None] = [None] * len(items)
        for name, positions in sorted(by_engine.items()):
            engine = self._engine(name)
            if isinstance(engine, str):  # even the fallback cannot run
                for k in positions:
                    results[k] = StanceResult(StanceLabel.NEUTRAL, 0.0, f"[auto] unreadable: {engine}")
                continue
            scored = engine.score([items[k] for k in positions])
            for k, result in zip(positions, scored, strict=True):
                results[k] = StanceResult(result.label, result.score, f"[{name}] {result.evidence}")
        return [r for r in results if r is not None]

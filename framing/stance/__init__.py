"""Stance engines behind one interface, looked up by name.

`register("name")` adds an engine class to `ENGINES`; `get_engine("name")` imports the
built-in engine modules on first use (heavy ones import transformers only when they
score), and `stance()` scores one text.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from framing.types import StanceEngine, StanceInput, StanceResult


class EngineUnavailableError(RuntimeError):
    """A stance engine cannot run here (its model or encoder is not on this machine)."""


ENGINES: dict[str, type] = {}
#: Where the built-in engines live; imported on first lookup, not at package import.
BUILTIN_MODULES = {
    "lexicon": "framing.stance.lexicon",
    "nli": "framing.stance.nli",
    "learned": "framing.stance.learned",
    "linear": "framing.stance.linear",
    "auto": "framing.stance.auto",
}
DEFAULT_ENGINE = "lexicon"


class ModelUnavailableError(EngineUnavailableError):
    """An engine's model (or encoder) is not on this machine (and downloading was not allowed)."""


def register(name: str) -> Callable[[type], type]:
    """Class decorator: make an engine available to `get_engine(name)`."""

    def add(cls: type) -> type:
        ENGINES[name] = cls
        return cls

    return add


def available_engines() -> list[str]:
    return sorted(set(ENGINES) | set(BUILTIN_MODULES))


def get_engine(name: str = DEFAULT_ENGINE, **options: Any) -> StanceEngine:
    """An engine instance by name; `options` go to the engine's constructor."""
    if name not in ENGINES and name in BUILTIN_MODULES:
        importlib.import_module(BUILTIN_MODULES[name])
    if name not in ENGINES:
        raise ValueError(f"unknown stance engine '{name}'; available: {', '.join(available_engines())}")
    return ENGINES[name](**options)


def stance(
    text: str,
    target: str,
    span: tuple[int, int] | None = None,
    lang: str | None = None,
    engine: str | StanceEngine = DEFAULT_ENGINE,
) -> StanceResult:
    """Stance of `text` toward `target` ('NATO', 'Russia' or any entity; `span` marks its
    mention, else the first mention is used). Returns StanceResult(label, score, evidence)."""
    if lang is None:
        from framing.language import UNDETERMINED, detect_language

        detected = detect_language(text)
        lang = "en" if detected == UNDETERMINED else detected
    scorer = _shared_engine(engine) if isinstance(engine, str) else engine
    return scorer.score([StanceInput(text=text, target=target, span=span, lang=lang)])[0]


@functools.cache
def _shared_engine(name: str) -> StanceEngine:
    # One instance per engine name for `stance()`, so a loop of single calls loads a
    # model once, not once per call.
    return get_engine(name)


def engine_identity(engine: StanceEngine) -> dict[str, str]:
    """What an engine's results depend on besides its input: its name, version and model,
    and whether it can run here (engines with a `check_available()` method say so
    cheaply, without loading a model). Keys of reusable results are made from it."""
    available = "yes"
    check = getattr(engine, "check_available", None)
    if check is not None:
        try:
            check()
        except EngineUnavailableError as exc:
            available = f"no: {exc}"
    return {
        "name": engine.name,
        "version": engine.version,
        "model": str(getattr(engine, "model_name", "")),
        "available": available,
    }

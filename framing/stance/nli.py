"""`nli` stance engine: zero-shot classification with a multilingual NLI model.

For each mention the sentence is the premise and three hypotheses (favor, against,
neutral toward the target, in the sentence's language) are scored; the entailment logits
of the three are soft-maxed into label probabilities, and score = P(favor) - P(against).
transformers and torch are imported only when the model is first used. The model is read
from a local directory or the local Hugging Face cache; it is never downloaded unless
`allow_download=True`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from framing.stance import ModelUnavailableError, register
from framing.types import StanceInput, StanceLabel, StanceResult

DEFAULT_MODEL = "MoritzLaurer/mDeBERTa-v3-base-mnli-xnli"
LABELS = (StanceLabel.FAVOR, StanceLabel.AGAINST, StanceLabel.NEUTRAL)
#: Hypothesis templates per language; {target} is the target as written in the text.
HYPOTHESES = {
    "en": (
        "This text is in favor of {target}.",
        "This text is against {target}.",
        "This text is neutral about {target}.",
    ),
    "de": (
        "Dieser Text ist für {target}.",
        "Dieser Text ist gegen {target}.",
        "Dieser Text ist neutral gegenüber {target}.",
    ),
    "ru": (
        "Этот текст положительно оценивает {target}.",
        "Этот текст отрицательно оценивает {target}.",
        "Этот текст нейтрален к {target}.",
    ),
}


def label_indices(label2id: dict[str, int]) -> tuple[int, int]:
    """(entailment index, contradiction index) from a model config's label2id, whatever
    the capitalisation or order ('ENTAILMENT', 'entailment', 'Entailment' ...)."""
    lowered = {name.lower(): index for name, index in label2id.items()}
    entail = next((i for name, i in lowered.items() if name.startswith("entail")), None)
    contra = next((i for name, i in lowered.items() if name.startswith("contradict")), None)
    if entail is None or contra is None:
        raise ValueError(f"not an NLI model: label2id has no entailment/contradiction labels: {label2id}")
    return entail, contra


def zero_shot_probabilities(entailment_logits: Sequence[float]) -> list[float]:
    """Softmax over the entailment logits of the candidate hypotheses."""
    top = max(entailment_logits)
    exps = [math.exp(x - top) for x in entailment_logits]
    total = sum(exps)
    return [e / total for e in exps]


def _hypotheses(item: StanceInput) -> tuple[str, str, str]:
    target = item.text[item.span[0] : item.span[1]] if item.span else item.target
    if item.target in ("NATO", "Russia") and item.lang == "en":
        target = item.target  # 'Russian' or 'Moscow' in the text, but the question is about Russia
    templates = HYPOTHESES.get(item.lang, HYPOTHESES["en"])
    return tuple(t.format(target=target) for t in templates)  # type: ignore[return-value]


def _offline() -> bool:
    return any(
        os.environ.get(v, "").lower() in ("1", "true", "yes") for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


@register("nli")
class NLIEngine:
    """Zero-shot NLI stance engine (multilingual; needs a locally available model)."""

    name = "nli"
    version = "1"

    def __init__(
        self,
        *,
        model: str | Path = DEFAULT_MODEL,
        batch_size: int = 16,
        device: str | None = None,
        allow_download: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.model_name = str(model)
        self.batch_size = batch_size
        self.device = device
        self.allow_download = allow_download
        self._model: Any = None
        self._tokenizer: Any = None
        self.forward_calls = 0  # batches run, for benchmarks and tests

    def _unavailable(self, cause: object) -> ModelUnavailableError:
        return ModelUnavailableError(
            f"NLI model '{self.model_name}' is not available on this machine. Either download it once where "
            f"there is internet (`huggingface-cli download {self.model_name}`, or "
            f"`python -m framing evaluate --engine nli --allow-download`), then run offline; or pass a local "
            f"directory holding the model (`--model /path/to/model`, NLIEngine(model=...)). Cause: {cause}"
        )

    def check_available(self) -> None:
        """Raise ModelUnavailableError when the model is neither a local directory nor in
        the local Hugging Face cache (and may not be downloaded). Cheap: it only looks for
        the model's config file, without importing transformers or torch."""
        if (self.allow_download and not _offline()) or Path(self.model_name).is_dir():
            return
        from huggingface_hub import try_to_load_from_cache

        try:
            cached = try_to_load_from_cache(self.model_name, "config.json")
        except ValueError as exc:  # not a valid repository id (a mistyped path, say)
            raise self._unavailable(exc) from exc
        if not isinstance(cached, str):
            raise self._unavailable("no config.json for it in the local Hugging Face cache")

    def _load(self) -> None:
        if self._model is not None:
            return
        self.check_available()
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        local_only = not self.allow_download or _offline()
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_name, local_files_only=local_only)
            model = AutoModelForSequenceClassification.from_pretrained(self.model_name, local_files_only=local_only)
        except (OSError, ValueError) as exc:
            raise self._unavailable(exc) from exc
        self._entail, _ = label_indices(model.config.label2id)
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._model = model.to(device).eval()
        self._torch = torch

    def entailment_logits(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """Entailment logit of each (premise, hypothesis) pair, computed in batches."""
        self._load()
        torch = self._torch
        logits: list[float] = []
        for start in range(0, len(pairs), self.batch_size):
            batch = pairs[start : start + self.batch_size]
            encoded = self._tokenizer(
                [p for p, _ in batch],
                [h for _, h in batch],
                padding=True,
                truncation="only_first",
                max_length=256,
                return_tensors="pt",
            ).to(self._model.device)
            with torch.inference_mode():
                output = self._model(**encoded).logits
            self.forward_calls += 1
            logits.extend(output[:, self._entail].float().cpu().tolist())
        return logits

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        if not items:
            return []
        pairs = [(item.text, hypothesis) for item in items for hypothesis in _hypotheses(item)]
        logits = self.entailment_logits(pairs)
        results = []
        for n, item in enumerate(items):
            probs = zero_shot_probabilities(logits[3 * n : 3 * n + 3])
            best = max(range(3), key=lambda i: probs[i])
            evidence = (
                f"{self.model_name}: "
                + ", ".join(f"P({label.value})={p:.2f}" for label, p in zip(LABELS, probs, strict=True))
                + f" for '{_hypotheses(item)[best]}'"
            )
            results.append(StanceResult(LABELS[best], round(probs[0] - probs[1], 4), evidence))
        return results

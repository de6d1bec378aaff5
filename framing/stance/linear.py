"""`linear` stance engine: a logistic regression on interpretable features of a mention.

Features come from `framing.stance.cues.read_mention`: each cue kind with the role the
target plays for it ('hostile|actor', 'threat|patient', 'concern|topic'), negated cues
apart ('hostile|actor|not'), hedges, whether the target speaks, its form (name,
adjective, metonym, compound, title), quotes around it, language and target, and
optionally position-marked lemmas near the target ('left:угроза').

The fitted coefficients ship as `framing/resources/stance/linear_model.json` with the
sha256 of the rows they were trained on, so tagging needs no training and no scikit-learn:
a decision is a dot product. The evidence of each decision lists its largest feature
contributions toward the chosen label, in words.

Training (dev fold of the real-world corpus, never the test fold; the seed gold stays an
independent check unless --with-seeds):
`python -m framing.stance.linear_training` refits the model, prints grouped 5-fold cross-validation
on the dev fold, and writes the JSON.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

from framing.lemmas import tokens
from framing.mentions.sides import opposes
from framing.stance import register
from framing.stance.cues import NEGATIVE_KINDS, RESOURCE_DIR, Reading, read_mention
from framing.stance.lexicon import role_total
from framing.types import StanceInput, StanceLabel, StanceResult

MODEL_FILE = "linear_model.json"
LABELS = (StanceLabel.AGAINST.value, StanceLabel.NEUTRAL.value, StanceLabel.FAVOR.value)
MAX_CHARACTERS = 20_000  # a longer "sentence" is read around the mention only
NEAR_WORDS = 4
NEAR_CUE = 2  # words: a cue this close to the target also counts as 'near'
HEDGED = 0.3  # a hedged cue ('very unlikely ... will attack') counts this much
ROLE_WORDS = {
    "actor": "as actor",
    "patient": "as patient/victim",
    "topic": "as topic of concern",
    "next": "right after the cue",
    "object": "after the cue",
    "said": "speaking it",
    "partner": "as partner",
    "reacting": "reacting to it",
    "holder": "holding a place or thing",
    "opposed": "as what an anti- word is against",
}


@dataclass(frozen=True)
class Features:
    values: dict[str, float]
    words: dict[str, list[str]]  # feature -> the cue lemmas behind it, for evidence


def features(item: StanceInput, *, near_words: bool = False) -> Features | str:
    """The features of one mention, or the reason it cannot be read."""
    text, span = item.text, item.span
    if not text or not text.strip():
        return "no cue (empty sentence)"
    if len(text) > MAX_CHARACTERS:
        if span is None or not (0 <= span[0] < span[1] <= len(text)):
            return f"unreadable: span {span} outside the sentence"
        cut = max(0, span[0] - MAX_CHARACTERS // 2)
        text, span = text[cut : cut + MAX_CHARACTERS], (span[0] - cut, span[1] - cut)
    reading = read_mention(text, item.target, span, item.lang)
    if reading.unreadable:
        return f"unreadable: {reading.unreadable}"
    found = _from_reading(reading, text, span, near_words)
    if item.speaker_side:  # whose view it is: the target's rival or its own side
        name = "speaker of the rival side" if opposes(item.speaker_side, item.target) else "speaker of its own side"
        found.values[name] = 1.0
        found.words[name] = [item.speaker]
        if not reading.hits:
            found.values[f"{name}|no cue"] = 1.0
            found.words[f"{name}|no cue"] = [item.speaker]
    return found


def _from_reading(reading: Reading, text: str, span: tuple[int, int] | None, near_words: bool) -> Features:
    values: dict[str, float] = defaultdict(float)
    words: dict[str, list[str]] = defaultdict(list)
    for hit in reading.hits:
        value = hit.weight * (1.0 if hit.same_clause else 0.5) * (HEDGED if hit.hedged else 1.0)
        # each cue counts twice: as its kind with the role, and as its polarity with the role,
        # flipped when negated ('not an aggressor' pulls like a positive word), so rare
        # kinds and negations borrow strength from the rest
        polarity = "negative" if hit.kind in NEGATIVE_KINDS else "positive"
        if hit.negated:
            polarity = "positive" if polarity == "negative" else "negative"
        names = [f"{hit.kind}|{hit.role}" + ("|not" if hit.negated else ""), f"any {polarity}|{hit.role}"]
        if hit.distance <= NEAR_CUE:
            names.append(f"any {polarity}|{hit.role}|near")
        for name in names:
            values[name] += value
            words[name].append(("not " if hit.negated else "") + hit.lemma)
    if not reading.hits:
        values["no cue"] = 1.0
    else:  # the lexicon engine's role-weighted sum, split by sign so each side gets its weight
        total = role_total(reading)
        name = "role score for" if total > 0 else "role score against"
        values[name] = abs(total)
        words[name] = [hit.lemma for hit in reading.hits]
    if reading.target_speaks:
        values["target speaks"] = 1.0
    for flag, name in (
        (reading.in_quotes, "in quotes"),
        (reading.reported, "reported speech"),
        (reading.headline_quote, "headline 'Name: ...'"),
        (reading.scare_quote, "short quoted phrase nearby"),
    ):
        if flag:
            values[name] = 1.0
    for side in reading.voices:
        values[f"voice {side}|target={reading.target}"] = 1.0
    values[f"form={reading.form}"] = 1.0
    values[f"lang={reading.lang}"] = 1.0
    values[f"target={reading.target}"] = 1.0
    values[f"target={reading.target}|lang={reading.lang}"] = 1.0
    if near_words and span is not None:
        for side, lemma in _near_lemmas(text, span, reading.lang):
            values[f"{side}:{lemma}"] = 1.0
    return Features(dict(values), dict(words))


def _near_lemmas(text: str, span: tuple[int, int], lang: str) -> list[tuple[str, str]]:
    words = tokens(text, lang, around=span, reach=NEAR_WORDS)
    left = [t.lemma for t in words if t.end <= span[0]][-NEAR_WORDS:]
    right = [t.lemma for t in words if t.start >= span[1]][:NEAR_WORDS]
    return [("left", w) for w in left] + [("right", w) for w in right]


def describe(name: str, target: str, lemmas: Sequence[str]) -> str:
    """A feature in words: "cue 'угроза' (threat) with НАТО as actor"."""
    parts = name.split("|")
    if len(parts) >= 2 and parts[1] in ROLE_WORDS:
        cue = ", ".join(f"'{w}'" for w in dict.fromkeys(lemmas)) or parts[0]
        negated = "negated " if parts[-1] == "not" else ""
        near = " (within 2 words)" if parts[-1] == "near" else ""
        return f"{negated}{parts[0]} cue {cue} with {target} {ROLE_WORDS[parts[1]]}{near}"
    if ":" in name and name.split(":", 1)[0] in ("left", "right"):
        side, word = name.split(":", 1)
        return f"'{word}' just {'before' if side == 'left' else 'after'} {target}"
    if name.startswith("form="):
        return f"{target} written as {name[5:]}"
    if name.startswith("target="):
        return f"prior for {target}" + (f" in {name.rsplit('=', 1)[1]}" if "|" in name else "")
    if name.startswith("voice "):
        return f"a {name[6:].split('|')[0]} voice named in the sentence"
    if name.startswith("lang="):
        return f"language {name[5:]}"
    if name.startswith("speaker of"):
        who = ", ".join(dict.fromkeys(lemmas))
        return f"the {name.split('|')[0]} ({who}) speaks" + (", and no cue" if name.endswith("|no cue") else "")
    return name


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    near_words: bool

    def decide(self, found: Features, target: str) -> StanceResult:
        scores = list(self.intercepts)
        contributions: list[tuple[str, list[float]]] = []
        for name, value in found.values.items():
            coef = self.weights.get(name)
            if coef is None:
                continue
            parts = [c * value for c in coef]
            for k, part in enumerate(parts):
                scores[k] += part
            contributions.append((name, parts))
        best = max(range(len(scores)), key=lambda k: (scores[k], -k))
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        probability = {label: math.exp(s - top) / total for label, s in zip(self.labels, scores, strict=True)}
        signed = probability.get(LABELS[2], 0.0) - probability.get(LABELS[0], 0.0)
        label = self.labels[best]
        # a feature's pull toward the chosen label: its part there minus its mean part
        pulls = [(p[best] - sum(p) / len(p), name) for name, p in contributions]
        pulls = sorted((x for x in pulls if abs(x[0]) >= 0.05), key=lambda x: (-abs(x[0]), x[1]))[:3]
        said = "; ".join(
            f"{describe(name, target, found.words.get(name, []))}: {pull:+.2f} toward {label}" for pull, name in pulls
        )
        prefix = "no cue; " if "no cue" in found.values else ""
        return StanceResult(StanceLabel(label), round(signed, 4), prefix + (said or "nothing decisive"))


def load_model(text: str) -> LinearModel:
    data = json.loads(text)
    labels = tuple(data["labels"])
    weights = {name: tuple(float(v) for v in row) for name, row in data["weights"].items()}
    if any(len(row) != len(labels) for row in weights.values()) or len(data["intercepts"]) != len(labels):
        raise ValueError("coefficient rows do not match the labels")
    return LinearModel(labels, tuple(float(v) for v in data["intercepts"]), weights, bool(data["near_words"]))


@functools.cache
def shipped_model() -> LinearModel | str:
    """The model in resources, or why it cannot be read."""
    try:
        text = files("framing.resources").joinpath(RESOURCE_DIR, MODEL_FILE).read_text(encoding="utf-8")
        return load_model(text)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unreadable model file {MODEL_FILE} ({exc.__class__.__name__})"


@register("linear")
class LinearEngine:
    """Logistic regression over cue-role features; deterministic and offline."""

    name = "linear"
    #: What the shipped model was fitted on; evaluations of these folds say they are in-sample.
    trained_on = ("realworld:dev",)

    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model

    @property
    def version(self) -> str:
        return "1-" + _model_digest()

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        model = self.model if self.model is not None else shipped_model()
        results = []
        for item in items:
            if isinstance(model, str):
                results.append(StanceResult(StanceLabel.NEUTRAL, 0.0, model))
                continue
            found = features(item, near_words=model.near_words)
            if isinstance(found, str):
                results.append(StanceResult(StanceLabel.NEUTRAL, 0.0, found))
            else:
                results.append(model.decide(found, item.target))
        return results


@functools.cache
def _model_digest() -> str:
    try:
        data = files("framing.resources").joinpath(RESOURCE_DIR, MODEL_FILE).read_bytes()
    except OSError:
        return "missing"
    return hashlib.sha256(data).hexdigest()[:12]

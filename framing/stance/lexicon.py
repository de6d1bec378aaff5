"""`lexicon` stance engine: target-aware cue words, offline and deterministic.

Cue lists live in `framing/resources/stance_<lang>.csv` (one per language). For one
mention the engine:
1. matches *slot* cues, patterns with the target in a role ('cooperation with {T}',
   'the behavior of {T}', 'hat {T} vorgeworfen'); if any match, they alone decide;
2. otherwise scores *word* cues in the mention's chunk of the sentence (chunks end at
   punctuation and at words such as 'amid', 'but', 'considering'), keeping only cues
   for which the mention is the nearest entity (other actors such as Ukraine or the
   West, and the other target, compete for them), weighted by distance;
3. flips a cue (at half strength) when a negator stands up to 3 words before it ('not a
   threat', 'keine Bedrohung') and halves every cue of a chunk that holds a hedge
   ('could', 'angeblich').
The score is tanh of the sum, in [-1, 1]; |score| >= 0.2 gives favor or against. The
evidence names every cue that counted, so a teacher can show why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from framing.matching import PatternSet
from framing.mentions import find_targets
from framing.resources import read_table
from framing.stance import register
from framing.types import StanceInput, StanceLabel, StanceResult

THRESHOLD = 0.2
WINDOW = 10  # words
NEGATION_REACH = 3  # words
_TOKEN = re.compile(r"\w+", re.UNICODE)
_BREAK_MARKS = r"[,;:()\[\]“”\"«»„]|\s[–—-]\s"
_BREAK_WORDS = (  # separated by spaces
    "amid but however while whereas although though considering despite because when where which who whose "
    "aber doch während obwohl weil trotz wenn wo но однако хотя потому когда который которая которое"
)
_NO_CUE = "no cue near the mention"
SLOT = "⟦T⟧"  # stands for the mention inside slot patterns


@dataclass(frozen=True)
class Cue:
    kind: str  # word | slot | negator | hedge | actor
    regex: re.Pattern[str]
    weight: float
    note: str


class _Hit(NamedTuple):  # a tuple: cheaper to make than a dataclass, and there are many
    cue: Cue
    start: int
    end: int
    text: str


@cache
def load_cues(lang: str) -> tuple[Cue, ...]:
    """The cue list of `lang` (falls back to English for languages without a list)."""
    name = f"stance_{lang}.csv" if lang in ("en", "de", "ru") else "stance_en.csv"
    cues = []
    for row in read_table(name):
        pattern = row["pattern"].replace("{T}", re.escape(SLOT))
        cues.append(Cue(row["kind"], re.compile(pattern, re.IGNORECASE), float(row["weight"]), row["note"]))
    return tuple(cues)


@cache
def _other_cues(lang: str) -> tuple[Cue, ...]:
    """The word, negator, hedge and actor cues of `lang`, in file order."""
    return tuple(c for c in load_cues(lang) if c.kind != "slot")


@cache
def _other_set(lang: str) -> PatternSet:
    return PatternSet([c.regex.pattern for c in _other_cues(lang)], re.IGNORECASE)


@cache
def _slot_cues(lang: str) -> tuple[Cue, ...]:
    return tuple(c for c in load_cues(lang) if c.kind == "slot")


@cache
def _slot_set(lang: str) -> PatternSet:
    return PatternSet([c.regex.pattern for c in _slot_cues(lang)], re.IGNORECASE)


@cache
def _chunk_break() -> PatternSet:
    """Where a chunk ends: a mark, or a break word."""
    return PatternSet([_BREAK_MARKS, *(rf"\b{word}\b" for word in _BREAK_WORDS.split())], re.IGNORECASE)


@lru_cache(maxsize=4096)
def _chunk_breaks(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((hit.start, hit.end) for hit in _chunk_break().first(text))


def _chunk_bounds(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for break_start, break_end in _chunk_breaks(text):
        if break_end <= position:
            start = break_end
        elif break_start >= position:
            end = break_start
            break
    return start, end


@lru_cache(maxsize=4096)
def _chunk_hits(text: str, lang: str, start: int, end: int) -> tuple[_Hit, ...]:
    """Every cue hit in text[start:end] (mentions in the same chunk share the scan)."""
    cues = _other_cues(lang)
    return tuple(
        _Hit(cues[hit.pattern], hit.start, hit.end, text[hit.start : hit.end])
        for hit in _other_set(lang).first(text, start, end)
    )


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Span of the whole hyphenated word that contains text[start:end]."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return start, end


def _words_between(text: str, a: int, b: int) -> int:
    """Number of words (\\w+ runs) in text[a:b] or text[b:a]."""
    lo, hi = (a, b) if a <= b else (b, a)
    # Counted in the slice alone: the slices are short, and a count of the whole text's
    # words would cost more than the few slices of a sentence.
    return len(_TOKEN.findall(text, lo, hi)) if lo < hi else 0


def _locate(text: str, target: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is not None:
        return span
    found = [m for m in find_targets(text) if m.target.casefold() == target.casefold()]
    if found:
        return found[0].start, found[0].end
    match = re.search(re.escape(target), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def score_one(item: StanceInput) -> StanceResult:
    return _score(item.text, item.target, item.span, item.lang)


# Memoised: the same sentence and mention recur across articles (agency copy, boilerplate,
# repeated quotes), and a result depends on nothing else.
@lru_cache(maxsize=4096)
def _score(text: str, target: str, span: tuple[int, int] | None, lang: str) -> StanceResult:
    located = _locate(text, target, span)
    if located is None:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, f"target '{target}' not found in the text")
    slot_hits = _slot_hits(text, located, lang)
    if slot_hits:
        total = sum(h.cue.weight for h in slot_hits)
        parts = [f"'{h.text}' ({h.cue.weight:+.1f}, {h.cue.note})" for h in slot_hits]
        return _result(total, "slot cue " + "; ".join(parts))
    return _word_cue_result(text, located, target, lang)


def _word_cue_result(text: str, span: tuple[int, int], target: str, lang: str) -> StanceResult:
    """Steps 2 and 3 of the module docstring: the word cues near the mention in its chunk."""
    chunk = _chunk_bounds(text, span[0])
    in_chunk = [h for h in _chunk_hits(text, lang, *chunk) if not (h.start < span[1] and span[0] < h.end)]
    word_hits = [h for h in in_chunk if h.cue.kind == "word"]
    # Distances first: most mentions have no word cue within reach, and then no competitor
    # needs to be found.
    in_reach = [
        (hit, distance)
        for hit in word_hits
        if (distance := _words_between(text, hit.start, span[0] if hit.start < span[0] else span[1])) <= WINDOW
    ]
    if not in_reach:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, _NO_CUE)
    cue_words = [_word_around(text, h.start, h.end) for h in word_hits]
    # An actor fused with a cue in one compound ('Ukraine-Invasion') modifies the cue; it
    # does not compete with the target for it.
    competitors = [
        (h.start, h.end)
        for h in in_chunk
        if h.cue.kind == "actor" and not any(a <= h.start and h.end <= b for a, b in cue_words)
    ]
    competitors += [
        (m.start, m.end)
        for m in find_targets(text)
        if chunk[0] <= m.start < chunk[1] and m.target.casefold() != target.casefold()
    ]
    hedged = [h for h in in_chunk if h.cue.kind == "hedge"]
    negators = [h for h in in_chunk if h.cue.kind == "negator"]
    total = 0.0
    parts: list[str] = []
    for hit, distance in in_reach:
        nearer = [
            c for c in competitors if _words_between(text, hit.start, c[0] if hit.start < c[0] else c[1]) < distance
        ]
        if nearer:
            continue
        weight = hit.cue.weight / (1 + distance / 4)
        note = f"'{hit.text}' ({hit.cue.weight:+.1f} at {distance} words"
        negator = next(
            (n for n in negators if n.end <= hit.start and _words_between(text, n.end, hit.start) < NEGATION_REACH),
            None,
        )
        if negator is not None:
            weight *= -0.5
            note += f", negated by '{negator.text}'"
        if hedged:
            weight *= 0.5
            note += f", hedged by '{hedged[0].text}'"
        total += weight
        parts.append(note + ")")
    if not parts:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, _NO_CUE)
    return _result(total, "word cues " + "; ".join(parts))


def _slot_hits(text: str, span: tuple[int, int], lang: str) -> list[_Hit]:
    """Matches of the slot cues that hold the mention at `span`, cue by cue, with the mention
    in their text: the cues are matched in the sentence with the mention replaced by SLOT."""
    start, end = span
    mention = text[start:end]
    marked = text[:start] + SLOT + text[end:]
    cues = _slot_cues(lang)
    hits = sorted(_slot_set(lang).each(marked), key=lambda hit: (hit.pattern, hit.start))
    return [
        _Hit(cues[hit.pattern], hit.start, hit.end, matched.replace(SLOT, mention))
        for hit in hits
        if SLOT in (matched := marked[hit.start : hit.end])
    ]


def _result(total: float, evidence: str) -> StanceResult:
    score = round(math.tanh(total), 4)
    if score >= THRESHOLD:
        label = StanceLabel.FAVOR
    elif score <= -THRESHOLD:
        label = StanceLabel.AGAINST
    else:
        label = StanceLabel.NEUTRAL
    return StanceResult(label, score, evidence)


@register("lexicon")
class LexiconEngine:
    """Explainable cue-word engine (the default)."""

    name = "lexicon"
    version = "1"

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        return [score_one(item) for item in items]

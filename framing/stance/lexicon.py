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
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from framing.mentions import find_targets
from framing.regex_scan import (
    AlternationScanner,
    StemIndex,
    Stems,
    guarded,
    literal_stems,
    matches_at,
    matches_at_places,
    trie_pattern,
)
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
_SLOT_STAND_IN = "\x01"  # SLOT as one ASCII character, for `literal_stems`


@dataclass(frozen=True)
class Cue:
    kind: str  # word | slot | negator | hedge | actor
    regex: re.Pattern[str]
    weight: float
    note: str


@dataclass(frozen=True)
class _SlotCue:
    """A slot cue, with the stems that begin its matches that begin before the slot (None:
    not known), and whether a match can begin with the slot itself."""

    cue: Cue
    stems: Stems | None
    at_slot: bool


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
def _fallback_scanner(lang: str) -> AlternationScanner:
    """All `_other_cues` at once, where `_cue_index` cannot say where they can match."""
    return AlternationScanner([c.regex for c in _other_cues(lang)])


@cache
def _slot_scanner(lang: str) -> re.Pattern[str]:
    """All slot cues of `lang` at once: most mentions have no slot cue anywhere in their
    sentence, and one scan proves it."""
    slots = [c for c in load_cues(lang) if c.kind == "slot"]
    return guarded(re.compile("|".join(f"(?:{c.regex.pattern})" for c in slots), re.IGNORECASE))


@cache
def _slot_cues(lang: str) -> tuple[_SlotCue, ...]:
    """The slot cues of `lang`, read with SLOT as one ASCII character so that their stems
    can be found."""
    found = []
    for cue in load_cues(lang):
        if cue.kind != "slot":
            continue
        stems = literal_stems(cue.regex.pattern.replace(re.escape(SLOT), _SLOT_STAND_IN), cue.regex.flags)
        if stems is None:  # tried wherever its first-character guard allows, and at the slot
            found.append(_SlotCue(cue, None, True))
            continue
        # A stem that reaches the slot is cut there: its part before the slot still begins
        # every such match, and an empty part means the match begins with the slot.
        cut = {stem.split(_SLOT_STAND_IN.encode())[0] for stem in stems.literals}
        found.append(_SlotCue(cue, Stems(tuple(sorted(cut - {b""})), stems.ignore_case), b"" in cut))
    return tuple(found)


@cache
def _cue_index(lang: str) -> StemIndex:
    """Where each cue of `lang` can begin a match: `_other_cues` (index i, by their lenient
    stems), then `_slot_cues` (index len(_other_cues) + j, by their stems before the slot).
    One index for both: one scan of a sentence serves its slot cues and its word cues. Where
    it is not `ok` (a cue with neither stems nor a first-character guard), slot cues are
    tried everywhere and the other cues by `_fallback_scanner`: the same hits, found slower."""
    others = [c.regex for c in _other_cues(lang)]
    slots = _slot_cues(lang)
    regexes = others + [c.cue.regex for c in slots]
    stems = [literal_stems(r.pattern, r.flags, lenient=True) for r in others] + [c.stems for c in slots]
    return StemIndex(regexes, stems)


@cache
def _slot_first(lang: str) -> tuple[int, ...]:
    """Indices of the slot cues whose matches can begin with the slot."""
    return tuple(i for i, c in enumerate(_slot_cues(lang)) if c.at_slot)


@cache
def _chunk_break(*, ignore_case: bool = True) -> re.Pattern[str]:
    """Where a chunk ends: a mark, or a break word (as a trie: fewer branches to try at each
    word than in a plain alternation, and the same matches between word boundaries).
    Without `ignore_case`, for lower-case text: the break words are lower case."""
    pattern = rf"{_BREAK_MARKS}|\b(?:{trie_pattern(_BREAK_WORDS.split())})\b"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


#: Characters outside the blocks whose case `str.lower()` maps one to one, as IGNORECASE
#: matches them against the break words (tests/test_stance_lexicon.py checks each one).
_NOT_CASE_SAFE = re.compile(r"[^\x00-\xff\u0400-\u04ff\u2000-\u206f]")


@lru_cache(maxsize=4096)
def _chunk_breaks(text: str) -> tuple[tuple[int, int], ...]:
    if _NOT_CASE_SAFE.search(text) is None:
        # The same matches: in these blocks a character matches a break word's letter under
        # IGNORECASE exactly when its lower case is that letter, and lowering keeps every
        # offset and what is a word character. A case-sensitive scan costs less than half.
        return tuple(m.span() for m in _chunk_break(ignore_case=False).finditer(text.lower()))
    return tuple(m.span() for m in _chunk_break().finditer(text))


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
    places = _sentence_scan(text, lang).cue_places
    if places is None:
        found = _fallback_scanner(lang).finditer(text, start, end)
    else:
        found = matches_at_places(_cue_regexes(lang), text, places, start, end)
    return tuple(_Hit(cues[i], m.start(), m.end(), m.group(0)) for i, m in found)


@cache
def _cue_regexes(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(c.regex for c in _other_cues(lang))


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
    slot_hits = _slot_hits_around(text, located, lang)
    if slot_hits:
        total = sum(h.cue.weight for h in slot_hits)
        parts = [f"'{h.text}' ({h.cue.weight:+.1f}, {h.cue.note})" for h in slot_hits]
        return _result(total, "slot cue " + "; ".join(parts))
    return _word_cue_result(text, located, target, lang)


def _word_cue_result(text: str, span: tuple[int, int], target: str, lang: str) -> StanceResult:
    """Steps 2 and 3 of the module docstring: the word cues near the mention in its chunk."""
    if not _sentence_scan(text, lang).may_hold_word_cues:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, _NO_CUE)
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


def _slot_hits(marked: str, mention: str, lang: str) -> list[_Hit]:
    """Matches of the slot cues in `marked` (the sentence with the mention replaced by SLOT)
    that contain the slot, with the mention put back in their text. `_slot_hits_around`
    finds the same with less work where it can."""
    # One scan for all slot cues first: usually none matches anywhere, and none matches
    # before the first match of any of them.
    first = _slot_scanner(lang).search(marked)
    if first is None:
        return []
    return [
        _Hit(c, m.start(), m.end(), m.group(0).replace(SLOT, mention))
        for c in load_cues(lang)
        if c.kind == "slot"
        for m in guarded(c.regex).finditer(marked, first.start())
        if SLOT in m.group(0)
    ]


def _slot_hits_around(text: str, span: tuple[int, int], lang: str) -> list[_Hit]:
    """`_slot_hits` for the mention at `span` of `text`, trying each slot cue only where
    a match of it that holds the slot can begin."""
    start, end = span
    mention = text[start:end]
    marked = text[:start] + SLOT + text[end:]
    tries = _sentence_scan(text, lang).slot_tries
    if tries is None:
        return _slot_hits(marked, mention, lang)
    hits = []
    for cue, places, at_slot in tries:
        before = bisect_left(places, start)
        if before:
            found = matches_at(cue.regex, marked, (*places[:before], start) if at_slot else places[:before])
        elif at_slot:
            found = [m] if (m := cue.regex.match(marked, start)) is not None else []
        else:
            continue
        for m in found:
            if SLOT in (matched := m.group(0)):
                hits.append(_Hit(cue, m.start(), m.end(), matched.replace(SLOT, mention)))
    return hits


class _SentenceScan(NamedTuple):
    """What one scan of a sentence for the stems of every cue tells all its mentions.

    `slot_tries`: (cue, places, whether a match can begin with the slot) for each slot cue
    that may match around a mention, in cue order; its matches that hold the slot begin at
    those of its places before the mention, or with the slot. None: not known (try every
    slot cue everywhere). The slot's bracket is the only one in the marked sentence, so a
    match that holds the slot begins with the slot or before it, where the marked sentence
    is the sentence itself: the places found in the sentence serve all its mentions.

    `cue_places`: (place, index into `_other_cues`) where those cues can begin a match, in
    order (None: not known). `may_hold_word_cues`: False when no word cue can match anywhere
    in the sentence: then no chunk of it needs to be found or scanned."""

    slot_tries: tuple[tuple[Cue, tuple[int, ...], bool], ...] | None
    cue_places: tuple[tuple[int, int], ...] | None
    may_hold_word_cues: bool


# Memoised per sentence: all mentions of a sentence share the scan.
@lru_cache(maxsize=4096)
def _sentence_scan(text: str, lang: str) -> _SentenceScan:
    index = _cue_index(lang)
    if not index.ok:
        return _SentenceScan(None, None, True)
    n_other = len(_other_cues(lang))
    slot_places: dict[int, list[int]] = {n_other + j: [] for j in _slot_first(lang)}
    cue_places = []
    for place in index.places(text):
        if place[1] < n_other:
            cue_places.append(place)
        else:
            slot_places.setdefault(place[1], []).append(place[0])
    slot_tries = None
    if SLOT[0] not in text:
        slots = _slot_cues(lang)
        slot_tries = tuple(
            (slots[i - n_other].cue, tuple(places), slots[i - n_other].at_slot)
            for i, places in sorted(slot_places.items())
        )
    word_cues = _word_cue_indices(lang)
    return _SentenceScan(slot_tries, tuple(cue_places), any(i in word_cues for _, i in cue_places))


@cache
def _word_cue_indices(lang: str) -> frozenset[int]:
    return frozenset(i for i, c in enumerate(_other_cues(lang)) if c.kind == "word")


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

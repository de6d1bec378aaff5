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
from framing.regex_scan import StemIndex, Stems, StemScanner, guarded, literal_stems, matches_at, trie_pattern
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
def _scanner(lang: str) -> tuple[StemScanner, tuple[Cue, ...]]:
    """One scanner for all word, negator, hedge and actor cues of `lang` (cue i is regex
    i): one pass per chunk over the places where a cue's stem occurs, instead of a scan per
    cue."""
    cues = tuple(c for c in load_cues(lang) if c.kind != "slot")
    return StemScanner([c.regex for c in cues]), cues


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
def _slot_index(lang: str) -> StemIndex:
    cues = _slot_cues(lang)
    return StemIndex([c.cue.regex for c in cues], [c.stems for c in cues])


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
    scanner, scanned = _scanner(lang)
    return tuple(_Hit(scanned[i], m.start(), m.end(), m.group(0)) for i, m in scanner.finditer(text, start, end))


@lru_cache(maxsize=4096)
def _may_hold_word_cues(text: str, lang: str) -> bool:
    """False when no word cue can match anywhere in `text` (none of their stems occurs):
    then no chunk of it needs to be found or scanned."""
    scanner, cues = _scanner(lang)
    able = scanner.can_match(text)
    return able is None or any(cues[i].kind == "word" for i in able)


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
    if not _may_hold_word_cues(text, lang):
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
    tries = _slot_tries(text, lang)
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


@lru_cache(maxsize=4096)
def _slot_tries(text: str, lang: str) -> tuple[tuple[Cue, tuple[int, ...], bool], ...] | None:
    """(cue, places, whether a match can begin with the slot) for each slot cue that may
    match around a mention of `text`, in cue order; its matches that hold the slot begin at
    those of its places before the mention, or with the slot. None: not known (try every
    slot cue everywhere).

    The slot's bracket is the only one in the marked sentence, so a match that holds the
    slot begins with the slot or before it, where the marked sentence is `text`: the places
    found in `text` serve all its mentions."""
    index = _slot_index(lang)
    if SLOT[0] in text or not index.ok:
        return None
    cues = _slot_cues(lang)
    places: dict[int, list[int]] = {i: [] for i in _slot_first(lang)}
    for at, i in index.places(text):
        places.setdefault(i, []).append(at)
    return tuple((cues[i].cue, tuple(places[i]), cues[i].at_slot) for i in sorted(places))


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

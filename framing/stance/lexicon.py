"""`lexicon` stance engine: cue words and the role the target plays for each, offline and
deterministic.

For one mention the engine:
1. matches *slot* cues (`framing/resources/stance_<lang>.csv`), patterns with the target in
   a role ('cooperation with {T}', 'the behavior of {T}', 'hat {T} vorgeworfen'); if any
   match, they alone decide;
2. otherwise reads the lemma cues around the mention (`framing.stance.cues.read_mention`,
   data in `framing/resources/stance/cues_<lang>.csv` and `roles_<lang>.csv`), each with the
   role the target plays for it, and scores each by its role (`ROLE_EFFECTS`): a hostile or
   threat cue counts against the target as its *actor* ('NATO threatens', 'the aggression of
   NATO'), not as its *patient* ('a threat to Russia', 'attacks on NATO') and not where the
   target only *voices* it ('Russia said ... a threat', 'Russia is concerned'); a concern
   whose *topic* is the target counts against it ('concern about NATO'). A negated cue ('not
   an aggressor', 'keine Bedrohung') flips at half strength, a hedged one ('could', 'very
   unlikely') counts half, one in another clause half, and the weight falls with distance;
3. where the lemma reader finds no cue, falls back to the older word cues of
   `stance_<lang>.csv` in the mention's chunk (the nearest entity takes a cue);
4. where the cues leave the mention neutral and its speaker speaks for the other side
   (`framing.mentions.sides`: Lavrov on NATO, Stoltenberg on Russia), reads it `against`:
   the stance is the speaker's view (guidelines, rule 1), and a voice of one side that
   reports what its rival does mostly frames it as a rival. A pair ('the NATO-Russia
   Council'), an office ('NATO Secretary General') and a slot cue are never read so;
5. where the cues read `against` and the speaker speaks for the target's own side
   (Peskov on Russia, Stoltenberg on NATO), reads it neutral: such a voice names a threat
   to its side or a charge it denies ('the expansion made Russia nervous'), it does not
   speak against its side (in the real-world dev gold, 3 of 134 such mentions are against:
   `python tools/speaker_sides.py`); where that voice denies the charge (a word of
   `stance/denials.csv` before the mention or just after it: 'Russia has *no* plans to attack',
   'the "Russian threat" *myth*'; or scare quotes of a few words around the mention: '„russische
   Bedrohung“'), it defends its side: favor (guidelines, rules 4 and 6).
The score is tanh of the sum, in [-1, 1]; |score| >= 0.2 gives favor or against. The
evidence names every cue that counted and the role read for it, so a teacher can show why.
A sentence that cannot be read (no language recognised, empty, a span outside it) is
neutral with evidence saying so; a very long one is read around the mention only.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from framing.language import UNDETERMINED
from framing.lemmas import split_words
from framing.matching import PatternSet, literal_stems
from framing.mentions import find_targets
from framing.mentions.sides import RUSSIA, opposes
from framing.resources import numbered_rows, warn_skipped
from framing.stance import register
from framing.stance.cues import CueHit, Reading, mention_form, read_mention, resource_rows
from framing.types import StanceInput, StanceLabel, StanceResult

Span = tuple[int, int]
THRESHOLD = 0.2
#: The score of a mention that only its speaker's side makes `against` (step 4): just at
#: the threshold, the weakest `against` there is.
VOICE_SCORE = THRESHOLD
WINDOW = 10  # words
NEGATION_REACH = 3  # words
_JOINERS = re.compile(r"[-'’]")  # what joins \w+ runs into one word of `framing.lemmas.split_words`
_BREAK_MARKS = r"[,;:()\[\]“”\"«»„]|\s[–—-]\s"
_BREAK_WORDS = (  # separated by spaces
    "amid but however while whereas although though considering despite because when where which who whose "
    "aber doch während obwohl weil trotz wenn wo но однако хотя потому когда который которая которое"
)
_NO_CUE = "no cue near the mention"
MAX_CHARACTERS = 20_000  # a longer "sentence" is read around the mention only
NEAR_CHARACTERS = 40 * (WINDOW + 1)  # where WINDOW words before a mention are looked for first
#: How much a cue of each kind counts for the target in each role it plays for it, sign
#: included (below zero: against the target): `framing/resources/stance/role_effects.csv`.
#: Roles (from `framing.stance.cues`): actor, the target does it ('NATO threatens'); next,
#: the target right after the cue without a preposition ('агрессия НАТО'); object, after the
#: cue without a role marker; patient, the target suffers it ('a threat to Russia'); topic,
#: what it is about ('concern about NATO'); said, the target voices it ('Russia is concerned');
#: partner, the other side of a relation ('confrontation with Russia'); reacting, what the
#: target answers ('Moscow will respond to any aggressive steps').
ROLE_EFFECTS_FILE = "role_effects.csv"
OTHER_CLAUSE = 0.9  # commas often set off appositions, not new clauses: a small discount
HEDGED = 0.5
NEGATED = -0.5
DISTANCE_SCALE = 10  # words: a cue this far away counts half
ROLE_NAMES = {
    "actor": "as actor",
    "next": "right after the cue",
    "object": "as object",
    "patient": "as patient",
    "topic": "as topic",
    "said": "voicing it",
    "partner": "as partner ('with')",
    "reacting": "reacting to it",
    "holder": "holding a place or thing that does not act",
    "opposed": "as what an anti- word is against",
}
#: Stands for the mention inside slot patterns: 'T' between two control codes, which news
#: text does not hold there (no word character, no space, no case), and ASCII, so that a
#: marked ASCII sentence stays ASCII, which case folding and matching read fastest.
SLOT = "\x01T\x02"


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
    """The cue list of `lang` (falls back to English for languages without a list); a row
    whose weight or pattern cannot be read is left out with a warning that names it."""
    name = f"stance_{lang}.csv" if lang in ("en", "de", "ru") else "stance_en.csv"
    cues: list[Cue] = []
    rows, problems = numbered_rows(name)  # a row whose cells cannot be read is left out, not the file
    for line, row in rows:
        try:
            pattern = row["pattern"].replace("{T}", re.escape(SLOT))
            cues.append(Cue(row["kind"], re.compile(pattern, re.IGNORECASE), float(row["weight"]), row["note"]))
        except re.error as exc:
            problems.append(f"{name}, row {line}: pattern does not compile ({exc})")
        except (KeyError, AttributeError, ValueError) as exc:
            problems.append(f"{name}, row {line}: weight or a cell missing or unreadable ({exc})")
    warn_skipped("stance cues", problems)
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
    if lo >= hi:
        return 0
    starts, ends = _word_runs(text)
    # each run with a character in text[lo:hi] is one run of that slice
    return bisect_left(starts, hi) - bisect_right(ends, lo)


@lru_cache(maxsize=4096)
def _word_runs(text: str) -> tuple[list[int], list[int]]:
    """Where each word (\\w+ run) of `text` starts, and where each ends."""
    split = split_words(text)
    if not _JOINERS.search(text):  # no word of `split_words` joins runs: they are its words
        return split.starts, split.ends
    # Each word of `split_words` is \\w+ runs joined by single joiners: split those it joins.
    starts: list[int] = []
    ends: list[int] = []
    for start, end, word in zip(split.starts, split.ends, split.words, strict=True):
        run_start = start
        if "-" in word or "'" in word or "’" in word:
            for joiner in _JOINERS.finditer(word):
                starts.append(run_start)
                ends.append(start + joiner.start())
                run_start = start + joiner.end()
        starts.append(run_start)
        ends.append(end)
    return starts, ends


def _locate(text: str, target: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is not None:
        return span
    found = [m for m in find_targets(text) if m.target.casefold() == target.casefold()]
    if found:
        return found[0].start, found[0].end
    match = re.search(re.escape(target), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def score_one(item: StanceInput) -> StanceResult:
    result, undecided = _score(item.text, item.target, item.span, item.lang)
    if (
        undecided is not None
        and opposes(item.speaker_side, item.target)
        and mention_form(item.text, undecided) != "title"
        and not _COMITATIVE.search(item.text, 0, undecided[0])
    ):
        return _voice_result(result, item)
    if result.label is StanceLabel.AGAINST and item.speaker_side and not opposes(item.speaker_side, item.target):
        return _own_side_result(result, item)
    return result


#: A mention governed by 'with' ('talks with Russia', 'разговор с альянсом', 'mit der Nato'):
#: a partner in a relation, which a rival's voice names without judging it (in the `dev`
#: gold every such mention in a rival's voice is neutral).
_COMITATIVE = re.compile(r"(?:\b(?:with|mit|со?)\s+(?:(?:the|der|dem|den)\s+)?)$", re.IGNORECASE)


def _side_name(side: str) -> str:
    return "Russia's" if side == RUSSIA else "the West's"


def _voice_result(result: StanceResult, item: StanceInput) -> StanceResult:
    """Step 4 of the module docstring: no cue decided, and the speaker speaks for the side
    that the target is the rival of."""
    note = (
        f"{result.evidence}; no cue decides, and the speaker ({item.speaker}) speaks for"
        f" {_side_name(item.speaker_side)} side: read as that voice's view of its rival {item.target} (speaker's side)"
    )
    return StanceResult(StanceLabel.AGAINST, min(result.score, -VOICE_SCORE), note)


def _own_side_result(result: StanceResult, item: StanceInput) -> StanceResult:
    """Step 5 of the module docstring: the cues read against the target, but the speaker
    speaks for the target's own side."""
    if item.span is not None and (denial := _denial_near(item.text, item.span, item.lang)):
        note = (
            f"{result.evidence}; but the speaker ({item.speaker}) speaks for {_side_name(item.speaker_side)} side,"
            f" {item.target}'s own, and denies the charge ('{denial}'): a side's voice that rejects what"
            " its side is accused of defends it, so favor (speaker's side)"
        )
        return StanceResult(StanceLabel.FAVOR, VOICE_SCORE, note)
    note = (
        f"{result.evidence}; but the speaker ({item.speaker}) speaks for {_side_name(item.speaker_side)} side,"
        f" {item.target}'s own, and a side's voice is not read as against itself: the cues tell what its side"
        " does or suffers, so neutral (speaker's side)"
    )
    return StanceResult(StanceLabel.NEUTRAL, 0.0, note)


#: Where a denial word counts for step 5: before the mention, or this many characters
#: after it ('Россия якобы собирается напасть', 'the "Russian threat" myth').
DENIAL_AFTER = 40
DENIALS_FILE = "denials.csv"


def _denial_near(text: str, span: Span, lang: str) -> str:
    """The denial word ('not', 'kein', 'якобы', 'myth') before the mention or just after it,
    or a short quoted phrase that holds the mention (scare quotes: '„russische Bedrohung“'),
    or ''."""
    found = _denials(lang).search(text, 0, min(len(text), span[1] + DENIAL_AFTER))
    if found:
        return found.group()
    quoted = next((q for q in _SHORT_QUOTE.finditer(text, max(0, span[0] - 60)) if q.start() < span[0]), None)
    return quoted.group() if quoted and span[1] <= quoted.end() else ""


#: A quoted phrase of at most four words: scare quotes around a charge, not a quoted statement.
_SHORT_QUOTE = re.compile(r"[\"“„«‚‘](?:[^\s\"“”„«»‚‘]+\s){0,3}[^\s\"“”„«»‚‘]+[\"”“»‘’]")


@cache
def _denials(lang: str) -> re.Pattern[str]:
    """The denial words of `lang` (`denials.csv`: a word, or a stem with '*'), as one pattern
    of whole words; an unreadable row is left out with a warning that names it."""
    rows, problems = resource_rows(DENIALS_FILE)
    words = []
    for line, row in enumerate(rows, start=2):
        word, source = row.get("word", "").strip(), row.get("source", "").strip()
        if not word or not source:
            problems.append(f"{DENIALS_FILE}, row {line}: no word or no source")
        elif row.get("lang") == lang:
            stem = word.removesuffix("*")
            words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    warn_skipped("stance denials", problems)
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


# Memoised: the same sentence and mention recur across articles (agency copy, boilerplate,
# repeated quotes), and a result depends on nothing else.
@lru_cache(maxsize=4096)
def _score(text: str, target: str, span: tuple[int, int] | None, lang: str) -> tuple[StanceResult, Span | None]:
    """The result from the text, and where the mention is if the result leaves the decision
    to the speaker's side (a neutral that no cue, slot, pair or office decided)."""
    if not lang or lang == UNDETERMINED:  # other languages without cue lists read English ones
        return StanceResult(StanceLabel.NEUTRAL, 0.0, "no cue: no language recognised"), None
    if not text or text.isspace():
        return StanceResult(StanceLabel.NEUTRAL, 0.0, "no cue (empty sentence)"), None
    if span is not None and not (0 <= span[0] < span[1] <= len(text)):
        return StanceResult(StanceLabel.NEUTRAL, 0.0, f"unreadable: span {span} outside the sentence"), None
    located = _locate(text, target, span)
    if located is None:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, f"target '{target}' not found in the text"), None
    original = located
    if len(text) > MAX_CHARACTERS:  # read a window around the mention
        cut = max(0, located[0] - MAX_CHARACTERS // 2)
        text, located = text[cut : cut + MAX_CHARACTERS], (located[0] - cut, located[1] - cut)
    slot_hits = _slot_hits(text, located, lang)
    if slot_hits:
        total = sum(h.cue.weight for h in slot_hits)
        parts = [f"'{h.text}' ({h.cue.weight:+.1f}, {h.cue.note})" for h in slot_hits]
        return _result(total, "slot cue " + "; ".join(parts)), None
    reading = read_mention(text, target, located, lang, context=False)
    if reading.unreadable:
        return StanceResult(StanceLabel.NEUTRAL, 0.0, f"unreadable: {reading.unreadable}"), None
    pair = _pair_word(text, located) if reading.hits else ""
    if pair:
        # 'the NATO-Russia Council', 'Russia-Ukraine talks': the cues are the pair's, not one side's
        return StanceResult(StanceLabel.NEUTRAL, 0.0, f"no cue: '{pair}' names a pair; its cues are the pair's"), None
    if reading.form == "title" and reading.hits:
        # 'NATO Secretary General', 'Russian Foreign Minister': the cues around it are the
        # office holder's words and deeds, not the target's
        note = f"no cue: '{reading.surface}' names an office; its cues are the holder's"
        return StanceResult(StanceLabel.NEUTRAL, 0.0, note), None
    result = role_result(reading) if reading.hits else _word_cue_result(text, located, target, lang)
    # A pair is neither side's deed either, so its speaker's side says nothing of it (an
    # office is left to `score_one`, which reads the form only where a side would decide).
    undecided = result.label is StanceLabel.NEUTRAL and (bool(reading.hits) or not _pair_word(text, located))
    return result, (original if undecided else None)


@cache
def role_effects() -> dict[tuple[str, str], float]:
    """(cue kind, role) -> effect, from the data file; an unreadable row is left out with a
    warning that names it."""
    rows, problems = resource_rows(ROLE_EFFECTS_FILE)
    effects = {}
    for line, row in enumerate(rows, start=2):
        try:
            effects[(row["kind"], row["role"])] = float(row["effect"])
        except KeyError as exc:
            problems.append(f"{ROLE_EFFECTS_FILE}, row {line}: no {exc}")
        except ValueError:
            problems.append(f"{ROLE_EFFECTS_FILE}, row {line}: effect {row['effect']!r} is not a number")
    warn_skipped("stance cues", problems)
    return effects


def _pair_word(text: str, span: tuple[int, int]) -> str:
    """The hyphenated word that joins the mention to the other target ('NATO-Russia Council',
    'Nato-Russland-Grundakte', 'Совет Россия-НАТО'), or ''."""
    start, end = _word_around(text, *span)
    # An en dash joins a pair too ('Совет Россия–НАТО', 'the Russia–NATO Council').
    if start > 1 and text[start - 1] == "–" and text[start - 2].isalnum():
        start = _word_around(text, start - 2, start - 1)[0]
    if end + 1 < len(text) and text[end] == "–" and text[end + 1].isalnum():
        end = _word_around(text, end + 1, end + 2)[1]
    word = text[start:end].replace("–", "-")
    if "-" not in word:
        return ""
    return word if len({match.target for match in find_targets(word)}) > 1 else ""


def role_effect(hit: CueHit) -> float:
    """How much one cue counts for the target given the role read for it (below zero:
    against the target); a pair missing from the data counts nothing."""
    return role_effects().get((hit.kind, hit.role), 0.0)


def role_result(reading: Reading) -> StanceResult:
    """Step 2 of the module docstring: the sum of the cues, each by the target's role."""
    counted = [(hit, cue_value(hit)) for hit in reading.hits]
    parts = [f"{_cue_note(hit, reading.surface)}: {value:+.2f})" for hit, value in counted]
    return _result(sum(value for _, value in counted), "role cues " + "; ".join(parts))


def role_total(reading: Reading) -> float:
    """The sum that `role_result` turns into a label (the linear engine uses it as a feature)."""
    return sum(cue_value(hit) for hit in reading.hits)


def cue_value(hit: CueHit) -> float:
    """One cue's signed contribution: weight x role effect, less with distance, another
    clause, a hedge; flipped at half strength when negated."""
    value = hit.weight * role_effect(hit) / (1 + hit.distance / DISTANCE_SCALE)
    if not hit.same_clause:
        value *= OTHER_CLAUSE
    if hit.negated:
        value *= NEGATED
    if hit.hedged:
        value *= HEDGED
    return value


def _cue_note(hit: CueHit, surface: str) -> str:
    note = f"'{hit.lemma}' ({hit.kind}, {surface} {ROLE_NAMES.get(hit.role, hit.role)}, {hit.distance} words"
    if not hit.same_clause:
        note += ", another clause"
    if hit.agent:
        note += ", named as its doer"
    if hit.negated:
        note += f", negated by '{hit.negator}'"
    if hit.hedged:
        note += f", hedged by '{hit.hedge}'"
    return note


@cache
def _word_stems(lang: str) -> tuple[PatternSet, int] | None:
    """The literal stems one of which begins every match of a word cue of `lang`
    (`framing.matching.literal_stems`), as patterns found together, with the length of the
    longest; None where some word cue has no such stem."""
    stems: set[str] = set()
    for cue in _other_cues(lang):
        if cue.kind == "word":
            found = literal_stems(cue.regex.pattern, re.IGNORECASE)
            if not found:
                return None
            stems.update(found)
    if not stems or "" in stems:
        return None
    ordered = sorted(stems)
    return PatternSet([re.escape(stem) for stem in ordered], re.IGNORECASE), max(map(len, ordered))


def _no_word_cue_in_reach(text: str, span: tuple[int, int], lang: str) -> bool:
    """Whether no word cue can start within WINDOW words of the mention: no stem of one
    occurs between the start of the (WINDOW + 1)th word before it and that of the
    (WINDOW + 1)th word after it (as counted from NEAR_CHARACTERS before it where that
    stretch holds enough words, cutting the word at its start). A cheap, conservative test
    (False: it may)."""
    stems = _word_stems(lang)
    if stems is None:
        return False
    found, longest = stems
    starts, ends = _word_runs(text)
    near = max(0, span[0] - NEAR_CHARACTERS)
    # A cue starting before the (WINDOW + 1)th word before the mention has more than WINDOW
    # words to it; that word counts from `near` where it reaches past `near`.
    before = bisect_left(starts, span[0]) - (WINDOW + 1)
    edge = (max(starts[before], near) if ends[before] > near else starts[before]) if before >= 0 else -1
    lo = edge + 1
    beyond = bisect_right(ends, span[1]) + WINDOW  # the (WINDOW + 1)th word from the mention's end
    hi = len(text) if beyond >= len(starts) else min(len(text), max(starts[beyond], span[1]) + longest)
    return not found.first(text, lo, hi)


def _word_cue_result(text: str, span: tuple[int, int], target: str, lang: str) -> StanceResult:
    """Steps 2 and 3 of the module docstring: the word cues near the mention in its chunk."""
    if _no_word_cue_in_reach(text, span, lang):
        return StanceResult(StanceLabel.NEUTRAL, 0.0, _NO_CUE)  # what the scan below would find
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

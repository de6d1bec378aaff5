"""Stage 5: NATO and Russia mentions in the content segments, with their speakers.

A mention is one match of a target pattern (`resources/targets.csv`: names, adjectives,
compounds and metonyms such as Moscow/Kremlin in English, German and Russian). Each
mention gets the sentence it sits in and a speaker: the narrator (the outlet's own voice)
or the person quoted or reported ("..., Lukashenko said", "sagte Rasmussen").

Speaker rules, in order:
1. inside a direct quote: the speaker named in the attribution clause next to the quote
   (after it: '"...," the Belarusian leader said'; before it: 'Rogozin said, "..."');
   a quote without its own clause continues the previous quote of the same paragraph, or
   of the paragraph before;
2. in a sentence with a reporting verb ("said", "stressed", "according to", "sagte",
   "warnt", "hat ... vorgeworfen"): that verb's subject, except for mentions inside the
   subject phrase itself, or after a sentence-final attribution ("..., X said at a
   meeting with Russian ...");
3. otherwise the narrator.
Pronouns and descriptors ("he", "the Belarusian leader", "er") resolve to the last named
speaker in the same story (the article, or one embedded excerpt).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from typing import NamedTuple, TypeVar

from framing.matching import PatternSet
from framing.resources import read_table
from framing.types import CONTENT_KINDS, Mention, Segment, SegmentKind

NARRATOR = "narrator"
_STATE_SPEAKERS = ("Russia", "NATO")  # targets that speak ('Russia argued'); never a pronoun's antecedent
UNATTRIBUTED = "unattributed quote"
#: How far back (in sentences) a metonym like "the alliance" looks for its target's name.
CONTEXT_SENTENCES = 2
#: Konjunktiv forms that mark German indirect speech ('Die Nato hätte Anzeichen ... entdeckt').
_KONJUNKTIV_FORMS = ("sei", "seien", "habe", "hätte", "hätten", "werde", "könne", "müsse", "wolle")
_HEADLINE_KINDS = frozenset({SegmentKind.TITLE, SegmentKind.STANDFIRST, SegmentKind.RELATED_POST})

# --- sentences ----------------------------------------------------------------------------

#: Words whose full stop ends no sentence (besides single capitals: initials).
_ABBREVIATED = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gen", "Lt", "Col", "Maj", "Capt", "Gov", "St", "Jr", "Sr", "No",
    "Nr", "vs", "etc", "ca", "bzw", "z.B", "u.a", "Inc", "Corp", "U.S", "U.K", "U.N", "E.U",
)  # fmt: skip
_ABBREVIATIONS = re.compile(r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATED)) + r")|\b[A-Z])\.$")
#: The last two characters of each abbreviated word: a cheap test that rules most breaks out.
_ABBREVIATED_ENDS = frozenset(word[-2:] for word in _ABBREVIATED)
_BREAK_MARKS = ".!?…"
_CLOSING_MARKS = "\"'”’»)]"
# The marks of a break in group 1, the closing quotes and brackets after them outside it.
_SENTENCE_BREAK = re.compile(r"([.!?…][.!?…]*)[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZÄÖÜА-ЯЁ0-9])")


def _positions_of(text: str, chars: str) -> list[int]:
    """Every position of one of `chars` in `text`, in order: `str.find` per character
    runs at C speed, several times faster than a regex scan for a character class."""
    found = []
    for char in chars:
        at = text.find(char)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; abbreviations such as 'U.S.' or 'Sen.'
    and initials do not end a sentence."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=4096)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Memoised: a paragraph is split for its first speaker, its quotes and its mentions.
    spans: list[tuple[int, int]] = []
    start = 0
    resume = 0  # where the break scan goes on, as `finditer` would
    for at in _positions_of(text, _BREAK_MARKS):  # a break begins with one of these marks
        if at < resume or (match := _SENTENCE_BREAK.match(text, at)) is None:
            continue
        end = resume = match.end()
        if _may_end_abbreviation(text, match.end(1)) and _ABBREVIATIONS.search(
            text[max(start, end - 6) : end].rstrip(_CLOSING_MARKS)
        ):
            continue
        # A break ends with a mark, not a space: only the start needs stripping, and the
        # sentence is not empty.
        while text[start].isspace():
            start += 1
        spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append(_strip_span(text, start, len(text)))
    return tuple(spans)


def _may_end_abbreviation(text: str, marks_end: int) -> bool:
    """False where `_ABBREVIATIONS` cannot match the break whose marks end at `marks_end`:
    it needs a full stop as the last mark, after a capital or an abbreviated word's end (at the
    start of `text` a negative index reads its end: at worst a needless search)."""
    return text[marks_end - 1] == "." and (
        "A" <= text[marks_end - 2] <= "Z" or text[marks_end - 3 : marks_end - 1] in _ABBREVIATED_ENDS
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- quotes -------------------------------------------------------------------------------

_OPENERS = {"„": "“”", "«": "»"}
_TOGGLES = '"“”'
_QUOTE_MARKS = "".join(sorted(set("".join(_OPENERS) + "".join(_OPENERS.values()) + _TOGGLES)))


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost double-quoted passage, quote marks included.

    With both curly marks present, “ opens and ” closes, and quotes may nest (a quote
    within a quote stays inside the outer one). Otherwise quote marks toggle (scraped text
    mixes straight and curly marks, or uses ” on both sides). German „...“ and «...» pair
    explicitly. A quote still open at the end of the paragraph runs to its end (news
    style: the next paragraph reopens it).
    """
    curly = "“" in text and "”" in text
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    depth = 0
    closers = ""
    for i in _positions_of(text, _QUOTE_MARKS):  # only quote marks change the state
        char = text[i]
        if open_at is None:
            if char in _OPENERS:
                open_at, closers, depth = i, _OPENERS[char], 1
            elif char in _TOGGLES and not (curly and char == "”"):
                open_at, closers, depth = i, ("”" if curly and char == "“" else _TOGGLES), 1
        elif curly and char == "“" and closers == "”":
            depth += 1
        elif char in closers:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    # A 'quote' of one or two words is a scare quote or a title, not speech.
    return [(s, e) for s, e in spans if len(text[s:e].split(maxsplit=2)) == 3]


# --- targets ------------------------------------------------------------------------------

_Frozen = TypeVar("_Frozen")


def _made_at_once(cls: type[_Frozen], **fields: object) -> _Frozen:
    """`cls(**fields)` for a frozen dataclass, in about a third of the time: its __init__
    sets each field through `object.__setattr__`, while this fills the new object's
    __dict__ at once. The same object for a class without __post_init__, slots or defaults
    (the tests check this for TargetMatch and Mention, and that every field is given)."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made


@dataclass(frozen=True)
class TargetMatch:
    start: int
    end: int
    surface: str
    target: str
    form: str


@dataclass(frozen=True)
class _TargetPattern:
    target: str
    form: str
    regex: re.Pattern[str]
    needs_context: str


@cache
def _target_patterns() -> tuple[_TargetPattern, ...]:
    return tuple(
        _TargetPattern(row["target"], row["form"], re.compile(row["pattern"]), row["needs_context"])
        for row in read_table("targets.csv")
    )


@cache
def _target_set() -> PatternSet:
    return PatternSet([p.regex.pattern for p in _target_patterns()])


def find_targets(text: str, *, context: str = "") -> list[TargetMatch]:
    """NATO/Russia matches in `text`, longest match first where patterns overlap.

    Metonyms that need context ("the alliance") count only when their target's name
    occurs in `text` or in `context` (the sentences before).
    """
    if context and not _needs_context(text):
        context = ""  # the same result, and one cache entry per sentence instead of per context
    return list(_find_targets(text, context))


@lru_cache(maxsize=16384)
def _needs_context(text: str) -> bool:
    matches = _pattern_matches(text)
    if not matches:  # most sentences
        return False
    needing = _context_forms()
    return any((m.target, m.form) in needing for m in matches)


@lru_cache(maxsize=16384)
def _find_targets(text: str, context: str) -> tuple[TargetMatch, ...]:
    # Memoised: the speaker rules and the stance engine ask again about the same sentence.
    found = list(_pattern_matches(text))
    if not found:  # most sentences
        return ()
    needing = _context_forms()
    if any((m.target, m.form) in needing for m in found):
        named = {m.target for m in found if (m.target, m.form) not in needing}
        named |= {m.target for m in _find_targets(context, "")} if context else set()
        found = [m for m in found if (m.target, m.form) not in needing or m.target in named]
    if len(found) < 2:
        return tuple(found)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TargetMatch] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue  # overlaps a longer match ("Russian Federation" vs "Russian")
        kept.append(match)
    return tuple(kept)


@lru_cache(maxsize=16384)
def _pattern_matches(text: str) -> tuple[TargetMatch, ...]:
    """Every match of every target pattern (each pattern's own `finditer`), by position
    and then pattern order; overlaps between patterns are not resolved yet."""
    patterns = _target_patterns()
    return tuple(
        _made_at_once(
            TargetMatch,
            start=hit.start,
            end=hit.end,
            surface=text[hit.start : hit.end],
            target=patterns[hit.pattern].target,
            form=patterns[hit.pattern].form,
        )
        for hit in _target_set().each(text)
    )


@cache
def _context_forms() -> frozenset[tuple[str, str]]:
    """(target, form) pairs that count only with their target named nearby."""
    return frozenset((p.target, p.form) for p in _target_patterns() if p.needs_context)


# --- speakers -----------------------------------------------------------------------------


_REPORTING_VERBS = (
    "said", "says", "say", "stated", "states", "noted", "notes", "stressed", "stresses", "added", "adds",
    "remarked", "pointed out", "told", "claimed", "claims", "insisted", "insists", "argued", "argues", "warned",
    "warns", "accused", "accuses", "reaffirmed", "emphasi[sz]ed", "announced", "explained", "specified",
    "reminded", "cited", "urged", "believes", "was quoted", "quoted", "reiterated", "characteri[sz]ed",
    "described", "critici[sz]ed", "according to",
    "sagte", "sagt", "warnte", "warnt", "nannte", "erklärte", "betonte", "forderte", "kritisierte", "vorgeworfen",
    "warf", "meinte", "geschildert", "schilderte",
    "заявил[аи]?", "сказал[аи]?", "отметил[аи]?", "подчеркнул[аи]?", "по словам",
)  # fmt: skip
_AFTER_ONLY = re.compile(r"according to|по словам", re.IGNORECASE)
_PRONOUNS_OR_DESCRIPTORS = (
    "he", "she", "they", "him", "her", "er", "sie", "ihm", "он", "она",
    "the (?:Belarusian |Russian )?(?:leader|president|head of state|minister|spokesman|general)",
    "der (?:Präsident|Minister|General)",
)  # fmt: skip


def _grouped_by_first_letter(alternatives: Sequence[str], *, after_letter: str = "") -> str:
    """The alternation of `alternatives` ('said', 'says', ...) grouped by first letter as
    'n(?:oted|otes)|s(?:aid|ays|...)': the same matches as 'said|says|...', found faster.

    Python's `re` tries every branch of a flat alternation at each candidate word (under
    IGNORECASE it cannot skip a branch by its first letter); grouped, it tries a letter's
    words only where that letter stands. Each alternative must begin with a literal
    lower-case letter; no two of these letters match the same character, even ignoring
    case, and the order within a letter is kept, so the first alternative that matches
    (followed by the rest of the pattern) is the same. `after_letter` (a zero-width check)
    goes right after each letter."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}{after_letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


_WordPatterns = tuple[re.Pattern[str], re.Pattern[str]]  # ignoring case; for ' ' + lower-cased text
_NON_ASCII_WORD_CHAR = re.compile(r"[^\x00-\x7f\W]")


def _word_patterns(alternatives: Sequence[str], others: Sequence[str] = ()) -> _WordPatterns:
    """`\\b(?:alternatives)\\b` ignoring case, and the lower-cased alternatives after a
    character that is not `[a-z0-9_]`, without IGNORECASE (see `_word_matches`). The
    alternatives hold no escapes, which lower-casing could change. With `others`, either
    list, and a match of `alternatives` sets the group 'first'."""
    grouped = _grouped_by_first_letter([alternative.lower() for alternative in alternatives])
    if others:
        grouped = f"(?P<first>{grouped})|" + _grouped_by_first_letter([other.lower() for other in others])
    return re.compile(rf"\b(?:{grouped})\b", re.IGNORECASE), re.compile(rf"[^a-z0-9_](?:{grouped})\b")


@cache
def _verb_or_pronoun() -> _WordPatterns:
    """Reporting verbs (the group 'first') or pronouns and descriptors."""
    return _word_patterns(_REPORTING_VERBS, _PRONOUNS_OR_DESCRIPTORS)


def _ascii_words(sentence: str) -> bool:
    """Whether every word character of `sentence` is ASCII (see `_word_matches`)."""
    return sentence.isascii() or not _NON_ASCII_WORD_CHAR.search(sentence)


def _verbs_and_pronouns(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """`_find_words` of the reporting verbs and of the pronouns and descriptors, in one
    scan instead of two. The alternation of both finds the matches of each: no phrase of
    one list matches where one of the other does, nor begins inside one (the words inside
    'pointed out' or 'the Belarusian leader' are in neither list); the tests check it."""
    verbs: list[tuple[int, int]] = []
    pronouns: list[tuple[int, int]] = []
    for start, end, group in _word_matches(_verb_or_pronoun(), sentence):
        (verbs if group == "first" else pronouns).append((start, end))
    return verbs, pronouns


def _find_words(patterns: _WordPatterns, sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each match of `patterns` (see `_word_patterns`) in `sentence`."""
    return [(start, end) for start, end, _ in _word_matches(patterns, sentence)]


def _word_matches(patterns: _WordPatterns, sentence: str) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, the named group that matched) of each match of `patterns` in `sentence`.

    Text whose word characters are all ASCII (curly quotes and dashes may be there) is
    scanned lower-cased and case-sensitively, several times faster. That finds the same
    spans: on ASCII characters IGNORECASE means 'equal after lower-casing' (the other
    characters it folds to ASCII letters, such as 'ſ' or the Kelvin sign, are not ASCII),
    and lower-casing keeps every position and every word boundary; the tests check over
    every code point that a non-ASCII character outside `\\w` stays one such character when
    lower-cased and matches no letter of the alternatives, either way. So the word
    characters of the lower-cased text are `[a-z0-9_]`, and '\\b' before a word is a
    character outside them, or the ' ' put in front: a pattern that opens with that class
    lets `re` skip from word to word instead of trying every position."""
    ignoring_case, after_non_word = patterns
    if _ascii_words(sentence):
        # A match starts one character before its word: at the word's offset in `sentence`.
        for m in after_non_word.finditer(" " + sentence.lower()):
            yield m.start(), m.end() - 1, m.lastgroup
    else:
        for m in ignoring_case.finditer(sentence):
            yield m.start(), m.end(), m.lastgroup


@cache
def _konjunktiv() -> re.Pattern[str]:
    """'\\b(?:sei|seien|...)\\b' (case-sensitive), spelled to open with the first letters, each
    followed by the word-boundary check as a lookbehind (no word character before it): a
    pattern that opens with literals lets `re` skip to those letters in one fast loop
    instead of trying every position."""
    forms = _grouped_by_first_letter(_KONJUNKTIV_FORMS, after_letter=r"(?<!\w.)")
    return re.compile(rf"(?:{forms})\b")


# A capitalised word that no word character precedes, i.e. '\b[A-Z]...'; with the class
# first, `re` skips to the next capital in one fast loop instead of trying every position.
_GENERIC_NAME = re.compile(r"[A-Z](?<!\w.)[a-z]+(?:\s+[A-Z]\.)?\s+(?:[A-Z][a-z]+-)?[A-Z][a-z]{2,}\b")
_NOT_NAMES = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Belarus",
        "Russia",
        "Russian",
        "Belarusian",
        "Ukraine",
        "Union",
        "State",
        "President",
        "Minister",
        "Defense",
        "Defence",
        "Prime",
        "Deputy",
        "General",
        "Colonel",
        "Lieutenant",
        "Moscow",
        "Minsk",
        "Kremlin",
        "NATO",
        "Nato",
        "Western",
        "West",
        "European",
        "Europe",
        "Cold",
        "War",
        "United",
        "States",
        "Thursday",
        "Friday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Saturday",
        "Sunday",
    ]
)


class _Subject(NamedTuple):  # a named tuple: made for every reporting verb, and cheaper than a dataclass
    start: int
    end: int
    speaker: str | None  # None: a pronoun/descriptor to resolve
    evidence: str


_Candidate = tuple[int, int, str | None, int]  # start, end, speaker (None: to resolve), penalty


@cache
def _speaker_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row["speaker"], re.compile(row["pattern"])) for row in read_table("speakers.csv"))


@cache
def _speaker_set() -> PatternSet:
    return PatternSet([rx.pattern for _, rx in _speaker_patterns()])


def _known_speakers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every match of every speaker pattern."""
    patterns = _speaker_patterns()
    return [(hit.start, hit.end, patterns[hit.pattern][0]) for hit in _speaker_set().each(text)]


# As large as the target cache: a corpus repeats sentences (agency copy, boilerplate) far
# more than 4,096 sentences apart, and every repeat would be scanned again.
@lru_cache(maxsize=16384)
def _named_people(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, canonical name) of people named in `text`: known speakers first,
    then any 'Firstname Lastname' that is not a place or title."""
    people = _known_speakers(text)
    for m in _GENERIC_NAME.finditer(text):
        words = m.group(0).split()
        if any(w.strip(".") in _NOT_NAMES for w in words) or any(s <= m.start() < e for s, e, _ in people):
            continue
        people.append((m.start(), m.end(), words[-1].split("-")[-1]))
    return tuple(sorted(people))


def _states(text: str) -> list[tuple[int, int, str]]:
    """Targets named as actors ('Russia argued', 'Moscow characterized'): states can speak."""
    return [(m.start, m.end, m.target) for m in _find_targets(text, "") if m.form in ("name", "metonym")]


def _subject_candidates(sentence: str, pronouns: list[tuple[int, int]]) -> list[_Candidate]:
    """The phrases of `sentence` that can be a reporting verb's subject, each with the
    penalty added to its distance from the verb, in the order that breaks ties: named
    people, states, then `pronouns` (and descriptors)."""
    candidates: list[_Candidate] = [(start, end, name, 0) for start, end, name in _named_people(sentence)]
    # A person near the verb is the likelier speaker than a state.
    candidates += [(start, end, state, 15) for start, end, state in _states(sentence)]
    candidates += [(start, end, None, 5) for start, end in pronouns]
    return candidates


def _subject_of(verb: tuple[int, int], sentence: str, candidates: Sequence[_Candidate]) -> _Subject | None:
    """The speaker phrase next to a reporting verb (its span): the nearest name, state or
    pronoun before the verb (within ~90 characters), else right after it ('said Rasmussen',
    'noted Alexander Lukashenko', 'announced ... by Alexander Lukashenko')."""
    verb_start, verb_end = verb
    said = sentence[verb_start:verb_end]
    before_start = max(0, verb_start - 90)
    after_only = bool(_AFTER_ONLY.fullmatch(said))
    after_limit = 60 if " by " in sentence[verb_end : verb_end + 60] else 25
    best: tuple[int, _Candidate, bool] | None = None  # (distance + penalty, candidate, before the verb)
    for candidate in candidates:
        start, end, _, penalty = candidate
        if not after_only and before_start <= start and end <= verb_start + 1:
            found = (verb_start - end + penalty, candidate, True)
        elif 0 <= start - verb_end <= after_limit:
            found = (start - verb_end + penalty, candidate, False)
        else:
            continue
        if best is None or found[0] < best[0]:  # the first of equally near candidates wins
            best = found
    if best is None:
        return None
    _, (start, end, speaker, _), before = best
    phrase = sentence[start:end]
    return _Subject(start, end, speaker, f"'{phrase}' + '{said}'" if before else f"'{said}' + '{phrase}'")


def _is_title_char(char: str) -> bool:
    """A character of a word in a name or title (the class `[\\w’'.-]`: alphanumeric, '_', ’, ', . or -)."""
    return char.isalnum() or char in "_’'.-"


def _subject_phrase_start(sentence: str, start: int) -> int:
    """Extend a name leftwards over its titles ('Belarusian President Alexander Lukashenko',
    'Nato-Generalsekretär Anders Fogh Rasmussen'): over each capitalised word that only
    spaces separate from the phrase, walking back from `start`."""
    while True:
        word_end = start
        while word_end > 0 and sentence[word_end - 1] == " ":
            word_end -= 1
        word_start = word_end
        while word_start > 0 and _is_title_char(sentence[word_start - 1]):
            word_start -= 1
        if word_start == word_end or not sentence[word_start].isupper():
            return start
        start = word_start


class _Attribution(NamedTuple):
    speaker: str | None
    evidence: str
    narrator_spans: tuple[tuple[int, int], ...]  # parts of the sentence in the narrator's voice


_NARRATION_TAIL = re.compile(
    r"\s*(?:$|[.;]|(?:at|on|in|during|after|before|while|when|to|from|with|im|am|bei|beim|zum|zur|nach|"
    r"auf|на|во?|после)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)  # as large as the target cache (see `_named_people`)
def _attribution(sentence: str) -> _Attribution | None:
    """Who the sentence reports, if it has a reporting verb with a subject, and which part
    of the sentence stays in the narrator's voice: the attribution itself ('Belarusian
    President Alexander Lukashenko said'), extended over a circumstantial tail ('at a
    meeting with Russian Defense Minister Sergey Shoigu on Thursday') up to the next comma."""
    verbs, pronouns = _verbs_and_pronouns(sentence)
    candidates = None
    for verb_start, verb_end in verbs:
        if candidates is None:  # the same for every verb of the sentence
            candidates = _subject_candidates(sentence, pronouns)
        subject = _subject_of((verb_start, verb_end), sentence, candidates)
        if subject is None:
            continue
        phrase_start = _subject_phrase_start(sentence, subject.start)
        if subject.start < verb_start:
            # 'Rasmussen hat Moskau vorgeworfen': the object between subject and verb is reported.
            spans = [(phrase_start, subject.end), (verb_start, verb_end)]
        else:
            spans = [(verb_start, subject.end)]
        end = spans[-1][1]
        if _NARRATION_TAIL.match(sentence, end):
            comma = sentence.find(",", end)
            spans[-1] = (spans[-1][0], comma if comma != -1 else len(sentence))
        return _Attribution(subject.speaker, f"reporting clause {subject.evidence}", tuple(spans))
    return None


# --- mentions -----------------------------------------------------------------------------


class _Scope:
    """Speaker memory of one story (the article, or one embedded excerpt).

    Both names are found only when asked for: most sentences hold no target, and no one
    asks who spoke before them. The sentences walked past since the last named speaker was
    set wait in `_unread`; asked for it, the scope reads them from the latest back until one
    names a person (the speaker the sentence-by-sentence walk would have kept)."""

    __slots__ = ("_first_named", "_last_named", "_unread", "last_quote_speaker", "paragraphs")

    def __init__(self) -> None:
        self.paragraphs: list[str] = []  # the story's content paragraphs, in order
        self._first_named: str | object | None = _NOT_YET_READ
        self._last_named: str | None = None
        self._unread: list[tuple[str, bool]] = []  # (sentence, in a headline) walked past since
        self.last_quote_speaker: str | None = None

    @property
    def first_named(self) -> str | None:
        """The story's first named speaker: a descriptor before any name ('..., the
        president has said' in a standfirst) refers to it."""
        if self._first_named is _NOT_YET_READ:
            self._first_named = next(filter(None, map(_first_named_speaker, self.paragraphs)), None)
        return self._first_named  # type: ignore[return-value]

    @property
    def last_named(self) -> str | None:
        unread = self._unread
        while unread:
            sentence, headline = unread.pop()
            if (speaker := _person_named(sentence, headline)) is not None:
                self._last_named = speaker
                unread.clear()
        return self._last_named

    @last_named.setter
    def last_named(self, speaker: str | None) -> None:
        self._last_named = speaker
        self._unread.clear()

    def walk_past(self, sentence: str, headline: bool) -> None:
        """Note a sentence that may name the next speaker (read when asked for)."""
        self._unread.append((sentence, headline))


_NOT_YET_READ = object()


def _own_attribution(sentence: str, headline: bool) -> _Attribution | None:
    """The sentence's reporting clause, or in a headline its 'Name: ...'."""
    found = _attribution(sentence)
    return _headline_attribution(sentence) if found is None and headline else found


def _person_named(sentence: str, headline: bool) -> str | None:
    """The person a sentence names as its speaker, whom a later pronoun refers to; None
    for none, a state or a pronoun."""
    attribution = _own_attribution(sentence, headline)
    return attribution.speaker if attribution is not None and attribution.speaker not in _NOT_PEOPLE else None


def _resolve(speaker: str | None, scope: _Scope) -> str | None:
    if speaker is not None:
        return speaker
    return scope.last_named or scope.first_named


def _first_named_speaker(text: str) -> str | None:
    for s_start, s_end in _sentence_spans(text):
        found = _attribution(text[s_start:s_end])
        if found is not None and found.speaker not in _NOT_PEOPLE:
            return found.speaker
    return None


_NOT_PEOPLE = (None, *_STATE_SPEAKERS)  # speakers that do not become a pronoun's antecedent


@lru_cache(maxsize=16384)
def _konjunktiv_marker(sentence: str) -> str | None:
    """The first Konjunktiv form in `sentence` (memoised like `_attribution`: asked for
    every sentence without a reporting clause)."""
    found = _konjunktiv().search(sentence)
    return None if found is None else found.group(0)


@dataclass(slots=True)  # not frozen: one per sentence, and a frozen __init__ costs several times more
class _SentenceContext:
    segment: Segment
    language: str
    number: int  # running sentence number in the article
    start: int  # offsets of the sentence within the segment text
    end: int
    text: str  # the sentence
    headline: bool  # in a title, standfirst or related post
    quotes: list[tuple[int, int]]
    quote_speakers: list[tuple[str, str]]
    scope: _Scope
    article_sentences: list[str]  # the article's sentences, this one at index `number` once walked past
    _found: _Attribution | object | None = _NOT_YET_READ

    @property
    def attribution(self) -> _Attribution | None:
        """The sentence's reporting clause, headline speaker or Konjunktiv continuation:
        found when first asked for, which must be before the walk moves on (it reads the
        speaker memory of the story as it stands at this sentence)."""
        if self._found is _NOT_YET_READ:
            sentence = self.text
            found = _own_attribution(sentence, self.headline)
            # The marker first: the last named speaker is read only where it is needed. This
            # sentence names no one, so reading it back from here gives the speaker before it.
            if found is None and (marker := _konjunktiv_marker(sentence)) and (named := self.scope.last_named):
                found = _Attribution(named, f"German reported speech (Konjunktiv '{marker}') continues", ())
            self._found = found
        return self._found  # type: ignore[return-value]

    def speaker_at(self, offset: int) -> tuple[str, str, bool]:
        """(speaker, evidence, in_quote) for a char offset within the segment text."""
        return _speaker_for(offset, self.start, self.quotes, self.quote_speakers, self, self.scope)

    @property
    def context(self) -> str:
        """The sentences before, for metonyms that need context: joined only when asked,
        since few sentences hold such a metonym."""
        return " ".join(self.article_sentences[max(0, self.number - CONTEXT_SENTENCES) : self.number])

    def targets(self) -> tuple[TargetMatch, ...]:
        """`find_targets(self.text, context=self.context)`, without building the context
        for a sentence that does not need it (the first sentence has none)."""
        return _find_targets(self.text, self.context if self.number and _needs_context(self.text) else "")


def _sentences(
    segments: Sequence[Segment], languages: Sequence[str], *, only_with_matches: bool = False
) -> Iterator[_SentenceContext]:
    """Walk the content sentences of one article, tracking quotes and speakers.

    Each context must be asked about its speakers before the walk moves on. With
    `only_with_matches`, only the sentences where some target pattern matches are given."""
    scopes: dict[int, _Scope] = {}
    for segment in segments:
        if segment.kind in CONTENT_KINDS:
            scopes.setdefault(segment.excerpt or 0, _Scope()).paragraphs.append(segment.text)
    number = 0
    article_sentences: list[str] = []
    for segment, language in zip(segments, languages, strict=True):
        if segment.kind not in CONTENT_KINDS:
            continue
        scope = scopes[segment.excerpt or 0]
        text = segment.text
        quotes = find_quotes(text)
        quote_speakers = _quote_speakers(text, quotes, scope)
        headline = segment.kind in _HEADLINE_KINDS
        for s_start, s_end in _sentence_spans(text):
            sentence = text[s_start:s_end]
            scope.walk_past(sentence, headline)
            if not only_with_matches or _pattern_matches(sentence):
                yield _SentenceContext(
                    segment,
                    language,
                    number,
                    s_start,
                    s_end,
                    sentence,
                    headline,
                    quotes,
                    quote_speakers,
                    scope,
                    article_sentences,
                )
            article_sentences.append(sentence)
            number += 1


def extract_mentions(segments: Sequence[Segment], *, article_id: str, languages: Sequence[str]) -> list[Mention]:
    """Mentions of NATO and Russia in the content segments of one article.

    `languages` gives each segment's language (same order as `segments`).
    """
    mentions: list[Mention] = []
    for ctx in _sentences(segments, languages, only_with_matches=True):
        targets = ctx.targets()
        if not targets:
            continue
        segment = ctx.segment
        sentence_start = segment.start + ctx.start
        for match in targets:
            speaker, evidence, in_quote = ctx.speaker_at(ctx.start + match.start)
            mentions.append(
                _made_at_once(
                    Mention,
                    article_id=article_id,
                    segment=segment.index,
                    sentence=ctx.number,
                    sentence_text=ctx.text,
                    sentence_start=sentence_start,
                    start=sentence_start + match.start,
                    end=sentence_start + match.end,
                    surface=match.surface,
                    target=match.target,
                    form=match.form,
                    language=ctx.language,
                    speaker=speaker,
                    speaker_evidence=evidence,
                    in_quote=in_quote,
                )
            )
    return mentions


@dataclass(frozen=True)
class SpeechSpan:
    """A run of words in one voice: quoted, reported, or the narrator's."""

    segment: int
    start: int  # char span in the article text
    end: int
    speaker: str
    mode: str  # quote | reported | narration
    n_words: int


_WORD_TOKEN = re.compile(r"\w+(?:[-’']\w+)*")


def speech_spans(segments: Sequence[Segment], *, languages: Sequence[str] | None = None) -> list[SpeechSpan]:
    """Who speaks each word of the content segments: consecutive words with the same
    speaker and mode form one span (the same speaker rules as for mentions)."""
    languages = languages if languages is not None else ["und"] * len(segments)
    spans: list[SpeechSpan] = []
    for ctx in _sentences(segments, languages):
        current: list = []  # [speaker, mode, start, end, n_words]
        for word in _WORD_TOKEN.finditer(ctx.segment.text, ctx.start, ctx.end):
            speaker, _, in_quote = ctx.speaker_at(word.start())
            mode = "quote" if in_quote else ("narration" if speaker == NARRATOR else "reported")
            if current and current[0] == speaker and current[1] == mode:
                current[3], current[4] = word.end(), current[4] + 1
            else:
                if current:
                    spans.append(_speech_span(ctx.segment, current))
                current = [speaker, mode, word.start(), word.end(), 1]
        if current:
            spans.append(_speech_span(ctx.segment, current))
    return spans


def _speech_span(segment: Segment, run: list) -> SpeechSpan:
    speaker, mode, start, end, n_words = run
    return SpeechSpan(segment.index, segment.start + start, segment.start + end, speaker, mode, n_words)


def _headline_attribution(sentence: str) -> _Attribution | None:
    """Headline convention 'Lukashenka: Russia and I have gone very far': the name before
    the colon is the speaker of the rest."""
    match = re.match(r"^([^:]{2,40}):\s+\S", sentence)
    if not match:
        return None
    people = [p for p in _named_people(match.group(1)) if p[1] == len(match.group(1).rstrip())]
    if not people:
        return None
    return _Attribution(people[-1][2], f"headline '{match.group(1)}: ...'", ((0, match.end(1) + 1),))


def _quote_speakers(text: str, quotes: list[tuple[int, int]], scope: _Scope) -> list[tuple[str, str]]:
    """(speaker, evidence) for each quote of a paragraph, in order."""
    result: list[tuple[str, str]] = []
    if not quotes:
        return result
    sentences = _SentenceBounds(text)
    for q_start, q_end in quotes:
        clause = _attribution_near_quote(text, q_start, q_end, sentences) or _closing_attribution(text, quotes)
        if clause is not None:
            speaker = _resolve(clause.speaker, scope) or UNATTRIBUTED
            evidence = f"direct quote; {clause.evidence}"
        elif result:
            speaker, evidence = result[-1][0], "direct quote continuing the previous quote in this paragraph"
        elif scope.last_quote_speaker and q_start == 0:
            speaker, evidence = scope.last_quote_speaker, "direct quote continuing the previous paragraph's quote"
        else:
            speaker, evidence = UNATTRIBUTED, "direct quote without attribution"
        if speaker != UNATTRIBUTED:
            scope.last_named = speaker
        result.append((speaker, evidence))
    scope.last_quote_speaker = result[-1][0] if result[-1][0] != UNATTRIBUTED else None
    return result


class _SentenceBounds:
    """The sentences of a paragraph, found by offset with a binary search (they are in
    order and do not overlap, so starts and ends both ascend)."""

    def __init__(self, text: str) -> None:
        spans = _sentence_spans(text)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def around(self, offset: int) -> tuple[int, int] | None:
        """The sentence with start <= offset < end, if any."""
        i = bisect_right(self.starts, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and offset < self.ends[i] else None

    def last_ending_by(self, offset: int) -> tuple[int, int] | None:
        """The last sentence with end <= offset, if any."""
        i = bisect_right(self.ends, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 else None


def _closing_attribution(text: str, quotes: list[tuple[int, int]]) -> _Attribution | None:
    """'“...long quote over several sentences...,” he said.' attributes the whole paragraph."""
    tail = text[quotes[-1][1] :]
    return _attribution(tail) if len(tail) < 80 else None


def _attribution_near_quote(text: str, q_start: int, q_end: int, sentences: _SentenceBounds) -> _Attribution | None:
    """A reporting clause right after the quote (to the end of its sentence) or right
    before it (from the start of its sentence)."""
    after = sentences.around(q_end)
    if after is not None and (found := _attribution(text[q_end : after[1]])) is not None:
        return found
    opening = sentences.around(q_start)
    before = text[opening[0] if opening is not None else 0 : q_start]
    if before.strip() and (found := _attribution(before)) is not None:
        return found
    if not before.strip():
        # A quote that opens its sentence right after 'X described the situation.'
        previous = sentences.last_ending_by(q_start)
        if previous is not None and (found := _attribution(text[previous[0] : previous[1]])) is not None:
            return found
    return None


def _speaker_for(at, s_start, quotes, quote_speakers, sentence, scope) -> tuple[str, str, bool]:
    # `sentence`: anything with the sentence's `attribution` (read only outside quotes).
    for (q_start, q_end), (speaker, evidence) in zip(quotes, quote_speakers, strict=True):
        if q_start <= at < q_end:
            return speaker, evidence, True
    if (attribution := sentence.attribution) is not None:
        offset = at - s_start
        if not any(a <= offset < b for a, b in attribution.narrator_spans):
            speaker = _resolve(attribution.speaker, scope)
            if speaker is not None:
                return speaker, attribution.evidence, False
    return NARRATOR, "outlet's own words (no quote or reporting clause)", False


def mention_rows(mentions: Iterable[Mention]) -> list[dict]:
    return [asdict(m) for m in mentions]

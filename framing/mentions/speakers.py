"""Speakers: who a sentence reports ('..., Lukashenko said', 'sagte Rasmussen', 'according to
X') and who a pronoun or descriptor ('he', 'the Belarusian leader') refers to.

A reporting verb's subject is the nearest named person, state or pronoun before it (or
right after it: 'said Rasmussen'); the rest of the sentence is reported speech, except the
attribution itself and a circumstantial tail ('at a meeting with ...'). A pronoun refers to
the last named speaker in the same story (the article, or one embedded excerpt).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from framing.matching import PatternSet
from framing.mentions.sentences import sentence_spans
from framing.mentions.targets import targets_in
from framing.resources import read_table

NARRATOR = "narrator"
UNATTRIBUTED = "unattributed quote"
_STATE_SPEAKERS = ("Russia", "NATO")  # targets that speak ('Russia argued'); never a pronoun's antecedent
#: Konjunktiv forms that mark German indirect speech ('Die Nato hätte Anzeichen ... entdeckt').
_KONJUNKTIV_FORMS = ("sei", "seien", "habe", "hätte", "hätten", "werde", "könne", "müsse", "wolle")


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
#: Reporting phrases whose speaker comes after them ('according to Rasmussen').
_AFTER_ONLY = re.compile(r"according to|по словам", re.IGNORECASE)
_PRONOUNS_OR_DESCRIPTORS = (
    "he", "she", "they", "him", "her", "er", "sie", "ihm", "он", "она",
    "the (?:Belarusian |Russian )?(?:leader|president|head of state|minister|spokesman|general)",
    "der (?:Präsident|Minister|General)",
)  # fmt: skip


@cache
def _verbs_or_pronouns() -> PatternSet:
    """Reporting verbs, then pronouns and descriptors, each a whole word, ignoring case."""
    phrases = (*_REPORTING_VERBS, *_PRONOUNS_OR_DESCRIPTORS)
    return PatternSet([rf"\b(?:{phrase})\b" for phrase in phrases], re.IGNORECASE)


def _verbs_and_pronouns(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(start, end) of the reporting verbs and of the pronouns and descriptors in `sentence`,
    as one alternation of both lists finds them (a verb wins where both match)."""
    verbs: list[tuple[int, int]] = []
    pronouns: list[tuple[int, int]] = []
    for hit in _verbs_or_pronouns().first(sentence):
        (verbs if hit.pattern < len(_REPORTING_VERBS) else pronouns).append((hit.start, hit.end))
    return verbs, pronouns


@cache
def _konjunktiv() -> PatternSet:
    return PatternSet([rf"\b{form}\b" for form in _KONJUNKTIV_FORMS])


#: 'Firstname Lastname': '\b[A-Z]...', spelled with the capital first so that `re` can skip
#: to the next capital.
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
    return [(m.start, m.end, m.target) for m in targets_in(text, "") if m.form in ("name", "metonym")]


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


class Attribution(NamedTuple):
    """Who a sentence reports, the evidence, and the parts of it in the narrator's voice."""

    speaker: str | None
    evidence: str
    narrator_spans: tuple[tuple[int, int], ...]  # parts of the sentence in the narrator's voice


_NARRATION_TAIL = re.compile(
    r"\s*(?:$|[.;]|(?:at|on|in|during|after|before|while|when|to|from|with|im|am|bei|beim|zum|zur|nach|"
    r"auf|на|во?|после)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)  # as large as the target cache (see `_named_people`)
def attribution_of(sentence: str) -> Attribution | None:
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
        return Attribution(subject.speaker, f"reporting clause {subject.evidence}", tuple(spans))
    return None


class Scope:
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


def own_attribution(sentence: str, headline: bool) -> Attribution | None:
    """The sentence's reporting clause, or in a headline its 'Name: ...'."""
    found = attribution_of(sentence)
    return headline_attribution(sentence) if found is None and headline else found


def _person_named(sentence: str, headline: bool) -> str | None:
    """The person a sentence names as its speaker, whom a later pronoun refers to; None
    for none, a state or a pronoun."""
    attribution = own_attribution(sentence, headline)
    return attribution.speaker if attribution is not None and attribution.speaker not in _NOT_PEOPLE else None


def resolve(speaker: str | None, scope: Scope) -> str | None:
    """`speaker`, or for a pronoun (None) the last person named in the story, else its first."""
    if speaker is not None:
        return speaker
    return scope.last_named or scope.first_named


def _first_named_speaker(text: str) -> str | None:
    for s_start, s_end in sentence_spans(text):
        found = attribution_of(text[s_start:s_end])
        if found is not None and found.speaker not in _NOT_PEOPLE:
            return found.speaker
    return None


_NOT_PEOPLE = (None, *_STATE_SPEAKERS)  # speakers that do not become a pronoun's antecedent


@lru_cache(maxsize=16384)
def konjunktiv_marker(sentence: str) -> str | None:
    """The first Konjunktiv form in `sentence` (memoised like `attribution_of`: asked for
    every sentence without a reporting clause)."""
    hits = _konjunktiv().first(sentence)
    return sentence[hits[0].start : hits[0].end] if hits else None


def headline_attribution(sentence: str) -> Attribution | None:
    """Headline convention 'Lukashenka: Russia and I have gone very far': the name before
    the colon is the speaker of the rest."""
    match = re.match(r"^([^:]{2,40}):\s+\S", sentence)
    if not match:
        return None
    people = [p for p in _named_people(match.group(1)) if p[1] == len(match.group(1).rstrip())]
    if not people:
        return None
    return Attribution(people[-1][2], f"headline '{match.group(1)}: ...'", ((0, match.end(1) + 1),))

"""Speakers: who a sentence reports ('..., Lukashenko said', 'sagte Rasmussen', 'according to
X') and who a pronoun or descriptor ('he', 'the Belarusian leader') refers to.

A reporting verb's subject is the nearest named person, state or pronoun before it (or
right after it: 'said Rasmussen'); the rest of the sentence is reported speech, except the
attribution itself and a circumstantial tail ('at a meeting with ...'). A pronoun refers to
the last named speaker in the same story (the article, or one embedded excerpt).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache, lru_cache
from operator import attrgetter
from typing import NamedTuple

from framing.matching import PatternSet
from framing.mentions.lexicon import MEDIUM, MINISTRY, speaker_lexicon
from framing.mentions.names import (
    Person,
    canonical,
    known_or_titled,
    media_in,
    ministries_in,
    organisations_in,
    people_in,
    pronouns_in,
)
from framing.mentions.patterns import (
    case_sensitive,
    case_sensitive_scan,
    ignorecase_scan,
    ignoring_case,
    reporting_phrases,
)
from framing.mentions.sentences import sentence_spans
from framing.mentions.targets import targets_in
from framing.offices import offices

NARRATOR = "narrator"
#: Evidence of a transcript's speaker label ('NATO Secretary General Jens Stoltenberg: ...'):
#: the label itself is the publisher's, even inside a transcript.
SPEAKER_LABEL = "speaker label"
UNATTRIBUTED = "unattributed quote"
#: Reported claims with no identifiable source ('hieß es', 'experts warn'): the realworld
#: annotation guide's `unattributed`.
UNNAMED_SOURCE = "unattributed"


#: Reporting verbs, then the phrases whose speaker follows them, from the data files.
_REPORTING_VERBS = reporting_phrases()
#: Pronouns and descriptors ('he', 'the minister', 'министра'): the last person named.
_PRONOUNS_OR_DESCRIPTORS = speaker_lexicon().pronouns


@cache
def _after_only() -> re.Pattern[str]:
    """Reporting phrases whose speaker comes after them ('according to Rasmussen'), the
    impersonal ones among them ('hieß es in Brüssel')."""
    lexicon = speaker_lexicon()
    return re.compile("|".join(f"(?:{p})" for p in lexicon.after + lexicon.impersonal), re.IGNORECASE)


@cache
def _impersonal() -> re.Pattern[str]:
    """Reporting phrases with no subject ('hieß es', 'сообщается')."""
    return re.compile("|".join(f"(?:{p})" for p in speaker_lexicon().impersonal) or "(?!)", re.IGNORECASE)


def _phrase_at(phrases: re.Pattern[str], sentence: str, span: tuple[int, int]) -> bool:
    """One of `phrases` is the reporting phrase at `span`, read in its sentence (a phrase
    may look ahead: 'die Aussage von X, dass ...')."""
    found = phrases.match(sentence, span[0])
    return found is not None and found.end() == span[1]


@cache
def _own_pronoun() -> re.Pattern[str]:
    """Reporting phrases that hold their own pronoun ('in his view', 'по его словам')."""
    return re.compile("|".join(f"(?:{p})" for p in speaker_lexicon().own), re.IGNORECASE)


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


def _verbs_then_pronouns(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """`_verbs_and_pronouns`, but the pronouns only where the sentence has a verb (and those
    a verb overlaps dropped)."""
    # The phrases that open with a lookbehind (', so Rutte') are an alternation of their own.
    groups = ignoring_case()[1]
    scan = ignorecase_scan(sentence)
    verbs = [(hit.start, hit.end) for hit in scan.first(groups.verbs)]
    if groups.lookbehind_verbs:
        verbs = sorted(verbs + [(hit.start, hit.end) for hit in scan.first(groups.lookbehind_verbs)])
    if not verbs:
        return verbs, []
    pronouns = [
        (start, end)
        for start, end in pronouns_in(sentence)
        if not any(v_start < end and start < v_end for v_start, v_end in verbs)
    ]
    return verbs, pronouns


class _Subject(NamedTuple):  # a named tuple: made for every reporting verb, and cheaper than a dataclass
    start: int
    end: int
    speaker: str | None  # None: a pronoun/descriptor to resolve
    evidence: str
    person: bool  # a person (or a pronoun for one), not an organisation or state


class _Candidate(NamedTuple):
    start: int
    end: int
    speaker: str | None  # None: a pronoun or descriptor to resolve
    rank: int  # 0 a name or title, 1 one capitalised word, 2 a pronoun or descriptor, 3 an organisation or state
    person: Person | None  # the name found, for its canonical form


_NAME, _SINGLE, _PRONOUN, _ORGANISATION = range(4)


def _organisations(text: str) -> list[tuple[int, int, str]]:
    """Organisations that speak ('the Kremlin said'; 'газета Financial Times')."""
    return organisations_in(text)


_SPEAKING_FORMS = ("name", "metonym")  # target forms that can speak ('Russia argued', 'Moscow said')


def _states(text: str) -> list[tuple[int, int, str]]:
    """Targets named as actors ('Russia argued', 'Moscow characterized'): states can speak."""
    return [(m.start, m.end, m.target) for m in targets_in(text, "") if m.form in _SPEAKING_FORMS]


def _titles_a_name(sentence: str, end: int, people: Sequence[Person], verbs: Sequence[tuple[int, int]]) -> bool:
    """A name follows the descriptor ending at `end` in the same phrase: no punctuation and
    no reporting verb between them."""
    first = bisect_left(people, end, key=attrgetter("start"))  # people are in order of start
    for person in people[first:]:
        if person.start > end + 40:
            return False
        if (
            not _PUNCTUATION.search(sentence, end, person.start)
            and not _ORIGIN.search(sentence, end, person.start)
            and not any(end <= v_start < person.start for v_start, _ in verbs)
        ):
            return True
    return False


def _subject_candidates(
    sentence: str, verbs: list[tuple[int, int]], pronouns: list[tuple[int, int]], on: date | None
) -> list[_Candidate]:
    """The phrases of `sentence` that can be a reporting verb's subject: people, pronouns
    and descriptors, organisations and states."""
    people = people_in(sentence, on)
    organisations = _organisations(sentence)
    # One capitalised word inside an organisation's name is that name, not a person's
    # ('Das Bundesverteidigungsministerium erklärte').
    people = [
        p for p in people if p.kind != "single" or not any(s <= p.start and p.end <= e for s, e, _ in organisations)
    ]
    # The office a spokesman speaks for is not the speaker ('ein Sprecher des russischen
    # Präsidenten, Dmitri Peskow'; 'пресс-секретарь президента России Дмитрий Песков').
    people = [
        p for p in people if p.kind != "title" or not _SPOKESMAN_OF.search(sentence, max(0, p.start - 40), p.start)
    ]
    # One capitalised word that a descriptor spans is that descriptor's noun ('der
    # Präsidentensprecher'), not a name.
    people = [p for p in people if p.kind != "single" or not any(s <= p.start and p.end <= e for s, e in pronouns)]
    candidates = [_Candidate(p.start, p.end, p.name, _SINGLE if p.kind == "single" else _NAME, p) for p in people]
    # A descriptor that a name follows or that holds one is that name's title ('министр
    # обороны России Андрей Белоусов').
    personal = speaker_lexicon().personal
    candidates += [
        _Candidate(start, end, None, _PRONOUN, None)
        for start, end in pronouns
        if sentence[start:end].casefold() in personal or not _titles_a_name(sentence, end, people, verbs)
    ]
    candidates += [_Candidate(start, end, name, _ORGANISATION, None) for start, end, name in organisations]
    candidates += [
        _Candidate(start, end, state, _ORGANISATION, None)
        for start, end, state in _states(sentence)
        if not any(s < end and start < e for s, e, _ in organisations)
        and not any(p.start <= start and end <= p.end for p in people)
    ]
    return candidates


_PUNCTUATION = re.compile(r"[,;:.()—–\"“”«»]")
#: A spokesman's phrase right before the office they speak for.
_SPOKESMAN_OF = re.compile(
    r"(?:\b[Ss]precher(?:in)? (?:des|der)|\bspokes(?:man|woman|person) (?:for|of)(?: the)?|пресс-секретар\w+|"
    r"\bофициальный представитель)\s+$"
)
#: Where a descriptor's origin follows it ('Der Parlamentarier aus Sewastopol'): the place is no name.
_ORIGIN = re.compile(r"\b(?:aus|from|из)\b")
#: Words after which a reporting verb's subject follows it ('as Rutte said', 'как отметил X').
_INVERTING_WORDS = ("as", "wie", "как", "so")
_INVERTING_WORD = re.compile(r"(?:^|\b)(?:" + "|".join(_INVERTING_WORDS) + r")\s*$", re.IGNORECASE)
#: How far from its end a rstripped text can hold such a word (a match ends at the end).
_INVERTING_REACH = max(map(len, _INVERTING_WORDS))
#: Where a clause after the verb ends: its subject is before this.
_CLAUSE_BREAK = re.compile(r"\b(?:that|dass|что|чтобы|which|who|weil|because|adding|добавив|while)\b|[;:]")


def _inverted(sentence: str, verb_start: int) -> bool:
    """The subject follows the verb: the verb opens the sentence or follows punctuation
    (', said Rasmussen', '— заявил Грушко', ', sagte Rutte') or 'as'/'wie'/'как'."""
    before = sentence[:verb_start].rstrip()
    # The search starts near the end (`\b` and `^` still see the whole text): a match ends there.
    return (
        not before
        or before[-1] in ',;:—–-"”»“('
        or bool(_INVERTING_WORD.search(before, max(0, len(before) - _INVERTING_REACH)))
    )


def _single_allowed(sentence: str, candidate: _Candidate, verb: tuple[int, int], before: bool) -> bool:
    """One capitalised word counts as a name only next to the verb: before it at the start of
    its clause ('Korchunov noted', 'Рютте ранее утверждал', 'Medvedev, Russia's former
    president, told'), or right after it ('said Korchunov', 'заявил господин Поульсен')."""
    if before:
        opening = sentence[: candidate.start].rstrip(' "“«„')
        words = opening.split()
        at_clause_start = (
            not opening
            or opening[-1] in ",;:—–-("
            or (len(words) <= 2 and all(w.strip(",") in speaker_lexicon().not_names for w in words))
        )
        gap = sentence[candidate.end : verb[0]]
        return at_clause_start and (bool(re.fullmatch(r"[\s,]*(?:\w+\s+)?", gap)) or gap.startswith(","))
    gap = sentence[verb[1] : candidate.start]
    return bool(re.fullmatch(r"\s*(?:(?:господин|госпожа|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?", gap))


def _before(sentence: str, verb: tuple[int, int], candidates: Sequence[_Candidate]) -> _Candidate | None:
    """The nearest person, pronoun or descriptor before the verb (within 200 characters:
    an apposition may stand between), else the nearest organisation or state (within 120)."""
    # A semicolon ends a clause: no subject stands before it ('...; the West accused Moscow').
    clause = sentence.rfind(";", 0, verb[0]) + 1
    window = [
        c
        for c in candidates
        if max(verb[0] - 200, clause) <= c.start
        and c.end <= verb[0] + 1
        and (c.rank != _SINGLE or _single_allowed(sentence, c, verb, True))
    ]
    people = [c for c in window if c.rank != _ORGANISATION]
    # A state or organisation speaks from the verb's own clause: one before a comma or quote
    # mark is in the content the verb closes ('Moscow will never strike NATO first, the head
    # of the department said')
    own_clause = _clause_start(sentence, verb[0])
    pool = people or [c for c in window if max(verb[0] - 120, own_clause) <= c.start]
    return max(pool, key=lambda c: (c.end, -c.rank), default=None)


#: What introduces the source of impersonal reported speech ('hieß es aus dem Kreml', 'hieß
#: es in Moskau', 'сообщается в заявлении МИД').
_SOURCE_PREPOSITION = re.compile(
    r"\b(?:aus|in|im|von|vom|bei|beim|seitens|from|at|by|из|в|во|от|у|со стороны)\b", re.IGNORECASE
)


def _source_introduced(sentence: str, after: int, start: int, end: int) -> bool:
    """A source preposition stands between `after` and the phrase sentence[start:end], or
    opens the phrase ('hieß es in Brüssel' is one phrase)."""
    found = _SOURCE_PREPOSITION.search(sentence, after, end)
    return found is not None and found.start() <= start


#: How far after an inverted reporting verb its subject's name may stand (characters).
_INVERTED_NAME_REACH = 240
#: A German article before an organisation that follows its verb ('erklärte die Nato').
_ARTICLE_GAP = re.compile(r"\s*(?:die|der|das|the)?\s*", re.IGNORECASE)


def _after(sentence: str, verb: tuple[int, int], candidates: Sequence[_Candidate], order: str) -> _Candidate | None:
    """The speaker after the verb: the first name, title, pronoun, descriptor or
    organisation in its clause. `order`: 'after' for a phrase whose speaker follows it
    ('according to X', up to the next comma), 'inverted' (', said X', '— заявил X', 120
    characters), 'plain' (German verb-second 'Am Dienstag sagte Rutte': a person within 25
    characters; an organisation only right after the verb)."""
    verb_end = verb[1]
    # After an inverted verb a circumstantial phrase may stand before the name ('заявила по
    # итогам встречи министров ... замгенсека НАТО Ирина Волкова'): a name is looked for
    # further than anything else.
    limit = 60 if order == "plain" else 120
    name_limit = _INVERTED_NAME_REACH if order == "inverted" else limit
    cut = _CLAUSE_BREAK.search(sentence, verb_end)
    clause_end = cut.start() if cut else len(sentence)
    end = min(verb_end + name_limit, clause_end)
    if order == "after":
        comma = sentence.find(",", verb_end)
        end = min(end, comma) if comma != -1 else end
    window = [
        c
        for c in candidates
        if verb_end <= c.start < end
        and (c.start < verb_end + limit or c.rank == _NAME)
        and (c.rank != _SINGLE or _single_allowed(sentence, c, verb, False))
        and (c.rank != _ORGANISATION or order != "plain" or _ARTICLE_GAP.fullmatch(sentence, verb_end, c.start))
    ]
    # A name in the same phrase beats the title, descriptor or state before it ('заявил
    # министр обороны России Андрей Белоусов', 'по словам генсека НАТО Йенса Столтенберга');
    # a name anywhere in the clause beats an organisation ('заявил РИА Новости член комитета
    # Госдумы ..., депутат Дмитрий Белик').
    first = min(window, key=lambda c: c.start, default=None)
    if (
        first is not None
        and first.rank == _PRONOUN
        and first.start - verb_end <= 1
        and sentence[first.start : first.end].casefold() in speaker_lexicon().personal
    ):
        return first  # ', sagte er bei einem Besuch in der Teilrepublik X': the pronoun right after the verb speaks
    named = [c for c in window if c.rank in (_NAME, _SINGLE)]
    if named and (
        not _PUNCTUATION.search(sentence, verb_end, named[0].start)
        or all(c.rank == _ORGANISATION for c in window if c.start < named[0].start)
    ):
        return named[0]
    return min(window, key=lambda c: c.start, default=None)


def _subject_of(
    verb: tuple[int, int], sentence: str, candidates: Sequence[_Candidate], headline: bool
) -> _Subject | None:
    """The speaker phrase of a reporting verb (its span): before the verb in plain order
    ('Lukashenko said'), after it where the order is inverted (', said Rasmussen', '— заявил
    Грушко', 'according to X', 'по словам X'). In a headline, a short phrase before the verb
    without a name ('Belarusian defense chief says') is a descriptor."""
    verb_start, verb_end = verb
    said = sentence[verb_start:verb_end]
    if speaker_lexicon().own and _own_pronoun().fullmatch(said):
        return _Subject(verb_start, verb_end, None, f"'{said}'", True)
    if _phrase_at(_after_only(), sentence, verb):
        found, before = _after(sentence, verb, candidates, "after"), False
        impersonal = _phrase_at(_impersonal(), sentence, verb)
        if impersonal and found is not None and not _source_introduced(sentence, verb_end, found.start, found.end):
            found = None  # 'hieß es nach der Sitzung des Rates': a time or occasion, not the source
        if found is None and impersonal:
            return _Subject(verb_start, verb_end, UNNAMED_SOURCE, f"'{said}' (no source named)", False)
    elif _inverted(sentence, verb_start):
        # A person after the verb, else a person before it (the comma closed an apposition:
        # 'Ранее Рютте, выступая на форуме, назвал Россию ...'), else whatever is after.
        after = _after(sentence, verb, candidates, "inverted")
        earlier = _before(sentence, verb, candidates)
        before = (
            (after is None or after.rank == _ORGANISATION) and earlier is not None and earlier.rank != _ORGANISATION
        )
        found = earlier if before else (after or earlier)
        before = before or (after is None and earlier is not None)
    else:
        found = _before(sentence, verb, candidates)
        if found is not None and (
            auxiliary := _PERFECT_AUXILIARY.search(sentence, _clause_start(sentence, found.start), verb_start)
        ):
            # 'Die Nato hat Russland vor ... gewarnt': the subject stands at the auxiliary,
            # the object between it and the participle.
            found = _subject_at_auxiliary(sentence, auxiliary, verb_start, candidates)
        before = found is not None
        if found is None and headline and len(sentence[:verb_start].split()) <= 5:
            phrase = sentence[:verb_start].strip()
            return _Subject(0, len(phrase), None, f"'{phrase}' + '{said}'", True)
        # German verb-second: 'Moskau forderte er auf' (the pronoun right after the verb speaks).
        # ('Zur Begründung verwies er darauf': one capitalised word before the verb is a noun
        # there, and the pronoun after it speaks.)
        right_after = (
            _after(sentence, verb, candidates, "plain")
            if found is None or found.rank in (_ORGANISATION, _SINGLE)
            else None
        )
        if right_after is not None and (
            found is None
            or (
                right_after.rank != _ORGANISATION
                and right_after.start - verb_end <= 1
                # 'Orlov told Interfax that': one word after the verb is its object, not
                # a subject that would beat the one word before it
                and (found.rank == _ORGANISATION or right_after.rank != _SINGLE)
            )
        ):
            found, before = right_after, False
    if found is None:
        return None
    if before and found.person is not None and found.person.kind == "title":
        # 'Йенс Столтенберг — генсек НАТО — заявил': the title names the name before it.
        found = _name_before_apposition(sentence, found, candidates, _APPOSITION_GAP)
    elif before and found.person is not None and _APPOSITION_GAP.fullmatch(sentence, found.end, verb_start):
        # 'Anna Berg, the adviser to Chancellor Friedrich Merz, stated': the name
        # inside the apposition is not the subject; the name it describes is.
        found = _name_before_apposition(sentence, found, candidates, _APPOSITION_OPEN)
    speaker = found.speaker
    if found.person is not None:
        speaker = canonical(found.person, genitive=said.casefold().startswith("по "))
    phrase = sentence[found.start : found.end]
    evidence = f"'{phrase}' + '{said}'" if before else f"'{said}' + '{phrase}'"
    return _Subject(found.start, found.end, speaker, evidence, found.rank != _ORGANISATION)


#: What stands between a name and its title in apposition: 'Йенс Столтенберг — генсек НАТО —'.
_APPOSITION_GAP = re.compile(r"\s*[—–,]\s*")


#: How an apposition opens after the name it describes, up to a phrase inside it.
_APPOSITION_OPEN = re.compile(r"\s*[,—–]\s*[^,;:.—–()\"“”«»„]+")


def _name_before_apposition(
    sentence: str, inner: _Candidate, candidates: Sequence[_Candidate], gap: re.Pattern[str]
) -> _Candidate:
    """The name (not a title) that `inner` stands in apposition to, `gap` spanning the text
    between them: a title right after the name ('Йенс Столтенберг — генсек НАТО —', with
    `_APPOSITION_GAP`) or a name inside a descriptive apposition ('Anna Berg, the adviser to
    Chancellor Friedrich Merz,', with `_APPOSITION_OPEN`); else `inner`."""
    for c in candidates:
        if (
            c.rank == _NAME
            and c.person is not None
            and c.person.kind != "title"
            and c.end < inner.start
            and gap.fullmatch(sentence, c.end, inner.start)
        ):
            return c
    return inner


#: Up to five words between an auxiliary and the subject after it ('hatten sich zahlreiche',
#: 'hatte der russische Präsident Wladimir Putin'),
#: none a preposition (the phrase after one is no subject: 'hat bei einem Treffen mit Russland').
_SUBJECT_AFTER_AUXILIARY = re.compile(
    r"\s*(?:(?!(?:mit|bei|von|vom|zu|zum|zur|aus|in|im|an|am|auf|für|gegen|über|unter|vor|nach|seit)\b)\w+\s+){0,5}",
    re.IGNORECASE,
)
#: A German perfect's auxiliary between the subject and the participle at the clause's end.
_PERFECT_AUXILIARY = re.compile(r"\b(?:hat|haben|hatte|hatten|habe|hätte|hätten)\b")


def _subject_at_auxiliary(
    sentence: str, auxiliary: re.Match[str], verb_start: int, candidates: Sequence[_Candidate]
) -> _Candidate | None:
    """The subject of a German perfect ('Die Nato hat Russland ... gewarnt', 'Am Montag hat
    die Nato Russland gewarnt'): the phrase right before the auxiliary in its clause, else
    the first one after it."""
    clause_start = _clause_start(sentence, auxiliary.start())
    at = (auxiliary.start(), auxiliary.end())
    candidates = [c for c in candidates if c.rank != _SINGLE or _single_allowed(sentence, c, at, True)]
    before = [c for c in candidates if clause_start <= c.start and c.end <= auxiliary.start()]
    if before:
        return max(before, key=lambda c: (c.end, -c.rank))
    after = [
        c
        for c in candidates
        if auxiliary.end() <= c.start
        and c.end <= verb_start
        and _SUBJECT_AFTER_AUXILIARY.fullmatch(sentence, auxiliary.end(), c.start)
    ]
    return min(after, key=lambda c: (c.start, c.rank), default=None)


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
    person: bool = True  # a person (or a pronoun for one), not an organisation or state


_NARRATION_TAIL = re.compile(
    r"\s*(?:$|[.;]|(?:at|on|in|during|after|before|while|when|to|from|with|im|am|bei|beim|zum|zur|nach|"
    r"auf|на|во?|после)\b)",
    re.IGNORECASE,
)


def attribution_of(sentence: str, on: date | None = None, headline: bool = False) -> Attribution | None:
    """`_attribution_of` with every argument given by position: the memo keys calls by how
    their arguments were passed, and `f(s, None)` and `f(s, None, False)` would be two."""
    return _attribution_of(sentence, on, headline)


@lru_cache(maxsize=16384)  # as large as the target cache (see `names.people_in`)
def _attribution_of(sentence: str, on: date | None, headline: bool) -> Attribution | None:
    """Who the sentence reports, if it has a reporting verb with a subject, and which part
    of the sentence stays in the narrator's voice: the attribution itself ('Belarusian
    President Alexander Lukashenko said'), extended over a circumstantial tail ('at a
    meeting with Russian Defense Minister Sergey Shoigu on Thursday') up to the next comma.
    `on`: the article's date, for office titles; in a `headline`, a short phrase before the
    verb with no name ('Belarusian defense chief says') is a descriptor."""
    verbs, pronouns = _verbs_then_pronouns(sentence)
    candidates = None
    for i, (verb_start, verb_end) in enumerate(verbs):
        if candidates is None:  # the same for every verb of the sentence
            candidates = _subject_candidates(sentence, verbs, pronouns, on)
        subject = _subject_of((verb_start, verb_end), sentence, candidates, headline)
        if subject is None:
            continue
        if (
            closing := _closing_report(sentence, verbs[i + 1 :], candidates, headline, over_person=subject.person)
        ) is not None:
            # '... größer als von Moskau angekündigt, sagte Stoltenberg': the verb
            # that closes the reported content is the sentence's attribution.
            (verb_start, verb_end), subject = closing
        phrase_start = _subject_phrase_start(sentence, subject.start)
        if subject.start < verb_start and sentence[verb_start:verb_end].casefold() == "as saying":
            # 'the BelTA news agency quoted Lukashenko as saying': the medium that quotes is
            # part of the attribution
            phrase_start = min(phrase_start, _clause_start(sentence, subject.start))
        if (
            subject.start < verb_start
            and (opening := _title_before_apposition(sentence, phrase_start, subject.end, verb_start)) is not None
        ):
            # 'Russia's deputy defence minister, Ivan Petrov, warned': the title the
            # name stands in apposition to is part of the attribution
            phrase_start = min(phrase_start, opening)
        if subject.start < verb_start:
            if _content_follows(sentence, verb_end):
                # 'Об этом председатель ... Роб Бауэр сказал, что ...': the clause up to the
                # verb is the attribution (Russian titles are not capitalised).
                phrase_start = min(phrase_start, _clause_start(sentence, subject.start))
            between = sentence[subject.end : verb_start]
            if between.lstrip()[:1] in (",", "—", "–") and between.rstrip()[-1:] in (",", "—", "–"):
                # 'Medvedev, Russia's former president, told', 'Йенс Столтенберг — генсек НАТО —
                # заявил': the apposition is the narrator's.
                spans = [(phrase_start, verb_end)]
            elif _PERFECT_AUXILIARY.search(sentence, _clause_start(sentence, subject.start), verb_start):
                # 'Rasmussen hat Moskau vorgeworfen': the object between subject and verb is reported.
                spans = [(phrase_start, subject.end), (verb_start, verb_end)]
            else:
                # 'Пресс-секретарь главы государства сказал': what stands between
                # the subject and its verb belongs to the subject phrase.
                spans = [(phrase_start, verb_end)]
            if _TELLING.fullmatch(sentence, verb_start, verb_end) and (
                addressee := _ADDRESSEE.match(sentence, verb_end)
            ):
                # 'Orlov told reporters in Russia's capital that ...': whom the speaker told is
                # the narrator's, what follows the conjunction the speaker's
                spans = [*spans[:-1], (spans[-1][0], addressee.end(1))]
        else:
            spans = [(verb_start, subject.end)]
            if (
                _clause_start(sentence, verb_start) == 0
                and not _phrase_at(_after_only(), sentence, (verb_start, verb_end))
                and _CONTENT_AFTER_SUBJECT.match(sentence, subject.end)
            ):
                # 'Bei einem Besuch in Minsk sagte Sorin, dass ...': what opens the
                # sentence before the verb is the narrator's setting, the content follows
                spans = [(0, subject.end)]
        opening = min(phrase_start, subject.start, verb_start)
        if not _inverted(sentence, verb_start) and (semicolon := sentence.rfind(";", 0, opening)) != -1:
            # '... complicated in 2014; the West accused Moscow of meddling': the clause
            # before the semicolon is no part of the report.
            spans = [(0, semicolon + 1), *spans]
        elif (relative := _relative_clause_opening(sentence, opening)) is not None:
            # 'В столице открылся саммит НАТО, который наблюдатели называют историческим': the
            # report is the relative clause's; the sentence before it is the narrator's.
            spans = [(0, relative), *spans]
        elif (
            subject.start < verb_start
            and _PARTICIPLE_OPENING.fullmatch(sentence, 0, frame_end := _clause_start(sentence, subject.start))
            and not sentence[verb_end:].lstrip().startswith(",")
        ):
            # 'Commenting on new NATO deployments, Peskov called the plans reckless': the
            # participle that opens the sentence frames the report, in the narrator's words
            # ('Stationing NATO troops there, he said, was ...' is a subject, and reported).
            spans = [(0, frame_end), *spans]
        end = spans[-1][1]
        if _closes_reported_content(sentence, spans[0][0], verb_start, verb_end) and (
            _NARRATION_TAIL.match(sentence, end) or _PARTICIPLE_TAIL.match(sentence, end)
        ):
            # '“...,” Lukashenko said at a meeting with Igor Krasnov, Russia's Prosecutor
            # General': after an attribution that closes the reported content, the rest of
            # the sentence is the narrator's, up to new content ('adding that ...').
            cut = _CLAUSE_BREAK.search(sentence, end)
            spans[-1] = (spans[-1][0], cut.start() if cut else len(sentence))
        elif _NARRATION_TAIL.match(sentence, end) or (
            subject.start > verb_start
            and _inverted(sentence, verb_start)
            and _closes_reported_content(sentence, verb_start, verb_start, verb_end)
        ):
            # '..., напомнил Лукашенко российскому президенту': after an inverted attribution
            # the rest of its clause is the narrator's too, and so is an apposition that
            # ends the sentence ('..., said Anna Berg, Sweden's envoy to NATO.')
            spans[-1] = (spans[-1][0], _apposition_end(sentence, end) or _tail_end(sentence, end))
        return Attribution(subject.speaker, f"reporting clause {subject.evidence}", tuple(spans), subject.person)
    return None


#: A participle phrase opening the sentence up to its one comma ('Reacting to ..., ',
#: 'Asked about ..., ', 'Комментируя ..., '): a frame around the report, not its content.
_PARTICIPLE_OPENING = re.compile(
    r"(?:[A-Z][a-z]+ing|Asked|Questioned|Комментируя|Отвечая|Выступая|Говоря|Реагируя|Angesprochen)\b[^,;:]*,\s*"
)
#: A relative clause opening after a comma: ', which', ', who', ', der', ', который'.
_RELATIVE_OPENING = re.compile(
    r",\s*(?:which|who|whom|that|der|die|das|den|dem|deren|dessen|котор\w+)\s+[^,;:()—–\"“”«»]*$", re.IGNORECASE
)


def _relative_clause_opening(sentence: str, start: int) -> int | None:
    """Where the relative clause that holds the attribution starting at `start` opens (its
    comma), if the attribution is in one: no punctuation between that comma and `start`."""
    found = _RELATIVE_OPENING.search(sentence, max(0, start - 120), start) if "," in sentence[:start] else None
    return found.start() if found else None


def _closing_report(
    sentence: str,
    later: Sequence[tuple[int, int]],
    candidates: Sequence[_Candidate],
    headline: bool,
    *,
    over_person: bool,
) -> tuple[tuple[int, int], _Subject] | None:
    """A later verb, inverted after the reported content it closes (', beklagte
    Stoltenberg', ', — заявил Грушко'), with a person after it as its subject; or, where
    the first verb's subject is no person (`over_person` false), a person and a verb that
    end the sentence after a comma (', Maslov said.')."""
    for verb in later:
        if _inverted(sentence, verb[0]) and _closes_reported_content(sentence, verb[0], verb[0], verb[1]):
            subject = _subject_of(verb, sentence, candidates, headline)
            if subject is not None and subject.person and subject.start > verb[0]:
                return verb, subject
        elif (
            not over_person
            and _NARRATION_TAIL.match(sentence, verb[1])
            and (subject := _subject_of(verb, sentence, candidates, headline)) is not None
            and subject.person
            and subject.speaker is not None
            and subject.end <= verb[0]
            and _closes_reported_content(sentence, subject.start, verb[0], verb[1])
        ):
            # '..., the alliance has rejected them, Maslov said.': a named person and a
            # verb that close the sentence after a comma report all before them
            return verb, subject
    return None


#: A participle after an attribution that closes the reported content: ', speaking at ...'.
_PARTICIPLE_TAIL = re.compile(
    r",?\s*(?:speaking|answering|addressing|commenting|writing|as quoted|выступая|отвечая|комментируя)\b", re.IGNORECASE
)


#: A title in apposition after a name that ends the sentence: no clause opens in it.
_CLOSING_APPOSITION = re.compile(
    r",\s*(?!(?:adding|and|but|who|which|that|while|und|aber|der|die|das|добавив|и|но|который|которая)\b)"
    r"[^,;:\"“”«»„—–]+?[.!?]?\s*$"
)


def _apposition_end(sentence: str, end: int) -> int | None:
    """The end of the sentence where an apposition runs from `end` to it, else None."""
    return len(sentence) if _CLOSING_APPOSITION.match(sentence, end) else None


def _title_before_apposition(sentence: str, name_start: int, name_end: int, verb_start: int) -> int | None:
    """Where the title starts that a name between commas stands in apposition to, before
    its verb ('Russia's deputy defence minister, Ivan Petrov, warned'), else None."""
    if not _APPOSITION_GAP.fullmatch(sentence, name_end, verb_start):
        return None
    before = sentence[:name_start].rstrip()
    if not before.endswith(","):
        return None
    opening = _clause_start(sentence, len(before) - 1)
    title = sentence[opening : len(before) - 1]
    return opening if title.strip() and _TITLE_WORD_IN.search(title) else None


#: A title word in a descriptor ('deputy foreign minister', 'Generalsekretär', 'генсек').
_TITLE_WORD_IN = re.compile(
    r"(?i:minister|secretary|spokes\w+|envoy|ambassador|president|chief|head|leader|commander|general|"
    r"sprecher\w*|botschafter|präsident\w*|chef\w*|министр\w*|секретар\w*|посол|посл\w+|президент\w*|"
    r"глав\w+|генсек\w*|представител\w+)"
)


def _closes_reported_content(sentence: str, phrase_start: int, verb_start: int, verb_end: int) -> bool:
    """The attribution follows the reported content, closed by a comma, dash or quote mark
    ('NATO is near, Lukashenko said', '«...», — напомнил Лукашенко'): not 'according to'."""
    if _phrase_at(_after_only(), sentence, (verb_start, verb_end)):
        return False
    before = sentence[: min(phrase_start, verb_start)].rstrip()
    return bool(before) and before[-1] in ',—–"”»“' and _content_follows(before, 0)


def _content_follows(sentence: str, verb_end: int) -> bool:
    """More than a few words follow the verb (the reported content comes after it)."""
    return len(sentence[verb_end:].split(maxsplit=3)) > 3  # counting to four words is enough


def _clause_start(sentence: str, before: int) -> int:
    """Where the clause holding offset `before` starts: after the last comma, semicolon,
    dash or quote mark before it, else 0."""
    marks = [sentence.rfind(mark, 0, before) for mark in ',;:—–"“”«»']
    found = max(marks)
    return found + 1 if found != -1 else 0


def _tail_end(sentence: str, start: int) -> int:
    """Where a circumstantial tail after the attribution ends: at the next comma or at the
    reported clause ('said in an interview that ...'), else at the end of the sentence."""
    cut = _CLAUSE_BREAK.search(sentence, start)
    comma = sentence.find(",", start)
    ends = [e for e in (cut.start() if cut else -1, comma) if e != -1]
    return min(ends) if ends else len(sentence)


#: The reported content right after an inverted subject, a short phrase between ('betonte
#: der Minister am Mittwoch, dass', 'заявил Лавров в интервью, что', 'said Lavrov:').
_CONTENT_AFTER_SUBJECT = re.compile(r"[^,.;:!?]{0,60}?(?:,\s*(?:dass|что|that)\b|:)", re.IGNORECASE)
#: Verbs of telling someone something ('told Interfax that'), and the addressee between
#: such a verb and the conjunction that opens the content (at most six words, no comma).
_TELLING = re.compile(r"told|tells|assured|reassured|informed|заверил[аио]?|сообщил[аио]?|сказал[аио]?", re.IGNORECASE)
_ADDRESSEE = re.compile(r"((?:\s+[^\s,;:]+){1,6}?),?\s+(?:that|что)\b", re.IGNORECASE)
#: Words that open reported content ('..., добавив, что ...', 'adding that', ': «...»').
_REPORTED_CONTENT = re.compile(r"\b(?:что|чтобы|that|dass)\b|:|[«„“\"]", re.IGNORECASE)


@cache
def _back_reference() -> re.Pattern[str]:
    """Openings of a sentence that attributes the sentence before it ('Об этом заявил ...')."""
    return re.compile(r"(?:" + "|".join(speaker_lexicon().back) + r")\b", re.IGNORECASE)


def attribution_in_context(
    sentence: str, headline: bool, next_sentence: str | None = None, on: date | None = None
) -> Attribution | None:
    """The sentence's own reporting clause; in a headline its 'Name: ...' or '... — envoy';
    else the speaker of the next sentence of the paragraph where that one points back
    ('NATO is growing. This was stated by ...', '... . Об этом заявил Песков')."""
    found = attribution_of(sentence, on, headline)
    if (
        found is not None
        and (back := _back_reference().match(sentence)) is not None
        and not _REPORTED_CONTENT.search(sentence, back.end())
    ):
        # 'Об этом он заявил, выступая на форуме ...': the sentence names who said the one
        # before it; what it says itself is the narrator's account of the occasion.
        found = found._replace(narrator_spans=((0, len(sentence)),))
    if found is None:
        # A headline's 'Lukashenka: ...' or '... — envoy'; in a transcript the speaker's label.
        found = headline_attribution(sentence, on) if headline else speaker_label(sentence, on)
    if found is None and next_sentence and _back_reference().match(next_sentence):
        following = attribution_of(next_sentence, on)
        if following is not None:
            evidence = f"the next sentence attributes this one: {following.evidence}"
            found = Attribution(following.speaker, evidence, (), following.person)
    return found


def is_person(attribution: Attribution | None) -> bool:
    """The attribution names a person (a pronoun's antecedent), not a state or organisation."""
    return attribution is not None and attribution.speaker is not None and attribution.person


class Scope:
    """Speaker memory of one story (the article, or one embedded excerpt).

    Both names are found only when asked for: most sentences hold no target, and no one
    asks who spoke before them. The sentences walked past since the last named speaker was
    set (from `_unread_from` on in `_walked`) wait unread; asked for it, the scope reads them
    from the latest back until one names a person (the speaker the sentence-by-sentence walk
    would have kept)."""

    __slots__ = ("_first_named", "_last_named", "_unread_from", "_walked", "last_quote_speaker", "on", "paragraphs")

    def __init__(self, on: date | None = None) -> None:
        self.paragraphs: list[str] = []  # the story's content paragraphs, in order
        self.on = on  # the article's date (office titles resolve to who held them then)
        self._first_named: str | object | None = _NOT_YET_READ
        self._last_named: str | None = None
        self._walked: list[tuple[str, bool, str | None]] = []  # (sentence, in a headline, next sentence)
        self._unread_from = 0  # the sentences of `_walked` from here on are not read for `last_named`
        self.last_quote_speaker: str | None = None

    @property
    def first_named(self) -> str | None:
        """The story's first named speaker: a descriptor before any name ('..., the
        president has said' in a standfirst) refers to it."""
        if self._first_named is _NOT_YET_READ:
            found = (_first_named_speaker(paragraph, self.on) for paragraph in self.paragraphs)
            self._first_named = next(filter(None, found), None)
        return self._first_named  # type: ignore[return-value]

    @property
    def last_named(self) -> str | None:
        for sentence, headline, next_sentence in reversed(self._walked[self._unread_from :]):
            if (speaker := _person_named(sentence, headline, next_sentence, self.on)) is not None:
                self._last_named = speaker
                break
        self._unread_from = len(self._walked)
        return self._last_named

    @last_named.setter
    def last_named(self, speaker: str | None) -> None:
        self._last_named = speaker
        self._unread_from = len(self._walked)

    def walk_past(self, sentence: str, headline: bool, next_sentence: str | None = None) -> None:
        """Note a sentence that may name the next speaker (read when asked for)."""
        self._walked.append((sentence, headline, next_sentence))

    @property
    def last_medium(self) -> str | None:
        """The last medium the story named up to here ('the newspaper' speaks for it); read
        only when a medium's common noun speaks, which is rare."""
        return self._last_named_by(media_in)

    @property
    def last_ministry(self) -> str | None:
        """The last ministry the story named up to here ('the ministry' speaks for it)."""
        return self._last_named_by(ministries_in)

    def _last_named_by(self, names_in: Callable[[str], list[str]]) -> str | None:
        """The last name that `names_in` finds in the sentences walked so far."""
        for sentence, _, _ in reversed(self._walked):
            if named := names_in(sentence):
                return named[-1]
        return None

    @property
    def last_voice(self) -> str | None:
        """Whom German reported speech continues: an organisation or state when the latest
        sentence that reports anyone or names a person reports it ('Das Außenministerium in
        Moskau warnte ... . ... habe ..., hieß es'), else the last person named."""
        for sentence, headline, next_sentence in reversed(self._walked):
            found = own_attribution(sentence, headline, next_sentence, self.on)
            if found is not None and found.speaker == UNNAMED_SOURCE:
                continue  # an unattributed claim is no voice to continue
            if found is not None and found.speaker is not None and not found.person:
                return found.speaker
            if found is not None or _person_named(sentence, headline, next_sentence, self.on) is not None:
                break
        return self.last_named


_NOT_YET_READ = object()


def own_attribution(
    sentence: str, headline: bool, next_sentence: str | None = None, on: date | None = None
) -> Attribution | None:
    """`attribution_in_context` (the name the walk uses)."""
    return attribution_in_context(sentence, headline, next_sentence, on)


def person_named(sentence: str, headline: bool, next_sentence: str | None, on: date | None) -> str | None:
    """The person a later pronoun or descriptor refers to: the sentence's speaker if a
    person, else the last person it names ('Nato-Generalsekretär Rasmussen traf ...'); None
    when it names no one."""
    attribution = own_attribution(sentence, headline, next_sentence, on)
    if attribution is not None and _quoted_attribution(sentence, attribution):
        # '"As stated by the defence minister, ..."' inside a quote names whom the quoted
        # speaker cites, not whom a later 'he' means.
        return None
    if is_person(attribution):
        return attribution.speaker  # type: ignore[union-attr]
    # Not in German reported speech: its names are what the speaker talks about, and the
    # sentence continues the speaker before it.
    if attribution is None and konjunktiv_marker(sentence) is None:
        # Known people and office titles only: a capitalised pair outside a reporting
        # clause is as often a place or a German compound noun as a name.
        unquoted = _outside_quotes(sentence)
        people = sorted(known_or_titled(unquoted, on)) or _introduced_names(unquoted, on)
        if people:
            return canonical(people[-1])
    return None


def _quoted_attribution(sentence: str, attribution: Attribution) -> bool:
    """The attribution's clause stands inside a quote of the sentence."""
    if not attribution.narrator_spans or not any(q in sentence for q in '"“«„'):
        return False
    at = attribution.narrator_spans[-1][0]
    return _outside_quotes(sentence)[at] != sentence[at]


def _introduced_names(text: str, on: date | None) -> list[Person]:
    """Names of two words or more that a descriptor introduces ('Der litauische Präsident
    Gitanas Nausėda dankte ...'): a name after its title is a person, not a place."""
    descriptors = pronouns_in(text)
    if not descriptors:  # most sentences: their people need not be found
        return []
    # A descriptor that opens the sentence is capitalised and may open the name's run too
    # ('Дипломат Олег Фомин', 'Der Politiker Tom Rider').
    return [
        p
        for p in people_in(text, on)
        if p.kind == "generic"
        and any(0 < p.start - end <= 1 or p.start == start < end < p.end for start, end in descriptors)
    ]


_person_named = person_named

#: A quoted passage, or a quote still open at the end of the sentence.
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)')


def _outside_quotes(sentence: str) -> str:
    """`sentence` with its quoted passages blanked out: the people a speaker names inside a
    quote ('"Lately we have seen Stoltenberg ..."') are not whom a later 'he' means."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), sentence) if any(q in sentence for q in '"“«„') else sentence


def resolve(speaker: str | None, scope: Scope) -> str | None:
    """`speaker`, or for a pronoun (None) the last person named in the story, else its first.
    An office (a title without the article's date) is the person named in the story who held
    it ('Белорусский лидер' after 'Лукашенко'), else the office."""
    if speaker is None:
        named = scope.last_named or scope.first_named
        # 'The NATO chief stressed ... He concluded': the office, then who held it.
        return resolve(named, scope) if named is not None and named in offices().terms else named
    if speaker == MEDIUM:
        return scope.last_medium or "unattributed"
    if speaker == MINISTRY:
        return scope.last_ministry or "unattributed"
    terms = offices().terms.get(speaker)
    if terms:
        holders = {term.person for term in terms}
        # The story's first named speaker only where the last is no holder (read when needed).
        if (named := scope.last_named) in holders or (named := scope.first_named) in holders:
            return named
        return _holder_named_in_story(tuple(scope.paragraphs), scope.on, frozenset(holders)) or speaker
    return speaker


@lru_cache(maxsize=256)  # per story: every mention that an undated title speaks asks again
def _holder_named_in_story(paragraphs: tuple[str, ...], on: date | None, holders: frozenset[str]) -> str | None:
    """The first person named in the story's `paragraphs` who held the office (a title
    without a date)."""
    for paragraph in paragraphs:
        for person in people_in(paragraph[:5000], on):
            if person.kind != "title" and (name := canonical(person)) in holders:
                return name
    return None


def _first_named_speaker(text: str, on: date | None = None) -> str | None:
    for s_start, s_end in sentence_spans(text):
        found = attribution_of(text[s_start:s_end], on)
        if is_person(found):
            return found.speaker  # type: ignore[union-attr]
    return None


@lru_cache(maxsize=16384)
def konjunktiv_marker(sentence: str) -> str | None:
    """The first Konjunktiv form in `sentence` (memoised like `attribution_of`: asked for
    every sentence without a reporting clause)."""
    hits = case_sensitive_scan(sentence).first(case_sensitive()[1].konjunktiv)
    return sentence[hits[0].start : hits[0].end] if hits else None


#: A short phrase and a colon opening a sentence: a transcript's speaker label, a headline's speaker.
_LABEL = re.compile(r"^([^:]{2,60}):\s+\S")


def speaker_label(sentence: str, on: date | None = None) -> Attribution | None:
    """A transcript's 'NATO Secretary General Jens Stoltenberg: Over the next two days ...':
    a name (with its title) and a colon open the sentence."""
    match = _LABEL.match(sentence)
    if not match:
        return None
    prefix = match.group(1)
    people = [p for p in people_in(prefix, on) if p.end == len(prefix.rstrip()) and p.kind != "single"]
    if not people or _subject_phrase_start(prefix, people[-1].start) != 0:
        return None
    return Attribution(canonical(people[-1]), f"{SPEAKER_LABEL} '{prefix}:'", ((0, match.end(1) + 1),))


#: Words that open a clause, not a speaker: '... – aber keine Abstriche' is the headline's own.
_CLAUSE_OPENERS = frozenset(
    {
        *("and", "but", "or", "not", "no", "yet", "so"),
        *("und", "aber", "oder", "doch", "sondern", "nicht", "kein", "keine", "auch"),
        *("и", "а", "но", "или", "не", "нет", "ни"),
    }
)
#: A headline's closing attribution: 'Russia will respond to NATO buildup — envoy'.
_HEADLINE_TAIL = re.compile(r"\s[—–]\s+([^—–:,.!?]{2,40})$")
#: The same with a hyphen for a dash ('... - Lavrov'): read only where a name, an
#: organisation that is no medium or a descriptor follows.
_HEADLINE_TAIL_HYPHEN = re.compile(r"\s-\s+([^—–:,.!?-]{2,40})$")
#: A wire service's label before a headline ('ROUNDUP', 'UPDATE 2', 'EXKLUSIV').
_WIRE_LABEL = re.compile(r"(?:ROUNDUP|UPDATE(?: \d+)?|EXCLUSIVE|EXKLUSIV|ANALYSIS|ANALYSE|FACTBOX|EILMELDUNG)")


_LEADING_ARTICLE = re.compile(r"\s*(?:(?:the|die|der|das)\s+)?", re.IGNORECASE)


def _whole_phrase(phrase: str, start: int, end: int) -> bool:
    """phrase[start:end] is the whole phrase, with or without its leading article."""
    return start in (0, _LEADING_ARTICLE.match(phrase).end()) and end == len(phrase.rstrip())


def headline_attribution(sentence: str, on: date | None = None) -> Attribution | None:
    """Headline conventions: 'Lukashenka: Russia and I have gone very far' (the name before
    the colon speaks the rest) and '... — Russian diplomat' (a name or a short descriptor
    after a dash: the descriptor is the story's first named speaker)."""
    match = _LABEL.match(sentence)
    if match and (_WIRE_LABEL.fullmatch(match.group(1)) or _LABEL.match(sentence[match.end(1) + 1 :].lstrip())):
        # 'ROUNDUP: Kreml: ...', 'Gipfel in Riga: Kallas: ...': a wire service's or a
        # section's label opens the headline; the speaker's label follows it (the first
        # label stays the narrator's)
        label = match.end(1) + 1
        found = headline_attribution(sentence[label:], on)
        if found is not None and found.speaker is not None:
            spans = ((0, label), *((start + label, end + label) for start, end in found.narrator_spans))
            return found._replace(narrator_spans=spans)
        if _WIRE_LABEL.fullmatch(match.group(1)):
            return None
    if match:
        prefix = match.group(1)
        if (topic := _LABEL_TOPIC.search(prefix)) is not None:
            prefix = prefix[: topic.start()]  # 'Lawrow über Nato: ...', 'Lavrov on NATO: ...': who speaks on what
        people = [p for p in people_in(prefix, on) if p.end == len(prefix.rstrip())]
        # One word alone before the colon is a name ('Volfovich: ...'); in a longer phrase
        # it is a topic ('Aufrüstung in Osteuropa: ...').
        if people and (people[-1].kind != "single" or len(prefix.split()) == 1):
            speaker = canonical(people[-1])
            # the topic after the name ('über Nato') is what the speaker speaks of, in their words
            spans = ((0, len(prefix) if topic else match.end(1) + 1),)
            return Attribution(speaker, f"headline '{prefix}: ...'", spans)
        # 'Die Welt: ...', 'Kremlin: ...': an organisation or medium that is the whole
        # phrase before the colon speaks (a state there is as often a topic: 'Russland: ...').
        bodies = [name for start, end, name in _organisations(prefix) if _whole_phrase(prefix, start, end)]
        if not people and bodies:
            return Attribution(bodies[0], f"headline '{prefix}: ...'", ((0, match.end(1) + 1),), False)
        # 'Estonian foreign minister: ...': a descriptor before the colon is the story's
        # first named speaker.
        if not people and len(prefix.split()) <= 4 and _is_descriptor(prefix):
            return Attribution(None, f"headline '{prefix}: ...'", ((0, match.end(1) + 1),))
    tail = _HEADLINE_TAIL.search(sentence)
    if tail and len(tail.group(1).split()) <= 4 and tail.group(1).split()[0].casefold() not in _CLAUSE_OPENERS:
        people = [p for p in people_in(tail.group(1), on) if p.kind != "single"]
        # '... – Bündnis besorgt': the headline before the dash is the alliance's context.
        states = [(m.start, m.end, m.target) for m in targets_in(tail.group(1), sentence) if m.form in _SPEAKING_FORMS]
        bodies = _organisations(tail.group(1)) + states
        speaker = canonical(people[-1]) if people else (bodies[0][2] if bodies else None)
        if speaker is not None or tail.group(1)[:1].islower() or len(tail.group(1).split()) <= 3:
            person = bool(people) or speaker is None
            return Attribution(speaker, f"headline '... — {tail.group(1)}'", ((tail.start(), len(sentence)),), person)
    tail = _HEADLINE_TAIL_HYPHEN.search(sentence)
    if tail is None:
        return None
    # 'NATO enlargement threatens Russia - Lavrov': after a hyphen a person's whole name, an
    # organisation that is no medium, or a descriptor ('- diplomat'), since '... - Reuters'
    # or '... - Welt' is a page title's site name
    phrase, spans = tail.group(1).strip(), ((tail.start(), len(sentence)),)
    people = [p for p in people_in(phrase, on) if p.kind != "single"]
    if people and _whole_phrase(phrase, people[-1].start, people[-1].end):
        return Attribution(canonical(people[-1]), f"headline '... - {phrase}'", spans)
    bodies = [name for start, end, name in _organisations(phrase) if _whole_phrase(phrase, start, end)]
    if bodies and not media_in(phrase):
        return Attribution(bodies[0], f"headline '... - {phrase}'", spans, False)
    if len(phrase.split()) <= 3 and phrase[:1].islower() and _is_descriptor(phrase):
        return Attribution(None, f"headline '... - {phrase}'", spans)
    return None


#: 'X über Y', 'X on Y', 'X о Y' before a headline's colon: X speaks, Y is the topic.
_LABEL_TOPIC = re.compile(r"\s+(?:über|zu|on|about|о|об|про)\s+\S.*$", re.IGNORECASE)


def _is_descriptor(phrase: str) -> bool:
    """A headline's descriptor of a person ('Estonian foreign minister', 'diplomat',
    'Präsident'), read as the descriptor with an article before it would be."""
    for article in ("the", "der", "die"):
        probe = f"{article} {phrase.strip()}"
        if (0, len(probe)) in pronouns_in(probe):
            return True
    return False

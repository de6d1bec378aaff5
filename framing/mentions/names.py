"""People named in a sentence: the known speakers of `resources/speakers.csv`, office titles
(`framing.offices`), and any other capitalised name in Latin or Cyrillic letters, with the
surname in the form the tables use ('Лаврова' after 'по словам' -> 'Lavrov').
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

from framing.mentions.lexicon import MEDIUM, media, organisations, speaker_lexicon
from framing.mentions.patterns import (
    WORD_ONLY,
    case_sensitive,
    case_sensitive_scan,
    ignorecase_scan,
    ignoring_case,
    speaker_patterns,
)
from framing.offices import holder


class Person(NamedTuple):
    start: int
    end: int
    name: str
    kind: str  # known | generic | single (one capitalised word) | title


@lru_cache(maxsize=16384)  # as large as the target cache (see `people_in`)
def _entity_hits(
    text: str,
) -> tuple[tuple[Person, ...], tuple[tuple[int, int, str], ...], tuple[str, ...]]:
    """(known speakers, organisations as (start, end, name), the names of the media among
    them) in `text`; '{1}' in an organisation's name in its table is its pattern's first group
    ('газета Financial Times', 'Finnish Defence Ministry'), and a medium's common noun
    (MEDIUM) names no medium."""
    speakers = speaker_patterns()
    table = organisations()
    first_medium = len(table) - len(media())  # the media rows close the organisations table
    groups = case_sensitive()[1]  # known speakers, then organisations
    known: list[Person] = []
    found: list[tuple[int, int, str]] = []
    named_media: list[str] = []
    for hit in case_sensitive_scan(text).each(range(groups.speakers.start, groups.organisations.stop)):
        if hit.pattern in groups.speakers:
            known.append(Person(hit.start, hit.end, speakers[hit.pattern - groups.speakers.start][0], "known"))
            continue
        row = hit.pattern - groups.organisations.start
        name, rx = table[row]
        if "{1}" in name:  # the name holds the pattern's first group ('{1} Defence Ministry')
            match = rx.match(text, hit.start)
            group = match.group(1) if match is not None and rx.groups else None
            name = name.replace("{1}", group) if group else ""
        if name:
            found.append((hit.start, hit.end, name))
            if row >= first_medium and name != MEDIUM:
                named_media.append(name)
    return tuple(known), tuple(found), tuple(named_media)


def ministries_in(text: str) -> list[str]:
    """The ministries `text` names by name ('Russian Foreign Ministry'), in order."""
    return [name for _, _, name in _entity_hits(text)[1] if name.endswith("Ministry")]


def media_in(text: str) -> list[str]:
    """The media `text` names ('The Economist', 'газета Financial Times'), in order."""
    return list(_entity_hits(text)[2])


def known_speakers(text: str) -> list[Person]:
    """Every match of every pattern of `speakers.csv`."""
    return list(_entity_hits(text)[0])


def organisations_in(text: str) -> list[tuple[int, int, str]]:
    """Organisations that speak ('the Kremlin said', 'В МИД заявили'), as (start, end, name)."""
    return list(_entity_hits(text)[1])


#: The first letters of a capitalised word: Latin with the accented letters of Latin-1 and
#: Latin Extended-A ('Nausėda', 'Łukasz', 'Šefčovič'), or Cyrillic.
_LATIN_FIRST = "A-ZÀ-ÖØ-ÞĀ-ſ"
_CYRILLIC_FIRST = "А-ЯЁ"
#: A capitalised word standing alone (not inside a longer word): a Latin or Cyrillic word, an
#: initial, or a hyphenated pair. The pattern opens with the word's first letter, so that `re`
#: skips the places where none is at once (one that opens with a lookbehind is tried at every
#: place); lookbehinds then read the character before that letter, and the letter's alphabet.
_TOKEN_SPAN = re.compile(
    rf"[{_LATIN_FIRST}{_CYRILLIC_FIRST}](?<![\w-].)"
    rf"(?:(?<=[{_LATIN_FIRST}])[a-zß-öø-ÿĀ-ſ'’]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*"
    r"|(?<=[A-Z])\."
    rf"|(?<=[{_CYRILLIC_FIRST}])[а-яё]+(?:-[{_CYRILLIC_FIRST}][а-яё]+)?)"
    r"(?![\w-])"
)

CYRILLIC_LATIN = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"},
    **{"ъ": "", "ь": ""},
}
#: Endings of Russian surnames: a Cyrillic word alone counts as a name only with one of them
#: (a capitalised 'Такую' or 'Эксперт' opening a sentence is no name).
_RUSSIAN_SURNAME_ENDINGS = (
    "ов", "ев", "ёв", "ин", "ын", "ко", "ук", "юк", "ич", "ян", "дзе", "ова", "ева", "ина", "ых", "их", "ец", "те",
    "сен", "рг", "иус", "льц",
)  # fmt: skip
#: Plural or common-noun endings of a capitalised word that opens a sentence ('Officials
#: said', 'Experten sagten', 'Эксперты считают'): such a word alone is no name.
_COMMON_ENDINGS = ("s", "en", "ung", "ion", "ы", "ие", "ые", "ии", "ти")
#: Endings of German abstract nouns, which no surname has.
_ABSTRACT_NOUN_ENDINGS = ("keit", "heit", "schaft", "ungen")


def latin(name: str) -> str:
    """A Cyrillic name in Latin letters ('Ковалев' -> 'Kovalev'); other names unchanged."""
    if not any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in name):
        return name
    out = "".join(CYRILLIC_LATIN.get(ch.lower(), ch) if ch.islower() else _upper(ch) for ch in name)
    return out[:1].upper() + out[1:]


def _upper(ch: str) -> str:
    found = CYRILLIC_LATIN.get(ch.lower())
    return found.capitalize() if found is not None else ch


def nominative(surname: str) -> str:
    """A Russian surname in the genitive ('по словам Ковалева', 'Захаровой') back in the
    nominative; other words unchanged."""
    if re.search(r"[а-яё]", surname) is None:
        return surname
    if surname.endswith(("овой", "евой", "иной")):
        return surname[:-2] + "а"
    if surname.endswith(("ова", "ева", "ина")) or (surname.endswith("а") and surname[-2:-1] not in "аеиоуыэюяь"):
        return surname[:-1]
    return surname


#: Lower-case particles inside a name ('Ursula von der Leyen', 'Rob de Wijk', 'Daan van der Berg'):
#: a run of capitalised words goes on across them.
#: Never 'der' or 'von' alone: 'die Zahl der Soldaten', 'nach Angaben von Peskov' hold no name.
_NAME_PARTICLES = re.compile(
    r" (?:von (?:der|den)|van(?: der| den| de)?|de(?: la| le)?|del|della|da|di|du|dos|ter|ten) "
)


def _generic_people(text: str, taken: list[tuple[int, int]]) -> list[Person]:
    """Capitalised runs that are not titles, places or sentence openers: a run of two words
    or more is a name ('Alexey Besprozvannykh'); one word alone is kept as `single` (it
    counts only next to a reporting verb). One scan over the capitalised words: a run goes
    on while words follow each other with one space between."""
    not_names = speaker_lexicon().not_names
    people: list[Person] = []
    part: list[re.Match[str]] = []
    last_end = -2
    for token in _TOKEN_SPAN.finditer(text):
        word = token.group(0)
        start = token.start()
        if (
            part
            and (start != last_end + 1 or text[last_end] != " ")
            and not _NAME_PARTICLES.fullmatch(text, last_end, start)
        ):
            _add_part(text, part, taken, people)
            part = []
        initial = len(word) == 2 and word[1] == "."
        if initial or (
            word not in not_names
            and word.split("-", 1)[0] not in not_names
            and not word.isupper()
            and not word.endswith(("'s", "’s"))
        ):
            part.append(token)
            last_end = token.end()
        elif part:
            _add_part(text, part, taken, people)
            part = []
    if part:
        _add_part(text, part, taken, people)
    return people


def _add_part(text: str, part: list[re.Match[str]], taken: list[tuple[int, int]], people: list[Person]) -> None:
    while part and part[-1].group(0).endswith("."):
        part.pop()
    if not part:
        return
    start, end = part[0].start(), part[-1].end()
    if any(s < end and start < e for s, e in taken):
        # A title may open the run ('Bundesverteidigungsministerin Ursula von der Leyen'):
        # the name is what follows it.
        while part and any(s < part[0].end() and part[0].start() < e for s, e in taken):
            part = part[1:]
        if not part:
            return
        start, end = part[0].start(), part[-1].end()
        if any(s < end and start < e for s, e in taken):
            return
    surname = part[-1].group(0)
    words = [t for t in part if not t.group(0).endswith(".")]
    if len(words) >= 2:
        people.append(Person(start, end, surname, "generic"))
    elif _may_be_surname(text, start, surname):
        people.append(Person(start, end, surname, "single"))


def _may_be_surname(text: str, start: int, word: str) -> bool:
    """One capitalised word that may be a surname: a Cyrillic one with a surname's ending
    (in any case: 'Ковалева'), a Latin one unless it opens the sentence with a plural or
    common-noun ending ('Officials', 'Experten')."""
    if re.match(r"[А-ЯЁ]", word):
        if re.search(r"(?:господин|госпож)\w*\s+$", text[:start]):
            return True
        return nominative(word).endswith(_RUSSIAN_SURNAME_ENDINGS) or word.endswith(_RUSSIAN_SURNAME_ENDINGS)
    if word.endswith(_ABSTRACT_NOUN_ENDINGS) or (word.endswith("ung") and len(word) > 6):
        return False  # 'Zur Begründung verwies er': a German abstract noun anywhere ('Jung' stays a name)
    return not (text[:start].strip() == "" and word.endswith(_COMMON_ENDINGS))


def _title_case(text: str) -> bool:
    """A headline in title case ('Belarus Says NATO Neighbors Openly Preparing for War'):
    its capitals mark no names."""
    if len(text) > 200:  # a headline is short; a long sentence is not one
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    # Title case capitalises every word but short function words ('for', 'in').
    return len(words) >= 4 and not any(w.islower() and len(w) >= 4 for w in words)


@cache
def _word_pronouns() -> re.Pattern[str] | None:
    """The pronouns that are one plain word ('he', 'er', 'она'), as one alternation: their
    stems occur inside most words, where the automaton would stop for each; `re` finds
    whole words faster."""
    words = [phrase for phrase in speaker_lexicon().pronouns if WORD_ONLY.fullmatch(phrase)]
    if not words:
        return None
    # The lookahead for the words' first letters lets `re` skip the places where none begins.
    first = re.escape("".join(sorted({word[0] for word in words})))
    return re.compile(rf"(?=[{first}])\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def _ignorecase_hits(text: str) -> tuple[tuple[tuple[int, int, str], ...], tuple[tuple[int, int], ...]]:
    """(titles as (start, end, office), the automaton's pronoun and descriptor spans) in
    `text`: of the titles that overlap, the one that starts first wins, and at one place the
    longest (what a scan of the titles' alternation finds). The one-word pronouns are left
    to `pronouns_in`: most callers want the titles only."""
    _, groups, office_of = ignoring_case()
    titles: list[tuple[int, int, str]] = []
    pronouns: list[tuple[int, int]] = []
    # By start, then pattern index (longest title first).
    for hit in ignorecase_scan(text).each(range(groups.titles.start, groups.descriptors.stop)):
        if hit.pattern in groups.titles:
            if not titles or hit.start >= titles[-1][1]:
                titles.append((hit.start, hit.end, office_of[hit.pattern - groups.titles.start]))
        else:
            pronouns.append((hit.start, hit.end))
    return tuple(titles), tuple(pronouns)


@lru_cache(maxsize=16384)
def _pronoun_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The pronoun and descriptor spans of `text`: of those that overlap, the one that
    starts first wins, and at one place the longest, then the first in table order (what a
    scan of the list's alternation finds)."""
    pronouns = list(_ignorecase_hits(text)[1])
    if (words := _word_pronouns()) is not None:
        pronouns += [m.span() for m in words.finditer(text)]
    if len(pronouns) < 2:  # nothing overlaps
        return tuple(pronouns)
    kept: list[tuple[int, int]] = []
    for start, end in sorted(pronouns, key=lambda span: (span[0], -span[1])):  # the first, then the longest
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return tuple(kept)


def pronouns_in(text: str) -> list[tuple[int, int]]:
    """Spans of the pronouns and descriptors in `text` ('he', 'the minister', 'министра')."""
    return list(_pronoun_spans(text))


def _titles(text: str, on: date | None) -> list[Person]:
    """Office titles in `text`: the holder on `on`, else the office."""
    return [Person(s, e, holder(office, on) or office, "title") for s, e, office in _ignorecase_hits(text)[0]]


@lru_cache(maxsize=16384)  # as large as the target cache: a corpus repeats sentences
def people_in(text: str, on: date | None = None) -> tuple[Person, ...]:
    """The people named in `text`, in order: known speakers, office titles (the holder on
    `on`, else the office), and other names. A title right before a name is dropped (the
    name says who)."""
    known = known_speakers(text)
    titles = _titles(text, on)
    taken = [(p.start, p.end) for p in known + titles]
    generic = _generic_people(text, taken)
    if generic and _title_case(text):
        generic = []
    names = known + generic
    people = [p for p in titles if not _title_of_name(text, p, names)]
    people += [p for p in names if not any(t.start <= p.start and p.end <= t.end for t in people)]
    return tuple(sorted(people))


def known_or_titled(text: str, on: date | None = None) -> list[Person]:
    """The known speakers and office titles in `text` (without the other names); a title
    that introduces a name gives that name instead ('Bundesverteidigungsministerin Ursula von
    der Leyen')."""
    known, titles = known_speakers(text), _titles(text, on)
    found = [*known]
    for title in titles:
        name = _name_after(text, title.end) if text[title.end : title.end + 2][1:].isupper() else None
        found.append(name if name is not None and not any(k.start <= name.start < k.end for k in known) else title)
    return found


def _name_after(text: str, at: int) -> Person | None:
    """A name of two words or more right after offset `at` (one space between)."""
    tail = text[at + 1 : at + 61]
    people = _generic_people(tail, [])
    if people and people[0].start == 0 and people[0].kind == "generic":
        return people[0]._replace(start=people[0].start + at + 1, end=people[0].end + at + 1)
    return None


def _title_of_name(text: str, title: Person, names: list[Person]) -> bool:
    """A name follows the title in the same phrase ('NATO Secretary General Jens Stoltenberg',
    'генсек НАТО Андерс Фог Расмуссен')."""
    return any(
        0 <= n.start - title.end <= (1 if n.kind == "single" else 40)  # one word alone: right after the title
        and not re.search(r"[,;:.()—–]", text[title.end : n.start])
        for n in names
    )


def canonical(person: Person, *, genitive: bool = False) -> str:
    """The name a speaker is given: a known speaker's or an office's name as it is, another
    person's surname (in the nominative, in Latin letters)."""
    if person.kind in ("known", "title"):
        return person.name
    surname = nominative(person.name) if genitive else person.name
    return latin(surname)

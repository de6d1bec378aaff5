"""Which side a speaker speaks for: Russia's (Russia and its allies) or the West's (NATO,
its members and partners), from the speaker's name as the mentions table writes it.

The stance annotated is the speaker's view (data/gold/GUIDELINES.md, rule 1), and a voice of
one side reporting what the other side does is mostly framing it as a rival. The side is
read, in this order, from:
1. an office the speaker held (`office_holders.csv`: Stoltenberg held 'NATO Secretary
   General'), or the office itself where the speaker is a title;
2. the people each side's voice lists name (`stance/roles_en.csv`, kinds `voice_russia`,
   `voice_west`);
3. the first word of the name that starts with a stem of `speakers/sides.csv` ('Russian
   Foreign Ministry', 'Finnish Defence Ministry', 'Kremlin');
4. given the article's content paragraphs, the words that introduce the person where the
   article first names them ('Russian Ambassador Nikolai Korchunov', 'госсекретарь Совбеза Белоруссии
   Александр Вольфович'), read as in 3.
A speaker none of these name (the narrator, a medium, a person introduced by no side's
word) has no side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import islice

from framing.mentions.names import CYRILLIC_LATIN, canonical, people_in
from framing.offices import offices
from framing.resources import read_table, warn_skipped

RUSSIA = "russia"
WEST = "west"
SIDES = (RUSSIA, WEST)
#: A stem this short ('us', 'eu', 'рф') matches a whole word only: as a prefix it would
#: match 'usual' or 'Europe'.
WHOLE_WORD_UP_TO = 3
#: The target each side opposes.
RIVAL = {RUSSIA: "NATO", WEST: "Russia"}
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN_LETTERS = str.maketrans(CYRILLIC_LATIN)
#: How many words before a name may introduce it, and what ends an introduction: 'said
#: Russian Ambassador Nikolai Korchunov' holds 'Russian'; '..., Korchunov said' holds nothing.
INTRODUCTION_WORDS = 6
#: How many paragraphs that name a speaker are read for an introduction: a headline
#: ('Volfovich: ...') names without introducing, and the lead introduces.
INTRODUCING_PARAGRAPHS = 3
#: Words that open a relative clause, not an apposition, after a name and a comma (German
#: 'der' and 'die' open both: such an apposition is not read).
RELATIVE_WORDS = frozenset(
    {
        *("who", "whom", "whose", "which", "that"),
        *("der", "die", "das", "den", "dem", "deren", "dessen", "welcher", "welche", "welches"),
        *("который", "которая", "которое", "которые", "которого", "которой", "которым", "кто"),
    }
)
_INTRODUCTION_BREAK = re.compile(r"[.;:!?,()\"“”«»„\n]|\s[—–-]\s")


@cache
def side_stems() -> tuple[tuple[str, str], ...]:
    """(stem, side) pairs of `speakers/sides.csv`; a row with an unknown side is left out
    with a warning that names it."""
    stems, problems = [], []
    for line, row in enumerate(read_table("speakers/sides.csv"), start=2):
        if row.get("side") in SIDES and row.get("stem"):
            stems.append((row["stem"].casefold(), row["side"]))
        else:
            problems.append(f"speakers/sides.csv, row {line}: no stem or a side other than {' or '.join(SIDES)}")
    warn_skipped("speaker sides", problems)
    return tuple(stems)


def side_in_words(text: str) -> str | None:
    """The side of the first word of `text` that a stem of `speakers/sides.csv` starts (at
    one word, the stem first in the file)."""
    pattern, sides = _stem_pattern()
    found = pattern.search(text.casefold())
    return sides[found.lastindex - 1] if found is not None and found.lastindex else None


@cache
def _stem_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One alternation of every stem, a group each, in file order: at the first word that
    any stem starts, the first such stem matches."""
    stems = side_stems()
    parts = [f"({re.escape(stem)})" + ("(?!\\w)" if len(stem) <= WHOLE_WORD_UP_TO else "") for stem, _ in stems]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")"), tuple(side for _, side in stems)


@cache
def _people() -> dict[str, str]:
    """Surname (casefolded) -> side, from the offices people held, then the voice lists."""
    people: dict[str, str] = {}
    for voice in read_table("stance/roles_en.csv"):
        side = voice.get("kind", "").removeprefix("voice_")
        if voice.get("kind", "").startswith("voice_") and side in SIDES:
            people.setdefault(voice["lemma"].casefold(), side)
    for office, terms in offices().terms.items():
        if side := side_in_words(office):
            for term in terms:
                people[term.person.casefold()] = side
    return people


@cache
def speaker_side(speaker: str) -> str | None:
    """`russia`, `west`, or None where the tables do not tell (see the module docstring)."""
    if not speaker:
        return None
    if speaker in offices().terms:
        return side_in_words(speaker)
    return _people().get(speaker.casefold()) or side_in_words(speaker)


def side_of(speaker: str, paragraphs: Sequence[str] = ()) -> str | None:
    """The speaker's side from the tables, else from the words that introduce the speaker
    where `paragraphs` (an article's content, in order) first name them."""
    found = speaker_side(speaker)
    if found is None and paragraphs and speaker[:1].isupper():
        found = introduced_side(speaker, paragraphs)
    return found


def introduced_side(speaker: str, paragraphs: Sequence[str]) -> str | None:
    """The side of the words right before a naming of `speaker` in `paragraphs`, else of
    an apposition right after it ('Nikolay Korchunov, Russian Foreign Ministry
    Ambassador-at-large, said'): the first of the first `INTRODUCING_PARAGRAPHS` that name
    the speaker (in Latin letters, as the tables write it) to give one."""
    key = speaker.casefold()
    naming = (paragraph for paragraph in paragraphs if key in _folded_latin(paragraph))
    for paragraph in islice(naming, INTRODUCING_PARAGRAPHS):
        for person in people_in(paragraph):
            if person.kind != "title" and canonical(person) == speaker:
                before = _INTRODUCTION_BREAK.split(paragraph[max(0, person.start - 200) : person.start])[-1]
                found = side_in_words(" ".join(_WORD.findall(before)[-INTRODUCTION_WORDS:]))
                if found := found or _apposition_side(paragraph[person.end : person.end + 200]):
                    return found
                break  # this paragraph's first naming introduces them by no side's word
    return None


@lru_cache(maxsize=1024)
def _folded_latin(paragraph: str) -> str:
    """`paragraph` casefolded, its Cyrillic letters in Latin ones (a cheap test of whether
    it can name a speaker)."""
    folded = paragraph.casefold()
    return folded.translate(_LATIN_LETTERS) if _CYRILLIC.search(folded) else folded


def _apposition_side(after: str) -> str | None:
    """The side of an apposition that opens `after` (', Russian envoy to NATO, ...'); a
    relative clause (', who met NATO officials') is none."""
    if not after.startswith(","):
        return None
    words = _WORD.findall(_INTRODUCTION_BREAK.split(after[1:])[0])[:INTRODUCTION_WORDS]
    if not words or words[0].casefold() in RELATIVE_WORDS:
        return None
    return side_in_words(" ".join(words))


def opposes(side: str | None, target: str) -> bool:
    """Whether a speaker of `side` speaks of `target` as of the other side."""
    return side is not None and RIVAL.get(side) == target

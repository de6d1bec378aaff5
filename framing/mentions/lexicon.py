"""The words that attribute speech, per language, read from `resources/speakers/{en,de,ru}.csv`
(columns `kind`, `phrase`, `source`), and the organisations that speak
(`resources/speakers/organisations.csv`, and the media of `media.csv`).

Kinds: `verb` (a reporting verb: its subject is before or right after it), `after` (a
phrase whose speaker follows it: 'according to', 'по словам', 'laut'), `self` (a reporting
phrase that holds its own pronoun: 'in his view', 'по его словам'), `pronoun` and
`descriptor` (they refer to the last person named: 'he', 'the minister', 'министра'),
`impersonal` (reported speech with no subject: 'hieß es', 'сообщается'; a source may follow,
as after `after`, else the claim is unattributed), `back` (opens a sentence that attributes
the sentence before it: 'Об этом заявил ...'),
`transcript` (a title that makes the whole text one person's words: 'Doorstep statement')
and `not_name` (capitalised words, separated by '|', that are never a person's name).

A bad row (a phrase that is not a regular expression, an unknown kind, a row with too many
cells) is skipped with a warning naming the file and line; the rest still works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from framing import matching
from framing.resources import read_rows, warn_skipped

LANGUAGES = ("en", "de", "ru")
KINDS = ("verb", "after", "impersonal", "self", "pronoun", "descriptor", "back", "transcript", "not_name", "konjunktiv")


@dataclass(frozen=True)
class SpeakerLexicon:
    verbs: tuple[str, ...]
    after: tuple[str, ...]  # speaker after the phrase only
    impersonal: tuple[str, ...]  # no subject: a source after it, else unattributed ('hieß es')
    own: tuple[str, ...]  # a reporting phrase that holds its pronoun ('in his view', 'по его словам')
    pronouns: tuple[str, ...]  # pronouns and descriptors, in that order
    personal: frozenset[str]  # the pronouns alone ('he', 'er', 'он'), which never title a name
    back: tuple[str, ...]
    transcript: tuple[str, ...]
    not_names: frozenset[str]
    konjunktiv: tuple[str, ...]  # German Konjunktiv forms that mark reported speech ('sei', 'habe')
    problems: tuple[str, ...]  # the rows skipped, with why


def _compiles(phrase: str) -> bool:
    try:
        re.compile(phrase)
    except re.error:
        return False
    return not re.fullmatch(phrase, "")  # a phrase must not match the empty string


def parse_lexicon(tables: dict[str, str]) -> SpeakerLexicon:
    """A lexicon from CSV texts by file name (pure, so that tests can feed bad rows)."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    problems: list[str] = []
    for name, text in tables.items():
        rows, bad = read_rows(name, text, ("kind", "phrase"))
        problems += bad
        for line, row in enumerate(rows, start=2):
            kind, phrase = row["kind"], row["phrase"]
            if kind not in found:
                problems.append(f"{name}, row {line}: unknown kind {kind!r}")
            elif kind in ("not_name", "konjunktiv"):
                found[kind] += [word for word in phrase.split("|") if word and word not in found[kind]]
            elif not _compiles(phrase):
                problems.append(f"{name}, row {line}: {phrase!r} is not a usable regular expression")
            elif phrase not in found[kind]:
                found[kind].append(phrase)
    return SpeakerLexicon(
        verbs=tuple(found["verb"]),
        after=tuple(found["after"]),
        impersonal=tuple(found["impersonal"]),
        own=tuple(found["self"]),
        pronouns=tuple(found["pronoun"] + found["descriptor"]),
        personal=frozenset(phrase.casefold() for phrase in found["pronoun"]),
        back=tuple(found["back"]),
        transcript=tuple(found["transcript"]),
        not_names=frozenset(found["not_name"]),
        konjunktiv=tuple(found["konjunktiv"]),
        problems=tuple(problems),
    )


@cache
def prime_case_folding() -> None:
    """Look up at once which characters IGNORECASE matches to each letter of the speaker
    words and office titles: `PatternSet` asks `re` over every code point for the letters
    it has not seen, and one scan for all is cheaper than one per pattern set."""
    lexicon = speaker_lexicon()
    from framing.offices import offices  # here: framing.offices imports this package

    text = "".join(
        (*lexicon.verbs, *lexicon.after, *lexicon.impersonal, *lexicon.own, *lexicon.pronouns, *offices().titles)
    )
    letters = {char for char in text if char.lower() != char.upper()}
    letters |= {char.lower() for char in letters}
    matching._find_matched_by(letters - matching._MATCHED_BY.keys())


def _resource_text(name: str) -> str:
    return files("framing.resources").joinpath(name).read_text(encoding="utf-8")


@cache
def speaker_lexicon() -> SpeakerLexicon:
    """The three languages' words together (each language's words rarely occur in another)."""
    lexicon = parse_lexicon({f"speakers/{lang}.csv": _resource_text(f"speakers/{lang}.csv") for lang in LANGUAGES})
    warn_skipped("speaker words", lexicon.problems)
    return lexicon


def parse_named_patterns(name: str, text: str, column: str) -> tuple[list[tuple[str, re.Pattern[str]]], list[str]]:
    """(name, compiled pattern) rows of a table with `column` and `pattern`; a row whose
    pattern does not compile is skipped with a problem line."""
    rows, problems = read_rows(name, text, (column, "pattern"))
    compiled = []
    for line, row in enumerate(rows, start=2):
        try:
            compiled.append((row[column], re.compile(row["pattern"])))
        except re.error as exc:
            problems.append(f"{name}, row {line}: pattern does not compile ({exc})")
    return compiled, problems


#: The speaker name of a medium's common noun ('the newspaper', 'издание'): it speaks for
#: the last medium the story named (`framing.mentions.speakers.resolve`).
MEDIUM = "{medium}"
#: The speaker name of a ministry's common noun ('the ministry', 'das Ministerium', 'в
#: министерстве'): it speaks for the last ministry the story named.
MINISTRY = "{ministry}"


@cache
def organisations() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Organisations that speak ('the Kremlin said', 'В МИД заявили'), media among them
    ('The Economist reported', 'отмечает издание'), with their patterns."""
    return _named_table("speakers/organisations.csv", "organisations") + media()


@cache
def media() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Media that speak (`resources/speakers/media.csv`): by name, as '{1}' the name after a
    common noun ('газета Financial Times'), or as MEDIUM the common noun alone."""
    return _named_table("speakers/media.csv", "media")


def _named_table(name: str, what: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    found, problems = parse_named_patterns(name, _resource_text(name), "speaker")
    warn_skipped(what, problems)
    return tuple(found)

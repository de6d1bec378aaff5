"""The pattern lists that the mention stage matches in the sentences it reads, joined in two
`PatternSet`s, one case-sensitive and one ignoring case: a text is scanned once for all the
lists of a set (`case_sensitive_scan`, `ignorecase_scan`), and each list reads its matches
from that scan by its group of pattern indices.

Case-sensitive: the targets (`resources/targets.csv`), the known speakers
(`resources/speakers.csv`), the organisations that speak, the German Konjunktiv forms.
Ignoring case: office titles (longest first), pronouns and descriptors of more than one
word, the reporting verbs, and the reporting phrases that open with a lookbehind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from framing.matching import PatternSet, Scan
from framing.mentions.lexicon import (
    _resource_text,
    organisations,
    parse_named_patterns,
    prime_case_folding,
    speaker_lexicon,
)
from framing.offices import offices
from framing.resources import read_table, warn_skipped

#: A pronoun that is one plain word ('he', 'er', 'она'): found apart (see `names`).
WORD_ONLY = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TargetPattern:
    target: str
    form: str
    regex: re.Pattern[str]
    needs_context: str


@cache
def target_patterns() -> tuple[TargetPattern, ...]:
    return tuple(
        TargetPattern(row["target"], row["form"], re.compile(row["pattern"]), row["needs_context"])
        for row in read_table("targets.csv")
    )


@cache
def speaker_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found, problems = parse_named_patterns("speakers.csv", _resource_text("speakers.csv"), "speaker")
    warn_skipped("speakers", problems)
    return tuple(found)


def reporting_phrases() -> tuple[str, ...]:
    """Reporting verbs, then the phrases whose speaker follows them (impersonal ones
    last), from the data files."""
    lexicon = speaker_lexicon()
    return lexicon.own + lexicon.verbs + lexicon.after + lexicon.impersonal


class CaseSensitiveGroups(NamedTuple):
    """The pattern indices of each list in `case_sensitive`."""

    targets: range
    speakers: range
    organisations: range
    konjunktiv: range


@cache
def case_sensitive() -> tuple[PatternSet, CaseSensitiveGroups]:
    lists = (
        [p.regex.pattern for p in target_patterns()],
        [rx.pattern for _, rx in speaker_patterns()],
        [rx.pattern for _, rx in organisations()],
        [rf"\b{form}\b" for form in speaker_lexicon().konjunktiv],
    )
    return PatternSet([p for patterns in lists for p in patterns]), CaseSensitiveGroups(*_ranges(lists))


class IgnorecaseGroups(NamedTuple):
    """The pattern indices of each list in `ignoring_case`."""

    titles: range
    descriptors: range  # pronouns and descriptors of more than one word
    verbs: range
    lookbehind_verbs: range  # phrases that open with a lookbehind (', so Rutte')


@cache
def ignoring_case() -> tuple[PatternSet, IgnorecaseGroups, tuple[str, ...]]:
    """The set, its groups, and the office of each title."""
    prime_case_folding()
    titles = sorted(offices().titles, key=len, reverse=True)
    phrases = reporting_phrases()
    lists = (
        [rf"(?<!\w){re.escape(title)}(?!\w)" for title in titles],
        [rf"\b(?:{phrase})\b" for phrase in speaker_lexicon().pronouns if not WORD_ONLY.fullmatch(phrase)],
        [rf"\b(?:{phrase})\b" for phrase in phrases if not phrase.startswith("(?<")],
        [rf"\b(?:{phrase})\b" for phrase in phrases if phrase.startswith("(?<")],
    )
    found = PatternSet([p for patterns in lists for p in patterns], re.IGNORECASE)
    return found, IgnorecaseGroups(*_ranges(lists)), tuple(offices().titles[t] for t in titles)


def _ranges(lists: tuple[list[str], ...]) -> list[range]:
    ranges = []
    start = 0
    for patterns in lists:
        ranges.append(range(start, start + len(patterns)))
        start += len(patterns)
    return ranges


@lru_cache(maxsize=16384)  # as large as the target cache: each list asks about the same sentence
def case_sensitive_scan(text: str) -> Scan:
    return case_sensitive()[0].scan(text)


@lru_cache(maxsize=16384)
def ignorecase_scan(text: str) -> Scan:
    return ignoring_case()[0].scan(text)

"""`framing.prefilter` must find exactly what `re` finds, only faster."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.prefilter import PatternSet, fold, literal_stems
from framing.resources import read_table
from tests.test_properties import PARAGRAPHS


def test_fold_covers_every_character_ignorecase_matches_to_an_ascii_letter():
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isascii():
            continue
        folded = fold(char, ignore_case=True)
        assert len(folded) == 1
        if letters.fullmatch(char):
            matched = [c for c in string.ascii_lowercase if re.fullmatch(c, char, re.IGNORECASE)]
            assert [folded.decode()] == matched, hex(code)


def test_fold_keeps_positions():
    text = "NATO’s İstanbul ſummit, Kelvin \u212a, Минск"
    for ignore_case in (True, False):
        assert len(fold(text, ignore_case=ignore_case)) == len(text)
    assert fold("NATO’s", ignore_case=True) == b"nato\x00s"
    assert fold("NATO’s", ignore_case=False) == b"NATO\x00s"


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\beconom(?:y|ic|ies)\b|\btrade\b", re.IGNORECASE, ((b"econom", b"trade"), True)),
        (r"(?<!ITAR-)\bTASS\b", 0, ((b"TASS",), False)),
        (r"(?i)\bTASS\b", 0, ((b"tass",), True)),
        (r"\b(AP|Associated Press)\b", 0, ((b"A",), False)),  # the parser takes "A" out of the group
        (r"\bвойна\b", re.IGNORECASE, None),  # no ASCII stem
        (r"\b\w+ist\b", 0, None),  # starts with a class
        (r"\bfoo|\bba?r", 0, ((b"b", b"foo"), False)),  # a stem ends where a repeat starts
        (r"(?-i:NATO)", re.IGNORECASE, None),  # flags of its own
        (r"x*", 0, None),
        ("", 0, None),
    ],
)
def test_literal_stems(pattern, flags, expected):
    stems = literal_stems(pattern, flags)
    assert (None if stems is None else (stems.literals, stems.ignore_case)) == expected


def _reference(patterns: list[str], flags: int, texts: list[str]) -> list[list[tuple[int, int, int, str]]]:
    regexes = [re.compile(p, flags) for p in patterns]
    return [[(i, m.start(), m.end(), m.group()) for i, r in enumerate(regexes) for m in r.finditer(t)] for t in texts]


def _found(patterns: list[str], flags: int, texts: list[str]) -> list[list[tuple[int, int, int, str]]]:
    found = PatternSet(patterns, flags).find_all(texts)
    return [[(i, m.start(), m.end(), m.group()) for i, m in matches] for matches in found]


RESOURCE_PATTERNS = [
    ([r["pattern"] for r in read_table(f"frames_{lang}.csv")], re.IGNORECASE) for lang in ("en", "de", "ru")
] + [([r["pattern"] for r in read_table("agencies.csv")], 0)]
ODD_PATTERNS = [
    r"\bwar\b|\bwarn\w*|\bwarning\b",  # stems that are prefixes of each other
    r"ss|s",  # overlapping candidates: finditer must resume after each match
    r"ab(?=c)|a\b",
    r"(?<=\w)ing\b",
    r"\b\w+ed\b",  # no stem: scanned in full
    r"\bkelvin\b|\bſtate\b",
    "\x00|a\x00b",  # the separator itself: no stem
]
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(PARAGRAPHS),
        st.text(alphabet="aAbBcCsSkKnNwWeEdD \n'’-.İıſ\u212a\x00ДдÄä", max_size=40),
        st.builds(lambda a, b: a + b, st.sampled_from(PARAGRAPHS), st.text(max_size=10)),
    ),
    max_size=6,
)


@given(texts=TEXTS)
def test_pattern_set_finds_what_finditer_finds(texts):
    for patterns, flags in [*RESOURCE_PATTERNS, (ODD_PATTERNS, 0), (ODD_PATTERNS, re.IGNORECASE)]:
        assert _found(patterns, flags, texts) == _reference(patterns, flags, texts)


def test_pattern_set_on_no_texts():
    assert PatternSet([r"\bNATO\b"]).find_all([]) == []

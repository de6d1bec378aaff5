"""Regex search that skips text where a pattern cannot match: same matches, less scanning.

Cue and agency patterns are alternations of words (``\\beconom(?:y|ic)\\b|\\btrade\\b``).
Python's regex engine cannot skip ahead for such patterns (the leading ``\\b`` and
IGNORECASE defeat its prefix search), so it tries every alternative at every position of
the text. But every match of such a pattern starts with one of a few literal *stems*
("econom", "trade"). `PatternSet` finds the stems with `bytes.find` (fast C) in one folded
string holding all the texts to search, and runs each regex only where one of its stems
occurs. Matches are exactly those of `regex.finditer` on each text; a pattern whose
matches do not all start with an ASCII stem (a character class, a repeat, a group with
flags of its own first) is run over every text as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from re import _constants as sre
from re import _parser as sre_parse

#: Characters that IGNORECASE matches to an ASCII letter (besides that letter in either
#: case). The tests check over every code point that there are no others.
_ALSO_LETTERS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Operations that match without consuming text: a match starts where the stem after them does.
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
#: Joins the texts searched together, and stands for every non-ASCII character; no stem holds it.
_SEPARATOR = "\x00"


def fold(text: str, *, ignore_case: bool) -> bytes:
    """One byte per character of `text`: ASCII as is (lower case with `ignore_case`), any
    other character as NUL, except that with `ignore_case` the few that IGNORECASE matches
    to an ASCII letter become that letter. An ASCII stem therefore occurs in the folded
    text wherever it may match the text."""
    if not text.isascii():
        if ignore_case:
            for char, letter in _ALSO_LETTERS.items():
                if char in text:
                    text = text.replace(char, letter)
        text = _NON_ASCII.sub(_SEPARATOR, text)
    folded = text.encode("ascii")
    return folded.lower() if ignore_case else folded


@dataclass(frozen=True)
class Stems:
    """Literals one of which starts every match of a pattern (lower case when the pattern
    ignores case)."""

    literals: tuple[bytes, ...]
    ignore_case: bool


def _stems(items: list, ignore_case: bool) -> list[str] | None:
    """The stems of the parsed sequence `items`, or None when it does not have that shape."""
    position = 0
    while position < len(items) and items[position][0] in _ZERO_WIDTH:
        position += 1
    if position == len(items):
        return None
    op, av = items[position]
    if op is sre.LITERAL:
        stem = ""
        for op, av in items[position:]:
            if op is not sre.LITERAL or not chr(av).isascii() or chr(av) == _SEPARATOR:
                break
            stem += chr(av).lower() if ignore_case else chr(av)
        return [stem] if stem else None
    if op is sre.BRANCH:
        stems: list[str] = []
        for alternative in av[1]:
            found = _stems(list(alternative), ignore_case)
            if found is None:
                return None
            stems += found
        return stems
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _stems(list(sub), ignore_case)
    return None


def literal_stems(pattern: str, flags: int = 0) -> Stems | None:
    """The stems of `pattern` (see the module docstring), or None when it has none."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        ignore_case = bool(parsed.state.flags & re.IGNORECASE)
        found = _stems(list(parsed), ignore_case)
    except Exception:  # the parser is internal to `re`: anything unexpected means "no stems"
        return None
    return Stems(tuple(sorted({s.encode("ascii") for s in found})), ignore_case) if found else None


class PatternSet:
    """Compiled patterns searched together over many texts (see the module docstring)."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self.regexes = [re.compile(p, flags) for p in patterns]
        self.stems = [literal_stems(p, flags) for p in patterns]

    def find_all(self, texts: Sequence[str]) -> list[list[tuple[int, re.Match[str]]]]:
        """For each text, (pattern index, match) for the matches of every pattern's
        `finditer` on that text: pattern by pattern, each pattern's in text order."""
        found: list[list[tuple[int, re.Match[str]]]] = [[] for _ in texts]
        if not texts:
            return found
        # One folded string for all texts: a stem never holds the separator, so each
        # occurrence lies inside one text; `offsets` maps it back.
        joined = _SEPARATOR.join(texts)
        folded = {case: fold(joined, ignore_case=case) for case in {s.ignore_case for s in self.stems if s}}
        offsets = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        occurrences = {
            (stems.ignore_case, stem): _find_every(folded[stems.ignore_case], stem)
            for stems in self.stems
            if stems is not None
            for stem in stems.literals
        }
        for pattern, (regex, stems) in enumerate(zip(self.regexes, self.stems, strict=True)):
            if stems is None:
                for text, matches in zip(texts, found, strict=True):
                    matches += [(pattern, match) for match in regex.finditer(text)]
                continue
            # A match starts where a stem does: try those places in order, resuming after
            # each match's end as finditer does.
            candidates = set().union(*(occurrences[stems.ignore_case, stem] for stem in stems.literals))
            current, resume = -1, 0
            for at in sorted(candidates):
                text = bisect_right(offsets, at) - 1
                if text != current:
                    current, resume = text, 0
                start = at - offsets[text]
                if start >= resume and (match := regex.match(texts[text], start)) is not None:
                    found[text].append((pattern, match))
                    resume = match.end()
        return found


def _find_every(text: bytes, stem: bytes) -> list[int]:
    """Every position where `stem` occurs in `text`, overlapping occurrences included."""
    found = []
    at = text.find(stem)
    while at >= 0:
        found.append(at)
        at = text.find(stem, at + 1)
    return found

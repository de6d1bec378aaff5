"""Faster, equivalent regexes: a lookahead guard on the first character of a match.

Python's `re` has no trie: a long alternation such as `\\bally\\b|\\bpartners?\\b|...` tries
every alternative at every position of the text, which makes the cue and target scans the
slowest part of the pipeline. `guarded` puts a cheap lookahead in front of a pattern,
`(?=\\b[ap...])(?:pattern)`, that states what the first character of any match must be
(and whether a word boundary must precede it). The guard is derived from the parsed
pattern and is a *necessary* condition for a match at a position, so the guarded pattern
finds exactly the same matches (same spans, same groups) while the engine skips most
positions after one character test. Where the analysis cannot prove a guard (a pattern
that can match the empty string, an unknown construct), the pattern is returned unchanged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, lru_cache

try:  # the parser behind `re` (private, but stable since 3.11); without it, no guards
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - other Python implementations
    _c = _parser = None  # type: ignore[assignment]

_Start = tuple[bool, str]  # (a word boundary must precede, class of the first character)
_ZERO_WIDTH_SKIPPED = ("AT", "ASSERT", "ASSERT_NOT")  # skipping an assertion only widens the guard
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_CATEGORIES = {
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_items(items) -> str | None:
    """The inside of a character class for parsed class items (None: unsupported)."""
    parts = []
    for op, av in items:
        if str(op) == "LITERAL":
            parts.append(_char(av))
        elif str(op) == "RANGE":
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif str(op) == "CATEGORY" and str(av) in _CATEGORIES:
            parts.append(_CATEGORIES[str(av)])
        elif str(op) == "NEGATE" and not parts:
            parts.append("^")
        else:
            return None
    return "".join(parts)


def _first_char_class(op, av) -> str | None:
    name = str(op)
    if name == "LITERAL":
        return _char(av)
    if name == "NOT_LITERAL":
        return "^" + _char(av)
    if name == "IN":
        return _class_items(av)
    return None


def _starts(items: list, boundary: bool = False) -> set[_Start] | None:
    """How a match of the parsed sequence `items` can begin: the possible classes of its
    first character, each with whether `\\b` must hold before it. None when unknown or
    when the sequence can match without consuming a character."""
    for index, (op, av) in enumerate(items):
        name = str(op)
        rest = list(items[index + 1 :])
        if name == "AT" and str(av) == "AT_BOUNDARY":
            boundary = True
        elif name in _ZERO_WIDTH_SKIPPED:
            continue
        elif name in ("LITERAL", "NOT_LITERAL", "IN"):
            cls = _first_char_class(op, av)
            return None if cls is None else {(boundary, cls)}
        elif name == "BRANCH":
            found: set[_Start] = set()
            for alternative in av[1]:
                starts = _starts(list(alternative.data) + rest, boundary)
                if starts is None:
                    return None
                found |= starts
            return found
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            sub = av[-1] if name == "SUBPATTERN" else av
            if name == "SUBPATTERN" and av[1]:  # scoped flags added, e.g. (?i:...): not analysed
                return None
            return _starts(list(sub.data) + rest, boundary)  # removed flags (?-i:) only narrow a match
        elif name in _REPEATS:
            low, _, sub = av
            starts = _starts(list(sub.data) + rest, boundary)
            if starts is None:
                return None
            if low == 0:
                skipped = _starts(rest, boundary)
                if skipped is None:
                    return None
                starts |= skipped
            return starts
        else:
            return None
    return None  # the sequence can end without consuming a character


def _start_classes(source: str, flags: int) -> set[_Start] | None:
    """How any match of the regex `source` begins (None: not provable)."""
    if _parser is None:
        return None
    try:
        return _starts(list(_parser.parse(source, flags).data)) or None
    except (re.error, RecursionError, TypeError, ValueError):
        return None


def _guard(starts: set[_Start]) -> str:
    """A lookahead that holds wherever one of `starts` can begin a match."""
    alternatives = []
    for boundary in (True, False):
        prefix = "\\b" if boundary else ""
        positive = sorted({c for b, c in starts if b == boundary and not c.startswith("^")})
        if positive:
            alternatives.append(f"{prefix}[{''.join(positive)}]")
        alternatives += sorted(f"{prefix}[{c}]" for b, c in starts if b == boundary and c.startswith("^"))
    return "(?=" + "|".join(alternatives) + ")"


def _char_test(starts: set[_Start], flags: int) -> re.Pattern[str]:
    """Matches a single character that can begin a match (word boundaries aside)."""
    return re.compile("|".join(sorted(f"[{c}]" for _, c in starts)), flags)


@cache
def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with a first-character guard: the same matches, found faster.

    Returns `pattern` itself when no guard can be proved for it.
    """
    if not isinstance(pattern.pattern, str) or (starts := _start_classes(pattern.pattern, pattern.flags)) is None:
        return pattern
    try:
        fast = re.compile(_guard(starts) + f"(?:{pattern.pattern})", pattern.flags)
    except re.error:
        return pattern
    if fast.groups != pattern.groups or fast.groupindex != pattern.groupindex:
        return pattern
    return fast


class StartIndex:
    """Where any of several regexes can begin a match in a text, and which of them can
    begin with a given character: lets a scan try only a few regexes at a few positions.

    `positions` is exact for every (pos, endpos) window too: a guard only looks at the
    character at a position and the one before it.
    """

    def __init__(self, sources: Sequence[str], flags: int) -> None:
        starts = [_start_classes(source, flags) for source in sources]
        self.ok = all(s is not None for s in starts)
        self._flags = flags
        self._tests = [_char_test(s, flags) for s in starts if s is not None] if self.ok else []
        self._guard = re.compile(_guard(set().union(*starts)), flags) if self.ok else None
        self._able: dict[str, tuple[int, ...]] = {}
        self.positions = lru_cache(maxsize=2048)(self._positions)

    def _positions(self, text: str) -> tuple[int, ...]:
        """Every position of `text` where one of the regexes could begin a match."""
        assert self._guard is not None
        return tuple(m.start() for m in self._guard.finditer(text))

    def able(self, char: str) -> tuple[int, ...]:
        """Indices of the regexes that can begin a match with `char`."""
        found = self._able.get(char)
        if found is None:
            found = self._able[char] = tuple(i for i, test in enumerate(self._tests) if test.match(char))
        return found


class AlternationScanner:
    """Scans a text as `re.finditer` of the alternation `r0|r1|...` would (at each position
    the first regex that matches wins) and says which regex matched; at each candidate
    position it tries only the regexes that can begin with the character there."""

    def __init__(self, regexes: Sequence[re.Pattern[str]]) -> None:
        self._regexes = tuple(regexes)
        flags = {r.flags for r in self._regexes}
        self._index = StartIndex([r.pattern for r in self._regexes], next(iter(flags), 0))
        self._fast = self._index.ok and len(flags) <= 1
        self._combined = re.compile("|".join(f"(?P<a{i}>{r.pattern})" for i, r in enumerate(self._regexes)), *flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, re.Match[str]]]:
        """(index of the regex, match) for each match in text[pos:endpos]."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        if not self._fast:
            return [(int(m.lastgroup[1:]), m) for m in self._combined.finditer(text, pos, endpos)]
        positions = self._index.positions(text)
        found = []
        resume = pos
        for at in positions[bisect_left(positions, pos) : bisect_left(positions, endpos)]:
            if at < resume:
                continue
            for i in self._index.able(text[at]):
                if (match := self._regexes[i].match(text, at, endpos)) is not None:
                    found.append((i, match))
                    resume = match.end()  # never empty: the analysis proved a first character
                    break
        return found

"""Regex scans that skip text where a pattern cannot match: the same matches, found faster.

Python's `re` has no trie and no multi-pattern search: an alternation of cue words such
as `\\beconom(?:y|ic)\\b|\\btrade\\b` is tried at every position of the text, and
the leading `\\b` with IGNORECASE defeats its prefix search. That made cue, target,
speaker and agency scans the slowest part of the pipeline. Two tools, both derived from
the parsed pattern (Python's internal `re._parser`, stable since 3.11) and both exact:
where the analysis cannot prove something, the pattern is run as before.

- Literal stems (`PatternSet`, for many texts at once: frames, outlets): every match of
  a word alternation starts with one of a few literal stems ("econom", "trade"); find the
  stems with `bytes.find` in one folded string of all the texts, and run each regex only
  where one of its stems occurs.
- First-character guards (`guarded`, `StartIndex`, `AlternationScanner`, for one text
  scanned many times: mentions, stance): a lookahead that states what the first
  character of any match must be (and whether a word boundary precedes it), so the
  engine skips most positions after one character test, and an alternation scan tries
  only the regexes that can begin with the character at hand.
- Both (`StemIndex`, `matches_at`, `matches_at_places`, for one text scanned many times: stance
  cues): each regex with stems is tried only where one of its stems occurs in the text
  (found by one scan of the folded text for a trie of the stems that begin words, and by
  `bytes.find` for the others), each regex without stems where its guard allows.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from re import _constants as sre
from re import _parser as sre_parse

# --- literal stems ------------------------------------------------------------------------

#: Characters that IGNORECASE matches to an ASCII letter (besides that letter in either
#: case). The tests check over every code point that there are no others.
_ALSO_LETTERS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Operations that match without consuming text: a match starts where the stem after them does.
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEAT_OPS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
#: A byte that `\w` matches: a stem that begins with one begins a word.
_WORD_BYTE = re.compile(rb"\w", re.ASCII)
#: More stems than this from continuing a stem into branches: keep the shorter stem.
_MAX_BRANCH_STEMS = 32
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


def _stems(items: list, ignore_case: bool, lenient: bool = False) -> list[str] | None:
    """The stems of the parsed sequence `items`, or None when it does not have that shape
    (`lenient`: see `literal_stems`)."""
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
        if not stem:
            return None
        # `re` moves a prefix that all branches share in front of them ('AP|Associated Press'
        # is 'A' + 'P|ssociated Press'): continue the stem into the branches, or a stem of
        # one common letter would be tried at every capital A.
        rest = items[position + len(stem) :]
        if rest and rest[0][0] in (sre.BRANCH, sre.SUBPATTERN):
            tails = _stems(rest, ignore_case, lenient)
            if tails and len(tails) <= _MAX_BRANCH_STEMS:
                return [stem + tail for tail in tails]
        return [stem]
    if op is sre.BRANCH:
        stems: list[str] = []
        for alternative in av[1]:
            found = _stems(list(alternative), ignore_case, lenient)
            if found is None:
                return None
            stems += found
        return stems
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or (del_flags and not lenient):
            return None
        return _stems(list(sub), ignore_case, lenient)
    if lenient and op in _REPEAT_OPS:
        low, _high, body = av
        found = _stems(list(body), ignore_case, lenient)
        skipped = _stems(items[position + 1 :], ignore_case, lenient) if low == 0 else []
        return None if found is None or skipped is None else found + skipped
    return None


def literal_stems(pattern: str, flags: int = 0, *, lenient: bool = False) -> Stems | None:
    """The stems of `pattern` (see the module docstring), or None when it has none.

    `lenient` also looks through optional leading parts (`(?:strategic )?all(?:y|ies)`:
    'strategic ', 'all') and through groups that only remove flags (`(?-i:US)` in a pattern
    that ignores case: 'us'). Such a stem may occur where the pattern cannot match, which
    costs a try, never a match.
    """
    try:
        parsed = sre_parse.parse(pattern, flags)
        ignore_case = bool(parsed.state.flags & re.IGNORECASE)
        found = _stems(list(parsed), ignore_case, lenient)
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


# --- first-character guards ---------------------------------------------------------------

_Start = tuple[bool, str]  # (a word boundary must precede, class of the first character)
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
        elif op in _ZERO_WIDTH:  # skipping an assertion only widens the guard
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
    try:
        return _starts(list(sre_parse.parse(source, flags).data)) or None
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


def match_starts(regexes: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """A regex whose `finditer` makes a one-character match at each position where one of
    `regexes` matches, also inside another match; None when that cannot be built (the
    regexes differ in flags, hold groups, or a first character class is not provable or
    negated).

    Unlike a lookahead guard in front (`guarded`), the pattern opens with the class of all
    first characters, so `re` skips to the next such character in one fast loop; a
    lookbehind then steps back over that character and runs the alternation of `regexes`
    from it ('(?=...)' inside '(?<=...)' is one character wide). With every regex
    beginning at a word boundary, a boundary check comes first: it fails faster."""
    flags = {r.flags for r in regexes}
    if len(flags) != 1 or any(r.groups for r in regexes):
        return None
    (flag,) = flags
    starts = [_start_classes(r.pattern, flag) for r in regexes]
    if any(s is None for s in starts):
        return None
    all_starts: set[_Start] = set().union(*starts)
    if any(cls.startswith("^") for _, cls in all_starts):
        return None
    first = "[" + "".join(sorted({cls for _, cls in all_starts})) + "]"
    boundary = r"(?<=\b[\s\S])" if all(b for b, _ in all_starts) else ""
    alternation = "|".join(f"(?:{r.pattern})" for r in regexes)
    try:
        return re.compile(rf"{first}{boundary}(?<=(?=(?:{alternation}))[\s\S])", flag)
    except re.error:  # e.g. inline global flags, which must open a pattern
        return None


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


# --- stems where known, guards elsewhere --------------------------------------------------


def trie_pattern(literals: Iterable[str]) -> str:
    """A regex for the longest of `literals` that begins at a place, as a trie: one branch
    per next character (re tries a branch with one comparison), greedy where a literal may
    end. `|`.join(literals) matches the first of them instead: the same match wherever the
    pattern around admits one length only, as `\\b(?:...)\\b` does for words."""
    root: dict = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[None] = {}  # a literal ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char is not None]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if None in node else body

    return pattern(root)


def _begins_words(starts: set[_Start] | None, flags: int, byte: int) -> bool:
    """Whether every match (of a regex that begins as `starts` say) whose first character
    folds to `byte` begins at a word boundary."""
    if starts is None:
        return False
    loose = [cls for boundary, cls in starts if not boundary]
    if not loose:
        return True
    char = chr(byte)
    folding = {char}
    if flags & re.IGNORECASE:
        folding |= {char.upper(), char.lower()} | {c for c, letter in _ALSO_LETTERS.items() if letter == char.lower()}
    return _char_test({(False, cls) for cls in loose}, flags).search("".join(folding)) is None


class StemIndex:
    """Where each of several regexes can begin a match in a text: where one of its literal
    stems occurs (`stems`, by default the lenient `literal_stems` of each regex; stems
    without literals: nowhere), or for a regex without stems where its first-character
    guard allows. `ok` is False when some regex has neither; then `places` must not be used.

    A stem that begins with a word character, of a regex whose matches that can begin with
    a character folding to that one all begin at a word boundary (`\\baggress|-occupied`:
    'aggress', not '-occupied'), only counts at the start of a word, where the folded text
    has a word boundary too (a character before it that `\\w` does not match folds to a byte that
    `\\w` does not match): one scan of the folded text finds all such stems at its word
    boundaries (a trie of them, in a lookahead so that stems inside others are found too).
    Other stems are found with `bytes.find`.

    The places hold for every (pos, endpos) window too: a stem that occurs in a window
    occurs in the text, and word boundaries and guards only look at a place and the
    character before it. No match found at a place is empty: a stem or a first character
    begins it.
    """

    def __init__(self, regexes: Sequence[re.Pattern[str]], stems: Sequence[Stems | None] | None = None) -> None:
        if stems is None:
            stems = [literal_stems(r.pattern, r.flags, lenient=True) for r in regexes]
        # One fold for all stems: a regex whose stems need the other one goes to the guards.
        self._ignore_case = next((s.ignore_case for s in stems if s is not None), True)
        at_words: dict[bytes, set[int]] = {}
        anywhere: dict[bytes, set[int]] = {}
        others = []
        for i, found in enumerate(stems):
            if found is None or found.ignore_case != self._ignore_case:
                others.append(i)
                continue
            starts = _start_classes(regexes[i].pattern, regexes[i].flags)
            for literal in found.literals:
                at_word_start = _WORD_BYTE.match(literal) and _begins_words(starts, regexes[i].flags, literal[0])
                (at_words if at_word_start else anywhere).setdefault(literal, set()).add(i)
        # Bytes as the characters of the same codes (latin-1), for a bytes regex of the trie.
        trie = trie_pattern(literal.decode("latin-1") for literal in at_words).encode("latin-1")
        self._word_stems = re.compile(rb"\b(?=(" + trie + rb"))") if at_words else None
        # The scan reports the longest stem at a place; the others there are its prefixes.
        self._word_owners = {
            literal: tuple(sorted({i for prefix, ids in at_words.items() if literal.startswith(prefix) for i in ids}))
            for literal in at_words
        }
        # Where an anywhere stem occurs, every anywhere stem that is a prefix of it occurs too:
        # it needs only the regexes those do not already report, so that no place repeats.
        self._anywhere = tuple(
            (literal, tuple(sorted(new)))
            for literal, ids in anywhere.items()
            if (new := ids.difference(*(anywhere[p] for p in anywhere if p != literal and literal.startswith(p))))
        )
        self._others = tuple(others)
        flags = {regexes[i].flags for i in others}
        self._index = StartIndex([regexes[i].pattern for i in others], flags.pop()) if len(flags) == 1 else None
        self.ok = not others or (self._index is not None and self._index.ok)

    def places(self, text: str) -> tuple[tuple[int, int], ...]:
        """(place, index of a regex that can begin a match there) for `text`, in order, each once."""
        assert self.ok
        found = []
        folded = fold(text, ignore_case=self._ignore_case)
        if self._word_stems is not None:
            for match in self._word_stems.finditer(folded):
                found += [(match.start(), i) for i in self._word_owners[match.group(1)]]
        # Each source alone yields its places in order, and no place twice (a word stem and an
        # anywhere stem begin with different kinds of byte; guarded regexes have no stems).
        sources = 1 if found else 0
        for literal, owners in self._anywhere:
            at = folded.find(literal)
            if at >= 0:
                sources += 1
                while at >= 0:
                    found += [(at, i) for i in owners]
                    at = folded.find(literal, at + 1)
        if self._index is not None and (positions := self._index.positions(text)):
            sources += 1
            for at in positions:
                found += [(at, self._others[k]) for k in self._index.able(text[at])]
        if sources > 1:
            found.sort()
        return tuple(found)


def matches_at(regex: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What `regex.finditer(text)` finds, for a regex whose matches are never empty and
    begin only at `starts` (ascending, e.g. from `StemIndex`): `regex.match` there and
    nowhere else, resuming after each match as finditer does."""
    found = []
    resume = 0
    for at in starts:
        if at >= resume and (match := regex.match(text, at)) is not None:
            found.append(match)
            resume = match.end()
    return found


def matches_at_places(
    regexes: Sequence[re.Pattern[str]],
    text: str,
    places: Sequence[tuple[int, int]],
    pos: int = 0,
    endpos: int | None = None,
) -> list[tuple[int, re.Match[str]]]:
    """(index of the regex, match) for each match in text[pos:endpos] of the alternation of
    `regexes`, whose matches are never empty and begin only at `places` ((place, index of a
    regex that can begin a match there), in order, e.g. from `StemIndex`): at each place
    the regexes listed there, in order, the first that matches winning, resuming after each
    match as finditer does."""
    endpos = len(text) if endpos is None else min(endpos, len(text))
    found = []
    resume = pos
    for at, i in places[bisect_left(places, (pos,)) : bisect_left(places, (endpos,))]:
        if at >= resume and (match := regexes[i].match(text, at, endpos)) is not None:
            found.append((i, match))
            resume = match.end()
    return found

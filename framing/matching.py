"""Many regexes of one kind (targets, speakers, cue words, frame cues) matched together.

Python's `re` tries an alternation of many cue words at every position of a text, which is
slow. So where a pattern begins with literal text ('\\bpartners?\\b' with 'partner'), an
Aho-Corasick automaton (`pyahocorasick`) finds where those literal stems occur, and the
pattern's own compiled regex is tried only there. Patterns without such a stem are found
by one `re` alternation of them all, tried only in texts that hold a literal each of them
requires further on (`required_literals`). The result is what each pattern's own `finditer`
finds (`PatternSet.each`), or what `finditer` of the alternation of the patterns finds
(`PatternSet.first`); tests/test_matching.py compares both with `re` on random texts.
A set may join several lists of patterns: `PatternSet.scan` matches a text once for all of
them, and each list reads its own matches from the `Scan` by its range of pattern indices.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import ahocorasick

#: Characters with a special meaning in a pattern (outside a class).
_SPECIAL = set("\\.^$*+?{}[]|()")
#: Zero-width items that may open a pattern before its stem.
_ZERO_WIDTH_ESCAPES = ("\\b", "\\B", "\\A", "^")
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
#: Groups whose stems are read: plain, non-capturing, or only removing flags ('(?-i:US)'
#: matches where '(?:US)' would under IGNORECASE, and less).
_GROUP_OPENING = re.compile(r"\((?:\?(?:-[ims]+)?:)?(?!\?)")
#: A class of at most this many plain characters ('[Tt]') is read as alternative stems.
_MAX_CLASS_CHARS = 4
#: A stem does not grow by a unit that would make the pattern's stems more than this many.
_MAX_STEMS = 64
#: A backslash before a digit that is not itself escaped: a numbered backreference (or an
#: octal escape), which would point at another group once the patterns are joined.
_NUMBERED_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[0-9]")


class Hit(NamedTuple):
    """One match: its span in the text and the index of the pattern that made it."""

    start: int
    end: int
    pattern: int


class PatternSet:
    """Compiled patterns of one kind (all with the same flags), found together.

    Patterns must not match the empty string (such matches are never reported).
    """

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self.regexes = tuple(re.compile(pattern, flags) for pattern in patterns)
        self.flags = flags
        stems = [literal_stems(regex.pattern, flags, regex) for regex in self.regexes]
        self._fold = _Fold(stems) if flags & re.IGNORECASE and any(stems) else None
        if self._fold is not None:
            stems = [tuple({self._fold.stem(stem) for stem in found}) if found else None for found in stems]
        with_stems = {i: found for i, found in enumerate(stems) if found}
        self._automaton = _automaton(with_stems) if with_stems else None
        # Patterns without stems are found by an alternation of them; all patterns by
        # another one, for texts that folding would change in length.
        self._rest = _Alternation(self.regexes, [i for i, found in enumerate(stems) if not found], flags)
        # The alternation is tried at every place of a text: where each of its patterns
        # requires a literal, a text that holds none of them is not searched.
        self._rest_needs = _any_of(self.regexes, self._rest.indices, flags)
        self._all: _Alternation | None = None  # made when first needed: most texts never need it

    def __len__(self) -> int:
        return len(self.regexes)

    def each(self, text: str) -> list[Hit]:
        """What each pattern's own `finditer` finds in `text`, by start, then pattern index."""
        return self.scan(text).each()

    def first(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        """What `finditer` of the alternation `p0|p1|...` finds in text[pos:endpos]: at each
        place the first pattern in order that matches wins."""
        return self.scan(text, pos, endpos).first()

    def search(self, text: str) -> bool:
        """Whether some pattern matches somewhere in `text`."""
        return bool(self.scan(text).each())

    def scan(self, text: str, pos: int = 0, endpos: int | None = None) -> Scan:
        """Every pattern's matches in text[pos:endpos] (found in one pass over the text), to
        be asked what one group of the patterns finds (`Scan.each`, `Scan.first`): a set
        that joins several pattern lists scans a text once for all of them."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        folded = text
        if self._fold is not None and (folded := self._fold(text)) is None:
            if self._all is None:
                self._all = _Alternation(self.regexes, range(len(self.regexes)), self.flags)
            places = self._all.places(text, pos, endpos)  # folding changed the length
        else:
            places = []
            if self._automaton is not None:
                places = [
                    (last - length + 1, found) for last, (length, found) in self._automaton.iter(folded, pos, endpos)
                ]
            if self._rest.indices and (self._rest_needs is None or self._rest_needs.search(text, pos, endpos)):
                places += self._rest.places(text, pos, endpos)
        regexes = self.regexes
        found = []
        for at, patterns in places:
            for pattern in patterns:
                matched = regexes[pattern].match(text, at, endpos)
                if matched is not None and (end := matched.end()) > at:
                    found.append((at, pattern, end))
        if len(found) > 1:
            found = sorted(set(found))  # one pattern at one place, found by two of its stems: once
        return Scan(found)


class Scan:
    """The non-empty matches of the patterns of a `PatternSet` at every place of a text
    where one may begin, as (start, pattern, end) by start, then pattern index; and what a
    group of the patterns finds there. A pattern's own scan skips the matches inside its
    previous one: `each` and `first` drop those (cheaper than trying the places in order)."""

    __slots__ = ("_found",)

    def __init__(self, found: list[tuple[int, int, int]]) -> None:
        self._found = found

    def each(self, group: range | None = None) -> list[Hit]:
        """What each pattern of `group` (all by default) finds with its own `finditer`, by
        start, then pattern index."""
        hits = []
        resume: dict[int, int] = {}  # where a pattern's own scan goes on after its last match
        low, high = (0, sys.maxsize) if group is None else (group.start, group.stop)
        for at, pattern, end in self._found:
            if low <= pattern < high and at >= resume.get(pattern, 0):
                hits.append(_hit((at, end, pattern)))
                resume[pattern] = end
        return hits

    def first(self, group: range | None = None) -> list[Hit]:
        """What `finditer` of the alternation of the patterns of `group` (all by default)
        finds: at each place the first pattern in order that matches wins."""
        hits = []
        resume = 0
        low, high = (0, sys.maxsize) if group is None else (group.start, group.stop)
        for at, pattern, end in self._found:
            if low <= pattern < high and at >= resume:  # the first pattern of the group that matches here
                hits.append(_hit((at, end, pattern)))
                resume = end
        return hits


_hit = Hit._make  # a hit from a tuple: cheaper than calling the class


def literal_stems(pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None) -> tuple[str, ...] | None:
    """Literal texts one of which begins every match of `pattern` (lower case when `flags`
    ignore case), or None when none can be read. The reader knows literal characters, small
    classes such as '[Tt]', groups, '?', '\\b' and lookarounds; at anything else a stem ends
    ('\\bpartners?\\b': 'partner', 'partners'; '\\bRussisch\\w*': 'Russisch').
    `compiled`: the pattern compiled with `flags`, where the caller has it."""
    if flags & re.VERBOSE or _NUMBERED_REFERENCE.search(pattern):
        return None
    try:
        found = _alternatives_stems(pattern, _valid(pattern, flags, compiled))
    except re.error:
        return None
    if not found or any(not stem for stem, _ in found):
        return None
    stems = {stem.lower() for stem, _ in found} if flags & re.IGNORECASE else {stem for stem, _ in found}
    return tuple(sorted(stems))


def required_literals(pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None) -> tuple[str, ...] | None:
    """Literal texts one of which every match of `pattern` holds (not only at its start: the
    longest that a top-level alternative cannot match without, one per alternative), or None
    when some alternative has none that the reader can tell ('[A-Z]\\w+ Foreign Ministry':
    ' Foreign Ministry'). Read as `literal_stems` reads a pattern, unit by unit, up to the
    first unit it does not know."""
    if flags & re.VERBOSE or _NUMBERED_REFERENCE.search(pattern):
        return None
    try:
        valid = _valid(pattern, flags, compiled)
        found = [_required_in_sequence(alternative, valid) for alternative in _top_level_alternatives(pattern, valid)]
    except re.error:
        return None
    if not found or not all(found):
        return None
    return tuple(sorted(set(found)))  # type: ignore[arg-type]


def _required_in_sequence(sequence: str, valid: bool) -> str:
    """The longest literal unit of `sequence` that every match of it holds (one text, at
    least once: not optional, not one of several options), or ''."""
    longest = ""
    at = 0
    while at < len(sequence):
        unit = _unit(sequence, at, valid)
        if unit is None:
            break
        options, after = unit
        # What a lookahead sees (which a stem may hold) is no part of the match.
        if len(options) == 1 and len(options[0][0]) > len(longest) and "(?=" not in sequence[at:after]:
            longest = options[0][0]
        at = after
    return longest


#: (stem, whether the stem is the whole text of the match) for the matches of a piece of pattern.
_Stems = list[tuple[str, bool]]


def _valid(pattern: str, flags: int, compiled: re.Pattern[str] | None) -> bool:
    """Whether `pattern` compiles (`compiled` with `flags`, if given) and each of its groups
    compiles on its own: it refers to no other group (by name or in a condition) and has no
    comments of the verbose syntax."""
    if "(?P=" in pattern or "(?(" in pattern:
        return False
    if compiled is None:
        try:
            compiled = re.compile(pattern, flags)
        except re.error:
            return False
    return not compiled.flags & re.VERBOSE


def _alternatives_stems(pattern: str, valid: bool) -> _Stems:
    """The stems of `pattern`; `valid`: it is part of a pattern that `_valid` accepts."""
    return [
        stem for alternative in _top_level_alternatives(pattern, valid) for stem in _sequence_stems(alternative, valid)
    ]


def _top_level_alternatives(pattern: str, valid: bool) -> list[str]:
    """`pattern` split at its top-level '|': a '|' inside a group or class, or escaped, leaves
    a part before it that does not compile on its own, so `re` itself tells them apart."""
    alternatives = []
    current: str | None = None
    for part in pattern.split("|"):
        current = part if current is None else f"{current}|{part}"
        if (current == part and _closed(part)) or _compiles_within(current, valid):
            alternatives.append(current)
            current = None
    if current is not None:
        raise re.error("no top-level alternatives")
    return alternatives


def _closed(part: str) -> bool:
    """Whether a part of a pattern that begins at the top level surely ends there: it opens
    no group or class and does not end in an escaping backslash."""
    return not any(char in part for char in "()[]") and (len(part) - len(part.rstrip("\\"))) % 2 == 0


def _surely_unbalanced(pattern: str) -> bool:
    """Whether `pattern` surely does not compile, told without compiling it: outside escapes
    (an escaped character is never a group's) and plain classes, and with no other class or
    comment, every parenthesis opens or closes a group, so they must pair."""
    plain = _groups_only(pattern)
    return plain is not None and plain.count("(") != plain.count(")")


_ESCAPED = re.compile(r"\\.", re.DOTALL)
#: A closed class of plain characters once escapes are gone ('[Tt]', '[а-яё]', '[^,;]'): no
#: bracket or backslash inside, and no ']' first, which `re` would read as a member.
_PLAIN_CLASS = re.compile(r"\[(?:\^(?!\]))?(?!\^)[^\[\]\\]+\]")


def _groups_only(part: str) -> str | None:
    """`part` without its escapes and plain classes, where every parenthesis left opens or
    closes a group; None where another class or a comment is left."""
    plain = _PLAIN_CLASS.sub("", _ESCAPED.sub("", part))
    return None if "\\" in plain or "[" in plain or "(?#" in plain else plain


def _compiles_within(part: str, valid: bool) -> bool:
    """Whether `part` (the text from the start of a group's contents or of an alternative)
    compiles. Inside a `valid` pattern, a part whose parentheses pair up outside escapes and
    plain classes holds whole groups only, and compiles: `re` is asked only about the rest
    (compiling each part cost most of the start-up's reading of stems)."""
    if valid and (plain := _groups_only(part)) is not None and _parentheses_pair(plain):
        return True
    return not _surely_unbalanced(part) and _compiles(part)


def _parentheses_pair(plain: str) -> bool:
    """Every ')' closes an earlier '(' and every '(' is closed."""
    depth = 0
    for char in plain:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _closing(pattern: str, start: int, close: str, valid: bool) -> int:
    """The index just past the group or class that opens at `start` (the shortest prefix
    ending in `close` that compiles)."""
    at = pattern.find(close, start + 1)
    while at != -1:
        candidate = pattern[start : at + 1]
        if _compiles_within(candidate, valid):
            return at + 1
        at = pattern.find(close, at + 1)
    raise re.error("unclosed group or class")


def _sequence_stems(sequence: str, valid: bool) -> _Stems:
    """The stems of one alternative, read unit by unit: a stem that is still the whole match
    so far grows by each option of the next unit; at a unit the reader does not know, every
    stem ends (an empty stem then means that nothing is known)."""
    stems: _Stems = [("", True)]
    at = 0
    while at < len(sequence) and any(whole for _, whole in stems):
        unit = _unit(sequence, at, valid)
        if unit is None:
            break
        options, after = unit
        grown = [(stem + option, whole_option) for stem, whole in stems if whole for option, whole_option in options]
        if len(grown) > _MAX_STEMS:
            break
        stems = list(dict.fromkeys([(stem, False) for stem, whole in stems if not whole] + grown))
        at = after
    if at < len(sequence):  # the rest was not read: no stem is the whole match
        stems = [(stem, False) for stem, _ in stems]
    return stems


def _unit(sequence: str, at: int, valid: bool) -> tuple[_Stems, int] | None:
    """(the texts the unit at `at` may match, each with whether that is all it matches; where
    the next unit begins), for a literal character, a small class, a group or a zero-width
    item, with its quantifier; None for any other unit."""
    char = sequence[at]
    if sequence.startswith(_ZERO_WIDTH_ESCAPES, at):
        return [("", True)], at + (1 if char == "^" else 2)
    if sequence.startswith(_LOOKAROUNDS, at):
        after = _closing(sequence, at, ")", valid)
        if sequence.startswith("(?=", at) and _ZERO_WIDTH_REST.fullmatch(sequence, after):
            # A lookahead that ends the sequence: what it sees follows every stem, and ends it.
            ahead = _alternatives_stems(sequence[at + 3 : after - 1], valid)
            if all(stem for stem, _ in ahead):
                return [(stem, False) for stem, _ in ahead], after
        return [("", True)], after
    if (literal := _literal(sequence, at)) is not None:
        text, after = literal
        # Literals that no quantifier follows are one unit: each grows every stem alike.
        while not _quantified(sequence, after) and (following := _literal(sequence, after)) is not None:
            if _quantified(sequence, following[1]):
                break
            text, after = text + following[0], following[1]
        options = [(text, True)]
    elif char == "[":
        after = _closing(sequence, at, "]", valid)
        inside = sequence[at + 1 : after - 1]
        if len(inside) > _MAX_CLASS_CHARS or any(c in _SPECIAL or c in "^-" for c in inside):
            return None
        options = [(c, True) for c in inside]
    elif char == "(":
        opening = _GROUP_OPENING.match(sequence, at)
        if opening is None:
            return None
        after = _closing(sequence, at, ")", valid)
        options = _alternatives_stems(sequence[opening.end() : after - 1], valid)
    else:
        return None
    if _quantified(sequence, after):
        quantifier = sequence[after]
        after += 1 + (sequence[after + 1 : after + 2] in ("?", "+") and quantifier != "{")
        if quantifier == "?":
            return [*options, ("", True)], after
        if quantifier == "+":
            return [(option, False) for option, _ in options], after
        return None  # '*' or a count: the unit may be left out, and what follows is not read
    return options, after


#: Zero-width escapes alone: nothing after a lookahead that a stem could grow by.
_ZERO_WIDTH_REST = re.compile(r"(?:\\[bB])*")


def _literal(sequence: str, at: int) -> tuple[str, int] | None:
    """(the character, where the next unit begins) for a literal character at `at`: a plain
    one or an escaped one that is not a letter or digit ('\\.')."""
    char = sequence[at : at + 1]
    if not char:
        return None
    if char == "\\":
        following = sequence[at + 1 : at + 2]
        return (following, at + 2) if following and not following.isalnum() else None
    return (char, at + 1) if char not in _SPECIAL else None


def _quantified(sequence: str, at: int) -> bool:
    """A quantifier follows the unit that ends at `at`."""
    return sequence[at : at + 1] in ("?", "*", "+", "{")


def _automaton(stems: dict[int, tuple[str, ...]]) -> ahocorasick.Automaton:
    """Stem -> (its length, the patterns it opens), searchable by `iter`."""
    owners: dict[str, list[int]] = {}
    for pattern, found in stems.items():
        for stem in found:
            # Where a longer stem occurs, a stem of the same pattern that begins it does too.
            if not any(other != stem and stem.startswith(other) for other in found):
                owners.setdefault(stem, []).append(pattern)
    automaton = ahocorasick.Automaton()
    for stem, patterns in owners.items():
        automaton.add_word(stem, (len(stem), tuple(patterns)))
    automaton.make_automaton()
    return automaton


class _Fold:
    """Maps a text to one in which the stems occur wherever a pattern that ignores case may
    match them: each character that IGNORECASE matches to a letter of the stems becomes one
    letter of its kind ('ſ' -> 's', the Kelvin sign -> 'k', 'Ä' -> 'ä'), the rest is lower-cased."""

    def __init__(self, stems: Sequence[tuple[str, ...] | None]) -> None:
        letters = {char for found in stems if found for stem in found for char in stem if char.lower() != char.upper()}
        # Only the characters that lower-casing would not turn into their letter.
        variants = {
            char: letter for char, letter in _ignorecase_variants(frozenset(letters)).items() if char.lower() != letter
        }
        self._table = str.maketrans(variants)
        self._odd = re.compile("[" + "".join(map(re.escape, sorted(variants))) + "]") if variants else None

    def __call__(self, text: str) -> str | None:
        """The folded text, or None when it would not keep every offset."""
        if not text.isascii() and self._odd is not None and self._odd.search(text):
            text = text.translate(self._table)
        folded = text.lower()
        return folded if len(folded) == len(text) else None

    def stem(self, stem: str) -> str:
        return stem.translate(self._table)


def _ignorecase_variants(letters: frozenset[str]) -> dict[str, str]:
    """Each character that IGNORECASE matches to one of `letters` -> the first of the
    letters it matches, in code point order."""
    _find_matched_by(letters - _MATCHED_BY.keys())
    variants: dict[str, str] = {}
    for letter in sorted(letters):
        for char in _MATCHED_BY[letter]:
            if char != letter and char not in variants:
                variants[char] = letter
    return variants


#: letter -> the characters that IGNORECASE matches to it (looked up once per process).
_MATCHED_BY: dict[str, str] = {}


def _find_matched_by(letters: Iterable[str]) -> None:
    """Fill `_MATCHED_BY` for `letters`, asking `re` itself over all code points."""
    letters = sorted(letters)
    if not letters:
        return
    found = set(re.findall("[" + "".join(map(re.escape, letters)) + "]", _every_character(), re.IGNORECASE))
    for letter in letters:
        same = re.compile(re.escape(letter), re.IGNORECASE).fullmatch
        _MATCHED_BY[letter] = "".join(sorted(filter(same, found)))


def _every_character() -> str:
    """Every code point but the surrogates, as one string (4 MB: made when needed, not kept)."""
    import numpy as np

    codes = np.concatenate([np.arange(0xD800), np.arange(0xE000, sys.maxunicode + 1)]).astype("<u4")
    return codes.tobytes().decode("utf-32-le")


class _Alternation:
    """Some of the patterns joined as `(?:p)()|(?:q)()|...`: a search finds the next place
    where one of them matches, and the empty marker group after each names the first."""

    def __init__(self, regexes: Sequence[re.Pattern[str]], indices: Iterable[int], flags: int) -> None:
        self._regexes = regexes
        self.indices = tuple(indices)
        self._regex = _join([regexes[i] for i in self.indices], flags)
        self._group_of = {}
        group = 0
        for index in self.indices:
            group += regexes[index].groups + 1
            self._group_of[group] = index

    def places(self, text: str, pos: int, endpos: int) -> list[tuple[int, Sequence[int]]]:
        """(place, the patterns that may match there) for each place where one does."""
        if not self.indices:
            return []
        if self._regex is None:  # not joinable: each pattern everywhere it matches
            starts = sorted(
                {at for i in self.indices for at in range(pos, endpos) if self._regexes[i].match(text, at, endpos)}
            )
            return [(at, self.indices) for at in starts]
        places = []
        search = self._regex.search
        while (found := search(text, pos, endpos)) is not None:
            at = found.start()
            first = self._group_of[found.lastindex]  # type: ignore[index]
            # The patterns before the first that matches here do not match here.
            places.append((at, self.indices[self.indices.index(first) :]))
            pos = at + 1
        return places


def _join(regexes: Sequence[re.Pattern[str]], flags: int) -> re.Pattern[str] | None:
    """`(?:p0)()|(?:p1)()|...` compiled, or None when the patterns cannot be joined (named
    groups, numbered backreferences, inline global flags)."""
    if not regexes or any(r.groupindex or (r.groups and _NUMBERED_REFERENCE.search(r.pattern)) for r in regexes):
        return None
    end = "\n)" if flags & re.VERBOSE else ")"  # a trailing comment must not swallow the ')'
    try:
        joined = re.compile("|".join(f"(?:{regex.pattern}{end}()" for regex in regexes), flags)
    except re.error:  # e.g. a global inline flag, which must open the whole pattern
        return None
    return joined if joined.groups == sum(r.groups + 1 for r in regexes) else None


def _any_of(regexes: Sequence[re.Pattern[str]], indices: Sequence[int], flags: int) -> re.Pattern[str] | None:
    """An alternation of the literals that the patterns at `indices` require
    (`required_literals`), or None when one of them requires none."""
    literals: set[str] = set()
    for index in indices:
        found = required_literals(regexes[index].pattern, flags, regexes[index])
        if found is None:
            return None
        literals.update(found)
    return re.compile("|".join(map(re.escape, sorted(literals))), flags & re.IGNORECASE) if literals else None

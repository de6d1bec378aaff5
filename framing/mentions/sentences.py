"""Sentences of a paragraph: where a break mark ends one, unless it ends an abbreviation
such as 'U.S.' or 'Sen.' or an initial."""

from __future__ import annotations

import re
from functools import lru_cache

#: Words whose full stop ends no sentence (besides single capitals: initials).
_ABBREVIATED = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gen", "Lt", "Col", "Maj", "Capt", "Gov", "St", "Jr", "Sr", "No",
    "Nr", "vs", "etc", "ca", "bzw", "z.B", "u.a", "Inc", "Corp", "U.S", "U.K", "U.N", "E.U",
)  # fmt: skip


#: An abbreviation or an initial right before a full stop.
_ABBREVIATIONS = re.compile(r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATED)) + r")|\b[A-Z])\.$")


#: The last two characters of each abbreviated word: a cheap test that rules most breaks out.
_ABBREVIATED_ENDS = frozenset(word[-2:] for word in _ABBREVIATED)


_BREAK_MARKS = ".!?…"
_CLOSING_MARKS = "\"'”’»)]"
# The marks of a break in group 1, the closing quotes and brackets after them outside it;
# the next sentence may open with a quote mark, the German low ones („, ‚) included.
_SENTENCE_BREAK = re.compile(r"([.!?…][.!?…]*)[\"'”’»)\]]*(?=\s+[\"'“‘«„‚(\[]?[A-ZÄÖÜА-ЯЁ0-9])")


def positions_of(text: str, chars: str) -> list[int]:
    """Every position of one of `chars` in `text`, in order (`str.find` per character is
    cheaper than a regex scan for the class)."""
    found = []
    for char in chars:
        at = text.find(char)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; abbreviations such as 'U.S.' or 'Sen.'
    and initials do not end a sentence."""
    return list(sentence_spans(text))


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`split_sentences`, memoised: a paragraph is split for its first speaker, its quotes
    and its mentions."""
    spans: list[tuple[int, int]] = []
    start = 0
    resume = 0  # where the break scan goes on, as `finditer` would
    for at in positions_of(text, _BREAK_MARKS):  # a break begins with one of these marks
        if at < resume or (match := _SENTENCE_BREAK.match(text, at)) is None:
            continue
        end = resume = match.end()
        if _may_end_abbreviation(text, match.end(1)) and _ABBREVIATIONS.search(
            text[max(start, end - 6) : end].rstrip(_CLOSING_MARKS)
        ):
            continue
        # A break ends with a mark, not a space: only the start needs stripping, and the
        # sentence is not empty.
        while text[start].isspace():
            start += 1
        spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append(_strip_span(text, start, len(text)))
    return tuple(spans)


def _may_end_abbreviation(text: str, marks_end: int) -> bool:
    """False where `_ABBREVIATIONS` cannot match the break whose marks end at `marks_end`: it
    needs a full stop after a capital or an abbreviated word's end (a cheap test first)."""
    return text[marks_end - 1] == "." and (
        "A" <= text[marks_end - 2] <= "Z" or text[marks_end - 3 : marks_end - 1] in _ABBREVIATED_ENDS
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

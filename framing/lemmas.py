"""Lemmas of English, German and Russian words (simplemma's, from a shipped table), and cue
lookup on lemmas.

Cues are matched on lemmas, not word forms, so 'threatens', 'threatened' and 'threat' need
one row each at most, and Russian and German inflection needs none. German compounds are
handled in data: a cue row says whether it also matches as the head of a compound
('Nato-Aggression', 'Kriegsdrohung' for 'Drohung') or anywhere in one ('Aggressionskrieg').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

LANGUAGES = ("en", "de", "ru")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_WORDS_AND_GAPS = re.compile(f"({_WORD.pattern})", re.UNICODE)  # splits a text into gap, word, gap, ...
#: German compounds join their parts with these linking letters ('Aggression-s-krieg').
_LINKS = ("", "s", "es", "n", "en")
GAP = 10  # tokens at most between the parts of a 'gap' cue
MIN_COMPOUND_PART = 4  # letters: shorter cue lemmas match whole words only


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lemma: str  # casefolded


@functools.lru_cache(maxsize=262_144)
def lemma(word: str, lang: str) -> str:
    """The casefolded lemma of one word, where it can matter to a cue: the shipped table of
    forms (`resources/stance/lemmas_<lang>.tsv`, from simplemma's dictionaries, only the forms
    of cue, role and actor lemmas), then in German the last part of a compound from the same
    table ('Kriegsdrohungen' -> 'kriegsdrohung'); any other word stays as written, casefolded."""
    folded = word.casefold()
    if lang not in LANGUAGES:
        return folded
    table = lemma_table(lang)
    # as simplemma looks a word up: as written, in lower case, in German also capitalised
    found = table.get(word) or table.get(word.lower()) or (table.get(word.capitalize()) if lang == "de" else None)
    if found is not None:
        return found
    if lang == "en" and folded.endswith(("'s", "’s")):
        return lemma(word[:-2], lang)  # "Moscow's" -> 'moscow'
    if lang == "de":
        for cut in range(3, len(folded) - MIN_COMPOUND_PART + 1):  # at least 3 letters before the tail
            tail = table.get(folded[cut:]) or table.get(folded[cut:].capitalize())
            if tail is not None:
                return folded[:cut] + tail
    return folded


@functools.cache
def lemma_table(lang: str) -> dict[str, str]:
    """form -> lemma for `lang` (empty where the table cannot be read: words stay as written)."""
    from importlib.resources import files

    try:
        text = files("framing.resources").joinpath("stance", f"lemmas_{lang}.tsv").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    pairs = (line.split("\t") for line in text.splitlines()[1:])
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def tokens(text: str, lang: str, around: tuple[int, int] | None = None, reach: int = 0) -> list[Token]:
    """The words of `text` with their character offsets and lemmas; with `around` (a span),
    only the words within `reach` words of it, so a long sentence costs no more than a short one."""
    found = word_spans(text)
    if around is not None:
        inside = [k for k, (a, b, _) in enumerate(found) if a < around[1] and b > around[0]]
        if inside:
            found = found[max(0, inside[0] - reach) : inside[-1] + reach + 1]
    return [Token(a, b, word, lemma(word, lang)) for a, b, word in found]


@functools.lru_cache(maxsize=4096)
def word_spans(text: str) -> list[tuple[int, int, str]]:
    # Memoised: a sentence with several mentions is split once (callers only slice the list).
    split = split_words(text)
    return list(zip(split.starts, split.ends, split.words, strict=True))


class WordSplit(NamedTuple):
    """The words of a text (as `word_spans` finds them) and the text around them, as lists."""

    starts: list[int]  # where each word starts
    ends: list[int]  # where each word ends
    words: list[str]
    gaps: list[str]  # the text before each word, then the text after the last one


# Memoised: the stance engine reads a sentence's words in more than one place.
@functools.lru_cache(maxsize=4096)
def split_words(text: str) -> WordSplit:
    """`WordSplit` of `text` (memoised and shared: its lists must not be changed)."""
    # One split and running sums of the parts' lengths: no Python step per word.
    parts = _WORDS_AND_GAPS.split(text)  # gap, word, gap, ..., word, gap
    offsets = list(accumulate(map(len, parts)))  # where each part ends
    return WordSplit(offsets[0:-1:2], offsets[1::2], parts[1::2], parts[0::2])


MAX_LEMMAS_SEEN = 262_144  # words remembered per language by `lemmas_of`, as `lemma`'s own memo


def lemmas_of(words: list[str], lang: str) -> list[str]:
    """`lemma` of each word (looked up in a plain dict of the words seen before: a sentence
    asks for dozens)."""
    seen = _lemmas_seen(lang)
    found = list(map(seen.get, words))
    if None in found:
        if len(seen) > MAX_LEMMAS_SEEN:  # a bound on memory
            seen.clear()
        for k, word in enumerate(words):
            if found[k] is None:
                found[k] = seen[word] = lemma(word, lang)
    return found


@functools.cache
def _lemmas_seen(lang: str) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class CueEntry:
    """One cue: a lemma (or several, space-separated), what it means, and how it may match."""

    lemmas: tuple[str, ...]
    kind: str
    weight: float
    compound: str  # word | head | any | gap (a two-part cue whose parts may stand apart: 'greift ... an')
    source: str


class CueIndex:
    """All cues of one language, looked up at a token position.

    Multi-word cues match consecutive lemmas; single-lemma cues with `compound` = head also
    match the last part of a compound, and `any` any part of it (German)."""

    def __init__(self, entries: Iterable[CueEntry]) -> None:
        self.by_first: dict[str, list[CueEntry]] = {}
        self.heads: dict[str, CueEntry] = {}
        self.anywhere: dict[str, CueEntry] = {}
        for entry in entries:
            self.by_first.setdefault(entry.lemmas[0], []).append(entry)
            if len(entry.lemmas) == 1 and len(entry.lemmas[0]) >= MIN_COMPOUND_PART:
                if entry.compound == "head":
                    self.heads.setdefault(entry.lemmas[0], entry)
                elif entry.compound == "any":
                    self.anywhere.setdefault(entry.lemmas[0], entry)
        self.longest = max((len(e.lemmas) for es in self.by_first.values() for e in es), default=1)

    def match(self, lemmas: list[str], i: int) -> tuple[CueEntry, int] | None:
        """The longest cue starting at token `i`, with its length in tokens."""
        best: tuple[CueEntry, int] | None = None
        for entry in self.by_first.get(lemmas[i], ()):
            n = len(entry.lemmas)
            if tuple(lemmas[i : i + n]) == entry.lemmas and (best is None or n > best[1]):
                best = (entry, n)
            elif entry.compound == "gap" and n == 2 and entry.lemmas[1] in lemmas[i + 1 : i + 1 + GAP]:
                best = best or (entry, 1)  # only the first part is consumed; the particle stays a word
        if best is None and (self.heads or self.anywhere):
            part = compound_cue(lemmas[i], self.heads, self.anywhere)
            if part is not None:
                best = (part, 1)
        return best


def compound_cue(word: str, heads: dict[str, CueEntry], anywhere: dict[str, CueEntry]) -> CueEntry | None:
    """The cue a compound word carries: a head cue as its last part ('nato-aggression',
    'kriegsdrohung'), or an `any` cue as its first part ('aggressionskrieg')."""
    found: list[CueEntry] = []
    parts = word.split("-")
    if len(parts) > 1:
        found += [e for part in parts if (e := heads.get(part) or anywhere.get(part)) is not None]
    for cut in range(3, len(word) - MIN_COMPOUND_PART + 1):  # at least 3 letters before the head
        if (e := heads.get(word[cut:])) is not None:
            found.append(e)
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        if (e := anywhere.get(word[:cut])) is not None and _linked(word[cut:]):
            found.append(e)
    # the strongest part decides: 'aggressionskrieg' is aggression more than war
    return max(found, key=lambda e: e.weight) if found else None


def _linked(rest: str) -> bool:
    # 'aggressionskrieg' = 'aggression' + 's' + 'krieg': the rest after a linking letter is a word.
    return any(rest.startswith(link) and len(rest) - len(link) >= MIN_COMPOUND_PART for link in _LINKS)

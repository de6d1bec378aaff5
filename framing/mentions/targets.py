"""Targets: matches of the NATO and Russia patterns (`resources/targets.csv`: names,
adjectives, compounds and metonyms such as Moscow or the Kremlin, in English, German and
Russian). Metonyms such as 'the alliance' count only where their target is named in the
context: in an article, anywhere before (the article's topic)."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple

from framing.mentions.patterns import case_sensitive, case_sensitive_scan, target_patterns

#: How far back (in sentences) `find_targets` callers used to look for a metonym's target; the
#: article walk now reads metonyms against every target named before in the article.
CONTEXT_SENTENCES = 2


class TargetMatch(NamedTuple):
    """One NATO or Russia match in a sentence (a tuple: there is one for every match)."""

    start: int
    end: int
    surface: str
    target: str
    form: str


def find_targets(text: str, *, context: str = "") -> list[TargetMatch]:
    """NATO/Russia matches in `text`, longest match first where patterns overlap.

    Metonyms that need context ("the alliance") count only when their target's name
    occurs in `text` or in `context` (the sentences before).
    """
    if context and not needs_context(text):
        context = ""  # the same result, and one cache entry per sentence instead of per context
    return list(targets_in(text, context))


@lru_cache(maxsize=16384)
def needs_context(text: str) -> bool:
    """Whether a match in `text` counts only with its target named nearby."""
    matches = pattern_matches(text)
    if not matches:  # most sentences
        return False
    needing = context_forms()
    return any((m.target, m.form) in needing for m in matches)


@lru_cache(maxsize=16384)
def targets_in(text: str, context: str) -> tuple[TargetMatch, ...]:
    """`find_targets`, memoised: the speaker rules and the stance engine ask again about the
    same sentence."""
    found = list(pattern_matches(text))
    if not found:  # most sentences
        return ()
    needing = context_forms()
    if any((m.target, m.form) in needing for m in found):
        named = {m.target for m in found if (m.target, m.form) not in needing}
        named |= {m.target for m in targets_in(context, "")} if context else set()
        found = [m for m in found if (m.target, m.form) not in needing or m.target in named]
    if len(found) < 2:
        return tuple(found)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TargetMatch] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue  # overlaps a longer match ("Russian Federation" vs "Russian")
        kept.append(match)
    return tuple(kept)


@lru_cache(maxsize=16384)
def pattern_matches(text: str) -> tuple[TargetMatch, ...]:
    """Every match of every target pattern (each pattern's own `finditer`), by position
    and then pattern order; overlaps between patterns are not resolved yet."""
    patterns = target_patterns()
    group = case_sensitive()[1].targets
    return tuple(
        TargetMatch(hit.start, hit.end, text[hit.start : hit.end], pattern.target, pattern.form)
        for hit in case_sensitive_scan(text).each(group)
        if (pattern := patterns[hit.pattern - group.start])
    )


@cache
def context_forms() -> frozenset[tuple[str, str]]:
    """(target, form) pairs that count only with their target named nearby."""
    return frozenset((p.target, p.form) for p in target_patterns() if p.needs_context)

"""Direct quotes in a paragraph, and who speaks each: the speaker named next to the quote,
else the speaker of the quote before it."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from framing.mentions.names import canonical, people_in
from framing.mentions.sentences import positions_of, sentence_spans
from framing.mentions.speakers import UNATTRIBUTED, Attribution, Scope, attribution_of, person_named, resolve

#: Marks that open a quote, with the marks that close it; marks that do both.
_OPENERS = {"„": "“”", "«": "»"}
_TOGGLES = '"“”'
_QUOTE_MARKS = "".join(sorted(set("".join(_OPENERS) + "".join(_OPENERS.values()) + _TOGGLES)))


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost double-quoted passage, quote marks included.

    With both curly marks present, “ opens and ” closes, and quotes may nest (a quote
    within a quote stays inside the outer one). Otherwise quote marks toggle (scraped text
    mixes straight and curly marks, or uses ” on both sides). German „...“ and «...» pair
    explicitly. A quote still open at the end of the paragraph runs to its end (news
    style: the next paragraph reopens it).
    """
    curly = "“" in text and "”" in text
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    depth = 0
    closers = ""
    for i in positions_of(text, _QUOTE_MARKS):  # only quote marks change the state
        char = text[i]
        if open_at is None:
            if char in _OPENERS:
                open_at, closers, depth = i, _OPENERS[char], 1
            elif char in _TOGGLES and not (curly and char == "”"):
                open_at, closers, depth = i, ("”" if curly and char == "“" else _TOGGLES), 1
        elif curly and char == "“" and closers == "”":
            depth += 1
        elif char in closers:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    if (dialogue := _dialogue_quote(text)) is not None:
        spans = [dialogue] + [(s, e) for s, e in spans if s >= dialogue[1]]
    # A 'quote' of one or two words is a scare quote or a title, not speech.
    return [(s, e) for s, e in spans if len(text[s:e].split(maxsplit=2)) == 3]


#: Russian direct speech as a paragraph: '— Мы готовы к диалогу, — заявил министр.' The
#: dash opens the paragraph; a comma (or !, ?, …) and a dash before a lower-case word close
#: the quote, and the attribution follows.
_DIALOGUE_OPENING = re.compile(r"[—–]\s")
_DIALOGUE_CLOSING = re.compile(r"[,!?…]\s*[—–]\s+(?=[a-zа-яё])")


def _dialogue_quote(text: str) -> tuple[int, int] | None:
    """The span of a dash-opened direct speech closed by ', — verb ...', if the paragraph is one."""
    if not _DIALOGUE_OPENING.match(text):
        return None
    closing = _DIALOGUE_CLOSING.search(text)
    return (0, closing.start() + 1) if closing else None


def speakers_of_quotes(text: str, quotes: list[tuple[int, int]], scope: Scope) -> list[tuple[str, str]]:
    """(speaker, evidence) for each quote of a paragraph, in order."""
    result: list[tuple[str, str]] = []
    if not quotes:
        return result
    sentences = _SentenceBounds(text)
    for q_start, q_end in quotes:
        clause = _attribution_near_quote(text, q_start, q_end, sentences, scope.on) or _closing_attribution(
            text, quotes, scope.on
        )
        if clause is not None:
            # A pronoun or descriptor ('he', 'der 76-Jährige') may mean a person named earlier
            # in this paragraph, which the story's memory has not read yet.
            named = _named_before(text, q_start, sentences, scope.on) if clause.speaker is None else None
            speaker = named or resolve(clause.speaker, scope) or UNATTRIBUTED
            evidence = f"direct quote; {clause.evidence}"
        elif result:
            speaker, evidence = result[-1][0], "direct quote continuing the previous quote in this paragraph"
        elif scope.last_quote_speaker and q_start == 0:
            speaker, evidence = scope.last_quote_speaker, "direct quote continuing the previous paragraph's quote"
        elif q_start == 0 and (named := scope.last_named):
            # A paragraph that opens with a quote nobody introduces goes on with the person
            # the story last named ('Volfovich: ...' in the headline, then the quote).
            speaker, evidence = named, "direct quote opening its paragraph: the story's last named person"
        else:
            speaker, evidence = UNATTRIBUTED, "direct quote without attribution"
        if speaker != UNATTRIBUTED and (clause is None or clause.person):
            scope.last_named = speaker  # a pronoun's antecedent is a person, not an organisation
        result.append((speaker, evidence))
    scope.last_quote_speaker = result[-1][0] if result[-1][0] != UNATTRIBUTED else None
    return result


class _SentenceBounds:
    """The sentences of a paragraph, found by offset with a binary search (they are in
    order and do not overlap, so starts and ends both ascend)."""

    def __init__(self, text: str) -> None:
        spans = sentence_spans(text)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def around(self, offset: int) -> tuple[int, int] | None:
        """The sentence with start <= offset < end, if any."""
        i = bisect_right(self.starts, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and offset < self.ends[i] else None

    def last_ending_by(self, offset: int) -> tuple[int, int] | None:
        """The last sentence with end <= offset, if any."""
        i = bisect_right(self.ends, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 else None


def _named_before(text: str, at: int, sentences: _SentenceBounds, on: date | None) -> str | None:
    """The person that the paragraph's sentence before offset `at` names, outside quotes
    (a whole sentence, as the walk reads it: its reading is memoised)."""
    previous = sentences.last_ending_by(at)
    return person_named(text[previous[0] : previous[1]], False, None, on) if previous is not None else None


def _closing_attribution(text: str, quotes: list[tuple[int, int]], on: date | None) -> Attribution | None:
    """'“...long quote over several sentences...,” he said.' attributes the whole paragraph."""
    tail = text[quotes[-1][1] :]
    return attribution_of(tail, on) if len(tail) < 80 else None


def _colon_introduction(before: str, on: date | None) -> Attribution | None:
    """'Shoigu put it bluntly: “...”': a person named in the clause that a colon closes
    introduces the quote."""
    clause = before.rstrip()[:-1]
    people = [p for p in people_in(clause, on) if p.kind != "single"]
    if not people:
        return None
    speaker = canonical(people[0])
    return Attribution(speaker, f"colon introduction '{clause.strip()}:'", ())


def _attribution_near_quote(
    text: str, q_start: int, q_end: int, sentences: _SentenceBounds, on: date | None
) -> Attribution | None:
    """A reporting clause right after the quote (to the end of its sentence) or right
    before it (from the start of its sentence)."""
    after = sentences.around(q_end)
    if after is not None and (found := attribution_of(text[q_end : after[1]], on)) is not None:
        return found
    opening = sentences.around(q_start)
    before = text[opening[0] if opening is not None else 0 : q_start]
    if before.strip() and (found := attribution_of(before, on)) is not None:
        return found
    if before.rstrip().endswith(":") and (found := _colon_introduction(before, on)) is not None:
        return found
    if not before.strip():
        # A quote that opens its sentence right after 'X described the situation.'
        previous = sentences.last_ending_by(q_start)
        if previous is not None and (found := attribution_of(text[previous[0] : previous[1]], on)) is not None:
            return found
        # 'Грушко прокомментировал решение альянса. «...»': the person the sentence before
        # names introduces the quote.
        if (named := _named_before(text, q_start, sentences, on)) is not None:
            return Attribution(named, f"the sentence before names {named}", ())
    return None

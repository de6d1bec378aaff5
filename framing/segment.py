"""Stage 2: article text -> `Segment`s (title, body, navigation, excerpt, ...).

A segment is one line or paragraph of the raw text, addressed by char offsets into it.
Classification is rule-based and every segment carries the reason for its kind, so the
corpus notebook can show what was set aside as boilerplate and why. Nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from framing.metadata import DATE_LINE
from framing.resources import read_table
from framing.types import Segment, SegmentKind

#: Fewest words of a headline; shorter lines before the body are menus or section names.
MIN_TITLE_WORDS = 3
#: Headline-like lines this long (and not ending a sentence) are standfirsts, not titles.
MIN_STANDFIRST_WORDS = 13
#: A paragraph is running text when it has this many words and ends a sentence.
MIN_SENTENCE_WORDS = 8
#: A paragraph this long is running text even when it does not end a sentence.
MIN_RUNNING_TEXT_WORDS = 30

#: A line ends a sentence when, before trailing white space, it ends in a stop followed
#: only by closing quotes or brackets, or in a closing quote: the regex
#: [.!?…:;]["'”’»)\]]*\s*$|["”»]\s*$ , tested from the end (see `ends_sentence`).
_STOPS = tuple(".!?…:;")
_CLOSERS = "\"'”’»)]"
_CLOSING_QUOTES = tuple('"”»')
_ELLIPSIS_END = re.compile(r"(\.\.\.|…)\s*$")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+\S")
_WORD = r"\w+(?:[-’']\w+)*"
#: A picture caption: it opens with 'Photo:' or ends with a credit ('... [Photo/Agencies]',
#: '(Foto: dpa)', 'Генсек альянса Марк Рютте Фото: Иван Петров/Agency.ru'). It is the outlet's text,
#: but never the headline.
_CAPTION = re.compile(
    r"^(?:Photo|Foto|Фото|Bild)\s*:|[\[(](?:Photo|Foto|Фото|Bild)\b[^\])]*[\])]\s*$"
    r"|\s(?:Photo|Foto|Фото|Bild)\s*:\s*[^!?:]{1,60}$"
)


@cache
def _words_at_least(n: int) -> re.Pattern[str]:
    """Matches (at the start) a text holding at least `n` words: `n` times the non-word
    characters before a word, then the word, neither given back (possessive, atomic), so
    each word is the one `re.finditer(_WORD, text)` finds next and a failure is linear."""
    return re.compile(rf"(?:\W*+(?>{_WORD})){{{n}}}")


#: A short line right after the body that ends in a full stop and has this many words is
#: the body's last sentence: shorter ones ('Read more.', 'Alle Rechte vorbehalten.') are
#: page furniture.
MIN_CLOSING_SENTENCE_WORDS = 5


def _closing_sentence(block: _Block) -> bool:
    return block.text.rstrip().endswith(".") and block.has_words(MIN_CLOSING_SENTENCE_WORDS)


class _Block(NamedTuple):
    start: int
    end: int
    text: str
    indent: int

    def has_words(self, n: int) -> bool:
        """Whether the block has at least `n` (>= 1) words (matches of `_WORD`)."""
        return _words_at_least(n).match(self.text) is not None

    @property
    def is_sentence(self) -> bool:
        """Running text: a paragraph that ends a sentence, or one too long to be a heading."""
        return self.has_words(MIN_SENTENCE_WORDS if ends_sentence(self.text) else MIN_RUNNING_TEXT_WORDS)


@dataclass(frozen=True)
class _Pattern:
    name: str
    kind: str
    regex: re.Pattern[str]


@cache
def _patterns() -> tuple[_Pattern, ...]:
    return tuple(
        _Pattern(row["name"], row["kind"], re.compile(row["pattern"], re.IGNORECASE))
        for row in read_table("boilerplate.csv")
    )


def match_boilerplate(line: str) -> tuple[str, str] | None:
    """(kind, pattern name) of the first boilerplate pattern matching `line`, else None."""
    stripped = line.strip()
    for pattern in _patterns():
        if pattern.regex.search(stripped):
            return pattern.kind, pattern.name
    return None


def ends_sentence(line: str) -> bool:
    """Whether `line` ends a sentence (see `_STOPS`): a stop, then only closing quotes or
    brackets, or a closing quote; then only white space."""
    end = line.rstrip()
    return end.rstrip(_CLOSERS).endswith(_STOPS) or end.endswith(_CLOSING_QUOTES)


def split_blocks(text: str) -> list[tuple[int, int, int]]:
    """(start, end, indent) of each non-empty line, stripped; hard-wrapped lines are joined.

    A line continues the previous one when that one does not end a sentence and this one
    starts in lower case at the same indentation (typical of text wrapped at 72 columns).
    """
    blocks: list[list[int]] = []
    pos = 0
    previous_open = False
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            lead = len(content) - len(content.lstrip())
            start = pos + lead
            end = start + len(stripped)
            continues = previous_open and blocks and stripped[0].islower() and lead == blocks[-1][2]
            if continues:
                blocks[-1][1] = end
            else:
                blocks.append([start, end, lead])
            previous_open = not ends_sentence(stripped)
        else:
            previous_open = False
        pos += len(line)
    return [(s, e, i) for s, e, i in blocks]


def segment_text(text: str) -> list[Segment]:
    """Split `text` into classified segments covering every non-blank line."""
    blocks = [_Block(s, e, text[s:e], indent) for s, e, indent in split_blocks(text)]
    if not blocks:
        return []
    labels: list[tuple[SegmentKind, str, int | None] | None] = [None] * len(blocks)
    matches = [match_boilerplate(b.text) for b in blocks]

    first_body = next((i for i, b in enumerate(blocks) if b.is_sentence and matches[i] is None), None)
    end_of_head = first_body if first_body is not None else len(blocks)
    title_index = _label_head(blocks, matches, labels, end_of_head)
    title_text = blocks[title_index].text.casefold() if title_index is not None else None
    if first_body is not None:
        _label_tail(blocks, matches, labels, first_body, title_text)

    return [
        Segment(index=i, start=b.start, end=b.end, text=b.text, kind=kind, kind_reason=reason, excerpt=excerpt)
        for i, (b, (kind, reason, excerpt)) in enumerate(zip(blocks, labels, strict=True))
    ]


def _pattern_label(match: tuple[str, str]) -> tuple[SegmentKind, str, None]:
    kind, name = match
    target = SegmentKind.BOILERPLATE if kind == "related-start" else SegmentKind(kind)
    return target, f"matches boilerplate pattern '{name}'", None


def _label_head(blocks, matches, labels, end: int) -> int | None:
    """Label the lines before the first body paragraph; returns the title's index."""
    title_index = None
    candidates = [
        i
        for i in range(end)
        if matches[i] is None
        and not _date_line(blocks[i].text)
        and blocks[i].has_words(MIN_TITLE_WORDS)
        and not _is_caption(blocks, matches, i)
    ]
    # The headline (and standfirst) sit right before the body, above any picture caption,
    # credit, byline or short label ('Ukrinform'): the last candidate. A long line is a
    # standfirst when a headline sits directly above it, or when nothing does (pages scraped
    # without their headline); below a date or menu it is the headline.
    if candidates:
        last = candidates[-1]
        if (
            len(candidates) > 1
            and _is_lead_sentence(blocks[last].text)
            and not _is_lead_sentence(blocks[candidates[-2]].text)
        ):
            # 'Berlin weighs a firmer answer to Moscow' above 'Ministers have hardened their
            # language.': a headline has no final full stop, the lead below it has one
            labels[last] = (SegmentKind.STANDFIRST, "a sentence below the headline, right before the body", None)
            last = candidates[-2]
        above = last - 1
        if blocks[last].has_words(MIN_STANDFIRST_WORDS) and (above < 0 or above in candidates):
            labels[last] = (SegmentKind.STANDFIRST, "long headline-like line right before the body", None)
            title_index = above if above >= 0 else None
        else:
            title_index = last
    if title_index is not None:
        # A scraped page often repeats its headline (the page title, then the heading above
        # the body): the first copy is the headline, the later ones repeat it.
        folded = blocks[title_index].text.casefold()
        first_copy = next((i for i in range(title_index) if _same_casefolded(blocks[i].text, folded)), None)
        if first_copy is not None:
            labels[title_index] = (SegmentKind.NAVIGATION, "the headline repeated (its first copy is the title)", None)
            title_index = first_copy
        labels[title_index] = (
            SegmentKind.TITLE,
            "headline: the line above the body text (or above its standfirst)",
            None,
        )
    for i in range(end):
        if labels[i] is not None:
            continue
        if matches[i] is not None:
            labels[i] = _pattern_label(matches[i])
        elif _date_line(blocks[i].text):
            labels[i] = (SegmentKind.DATE, "line holds only a date", None)
        elif _is_caption(blocks, matches, i):
            labels[i] = (SegmentKind.BODY, "picture caption (a photo credit in or right after it)", None)
        else:
            labels[i] = (SegmentKind.NAVIGATION, "short line above the headline (site menu or section)", None)
    return title_index


def _date_line(line: str) -> bool:
    """A line that holds only a date, also as a list item ('• 08 Apr. 2016 -')."""
    return bool(DATE_LINE.match(line) or DATE_LINE.match(line.strip(" \t•·|-–—")))


def _is_lead_sentence(line: str) -> bool:
    """A line that ends as a sentence does, with a full stop (a headline has none)."""
    return line.rstrip().endswith(".") and not line.rstrip().endswith("...")


#: Boilerplate patterns that credit a picture: the line above one is its caption.
_CREDIT_LINES = frozenset({"copyright line", "photo credit line"})


def _is_caption(blocks, matches, i: int) -> bool:
    """A picture caption: a photo credit in it, or a credit line right after it ('NATO
    Secretary General Jens Stoltenberg' above '© AP Photo/...')."""
    if _CAPTION.search(blocks[i].text):
        return True
    following = matches[i + 1] if i + 1 < len(blocks) else None
    return matches[i] is None and following is not None and following[1] in _CREDIT_LINES


def _same_casefolded(text: str, folded: str) -> bool:
    """`text.casefold() == folded`; case folding never shortens a text, so a longer text
    is told apart without folding it."""
    return len(text) <= len(folded) and text.casefold() == folded


def _label_tail(blocks, matches, labels, first_body: int, title_text: str | None) -> None:
    """Label the body and everything after it with a small state machine:
    body -> numbered excerpts -> related-post blocks."""
    state = "body"
    excerpt_no: int | None = None
    heading_indent = 0
    for i in range(first_body, len(blocks)):
        block = blocks[i]
        numbered = _NUMBERED.match(block.text)
        if matches[i] is not None:
            labels[i] = _pattern_label(matches[i])
            state = "related" if matches[i][0] == "related-start" else ("after" if state == "excerpt" else state)
        elif numbered and (block.indent > 0 or _ELLIPSIS_END.search(block.text)):
            excerpt_no = int(numbered.group(1))
            heading_indent = block.indent
            state = "excerpt"
            labels[i] = (SegmentKind.RELATED_POST, f"numbered heading of embedded story {excerpt_no}", excerpt_no)
        elif state == "excerpt" and block.indent >= heading_indent:
            labels[i] = (SegmentKind.EXCERPT, f"text under the heading of embedded story {excerpt_no}", excerpt_no)
        elif state == "related":
            labels[i] = (SegmentKind.RELATED_POST, "teaser after a related-stories marker", None)
        elif _date_line(block.text):
            labels[i] = (SegmentKind.DATE, "line holds only a date", None)
        elif title_text is not None and _same_casefolded(block.text, title_text):
            labels[i] = (SegmentKind.BOILERPLATE, "repeats the headline (page footer or breadcrumb)", None)
        elif state == "body" and block.is_sentence:
            labels[i] = (
                SegmentKind.BODY,
                "running text" if i > first_body else "first paragraph of running text",
                None,
            )
        else:
            if state == "excerpt":
                state = "after"
            labels[i] = None  # decided below: subheading inside the body or link after it
    last_body = max((i for i, lab in enumerate(labels) if lab and lab[0] is SegmentKind.BODY), default=first_body)
    closing = True  # still in the sentences that close the body, right after its last paragraph
    for i in range(first_body, len(blocks)):
        if labels[i] is not None:
            closing = closing and i <= last_body  # a date, a credit or a marker ends the body's close
        elif i < last_body:
            labels[i] = (SegmentKind.BODY, "short line between body paragraphs (subheading)", None)
        elif closing and _closing_sentence(blocks[i]):
            # 'В Берлине считают, что Россия угрожает НАТО.': a short last paragraph of
            # running text, not a menu link (those do not end in a full stop)
            labels[i] = (SegmentKind.BODY, "short sentence closing the article text", None)
        else:
            closing = False
            labels[i] = (SegmentKind.NAVIGATION, "short line after the article text (link or menu)", None)

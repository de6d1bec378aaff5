"""Transcripts and interviews. A text whose title names its genre as one person's words ('Doorstep
statement', 'Speech', 'Пресс-конференция') followed by that person ('by NATO Secretary
General Jens Stoltenberg ...') speaks in that person's voice wherever no quote or reporting
clause says otherwise: the outlet publishes the words, it does not narrate them. In a
dialogue-style interview ('— question?' / '— answer'), the answers are the words of the
story's first named person (the one the standfirst says answered the questions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from framing.mentions.lexicon import speaker_lexicon
from framing.mentions.names import canonical, people_in
from framing.types import CONTENT_KINDS, Segment

#: How many segments from the top (of any kind: sites often mark the heading as navigation)
#: the genre heading may sit in, and how many after it may name the speaker.
_HEAD_SEGMENTS = 6
_SPEAKER_SEGMENTS = 3


@cache
def _genre() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(speaker_lexicon().transcript) + r")(?![\w-])", re.IGNORECASE)


def transcript_speaker(segments: Sequence[Segment], on: date | None) -> tuple[str, str] | None:
    """(speaker, evidence) when one of the first segments is a transcript genre heading
    ('Doorstep statement', 'Speech by ...') and a person is named in it or right after it."""
    if not any(s.kind in CONTENT_KINDS for s in segments):
        return None
    head = list(segments[:_HEAD_SEGMENTS])
    for i, segment in enumerate(head):
        text = segment.text.strip()
        genre = _genre().match(text) if len(text) <= 120 else None
        if genre is None:
            continue
        for following in [text[genre.end() :], *(s.text for s in segments[i + 1 : i + 1 + _SPEAKER_SEGMENTS])]:
            people = [p for p in people_in(following[:200], on) if p.kind != "single"]
            if people:
                speaker = canonical(people[0], genitive=True)
                return speaker, f"transcript: '{genre.group(0)}' by {speaker} (the text is in the speaker's words)"
        return None
    return None


#: A paragraph of a dialogue-style interview opens with a dash ('— Нет. У нас с Россией ...').
_DIALOGUE_DASH = ("— ", "– ")


def is_interview(segments: Sequence[Segment]) -> bool:
    """A dialogue-style interview: at least two content paragraphs open with a dash, and
    at least one of them is a question (the outlet's)."""
    dialogue = [
        s.text.strip() for s in segments if s.kind in CONTENT_KINDS and s.text.lstrip().startswith(_DIALOGUE_DASH)
    ]
    return len(dialogue) >= 2 and any(text.endswith("?") for text in dialogue)


def is_answer(paragraph: str) -> bool:
    """A dialogue paragraph that is no question: the interviewee's answer."""
    text = paragraph.strip()
    return text.startswith(_DIALOGUE_DASH) and not text.endswith("?")

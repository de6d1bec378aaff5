"""Transcripts: a text whose title names its genre as one person's words ('Doorstep
statement', 'Speech', 'Пресс-конференция') followed by that person ('by NATO Secretary
General Jens Stoltenberg ...') speaks in that person's voice wherever no quote or reporting
clause says otherwise: the outlet publishes the words, it does not narrate them."""

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

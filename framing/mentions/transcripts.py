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

#: How many content segments from the top the genre and the speaker may sit in.
_HEAD_SEGMENTS = 4


@cache
def _genre() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(speaker_lexicon().transcript) + r")(?![\w-])", re.IGNORECASE)


def transcript_speaker(segments: Sequence[Segment], on: date | None) -> tuple[str, str] | None:
    """(speaker, evidence) when the first content segment is a transcript genre heading
    and a person is named right after it (in the heading or the next few segments)."""
    head = [s for s in segments if s.kind in CONTENT_KINDS][:_HEAD_SEGMENTS]
    if not head or len(head[0].text) > 120:
        return None
    genre = _genre().match(head[0].text.strip())
    if genre is None:
        return None
    for segment in head:
        text = segment.text[genre.end() :] if segment is head[0] else segment.text
        people = [p for p in people_in(text[:200], on) if p.kind != "single"]
        if people:
            speaker = canonical(people[0], genitive=True)
            return speaker, f"transcript: '{genre.group(0)}' by {speaker} (the text is in the speaker's words)"
    return None

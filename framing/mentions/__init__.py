"""Stage 5: NATO and Russia mentions in the content segments, with their speakers.

A mention is one match of a target pattern (`targets`) in a sentence (`sentences`); its
speaker is the narrator or the person quoted (`quotes`) or reported (`speakers`), found by
the walk over the article (`walk`).
"""

from framing.mentions.quotes import find_quotes
from framing.mentions.sentences import split_sentences
from framing.mentions.speakers import NARRATOR, UNATTRIBUTED
from framing.mentions.targets import CONTEXT_SENTENCES, TargetMatch, find_targets
from framing.mentions.walk import SpeechSpan, extract_mentions, mention_rows, speech_spans

__all__ = [
    "CONTEXT_SENTENCES",
    "NARRATOR",
    "UNATTRIBUTED",
    "SpeechSpan",
    "TargetMatch",
    "extract_mentions",
    "find_quotes",
    "find_targets",
    "mention_rows",
    "speech_spans",
    "split_sentences",
]

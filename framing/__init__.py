"""framing: how news outlets frame NATO and Russia, with the evidence for every tag.

The pipeline flows one way: raw files -> articles (corpus) -> segments -> language ->
outlet -> mentions -> stance -> tables. Each stage is its own module; this package re-exports the entry points.
"""

from framing.corpus import load_corpus
from framing.language import detect_language
from framing.outlets import detect_outlet
from framing.pipeline import tag
from framing.scale import tag_frame, tag_with_dask

# `framing.stance(...)` is the one-text scoring function; the engines live in the
# subpackage (import them as `from framing.stance.lexicon import ...`).
from framing.stance import stance
from framing.types import Corpus, Mention, OutletTag, Segment, SegmentKind, StanceLabel, StanceResult, Tags

__all__ = [
    "Corpus",
    "Mention",
    "OutletTag",
    "Segment",
    "SegmentKind",
    "StanceLabel",
    "StanceResult",
    "Tags",
    "detect_language",
    "detect_outlet",
    "load_corpus",
    "stance",
    "tag",
    "tag_frame",
    "tag_with_dask",
]
__version__ = "0.1.0"

"""framing: how news outlets frame NATO and Russia, with the evidence for every tag.

The pipeline flows one way: raw files -> articles (corpus) -> segments -> language ->
outlet -> tables. Each stage is its own module; this package re-exports the entry points.
"""

from framing.corpus import load_corpus
from framing.language import detect_language
from framing.outlets import detect_outlet
from framing.pipeline import tag
from framing.types import Corpus, OutletTag, Segment, SegmentKind, Tags

__all__ = [
    "Corpus",
    "OutletTag",
    "Segment",
    "SegmentKind",
    "Tags",
    "detect_language",
    "detect_outlet",
    "load_corpus",
    "tag",
]
__version__ = "0.1.0"

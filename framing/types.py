"""Shared types of the pipeline: raw file -> Article -> Segment -> tables.

Every stage takes and returns these plain, immutable values, so each stage can be
tested on its own and the tables (`Tags`) are built in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import pandas as pd


class SegmentKind(StrEnum):
    """What a block of the raw text is. Nothing is deleted: boilerplate keeps its own kind."""

    TITLE = "title"
    STANDFIRST = "standfirst"  # the summary line between title and body
    DATE = "date"  # a line that is only a date (blog headers, agency sites)
    BODY = "body"
    NAVIGATION = "navigation"  # site menus, section names, links to other pages
    BOILERPLATE = "boilerplate"  # widgets, calendars, "Featured Post", repeated titles
    RELATED_POST = "related-post"  # teaser/heading of another story
    EXCERPT = "excerpt"  # text of another story embedded in this page


#: Kinds that carry the article's own words (used for language and outlet decisions).
ARTICLE_KINDS = frozenset({SegmentKind.TITLE, SegmentKind.STANDFIRST, SegmentKind.BODY})
#: Kinds that carry text worth reading (the article plus embedded stories).
CONTENT_KINDS = ARTICLE_KINDS | {SegmentKind.EXCERPT, SegmentKind.RELATED_POST}


class Status(StrEnum):
    OK = "ok"
    ERROR = "error"


@dataclass(frozen=True)
class ManifestEntry:
    """One row of `data/articles.csv`. Every field but `file` is optional and, when set,
    overrides what the tagger infers."""

    file: str
    id: str | None = None
    outlet: str | None = None
    outlet_type: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    source_note: str | None = None
    url: str | None = None  # the page's address: evidence of its publisher


@dataclass(frozen=True)
class Article:
    """One input file, decoded. `text` is what every char span points into."""

    id: str
    path: Path
    sha256: str
    n_bytes: int
    encoding: str | None
    text: str
    status: Status = Status.OK
    error: str | None = None
    manifest: ManifestEntry | None = None
    extractor: str | None = None  # what made `text`: "text", "trafilatura" or "html.parser"
    warning: str | None = None  # readable but damaged (e.g. cut short); status stays ok
    source: str | None = None  # the path as written in the tables (relative to the data directory)
    #: An HTML page's head fields (`framing.extract.HEAD_FIELDS`): evidence of its publisher and date.
    page_head: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Corpus:
    """The articles of one data directory, in a stable order (sorted by id)."""

    root: Path
    articles: tuple[Article, ...]

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.articles]


@dataclass(frozen=True)
class Segment:
    """A contiguous block of an article's text (usually one paragraph or line)."""

    index: int
    start: int
    end: int
    text: str
    kind: SegmentKind
    kind_reason: str
    excerpt: int | None = None  # number of the embedded story this block belongs to


@dataclass(frozen=True)
class OutletTag:
    """Which outlet published a text, and the evidence a teacher can point at."""

    outlet: str
    outlet_type: str
    evidence: str
    confidence: float
    source: str = "none"  # manifest | url | signature | style | none
    citations: tuple[str, ...] = field(default=())  # agencies quoted, which are not the outlet
    original_source: str | None = None  # the agency whose copy a reprint carries
    group: str = "other"  # the figures' group: BelTA, TASS, RT-style, blog, other
    warnings: tuple[str, ...] = field(default=())  # unusable evidence (a malformed URL, a bad registry row)


@dataclass(frozen=True)
class Mention:
    """One mention of a target (NATO or Russia) in an article, with its speaker."""

    article_id: str
    segment: int
    sentence: int  # running sentence number within the article
    sentence_text: str
    sentence_start: int  # char offset of the sentence in the article text
    start: int  # char span of the mention in the article text
    end: int
    surface: str
    target: str
    form: str  # name | adjective | compound | metonym
    language: str
    speaker: str
    speaker_evidence: str
    in_quote: bool


class StanceLabel(StrEnum):
    FAVOR = "favor"
    AGAINST = "against"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class StanceInput:
    """What a stance engine reads: a text, the target, and (optionally) where the target
    is mentioned in the text, and who speaks there and for which side (`russia`, `west`;
    empty where unknown: see `framing.mentions.sides`)."""

    text: str
    target: str
    span: tuple[int, int] | None = None
    lang: str = "en"
    speaker: str = ""
    speaker_side: str = ""


@dataclass(frozen=True)
class StanceResult:
    label: StanceLabel
    score: float  # in [-1, 1]: -1 against, +1 favor
    evidence: str


class StanceEngine(Protocol):
    """A stance engine scores many inputs at once (so model engines can batch)."""

    name: str
    version: str

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]: ...


@dataclass(frozen=True)
class Tags:
    """The tidy tables produced by `framing.tag` (one row per observation)."""

    articles: pd.DataFrame
    segments: pd.DataFrame
    mentions: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order of the pipeline."""
        return {"articles": self.articles, "segments": self.segments, "mentions": self.mentions}

"""One article -> its rows in the three tables: a pure function of the article (its
decoded bytes and manifest row), the tagging resources and the stance engine.

Stages in order: segments, language of each segment and of the article, outlet,
date and dateline, mentions with their speakers, stance of each mention.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from operator import attrgetter
from pathlib import Path

from framing.files import printable
from framing.language import UNDETERMINED, format_shares, language_and_letters, language_shares
from framing.mentions import extract_mentions
from framing.mentions.sides import side_of
from framing.metadata import find_dateline, parse_date
from framing.offices import parse_date as parse_iso_date
from framing.outlets import UNKNOWN, Registry, attribute_outlet
from framing.run.columns import MENTION_COLUMNS, Rows
from framing.segment import segment_text
from framing.stance import DEFAULT_ENGINE, EngineUnavailableError, get_engine
from framing.timing import NO_CLOCK, StageClock
from framing.types import (
    ARTICLE_KINDS,
    CONTENT_KINDS,
    Article,
    Mention,
    Segment,
    SegmentKind,
    StanceEngine,
    StanceInput,
    Status,
)


def _segment_rows(
    article_id: str,
    segments: list[Segment],
    detected: Iterable[tuple[str, float, int]],
    n_words: Iterable[int],
) -> list[tuple]:
    """Rows in `SEGMENT_COLUMNS` order; `detected`: (language, probability, letters) of each segment."""
    return [
        (
            article_id,
            s.index,
            s.start,
            s.end,
            s.kind.value,
            s.kind_reason,
            s.excerpt,
            language,
            probability,
            words,
            s.text,
        )
        for s, (language, probability, _), words in zip(segments, detected, n_words, strict=True)
    ]


def _published(article: Article, segments: list[Segment]) -> tuple[str | None, str]:
    if article.manifest and article.manifest.published:
        return article.manifest.published, "manifest"
    stamp = dict(article.page_head).get("article:published_time", "")
    if found := parse_date(stamp[:10]):
        return found.isoformat(), "HTML article:published_time"
    for seg in segments:
        if seg.kind is SegmentKind.DATE and (found := parse_date(seg.text)):
            return found.isoformat(), f"text (segment {seg.index})"
    return None, "none"


def error_row(article: Article, relative_path: str) -> dict:
    """The `articles` row of an article that was not analysed (its error says why)."""
    error = printable(article.error) if article.error is not None else None
    return {
        "id": printable(article.id),
        "path": printable(relative_path),
        "sha256": article.sha256,
        "n_bytes": article.n_bytes,
        "encoding": article.encoding,
        "extractor": article.extractor,
        "title": None,
        "published": None,
        "published_source": "none",
        "dateline_place": None,
        "dateline_date": None,
        "outlet": UNKNOWN,
        "outlet_type": UNKNOWN,
        "outlet_evidence": f"not analysed: {error}",
        "outlet_confidence": 0.0,
        "outlet_source": "none",
        "outlet_citations": "",
        "original_source": None,
        "outlet_group": "other",
        "language": UNDETERMINED,
        "languages": "",
        "n_segments": 0,
        "n_words": 0,
        "status": str(article.status),
        "warning": printable(article.warning) if article.warning is not None else None,
        "error": error,
    }


#: The mention's fields before the stance columns (stance, score, engine, evidence), which
#: are followed by its `sentence_text`. (The sentence's offset only serves the stance span.)
_mention_head = attrgetter(*MENTION_COLUMNS[: MENTION_COLUMNS.index("stance")])


def _mention_rows(
    mentions: list[Mention], engine: StanceEngine, fallback_language: str, paragraphs: list[str]
) -> list[tuple]:
    """Rows in `MENTION_COLUMNS` order; `paragraphs`: the article's content, where its
    speakers are introduced."""
    sides = {speaker: side_of(speaker, paragraphs) for speaker in {m.speaker for m in mentions}}

    def lang(m: Mention) -> str:
        return m.language if m.language != UNDETERMINED else fallback_language

    inputs = [
        StanceInput(
            m.sentence_text,
            m.target,
            (m.start - m.sentence_start, m.end - m.sentence_start),
            lang(m),
            m.speaker,
            sides.get(m.speaker) or "",
        )
        for m in mentions
    ]
    results = engine.score(inputs) if inputs else []
    name = engine.name
    return [
        (*_mention_head(m), r.label.value, r.score, name, r.evidence, m.sentence_text)
        for m, r in zip(mentions, results, strict=True)
    ]


def tag_article(
    article: Article,
    *,
    root: Path | None = None,
    engine: StanceEngine | None = None,
    registry: Registry | None = None,
    clock: StageClock = NO_CLOCK,
) -> Rows:
    """One article's row for `articles`, its rows for `segments`, and its rows for
    `mentions` (scored by `engine`, the lexicon engine when None). The path written is
    the article's `source`, or for an article made by hand its path relative to `root`.
    `registry`: the outlet registry (the shipped one when None). `clock` records the time
    spent in each stage (for the benchmark)."""
    relative_path = relative_path_of(article, root)
    if article.status is not Status.OK:
        return error_row(article, relative_path), [], []
    with clock.stage("segment"):
        segments = segment_text(article.text)
    texts = [s.text for s in segments]
    with clock.stage("language"):
        detected = list(map(language_and_letters, texts))  # (language, probability, letters)
    kinds = [s.kind for s in segments]
    n_words = [len(text.split()) for text in texts]
    own = language_shares((d[0], d[2]) for d, kind in zip(detected, kinds, strict=True) if kind in ARTICLE_KINDS)
    content = language_shares((d[0], d[2]) for d, kind in zip(detected, kinds, strict=True) if kind in CONTENT_KINDS)
    manifest = article.manifest
    language = manifest.language if manifest and manifest.language else next(iter(own), UNDETERMINED)
    with clock.stage("outlet"):
        outlet = attribute_outlet(segments, manifest=manifest, page_head=dict(article.page_head), registry=registry)
        title_segment = next((s for s in segments if s.kind is SegmentKind.TITLE), None)
        first_body = next((s for s in segments if s.kind is SegmentKind.BODY), None)
        dateline = find_dateline(first_body.text) if first_body else None
        published, published_source = _published(article, segments)
    row = {
        "id": article.id,
        "path": relative_path,
        "sha256": article.sha256,
        "n_bytes": article.n_bytes,
        "encoding": article.encoding,
        "extractor": article.extractor,
        "title": (manifest.title if manifest and manifest.title else title_segment.text if title_segment else None),
        "published": published,
        "published_source": published_source,
        "dateline_place": dateline.place if dateline else None,
        "dateline_date": dateline.when if dateline else None,
        "outlet": outlet.outlet,
        "outlet_type": outlet.outlet_type,
        "outlet_evidence": outlet.evidence,
        "outlet_confidence": outlet.confidence,
        "outlet_source": outlet.source,
        "outlet_citations": ";".join(outlet.citations),
        "original_source": outlet.original_source,
        "outlet_group": outlet.group,
        "language": language,
        "languages": format_shares(content),
        "n_segments": len(segments),
        "n_words": sum(n for kind, n in zip(kinds, n_words, strict=True) if kind in CONTENT_KINDS),
        "status": str(article.status),
        "warning": "; ".join(w for w in (article.warning, *outlet.warnings) if w) or None,
        "error": None,
    }
    with clock.stage("mentions"):
        mentions = extract_mentions(
            segments, article_id=article.id, languages=[d[0] for d in detected], published=parse_iso_date(published)
        )
    scorer = engine if engine is not None else get_engine(DEFAULT_ENGINE)
    fallback = language if language != UNDETERMINED else "en"
    with clock.stage("stance"):
        content = [s.text for s in segments if s.kind in CONTENT_KINDS]
        mention_rows = _mention_rows(mentions, scorer, fallback, content)
    return row, _segment_rows(article.id, segments, detected, n_words), mention_rows


def relative_path_of(article: Article, root: Path | None) -> str:
    """The path written in the tables: the article's `source` (relative to its data
    directory), else its path relative to `root` (both resolved), else as it is."""
    if article.source is not None:
        return article.source
    if root is None:
        return printable(article.path.as_posix())
    return printable(Path(os.path.relpath(os.path.realpath(article.path), os.path.realpath(root))).as_posix())


def tag_or_error_row(
    article: Article,
    *,
    root: Path | None = None,
    engine: StanceEngine,
    registry: Registry | None = None,
    clock: StageClock = NO_CLOCK,
) -> Rows:
    """`tag_article`, but an unforeseen failure becomes this article's error row (and the
    run goes on) instead of ending the run. A stance engine that cannot run at all (its
    model is missing) stops the run: that is not the article's fault."""
    try:
        return tag_article(article, root=root, engine=engine, registry=registry, clock=clock)
    except EngineUnavailableError:
        raise
    except Exception as exc:
        failed = replace(article, status=Status.ERROR, error=f"tagging failed: {type(exc).__name__}: {exc}")
        return error_row(failed, relative_path_of(article, root)), [], []

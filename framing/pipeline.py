"""Runs the stages in order and builds the tidy tables: Corpus -> Tags.

`tag_article` is pure (one article in, its rows out), so it can run on any partition of a
corpus; `tag` runs it over a whole corpus and assembles the DataFrames. An article's row is
a dict (column -> value); segment and mention rows, dozens per article, are tuples in the
order of `SEGMENT_COLUMNS` and `MENTION_COLUMNS` (cheaper to build, to store in the result
cache and to turn into columns for writing).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from operator import attrgetter
from pathlib import Path

import pandas as pd

from framing.collector import rare_collections
from framing.corpus import find_outlet_rows, load_corpus
from framing.language import (
    UNDETERMINED,
    format_shares,
    language_and_letters,
    language_shares,
)
from framing.mentions import extract_mentions
from framing.metadata import find_dateline, parse_date
from framing.outlets import UNKNOWN, Registry, attribute_outlet, load_registry
from framing.segment import segment_text
from framing.stance import DEFAULT_ENGINE, EngineUnavailableError, get_engine
from framing.timing import NO_CLOCK, StageClock
from framing.types import (
    ARTICLE_KINDS,
    CONTENT_KINDS,
    Article,
    Corpus,
    Mention,
    Segment,
    SegmentKind,
    StanceEngine,
    StanceInput,
    Status,
    Tags,
)

#: The row types: an article's row, and the rows of its segments and of its mentions.
Rows = tuple[dict, list[tuple], list[tuple]]

ARTICLE_COLUMNS = [
    "id",
    "path",
    "sha256",
    "n_bytes",
    "encoding",
    "extractor",
    "title",
    "published",
    "published_source",
    "dateline_place",
    "dateline_date",
    "outlet",
    "outlet_type",
    "outlet_evidence",
    "outlet_confidence",
    "outlet_source",
    "outlet_citations",
    "original_source",
    "outlet_group",
    "language",
    "languages",
    "n_segments",
    "n_words",
    "status",
    "warning",
    "error",
]
MENTION_COLUMNS = [
    "article_id",
    "segment",
    "sentence",
    "start",
    "end",
    "surface",
    "target",
    "form",
    "language",
    "speaker",
    "speaker_evidence",
    "in_quote",
    "stance",
    "score",
    "engine",
    "evidence",
    "sentence_text",
]
SEGMENT_COLUMNS = [
    "article_id",
    "segment",
    "start",
    "end",
    "kind",
    "kind_reason",
    "excerpt",
    "language",
    "language_prob",
    "n_words",
    "text",
]


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
    for seg in segments:
        if seg.kind is SegmentKind.DATE and (found := parse_date(seg.text)):
            return found.isoformat(), f"text (segment {seg.index})"
    return None, "none"


def _error_row(article: Article, relative_path: str) -> dict:
    return {
        "id": article.id,
        "path": relative_path,
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
        "outlet_evidence": f"not analysed: {article.error}",
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
        "warning": article.warning,
        "error": article.error,
    }


#: The mention's fields before the stance columns (stance, score, engine, evidence), which
#: are followed by its `sentence_text`. (The sentence's offset only serves the stance span.)
_mention_head = attrgetter(*MENTION_COLUMNS[: MENTION_COLUMNS.index("stance")])


def _mention_rows(mentions: list[Mention], engine: StanceEngine, fallback_language: str) -> list[tuple]:
    """Rows in `MENTION_COLUMNS` order."""

    def lang(m: Mention) -> str:
        return m.language if m.language != UNDETERMINED else fallback_language

    inputs = [
        StanceInput(m.sentence_text, m.target, (m.start - m.sentence_start, m.end - m.sentence_start), lang(m))
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
    `mentions` (scored by `engine`, the lexicon engine when None; see the module docstring
    for the row types). `registry`: the outlet registry (the shipped one when None).
    `clock` records the time spent in each stage (for the benchmark)."""
    relative_path = _relative(article.path, root)
    if article.status is not Status.OK:
        return _error_row(article, relative_path), [], []
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
        outlet = attribute_outlet(segments, manifest=manifest, registry=registry)
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
        mentions = extract_mentions(segments, article_id=article.id, languages=[d[0] for d in detected])
    scorer = engine if engine is not None else get_engine(DEFAULT_ENGINE)
    fallback = language if language != UNDETERMINED else "en"
    with clock.stage("stance"):
        mention_rows = _mention_rows(mentions, scorer, fallback)
    return row, _segment_rows(article.id, segments, detected, n_words), mention_rows


def _relative(path: Path, root: Path | None) -> str:
    """Path as written in the tables: relative to the corpus root, so tables do not depend
    on where the checkout lives. (Both resolved: what `_resolved_relative` computes.)"""
    if root is None:
        return path.as_posix()
    return _plainly_below(path, root) or _resolved_relative(path, root)


def _resolved_relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def _plainly_below(path: Path, root: Path) -> str | None:
    """`path` relative to `root` when it is written below it with no '..' and no symbolic
    link after `root`: resolving both would give the same answer (resolving `root/rest`
    resolves `root`, then `rest`, which then stays as written). None otherwise. One `lstat`
    per level below `root` instead of two full resolutions, on the paths' strings (a Path
    is normalised: no empty or '.' parts, one separator between parts)."""
    root_text, path_text = str(root), str(path)
    prefix = root_text if root_text.endswith(os.sep) else root_text + os.sep
    if root_text == "." or not path_text.startswith(prefix):
        return _plainly_below_parts(path, root)
    rest = path_text[len(prefix) :].split(os.sep)
    if ".." in rest:
        return None
    below = root_text
    for part in rest:
        below = os.path.join(below, part)
        if os.path.islink(below):
            return None
    return "/".join(rest)


def _plainly_below_parts(path: Path, root: Path) -> str | None:
    # `_plainly_below` by Path parts, for a root of '.' or a path not written below it.
    try:
        rest = path.relative_to(root)
    except ValueError:
        return None
    if ".." in rest.parts:
        return None
    below = root
    for part in rest.parts:
        below = below / part
        if below.is_symlink():
            return None
    return rest.as_posix()


#: Non-text column types of each table (every other column is text); shared by the
#: DataFrames and the Parquet schemas so chunks written one by one agree.
COLUMN_TYPES = {
    "articles": {"n_bytes": "int64", "n_segments": "int64", "n_words": "int64", "outlet_confidence": "float64"},
    "segments": {
        "segment": "int64",
        "start": "int64",
        "end": "int64",
        "excerpt": "Int64",
        "language_prob": "float64",
        "n_words": "int64",
    },
    "mentions": {
        "segment": "int64",
        "sentence": "int64",
        "start": "int64",
        "end": "int64",
        "in_quote": "bool",
        "score": "float64",
    },
}
TABLE_COLUMNS = {"articles": ARTICLE_COLUMNS, "segments": SEGMENT_COLUMNS, "mentions": MENTION_COLUMNS}


def tables_from_rows(article_rows: list[dict], segment_rows: list[tuple], mention_rows: list[tuple]) -> Tags:
    """Assemble tidy DataFrames with fixed columns and dtypes from rows (see the module
    docstring; rows as dicts or as sequences in column order both work)."""
    frames = {
        name: pd.DataFrame(rows, columns=TABLE_COLUMNS[name]).astype(COLUMN_TYPES[name])
        for name, rows in (("articles", article_rows), ("segments", segment_rows), ("mentions", mention_rows))
    }
    return Tags(**frames)


def tag_or_error_row(
    article: Article,
    *,
    root: Path | None,
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
        return _error_row(failed, _relative(article.path, root)), [], []


@rare_collections()
def tag(
    corpus: Corpus | str | Path,
    *,
    engine: str | StanceEngine = DEFAULT_ENGINE,
    progress: bool = False,
    cache_dir: str | Path | None = None,
) -> Tags:
    """Tag every article of `corpus` (a `Corpus` or a data directory).

    Returns `Tags` with `.articles` (one row per input file, errors included),
    `.segments` (one row per segment of each readable article) and `.mentions` (one row
    per NATO/Russia mention, with speaker and stance from `engine`). With `cache_dir`,
    articles tagged before (same bytes, engine and code) are read from the cache.
    """
    from framing.stream import ResultCache

    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    scorer = get_engine(engine) if isinstance(engine, str) else engine
    registry = load_registry(find_outlet_rows(Path(corpus.root)))
    for warning in registry.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    result_cache = ResultCache(cache_dir) if cache_dir is not None else None
    articles = corpus.articles
    if progress:
        from tqdm.auto import tqdm

        articles = tqdm(articles, desc="tagging", unit="article", disable=None)
    article_rows: list[dict] = []
    segment_rows: list[tuple] = []
    mention_rows: list[tuple] = []
    new_rows: dict[str, Rows] = {}  # stored together at the end
    used_keys: list[str] = []
    try:
        for article in articles:
            key = None
            if result_cache is not None and article.status is Status.OK:
                key = result_cache.key(
                    article_id=article.id,
                    path=article.path,
                    manifest=article.manifest,
                    raw_sha256=article.sha256,
                    engine=scorer,
                    root=corpus.root,
                )
            if key is not None:
                used_keys.append(key)
            rows = result_cache.get(key) if key is not None else None
            if rows is None:
                rows = tag_or_error_row(article, root=corpus.root, engine=scorer, registry=registry)
                if key is not None:
                    new_rows[key] = rows
            article_rows.append(rows[0])
            segment_rows.extend(rows[1])
            mention_rows.extend(rows[2])
    finally:
        if result_cache is not None:
            result_cache.put_many(new_rows)
            result_cache.save_index()
    if result_cache is not None:
        result_cache.record_use(used_keys)  # a complete run: packs no recent run uses go
    return tables_from_rows(article_rows, segment_rows, mention_rows)

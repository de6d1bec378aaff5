"""Stage 4: which outlet published an article, with the evidence for the tag.

Order of evidence (strongest first):
1. the manifest (`data/articles.csv`), when it names an outlet;
2. explicit signatures where only the publisher puts them: an agency dateline opening the
   first body paragraph, a site name or widget in the page chrome (navigation/boilerplate);
3. layout heuristics (lower confidence), e.g. a Blogger date header or RT's standfirst
   without dateline.
Agency names inside the article's own text ("the BelTA news agency quoted...", "told
ITAR-TASS") are citations: reported in `OutletTag.citations`, never used as the outlet.
A blog's own chrome beats an agency dateline in its text: the blog republished wire copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from framing.matching import PatternSet
from framing.metadata import find_dateline, is_weekday_date
from framing.resources import read_table
from framing.segment import segment_text
from framing.types import CONTENT_KINDS, ManifestEntry, OutletTag, Segment, SegmentKind

UNKNOWN = "unknown"
BLOG = "blog"
_CHROME_KINDS = frozenset({SegmentKind.NAVIGATION, SegmentKind.BOILERPLATE, SegmentKind.DATE})
_SAID_ON_WEEKDAY = re.compile(r"\bsaid on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Signature:
    outlet: str
    outlet_type: str
    signature: str  # dateline | site | widget | layout
    pattern: str
    confidence: float
    description: str


@dataclass(frozen=True)
class _Finding:
    signature: _Signature
    evidence: str


@cache
def _signatures() -> tuple[_Signature, ...]:
    return tuple(
        _Signature(
            r["outlet"], r["outlet_type"], r["signature"], r["pattern"], float(r["confidence"]), r["description"]
        )
        for r in read_table("outlets.csv")
    )


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def outlet_types() -> dict[str, str]:
    """Known outlets and their type, from `resources/outlets.csv`."""
    types = {s.outlet: s.outlet_type for s in _signatures()}
    types[UNKNOWN] = UNKNOWN
    return types


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _first(segments: Sequence[Segment], kind: SegmentKind) -> Segment | None:
    return next((s for s in segments if s.kind is kind), None)


def _layout_finding(signature: _Signature, segments: Sequence[Segment]) -> str | None:
    """Evidence text when the named layout rule holds, else None."""
    body = _first(segments, SegmentKind.BODY)
    if signature.pattern == "weekday-date-header":
        title = _first(segments, SegmentKind.TITLE)
        for seg in segments:
            if title is not None and seg.index > title.index:
                break
            if seg.kind is SegmentKind.DATE and is_weekday_date(seg.text):
                return f"weekday date header {_quote(seg.text)} above the headline (segment {seg.index})"
        return None
    if signature.pattern == "standfirst-no-dateline":
        standfirst = _first(segments, SegmentKind.STANDFIRST)
        if standfirst is None or body is None or find_dateline(body.text) is not None:
            return None
        said = _SAID_ON_WEEKDAY.search(body.text)
        opens_page = not any(s.kind in CONTENT_KINDS for s in segments[: standfirst.index])
        if not (said and opens_page):
            return None
        return (
            f"no agency dateline; standfirst {_quote(standfirst.text, 60)} opens the page "
            f"(segment {standfirst.index}); first paragraph reports who {_quote(said.group(0))}"
        )
    raise ValueError(f"outlets.csv: unknown layout rule '{signature.pattern}'")


def _find_signatures(segments: Sequence[Segment]) -> list[_Finding]:
    findings: list[_Finding] = []
    body = _first(segments, SegmentKind.BODY)
    dateline = find_dateline(body.text) if body is not None else None
    for sig in _signatures():
        if sig.signature == "dateline":
            if dateline and dateline.agency and _regex(sig.pattern).search(dateline.agency):
                findings.append(
                    _Finding(
                        sig, f"dateline {_quote(dateline.text)} opens the first body paragraph (segment {body.index})"
                    )
                )
        elif sig.signature in ("site", "widget"):
            for seg in segments:
                if seg.kind in _CHROME_KINDS and _regex(sig.pattern).search(seg.text):
                    findings.append(
                        _Finding(
                            sig, f"{sig.signature} {_quote(seg.text)} in the page {seg.kind} (segment {seg.index})"
                        )
                    )
                    break
        elif sig.signature == "layout":
            evidence = _layout_finding(sig, segments)
            if evidence:
                findings.append(_Finding(sig, evidence))
        else:
            raise ValueError(f"outlets.csv: unknown signature type '{sig.signature}'")
    return findings


def _agency_family(name: str) -> str:
    return "TASS" if name in ("TASS", "ITAR-TASS") else name


@cache
def _agency_patterns() -> tuple[tuple[str, ...], PatternSet]:
    """(agency of each pattern, the patterns) from `resources/agencies.csv`."""
    rows = read_table("agencies.csv")
    return tuple(r["agency"] for r in rows), PatternSet([r["pattern"] for r in rows])


def find_citations(segments: Sequence[Segment], *, outlet: str) -> tuple[str, ...]:
    """Agencies named in the text (datelines excluded) other than the outlet itself."""
    cited: set[str] = set()
    agencies, patterns = _agency_patterns()
    for seg in segments:
        if seg.kind not in CONTENT_KINDS:
            continue
        text = seg.text
        dateline = find_dateline(text) if seg.kind is SegmentKind.BODY else None
        if dateline and dateline.agency and _agency_family(dateline.agency) != _agency_family(outlet):
            cited.add(dateline.agency)  # wire copy republished under another outlet
        if dateline:
            text = text[dateline.end :]
        cited.update(agencies[hit.pattern] for hit in patterns.each(text))
    return tuple(sorted(a for a in cited if _agency_family(a) != _agency_family(outlet)))


def attribute_outlet(segments: Sequence[Segment], *, manifest: ManifestEntry | None = None) -> OutletTag:
    """Outlet of an already segmented article (see module docstring for the rules)."""
    if manifest is not None and manifest.outlet:
        outlet = manifest.outlet
        outlet_type = manifest.outlet_type or outlet_types().get(outlet, UNKNOWN)
        return OutletTag(
            outlet=outlet,
            outlet_type=outlet_type,
            evidence=f"manifest: outlet={outlet}",
            confidence=1.0,
            source="manifest",
            citations=find_citations(segments, outlet=outlet),
        )
    findings = _find_signatures(segments)
    if not findings:
        return OutletTag(
            outlet=UNKNOWN,
            outlet_type=UNKNOWN,
            confidence=0.0,
            source="none",
            evidence="no agency dateline, site name, widget or layout signature found",
            citations=find_citations(segments, outlet=UNKNOWN),
        )
    blog_chrome = [f for f in findings if f.signature.outlet == BLOG and f.signature.signature != "layout"]
    ranked = sorted(blog_chrome or findings, key=lambda f: -f.signature.confidence)  # stable: CSV order breaks ties
    best = ranked[0]
    outlet = best.signature.outlet
    support = [f.evidence for f in findings if f is not best and f.signature.outlet == outlet]
    evidence = best.evidence + (f"; also: {'; '.join(support)}" if support else "")
    return OutletTag(
        outlet=outlet,
        outlet_type=best.signature.outlet_type,
        evidence=evidence,
        confidence=best.signature.confidence,
        source="style" if best.signature.signature == "layout" else "signature",
        citations=find_citations(segments, outlet=outlet),
    )


def detect_outlet(text: str) -> OutletTag:
    """Outlet of a raw article text: `OutletTag(outlet, outlet_type, evidence, confidence)`."""
    return attribute_outlet(segment_text(text))

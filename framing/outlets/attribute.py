"""Who published a page: the strongest evidence names the publisher, a dateline or source
line from another outlet makes the page a reprint of that outlet's copy, and agencies named
in the running text are citations.

Strongest first: the manifest's `outlet`; the page's URL (manifest `url`, or the HTML's
canonical link / og:url) or its HTML site name; an agency dateline in the headline,
standfirst or first body paragraphs; signatures (copyright, source and site-name lines);
layout habits (blog widgets, RT's standfirst). A page that names its publisher (URL, site
name, widget) and carries another outlet's dateline is that publisher's reprint of the
other outlet's copy; a page with only a dateline is tagged with the dateline's outlet, and
the evidence says it may be a reprint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from framing.metadata import find_dateline
from framing.outlets.evidence import (
    PUBLISHER_FIELDS,
    Evidence,
    agency_hits,
    dateline_evidence,
    html_metadata,
    layout_evidence,
    pattern_agencies,
    signature_evidence,
    url_evidence,
)
from framing.outlets.registry import Registry, shipped_registry
from framing.segment import segment_text
from framing.types import CONTENT_KINDS, ManifestEntry, OutletTag, Segment, SegmentKind

UNKNOWN = "unknown"
BLOG = "blog"
#: How sure each kind of evidence makes the tag.
CONFIDENCE = {"manifest": 1.0, "url": 0.95, "dateline": 0.95, "signature": 0.9, "layout": 0.6}
#: The `source` column: where the decision came from.
SOURCE = {"manifest": "manifest", "url": "url", "dateline": "signature", "signature": "signature", "layout": "style"}


def _family(name: str | None) -> str:
    return "TASS" if name in ("TASS", "ITAR-TASS") else (name or "")


def find_citations(segments: Sequence[Segment], *, outlet: str, original_source: str | None = None) -> tuple[str, ...]:
    """Agencies named in the article's running text (its own dateline excluded), other than
    the outlet and the agency whose copy it carries."""
    agencies = pattern_agencies()
    cited: set[str] = set()
    for seg in segments:
        if seg.kind not in CONTENT_KINDS:
            continue
        text = seg.text
        dateline = find_dateline(text) if seg.kind is SegmentKind.BODY else None
        if dateline is not None:
            text = text[dateline.end :]
        cited.update(agencies[index] for index in agency_hits(text))
    own = {_family(outlet), _family(original_source)}
    return tuple(sorted(a for a in cited if _family(a) not in own))


def _tag_fields(evidence: Evidence, registry: Registry) -> tuple[str, str]:
    """(outlet_type, group) of the outlet an evidence names."""
    if evidence.entry is not None:
        return evidence.entry.outlet_type, evidence.entry.group
    if evidence.outlet == BLOG or "a blog" in evidence.where:
        return "blog or aggregator", "blog"
    return UNKNOWN, "other"


def attribute_outlet(
    segments: Sequence[Segment],
    *,
    manifest: ManifestEntry | None = None,
    url: str | None = None,
    html: str | None = None,
    page_head: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> OutletTag:
    """Outlet of an already segmented article, with its evidence (see the module docstring).
    `html` is the page itself; `page_head` its head fields when they were read already
    (`framing.extract.page_head`, as ingest keeps them on the article)."""
    registry = registry or shipped_registry()
    warnings: list[str] = list(registry.warnings) if registry.fingerprint else []
    publishers: list[Evidence] = []
    if manifest is not None and manifest.outlet:
        entry = registry.by_name(manifest.outlet)
        publishers.append(Evidence("manifest", manifest.outlet, entry, f"manifest: outlet={manifest.outlet}", True))
    addresses = [("manifest url", getattr(manifest, "url", None)), ("url", url)]
    meta = html_metadata(html) if html else {k: v for k, v in (page_head or {}).items() if k in PUBLISHER_FIELDS}
    addresses += [(f"HTML {key}", value) for key, value in meta.items() if key != "og:site_name"]
    for where, address in addresses:
        if address:
            found, warning = url_evidence(address, registry, where=where)
            warnings += [warning] if warning else []
            if found is not None:
                publishers.append(found)
                break
    if site := meta.get("og:site_name"):
        entry = registry.by_name(site)
        publishers.append(Evidence("url", entry.outlet if entry else site, entry, f"HTML og:site_name {site!r}", True))
    signatures = signature_evidence(segments, registry)
    publishers += [s for s in signatures if s.publisher]
    layout = layout_evidence(segments, registry)
    publishers += [s for s in layout if s.kind == "signature"]  # widgets name a blog; layouts only hint
    datelines = dateline_evidence(segments, registry)
    publishers += [d for d in datelines if d.publisher]
    copy = next((d for d in datelines if not d.publisher), None) or next(
        (s for s in signatures if not s.publisher), None
    )
    hints = [s for s in layout if s.kind == "layout"]

    if publishers:
        best = publishers[0]
    elif copy is not None:
        best = copy
    elif hints:
        best = hints[0]
    else:
        return OutletTag(
            outlet=UNKNOWN,
            outlet_type=UNKNOWN,
            evidence="no URL, agency dateline, site name, signature or layout habit found",
            confidence=0.0,
            source="none",
            citations=find_citations(segments, outlet=UNKNOWN),
            group="other",
            warnings=tuple(warnings),
        )
    outlet_type, group = _tag_fields(best, registry)
    original = (
        copy.outlet if copy is not None and best is not copy and _family(copy.outlet) != _family(best.outlet) else None
    )
    evidence = best.where
    if original is not None:
        evidence += f"; reprint of {original} copy: {copy.where}"  # type: ignore[union-attr]
    elif best is copy and not publishers:
        evidence += "; the page names no other publisher (a reprint would look the same)"
    support = [e.where for e in (*publishers[1:], *signatures, *layout) if e is not best and e.outlet == best.outlet]
    if copy is not None and copy is not best and original is None:
        support.insert(0, copy.where)
    if support:
        evidence += "; also: " + "; ".join(dict.fromkeys(support))
    return OutletTag(
        outlet=best.outlet,
        outlet_type=outlet_type,
        evidence=evidence,
        confidence=CONFIDENCE[best.kind],
        source=SOURCE[best.kind],
        citations=find_citations(segments, outlet=best.outlet, original_source=original),
        original_source=original,
        group=group,
        warnings=tuple(warnings),
    )


def detect_outlet(text: str, *, url: str | None = None, html: str | None = None) -> OutletTag:
    """Outlet of a raw article text, with the same evidence `tag` uses; `url` is the page's
    address, `html` its HTML (for the canonical link and site name)."""
    return attribute_outlet(segment_text(text), url=url, html=html)


def outlet_types(registry: Registry | None = None) -> dict[str, str]:
    """Known outlets and their type, from the registry."""
    registry = registry or shipped_registry()
    return {e.outlet: e.outlet_type for e in registry.entries} | {BLOG: "blog or aggregator", UNKNOWN: UNKNOWN}

from __future__ import annotations

import pytest

from framing.outlets import attribute_outlet, detect_outlet, outlet_types
from framing.segment import segment_text
from framing.types import ManifestEntry


@pytest.mark.parametrize(
    ("article_id", "outlet", "outlet_type", "source", "evidence_starts", "citations"),
    [
        (
            "belta_2017",
            "BelTA",
            "state news agency",
            "signature",
            "dateline 'MINSK, 21 April (BelTA) –' opens the first body paragraph (segment 11)",
            (),
        ),
        (
            "tass_2022",
            "TASS",
            "state news agency",
            "signature",
            "dateline 'MINSK, February 3. /TASS/.' opens the first body paragraph (segment 3)",
            ("BelTA",),
        ),
        (
            "blog_2014",
            "blog",
            "blog or aggregator",
            "signature",
            "widget 'Blog Widget by LinkWithin' in the page boilerplate (segment 24)",
            ("ITAR-TASS",),
        ),
        (
            "rt_style",
            "RT",
            "state broadcaster",
            "style",
            "no agency dateline; standfirst 'The country’s sovereignty",
            (),
        ),
        (
            "bbabo_2022",
            "blog",
            "blog or aggregator",
            "signature",
            "site 'Bbabo NET' in the page navigation (segment 0)",
            (),
        ),
    ],
)
def test_seed_outlets(seed_texts, article_id, outlet, outlet_type, source, evidence_starts, citations):
    tag = detect_outlet(seed_texts[article_id])
    assert (tag.outlet, tag.outlet_type, tag.source) == (outlet, outlet_type, source)
    assert tag.evidence.startswith(evidence_starts)
    assert tag.citations == citations


def test_confidence_follows_the_kind_of_evidence(seed_texts):
    assert detect_outlet(seed_texts["belta_2017"]).confidence == 0.95
    assert detect_outlet(seed_texts["bbabo_2022"]).confidence == 0.9
    assert detect_outlet(seed_texts["rt_style"]).confidence == 0.6


def test_blog_evidence_lists_supporting_signatures(seed_texts):
    evidence = detect_outlet(seed_texts["blog_2014"]).evidence
    assert "also: widget 'Featured Post' in the page boilerplate (segment 21)" in evidence
    assert "weekday date header 'Wednesday, April 2, 2014' above the headline (segment 0)" in evidence


@pytest.mark.parametrize(
    "text",
    [
        # An agency named in the body is a citation, not the outlet.
        "Talks in Minsk end without a deal\n\nThe talks ended on Monday, the BelTA news agency "
        "quoted the president as saying after the meeting.\n",
        "Paratroopers to hold drills in April\n\nA spokesman told ITAR-TASS on Wednesday that the "
        "manoeuvres will be held in the Vitebsk region.\n",
    ],
)
def test_quoted_agency_is_a_citation_not_the_outlet(text):
    tag = detect_outlet(text)
    assert tag.outlet == "unknown"
    assert tag.citations in {("BelTA",), ("ITAR-TASS",)}
    assert tag.evidence == "no agency dateline, site name, widget or layout signature found"


@pytest.mark.parametrize(
    ("text", "citations"),
    [
        (
            "Kreml weist Kritik zurück\n\nMOSKAU – Der Kreml hat die Kritik am Dienstag zurückgewiesen, hieß es.\n",
            (),
        ),
        (
            "Talks end\n\nMINSK, 21 April – The talks ended on Monday, Reuters reported from the capital.\n",
            ("Reuters",),
        ),
    ],
)
def test_dateline_without_agency_cites_nothing_by_itself(text, citations):
    # Regression: a dateline with no agency used to add None to the citations.
    tag = detect_outlet(text)
    assert tag.citations == citations


def test_blog_republishing_agency_copy_stays_a_blog():
    text = (
        "Monday, March 3, 2014\n\nRussia says troops stay in barracks\n\n"
        "MOSCOW, March 3. /ITAR-TASS/. Russian troops remain in their barracks, the ministry said.\n\n"
        "Blog Widget by LinkWithin\n"
    )
    tag = detect_outlet(text)
    assert tag.outlet == "blog"
    assert tag.citations == ("ITAR-TASS",)


def test_manifest_overrides_the_text(seed_texts):
    segments = segment_text(seed_texts["rt_style"])
    tag = attribute_outlet(segments, manifest=ManifestEntry(file="x.txt", outlet="TASS"))
    assert (tag.outlet, tag.outlet_type, tag.source, tag.confidence) == ("TASS", "state news agency", "manifest", 1.0)
    assert tag.evidence == "manifest: outlet=TASS"


def test_known_outlet_types():
    assert outlet_types() == {
        "BelTA": "state news agency",
        "TASS": "state news agency",
        "RT": "state broadcaster",
        "blog": "blog or aggregator",
        "unknown": "unknown",
    }

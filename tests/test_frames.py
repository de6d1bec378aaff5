from __future__ import annotations

import pandas as pd
import pytest

from framing.aggregate import segment_sources
from framing.frames import find_frame_cues, frame_definitions, frame_profile, top_frames


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "NATO installations are now at our borders",
            "en",
            [("nato_threat", "NATO installations"), ("nato_threat", "at our borders"), ("security", "borders")],
        ),
        (
            "joint drills with our brothers in the Union State",
            "en",
            [("military_hardware", "drills"), ("union_state", "brothers"), ("union_state", "Union State")],
        ),
        ("Russland kann die Ukraine einnehmen", "de", [("russian_aggression", "einnehmen")]),
        (
            "военные учения у границы",
            "ru",
            [("security", "военные"), ("military_hardware", "учения"), ("security", "границы")],
        ),
        ("NATO drills", "fr", []),  # no cue list for French
    ],
)
def test_find_frame_cues(text, lang, expected):
    assert [(c.frame, c.text) for c in find_frame_cues(text, lang)] == expected


def test_every_frame_has_a_definition_and_cues():
    definitions = frame_definitions()
    assert len(definitions) == 21
    assert set(definitions["family"]) == {"generic", "domain"}
    assert {"nato_threat", "union_state", "sovereignty", "western_hostility", "military_hardware", "dialogue"} <= set(
        definitions["frame"]
    )


def test_tass_frames(seed_tags):
    profile = frame_profile(seed_tags.segments)
    tass = profile[profile["article_id"] == "tass_2022"].set_index("frame")
    assert tass.loc["military_hardware", "rank"] == 1
    assert tass.loc["military_hardware", "n_cues"] == 24
    assert tass.loc["nato_threat", "n_cues"] == 6
    assert "behavior of NATO" in tass.loc["nato_threat", "cues"]
    assert tass.loc["union_state", "cues"].startswith("Union State")
    assert tass["share"].sum() == pytest.approx(1.0)


def test_top_frame_per_article(seed_tags):
    top = top_frames(frame_profile(seed_tags.segments)).set_index("article_id")["frame"].to_dict()
    assert top == {
        "bbabo_2022": "policy",
        "belta_2017": "crime",
        "blog_2014": "military_hardware",
        "rt_style": "military_hardware",
        "tass_2022": "military_hardware",
    }
    domain = top_frames(frame_profile(seed_tags.segments), family="domain").set_index("article_id")["frame"]
    assert domain["belta_2017"] == "dialogue"
    assert domain["bbabo_2022"] == "union_state"


def test_german_excerpts_frame_russian_aggression(seed_tags):
    sources = segment_sources(seed_tags.segments, seed_tags.articles)
    profile = frame_profile(seed_tags.segments, group=sources)
    top = top_frames(profile).set_index("source")
    assert top.loc["blog excerpt (de)", "frame"] == "russian_aggression"
    assert top.loc["blog excerpt (de)", "n_cues"] == 12
    german = profile[profile["source"] == "blog excerpt (de)"].set_index("frame")
    assert "union_state" not in german.index and "dialogue" not in german.index


def test_segment_sources(seed_tags):
    sources = segment_sources(seed_tags.segments, seed_tags.articles)
    table = seed_tags.segments.assign(source=sources).set_index(["article_id", "segment"])["source"]
    assert table[("blog_2014", 18)] == "blog excerpt (de)"
    assert table[("blog_2014", 10)] == "blog excerpt (en)"
    assert table[("tass_2022", 3)] == "TASS"
    assert pd.isna(table[("belta_2017", 17)])  # the calendar widget belongs to nobody

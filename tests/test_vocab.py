from __future__ import annotations

from collections import Counter

import pytest

from framing.aggregate import segment_sources
from framing.vocab import distinctive_terms, log_odds, stop_words, tokenize


def test_tokenize_splits_compounds_and_drops_stop_words():
    assert tokenize("Der Nato-Oberbefehlshaber warnt vor 5 Tagen", stop=stop_words("de")) == [
        "nato",
        "oberbefehlshaber",
        "warnt",
        "tagen",
    ]


def test_log_odds_by_hand():
    a, b = Counter({"threat": 8, "talks": 2}), Counter({"threat": 2, "talks": 8})
    table = log_odds(a, b).set_index("term")
    # prior = pooled counts: alpha = 10.01 per word, alpha_0 = 20.02; n_a = n_b = 10
    import math

    delta = math.log(18.01 / 12.01) - math.log(12.01 / 18.01)
    assert table.loc["threat", "delta"] == pytest.approx(delta)
    assert table.loc["threat", "z"] == pytest.approx(delta / math.sqrt(1 / 18.01 + 1 / 12.01))
    assert table.loc["talks", "z"] == pytest.approx(-table.loc["threat", "z"])
    assert table.loc["threat", "group"] == "a"


def test_german_excerpts_vs_state_media(seed_tags):
    segments = seed_tags.segments.assign(source=segment_sources(seed_tags.segments, seed_tags.articles))
    german = segments.loc[segments["source"] == "blog excerpt (de)", "text"]
    state = segments.loc[segments["source"].isin(["BelTA", "TASS", "RT-style"]), "text"]
    terms = distinctive_terms(german, state, top=5)
    assert terms[terms["group"] == "a"]["term"].tolist() == ["russland", "rasmussen", "grenze", "warnt", "ukraine"]
    assert terms[terms["group"] == "b"]["term"].tolist() == ["belarus", "russia", "lukashenko", "belarusian", "drills"]
    assert terms.iloc[0]["z"] == pytest.approx(2.0896, abs=1e-3)


def test_min_count_drops_hapaxes():
    table = distinctive_terms(["threat threat border"], ["talks"], min_count=2)
    assert table["term"].tolist() == ["threat"]

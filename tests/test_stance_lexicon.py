from __future__ import annotations

import importlib
import re

import pytest

import framing
from framing.stance import available_engines, get_engine, stance
from framing.stance.lexicon import LexiconEngine, load_cues
from framing.types import StanceInput, StanceLabel
from tests.test_mentions import mention

# The package, not the `framing.stance()` function exported under the same name.
stance_package = importlib.import_module("framing.stance")
lexicon = importlib.import_module("framing.stance.lexicon")


@pytest.mark.parametrize(
    ("article_id", "surface", "contains", "label", "evidence"),
    [
        ("tass_2022", "NATO", "considering the behavior of NATO", "against", "slot cue 'behavior of NATO'"),
        ("tass_2022", "NATO", "vital amid NATO", "against", "slot cue 'amid NATO'"),
        ("tass_2022", "Russians", "with our brothers", "favor", "role cues 'weapon' (hostile, Russians as partner"),
        ("tass_2022", "Russian Federation", "relocation of the troops", "neutral", "no cue near the mention"),
        ("blog_2014", "Moskau", "hat Moskau vorgeworfen", "against", "slot cue 'Moskau vorgeworfen'"),
        ("blog_2014", "Russland", "Rasmussen warnt Russland", "against", "slot cue 'warnt Russland'"),
        (
            "blog_2014",
            "russischer",
            "Ukraine-Invasion",
            "against",
            "role cues 'warnen' (accuse, russischer as topic",
        ),
        ("belta_2017", "NATO", "NATO installations", "against", "slot cue 'NATO installations are now at our borders'"),
        ("belta_2017", "NATO", "Step-by-step", "favor", "slot cue 'dialogue with NATO'"),
        ("rt_style", "Russia", "guarantor", "favor", "slot cue 'Russia is the guarantor'"),
        ("rt_style", "Russia", "closer to us than", "favor", "slot cue 'cannot be anyone closer to us than Russia'"),
        ("rt_style", "NATO", "locking horns", "against", "slot cue 'locking horns with NATO'"),
    ],
)
def test_seed_mention_stance(seed_tags, article_id, surface, contains, label, evidence):
    row = mention(seed_tags, article_id, surface, contains=contains)
    assert row["stance"] == label, row["evidence"]
    assert row["evidence"].startswith(evidence)
    assert row["engine"] == "lexicon"


@pytest.mark.parametrize(
    ("text", "target", "lang", "label"),
    [
        ("NATO is a threat to our country.", "NATO", "en", StanceLabel.AGAINST),
        ("NATO is not a threat to our country.", "NATO", "en", StanceLabel.FAVOR),
        ("Die Nato ist eine Bedrohung, sagte er.", "NATO", "de", StanceLabel.AGAINST),
        ("Die Nato sei keine Bedrohung, sagte er.", "NATO", "de", StanceLabel.FAVOR),
        ("Россия является нашим главным союзником.", "Russia", "ru", StanceLabel.FAVOR),
        ("НАТО представляет угрозу.", "NATO", "ru", StanceLabel.AGAINST),
        ("Ukraine is a threat, and Russia held talks.", "Russia", "en", StanceLabel.NEUTRAL),  # the cue is Ukraine's
        ("Russia announced the date of the drills.", "Russia", "en", StanceLabel.NEUTRAL),
    ],
)
def test_negation_and_target_awareness(text, target, lang, label):
    assert stance(text, target, lang=lang).label is label


SHARED = "Minsk seeks cooperation with NATO and with Russia."
SHARED_DE = "Die Nato hat Russland vorgeworfen, und Russland warf der Nato Propaganda vor."


@pytest.mark.parametrize(
    ("text", "target", "nth", "lang", "label", "evidence"),
    [
        (SHARED, "NATO", 0, "en", StanceLabel.FAVOR, "slot cue 'cooperation with NATO' (+1.0"),
        (SHARED, "Russia", 0, "en", StanceLabel.FAVOR, "slot cue 'cooperation with NATO and with Russia' (+1.0"),
        (SHARED_DE, "Nato", 0, "de", StanceLabel.NEUTRAL, "role cues 'vorwerfen' (accuse, Nato as actor"),
        (SHARED_DE, "Nato", 1, "de", StanceLabel.AGAINST, "role cues 'werfen vor' (accuse, Nato"),
        (SHARED_DE, "Russland", 0, "de", StanceLabel.AGAINST, "slot cue 'Russland vorgeworfen' (-1.0"),
        (SHARED_DE, "Russland", 1, "de", StanceLabel.NEUTRAL, "role cues 'werfen vor' (accuse, Russland as actor"),
    ],
)
def test_mentions_of_one_sentence_each_get_their_own_cues(text, target, nth, lang, label, evidence):
    # The engine finds where cues can begin once per sentence and shares that between its
    # mentions: each mention must still get the cues around it, in the same order.
    items = [
        StanceInput(text, t, (m.start(), m.end()), lang)
        for t in ("NATO", "Nato", "Russia", "Russland")
        for m in re.finditer(t, text)
    ]
    results = LexiconEngine().score(items)
    spans = [m.span() for m in re.finditer(target, text)]
    result = results[[i.span for i in items].index(spans[nth])]
    assert result.label is label
    assert result.evidence.startswith(evidence)


def test_hedging_weakens_a_cue():
    plain = stance("NATO is a threat to our country.", "NATO", lang="en")
    hedged = stance("NATO could be a threat to our country.", "NATO", lang="en")
    assert plain.score < hedged.score < 0
    assert "hedged by 'could'" in hedged.evidence


def test_explicit_span_picks_the_mention():
    text = "Russia praised the talks, but NATO is a threat."
    nato = text.index("NATO")
    assert stance(text, "NATO", span=(nato, nato + 4), lang="en").label is StanceLabel.AGAINST
    assert stance(text, "Russia", span=(0, 6), lang="en").label is StanceLabel.NEUTRAL


def test_any_entity_can_be_a_target():
    result = stance("Voters see Smith as a trusted and reliable partner.", "Smith", lang="en")
    assert result.label is StanceLabel.FAVOR
    assert (
        stance("Nothing here mentions anyone.", "Smith", lang="en").evidence == "target 'Smith' not found in the text"
    )


def test_language_is_detected_when_not_given():
    assert stance("Rasmussen hat Moskau vorgeworfen, die Lage zu verschärfen.", "Russia").label is StanceLabel.AGAINST


def test_registry():
    assert {"lexicon", "nli"} <= set(available_engines())
    assert get_engine("lexicon").name == "lexicon"
    with pytest.raises(ValueError, match="unknown stance engine 'nope'"):
        get_engine("nope")


def test_every_cue_file_loads_with_all_kinds():
    for lang in ("en", "de", "ru"):
        kinds = {c.kind for c in load_cues(lang)}
        assert kinds == {"word", "slot", "negator", "hedge", "actor"}, lang


def test_tag_accepts_an_engine_name(seed_corpus):
    tags = framing.tag(seed_corpus, engine="lexicon")
    assert set(tags.mentions["engine"]) == {"lexicon"}
    assert set(tags.mentions["stance"]) == {"favor", "against", "neutral"}
    assert tags.mentions["score"].between(-1, 1).all()


def test_package_level_stance_function():
    result = framing.stance("NATO is a threat.", "NATO", lang="en")
    assert isinstance(result, framing.StanceResult)
    assert result.label is StanceLabel.AGAINST
    from framing.stance.nli import NLIEngine

    assert NLIEngine.name == "nli"


def test_stance_by_name_builds_the_engine_once(monkeypatch):
    # A loop of single `stance()` calls must not load a model per call.
    built = []
    monkeypatch.setattr(stance_package, "get_engine", lambda name: built.append(name) or LexiconEngine())
    stance_package._shared_engine.cache_clear()
    try:
        labels = [framing.stance(text, "NATO", lang="en").label for text in ("NATO is a threat.", "NATO is a partner.")]
    finally:
        stance_package._shared_engine.cache_clear()
    assert labels == [StanceLabel.AGAINST, StanceLabel.FAVOR]
    assert built == ["lexicon"]


def test_a_repeated_mention_gets_the_result_of_a_fresh_score():
    # Results are memoised per (text, target, span, lang): a hit must equal a fresh score.
    items = [StanceInput(SHARED, "NATO", (29, 33), "en"), StanceInput(SHARED_DE, "Nato", None, "de")]
    lexicon._score.cache_clear()
    fresh = LexiconEngine().score(items)
    assert LexiconEngine().score(items + items) == fresh + fresh
    assert lexicon._score.cache_info().hits == 2 * len(items)


@pytest.mark.parametrize(
    ("text", "mention", "lang", "hits"),
    [
        (SHARED, "NATO", "en", [(1.0, "cooperation with NATO")]),
        (SHARED, "Russia", "en", [(1.0, "cooperation with NATO and with Russia")]),
        (SHARED_DE, "Russland", "de", [(-1.0, "Russland vorgeworfen")]),
        ("Rasmussen warnt Russland, und NATO warf Russland vor.", "Russland", "de", [(-1.0, "warnt Russland")]),
        ("Rasmussen warnt Russland, und NATO warf Russland vor.", "NATO", "de", []),
        (SHARED, "Minsk", "en", []),
    ],
)
def test_slot_hits_are_the_slot_cues_that_hold_the_mention(text, mention, lang, hits):
    span = (text.index(mention), text.index(mention) + len(mention))
    found = lexicon._slot_hits(text, span, lang)
    assert [(hit.cue.weight, hit.text) for hit in found] == hits
    # The same as each slot cue's own scan of the sentence with the mention marked.
    marked = text[: span[0]] + lexicon.SLOT + text[span[1] :]
    plain = [
        (cue.note, m.span(), m.group(0).replace(lexicon.SLOT, mention))
        for cue in load_cues(lang)
        if cue.kind == "slot"
        for m in cue.regex.finditer(marked)
        if lexicon.SLOT in m.group(0)
    ]
    assert [(hit.cue.note, (hit.start, hit.end), hit.text) for hit in found] == plain


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        (
            "Russia held talks, but NATO – the alliance – is a threat; WHILE Ukraine waits.",
            [",", "but", " – ", " – ", ";", "WHILE"],
        ),
        (
            "Die Nato (sagt er) ist WÄHREND der Krise eine Bedrohung, OBWOHL „niemand“ das will.",
            ["(", ")", "WÄHREND", ",", "OBWOHL", "„", "“"],
        ),
        (
            "НАТО, КОГДА Россия молчит — угроза, ОДНАКО «никто» не спорит.",
            [",", "КОГДА", " — ", ",", "ОДНАКО", "«", "»"],
        ),
        (
            "Whoever - whose - Who - who’s: “but” BUT ſ - - -.",
            [" - ", "whose", " - ", "Who", " - ", "who", ":", "“", "but", "”", "BUT", " - "],
        ),
    ],
)
def test_chunk_breaks(text, breaks):
    assert [text[start:end] for start, end in lexicon._chunk_breaks(text)] == breaks

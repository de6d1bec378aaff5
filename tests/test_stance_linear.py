"""The cue reader's roles, the `linear` engine's decisions and evidence, bad input."""

import importlib
import json

import pytest

from framing.stance import get_engine
from framing.types import StanceInput

cues = importlib.import_module("framing.stance.cues")
linear = importlib.import_module("framing.stance.linear")


def _span(text, surface):
    start = text.index(surface)
    return (start, start + len(surface))


# (language, sentence, target, surface, cue lemma, role read)
ROLES = [
    # the target threatened or attacked is the patient, not the actor
    ("en", "NATO poses a threat to Russia.", "Russia", "Russia", "threat", "patient"),
    ("en", "NATO poses a threat to Russia.", "NATO", "NATO", "threat", "actor"),
    ("en", "Moscow condemned the aggression against a non-NATO state.", "NATO", "NATO", "aggression", "patient"),
    ("de", "Die Angriffe auf die Nato nehmen zu.", "NATO", "Nato", "angriff", "patient"),
    ("de", "Die Angriffe der Nato nehmen zu.", "NATO", "Nato", "angriff", "actor"),
    ("ru", "Это угроза для России.", "Russia", "России", "угроза", "patient"),
    # the target as actor, also through 'the alliance' and separable German verbs
    ("en", "The alliance is doing everything to provoke Moscow.", "NATO", "The alliance", "provoke", "actor"),
    ("en", "NATO's aggression continues.", "NATO", "NATO's", "aggression", "actor"),
    ("de", "Russland greift die Ukraine an.", "Russia", "Russland", "greifen an", "actor"),
    ("de", "Das Bündnis provoziert Russland.", "NATO", "Bündnis", "provozieren", "actor"),
    ("de", "Berlin ist besorgt über die Nato-Osterweiterung.", "NATO", "Nato", "osterweiterung", "actor"),
    ("ru", "Альянс провоцирует Россию.", "NATO", "Альянс", "провоцировать", "actor"),
    ("ru", "Агрессия НАТО против Белоруссии продолжается.", "NATO", "НАТО", "агрессия", "next"),
    # the topic of someone's concern, and the one who is concerned
    ("en", "Russia is concerned about NATO expansion.", "NATO", "NATO", "concern", "topic"),
    ("en", "Russia is concerned about NATO expansion.", "Russia", "Russia", "concern", "said"),
    ("de", "Moskau äußerte Sorge über die Nato.", "NATO", "Nato", "sorge", "topic"),
    ("ru", "Москва обеспокоена расширением НАТО.", "NATO", "НАТО", "обеспокоенный", "topic"),
    # the speaker's own words are what it says, not what it does
    ("en", "Russia said NATO troops are a threat.", "Russia", "Russia", None, None),
]


@pytest.mark.parametrize(("lang", "text", "target", "surface", "cue", "role"), ROLES)
def test_role_read_for_each_cue(lang, text, target, surface, cue, role):
    reading = cues.read_mention(text, target, _span(text, surface), lang)
    roles = {hit.lemma: hit.role for hit in reading.hits}
    if cue is None:
        assert roles == {}  # 'threat' belongs to NATO, the nearer actor
    else:
        assert roles.get(cue) == role, roles


@pytest.mark.parametrize(
    ("lang", "text", "surface", "cue"),
    [
        ("en", "NATO is not an aggressor.", "NATO", "aggressor"),
        ("de", "Die Nato ist kein Aggressor.", "Nato", "aggressor"),
        ("ru", "НАТО не является агрессором.", "НАТО", "агрессор"),
    ],
)
def test_negation_is_read(lang, text, surface, cue):
    reading = cues.read_mention(text, "NATO", _span(text, surface), lang)
    assert [(h.lemma, h.negated) for h in reading.hits] == [(cue, True)]


def test_hedge_is_read_on_the_cue():
    text = "It is very unlikely that Russia will attack."
    hit = cues.read_mention(text, "Russia", _span(text, "Russia"), "en").hits[0]
    assert (hit.lemma, hit.hedged) == ("attack", True)


def test_target_speaks():
    text = "Russia said the drills were routine."
    assert cues.read_mention(text, "Russia", _span(text, "Russia"), "en").target_speaks
    text = "Угроза для России растёт, заявил Грушко."
    assert not cues.read_mention(text, "Russia", _span(text, "России"), "ru").target_speaks


# (language, sentence, target, surface, label) decided by the shipped model
DECISIONS = [
    ("en", "NATO poses a threat to Russia.", "NATO", "NATO", "against"),
    ("en", "NATO poses a threat to Russia.", "Russia", "Russia", "neutral"),
    ("en", "NATO is not an aggressor, Rutte said.", "NATO", "NATO", "favor"),
    ("en", "Russia launched a missile attack on Kyiv.", "Russia", "Russia", "against"),
    ("en", "Russia is a reliable partner and ally of Belarus.", "Russia", "Russia", "favor"),
    ("en", "Moscow condemned the aggression against a non-NATO state.", "NATO", "NATO", "neutral"),
    ("de", "Die Angriffe auf die Nato nehmen zu.", "NATO", "Nato", "neutral"),
    ("de", "Russland greift die Ukraine an.", "Russia", "Russland", "against"),
    ("de", "Die Nato ist keine Bedrohung für Russland.", "NATO", "Nato", "favor"),
    ("de", "Moskau wirft der Nato Aggression vor.", "NATO", "Nato", "against"),
    ("ru", "Альянс провоцирует Россию.", "NATO", "Альянс", "against"),
    ("ru", "Это угроза для России.", "Russia", "России", "neutral"),
    ("ru", "НАТО не является агрессором, заявил Рютте.", "NATO", "НАТО", "favor"),
    ("ru", "Россия — надёжный союзник Белоруссии.", "Russia", "Россия", "favor"),
]


@pytest.mark.parametrize(("lang", "text", "target", "surface", "label"), DECISIONS)
def test_linear_decisions(lang, text, target, surface, label):
    result = get_engine("linear").score([StanceInput(text, target, _span(text, surface), lang)])[0]
    assert result.label.value == label, result.evidence


def test_evidence_names_the_cue_and_role_in_words():
    text = "Альянс провоцирует Россию."
    result = get_engine("linear").score([StanceInput(text, "NATO", _span(text, "Альянс"), "ru")])[0]
    assert "cue 'провоцировать' with NATO as actor" in result.evidence
    assert "toward against" in result.evidence
    text = "Drones attacked the Russian border overnight."
    result = get_engine("linear").score([StanceInput(text, "Russia", _span(text, "Russian"), "en")])[0]
    assert "with Russia holding a place or thing" in result.evidence


@pytest.mark.parametrize(
    ("item", "evidence_start"),
    [
        (StanceInput("", "NATO", (0, 4), "en"), "no cue"),
        (StanceInput("   ", "NATO", None, "en"), "no cue"),
        (StanceInput("NATO threatens.", "NATO", (40, 44), "en"), "unreadable"),
        (StanceInput("NATO threatens.", "NATO", (3, 1), "en"), "unreadable"),
        (StanceInput("NATO threatens.", "NATO", None, "en"), ""),  # first mention found
        (StanceInput("Il NATO minaccia.", "NATO", (3, 7), "it"), ""),  # unknown language: English rules
        (StanceInput("word " * 10_000 + "NATO threatens Russia.", "NATO", (50_000, 50_004), "en"), ""),
    ],
)
def test_bad_input_is_neutral_with_a_reason_or_scored(item, evidence_start):
    result = get_engine("linear").score([item])[0]
    if evidence_start:
        assert (result.label.value, result.evidence.startswith(evidence_start)) == ("neutral", True)
    else:
        assert result.label.value in ("favor", "against", "neutral") and result.evidence


def test_ten_thousand_words_around_the_mention_are_read():
    text = "word " * 10_000 + "NATO threatens Russia."
    result = get_engine("linear").score([StanceInput(text, "NATO", (50_000, 50_004), "en")])[0]
    assert result.label.value == "against"


def test_a_bad_cue_row_is_left_out_and_named():
    rows = [
        {"lemma": "threat", "kind": "threat", "weight": "1.0", "compound": "word", "source": "s"},
        {"lemma": "menace", "kind": "threat", "weight": "heavy", "compound": "word", "source": "s"},
        {"lemma": "ally", "kind": "friendly", "weight": "1.0", "compound": "word", "source": "s"},
        {"lemma": "foe", "kind": "negative", "weight": "1.0", "compound": "word", "source": ""},
    ]
    entries, problems = cues.parse_cues(rows, "cues_en.csv")
    assert [e.lemmas for e in entries] == [("threat",)]
    assert [p.split(": ")[1] for p in problems] == [
        "weight is not a number",
        "unknown kind 'friendly' or compound 'word', or no lemma",
        "no source",
    ]


def test_unreadable_model_gives_neutral_with_the_reason(monkeypatch):
    monkeypatch.setattr(linear, "shipped_model", lambda: "unreadable model file linear_model.json (OSError)")
    result = linear.LinearEngine().score([StanceInput("NATO threatens Russia.", "NATO", (0, 4), "en")])[0]
    assert (result.label.value, result.evidence) == ("neutral", "unreadable model file linear_model.json (OSError)")


def test_shipped_cue_files_have_no_bad_rows_and_every_row_a_source():
    for lang in ("en", "de", "ru"):
        assert cues.cue_data(lang).problems == ()


def test_model_file_names_its_training_rows_and_never_the_test_fold():
    from importlib.resources import files

    data = json.loads(files("framing.resources").joinpath("stance", "linear_model.json").read_text(encoding="utf-8"))
    assert set(data["trained_on"]) == {"realworld dev fold"}  # the seed gold stays an independent check
    assert all(len(digest) == 64 for digest in data["trained_on"].values())
    assert data["labels"] == ["against", "neutral", "favor"]


def test_same_input_same_output():
    items = [StanceInput("Die Nato bedroht Russland.", "NATO", (4, 8), "de")] * 3
    first = get_engine("linear").score(items)
    assert first == get_engine("linear").score(items) and first[0] == first[2]


def test_refit_is_deterministic():
    training = importlib.import_module("framing.stance.linear_training")
    rows = training.seed_rows()
    a = training.fit(rows, c=0.3, near_words=True)
    b = training.fit(rows, c=0.3, near_words=True)
    assert a == b and a.labels == ("against", "neutral", "favor")


def test_cue_data_warns_about_each_row_it_skips(monkeypatch):
    tables = {
        "cues_xx.csv": ([{"lemma": "menace", "kind": "threat", "weight": "x", "compound": "word", "source": "s"}], []),
        "roles_xx.csv": ([{"kind": "patient", "lemma": "to"}, {"kind": "elsewhere", "lemma": "in"}], []),
    }
    monkeypatch.setattr(cues, "resource_rows", lambda name: tables[name])
    try:
        with pytest.warns(UserWarning) as caught:
            data = cues.cue_data("xx")
        assert data.roles["patient"] == frozenset({"to"})
        assert [str(w.message) for w in caught] == [
            "stance cues: cues_xx.csv, line 2: weight is not a number (row skipped)",
            "stance cues: roles_xx.csv: a row without a known kind or lemma (row skipped)",
        ]
    finally:
        cues.cue_data.cache_clear()

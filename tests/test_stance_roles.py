"""The lexicon engine reads the role a target plays for each cue (actor, patient, topic of a
concern, partner, voice), in English, German and Russian, on sentences written for these
tests; and it never fails on bad input."""

from __future__ import annotations

import importlib
import re

import pytest

from framing.mentions import walk
from framing.stance import get_engine
from framing.types import Segment, SegmentKind, StanceInput

resources = importlib.import_module("framing.resources")
lexicon = importlib.import_module("framing.stance.lexicon")

# (language, sentence, mention as written, which occurrence, target, stance, role in the evidence)
ROLE_CASES = [
    # actor: the target does the hostile thing
    ("en", "NATO threatens Belarus with new bases.", "NATO", 0, "NATO", "against", "NATO as actor"),
    ("en", "The alliance is doing everything to provoke Moscow.", "The alliance", 0, "NATO", "against", "as actor"),
    ("en", "Analysts call the Kremlin's policy reckless and dangerous.", "Kremlin", 0, "Russia", "against", "actor"),
    ("de", "Die Nato bedroht Russland mit neuen Stützpunkten.", "Nato", 0, "NATO", "against", "Nato as actor"),
    ("de", "Das Bündnis provoziert Russland seit Jahren.", "Das Bündnis", 0, "NATO", "against", "as actor"),
    ("ru", "НАТО угрожает России новыми базами.", "НАТО", 0, "NATO", "against", "НАТО as actor"),
    ("ru", "Альянс провоцирует Россию у границ.", "Альянс", 0, "NATO", "against", "Альянс as actor"),
    # patient: the target suffers it, which says nothing against it
    ("en", "The alliance is doing everything to provoke Moscow.", "Moscow", 0, "Russia", "neutral", "as patient"),
    ("en", "The new bases pose a threat to Russia, the minister said.", "Russia", 0, "Russia", "neutral", "patient"),
    ("en", "The drones were a direct attack on NATO.", "NATO", 0, "NATO", "neutral", "NATO as patient"),
    ("en", "Russia was attacked by drones overnight.", "Russia", 0, "Russia", "neutral", "Russia as patient"),
    ("en", "Officials condemned the aggression against a non-NATO state.", "NATO", 0, "NATO", "neutral", "patient"),
    ("de", "Die Nato bedroht Russland mit neuen Stützpunkten.", "Russland", 0, "Russia", "neutral", ""),
    ("ru", "НАТО угрожает России новыми базами.", "России", 0, "Russia", "neutral", ""),
    # German puts the object before a verb at the end of its clause: after the subject, or in
    # a zu-infinitive, which has no subject of its own; the subject keeps the actor's role
    (
        "de",
        "Der Minister glaubt, dass Moskau schon bald Nato-Länder angreifen könnte.",
        "Nato-Länder",
        0,
        "NATO",
        "neutral",
        "Nato-Länder as patient",
    ),
    ("de", "Moskau plane nicht, den Boden der Nato anzugreifen.", "Nato", 0, "NATO", "neutral", "Nato as patient"),
    ("de", "Er glaubt, dass die Nato die Region bedrohen werde.", "Nato", 0, "NATO", "against", "Nato as actor"),
    ("de", "Die Nato will Russland nicht provozieren.", "Russland", 0, "Russia", "neutral", "Russland as patient"),
    # ... and the subject is the actor of that verb across the object between them
    (
        "de",
        "Seit Russland 2014 die Ukraine angriff, ist vieles anders.",
        "Russland",
        0,
        "Russia",
        "against",
        "as actor",
    ),
    (
        "de",
        "Er glaubt, dass Moskau bald Litauen angreifen könnte.",
        "Moskau",
        0,
        "Russia",
        "against",
        "Moskau as actor",
    ),
    # routine military acts without evaluation are neutral (guideline rule 3), in every language
    ("en", "NATO deploys more troops and missiles to Estonia.", "NATO", 0, "NATO", "neutral", ""),
    ("de", "Die Nato hält im Herbst ihr größtes Manöver seit Jahren ab.", "Nato", 0, "NATO", "neutral", ""),
    ("ru", "НАТО проводит учения и перебрасывает войска в Эстонию.", "НАТО", 0, "NATO", "neutral", ""),
    # concern: whoever is concerned voices it; what the concern is about is cast negatively
    ("en", "Russia is concerned about the expansion of the bloc.", "Russia", 0, "Russia", "neutral", "voicing it"),
    ("en", "Diplomats voiced deep concern about NATO and its drills.", "NATO", 0, "NATO", "against", "NATO as topic"),
    ("de", "Moskau äußerte Sorge über die Nato.", "Moskau", 0, "Russia", "neutral", "Moskau voicing it"),
    ("de", "Moskau äußerte Sorge über die Nato.", "Nato", 0, "NATO", "against", "Nato as topic"),
    # (in Russian the slot cue for a concerned target decides first, with the same reading)
    ("ru", "Москва обеспокоена расширением альянса.", "Москва", 0, "Russia", "neutral", "цель обеспокоена"),
    # the second mention of a target gets the cues around it, not those of the first
    ("en", "Russia praised the talks, but Russia remains an aggressor.", "Russia", 1, "Russia", "against", "actor"),
    ("de", "Russland lobte die Gespräche, doch Russland bleibt ein Aggressor.", "Russland", 1, "Russia", "against", ""),
    ("ru", "Россия хвалила переговоры, но Россия остается агрессором.", "Россия", 1, "Russia", "against", "actor"),
    # negation flips a cue
    ("en", "The minister insisted that NATO is not an aggressor.", "NATO", 0, "NATO", "favor", "negated by 'not'"),
    ("de", "Der Minister sagte, die Nato sei keine Bedrohung.", "Nato", 0, "NATO", "favor", "negated by 'keine'"),
    ("ru", "Министр заявил, что НАТО не является агрессором.", "НАТО", 0, "NATO", "favor", "negated by 'не'"),
    # a negative object after the cue negates it
    ("de", "Moskau bedrohe niemanden, sagte der Sprecher.", "Moskau", 0, "Russia", "favor", "negated by 'niemanden'"),
    ("en", "The alliance attacks no one, the envoy insisted.", "The alliance", 0, "NATO", "favor", "negated by"),
    # a negator that belongs to another verb, or an effect denied of a deed the target does,
    # does not flip the deed
    ("en", "Our soldiers will never be provoked by NATO.", "NATO", 0, "NATO", "against", "named as its doer"),
    ("de", "Die Balten lassen sich von Moskau nicht erpressen.", "Moskau", 0, "Russia", "against", "named as its doer"),
    ("ru", "Мы не дадим Кремлю шантажировать соседей.", "Кремлю", 0, "Russia", "against", "Кремлю as actor"),
    # a country after a place word is a place: it does not take the target's cue
    ("en", "NATO warplanes near Lithuania provoked an incident.", "NATO", 0, "NATO", "against", "NATO as actor"),
    ("de", "Die Nato-Truppen in Polen provozieren Moskau.", "Nato", 0, "NATO", "against", ""),
    ("ru", "Учения НАТО у границ Беларуси провоцируют Минск.", "НАТО", 0, "NATO", "against", ""),
    # an adjective target of a place or thing it holds does not act ('the Russian border')
    ("en", "Drones attacked the Russian border overnight.", "Russian", 0, "Russia", "neutral", "holding a place"),
    ("de", "Drohnen griffen die russische Grenze an.", "russische", 0, "Russia", "neutral", "holding a place"),
    ("ru", "Дроны атаковали российскую территорию.", "российскую", 0, "Russia", "neutral", "holding a place"),
    ("en", "The Russian attack on the port was condemned.", "Russian", 0, "Russia", "against", "Russian as actor"),
    ("de", "Der Nato-Gipfel fand nach dem Angriff statt.", "Nato-Gipfel", 0, "NATO", "neutral", "holding a place"),
    ("ru", "Беспилотники атаковали территорию России.", "России", 0, "Russia", "neutral", "holding a place"),
    ("de", "Drohnen griffen die Grenze Russlands an.", "Russlands", 0, "Russia", "neutral", "holding a place"),
    ("en", "The NATO summit opened a day after the attack.", "NATO", 0, "NATO", "neutral", "holding a place"),
    # 'anti-Russian': the target is what the hostility is against
    ("en", "He accused politicians of anti-Russian hysteria.", "Russian", 0, "Russia", "neutral", "anti- word"),
    # a denial is the target's own speech: what follows is what it denies
    ("en", "The Kremlin denied that its drones entered Poland.", "Kremlin", 0, "Russia", "neutral", "voicing it"),
    ("de", "Der Kreml bestreitet jede Beteiligung an den Anschlägen.", "Kreml", 0, "Russia", "neutral", "voicing it"),
    ("ru", "Кремль отрицает причастность к диверсиям.", "Кремль", 0, "Russia", "neutral", "voicing it"),
    # a speech verb set off by commas is someone else's, not the target's
    ("en", "Russia, the minister stressed, is a reliable partner.", "Russia", 0, "Russia", "favor", "Russia as actor"),
    # 'close to' is distance, not closeness
    ("en", "The alliance keeps moving closer to the Russian frontier.", "The alliance", 0, "NATO", "neutral", ""),
    # an office named after the target: the cues are its holder's
    ("en", "NATO Secretary General Rutte condemned the attack.", "NATO", 0, "NATO", "neutral", "names an office"),
    ("en", "The Secretary General of NATO condemned the attack.", "NATO", 0, "NATO", "neutral", "names an office"),
    # ... but not a title that a verb separates from the target
    ("en", "The army chief says NATO provokes Minsk with its drills.", "NATO", 0, "NATO", "against", "NATO as actor"),
    # partner: the other side of a relation
    ("en", "The talks ended in open confrontation with Russia.", "Russia", 0, "Russia", "neutral", "as partner"),
    # a doer named after the target makes it the one threatened
    ("de", "Die Bedrohung der Nato durch Russland wächst.", "Nato", 0, "NATO", "neutral", "Nato as patient"),
    ("ru", "Эксперт говорит о росте угрозы НАТО со стороны Москвы.", "НАТО", 0, "NATO", "neutral", "НАТО as patient"),
    # a sanctioned target is a victim (guideline rule 2)
    (
        "en",
        "New sanctions against Russia took effect on Monday.",
        "Russia",
        0,
        "Russia",
        "neutral",
        "Russia as patient",
    ),
    (
        "de",
        "Die neuen Sanktionen gegen Russland gelten ab Montag.",
        "Russland",
        0,
        "Russia",
        "neutral",
        "Angegriffener",
    ),
    # the one a threat is for ('für die Nato', 'для России') is its patient, and no rival of its doer
    ("de", "Moskau stellt für die Nato eine wachsende Gefahr dar.", "Nato", 0, "NATO", "neutral", "Nato as patient"),
    ("de", "Moskau stellt für die Nato eine wachsende Gefahr dar.", "Moskau", 0, "Russia", "against", "as actor"),
    ("ru", "Для России НАТО представляет прямую угрозу.", "России", 0, "Russia", "neutral", ""),
    ("ru", "Для России НАТО представляет прямую угрозу.", "НАТО", 0, "NATO", "against", "НАТО as actor"),
    # the name of an era or a past war holds a war word but is no act of the target
    ("en", "NATO holds its largest drills since the Cold War.", "NATO", 0, "NATO", "neutral", "no cue"),
    ("de", "Die Nato übt so groß wie seit Ende des Kalten Krieges nicht.", "Nato", 0, "NATO", "neutral", "no cue"),
    ("de", "Russland baut seit dem Zweiten Weltkrieg Häfen aus.", "Russland", 0, "Russia", "neutral", "no cue"),
    ("ru", "НАТО проводит крупнейшие учения со времен холодной войны.", "НАТО", 0, "NATO", "neutral", "no cue"),
    ("ru", "Россия после Второй мировой войны строила флот.", "Россия", 0, "Russia", "neutral", "no cue"),
    # ... while the target's own war is its act
    ("en", "Russia's war against Ukraine goes on.", "Russia", 0, "Russia", "against", "war"),
    ("de", "Russlands Krieg gegen die Ukraine geht weiter.", "Russlands", 0, "Russia", "against", "krieg"),
]


def _item(lang: str, text: str, mention: str, nth: int, target: str) -> StanceInput:
    spans = [m.span() for m in re.finditer(re.escape(mention), text)]
    return StanceInput(text, target, spans[nth], lang)


@pytest.mark.parametrize(("lang", "text", "mention", "nth", "target", "label", "role"), ROLE_CASES)
def test_the_role_read_decides_the_stance(lang, text, mention, nth, target, label, role):
    result = get_engine("lexicon").score([_item(lang, text, mention, nth, target)])[0]
    assert result.label.value == label, result.evidence
    assert role in result.evidence


@pytest.mark.parametrize(
    ("lang", "text", "mention", "target", "label"),
    [
        # a hostile intent denied defends the target (guideline rule 4), in every language
        ("en", "Moscow has no intention to invade the Baltic states, the envoy said.", "Moscow", "Russia", "favor"),
        ("en", "Russia is not planning to attack any member of the alliance.", "Russia", "Russia", "favor"),
        ("de", "Russland wolle keinesfalls Polen angreifen, betonte der Sprecher.", "Russland", "Russia", "favor"),
        ("de", "Die Nato habe keine Absicht, Belarus zu bedrohen.", "Nato", "NATO", "favor"),
        ("ru", "Москва не намерена нападать на соседние страны.", "Москва", "Russia", "favor"),
        ("ru", "У альянса нет планов угрожать Белоруссии.", "альянса", "NATO", "favor"),
        # the target standing by others is their protector; standing by its own words is not
        (
            "en",
            "The alliance will stand by Lithuania whatever happens, the general said.",
            "The alliance",
            "NATO",
            "favor",
        ),
        ("de", "Die Nato stehe fest an der Seite der baltischen Staaten.", "Nato", "NATO", "favor"),
        ("en", "Russia stood by its claims about the border.", "Russia", "Russia", "neutral"),
        # relations count when presented as desirable, not when they are halted or suspended
        ("en", "The alliance suspended all practical cooperation with Russia in April.", "Russia", "Russia", "neutral"),
        ("de", "Die Nato setzt die Zusammenarbeit mit Russland vorerst aus.", "Russland", "Russia", "neutral"),
        # ... nor when they are worsened or broken off
        ("en", "Minsk says it did nothing to worsen relations with NATO.", "NATO", "NATO", "neutral"),
        ("de", "Der Abbruch der Beziehungen mit der Nato ging von Minsk aus.", "Nato", "NATO", "neutral"),
        ("ru", "Минск не стремился к ухудшению отношений с НАТО.", "НАТО", "NATO", "neutral"),
        ("ru", "Альянс заморозил всё сотрудничество с Россией.", "Россией", "Russia", "neutral"),
        ("en", "The alliance seeks closer cooperation with Russia on arms control.", "Russia", "Russia", "favor"),
        # a reply addressed to the target says nothing of it; a signal to it is a warning
        ("de", "Die Regierung übergab ihre Antwort an Moskau am Mittwoch.", "Moskau", "Russia", "neutral"),
        ("de", "Das Manöver ist ein deutliches Signal an Russland.", "Russland", "Russia", "against"),
        # the intent asserted stays against
        ("en", "Russia is planning to attack a member of the alliance.", "Russia", "Russia", "against"),
    ],
)
def test_denied_intents_protectors_and_halted_relations(lang, text, mention, target, label):
    result = get_engine("lexicon").score([_item(lang, text, mention, 0, target)])[0]
    assert result.label.value == label, result.evidence
    if label == "favor":
        assert result.evidence.startswith("slot cue"), result.evidence


def test_hedging_weakens_a_role_cue():
    plain = get_engine("lexicon").score([_item("en", "NATO threatens Russia.", "NATO", 0, "NATO")])[0]
    hedged = get_engine("lexicon").score([_item("en", "NATO could threaten Russia.", "NATO", 0, "NATO")])[0]
    assert plain.score < hedged.score < 0
    assert "hedged by 'could'" in hedged.evidence


@pytest.mark.parametrize(
    ("item", "evidence_start"),
    [
        (StanceInput("", "NATO", (0, 4), "en"), "no cue"),
        (StanceInput("   ", "NATO", None, "en"), "no cue"),
        (StanceInput("NATO threatens Russia.", "NATO", (0, 4), "und"), "no cue"),
        (StanceInput("NATO threatens Russia.", "NATO", (0, 4), ""), "no cue"),
        (StanceInput("NATO threatens.", "NATO", (40, 44), "en"), "unreadable"),
        (StanceInput("NATO threatens.", "NATO", (3, 1), "en"), "unreadable"),
        (StanceInput("NATO threatens.", "NATO", (-5, 2), "en"), "unreadable"),
    ],
)
def test_bad_input_is_neutral_with_a_reason(item, evidence_start):
    result = get_engine("lexicon").score([item])[0]
    assert result.label.value == "neutral"
    assert result.evidence.startswith(evidence_start)


def test_ten_thousand_words_are_read_around_the_mention():
    text = "word " * 10_000 + "NATO threatens Russia."
    result = get_engine("lexicon").score([StanceInput(text, "NATO", (50_000, 50_004), "en")])[0]
    assert result.label.value == "against"


def test_a_bad_role_effect_row_is_left_out(monkeypatch):
    rows = [
        {"kind": "threat", "role": "actor", "effect": "-1.0", "source": "s"},
        {"kind": "threat", "role": "patient", "effect": "strong", "source": "s"},
        {"kind": "threat", "source": "s"},
    ]
    monkeypatch.setattr(lexicon, "resource_rows", lambda name: (rows, []))
    lexicon.role_effects.cache_clear()
    try:
        with pytest.warns(UserWarning) as caught:
            assert lexicon.role_effects() == {("threat", "actor"): -1.0}
        assert [str(w.message) for w in caught] == [
            "stance cues: role_effects.csv, row 3: effect 'strong' is not a number (row skipped)",
            "stance cues: role_effects.csv, row 4: no 'effect' (row skipped)",
        ]
    finally:
        lexicon.role_effects.cache_clear()


def test_a_bad_denial_row_is_left_out_with_a_warning(monkeypatch):
    rows = [
        {"lang": "en", "word": "myth*", "source": "s"},
        {"lang": "en", "word": "", "source": "s"},
        {"lang": "en", "word": "never", "source": ""},
    ]
    monkeypatch.setattr(lexicon, "resource_rows", lambda name: (rows, []))
    lexicon._denials.cache_clear()
    try:
        with pytest.warns(UserWarning) as caught:
            denials = lexicon._denials("en")
        assert denials.search("the myths of the war") and not denials.search("they never came")
        assert [str(w.message) for w in caught] == [
            "stance denials: denials.csv, row 3: no word or no source (row skipped)",
            "stance denials: denials.csv, row 4: no word or no source (row skipped)",
        ]
    finally:
        lexicon._denials.cache_clear()


def test_a_bad_word_cue_row_is_left_out_with_a_warning(monkeypatch):
    rows = (
        {"kind": "word", "pattern": r"\bmenace\b", "weight": "-1.0", "note": "menace"},
        {"kind": "word", "pattern": r"\bthreat(", "weight": "-1.0", "note": "bad pattern"},
        {"kind": "word", "pattern": r"\bally\b", "weight": "much", "note": "bad weight"},
    )
    monkeypatch.setattr(lexicon, "numbered_rows", lambda name: (list(enumerate(rows, start=2)), []))
    lexicon.load_cues.cache_clear()
    try:
        with pytest.warns(UserWarning) as caught:
            cues = lexicon.load_cues("de")
        assert [c.note for c in cues] == ["menace"]
        messages = [str(w.message) for w in caught]
        assert messages[0].startswith("stance cues: stance_de.csv, row 3: pattern does not compile")
        assert messages[1].startswith("stance cues: stance_de.csv, row 4: weight or a cell missing")
        assert all(m.endswith("(row skipped)") for m in messages) and len(messages) == 2
    finally:
        lexicon.load_cues.cache_clear()


def test_a_word_cue_row_with_an_unquoted_comma_is_left_out_not_its_file(monkeypatch, tmp_path):
    text = (
        "kind,pattern,weight,note,source\n"
        "word,\\bmenace\\b,-1.0,menace,s\n"
        "slot,\\bAntwort an {T},0.0,a reply (a letter, no verdict),s\n"
        "word,\\bally\\b,1.0,ally,s\n"
    )
    (tmp_path / "stance_de.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    lexicon.load_cues.cache_clear()
    try:
        with pytest.warns(UserWarning) as caught:
            cues = lexicon.load_cues("de")
        assert [c.note for c in cues] == ["menace", "ally"]
        assert [str(w.message) for w in caught] == [
            "stance cues: stance_de.csv, line 3: wrong number of cells (quote cells that hold commas) (row skipped)"
        ]
    finally:
        lexicon.load_cues.cache_clear()


def test_every_role_the_reader_gives_has_an_effect_for_every_cue_kind():
    from framing.stance.cues import CUE_KINDS

    roles = set(lexicon.ROLE_NAMES)
    assert {(kind, role) for kind in CUE_KINDS for role in roles} <= set(lexicon.role_effects())


def _mentions(paragraphs: list[str], lang: str) -> list[tuple[str, str]]:
    segments = [Segment(i, 0, len(p), p, SegmentKind.BODY, "test") for i, p in enumerate(paragraphs)]
    found = walk.extract_mentions(segments, article_id="a", languages=[lang] * len(segments))
    return [(m.surface, m.target) for m in found]


@pytest.mark.parametrize(
    ("paragraphs", "lang", "expected"),
    [
        # NATO named early in the article makes a later 'the alliance' NATO, however far
        (
            ["NATO ministers met in Brussels.", "The weather was cold. Talks went on. The alliance agreed."],
            "en",
            [("NATO", "NATO"), ("The alliance", "NATO")],
        ),
        (["Ukraine wants to join the alliance."], "en", []),  # no NATO in the article: no mention
        (
            ["Die Nato tagte in Brüssel.", "Es war kalt. Im Bündnis wuchs der Zweifel."],
            "de",
            [("Nato", "NATO"), ("Im Bündnis", "NATO")],
        ),
        (["Die Grünen und das Bündnis 90 stimmten zu."], "de", []),  # a party, not NATO
        (
            ["НАТО провело саммит.", "Было холодно. Альянс согласился."],
            "ru",
            [("НАТО", "NATO"), ("Альянс", "NATO")],
        ),
        # both targets of a compound are mentions
        (["The NATO-Russia Council met."], "en", [("NATO", "NATO"), ("Russia", "Russia")]),
    ],
)
def test_metonyms_count_when_the_article_names_their_target(paragraphs, lang, expected):
    assert _mentions(paragraphs, lang) == expected


@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_lemma_tables_hold_every_cue_and_role_lemma(lang):
    # A cue or role row added without `python -m tools.build_lemma_tables` would match its
    # base form only, not its inflections.
    from framing.lemmas import lemma_table
    from tools.build_lemma_tables import needed_lemmas

    missing = needed_lemmas(lang) - set(lemma_table(lang))
    assert not missing, f"run python -m tools.build_lemma_tables ({sorted(missing)[:5]})"


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("threatened", "en", "threaten"),
        ("Moscow's", "en", "moscow"),
        ("Bedrohungen", "de", "bedrohung"),
        ("Kriegsdrohungen", "de", "kriegsdrohung"),  # a compound's last part
        ("угрожает", "ru", "угрожать"),
        ("обеспокоена", "ru", "обеспокоенный"),  # read by simplemma's rules, not its dictionary
        ("Brussels", "en", "brussels"),  # no cue: stays as written
    ],
)
def test_lemmas_from_the_shipped_table(word, lang, expected):
    from framing.lemmas import lemma

    assert lemma(word, lang) == expected


@pytest.mark.parametrize("seed", ["0", "1"])
def test_lemma_tables_are_rebuilt_byte_for_byte_whatever_the_hash_seed(seed):
    import os
    import subprocess
    import sys
    from importlib.resources import files

    code = "import sys; from tools.build_lemma_tables import build_table; sys.stdout.write(build_table('de'))"
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
    built = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, encoding="utf-8", check=True
    )
    shipped = files("framing.resources").joinpath("stance", "lemmas_de.tsv").read_text(encoding="utf-8")
    assert built.stdout == shipped, "run python -m tools.build_lemma_tables"

"""Lemmas and cue lookup on lemmas, including German compounds and separable verbs."""

import pytest

from framing.lemmas import CueEntry, CueIndex, lemma, tokens


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("threatens", "en", "threaten"),
        ("attacked", "en", "attack"),
        ("Angriffe", "de", "angriff"),
        ("Bedrohungen", "de", "bedrohung"),
        ("угрозы", "ru", "угроза"),
        ("провоцирует", "ru", "провоцировать"),
        ("России", "ru", "россия"),
        ("Word", "xx", "word"),  # an unknown language: the word itself, casefolded
    ],
)
def test_lemma(word, lang, expected):
    assert lemma(word, lang) == expected


def test_tokens_keep_offsets_and_hyphenated_words():
    words = tokens("Die Nato-Osterweiterung droht.", "de")
    assert [(w.start, w.end, w.text) for w in words] == [
        (0, 3, "Die"),
        (4, 23, "Nato-Osterweiterung"),
        (24, 29, "droht"),
    ]
    assert words[2].lemma == "drohen"


def _index(*rows):
    return CueIndex(CueEntry(tuple(r[0].split()), r[1], 1.0, r[2], "test") for r in rows)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["nato-aggression"], "aggression"),  # the cue as the part after a hyphen
        (["kriegsdrohung"], "drohung"),  # the cue as the head of a closed compound
        (["aggressionskrieg"], "aggression"),  # an 'any' cue as the first part, with a linking 's'
        (["greifen", "die", "ukraine", "an"], "greifen an"),  # separable verb, parts apart
        (["drohne"], None),  # 'drohung' is not a prefix of 'drohne'
        (["an"], None),
    ],
)
def test_cue_index_matches_compounds_and_separable_verbs(words, expected):
    index = _index(("drohung", "threat", "head"), ("aggression", "hostile", "any"), ("greifen an", "hostile", "gap"))
    found = index.match(words, 0)
    assert (" ".join(found[0].lemmas) if found else None) == expected


def test_longest_multiword_cue_wins():
    index = _index(("security", "protect", "word"), ("security guarantee", "protect", "word"))
    entry, length = index.match(["security", "guarantee", "for", "kyiv"], 0)
    assert (entry.lemmas, length) == (("security", "guarantee"), 2)

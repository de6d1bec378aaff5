from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.mentions import (
    extract_mentions,
    find_quotes,
    find_targets,
    quotes,
    sentences,
    speakers,
    split_sentences,
    walk,
)
from framing.types import Segment, SegmentKind
from tests.test_properties import PARAGRAPHS


def mention(tags, article_id: str, surface: str, *, contains: str = "", nth: int = 0):
    rows = tags.mentions[(tags.mentions.article_id == article_id) & (tags.mentions.surface == surface)]
    if contains:
        rows = rows[rows.sentence_text.str.contains(contains, regex=False)]
    assert len(rows) > nth, f"no mention {surface!r} in {article_id} containing {contains!r}"
    return rows.iloc[nth]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO and Nato-Oberbefehlshaber met", [("NATO", "NATO"), ("Nato-Oberbefehlshaber", "NATO")]),
        ("the Russian Federation and Russia", [("Russian Federation", "Russia"), ("Russia", "Russia")]),
        (
            "Belarus-Russia drills near Moscow and the Kremlin",
            [("Russia", "Russia"), ("Moscow", "Russia"), ("the Kremlin", "Russia")],
        ),
        (
            "Russland, russische Truppen, Moskau",
            [("Russland", "Russia"), ("russische", "Russia"), ("Moskau", "Russia")],
        ),
        ("Россия и НАТО, Кремль", [("Россия", "Russia"), ("НАТО", "NATO"), ("Кремль", "Russia")]),
        ("the Union State of Belarus and Russia", [("Union State", "Russia"), ("Russia", "Russia")]),
        ("Belarussia approved a package", []),  # transliteration of Belarus, not Russia
        ("Ukraine wants to join the alliance", []),  # 'the alliance' needs NATO in context
        ("NATO said Ukraine wants to join the alliance", [("NATO", "NATO"), ("the alliance", "NATO")]),
    ],
)
def test_find_targets(text, expected):
    assert [(m.surface, m.target) for m in find_targets(text)] == expected


def test_alliance_counts_with_nato_in_previous_sentences():
    assert [m.target for m in find_targets("They want to join the alliance.", context="NATO met in Brussels.")] == [
        "NATO"
    ]


def test_split_sentences_keeps_abbreviations():
    text = "The U.S. Sen. Smith spoke. He left at 5 p.m. today. “Yes,” he said. Lt. Col. Yevgeny Meshkov agreed."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "The U.S. Sen. Smith spoke.",
        "He left at 5 p.m. today.",
        "“Yes,” he said.",
        "Lt. Col. Yevgeny Meshkov agreed.",
    ]


def _sentences_plainly(text: str) -> list[tuple[int, int]]:
    """`split_sentences` as first written: every piece between breaks stripped, empty ones dropped."""

    def stripped(start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    spans, start = [], 0
    for match in sentences._SENTENCE_BREAK.finditer(text):
        end = match.end()
        if not sentences._ABBREVIATIONS.search(text[max(start, end - 6) : end].rstrip("\"'”’»)]")):
            spans.append(stripped(start, end))
            start = end
    spans.append(stripped(start, len(text)))
    return [(s, e) for s, e in spans if e > s]


SENTENCE_PIECES = ["Smith spoke", "U.S", "Sen", "p.m", "A", "b", "Lt", "“Yes", "”", '"', "?", "!", "…", "."]
SENTENCE_PIECES += [" ", "  ", "\n", "\u2003", "\u00a0", "Мир", "5", "(", ")"]
SENTENCE_PIECES += ["No", "z.B", "Corp", "years", "Lit", "»", "’"]  # abbreviated words' ends, and near misses


@given(text=st.lists(st.sampled_from(SENTENCE_PIECES), max_size=30).map("".join))
def test_split_sentences_equals_the_plain_definition(text):
    assert split_sentences(text) == _sentences_plainly(text)


@pytest.mark.parametrize("word", [*sentences._ABBREVIATED, "X", "years", "Lit"])
@pytest.mark.parametrize(
    "template", ["See {}. Next one.", 'He said "{}." Next.', "A ({}.) B", "Mega{}.” Next", "{}. A"]
)
def test_abbreviations_end_sentences_as_the_plain_definition_says(word, template):
    text = template.format(word)
    assert split_sentences(text) == _sentences_plainly(text)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said, "we will be with Russia," and left.', ['"we will be with Russia,"']),
        ("“Outer “inner quote here” continues on,” he said.", ["“Outer “inner quote here” continues on,”"]),
        ('Er sei "ernsthaft besorgt" über die Lage.', []),  # a two-word scare quote is not speech
        ("„Das wäre eine Fehlkalkulation“, sagte er.", ["„Das wäre eine Fehlkalkulation“"]),
        ('"An open quote runs to the end of the paragraph', ['"An open quote runs to the end of the paragraph']),
    ],
)
def test_find_quotes(text, quoted):
    assert [text[s:e] for s, e in find_quotes(text)] == quoted


QUOTE_PIECES = ['"', "“", "”", "„", "«", "»", "'", "’", " ", "a b c", "word", "two words", ", he said.", "\n"]


@given(text=st.lists(st.sampled_from(QUOTE_PIECES), max_size=25).map("".join))
def test_quote_marks_are_found_where_a_regex_scan_finds_them(text):
    # `find_quotes` walks its state machine over these positions (it used a regex scan).
    by_regex = [m.start() for m in re.finditer("[" + quotes._QUOTE_MARKS + "]", text)]
    assert sentences.positions_of(text, quotes._QUOTE_MARKS) == by_regex


def test_quote_marks_are_those_the_rules_use():
    assert set(quotes._QUOTE_MARKS) == set("„«" + "“”»" + '"')


@pytest.mark.parametrize(
    ("article_id", "surface", "contains", "speaker", "in_quote"),
    [
        ("tass_2022", "NATO", "considering the behavior of NATO", "Lukashenko", True),
        ("tass_2022", "Russians", "with our brothers", "Lukashenko", True),
        ("tass_2022", "Russia", "The Belarus-Russia drills", "Lukashenko", False),  # '..., Lukashenko said at'
        (
            "tass_2022",
            "Russian",
            "The Belarus-Russia drills",
            "narrator",
            False,
        ),  # 'said at a meeting with Russian ...'
        ("tass_2022", "Russian", "Shoigu has arrived", "narrator", False),
        ("belta_2017", "NATO", "NATO installations", "Lukashenko", True),  # '..., noted Alexander Lukashenko'
        ("belta_2017", "Russia", "Belarus to continue military cooperation", "narrator", False),
        ("blog_2014", "Moscow", "Moscow seeks", "Rogozin", False),
        ("blog_2014", "Russia", "strategic ally", "Lukashenko", True),  # '"... with Russia," he said'
        ("blog_2014", "Moskau", "hat Moskau vorgeworfen", "Rasmussen", False),
        ("blog_2014", "Nato-Generalsekretär", "hat Moskau vorgeworfen", "narrator", False),
        (
            "blog_2014",
            "Russland",
            "kann Russland die Ukraine einnehmen",
            "Breedlove",
            False,
        ),  # 'warnt der Nato-Oberbefehlshaber'
        (
            "blog_2014",
            "Russland",
            "Russland hat an der Grenze",
            "Breedlove",
            True,
        ),  # quote after 'Breedlove ... geschildert.'
        ("blog_2014", "Nato", "Die Nato hätte", "Breedlove", False),  # German Konjunktiv continues the speaker
        ("blog_2014", "Russland", "Er forderte", "Rasmussen", False),  # 'Er' resolves to Rasmussen
        ("rt_style", "Moscow", "sovereignty is boosted", "Lukashenko", False),  # 'the president' before any name
        ("rt_style", "Russia", "guarantor", "Lukashenko", True),  # 'He added, “...”'
        ("rt_style", "NATO", "nuclear sharing", "Russia", False),  # 'Moscow characterized ...'
        ("rt_style", "Russia", "scheduled to travel", "narrator", False),  # 'according to his office'
        ("bbabo_2022", "Russia", "Lukashenka:", "Lukashenko", False),  # headline 'Name: ...'
        ("bbabo_2022", "Russians", "went along", "Lukashenko", True),  # long quote closed by 'he said'
    ],
)
def test_seed_speakers(seed_tags, article_id, surface, contains, speaker, in_quote):
    row = mention(seed_tags, article_id, surface, contains=contains)
    assert (row["speaker"], bool(row["in_quote"])) == (speaker, in_quote), row["speaker_evidence"]


def test_reported_speech_continues_after_the_attribution(seed_tags):
    # '"... with Russia," he said, noting that Russia is a strategic ally': the second Russia
    row = mention(seed_tags, "blog_2014", "Russia", contains="strategic ally", nth=1)
    assert (row["speaker"], bool(row["in_quote"])) == ("Lukashenko", False)


def test_mentions_point_into_the_raw_text(seed_corpus, seed_tags):
    for row in seed_tags.mentions.itertuples():
        assert seed_corpus[row.article_id].text[row.start : row.end] == row.surface
        assert row.surface in row.sentence_text


def test_every_seed_mention_is_found(seed_tags):
    counts = seed_tags.mentions.groupby(["article_id", "target"]).size().to_dict()
    assert counts == {
        ("bbabo_2022", "Russia"): 3,
        ("belta_2017", "NATO"): 4,
        ("belta_2017", "Russia"): 7,
        ("blog_2014", "NATO"): 7,
        ("blog_2014", "Russia"): 22,
        ("rt_style", "NATO"): 3,
        ("rt_style", "Russia"): 17,
        ("tass_2022", "NATO"): 4,
        ("tass_2022", "Russia"): 13,
    }


def test_boilerplate_mentions_are_not_counted(seed_tags):
    # bbabo_2022 repeats its headline at the end of the page: one mention, not two
    bbabo = seed_tags.mentions[seed_tags.mentions.article_id == "bbabo_2022"]
    assert (bbabo.surface == "Russia").sum() == 1


# Metonyms that count only with their target named somewhere in the article's content (before
# or after them: a headline's 'the alliance' precedes the body that names NATO).
METONYM_PARAGRAPHS = [
    "NATO met in Brussels. Kyiv wants to join the alliance. The alliance said no.",
    "Kyiv wants to join the alliance. Die Nato tagte. Das Bündnis schwieg.",
    "The alliance met. Ukraine waited. Others waited. NATO said no. The alliance agreed.",
]


@given(paragraphs=st.lists(st.sampled_from(PARAGRAPHS + METONYM_PARAGRAPHS), min_size=1, max_size=6))
def test_sentence_targets_equal_find_targets_with_the_whole_story_as_context(paragraphs):
    segments = [Segment(i, 0, len(p), p, SegmentKind.BODY, "test") for i, p in enumerate(paragraphs)]
    story = " ".join(ctx.text for ctx in walk._sentences(segments, ["en"] * len(segments)))
    for ctx in walk._sentences(segments, ["en"] * len(segments)):
        assert list(ctx.targets()) == find_targets(ctx.text, context=story)


@pytest.mark.parametrize(
    ("paragraphs", "alliance_is_nato"),
    [
        (["Kyiv wants to join the alliance", "NATO foreign ministers met in Brussels on Tuesday."], True),
        (["Wie das Bündnis den Osten schützt", "Die Nato verlegt eine Brigade nach Litauen."], True),
        (["Для Альянса этот регион важен.", "Генсек НАТО прибыл в Вильнюс."], True),
        # a story that never names NATO: 'the alliance' is another one (the CSTO here)
        (["The alliance held drills in Tajikistan.", "The CSTO said the drills went well."], False),
    ],
)
def test_a_metonym_counts_when_the_story_names_its_target_before_or_after_it(paragraphs, alliance_is_nato):
    segments = [Segment(i, 0, len(p), p, SegmentKind.BODY, "test") for i, p in enumerate(paragraphs)]
    found = extract_mentions(segments, article_id="t", languages=["und"] * len(segments))
    first_paragraph = [m.target for m in found if m.segment == 0]
    assert first_paragraph == (["NATO"] if alliance_is_nato else [])


@given(paragraph=st.sampled_from(PARAGRAPHS + METONYM_PARAGRAPHS + ["", " .  A. b. C"]), data=st.data())
def test_sentence_bounds_find_what_a_walk_over_the_sentences_finds(paragraph, data):
    sentences = split_sentences(paragraph)
    bounds = quotes._SentenceBounds(paragraph)
    offset = data.draw(st.integers(0, len(paragraph)))
    assert bounds.around(offset) == next(((s, e) for s, e in sentences if s <= offset < e), None)
    assert bounds.last_ending_by(offset) == ([(s, e) for s, e in sentences if e <= offset] or [None])[-1]


# --- scans that must find what the plain patterns find -------------------------------------

SPEECH_WORDS = ["said", "Says", "SAY", "sagte", "sagt", "Sagte", "pointed out", "pointed", "was quoted", "quoted"]
SPEECH_WORDS += ["According to", "по словам", "Заявила", "заявил", "he", "her", "here", "Er", "ihm", "she", "sie"]
SPEECH_WORDS += ["the Belarusian leader", "The Russian president", "the president", "der Präsident", "they"]
SPEECH_WORDS += ["ſaid", "İnsisted", "ınsists", "\u212aritisierte", "Rasmussen", "Nato-Generalsekretär", "Anders"]
SPEECH_WORDS += ["Fogh", "Lukashenko", "President", "Belarusian", "Moscow", "the Kremlin", "NATO", "Russia’s"]
SPEECH_WORDS += ["the head of state", "head", "states", "the spokesman", "out", "to", "словам", "по", "он"]
SPEECH_WORDS += ["sei", "seien", "Sei", "hätte", "hätten", "Bahätte", "könne", "wolle", "müssen", "habe"]
SPEECH_CHARS = list(" ,.;:-“”\"'’()0aAsSx")
SPEECH_TEXTS = st.lists(st.one_of(st.sampled_from(SPEECH_WORDS), st.sampled_from(SPEECH_CHARS)), max_size=30).map(
    "".join
)


#: The reporting verbs (group 'verb') or the pronouns and descriptors, as one plain alternation.
PLAIN_VERB_OR_PRONOUN = re.compile(
    rf"\b(?:(?P<verb>{'|'.join(speakers._REPORTING_VERBS)})|{'|'.join(speakers._PRONOUNS_OR_DESCRIPTORS)})\b",
    re.IGNORECASE,
)


def _plain_verbs_and_pronouns(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    found = list(PLAIN_VERB_OR_PRONOUN.finditer(text))
    return [m.span() for m in found if m.group("verb")], [m.span() for m in found if not m.group("verb")]


@given(text=SPEECH_TEXTS)
def test_verbs_and_pronouns_are_what_the_plain_alternation_finds(text):
    assert speakers._verbs_and_pronouns(text) == _plain_verbs_and_pronouns(text)


@pytest.mark.parametrize(
    ("text", "verbs", "pronouns"),
    [
        (
            "As the Belarusian leader told her, der Präsident sagte, wie Putin betonte",
            ["told", "sagte", "betonte"],
            ["the Belarusian leader", "her", "der Präsident"],
        ),
        ("“As,” The Belarusian Leader TOLD her", ["TOLD"], ["The Belarusian Leader", "her"]),
        (
            "the president says, according to him; Er warnte ihm",
            ["says", "according to", "warnte"],
            ["the president", "him", "Er", "ihm"],
        ),
        # IGNORECASE matches 'ſ' to 's' and the Kelvin sign to 'k'.
        ("ſaid the ſpokesman, \u212aritisierte er", ["ſaid", "\u212aritisierte"], ["the ſpokesman", "er"]),
        ("here, there: hesaid", [], []),
    ],
)
def test_verbs_and_pronouns(text, verbs, pronouns):
    found_verbs, found_pronouns = speakers._verbs_and_pronouns(text)
    assert ([text[s:e] for s, e in found_verbs], [text[s:e] for s, e in found_pronouns]) == (verbs, pronouns)


@given(text=SPEECH_TEXTS)
def test_konjunktiv_marker_is_the_first_form_the_plain_alternation_finds(text):
    plain = re.search(rf"\b(?:{'|'.join(speakers.speaker_lexicon().konjunktiv)})\b", text)
    speakers.konjunktiv_marker.cache_clear()
    assert speakers.konjunktiv_marker(text) == (plain.group(0) if plain else None)


def _subject_phrase_start_by_words(sentence: str, start: int) -> int:
    """The walk over the words before `start` as a regex scan (the original definition)."""
    for word in reversed(list(re.finditer(r"[\w’'.-]+", sentence[:start]))):
        if not (word.group(0)[:1].isupper() and sentence[word.end() : start].strip(" ") == ""):
            break
        start = word.start()
    return start


@pytest.mark.parametrize(
    ("sentence", "name", "phrase"),
    [
        ("On Friday, Belarusian President Alexander Lukashenko said", "Lukashenko", "Belarusian President"),
        ("warnte Nato-Generalsekretär Anders Fogh Rasmussen", "Rasmussen", "Nato-Generalsekretär"),
        ("the Belarusian leader said", "the Belarusian leader", "the Belarusian leader"),
    ],
)
def test_subject_phrase_extends_over_titles(sentence, name, phrase):
    start = speakers._subject_phrase_start(sentence, sentence.index(name))
    assert sentence[start:].startswith(phrase)


@given(text=SPEECH_TEXTS, data=st.data())
def test_subject_phrase_start_walks_back_like_the_word_scan(text, data):
    start = data.draw(st.integers(0, len(text)))
    assert speakers._subject_phrase_start(text, start) == _subject_phrase_start_by_words(text, start)


def test_context_is_ignored_where_no_match_needs_it():
    assert find_targets("Russia and NATO met.", context="The alliance met.") == find_targets("Russia and NATO met.")
    assert [m.surface for m in find_targets("They joined the alliance.", context="NATO met.")] == ["the alliance"]
    assert find_targets("They joined the alliance.", context="Russia met.") == []

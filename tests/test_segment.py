from __future__ import annotations

import pytest

from framing.segment import ends_sentence, match_boilerplate, segment_text, split_blocks
from framing.types import SegmentKind


def kinds_by_start(text: str) -> dict[str, SegmentKind]:
    return {s.text[:30]: s.kind for s in segment_text(text)}


@pytest.mark.parametrize(
    ("article_id", "starts_with", "kind"),
    [
        ("belta_2017", "Official Website of the Republic", SegmentKind.NAVIGATION),
        ("belta_2017", "Souvenirs from Belarus", SegmentKind.NAVIGATION),
        ("belta_2017", "| Home | Government | Events", SegmentKind.NAVIGATION),
        ("belta_2017", "21 Apr 2017", SegmentKind.DATE),
        ("belta_2017", "Belarus to continue military cooperation", SegmentKind.TITLE),
        ("belta_2017", "MINSK, 21 April (BelTA)", SegmentKind.BODY),
        ("belta_2017", "Su Mo Tu We Th Fr Sa", SegmentKind.BOILERPLATE),
        ("belta_2017", "Great Patriotic War monuments", SegmentKind.NAVIGATION),
        ("tass_2022", "All news", SegmentKind.NAVIGATION),
        ("tass_2022", "Belarus-Russia military drills vital", SegmentKind.TITLE),
        ("tass_2022", "During the joint drills, large amounts of military hardware to be", SegmentKind.STANDFIRST),
        ("blog_2014", "Wednesday, April 2, 2014", SegmentKind.DATE),
        ("blog_2014", "Russia seeks deeper defense", SegmentKind.TITLE),
        ("blog_2014", "1. Pskov paratroopers", SegmentKind.RELATED_POST),
        ("blog_2014", "The airborne assault unit", SegmentKind.EXCERPT),
        ("blog_2014", "2. Nato-General warnt", SegmentKind.RELATED_POST),
        ("blog_2014", "Mit dramatischen Worten", SegmentKind.EXCERPT),
        ("blog_2014", "Nato-Generalsekretär Anders", SegmentKind.EXCERPT),
        ("blog_2014", "Only News", SegmentKind.NAVIGATION),
        ("blog_2014", "Featured Post", SegmentKind.BOILERPLATE),
        ("blog_2014", "US Congresswoman, Tulsi Gabbard, recently", SegmentKind.RELATED_POST),
        ("blog_2014", "Blog Widget by LinkWithin", SegmentKind.BOILERPLATE),
        ("rt_style", "The country’s sovereignty is boosted", SegmentKind.STANDFIRST),
        ("rt_style", "Belarusian national security depends", SegmentKind.BODY),
        ("bbabo_2022", "Bbabo NET", SegmentKind.NAVIGATION),
        ("bbabo_2022", "Recall that in 2021", SegmentKind.BODY),
    ],
)
def test_seed_segment_kinds(seed_texts, article_id, starts_with, kind):
    matching = [s for s in segment_text(seed_texts[article_id]) if s.text.startswith(starts_with)]
    assert matching, f"no segment starts with {starts_with!r}"
    assert matching[0].kind is kind, matching[0].kind_reason


def test_repeated_headline_at_the_end_is_boilerplate(seed_texts):
    segments = segment_text(seed_texts["bbabo_2022"])
    assert segments[1].kind is SegmentKind.TITLE
    assert segments[-1].text == segments[1].text
    assert segments[-1].kind is SegmentKind.BOILERPLATE
    assert segments[-1].kind_reason == "repeats the headline (page footer or breadcrumb)"


def test_rt_page_without_headline_has_no_title(seed_texts):
    assert not [s for s in segment_text(seed_texts["rt_style"]) if s.kind is SegmentKind.TITLE]


def test_embedded_stories_are_numbered(seed_texts):
    segments = segment_text(seed_texts["blog_2014"])
    by_story: dict[int, list[str]] = {}
    for s in segments:
        if s.excerpt is not None:
            by_story.setdefault(s.excerpt, []).append(s.kind.value)
    assert by_story == {
        1: ["related-post", "excerpt", "excerpt", "excerpt", "excerpt"],
        2: ["related-post", "excerpt", "excerpt"],
        3: ["related-post", "excerpt", "excerpt"],
    }


def test_spans_point_into_the_raw_text(seed_texts):
    for text in seed_texts.values():
        for s in segment_text(text):
            assert text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text


def test_every_non_blank_line_is_in_some_segment(seed_texts):
    for text in seed_texts.values():
        segments = segment_text(text)
        covered = "".join(text[s.start : s.end] for s in segments)
        assert "".join(text.split()) == "".join(covered.split())


def test_every_segment_says_why_it_got_its_kind(seed_texts):
    for text in seed_texts.values():
        assert all(s.kind_reason for s in segment_text(text))


def test_hard_wrapped_paragraph_is_one_block():
    text = "Headline of the story here\n\nMINSK, 1 May (BelTA) – The president said that\nthe talks went well.\n"
    blocks = split_blocks(text)
    assert len(blocks) == 2
    start, end, _ = blocks[1]
    assert text[start:end] == "MINSK, 1 May (BelTA) – The president said that\nthe talks went well."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Su Mo Tu We Th Fr Sa", ("boilerplate", "calendar widget header (en)")),
        ("Mo Di Mi Do Fr Sa So", ("boilerplate", "calendar widget header (de)")),
        ("Blog Widget by LinkWithin", ("boilerplate", "blog widget credit")),
        ("Featured Post", ("related-start", "featured post block")),
        ("Читайте также:", ("related-start", "related stories block")),
        ("| Home | Government | Events", ("navigation", "pipe-separated menu")),
        ("Foto: AFP", ("boilerplate", "photo credit line")),
        ("Фото: Reuters/K. Pempel", ("boilerplate", "photo credit line")),
        ("Photo: Soldiers of the NATO battlegroup train in Lithuania during an exercise", None),
        ("Von Anna Schmidt, Brüssel", ("boilerplate", "byline")),
        ("Автор: Иван Петров", ("boilerplate", "byline")),
        ("By pouring weapons into the region, the alliance raises the stakes for everyone", None),
        ("1 min read", ("navigation", "reading time")),
        ("Lesezeit: 4 Min.", ("navigation", "reading time")),
        ("NATO expands eastward", None),
        ("• Last updated: 14 Mar. 2023 09:15", ("navigation", "update stamp")),
        ("Aktualisiert am 3. Mai 2024", ("navigation", "update stamp")),
        ("• Press Release (2019) 042", ("navigation", "press release number")),
        ("Updated NATO plans put more troops in the Baltics", None),
    ],
)
def test_match_boilerplate(line, expected):
    assert match_boilerplate(line) == expected


def test_empty_text_has_no_segments():
    assert segment_text("") == []
    assert segment_text("\n \n") == []


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("He said so.", True),
        ("He said: “We will.”  ", True),
        ("(see below)", False),
        ("Was it a drill?)\t", True),
        ("a quote that closes” ", True),
        ("a stop, a space, then a bracket. )", False),
        ("Nato warnt vor russischer Truppenpräsenz...", True),
        ("Home | World | Politics", False),
    ],
)
def test_ends_sentence(line, ends):
    assert ends_sentence(line) is ends


def test_long_line_without_a_stop_is_body_short_one_is_not():
    thirty, twenty_nine = " ".join(["word"] * 30), " ".join(["word"] * 29)
    text = f"Menu\n\nRussia seeks deeper defense industry cooperation\n\n{thirty}\n\n{twenty_nine}\n"
    kinds = [(s.text, s.kind) for s in segment_text(text)]
    assert kinds[2] == (thirty, SegmentKind.BODY)
    assert kinds[3] == (twenty_nine, SegmentKind.NAVIGATION)


def test_a_short_sentence_that_closes_the_body_is_body_a_short_link_is_not():
    body = "Die Nato verlegt weitere Soldaten an die Ostflanke, teilte das Bündnis am Montag in Brüssel mit."
    tail = "In Moskau sieht man das anders.\n\nMehr lesen.\n\nDer Kreml sprach von Provokation.\n"
    text = f"Nato verstärkt Ostflanke\n\n{body}\n\n{tail}"
    kinds = [(s.text, s.kind) for s in segment_text(text)]
    assert kinds[2] == ("In Moskau sieht man das anders.", SegmentKind.BODY)
    assert kinds[3] == ("Mehr lesen.", SegmentKind.NAVIGATION)
    # after page furniture, a short sentence is no longer the body's close
    assert kinds[4] == ("Der Kreml sprach von Provokation.", SegmentKind.NAVIGATION)


@pytest.mark.parametrize("seed", [0, 1])
def test_has_words_counts_the_word_regex_matches(seed):
    import random
    import re

    from framing.segment import _WORD, _Block

    rng = random.Random(seed)
    characters = "ab Z9_ -’'.,é ж\n\t—“"
    for _ in range(2000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(0, 60)))
        n_words = len(re.findall(_WORD, text))
        block = _Block(0, len(text), text, 0)
        for n in (1, 2, 3, 8, 13, 30):
            assert block.has_words(n) == (n_words >= n), (text, n)


@pytest.mark.parametrize(
    "caption",
    [
        "Soldiers of the alliance at a drill near Riga, 3 May 2024. [Photo/Agencies]",
        "Der Generalsekretär in Brüssel (Foto: dpa)",
        "Photo: Russian jets over the Baltic Sea during a drill in March",
        "Генсек альянса Марк Рютте Фото: Иван Петров/Agency.ru",
    ],
)
def test_a_picture_caption_between_headline_and_body_is_no_headline(caption):
    text = (
        "World | Europe\n\nNATO ministers agree on new plans for the east\n\n"
        f"{caption}\n\nFoto: AFP\n\nBy Jane Doe, Brussels\n\n"
        "Defence ministers of the alliance agreed on Thursday on new plans for its eastern members.\n"
    )
    kinds = [(s.kind.value, s.text) for s in segment_text(text)]
    assert kinds[1] == ("title", "NATO ministers agree on new plans for the east")
    assert kinds[2] == ("body", caption)
    assert kinds[3] == ("boilerplate", "Foto: AFP")


def test_a_line_above_a_credit_line_is_a_caption_and_a_short_label_no_headline():
    text = (
        "Ukraine's envoy: NATO keeps plans ready for the east\n\nUkrinform\n\n"
        "NATO Secretary General Jens Stoltenberg\n\n© AP Photo/Jane Roe\n\n"
        "The alliance has drawn up plans in case the war spreads, the envoy told reporters on Friday.\n"
    )
    kinds = [(s.kind.value, s.text) for s in segment_text(text)]
    assert kinds[0] == ("title", "Ukraine's envoy: NATO keeps plans ready for the east")
    assert kinds[1] == ("navigation", "Ukrinform")
    assert kinds[2] == ("body", "NATO Secretary General Jens Stoltenberg")


def test_a_headline_the_page_repeats_is_titled_at_its_first_copy():
    text = (
        "NATO moves brigade to Lithuania as Russia protests\n\n"
        "World News\n\n"
        "NATO moves brigade to Lithuania as Russia protests\n\n"
        "The alliance confirmed on Monday that a German-led brigade will be stationed near Vilnius, "
        "a step the Kremlin called a provocation.\n"
    )
    segments = segment_text(text)
    kinds = [s.kind for s in segments]
    assert kinds == [SegmentKind.TITLE, SegmentKind.NAVIGATION, SegmentKind.NAVIGATION, SegmentKind.BODY]
    assert segments[0].start == 0
    assert "repeated" in segments[2].kind_reason


def test_a_headline_stands_above_the_lead_sentence_and_dates_in_a_list_are_dates():
    text = (
        "Home\n\n"
        "Berlin weighs a firmer answer to Moscow\n\n"
        "• 14 Mar. 2023 -\n\n"
        "Ministers have hardened their language.\n\n"
        "Ministers met on Tuesday to discuss how Germany should respond to the drones that crossed "
        "into Polish airspace last week, officials said after the meeting.\n"
    )
    kinds = kinds_by_start(text)
    assert kinds["Berlin weighs a firmer answer "] == SegmentKind.TITLE
    assert kinds["• 14 Mar. 2023 -"] == SegmentKind.DATE
    assert kinds["Ministers have hardened their "] == SegmentKind.STANDFIRST

"""The side a speaker speaks for, and the lexicon engine's reading of a mention that no cue
decides as its speaker's view: a voice of Russia's side on NATO, or of the West's on
Russia, is `against`; its own side, the narrator, a pair or an office stay neutral. On
sentences written for these tests, in English, German and Russian."""

from __future__ import annotations

import pytest

from framing.mentions.sides import introduced_side, opposes, side_in_words, side_of, speaker_side
from framing.pipeline import tag
from framing.stance import get_engine
from framing.types import StanceInput

SIDE_CASES = [
    ("Lavrov", "russia"),  # the voice lists and an office he held
    ("Stoltenberg", "west"),  # office_holders.csv: NATO Secretary General
    ("Bauer", "west"),  # Chair of the NATO Military Committee
    ("Khrenin", "russia"),  # Belarusian Defence Minister
    ("NATO Secretary General", "west"),  # a title with no date speaks as the office
    ("Russian Foreign Ministry", "russia"),
    ("Finnish Defence Ministry", "west"),
    ("Kremlin", "russia"),
    ("Belarus", "russia"),
    ("US", "west"),
    ("White House", "west"),
    ("German government", "west"),
    ("narrator", None),
    ("unattributed quote", None),
    ("The Economist", None),
    ("Usmanov", None),  # 'us' names a side as a whole word only
    ("", None),
]


@pytest.mark.parametrize(("speaker", "side"), SIDE_CASES)
def test_speaker_side(speaker: str, side: str | None) -> None:
    assert speaker_side(speaker) == side


@pytest.mark.parametrize(
    ("words", "side"),
    [
        ("der russische Botschafter", "russia"),
        ("пресс-секретарь Кремля", "russia"),
        ("госсекретарь Белоруссии", "russia"),
        ("die litauische Ministerpräsidentin", "west"),  # every NATO member, in en/de/ru forms
        ("Norwegian Defence Minister", "west"),
        ("der chinesische Botschafter", None),  # a state of neither side
        ("Spannung an der Grenze", None),  # 'spanisch' is a stem, 'span' is not
        ("министр обороны Германии", "west"),
        ("the Ukrainian foreign minister", "west"),
    ],
)
def test_side_in_words_reads_stems_in_three_scripts(words: str, side: str | None) -> None:
    assert side_in_words(words) == side


# (speaker as the tagger names them, the article's text, side): people no table lists
INTRODUCTION_CASES = [
    ("Korvin", "MOSCOW, May 2. Russian Ambassador to Denmark Pavel Korvin said on Friday that ...", "russia"),
    ("Mets", "Estonian Foreign Minister Kaja Mets told reporters in Tallinn that ...", "west"),
    ("Hollmann", "Der Bundestagsabgeordnete Jens Hollmann (CDU) kritisierte den Kreml.", None),
    ("Hollmann", "Der deutsche Botschafter in Moskau, Jens Hollmann, sagte ...", None),
    ("Hollmann", "Der deutsche Botschafter Jens Hollmann sagte am Montag ...", "west"),
    ("Pavlov", "МИНСК, 3 марта. Госсекретарь Совбеза Белоруссии Игорь Павлов заявил, что ...", "russia"),
    ("Pavlov", "Игорь Павлов, эксперт, заявил, что ...", None),
    # an apposition after the name, as agencies write it; a relative clause is none
    ("Korvin", "Pavel Korvin, Russian Foreign Ministry Ambassador-at-large, said ...", "russia"),
    ("Korvin", "Pavel Korvin, who met NATO officials on Monday, said ...", None),
    ("Pavlov", "Игорь Павлов, посол по особым поручениям МИД России, заявил ...", "russia"),
    ("Pavlov", "Игорь Павлов, который встречался с представителями НАТО, заявил ...", None),
]


@pytest.mark.parametrize(("speaker", "text", "side"), INTRODUCTION_CASES)
def test_an_unlisted_person_takes_the_side_of_the_words_that_introduce_them(
    speaker: str, text: str, side: str | None
) -> None:
    assert introduced_side(speaker, [text]) == side
    assert side_of(speaker, ["An earlier sentence names no one.", text]) == side


def test_a_headline_names_and_the_lead_introduces() -> None:
    paragraphs = [
        "Pavlov: neighbours rush to carry out the summit's decisions",
        "MINSK, July 14 (BelTA). This is how State Secretary of the Security Council of Belarus Igor Pavlov "
        "assessed the situation.",
    ]
    assert introduced_side("Pavlov", paragraphs) == "russia"
    assert introduced_side("Pavlov", paragraphs[:1]) is None
    # paragraphs that do not name the speaker are not read for people
    assert introduced_side("Pavlov", ["Russian Ambassador Ivan Petrov said ..."]) is None


def test_the_tables_decide_before_the_introduction() -> None:
    # a Russian minister introduced by NATO words is still Russia's voice
    assert side_of("Lavrov", ["NATO's counterpart, Foreign Minister Sergei Lavrov, said ..."]) == "russia"
    assert side_of("narrator", ["Russian Ambassador Pavel Korvin said ..."]) is None


def test_each_side_opposes_the_other_sides_target_only() -> None:
    assert opposes("russia", "NATO") and opposes("west", "Russia")
    assert not opposes("russia", "Russia") and not opposes("west", "NATO") and not opposes(None, "NATO")


def _read(lang: str, text: str, mention: str, target: str, speaker: str) -> tuple[str, str]:
    start = text.index(mention)
    item = StanceInput(text, target, (start, start + len(mention)), lang, speaker, speaker_side(speaker) or "")
    result = get_engine("lexicon").score([item])[0]
    return result.label.value, result.evidence


# (language, sentence, mention, target, speaker, stance, what decided: the rival's side, the
# target's own side, or the text alone)
SIDE_CASES_BY_RULE = [
    # no cue: the rival side's voice decides
    ("en", "NATO will hold a meeting of defence ministers in May.", "NATO", "NATO", "Shoigu", "against", "rival"),
    ("en", "Russia moved two brigades to the north this week.", "Russia", "Russia", "Stoltenberg", "against", "rival"),
    ("de", "Die Nato plant im Herbst eine Konferenz in Vilnius.", "Nato", "NATO", "Peskov", "against", "rival"),
    ("de", "Russland hat zwei Brigaden nach Norden verlegt.", "Russland", "Russia", "Pistorius", "against", "rival"),
    (
        "ru",
        "Альянс проведет в Вильнюсе очередную встречу министров.",
        "Альянс",
        "NATO",
        "Zakharova",
        "against",
        "rival",
    ),
    ("ru", "Россия перебросила две бригады на север.", "Россия", "Russia", "Rutte", "against", "rival"),
    # the same sentences from the target's own side, the narrator, or no known side
    ("en", "NATO will hold a meeting of defence ministers in May.", "NATO", "NATO", "Stoltenberg", "neutral", "text"),
    ("en", "Russia moved two brigades to the north this week.", "Russia", "Russia", "narrator", "neutral", "text"),
    ("de", "Die Nato plant im Herbst eine Konferenz in Vilnius.", "Nato", "NATO", "Die Welt", "neutral", "text"),
    ("ru", "Россия перебросила две бригады на север.", "Россия", "Russia", "Peskov", "neutral", "text"),
    # a pair or an office is neither side's deed
    ("en", "The NATO-Russia Council will meet next week.", "NATO", "NATO", "Grushko", "neutral", "text"),
    ("ru", "Совет Россия-НАТО соберется на следующей неделе.", "Россия", "Russia", "Stoltenberg", "neutral", "text"),
    ("en", "The NATO Secretary General arrived in Kyiv on Monday.", "NATO", "NATO", "Lavrov", "neutral", "text"),
    ("de", "Kremlchef Wladimir Putin reiste am Montag nach Minsk.", "Kreml", "Russia", "Pistorius", "neutral", "text"),
    ("de", "Nato-Chef Mark Rutte reiste am Montag nach Kiew.", "Nato", "NATO", "Peskov", "neutral", "text"),
    # a pair joined by an en dash, and a partner named after 'with', are no side's deed either
    ("ru", "Мы готовы провести заседание Совета Россия–НАТО.", "Россия", "Russia", "Stoltenberg", "neutral", "text"),
    ("ru", "Москва открыта к разговору с альянсом на равных.", "альянсом", "NATO", "Zakharova", "neutral", "text"),
    (
        "en",
        "The ministers spoke by phone with Russia on Monday.",
        "Russia",
        "Russia",
        "Stoltenberg",
        "neutral",
        "text",
    ),
    (
        "de",
        "Berlin will weiter mit Russland über Rüstungskontrolle reden.",
        "Russland",
        "Russia",
        "Pistorius",
        "neutral",
        "text",
    ),
    # a cue that decides is not overruled: 'not an aggressor' defends NATO even in Lavrov's mouth
    ("en", "NATO is not an aggressor, the minister conceded.", "NATO", "NATO", "Lavrov", "favor", "text"),
    # cues against the target in its own side's voice: a threat named or a charge denied
    ("en", "They say Russia threatens them, and Belarus too.", "Russia", "Russia", "Khrenin", "neutral", "own"),
    ("de", "Man werfe Russland vor, Polen angreifen zu wollen.", "Russland", "Russia", "Peskov", "neutral", "own"),
    ("ru", "Говорят, что Россия угрожает соседям.", "Россия", "Russia", "Zakharova", "neutral", "own"),
    ("de", "Die Nato bedroht niemanden, doch sie müsse wachsam bleiben.", "Nato", "NATO", "Rutte", "favor", "text"),
    # ... unless the voice denies the charge: rule 4 of the guidelines, a target defended is favoured
    (
        "ru",
        "Министр назвал вымыслом слухи, что Россия готовит нападение на Литву.",
        "Россия",
        "Russia",
        "Lavrov",
        "favor",
        "denied",
    ),
    ("de", "Er halte einen Angriff Russlands für ausgeschlossen.", "Russlands", "Russia", "Peskov", "favor", "denied"),
    (
        "en",
        "It is not true that NATO provokes anyone, the general said.",
        "NATO",
        "NATO",
        "Stoltenberg",
        "favor",
        "denied",
    ),
    ("en", "He called the talk of a Russian threat a myth.", "Russian", "Russia", "Peskov", "favor", "denied"),
    (
        "de",
        "Schoigu sprach von der „russischen Bedrohung“ im Baltikum.",
        "russischen",
        "Russia",
        "Shoigu",
        "favor",
        "denied",
    ),
    # a quoted statement is no scare quote; nor is an apostrophe
    (
        "de",
        "Man spreche von der „Bedrohung durch Russland an allen Grenzen im Osten“, sagte er.",
        "Russland",
        "Russia",
        "Shoigu",
        "neutral",
        "own",
    ),
    # the same cues in a rival's voice or the narrator's stay against
    ("en", "They say Russia threatens them, and Belarus too.", "Russia", "Russia", "Stoltenberg", "against", "text"),
    ("ru", "Говорят, что Россия угрожает соседям.", "Россия", "Russia", "narrator", "against", "text"),
]
#: What the evidence says when each rule decided.
RULE_NOTES = {
    "rival": "read as that voice's view of its rival",
    "own": "'s own, and a side's voice is not read",
    "denied": "'s own, and denies the charge",
}


@pytest.mark.parametrize(("lang", "text", "mention", "target", "speaker", "stance", "rule"), SIDE_CASES_BY_RULE)
def test_the_speakers_side_reads_what_the_cues_leave_open(
    lang: str, text: str, mention: str, target: str, speaker: str, stance: str, rule: str
) -> None:
    label, evidence = _read(lang, text, mention, target, speaker)
    assert label == stance, evidence
    if rule == "text":
        assert "speaker's side" not in evidence, evidence
    else:
        assert RULE_NOTES[rule] in evidence and evidence.endswith("(speaker's side)"), evidence


def test_the_evidence_names_the_speaker_and_the_side() -> None:
    _, evidence = _read("en", "NATO will hold a meeting of its defence ministers.", "NATO", "NATO", "Shoigu")
    assert "the speaker (Shoigu) speaks for Russia's side" in evidence
    _, evidence = _read("en", "Russia moved two brigades to the north.", "Russia", "Russia", "Finnish Defence Ministry")
    assert "the speaker (Finnish Defence Ministry) speaks for the West's side" in evidence


def test_a_stance_input_without_a_speaker_reads_as_before() -> None:
    text = "NATO will hold a meeting of its defence ministers in February."
    result = get_engine("lexicon").score([StanceInput(text, "NATO", (0, 4), "en")])[0]
    assert result.label.value == "neutral" and "speaker" not in result.evidence


def test_a_tagged_article_passes_each_mentions_speaker_to_the_engine(tmp_path) -> None:
    (tmp_path / "story.txt").write_text(
        "Minister warns of drills\n\n"
        'MOSCOW, March 3. "NATO will hold its largest drills in the Baltic next month," '
        "Russian Foreign Minister Sergei Lavrov said on Tuesday.\n\n"
        "NATO will hold its largest drills in the Baltic next month.\n\n"
        "Russia moved two brigades to the north, Estonian Foreign Minister Kaja Mets said.\n",
        encoding="utf-8",
    )
    mentions = tag(tmp_path).mentions
    nato = mentions[mentions["target"] == "NATO"].sort_values("start")
    assert nato["speaker"].tolist() == ["Lavrov", "narrator"]
    assert nato["stance"].tolist() == ["against", "neutral"]
    assert "speaks for Russia's side" in nato["evidence"].iloc[0]
    # a person no table lists takes the side of the words that introduce them
    russia = mentions[mentions["target"] == "Russia"].sort_values("start").iloc[-1]
    assert (russia["speaker"], russia["stance"]) == ("Mets", "against")
    assert "the speaker (Mets) speaks for the West's side" in russia["evidence"]

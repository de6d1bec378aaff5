"""German and Russian stance as data: the default engine (`lexicon`, patterns in
`framing/resources/stance_de.csv` and `stance_ru.csv`) on sentences written for these tests,
and the role the cue reader (`framing.stance.cues`, data in `resources/stance/cues_<lang>.csv`
and `roles_<lang>.csv`) gives the target: actor or patient of a cue, topic of a concern,
negation, German compounds, 'das Bündnis' and 'альянс' standing for NATO."""

from __future__ import annotations

import pytest

from framing.stance import stance
from framing.stance.cues import cue_data, read_mention
from framing.types import StanceLabel

AGAINST, NEUTRAL, FAVOR = StanceLabel.AGAINST, StanceLabel.NEUTRAL, StanceLabel.FAVOR


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


@pytest.mark.parametrize(
    ("text", "target", "surface", "lang", "label"),
    [
        # German: actor vs patient
        ("Die Nato plant einen Angriff auf Russland.", "NATO", "Nato", "de", AGAINST),
        ("Die Nato plant einen Angriff auf Russland.", "Russia", "Russland", "de", NEUTRAL),
        ("Moskau warnt vor einem Angriff auf die Nato.", "NATO", "Nato", "de", NEUTRAL),
        ("Die Angriffe der Nato haben zugenommen.", "NATO", "Nato", "de", AGAINST),
        ("Russland sieht sich durch die Nato bedroht.", "Russia", "Russland", "de", NEUTRAL),
        ("Die Bedrohung durch Russland wächst.", "Russia", "Russland", "de", AGAINST),
        ("Die Regierung warnt seit Monaten vor Russland.", "Russia", "Russland", "de", AGAINST),
        ("Der Minister wirft der Nato vor, die Lage anzuheizen.", "NATO", "Nato", "de", AGAINST),
        ("Die Regierung macht Russland für den Anschlag verantwortlich.", "Russia", "Russland", "de", AGAINST),
        ("Der Krieg gegen Russland sei verloren, schreibt der Autor.", "Russia", "Russland", "de", NEUTRAL),
        # German concern
        ("Die Nato ist besorgt.", "NATO", "Nato", "de", NEUTRAL),
        ("Die Nato zeigt sich besorgt über die Übungen.", "NATO", "Nato", "de", NEUTRAL),
        ("Die Sorge vor Russland wächst im Baltikum.", "Russia", "Russland", "de", AGAINST),
        # German negation
        ("Die Nato sei kein Aggressor, sagte der Sprecher.", "NATO", "Nato", "de", FAVOR),
        ("Russland ist ein Aggressor.", "Russia", "Russland", "de", AGAINST),
        ("Die Nato ist keine Bedrohung für Russland.", "NATO", "Nato", "de", FAVOR),
        ("Moskau wird das kaum als Entspannung verstehen.", "Russia", "Moskau", "de", NEUTRAL),
        ("Russland ist keineswegs ein Aggressor.", "Russia", "Russland", "de", FAVOR),
        # German compounds
        ("Moskau spricht von einer Kriegsdrohung der Nato.", "NATO", "Nato", "de", AGAINST),
        ("Berlin verurteilt die Nato-Aggression scharf.", "NATO", "Nato", "de", AGAINST),
        ("Der Kreml setzt auf Einschüchterung und Destabilisierung.", "Russia", "Kreml", "de", AGAINST),
        ("Das Manöver gilt als Zeichen russischer Machtansprüche.", "Russia", "russischer", "de", AGAINST),
        ("Russland rüstet massiv auf.", "Russia", "Russland", "de", AGAINST),
        # calling something a name is the target's own speech
        ("Der Kreml nannte die neuen Sanktionen rechtswidrig.", "Russia", "Kreml", "de", NEUTRAL),
        ("Кремль назвал новые санкции незаконными.", "Russia", "Кремль", "ru", NEUTRAL),
        # a cue inside another actor's compound is that actor's ('die Nato-Manöver')
        ("Minsk nannte die Nato-Übungen aggressiv.", "NATO", "Nato", "de", AGAINST),
        ("Der Kreml kritisiert die US-Manöver an der Grenze.", "Russia", "Kreml", "de", NEUTRAL),
        # general evaluative verbs and adjectives
        (
            "Moskau versucht seit Jahren, die Nachbarn zu destabilisieren und zu unterwandern.",
            "Russia",
            "Moskau",
            "de",
            AGAINST,
        ),
        ("Russische Hacker sabotieren die Stromnetze.", "Russia", "Russische", "de", AGAINST),
        # German 'das Bündnis'
        (
            "Die Nato tagt in Brüssel. Das Bündnis sei ein Bollwerk der Freiheit, sagte sie.",
            "NATO",
            "Bündnis",
            "de",
            FAVOR,
        ),
        (
            "Die Nato tagt. Lawrow sagte, Russland sehe sich von Truppen des Bündnisses eingekreist.",
            "NATO",
            "Bündnisses",
            "de",
            AGAINST,
        ),
        ("Die Nato tagt. Das Bündnis sei überholt, sagte der Präsident.", "NATO", "Bündnis", "de", AGAINST),
        ("Die Verbündeten in der Nato beraten über das Budget.", "NATO", "Nato", "de", NEUTRAL),
        ("Die Spannungen zwischen Russland und dem Westen wachsen.", "Russia", "Russland", "de", NEUTRAL),
        ("Die Allianz steht für Zusammenhalt und Solidarität.", "NATO", "Allianz", "de", FAVOR),
        # Russian: actor vs patient
        ("НАТО готовит нападение на Россию.", "NATO", "НАТО", "ru", AGAINST),
        ("НАТО готовит нападение на Россию.", "Russia", "Россию", "ru", NEUTRAL),
        ("Эксперты обсуждают угрозу для России.", "Russia", "России", "ru", NEUTRAL),
        ("Эксперты говорят об угрозе со стороны НАТО.", "NATO", "НАТО", "ru", AGAINST),
        ("Он отметил угрозу, исходящую от НАТО.", "NATO", "НАТО", "ru", AGAINST),
        ("Агрессия НАТО продолжается.", "NATO", "НАТО", "ru", AGAINST),
        ("Санкции против России продлены.", "Russia", "России", "ru", NEUTRAL),
        ("Москва считает угрозой размещение ракет.", "Russia", "Москва", "ru", NEUTRAL),
        ("Участники саммита назвали Россию угрозой.", "Russia", "Россию", "ru", AGAINST),
        ("Министр обвиняет Россию в провокациях.", "Russia", "Россию", "ru", AGAINST),
        ("В декларации Россию назвали «главной угрозой».", "Russia", "Россию", "ru", AGAINST),
        # Russian concern
        ("В Минске выразили обеспокоенность расширением НАТО.", "NATO", "НАТО", "ru", AGAINST),
        ("НАТО обеспокоено учениями.", "NATO", "НАТО", "ru", NEUTRAL),
        # Russian negation
        ("Россия не является агрессором, заявил дипломат.", "Russia", "Россия", "ru", FAVOR),
        ("НАТО не угрожает никому, сказал генсек.", "NATO", "НАТО", "ru", FAVOR),
        ("НАТО является агрессором.", "NATO", "НАТО", "ru", AGAINST),
        # Russian vocabulary
        ("НАТО продолжает расширяться на восток.", "NATO", "НАТО", "ru", AGAINST),
        ("Кремль раскачивает обстановку в регионе.", "Russia", "Кремль", "ru", AGAINST),
        ("Рост активности НАТО вызывает вопросы.", "NATO", "НАТО", "ru", AGAINST),
        ("Они говорят о русофобии НАТО.", "NATO", "НАТО", "ru", AGAINST),
        ("Учения показали единство НАТО.", "NATO", "НАТО", "ru", FAVOR),
        ("Для НАТО это единственный выход.", "NATO", "НАТО", "ru", NEUTRAL),
        ("Союзники по НАТО обсудят бюджет.", "NATO", "НАТО", "ru", NEUTRAL),
        ("Противостояние между Россией и Западом усиливается.", "Russia", "Россией", "ru", NEUTRAL),
        ("Россия остаётся надёжным союзником Белоруссии.", "Russia", "Россия", "ru", FAVOR),
        # Russian: partners, borders, favor slots, precision guards
        ("Учения прошли у границ России.", "Russia", "России", "ru", NEUTRAL),
        ("Грузия долго была партнёром альянса.", "NATO", "альянса", "ru", NEUTRAL),
        ("Россия остаётся для Минска главным союзником.", "Russia", "Россия", "ru", FAVOR),
        ("Минск будет защищать границу вместе с Россией.", "Russia", "Россией", "ru", FAVOR),
        ("Эксперты говорят, что Россия вправе защищать свои интересы.", "Russia", "Россия", "ru", FAVOR),
        ("В Москве обсуждают расширение торговли с Китаем.", "Russia", "Москве", "ru", NEUTRAL),
        ("Министр выступил за расширение НАТО на север.", "NATO", "НАТО", "ru", AGAINST),
        # German precision guards
        ("Nur gemeinsam kann man Russland glaubwürdig abschrecken.", "Russia", "Russland", "de", NEUTRAL),
        ("Die Bürger Russlands vertrauen ihrer Armee.", "Russia", "Russlands", "de", NEUTRAL),
        ("Die Nato schießt Drohnen über Polen ab.", "NATO", "Nato", "de", NEUTRAL),
        ("Die Nato droht mit Konsequenzen.", "NATO", "Nato", "de", AGAINST),
        ("Den Kreml forderte er auf, die Truppen abzuziehen.", "Russia", "Kreml", "de", AGAINST),
        # Russian 'альянс'
        ("Саммит НАТО открылся. Альянс назвал Россию угрозой.", "Russia", "Россию", "ru", AGAINST),
        ("Саммит НАТО открылся. Лавров обвинил альянс в провокациях.", "NATO", "альянс", "ru", AGAINST),
        ("Саммит НАТО открылся. Альянс остаётся опорой безопасности, сказал генсек.", "NATO", "Альянс", "ru", FAVOR),
    ],
)
def test_default_engine_stance_de_ru(text, target, surface, lang, label):
    result = stance(text, target, span=_span(text, surface), lang=lang)
    assert result.label is label, result.evidence


@pytest.mark.parametrize(
    ("text", "target", "surface", "lang", "cue", "role"),
    [
        ("Die Nato warnt vor einem Angriff auf die Nato-Staaten.", "NATO", "Nato-Staaten", "de", "angriff", "patient"),
        ("Ein Angriff auf die Nato wäre ein Fehler.", "NATO", "Nato", "de", "angriff", "patient"),
        ("Die Angriffe der Nato nehmen zu.", "NATO", "Nato", "de", "angriff", "actor"),
        ("Die Bedrohung durch Russland wächst.", "Russia", "Russland", "de", "bedrohung", "actor"),
        ("Die Bedrohung aus Russland wächst.", "Russia", "Russland", "de", "bedrohung", "actor"),
        ("Die Sorge vor Russland wächst.", "Russia", "Russland", "de", "sorge", "topic"),
        ("Die Regierung warnt vor Russland.", "Russia", "Russland", "de", "warnen", "topic"),
        (
            "Die Provokationen an der Grenze zu Russland gehen weiter.",
            "Russia",
            "Russland",
            "de",
            "provokation",
            "patient",
        ),
        ("Das ist eine Gefahr für Russland.", "Russia", "Russland", "de", "gefahr", "patient"),
        ("Die Sanktionen gegen Russland bleiben.", "Russia", "Russland", "de", "sanktion", "patient"),
        ("Die Drohgebärden des Kremls sind bekannt.", "Russia", "Kremls", "de", "drohgebärde", "actor"),
        ("Russland sei kein Aggressor.", "Russia", "Russland", "de", "aggressor", "actor"),
        ("Эксперты говорят об угрозе для России.", "Russia", "России", "ru", "угроза", "patient"),
        ("Эксперты говорят об угрозе со стороны НАТО.", "NATO", "НАТО", "ru", "угроза", "actor"),
        ("Агрессия против России недопустима.", "Russia", "России", "ru", "агрессия", "patient"),
        ("Минск выразил обеспокоенность расширением НАТО.", "NATO", "НАТО", "ru", "обеспокоенность", "topic"),
        ("Минск выразил обеспокоенность из-за учений НАТО.", "NATO", "НАТО", "ru", "обеспокоенность", "topic"),
        ("Страх перед НАТО растёт.", "NATO", "НАТО", "ru", "страх", "topic"),
        ("Провокации происходят у границ России.", "Russia", "России", "ru", "провокация", "holder"),
        ("Группировка вблизи России выросла.", "Russia", "России", "ru", "группировка", "patient"),
        ("Угрозы в адрес НАТО звучат всё чаще.", "NATO", "НАТО", "ru", "угроза", "patient"),
        ("Россия не является агрессором.", "Russia", "Россия", "ru", "агрессор", "actor"),
    ],
)
def test_cue_reader_role_de_ru(text, target, surface, lang, cue, role):
    reading = read_mention(text, target, _span(text, surface), lang)
    roles = [hit.role for hit in reading.hits if hit.lemma == cue]
    assert roles, [hit.lemma for hit in reading.hits]
    assert roles[0] == role


@pytest.mark.parametrize(
    ("text", "target", "surface", "lang", "cue"),
    [
        ("Russland sei kein Aggressor.", "Russia", "Russland", "de", "aggressor"),
        ("Die Nato ist keine Bedrohung.", "NATO", "Nato", "de", "bedrohung"),
        ("Россия не является агрессором.", "Russia", "Россия", "ru", "агрессор"),
        ("НАТО не угрожает соседям.", "NATO", "НАТО", "ru", "угрожать"),
    ],
)
def test_cue_reader_negation_de_ru(text, target, surface, lang, cue):
    reading = read_mention(text, target, _span(text, surface), lang)
    assert [hit.negated for hit in reading.hits if hit.lemma == cue] == [True]


@pytest.mark.parametrize("lang", ["de", "ru"])
def test_de_ru_cue_and_role_files_read_without_problems(lang):
    data = cue_data(lang)
    assert data.problems == ()
    assert {"patient", "actor", "topic"} <= {kind for kind, words in data.roles.items() if words}

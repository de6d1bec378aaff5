from __future__ import annotations

import codecs

import pytest

from framing.encoding import (
    Decoded,
    UndecodableError,
    codec_name,
    declared_charset,
    decode,
    plausibility,
    suspicious_share,
)

# Headline- and lead-sized news texts: the length at which general detectors guess wrong.
RUSSIAN = [
    "Министр обороны заявил, что учения пройдут у западных границ страны.",
    "В Москве прошли переговоры о безопасности в Европе. Стороны договорились продолжить диалог.",
    "НАТО наращивает присутствие у границ России, сообщил источник в Минобороны.",
    "Клинцевич: НАТО не готово к диалогу",
    "Шойгу провёл совещание с командующими войсками.",
    "МИНСК, 3 февраля. Белоруссия и Россия проведут совместные учения «Союзная решимость».",
    "Учения у границ.",
    "НАТО И РОССИЯ",
]
BELARUSIAN = [
    "Прэзідэнт Беларусі правёў нараду з кіраўніцтвам Міністэрства абароны.",
    "Сумесныя вучэнні пачнуцца ў лютым і працягнуцца дзесяць дзён.",
    "Вучэнні ў лютым.",
]
GERMAN = [
    "Die Nato-Außenminister trafen sich am Dienstag in Brüssel.",
    "Russland wirft dem Bündnis vor, die Spannungen an der Grenze zu verschärfen. Moskau fordert Garantien.",
    "Größere Übungen sind für März geplant, hieß es aus dem Verteidigungsministerium.",
    "Die Nato tagt in München.",
    "Gespräche über Sicherheit",
]
GERMAN_WINDOWS = ["„Wir sind bereit“, sagte der Minister in Berlin – und meinte die Ostflanke."]


def _cases() -> list[tuple[str, str, str]]:
    """(text, encoding written, encoding expected back)."""
    cases = []
    for text in RUSSIAN:
        cases += [(text, "cp1251", "cp1251"), (text, "utf-8", "utf-8"), (text, "utf-16", "utf-16")]
    cases += [(t, "koi8-r", "koi8-r") for t in RUSSIAN if not t.startswith("МИНСК")]  # « » are not in KOI8-R
    cases += [(text, "cp1251", "cp1251") for text in BELARUSIAN]
    cases += [(text, "latin-1", "latin-1") for text in GERMAN]
    cases += [(text, "cp1252", "cp1252") for text in GERMAN_WINDOWS]
    cases += [(GERMAN[0], "utf-8-sig", "utf-8-sig"), (BELARUSIAN[0], "utf-16-le", "utf-16-le")]
    cases += [(RUSSIAN[1], "utf-16-be", "utf-16-be")]
    return cases


@pytest.mark.parametrize(("text", "written", "expected"), _cases())
def test_short_news_texts_decode_exactly(text, written, expected):
    assert decode(text.encode(written)) == Decoded(text, expected)


def test_a_long_ascii_head_does_not_hide_the_cyrillic_below():
    page = ("<script>var a = 1;</script>\n" * 3000 + RUSSIAN[0]).encode("cp1251")
    assert decode(page).encoding == "cp1251"


@pytest.mark.parametrize(
    ("data", "text", "note"),
    [
        (RUSSIAN[0].encode()[:-2], RUSSIAN[0][:-2], "the last 1 byte(s)"),
        ("Nato in München: 2 € fällig €".encode()[:-1], "Nato in München: 2 € fällig ", "the last 2 byte(s)"),
        (codecs.BOM_UTF8 + "Минск".encode()[:-1], "Минс", "the last 1 byte(s)"),
    ],
)
def test_utf8_cut_mid_character_keeps_what_decodes(data, text, note):
    decoded = decode(data)
    assert (decoded.text, decoded.encoding[:5]) == (text, "utf-8")
    assert decoded.truncated == f"truncated: {note} are an incomplete UTF-8 character"


def test_utf16_with_an_odd_last_byte_is_truncated():
    decoded = decode("Россия и НАТО".encode("utf-16")[:-1])
    assert decoded == Decoded("Россия и НАТ", "utf-16", "truncated: odd number of bytes in UTF-16")


def test_utf16_cut_inside_a_surrogate_pair():
    decoded = decode("NATO 🙂".encode("utf-16-le") + "🙂".encode("utf-16-le")[:2])
    assert decoded.text == "NATO 🙂"
    assert decoded.truncated == "truncated: ends inside a UTF-16 surrogate pair"


def test_ascii_text_ending_in_one_high_byte_is_not_called_truncated_utf8():
    # Nothing before the last byte is UTF-8 beyond ASCII: a legacy encoding is likelier.
    decoded = decode("Minsk, Moscow and Brüssel".encode("latin-1"))
    assert decoded == Decoded("Minsk, Moscow and Brüssel", "latin-1")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 4 + b"abc", "binary file (97% control or box-drawing characters as utf-8)"),
        (
            bytes(range(0x80, 0xA0)) * 2 + "Минск".encode("koi8-r"),
            "binary file (64% control or box-drawing characters as koi8-r)",
        ),
        ("Россия".encode("utf-16-le") + b"\x00\xd8\x41\x00" * 3, "binary file (contains NUL bytes)"),
    ],
)
def test_binary_data_is_refused(data, reason):
    with pytest.raises(UndecodableError) as raised:
        decode(data)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        # Too short to tell KOI8-R from Windows-1251 by its letters: the page's word decides.
        ("ЕЩЁ ОДНА".encode("koi8-r"), "koi8-r", "ЕЩЁ ОДНА"),
        ("ЕЩЁ ОДНА".encode("koi8-r"), None, "еэі пдоб"),
        # A wrong declaration that mangles the words is overruled.
        ("Gespräche über Sicherheit".encode("latin-1"), "cp1251", "Gespräche über Sicherheit"),
        (RUSSIAN[0].encode("cp1251"), "cp1252", RUSSIAN[0]),
    ],
)
def test_declared_charset_is_trusted_unless_it_mangles_words(data, declared, expected):
    assert decode(data, declared=declared).text == expected


@pytest.mark.parametrize(
    ("html", "charset"),
    [
        (b'<html><head><meta charset="windows-1251"><title>x</title>', "cp1251"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">', "koi8-r"),
        (b"<meta charset=iso-8859-1>", "latin-1"),
        (b'<meta charset="no-such-charset">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(html, charset):
    assert declared_charset(html) == charset


@pytest.mark.parametrize(
    ("label", "name"),
    [("windows-1251", "cp1251"), ("KOI8_R", "koi8-r"), ("ISO-8859-1", "latin-1"), ("UTF8", "utf-8"), ("x-y", None)],
)
def test_codec_name(label, name):
    assert codec_name(label) == name


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("Министр обороны заявил", 0),
        ("Ìèíèñòð îáîðîíû", 14),  # Windows-1251 read as Latin-1: words of accented letters only
        ("лХОХУФТ ПВПТПОЩ", 14),  # Windows-1251 read as KOI8-R: a capital after a lower-case letter
        ("Gesprдche ьber", 13),  # Latin-1 read as Windows-1251: Latin and Cyrillic in one word
        ("Größere Übungen für März", 0),
        ("Россия ╚ НАТО", 10),  # box drawing: KOI8-R's reading of «
    ],
)
def test_plausibility_flags_mis_decoded_words(text, hard):
    assert plausibility(text).hard == hard


def test_suspicious_share_ignores_whitespace():
    assert suspicious_share("ab\x01\n\t ") == pytest.approx(1 / 3)
    assert suspicious_share(" \n") == 0.0

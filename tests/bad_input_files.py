"""The bad-input corpus in tests/bad_inputs/, byte for byte, and what tagging must say
about each file. The files are committed (so anyone can open them); this module is how
they were made (`python -m tests.bad_input_files` rewrites them) and what
tests/test_bad_inputs.py checks them against.

The oversized file is not committed: it is written next to a copy of the corpus at test
time (see `OVERSIZED_NAME`), one byte over `framing.corpus.MAX_BYTES`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "bad_inputs"
OVERSIZED_NAME = "oversized.txt"

_RU_CP1251 = (
    "Минобороны Белоруссии: учения пройдут у западной границы\n\n"
    "МИНСК, 3 февраля. Совместные учения Белоруссии и России «Союзная решимость — 2022» пройдут "
    "с 10 по 20 февраля, сообщили в министерстве обороны. В НАТО заявили, что внимательно следят "
    "за переброской войск.\n"
)
_RU_KOI8 = (  # KOI8-R has no « » or —
    "Генсек НАТО призвал Москву к деэскалации\n\n"
    "БРЮССЕЛЬ, 12 января. Генеральный секретарь НАТО призвал Россию отвести войска от границы с "
    "Украиной. В Кремле ответили, что перемещение войск по своей территории - внутреннее дело страны.\n"
)
_BE = (
    "Беларусь і Расія правядуць сумесныя вучэнні\n\n"
    "МІНСК, 3 лютага. Сумесныя вучэнні ўзброеных сіл Беларусі і Расіі пачнуцца 10 лютага і "
    "працягнуцца дзесяць дзён, паведаміла Міністэрства абароны.\n"
)
_DE_LATIN1 = (
    "Nato-Außenminister beraten über Russland\n\n"
    "BRÜSSEL (dpa) - Die Außenminister der Nato haben am Dienstag in Brüssel über die Lage an der "
    "ukrainischen Grenze beraten. Größere Manöver seien für März geplant, hieß es.\n"
)
_DE_CP1252 = (
    "Moskau weist Kritik zurück\n\n"
    "MOSKAU – Der Kreml hat die Kritik der Nato an den Manövern in Weißrussland zurückgewiesen. "
    "„Das ist unsere innere Angelegenheit“, sagte ein Sprecher am Donnerstag.\n"
)
_DE_BOM = (
    "Nato-Gipfel in München\n\n"
    "MÜNCHEN (dpa) – Die Nato will ihre Präsenz an der Ostflanke verstärken, sagte der "
    "Generalsekretär am Freitag in München.\n"
)
_RU_UTF16 = (
    "Лукашенко: Россия — наш главный союзник\n\n"
    "МИНСК, 12 января. Президент Белоруссии заявил, что страны продвинулись очень далеко в "
    "вопросах безопасности, и назвал НАТО угрозой для региона.\n"
)
_RU_CUT = (
    "Шойгу провёл совещание с командующими\n\n"
    "МОСКВА, 14 января. Министр обороны России провёл совещание с командующими войсками. "
    "По его словам, учения пройдут у западных границ страны"
)
_HOSTILE = (
    "Ministry comments on <b>talks</b> with NATO\n\n"
    '<script>alert("pwned")</script> The ministry said on Monday that NATO & Russia would hold '
    "talks next week, according to a statement <img src=x onerror=alert(1)> on its website.\n"
)
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Belarus, Russia to hold joint drills near western border | Minsk Daily</title>
<script>window.dataLayer = []; function track() { dataLayer.push(arguments); }</script>
<style>body { font-family: sans-serif; }</style>
</head>
<body>
<header>
<div class="logo"><a href="/">Minsk Daily</a></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li>
<li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<main>
<h1>Belarus, Russia to hold joint drills near western border</h1>
<div class="meta">3 February 2022, 14:05</div>
<article>
<p>MINSK, 3 February. Belarus and Russia will hold joint military drills near the western border of the Union State
later this month, the Belarusian defence ministry said on Thursday.</p>
<p>The ministry said the exercise was defensive and aimed at "rehearsing a response to external aggression".
NATO has said it is watching the build-up closely.</p>
<script>alert("this must never reach the text");</script>
<p>According to the ministry, the drills will last ten days and involve several thousand troops from both countries.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Lukashenko meets governors</a></li>
<li><a href="/b">Weather: snow expected on Friday</a></li></ul></aside>
</main>
<footer><p>&copy; 2022 Minsk Daily. All rights reserved.</p>
<p><a href="/contacts">Contacts</a> | <a href="/ads">Advertising</a></p></footer>
</body>
</html>
"""
_PAGE_CP1251 = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Лукашенко провёл совещание по вопросам безопасности</title>
</head>
<body>
<div class="menu"><a href="/">Главная</a> | <a href="/politics">Политика</a> | <a href="/economy">Экономика</a></div>
<h1>Лукашенко провёл совещание по вопросам безопасности</h1>
<div class="article">
<p>МИНСК, 21 апреля. Президент Белоруссии Александр Лукашенко провёл совещание по вопросам военной безопасности,
сообщила пресс-служба главы государства.</p>
<p>По словам президента, Белоруссия продолжит военное сотрудничество с Россией и готова к диалогу с НАТО.</p>
</div>
<script>var counter = 1;</script>
<div class="footer">© 2017 Все права защищены</div>
</body>
</html>
"""
_PAGE_CUT = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Talks in Geneva | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>Russia and the United States open security talks in Geneva</h1>
<article>
<p>GENEVA, 10 January. Russian and American diplomats opened talks on security guarantees in Geneva on Monday,
with NATO's eastward expansion at the top of Moscow's list of demands.</p>
<p>The talks were expected to continue late into the evening, a diplomat familiar with the schedule sa"""

#: A 1x1 PNG image: NUL bytes, not text.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

FILES: dict[str, bytes] = {
    "articles.csv": (
        b"id,file,note\n"
        b"dup,dup_first.txt,first row with id 'dup'\n"
        b"dup,dup_second.txt,a second file under the same id\n"
        b"ghost,ghost.txt,names a file that is not there\n"
        b",,a row that names no file\n"
        b"page,page_with_nav.html,\n"
        b"page_again,page_with_nav.html,names the same file as the row above\n"
        b"ragged,ragged.txt,one cell,too many\n"
    ),
    "binary.txt": _PNG,
    "cp1251_be.txt": _BE.encode("cp1251"),
    "cp1251_ru.txt": _RU_CP1251.encode("cp1251"),
    "cp1252_de.txt": _DE_CP1252.encode("cp1252"),
    "dup_first.txt": b"Talks in Minsk\n\nThe two defence ministers met in Minsk on Tuesday, the ministry said.\n",
    "dup_second.txt": b"Talks in Moscow\n\nThe two foreign ministers met in Moscow on Friday, the ministry said.\n",
    "empty.txt": b"",
    "empty_page.html": b"<html><head><script>var a = 1;</script></head><body></body></html>\n",
    "fragment.html": b"<p>Moscow said <b>no</b> to the proposal.</p>\n",
    "hostile.txt": _HOSTILE.encode(),
    "koi8r_ru.txt": _RU_KOI8.encode("koi8-r"),
    "latin1_de.txt": _DE_LATIN1.encode("latin-1"),
    "notes.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "page_cp1251.html": _PAGE_CP1251.encode("cp1251"),
    "page_with_nav.html": _PAGE.encode(),
    "truncated_page.html": _PAGE_CUT.encode(),
    "truncated_utf8.txt": (_RU_CUT.encode())[:-1],  # the last letter's second byte is gone
    "utf16_ru.txt": _RU_UTF16.encode("utf-16"),
    "utf16le_be.txt": _BE.encode("utf-16-le"),
    "utf8_bom_de.txt": codecs.BOM_UTF8 + _DE_BOM.encode(),
}

#: Decoded text of each file that decodes, for checking there is no mojibake.
TEXTS: dict[str, str] = {
    "cp1251_be": _BE,
    "cp1251_ru": _RU_CP1251,
    "cp1252_de": _DE_CP1252,
    "hostile": _HOSTILE,
    "koi8r_ru": _RU_KOI8,
    "latin1_de": _DE_LATIN1,
    "truncated_utf8": _RU_CUT[:-1],
    "utf16_ru": _RU_UTF16,
    "utf16le_be": _BE,
    "utf8_bom_de": _DE_BOM,
}


def write(directory: Path = DIRECTORY) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in FILES.items():
        (directory / name).write_bytes(data)


if __name__ == "__main__":
    write()

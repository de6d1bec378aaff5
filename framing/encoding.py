"""Raw bytes -> text: which encoding a scraped file is in, and whether it was cut short.

Order of decisions: a byte-order mark; UTF-16 without a mark (NUL bytes in every other
position; other NUL bytes mean binary data); strict UTF-8, or UTF-8 cut mid-character;
then the single-byte encodings that news from Belarus, Russia and Germany comes in
(Windows-1251, KOI8-R, Windows-1252, Latin-1), each decoded and scored by how plausible
its letters look. General-purpose detectors guess wrong on a
headline-sized text (a KOI8-R sentence comes back as Japanese), so the candidates are few
and the score knows the scripts this corpus is written in.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass
from itertools import groupby, islice, pairwise

#: Single-byte candidates in order of preference when two decode to equally plausible text.
#: Latin-1 comes before Windows-1252 so that a file without any byte in 0x80-0x9F is
#: reported as the narrower encoding; Windows-1251 before KOI8-R because it is far more
#: common on Belarusian and Russian sites.
LEGACY_ENCODINGS = ("latin-1", "cp1252", "cp1251", "koi8-r")

#: Share of suspicious characters (control codes, box drawing, ...) above which a decoded
#: file is taken for binary data rather than text.
MAX_SUSPICIOUS_SHARE = 0.10

#: Above this penalty per letter, the fixed candidates all look wrong and charset-normalizer
#: is asked for another candidate (Greek, Central European, East Asian text).
ASK_DETECTOR_ABOVE = 0.2
#: ... but not on a few words, where it guesses wildly (Cyrillic capitals as Japanese).
MIN_LETTERS_FOR_DETECTOR = 20

# Letter frequencies of Russian news text (per cent), plus the letters that only
# Belarusian and Ukrainian use. Only the *rare* end matters: mis-decoding Windows-1251 as
# KOI8-R (or back) swaps frequent letters for rare ones.
_CYRILLIC_FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.2, "і": 5.0, "ў": 2.0, "ї": 0.6, "є": 0.4, "ґ": 0.1,
}  # fmt: skip
_RARE_BELOW_BITS = 6.0  # letters rarer than 1 in 64 cost bits above this
_UNKNOWN_CYRILLIC_BITS = 14.0  # Serbian/Macedonian letters and the like, in this corpus

_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєў")
_NEVER_FIRST = frozenset("ьъы")
# Control codes but tab, line breaks and form feed; C1 controls (Latin-1 read where
# Windows-1252 was meant); surrogates; the replacement character; private use; technical
# symbols and box drawing.
_SUSPICIOUS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ue000-\uf8ff\u2300-\u23ff\u2500-\u25ff\U000f0000-\U0010ffff]"
)
_SPACE = re.compile(r"[ \t\n\r\f\v]")
#: Words scored per candidate: enough to judge, and a 20 MB file still decodes quickly.
SAMPLE_WORDS = 5_000
_NON_ASCII_WORD = re.compile(rb"\S*[\x80-\xff]\S*")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding this module knows."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the Python codec that produced it, and a note when the bytes were cut
    short (the text is then what could be decoded before the cut)."""

    text: str
    encoding: str
    truncated: str | None = None


def _rare_letter_bits(letter: str) -> float:
    share = _CYRILLIC_FREQUENCY.get(letter)
    bits = _UNKNOWN_CYRILLIC_BITS if share is None else -math.log2(share / 100)
    return max(0.0, bits - _RARE_BELOW_BITS)


def _script(char: str) -> str:
    if char.isascii():
        return "latin"
    code = ord(char)
    if 0x00C0 <= code <= 0x024F:
        return "latin-accented"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    return "other"


def _implausible_cyrillic(word: str) -> bool:
    """Spelling no Russian, Belarusian or Ukrainian word has; a wrong Cyrillic code page
    turns most vowels into consonants and swaps upper and lower case."""
    lower = word.lower()
    if lower[0] in _NEVER_FIRST:
        return True
    vowels = [c in _CYRILLIC_VOWELS for c in lower]
    # Abbreviations such as ФСБ or МВД have no vowel; longer words and lower case do.
    if not any(vowels) and len(word) >= 2 and (len(word) >= 5 or not word.isupper()):
        return True
    run = longest = 0
    for is_vowel, char in zip(vowels, lower, strict=True):
        run = 0 if is_vowel else run + (char not in "ьъ")
        longest = max(longest, run)
    return longest >= 5


def _word_penalty(word: str) -> tuple[float, float]:
    """(hard, soft) penalty of one run of letters. Hard: every letter of a word that looks
    mis-decoded: Latin mixed with Cyrillic, a Latin word made only of accented letters
    (Cyrillic read as Latin-1), a capital after a lower-case letter, impossible Cyrillic
    spelling. Soft: how rare its Cyrillic letters are, to break ties between code pages."""
    scripts = {_script(c) for c in word}
    families = {"latin" if s == "latin-accented" else s for s in scripts}
    if len(families) > 1 or (scripts == {"latin-accented"} and len(word) >= 2):
        return len(word), 0.0
    if scripts == {"latin-accented"}:
        return 0.0, 1.0  # a lone accented letter: rarely a word, often a stray byte misread
    if any(a.islower() and b.isupper() for a, b in pairwise(word)):
        return len(word), 0.0
    if families == {"cyrillic"}:
        if _implausible_cyrillic(word):
            return len(word), 0.0
        return 0.0, 0.5 * sum(_rare_letter_bits(c) for c in word.lower())
    return 0.0, 0.0


def _words(text: str) -> list[str]:
    # Runs of letters only: "³" or "²" (KOI8-R and Latin-1 symbols) end a word.
    return ["".join(run) for is_letter, run in groupby(text, str.isalpha) if is_letter]


def is_suspicious(char: str) -> bool:
    """A character that real text almost never contains: control codes, private-use code
    points, the replacement character, box drawing (KOI8-R's upper half)."""
    return _SUSPICIOUS.match(char) is not None


@dataclass(frozen=True)
class Plausibility:
    """How wrong a decoding looks (0 is clean text); compare decodings of the same bytes."""

    hard: float  # letters in mis-decoded-looking words + 10 per suspicious character
    soft: float  # rarity of the Cyrillic letters
    letters: int

    @property
    def total(self) -> float:
        return self.hard + self.soft


def plausibility(text: str) -> Plausibility:
    words = _words(text)
    penalties = [_word_penalty(w) for w in words]
    hard = sum(h for h, _ in penalties) + 10 * len(_SUSPICIOUS.findall(text))
    return Plausibility(hard, sum(s for _, s in penalties), sum(len(w) for w in words))


def suspicious_share(text: str) -> float:
    """Share of non-space characters that are suspicious (see `is_suspicious`)."""
    if _SUSPICIOUS.search(text) is None:  # the usual case, and one quick scan
        return 0.0
    visible = len(text) - len(_SPACE.findall(text))
    return len(_SUSPICIOUS.findall(text)) / visible if visible else 0.0


def codec_name(name: str) -> str | None:
    """Canonical codec name for a label such as 'windows-1251' or 'KOI8_R'; None if unknown."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return {"iso8859-1": "latin-1", "koi8_r": "koi8-r"}.get(canonical, canonical)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    found = _META_CHARSET.search(data[:4096])
    return codec_name(found.group(1).decode("ascii")) if found else None


def _utf8_cut_short(data: bytes) -> Decoded | None:
    """UTF-8 whose last character was cut off (a download that stopped mid-character).
    Only when the rest holds non-ASCII UTF-8: ASCII text ending in one high byte is more
    likely a legacy encoding."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(body):
            return None
        head = body[: exc.start]
    else:
        return None
    text = _strict(head, "utf-8")
    if text is None or text.isascii():
        return None
    note = f"truncated: the last {len(body) - len(head)} byte(s) are an incomplete UTF-8 character"
    return Decoded(text, "utf-8-sig" if bom else "utf-8", note)


def _decode_utf16(data: bytes, encoding: str) -> Decoded:
    """UTF-16 (with or without a mark). An odd last byte or half a surrogate pair at the
    end means the file was cut short; the text is what comes before."""
    usable = data[: len(data) - len(data) % 2]
    note = "truncated: odd number of bytes in UTF-16" if len(usable) != len(data) else None
    try:
        text = usable.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(usable):
            raise UndecodableError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from None
        text = usable[: exc.start].decode(encoding)
        note = "truncated: ends inside a UTF-16 surrogate pair"
    return Decoded(text, encoding, note)


def _bom_less_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit (almost) only at odd or only at even
    positions, as the high bytes of Latin text and punctuation do; else None."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even + odd < 2:
        return None
    if odd >= 0.95 * (even + odd) and odd >= 0.05 * len(data[1::2]):
        return "utf-16-le"
    if even >= 0.95 * (even + odd) and even >= 0.05 * len(data[0::2]):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def best_legacy_decoding(data: bytes, *, declared: str | None = None) -> Decoded:
    """The most plausible single-byte decoding of `data`. A `declared` charset is taken
    when it decodes the bytes without any mis-decoded-looking word; otherwise it is one
    more candidate. charset-normalizer is asked only when every candidate looks wrong."""
    # Every candidate is ASCII-compatible, so only words with a byte above 0x7F can tell
    # them apart; scoring just those keeps pages with long ASCII scripts on top honest.
    sample = b" ".join(m.group() for m in islice(_NON_ASCII_WORD.finditer(data), SAMPLE_WORDS))
    trusted = declared and not declared.startswith("utf") and (text := _strict(data, declared)) is not None
    if trusted and plausibility(sample.decode(declared, errors="replace")).hard == 0:
        return Decoded(text, declared)
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        if (text := _strict(data, encoding)) is not None:
            scored.append((plausibility(sample.decode(encoding)).total, rank, encoding, text))
    best = min(scored)
    judged = plausibility(sample.decode(best[2]))
    if judged.letters >= MIN_LETTERS_FOR_DETECTOR and judged.hard > ASK_DETECTOR_ABOVE * judged.letters:
        from charset_normalizer import from_bytes  # only for text outside this corpus's scripts

        guess = from_bytes(data).best()
        name = codec_name(guess.encoding) if guess is not None else None
        # UTF-16/32 decode any even-length bytes; they were ruled out before.
        if name and not name.startswith("utf") and (text := _strict(data, name)) is not None:
            scored.append((plausibility(sample.decode(name, errors="replace")).total, len(scored), name, text))
            best = min(scored)
    return Decoded(best[3], best[2])


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode raw bytes. Raises `UndecodableError` when they do not look like text.

    `declared` is a charset the file states itself (an HTML ``<meta charset>``); it is
    trusted unless its text looks mis-decoded (see `best_legacy_decoding`).
    """
    decoded = _decode_any(data, declared=declared)
    if (share := suspicious_share(decoded.text)) > MAX_SUSPICIOUS_SHARE:
        raise UndecodableError(f"binary file ({share:.0%} control or box-drawing characters as {decoded.encoding})")
    return decoded


def _decode_any(data: bytes, *, declared: str | None) -> Decoded:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        text = _strict(data, "utf-32")
        if text is not None:
            return Decoded(text, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, "utf-16")
    # Before UTF-8: Cyrillic in UTF-16-LE is also valid (if absurd) UTF-8. Text never
    # holds NUL, so NUL bytes mean UTF-16 without a mark, or binary data.
    if b"\x00" in data:
        try:
            decoded = _decode_utf16(data, utf16) if (utf16 := _bom_less_utf16(data)) else None
        except UndecodableError:
            decoded = None
        if decoded is None or suspicious_share(decoded.text) > MAX_SUSPICIOUS_SHARE:
            raise UndecodableError("binary file (contains NUL bytes)")
        return decoded
    if (text := _strict(data, "utf-8-sig")) is not None:
        return Decoded(text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    if (cut := _utf8_cut_short(data)) is not None:
        return cut
    return best_legacy_decoding(data, declared=declared)

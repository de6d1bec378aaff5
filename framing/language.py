"""Stage 3: language of each segment and of each article (ISO 639-1 codes, 'und' if unsure).

Text too short for a reliable guess (langdetect calls 'NATO' Vietnamese) gets 'und'
instead of a guess. Detectors (`detector=`):

- `auto` (the default): function words of English, German and Russian decide clear cases
  (the corpus's languages; lists in `resources/function_words.csv`; words that two of the
  languages share, such as 'in', never vote); anything else goes to `py3langid`.
- `py3langid`: py3langid alone, the fast statistical detector.
- `langdetect`: langdetect alone (the reference), seeded so that a text always gets the
  same answer. BENCHMARKS.md reports how often the detectors agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

UNDETERMINED = "und"
#: Fewer letters or words than this and a detector guesses; we say 'und' instead.
MIN_LETTERS = 20
MIN_WORDS = 4
#: Below this probability for the best language the answer is 'und', per detector: py3langid
#: scales its probabilities by text length, so a short headline it is sure of gets less than
#: langdetect gives it (0.30 gave no wrong answer on the real-world dev fold; see BENCHMARKS.md).
MIN_PROBABILITY = {"py3langid": 0.30, "langdetect": 0.70}
#: langdetect samples n-grams at random: seeded, the same text always gets the same answer.
SEED = 0

#: Runs of letters (digits and underscores are not letters). Words are runs of two or more.
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORD_LETTERS = 2
#: ASCII bytes that are not letters (in ASCII text only A-Z and a-z are letters).
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
#: Byte table: ASCII non-letters become spaces; every other byte (UTF-8 included) stays.
_ASCII_NON_LETTERS_TO_SPACE = bytes(32 if c < 128 and not chr(c).isalpha() else c for c in range(256))
#: The same for ASCII text, lowering the letters as well (for function-word lookups).
_ASCII_LETTERS_LOWERED = _ASCII_NON_LETTERS_TO_SPACE.translate(
    bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
)
#: The non-ASCII punctuation that news text is full of (quotes, dashes, no-break space).
_COMMON_PUNCTUATION = "“”‘’„«»–—…\u00a0"


@cache
def _py3langid():
    """py3langid's model with probabilities that sum to one (its own default reports raw scores)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _langdetect():
    """A langdetect factory of our own: the module-level one is shared, unseeded state."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def _by_py3langid(text: str) -> tuple[str, float]:
    """The best language that has an ISO 639-1 code, as the tables promise, with its share of
    their probability (py3langid's other labels are rarer languages such as 'pcm', or 'zxx'
    for no language). The same as restricting the model to them, without a second copy of it."""
    ranked = [(language, probability) for language, probability in _py3langid().rank(text) if len(language) == 2]
    total = sum(probability for _, probability in ranked)
    language, probability = ranked[0]
    return language, probability / total if total else 0.0


def _by_langdetect(text: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):  # no letters it knows
        return UNDETERMINED, 0.0
    return best.lang, best.prob


DETECTORS = ("auto", "py3langid", "langdetect")
#: Function-word evidence needed to skip langdetect.
MIN_FUNCTION_WORDS = 3
MIN_FUNCTION_SHARE = 0.85
#: Letter runs of a headline-length text, which one function word may decide.
MAX_HEADLINE_RUNS = 15
#: The `lang` of the function-word row whose words never vote.
SHARED = "shared"


@cache
def _function_words() -> dict[str, str]:
    """word -> language, for function words that belong to exactly one of the languages.
    Single letters ('a', 'и') are left out: a run of fewer than `MIN_WORD_LETTERS` letters
    is not a word here, so it never votes."""
    from framing.resources import read_table

    owners: dict[str, set[str]] = {}
    for row in read_table("function_words.csv"):
        for word in row["words"].split():
            if len(word) >= MIN_WORD_LETTERS:
                owners.setdefault(word, set()).add(row["lang"])
    # 'shared' words are common words in two of the languages (English and German 'in'):
    # voting for one of them would pull German text towards English.
    return {word: langs.pop() for word, langs in owners.items() if len(langs) == 1 and SHARED not in langs}


def _by_function_words(words: list[str]) -> tuple[str, float] | None:
    """The language that the function words among `words` (the letter runs, lowercased)
    decide, with its share of their votes; None when they do not decide."""
    # map and filter keep the loop in C: this runs on every segment.
    votes = list(filter(None, map(_function_words().get, words)))
    total = len(votes)
    if total < 2:
        # A headline has few function words: one decides it ('Moscow seeks deeper defense
        # industry cooperation with neighboring Belarus'); statistical detectors are unsure there.
        return (votes[0], 1.0) if total == 1 and len(words) <= MAX_HEADLINE_RUNS else None
    # Tied languages have half the votes at most, too few to decide: which one `max`
    # returns then does not matter.
    language = max(set(votes), key=votes.count)
    share = votes.count(language) / total
    # Two function words may decide only when they agree; from three on, a clear majority.
    enough = share == 1.0 if total < MIN_FUNCTION_WORDS else share >= MIN_FUNCTION_SHARE
    return (language, round(share, 4)) if enough else None


def detect_language_with_probability(text: str, *, detector: str = "auto") -> tuple[str, float]:
    """(ISO code, probability) for `text`; ('und', 0.0) when it is too short or unclear."""
    language, probability, _ = language_and_letters(text, detector=detector)
    return language, probability


@lru_cache(maxsize=8192)
def language_and_letters(text: str, *, detector: str = "auto") -> tuple[str, float, int]:
    """(ISO code, probability, number of letters) for `text`: `detect_language_with_probability`
    and `count_letters` from one pass over its letters (the pipeline needs both for every
    segment). Memoised per text: site menus and widgets repeat on every page."""
    if text.isascii():
        words = _lowered_ascii_runs(text)  # lowering keeps an ASCII run's length
        lengths = list(map(len, words))
    else:
        runs = letter_runs(text)
        lengths = list(map(len, runs))
        words = None
    n_letters = sum(lengths)
    # Runs too short to be words (counted by length: `count` runs in C).
    n_words = len(lengths) - sum(map(lengths.count, range(1, MIN_WORD_LETTERS)))
    if n_letters < MIN_LETTERS or n_words < MIN_WORDS:
        return UNDETERMINED, 0.0, n_letters
    if detector not in DETECTORS:
        raise ValueError(f"unknown language detector '{detector}'; use one of {DETECTORS}")
    if detector == "auto":
        if words is None:
            words = list(map(str.lower, runs))
        if (decided := _by_function_words(words)) is not None:
            return (*decided, n_letters)
    detector = "langdetect" if detector == "langdetect" else "py3langid"
    language, probability = _by_langdetect(text) if detector == "langdetect" else _by_py3langid(text)
    if probability < MIN_PROBABILITY[detector]:
        return UNDETERMINED, round(probability, 4), n_letters
    return language, round(probability, 4), n_letters


def detect_language(text: str, *, detector: str = "auto") -> str:
    """ISO 639-1 code of `text` (e.g. 'en', 'de', 'ru'), or 'und' when a guess would be unreliable."""
    return detect_language_with_probability(text, detector=detector)[0]


def language_shares(pieces: Iterable[tuple[str, int]]) -> dict[str, float]:
    """Share of letters per language from (language, n_letters) pairs, 'und' excluded,
    largest share first (ties by code, so the order is stable)."""
    totals: Counter[str] = Counter()
    for language, n_letters in pieces:
        if language != UNDETERMINED and n_letters > 0:
            totals[language] += n_letters
    whole = sum(totals.values())
    if not whole:
        return {}
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return {language: round(count / whole, 3) for language, count in ordered}


def count_letters(text: str) -> int:
    """Number of letters in `text` (digits and underscores are not letters)."""
    if text.isascii():  # deleting the other bytes is many times faster than the regex
        return len(text.encode("ascii").translate(None, _ASCII_NON_LETTERS))
    return sum(map(len, letter_runs(text)))


def letter_runs(text: str) -> list[str]:
    """The runs of letters in `text`, exactly as `_LETTERS.findall(text)` finds them, in
    less than half the time: punctuation becomes spaces (ASCII by one byte-table pass, common
    quotes and dashes by `replace`) and the text is split on white space. A run that still
    holds a character other than a letter (a digit or mark outside ASCII) sends the text to
    the regex."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NON_LETTERS_TO_SPACE).decode("ascii").split()
    spaced = text
    for mark in _COMMON_PUNCTUATION:
        if mark in spaced:
            spaced = spaced.replace(mark, " ")
    as_bytes = spaced.encode("utf-8", "surrogatepass").translate(_ASCII_NON_LETTERS_TO_SPACE)
    runs = as_bytes.decode("utf-8", "surrogatepass").split()
    return runs if all(map(str.isalpha, runs)) else _LETTERS.findall(text)


def _lowered_ascii_runs(text: str) -> list[str]:
    """`[run.lower() for run in letter_runs(text)]` for an ASCII `text`, in one byte-table pass."""
    return text.encode("ascii").translate(_ASCII_LETTERS_LOWERED).decode("ascii").split()


def format_shares(shares: dict[str, float]) -> str:
    """'en=0.72;de=0.28' — one CSV cell; `parse_shares` reads it back."""
    return ";".join(f"{language}={share:.3f}" for language, share in shares.items())


def parse_shares(cell: str) -> dict[str, float]:
    if not isinstance(cell, str) or not cell:
        return {}
    return {k: float(v) for k, v in (part.split("=") for part in cell.split(";"))}

"""`framing.regex_scan` finds exactly what `re` finds, only faster: literal stems (first
part) and first-character guards (second part), on the shipped cue, target, speaker and
agency patterns and on tricky hand-made ones, over random texts."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing import mentions, regex_scan
from framing.regex_scan import (
    AlternationScanner,
    PatternSet,
    StartIndex,
    StemIndex,
    fold,
    guarded,
    literal_stems,
    match_starts,
    matches_at_places,
    trie_pattern,
)
from framing.resources import read_table
from framing.stance import lexicon
from framing.stance.lexicon import SLOT, load_cues
from tests.test_properties import PARAGRAPHS


def test_fold_covers_every_character_ignorecase_matches_to_an_ascii_letter():
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isascii():
            continue
        folded = fold(char, ignore_case=True)
        assert len(folded) == 1
        if letters.fullmatch(char):
            matched = [c for c in string.ascii_lowercase if re.fullmatch(c, char, re.IGNORECASE)]
            assert [folded.decode()] == matched, hex(code)


def test_fold_keeps_positions():
    text = "NATO’s İstanbul ſummit, Kelvin \u212a, Минск"
    for ignore_case in (True, False):
        assert len(fold(text, ignore_case=ignore_case)) == len(text)
    assert fold("NATO’s", ignore_case=True) == b"nato\x00s"
    assert fold("NATO’s", ignore_case=False) == b"NATO\x00s"


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        # stems go on into branches: 'econom' + 'y|ic|ies'
        (r"\beconom(?:y|ic|ies)\b|\btrade\b", re.IGNORECASE, ((b"economic", b"economies", b"economy", b"trade"), True)),
        (r"(?<!ITAR-)\bTASS\b", 0, ((b"TASS",), False)),
        (r"(?i)\bTASS\b", 0, ((b"tass",), True)),
        # the parser takes "A" out of the group; the stem goes on into both branches
        (r"\b(AP|Associated Press)\b", 0, ((b"AP", b"Associated Press"), False)),
        (r"ab(?:c|d)e", 0, ((b"ab",), False)),  # one-character branches become a class: no longer stem
        (r"\bRIA( Novosti)?\b", 0, ((b"RIA",), False)),  # an optional group adds nothing
        (r"\bвойна\b", re.IGNORECASE, None),  # no ASCII stem
        (r"\b\w+ist\b", 0, None),  # starts with a class
        (r"\bfoo|\bba?r", 0, ((b"b", b"foo"), False)),  # a stem ends where a repeat starts
        (r"(?-i:NATO)", re.IGNORECASE, None),  # flags of its own
        (r"x*", 0, None),
        ("", 0, None),
    ],
)
def test_literal_stems(pattern, flags, expected):
    stems = literal_stems(pattern, flags)
    assert (None if stems is None else (stems.literals, stems.ignore_case)) == expected


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (
            r"\b(?:strategic )?all(?:y|ies)\b|\ballied\b",
            re.IGNORECASE,
            ((b"allied", b"allies", b"ally", b"strategic "), True),
        ),
        (r"(?-i:\bU\.S\.|\bUS\b)|\bEU\b", re.IGNORECASE, ((b"eu", b"u.s.", b"us"), True)),  # looser than the group
        (r"(?:ab)*c", 0, ((b"ab", b"c"), False)),
        (r"(?:ab)+c", 0, ((b"ab",), False)),
        (r"(?i:NATO)", 0, None),  # adds a flag: its literals are not stems of a case-sensitive pattern
        (r"a?", 0, None),
    ],
)
def test_lenient_literal_stems(pattern, flags, expected):
    stems = literal_stems(pattern, flags, lenient=True)
    assert (None if stems is None else (stems.literals, stems.ignore_case)) == expected


def _reference(patterns: list[str], flags: int, texts: list[str]) -> list[list[tuple[int, int, int, str]]]:
    regexes = [re.compile(p, flags) for p in patterns]
    return [[(i, m.start(), m.end(), m.group()) for i, r in enumerate(regexes) for m in r.finditer(t)] for t in texts]


def _found(patterns: list[str], flags: int, texts: list[str]) -> list[list[tuple[int, int, int, str]]]:
    found = PatternSet(patterns, flags).find_all(texts)
    return [[(i, m.start(), m.end(), m.group()) for i, m in matches] for matches in found]


RESOURCE_PATTERNS = [
    ([r["pattern"] for r in read_table(f"frames_{lang}.csv")], re.IGNORECASE) for lang in ("en", "de", "ru")
] + [([r["pattern"] for r in read_table("agencies.csv")], 0)]
ODD_PATTERNS = [
    r"\bwar\b|\bwarn\w*|\bwarning\b",  # stems that are prefixes of each other
    r"ss|s",  # overlapping candidates: finditer must resume after each match
    r"ab(?=c)|a\b",
    r"(?<=\w)ing\b",
    r"\b\w+ed\b",  # no stem: scanned in full
    r"\bkelvin\b|\bſtate\b",
    "\x00|a\x00b",  # the separator itself: no stem
]
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(PARAGRAPHS),
        st.text(alphabet="aAbBcCsSkKnNwWeEdD \n'’-.İıſ\u212a\x00ДдÄä", max_size=40),
        st.builds(lambda a, b: a + b, st.sampled_from(PARAGRAPHS), st.text(max_size=10)),
    ),
    max_size=6,
)


@given(texts=TEXTS)
def test_pattern_set_finds_what_finditer_finds(texts):
    for patterns, flags in [*RESOURCE_PATTERNS, (ODD_PATTERNS, 0), (ODD_PATTERNS, re.IGNORECASE)]:
        assert _found(patterns, flags, texts) == _reference(patterns, flags, texts)


def test_pattern_set_on_no_texts():
    assert PatternSet([r"\bNATO\b"]).find_all([]) == []


# --- first-character guards ---


TRICKY = [
    r"\b(?:strategic )?all(?:y|ies)\b|\ballied\b",
    r"(?-i:\bU\.S\.|\bUS\b)|\bEU\b",
    r"-occupied\b|\bclose(?:r|st)?\b(?! to the border)",
    r"[^a-z\s]x|\d+ troops",
    r"(?:\w+ ){0,3}with",  # can begin with any word character or with 'with'
    r"(?=ab)a\w|(?<=x)b",
    r"K\w+|\bstra(?:ss|ß)e",
    r"\w*",  # can match the empty string: left unguarded
    r"a?",
]
WORDS = ["ally", "allied", "strategic", "US", "U.S.", "us", "Eu", "EU", "close", "closer", "to the border", "with"]
WORDS += ["Kelvin", "\u212aelvin", "ſtrasse", "STRASSE", "straße", "İstanbul", "ı", "x", "b", "ab", "-occupied"]
WORDS += ["NATO", "Nato-Gipfel", "Russia’s", "Moskau", "Кремля", "Lukashenko", "the alliance", "⟦T⟧", "warned"]
CHARS = list(" ,.;:-–“”\"'’()0123456789aAbBxXkKsSı\u212a")
TEXTS = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(CHARS)), max_size=40).map("".join)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _all_patterns() -> list[re.Pattern[str]]:
    patterns = [re.compile(p, flags) for p in TRICKY for flags in (0, re.IGNORECASE)]
    patterns += [c.regex for lang in ("en", "de", "ru") for c in load_cues(lang)]
    patterns += [p.regex for p in mentions._target_patterns()]
    patterns += [rx for _, rx in mentions._speaker_patterns()]
    return patterns


@given(text=TEXTS, data=st.data())
def test_guarded_finds_the_same_matches(text, data):
    pattern = data.draw(st.sampled_from(_all_patterns()))
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    assert _spans(guarded(pattern).finditer(text, pos, endpos)) == _spans(pattern.finditer(text, pos, endpos))


@pytest.mark.parametrize("source", [r"\w*", "a?", r"(?i:a)b"])
def test_unprovable_patterns_stay_unguarded(source):
    pattern = re.compile(source)
    assert guarded(pattern) is pattern


def test_shipped_patterns_are_guarded():
    for pattern in _all_patterns()[2 * len(TRICKY) :]:
        assert guarded(pattern) is not pattern, pattern.pattern


def _regex_groups() -> list[list[re.Pattern[str]]]:
    """Regexes scanned together: the shipped targets, speakers and cues, and tricky ones."""
    groups = [[p.regex for p in mentions._target_patterns()], [rx for _, rx in mentions._speaker_patterns()]]
    groups += [[c.regex for c in load_cues(lang)] for lang in ("en", "de", "ru")]
    provable = [p for p in TRICKY[:7] if not p.startswith("[^")]  # a negated first class is not supported
    groups += [[re.compile(p, flags) for p in provable] for flags in (0, re.IGNORECASE)]
    return groups


@given(text=TEXTS, data=st.data())
def test_match_starts_are_where_some_regex_matches(text, data):
    regexes = data.draw(st.sampled_from(_regex_groups()))
    starts = match_starts(regexes)
    assert starts is not None
    expected = [at for at in range(len(text) + 1) if any(r.match(text, at) for r in regexes)]
    assert [m.start() for m in starts.finditer(text)] == expected


@pytest.mark.parametrize(
    "sources",
    [
        [r"\w*", "a"],  # can match the empty string
        [r"[^a]b"],  # a negated first class
        [r"(a)\1"],  # a group: its number would change in the alternation
        ["(?i)a", "b"],  # inline global flags: not allowed inside the alternation
    ],
)
def test_match_starts_without_a_safe_pattern(sources):
    assert match_starts([re.compile(s) for s in sources]) is None


def test_match_starts_of_regexes_with_different_flags():
    assert match_starts([re.compile("a"), re.compile("b", re.IGNORECASE)]) is None


def _scanner_case(text: str, data, kinds: list[str]) -> tuple[list[re.Pattern[str]], int, int, list]:
    """Cue regexes of a drawn kind, a drawn (pos, endpos) window, and what one combined
    alternation of the regexes finds there: (index of the regex, span) per match."""
    kind = data.draw(st.sampled_from(kinds))
    if kind == "tricky":
        regexes = [re.compile(p, re.IGNORECASE) for p in TRICKY[:7]]
    elif kind == "unprovable":  # neither stems nor a guard: a stem scanner falls back
        regexes = [re.compile(p, re.IGNORECASE) for p in (r"\bally\b", r"\w*s")]
    else:
        regexes = [c.regex for c in load_cues(kind) if c.kind != "slot"]
    combined = re.compile("|".join(f"(?P<a{i}>{r.pattern})" for i, r in enumerate(regexes)), re.IGNORECASE)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    expected = [(int(m.lastgroup[1:]), m.span()) for m in combined.finditer(text, pos, endpos)]
    return regexes, pos, endpos, expected


@given(text=TEXTS, data=st.data())
def test_alternation_scanner_matches_the_combined_regex(text, data):
    regexes, pos, endpos, expected = _scanner_case(text, data, ["en", "de", "ru", "tricky"])
    found = [(i, m.span()) for i, m in AlternationScanner(regexes).finditer(text, pos, endpos)]
    assert found == expected


@given(text=TEXTS, data=st.data())
def test_matches_at_stem_index_places_equal_the_combined_regex(text, data):
    regexes, pos, endpos, expected = _scanner_case(text, data, ["en", "de", "ru", "tricky", "unprovable"])
    index = StemIndex(regexes)
    if not index.ok:  # neither stems nor a guard for some regex: the alternation scanner serves
        assert r"\w*s" in [r.pattern for r in regexes]  # only the unprovable set needs it
        found = AlternationScanner(regexes).finditer(text, pos, endpos)
    else:
        found = matches_at_places(regexes, text, index.places(text), pos, endpos)
    assert [(i, m.span()) for i, m in found] == expected


def test_stem_index_places_stems_and_guards():
    regexes = [re.compile(p, re.IGNORECASE) for p in (r"\bwar\b|\bwarn\w*", r"-occupied\b", r"\b\w+ist\b")]
    index = StemIndex(regexes)
    # 'war' at word starts (0 in 'Warnings', 12), '-occupied' anywhere (19), and the third
    # regex (no stem) wherever its guard allows: at word starts.
    assert index.places("Warnings of war in -occupied land") == (
        (0, 0),
        (0, 2),
        (9, 2),
        (12, 0),
        (12, 2),
        (16, 2),
        (19, 1),
        (20, 2),
        (29, 2),
    )
    assert not StemIndex([re.compile(r"\w*")]).ok


# Pieces of slot cues, mentions and fillers: texts of them match slot cues often.
SLOT_PIECES = ["cooperation with", "in association with", "is a reliable partner", "the behaviour of", "amid"]
SLOT_PIECES += ["at our borders", "no one is closer to us than", "threat from", "sides with", "without", "support"]
SLOT_PIECES += ["warnt", "vorgeworfen", "warf", "fordert", "auf", "сотрудничество с", "обвинил", "’s", "'s"]
SLOT_PIECES += ["NATO", "Russia", "Russland", "НАТО", "⟦T⟧", "the", "and", "Wİth", "ſide", "Ä"]
SLOT_TEXTS = st.lists(st.sampled_from(SLOT_PIECES), max_size=12).flatmap(
    lambda words: st.lists(st.sampled_from([" ", " ", ", ", "-"]), min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True))
    )
)


def _index_cases() -> list[list[re.Pattern[str]]]:
    cases = [[re.compile(p, flags) for p in TRICKY[:7]] for flags in (0, re.IGNORECASE)]
    cases += [[re.compile(p, re.IGNORECASE)] for p in TRICKY[:7]]
    cases += [[c.regex for c in load_cues(lang) if c.kind != "slot"] for lang in ("en", "de", "ru")]
    return cases


@given(text=st.one_of(TEXTS, SLOT_TEXTS), case=st.sampled_from(_index_cases()))
def test_stem_index_places_hold_every_match_in_order_once(text, case):
    index = StemIndex(case)
    if not index.ok:
        return
    places = index.places(text)
    assert list(places) == sorted(set(places))  # in order, none twice
    starts = {(at, i) for i, regex in enumerate(case) for at in range(len(text) + 1) if regex.match(text, at)}
    assert starts <= set(places)


def test_a_stem_after_a_word_boundary_in_its_branch_counts_at_word_starts_only():
    # 'aggress' can only begin a match at a word boundary, '-occupied' anywhere: one find for
    # '-occupied', and 'aggress' in the scan of word starts ('Aggressive' in 'nonaggressive' is none).
    index = StemIndex([re.compile(r"\baggress(?:ion|ive)\b|-occupied\b", re.IGNORECASE)])
    assert index._anywhere == ((b"-occupied", (0,)),)
    assert index.places("nonaggressive Aggression, Russia-occupied") == ((14, 0), (32, 0))
    # A loose start that admits the stem's first letter keeps it out of the word scan.
    assert StemIndex([re.compile(r"\bkey|(?<=x)kelvin", re.IGNORECASE)])._anywhere == (
        (b"kelvin", (0,)),
        (b"key", (0,)),
    )
    # The Kelvin sign folds to 'k' (and IGNORECASE matches it to 'k'): so does a start of it.
    kelvin = {(False, r"\U0000212a"), (True, "a")}
    assert not regex_scan._begins_words(kelvin, re.IGNORECASE, ord("k"))
    assert regex_scan._begins_words(kelvin, 0, ord("k"))
    assert regex_scan._begins_words(kelvin, re.IGNORECASE, ord("a"))


@given(
    before=st.one_of(TEXTS, SLOT_TEXTS),
    mention=st.sampled_from(["NATO", "Russland", "НАТО", "⟦T⟧", ""]),
    after=st.one_of(TEXTS, SLOT_TEXTS),
)
def test_slot_hits_around_a_mention_equal_the_full_scan(before, mention, after):
    text = before + mention + after
    span = (len(before), len(before) + len(mention))
    marked = before + SLOT + after
    for lang in ("en", "de", "ru"):
        expected = [(h.cue.note, h.start, h.end, h.text) for h in lexicon._slot_hits(marked, mention, lang)]
        found = lexicon._slot_hits_around(text, span, lang)
        assert [(h.cue.note, h.start, h.end, h.text) for h in found] == expected


@given(text=st.one_of(TEXTS, SLOT_TEXTS), data=st.data())
def test_chunk_hits_from_the_sentence_scan_equal_the_combined_regex(text, data):
    # `_sentence_scan` finds the places of the word cues in the same scan as those of the
    # slot cues; a chunk's hits must be what one alternation of the word cues finds there.
    lang = data.draw(st.sampled_from(["en", "de", "ru"]))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cues = [c for c in load_cues(lang) if c.kind != "slot"]
    combined = re.compile("|".join(f"(?P<a{i}>{c.regex.pattern})" for i, c in enumerate(cues)), re.IGNORECASE)
    expected = [(cues[int(m.lastgroup[1:])].note, m.span()) for m in combined.finditer(text, start, end)]
    found = lexicon._chunk_hits(text, lang, start, end)
    assert [(h.cue.note, (h.start, h.end)) for h in found] == expected
    may_hold = any(cues[int(m.lastgroup[1:])].kind == "word" for m in combined.finditer(text))
    assert lexicon._sentence_scan(text, lang).may_hold_word_cues or not may_hold


@given(text=TEXTS)
def test_target_matches_equal_each_pattern_run_on_its_own(text):
    patterns = mentions._target_patterns()
    expected = sorted(
        ((m.start(), i, m.end()) for i, p in enumerate(patterns) for m in p.regex.finditer(text)),
        key=lambda t: t[:2],
    )
    found = [(m.start, m.end, m.target, m.form) for m in mentions._pattern_matches(text)]
    assert found == [(s, e, patterns[i].target, patterns[i].form) for s, i, e in expected]


@given(text=TEXTS)
def test_known_speakers_equal_each_pattern_run_on_its_own(text):
    expected = [(m.start(), m.end(), name) for name, rx in mentions._speaker_patterns() for m in rx.finditer(text)]
    assert sorted(mentions._known_speakers(text)) == sorted(expected)


def test_start_index_without_a_provable_start_is_not_used():
    assert not StartIndex([r"\w*", "a"], 0).ok


@given(text=TEXTS)
def test_slot_hits_equal_every_slot_cue_run_on_its_own(text):
    marked = text + " " + SLOT + " " + text
    for lang in ("en", "de", "ru"):
        expected = [
            (c.note, m.span())
            for c in load_cues(lang)
            if c.kind == "slot"
            for m in c.regex.finditer(marked)
            if SLOT in m.group(0)
        ]
        assert [(h.cue.note, (h.start, h.end)) for h in lexicon._slot_hits(marked, "X", lang)] == expected


def test_trie_pattern_matches_the_longest_literal():
    trie = trie_pattern(["who", "whose", "wo", "a.b"])
    assert trie == r"(?:w(?:ho(?:se)?|o)|a\.b)"
    assert [m.group() for m in re.finditer(trie, "whose who wo a.b axb")] == ["whose", "who", "wo", "a.b"]


BREAK_WORDS = ["but", "BUT", "Whose", "who", "whoever", "während", "WÄHREND", "когда", "Когда", "Kelvin"]
BREAK_TEXTS = st.lists(st.sampled_from(BREAK_WORDS), max_size=12).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", ", ", " - ", "-", "ä", "“"]), min_size=len(words), max_size=len(words)
    ).map(lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True)))
)


@given(text=st.one_of(TEXTS, BREAK_TEXTS))
def test_chunk_breaks_equal_the_plain_alternation(text):
    words = "|".join(lexicon._BREAK_WORDS.split())
    plain = re.compile(rf"{lexicon._BREAK_MARKS}|\b(?:{words})\b", re.IGNORECASE)
    assert lexicon._chunk_breaks(text) == tuple(m.span() for m in plain.finditer(text))


@given(text=TEXTS, data=st.data())
def test_words_between_counts_the_words_of_the_slice(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    lo, hi = min(a, b), max(a, b)
    assert lexicon._words_between(text, a, b) == len(re.findall(r"\w+", text[lo:hi]))

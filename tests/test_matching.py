"""`framing.matching` finds what `re` finds: each pattern's own `finditer`, and `finditer` of
their alternation, on seeded random texts, on the seeds, and for every pattern list shipped."""

import random
import re

import pytest

from framing.matching import PatternSet, literal_stems, required_literals
from framing.resources import read_table
from framing.stance.lexicon import SLOT

#: (resource, flags) of every pattern list that is matched with a PatternSet.
PATTERN_LISTS = [
    ("targets.csv", 0),
    ("speakers.csv", 0),
    ("agencies.csv", 0),
    ("frames_en.csv", re.IGNORECASE),
    ("frames_de.csv", re.IGNORECASE),
    ("frames_ru.csv", re.IGNORECASE),
    ("stance_en.csv", re.IGNORECASE),
    ("stance_de.csv", re.IGNORECASE),
    ("stance_ru.csv", re.IGNORECASE),
]
#: Characters that IGNORECASE matches to a letter other than their lower case, dotted and
#: dotless i, final sigma, sharp s, and punctuation that patterns hold.
ODD_CHARACTERS = "ſKİıᲀᲂᲃᲅΣσςßẞÄäÖÜ’'-. ,\n"


def _patterns(name: str) -> list[str]:
    return [row["pattern"].replace("{T}", re.escape(SLOT)) for row in read_table(name)]


def _words(patterns: list[str]) -> list[str]:
    """Words and pieces of words from the patterns, and their upper-case forms."""
    pieces = set()
    for pattern in patterns:
        for piece in re.findall(r"[^\W\d_]{2,}", pattern.replace("\\b", " ")):
            pieces |= {piece, piece.upper(), piece.capitalize(), piece[:-1], piece + "s"}
    return [*sorted(pieces), SLOT]


def random_text(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(1, 30)):
        roll = rng.random()
        if roll < 0.6:
            parts.append(rng.choice(words))
        elif roll < 0.8:
            parts.append(rng.choice(ODD_CHARACTERS))
        else:
            parts.append("".join(rng.choice(words)[:3] for _ in range(2)))
        parts.append(rng.choice(["", " ", " ", ", ", "-", " the "]))
    return "".join(parts)


def by_re_each(patterns: list[str], flags: int, text: str) -> list[tuple[int, int, int]]:
    """Each pattern's own non-empty `finditer` matches, by start, then pattern index."""
    found = [
        (m.start(), m.end(), i)
        for i, pattern in enumerate(patterns)
        for m in re.finditer(pattern, text, flags)
        if m.end() > m.start()
    ]
    return sorted(found, key=lambda hit: (hit[0], hit[2]))


def by_re_first(patterns: list[str], flags: int, text: str, pos: int, endpos: int) -> list[tuple[int, int, int]]:
    """`finditer` of the alternation, with the index of the pattern that matched."""
    alternation = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)), flags)
    return [(m.start(), m.end(), int(m.lastgroup[1:])) for m in alternation.finditer(text, pos, endpos)]


def seed_texts() -> list[str]:
    from framing.paths import RAW_DIR

    return [path.read_text(encoding="utf-8") for path in sorted(RAW_DIR.glob("*.txt"))]


@pytest.mark.parametrize(("name", "flags"), PATTERN_LISTS)
def test_each_finds_what_each_patterns_finditer_finds(name, flags):
    patterns = _patterns(name)
    matcher = PatternSet(patterns, flags)
    rng = random.Random(name)
    words = _words(patterns)
    texts = [random_text(rng, words) for _ in range(400)] + seed_texts()
    found_any = 0
    for text in texts:
        expected = by_re_each(patterns, flags, text)
        assert [tuple(hit) for hit in matcher.each(text)] == expected, text
        found_any += bool(expected)
    assert found_any > 100  # the texts do hold matches


@pytest.mark.parametrize(("name", "flags"), PATTERN_LISTS)
def test_first_finds_what_the_alternations_finditer_finds(name, flags):
    patterns = _patterns(name)
    if any(re.compile(p).groupindex for p in patterns):
        pytest.skip("named groups")
    matcher = PatternSet(patterns, flags)
    rng = random.Random(name + "first")
    words = _words(patterns)
    for _ in range(400):
        text = random_text(rng, words)
        pos = rng.randint(0, len(text))
        endpos = rng.randint(pos, len(text))
        assert [tuple(hit) for hit in matcher.first(text, pos, endpos)] == by_re_first(
            patterns, flags, text, pos, endpos
        ), (text, pos, endpos)


@pytest.mark.parametrize(
    ("pattern", "flags", "stems"),
    [
        # Optional parts give a stem with and one without them.
        (r"\bpartners?(?:hip)?\b", re.IGNORECASE, ("partner", "partnerhip", "partners", "partnership")),
        (r"\bdefen[cs]e\b", re.IGNORECASE, ("defence", "defense")),
        (
            r"\b(?:strategic )?all(?:y|ies)\b|\ballied\b",
            re.IGNORECASE,
            ("allied", "allies", "ally", "strategic allies", "strategic ally"),
        ),
        (
            r"\b[Tt]he (?:Western )?[Aa]lliance\b",
            0,
            (
                "The Alliance",
                "The Western Alliance",
                "The Western alliance",
                "The alliance",
                "the Alliance",
                "the Western Alliance",
                "the Western alliance",
                "the alliance",
            ),
        ),
        (r"(?<!ITAR-)\bTASS\b", 0, ("TASS",)),
        (r"(?-i:\bU\.S\.|\bUS\b)", re.IGNORECASE, ("u.s.", "us")),
        (r"\bRussia['’]s\b", 0, ("Russia's", "Russia’s")),
        (r"\bhonou?r\b", re.IGNORECASE, ("honor", "honour")),
        # A lookahead that ends the pattern: what it sees follows the stem.
        (r"\bBelarus\b(?= (?:says|warned))\b", 0, ("Belarus says", "Belarus warned")),
        (r"\bBelarus(?=\s)", 0, ("Belarus",)),
        (r"(?:a(?=b))b", 0, ("ab",)),
        # A stem ends where the reader stops: a class of words, a repeat, a count.
        (r"\b[Рр]оссийск\w*", 0, ("Российск", "российск")),
        (r"\bNato[a-z]{3,}", 0, ("Nato",)),
        (r"\bNato-+[A-Z]", 0, ("Nato-",)),
        (r"\bgo(?:es)* on", 0, ("go",)),
        (r"\b(?:NATO|Nato)-[A-Z]\w+|\bNato\w{3,}", 0, ("NATO-", "Nato", "Nato-")),
        # No stem can be read: the pattern is found by the alternation.
        (r"\b\w+ said\b", 0, None),
        (r"\b(?i:nato)\b", 0, None),
        (r"\b(?:a|\d)x", 0, None),
        (r"\b(?:ab)*c", 0, None),
        (r"(?P<name>x)y", 0, None),
        (r"\b[A-Z]\.", 0, None),
        (r"(?i)nato", 0, None),
    ],
)
def test_literal_stems(pattern, flags, stems):
    assert literal_stems(pattern, flags) == stems


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        # The longest literal that the match cannot do without, not only at its start.
        (r"\b(?:[Tt]he )?([A-Z][a-z]+(?:ian|ish)) Foreign Ministry\b", (" Foreign Ministry",)),
        (r"\b[A-Z]\w+ (?:Defen[cs]e|Defense) Ministry\b", None),  # '\w+' is not read past
        (r"x(?:abc)+y", ("abc",)),
        (r"ab|cd?e", ("ab", "c")),  # one per alternative
        # Optional units, options and lookarounds require nothing.
        (r"(?:abc)?", None),
        (r"[ab]c?", None),
        (r"(?=abc)a", ("a",)),
        (r"foo|\w+", None),
    ],
)
def test_required_literals(pattern, literals):
    assert required_literals(pattern) == literals


@pytest.mark.parametrize(
    ("patterns", "flags", "text", "each"),
    [
        # Both patterns match at the same place: both are found.
        ([r"\bRussian Federation\b", r"\bRussians?\b"], 0, "the Russian Federation", [(4, 22, 0), (4, 11, 1)]),
        # A pattern's next match may begin inside another pattern's match.
        ([r"\bNATO summit\b", r"\bsummit\b"], 0, "a NATO summit", [(2, 13, 0), (7, 13, 1)]),
        # IGNORECASE matches 'ſ' to 's' and the Kelvin sign to 'k': so do the stems.
        ([r"\bsanctions\b", r"\bkremlin\b"], re.IGNORECASE, "ſanctions and \u212aremlin", [(0, 9, 0), (14, 21, 1)]),
        # Dotted capital I lower-cases to two characters: the text is searched without stems.
        ([r"\bistanbul\b"], re.IGNORECASE, "İstanbul istanbul", [(0, 8, 0), (9, 17, 0)]),
        # Patterns that cannot be joined into one alternation (named groups, global flags).
        ([r"(?P<x>Nato)\b", r"(?i)russia"], 0, "Nato RUSSIA", [(0, 4, 0), (5, 11, 1)]),
    ],
)
def test_each_on_named_cases(patterns, flags, text, each):
    assert [tuple(hit) for hit in PatternSet(patterns, flags).each(text)] == each
    assert by_re_each(patterns, flags, text) == each


def test_first_lets_the_first_pattern_win_where_two_match():
    matcher = PatternSet([r"\bRussians?\b", r"\bRussian Federation\b"])
    assert [tuple(hit) for hit in matcher.first("the Russian Federation")] == [(4, 11, 0)]
    assert matcher.search("Russian") and not matcher.search("Prussia")


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A pattern of the units the stem reader knows, and some it does not."""
    units = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.35:
            unit = rng.choice(["a", "b", "ab", "ba", "A", "ſ", "k", "\\-", " "])
        elif roll < 0.45:
            unit = rng.choice(["[ab]", "[Aa]", "[a-c]", "\\w", "."])
        elif roll < 0.6 and depth < 2:
            unit = "(?:" + "|".join(_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ")"
        elif roll < 0.7:
            unit = rng.choice(["\\b", "(?<!b)", "(?=a)", "^"])
        else:
            unit = rng.choice(["a", "b", "k"])
        if rng.random() < 0.3 and not unit.startswith(("\\b", "(?<", "(?=", "^")):
            unit += rng.choice(["?", "*", "+", "{1,2}", "??"])
        units.append(unit)
    return "".join(units)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_random_patterns_match_as_re_does(flags):
    rng = random.Random(flags)
    checked = with_stems = 0
    for _ in range(300):
        patterns = [_random_pattern(rng) for _ in range(rng.randint(1, 4))]
        matcher = PatternSet(patterns, flags)
        with_stems += any(literal_stems(p, flags) for p in patterns)
        required = {p: required_literals(p, flags) for p in patterns}
        for _ in range(20):
            text = "".join(rng.choice("abAB ſK-k") for _ in range(rng.randint(0, 20)))
            if any(m.start() == m.end() for p in patterns for m in re.finditer(p, text, flags)):
                continue  # empty matches are not supported
            assert [tuple(hit) for hit in matcher.each(text)] == by_re_each(patterns, flags, text), (patterns, text)
            for pattern, literals in required.items():
                for m in re.finditer(pattern, text, flags) if literals else ():
                    assert any(re.search(re.escape(literal), m.group(), flags) for literal in literals), (pattern, m)
            checked += 1
    assert checked > 2000 and with_stems > 150


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_a_group_of_a_joined_set_finds_what_its_own_set_finds(flags):
    """Two pattern lists joined in one set: each list reads from one scan what a set of its
    own finds (each pattern's `finditer`, and `finditer` of the list's alternation)."""
    first_list = _patterns("targets.csv")
    second_list = [r"\b(?:the|our)\b", r"\bRuss\w*", r"(?<=, )so\b", r"\bNATO\b"]
    joined = PatternSet(first_list + second_list, flags)
    groups = (range(len(first_list)), range(len(first_list), len(first_list) + len(second_list)))
    rng = random.Random(f"groups{flags}")
    words = _words(first_list + second_list)
    for _ in range(300):
        text = random_text(rng, words)
        scan = joined.scan(text)
        for patterns, group in zip((first_list, second_list), groups, strict=True):
            shift = group.start
            assert [(h.start, h.end, h.pattern - shift) for h in scan.each(group)] == by_re_each(patterns, flags, text)
            assert [(h.start, h.end, h.pattern - shift) for h in scan.first(group)] == by_re_first(
                patterns, flags, text, 0, len(text)
            )


def test_the_mention_stage_patterns_have_stems_the_automaton_finds():
    """A pattern without literal stems is tried at every place of every sentence (one long
    alternation of descriptors did that, and cost several per cent of the run): only the two
    ministry patterns that open with a country's adjective ('The Finnish Defence Ministry')
    are allowed none."""
    from framing.mentions.patterns import case_sensitive, ignoring_case

    stemless = [
        regex.pattern
        for patterns in (case_sensitive()[0], ignoring_case()[0])
        for regex in patterns.regexes
        if not literal_stems(regex.pattern, patterns.flags, regex)
    ]
    assert len(stemless) == 2 and all("Ministry" in pattern for pattern in stemless), stemless

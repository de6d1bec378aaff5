"""Cue words on lemmas, and the role the target plays for each cue.

Data, one pair of files per language in `framing/resources/stance/`:
- `cues_<lang>.csv` (lemma, kind, weight, compound, source): hostile acts, threat words,
  negative and positive evaluations, accusations, concern, protection and peace words,
  plus the negators, hedges and speech verbs that modify them;
- `roles_<lang>.csv` (kind, lemma, source): the words between a cue and the target that
  decide the target's role (patient: 'threat *to* Russia', actor: 'aggression *of* NATO',
  topic: 'concern *about* NATO'), passive auxiliaries, and the other actors that compete
  with the target for a cue ('Ukraine', 'the West').

`read_mention` turns one mention into a `Reading`: every cue near the target with the role
read for it, negation, hedges, whether the target speaks, and the target's form. Engines
turn readings into labels (`framing.stance.linear`).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from itertools import accumulate, repeat
from operator import contains
from typing import NamedTuple

import ahocorasick

from framing.lemmas import LANGUAGES, CueEntry, CueIndex, Token, lemma, lemma_table, lemmas_of, split_words
from framing.resources import read_rows, warn_skipped

RESOURCE_DIR = "stance"
CUE_KINDS = ("hostile", "threat", "negative", "accuse", "concern", "positive", "protect", "peace")
#: Cue kinds that speak against whoever does them; the rest speak for them.
NEGATIVE_KINDS = frozenset({"hostile", "threat", "negative", "accuse", "concern"})
#: negator: before a cue ('not an aggressor'); nobody: a negative object right after it
#: ('threatens nobody', 'bedroht niemanden'); hedge; speech (a reporting verb); name: a
#: fixed name that holds a cue word but is no act of anyone's ('the Cold War', 'Weltkrieg').
MODIFIER_KINDS = ("negator", "nobody", "hedge", "speech", "name")
#: Kinds of role words: what a preposition makes the target (patient, actor, agent, topic,
#: partner), the target's reaction verbs, passive auxiliaries, other actors, place words,
#: nouns a target only holds ('the Russian border', 'der Nato-Gipfel': no actor), voices.
ROLE_KINDS = (
    *("patient", "actor", "agent", "topic", "partner", "beneficiary"),
    *("reaction", "passive", "other", "place", "holding", "voice_russia", "voice_west"),
)
COMPOUND_MODES = ("word", "head", "any", "gap")
REACH = 12  # tokens between cue and target at most
NEGATION_REACH = 3  # tokens before a cue
CONTEXT_TOKENS = REACH + 4  # words read on each side of the target
_BREAK = re.compile(r"[,;:()\[\]“”\"«»„]|\s[–—-]\s|[.!?]\s")
_HEADLINE_QUOTE = re.compile(r"^[\w.\- ]{2,40}:\s")
_SCARE_QUOTE = re.compile(r"[«“\"„'][\w\-]+(?: [\w\-]+){0,2}[»”\"“']")
_PLACE = re.compile(r"(?:^|\s)(?:in|im|aus|nach|в|во|из|to|from|at)\s(?:den\s|the\s)?$", re.IGNORECASE)
_QUOTES = "\"“”«»„'‘’"
_ADJECTIVE = re.compile(r"^(?:russian|russisch|russe|российск|русск|натовск|nato-|nato's)", re.IGNORECASE)
_METONYM = re.compile(r"^(?:the )?(?:alliance|moscow|kremlin|bündnis|allianz|moskau|kreml|альянс|москв|кремл)", re.I)
_TITLE_WORDS = re.compile(
    r"(?:secretary|minister|ministry|spokes|chief|general|envoy|ambassador|president|commander|sprecher|"
    r"generalsekretär|minister|botschafter|chef|пресс-секретар|министр|посол|генсек|генеральн|представител|мид)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CueHit:
    lemma: str
    kind: str
    weight: float
    role: str  # actor | patient | topic | object | speaker_content
    negated: bool
    same_clause: bool
    hedged: bool
    distance: int
    source: str
    position: int  # token index of the cue
    negator: str = ""  # the word that negates it ('not', 'kein'), for evidence
    hedge: str = ""  # a hedge word of its clause ('could', 'angeblich'), for evidence
    agent: bool = False  # the target is the doer named by an agent phrase ('intimidated by Russia')


@dataclass
class Reading:
    """What the cue reader saw around one mention."""

    lang: str
    target: str
    surface: str
    hits: list[CueHit] = field(default_factory=list)
    hedged: bool = False
    target_speaks: bool = False
    form: str = "name"  # name | adjective | metonym | compound | title
    in_quotes: bool = False
    reported: bool = False  # someone else's speech verb in the sentence ('said Lavrov')
    headline_quote: bool = False  # 'Lavrov: NATO is preparing for war'
    scare_quote: bool = False  # a short quoted phrase next to the target ('the «peaceful» alliance')
    voices: tuple[str, ...] = ()  # sides whose people or bodies are named in the sentence (russia, west)
    unreadable: str = ""  # why the mention could not be read (empty: it could)


@dataclass(frozen=True)
class CueData:
    index: CueIndex
    roles: dict[str, frozenset[str]]
    problems: tuple[str, ...]
    voices: dict[str, re.Pattern[str]]  # side -> names of people and bodies speaking for it
    lang: str = "en"


def resource_rows(name: str) -> tuple[list[dict[str, str]], list[str]]:
    """Rows of one resource file; rows that are malformed are left out and named."""
    try:
        text = files("framing.resources").joinpath(RESOURCE_DIR, name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{name}: unreadable ({exc.__class__.__name__})"]
    return read_rows(name, text, ())


def parse_cues(rows: list[dict[str, str]], name: str) -> tuple[list[CueEntry], list[str]]:
    entries, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            weight = float(row["weight"])
        except (KeyError, ValueError):
            problems.append(f"{name}, line {number}: weight is not a number")
            continue
        kind, compound, lemma = row.get("kind", ""), row.get("compound", "word") or "word", row.get("lemma", "")
        if kind not in CUE_KINDS + MODIFIER_KINDS or compound not in COMPOUND_MODES or not lemma:
            problems.append(f"{name}, line {number}: unknown kind '{kind}' or compound '{compound}', or no lemma")
            continue
        if not row.get("source"):
            problems.append(f"{name}, line {number}: no source")
            continue
        entries.append(CueEntry(tuple(lemma.casefold().split()), kind, weight, compound, row["source"]))
    return entries, problems


@functools.cache
def cue_data(lang: str) -> CueData:
    """The cues and role words of one language, read once per process."""
    cue_rows, problems = resource_rows(f"cues_{lang}.csv")
    entries, more = parse_cues(cue_rows, f"cues_{lang}.csv")
    role_rows, role_problems = resource_rows(f"roles_{lang}.csv")
    roles: dict[str, set[str]] = {kind: set() for kind in ROLE_KINDS}
    for row in role_rows:
        if row.get("kind") in roles and row.get("lemma"):
            roles[row["kind"]].add(row["lemma"].casefold())
        else:
            role_problems.append(f"roles_{lang}.csv: a row without a known kind or lemma")
    frozen = {kind: frozenset(words) for kind, words in roles.items()}
    voices = {
        side: re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, frozen[f"voice_{side}"]))) + r")\w*", re.I)
        for side in ("russia", "west")
        if frozen[f"voice_{side}"]
    }
    warn_skipped("stance cues", problems + more + role_problems)
    return CueData(CueIndex(entries), frozen, tuple(problems + more + role_problems), voices, lang)


def _target_form(text: str, start: int, end: int) -> str:
    """The form of the mention text[start:end], from it and the words right around it."""
    return _form_of(text[start:end], _first_words(text, end, 3), _last_words(text, start, 2))


# Memoised: the same mention and words around it recur (a name and its usual neighbours).
@functools.lru_cache(maxsize=4096)
def _form_of(surface: str, after: str, before: str) -> str:
    """The form of a mention `surface` with the first words `after` it and the last words
    `before` it (within its clause)."""
    folded = surface.casefold()
    if _holds_title(folded) or _holds_title(after) or _titled_by(before):
        return "title"  # 'NATO Secretary General', 'the secretary general of NATO', 'генсек НАТО'
    if "-" in surface and not folded.endswith("-"):
        return "compound"
    if _ADJECTIVE.match(folded):
        return "adjective"
    if _METONYM.match(folded):
        return "metonym"
    return "name"


_PUNCTUATION = re.compile(r"[,;:.!?()\[\]“”\"«»„]")
#: Words between a title and the target it names ('the secretary general of NATO').
_TITLE_LINKS = frozenset({"of", "the", "der", "des", "von"})


def _holds_title(words: str) -> bool:
    """Whether a title word occurs in `words` (no title word holds a space: each word is
    looked up alone, and words recur)."""
    return any(map(_is_title_word, words.split()))


@functools.lru_cache(maxsize=65_536)
def _is_title_word(word: str) -> bool:
    return _TITLE_WORDS.search(word) is not None


def _titled_by(before: str) -> bool:
    """Whether the words `before` the target end in a title of it: the last word ('генсек
    НАТО'), or the one before a linking word ('Generalsekretär der Nato'); not a title
    that a verb separates from it ('defense chief says NATO drills ...')."""
    words = before.split()
    if words and _is_title_word(words[-1]):
        return True
    return len(words) > 1 and words[-1].casefold() in _TITLE_LINKS and _is_title_word(words[-2])


def _first_words(text: str, pos: int, n: int) -> str:
    """The first `n` words of text[pos:] before any punctuation: a title counts only right
    after the target ('NATO Secretary General'), not across a comma (', the minister said')."""
    mark = _PUNCTUATION.search(text, pos)
    head = text[pos : mark.start()] if mark else text[pos:]
    return " ".join(head.split(maxsplit=n)[:n])


def _last_words(text: str, endpos: int, n: int) -> str:
    """The last `n` words of text[:endpos] after its last punctuation mark."""
    after_mark = 0
    for lo in (max(0, endpos - 200), 0):  # the last mark is usually near: look there first
        mark = _PUNCTUATION.search(text[lo:endpos][::-1])  # the last mark, read backwards
        if mark is not None:
            after_mark = endpos - mark.start()
            break
        if lo == 0:
            break
    return " ".join(text[after_mark:endpos].rsplit(maxsplit=n)[-n:])


def read_mention(text: str, target: str, span: tuple[int, int] | None, lang: str, *, context: bool = True) -> Reading:
    """Every cue near the mention `span` of `target` in `text`, each with the target's role;
    with `context`, also the sentence's voices, headline form and scare quotes (features of
    the linear engine that the lexicon engine does not use), and the target's form always
    (without, only where a cue was found: the lexicon engine reads it only then)."""
    lang = lang if lang in LANGUAGES else "en"
    if span is None:
        span = _first_mention(text, target)
    start, end = span if span is not None else (-1, -1)
    if not (0 <= start < end <= len(text)):
        return Reading(lang, target, "", unreadable=f"span {span} outside the sentence of {len(text)} characters")
    data = cue_data(lang)
    surface = text[start:end]
    reading = Reading(lang, target, surface)
    if context:
        reading.form = _form(text, start, end)
    if not context and _no_cue_form_near(text, start, end, lang):
        return reading  # not one cue word's form near the mention: nothing more to read
    whole = _sentence(text, lang)
    # the words that overlap the span: those ending after its start and starting before its end
    inside_from, inside_to = bisect_right(whole.ends, start), bisect_left(whole.starts, end)
    if inside_from >= inside_to:
        reading.unreadable = "no word at the span"
        return reading
    # the words within CONTEXT_TOKENS of the mention (so a long sentence costs no more than a short one)
    lo, hi = max(0, inside_from - CONTEXT_TOKENS), inside_to - 1 + CONTEXT_TOKENS + 1
    word_goes_on = whole.ends[inside_to - 1] > end  # the mention's last word goes on past it
    if not context and not word_goes_on and not _cue_outside(whole.act_at, lo, hi, inside_from, inside_to):
        return reading  # no cue word near the mention, nor a compound going on: nothing more to read
    words, lemmas, cues_at = _Window(whole, lo, hi), whole.lemmas[lo:hi], whole.cues
    first, last = inside_from - lo, inside_to - 1 - lo
    near = _cues_near(whole, lo, hi)  # where a cue starts, as an index into `words`
    clause = whole.clauses[lo:hi]
    # an actor named for whom something holds ('für die Nato', 'для России') is no rival for a cue
    others = {
        i - lo
        for i in whole.actors
        if lo <= i < hi and not inside_from <= i < inside_to and not _for_whom(whole.lemmas, i, data)
    }
    reading.in_quotes = context and _quoted(text, start, end)
    modifiers: dict[str, list[int]] = {kind: [] for kind in MODIFIER_KINDS}
    free = 0  # the first word not inside a cue already read
    for i in near:
        if i < free or first <= i <= last:
            continue
        entry, n = cues_at[i + lo]
        if entry.kind in MODIFIER_KINDS:
            modifiers[entry.kind].append(i)
        else:
            hit = _hit(entry, i, n, words, lemmas, first, last, clause, others, data)
            if hit is not None:
                reading.hits.append(hit)
        free = i + n
    compound_hit = _compound_tail_cue(words[last], last, end, lang, data) if word_goes_on else None
    if compound_hit is not None:
        reading.hits.append(compound_hit)
    target_clause = clause[first]
    reading.hedged = any(clause[j] == target_clause for j in modifiers["hedge"])
    reading.target_speaks = any(
        last < j <= last + 3 and clause[j] == target_clause and not any(last < o < j for o in others)
        for j in modifiers["speech"]
    ) or (first <= 1 and text[end : end + 2].startswith(":"))
    reading.reported = bool(modifiers["speech"]) and not reading.target_speaks
    if context:
        rest = text[:start] + " " + text[end:]
        reading.voices = tuple(side for side, names in data.voices.items() if names.search(rest))
        reading.headline_quote = bool(_HEADLINE_QUOTE.match(text)) and start > text.index(":")
        reading.scare_quote = bool(_SCARE_QUOTE.search(text[max(0, start - 40) : end + 40]))
    if not reading.hits:
        return reading
    if not context:
        reading.form = _form(text, start, end)
    negators = modifiers["negator"]
    if negators:
        reading.hits = [_with_negation(h, negators, words, clause, first) for h in reading.hits]
    if nobody := modifiers["nobody"]:
        reading.hits = [_with_negative_object(h, nobody, words, clause) for h in reading.hits]
    if modifiers["hedge"]:
        hedges = {clause[j]: words[j].text for j in reversed(modifiers["hedge"])}
        reading.hits = [
            replace(h, hedged=True, hedge=hedges[clause[h.position]]) if clause[h.position] in hedges else h
            for h in reading.hits
        ]
    if speech := [j for j in modifiers["speech"] if clause[j] == target_clause]:  # ', he stressed,' is not the target's
        reading.hits = [_speaker_content(h, speech, first, last, words) for h in reading.hits]
    reading.hits = _after_own_frame(_without_framing_accusations(reading.hits, first), last, data.roles["reaction"])
    if text[max(0, start - 5) : start].casefold() in ("anti-", "анти-"):
        # 'anti-Russian hysteria': the target is what the hostility is against
        reading.hits = [replace(h, role="opposed") for h in reading.hits]
    elif (head := _held_noun(reading.form, words, first, last, lang, data)) is not None:
        # 'the Russian border', 'der Nato-Gipfel': the target only holds what the sentence is about
        reading.hits = [h if h.position == head else replace(h, role="holder") for h in reading.hits]
    return reading


def _held_noun(form: str, words: Sequence[Token], first: int, last: int, lang: str, data: CueData) -> int | None:
    """The word of a noun the target only holds and that does not act ('the Russian border',
    'der Nato-Gipfel', 'NATO territory'): the word after an adjective or name, or the
    compound the mention opens; None when the target is not read so."""
    holding = data.roles["holding"]
    if form == "compound":  # the head is the compound's last part, in the mention or after it
        head = words[last].text.rsplit("-", 1)[-1]
        return last if lemma(head, lang) in holding or head.casefold() in holding else None
    if form in ("adjective", "name") and last + 1 < len(words) and words[last + 1].lemma in holding:
        return last + 1
    if form in ("name", "metonym") and first > 0 and words[first - 1].lemma in holding and lang != "en":
        return first - 1  # a genitive after its noun: 'саммит НАТО', 'die Grenze Russlands'
    return None


def _without_framing_accusations(hits: list[CueHit], first: int) -> list[CueHit]:
    """An accusation word before the target with another cue in between accuses that cue's
    deed, not the target ('condemned the aggression against a non-NATO state')."""
    before = [h.position for h in hits if h.position < first]
    return [h for h in hits if not (h.kind == "accuse" and any(h.position < p for p in before))]


def _after_own_frame(hits: list[CueHit], last: int, reactions: frozenset[str]) -> list[CueHit]:
    """Cues after a cue that frames the target's own view, fate or answer belong to what it
    frames: after the target's own concern ('Russia is concerned about the expansion') they
    are what it worries about; after a passive that makes it the patient ('Russia was attacked
    by drones') they are the doer's; after its reaction ('Moscow will respond to any aggressive
    steps') they are what it reacts to."""
    frames = []
    for h in hits:
        if h.position <= last:
            continue
        if h.kind == "concern" and h.role == "said":
            frames.append((h.position, "said"))
        elif h.role == "patient":
            frames.append((h.position, "patient"))
        elif h.role == "actor" and h.lemma in reactions:
            frames.append((h.position, "reacting"))
    if not frames:
        return hits
    start, role = min(frames)
    return [replace(h, role=role) if h.position > start and h.role == "actor" else h for h in hits]


NEAR_CHARACTERS = 300  # characters each side: about CONTEXT_TOKENS words of news text


def mention_form(text: str, span: tuple[int, int]) -> str:
    """The form of the mention at `span` (name, adjective, metonym, compound, title, place)."""
    return _form(text, *span)


def _form(text: str, start: int, end: int) -> str:
    """How the mention names its target (name, adjective, metonym, compound, title, place)."""
    form = _target_form(text, start, end)
    if form in ("name", "metonym") and _after_place_word(text[max(0, start - 8) : start]):
        form = "place"  # 'in Moskau', 'в Москве', 'visit to Moscow': a place, usually neutral
    return form


# Memoised: the few characters before a mention recur ('s with ', ' of the ').
@functools.lru_cache(maxsize=4096)
def _after_place_word(before: str) -> bool:
    """Whether `before` (the characters right before a mention) ends in a place word ('in',
    'visit to')."""
    return _PLACE.search(before) is not None


def _cue_outside(at: list[int], lo: int, hi: int, inside_from: int, inside_to: int) -> bool:
    """Whether a word of `at` (sorted) lies in lo..hi-1 but not in inside_from..inside_to-1,
    a stretch inside the first: whether a cue (not only a modifier) starts at a word near the
    mention and outside it."""
    near = bisect_left(at, hi) - bisect_left(at, lo)
    return near > bisect_left(at, inside_to) - bisect_left(at, inside_from)


def _cues_near(whole: _Sentence, lo: int, hi: int) -> list[int]:
    """The words of whole.words[lo:hi] where a cue starts, as indices into that slice."""
    at = whole.cue_at
    return [k - lo for k in at[bisect_left(at, lo) : bisect_left(at, hi)]]


def _no_cue_form_near(text: str, start: int, end: int, lang: str) -> bool:
    """Whether no form of any cue (modifiers aside) occurs, even inside a longer word, within
    NEAR_CHARACTERS of the mention, and the mention's word ends with it: then the mention has
    no cue, and the words need not be split and read. A cheap, conservative test."""
    if end < len(text) and (text[end].isalnum() or text[end] == "-"):
        return False  # 'Nato-Osterweiterung': a cue may follow inside the mention's word
    if start <= NEAR_CHARACTERS and end + NEAR_CHARACTERS >= len(text):  # the window is the whole sentence
        return not _cue_form_in_sentence(text, lang)
    return not _cue_form_in(text[max(0, start - NEAR_CHARACTERS) : end + NEAR_CHARACTERS], lang)


def _cue_form_in(text: str, lang: str) -> bool:
    """Whether a form of a cue (modifiers aside) occurs in `text`, even inside a longer word."""
    folded = text.casefold()
    placed = _at_word_edge if _has_compound_cues(lang) else _whole_word
    return any(placed(folded, last - length + 1, last + 1) for last, length in _cue_forms(lang).iter(folded))


# Memoised: the mentions of a short sentence all read the whole of it.
_cue_form_in_sentence = functools.lru_cache(maxsize=4096)(_cue_form_in)


def _at_word_edge(text: str, start: int, end: int) -> bool:
    # a cue form begins a word ('aggressionskrieg') or ends one ('kriegsdrohung', 'threat')
    return (start == 0 or not text[start - 1].isalnum()) or (end == len(text) or not text[end].isalnum())


def _whole_word(text: str, start: int, end: int) -> bool:
    # without compound cues a cue is a whole word: 'threat' in 'threats' or 'threatening' is
    # no cue form (the lemma table holds the inflected forms), 'threat's' is
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


@functools.cache
def _has_compound_cues(lang: str) -> bool:
    """Whether a cue of `lang` may match inside a compound word (German), not only as a whole word."""
    index = cue_data(lang).index
    return bool(index.heads or index.anywhere)


@functools.cache
def _cue_forms(lang: str) -> ahocorasick.Automaton:
    """Every cue lemma (each word of a multi-word one) and every form the lemma table maps to one."""
    data = cue_data(lang)
    lemmas = {
        word
        for entries in data.index.by_first.values()
        for e in entries
        if e.kind not in MODIFIER_KINDS
        for word in e.lemmas[:1]
    }
    forms = lemmas | {form.casefold() for form, base in lemma_table(lang).items() if base in lemmas}
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, len(form))
    if not forms:
        automaton.add_word("\x00", 1)  # an automaton needs a word
    automaton.make_automaton()
    return automaton


def _compound_tail_cue(word: Token, index: int, mention_end: int, lang: str, data: CueData) -> CueHit | None:
    """'Nato-Osterweiterung', 'НАТО-агрессия': a cue after the target inside its own compound
    word is the target's own act (actor)."""
    if word.end <= mention_end or word.text[mention_end - word.start : mention_end - word.start + 1] != "-":
        return None
    tail = lemma(word.text[mention_end - word.start + 1 :], lang)
    found = data.index.match([tail], 0) if tail else None
    if found is None or found[0].kind in MODIFIER_KINDS:
        return None
    entry = found[0]
    return CueHit(" ".join(entry.lemmas), entry.kind, entry.weight, "actor", False, True, False, 0, entry.source, index)


class _Sentence(NamedTuple):
    """What does not depend on the mention: read once per sentence, shared by its mentions.
    The words are kept as plain lists, not one `Token` each: a sentence's mentions read only
    a few words, and many long-lived small objects slow Python's garbage collector."""

    starts: list[int]  # where each word starts
    ends: list[int]  # where each word ends
    texts: list[str]  # each word as written
    lemmas: list[str]
    cues: list[tuple[CueEntry, int] | None]  # the cue starting at each word, with its length
    actors: list[int]  # words that name another actor
    cue_at: list[int]  # the words where a cue starts, in order
    act_at: list[int]  # the words where a cue that is no modifier starts, in order
    clauses: list[int]  # the clause number of each word


class _Window(Sequence[Token]):
    """Words lo..hi of a sentence, each made a `Token` only when read."""

    def __init__(self, sentence: _Sentence, lo: int, hi: int) -> None:
        self._sentence, self._lo, self._len = sentence, lo, min(hi, len(sentence.texts)) - lo

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, k: int) -> Token:  # type: ignore[override]  # no slices: none is asked for
        if not 0 <= k < self._len:
            raise IndexError(k)
        s, at = self._sentence, self._lo + k
        return Token(s.starts[at], s.ends[at], s.texts[at], s.lemmas[at])


@functools.lru_cache(maxsize=2048)
def _sentence(text: str, lang: str) -> _Sentence:
    data = cue_data(lang)
    starts, ends, texts, gaps = split_words(text)
    lemmas = lemmas_of(texts, lang)
    index, others = data.index, data.roles["other"]
    if index.heads or index.anywhere:  # any word may carry a cue as a compound part
        cues = [index.match(lemmas, i) for i in range(len(lemmas))]
    else:  # most words start no cue: ask the index only about a cue's first lemma
        cues = [None] * len(lemmas)
        if not index.by_first.keys().isdisjoint(lemmas):
            for i, lem in enumerate(lemmas):
                if lem in index.by_first:
                    cues[i] = index.match(lemmas, i)
    if others.isdisjoint(lemmas) and not any(map(contains, lemmas, repeat("-"))):  # most sentences
        actors = []
    else:
        places = data.roles["place"]
        actors = [
            i
            for i, lem in enumerate(lemmas)
            if (lem in others or ("-" in lem and _is_actor(lem, data))) and not _in_place_phrase(texts, i, places)
        ]
    cue_at = [i for i, found in enumerate(cues) if found is not None]
    act_at = [i for i in cue_at if cues[i][0].kind not in MODIFIER_KINDS]  # type: ignore[index]
    return _Sentence(starts, ends, texts, lemmas, cues, actors, cue_at, act_at, _clauses(gaps))


def _first_mention(text: str, target: str) -> tuple[int, int] | None:
    from framing.mentions import find_targets

    for match in find_targets(text):
        if match.target == target:
            return (match.start, match.end)
    return None


#: Words that may stand between a place word and the place ('near the border of Belarus').
_PLACE_FILLERS = frozenset({"the", "its", "our", "their", "der", "die", "den", "dem", "des", "zu", "of", "with"})


def _in_place_phrase(texts: list[str], i: int, places: frozenset[str]) -> bool:
    """Whether word `i` names a place, not an actor: a place word ('near', 'in', 'у',
    'границ') stands before it, at most two filler words between ('near Belarus', 'an der
    Grenze zu Polen', 'у границ Беларуси'). A place cannot take a cue from the target."""
    k = i - 1
    while k >= 0 and i - k <= 3 and texts[k].casefold() in _PLACE_FILLERS:
        k -= 1
    return k >= 0 and texts[k].casefold() in places


def _is_actor(lemma: str, data: CueData) -> bool:
    if lemma in data.roles["other"]:
        return True
    head = lemma.split("-")[0]
    return head != lemma and head in data.roles["other"]


def _clauses(gaps: list[str]) -> list[int]:
    """A clause number per word, given the text before each word and after the last: it
    goes up at a word with a punctuation mark between it and the word before."""
    if len(gaps) < 2:
        return []
    # A mark is made of characters that are no part of a word: it lies in one gap, all of it.
    return list(accumulate([0] + [gap != " " and _breaks_clause(gap) for gap in gaps[1:-1]]))


# Memoised: the text between two words is mostly one of a few (', ', '. ', ' (').
@functools.lru_cache(maxsize=4096)
def _breaks_clause(gap: str) -> bool:
    """Whether the text `gap` between two words holds a punctuation mark that ends a clause."""
    return _BREAK.search(gap) is not None


def _quoted(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return any(q in before for q in _QUOTES) and any(q in after for q in _QUOTES)


def _hit(
    entry: CueEntry,
    i: int,
    n: int,
    words: list[Token],
    lemmas: list[str],
    first: int,
    last: int,
    clause: list[int],
    others: set[int],
    data: CueData,
) -> CueHit | None:
    if i < first:
        distance, between = first - (i + n - 1), range(i + n, first)
    else:
        distance, between = i - last, range(last + 1, i)
    if distance > REACH or (
        others
        and any(j in others for j in (*between, *range(i, i + n)))
        and not (i > first and data.lang == "de" and _german_subject_of_final_verb(words, i, first, clause, others))
    ):
        # another actor stands between, or the cue is part of another actor's compound
        # ('die Nato-Manöver', 'US-Truppen'): the cue is about it
        return None
    if i < first:
        # the role is read from the last words before the target
        role = _role_after_cue([words[j] for j in between[-3:]], data, distance, words[first].text)
        if role == "next" and data.lang == "en" and _english_verb(words, i + n - 1):
            role = "patient"  # 'provoked Moscow', 'to attack Russia': English puts the object after its verb
        if (
            role in ("next", "object")
            and entry.kind != "concern"
            and any(o < i and (i - o <= distance or clause[o] == clause[i] != clause[first]) for o in others)
        ):
            return None  # another actor before the cue, no farther than the target or in the cue's clause, takes it
        # (not a concern: 'Moskau ist besorgt über ...' leaves the target the concern's topic)
        if entry.kind == "concern" and role in ("next", "object"):
            role = "topic"  # 'обеспокоен расширением НАТО', 'worried by NATO drills'
        elif role in ("next", "object", "actor") and entry.kind in NEGATIVE_KINDS and _doer_follows(words, last, data):
            # 'рост угрозы НАТО со стороны Москвы', 'die Bedrohung der Nato durch Russland': the
            # doer is named after the target, which is the one threatened
            role = "patient"
    else:
        role = _role_before_cue([lemmas[j] for j in between[-3:]], words, i, data, words[last].text)
        if entry.kind in NEGATIVE_KINDS and role == "actor" and _for_whom(lemmas, first, data):
            # 'Moskau stellt für die Nato eine Gefahr dar', 'для России это угроза': the
            # target is the one the threat is for
            role = "patient"
        elif entry.kind == "concern":
            role = "said"  # 'Russia is concerned': the target voices the concern
        elif (
            role == "actor"
            and data.lang == "de"
            and entry.kind in NEGATIVE_KINDS
            and _german_object_before_verb(words, i, first, clause, others)
            and not _agent_phrase(words, first, data.roles["agent"])  # 'sich von Moskau nicht erpressen lassen'
        ):
            role = "patient"
    same = clause[i] == clause[first]
    agent = role == "actor" and _agent_phrase(words, first, data.roles["agent"])
    hit = CueHit(" ".join(entry.lemmas), entry.kind, entry.weight, role, False, same, False, distance, entry.source, i)
    return replace(hit, agent=True) if agent else hit


_GERMAN_AGENT_WORDS = frozenset({"von", "vom", "durch"})
#: Articles that may stand between a preposition and the target it governs.
_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des", "the"})


def _doer_follows(words: Sequence[Token], last: int, data: CueData) -> bool:
    """Whether an `agent` word ('by', 'durch', 'со стороны') follows the target's last word,
    right after it or after one word."""
    agent = data.roles["agent"]
    for k in (last + 1, last + 2):
        if k >= len(words):
            return False
        text = words[k].text.casefold()
        if text in agent or (k + 1 < len(words) and f"{text} {words[k + 1].text.casefold()}" in agent):
            return True
    return False


def _for_whom(lemmas: Sequence[str], k: int, data: CueData) -> bool:
    """Whether the word at `k` is governed by a `beneficiary` word of the language ('für
    die Nato', 'для России'), with an article between them or none."""
    benefit = data.roles["beneficiary"]
    if not benefit or k < 1:
        return False
    if lemmas[k - 1] in benefit:
        return True
    return k >= 2 and lemmas[k - 1] in _ARTICLES and lemmas[k - 2] in benefit


def _german_verb_in_clause(word: Token, same_clause: bool) -> bool:
    """Whether a German cue word reads as a verb of the target's clause: lower case (German
    capitalises nouns) with a verb's lemma ('-n'; an adjective's lemma has none)."""
    return same_clause and not word.text[:1].isupper() and word.lemma.endswith("n")


def _german_subject_of_final_verb(
    words: Sequence[Token], i: int, first: int, clause: list[int], others: set[int]
) -> bool:
    """Whether the target is the subject of the German verb that ends its clause at `i`,
    with the object between them ('..., seit Russland 2014 die Ukraine angriff'): the
    target is the first actor of the clause, the verb a verb (lower case), all in one clause."""
    if not _german_verb_in_clause(words[i], clause[i] == clause[first]):
        return False
    if any(o < first and clause[o] == clause[first] for o in others):
        return False  # another actor before the target is the subject
    return i + 1 >= len(words) or clause[i + 1] != clause[i] or words[i + 1].lemma in _GERMAN_AUXILIARIES


#: Verbs that may follow the main verb at the end of a German clause ('angreifen könnte').
_GERMAN_AUXILIARIES = frozenset({"können", "werden", "wollen", "sollen", "müssen", "dürfen", "haben", "sein"})


def _german_object_before_verb(words: Sequence[Token], i: int, first: int, clause: list[int], others: set[int]) -> bool:
    """Whether the target before the German verb at `i`, in the verb's clause, is its object:
    a German clause with its verb at the end puts the object right before the verb, after
    the subject ('..., dass Russland Nato-Staaten angreifen könnte'); a zu-infinitive has no
    subject of its own ('..., das Gebiet der Nato anzugreifen')."""
    verb = words[i]
    if not _german_verb_in_clause(verb, clause[i] == clause[first]):
        return False
    if any(words[j].text.casefold() in _GERMAN_AGENT_WORDS for j in range(max(0, first - 3), first)):
        return False  # 'von Truppen des Bündnisses eingekreist': the target is in the doer's phrase
    text = verb.text.casefold()
    if (i > 0 and words[i - 1].text.casefold() == "zu") or text.replace("zu", "", 1) == verb.lemma != text:
        return True
    return any(o < first and clause[o] == clause[first] for o in others)


def _agent_phrase(words: Sequence[Token], first: int, agents: frozenset[str]) -> bool:
    """Whether an agent word ('by', 'von', 'со стороны') stands right before the target
    ('intimidated by Russia', 'von Russland nicht einschüchtern'): it names the doer."""
    before_target = words[first - 1].text.casefold() if first > 0 else ""
    two_before = f"{words[first - 2].text.casefold()} {before_target}" if first > 1 else ""
    return before_target in agents or two_before in agents


def _english_verb(words: list[Token], k: int) -> bool:
    """Whether the English cue word at `k` reads as a verb: an inflected verb form
    ('threatens', 'attacked', 'provoking') or a bare form after 'to' or a modal."""
    text = words[k].text.casefold()
    if text != words[k].lemma and text.endswith(("ed", "ing", "es", "s")):
        return True
    return k > 0 and words[k - 1].text.casefold() in _VERB_MARKERS


_VERB_MARKERS = frozenset({"to", "will", "would", "could", "can", "may", "might", "must", "should", "not"})


def _role_after_cue(between: list[Token], data: CueData, distance: int, surface: str) -> str:
    """cue ... target: the nearest preposition before the target decides ('threat to',
    'Angriff auf die', 'Angriffe der Nato', 'угроза для'); words are matched as written
    and as lemmas, and two-word markers ('со стороны', 'in Bezug auf') as written."""
    near = between[-3:]
    for k in range(len(near) - 1, -1, -1):
        forms = {near[k].text.casefold()}
        if k:
            forms.add(f"{near[k - 1].text.casefold()} {near[k].text.casefold()}")
        for kind in ("patient", "actor", "topic", "partner"):
            if forms & data.roles[kind]:
                return kind
    if distance == 1 and surface[:1].isupper():
        return "next"  # 'агрессия НАТО', 'attacked Russia': adjacent, no preposition
    return "object"


def _role_before_cue(between: list[str], words: list[Token], i: int, data: CueData, surface: str) -> str:
    """target ... cue: the target is the subject or possessor, unless the cue is passive."""
    if surface.endswith(("'s", "’s")):
        return "actor"
    if any(lem in data.roles["passive"] for lem in between[-3:]) and _participle(words[i]):
        return "patient"
    return "actor"


_PARTICIPLE_ENDINGS = {
    "en": ("ed", "en", "wn"),  # attacked, taken, shown
    "de": ("t", "en"),  # bedroht, angegriffen (lower case: a noun is no participle)
    "ru": ("н", "на", "но", "ны", "ен", "ён", "т", "та", "ты"),  # атакован, захвачена, избит
}


def _participle(word: Token) -> bool:
    """Whether a cue word reads as a past participle ('was attacked', 'wurde bedroht',
    'была атакована'): an inflected form (not its own lemma, so 'is a threat' is no
    passive) with a participle ending, in lower case (a German noun is capitalised)."""
    text = word.text.casefold()
    if text == word.lemma or word.text[:1].isupper():
        return False
    return text.endswith(tuple(e for endings in _PARTICIPLE_ENDINGS.values() for e in endings))


def _with_negation(hit: CueHit, negators: list[int], words: list[Token], clause: list[int], first: int) -> CueHit:
    """A negator up to NEGATION_REACH words before the cue, in its clause, negates it;
    not where the target stands between them (the negator belongs to the verb that governs
    the target: 'не позволим НАТО запугать'), and not a deed whose doer the target is named
    by an agent phrase (what is denied is its effect: 'will not be intimidated by Russia',
    'lassen uns von Russland nicht einschüchtern')."""
    if hit.agent:
        return hit
    negator = next(
        (
            words[j].text
            for j in negators
            if hit.position - NEGATION_REACH <= j < hit.position
            and clause[j] == clause[hit.position]
            and not j < first < hit.position
        ),
        "",
    )
    return replace(hit, negated=True, negator=negator) if negator else hit


def _with_negative_object(hit: CueHit, nobody: list[int], words: list[Token], clause: list[int]) -> CueHit:
    """A negative object up to two words after the cue, in its clause, negates it ('Moskau
    bedrohe niemanden', 'attacks no one')."""
    if hit.negated or hit.agent:
        return hit
    found = next(
        (words[j].text for j in nobody if hit.position < j <= hit.position + 2 and clause[j] == clause[hit.position]),
        "",
    )
    return replace(hit, negated=True, negator=found) if found else hit


def _speaker_content(hit: CueHit, speech: list[int], first: int, last: int, words: list[Token]) -> CueHit:
    """'Russia said NATO ...': a cue after the target's own speech verb is what it says."""
    if any(last < j <= last + 3 and j < hit.position for j in speech):
        return replace(hit, role="said")
    return hit

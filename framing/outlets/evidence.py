"""Evidence of who published a page, each kind found where it can sit, with where it was found:
the page's URL (manifest or HTML metadata), an agency dateline, a signature (copyright,
source or site-name line), and layout habits of a kind of site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from framing.extract import page_head
from framing.matching import PatternSet, Scan
from framing.metadata import find_dateline, is_weekday_date
from framing.outlets.registry import BLOG_HOSTS, OUTLET_TYPES, OutletEntry, Registry, publisher_host
from framing.resources import read_table
from framing.types import CONTENT_KINDS, Segment, SegmentKind

#: Body paragraphs (after headline and standfirst) in which an agency dateline is looked for.
DATELINE_PARAGRAPHS = 3
#: A dateline is the first words of its paragraph: the agency name comes within this many characters.
DATELINE_REACH = 90
#: A site-name line in the page chrome is short.
SITE_LINE_LENGTH = 40
#: A navigation line that names its site ('Zu weiteren Angeboten der DW springen').
NAVIGATION_LINE_LENGTH = 60
_LONE_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?", re.IGNORECASE)
#: An interviewer's label at the start of a question ('SPIEGEL ONLINE: Herr Generalsekretär, ...').
_INTERVIEW_LABEL = re.compile(r"^([A-ZÄÖÜА-ЯЁ][\w.-]*(?: [A-ZÄÖÜА-ЯЁ][\w.-]*)?):\s")
_CHROME_KINDS = frozenset({SegmentKind.NAVIGATION, SegmentKind.BOILERPLATE, SegmentKind.DATE})
#: Fields of a page's head that name its publisher.
PUBLISHER_FIELDS = ("canonical link", "og:url", "og:site_name")
_SAID_ON_WEEKDAY = re.compile(r"\bsaid on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Habit:
    outlet: str
    kind: str  # signature (names the publisher) | layout (a habit of its house style)
    pattern: re.Pattern[str]
    description: str


@cache
def _habits() -> tuple[_Habit, ...]:
    """Line patterns of one outlet's pages (`resources/outlets/habits.csv`)."""
    return tuple(
        _Habit(r["outlet"], r["kind"], re.compile(r["pattern"]), r["description"])
        for r in read_table("outlets/habits.csv")
    )


@cache
def pattern_agencies() -> tuple[str, ...]:
    """The agency of each pattern of `resources/agencies.csv` (names cited in running text)."""
    return tuple(r["agency"] for r in read_table("agencies.csv"))


@cache
def _line_patterns() -> tuple[range, range, PatternSet]:
    """The layout habits and the agency names, found together in one pass over a line (both
    are looked for in the article's lines; neither pattern matches an empty line), and the
    range of each list's pattern indices."""
    habits = [habit.pattern.pattern for habit in _habits()]
    agencies = [r["pattern"] for r in read_table("agencies.csv")]
    return range(len(habits)), range(len(habits), len(habits) + len(agencies)), PatternSet(habits + agencies)


@lru_cache(maxsize=1024)
def _line_scan(text: str) -> Scan:
    # Memoised: layout habits and citations read the same lines of an article.
    return _line_patterns()[2].scan(text)


def habit_hits(text: str) -> list[int]:
    """Indices (in `_habits()`) of the layout habits found in `text`."""
    habits = _line_patterns()[0]
    return [hit.pattern - habits.start for hit in _line_scan(text).each(habits)]


def agency_hits(text: str) -> list[int]:
    """Indices (in `pattern_agencies()`) of the agency patterns found in `text`, once per match."""
    agencies = _line_patterns()[1]
    return [hit.pattern - agencies.start for hit in _line_scan(text).each(agencies)]


@dataclass(frozen=True)
class Evidence:
    kind: str  # manifest | url | dateline | signature | layout
    outlet: str  # the registry's canonical name, or a web host, or 'blog'
    entry: OutletEntry | None  # the registry row, when the outlet is in the registry
    where: str  # what was found and where, for the evidence column
    publisher: bool  # names the page's publisher (not whose copy it carries)


def quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def url_evidence(url: str, registry: Registry, *, where: str) -> tuple[Evidence | None, str | None]:
    """The publisher named by a URL, and a warning when `url` is not a web address."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        host, parts = "", None
    if not host or "." not in host or (parts is not None and parts.scheme not in ("http", "https", "")):
        return None, f"{where} {quote(url, 60)} is not a web address: ignored"
    entry = registry.by_host(host)
    if entry is not None:
        return Evidence("url", entry.outlet, entry, f"{where} {host} is {entry.outlet}'s domain", True), None
    name = publisher_host(host)
    blog = any(name.endswith("." + h) for h in BLOG_HOSTS)
    what = "a blog" if blog else "in no registry row"
    return Evidence("url", name, None, f"{where} {host} ({what})", True), None


def html_metadata(html: str) -> dict[str, str]:
    """{'canonical link' | 'og:url' | 'og:site_name': value} from the page's head."""
    return {key: value for key, value in page_head(html).items() if key in PUBLISHER_FIELDS}


#: Every form of `_dateline_regex` holds one of these marks (a slash, a bracket or a dash).
_DATELINE_MARKS = "/(-–—"


@cache
def _dateline_regex(aliases: str) -> re.Pattern[str]:
    """An agency name in a dateline's marks: /TASS/, (BelTA), - РИА Новости., INTERFAX.RU -"""
    return re.compile(
        rf"/(?P<slash>{aliases})/\.?|\((?P<paren>(?:{aliases})\b[^()\n]{{0,60}})\)(?:\s*[-–—])?"
        rf"|[-–—]\s*(?P<dash_before>{aliases})\.(?=\s|$)|(?P<dash_after>{aliases})\s+[-–—]"
    )


_PLACE_START = re.compile(r"^[\s\"«„]*[A-ZÄÖÜА-ЯЁ]")
#: A full stop followed by a lower-case word: running text, not a dateline.
_SENTENCE_GOES_ON = re.compile(r"[.!?]\s+[a-zäöüа-яё]")
#: Outlets whose name can stand in a dateline (not a government body named in a sentence).
NEWS_TYPES = frozenset(OUTLET_TYPES) - {"government or intergovernmental body"}


def _dateline_prefix(before: str, *, needs_place: bool) -> bool:
    """Whether the words before an agency's name read as a dateline's place and date:
    nothing (a wire's '(Reuters) -'), or a capitalised place in any script followed by a
    comma, an all-capitals place, or at most three words ('Berlin', 'Москва. 3 апреля.')."""
    words = before.split()
    if not words:
        return not needs_place
    if not _PLACE_START.match(before) or _SENTENCE_GOES_ON.search(before):
        return False
    first = words[0].strip('"«„,.')
    return "," in before or (first.isupper() and len(first) > 1) or len(words) <= 3


def dateline_evidence(segments: Sequence[Segment], registry: Registry) -> list[Evidence]:
    """An agency dateline at the start of the headline, standfirst or one of the first body
    paragraphs: a place (any script, several words, a region in slashes or brackets), maybe
    a date, and the agency's name in its marks. Two names in one dateline ('(UrduPoint News
    / Sputnik - ...)') are the publisher and the agency whose copy it carries."""
    pattern = _dateline_regex(registry.alias_pattern())
    bodies = 0
    for seg in segments:
        if seg.kind is SegmentKind.BODY:
            bodies += 1
            if bodies > DATELINE_PARAGRAPHS:
                break
        elif seg.kind not in (SegmentKind.TITLE, SegmentKind.STANDFIRST):
            continue
        head = seg.text[: DATELINE_REACH + 80]
        if not any(mark in head for mark in _DATELINE_MARKS):
            continue  # no dateline: not worth a search, which tries every name at every position
        match = pattern.search(head)
        if match is None or match.start() > DATELINE_REACH:
            continue
        form = next(k for k, v in match.groupdict().items() if v)
        if not _dateline_prefix(head[: match.start()], needs_place=form.startswith("dash")):
            continue  # the name sits in a sentence, not in a dateline
        names = re.split(r"\s*[/,;]\s*|\s+[-–—]\s+", match.group(form)) if form == "paren" else [match.group(form)]
        entries = [e for e in map(registry.by_name, names) if e is not None and e.outlet_type in NEWS_TYPES]
        if not entries:
            continue
        text = head[: match.end()].strip()
        where = f"dateline {quote(text)} opens {seg.kind.value} paragraph (segment {seg.index})"
        if len(entries) > 1 and entries[0].outlet != entries[1].outlet:
            return [
                Evidence("dateline", entries[0].outlet, entries[0], where, publisher=True),
                Evidence("dateline", entries[1].outlet, entries[1], where, publisher=False),
            ]
        return [Evidence("dateline", entries[0].outlet, entries[0], where, publisher=False)]
    return []


#: How a note to the page's readers opens ('A note from the Moscow Times').
_NOTE_OPENINGS = ("A note from", "A message from", "Ein Hinweis von", "От редакции")
#: What every author's bio holds ('... writes for Meduza'), after one of these words.
_BIO_WORD = " for "
_BIO_VERBS = ("writes", "reports", "reporter")
_LONGEST_BIO_VERB = max(map(len, _BIO_VERBS))


@cache
def _self_reference_regexes(aliases: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words with which a page speaks as its publisher: a note to its readers (at the start
    of a line), an author who writes or reports for it (anywhere); the publisher's name is
    the group `name`."""
    openings = "|".join(map(re.escape, _NOTE_OPENINGS))
    return (
        re.compile(rf"(?:{openings})\s+(?:the\s+)?(?P<name>{aliases})\b"),
        re.compile(rf"\b(?:{'|'.join(_BIO_VERBS)}){_BIO_WORD}(?:the\s+)?(?P<name>{aliases})\b"),
    )


def _self_reference(text: str, aliases: str) -> re.Match[str] | None:
    """The first words of `text` with which the page speaks as its publisher, if any. A
    note opens the line; a bio is searched for only from its verb before the first
    ' for ' on (most lines hold none: the search tries the verbs at every position)."""
    note, bio = _self_reference_regexes(aliases)
    if text.startswith(_NOTE_OPENINGS) and (found := note.match(text)) is not None:
        return found
    first = text.find(_BIO_WORD)
    if first < 0:
        return None
    # `\b` still sees the text before `pos`: the search finds what it finds from the start.
    return bio.search(text, max(first - _LONGEST_BIO_VERB, 0))


@cache
def _signature_regexes(aliases: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return (
        (
            "copyright",
            re.compile(
                rf"^\s*(?:©|\(c\)|Copyright)\s*(?:\d{{4}}\s*)?(?P<name>{aliases})\b(?!\s*(?:Photo|Foto|/|\d{{4}}\s*/))",
                re.IGNORECASE,
            ),
        ),
        ("source", re.compile(rf"^\s*(?:Quelle|Source|Источник|Mit Material von)\s*:?\s*(?P<name>{aliases})\b")),
        ("site", re.compile(rf"^\s*(?P<name>{aliases})(?:\s+[-–—|:]\s+\S.*|\s*[|:]\s*\S.*)?$")),
    )


def signature_evidence(segments: Sequence[Segment], registry: Registry) -> list[Evidence]:
    """Copyright lines ('© RT DE'), source lines ('Quelle: dpa', 'Источник: RT') and site
    names alone on a line of the page chrome ('Sputnik Deutschland', 'tass.com')."""
    found: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    regexes = _signature_regexes(registry.alias_pattern())
    for seg in segments:
        for kind, regex in regexes:
            if kind == "site" and (seg.kind not in _CHROME_KINDS or len(seg.text) > SITE_LINE_LENGTH):
                continue
            match = regex.match(seg.text)
            if match is None or (entry := registry.by_name(match.group("name"))) is None:
                continue
            if kind == "site" and entry.outlet_type not in NEWS_TYPES:
                continue  # 'NATO' alone on a line is a topic tag, not a site name
            if (kind, entry.outlet) in seen:
                continue
            seen.add((kind, entry.outlet))
            where = f"{kind} line {quote(seg.text)} (segment {seg.index})"
            # a site name or copyright names the publisher; a source line names whose copy it is
            found.append(Evidence("signature", entry.outlet, entry, where, publisher=kind != "source"))
    for seg in segments:  # a page address alone on a line: the page's own (short) link
        text = seg.text.strip()
        if _LONE_ADDRESS.fullmatch(text):
            entry = registry.by_host(urlsplit(text if "//" in text else "//" + text).hostname or "")
            if entry is not None and ("site", entry.outlet) not in seen:
                seen.add(("site", entry.outlet))
                where = f"page address {quote(text)} alone on a line (segment {seg.index})"
                found.append(Evidence("signature", entry.outlet, entry, where, publisher=True))
    names = re.compile(rf"(?<![\w.])(?:{registry.alias_pattern()})(?![\w])")
    for seg in segments:  # a navigation line that names one outlet ('Zu weiteren Angeboten der DW springen')
        if seg.kind is not SegmentKind.NAVIGATION or len(seg.text) > NAVIGATION_LINE_LENGTH:
            continue
        entries = {e.outlet: e for e in map(registry.by_name, names.findall(seg.text)) if e is not None}
        entry = next(iter(entries.values())) if len(entries) == 1 else None
        if entry is not None and entry.outlet_type in NEWS_TYPES and ("site", entry.outlet) not in seen:
            seen.add(("site", entry.outlet))
            where = f"navigation line {quote(seg.text)} names {entry.outlet} (segment {seg.index})"
            found.append(Evidence("signature", entry.outlet, entry, where, publisher=True))
    aliases = registry.alias_pattern()
    labels: dict[str, int] = {}
    for seg in segments:  # the outlet speaking of itself: an author's bio, a note to readers, interview labels
        match = _self_reference(seg.text, aliases)
        entry = registry.by_name(match.group("name")) if match else None
        if entry is not None and ("self", entry.outlet) not in seen:
            seen.add(("self", entry.outlet))
            where = f"the page speaks as {entry.outlet}: {quote(match.group(0), 60)} (segment {seg.index})"
            found.append(Evidence("signature", entry.outlet, entry, where, publisher=True))
        label = _INTERVIEW_LABEL.match(seg.text)
        if label and registry.by_name(label.group(1)) is not None:
            labels[label.group(1)] = labels.get(label.group(1), 0) + 1
    for name, count in labels.items():
        entry = registry.by_name(name)
        if count >= 2 and entry is not None and ("self", entry.outlet) not in seen:
            where = f"interview questions labelled '{name}:' ({count} times)"
            found.append(Evidence("signature", entry.outlet, entry, where, publisher=True))
    return found


def _first(segments: Sequence[Segment], kind: SegmentKind) -> Segment | None:
    return next((s for s in segments if s.kind is kind), None)


def layout_evidence(segments: Sequence[Segment], registry: Registry) -> list[Evidence]:
    """Habits of a kind of site: line patterns of one outlet's pages (blog widgets, RT DE's
    'Mehr zum Thema –'), a Blogger date header (a blog), and RT's layout: a standfirst
    opening the page with no dateline and a first paragraph that reports who 'said on
    <weekday>'."""
    found: list[Evidence] = []
    seen: set[str] = set()
    first_line: dict[int, Segment] = {}  # the first segment each habit (by index) matches
    for seg in segments:
        for index in habit_hits(seg.text):
            first_line.setdefault(index, seg)
    for index, habit in enumerate(_habits()):
        seg = first_line.get(index)
        if seg is not None and habit.description not in seen:
            seen.add(habit.description)
            where = f"{habit.description}: {quote(seg.text, 60)} (segment {seg.index})"
            found.append(Evidence(habit.kind, habit.outlet, registry.by_name(habit.outlet), where, True))
    blog = registry.by_name("blog")
    title = _first(segments, SegmentKind.TITLE)
    for seg in segments:
        if title is not None and seg.index > title.index:
            break
        if seg.kind is SegmentKind.DATE and is_weekday_date(seg.text):
            where = f"weekday date header {quote(seg.text)} above the headline (segment {seg.index})"
            found.append(Evidence("layout", "blog", blog, where, True))
            break
    standfirst, body = _first(segments, SegmentKind.STANDFIRST), _first(segments, SegmentKind.BODY)
    if standfirst is not None and body is not None and find_dateline(body.text) is None:
        said = _SAID_ON_WEEKDAY.search(body.text)
        opens_page = not any(s.kind in CONTENT_KINDS for s in segments[: standfirst.index])
        rt = registry.by_name("RT")
        if said and opens_page and rt is not None:
            where = (
                f"no agency dateline; standfirst {quote(standfirst.text, 60)} opens the page "
                f"(segment {standfirst.index}); first paragraph reports who {quote(said.group(0))}"
            )
            found.append(Evidence("layout", rt.outlet, rt, where, True))
    return found

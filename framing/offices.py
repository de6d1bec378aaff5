"""Office titles to the person who held the office on the article's date
(`resources/office_holders.csv`): "Nato-Generalsekretär" is Rasmussen in 2014, Stoltenberg in
2019 and Rutte in 2025; with no date the title itself is the speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from framing.resources import read_rows, warn_skipped


@dataclass(frozen=True)
class Term:
    office: str
    person: str
    start: date
    end: date | None  # None: still in office


@dataclass(frozen=True)
class Offices:
    titles: dict[str, str]  # a title as written (casefolded) -> the office
    terms: dict[str, tuple[Term, ...]]  # office -> its terms, in order
    pattern: re.Pattern[str]  # every title, longest first


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_offices(text: str, name: str = "office_holders.csv") -> tuple[Offices, list[str]]:
    """The office-holders table from its CSV text, and a problem line for each row skipped
    (no office or person, a start date missing or not ISO, an end before the start)."""
    titles: dict[str, str] = {}
    terms: dict[str, list[Term]] = {}
    rows, problems = read_rows(name, text, ("office", "person", "from"))
    for line, row in enumerate(rows, start=2):
        office = row["office"]
        try:
            start, end = _date(row["from"]), _date(row.get("to") or "")
        except ValueError:
            problems.append(f"{name}, row {line}: {office}, {row['person']}: a date is not YYYY-MM-DD")
            continue
        if start is None or (end is not None and end < start):
            problems.append(f"{name}, row {line}: {office}, {row['person']}: no start date or an end before it")
            continue
        for title in filter(None, (t.strip() for t in (row.get("titles") or "").split("|"))):
            titles[title.casefold()] = office
        terms.setdefault(office, []).append(Term(office, row["person"], start, end))
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) or "(?!)"
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    table = Offices(titles, {o: tuple(sorted(t, key=lambda term: term.start)) for o, t in terms.items()}, pattern)
    return table, problems


@cache
def offices() -> Offices:
    """The office-holders table, read once (a bad row is skipped with a warning)."""
    text = files("framing.resources").joinpath("office_holders.csv").read_text(encoding="utf-8")
    table, problems = parse_offices(text)
    warn_skipped("offices", problems)
    return table


def parse_date(text: str | None) -> date | None:
    """An article's date from 'YYYY-MM-DD' (or a longer ISO stamp), else None ('2021-03'
    or nonsense: unknown, so titles resolve to the office)."""
    try:
        return date.fromisoformat(text[:10]) if text and len(text) >= 10 else None
    except ValueError:
        return None


def holder(office: str, on: date | None) -> str | None:
    """Who held `office` on the date `on` (None when the date is unknown or no term covers it).
    A term's `to` is its last day; on a handover day the incoming holder counts."""
    if on is None:
        return None
    for term in reversed(offices().terms.get(office, ())):
        if term.start <= on and (term.end is None or on <= term.end):
            return term.person
    return None


def resolve_title(text: str, on: date | None) -> tuple[str, str] | None:
    """The first office title in `text` as (speaker, evidence): the person who held it on
    `on`, or the office's name when the date is unknown or outside every term."""
    match = offices().pattern.search(text)
    if match is None:
        return None
    office = offices().titles[match.group(0).casefold()]
    person = holder(office, on)
    if person is None:
        when = "no article date" if on is None else f"no holder known on {on.isoformat()}"
        return office, f"title '{match.group(0)}' ({when}): the office speaks"
    return person, f"title '{match.group(0)}' held by {person} on {on.isoformat()}"  # type: ignore[union-attr]

"""Office titles to the person who held the office on the article's date
(`resources/office_holders.csv`): "Nato-Generalsekretär" is Rasmussen in 2014, Stoltenberg in
2019 and Rutte in 2025; with no date the title itself is the speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from framing.resources import read_table


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


@cache
def offices() -> Offices:
    """The office-holders table, read once."""
    titles: dict[str, str] = {}
    terms: dict[str, list[Term]] = {}
    for row in read_table("office_holders.csv"):
        office = row["office"]
        for title in filter(None, (t.strip() for t in row["titles"].split("|"))):
            titles[title.casefold()] = office
        start = _date(row["from"])
        if start is None:
            raise ValueError(f"office_holders.csv: {office}, {row['person']}: no start date")
        terms.setdefault(office, []).append(Term(office, row["person"], start, _date(row["to"])))
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    return Offices(titles, {o: tuple(sorted(t, key=lambda term: term.start)) for o, t in terms.items()}, pattern)


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

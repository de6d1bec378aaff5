"""Dates and datelines found in article text (used by segmentation and outlet attribution)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTH_NUMBERS = {
    "jan": 1,
    "january": 1,
    "januar": 1,
    "feb": 2,
    "february": 2,
    "februar": 2,
    "mar": 3,
    "march": 3,
    "märz": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "june": 6,
    "juni": 6,
    "jul": 7,
    "july": 7,
    "juli": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
    "dezember": 12,
}
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
)
_DATE_FORMS = (
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})",  # April 2, 2014
    rf"(?P<d2>\d{{1,2}})\.?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})",  # 21 Apr 2017, 2. April 2014
    r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})",  # 2017-04-21
    r"(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})",  # 21.04.2017
)
#: A line that holds only a date (optionally with weekday and time).
DATE_LINE = re.compile(
    rf"^(?P<weekday>(?:{_WEEKDAY}),?\s+)?(?:{'|'.join(_DATE_FORMS)})(?:,?\s+\d{{1,2}}:\d{{2}})?$",
    re.IGNORECASE,
)

#: Agency-style dateline at the start of a paragraph: 'MINSK, 21 April (BelTA) –',
#: 'MOSCOW, February 3. /TASS/.', 'BERLIN (dpa) -', 'MINSK, 21 April –'.
DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜА-ЯЁ][A-ZÄÖÜА-ЯЁ .'-]{2,40}?)"
    r"(?:,\s+(?P<when>[A-Za-zА-Яа-яё0-9 ]{3,25}?)\.?)?\s*"
    r"(?:\((?P<agency_paren>[^)]{2,30})\)\s*[–—-]|/(?P<agency_slash>[^/]{2,30})/\.?|[–—-])",
)


@dataclass(frozen=True)
class Dateline:
    place: str  # as printed, title-cased: 'Minsk'
    when: str | None  # as printed: '21 April', 'February 3'
    agency: str | None  # the agency named in the dateline: 'BelTA', 'TASS'
    text: str  # the whole dateline as printed
    end: int  # offset just past the dateline in the paragraph


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of `paragraph`, if there is one."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    agency = match.group("agency_paren") or match.group("agency_slash")
    return Dateline(
        place=match.group("place").strip().title(),
        when=match.group("when"),
        agency=agency.strip() if agency else None,
        text=match.group(0).strip(),
        end=match.end(),
    )


def parse_date(text: str) -> date | None:
    """The date in a date-only line ('21 Apr 2017', 'Wednesday, April 2, 2014'), else None."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return None
    groups = match.groupdict()
    for n in "1234":
        if groups.get(f"y{n}"):
            month = groups[f"m{n}"]
            month_number = int(month) if month.isdigit() else _MONTH_NUMBERS[month.lower()]
            try:
                return date(int(groups[f"y{n}"]), month_number, int(groups[f"d{n}"]))
            except ValueError:
                return None
    return None


def is_weekday_date(text: str) -> bool:
    """True for a date line that starts with the weekday (Blogger's post-date header)."""
    match = DATE_LINE.match(text.strip())
    return bool(match and match.group("weekday"))

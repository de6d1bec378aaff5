"""HTML page -> article text.

trafilatura finds the article's own paragraphs and leaves menus, sidebars, footers and
scripts out; the headline (often outside the article element) is put back on the first
line so the segmenter finds a title above the body. Pages too small for trafilatura's
thresholds fall back to a plain stdlib extractor that keeps every visible line (menus
included), which the segmenter then classifies like a text file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

TRAFILATURA = "trafilatura"
STDLIB = "html.parser"

_OPENS_HTML = re.compile(r"<html[\s>]", re.IGNORECASE)
_CLOSES_HTML = re.compile(r"</html\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """Text of a page, the extractor that produced it, and a note when the page looks cut
    short."""

    text: str
    extractor: str
    truncated: str | None = None


class _TextExtractor(HTMLParser):
    """Plain text of an HTML page: block elements become line breaks, scripts vanish.
    Also remembers the page's first ``<h1>`` and its ``<title>``."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "nav",
            "blockquote",
            "aside",
            "title",
        ]
    )
    SKIP = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: dict[str, list[str]] = {}
        self._skipping = 0
        self._open_heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag in ("h1", "title") and tag not in self.headings:
            self._open_heading = tag
            self.headings[tag] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == self._open_heading:
            self._open_heading = None

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # The stdlib raises on an unknown "<![keyword" (found in hostile or broken pages);
        # read such a bracket as text instead.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.handle_data(self.rawdata[i : i + 3])
            return i + 3

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.parts.append(data)
        if self._open_heading:
            self.headings[self._open_heading].append(data)


def _parse(html: str) -> _TextExtractor:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser


def _tidy_lines(text: str) -> str:
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one block per line (the stdlib fallback)."""
    return _tidy_lines("".join(_parse(html).parts)) + "\n"


def headline(html: str) -> str | None:
    """The page's headline: its first ``<h1>``, else its ``<title>``; None if neither."""
    headings = _parse(html).headings
    for tag in ("h1", "title"):
        text = " ".join("".join(headings.get(tag, [])).split())
        if text:
            return text
    return None


def _trafilatura_text(html: str) -> str | None:
    import logging

    import trafilatura  # imported lazily: slow to import, and only HTML input needs it

    # trafilatura logs each page it cannot parse as an ERROR; here that is expected (the
    # stdlib extractor takes over), so keep it off the user's terminal.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False)
    except Exception:  # a parser crash on a hostile page must not stop the run: fall back
        return None
    return text if text and text.strip() else None


def truncation_note(html: str) -> str | None:
    """Why a page looks cut short: it opens ``<html>`` but never closes it, or it ends
    inside a tag. Hand-written fragments without ``<html>`` are not judged."""
    tail = html.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        return "truncated HTML: ends inside a tag"
    if _OPENS_HTML.search(html) and not _CLOSES_HTML.search(html):
        return "truncated HTML: no closing </html> tag"
    return None


def extract_html(html: str) -> Extracted:
    """Article text of an HTML page: paragraphs separated by blank lines, headline first."""
    note = truncation_note(html)
    body = _trafilatura_text(html)
    if body is None:
        return Extracted(html_to_text(html), STDLIB, note)
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    title = headline(html)
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return Extracted("\n\n".join(paragraphs) + "\n", TRAFILATURA, note)

"""HTML page -> article text.

trafilatura finds the article's own paragraphs and leaves menus, sidebars, footers and
scripts out; the headline (often outside the article element) is put back on the first
line so the segmenter finds a title above the body. Pages too small for trafilatura's
thresholds fall back to a plain stdlib extractor that keeps every visible line (menus
included), which the segmenter then classifies like a text file's.

Hostile markup is limited before any parser sees it: trafilatura's time grows with the
square of a tag's attribute count, so a tag with more than `MAX_ATTRIBUTES` attributes
loses them, and a page nested deeper than `MAX_DEPTH` elements goes to the stdlib
extractor, which reads tags one after another and keeps no tree. Either is noted in
the article's warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TRAFILATURA = "trafilatura"
STDLIB = "html.parser"

#: Attributes a tag may have; a tag with more is kept without any.
MAX_ATTRIBUTES = 1_000
#: Elements that may be open at once; a deeper page is read without trafilatura.
MAX_DEPTH = 1_000

_OPENS_HTML = re.compile(r"<html[\s>]", re.IGNORECASE)
_CLOSES_HTML = re.compile(r"</html\s*>", re.IGNORECASE)
# A tag long enough to hold MAX_ATTRIBUTES attributes (each at least ' a'): only such tags are counted.
# A scan stops at the next '<' as well as at '>', so no stretch of text is scanned twice.
_LONG_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9:-]*)([^<>]{{{2 * MAX_ATTRIBUTES},}})")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE_START = re.compile(r"[\s/]+[^\s/>=]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
# A '<' that starts markup which never closes before the next '<' (the stdlib parser's time
# grows with the square of the number of those in a row).
_UNCLOSED_MARKUP = re.compile(r"<(?=[A-Za-z/!?][^<>]*(?:<|\Z))")
#: Elements that never hold others (void) or whose end tag may be left out (implied by the
#: next one): they do not deepen the nesting the way a page written without end tags counts it.
_VOID = "area base br col embed hr img input link meta param source track wbr"
_OPTIONAL_END = "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc html head body"
_NOT_NESTING = frozenset(f"{_VOID} {_OPTIONAL_END}".split(" "))


@dataclass(frozen=True)
class Extracted:
    """Text of a page, the extractor that produced it, a note when the page looks cut
    short, and what was done to hostile markup (`notes`, the truncation note included)."""

    text: str
    extractor: str
    truncated: str | None = None
    notes: tuple[str, ...] = field(default=())
    head: tuple[tuple[str, str], ...] = field(default=())  # page_head() of the page


#: Head fields kept as evidence: the page's own address, its site name and its publication time.
HEAD_FIELDS = ("canonical link", "og:url", "og:site_name", "article:published_time")


class _HeadReader(HTMLParser):
    """The `HEAD_FIELDS` of an HTML page, the first of each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            if href := values.get("href", "").strip():
                self.found.setdefault("canonical link", href)
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in HEAD_FIELDS and (content := values.get("content", "").strip()):
                self.found.setdefault(key, content)


def page_head(html: str) -> dict[str, str]:
    """{field: value} for the `HEAD_FIELDS` an HTML page's head holds (the first 20,000
    characters when the page has no closing head tag)."""
    end = html.lower().find("</head>")
    reader = _HeadReader()
    reader.feed(html[: end + 7] if end >= 0 else html[:20_000])
    return reader.found


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

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.parts.append(data)
        if self._open_heading:
            self.headings[self._open_heading].append(data)


def _parse(html: str) -> _TextExtractor:
    html = _UNCLOSED_MARKUP.sub("&lt;", html)
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser raises on some broken declarations ("<![foo")
        # Read every "<!" (declarations, comments) as text instead: a broken page is kept.
        parser = _TextExtractor()
        parser.feed(html.replace("<!", "&lt;!"))
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
    import trafilatura  # imported lazily: slow to import, and only HTML input needs it

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


def strip_crowded_tags(html: str) -> tuple[str, int]:
    """`html` with every tag of more than `MAX_ATTRIBUTES` attributes reduced to its name,
    and how many tags were."""
    stripped = 0

    def strip(tag: re.Match[str]) -> str:
        nonlocal stripped
        if len(_ATTRIBUTE_START.findall(_QUOTED.sub('""', tag.group(2)))) <= MAX_ATTRIBUTES:
            return tag.group()
        stripped += 1
        return f"<{tag.group(1)}"

    if _LONG_TAG.search(html) is None:  # the usual case: one scan in C
        return html, 0
    return _LONG_TAG.sub(strip, html), stripped


def too_deep(html: str) -> bool:
    """Whether more than `MAX_DEPTH` elements are open at once somewhere in `html`
    (counting tags as written; elements with optional end tags do not count)."""
    depth = 0
    for closing, name, self_closing in _TAG.findall(html):
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def extract_html(html: str) -> Extracted:
    """Article text of an HTML page: paragraphs separated by blank lines, headline first."""
    note = truncation_note(html)
    head = tuple(page_head(html).items())
    html, stripped = strip_crowded_tags(html)
    notes = [note] if note else []
    if stripped:
        notes.append(f"HTML: {stripped} tag(s) with more than {MAX_ATTRIBUTES:,} attributes kept without them")
    deep = too_deep(html)
    if deep:
        notes.append(f"HTML nested deeper than {MAX_DEPTH:,} elements: read without trafilatura")
    body = None if deep else _trafilatura_text(html)
    if body is None:
        return Extracted(html_to_text(html), STDLIB, note, tuple(notes), head)
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    title = headline(html)
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return Extracted("\n\n".join(paragraphs) + "\n", TRAFILATURA, note, tuple(notes), head)

"""Article text as HTML, for notebooks and reports. Article text is untrusted (scraped
pages carry markup and scripts), so every character of it, and of every label, is
escaped before it reaches HTML; the only tags in the output are the ones made here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

#: A highlighted span: (start, end) char offsets into the text, optionally with a label
#: shown as the mark's tooltip.
Span = tuple[int, int] | tuple[int, int, str]


def _checked_spans(text: str, spans: Iterable[Span]) -> list[tuple[int, int, str | None]]:
    """Spans sorted by position, empty ones dropped, each overlap cut so every character
    is marked at most once (a span starting inside the previous one starts at its end)."""
    cleaned = []
    for span in spans:
        start, end, label = int(span[0]), int(span[1]), (str(span[2]) if len(span) > 2 else None)
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) does not fit a text of {len(text)} characters")
        cleaned.append((start, end, label))
    cleaned.sort(key=lambda s: (s[0], s[1]))
    result: list[tuple[int, int, str | None]] = []
    covered = 0
    for start, end, label in cleaned:
        start = max(start, covered)
        if start < end:
            result.append((start, end, label))
            covered = end
    return result


def highlight_html(text: str, spans: Iterable[Span] = (), *, css_class: str = "framing-highlight") -> str:
    """`text` as an HTML fragment with `spans` wrapped in ``<mark>``; everything escaped.

    Line breaks are kept (``white-space: pre-wrap``). Raises ValueError for a span that
    does not fit the text (offsets into another text are a bug worth seeing).
    """
    parts = []
    position = 0
    for start, end, label in _checked_spans(text, spans):
        parts.append(html.escape(text[position:start]))
        title = f' title="{html.escape(label)}"' if label else ""
        parts.append(f'<mark class="{html.escape(css_class)}"{title}>{html.escape(text[start:end])}</mark>')
        position = end
    parts.append(html.escape(text[position:]))
    return f'<div class="framing-text" style="white-space: pre-wrap">{"".join(parts)}</div>'

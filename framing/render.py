"""Article text as HTML, for notebooks and reports. Article text is untrusted (scraped
pages carry markup and scripts), so every character of it, and of every label, is
escaped before it reaches HTML; the only tags in the output are the ones made here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

#: A highlighted span: (start, end) char offsets into the text, optionally with a label
#: shown as the mark's tooltip, and a kind that picks its style (see `highlight_html`).
Span = tuple[int, int] | tuple[int, int, str] | tuple[int, int, str, str]


def _checked_spans(text: str, spans: Iterable[Span]) -> list[tuple[int, int, str | None, str | None]]:
    """Spans sorted by position, empty ones dropped, each overlap cut so every character
    is marked at most once (a span starting inside the previous one starts at its end)."""
    cleaned = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        label = str(span[2]) if len(span) > 2 and span[2] else None
        kind = str(span[3]) if len(span) > 3 and span[3] else None
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) does not fit a text of {len(text)} characters")
        cleaned.append((start, end, label, kind))
    cleaned.sort(key=lambda s: (s[0], s[1]))
    result: list[tuple[int, int, str | None, str | None]] = []
    covered = 0
    for start, end, label, kind in cleaned:
        start = max(start, covered)
        if start < end:
            result.append((start, end, label, kind))
            covered = end
    return result


def highlight_html(
    text: str,
    spans: Iterable[Span] = (),
    *,
    css_class: str = "framing-highlight",
    styles: Mapping[str, str] | None = None,
    inline_notes: bool = False,
) -> str:
    """`text` as an HTML fragment with `spans` wrapped in ``<mark>``; everything escaped.

    A span's kind (4th element) is added as a second class and, when `styles` maps it to
    CSS, as an inline style (notebook outputs drop <style> blocks, inline styles stay).
    Line breaks are kept (``white-space: pre-wrap``). Raises ValueError for a span that
    does not fit the text (offsets into another text are a bug worth seeing). With
    `inline_notes` a span's label is written after it in brackets instead of as a tooltip
    (tooltips are lost on a projector and on paper).
    """
    styles = styles or {}
    parts = []
    position = 0
    for start, end, label, kind in _checked_spans(text, spans):
        parts.append(html.escape(text[position:start]))
        classes = css_class if kind is None else f"{css_class} {css_class}-{kind}"
        title = f' title="{html.escape(label)}"' if label and not inline_notes else ""
        style = f' style="{html.escape(styles[kind])}"' if kind in styles else ""
        parts.append(f'<mark class="{html.escape(classes)}"{title}{style}>{html.escape(text[start:end])}</mark>')
        if label and inline_notes:
            parts.append(f'<small class="{html.escape(css_class)}-note"> [{html.escape(label)}]</small>')
        position = end
    parts.append(html.escape(text[position:]))
    return f'<div class="framing-text" style="white-space: pre-wrap">{"".join(parts)}</div>'

from __future__ import annotations

import pytest

from framing.corpus import load_corpus
from framing.pipeline import tag
from framing.render import highlight_html
from tests import bad_input_files

WRAP = '<div class="framing-text" style="white-space: pre-wrap">{}</div>'
MARK = '<mark class="framing-highlight">'
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("text", "spans", "inner"),
    [
        ("NATO and Russia", [], "NATO and Russia"),
        ("NATO and Russia", [(0, 4)], f"{MARK}NATO</mark> and Russia"),
        (
            "NATO and Russia",
            [(9, 15, "target"), (0, 4)],  # unsorted is fine
            f'{MARK}NATO</mark> and <mark class="framing-highlight" title="target">Russia</mark>',
        ),
        (
            "NATO and Russia",
            [(0, 8), (5, 15)],
            f'{MARK}NATO and</mark><mark class="framing-highlight"> Russia</mark>',
        ),
        ("NATO and Russia", [(0, 15), (5, 8)], f"{MARK}NATO and Russia</mark>"),
        ("NATO and Russia", [(4, 4)], "NATO and Russia"),  # empty spans mark nothing
        ("", [(0, 0)], ""),
        ("a & b\n<c>", [(0, 1)], f"{MARK}a</mark> &amp; b\n&lt;c&gt;"),
    ],
)
def test_highlight_html(text, spans, inner):
    assert highlight_html(text, spans) == WRAP.format(inner)


@pytest.mark.parametrize("span", [(-1, 2), (3, 2), (0, 99)])
def test_spans_outside_the_text_are_a_bug(span):
    with pytest.raises(ValueError, match="does not fit a text of 15 characters"):
        highlight_html("NATO and Russia", [span])


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (f"Before {SCRIPT} after", [(7, 7 + len(SCRIPT))]),  # inside a highlighted span
        (f"Before {SCRIPT} after", [(0, 6)]),  # outside any span
        (f"Before {SCRIPT} after", [(0, 12), (10, 20)]),  # overlapping spans cutting through the tag
        ("NATO", [(0, 4, '"><script>alert(1)</script>')]),  # in a label
    ],
)
def test_untrusted_text_is_escaped(text, spans):
    rendered = highlight_html(text, spans, css_class='x" onmouseover="alert(1)')
    assert "<script" not in rendered
    assert "&lt;/script&gt;" in rendered
    assert 'onmouseover="' not in rendered


def test_tagged_article_with_markup_renders_escaped(tmp_path):
    # The hostile seed of the bad-input corpus, end to end: file -> segments -> HTML.
    (tmp_path / "hostile.txt").write_bytes(bad_input_files.FILES["hostile.txt"])
    corpus = load_corpus(tmp_path)
    segments = tag(corpus).segments
    text = corpus["hostile"].text
    rendered = highlight_html(text, zip(segments["start"], segments["end"], segments["kind"], strict=True))
    assert '<script>alert("pwned")</script>' in text
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert rendered.count("<mark ") == len(segments) == 2


def test_span_kinds_get_a_class_and_an_inline_style():
    out = highlight_html(
        "NATO and Russia",
        [(0, 4, "against", "against"), (9, 15, "x", 'odd"kind')],
        styles={"against": "background:#D55E00"},
    )
    marked = '<mark class="framing-highlight framing-highlight-against" title="against" style="background:#D55E00">'
    assert marked + "NATO</mark>" in out
    assert 'class="framing-highlight framing-highlight-odd&quot;kind" title="x">Russia</mark>' in out

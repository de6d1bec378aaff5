from __future__ import annotations

import pytest

from framing.extract import STDLIB, TRAFILATURA, extract_html, headline, html_to_text, truncation_note
from tests import bad_input_files

PAGE = bad_input_files.FILES["page_with_nav.html"].decode()


def test_page_gives_headline_then_article_paragraphs():
    extracted = extract_html(PAGE)
    assert extracted.extractor == TRAFILATURA
    assert extracted.truncated is None
    paragraphs = extracted.text.split("\n\n")
    assert paragraphs[0] == "Belarus, Russia to hold joint drills near western border"
    assert paragraphs[1].startswith("MINSK, 3 February. Belarus and Russia will hold joint military drills")
    assert paragraphs[-1] == (
        "According to the ministry, the drills will last ten days and involve several thousand troops from both "
        "countries.\n"
    )
    assert len(paragraphs) == 4


def test_headline_inside_the_article_is_not_repeated():
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Drills begin in Belarus</h1>"
        + "<p>The drills began on Thursday near Brest, the defence ministry said in a statement today.</p>" * 3
        + "</article></body></html>"
    )
    extracted = extract_html(html)
    assert extracted.extractor == TRAFILATURA
    assert extracted.text.count("Drills begin in Belarus") == 1
    assert extracted.text.startswith("Drills begin in Belarus\n\n")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<title>Site | Page</title><h1> Main\n headline </h1><h1>Second</h1>", "Main headline"),
        ("<title>Only a title</title><p>text</p>", "Only a title"),
        ("<p>no headings</p>", None),
        ("<h1></h1><title>Fallback</title>", "Fallback"),
    ],
)
def test_headline(html, expected):
    assert headline(html) == expected


def test_small_fragment_falls_back_to_the_stdlib_extractor():
    extracted = extract_html("<p>Moscow said <b>no</b>.</p>")
    assert (extracted.text, extracted.extractor) == ("Moscow said no.\n", STDLIB)


def test_extractor_crash_falls_back(monkeypatch):
    import trafilatura

    def crash(*args, **kwargs):
        raise RuntimeError("parser blew up")

    monkeypatch.setattr(trafilatura, "extract", crash)
    extracted = extract_html(PAGE)
    assert extracted.extractor == STDLIB
    assert "Belarus and Russia will hold joint military drills" in extracted.text
    assert "alert" not in extracted.text  # the fallback drops scripts too


@pytest.mark.parametrize(
    ("html", "note"),
    [
        (PAGE, None),
        ("<p>a fragment without html tags", None),
        (PAGE[: PAGE.index("</body>")], "truncated HTML: no closing </html> tag"),
        (PAGE[: PAGE.index("<footer>") + 5], "truncated HTML: ends inside a tag"),
        ("<HTML><body><p>Text</p></body></HTML>", None),
    ],
)
def test_truncation_note(html, note):
    assert truncation_note(html) == note


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<![foo bar", "<![foo bar\n"),  # the stdlib parser raises on this by itself
        ("<p>a</p><![if !supportLists]>b<![endif]>", "a\nb\n"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>\n"),
    ],
)
def test_stdlib_extractor_survives_odd_markup(html, text):
    assert html_to_text(html) == text

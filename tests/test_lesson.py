from __future__ import annotations

import re

import pytest

from framing import lesson, load_corpus, tag
from framing.render import highlight_html


def test_card_shows_the_outlet_evidence_and_mentions(seed_corpus, seed_tags):
    card = lesson.article_card(seed_tags, "tass_2022", corpus=seed_corpus)
    assert "<b>Why:</b> dateline &#x27;MINSK, February 3. /TASS/.&#x27;" in card
    assert "<b>Quotes other agencies:</b> BelTA" in card
    # the dateline itself is highlighted as the outlet evidence
    assert re.search(
        r'framing-highlight-outlet"[^>]*>MINSK, February 3\. /TASS/\.</mark><small[^>]*> \[why TASS: ', card
    )
    # 'the behavior of NATO': NATO is marked against, its voice and evidence written after it (not on hover)
    assert "> [NATO: against (-0.76), voice: Lukashenko. slot cue &#x27;behavior of NATO&#x27;" in card
    assert " title=" not in card and "framing-highlight-frame" not in card  # frame cues are off by default
    assert card.count("framing-highlight-favor") + card.count("framing-highlight-against") + card.count(
        "framing-highlight-neutral"
    ) == len(seed_tags.mentions.query("article_id == 'tass_2022'"))


def test_card_escapes_hostile_article_text(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "NATO <b>drills</b> near the border\n\n"
        "MINSK, 1 May (BelTA) – <script>alert('x')</script> NATO is a threat, the minister said on Monday.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    tags = tag(corpus)
    card = lesson.article_card(tags, "evil", corpus=corpus)
    assert "<script" not in card and "<b>drills" not in card
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in card
    assert "<h3>NATO &lt;b&gt;drills&lt;/b&gt; near the border</h3>" in card


def test_questions_come_from_the_tags(seed_tags):
    asked = lesson.questions(seed_tags, "tass_2022")
    assert asked[0].startswith("The tool says this page comes from TASS (state news agency) because of: dateline")
    assert asked[1].startswith("The text quotes BelTA.")
    assert asked[2].startswith("Who speaks? Lukashenko gets 286 words, the outlet's own voice 130.")
    assert "considering the behavior of NATO" in asked[3] and "tagged against toward NATO" in asked[3]
    assert asked[4].startswith("The most cued frame is 'Military exercises and hardware'.")


def test_caveats_name_the_weak_tags(seed_tags):
    found = lesson.caveats(seed_tags, "rt_style")
    assert found[0].startswith("The outlet tag rests on page layout only (confidence 0.60)")
    assert found[1].startswith("1 of 20 mentions are neutral only because no cue word stood near them")
    assert lesson.caveats(seed_tags, "belta_2017")[0].startswith("4 of 11 mentions")
    # Breedlove's and Rasmussen's cue-less Russia mentions are read from their side
    assert lesson.caveats(seed_tags, "blog_2014")[1].startswith("3 of 29 mentions take their stance from who speaks")
    assert not any("who speaks" in caveat for caveat in lesson.caveats(seed_tags, "belta_2017"))


def test_unknown_article(seed_tags):
    with pytest.raises(KeyError):
        lesson.questions(seed_tags, "nope")


def test_legend_styles_are_inline():
    html = highlight_html("NATO", [(0, 4, "x", "against")], styles=lesson.STYLES)
    assert 'style="background:#f5b48f"' in html

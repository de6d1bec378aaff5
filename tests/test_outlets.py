"""Outlet attribution: each kind of evidence on real-shaped examples written for these tests
(every dateline form in English, German and Russian), reprints, citations, the registry and
a user's own rows, and bad evidence that must warn without stopping anything."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.outlets import attribute_outlet, detect_outlet, load_registry, outlet_types, shipped_registry
from framing.pipeline import tag
from framing.segment import segment_text
from framing.stream import tag_to_files
from framing.types import ManifestEntry


@pytest.mark.parametrize(
    ("article_id", "outlet", "outlet_type", "group", "source", "evidence_starts", "citations"),
    [
        ("belta_2017", "BelTA", "state news agency", "BelTA", "signature", "dateline 'MINSK, 21 April (BelTA) –'", ()),
        (
            "tass_2022",
            "TASS",
            "state news agency",
            "TASS",
            "signature",
            "dateline 'MINSK, February 3. /TASS/.'",
            ("BelTA",),
        ),
        (
            "blog_2014",
            "blog",
            "blog or aggregator",
            "blog",
            "signature",
            "LinkWithin related-posts widget",
            ("ITAR-TASS",),
        ),
        ("rt_style", "RT", "state broadcaster", "RT-style", "style", "no agency dateline; standfirst", ()),
        ("bbabo_2022", "Bbabo NET", "blog or aggregator", "blog", "signature", "site line 'Bbabo NET' (segment 0)", ()),
    ],
)
def test_seed_outlets(seed_texts, article_id, outlet, outlet_type, group, source, evidence_starts, citations):
    found = detect_outlet(seed_texts[article_id])
    assert (found.outlet, found.outlet_type, found.group, found.source) == (outlet, outlet_type, group, source)
    assert found.evidence.startswith(evidence_starts)
    assert found.citations == citations


@pytest.mark.parametrize(
    ("text", "outlet", "dateline"),
    [
        (
            "Drills begin\n\nMOSCOW, December 26. /TASS/. Russia starts drills, the ministry said.",
            "TASS",
            "MOSCOW, December 26. /TASS/.",
        ),
        (
            "Drills begin\n\nKALININGRAD /Kaliningrad Region/, December 26. /TASS/. The fleet began drills.",
            "TASS",
            "KALININGRAD /Kaliningrad Region/, December 26. /TASS/.",
        ),
        (
            "Учения\n\nМОСКВА, 12 января. /ТАСС/. Минобороны начало учения, сообщили в ведомстве.",
            "TASS",
            "МОСКВА, 12 января. /ТАСС/.",
        ),
        (
            "Drills\n\nMOSCOW, March 3. /ITAR-TASS/. Russian troops remain in barracks.",
            "TASS",
            "MOSCOW, March 3. /ITAR-TASS/.",
        ),
        (
            "Talks\n\nMINSK, 5 March (BelTA) – Belarus will keep its army ready, the minister said.",
            "BelTA",
            "MINSK, 5 March (BelTA) –",
        ),
        (
            "Учения\n\nМИНСК, 5 марта (БЕЛТА) - Беларусь усилит охрану границы, заявил министр.",
            "BelTA",
            "МИНСК, 5 марта (БЕЛТА) -",
        ),
        (
            "Учения НАТО\n\nБРЮССЕЛЬ, 20 фев - РИА Новости. Учения альянса у границ России продолжатся.",
            "RIA Novosti",
            "БРЮССЕЛЬ, 20 фев - РИА Новости.",
        ),
        (
            "Шойгу\n\nМосква. 3 апреля. INTERFAX.RU - Министр обороны провел совещание.",
            "Interfax",
            "Москва. 3 апреля. INTERFAX.RU -",
        ),
        (
            "Grushko\n\nMOSCOW. Jan 12 (Interfax) - Russia sees no basis for talks, Grushko said.",
            "Interfax",
            "MOSCOW. Jan 12 (Interfax) -",
        ),
        (
            "NATO meets\n\nBRUSSELS, Dec 26 (Reuters) - NATO ministers met on Thursday.",
            "Reuters",
            "BRUSSELS, Dec 26 (Reuters) -",
        ),
        (
            "Strike\n\nKYIV, Ukraine (AP) — Russia launched drones overnight, officials said.",
            "AP",
            "KYIV, Ukraine (AP) —",
        ),
        ("Gipfel\n\nBerlin (dpa) - Die Nato will ihre Ostflanke stärken, sagte der Minister.", "dpa", "Berlin (dpa) -"),
        (
            "Manöver\n\nVILNIUS/BERLIN (dpa) – Die Bundeswehr verlegt eine Brigade nach Litauen.",
            "dpa",
            "VILNIUS/BERLIN (dpa) –",
        ),
        ("Peskov\n\nMOSCOW (Sputnik) — The Kremlin said NATO was escalating.", "Sputnik", "MOSCOW (Sputnik) —"),
        ("(Reuters) - NATO said on Monday it would hold exercises in Norway.", "Reuters", "(Reuters) -"),
    ],
)
def test_every_dateline_form(text, outlet, dateline):
    found = detect_outlet(text)
    assert found.outlet == outlet
    assert f"dateline '{dateline}'" in found.evidence
    assert "may be a reprint" in found.evidence or "a reprint would look the same" in found.evidence


def test_dateline_after_a_subheading_and_in_a_later_paragraph():
    text = (
        "All news\n\nLavrov warns NATO over drills\n\nThe minister said the alliance was testing Russia's patience\n\n"
        "A photo caption about the minister\n\nMOSCOW, May 4. /TASS/. Russia will respond, Lavrov said."
    )
    found = detect_outlet(text)
    assert found.outlet == "TASS" and "MOSCOW, May 4. /TASS/." in found.evidence


@pytest.mark.parametrize(
    "text",
    [
        "The North Atlantic Treaty Organization (NATO) said it would hold drills.",  # a body, not a dateline
        "Lavrov: NATO – a relic of the Cold War\n\nThe minister spoke on Monday.",  # a headline's dash
        "Drills\n\nRussian troops began drills on Monday. Reuters (Reuters) - reported it first.",  # inside a sentence
    ],
)
def test_an_agency_name_in_a_sentence_is_not_a_dateline(text):
    assert "dateline '" not in detect_outlet(text).evidence


@pytest.mark.parametrize(
    ("url", "outlet", "outlet_type", "group"),
    [
        ("https://tass.ru/politika/123", "TASS", "state news agency", "TASS"),
        ("https://de.rt.com/international/1/", "RT", "state broadcaster", "RT-style"),
        ("https://www.spiegel.de/ausland/nato-a-1.html", "Der Spiegel", "private media", "other"),
        ("https://eng.belta.by/politics/view/1", "BelTA", "state news agency", "BelTA"),
        ("https://someblog.wordpress.com/2024/01/01/nato/", "someblog.wordpress.com", "blog or aggregator", "blog"),
        ("https://www.example-news.org/story/1", "example-news.org", "unknown", "other"),
    ],
)
def test_url_names_the_publisher(url, outlet, outlet_type, group):
    found = detect_outlet("NATO drills\n\nThe alliance began drills on Monday.", url=url)
    assert (found.outlet, found.outlet_type, found.group, found.source) == (outlet, outlet_type, group, "url")


def test_html_metadata_names_the_publisher():
    html = (
        '<html><head><link rel="canonical" href="https://ria.ru/20260220/nato.html">'
        '<meta property="og:site_name" content="РИА Новости"></head><body>x</body></html>'
    )
    found = detect_outlet("В НАТО прокомментировали учения\n\nАльянс начал учения.", html=html)
    assert found.outlet == "RIA Novosti"
    assert found.evidence.startswith("HTML canonical link ria.ru is RIA Novosti's domain")
    assert "HTML og:site_name 'РИА Новости'" in found.evidence


def test_tagging_an_html_file_reads_its_head_for_publisher_and_date(tmp_path):
    # The page itself names no publisher in its text: only the head does.
    (tmp_path / "page.html").write_text(
        '<html><head><link rel="canonical" href="https://de.rt.com/europa/12345-nato-manoever/">'
        '<meta property="article:published_time" content="2025-03-04T09:15:00+00:00"></head>'
        "<body><h1>Nato-Manöver an der Ostflanke</h1><p>Die Nato hat am Montag ein Manöver begonnen.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "plain.txt").write_text("Nato-Manöver\n\nDie Nato hat am Montag ein Manöver begonnen.\n", "utf-8")
    rows = tag(tmp_path).articles.set_index("id")
    assert rows.loc["page", "outlet"] == "RT"
    assert rows.loc["page", "outlet_evidence"].startswith("HTML canonical link de.rt.com is RT's domain")
    assert (rows.loc["page", "published"], rows.loc["page", "published_source"]) == (
        "2025-03-04",
        "HTML article:published_time",
    )
    assert rows.loc["plain", "outlet"] == "unknown"
    assert rows.loc["plain", "published_source"] == "none"


@pytest.mark.parametrize(
    ("text", "outlet", "where"),
    [
        ("Nato-Manöver\n\nDie Nato übt an der Grenze.\n\n© RT DE", "RT", "copyright line '© RT DE'"),
        ("Drills\n\nRussia began drills.\n\nCopyright 2022 Reuters", "Reuters", "copyright line"),
        (
            "Sputnik Deutschland\n\nNato-Manöver\n\nDie Nato übt an der Grenze.",
            "Sputnik",
            "site line 'Sputnik Deutschland'",
        ),
        (
            "Nato-Gipfel\n\nDie Allianz tagt.\n\nhttps://p.dw.com/p/1BKuF",
            "DW",
            "page address 'https://p.dw.com/p/1BKuF'",
        ),
        (
            "Startseite\n\nZu weiteren Angeboten der DW springen\n\nNato-Gipfel in Vilnius\n\nDie Allianz tagt.",
            "DW",
            "navigation line",
        ),
        (
            "Interview\n\nSPIEGEL ONLINE: Herr Generalsekretär, was tun Sie?\n\n"
            "Stoltenberg: Wir stärken die Abschreckung.\n\nSPIEGEL ONLINE: Und Russland?\n\n"
            "Stoltenberg: Moskau muss sich an Verträge halten.",
            "Der Spiegel",
            "interview questions labelled 'SPIEGEL ONLINE:'",
        ),
        (
            "NATO and Finland\n\nThe Kremlin said Finland's move was a threat.\n\n"
            "Ivan Petrov writes for The Moscow Times on defence and foreign policy.",
            "The Moscow Times",
            "the page speaks as The Moscow Times",
        ),
    ],
)
def test_signatures_name_the_publisher(text, outlet, where):
    found = detect_outlet(text)
    assert found.outlet == outlet and found.source == "signature"
    assert where in found.evidence


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("A note from our editors: Ivan Petrov writes for The Moscow Times on defence.", "The Moscow Times"),
        ("Calls for talks grew louder as the summit opened; Ivan Petrov reports for Meduza.", "Meduza"),
        ("Ivan Petrov rewrites for The Moscow Times what others said.", "unknown"),
    ],
)
def test_a_bio_is_found_anywhere_in_its_line_after_a_whole_word(line, outlet):
    text = f"NATO and Finland\n\nThe Kremlin said Finland's move was a threat.\n\n{line}"
    assert detect_outlet(text).outlet == outlet


def test_photo_credits_are_not_the_publisher():
    text = "NATO summit\n\n© AP Photo/Geert Vanden Wijngaert\n\nMOSCOW, March 11. /TASS/. Russia criticised the summit."
    found = detect_outlet(text)
    assert found.outlet == "TASS" and found.original_source is None


def test_source_line_marks_a_reprint_of_agency_copy():
    text = "Nato\n\nDie Nato verstärkt ihre Präsenz im Baltikum.\n\nQuelle: dpa"
    found = detect_outlet(text, url="https://www.nordkurier.de/politik/nato-1")
    assert (found.outlet, found.original_source) == ("Nordkurier", "dpa")
    assert "reprint of dpa copy: source line 'Quelle: dpa'" in found.evidence


def test_aggregator_with_agency_dateline_is_the_aggregators_reprint():
    text = (
        "Bbabo NET\n\nNews\n\nLukashenko on NATO\n\n"
        "MINSK, 19 November (BelTA) – The NATO build-up near the border is a threat, the minister said."
    )
    found = detect_outlet(text)
    assert (found.outlet, found.group, found.original_source) == ("Bbabo NET", "blog", "BelTA")
    assert found.citations == ()  # the copy's own agency is its source, not a citation


def test_two_names_in_one_dateline_are_publisher_and_source():
    text = "Peskov\n\nMOSCOW (UrduPoint News / Sputnik - 26th December, 2021) Moscow regards NATO entry as a threat."
    found = detect_outlet(text)
    assert (found.outlet, found.original_source) == ("UrduPoint", "Sputnik")


def test_agency_dateline_without_a_publisher_may_be_a_reprint():
    found = detect_outlet("Drills\n\nMINSK, 5 March (BelTA) – Drills began.")
    assert found.outlet == "BelTA" and found.original_source is None
    assert "the page names no other publisher (a reprint would look the same)" in found.evidence


@pytest.mark.parametrize(
    ("text", "citations"),
    [
        ("Talks\n\nThe talks ended on Monday, the BelTA news agency quoted the president as saying.", ("BelTA",)),
        ("Учения\n\nУчения начались в понедельник, сообщает ТАСС со ссылкой на штаб.", ("TASS",)),
        ("Gespräche\n\nDie Gespräche endeten, meldete die Agentur Interfax.", ("Interfax",)),
        ("Paratroopers\n\nA spokesman told ITAR-TASS on Wednesday that drills will be held.", ("ITAR-TASS",)),
    ],
)
def test_an_agency_quoted_in_running_text_is_a_citation(text, citations):
    found = detect_outlet(text)
    assert found.outlet == "unknown" and found.citations == citations


def test_own_dateline_is_never_a_citation():
    found = detect_outlet("Drills\n\nMOSCOW, May 4. /TASS/. Drills began, TASS learned from the ministry.")
    assert found.outlet == "TASS" and found.citations == ()


def test_manifest_overrides_the_text(seed_texts):
    segments = segment_text(seed_texts["rt_style"])
    found = attribute_outlet(segments, manifest=ManifestEntry(file="x.txt", outlet="TASS"))
    assert (found.outlet, found.outlet_type, found.source, found.confidence) == (
        "TASS",
        "state news agency",
        "manifest",
        1.0,
    )
    assert found.evidence.startswith("manifest: outlet=TASS")


def test_a_manifest_url_that_is_not_an_address_warns_and_the_text_decides():
    manifest = ManifestEntry(file="x.txt", url="not a url")
    found = attribute_outlet(segment_text("Drills\n\nMINSK, 5 March (BelTA) – Drills began."), manifest=manifest)
    assert found.outlet == "BelTA"
    assert found.warnings == ("manifest url 'not a url' is not a web address: ignored",)


def test_registry_has_forty_outlets_with_aliases_in_every_script():
    registry = shipped_registry()
    assert len(registry.entries) >= 40 and registry.warnings == ()
    assert registry.by_name("ИТАР-ТАСС").outlet == "TASS"
    assert registry.by_name("БЕЛТА").outlet == "BelTA"
    assert registry.by_name("RT на русском").outlet == "RT"
    assert registry.by_name("Спутник").outlet == "Sputnik"
    assert registry.by_host("deutsch.rt.com").outlet == "RT"
    assert "2022/351" in registry.by_name("RT").source
    assert outlet_types()["Sputnik"] == "state broadcaster"


def test_user_rows_add_an_outlet_and_bad_rows_only_warn(tmp_path):
    (tmp_path / "outlets.csv").write_text(
        "outlet,aliases,domains,outlet_type,group,country,state_affiliation,source\n"
        "Minsker Bote,Minsker Bote,minsker-bote.by,private media,other,BY,none,my own corpus\n"
        "Broken,,broken.example,,other,,,missing type\n"
        "Copycat,,tass.com,blog or aggregator,blog,,,claims TASS's domain\n",
        encoding="utf-8",
    )
    registry = load_registry(tmp_path / "outlets.csv")
    assert registry.by_host("news.minsker-bote.by").outlet == "Minsker Bote"
    assert "outlets.csv line 3: empty outlet_type: row skipped" in registry.warnings
    assert "outlets.csv: domain tass.com is claimed by Copycat and TASS; first kept" in registry.warnings


def test_tag_reads_user_rows_from_the_data_directory(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.txt").write_text("Nato-Manöver\n\nDie Nato übt an der Grenze zu Belarus.\n", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(
        "id,file,url\none,raw/one.txt,https://minsker-bote.by/a/1\n", encoding="utf-8"
    )
    (tmp_path / "outlets.csv").write_text(
        "outlet,aliases,domains,outlet_type\nMinsker Bote,,minsker-bote.by,private media\nBad row,,x.example,\n",
        encoding="utf-8",
    )
    articles = tag(raw).articles.set_index("id")
    assert articles.loc["one", "outlet"] == "Minsker Bote"
    assert articles.loc["one", "outlet_group"] == "other"
    assert "outlets.csv line 3: empty outlet_type: row skipped" in capsys.readouterr().err


def test_one_article_file_reads_the_user_rows_and_manifest_of_its_corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.txt").write_text("Nato-Manöver\n\nDie Nato übt an der Grenze zu Belarus.\n", encoding="utf-8")
    (raw / "other.txt").write_text("Ein anderer Text über die Nato und Russland.\n", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(
        "id,file,url\none,raw/one.txt,https://minsker-bote.by/a/1\n", encoding="utf-8"
    )
    (tmp_path / "outlets.csv").write_text(
        "outlet,aliases,domains,outlet_type\nMinsker Bote,,minsker-bote.by,private media\n", encoding="utf-8"
    )
    run = tag_to_files(raw / "one.txt", tmp_path / "out")
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert run.n_articles == 1
    assert (articles.loc[0, "id"], articles.loc[0, "outlet"]) == ("one", "Minsker Bote")


def test_a_broken_user_registry_file_never_stops_a_run(tmp_path):
    (tmp_path / "outlets.csv").write_bytes(b"\xff\xfe\x00garbage")
    registry = load_registry(tmp_path / "outlets.csv")
    assert registry.entries == shipped_registry().entries
    assert any("outlets.csv" in w and "skipped" in w for w in registry.warnings)


def test_articles_table_has_original_source_and_group(seed_tags):
    articles = seed_tags.articles.set_index("id")
    assert articles["outlet_group"].to_dict() == {
        "bbabo_2022": "blog",
        "belta_2017": "BelTA",
        "blog_2014": "blog",
        "rt_style": "RT-style",
        "tass_2022": "TASS",
    }
    assert articles["original_source"].isna().all()
    assert pd.isna(articles.loc["tass_2022", "warning"])

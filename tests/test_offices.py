"""A title resolves to the person who held the office on the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from framing.offices import holder, resolve_title


@pytest.mark.parametrize(
    ("text", "on", "speaker"),
    [
        ("sagte Nato-Generalsekretär Anders Fogh Rasmussen", date(2014, 4, 2), "Rasmussen"),
        ("erklärte der Nato-Generalsekretär am Rande des Gipfels", date(2019, 4, 4), "Stoltenberg"),
        ("the NATO Secretary General told reporters", date(2025, 6, 25), "Rutte"),
        ("заявил генсек НАТО в Брюсселе", date(2023, 7, 11), "Stoltenberg"),
        ("the Russian Defence Minister said", date(2023, 1, 1), "Shoigu"),
        ("the Russian Defense Minister said", date(2025, 1, 1), "Belousov"),
        ("сообщил пресс-секретарь Кремля", date(2016, 5, 1), "Peskov"),
        ("US-Präsident Trump", date(2018, 7, 11), "Trump"),
        ("the U.S. President said", date(2022, 3, 1), "Biden"),
        ("Bundeskanzler bei der Pressekonferenz", date(2023, 2, 1), "Scholz"),
    ],
)
def test_title_resolves_to_the_holder_on_the_date(text, on, speaker):
    resolved = resolve_title(text, on)
    assert resolved is not None and resolved[0] == speaker
    assert f"held by {speaker} on {on.isoformat()}" in resolved[1]


def test_without_a_date_the_office_speaks():
    assert resolve_title("sagte der Nato-Generalsekretär", None) == (
        "NATO Secretary General",
        "title 'Nato-Generalsekretär' (no article date): the office speaks",
    )


def test_term_boundaries():
    assert holder("NATO Secretary General", date(2014, 9, 30)) == "Rasmussen"
    assert holder("NATO Secretary General", date(2014, 10, 1)) == "Stoltenberg"
    assert holder("NATO Secretary General", date(2001, 1, 1)) is None


def test_no_title_no_resolution():
    assert resolve_title("Rutte said the alliance was ready", date(2025, 1, 1)) is None

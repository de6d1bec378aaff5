"""The `auto` engine routes by language, from its routing table, and says who decided."""

import importlib

import pytest

from framing.stance import get_engine
from framing.types import StanceInput

auto = importlib.import_module("framing.stance.auto")

ITEMS = [
    StanceInput("Die Nato bedroht Russland.", "NATO", (4, 8), "de"),
    StanceInput("НАТО угрожает России.", "NATO", (0, 4), "ru"),
    StanceInput("NATO threatens Russia.", "NATO", (0, 4), "it"),
]


def test_routing_table_is_data_with_a_fallback():
    table = auto.routing_table()
    assert set(table) >= {"en", "de", "ru", "*"}
    assert table["*"] == "lexicon"
    assert all(engine in ("lexicon", "linear", "learned") for engine in table.values())


@pytest.mark.parametrize(("index", "engine"), [(0, "lexicon"), (1, "linear"), (2, "lexicon")])
def test_each_mention_names_the_engine_that_decided(index, engine):
    routes = {"de": "lexicon", "ru": "linear", "*": "lexicon"}
    results = auto.AutoEngine(routes).score(ITEMS)
    assert results[index].evidence.startswith(f"[{engine}] ")
    assert results[index].label.value == "against"


def test_an_engine_that_cannot_run_falls_back():
    engine = auto.AutoEngine({"de": "no-such-engine", "*": "lexicon"})
    result = engine.score(ITEMS[:1])[0]
    assert result.evidence.startswith("[lexicon] ")


def test_order_is_kept_and_output_is_deterministic():
    engine = get_engine("auto", routes={"de": "linear", "ru": "lexicon", "*": "linear"})
    first = engine.score(ITEMS)
    assert [r.evidence.split("]")[0] for r in first] == ["[linear", "[lexicon", "[linear"]
    assert first == engine.score(ITEMS)


def test_empty_input():
    assert auto.AutoEngine({"*": "lexicon"}).score([]) == []

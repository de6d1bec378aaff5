from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from framing import paths
from framing.corpus import load_corpus
from framing.pipeline import tag
from framing.types import Corpus, Tags

# The learned engine's feature cache goes to a throw-away folder, not ~/.cache/framing
# (set before any test or notebook kernel starts, so subprocesses inherit it).
os.environ.setdefault("FRAMING_CACHE_DIR", tempfile.mkdtemp(prefix="framing-test-cache-"))
# A researcher's own corpus ($FRAMING_DATA) never changes what the shipped tests see; the
# tests that run on another corpus set it themselves.
os.environ.pop(paths.DATA_ENV, None)

SEED_IDS = ["bbabo_2022", "belta_2017", "blog_2014", "rt_style", "tass_2022"]

# Property tests: "ci" is fixed and quick (the same examples every run, so CI never fails
# on a first-time find); "explore" searches with fresh random examples. Deadline off:
# one example tags a file (disk, langdetect, trafilatura).
settings.register_profile(
    "ci", max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return load_corpus(paths.RAW_DIR)


@pytest.fixture(scope="session")
def seed_tags(seed_corpus: Corpus) -> Tags:
    return tag(seed_corpus)


@pytest.fixture(scope="session")
def seed_texts(seed_corpus: Corpus) -> dict[str, str]:
    return {a.id: a.text for a in seed_corpus.articles}


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (raw files + manifest) for tests that add files."""
    target = tmp_path / "data"
    shutil.copytree(paths.RAW_DIR, target / "raw")
    shutil.copy(paths.MANIFEST, target / "articles.csv")
    return target


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    if not paths.SEED_ARTICLES_DIR.is_dir():
        pytest.skip(f"../shared is absent: {paths.SEED_ARTICLES_DIR} not found (CI provides it)")
    return paths.SEED_ARTICLES_DIR

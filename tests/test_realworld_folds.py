"""The real-world corpus's blind test fold stays blind: its files are fixed by sha256, and
nothing that shapes the tagger (resource files, engines, baselines, training code, a dev
evaluation) opens one of them or names one."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys

from framing import paths

REALWORLD = paths.REALWORLD_DIR
RESOURCES = paths.PROJECT_ROOT / "framing" / "resources"


def _folds() -> dict[str, str]:
    with (REALWORLD / "folds.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["fold"] for row in csv.DictReader(handle)}


def test_every_article_is_in_exactly_one_fold():
    with (REALWORLD / "provenance.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    folds = _folds()
    assert sorted(folds) == sorted(ids)
    assert set(folds.values()) == {"dev", "test"}
    assert 0.35 <= list(folds.values()).count("test") / len(folds) <= 0.45


def test_test_fold_files_match_their_committed_sha256():
    listed = {}
    for line in (REALWORLD / "test_fold.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        listed[name] = digest
    test_ids = sorted(i for i, fold in _folds().items() if fold == "test")
    assert sorted(listed) == [f"raw/{i}.txt" for i in test_ids]
    for name, digest in listed.items():
        assert hashlib.sha256((REALWORLD / name).read_bytes()).hexdigest() == digest, name


def test_no_resource_or_training_code_names_a_test_article():
    test_ids = [i for i, fold in _folds().items() if fold == "test"]
    named = re.compile(r"\b(" + "|".join(map(re.escape, test_ids)) + r")\b")
    checked = [*RESOURCES.rglob("*.csv"), *RESOURCES.rglob("*.md"), *(paths.PROJECT_ROOT / "framing").rglob("*.py")]
    offenders = [str(p) for p in checked if named.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


_GUARDED_RUN = r"""
import json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        opened.append(os.path.realpath(args[0]))
sys.addaudithook(hook)

from importlib.resources import files
from framing.resources import read_table
from framing.stance import get_engine
from framing.types import StanceInput
from framing.evaluate.baselines import KeywordBaseline
from framing.evaluate.annotated import load_annotated_corpus
from framing.evaluate.corpus_report import evaluate_annotated
import framing.stance.training  # noqa: F401  (the training code imports, reads nothing here)

for entry in files("framing.resources").iterdir():
    if entry.name.endswith(".csv"):
        read_table(entry.name)
items = [StanceInput("NATO threatens Russia.", "NATO", (0, 4), "en"),
         StanceInput("Die Nato bedroht Russland.", "NATO", (4, 8), "de"),
         StanceInput("НАТО угрожает России.", "NATO", (0, 4), "ru")]
get_engine("lexicon").score(items)
KeywordBaseline().score(items)
evaluate_annotated(load_annotated_corpus(sys.argv[1], fold="dev"), engine=get_engine("lexicon"))
print(json.dumps(opened))
"""


def test_resources_engines_and_a_dev_evaluation_open_no_test_file():
    run = subprocess.run(
        [sys.executable, "-c", _GUARDED_RUN, str(REALWORLD)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    opened = set(json.loads(run.stdout.strip().splitlines()[-1]))
    raw = (REALWORLD / "raw").resolve()
    test_files = {str(raw / f"{i}.txt") for i, fold in _folds().items() if fold == "test"}
    dev_files = {str(raw / f"{i}.txt") for i, fold in _folds().items() if fold == "dev"}
    assert opened & dev_files, "the guard saw no dev file opened: the hook is not watching"
    assert sorted(opened & test_files) == []

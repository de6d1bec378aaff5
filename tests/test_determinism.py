"""Same input, same bytes: `tag` output does not depend on the run or on string hashing."""

from __future__ import annotations

import shutil
from pathlib import Path

from framing import paths
from tests import bad_input_files
from tests.cli_runner import run_framing


def _tag(data: Path, out: Path, hash_seed: str) -> dict[str, bytes]:
    result = run_framing("tag", str(data), "-o", str(out), env={"PYTHONHASHSEED": hash_seed})
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def test_tables_are_byte_identical_across_runs_and_hash_seeds(tmp_path):
    # The seeds plus every bad input: encodings, HTML, errors and warnings all go through.
    data = tmp_path / "data"
    shutil.copytree(paths.RAW_DIR, data / "raw")
    shutil.copy(paths.MANIFEST, data / "articles.csv")
    bad = data / "raw" / "bad"
    bad_input_files.write(bad)
    (bad / "articles.csv").unlink()  # one manifest per corpus: the seeds'
    first = _tag(data / "raw", tmp_path / "one", "0")
    second = _tag(data / "raw", tmp_path / "two", "4242")
    assert sorted(first) == [
        "articles.csv",
        "articles.parquet",
        "mentions.csv",
        "mentions.parquet",
        "segments.csv",
        "segments.parquet",
    ]
    assert first == second
    assert first["articles.csv"].count(b"\n") == 5 + len(bad_input_files.FILES) - 1 + 1  # rows + header

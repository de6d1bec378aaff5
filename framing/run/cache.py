"""The result cache: each article's rows, reused while nothing they depend on has
changed, and the tables of the last few complete runs.

An article's key holds exactly what its rows depend on: the sha256 of its bytes, its id,
its path as written and its manifest row; the stance engine (name, version, model); the
source of the tagging code and its resource files (`TAGGING_CODE`, not the whole
package: editing a plot re-tags nothing); and the versions of the libraries that shape
tags (`TAGGING_LIBRARIES`, and the engine's own). Rows live in a `diskcache.Cache`
(SQLite, safe to share between processes), which drops the rows stored longest ago once
it holds more than `SIZE_LIMIT` bytes.

A complete run's tables are kept as hard links under a key over every article's key
(`run_key`), so a re-run on an unchanged corpus publishes them again instead of writing
them (writing is most of such a run's time).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path

from framing.outlets import Registry
from framing.run.columns import Rows
from framing.types import ManifestEntry, StanceEngine

#: Files and folders of the package (relative to it) whose code or data shape the rows.
#: A test checks that every module the tagging code imports is listed.
TAGGING_CODE = (
    "types.py",
    "files.py",
    "ingest",
    "validate.py",
    "encoding.py",
    "extract.py",
    "segment.py",
    "language.py",
    "metadata.py",
    "outlets",
    "mentions",
    "offices.py",
    "matching.py",
    "lemmas.py",
    "stance",
    "timing.py",
    "run/article.py",
    "run/columns.py",
    "resources",
)
#: Distributions whose versions shape the rows (HTML extraction, decoding, language).
TAGGING_LIBRARIES = (
    "trafilatura",
    "lxml",
    "lxml_html_clean",
    "justext",
    "htmldate",
    "courlan",
    "charset-normalizer",
    "langdetect",
    "py3langid",
    "pyahocorasick",
    "simplemma",
    "numpy",
)
#: Distributions that shape the rows of an engine other than the lexicon (a model's output).
MODEL_LIBRARIES = ("torch", "transformers", "tokenizers", "safetensors")
#: Bytes of rows kept before the oldest are dropped.
SIZE_LIMIT = 4 * 2**30
#: Complete runs whose tables are kept (the most recent ones).
KEEP_RUNS = 3
#: Changes when the layout of the stored rows changes.
FORMAT = "rows-1"

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = frozenset({".py", ".csv", ".txt", ".json", ".safetensors"})


def tagging_files() -> list[Path]:
    """The files `TAGGING_CODE` names, sorted (entries that do not exist are skipped)."""
    found: set[Path] = set()
    for entry in TAGGING_CODE:
        path = _PACKAGE / entry
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix in _CODE_SUFFIXES)
        elif path.is_file():
            found.add(path)
    return sorted(found)


@cache
def tagging_digest() -> str:
    """sha256 over the tagging code, its resources and the versions of the libraries
    that shape tags (see the module docstring)."""
    digest = hashlib.sha256()
    for path in tagging_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps([sys.version_info[:2], library_versions(TAGGING_LIBRARIES)]).encode())
    return digest.hexdigest()


def library_versions(names: Sequence[str]) -> dict[str, str]:
    """Installed version of each distribution ('-' when it is not installed)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def engine_key(engine: StanceEngine, registry: Registry | None = None) -> str:
    """What an engine's scores depend on: its name, version, model and (for a model) the
    versions of the libraries that run it; and a user's outlet rows, when there are any
    (the shipped ones are part of the tagging resources)."""
    libraries = library_versions(MODEL_LIBRARIES) if engine.name != "lexicon" else {}
    parts = [engine.name, engine.version, str(getattr(engine, "model_name", "")), libraries]
    if registry is not None and registry.fingerprint:
        parts.append({"user outlet rows": registry.fingerprint})
    return json.dumps(parts, sort_keys=True, default=str)


def article_key(*, sha256: str, article_id: str, source: str, manifest: ManifestEntry | None, engine: str) -> str:
    """The key of one article's rows (`engine`: its `engine_key`)."""
    entry = [getattr(manifest, f.name) for f in fields(manifest)] if manifest else None
    parts = [FORMAT, tagging_digest(), engine, sha256, article_id, source, entry]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def run_key(article_keys: Sequence[str], *, chunk_size: int, parquet: bool) -> str:
    """The key of a whole run's tables: every article's key (or, for an article that has
    none, what decides its row) in order, the chunk size (Parquet row groups follow it)
    and the formats."""
    digest = hashlib.sha256(json.dumps([FORMAT, tagging_digest(), chunk_size, parquet]).encode())
    for key in article_keys:
        digest.update(key.encode())
        digest.update(b"\n")
    return digest.hexdigest()


class ResultCache:
    """Rows by article key (`get`, `put_many`) and tables by run key (`keep_tables`,
    `restore_tables`) in the folder `directory`."""

    def __init__(self, directory: str | Path, *, size_limit: int = SIZE_LIMIT) -> None:
        import diskcache

        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        # SQLite's own page cache small and no memory map: rows are read once per run, and
        # diskcache's defaults (32 MB cache, 64 MB map per connection) add to peak memory.
        self._rows = diskcache.Cache(
            str(self.directory / "rows"), size_limit=size_limit, sqlite_cache_size=1024, sqlite_mmap_size=0
        )
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Rows | None:
        """The rows stored under `key`, or None."""
        rows = self._rows.get(key)
        if rows is None:
            self.misses += 1
            return None
        self.hits += 1
        return rows

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def put_many(self, entries: dict[str, Rows]) -> None:
        """Store several articles' rows (in one transaction)."""
        if not entries:
            return
        with self._rows.transact():
            for key, rows in entries.items():
                self._rows.set(key, rows)

    def close(self) -> None:
        self._rows.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- whole runs ---------------------------------------------------------------------

    def _run_dir(self, key: str) -> Path:
        return self.directory / "tables" / key

    def restore_tables(self, key: str, folder: Path) -> dict | None:
        """Put the files of an earlier run with this key into `folder` and return its
        summary; None when there is no such run or a kept file no longer has the bytes it
        was written with (an output edited in place edits its hard link here)."""
        from framing.files import InputError, sha256_file

        stored = self._run_dir(key)
        try:
            summary = json.loads((stored / "run.json").read_text(encoding="utf-8"))
            names = summary.pop("sha256")
            if any(sha256_file(stored / name) != digest for name, digest in names.items()):
                raise ValueError("changed since")
        except (OSError, ValueError, KeyError, InputError):
            shutil.rmtree(stored, ignore_errors=True)
            return None
        for name in names:
            _link_or_copy(stored / name, folder / name)
        os.utime(stored)  # most recently used
        return summary

    def keep_tables(self, key: str, files: Sequence[Path], summary: dict) -> None:
        """Keep a complete run's files (hard links where the file system allows) with its
        summary, and drop all but the newest `KEEP_RUNS` runs."""
        from framing.files import sha256_file

        stored = self._run_dir(key)
        shutil.rmtree(stored, ignore_errors=True)
        stored.mkdir(parents=True)
        for path in files:
            _link_or_copy(path, stored / path.name)
        summary = summary | {"sha256": {p.name: sha256_file(p) for p in files}}
        (stored / "run.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        runs = sorted((p for p in stored.parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns)
        for old in runs[:-KEEP_RUNS]:
            shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)

"""The corpus plan: which articles a data directory holds, without reading any text.

Files below the data directory are joined with the manifest's rows by the file they
resolve to. A manifest path must stay inside the data directory once resolved (no
absolute paths, no '..' or symbolic link that leads out); a row that leaves it, names
no file, names the same file as an earlier row, or cannot be parsed is an error row of
its own and nothing is read for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from framing.files import display_name, printable, within
from framing.ingest.listing import Found, list_inputs
from framing.ingest.manifest import MANIFEST_NAME, OUTLET_ROWS_NAME, find_manifest, read_manifest_checked
from framing.types import ManifestEntry

NON_UTF8_NAME = "file name is not valid UTF-8 (written with \\x escapes)"


@dataclass(frozen=True)
class PlannedArticle:
    """One article to read: its id, file, manifest row, and an error known before reading
    (a manifest row that cannot become an article, a duplicate id, a FIFO, a link that
    leaves the data directory)."""

    id: str
    path: Path
    manifest: ManifestEntry | None
    error: str | None = None
    read_file: bool = True  # False: nothing is read (the error says why)
    source: str = ""  # the path as written in the tables: relative to the data directory
    warning: str | None = None  # readable, but something is odd (a file name that is not UTF-8)


def plan_corpus(
    path: str | Path, *, manifest: str | Path | None = None, exclude: Iterable[str | Path] = ()
) -> tuple[PlannedArticle, ...]:
    """Every article of the data directory `path`, sorted by id, without reading any text.

    The manifest defaults to ``articles.csv`` in `path` or its parent; its ``file`` column
    is relative to the manifest's folder. Files without a manifest row get their file
    stem as id. Folders in `exclude` (an output or cache folder inside the data
    directory) are not inputs. Raises `NotADirectoryError` for a data directory that is
    not one, and `ManifestError` for an unusable manifest.

    `path` may also name one file: the plan is that article alone, read as in its folder
    (with the folder's manifest row for it, if any); the folder's other files and rows are
    not part of the run."""
    root = Path(path)
    only: str | None = None  # the one file to plan, by its resolved path
    if root.is_file():
        only, root = os.path.realpath(root), root.parent
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {root}")
    root_real = os.path.realpath(root)
    manifest_path = Path(manifest) if manifest is not None else find_manifest(root)
    entries, row_errors = read_manifest_checked(manifest_path) if manifest_path else ([], [])
    manifest_source = _source_of(os.path.relpath(os.path.realpath(manifest_path), root_real)) if manifest_path else ""

    by_file: dict[str, ManifestEntry] = {}
    # (wanted id, error) of the manifest rows that cannot become a file's row
    unmatched: list[tuple[str, ManifestEntry | None, str]] = []
    for line, entry in entries:
        target, problem = _manifest_target(manifest_path.parent, entry.file, root_real)
        wanted_id = entry.id or f"manifest-line-{line}"
        if problem is not None:
            unmatched.append((wanted_id, entry, f"manifest line {line}: {problem}: {printable(entry.file)}"))
        elif only is not None and target != only:
            continue  # another file's row: not part of this run
        elif target in by_file:
            reason = f"manifest line {line} names the same file as an earlier row: {printable(entry.file)}"
            unmatched.append((wanted_id, entry, reason))
        else:
            by_file[target] = entry
    if only is None:  # a row that names no file cannot be told to be the one file's
        unmatched += [(f"manifest-line-{e.line}", None, f"manifest line {e.line}: {e.reason}") for e in row_errors]

    skipped = {os.path.realpath(p) for p in (*exclude, *([manifest_path] if manifest_path else []))}

    def skip(name: str, entry_path: str) -> bool:
        if only is not None and os.path.realpath(entry_path) != only:
            return True
        return name in (MANIFEST_NAME, OUTLET_ROWS_NAME) or name.upper().startswith("README") or entry_path in skipped

    planned: list[PlannedArticle] = []
    taken: set[str] = set()

    def add(wanted_id: str, **fields: object) -> None:
        article_id, duplicate = _unique_id(wanted_id, taken)
        taken.add(article_id)
        if duplicate and fields.get("error") is None:
            fields["error"] = duplicate
        planned.append(PlannedArticle(article_id, **fields))

    listed: set[str] = set()
    for found in list_inputs(root_real, skip=skip):
        entry = by_file.get(str(found.path))
        listed.add(str(found.path))
        add(
            entry.id if entry and entry.id else _id_of(found),
            path=found.path,
            manifest=entry,
            error=found.problem,
            read_file=found.problem is None,
            source=found.shown,
            warning=NON_UTF8_NAME if found.shown != "/".join(found.parts) else None,
        )
    if only is not None and not listed and only not in by_file:  # a name the walk passes over: say why
        reason = "not read as an article: a manifest, outlet list, README or hidden file"
        add(
            Path(only).stem or Path(only).name,
            path=Path(only),
            manifest=None,
            error=reason,
            read_file=False,
            source=Path(only).name,
        )
    for target, entry in by_file.items():
        if target not in listed:  # hidden, missing, or not listed for another reason: read as named
            source = _source_of(os.path.relpath(target, root_real))
            add(entry.id or Path(source).stem, path=Path(target), manifest=entry, source=source)
    for wanted_id, entry, reason in unmatched:
        add(wanted_id, path=manifest_path, manifest=entry, error=reason, read_file=False, source=manifest_source)
    return tuple(sorted(planned, key=lambda p: p.id))


def _manifest_target(folder: Path, cell: str, root: str) -> tuple[str, str | None]:
    """The resolved file a manifest cell names, or why it cannot be read."""
    if os.path.isabs(cell):
        return "", "an absolute path (paths are relative to the manifest's folder; not read)"
    target = os.path.realpath(os.path.join(folder, cell))
    if not within(target, root):
        return target, "the file is outside the data directory (not read)"
    return target, None


def _source_of(relative: str) -> str:
    return "/".join(display_name(part) for part in Path(relative).parts)


def _id_of(found: Found) -> str:
    name = display_name(found.parts[-1])
    return name if found.problem and found.problem.startswith("folder") else Path(name).stem or name


def _unique_id(wanted: str, taken: set[str]) -> tuple[str, str | None]:
    if wanted not in taken:
        return wanted, None
    n = 2
    while f"{wanted}~{n}" in taken:
        n += 1
    return f"{wanted}~{n}", f"duplicate id '{wanted}'"

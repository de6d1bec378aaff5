"""Walking a data directory: every entry below it is an input file or a problem with a reason.

Hidden entries (a name starting with '.') are not inputs and hidden folders are not
walked. Symbolic links are followed only to regular files that stay inside the data
directory; a link to a folder is not walked into (so no loop can be walked), and a link
that leaves the data directory is a problem, never read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from framing.files import display_name, kind_of, os_reason, within


@dataclass(frozen=True)
class Found:
    """One entry below the data directory."""

    parts: tuple[str, ...]  # its path relative to the data directory, as listed
    path: Path  # where its bytes are: a link is resolved (below the data directory)
    problem: str | None = None  # why it is not read, when it is not

    @property
    def shown(self) -> str:
        """The relative path as written in the tables (always valid text)."""
        return "/".join(map(display_name, self.parts))


def list_inputs(root: str, *, skip: Callable[[str, str], bool]) -> list[Found]:
    """Every entry below the resolved directory `root`, sorted by relative path. `skip`
    (name, resolved path) leaves an entry out: the manifest, READMEs, output folders."""
    found: list[Found] = []
    below: list[tuple[tuple[str, ...], str]] = [((), root)]
    while below:
        parts, directory = below.pop()
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)
        except OSError as exc:
            if not parts:
                raise NotADirectoryError(f"cannot read the data directory {root}: {os_reason(exc)}") from None
            found.append(Found(parts, Path(directory), f"folder cannot be read: {os_reason(exc)}"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or skip(entry.name, entry.path):
                continue
            where = (*parts, entry.name)
            if entry.is_symlink():
                found.append(_linked(where, entry.path, root))
            elif entry.is_dir(follow_symlinks=False):
                below.append((where, entry.path))
            elif entry.is_file(follow_symlinks=False):
                found.append(Found(where, Path(entry.path)))
            else:
                found.append(Found(where, Path(entry.path), _not_regular(entry)))
    found.sort(key=lambda f: f.parts)
    return found


def _not_regular(entry: os.DirEntry) -> str:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return os_reason(exc)
    return f"not a regular file ({kind_of(mode)})"


def _linked(parts: tuple[str, ...], path: str, root: str) -> Found:
    """A symbolic link: a regular file inside `root` it leads to, or why not."""
    try:
        status = os.stat(path)
    except OSError as exc:
        return Found(parts, Path(path), _link_failure(exc, parts))
    target = os.path.realpath(path)
    if not within(target, root):
        return Found(parts, Path(path), "symbolic link leads outside the data directory (not read)")
    if stat.S_ISDIR(status.st_mode):
        return Found(parts, Path(path), "symbolic link to a folder (not followed)")
    if not stat.S_ISREG(status.st_mode):
        return Found(parts, Path(path), f"not a regular file ({kind_of(status.st_mode)})")
    return Found(parts, Path(target))


def _link_failure(exc: OSError, parts: tuple[str, ...]) -> str:
    reason = os_reason(exc)
    if reason == "file not found":  # a dangling link: as for a missing file
        return f"file not found: {display_name(parts[-1])}"
    return reason

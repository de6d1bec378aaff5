"""Opening input files safely: only regular files, never more than a size limit, and
names shown as valid text.

Opening a FIFO for reading waits for a writer, and a character device can be endless, so
a file is opened without blocking and checked with `fstat` on the open descriptor (the
file that is read is the file that was checked) before anything is read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

#: Read in pieces of this size when a file is only hashed.
_PIECE = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class InputError(OSError):
    """A file that cannot be used as input; `reason` says why in words for the tables."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooLargeError(InputError):
    """A regular file over the size limit (it is hashed, never decoded)."""

    def __init__(self, size: int, limit: int, sha256: str) -> None:
        super().__init__(f"file too large ({size:,} bytes > {limit:,})")
        self.size = size
        self.sha256 = sha256


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def os_reason(exc: OSError) -> str:
    """An OS error in words, without the path (tables must not depend on where files live)."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "file not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def within(path: str, root: str) -> bool:
    """Whether the resolved `path` is `root` or below it (both resolved, absolute)."""
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def display_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (which Python keeps as lone
    surrogates) are written as \\xNN escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def printable(text: str) -> str:
    """`text` with any lone surrogate written as an escape, so it can be stored as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return text


def _open_regular(path: str | Path, *, follow_links: bool) -> tuple[int, os.stat_result]:
    flags = _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise InputError(os_reason(exc)) from None
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode):
        os.close(handle)
        raise InputError(f"not a regular file ({kind_of(status.st_mode)})")
    return handle, status


def read_regular_file(path: str | Path, *, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at `path`. Raises `InputError` when it is not a
    regular file or cannot be read, `TooLargeError` (after hashing it) when it holds
    more than `limit` bytes."""
    handle, status = _open_regular(path, follow_links=follow_links)
    with os.fdopen(handle, "rb") as source:
        try:
            if status.st_size > limit:
                raise TooLargeError(status.st_size, limit, _sha256_of(source))
            # Read as much as fstat promised (one byte more to notice growth) and only then
            # up to the limit: read(limit + 1) would allocate limit + 1 bytes for every file.
            data = source.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew after fstat
                data += source.read(limit + 1 - len(data))
        except OSError as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(os_reason(exc)) from None
    if len(data) > limit:  # it grew after fstat
        raise TooLargeError(len(data), limit, hashlib.sha256(data).hexdigest())
    return data


def sha256_regular_file(path: str | Path, *, follow_links: bool = True) -> str:
    """sha256 of a regular file's bytes, read in pieces. Raises `InputError` as
    `read_regular_file` does."""
    handle, _ = _open_regular(path, follow_links=follow_links)
    with os.fdopen(handle, "rb") as source:
        try:
            return _sha256_of(source)
        except OSError as exc:
            raise InputError(os_reason(exc)) from None


def _sha256_of(source) -> str:
    digest = hashlib.sha256()
    while piece := source.read(_PIECE):
        digest.update(piece)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hash of a regular file (read in pieces, so a large one never sits in memory whole)."""
    return sha256_regular_file(path)

"""A hostile data directory, made at test time (links, FIFOs, sockets, devices, locked
folders and odd names cannot be committed), and what tagging must say about each entry.

`make(root)` writes `root/data` (the data directory, with its manifest) and
`root/outside` (a folder beside it whose secret must never reach a table), and returns
the expected (status, reason) of every row by id.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

SECRET = "SECRET-OUTSIDE-THE-DATA-DIRECTORY"
STORY = (
    "Talks on security in Minsk\n\n"
    "MINSK, 3 February. The defence ministers of Belarus and Russia met on Thursday, and NATO said it was "
    "watching the drills closely, the ministry said.\n"
)
NON_UTF8_NAME = "file name is not valid UTF-8 (written with \\x escapes)"
OUTSIDE_LINK = "symbolic link leads outside the data directory (not read)"

# id -> (status, error or warning that the row must hold; None: no reason)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "good": ("ok", None),
    "loop_a": ("error", "symbolic link loop"),
    "loop_b": ("error", "symbolic link loop"),
    "self_loop": ("error", "symbolic link loop"),
    "secret_link": ("error", OUTSIDE_LINK),
    "outside_dir": ("error", OUTSIDE_LINK),
    "inner_dir_link": ("error", "symbolic link to a folder (not followed)"),
    "pipe_row": ("error", "not a regular file (a FIFO)"),
    "sock": ("error", "not a regular file (a socket)"),
    "caf\\xe9": ("ok", NON_UTF8_NAME),
    "cr\rname": ("ok", None),
    "=cmd": ("ok", None),
    "formula_title": ("ok", None),
    "crowded": ("ok", "HTML: 1 tag(s) with more than 1,000 attributes kept without them"),
    "deep": ("ok", "HTML nested deeper than 1,000 elements: read without trafilatura"),
    "lt_storm": ("ok", "truncated HTML: ends inside a tag"),
    "nested": ("ok", None),
    "ghost": ("error", "file not found: ghost.txt"),
    "escape": ("error", "manifest line 3: the file is outside the data directory (not read): ../outside/secret.txt"),
    "absolute": (
        "error",
        "manifest line 4: an absolute path (paths are relative to the manifest's folder; not read): /etc/hostname",
    ),
    "through_link": (
        "error",
        "manifest line 5: the file is outside the data directory (not read): outside_dir/secret.txt",
    ),
    "manifest-line-6": ("error", "manifest line 6: NUL character in cell(s): title"),
    "manifest-line-8": ("error", "manifest line 8: expected 3 cells, found 4"),
}
#: Made only where the file system and the user allow it (see `make`).
LOCKED = {
    "locked": ("error", "folder cannot be read: permission denied"),
    "unreadable": ("error", "permission denied"),
}
DEVICE = {"null_device": ("error", "not a regular file (a character device)")}


def make(root: Path, *, locked: bool, device: bool) -> dict[str, tuple[str, str | None]]:
    """Write the hostile corpus under `root`; returns the expected rows (see module docstring)."""
    data, outside = root / "data", root / "outside"
    (data / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n\nNATO {SECRET}.\n", encoding="utf-8")
    expected = dict(EXPECTED)

    (data / "good.txt").write_text(STORY, encoding="utf-8")
    (data / "sub" / "nested.txt").write_text(STORY.replace("Minsk", "Brest"), encoding="utf-8")
    (data / "loop_a.txt").symlink_to("loop_b.txt")
    (data / "loop_b.txt").symlink_to("loop_a.txt")
    (data / "self_loop.txt").symlink_to("self_loop.txt")
    (data / "secret_link.txt").symlink_to(outside / "secret.txt")
    (data / "outside_dir").symlink_to(outside)
    (data / "inner_dir_link").symlink_to(data / "sub")
    os.mkfifo(data / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(data / "sock.txt"))
    with open(os.fsencode(data) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(STORY.encode())
    (data / "cr\rname.txt").write_text(STORY, encoding="utf-8")
    (data / "=cmd.txt").write_text(STORY, encoding="utf-8")
    (data / "formula_title.txt").write_text('=HYPERLINK("http://evil.example","click")\n\n' + STORY, encoding="utf-8")
    attributes = " ".join(f'a{i}="x"' for i in range(30_000))
    (data / "crowded.html").write_text(f"<html><body><p>{STORY}</p><div {attributes}>x</div></body></html>")
    deep = "<div>" * 5_000 + f"<p>{STORY}</p>" + "</div>" * 5_000
    (data / "deep.html").write_text(f"<html><body>{deep}</body></html>")
    (data / "lt_storm.html").write_text(f"<p>{STORY}</p>" + "<a" * 100_000, encoding="utf-8")
    (data / ".hidden.txt").write_text(SECRET, encoding="utf-8")  # hidden: not an input
    (data / "articles.csv").write_bytes(
        b"id,file,title\n"
        b"good,good.txt,\n"
        b"escape,../outside/secret.txt,\n"
        b"absolute,/etc/hostname,\n"
        b"through_link,outside_dir/secret.txt,\n"
        b"nul_title,good.txt,a title with \x00 inside\n"
        b"pipe_row,pipe.txt,\n"
        b"ragged,good.txt,one cell,too many\n"
        b"ghost,ghost.txt,\n"
        b'formula_title,formula_title.txt,"=HYPERLINK(""http://evil.example"",""click"")"\n'
    )
    if locked:
        (data / "locked").mkdir()
        (data / "locked" / "inside.txt").write_text(SECRET, encoding="utf-8")
        (data / "locked").chmod(0)
        (data / "unreadable.txt").write_text(STORY, encoding="utf-8")
        (data / "unreadable.txt").chmod(0)
        expected |= LOCKED
    if device:
        try:
            os.mknod(data / "null_device.txt", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except OSError:  # no right to make devices here (a container without CAP_MKNOD)
            pass
        else:
            expected |= DEVICE
    return expected


def unlock(root: Path) -> None:
    """Give the locked entries their permissions back (so the folder can be removed)."""
    for path in (root / "data" / "locked", root / "data" / "unreadable.txt"):
        if path.exists():
            path.chmod(0o755)

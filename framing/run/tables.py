"""Writing the tables: CSV through the `csv` module and Parquet through pyarrow, the same
bytes however the rows arrive (all at once, chunk by chunk, or as parts written by
workers and joined), and published as a whole set.

CSV follows the `csv` module's defaults (RFC 4180: CRLF line ends, so every cell holding
a CR or an LF is quoted and reads back as one cell). A text cell that starts with '=',
'+', '@', a tab or a CR gets a leading apostrophe in the CSV only, so a spreadsheet shows
it as text instead of running it as a formula; Parquet keeps the exact text.

A run writes its files into a fresh folder `OUT/.tables/run-*`, then points the link
`OUT/.tables/current` at it with one rename; `OUT/articles.csv` and the others are links
through `current`. Readers therefore see the old set or the new one, never a mix, and a
run killed at any moment leaves the last complete set in place. Folders of runs that
did not finish are removed by the next run into the same folder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # Windows: runs into one folder are not kept apart
    fcntl = None

from framing.run.columns import TABLE_COLUMNS, arrow_schema, float_columns, text_columns

if TYPE_CHECKING:
    import pandas as pd

    from framing.types import Tags

#: Text cells starting with one of these are written with a leading apostrophe in CSV.
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
_FORMULA_AFTER_SEPARATOR = re.compile("\x1f[=+@\t\r]")
TABLES_DIR = ".tables"
CURRENT = "current"
_STALE_TEMP = re.compile(r"^\.(articles|segments|mentions)\.(csv|parquet)\..*\.tmp$")


def csv_cell(text: str) -> str:
    """A text cell as written in CSV (see the module docstring)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _guarded(values: Sequence) -> Sequence:
    """A text column's values with `csv_cell` applied (one scan in C when nothing needs it)."""
    try:
        joined = "\x1f" + "\x1f".join(filter(None, values))
    except TypeError:  # not only text and None: check each value
        joined = "\x1f="
    if _FORMULA_AFTER_SEPARATOR.search(joined) is None:
        return values
    return [csv_cell(value) if isinstance(value, str) else value for value in values]


def _as_floats(values: Sequence) -> Sequence:
    # As pandas' astype: a whole number in a float column is written '1.0', not '1'.
    if set(map(type, values)) <= {float, type(None)}:
        return values
    return [value if value is None else float(value) for value in values]


def columns_of(table: str, rows: Sequence[Sequence]) -> list[Sequence]:
    """The rows of `table` (tuples in column order) as one sequence per column."""
    width = len(TABLE_COLUMNS[table])
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    if len(columns) != width:
        raise ValueError(f"{table}: rows of {len(columns)} values for {width} columns")
    return columns


def csv_text(table: str, columns: Sequence[Sequence], *, header: bool = False) -> str:
    """The CSV lines of rows given by column (see the module docstring for the rules)."""
    cells = [
        _as_floats(values) if is_float else _guarded(values) if is_text else values
        for values, is_text, is_float in zip(columns, text_columns(table), float_columns(table), strict=True)
    ]
    # The default newline ('\n') writes the text as it is, as '' would, without the
    # universal-newline decoder that '' runs on every write.
    text = io.StringIO()
    writer = csv.writer(text)
    if header:
        writer.writerow(TABLE_COLUMNS[table])
    writer.writerows(zip(*cells, strict=True))
    return text.getvalue()


def arrow_table(table: str, columns: Sequence[Sequence]):
    """A pyarrow Table of rows given by column, with the table's schema."""
    import pyarrow as pa

    return pa.Table.from_arrays([list(values) for values in columns], schema=arrow_schema(table))


class TableFiles:
    """One table's CSV file (and Parquet file) in a folder, written chunk by chunk; each
    chunk is one Parquet row group."""

    def __init__(self, folder: Path, table: str, *, parquet: bool, stem: str | None = None, header: bool = True):
        self.table = table
        stem = stem or table
        self.paths = [folder / f"{stem}.csv"] + ([folder / f"{stem}.parquet"] if parquet else [])
        self._csv = self.paths[0].open("w", encoding="utf-8", newline="")
        if header:
            self._csv.write(csv_text(table, columns_of(table, []), header=True))
        self._parquet = None
        if parquet:
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self.paths[1], arrow_schema(table))

    def append(self, rows: Sequence[Sequence]) -> None:
        """Append rows, each a sequence of the table's values in column order."""
        columns = columns_of(self.table, rows)
        self._csv.write(csv_text(self.table, columns))
        if self._parquet is not None:
            self._parquet.write_table(arrow_table(self.table, columns))

    def append_part(self, part: TableFiles | Sequence[Path]) -> None:
        """Append a part written by another `TableFiles` (without header) into another folder."""
        paths = part.paths if isinstance(part, TableFiles) else list(part)
        self._csv.flush()
        with paths[0].open("r", encoding="utf-8", newline="") as source:
            shutil.copyfileobj(source, self._csv, 1 << 20)
        if self._parquet is not None:
            import pyarrow.parquet as pq

            part_file = pq.ParquetFile(paths[1])
            for group in range(part_file.num_row_groups):
                self._parquet.write_table(part_file.read_row_group(group).replace_schema_metadata(None))

    def close(self) -> None:
        self._csv.close()
        if self._parquet is not None:
            self._parquet.close()


class TableSet:
    """A new set of tables for the folder `out`, written into a fresh folder and published
    as a whole (see the module docstring). Use as a context manager: leaving it without
    `publish` (an error, an interrupt) removes the new files and keeps the old set.
    Runs into the same folder wait for each other (a lock on `out/.tables/lock`)."""

    def __init__(self, out: str | Path, *, parquet: bool = True) -> None:
        self.out = Path(out)
        self.parquet = parquet
        self.out.mkdir(parents=True, exist_ok=True)
        self._tables_dir = self.out / TABLES_DIR
        self._tables_dir.mkdir(exist_ok=True)
        self._lock = os.open(self._tables_dir / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        if fcntl is not None:
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        remove_stale(self.out)
        self.folder = _new_folder(self._tables_dir)
        self._files: dict[str, TableFiles] = {}

    def __enter__(self) -> TableSet:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self.discard()

    def open_tables(self) -> dict[str, TableFiles]:
        """A writer per table, into the new set's folder."""
        self._files = {name: TableFiles(self.folder, name, parquet=self.parquet) for name in TABLE_COLUMNS}
        return self._files

    def close_files(self) -> list[Path]:
        """Finish writing; the new set's files (in its folder, not yet published)."""
        for files in self._files.values():
            files.close()
        return [p for p in sorted(self.folder.iterdir(), key=_table_order) if p.is_file()]

    def publish(self) -> list[Path]:
        """Make the new set the current one; returns the paths readers use (`out/<file>`)."""
        names = [p.name for p in self.close_files()]
        previous = _current_target(self._tables_dir)
        try:
            _replace_with_link(self._tables_dir / CURRENT, self.folder.name)
        except OSError:  # no symbolic links here (Windows without the right): file by file
            return self._publish_by_renames(names)
        for name in names:
            _replace_with_link(self.out / name, f"{TABLES_DIR}/{CURRENT}/{name}")
        for table in TABLE_COLUMNS:  # a format this set lacks (Parquet) must not point into it
            for suffix in (".csv", ".parquet"):
                link = self.out / f"{table}{suffix}"
                if link.name not in names and link.is_symlink():
                    link.unlink()
        if previous is not None and previous != self.folder.name:
            shutil.rmtree(self._tables_dir / previous, ignore_errors=True)
        self._release()
        return [self.out / name for name in names]

    def _publish_by_renames(self, names: list[str]) -> list[Path]:
        # Each file is replaced at once, but not the set as a whole.
        for name in names:
            os.replace(self.folder / name, self.out / name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self._release()
        return [self.out / name for name in names]

    def discard(self) -> None:
        """Remove the new files; the current set stays."""
        for files in self._files.values():
            with contextlib.suppress(Exception):  # a writer that failed half-way: its file goes anyway
                files.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None


def _new_folder(parent: Path) -> Path:
    # As tempfile.mkdtemp, but with the permissions the umask gives (mkdtemp makes it 0700).
    while True:
        folder = parent / f"run-{time.time_ns()}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def _table_order(path: Path) -> tuple[int, str]:
    table, _, suffix = path.name.partition(".")
    order = list(TABLE_COLUMNS)
    return (order.index(table) if table in order else len(order), suffix)


def _current_target(tables_dir: Path) -> str | None:
    try:
        return os.readlink(tables_dir / CURRENT)
    except OSError:
        return None


def _replace_with_link(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target` with one rename (readers never miss it)."""
    try:
        if os.readlink(path) == target:
            return
    except OSError:
        pass
    temp = path.with_name(f".{path.name}.{os.getpid()}.link.tmp")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    os.replace(temp, path)


def remove_stale(out: Path) -> None:
    """Remove what runs into `out` that did not finish left behind: their folders in
    `.tables/`, temporary links, and the temporary files of earlier versions."""
    tables_dir = out / TABLES_DIR
    current = _current_target(tables_dir)
    if tables_dir.is_dir():
        for entry in tables_dir.iterdir():
            if entry.name.startswith("run-") and entry.name != current:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.endswith(".tmp"):
                entry.unlink(missing_ok=True)
    for entry in out.iterdir():
        if _STALE_TEMP.match(entry.name) or (entry.name.endswith(".link.tmp") and entry.is_symlink()):
            entry.unlink(missing_ok=True)


def rows_of_frame(frame: pd.DataFrame) -> list[tuple]:
    """A DataFrame's rows as tuples of Python values (missing values as None), as the
    tagging code makes them."""
    columns = []
    for name in frame.columns:
        values = frame[name].tolist()  # Python scalars, not NumPy ones (whose repr differs)
        if frame[name].hasnans:
            values = [None if _missing(value) else value for value in values]
        columns.append(values)
    return list(zip(*columns, strict=True)) if columns else []


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def write_tables(tags: Tags, out_dir: str | Path, *, parquet: bool = True) -> list[Path]:
    """Write every table of `tags` into `out_dir` as one new set (see the module
    docstring); returns the paths written."""
    with TableSet(out_dir, parquet=parquet) as tables:
        for name, files in tables.open_tables().items():
            files.append(rows_of_frame(getattr(tags, name)))
        return tables.publish()

"""Reading a hand-made CSV table (a manifest, a gold-label file) without letting one bad
row stop the run: good rows come back, and every bad row comes back as an error record
with its line number and the reason, for the caller to report on its own row.

    table = read_csv_checked(path, required=["id", "stance"], checks={"stance": one_of("pro", "anti")})
    table.rows       # the rows that passed, each with its line number
    table.errors     # RowError(line, reason), line 0 for the file as a whole
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from framing.encoding import UndecodableError, decode
from framing.files import InputError, read_regular_file

if TYPE_CHECKING:
    import pandas as pd

#: A check takes a (stripped, non-empty) cell and returns None when it is fine, else why not.
Check = Callable[[str], str | None]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: A hand-made table larger than this is refused as a whole (a million manifest rows fit).
MAX_TABLE_BYTES = 100_000_000


@dataclass(frozen=True)
class RowError:
    """Why a row (or, with `line` 0, the whole file) was not used."""

    line: int  # line of the file where the row starts; the header is line 1
    reason: str


@dataclass(frozen=True)
class Row:
    """A row that passed every check: its cells by column (stripped; '' when empty)."""

    line: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass(frozen=True)
class CheckedTable:
    path: Path
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    errors: tuple[RowError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """The good rows as a DataFrame of strings, with their `line` as first column."""
        import pandas as pd

        return pd.DataFrame([{"line": r.line, **r.values} for r in self.rows], columns=["line", *self.columns]).astype(
            {"line": "int64"}
        )

    def errors_frame(self) -> pd.DataFrame:
        """The error records as a DataFrame (`line`, `reason`)."""
        import pandas as pd

        return pd.DataFrame([(e.line, e.reason) for e in self.errors], columns=["line", "reason"]).astype(
            {"line": "int64"}
        )


def one_of(*allowed: str) -> Check:
    """Cell must be one of `allowed` (exact match)."""

    def check(cell: str) -> str | None:
        return None if cell in allowed else f"{cell!r} is not one of {', '.join(allowed)}"

    return check


def number(*, low: float | None = None, high: float | None = None, integer: bool = False) -> Check:
    """Cell must be a finite number (an integer when `integer`), within [low, high]."""

    def check(cell: str) -> str | None:
        try:
            value = int(cell) if integer else float(cell)
        except ValueError:
            return f"{cell!r} is not {'an integer' if integer else 'a number'}"
        if not math.isfinite(value):
            return f"{cell!r} is not a finite number"
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{cell} is outside [{'-inf' if low is None else low}, {'inf' if high is None else high}]"
        return None

    return check


def iso_date(cell: str) -> str | None:
    """Cell must be a calendar date written YYYY-MM-DD."""
    from datetime import date

    if not _ISO_DATE.match(cell):
        return f"{cell!r} is not a date (YYYY-MM-DD)"
    try:
        date.fromisoformat(cell)
    except ValueError:
        return f"{cell!r} is not a calendar date"
    return None


def _file_error(path: Path, reason: str) -> CheckedTable:
    return CheckedTable(path=path, errors=(RowError(0, reason),))


def _records(text: str) -> tuple[list[tuple[int, list[str]]], RowError | None]:
    """(start line, cells) of every non-blank record; stops at a CSV syntax error."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return records, RowError(start, f"CSV syntax error: {exc}; the rest of the file was not read")
    return records, None


def read_csv_checked(
    path: str | Path,
    *,
    required: Sequence[str],
    checks: Mapping[str, Check] | None = None,
    unique: Sequence[str] = (),
    max_bytes: int = MAX_TABLE_BYTES,
) -> CheckedTable:
    """Read the CSV table at `path`, checking every row; never raises for bad content.

    A row is an error when its number of cells differs from the header's, a cell holds a
    NUL character, a `required` cell is empty, a `checks` function rejects a (non-empty)
    cell, or its `unique` columns repeat an earlier good row's. A file that is missing,
    not a regular file (a FIFO is never opened for reading), over `max_bytes`, binary,
    empty, or lacks a required column gives one error with line 0 and no rows. Encodings
    are detected as for articles (UTF-8 with or without BOM, UTF-16, Windows-1251, ...).
    """
    path = Path(path)
    checks = dict(checks or {})
    try:
        data = read_regular_file(path, limit=max_bytes)
    except InputError as exc:
        return _file_error(path, f"cannot read {path.name}: {exc.reason}")
    try:
        text = decode(data).text
    except UndecodableError as exc:
        try:  # UTF-8 with a NUL in some cell: only those rows are bad (see below)
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _file_error(path, str(exc))
    records, syntax_error = _records(text)
    if not records:
        return _file_error(path, "empty file: no header row")
    header = records[0][1]
    columns = tuple(c.strip() for c in header)
    if duplicated := sorted({c for c in columns if columns.count(c) > 1}):
        return _file_error(path, f"duplicate column(s) in header: {', '.join(duplicated)}")
    if missing := [c for c in (*required, *checks, *unique) if c not in columns]:
        return _file_error(path, f"missing column(s): {', '.join(dict.fromkeys(missing))}")

    rows: list[Row] = []
    errors: list[RowError] = []
    first_seen: dict[tuple[str, ...], int] = {}
    for line, cells in records[1:]:
        if len(cells) != len(columns):
            errors.append(RowError(line, f"expected {len(columns)} cells, found {len(cells)}"))
            continue
        values = {c: v.strip() for c, v in zip(columns, cells, strict=True)}
        if with_nul := [c for c, v in values.items() if "\x00" in v]:
            errors.append(RowError(line, f"NUL character in cell(s): {', '.join(with_nul)}"))
            continue
        reasons = []
        if empty := [c for c in required if not values[c]]:
            reasons.append(f"empty required cell(s): {', '.join(empty)}")
        reasons += [f"{c}: {why}" for c, check in checks.items() if values[c] and (why := check(values[c]))]
        key = tuple(values[c] for c in unique)
        if unique and not reasons and key in first_seen:
            reasons.append(f"duplicate {'/'.join(unique)} {'/'.join(key)!r} (first on line {first_seen[key]})")
        if reasons:
            errors.append(RowError(line, "; ".join(reasons)))
            continue
        if unique:
            first_seen[key] = line
        rows.append(Row(line, values))
    if syntax_error:
        errors.append(syntax_error)
    return CheckedTable(path=path, columns=columns, rows=tuple(rows), errors=tuple(errors))

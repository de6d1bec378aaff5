"""Editable data files (cue lists, patterns) shipped beside the code; see README.md here."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the CSV resource `name`, read once per process (rows are never mutated).

    Raises ValueError naming the file and line of a row with too many or too few cells
    (usually an unquoted comma in a pattern).
    """
    rows, problems = numbered_rows(name)
    if problems:
        raise ValueError(problems[0])
    return tuple(row for _, row in rows)


def numbered_rows(name: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line, row) for each row of the CSV resource `name`, and a problem naming each row
    whose cells cannot be told apart (usually an unquoted comma in a pattern), left out:
    for loaders that skip a bad row rather than fail on the file."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    rows, problems = [], []
    for line, row in _cells(csv.DictReader(io.StringIO(text))):
        if row is None:
            problems.append(f"{name}, line {line}: wrong number of cells (quote cells that hold commas)")
        else:
            rows.append((line, row))
    return rows, problems


def _cells(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str] | None]]:
    """(line, row with stripped cells) for each row of `reader`, in file order; the row is
    None where it has too many or too few cells."""
    for row in reader:
        bad = None in row or None in row.values()
        yield reader.line_num, None if bad else {k: v.strip() for k, v in row.items()}


def read_rows(name: str, text: str, columns: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    """The rows of a CSV text with `columns`, and a problem line for each row skipped (wrong
    number of cells, an empty cell among `columns`)."""
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        return rows, [f"{name}: no column {', '.join(missing)}"]
    for line, row in _cells(reader):
        if row is None:
            problems.append(f"{name}, line {line}: wrong number of cells")
        elif any(not row[c] for c in columns):
            problems.append(f"{name}, line {line}: empty {'/'.join(columns)}")
        else:
            rows.append(row)
    return rows, problems


def warn_skipped(what: str, problems: Iterable[str]) -> None:
    """One warning per row a loader left out ('stance cues: cues_de.csv, line 7: weight is
    not a number (row skipped)'): bad data is named, and the rest of the file still works."""
    for problem in problems:
        warnings.warn(f"{what}: {problem} (row skipped)", stacklevel=3)

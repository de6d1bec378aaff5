"""Editable data files (cue lists, patterns) shipped beside the code; see README.md here."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the CSV resource `name`, read once per process (rows are never mutated).

    Raises ValueError naming the file and line of a row with too many or too few cells
    (usually an unquoted comma in a pattern).
    """
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        if None in row or None in row.values():
            raise ValueError(f"{name}, line {reader.line_num}: wrong number of cells (quote cells that hold commas)")
        rows.append({k: v.strip() for k, v in row.items()})
    return tuple(rows)

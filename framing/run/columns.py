"""The three tidy tables' columns and types, shared by every way of writing them.

An article's row is a dict (column -> value); segment and mention rows, dozens per
article, are tuples in the order of `SEGMENT_COLUMNS` and `MENTION_COLUMNS` (cheaper to
build, to store in the result cache and to turn into columns for writing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from framing.types import Tags

#: The row types: an article's row, and the rows of its segments and of its mentions.
Rows = tuple[dict, list[tuple], list[tuple]]

ARTICLE_COLUMNS = [
    "id",
    "path",
    "sha256",
    "n_bytes",
    "encoding",
    "extractor",
    "title",
    "published",
    "published_source",
    "dateline_place",
    "dateline_date",
    "outlet",
    "outlet_type",
    "outlet_evidence",
    "outlet_confidence",
    "outlet_source",
    "outlet_citations",
    "original_source",
    "outlet_group",
    "language",
    "languages",
    "n_segments",
    "n_words",
    "status",
    "warning",
    "error",
]
MENTION_COLUMNS = [
    "article_id",
    "segment",
    "sentence",
    "start",
    "end",
    "surface",
    "target",
    "form",
    "language",
    "speaker",
    "speaker_evidence",
    "in_quote",
    "stance",
    "score",
    "engine",
    "evidence",
    "sentence_text",
]
SEGMENT_COLUMNS = [
    "article_id",
    "segment",
    "start",
    "end",
    "kind",
    "kind_reason",
    "excerpt",
    "language",
    "language_prob",
    "n_words",
    "text",
]
TABLE_COLUMNS = {"articles": ARTICLE_COLUMNS, "segments": SEGMENT_COLUMNS, "mentions": MENTION_COLUMNS}
#: Non-text column types of each table (every other column is text); shared by the
#: DataFrames and the Parquet schemas so tables written in chunks agree.
COLUMN_TYPES = {
    "articles": {"n_bytes": "int64", "n_segments": "int64", "n_words": "int64", "outlet_confidence": "float64"},
    "segments": {
        "segment": "int64",
        "start": "int64",
        "end": "int64",
        "excerpt": "Int64",
        "language_prob": "float64",
        "n_words": "int64",
    },
    "mentions": {
        "segment": "int64",
        "sentence": "int64",
        "start": "int64",
        "end": "int64",
        "in_quote": "bool",
        "score": "float64",
    },
}


def text_columns(table: str) -> list[bool]:
    """For each column of `table`, whether it holds text."""
    return [column not in COLUMN_TYPES[table] for column in TABLE_COLUMNS[table]]


def float_columns(table: str) -> list[bool]:
    """For each column of `table`, whether it holds floats."""
    return [COLUMN_TYPES[table].get(column) == "float64" for column in TABLE_COLUMNS[table]]


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of a table."""
    import pyarrow as pa

    kinds = {"int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    types = COLUMN_TYPES[table]
    return pa.schema([(c, kinds.get(types.get(c, ""), pa.string())) for c in TABLE_COLUMNS[table]])


def tables_from_rows(article_rows: list[dict], segment_rows: list[tuple], mention_rows: list[tuple]) -> Tags:
    """Tidy DataFrames with fixed columns and dtypes from rows (dicts, or sequences in
    column order)."""
    import pandas as pd

    from framing.types import Tags

    frames = {
        name: pd.DataFrame(rows, columns=TABLE_COLUMNS[name]).astype(COLUMN_TYPES[name])
        for name, rows in (("articles", article_rows), ("segments", segment_rows), ("mentions", mention_rows))
    }
    return Tags(**frames)

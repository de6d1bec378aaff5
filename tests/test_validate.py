from __future__ import annotations

import pytest

from framing.validate import RowError, iso_date, number, one_of, read_csv_checked

GOLD_CHECKS = {"stance": one_of("pro", "anti", "neutral"), "confidence": number(low=0, high=1)}


def _read(tmp_path, content: str | bytes, **options):
    path = tmp_path / "gold.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    options.setdefault("required", ["id", "stance"])
    return read_csv_checked(path, **options)


@pytest.mark.parametrize(
    ("content", "good_lines", "errors"),
    [
        ("id,stance\na,pro\nb,anti\n", [2, 3], []),
        ("id,stance\na,\nb,anti\n", [3], [(2, "empty required cell(s): stance")]),
        ("id,stance\na,pro,extra\nb\n", [], [(2, "expected 2 cells, found 3"), (3, "expected 2 cells, found 1")]),
        ("id,stance\n\na,pro\n\n\nb,anti\n", [3, 6], []),  # blank lines are not rows but still count
        ('id,stance\n"a\nsecond line",pro\nb,anti\n', [2, 4], []),  # a quoted cell over two lines
        ("id,stance\r\na,pro\r\nb,maybe\r\n", [2], [(3, "stance: 'maybe' is not one of pro, anti, neutral")]),
        (
            "id,stance,confidence\na,pro,0.9\nb,anti,1.5\nc,neutral,high\n",
            [2],
            [(3, "confidence: 1.5 is outside [0, 1]"), (4, "confidence: 'high' is not a number")],
        ),
        ("id,stance,confidence\na,pro,\n", [2], []),  # optional cells may be empty
        (
            "id,stance\na,,\n",
            [],
            [(2, "expected 2 cells, found 3")],
        ),
        ("\ufeffid,stance\na,pro\n", [2], []),  # a BOM is not part of the first column's name
    ],
)
def test_rows_are_checked_one_by_one(tmp_path, content, good_lines, errors):
    table = _read(
        tmp_path, content, checks=GOLD_CHECKS if "confidence" in content else {"stance": GOLD_CHECKS["stance"]}
    )
    assert [row.line for row in table.rows] == good_lines
    assert [(e.line, e.reason) for e in table.errors] == errors
    assert table.ok is (not errors)


def test_duplicate_keys_keep_the_first_row(tmp_path):
    table = _read(tmp_path, "id,target,stance\na,nato,pro\na,russia,anti\na,nato,anti\n", unique=["id", "target"])
    assert [row.line for row in table.rows] == [2, 3]
    assert table.errors == (RowError(4, "duplicate id/target 'a/nato' (first on line 2)"),)


def test_rows_carry_stripped_values(tmp_path):
    table = _read(tmp_path, "id, stance \n a , pro \n")
    assert table.columns == ("id", "stance")
    assert dict(table.rows[0].values) == {"id": "a", "stance": "pro"}
    assert table.rows[0]["stance"] == "pro"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty file: no header row"),
        ("\n\n", "empty file: no header row"),
        ("id,label\na,pro\n", "missing column(s): stance"),
        ("id,stance,id\na,pro,b\n", "duplicate column(s) in header: id"),
        (b"\x89PNG\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
    ],
)
def test_unusable_files_give_one_error_on_line_0(tmp_path, content, reason):
    table = _read(tmp_path, content)
    assert table.rows == ()
    assert table.errors == (RowError(0, reason),)


def test_missing_file_is_an_error_not_an_exception(tmp_path):
    table = read_csv_checked(tmp_path / "nope.csv", required=["id"])
    assert table.errors == (RowError(0, "cannot read nope.csv: file not found"),)


def test_windows_1251_table(tmp_path):
    content = "id,stance,note\na,anti,Минобороны заявило о провокации НАТО\n".encode("cp1251")
    table = _read(tmp_path, content)
    assert table.rows[0]["note"] == "Минобороны заявило о провокации НАТО"


def test_unclosed_quote_swallows_the_rest_into_one_row(tmp_path):
    table = _read(tmp_path, 'id,stance\na,pro\n"b,anti\nc,pro\n')
    assert [row.line for row in table.rows] == [2]
    assert table.errors == (RowError(3, "expected 2 cells, found 1"),)


def test_rows_before_a_csv_error_are_kept(tmp_path):
    huge = "x" * 200_000  # over the csv module's field size limit
    table = _read(tmp_path, f'id,stance\na,pro\n"{huge}",anti\nc,pro\n')
    assert [row.line for row in table.rows] == [2]
    assert table.errors == (
        RowError(3, "CSV syntax error: field larger than field limit (131072); the rest of the file was not read"),
    )


def test_frames(tmp_path):
    table = _read(tmp_path, "id,stance\na,pro\nb,\n")
    frame = table.to_frame()
    assert frame.to_dict("records") == [{"line": 2, "id": "a", "stance": "pro"}]
    assert table.errors_frame().to_dict("records") == [{"line": 3, "reason": "empty required cell(s): stance"}]


@pytest.mark.parametrize(
    ("check", "cell", "reason"),
    [
        (number(integer=True, low=0), "3", None),
        (number(integer=True, low=0), "3.5", "'3.5' is not an integer"),
        (number(integer=True, low=0), "-1", "-1 is outside [0, inf]"),
        (number(), "nan", "'nan' is not a finite number"),
        (iso_date, "2022-02-03", None),
        (iso_date, "2022-02-30", "'2022-02-30' is not a calendar date"),
        (iso_date, "3 Feb 2022", "'3 Feb 2022' is not a date (YYYY-MM-DD)"),
        (one_of("nato", "russia"), "NATO", "'NATO' is not one of nato, russia"),
    ],
)
def test_checks(check, cell, reason):
    assert check(cell) == reason

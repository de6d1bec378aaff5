"""`python -m framing tag` over tests/bad_inputs/: one file of each bad kind, each with
its own row, status and reason; nothing lost, the run goes on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus import MAX_BYTES, load_corpus
from framing.types import Corpus
from tests import bad_input_files
from tests.cli_runner import run_framing

#: id -> (status, error, encoding, extractor, warning) in `articles`.
EXPECTED = {
    "binary": ("error", "binary file (contains NUL bytes)", None, None, None),
    "cp1251_be": ("ok", None, "cp1251", "text", None),
    "cp1251_ru": ("ok", None, "cp1251", "text", None),
    "cp1252_de": ("ok", None, "cp1252", "text", None),
    "dup": ("ok", None, "utf-8", "text", None),
    "dup~2": ("error", "duplicate id 'dup'", "utf-8", "text", None),
    "empty": ("error", "empty file", None, None, None),
    "empty_page": ("error", "no text in the HTML page", "utf-8", None, None),
    "fragment": ("ok", None, "utf-8", "html.parser", None),
    "ghost": ("error", "file not found: ghost.txt", None, None, None),
    "hostile": ("ok", None, "utf-8", "text", None),
    "koi8r_ru": ("ok", None, "koi8-r", "text", None),
    "latin1_de": ("ok", None, "latin-1", "text", None),
    "manifest-line-5": ("error", "manifest line 5: empty required cell(s): file", None, None, None),
    "manifest-line-8": ("error", "manifest line 8: expected 3 cells, found 4", None, None, None),
    "notes": ("error", "unsupported file type '.pdf': use .txt or .html", None, None, None),
    "oversized": ("error", f"file too large ({MAX_BYTES + 1:,} bytes > {MAX_BYTES:,})", None, None, None),
    "page": ("ok", None, "utf-8", "trafilatura", None),
    "page_again": (
        "error",
        "manifest line 7 names the same file as an earlier row: page_with_nav.html",
        None,
        None,
        None,
    ),
    "page_cp1251": ("ok", None, "cp1251", "trafilatura", None),
    "truncated_page": ("ok", None, "utf-8", "trafilatura", "truncated HTML: no closing </html> tag"),
    "truncated_utf8": (
        "ok",
        None,
        "utf-8",
        "text",
        "truncated: the last 1 byte(s) are an incomplete UTF-8 character",
    ),
    "utf16_ru": ("ok", None, "utf-16", "text", None),
    "utf16le_be": ("ok", None, "utf-16-le", "text", None),
    "utf8_bom_de": ("ok", None, "utf-8-sig", "text", None),
}
#: Manifest rows that name no distinct, existing file: rows of their own.
MANIFEST_ONLY = {"ghost", "manifest-line-5", "manifest-line-8", "page_again"}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    """A copy of tests/bad_inputs plus the oversized file (too big to commit)."""
    target = tmp_path_factory.mktemp("bad") / "bad_inputs"
    shutil.copytree(bad_input_files.DIRECTORY, target)
    line = b"NATO and Russia: an article that never ends.\n"
    with (target / bad_input_files.OVERSIZED_NAME).open("wb") as handle:
        handle.write(line * ((MAX_BYTES + 1) // len(line)))
        handle.write(b"x" * ((MAX_BYTES + 1) % len(line)))
    return target


@pytest.fixture(scope="module")
def tagged(bad_dir, tmp_path_factory) -> tuple[subprocess.CompletedProcess, pd.DataFrame, pd.DataFrame]:
    out = tmp_path_factory.mktemp("out")
    result = run_framing("tag", str(bad_dir), "-o", str(out))
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    segments = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    return result, articles, segments


@pytest.fixture(scope="module")
def bad_corpus(bad_dir) -> Corpus:
    return load_corpus(bad_dir)


def test_committed_files_are_the_documented_bytes():
    on_disk = {p.name for p in bad_input_files.DIRECTORY.iterdir()} - {"README.md", ".gitattributes"}
    assert on_disk == set(bad_input_files.FILES)
    for name, data in bad_input_files.FILES.items():
        assert (bad_input_files.DIRECTORY / name).read_bytes() == data, name


def test_the_run_goes_on_and_exits_0(tagged):
    result, _, _ = tagged
    assert result.returncode == 0, result.stderr
    assert f"tagged {len(EXPECTED)} articles (10 with errors)" in result.stdout


def test_every_input_file_has_exactly_one_row(bad_dir, tagged):
    _, articles, _ = tagged
    inputs = [p for p in bad_dir.iterdir() if p.name not in ("articles.csv", "README.md", ".gitattributes")]
    assert len(articles) == len(inputs) + len(MANIFEST_ONLY)
    assert set(articles["id"]) == set(EXPECTED)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_row_status_and_reason(tagged, article_id):
    _, articles, _ = tagged
    row = articles.set_index("id").loc[article_id]
    found = tuple(row[c] or None for c in ("status", "error", "encoding", "extractor", "warning"))  # '' is empty
    assert found == EXPECTED[article_id]


def test_error_rows_have_no_segments_and_ok_rows_do(tagged):
    _, articles, segments = tagged
    ok = set(articles.loc[articles["status"] == "ok", "id"])
    assert set(segments["article_id"]) == ok


@pytest.mark.parametrize("article_id", sorted(bad_input_files.TEXTS))
def test_decoded_text_is_exact_no_mojibake(bad_corpus, article_id):
    assert bad_corpus[article_id].text == bad_input_files.TEXTS[article_id]


def test_html_page_keeps_navigation_and_script_out(tagged):
    _, _, segments = tagged
    page = segments[segments["article_id"] == "page"]
    assert page["kind"].tolist() == ["title", "body", "body", "body"]
    assert page["text"].iloc[0] == "Belarus, Russia to hold joint drills near western border"
    text = " ".join(page["text"])
    for chrome in ("Home", "Politics", "Most read", "All rights reserved", "alert", "dataLayer"):
        assert chrome not in text


def test_windows_1251_page_decodes_by_its_declaration(tagged):
    _, articles, segments = tagged
    row = articles.set_index("id").loc["page_cp1251"]
    assert (row["title"], row["language"]) == ("Лукашенко провёл совещание по вопросам безопасности", "ru")
    assert "Главная" not in " ".join(segments["text"])  # the site menu


def test_strict_exits_1_and_names_every_problem(bad_dir, tmp_path):
    result = run_framing("tag", str(bad_dir), "-o", str(tmp_path), "--strict")
    assert result.returncode == 1
    problems = sorted(line.split(":")[0].strip() for line in result.stderr.splitlines() if line.startswith("  "))
    expected = [f"error {i}" for i, row in EXPECTED.items() if row[0] == "error"]
    expected += [f"warning {i}" for i, row in EXPECTED.items() if row[4]]
    assert problems == sorted(expected)
    assert len(pd.read_csv(tmp_path / "articles.csv")) == len(EXPECTED)  # tables are written all the same

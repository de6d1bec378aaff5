from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from framing import paths
from framing.corpus import decode_bytes, html_to_text, load_corpus, read_manifest
from framing.types import Status
from tests.conftest import SEED_IDS


def test_seed_corpus_ids_are_the_manifest_ids(seed_corpus):
    assert seed_corpus.ids == SEED_IDS
    assert all(a.status is Status.OK for a in seed_corpus.articles)


def test_raw_seeds_are_byte_identical_to_shared(shared_seeds: Path):
    manifest = {e.id: e for e in read_manifest(paths.MANIFEST)}
    with paths.MANIFEST.open(encoding="utf-8") as handle:
        seed_ids = {row["id"]: row["seed_id"] for row in csv.DictReader(handle)}
    for article_id, entry in manifest.items():
        ours = (paths.DATA_DIR / entry.file).read_bytes()
        theirs = (shared_seeds / f"{seed_ids[article_id]}.txt").read_bytes()
        assert ours == theirs, article_id


def test_sha256_is_of_the_raw_bytes(seed_corpus):
    article = seed_corpus["tass_2022"]
    assert article.sha256 == hashlib.sha256(article.path.read_bytes()).hexdigest()
    assert article.n_bytes == 2610
    assert article.encoding == "utf-8"


def test_manifest_fields_reach_the_article(seed_corpus):
    assert seed_corpus["tass_2022"].manifest.published == "2022-02-03"
    assert seed_corpus["belta_2017"].manifest.outlet is None  # the tagger must find it


def test_user_file_without_manifest_row_gets_its_stem_as_id(data_copy):
    (data_copy / "raw" / "my_article.txt").write_text("Some text about NATO.\n", encoding="utf-8")
    corpus = load_corpus(data_copy / "raw")
    assert "my_article" in corpus.ids
    assert corpus["my_article"].manifest is None
    assert len(corpus) == 6


def test_corpus_without_any_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("Hello", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ["a"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "binary file (contains NUL bytes)"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf': use .txt or .html"),
    ],
)
def test_unreadable_files_become_error_rows(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Fine text.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 2
    bad = corpus[Path(name).stem]
    assert bad.status is Status.ERROR
    assert bad.error == reason
    assert corpus["good"].status is Status.OK


def test_manifest_row_naming_a_missing_file_is_an_error_row(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "articles.csv").write_text("id,file\nghost,raw/ghost.txt\n", encoding="utf-8")
    corpus = load_corpus(tmp_path / "raw")
    assert corpus.ids == ["ghost"]
    assert corpus["ghost"].status is Status.ERROR
    assert corpus["ghost"].error.startswith("file not found")


def test_duplicate_manifest_ids_are_kept_apart(tmp_path):
    (tmp_path / "raw").mkdir()
    for name in ("a", "b"):
        (tmp_path / "raw" / f"{name}.txt").write_text(f"text {name}", encoding="utf-8")
    (tmp_path / "articles.csv").write_text("id,file\nsame,raw/a.txt\nsame,raw/b.txt\n", encoding="utf-8")
    corpus = load_corpus(tmp_path / "raw")
    assert corpus.ids == ["same", "same~2"]
    assert corpus["same~2"].status is Status.ERROR
    assert corpus["same~2"].error == "duplicate id 'same'"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Nato-Oberbefehlshaber für Europa".encode(), "Nato-Oberbefehlshaber für Europa", "utf-8"),
        (b"\xef\xbb\xbfBOM text", "BOM text", "utf-8-sig"),
        ("Россия и НАТО".encode("utf-16"), "Россия и НАТО", "utf-16"),
    ],
)
def test_decode_bytes(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


def test_windows_1251_cyrillic_is_not_mojibake():
    text = "Президент Беларуси Александр Лукашенко заявил, что Россия является гарантом безопасности страны."
    decoded, encoding = decode_bytes(text.encode("cp1251"))
    assert decoded == text
    assert encoding == "cp1251"


def test_html_to_text_keeps_blocks_and_drops_scripts():
    html = (
        "<html><head><title>T</title><script>alert(1)</script></head><body><nav>Home</nav>"
        "<h1>Headline here now</h1><p>First &amp; only paragraph.</p></body></html>"
    )
    assert html_to_text(html) == "T\n\nHome\n\nHeadline here now\n\nFirst & only paragraph.\n"


def test_html_file_is_loaded_as_text(tmp_path):
    (tmp_path / "page.html").write_text("<p>Moscow said <b>no</b>.</p>", encoding="utf-8")
    article = load_corpus(tmp_path)["page"]
    assert article.status is Status.OK
    assert article.text == "Moscow said no.\n"


def test_missing_directory_raises(tmp_path):
    with pytest.raises(NotADirectoryError):
        load_corpus(tmp_path / "nope")

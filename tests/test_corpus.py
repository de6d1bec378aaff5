from __future__ import annotations

import codecs
import csv
import hashlib
from pathlib import Path

import pytest

from framing import paths
from framing.corpus import ManifestError, decode_bytes, load_corpus, read_manifest
from framing.extract import html_to_text
from framing.ingest import read as read_module
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


def test_text_file_records_encoding_and_extractor(seed_corpus):
    article = seed_corpus["belta_2017"]
    assert (article.encoding, article.extractor, article.warning) == ("utf-8", "text", None)


@pytest.mark.parametrize(
    ("manifest", "ids", "errors"),
    [
        ("id,file\nx,raw/a.txt\n", ["b", "x"], {}),
        (
            "id,file\nx,raw/a.txt\ny,\n",
            ["b", "manifest-line-3", "x"],
            {"manifest-line-3": "manifest line 3: empty required cell(s): file"},
        ),
        (
            "id,file\nx,raw/a.txt\ny,raw/./a.txt\n",
            ["b", "x", "y"],
            {"y": "manifest line 3 names the same file as an earlier row: raw/./a.txt"},
        ),
        (
            "id,file\nx,raw/a.txt,surplus\n",
            ["a", "b", "manifest-line-2"],
            {"manifest-line-2": "manifest line 2: expected 2 cells, found 3"},
        ),
    ],
)
def test_manifest_rows_that_name_no_new_file_get_their_own_row(tmp_path, manifest, ids, errors):
    (tmp_path / "raw").mkdir()
    for name in ("a", "b"):
        (tmp_path / "raw" / f"{name}.txt").write_text(f"text {name}", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(manifest, encoding="utf-8")
    corpus = load_corpus(tmp_path / "raw")
    assert corpus.ids == ids
    assert {a.id: a.error for a in corpus.articles if a.status is Status.ERROR} == errors


def test_manifest_without_file_column_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "articles.csv").write_text("id,path\na,a.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="missing column\\(s\\): file"):
        load_corpus(tmp_path)


def test_an_explicit_manifest_inside_the_data_directory_is_not_an_article(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "my_manifest.csv").write_text("id,file\nfirst,a.txt\n", encoding="utf-8")
    corpus = load_corpus(tmp_path, manifest=tmp_path / "my_manifest.csv")
    assert corpus.ids == ["first"]


def test_oversized_file_is_hashed_but_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_BYTES", 10)
    data = b"NATO " * 5
    (tmp_path / "big.txt").write_bytes(data)
    article = load_corpus(tmp_path)["big"]
    assert (article.status, article.error) == (Status.ERROR, "file too large (25 bytes > 10)")
    assert (article.n_bytes, article.sha256) == (25, hashlib.sha256(data).hexdigest())


def test_broken_symlink_gets_its_own_row(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    article = load_corpus(tmp_path)["gone"]
    assert (article.status, article.error) == (Status.ERROR, "file not found: gone.txt")


def test_unforeseen_read_failure_is_the_articles_error(tmp_path, monkeypatch):
    def boom(data, *, declared=None):
        raise RuntimeError("decoder bug")

    monkeypatch.setattr(read_module, "decode", boom)
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    article = load_corpus(tmp_path)["a"]
    assert (article.status, article.error) == (Status.ERROR, "could not read: RuntimeError: decoder bug")


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warning"),
    [
        ("Минск".encode("cp1251"), "Минск", "cp1251", None),
        (
            "Лукашенко заявил".encode()[:-1],
            "Лукашенко заяви",
            "utf-8",
            "truncated: the last 1 byte(s) are an incomplete UTF-8 character",
        ),
        (codecs.BOM_UTF16_LE, None, None, None),  # nothing but a byte-order mark
    ],
)
def test_text_file_decoding_reaches_the_article(tmp_path, data, text, encoding, warning):
    (tmp_path / "a.txt").write_bytes(data)
    article = load_corpus(tmp_path)["a"]
    if text is None:
        assert (article.status, article.error, article.encoding) == (Status.ERROR, "empty file", "utf-16")
    else:
        assert (article.text, article.encoding, article.warning) == (text, encoding, warning)


def test_listing_is_what_filtering_rglob_gives_and_links_are_judged(tmp_path):
    from framing.ingest.listing import list_inputs

    root = tmp_path / "data"
    for name in ["a.txt", "a-c.txt", "a/b.txt", "a/z/deep.html", "b/.hidden.txt", ".cache/x.txt", "c d/é.txt"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "empty_dir").mkdir()
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "linked_dir").symlink_to(root / "a")  # listed with a reason; never walked into
    expected = sorted(
        p.relative_to(root).parts
        for p in root.rglob("*")
        if (p.is_file() or p.is_symlink()) and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    found = list_inputs(str(root), skip=lambda name, path: False)
    assert [f.parts for f in found] == expected
    # 'a/b.txt' sorts before 'a-c.txt' as a path (by parts), after it as a string
    assert [f.shown for f in found][:3] == ["a/b.txt", "a/z/deep.html", "a-c.txt"]
    problems = {f.shown: f.problem for f in found if f.problem}
    assert problems == {
        "broken.txt": "file not found: broken.txt",
        "linked_dir": "symbolic link to a folder (not followed)",
    }
    assert next(f for f in found if f.shown == "link.txt").path == root / "a.txt"  # read where it leads

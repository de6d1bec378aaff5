"""Property-based tests: whatever bytes arrive, `load_corpus` + `tag` never raise, never
lose a file, never hit their own safety net, and every segment points back into the
decoded text.

`make test` runs the reproducible "ci" profile (see conftest.py); to search harder, run
`HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/test_properties.py`."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from framing import paths
from framing.corpus import load_corpus
from framing.pipeline import tag
from framing.types import Corpus, Status, Tags
from tests.test_encoding import BELARUSIAN, GERMAN, GERMAN_WINDOWS, RUSSIAN

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "koi8-r", "cp1252", "latin-1"]


def _seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(paths.RAW_DIR.glob("*.txt")):
        paragraphs += [p.strip("\n") for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    return paragraphs + RUSSIAN + BELARUSIAN + GERMAN + GERMAN_WINDOWS


PARAGRAPHS = _seed_paragraphs()


def _tag_files(files: dict[str, bytes]) -> tuple[Corpus, Tags]:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        corpus = load_corpus(folder)
        return corpus, tag(corpus)


def _check(corpus: Corpus, tags: Tags, n_files: int) -> None:
    assert len(corpus) == len(tags.articles) == n_files
    for article in corpus.articles:
        if article.status is Status.ERROR:
            assert article.error
            assert not article.error.startswith(("could not read", "tagging failed")), article.error
    assert set(tags.articles["status"]) <= {"ok", "error"}
    assert not tags.articles["error"].fillna("").str.startswith("tagging failed").any()
    for row in tags.segments.itertuples():
        assert corpus[row.article_id].text[row.start : row.end] == row.text
    readable = {a.id for a in corpus.articles if a.status is Status.OK}
    assert set(tags.segments["article_id"]) <= readable


@given(text=st.text(max_size=400))
def test_random_unicode_text_file(text):
    corpus, tags = _tag_files({"a.txt": text.encode()})
    _check(corpus, tags, 1)
    article = corpus["a"]
    if article.status is Status.OK:
        assert article.text == text.removeprefix("\ufeff")  # UTF-8 in, the same text out
        assert article.encoding in ("utf-8", "utf-8-sig")


@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".html"]))
def test_random_bytes(data, suffix):
    corpus, tags = _tag_files({f"a{suffix}": data})
    _check(corpus, tags, 1)
    article = corpus["a"]
    if article.status is Status.OK and suffix == ".txt" and article.warning is None:
        assert data.decode(article.encoding) == article.text


@given(
    paragraphs=st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6),
    separator=st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n \n"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_mixes_of_news_paragraphs_decode_exactly(paragraphs, separator, encoding):
    text = separator.join(paragraphs) + "\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    corpus, tags = _tag_files({"mix.txt": data})
    _check(corpus, tags, 1)
    article = corpus["mix"]
    assert article.status is Status.OK
    assert article.text == text  # no mojibake, whatever the encoding


@given(
    paragraphs=st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6),
    encoding=st.sampled_from(["utf-8", "cp1251", "cp1252"]),
    cut=st.integers(min_value=0, max_value=200),
)
def test_html_pages_of_news_paragraphs(paragraphs, encoding, cut):
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    head = f'<head><meta charset="{encoding}"><title>T</title></head>'
    page = f"<html>{head}<body><nav>Home | World</nav>{body}</body></html>"
    try:
        data = page.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    data = data[: len(data) - cut]  # 0: whole page; otherwise cut short
    corpus, tags = _tag_files({"page.html": data})
    _check(corpus, tags, 1)


@given(
    files=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from([".txt", ".html", ".htm", ".pdf", ""]),
            st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda f: f[0] + f[1],
    )
)
def test_every_file_of_a_folder_gets_one_row(files):
    corpus, tags = _tag_files({stem + suffix: data for stem, suffix, data in files})
    _check(corpus, tags, len(files))

"""Stage 1: raw files (+ optional manifest) -> decoded `Article`s.

Raw files are never edited. Every file under the data directory becomes exactly one
`Article`; a file that cannot be read becomes an `Article` with status ``error`` and a
reason, so nothing is lost silently.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import fields, replace
from html.parser import HTMLParser
from pathlib import Path

from framing.types import Article, Corpus, ManifestEntry, Status

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MANIFEST_NAME = "articles.csv"
MAX_BYTES = 20_000_000  # a news article is kilobytes; anything this big is not one article


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_manifest(root: Path) -> Path | None:
    """The manifest sits in the data directory or one level up (``data/articles.csv``
    for ``data/raw``)."""
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Read `articles.csv`. Only the ``file`` column is required; empty cells mean
    "let the tagger decide"."""
    known = {f.name for f in fields(ManifestEntry)}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "file" not in reader.fieldnames:
            raise ValueError(f"{path}: manifest needs a 'file' column")
        entries = []
        for row in reader:
            values = {k: (v.strip() or None) for k, v in row.items() if k in known and v is not None}
            if not values.get("file"):
                continue
            entries.append(ManifestEntry(**values))
    return entries


class _TextExtractor(HTMLParser):
    """Plain text of an HTML page: block elements become line breaks, scripts vanish."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "nav",
            "blockquote",
            "aside",
            "title",
        ]
    )
    SKIP = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one block per line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = "".join(extractor.parts)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; returns (text, encoding). Raises ValueError when no encoding fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 input needs it

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("cannot determine the text encoding")
    return str(best), best.encoding


def _read_article(path: Path, article_id: str, manifest: ManifestEntry | None) -> Article:
    def failed(reason: str, data: bytes = b"") -> Article:
        return Article(
            id=article_id,
            path=path,
            sha256=sha256_bytes(data),
            n_bytes=len(data),
            encoding=None,
            text="",
            status=Status.ERROR,
            error=reason,
            manifest=manifest,
        )

    if not path.is_file():
        return failed(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return failed(f"unsupported file type '{suffix or '(none)'}': use .txt or .html")
    data = path.read_bytes()
    if not data.strip():
        return failed("empty file", data)
    if len(data) > MAX_BYTES:
        return failed(f"file too large ({len(data):,} bytes > {MAX_BYTES:,})", data)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return failed("binary file (contains NUL bytes)", data)
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        return failed(str(exc), data)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    return Article(
        id=article_id,
        path=path,
        sha256=sha256_bytes(data),
        n_bytes=len(data),
        encoding=encoding,
        text=text,
        manifest=manifest,
    )


def _unique_id(wanted: str, taken: set[str]) -> tuple[str, str | None]:
    if wanted not in taken:
        return wanted, None
    n = 2
    while f"{wanted}~{n}" in taken:
        n += 1
    return f"{wanted}~{n}", f"duplicate id '{wanted}'"


def load_corpus(path: str | Path, *, manifest: str | Path | None = None) -> Corpus:
    """Load every article file under `path` (recursively), joined with the manifest.

    The manifest defaults to ``articles.csv`` in `path` or its parent; its ``file`` column
    is relative to the manifest's directory. Files without a manifest row get their file
    stem as id. Manifest rows whose file is missing become error rows.
    """
    root = Path(path)
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {root}")
    manifest_path = Path(manifest) if manifest is not None else find_manifest(root)
    entries = read_manifest(manifest_path) if manifest_path else []
    by_file = {(manifest_path.parent / e.file).resolve(): e for e in entries} if manifest_path else {}

    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.name != MANIFEST_NAME
        and not p.name.upper().startswith("README")
    )
    planned: list[tuple[Path, ManifestEntry | None]] = [(p, by_file.get(p.resolve())) for p in files]
    seen = {p.resolve() for p in files}
    planned += [(file, entry) for file, entry in by_file.items() if file not in seen]

    articles: list[Article] = []
    taken: set[str] = set()
    for file, entry in planned:
        article_id, duplicate = _unique_id((entry.id if entry and entry.id else file.stem), taken)
        taken.add(article_id)
        article = _read_article(file, article_id, entry)
        if duplicate and article.status is Status.OK:
            article = replace(article, status=Status.ERROR, error=duplicate)
        articles.append(article)
    articles.sort(key=lambda a: a.id)
    return Corpus(root=root, articles=tuple(articles))

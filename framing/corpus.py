"""Stage 1: raw files (+ optional manifest) -> decoded `Article`s.

Raw files are never edited. Every file under the data directory becomes exactly one
`Article`, and so does every manifest row that does not name a distinct existing file; a
file that cannot be read becomes an `Article` with status ``error`` and a reason, so
nothing is lost silently. Readable but damaged input (a file cut short) keeps status
``ok`` with a ``warning``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from framing.encoding import UndecodableError, declared_charset, decode
from framing.extract import extract_html
from framing.types import Article, Corpus, ManifestEntry, Status
from framing.validate import RowError, read_csv_checked

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MANIFEST_NAME = "articles.csv"
#: A user's outlet registry rows (see framing.outlets.registry), beside the manifest.
OUTLET_ROWS_NAME = "outlets.csv"
MAX_BYTES = 20_000_000  # a news article is kilobytes; anything this big is not one article
#: `extractor` of a text file: its decoded text is the article text.
PLAIN_TEXT = "text"


class ManifestError(ValueError):
    """The manifest as a whole is unusable (missing, unreadable, no ``file`` column)."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hash of a file; large files are read in chunks so they never sit in memory whole."""
    if path.stat().st_size <= 1 << 20:
        return sha256_bytes(path.read_bytes())  # one read: chunked reads cost more on small files
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; returns (text, encoding). Raises ValueError when no encoding fits.
    (See `framing.encoding.decode` for the truncation note as well.)"""
    decoded = decode(data)
    return decoded.text, decoded.encoding


def find_manifest(root: Path) -> Path | None:
    """The manifest sits in the data directory or one level up (``data/articles.csv``
    for ``data/raw``)."""
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None


def find_outlet_rows(root: Path) -> Path | None:
    """A user's outlet registry file: in the data directory or one level up, as the manifest."""
    for candidate in (root / OUTLET_ROWS_NAME, root.parent / OUTLET_ROWS_NAME):
        if candidate.is_file():
            return candidate
    return None


def read_manifest_checked(path: Path) -> tuple[list[tuple[int, ManifestEntry]], list[RowError]]:
    """Rows of `articles.csv` as (line, entry), and the rows that could not be used.
    Only the ``file`` column is required; empty cells mean "let the tagger decide".
    Raises `ManifestError` when the file as a whole is unusable."""
    table = read_csv_checked(path, required=["file"])
    if any(e.line == 0 for e in table.errors):
        raise ManifestError(f"{path}: {table.errors[0].reason}")
    known = {f.name for f in fields(ManifestEntry)}
    entries = [
        (row.line, ManifestEntry(**{k: (v or None) for k, v in row.values.items() if k in known})) for row in table.rows
    ]
    return entries, list(table.errors)


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Usable rows of `articles.csv` (see `read_manifest_checked`)."""
    return [entry for _, entry in read_manifest_checked(path)[0]]


def _failed(
    path: Path,
    article_id: str,
    manifest: ManifestEntry | None,
    reason: str,
    *,
    sha256: str | None = None,
    n_bytes: int = 0,
    encoding: str | None = None,
) -> Article:
    return Article(
        id=article_id,
        path=path,
        sha256=sha256 or sha256_bytes(b""),
        n_bytes=n_bytes,
        encoding=encoding,
        text="",
        status=Status.ERROR,
        error=reason,
        manifest=manifest,
    )


def _read(path: Path, article_id: str, manifest: ManifestEntry | None) -> Article:
    def failed(reason: str, data: bytes = b"", encoding: str | None = None) -> Article:
        return _failed(
            path, article_id, manifest, reason, sha256=sha256_bytes(data), n_bytes=len(data), encoding=encoding
        )

    if not path.exists():
        # As the manifest wrote it: the reason must not depend on where the checkout lives.
        return failed(f"file not found: {manifest.file if manifest else path.name}")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return failed(f"unsupported file type '{suffix or '(none)'}': use .txt or .html")
    if not path.is_file():
        return failed("not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        # Hashed in chunks, never decoded: too big to be one article.
        reason = f"file too large ({size:,} bytes > {MAX_BYTES:,})"
        return _failed(path, article_id, manifest, reason, sha256=sha256_file(path), n_bytes=size)
    data = path.read_bytes()
    if not data.strip():
        return failed("empty file", data)
    is_html = suffix in HTML_SUFFIXES
    try:
        decoded = decode(data, declared=declared_charset(data) if is_html else None)
    except UndecodableError as exc:
        return failed(str(exc), data)
    text, extractor, notes = decoded.text, PLAIN_TEXT, [decoded.truncated]
    if is_html:
        extracted = extract_html(decoded.text)
        text, extractor = extracted.text, extracted.extractor
        notes.append(extracted.truncated)
    if not text.strip():
        return failed("no text in the HTML page" if is_html else "empty file", data, encoding=decoded.encoding)
    return Article(
        id=article_id,
        path=path,
        sha256=sha256_bytes(data),
        n_bytes=len(data),
        encoding=decoded.encoding,
        text=text,
        manifest=manifest,
        extractor=extractor,
        warning="; ".join(n for n in notes if n) or None,
    )


def _read_article(path: Path, article_id: str, manifest: ManifestEntry | None) -> Article:
    try:
        return _read(path, article_id, manifest)
    except Exception as exc:  # an unforeseen failure is this article's error, not the run's
        return _failed(path, article_id, manifest, f"could not read: {type(exc).__name__}: {exc}")


def _unique_id(wanted: str, taken: set[str]) -> tuple[str, str | None]:
    if wanted not in taken:
        return wanted, None
    n = 2
    while f"{wanted}~{n}" in taken:
        n += 1
    return f"{wanted}~{n}", f"duplicate id '{wanted}'"


@dataclass(frozen=True)
class PlannedArticle:
    """One article to read: its id, file, manifest row, and an error known before reading
    (a manifest row that cannot become an article, a duplicate id)."""

    id: str
    path: Path
    manifest: ManifestEntry | None
    error: str | None = None
    read_file: bool = True  # False: the row names no usable file; nothing is read


def plan_corpus(path: str | Path, *, manifest: str | Path | None = None) -> tuple[PlannedArticle, ...]:
    """Every article of the data directory `path`, sorted by id, without reading any text.

    The manifest defaults to ``articles.csv`` in `path` or its parent; its ``file`` column
    is relative to the manifest's directory. Files without a manifest row get their file
    stem as id. Manifest rows whose file is missing, that name no file or the same file
    as an earlier row, or that cannot be parsed become error rows of their own.
    """
    root = Path(path)
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {root}")
    manifest_path = Path(manifest) if manifest is not None else find_manifest(root)
    entries, row_errors = read_manifest_checked(manifest_path) if manifest_path else ([], [])
    by_file: dict[Path, ManifestEntry] = {}
    # (id, path, entry, reason) of manifest rows that cannot become a file's row
    unmatched: list[tuple[str, Path, ManifestEntry | None, str]] = []
    for line, entry in entries:
        file = (manifest_path.parent / entry.file).resolve()
        if file in by_file:
            reason = f"manifest line {line} names the same file as an earlier row: {entry.file}"
            unmatched.append((entry.id or f"manifest-line-{line}", manifest_path, entry, reason))
        else:
            by_file[file] = entry
    unmatched += [
        (f"manifest-line-{e.line}", manifest_path, None, f"manifest line {e.line}: {e.reason}") for e in row_errors
    ]

    skip = {manifest_path.resolve()} if manifest_path else set()
    files = [
        p
        for p in _visible_files(root)
        if p.name not in (MANIFEST_NAME, OUTLET_ROWS_NAME)
        and not p.name.upper().startswith("README")
        and (not skip or p.resolve() not in skip)
    ]
    if by_file:  # resolving every path is costly on large corpora: only with a manifest
        wanted: list[tuple[Path, ManifestEntry | None]] = [(p, by_file.get(p.resolve())) for p in files]
        seen = {p.resolve() for p in files}
        wanted += [(file, entry) for file, entry in by_file.items() if file not in seen]
    else:
        wanted = [(p, None) for p in files]

    planned: list[PlannedArticle] = []
    taken: set[str] = set()
    for file, entry in wanted:
        article_id, duplicate = _unique_id((entry.id if entry and entry.id else file.stem), taken)
        taken.add(article_id)
        planned.append(PlannedArticle(article_id, file, entry, duplicate))
    for wanted_id, file, entry, reason in unmatched:
        article_id, _ = _unique_id(wanted_id, taken)
        taken.add(article_id)
        planned.append(PlannedArticle(article_id, file, entry, reason, read_file=False))
    return tuple(sorted(planned, key=lambda p: p.id))


def _visible_files(root: Path) -> list[Path]:
    """The files and symbolic links below `root` with no hidden part (a name starting with
    '.') in their path relative to `root`, sorted as paths sort: what filtering
    `root.rglob("*")` gives (which does not descend into symbolic links to directories),
    from the directory entries alone: no `stat` per file, no hidden directory walked."""
    found: list[tuple[tuple[str, ...], Path]] = []  # (parts relative to root, path)
    below = [((), root)]
    while below:
        parts, directory = below.pop()
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)
        except PermissionError:  # as rglob: an unreadable directory holds nothing
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = directory / entry.name
            if entry.is_symlink() or entry.is_file():
                found.append(((*parts, entry.name), path))
            elif entry.is_dir(follow_symlinks=False):
                below.append(((*parts, entry.name), path))
    found.sort()  # by the relative parts (distinct): paths sort by their parts, and all start with root's
    return [path for _, path in found]


def read_planned(item: PlannedArticle) -> Article:
    """Read and decode one planned article (never raises: failures are error articles)."""
    if not item.read_file:
        return _failed(item.path, item.id, item.manifest, item.error or "not readable")
    article = _read_article(item.path, item.id, item.manifest)
    if item.error and article.status is Status.OK:
        article = replace(article, status=Status.ERROR, error=item.error)
    return article


def iter_articles(plan: Iterable[PlannedArticle]) -> Iterator[Article]:
    """Articles one at a time, so a large corpus never sits in memory whole."""
    for item in plan:
        yield read_planned(item)


def load_corpus(path: str | Path, *, manifest: str | Path | None = None) -> Corpus:
    """Load every article file under `path` (recursively), joined with the manifest
    (see `plan_corpus` for the rules); every text is held in memory."""
    return Corpus(root=Path(path), articles=tuple(iter_articles(plan_corpus(path, manifest=manifest))))

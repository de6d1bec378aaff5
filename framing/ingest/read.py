"""Reading one planned article: its bytes -> decoded text (and the HTML page's article text).

Never raises: a file that cannot be read or decoded becomes an `Article` with status
``error`` and the reason; readable but damaged input (a file cut short) keeps status
``ok`` with a ``warning``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from framing.encoding import UndecodableError, declared_charset, decode
from framing.extract import extract_html
from framing.files import InputError, TooLargeError, printable, read_regular_file, sha256_bytes
from framing.ingest.plan import PlannedArticle
from framing.types import Article, ManifestEntry, Status

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MAX_BYTES = 20_000_000  # a news article is kilobytes; anything this big is not one article
#: `extractor` of a text file: its decoded text is the article text.
PLAIN_TEXT = "text"


def _failed(
    item: PlannedArticle,
    reason: str,
    *,
    data: bytes = b"",
    sha256: str | None = None,
    n_bytes: int | None = None,
    encoding: str | None = None,
) -> Article:
    return Article(
        id=item.id,
        path=item.path,
        sha256=sha256 or sha256_bytes(data),
        n_bytes=len(data) if n_bytes is None else n_bytes,
        encoding=encoding,
        text="",
        status=Status.ERROR,
        error=reason,
        manifest=item.manifest,
        source=item.source,
        warning=item.warning,
    )


def _not_found(item: PlannedArticle) -> str:
    # As the manifest wrote it: the reason must not depend on where the checkout lives.
    manifest: ManifestEntry | None = item.manifest
    return f"file not found: {printable(manifest.file) if manifest else item.source.rsplit('/', 1)[-1]}"


def article_from_bytes(item: PlannedArticle, data: bytes) -> Article:
    """The article that `data`, the bytes of the planned article's file, make: decoded,
    and for an HTML page its article text extracted."""
    if not data.strip():
        return _failed(item, "empty file", data=data)
    is_html = Path(item.path).suffix.lower() in HTML_SUFFIXES
    try:
        decoded = decode(data, declared=declared_charset(data) if is_html else None)
    except UndecodableError as exc:
        return _failed(item, str(exc), data=data)
    text, extractor, notes, head = decoded.text, PLAIN_TEXT, [item.warning, decoded.truncated], ()
    if is_html:
        extracted = extract_html(decoded.text)
        text, extractor, head = extracted.text, extracted.extractor, extracted.head
        notes += extracted.notes
    if not text.strip():
        reason = "no text in the HTML page" if is_html else "empty file"
        return _failed(item, reason, data=data, encoding=decoded.encoding)
    return Article(
        id=item.id,
        path=item.path,
        sha256=sha256_bytes(data),
        n_bytes=len(data),
        encoding=decoded.encoding,
        text=text,
        manifest=item.manifest,
        extractor=extractor,
        warning="; ".join(n for n in notes if n) or None,
        source=item.source,
        page_head=head,
    )


def read_bytes(item: PlannedArticle) -> bytes:
    """The bytes of a planned article's file. Raises `InputError` (with the reason for the
    tables) when it has no file to read, is not a supported, regular, readable file, or is
    too large (`TooLargeError`, with the file's hash)."""
    if not item.read_file:
        raise InputError(item.error or "not readable")
    suffix = Path(item.path).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(f"unsupported file type '{printable(suffix) or '(none)'}': use .txt or .html")
    try:
        return read_regular_file(item.path, limit=MAX_BYTES)
    except InputError as exc:
        if exc.reason == "file not found":
            raise InputError(_not_found(item)) from None
        raise


def read_planned(item: PlannedArticle) -> Article:
    """Read and decode one planned article (never raises: failures are error articles)."""
    try:
        article = article_from_bytes(item, read_bytes(item))
    except TooLargeError as exc:
        return _failed(item, exc.reason, sha256=exc.sha256, n_bytes=exc.size)
    except InputError as exc:
        return _failed(item, exc.reason)
    except Exception as exc:  # an unforeseen failure is this article's error, not the run's
        return _failed(item, printable(f"could not read: {type(exc).__name__}: {exc}"))
    if item.error and article.status is Status.OK:
        article = replace(article, status=Status.ERROR, error=item.error)
    return article

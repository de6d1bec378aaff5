"""Stage 1 under its historical name: raw files (+ optional manifest) -> decoded `Article`s.

The code lives in `framing.ingest` (planning, the manifest, reading) and
`framing.files` (opening files safely); these names stay importable from here.
"""

from __future__ import annotations

from framing.encoding import decode
from framing.files import sha256_bytes, sha256_file
from framing.ingest import (
    MANIFEST_NAME,
    MAX_BYTES,
    ManifestError,
    PlannedArticle,
    find_manifest,
    iter_articles,
    load_corpus,
    plan_corpus,
    read_manifest,
    read_manifest_checked,
    read_planned,
)
from framing.ingest.read import HTML_SUFFIXES, PLAIN_TEXT, TEXT_SUFFIXES

__all__ = [
    "HTML_SUFFIXES",
    "MANIFEST_NAME",
    "MAX_BYTES",
    "PLAIN_TEXT",
    "TEXT_SUFFIXES",
    "ManifestError",
    "PlannedArticle",
    "decode_bytes",
    "find_manifest",
    "iter_articles",
    "load_corpus",
    "plan_corpus",
    "read_manifest",
    "read_manifest_checked",
    "read_planned",
    "sha256_bytes",
    "sha256_file",
]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; returns (text, encoding). Raises ValueError when no encoding fits.
    (See `framing.encoding.decode` for the truncation note as well.)"""
    decoded = decode(data)
    return decoded.text, decoded.encoding

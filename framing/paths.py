"""Project paths, and nothing else (every other module imports them from here)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
MANIFEST = DATA_DIR / "articles.csv"
PROCESSED_DIR = DATA_DIR / "processed"
#: Per-article tagging results, reused while an article, the engine and the code are unchanged.
CACHE_DIR = PROCESSED_DIR / "cache"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# Material shared beside the checkout (seed articles, NewsMTSC); may be absent outside CI.
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SEED_ARTICLES_DIR = SHARED_DIR / "seed-articles"
NEWSMTSC_DIR = SHARED_DIR / "benchmarks" / "newsmtsc"
REALWORLD_DIR = DATA_DIR / "realworld"

#: Environment variable naming the corpus every notebook and `figures` read by default.
DATA_ENV = "FRAMING_DATA"


def data_dir(choice: str | Path | None = None) -> Path:
    """The corpus directory: `choice` when given, else $FRAMING_DATA, else `data/`.

    A corpus directory holds its article files (in `raw/` or directly) and optionally a
    manifest `articles.csv` and an `outlets.csv`; a relative path is read from the project root."""
    chosen = Path(choice) if choice else Path(os.environ.get(DATA_ENV) or DATA_DIR)
    return chosen if chosen.is_absolute() else PROJECT_ROOT / chosen


def article_dir(data: str | Path) -> Path:
    """Where the article files of corpus directory `data` are: its `raw/` when it has one
    (so `data/` does not read its own gold files as articles), else `data` itself."""
    data = Path(data)
    return data / "raw" if (data / "raw").is_dir() else data


def output_dir_for(data: str | Path) -> Path:
    """Where the tables, result cache and figures of corpus `data` go: `data/processed/`
    for `data/` itself, else `data/processed/corpora/<name>-<digest of its path>/`. Never
    inside the corpus, where figures and tables would be read as articles."""
    resolved = Path(data).resolve()
    if resolved == DATA_DIR.resolve():
        return PROCESSED_DIR
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return PROCESSED_DIR / "corpora" / f"{resolved.name}-{digest}"


def cache_dir_for(data: str | Path) -> Path:
    """The result cache of corpus `data`: one per corpus, since an article's tags also
    depend on its manifest row (url, date) and the corpus's outlet rows."""
    return output_dir_for(data) / "cache"

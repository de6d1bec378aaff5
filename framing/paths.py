"""Project paths, and nothing else (every other module imports them from here)."""

from __future__ import annotations

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

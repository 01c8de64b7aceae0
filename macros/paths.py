"""Where things live: the project root, the data package and the build cache."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DOCS_DIR = PROJECT_ROOT / "docs"  # the pages and the files the site publishes as they are
# Expensive build products (validation results, SVGs, the Vega bundle), keyed by content hash;
# SITE_CACHE_DIR puts them elsewhere (the tests use their own, never the project's .cache/).
CACHE_DIR = Path(os.environ.get("SITE_CACHE_DIR") or PROJECT_ROOT / ".cache")


def relative(path: Path) -> str:
    """A path as a contributor sees it from the project root (never an absolute local path)."""
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.name

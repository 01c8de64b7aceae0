"""Registration of the page macros with mkdocs-macros."""

from __future__ import annotations

from typing import Any


def register(env: Any) -> None:
    """Attach each page macro to the mkdocs-macros environment."""

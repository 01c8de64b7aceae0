"""Fixtures of the browser suite: one ``Browse`` helper and the cached page surveys.

The Chromium itself and the served build come from tests/conftest.py; the helpers live in
tests/browser/chromium.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.chromium import Browse, PageReport


@pytest.fixture(scope="session")
def browse(browser: Any, site: Any) -> Browse:
    """Opens contexts and pages of the session's site in the shared Chromium."""
    return Browse(browser, site)


@pytest.fixture(scope="session")
def survey(browse: Browse, pages: list[str]) -> Callable[[str, str], list[PageReport]]:
    """``survey(palette, viewport)``: every page opened once in that combination (cached)."""
    done: dict[tuple[str, str], list[PageReport]] = {}

    def run(palette: str, viewport: str) -> list[PageReport]:
        if (palette, viewport) not in done:
            done[palette, viewport] = browse.survey(palette, viewport, pages)
        return done[palette, viewport]

    return run

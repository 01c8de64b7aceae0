"""Fixtures of the browser suite: one ``Browse`` helper and the cached page surveys.

The Chromium itself and the served build come from tests/conftest.py; the helpers live in
tests/browser/chromium.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.chromium import Browse, PageReport


@pytest.fixture(scope="session")
def browse(browser: Any, site: Any) -> Browse:
    """Opens contexts and pages of the session's site in the shared Chromium."""
    return Browse(browser, site)


def surveyed_pages(pages: list[str]) -> list[str]:
    """The pages the survey opens: every page, but of the chart pages (charts/<id>/, one per
    chart and language, all made from one template) only the first of each edition; the
    gallery is surveyed. tests/test_chart_pages.py checks every chart page without a browser."""
    chart_pages = [p for p in pages if re.fullmatch(r"(?:[a-z]{2}/)?charts/[^/]+/", p)]
    first = {min((p for p in chart_pages if p.split("charts/")[0] == edition), default="")
             for edition in {p.split("charts/")[0] for p in chart_pages}}
    return [p for p in pages if p not in chart_pages or p in first]


@pytest.fixture(scope="session")
def survey(browse: Browse, pages: list[str]) -> Callable[[str, str], list[PageReport]]:
    """``survey(palette, viewport)``: every page (see ``surveyed_pages``) opened once in that
    combination (cached)."""
    done: dict[tuple[str, str], list[PageReport]] = {}
    pages = surveyed_pages(pages)

    def run(palette: str, viewport: str) -> list[PageReport]:
        if (palette, viewport) not in done:
            done[palette, viewport] = browse.survey(palette, viewport, pages)
        return done[palette, viewport]

    return run

"""Session fixtures: the project built once and served from its site_url origin; one Chromium.

The helpers behind them live in tests/sitebuild.py. The site is built with ``mkdocs build
--strict`` for ``http://127.0.0.1:<port>/`` and served from exactly that origin, so Material's
instant navigation is really on in the browser tests (design trap 1). Pages are discovered from
the build, so a new page is covered without touching the tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.sitebuild import (
    CHROMIUM_ARGS,
    ROOT,
    BuildError,
    Site,
    built_and_served,
    chromium_path,
    use_test_cache,
)


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers this suite uses; send every build to the tests' own cache."""
    config.addinivalue_line("markers", "browser: drives Chromium through Playwright")
    config.addinivalue_line("markers", "slow: builds a scratch copy of the site or runs mkdocs "
                            "serve (left out of `make check`, run by `make test`)")
    use_test_cache()


# GitHub annotations printed by a failed session build; repeated at the end of the run, where
# GitHub Actions reads them (pytest captures the build's own output).
BUILD_ANNOTATIONS: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the failed build's annotations, one per line, as GitHub Actions expects them."""
    for line in BUILD_ANNOTATIONS:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The project built once (strict) and served from its site_url origin for the session."""
    try:
        with built_and_served(ROOT, tmp_path_factory.mktemp("site")) as built:
            yield built
    except BuildError as error:
        BUILD_ANNOTATIONS.extend(error.annotations)
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def pages(site: Site) -> list[str]:
    """Every page of the build as a site path ("" is the home page)."""
    return site.pages()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session: the machine's (never downloaded in CI), else,
    off CI, the one Playwright installs (`make chromium`); skipped only off CI with neither."""
    from playwright.sync_api import Error, sync_playwright

    path = chromium_path()
    if path is None and os.environ.get("CI"):
        pytest.fail("No Chromium found: install Debian's chromium or set CHROMIUM_PATH.",
                    pytrace=False)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Error:
            if path is not None:
                raise
            pytest.skip("No Chromium found: run `make chromium` or set CHROMIUM_PATH.")
        yield chromium
        chromium.close()

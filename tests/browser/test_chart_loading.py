"""When live charts are drawn (issue 20): never while the page loads, as soon as a reader reaches.

The static SVG is the chart until then, so the Vega runtime must not compete with the page for
the main thread: at load it is only downloaded (when the browser is idle), and run once the
reader points at a chart, reaches one with the keyboard, or scrolls (docs/assets/javascripts/
charts.js). These tests check each trigger on the page with the most charts, in real Chromium.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

LIVE = "[...document.querySelectorAll('.cm-chart')].map((c) => c.classList.contains('is-live'))"
RUNTIME_FETCHED = """() => performance.getEntriesByType("resource")
  .some((entry) => /\\/vega\\.[0-9a-f]+\\.js$/.test(entry.name))"""


@pytest.fixture(scope="module")
def chart_page(site: Any, pages: list[str]) -> str:
    """The page with the most charts."""
    def charts(path: str) -> int:
        return (site.root / path / "index.html").read_text(encoding="utf-8").count(
            'class="cm-figure"')

    page = max(pages, key=charts)
    assert charts(page) >= 3, "no page has three charts or more"
    return page


def test_nothing_of_vega_runs_while_the_page_loads_but_it_is_downloaded(browse, chart_page
                                                                        ) -> None:
    with browse.window("light", "phone") as window:
        page = window.open(browse.url(chart_page))
        page.wait_for_function(RUNTIME_FETCHED, timeout=10_000)  # prefetched when idle
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.vega") == "undefined", "Vega ran at load"
        assert not any(page.evaluate(LIVE)), "a chart went live without the reader reaching"
        assert not window.errors(), window.errors()


def test_the_chart_pointed_at_goes_live(browse, chart_page) -> None:
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(chart_page))
        page.locator(".cm-chart").first.hover()
        page.wait_for_function(f"{LIVE}[0]", timeout=10_000)
        assert page.evaluate(LIVE)[0], "the chart under the pointer is not live"
        assert not window.errors(), window.errors()


def test_a_chart_goes_live_when_the_keyboard_reaches_it(browse, chart_page) -> None:
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(chart_page))
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('.cm-figure')"):
                break
        else:
            pytest.fail("Tab never reached a chart figure")
        index = page.evaluate("""[...document.querySelectorAll('.cm-figure')]
          .indexOf(document.activeElement.closest('.cm-figure'))""")
        page.wait_for_function(f"{LIVE}[{index}]", timeout=10_000)
        assert not window.errors(), window.errors()


def test_scrolling_draws_the_charts_near_the_window_and_not_the_far_ones(browse, chart_page
                                                                        ) -> None:
    with browse.window("light", "phone") as window:
        page = window.open(browse.url(chart_page))
        page.mouse.move(5, 400)
        page.mouse.wheel(0, 300)
        page.wait_for_function(f"{LIVE}.some(Boolean)", timeout=10_000)
        page.wait_for_timeout(1_000)
        near = page.evaluate("""[...document.querySelectorAll('.cm-chart')]
          .map((c) => c.getBoundingClientRect().top < innerHeight + 400)""")
        live = page.evaluate(LIVE)
        assert all(lv for lv, n in zip(live, near, strict=True) if n), \
            f"charts near the window not live: live {live}, near {near}"
        assert not live[-1], "the page's last chart, far below the window, was drawn too"
        assert not window.errors(), window.errors()

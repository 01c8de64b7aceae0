"""Instant navigation: click every navigation entry without a full reload; back, forward, palette.

The site is served from its site_url origin, so Material's instant navigation is really on
(design trap 1). The init script gives each document a random ``window.__qa.loadId``; a full
page load would replace it, an instant navigation keeps it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from tests.browser.chromium import CHART_DOM, chart_problems, render_charts

pytestmark = pytest.mark.browser

# Navigation entries of the current page, in order, as absolute URLs (tabs and sidebar).
NAV_TARGETS = """
() => [...new Set([...document.querySelectorAll(
  ".md-tabs a.md-tabs__link[href], nav.md-nav--primary a.md-nav__link[href]")]
  .map((a) => a.href.split("#")[0]))]
"""
# Mark a visible link to ``url`` so Playwright can click it like a reader; false if none is.
MARK_VISIBLE_LINK = """
(url) => {
  document.querySelectorAll("[data-qa-click]").forEach((a) => a.removeAttribute("data-qa-click"));
  const link = [...document.querySelectorAll(
    ".md-tabs a[href], nav.md-nav--primary a[href], .md-header a[href]")]
    .find((a) => a.href.split("#")[0] === url && a.getClientRects().length > 0 &&
                 getComputedStyle(a).visibility !== "hidden");
  if (link) link.setAttribute("data-qa-click", "");
  return !!link;
}
"""
FIRST_LABEL_FILL = """
(dom) => {
  const text = document.querySelector(`${dom.chart} .cm-chart__live svg text, ` +
                                      `${dom.chart} [class*=live] svg text`);
  return text ? getComputedStyle(text).fill + "|" + text.getAttribute("fill") : null;
}
"""


# Record every change of a stylesheet <link>'s href in the document ("old -> new").
WATCH_STYLESHEET_HREFS = """
() => {
  const changes = window.__qa.hrefChanges = [];
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target.matches('link[rel="stylesheet"]')) {
        changes.push(`${record.oldValue} -> ${record.target.getAttribute("href")}`);
      }
    }
  }).observe(document, {subtree: true, attributeFilter: ["href"], attributeOldValue: true});
}
"""


# Count Material's page swaps: document$ emits once per (instant) page load.
WATCH_SWAPS = """
() => {
  window.__qa.swaps = 0;
  window.document$.subscribe(() => { window.__qa.swaps += 1; });
  return window.__qa.swaps;
}
"""


def swaps(page: Any) -> int:
    """How many pages Material has shown in this document so far."""
    return page.evaluate("window.__qa.swaps")


def arrive(page: Any, url: str, before: int, load_id: float) -> list[str]:
    """Wait until Material has swapped in ``url``; return what went wrong there."""
    page.wait_for_url(url, timeout=10_000)
    if page.evaluate("window.__qa && window.__qa.loadId") != load_id:
        return [f"{url}: a full page load happened (instant navigation did not take over)"]
    page.wait_for_function(f"window.__qa.swaps > {before}", timeout=10_000)
    return [f"{url}: {p}" for p in chart_problems(render_charts(page))]


@pytest.mark.parametrize("root", ["", "zh/"])
def test_every_navigation_entry_by_instant_navigation_then_back_and_forward(
        browse, pages, root) -> None:
    if root not in pages:
        pytest.skip(f"the build has no /{root} pages")
    problems: list[str] = []
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(root))
        page.wait_for_function("window.document$")
        page.evaluate(WATCH_SWAPS)
        load_id = page.evaluate("window.__qa.loadId")
        targets = [u for u in page.evaluate(NAV_TARGETS) if u != page.url]
        assert targets, "no navigation entries found"
        visited = [page.url]
        for url in targets:
            if not page.evaluate(MARK_VISIBLE_LINK, url):
                problems.append(f"{url}: no visible navigation link to it from {page.url}")
                continue
            before = swaps(page)
            page.click("[data-qa-click]")
            problems += arrive(page, url, before, load_id)
            visited.append(url)
        for step, expected in (("back", visited[-2]), ("forward", visited[-1]),
                               ("back", visited[-2]), ("back", visited[-3])):
            before = swaps(page)
            page.evaluate(f"history.{step}()")
            problems += [f"history.{step}(): {p}"
                         for p in arrive(page, expected, before, load_id)]
        problems += window.errors()
    assert not problems, "\n".join(problems)


def test_charts_follow_the_palette_toggle(browse, site, pages) -> None:
    chart_pages = [p for p in pages if 'class="cm-figure"' in
                   (site.root / p / "index.html").read_text(encoding="utf-8")]
    assert chart_pages, "no page of the build has a chart figure"
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(chart_pages[0]))
        assert not chart_problems(render_charts(page))
        before = page.evaluate(FIRST_LABEL_FILL, asdict(CHART_DOM))
        for _ in range(3):  # Material cycles system -> light -> dark
            if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
                break
            page.click("form[data-md-component=palette] label:not([hidden])")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", \
            "clicking the palette toggle never reached the dark palette"
        assert before, "the live chart has no text to compare colours with"
        page.wait_for_function(f"(dom) => ({FIRST_LABEL_FILL})(dom) !== {json.dumps(before)}",
                               arg=asdict(CHART_DOM), timeout=10_000)
        problems = chart_problems(render_charts(page)) + window.errors()
    assert not problems, "\n".join(problems)


def test_material_finds_no_stylesheet_url_to_rewrite(browse) -> None:
    """Material's instant navigation sets every relative URL in the page to its absolute form when
    its script starts. On a stylesheet <link> that is a new href: Chromium fetches the sheet again
    and lays the page out without it until it is back (a layout shift, or a flash of the unstyled
    page). overrides/main.html gives the stylesheets their absolute URLs before the first paint,
    so no stylesheet's href changes after that."""
    with browse.window("light", "desktop") as window:
        window.context.add_init_script(f"({WATCH_STYLESHEET_HREFS})()")
        page = window.open(browse.url(""))
        page.wait_for_function("window.document$")
        page.wait_for_timeout(300)
        changes = page.evaluate("window.__qa.hrefChanges")
        problems = window.errors()
    assert changes == [], "stylesheet hrefs changed:\n" + "\n".join(changes)
    assert not problems, "\n".join(problems)


def test_charts_go_live_after_instant_navigation_from_a_page_without_charts(
        browse, site, pages) -> None:
    """The chart script is only on chart pages: reached by instant navigation from a page without
    one, it must run, load the Vega runtime and draw the charts a reader reaches for."""
    def has_chart(path: str) -> bool:
        return 'class="cm-figure"' in (site.root / path / "index.html").read_text(encoding="utf-8")

    plain = next((p for p in pages if not has_chart(p)), None)
    assert plain is not None, "every page has a chart"
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(plain))
        page.wait_for_function("window.document$")
        page.evaluate(WATCH_SWAPS)
        load_id = page.evaluate("window.__qa.loadId")
        target = next((browse.url(p) for p in pages if has_chart(p)
                       and page.evaluate(MARK_VISIBLE_LINK, browse.url(p))), None)
        assert target, f"no visible link from /{plain} to a page with a chart"
        before = swaps(page)
        page.click("[data-qa-click]")
        problems = arrive(page, target, before, load_id) + window.errors()
    assert not problems, "\n".join(problems)

"""A chart's embed page inside an iframe on another origin, as a newsroom would paste it.

The host page is the snippet the chart page offers to copy, served from a second 127.0.0.1 port.
Every request either origin does not serve is recorded and aborted: none may happen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.chromium import CHART_DOM, CHART_TIMEOUT_MS, SCREENSHOTS
from tests.sitebuild import Site, SiteServer

pytestmark = pytest.mark.browser
CHART = "ndpr_price_vs_floor"
LIVE = """([chart, live, still]) => [...document.querySelectorAll(chart + " " + live)]
  .some((el) => !el.closest(still))"""


def snippet(site: Site, chart_id: str) -> str:
    """The embed code the chart page shows, as a reader copies it."""
    page = (site.root / f"charts/{chart_id}/index.html").read_text(encoding="utf-8")
    section = page[page.index('id="embed-this-chart"'):]
    code = re.search(r"<code>(.*?)</code>", section, re.S)
    assert code, "the chart page shows no embed code"
    return html.unescape(re.sub(r"<[^>]+>", "", code.group(1)))


@contextmanager
def host(tmp: Path, code: str) -> Iterator[str]:
    """Serve a page holding ``code`` from another origin (a second port); yield that origin."""
    (tmp / "index.html").write_text(
        f"<!doctype html><html><head><title>Host</title></head><body><h1>Host</h1>{code}"
        "</body></html>", encoding="utf-8")
    with SiteServer(tmp) as other:
        yield other.origin


def open_host(browser: Any, site: Site, origin: str, **context: Any) -> tuple[Any, Any, list]:
    """The host page in a new context; requests outside the two origins are aborted."""
    ctx = browser.new_context(**context)
    foreign: list[str] = []
    allowed = (site.origin, origin)

    def check(route: Any) -> None:
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" in allowed:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    ctx.route("**/*", check)
    page = ctx.new_page()
    page.goto(origin + "/", wait_until="load")
    return ctx, page, foreign


def embed_frame(page: Any) -> Any:
    """The chart's frame, once its document has loaded."""
    page.wait_for_selector("iframe")
    frame = page.frame_locator("iframe").locator(CHART_DOM.chart)
    frame.wait_for()
    return next(f for f in page.frames if "/embed/" in f.url)


def test_the_embed_goes_live_in_a_foreign_iframe_and_fits_its_height(
        browser: Any, site: Site, tmp_path: Path) -> None:
    with host(tmp_path, snippet(site, CHART)) as origin:
        ctx, page, foreign = open_host(browser, site, origin, color_scheme="light",
                                       viewport={"width": 1280, "height": 900})
        try:
            frame = embed_frame(page)
            assert urlsplit(frame.url).netloc != urlsplit(origin).netloc
            assert frame.evaluate("document.body.dataset.mdColorScheme") == "default"
            page.frame_locator("iframe").locator(CHART_DOM.chart).hover()
            frame.wait_for_function(LIVE, arg=[CHART_DOM.chart, CHART_DOM.live,
                                               CHART_DOM.static], timeout=CHART_TIMEOUT_MS)
            page.wait_for_function("document.querySelector('iframe').height !== '640'")
            inner = frame.evaluate("Math.ceil(document.querySelector('.cm-embed')"
                                   ".getBoundingClientRect().bottom)")
            outer = page.evaluate("document.querySelector('iframe').getBoundingClientRect()"
                                  ".height")
            assert abs(inner - outer) <= 2, f"frame {outer}px, its page {inner}px"
            back = frame.locator(".cm-embed__back a")
            assert back.get_attribute("href") == "../"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "embed-host-light-desktop.png"),
                            full_page=True)
            assert not foreign, f"third-party requests: {foreign}"
        finally:
            ctx.close()


@pytest.mark.parametrize("how", ["query", "media"])
def test_the_embed_follows_the_host_pages_dark_scheme(browser: Any, site: Site, tmp_path: Path,
                                                      how: str) -> None:
    code = snippet(site, CHART)
    if how == "query":
        code = code.replace('/embed/"', '/embed/?theme=dark"')
    with host(tmp_path, code) as origin:
        scheme = "light" if how == "query" else "dark"
        ctx, page, foreign = open_host(browser, site, origin, color_scheme=scheme,
                                       viewport={"width": 390, "height": 844})
        try:
            frame = embed_frame(page)
            assert frame.evaluate("document.body.dataset.mdColorScheme") == "slate"
            background = frame.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"embed-host-dark-{how}-phone.png"),
                            full_page=True)
            assert not foreign, f"third-party requests: {foreign}"
        finally:
            ctx.close()


def test_the_embed_shows_the_static_chart_without_javascript(browser: Any, site: Site) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site.url(f"charts/{CHART}/embed/"), wait_until="load")
        static = page.locator(f"{CHART_DOM.static} svg")
        assert static.is_visible() and static.bounding_box()["width"] > 200
        assert page.locator(".cm-figure__source").is_visible()
        assert page.locator(".cm-embed__back a").is_visible()
    finally:
        ctx.close()

"""Browser timings for `make bench`: when charts become interactive, and layout shift.

A chart counts as interactive when the figure layer's script marks its figure live
(``data-chart-state="live"``) or, failing that, when vega-embed has drawn an SVG or canvas in it.
An init script, installed before any page script runs, records for each chart figure the first
moment (``performance.now()``, milliseconds since navigation start) it is live, and sums the
layout-shift entries Chromium reports (cumulative layout shift, without user input).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import statistics
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
CHART_SELECTOR = "figure[data-chart]"
SETTLE_MS = 500  # after the last chart is live, wait this long for late layout shifts

INIT_SCRIPT = """
(() => {
  const bench = window.__bench = {cls: 0, live: new Map()};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) bench.cls += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  const isLive = (figure) => figure.dataset.chartState === "live" ||
    (!figure.dataset.chartState && !!figure.querySelector(".vega-embed svg, .vega-embed canvas"));
  bench.charts = () => Array.from(document.querySelectorAll(SELECTOR));
  const check = () => {
    for (const figure of bench.charts()) {
      if (!bench.live.has(figure) && isLive(figure)) bench.live.set(figure, performance.now());
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                 attributes: true});
})();
""".replace("SELECTOR", repr(CHART_SELECTOR))

# The charts whose readiness counts: all of them, or those in the first screen at load.
TARGETS_JS = """(scope) => {
  const charts = window.__bench.charts();
  return scope === "all" ? charts :
    charts.filter((figure) => figure.getBoundingClientRect().top < window.innerHeight);
}"""


@dataclass(frozen=True)
class Load:
    """One page load: charts counted, how many went live, when the last did, and layout shift."""

    charts: int
    live: int
    last_live_ms: float | None
    cls: float


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files, no request log."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Stay quiet."""


class StaticServer:
    """Serves a directory on 127.0.0.1; the port is bound at creation, so builds can use it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def chromium_path() -> str:
    """The machine's Chromium (CHROMIUM_PATH, else chromium on PATH); never downloaded."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("No Chromium found: run `make chromium` or set CHROMIUM_PATH.")


def load_page(browser: Any, url: str, scope: str, *, height: int | None = None,
              timeout_ms: int = 15_000) -> Load:
    """Open ``url`` in a fresh context; wait for the ``scope`` charts ("all" or "first") to go live.

    ``height`` overrides the viewport height (a viewport as tall as the page puts every chart in
    view, so lazy rendering cannot postpone any).
    """
    viewport = {**VIEWPORT, "height": height or VIEWPORT["height"]}
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.add_init_script(INIT_SCRIPT)
        page.goto(url, wait_until="load")
        ready = f"""() => {{
          const targets = ({TARGETS_JS})({scope!r});
          return targets.every((figure) => window.__bench.live.has(figure));
        }}"""
        # A timeout is a result too: the evaluation below reports how many charts went live.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(ready, timeout=timeout_ms, polling=50)
        page.wait_for_timeout(SETTLE_MS)
        result = page.evaluate(f"""() => {{
          const targets = ({TARGETS_JS})({scope!r});
          const times = targets.filter((f) => window.__bench.live.has(f))
                               .map((f) => window.__bench.live.get(f));
          const complete = times.length > 0 && times.length === targets.length;
          return {{charts: targets.length, live: times.length, cls: window.__bench.cls,
                   last: complete ? Math.max(...times) : null}};
        }}""")
        return Load(charts=result["charts"], live=result["live"], last_live_ms=result["last"],
                    cls=result["cls"])
    finally:
        context.close()


def page_height(browser: Any, url: str) -> int:
    """The full height of a page at the bench viewport width, in CSS pixels."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        return int(page.evaluate("document.documentElement.scrollHeight"))
    finally:
        context.close()


def median_load(loads: list[Load]) -> Load:
    """The median of several loads of one page (charts counted from the first)."""
    times = [load.last_live_ms for load in loads]
    complete = [t for t in times if t is not None] if all(t is not None for t in times) else []
    return Load(charts=loads[0].charts, live=min(load.live for load in loads),
                last_live_ms=statistics.median(complete) if complete else None,
                cls=max(load.cls for load in loads))

"""Browser timings for `make bench`: when charts become interactive, and layout shift.

A chart counts as interactive when docs/assets/javascripts/charts.js marks its chart box
(``.cm-chart[data-chart]``) with the class ``is-live``: it does so once the Vega view has rendered
with its hover and tooltip handlers attached. An init script, installed before any page script
runs, records for each chart the first moment (``performance.now()``, milliseconds since
navigation start) it is live, and sums the layout-shift entries Chromium reports (cumulative
layout shift, without user input).

Wall-clock times depend on whatever else the machine is doing (a build on the other core can
double them), so each load also records the renderer's main-thread CPU time (Chromium's
``ThreadTime``, a fresh renderer process per context) and how many layouts and style
recalculations it had run, read once the load event has fired and the charts are live (whichever
comes later: the page's charts are only known once it has loaded): these compare variants under
load. The viewport as tall as the page puts every chart in view; it costs Chromium's raster and
compositor threads about half as much CPU again as a window of 800 px on the market page, but the
main thread, which draws the charts, about the same (Chromium traces, both drawing every chart).
"""

from __future__ import annotations

import contextlib
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # shared with the browser tests
from tests import sitebuild  # noqa: E402
from tests.sitebuild import CHROMIUM_ARGS  # noqa: E402, F401 - bench.py launches with these
from tests.sitebuild import SiteServer as StaticServer  # noqa: E402, F401 - serves the bench site

VIEWPORT = {"width": 1280, "height": 800}
CHART_SELECTOR = "[data-chart]"  # the figure layer's chart box
SETTLE_MS = 500  # after the last chart is live, wait this long for late layout shifts

INIT_SCRIPT = r"""
(() => {
  const bench = window.__bench = {cls: 0, live: new Map(), shifts: []};
  const describe = (node) => !node ? "?" : node.nodeType !== 1 ? node.nodeName :
    node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") +
    (typeof node.className === "string" && node.className.trim() ?
      "." + node.className.trim().split(/\s+/).join(".") : "");
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      bench.cls += entry.value;
      bench.shifts.push({value: entry.value, at: Math.round(entry.startTime),
                         nodes: (entry.sources || []).map((source) => describe(source.node))});
    }
  }).observe({type: "layout-shift", buffered: true});
  const isLive = (chart) => chart.classList.contains("is-live");
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
    """One page load: charts counted, how many went live, when the last did, and layout shift.

    For the analysis: when the load event fired and when the Vega runtime finished downloading
    (milliseconds since navigation start; None if the page did not fetch it), and how long the
    main thread was busy (and running script) by the end of the measurement.
    """

    charts: int
    live: int
    last_live_ms: float | None
    cls: float
    load_ms: float | None = None
    runtime_ms: float | None = None
    shifts: tuple[str, ...] = ()  # the largest layout shifts: "value at ms: elements"
    busy_ms: float | None = None  # main-thread task time until the end of the load (CDP)
    script_ms: float | None = None  # of which running JavaScript
    cpu_ms: float | None = None  # main-thread CPU time by the load event or the last chart
    layouts: int | None = None  # layouts run by then
    styles: int | None = None  # style recalculations run by then


def chromium_path() -> str:
    """The machine's Chromium (tests/sitebuild.py finds it); never downloaded."""
    path = sitebuild.chromium_path()
    if path is None:
        raise RuntimeError("No Chromium found: run `make chromium` or set CHROMIUM_PATH.")
    return path


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
        devtools = context.new_cdp_session(page)
        devtools.send("Performance.enable")  # main-thread busy time, for the analysis
        page.goto(url, wait_until="load")
        ready = f"""() => {{
          const targets = ({TARGETS_JS})({scope!r});
          return targets.every((figure) => window.__bench.live.has(figure));
        }}"""
        # A timeout is a result too: the evaluation below reports how many charts went live.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(ready, timeout=timeout_ms, polling=50)
        at_live = _metrics(devtools)  # the load event or the last chart (+ 50 ms polling)
        page.wait_for_timeout(SETTLE_MS)
        result = page.evaluate(rf"""() => {{
          const targets = ({TARGETS_JS})({scope!r});
          const times = targets.filter((f) => window.__bench.live.has(f))
                               .map((f) => window.__bench.live.get(f));
          const complete = times.length > 0 && times.length === targets.length;
          const nav = performance.getEntriesByType("navigation")[0];
          const runtime = performance.getEntriesByType("resource")
            .find((entry) => /\/vega\.[0-9a-f]+\.js$/.test(entry.name));
          return {{charts: targets.length, live: times.length, cls: window.__bench.cls,
                   last: complete ? Math.max(...times) : null,
                   load: nav ? nav.loadEventEnd : null,
                   runtime: runtime ? runtime.responseEnd : null,
                   shifts: window.__bench.shifts.sort((a, b) => b.value - a.value)
                     .slice(0, 3).map((s) => s.value.toFixed(5) + " at " + s.at + " ms: " +
                                             s.nodes.join(", "))}};
        }}""")
        metrics = _metrics(devtools)
        complete = result["last"] is not None or not result["charts"]  # no charts: at load
        return Load(charts=result["charts"], live=result["live"], last_live_ms=result["last"],
                    cls=result["cls"], load_ms=result["load"], runtime_ms=result["runtime"],
                    shifts=tuple(result["shifts"]),
                    busy_ms=metrics.get("TaskDuration", 0) * 1000,
                    script_ms=metrics.get("ScriptDuration", 0) * 1000,
                    cpu_ms=at_live.get("ThreadTime", 0) * 1000 if complete else None,
                    layouts=int(at_live.get("LayoutCount", 0)) if complete else None,
                    styles=int(at_live.get("RecalcStyleCount", 0)) if complete else None)
    finally:
        context.close()


def _metrics(devtools: Any) -> dict[str, float]:
    """Chromium's counters for the page's renderer (Performance.getMetrics), by name."""
    return {metric["name"]: metric["value"]
            for metric in devtools.send("Performance.getMetrics")["metrics"]}


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
                cls=max(load.cls for load in loads),
                load_ms=_median_of(load.load_ms for load in loads),
                runtime_ms=_median_of(load.runtime_ms for load in loads),
                shifts=max(loads, key=lambda load: load.cls).shifts,
                busy_ms=_median_of(load.busy_ms for load in loads),
                script_ms=_median_of(load.script_ms for load in loads),
                cpu_ms=_median_of(load.cpu_ms for load in loads),
                layouts=_int(_median_of(load.layouts for load in loads)),
                styles=_int(_median_of(load.styles for load in loads)))


def _median_of(values: Iterable[float | None]) -> float | None:
    """The median of the values that are not None, or None."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def _int(value: float | None) -> int | None:
    """A median count as a whole number (None stays None)."""
    return None if value is None else round(value)


# --- the rows of `make bench` ----------------------------------------------------------------


def section(origin: str, site_dir: Path, loads: int, page_charts: int
            ) -> list[tuple[str, str, str, bool | None]]:
    """`make bench`'s browser rows (measure, value, target, passed): chart readiness and layout
    shift for every real chart page of ``site_dir`` and for its ``page_charts``-chart page, each
    the median of ``loads`` fresh loads."""
    import bench_sites
    import bench_weight
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, str, bool | None]] = []
    weights = bench_weight.site_weights(site_dir)
    bench_dir = bench_sites.BENCH_PAGE.removesuffix(".md")
    bench_page = f"{bench_dir}/index.html"
    pages = [w.page for w in weights if w.charts and bench_dir not in w.page.split("/")]
    plain = next((w.page for w in weights if not w.charts and w.page.endswith("/index.html")),
                 None)  # a page without charts: what the theme alone costs, for comparison
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        try:
            if plain:
                url = f"{origin}/{plain.removesuffix('index.html')}"
                load = _loads(browser, url, "all", None, loads)
                rows.append((f"{plain} (no charts, for comparison): load event",
                           f"{load.load_ms:.0f} ms (main-thread CPU to it {load.cpu_ms:.0f} ms, "
                           f"{load.layouts} layouts, {load.styles} style recalcs; main thread "
                           f"busy {load.busy_ms:.0f} ms)", "", None))
            for page in pages:
                url = f"{origin}/{page.removesuffix('index.html')}"
                height = min(page_height(browser, url), 20_000)
                load = _loads(browser, url, "all", height, loads)
                rows.append((f"{page}: all {load.charts} charts live "
                           "(viewport as tall as the page)", _ms(load), "<= 500 ms",
                           load.last_live_ms is not None and load.last_live_ms <= 500))
                rows.append((f"{page}: layout shift", _cls(load), "0", load.cls == 0))
            url = f"{origin}/{bench_page.removesuffix('index.html')}"
            load = _loads(browser, url, "first", None, loads)
            rows.append((f"{page_charts}-chart page: first screen "
                       f"({load.charts} charts) live", _ms(load), "<= 600 ms",
                       load.last_live_ms is not None and load.last_live_ms <= 600))
            rows.append((f"{page_charts}-chart page: layout shift", _cls(load),
                       "0", load.cls == 0))
        finally:
            browser.close()
    return rows


def _loads(browser: Any, url: str, scope: str, height: int | None, count: int) -> Load:
    """The median of ``count`` fresh loads of one page."""
    return median_load([load_page(browser, url, scope, height=height) for _ in range(count)])


def _cls(load: Load) -> str:
    """Cumulative layout shift, with the largest shift's elements when there is any."""
    return f"{load.cls:.5f}" + (f" (largest: {load.shifts[0]})" if load.shifts else "")


def _ms(load: Load) -> str:
    """When the last chart went live, or how many never did."""
    if load.charts == 0:
        return "no charts found"
    if load.last_live_ms is None:
        return f"only {load.live}/{load.charts} went live"
    extra = [f"{name} {value:.0f} ms" for name, value in
             (("main-thread CPU to load or last chart", load.cpu_ms), ("load event", load.load_ms),
              ("Vega runtime fetched", load.runtime_ms), ("main thread busy", load.busy_ms),
              ("of which script", load.script_ms))
             if value is not None]
    if load.layouts is not None:
        extra.insert(1, f"{load.layouts} layouts, {load.styles} style recalcs")
    return f"{load.last_live_ms:.0f} ms" + (f" ({', '.join(extra)})" if extra else "")

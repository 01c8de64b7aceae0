"""Chromium helpers: palettes, viewports, request recording, chart state, page surveys.

Used by the browser suite (tests/browser/) and the hostile-input test. ``Browse.survey`` opens
every page of a build once in one palette and viewport and records everything the page tests
assert (console errors, requests, charts, overflow, accessibility, layout shift, screenshots).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# Material keeps the chosen palette in localStorage under "<scope path>.__palette" (scope: the
# site root), as the index of the palette's radio input and its colours (mkdocs.yml order:
# 0 = follow the system, 1 = light, 2 = dark).
PALETTES = {
    "light": {"index": 1, "scheme": "default", "media": "(prefers-color-scheme: light)"},
    "dark": {"index": 2, "scheme": "slate", "media": "(prefers-color-scheme: dark)"},
}
# WCAG 2.2 AA and axe's best-practice rules (landmarks, headings, dialog and region names...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# axe runs on the desktop layout (the phone layout has the same colours and controls): every
# rule above in the light palette; in the dark palette only the rules colour can break
# (names, roles and landmarks do not change with the palette; this halves the slowest step).
AXE_RUNS = {
    "light": {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    "dark": {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
             "resultTypes": ["violations"]},
}
CHART_TIMEOUT_MS = 10_000
SHOT_MAX_HEIGHT = 12_000  # px per screenshot file

# Runs before any page script in every document: palette, layout-shift recording, a load marker.
INIT_SCRIPT = """
(palette) => {
  const key = "/.__palette";
  if (palette && localStorage.getItem(key) === null) {
    localStorage.setItem(key, JSON.stringify({index: palette.index,
      color: {media: palette.media, scheme: palette.scheme}}));
  }
  const describe = (node) => !node ? "(gone)" : node.nodeType !== 1 ? node.nodeName :
    node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") +
    [...node.classList].slice(0, 3).map((c) => "." + c).join("");
  window.__qa = {loadId: Math.random(), cls: 0, shifts: []};
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        window.__qa.cls += entry.value;
        window.__qa.shifts.push({value: entry.value,
          nodes: (entry.sources || []).map((s) => describe(s.node))});
      }
    }).observe({type: "layout-shift", buffered: true});
  } catch (error) { window.__qa.clsError = String(error); }
}
"""

# State of every chart figure on the page (selectors: the FIGURE helper's markup, macros/figure.py).
CHART_STATE = """
(dom) => [...document.querySelectorAll(dom.figure)].map((figure, index) => {
  const chart = figure.querySelector(dom.chart);
  const shown = (el) => !!el && el.isConnected && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden" && Number(getComputedStyle(el).opacity) > 0;
  const live = chart && [...chart.querySelectorAll(dom.live)]
    .find((el) => !el.closest(dom.static) && el.getBoundingClientRect().width > 0);
  const fallback = chart && chart.querySelector(dom.static);
  const fallbackSvg = fallback && fallback.querySelector("svg");
  const described = chart && chart.getAttribute("aria-describedby");
  return {
    id: figure.id || `figure ${index + 1}`,
    hasChart: !!chart,
    live: !!live,
    liveWidth: live ? Math.round(live.getBoundingClientRect().width) : 0,
    fallbackShown: shown(fallback),
    fallbackSvgShown: shown(fallbackSvg) && fallbackSvg.getBoundingClientRect().height > 0,
    label: chart ? (chart.getAttribute("aria-label") || "").trim() : "",
    role: chart ? chart.getAttribute("role") : null,
    description: described ?
      (document.getElementById(described) || {textContent: ""}).textContent.trim() : "",
  };
})
"""

# Resolves once every finite animation and transition has ended (at most 2 s): scrolling back
# to the top fades Material's navigation tabs in, and axe must not measure a half-faded tab.
SETTLE = """
() => Promise.race([
  Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null))),
  new Promise((resolve) => setTimeout(resolve, 2000)),
])
"""

# Elements that stick out of the viewport sideways (html clips overflow-x, so scrollWidth lies).
OVERFLOW = """
() => {
  const vw = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].slice(0, 3).map((c) => "." + c).join("");
  const contained = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX !== "visible" || style.position === "fixed") return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.position === "fixed" || style.visibility === "hidden") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || (r.right <= vw + 1 && r.left >= -1)) continue;
    if (contained(el) || offenders.some((o) => o.contains(el))) continue;
    offenders.push(el);
  }
  return offenders.slice(0, 10).map((el) => {
    const r = el.getBoundingClientRect();
    return `${describe(el)} spans x=${Math.round(r.left)}..${Math.round(r.right)} ` +
      `(viewport ${vw}px): "${(el.textContent || "").trim().slice(0, 40)}"`;
  });
}
"""


# WCAG 1.4.3 / 1.4.11 in the live charts (axe does not look inside SVG graphics): data marks and
# legend symbols need 3:1 against the page, text 4.5:1 (3:1 when large). Gridlines, ticks and
# marks drawn at under 50 % opacity (shaded bands, highlights) are decoration and not measured;
# text on a halo (see below) is measured against the page.
MARK_CONTRAST = """
(dom) => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16)
    .padStart(2, "0")).join("");
  const background = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const found = new Set();
  for (const chart of document.querySelectorAll(dom.chart)) {
    const svg = [...chart.querySelectorAll("svg.marks")].find((el) => !el.closest(dom.static));
    if (!svg) continue;
    const page = background(chart);
    const shapes = [...svg.querySelectorAll(".role-mark > path, .role-mark > rect")]
      .map((el) => ({box: el.getBoundingClientRect(), fill: parse(getComputedStyle(el).fill),
                     opacity: Number(getComputedStyle(el).fillOpacity)}))
      .filter((shape) => shape.fill && shape.fill.a * shape.opacity >= 0.5);
    // A halo is a text's outline of at least 2 px in the page's colour (theme.HALO), drawn
    // under the same text: decoration itself, and the page behind the text on top of it.
    const isHalo = (el) => {
      const style = getComputedStyle(el), stroke = parse(style.stroke);
      return el.tagName === "text" && parseFloat(style.strokeWidth) >= 2 && stroke &&
        stroke.a > 0.5 && hex(stroke) === hex(page);
    };
    const halos = [...svg.querySelectorAll(".role-mark > text")].filter(isHalo)
      .map((el) => el.getBoundingClientRect());
    // Text drawn on a bar is read against the bar (the topmost shape under its centre).
    const under = (el) => {
      const box = el.getBoundingClientRect(), x = box.x + box.width / 2,
        y = box.y + box.height / 2;
      const inside = (b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
      if (halos.some(inside)) return page;
      const hit = shapes.filter((s) => inside(s.box)).pop();
      return hit ? hit.fill : page;
    };
    const parts = svg.querySelectorAll(
      ".role-mark > *, .role-legend-symbol > *, .role-legend-label > text, " +
      ".role-axis-label > text, .role-axis-title > text");
    for (const el of parts) {
      if (isHalo(el)) continue;
      const style = getComputedStyle(el);
      const text = el.tagName === "text";
      const bg = text ? under(el) : page;
      // A shape is told apart by its fill or by an outline of at least 1 px, whichever is
      // stronger; text by its fill.
      const paints = [[style.fill, style.fillOpacity]];
      if (!text && parseFloat(style.strokeWidth) >= 1) {
        paints.push([style.stroke, style.strokeOpacity]);
      }
      const shown = paints.map(([color, opacity]) => {
        const c = parse(color);
        const alpha = c ? c.a * Number(opacity) * Number(style.opacity) : 0;
        return alpha < 0.5 ? null : {r: c.r * alpha + bg.r * (1 - alpha),
                                      g: c.g * alpha + bg.g * (1 - alpha),
                                      b: c.b * alpha + bg.b * (1 - alpha)};
      }).filter(Boolean);
      if (!shown.length) continue;  // decoration: see above
      const best = shown.map((c) => [ratio(c, bg), c]).sort((x, y) => y[0] - x[0])[0];
      const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
      const need = !text || size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (best[0] < need) {
        const kind = el.parentElement.getAttribute("class").split(" ").slice(0, 2).join(" ");
        found.add(`${chart.dataset.chart}: ${kind} ${hex(best[1])} on ${hex(bg)} = ` +
                  `${best[0].toFixed(2)}:1 (needs ${need}:1)`);
      }
    }
  }
  return [...found];
}
"""


@dataclass(frozen=True)
class ChartDom:
    """CSS selectors of a chart figure, as macros/figure.py and charts.js write it."""

    figure: str = "figure.cm-figure"
    chart: str = ".cm-chart"  # the box: role=img, aria-label (the alt text), data-spec
    static: str = ".cm-chart__static"  # the build-time SVG fallback inside the box
    live: str = "svg.marks, canvas.marks"  # a Vega view inside the box, outside the fallback
    downloads: str = ".cm-figure__downloads a[download]"
    table: str = "details.cm-figure__data > summary"


CHART_DOM = ChartDom()


@dataclass
class Recorder:
    """Everything one page did that a test may object to."""

    console: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Listen to the page's console, uncaught errors, dialogs and responses."""
        page.on("console", lambda m: m.type == "error" and self.console.append(
            f"console.error: {m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        page.on("dialog", self._dialog)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"HTTP {r.status} {r.url}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@dataclass
class Window:
    """One browser context on the site; ``open`` starts a new page with a fresh log."""

    context: Any
    origin: str
    log: Recorder = field(default_factory=Recorder)
    logs: list[Recorder] = field(default_factory=list)  # one per page opened, in order

    def __post_init__(self) -> None:
        # Context-wide, so that requests from workers are seen too; aborted, so none leaves.
        self.context.on("request", self._request)
        self.context.route(lambda url: not url.startswith(self.origin + "/"),
                           lambda route: route.abort())

    def _request(self, request: Any) -> None:
        self.log.requests.append(request.url)
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and \
                f"{url.scheme}://{url.netloc}" != self.origin:
            self.log.external.append(request.url)

    def open(self, url: str) -> Any:
        """A new page showing ``url``, loaded."""
        self.log = Recorder()
        self.logs.append(self.log)
        page = self.context.new_page()
        self.log.attach(page)
        page.goto(url, wait_until="load")
        return page


    def errors(self) -> list[str]:
        """Console errors, failed and third-party requests and dialogs of every page opened."""
        return [line for log in self.logs
                for line in log.console + log.failed + log.external + log.dialogs]


@dataclass
class PageReport:
    """What one page showed in one palette and viewport."""

    path: str
    scheme: str
    log: Recorder
    charts: list[dict[str, Any]]
    overflow: list[str]
    axe: list[str] | None  # None: not run in this viewport
    chart_contrast: list[str] | None  # None: not run in this viewport
    cls: float
    shifts: list[dict[str, Any]]
    screenshots: list[Path]


class Browse:
    """Open contexts and pages of the served site in the shared Chromium."""

    def __init__(self, browser: Any, site: Any) -> None:
        self.browser = browser
        self.site = site

    @contextmanager
    def window(self, palette: str = "light", viewport: str = "desktop", *,
               javascript: bool = True) -> Iterator[Window]:
        """A fresh browser context in a palette and viewport (closed afterwards)."""
        context = self.browser.new_context(
            viewport=VIEWPORTS[viewport], java_script_enabled=javascript,
            color_scheme="dark" if palette == "dark" else "light", service_workers="block")
        context.add_init_script(script=f"({INIT_SCRIPT})({json.dumps(PALETTES[palette])})")
        try:
            yield Window(context, self.site.origin)
        finally:
            context.close()

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return self.site.url(path)

    def survey(self, palette: str, viewport: str, pages: list[str]) -> list[PageReport]:
        """Open every page once in this palette and viewport; record what the tests check."""
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        reports = []
        wait = CHART_TIMEOUT_MS
        with self.window(palette, viewport) as window:
            for path in pages:
                page = window.open(self.url(path))
                charts = render_charts(page, timeout=wait)
                if chart_problems(charts):
                    wait = 1_000  # charts are broken: report every page, do not wait on each
                page.wait_for_timeout(200)  # let late layout shifts be recorded
                page.evaluate(SETTLE)
                qa = page.evaluate("window.__qa")
                violations = contrast = None
                if viewport == "desktop":
                    violations = axe_problems(axe.run(page, options=AXE_RUNS[palette]).response)
                    contrast = page.evaluate(MARK_CONTRAST, asdict(CHART_DOM))
                shots = screenshot(page, f"{slug(path)}-{palette}-{viewport}")
                reports.append(PageReport(
                    path=path, scheme=page.evaluate("document.body.dataset.mdColorScheme"),
                    log=window.log, charts=charts, overflow=page.evaluate(OVERFLOW),
                    axe=violations, chart_contrast=contrast, cls=qa["cls"], shifts=qa["shifts"],
                    screenshots=shots))
                page.close()
        return reports


def screenshot(page: Any, name: str) -> list[Path]:
    """Full-page screenshots in SCREENSHOTS; a very tall page is cut into parts.

    JPEG, because it encodes several times faster than PNG for a whole page.
    """
    width = page.viewport_size["width"]
    page.evaluate("window.scrollTo(0, 0)")
    height = page.evaluate("document.documentElement.scrollHeight")
    tops = range(0, height, SHOT_MAX_HEIGHT)
    paths = [SCREENSHOTS / (f"{name}-part{n}.jpeg" if len(tops) > 1 else f"{name}.jpeg")
             for n in range(1, len(tops) + 1)]
    for path, top in zip(paths, tops, strict=True):
        page.screenshot(path=str(path), full_page=True, type="jpeg", quality=80,
                        animations="disabled", clip={"x": 0, "y": top, "width": width,
                                                     "height": min(SHOT_MAX_HEIGHT, height - top)})
    return paths


def axe_problems(response: dict[str, Any]) -> list[str]:
    """Serious and critical axe violations, one line per rule with its first targets."""
    lines = []
    for violation in response.get("violations", []):
        if violation.get("impact") not in ("serious", "critical"):
            continue
        targets = [" ".join(map(str, n.get("target", []))) for n in violation["nodes"][:4]]
        summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")[:300]
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} "
                     f"nodes): {violation['help']} -> {'; '.join(targets)} | {summary}")
    return lines


def render_charts(page: Any, dom: ChartDom = CHART_DOM, timeout: int = CHART_TIMEOUT_MS
                  ) -> list[dict[str, Any]]:
    """Point at every chart in turn, as a reader reaching for it (charts go live only then, or
    once the page is scrolled: charts.js), wait for it to go live; return the states."""
    figures = page.locator(dom.figure)
    waiting = True  # after one chart times out, the others are only looked at (no runtime?)
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        figures.nth(index).locator(dom.chart).hover()
        if not waiting:
            continue
        try:
            # Drawn, not just created: Vega adds an empty svg.marks at once, and the map's
            # shapes only arrive with its topology file.
            page.wait_for_function(
                """([dom, index]) => {
                  const chart = document.querySelectorAll(dom.figure)[index]
                    .querySelector(dom.chart);
                  return chart && [...chart.querySelectorAll(dom.live)].some((el) =>
                    !el.closest(dom.static) && el.getBoundingClientRect().width > 0);
                }""", arg=[asdict(dom), index], timeout=timeout)
        except PlaywrightTimeout:
            waiting = False  # reported through the chart state
    page.mouse.move(0, 0)  # no tooltip left open
    page.evaluate("window.scrollTo(0, 0)")
    return chart_states(page, dom)


def chart_states(page: Any, dom: ChartDom = CHART_DOM) -> list[dict[str, Any]]:
    """The state of every chart figure on the page, without waiting."""
    return page.evaluate(CHART_STATE, asdict(dom))


def chart_problems(states: list[dict[str, Any]]) -> list[str]:
    """What is wrong with charts that should be live."""
    problems = []
    for state in states:
        if not state["hasChart"]:
            problems.append(f"{state['id']}: no {CHART_DOM.chart} box in the figure")
        elif not state["live"]:
            problems.append(f"{state['id']}: no live Vega view ({CHART_DOM.live}) rendered "
                            f"within {CHART_TIMEOUT_MS} ms (docs/assets/javascripts/charts.js)")
        elif state["fallbackShown"]:
            problems.append(f"{state['id']}: the static fallback is still shown beside the "
                            "live chart")
    return problems


def slug(path: str) -> str:
    """A file-name-safe name for a site path ("" is the home page)."""
    return path.strip("/").replace("/", "-") or "home"


def by_page(found: dict[str, list[str]]) -> str:
    """Problems grouped by page, for an assertion message."""
    return "\n".join(f"/{path}:\n  " + "\n  ".join(items) for path, items in found.items())

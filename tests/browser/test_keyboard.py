"""Keyboard: every control can be reached with Tab and shows where the focus is; search works.

Controls: the palette toggle, search, the language switcher, the navigation tabs, content tabs,
chart downloads and the chart data tables. A focus listener records every element Tab reaches.
"Visibly focused" is measured, not assumed: for the first control of each kind, the focus is
moved onto it with Tab from the element before it, its area (plus a margin for outlines) is
captured, then captured again after Shift+Tab moved the focus away; the images must differ.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 800
TABS_PER_CHECK = 40
# Kind of control -> (selector, radio group: one reachable member is enough).
CONTROLS = {
    "palette toggle": ("form[data-md-component=palette] input", True),
    "search": ("input.md-search__input", False),
    "language switcher": (".md-header .md-select__link", False),
    "navigation tab": ("a.md-tabs__link", False),
    "content tab": (".tabbed-set > input", True),
    "chart download": (".cm-figure__downloads a[download]", False),
    "chart data table": ("details.cm-figure__data > summary", False),
}
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; " \
                 "animation: none !important; }"
# Record the Tab order; stop when the focus comes back to the first element or leaves the page.
LISTEN = """
() => {
  window.__qaOrder = [];
  window.__qaDone = false;
  document.addEventListener("focusin", (event) => {
    const order = window.__qaOrder;
    if (order.length && event.target === order[0]) window.__qaDone = true;
    if (!window.__qaDone) order.push(event.target);
  });
}
"""
# Per kind: the Tab-order index of its first reached control, and the controls never reached.
REACHED = """
(controls) => {
  const order = window.__qaOrder;
  const name = (el) => (el.getAttribute("aria-label") || el.textContent || el.outerHTML)
    .trim().replace(/\\s+/g, " ").slice(0, 60);
  const result = {};
  for (const [kind, [selector, radio]] of Object.entries(controls)) {
    const all = [...document.querySelectorAll(selector)];
    const first = order.findIndex((el) => el.matches(selector));
    let missing = all.filter((el) => !order.includes(el));
    if (radio) {
      const groups = new Map();
      all.forEach((el) => groups.set(el.name, [...(groups.get(el.name) || []), el]));
      missing = [...groups.values()].filter((g) => !g.some((el) => order.includes(el)))
        .map((g) => g[0]);
    }
    result[kind] = {present: all.length, first, missing: missing.map(name)};
  }
  return result;
}
"""
# Put the focus on the element before ``index`` in the Tab order; return the target's box.
PREPARE = """
(index) => {
  const order = window.__qaOrder, target = order[index];
  if (index > 0) order[index - 1].focus(); else document.activeElement.blur();
  return target.outerHTML.slice(0, 100);
}
"""
FOCUSED_BOX = """
() => {
  const el = document.activeElement;
  const area = (node) => { const r = node.getBoundingClientRect(); return r.width * r.height; };
  let shown = el;
  if (area(el) < 4) {  // a hidden radio: its label, or its group, shows the focus
    const next = el.nextElementSibling;
    shown = [...(el.labels || []), ...(next && next.tagName === "LABEL" ? [next] : []),
             el.parentElement].find((node) => node && area(node) >= 4) || el;
  }
  const box = shown.getBoundingClientRect();
  return {x: box.x, y: box.y, width: box.width, height: box.height};
}
"""


def keyboard_pages(site: Any, pages: list[str]) -> list[str]:
    """Home, plus every page with a chart or content tabs, in the home page's language.

    Translated pages share the templates and the figure markup; the page survey covers them.
    """
    def html(path: str) -> str:
        return (site.root / path / "index.html").read_text(encoding="utf-8")

    def lang(path: str) -> str:
        match = re.search(r'<html[^>]*\blang="([^"]*)"', html(path))
        return match.group(1) if match else ""

    home = lang("")
    return [p for p in pages if p == "" or lang(p) == home and
            ('class="cm-figure"' in html(p) or 'class="tabbed-set' in html(p))]


def tab_through(page: Any) -> dict[str, Any]:
    """Press Tab until every control was reached or the focus went round the page once."""
    page.evaluate(LISTEN)
    for _ in range(0, MAX_TABS, TABS_PER_CHECK):
        for _ in range(TABS_PER_CHECK):
            page.keyboard.press("Tab")
        reached = page.evaluate(REACHED, CONTROLS)
        if page.evaluate("window.__qaDone") or not any(k["missing"] for k in reached.values()):
            break
    return reached


def focus_is_visible(page: Any, index: int) -> bool:
    """Tab onto control ``index``; compare its area focused and after Shift+Tab."""
    page.evaluate(PREPARE, index)
    page.keyboard.press("Tab")
    box = page.evaluate(FOCUSED_BOX)
    size = page.viewport_size
    x, y = max(box["x"] - 6, 0), max(box["y"] - 6, 0)
    area = {"x": x, "y": y, "width": max(min(box["width"] + 12, size["width"] - x), 1),
            "height": max(min(box["height"] + 12, size["height"] - y), 1)}
    focused = page.screenshot(clip=area)
    page.keyboard.press("Shift+Tab")
    return focused != page.screenshot(clip=area)


def test_every_control_is_reachable_by_tab_and_visibly_focused(browse, site, pages) -> None:
    problems: list[str] = []
    focus_checked: set[str] = set()
    with browse.window("light", "desktop") as window:
        for path in keyboard_pages(site, pages):
            page = window.open(browse.url(path))
            page.add_style_tag(content=NO_TRANSITIONS)
            for kind, state in tab_through(page).items():
                problems += [f"/{path}: {kind} not reachable by Tab: {m!r}"
                             for m in state["missing"][:5]]
                if state["first"] < 0 or kind in focus_checked:
                    continue
                focus_checked.add(kind)
                if not focus_is_visible(page, state["first"]):
                    problems.append(f"/{path}: the focused {kind} looks the same as unfocused")
            page.close()
        problems += window.errors()
    required = {"palette toggle", "search", "navigation tab", "chart download",
                "chart data table"}
    problems += [f"no {kind} was ever focused" for kind in sorted(required - focus_checked)]
    assert not problems, "\n".join(problems)


def test_search_opens_from_the_keyboard_and_finds_pages(browse) -> None:
    with browse.window("light", "desktop") as window:
        page = window.open(browse.url(""))
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), \
            "the / shortcut did not focus the search field"
        page.keyboard.type("lithium")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.keyboard.press("Escape")
        assert not window.errors(), window.errors()

"""Without JavaScript every chart is its static SVG, with its text alternative."""

from __future__ import annotations

import pytest

from tests.browser.chromium import by_page, chart_states

pytestmark = pytest.mark.browser


def test_every_chart_shows_its_static_svg_and_text_alternative(browse, pages) -> None:
    found: dict[str, list[str]] = {}
    charts = 0
    with browse.window("light", "phone", javascript=False) as window:
        for path in pages:
            page = window.open(browse.url(path))
            for state in chart_states(page):
                charts += 1
                problems = []
                if not state["fallbackSvgShown"]:
                    problems.append("static SVG not shown")
                if state["live"]:
                    problems.append("a live view without JavaScript?")
                if state["role"] != "img" or len(state["label"]) < 10:
                    problems.append(f"no text alternative (role={state['role']!r}, "
                                    f"aria-label={state['label']!r})")
                if not state["description"]:
                    problems.append("aria-describedby points at no description")
                if problems:
                    found.setdefault(path, []).append(f"{state['id']}: {'; '.join(problems)}")
            page.close()
        errors = window.errors()
    assert charts, "no chart figure on any page"
    assert not found, by_page(found)
    assert not errors, errors

"""Every page, light and dark, phone and desktop: errors, requests, charts, overflow, a11y, CLS.

Each page is opened once per combination (the ``survey`` fixture); each test below asserts one
property over all pages and lists every offending page. Screenshots of every combination are
written to test-output/screenshots/ for a reviewer.
"""

from __future__ import annotations

import pytest

from tests.browser.chromium import PALETTES, by_page, chart_problems

pytestmark = pytest.mark.browser

COMBOS = [(palette, viewport) for palette in ("light", "dark") for viewport in ("phone", "desktop")]
IDS = [f"{p}-{v}" for p, v in COMBOS]


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_the_palette_is_applied(survey, palette, viewport) -> None:
    wrong = {r.path: [f"data-md-color-scheme={r.scheme!r}"] for r in survey(palette, viewport)
             if r.scheme != PALETTES[palette]["scheme"]}
    assert not wrong, f"expected the {palette} palette:\n{by_page(wrong)}"


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_no_console_error_or_page_error(survey, palette, viewport) -> None:
    found = {r.path: r.log.console + r.log.failed for r in survey(palette, viewport)
             if r.log.console or r.log.failed}
    assert not found, by_page(found)


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_no_request_leaves_the_origin(survey, palette, viewport) -> None:
    found = {r.path: r.log.external for r in survey(palette, viewport) if r.log.external}
    assert not found, f"third-party requests (aborted by the test):\n{by_page(found)}"


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_every_chart_is_live_and_its_fallback_gone(survey, palette, viewport) -> None:
    found = {r.path: chart_problems(r.charts) for r in survey(palette, viewport)
             if chart_problems(r.charts)}
    assert not found, by_page(found)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_nothing_overflows_sideways_on_a_phone(survey, palette) -> None:
    found = {r.path: r.overflow for r in survey(palette, "phone") if r.overflow}
    assert not found, f"elements wider than the 390 px viewport:\n{by_page(found)}"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_serious_accessibility_violation(survey, palette) -> None:
    found = {r.path: r.axe for r in survey(palette, "desktop") if r.axe}
    assert not found, ("axe-core (WCAG 2.2 AA and best practices) serious/critical "
                       f"violations:\n{by_page(found)}")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_chart_marks_and_labels_stand_out_from_the_page(survey, palette) -> None:
    found = {r.path: r.chart_contrast for r in survey(palette, "desktop") if r.chart_contrast}
    assert not found, f"chart colours below WCAG contrast (macros/theme.py):\n{by_page(found)}"


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_no_layout_shift(survey, palette, viewport) -> None:
    found = {r.path: [f"CLS {r.cls:.6f}"] + [f"{s['value']:.6f} moved {s['nodes']}"
                                              for s in r.shifts[:5]]
             for r in survey(palette, viewport) if r.cls > 0}
    assert not found, f"layout shift while the page loads and charts render:\n{by_page(found)}"


@pytest.mark.parametrize(("palette", "viewport"), COMBOS, ids=IDS)
def test_screenshots_are_written(survey, palette, viewport) -> None:
    missing = [str(shot) for r in survey(palette, viewport) for shot in r.screenshots
               if not shot.is_file() or shot.stat().st_size == 0]
    assert not missing, missing

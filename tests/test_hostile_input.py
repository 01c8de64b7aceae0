"""Hostile text in a CSV is shown as text and never runs (design trap 2, issue 4).

A scratch copy of the project gets script-like strings in text cells of data/events.csv (the
timeline chart's data, also shown in its data table and in the generated event lists), is built
and served from its site_url origin, and every page showing them is opened in Chromium with
JavaScript on: no dialog opens, no injected element or request appears, and each string is on
the page as literal text. The Chinese pages list event titles and summaries only in Chinese, so
the scratch copy's macros/locales/zh.yaml gets the same hostile strings as their translations:
the Chinese pages are attacked too.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.chromium import Browse, chart_problems, render_charts
from tests.sitebuild import built_and_served, copy_project

pytestmark = pytest.mark.browser

HOSTILE = ["</script><script>alert(1)</script>", '"><img src=x onerror=alert(2)>',
           "';alert(3);//", "{{ 7*7 }}"]
# Each string goes into a text cell: (row index among the data rows, column).
CELLS = [(0, "title"), (0, "summary"), (1, "title"), (1, "summary")]
INJECTED = """
() => ({
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  scripts: [...document.scripts].filter((s) => /alert\\(/.test(s.textContent)).length,
  text: document.body.textContent,
})
"""


def poison(csv_path: Path) -> None:
    """Write the hostile strings into text cells, keeping the CSV valid."""
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    for text, (index, column) in zip(HOSTILE, CELLS, strict=True):
        rows[index][column] = text
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_path.write_text(out.getvalue(), encoding="utf-8")


def translate_as_themselves(locale_path: Path) -> None:
    """Give each hostile string itself as its translation in a locale table's ``text`` section."""
    table = yaml.safe_load(locale_path.read_text(encoding="utf-8"))
    table.setdefault("text", {}).update({text: text for text in HOSTILE})
    locale_path.write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")


def pages_showing(root: Path, pages: list[str]) -> list[str]:
    """Pages whose HTML carries the first hostile string in any escaped form."""
    marker = "alert(1)"
    return [p for p in pages if marker in html.unescape(
        (root / p / "index.html").read_text(encoding="utf-8"))]


def test_hostile_strings_in_a_csv_show_as_text_and_never_run(browser: Any, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    events = project / "data" / "events.csv"
    assert events.is_file(), "data/events.csv is missing: the test needs the events table"
    poison(events)
    translate_as_themselves(project / "macros" / "locales" / "zh.yaml")
    with built_and_served(project, tmp_path / "site") as site:
        showing = pages_showing(site.root, site.pages())
        assert showing, "no built page shows the events data (timeline chart or table)"
        browse = Browse(browser, site)
        problems: list[str] = []
        found: set[str] = set()
        with browse.window("light", "desktop") as window:
            for path in showing:
                page = window.open(browse.url(path))
                problems += [f"/{path}: {p}" for p in chart_problems(render_charts(page))]
                page.wait_for_timeout(500)  # an onerror handler would have fired by now
                state = page.evaluate(INJECTED)
                if state["images"] or state["scripts"]:
                    problems.append(f"/{path}: injected markup became elements: {state}")
                found.update(s for s in HOSTILE if s in state["text"])
                page.close()
            problems += window.errors()
            problems += [f"request for the injected image: {url}" for log in window.logs
                         for url in log.requests if url.endswith("/x")]
    missing = [s for s in HOSTILE if s not in found]
    assert not problems, "\n".join(problems)
    assert not missing, f"not shown as literal text on {showing}: {missing}"

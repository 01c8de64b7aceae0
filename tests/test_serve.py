"""`make serve`: the preview answers for every page, shows edits to pages, data, chart code and
templates live (each page then exactly as a fresh server shows it: what a rebuild reuses from
the one before is never stale), names a bad value in data and recovers, and previews the Chinese
edition."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.liveserve import append_row, data_rows, fetch, make_serve, row_count, wait_for
from tests.sitebuild import copy_project

WAIT_SECONDS = 60  # generous: this proves the reload happens; `make bench` measures how fast
RESERVES = "data/rare-earth-reserves.csv"

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project (its builds use the test run's cache)."""
    return copy_project(tmp_path / "project")


@contextmanager
def serving(project: Path, locale: str = "en") -> Iterator[str]:
    """`make serve LOCALE=locale` in ``project``; yields the origin once the home page answers."""
    with make_serve(project, project / "serve.log", locale=locale) as server:
        shown(server.origin + "/", "</html>", project)
        yield server.origin


@pytest.fixture
def served(project: Path) -> Iterator[str]:
    """The English preview, as a plain `make serve` runs it."""
    with serving(project) as origin:
        yield origin


def server_log(project: Path) -> str:
    """Everything the server has printed so far."""
    return (project / "serve.log").read_text(encoding="utf-8")


def shown(url: str, text: str | re.Pattern[str], project: Path) -> None:
    """Fail, with the end of the server's log, unless ``url`` shows ``text`` within a minute."""
    if wait_for(url, text, WAIT_SECONDS) is None:
        pytest.fail(f"{url} never showed {text!r} within {WAIT_SECONDS} s; server log:\n"
                    f"{server_log(project)[-3000:]}")


def logged(text: str, project: Path) -> None:
    """Fail unless the server prints ``text`` within a minute."""
    deadline = time.monotonic() + WAIT_SECONDS
    while text not in server_log(project):
        if time.monotonic() > deadline:
            pytest.fail(f"the server never printed {text!r}; its log:\n"
                        f"{server_log(project)[-3000:]}")
        time.sleep(0.1)


def as_served(url: str, origin: str) -> str:
    """The page at ``url`` without what differs between two servers: their origin (also as the
    share links write it, percent-encoded) and the live-reload script's timestamps."""
    body = fetch(url).replace(origin, "ORIGIN").replace(quote(origin, safe=""), "ORIGIN")
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", body)


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer holds {old!r} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_answers_for_every_page_and_shows_edits_live(project: Path, served: str,
                                                           pages: list[str]) -> None:
    english = [page for page in pages if not page.startswith("zh/")]
    for page in english:
        assert "</html>" in fetch(f"{served}/{page}"), f"/{page} did not answer"

    append(project / "docs/club.md", "\nA sentence added by the test.\n")
    shown(f"{served}/club/", "A sentence added by the test.", project)

    assert "tonnes of rare-earth oxide" in fetch(f"{served}/market/")
    replace(project / "macros/formatting.py", '" tonnes of rare-earth oxide"',
            '" tonnes of rare-earth oxide (edited)"')
    shown(f"{served}/market/", "tonnes of rare-earth oxide (edited)", project)

    replace(project / "overrides/partials/source.html", 'class="md-source"',
            'class="md-source" data-edited-template')
    shown(f"{served}/timeline/", "data-edited-template", project)

    csv = project / RESERVES
    rows = data_rows(csv)
    assert row_count(csv, rows).search(fetch(f"{served}/data/"))
    append_row(csv, "Testland")
    shown(f"{served}/data/", row_count(csv, rows + 1), project)

    after_edits = {page: as_served(f"{served}/{page}", served) for page in english}
    with serving(project) as fresh:
        for page in english:
            assert as_served(f"{fresh}/{page}", fresh) == after_edits[page], (
                f"/{page} after live edits differs from a fresh server's")


def test_serve_names_a_bad_value_then_recovers(project: Path, served: str) -> None:
    csv = project / RESERVES
    rows = data_rows(csv)
    append_row(csv, "Badland", "lots")
    # The header is line 1, so the new row is line rows + 2.
    logged(f"{RESERVES}, line {rows + 2}, column 'reserves_t'", project)
    assert "(got 'lots')" in server_log(project)

    replace(csv, "Badland,lots,", "Badland,1,")
    shown(f"{served}/data/", row_count(csv, rows + 1), project)


def test_serve_previews_the_chinese_edition_alone(project: Path, pages: list[str]) -> None:
    chinese = [page.removeprefix("zh/") for page in pages if page.startswith("zh/")]
    assert chinese, "the full build has no Chinese pages under /zh/"
    with serving(project, locale="zh") as origin:
        for page in chinese:
            assert '<html lang="zh"' in fetch(f"{origin}/{page}"), f"/{page} is not in Chinese"
        append(project / "docs/club.zh.md", "\n测试添加的一句话。\n")
        shown(f"{origin}/club/", "测试添加的一句话。", project)

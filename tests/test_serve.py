"""`make serve`: the preview server answers, and edits to data, pages and macros show up live."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sitebuild import copy_project

WAIT_SECONDS = 60  # generous: this proves the reload happens; `make bench` measures how fast


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The body of a page, or '' while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str) -> str:
    """Poll `url` until its body contains `text`; fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = fetch(url)
        if text in body:
            return body
        time.sleep(0.25)
    pytest.fail(f"{url} never showed {text!r} within {WAIT_SECONDS} s")


@pytest.fixture
def served_project(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the project under `mkdocs serve` (as `make serve` runs it) on a free port."""
    project = copy_project(tmp_path / "project", with_cache=True)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": origin + "/", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
         "--livereload"], cwd=project, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait_for(origin + "/", "</html>")
        yield project, origin
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_answers_for_every_page_and_shows_edits_live(served_project: tuple[Path, str],
                                                           pages: list[str]) -> None:
    project, origin = served_project
    for page in pages:
        assert "</html>" in fetch(f"{origin}/{page}"), f"/{page} did not answer"

    club = project / "docs/club.md"
    club.write_text(club.read_text(encoding="utf-8") + "\nA sentence added by the test.\n",
                    encoding="utf-8")
    wait_for(f"{origin}/club/", "A sentence added by the test.")

    csv = project / "data/rare-earth-reserves.csv"
    rows = len(csv.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert f"({rows} rows, CSV" in fetch(f"{origin}/data/")
    first_row = csv.read_text(encoding="utf-8").splitlines()[1]
    new_row = "Testland," + first_row.split(",", 1)[1]  # a copy of row 1 under a new key
    csv.write_text(csv.read_text(encoding="utf-8").rstrip("\n") + f"\n{new_row}\n",
                   encoding="utf-8")
    wait_for(f"{origin}/data/", f"({rows + 1} rows, CSV")

    code = project / "macros/formatting.py"
    assert "tonnes of rare-earth oxide" in fetch(f"{origin}/market/")
    code.write_text(code.read_text(encoding="utf-8").replace(
        '" tonnes of rare-earth oxide"', '" tonnes of rare-earth oxide (edited)"'),
        encoding="utf-8")
    wait_for(f"{origin}/market/", "tonnes of rare-earth oxide (edited)")

"""Live reload for `make bench`: from a CSV edit to the changed page served by `mkdocs serve`.

Each edit appends one row to a CSV (a copy of its first row under a new key); the data page says
how many rows each file has ("(N rows, CSV"), so the edit is visible the moment the served page
changes. While a rebuild is pending, `mkdocs serve` holds page requests until it finishes, so
polling the page measures exactly what a reader waiting for the reload would see.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

POLL_SECONDS = 0.01
QUIET_SECONDS = 1.0  # between edits, so a late rebuild of one cannot overlap the next
DATA_PAGE = "data/"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The body of a page, or '' while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float | None:
    """Seconds until ``url`` contains ``text`` (polled), or None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    return None


def _rows(csv: Path) -> int:
    """Data rows in a CSV file (lines after the header)."""
    return len(csv.read_text(encoding="utf-8").strip().splitlines()) - 1


def measure_reload(project: Path, csv_name: str, edits: int, budget: float,
                   timeout: float = 60) -> list[float]:
    """Serve ``project`` and time up to ``edits`` appends to ``data/<csv_name>`` until the data
    page shows them; after three, stop once ``budget`` seconds are spent. Raises RuntimeError if
    the server or a change never shows."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": origin + "/", "NO_MKDOCS_2_WARNING": "1"}
    log = (project / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
         "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        csv = project / "data" / csv_name
        url = f"{origin}/{DATA_PAGE}"
        if wait_for(url, f"({_rows(csv)} rows, CSV", timeout) is None:
            tail = (project / "serve.log").read_text(encoding="utf-8")[-1500:]
            raise RuntimeError(f"{url} never showed the row count of {csv_name}:\n{tail}")
        times: list[float] = []
        for number in range(edits):
            if number >= 3 and sum(times) > budget:
                break
            time.sleep(QUIET_SECONDS)
            lines = csv.read_text(encoding="utf-8").rstrip("\n").splitlines()
            new_row = f"Benchland {number}," + lines[1].split(",", 1)[1]
            expected = f"({len(lines)} rows, CSV"  # the header plus old rows, plus the new one
            start = time.perf_counter()
            csv.write_text("\n".join([*lines, new_row]) + "\n", encoding="utf-8")
            seen = wait_for(url, expected, timeout)
            if seen is None:
                raise RuntimeError(f"edit {number + 1} of {csv_name} never showed on /{DATA_PAGE}")
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

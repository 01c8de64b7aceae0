"""`make serve` in a scratch copy of the project, polling the pages it serves, and the CSV edit
whose reload both measure.

Shared by tests/test_serve.py (edits show up) and scripts/bench.py (how fast). The server
is the Makefile's own ``serve`` recipe, run with this interpreter's virtual environment, so what
is tested and timed is exactly what a contributor runs.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.01


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The body of a page, or '' while the server does not answer (or answers with an error)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str | re.Pattern[str], timeout: float) -> float | None:
    """Seconds until the page at ``url`` contains ``text`` (or a match of it), polled; None after
    ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if text.search(body) if isinstance(text, re.Pattern) else text in body:
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    return None


@dataclass(frozen=True)
class Server:
    """A running ``make serve``: where it answers, and its process group."""

    origin: str  # http://127.0.0.1:<port>
    group: int

    def cpu_seconds(self) -> float | None:
        """CPU time the server's processes (make, MkDocs and the git runs it waited for) have
        used so far, from /proc (None where there is none); 10 ms resolution."""
        total = 0
        try:
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with suppress(OSError):
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                    if int(fields[2]) == self.group:  # pgrp; then utime, stime, cutime, cstime
                        total += sum(int(f) for f in fields[11:15])
        except OSError:
            return None
        return total / os.sysconf("SC_CLK_TCK") if total else None


@contextmanager
def make_serve(project: Path, log: Path, *, locale: str = "en") -> Iterator[Server]:
    """Run ``make serve`` (``LOCALE=locale``) in ``project`` on a free port, its output going to
    ``log``. The first build may still be running when the server is yielded.

    ``STAMP=`` drops the recipe's set-up step: the copy uses this interpreter's environment.
    """
    port = free_port()
    venv_bin = Path(sys.executable).parent  # not resolved: the venv's bin, not the base Python's
    command = ["make", "--no-print-directory", "serve", "STAMP=", f"BIN={venv_bin}",
               "HOST=127.0.0.1", f"PORT={port}", f"LOCALE={locale}"]
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # its own group: make and mkdocs
        try:
            yield Server(f"http://127.0.0.1:{port}", server.pid)
        finally:
            os.killpg(server.pid, signal.SIGINT)  # mkdocs shuts down and removes its temp site
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def data_rows(csv: Path) -> int:
    """Data rows in a CSV file (lines after the header)."""
    return len(csv.read_text(encoding="utf-8").strip().splitlines()) - 1


def append_row(csv: Path, key: str, value: str | None = None) -> None:
    """Append a copy of the first data row under a new key, with ``value`` in the second column
    if given."""
    lines = csv.read_text(encoding="utf-8").rstrip("\n").splitlines()
    first = lines[1].split(",")
    row = ",".join([key, first[1] if value is None else value, *first[2:]])
    csv.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")


def row_count(csv: Path, rows: int) -> re.Pattern[str]:
    """The data page's download link of ``csv`` followed by ``rows`` as its row count."""
    return re.compile(rf"<code>{re.escape(csv.name)}</code></a> "
                      rf"\({rows} rows, CSV")

"""Live reload for `make bench`: from a CSV edit to the changed page served by `make serve`.

Each edit appends one row to a CSV (a copy of its first row under a new key); the data page gives
each file's row count beside its download link, so the edit is visible the moment the served
page changes. While a rebuild is pending, `mkdocs serve` holds page requests until it finishes, so
polling the page measures exactly what a reader waiting for the reload would see.

Alone: ``python scripts/bench_reload.py [--edits N]`` times edits in a scratch copy of the working
tree (with its build cache) and prints each time, the median, and the server's CPU time per
edit (less sensitive than the wall time to other work on the machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the server helpers are shared with tests/test_serve.py

from tests.liveserve import (  # noqa: E402
    append_row,
    data_rows,
    make_serve,
    row_count,
    wait_for,
)
from tests.sitebuild import copy_project  # noqa: E402

QUIET_SECONDS = 1.0  # between edits, so a late rebuild of one cannot overlap the next
DATA_PAGE = "data/"
CSV_NAME = "rare-earth-reserves.csv"


def measure_reload(project: Path, csv_name: str, edits: int, budget: float,
                   timeout: float = 60, cpu: list[float] | None = None) -> list[float]:
    """Serve ``project`` and time up to ``edits`` appends to ``data/<csv_name>`` until the data
    page shows them; after three, stop once ``budget`` seconds are spent. Raises RuntimeError if
    the server or a change never shows.

    ``cpu``, if given, receives the server's CPU seconds for each edit, from the edit to the
    page (less sensitive to other load on the machine than the wall time; Linux only).
    """
    log = project / "serve.log"
    with make_serve(project, log) as server:
        csv = project / "data" / csv_name
        url = f"{server.origin}/{DATA_PAGE}"
        if wait_for(url, row_count(csv, data_rows(csv)), timeout) is None:
            tail = log.read_text(encoding="utf-8")[-1500:]
            raise RuntimeError(f"{url} never showed the row count of {csv_name}:\n{tail}")
        times: list[float] = []
        for number in range(edits):
            if number >= 3 and sum(times) > budget:
                break
            time.sleep(QUIET_SECONDS)
            expected = row_count(csv, data_rows(csv) + 1)
            start, start_cpu = time.perf_counter(), server.cpu_seconds()
            append_row(csv, f"Benchland {number}")
            if wait_for(url, expected, timeout) is None:
                raise RuntimeError(f"edit {number + 1} of {csv_name} never showed on /{DATA_PAGE}")
            times.append(time.perf_counter() - start)
            end_cpu = server.cpu_seconds()
            if cpu is not None and start_cpu is not None and end_cpu is not None:
                cpu.append(end_cpu - start_cpu)
        return times


def main() -> None:
    """Time CSV edits in a scratch copy of the working tree and print them with their median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="CSV edits to time (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reload-") as work:
        project = copy_project(Path(work) / "project", with_cache=True)
        cpu: list[float] = []
        times = measure_reload(project, CSV_NAME, args.edits, budget=float("inf"), cpu=cpu)
    print("CSV edit -> served page:", ", ".join(f"{t:.2f} s" for t in times))
    print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    if cpu:
        print(f"server CPU per edit: median {statistics.median(cpu):.2f} s, "
              f"max {max(cpu):.2f} s")


if __name__ == "__main__":
    main()

"""The contributor's loop, for `make bench` (section "suite"): `make check` and `make test`.

- `make check` after a one-line edit: on a copy of the project whose caches are warm (one
  `make check` first), append a sentence to a page, time `make check`; then change one number in
  a CSV and time it again. Target: at most 60 s each (issue 18).
- `make test` from a fresh clone, set-up excluded: a copy without any cache or test output, run
  with the existing virtual environment (``VENV=… STAMP=``: nothing is installed). Target: about
  6 minutes on an idle 2-core machine. Its ten slowest tests are listed (pytest --durations).

The load average is printed beside each figure: other work on the machine stretches wall time.
"""

from __future__ import annotations

import csv
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import bench_sites

CHECK_TARGET = 60.0
TEST_TARGET = 360.0
EDIT_PAGE = "docs/club.md"
EDIT_CSV = "data/key-figures.csv"  # kept by hand (derived tables come from `make data`)
DURATIONS = re.compile(r"^\s*(\d+\.\d+)s (call|setup|teardown)\s+(\S+)", re.M)

Row = tuple[str, str, str, bool | None]


def make(project: Path, target: str, env: dict[str, str] | None = None
         ) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run a make target in the copy with this interpreter's virtual environment, installing
    nothing; return its wall time, its CPU time (all its processes) and the finished process."""
    venv = Path(sys.executable).parent.parent
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(["make", "-s", target, f"VENV={venv}", "STAMP="], cwd=project,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=3600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - start, cpu, done


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _timed(project: Path, what: str) -> Row:
    seconds, cpu, done = make(project, "check")
    if done.returncode != 0:
        raise RuntimeError(f"make check failed after {what}: {(done.stdout + done.stderr)[-800:]}")
    return (f"make check after {what}", f"{seconds:.1f} s, CPU {cpu:.1f} s ({_load()})",
            f"<= {CHECK_TARGET:.0f} s", seconds <= CHECK_TARGET)


def edit_csv_number(project: Path) -> None:
    """Add 1 to the first whole number of the edit CSV's last row, changing nothing else (the
    last row: tests assert some well-known figures near the top, such as the NdPr floor)."""
    path = project / EDIT_CSV
    lines = path.read_text(encoding="utf-8").split("\n")
    row = max(n for n, line in enumerate(lines) if line.strip() and
              any(cell.isdigit() for cell in next(csv.reader([line]))))
    value = next(cell for cell in next(csv.reader([lines[row]])) if cell.isdigit())
    lines[row] = f",{lines[row]},".replace(f",{value},", f",{int(value) + 1},", 1)[1:-1]
    path.write_text("\n".join(lines), encoding="utf-8")


def check_rows(work: Path) -> list[Row]:
    """`make check` warm, after a one-line page edit and after a one-number CSV edit."""
    project = bench_sites.copy_project(work / "suite-check", with_cache=True)
    *_, first = make(project, "check")  # warms the test cache and the validation stamps
    if first.returncode != 0:
        raise RuntimeError(f"make check fails on the unchanged copy: {first.stdout[-800:]}")
    page = project / EDIT_PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                    encoding="utf-8")
    rows = [_timed(project, f"a one-line edit of {EDIT_PAGE}")]
    edit_csv_number(project)
    rows.append(_timed(project, f"a one-number edit of {EDIT_CSV}"))
    return rows


def test_rows(work: Path) -> list[Row]:
    """`make test` from a fresh copy (no cache, no test output) and its ten slowest tests."""
    project = bench_sites.copy_project(work / "suite-test")
    seconds, cpu, done = make(project, "test", env={"PYTEST_ADDOPTS": "--durations=10"})
    output = done.stdout + done.stderr
    summary = next((line.strip("= ") for line in reversed(output.splitlines())
                    if re.search(r"\d+ (passed|failed)", line)), "no pytest summary")
    rows: list[Row] = [
        ("make test, fresh copy, set-up excluded", f"{seconds:.0f} s, CPU {cpu:.0f} s ({_load()})",
         f"<= {TEST_TARGET:.0f} s idle", seconds <= TEST_TARGET),
        ("make test result", summary, "all pass", done.returncode == 0)]
    block = output.split("slowest 10 durations", 1)[-1]
    for number, (duration, phase, test) in enumerate(DURATIONS.findall(block)[:10], start=1):
        rows.append((f"slowest test {number}", f"{float(duration):.1f} s {phase} {test}", "",
                     None))
    return rows


def section(work: Path) -> list[Row]:
    """Every row of the section."""
    return check_rows(work) + test_rows(work)

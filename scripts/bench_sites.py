"""Throwaway copies of the project for `make bench`: the real site, its floor, chart pages.

Every benchmark works on a copy in a temporary directory, never on the working tree, so a run
neither disturbs colleagues nor is disturbed by their edits half-way through.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Never copied: environments, build output and caches (the cache is copied on request only).
SKIP_PARTS = {".git", ".venv", "site", ".cache", "test-output", "__pycache__", ".pytest_cache",
              ".ruff_cache", ".lock-venv", "node_modules"}
BENCH_PAGE = "bench-charts.md"


@dataclass(frozen=True)
class Build:
    """One `mkdocs build`: wall time, peak memory of the process, and whether it succeeded."""

    seconds: float
    max_rss_mb: float
    ok: bool
    log: str


def copy_project(dest: Path, *, with_cache: bool = False) -> Path:
    """Copy the project as git sees it (tracked plus uncommitted, not ignored) into ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for rel in listed:
        source = ROOT / rel
        if rel and not SKIP_PARTS.intersection(Path(rel).parts) and source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    if with_cache and (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", dest / ".cache", dirs_exist_ok=True)
    return dest


def drop_cache(project: Path) -> None:
    """Remove the content-hashed build cache (SVGs, JavaScript bundle) for a cold build."""
    shutil.rmtree(project / ".cache", ignore_errors=True)


def _drop_top_level_block(lines: list[str], key: str) -> list[str]:
    """Remove a top-level ``key:`` and everything indented under it."""
    out: list[str] = []
    skipping = False
    for line in lines:
        if re.match(rf"{re.escape(key)}\s*:", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line[0] in " \t#"):
            continue
        skipping = False
        out.append(line)
    return out


def _drop_plugin(lines: list[str], plugin: str) -> list[str]:
    """Remove one entry (``- name`` or ``- name:`` with its options) from the plugins list."""
    out: list[str] = []
    indent: int | None = None
    for line in lines:
        match = re.match(rf"(\s*)- {re.escape(plugin)}\s*:?\s*(#.*)?$", line)
        if match:
            indent = len(match.group(1))
            continue
        if indent is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > indent + 1:
                continue
            indent = None
        out.append(line)
    return out


def make_floor(project: Path) -> None:
    """Turn a copy into the floor: plain Material, without mkdocs-macros, our hooks or watch.

    Other plugins (search, git dates), the theme, overrides and Markdown extensions stay, so
    the difference from the real build is exactly our layer. Macro calls stay in the pages as
    text, which the floor does not mind; strict mode is off because of that.
    """
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    for key in ("hooks", "watch", "strict"):
        lines = _drop_top_level_block(lines, key)
    lines = _drop_plugin(lines, "macros")
    config.write_text("\n".join(lines + ["strict: false", ""]), encoding="utf-8")


def chart_ids(project: Path) -> list[str]:
    """The chart ids registered in a project's macros/charts/ (imported in a subprocess)."""
    code = ("import json, sys; sys.path.insert(0, '.');"
            "from macros.charts import all_charts;"
            "print(json.dumps(sorted(c.id for c in all_charts())))")
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"cannot list chart ids: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def add_chart_page(project: Path, count: int, chart_ids: list[str]) -> str:
    """Add a page of ``count`` ``chart()`` calls, cycling through ``chart_ids``, to the nav.

    Returns the page's URL path. Calls repeat the registered charts rather than inventing new
    ones: with a warm cache every call still builds its chart and figure (nothing memoizes a
    figure within a build today), which is the per-chart cost the target is about; with a cold
    cache the distinct charts render once and later calls reuse what the build just cached.
    (Distinct variants would make a cold 200-chart build render 200 charts, ~2 s each today:
    longer than the whole bench may take.)
    """
    body = [f"# {count} charts\n", "Generated by `make bench`.\n"]
    body += [f'Chart {n + 1}.\n\n{{{{ chart("{chart_ids[n % len(chart_ids)]}") }}}}\n'
             for n in range(count)]
    (project / "docs" / BENCH_PAGE).write_text("\n".join(body), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^nav:\n", f"nav:\n  - Bench: {BENCH_PAGE}\n", text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    return BENCH_PAGE.removesuffix(".md") + "/"


def failure(log: str) -> str:
    """The lines of a failed build's log that say why (errors, warnings, the exception)."""
    lines = [line.strip() for line in log.splitlines()]
    why = [line for line in lines if line.startswith(("ERROR", "WARNING", "Aborted"))]
    exception = [line for line in lines if re.match(r"^[\w.]+(Error|Exception): ", line)]
    return " | ".join((why + exception[-1:])[:8]) or " | ".join(lines[-5:])


def run_build(project: Path, site_dir: Path, site_url: str, *, strict: bool = True) -> Build:
    """Run ``mkdocs build`` in ``project``; time it and read its peak RSS from wait4()."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")  # never with -q: that hides strict failures (design trap 8)
    log_path = site_dir.parent / f".{site_dir.name}.log"
    with log_path.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Build(seconds=seconds, max_rss_mb=usage.ru_maxrss / 1024, ok=process.returncode == 0,
                 log=log_path.read_text(encoding="utf-8"))

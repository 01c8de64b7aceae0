"""``make pr-report``: a real two-commit repository, a changed figure, page and source.

The project is copied into a fresh git repository and committed; a second commit changes one
number in a CSV, one sentence of a page and adds a source; the report is then made as CI makes
it (``scripts/pr_report.py --base <first commit>``, written to $GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import copy_project

pytestmark = pytest.mark.slow  # a git repository of the whole project

NEW_SOURCE = "https://www.usgs.gov/centers/national-minerals-information-center/qa-new-source"


def git(repo: Path, *args: str) -> str:
    """Run git in the fixture repository."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@example.org",
           "GIT_COMMITTER_NAME": "QA", "GIT_COMMITTER_EMAIL": "qa@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture(scope="module")
def change(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture repository after both commits, what was changed, and the report."""
    repo = copy_project(tmp_path_factory.mktemp("pr") / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    # One figure: China's 2025 rare-earth mine production.
    table = repo / "data/rare-earth-production.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["country"] == "China" and r["year"] == "2025")
    old = row["production_t"]
    new = str(int(float(old)) + 1234)
    text = table.read_text(encoding="utf-8").replace(f"China,2025,{old}", f"China,2025,{new}", 1)
    assert text != table.read_text(encoding="utf-8"), "the China 2025 row is not 'China,2025,'"
    table.write_text(text, encoding="utf-8")
    page = repo / "docs/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new sentence.[^qa]\n\n"
                    f"[^qa]: USGS, \"A new source\". <{NEW_SOURCE}>\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "change")
    summary = repo.parent / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_RUN_ID": "42",
           "GITHUB_REPOSITORY": "org/site", "GITHUB_SERVER_URL": "https://github.com"}
    done = subprocess.run([sys.executable, "scripts/pr_report.py", "--base", base], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", "with $GITHUB_STEP_SUMMARY set, the report goes there"
    return {"old": old, "new": new, "report": summary.read_text(encoding="utf-8"),
            "repo": str(repo)}


def test_the_changed_figure_shows_old_and_new_with_unit_data_set_and_row(change) -> None:
    [line] = [line for line in change["report"].splitlines()
              if "country=China, year=2025" in line]
    assert f"{change['old']} → **{change['new']}** t" in line
    assert "`rare_earth_production`" in line and "`data/rare-earth-production.csv`" in line
    assert "| production_t |" in line


def test_the_changed_figure_names_the_stat_calls_and_charts_that_show_it(change) -> None:
    [line] = [line for line in change["report"].splitlines()
              if "country=China, year=2025" in line]
    repo = Path(change["repo"])
    calls = [(page, number) for page in sorted((repo / "docs").glob("*.md"))
             for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
             if 'stat("rare_earth_production", country="China", year=2025' in text]
    assert calls, "no page states China's 2025 production any more: pick another figure"
    for page, number in calls:
        assert f"`docs/{page.name}` line {number}" in line
    assert "chart `" in line and "on `docs/" in line


def test_only_the_changed_figure_is_listed(change) -> None:
    assert "### Figures (1)" in change["report"]


def test_the_changed_page_and_the_new_source_are_listed(change) -> None:
    report = change["report"]
    assert "- `docs/about.md`: +4 / −0 lines" in report
    assert f"- new: <{NEW_SOURCE}> (`docs/about.md`)" in report
    assert "Sources: 1 new, 0 removed" in report


def test_the_report_links_the_preview_artifacts_of_the_run(change) -> None:
    assert "https://github.com/org/site/actions/runs/42#artifacts" in change["report"]
    assert "`site-preview`" in change["report"] and "`screenshots`" in change["report"]


def test_an_unknown_base_says_what_to_do(change) -> None:
    done = subprocess.run([sys.executable, "scripts/pr_report.py", "--base", "no-such-ref"],
                          cwd=change["repo"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "BASE=" in done.stderr

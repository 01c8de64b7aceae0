"""GitHub annotations: with GITHUB_ACTIONS=true every problem is also an ``::error`` line.

The check is run as ``make check`` runs it (``python -m macros.precheck``) in a scratch copy of
the project with that variable set. Markdown problems (MkDocs warnings naming a page) are
annotated by the build; one failing build of tests/test_bad_input.py asserts that end to end.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros import annotate
from macros.validate import Problem
from tests.sitebuild import copy_project


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A scratch copy with a bad number cell and a page citing a listed host, checked with
    GITHUB_ACTIONS=true: (project, standard output, standard error)."""
    project = copy_project(tmp_path_factory.mktemp("annotate") / "project")
    table = project / "data/rare-earth-production.csv"
    lines = table.read_text(encoding="utf-8").split("\n")
    cells = lines[2].split(",")
    cells[2] = "n/a"
    lines[2] = ",".join(cells)
    table.write_text("\n".join(lines), encoding="utf-8")
    page = project / "docs/market.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee <https://www.reddit.com/r/x>.\n",
                    encoding="utf-8")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-m", "macros.precheck"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    return project, result.stdout, result.stderr


def test_a_bad_cell_is_annotated_on_its_file_line_and_column(annotated) -> None:
    _, out, err = annotated
    col = len(",".join(
        (annotated[0] / "data/rare-earth-production.csv").read_text(encoding="utf-8")
        .split("\n")[2].split(",")[:2])) + 2
    prefix = f"::error file=data/rare-earth-production.csv,line=3,col={col}::"
    [line] = [line for line in out.splitlines() if line.startswith(prefix)]
    assert "column 'production_t'" in line and "(got 'n/a')" in line and "Fix: " in line
    assert "data/rare-earth-production.csv, line 3, column 'production_t'" in err


def test_a_cited_listed_host_is_annotated_on_the_page_line(annotated) -> None:
    project, out, err = annotated
    number = len((project / "docs/market.md").read_text(encoding="utf-8").splitlines())
    [line] = [line for line in out.splitlines()
              if line.startswith(f"::error file=docs/market.md,line={number},col=6::")]
    assert "https://www.reddit.com/r/x" in line and "reddit.com is a forum" in line
    assert "docs/market.md, line" in err


def test_nothing_is_annotated_outside_github_actions(monkeypatch, capsys) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    annotate.emit([Problem("data/x.csv", "bad", "fix it", line=2)])
    assert capsys.readouterr().out == ""


def test_messages_and_properties_are_escaped() -> None:
    line = annotate.command("data/a,b:c.csv", "50% done\nnext", line=4, col=2)
    assert line == "::error file=data/a%2Cb%3Ac.csv,line=4,col=2::50%25 done%0Anext"


def test_a_csv_column_offset_counts_quoted_commas(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text('a,b,c\n"x, y",2,3\n', encoding="utf-8")
    assert annotate.csv_column_offset(table, 2, "b") == len('"x, y",') + 1
    assert annotate.csv_column_offset(table, 2, "a") == 1


def test_an_mkdocs_link_warning_is_annotated_on_the_line_of_the_link(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "club.md").write_text("# Club\n\nText.\n\nSee [x](lost-page.md).\n", encoding="utf-8")
    message = ("Doc file 'club.md' contains a link 'lost-page.md', but the target is not found "
               "among documentation files.")
    line = annotate.markdown_annotation(message, docs)
    assert line is not None and re.match(r"::error file=[\w/.-]*club\.md,line=5::Doc file", line)
    assert annotate.markdown_annotation("Documentation built in 3 seconds", docs) is None

"""GitHub annotations: on GitHub Actions, every problem also becomes an ``::error`` line.

GitHub turns a workflow command printed on standard output,
``::error file=data/x.csv,line=3,col=12::message``, into a mark on that line of the pull
request's diff. Data, schema and source-policy problems come as ``Problem`` objects
(macros/validate.py); Markdown problems come as MkDocs warnings naming a page, which
``MarkdownAnnotations`` (a logging handler) turns into annotations while the build runs.
Outside GitHub Actions (``GITHUB_ACTIONS`` unset) nothing extra is printed.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from macros.paths import PROJECT_ROOT
from macros.validate import Problem

# A page named in an MkDocs or macros message: 'club.md', "docs/zh/club.zh.md" ...
PAGE = re.compile(r"(?<![\w/.-])(?:docs/)?((?:[\w.-]+/)*[\w.-]+\.md)\b")
QUOTED = re.compile(r"'([^']+)'")


def enabled() -> bool:
    """True on GitHub Actions."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape(text: str, *, prop: bool = False) -> str:
    """Escape a workflow command's message (or, with ``prop``, a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def command(file: str, message: str, line: int | None = None, col: int | None = None,
            title: str | None = None) -> str:
    """``::error file=…,line=N,col=M,title=…::message`` (line, col and title when known)."""
    props = [f"file={_escape(file, prop=True)}"]
    if line is not None:
        props.append(f"line={line}")
        if col is not None:
            props.append(f"col={col}")
    if title:
        props.append(f"title={_escape(title, prop=True)}")
    return f"::error {','.join(props)}::{_escape(message)}"


def csv_column_offset(path: Path, line: int, column: str) -> int | None:
    """1-based character column where the cell of ``column`` starts on ``line`` of a CSV."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = next(csv.reader(io.StringIO(lines[0])))
        index = header.index(column)
        text = lines[line - 1]
    except (OSError, UnicodeDecodeError, IndexError, ValueError, StopIteration):
        return None
    starts, quoted = [0], False
    for position, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(position + 1)
    return starts[index] + 1 if index < len(starts) else None


def for_problem(problem: Problem, root: Path = PROJECT_ROOT) -> str:
    """The annotation of one data, schema or source-policy problem."""
    col = problem.offset
    if col is None and problem.line is not None and problem.column and \
            problem.file.endswith(".csv") and "," not in problem.column:
        col = csv_column_offset(root / problem.file, problem.line, problem.column)
    return command(problem.file, str(problem), problem.line, col)


def emit(problems: Iterable[Problem], stream: object = None) -> None:
    """Print each problem's annotation on standard output, on GitHub Actions only."""
    if not enabled():
        return
    out = stream or sys.stdout
    for problem in problems:
        print(for_problem(problem), file=out, flush=True)


def markdown_annotation(message: str, docs_dir: Path) -> str | None:
    """The annotation of an MkDocs warning that names a page, on the line it points at.

    The line is the first one of the page that holds a quoted part of the message (a link
    target, a macro argument), else the page's first line.
    """
    found = PAGE.search(message)
    if not found:
        return None
    page = docs_dir / found.group(1)
    if not page.is_file():
        return None
    line = 1
    lines = page.read_text(encoding="utf-8").splitlines()
    needles = [q for q in QUOTED.findall(message) if q != found.group(1) and len(q) > 2]
    for needle in needles:
        hit = next((n for n, text in enumerate(lines, start=1) if needle in text), None)
        if hit:
            line = hit
            break
    try:
        file = page.resolve().relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        file = f"{docs_dir.name}/{found.group(1)}"
    return command(file, message, line)


class MarkdownAnnotations(logging.Handler):
    """Turns MkDocs warnings and errors that name a page into annotations."""

    def __init__(self, docs_dir: Path) -> None:
        super().__init__(level=logging.WARNING)
        self.docs_dir = docs_dir

    def emit(self, record: logging.LogRecord) -> None:
        """Print the record's annotation, if it names a page."""
        try:
            annotation = markdown_annotation(record.getMessage(), self.docs_dir)
        except Exception:  # noqa: BLE001 (an annotation must never break the build)
            return
        if annotation:
            print(annotation, flush=True)


def watch_markdown(docs_dir: Path) -> None:
    """On GitHub Actions, annotate every MkDocs warning that names a page (installed once)."""
    if not enabled():
        return
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if type(handler).__name__ == MarkdownAnnotations.__name__:
            logger.removeHandler(handler)  # one from an earlier build (serve reloads macros/)
    logger.addHandler(MarkdownAnnotations(docs_dir))

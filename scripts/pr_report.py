"""What a pull request changes, for its reviewer: ``make pr-report BASE=<git ref>``.

Compares the working tree's commit (HEAD) with its merge base with BASE and writes Markdown to
the file named by $GITHUB_STEP_SUMMARY (appended, as GitHub expects), else to standard output:

- every figure the change alters: data set, row (by its primary key), column, old -> new with the
  unit, and where readers see it (the pages whose ``stat``/``share`` calls pick that row, the
  charts drawn from that data set and the pages that place them); rows added or removed;
- the pages whose text changed (lines added and removed);
- the sources added or removed (URLs in the pages, in data/datapackage.yaml and in the CSVs);
- on GitHub Actions, a link to the run, whose artifacts hold the built site and screenshots.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.source_policy import urls_in  # noqa: E402  (after the path is set)
from macros.stat import cell_text  # noqa: E402

DESCRIPTOR = "data/datapackage.yaml"
NUMERIC = {"number", "integer", "year"}
MACRO = re.compile(r"\{\{-?\s*(stat|share|chart)\((.*?)\)\s*-?\}\}", re.S)


def git(*args: str) -> str:
    """Output of a git command run in the project."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def show(ref: str, path: str) -> str | None:
    """A file's text at a commit, or None where it does not exist."""
    done = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True,
                          text=True)
    return done.stdout if done.returncode == 0 else None


@dataclass
class Change:
    """One altered figure, or a row added or removed."""

    resource: str
    file: str
    key: dict[str, str]
    column: str | None = None
    old: str | None = None
    new: str | None = None
    unit: str = ""
    shown_in: list[str] = field(default_factory=list)


@dataclass
class Call:
    """A ``stat``, ``share`` or ``chart`` call on a page."""

    page: str
    line: int
    kind: str
    resource: str
    filters: dict[str, str]
    text: str


def resources(descriptor_text: str | None) -> dict[str, dict]:
    """The package's resources by name (empty if there is no readable descriptor)."""
    try:
        package = yaml.safe_load(descriptor_text or "") or {}
    except yaml.YAMLError:
        return {}
    return {r["name"]: r for r in package.get("resources", []) if r.get("name")}


def keyed_rows(text: str | None, key: list[str]) -> dict[tuple[str, ...], dict[str, str]]:
    """A CSV's rows by primary key (by line number when the resource has none)."""
    rows = list(csv.DictReader(io.StringIO(text or "")))
    if not key:
        return {(str(n),): row for n, row in enumerate(rows, start=2)}
    return {tuple(row.get(k, "") for k in key): row for row in rows}


def primary_key(resource: dict) -> list[str]:
    """The resource's primary key as a list."""
    key = resource.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def figure_changes(base: str) -> list[Change]:
    """Every numeric cell that differs between base and HEAD, and rows added or removed."""
    old_resources = resources(show(base, DESCRIPTOR))
    new_resources = resources(show("HEAD", DESCRIPTOR))
    changes = []
    for name, resource in new_resources.items():
        path = f"data/{resource['path']}"
        old_resource = old_resources.get(name, resource)
        old_text = show(base, f"data/{old_resource['path']}")
        new_text = show("HEAD", path)
        if old_text == new_text:
            continue
        key = primary_key(resource)
        old_rows, new_rows = keyed_rows(old_text, key), keyed_rows(new_text, key)
        fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
        numeric = [c for c, f in fields.items() if f.get("type") in NUMERIC and c not in key]
        for row_key, row in new_rows.items():
            ids = dict(zip(key, row_key, strict=False)) if key else {"line": row_key[0]}
            before = old_rows.get(row_key)
            if before is None:
                values = ", ".join(f"{c}={row[c]} {unit_of(fields[c], row)}".strip()
                                   for c in numeric if row.get(c))
                changes.append(Change(name, path, ids, new=f"(row added) {values}".strip()))
                continue
            for column in numeric:
                if before.get(column, "") != row.get(column, ""):
                    changes.append(Change(name, path, ids, column, before.get(column, ""),
                                          row.get(column, ""), unit_of(fields[column], row)))
        for row_key in old_rows.keys() - new_rows.keys():
            ids = dict(zip(key, row_key, strict=False)) if key else {"line": row_key[0]}
            changes.append(Change(name, path, ids, old="(row removed)"))
    return changes


def unit_of(spec: dict, row: dict[str, str]) -> str:
    """The unit of a value: the row's own unit column where it has one, else the field's."""
    return row.get("unit") or str(spec.get("unit", ""))


JINJA_NAMES = {"true": True, "false": False, "none": None}


def jinja_literal(node: ast.expr) -> object:
    """A literal macro argument; Jinja also writes true, false and none in lower case."""
    if isinstance(node, ast.Name) and node.id.lower() in JINJA_NAMES:
        return JINJA_NAMES[node.id.lower()]
    return ast.literal_eval(node)


def macro_calls(pages: Iterable[Path]) -> list[Call]:
    """Every stat, share and chart call of the pages, with its literal arguments."""
    calls = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for match in MACRO.finditer(text):
            try:
                node = ast.parse(f"f({match.group(2)})", mode="eval").body
                args = [jinja_literal(a) for a in node.args]
                kwargs = {k.arg: jinja_literal(k.value) for k in node.keywords if k.arg}
            except (SyntaxError, ValueError):
                continue
            if not args or not isinstance(args[0], str):
                continue
            line = text.count("\n", 0, match.start()) + 1
            filters = {k: cell_text(v) for k, v in kwargs.items()
                       if k not in ("column", "format", "unit", "digits", "of")}
            rel = page.relative_to(ROOT).as_posix()
            calls.append(Call(rel, line, match.group(1), args[0], filters, match.group(0)))
            if match.group(1) == "share" and isinstance(kwargs.get("of"), dict):
                total = {k: cell_text(v) for k, v in kwargs["of"].items()}
                calls.append(Call(rel, line, "share", args[0], total, match.group(0)))
    return calls


def charts_by_resource() -> dict[str, list[str]]:
    """Chart ids by the data set they are drawn from (the registry of macros/charts/)."""
    from macros import charts

    found: dict[str, list[str]] = {}
    for chart in charts.all_charts():
        for name in chart.resources:
            found.setdefault(name, []).append(chart.id)
    return found


def where_shown(changes: list[Change], calls: list[Call], charts: dict[str, list[str]],
                rows: dict[str, dict[tuple[str, ...], dict[str, str]]]) -> None:
    """Fill in, for each change, the stat/share calls that pick its row and the charts."""
    for change in changes:
        table = rows.get(change.resource, {})
        row = next((r for r in table.values()
                    if all(r.get(k) == v for k, v in change.key.items())), change.key)
        for call in calls:
            if call.kind == "chart" or call.resource != change.resource or not call.filters:
                continue
            if all(row.get(k) == v for k, v in call.filters.items()):
                change.shown_in.append(f"`{call.page}` line {call.line}: `{call.text}`")
        for chart_id in charts.get(change.resource, []):
            pages = sorted({c.page for c in calls if c.kind == "chart" and
                            c.resource == chart_id})
            change.shown_in.append(f"chart `{chart_id}`" +
                                   (f" on {', '.join(f'`{p}`' for p in pages)}" if pages else
                                    " (on no page)"))


def changed_pages(base: str) -> list[tuple[str, int, int]]:
    """(page, lines added, lines removed) for every Markdown page that changed."""
    out = git("diff", "--numstat", base, "HEAD", "--", "docs")
    pages = []
    for line in out.splitlines():
        added, removed, path = line.split("\t", 2)
        if path.endswith(".md"):
            pages.append((path, int(added) if added.isdigit() else 0,
                          int(removed) if removed.isdigit() else 0))
    return pages


def sources_at(ref: str) -> dict[str, str]:
    """Every cited URL at a commit, with the first file that cites it."""
    files = git("ls-tree", "-r", "--name-only", ref, "--", "docs", "data").splitlines()
    found: dict[str, str] = {}
    for path in files:
        if not (path.endswith(".md") or path.endswith(".csv") or path == DESCRIPTOR) or \
                path.startswith("data/raw/"):
            continue
        for line in (show(ref, path) or "").splitlines():
            for _, url in urls_in(line):
                found.setdefault(url, path)
    return found


def row_label(change: Change) -> str:
    """A row as its key names it: "country=China, year=2025"."""
    return ", ".join(f"{k}={v}" for k, v in change.key.items())


def report(base: str) -> str:
    """The whole report as Markdown."""
    merge_base = git("merge-base", base, "HEAD").strip()
    changes = figure_changes(merge_base)
    lines = [f"## What this change does to the site (compared with `{base}`)", ""]
    if changes:
        pages = sorted((ROOT / "docs").rglob("*.md"))
        calls = macro_calls(pages)
        head = resources(show("HEAD", DESCRIPTOR))
        rows = {name: keyed_rows(show("HEAD", f"data/{r['path']}"), primary_key(r))
                for name, r in head.items() if any(c.resource == name for c in changes)}
        where_shown(changes, calls, charts_by_resource(), rows)
        lines += [f"### Figures ({len(changes)})", "",
                  "| Data set | Row | Column | Old → new | Shown in |", "|---|---|---|---|---|"]
        for c in changes:
            value = f"{c.old} → **{c.new}** {c.unit}".strip() if c.column else c.new or c.old
            shown = "<br>".join(c.shown_in) or "(not shown on any page)"
            lines.append(f"| `{c.resource}` (`{c.file}`) | {row_label(c)} | "
                         f"{c.column or ''} | {value} | {shown} |".replace("\n", " "))
    else:
        lines.append("No figure in `data/` changes.")
    pages = changed_pages(merge_base)
    lines += ["", f"### Pages whose text changed ({len(pages)})", ""]
    lines += [f"- `{p}`: +{a} / −{r} lines" for p, a, r in pages] or ["None."]
    old, new = sources_at(merge_base), sources_at("HEAD")
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    lines += ["", f"### Sources: {len(added)} new, {len(removed)} removed", ""]
    lines += [f"- new: <{u}> (`{new[u]}`)" for u in added]
    lines += [f"- removed: <{u}> (`{old[u]}`)" for u in removed]
    if not added and not removed:
        lines.append("No source added or removed.")
    run = os.environ.get("GITHUB_RUN_ID")
    if run:
        url = (f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
               f"{os.environ.get('GITHUB_REPOSITORY', '')}/actions/runs/{run}")
        lines += ["", "### Preview", "",
                  f"The built site (artifact `site-preview`) and the screenshots of every page "
                  f"(artifact `screenshots`) are attached to [this run]({url}#artifacts)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the report to $GITHUB_STEP_SUMMARY, else print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the git ref to compare with")
    base = parser.parse_args(argv).base
    try:
        text = report(base)
    except subprocess.CalledProcessError as error:
        print(f"pr-report: git failed ({' '.join(error.cmd)}): {error.stderr.strip()}. "
              "Fix: give BASE=<a branch or commit this checkout has> (CI: fetch-depth: 0).",
              file=sys.stderr)
        return 2
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bad input fails loudly and says where: one row per mistake a contributor can make.

Each case mutates a scratch copy of the project, then runs the data loader (fast: the same
``load_catalog()`` every build calls first) or the real build entry point (``mkdocs build
--strict``), and checks the exit status and that the message names the file, the line, the
column, the bad value and a fix. Data problems are reported in one format
(macros/validate.py): ``data/<file>, line <n>, column '<col>': <problem> (got '<value>'). Fix: ...``
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.sitebuild import ROOT, build_site, copy_project, project_files


@dataclass(frozen=True)
class Expect:
    """What the failure message must name."""

    file: str                   # "data/<file>" or a page's path inside docs/
    line: int | None = None
    column: str | None = None
    value: str | None = None
    also: tuple[str, ...] = ()  # further text the message must contain
    hint: bool = True           # a data problem ends with "Fix: ..."
    annotation: str | None = None  # the start of a GitHub annotation the build must print
    no_pages: bool = False      # the build stops before any page is written


# --- Reading and editing the scratch copy ----------------------------------------------------


def descriptor(project: Path) -> dict[str, Any]:
    """The scratch copy's data/datapackage.yaml."""
    return yaml.safe_load((project / "data/datapackage.yaml").read_text(encoding="utf-8"))


def read_rows(path: Path) -> list[list[str]]:
    """A CSV as lists of cells, header first."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write rows back as valid CSV (quoting only where needed)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def pick(project: Path, wanted: Callable[[dict[str, Any], dict[str, Any]], bool],
         what: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first (resource, field) of the package for which ``wanted`` holds."""
    for resource in descriptor(project)["resources"]:
        for spec in resource["schema"]["fields"]:
            if wanted(resource, spec) and len(read_rows(project / "data" / resource["path"])) > 2:
                return resource, spec
    pytest.skip(f"no data set in data/ has {what} yet")


def set_cell(project: Path, resource: dict[str, Any], column: str, value: str) -> int:
    """Write ``value`` into ``column`` of the first data row; return its line number (2)."""
    path = project / "data" / resource["path"]
    rows = read_rows(path)
    rows[1][rows[0].index(column)] = value
    write_rows(path, rows)
    return 2


def first_resource(project: Path) -> dict[str, Any]:
    """The first resource of the package."""
    return descriptor(project)["resources"][0]


def data_file(resource: dict[str, Any]) -> str:
    """The resource's file as the message names it."""
    return f"data/{resource['path']}"


def primary_key(resource: dict[str, Any]) -> list[str]:
    """The resource's primary key as a list of column names."""
    key = resource["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def is_number(resource: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A number column."""
    return spec.get("type") == "number"


# --- The mutations ---------------------------------------------------------------------------


def missing_file(project: Path) -> Expect:
    """A resource's CSV is deleted."""
    resource = first_resource(project)
    (project / "data" / resource["path"]).unlink()
    return Expect(data_file(resource), also=(resource["name"],))


def undeclared_csv(project: Path) -> Expect:
    """A CSV sits in data/ without a resource describing it."""
    (project / "data/qa-undeclared.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return Expect("data/qa-undeclared.csv")


def missing_column(project: Path) -> Expect:
    """A described column is deleted from the CSV."""
    resource = first_resource(project)
    path = project / "data" / resource["path"]
    rows = read_rows(path)
    keys = primary_key(resource)
    victim = next(c for c in reversed(rows[0]) if c not in keys)
    index = rows[0].index(victim)
    write_rows(path, [row[:index] + row[index + 1:] for row in rows])
    return Expect(data_file(resource), line=1, column=victim)


def unexpected_column(project: Path) -> Expect:
    """The CSV has a column the schema does not describe."""
    resource = first_resource(project)
    path = project / "data" / resource["path"]
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["qa_extra"]] + [row + ["1"] for row in rows[1:]])
    return Expect(data_file(resource), line=1, column="qa_extra")


def text_in_number(text: str) -> Callable[[Path], Expect]:
    """A number cell holds text such as "n/a" or "12,000"."""

    def mutate(project: Path) -> Expect:
        resource, spec = pick(project, is_number, "a number column")
        line = set_cell(project, resource, spec["name"], text)
        return Expect(data_file(resource), line=line, column=spec["name"], value=text)

    mutate.__doc__ = f"A number cell holds {text!r}."
    return mutate


def empty_required(project: Path) -> Expect:
    """A required cell outside the key is left empty."""
    resource, spec = pick(
        project, lambda r, f: (f.get("constraints") or {}).get("required") is True
        and f["name"] not in primary_key(r), "a required column outside the key")
    line = set_cell(project, resource, spec["name"], "")
    return Expect(data_file(resource), line=line, column=spec["name"])


def duplicate_key(project: Path) -> Expect:
    """Two rows share a primary key."""
    resource, _ = pick(project, lambda r, f: bool(primary_key(r)), "a primary key")
    path = project / "data" / resource["path"]
    rows = read_rows(path)
    write_rows(path, rows + [rows[1]])
    return Expect(data_file(resource), line=len(rows) + 1, column=", ".join(primary_key(resource)))


def out_of_range(wanted: Callable[[dict[str, Any], dict[str, Any]], bool], what: str,
                 value: str) -> Callable[[Path], Expect]:
    """A value breaks its column's minimum or maximum."""

    def mutate(project: Path) -> Expect:
        resource, spec = pick(project, wanted, what)
        line = set_cell(project, resource, spec["name"], value)
        return Expect(data_file(resource), line=line, column=spec["name"], value=value)

    mutate.__doc__ = f"{what} set to {value}."
    return mutate


def negative_tonnes(resource: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A tonnage column that may not be negative."""
    return str(spec.get("unit", "")).startswith("t") and \
        (spec.get("constraints") or {}).get("minimum") == 0


def percentage(resource: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A share in percent, at most 100."""
    return spec["name"].endswith("_pct") and (spec.get("constraints") or {}).get("maximum") == 100


def bad_date(project: Path) -> Expect:
    """A date that does not exist."""
    resource, spec = pick(project, lambda r, f: f.get("type") == "date", "a date column")
    line = set_cell(project, resource, spec["name"], "2025-13-45")
    return Expect(data_file(resource), line=line, column=spec["name"], value="2025-13-45")


def unknown_event_status(project: Path) -> Expect:
    """An event whose status is not one of happened / scheduled / outcome unknown."""
    resource = next(r for r in descriptor(project)["resources"] if r["name"] == "events")
    line = set_cell(project, resource, "status", "postponed")
    return Expect(data_file(resource), line=line, column="status", value="postponed")


def edit_line(project: Path, number: int, change: Callable[[str], str]) -> Expect:
    """Change one raw line of the first resource's CSV."""
    resource = first_resource(project)
    path = project / "data" / resource["path"]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect(data_file(resource), line=number)


def unbalanced_quote(project: Path) -> Expect:
    """A quoted cell is never closed."""
    return edit_line(project, 2, lambda line: '"' + line)


def ragged_row(project: Path) -> Expect:
    """A row has one cell more than the header."""
    return edit_line(project, 3, lambda line: line + ",qa-extra-cell")


def not_utf8(project: Path) -> Expect:
    """A cell saved in Latin-1, not UTF-8."""
    resource = first_resource(project)
    path = project / "data" / resource["path"]
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",Caf\xe9 ", 1)
    path.write_bytes(b"\n".join(lines))
    return Expect(data_file(resource), line=3)


def empty_file(project: Path) -> Expect:
    """A CSV with no bytes at all."""
    resource = first_resource(project)
    (project / "data" / resource["path"]).write_bytes(b"")
    return Expect(data_file(resource))


def invalid_yaml(project: Path) -> Expect:
    """The descriptor is not valid YAML (a colon in an unquoted value)."""
    path = project / "data/datapackage.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(1, "qa_note: a colon: breaks it")
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect("data/datapackage.yaml", line=2)


def no_sources(project: Path) -> Expect:
    """A resource without sources."""
    path = project / "data/datapackage.yaml"
    package = descriptor(project)
    resource = package["resources"][0]
    del resource["sources"]
    path.write_text(yaml.safe_dump(package, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Expect("data/datapackage.yaml", also=(resource["name"], "sources"))


def append_to_page(project: Path, number: int, text: str) -> str:
    """Append Markdown to the ``number``-th English page; return its name as MkDocs gives it.

    Each page mistake goes to its own page, so cases that share a build stay apart.
    """
    page = sorted(p for p in (project / "docs").glob("*.md") if p.suffixes == [".md"])[number]
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    return page.name


def cited_listed_host(project: Path) -> Expect:
    """A footnote cites a host that source-policy.yaml never accepts (a forum)."""
    page = append_to_page(project, 0, "A claim.[^qa-forum]\n\n"
                          "[^qa-forum]: A post. <https://www.reddit.com/r/qa/comments/1>")
    line = len((project / "docs" / page).read_text(encoding="utf-8").splitlines())
    return Expect(page, also=("https://www.reddit.com/r/qa/comments/1", "source-policy.yaml",
                              f"line {line}"), hint=False,
                  annotation=f"::error file=docs/{page},line={line},col=", no_pages=True)


def unknown_data_set(project: Path) -> Expect:
    """A stat() call names a data set that does not exist."""
    page = append_to_page(project, 4, '{{ stat("no_such_data_set", country="China") }}')
    return Expect(page, also=("Unknown data set 'no_such_data_set'",), hint=False)


def undefined_variable(project: Path) -> Expect:
    """A page uses a template variable that is not defined."""
    page = append_to_page(project, 8, "{{ an_undefined_variable }}")
    return Expect(page, also=("'an_undefined_variable' is undefined",), hint=False)


def unknown_chart(project: Path) -> Expect:
    """A page asks for a chart id that is not registered (the message lists the known ids)."""
    page = append_to_page(project, 0, '{{ chart("qa_no_such_chart") }}')
    return Expect(page, also=("qa_no_such_chart", "Known"), hint=False)


def page_without_reviewed(project: Path) -> Expect:
    """A page's front matter has no ``reviewed:`` date, so its dateline cannot be made."""
    page = sorted(p for p in (project / "docs").glob("*.md") if p.suffixes == [".md"])[5]
    text = page.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith("reviewed:")]
    page.write_text("\n".join(lines), encoding="utf-8")
    return Expect(f"docs/{page.name}", also=("no 'reviewed:' date", "Fix: add 'reviewed: "),
                  hint=False)


def stale_vega_runtime(project: Path) -> Expect:
    """The vendored Vega runtime is not the Vega that vl-convert compiles charts for (as after
    an upgrade of vl-convert-python without `make vega-runtime`)."""
    runtime = project / "docs/assets/javascripts/vega.js"
    first, rest = runtime.read_text(encoding="utf-8").split("\n", 1)
    runtime.write_text(first.replace("/* Vega ", "/* Vega 0.0.1-old ", 1) + "\n" + rest,
                       encoding="utf-8")
    return Expect("docs/assets/javascripts/vega.js", also=("make vega-runtime", "0.0.1-old"),
                  hint=False)


def bad_macro_argument(project: Path) -> Expect:
    """A stat() filter matches no row."""
    resource = first_resource(project)
    column = resource["schema"]["fields"][0]["name"]
    page = append_to_page(project, 1, f'{{{{ stat("{resource["name"]}", {column}="Atlantis") }}}}')
    return Expect(page, also=("Atlantis", data_file(resource)), hint=False)


def broken_link(project: Path) -> Expect:
    """A link to a page that does not exist."""
    page = append_to_page(project, 2, "[a lost page](qa-no-such-page.md)")
    line = len((project / "docs" / page).read_text(encoding="utf-8").splitlines())
    return Expect(page, also=("qa-no-such-page.md",), hint=False,
                  annotation=f"::error file=docs/{page},line={line}::")


def missing_anchor(project: Path) -> Expect:
    """A link to a heading that does not exist."""
    page = append_to_page(project, 3, "[a lost heading](index.md#qa-no-such-heading)")
    return Expect(page, also=("qa-no-such-heading",), hint=False)


# --- The table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input and the way it is run."""

    id: str
    mutate: Callable[[Path], Expect]
    build: bool = False  # run `mkdocs build --strict` instead of the data loader alone
    shared: str = ""  # cases with the same name share one scratch copy and one build


CASES = [
    Case("missing-file", missing_file),
    Case("csv-not-in-descriptor", undeclared_csv),
    Case("missing-column", missing_column),
    Case("unexpected-column", unexpected_column),
    Case("text-n/a-in-number", text_in_number("n/a")),
    Case("thousands-separator-in-number", text_in_number("12,000")),
    Case("empty-required-cell", empty_required),
    Case("duplicate-primary-key", duplicate_key),
    Case("negative-tonnes", out_of_range(negative_tonnes, "a tonnage column", "-5")),
    Case("share-over-100", out_of_range(percentage, "a *_pct column", "150")),
    Case("bad-date", bad_date),
    Case("unknown-event-status", unknown_event_status),
    Case("unbalanced-quote", unbalanced_quote),
    Case("ragged-row", ragged_row),
    Case("not-utf8", not_utf8),
    Case("empty-file", empty_file),
    Case("invalid-yaml-descriptor", invalid_yaml),
    Case("resource-without-sources", no_sources),
    # The same checks through the real build entry point, which also applies the source
    # policy before any page renders (one failing build for both).
    Case("build:text-in-number", text_in_number("n/a"), build=True, shared="pre-build"),
    Case("build:listed-host-cited", cited_listed_host, build=True, shared="pre-build"),
    Case("build:invalid-yaml-descriptor", invalid_yaml, build=True),
    Case("build:stale-vega-runtime", stale_vega_runtime, build=True),
    # Page mistakes only the build can see, each on its own page, all in one failing build:
    # a failed macro is logged, not raised, so every page still renders and links are checked.
    Case("build:unknown-chart-id", unknown_chart, build=True, shared="pages"),
    Case("build:bad-macro-argument", bad_macro_argument, build=True, shared="pages"),
    Case("build:broken-internal-link", broken_link, build=True, shared="pages"),
    Case("build:missing-anchor", missing_anchor, build=True, shared="pages"),
    Case("build:unknown-data-set", unknown_data_set, build=True, shared="pages"),
    Case("build:undefined-variable", undefined_variable, build=True, shared="pages"),
    Case("build:page-without-reviewed", page_without_reviewed, build=True, shared="pages"),
]


def run(project: Path, build: bool) -> subprocess.CompletedProcess[str]:
    """Run the loader or the full build in the scratch copy."""
    if build:  # as on GitHub Actions, so that the annotations are printed too
        return build_site(project, project / "site", "http://127.0.0.1:8000/",
                          env={"GITHUB_ACTIONS": "true"})
    return run_loader(project)


def run_loader(project: Path) -> subprocess.CompletedProcess[str]:
    """The data loader as every build calls it first, in this process (one import of
    Frictionless for all cases), with the scratch copy as the project root. A DataError is the
    expected outcome (exit 1, its message as the output); any other exception is a crash and
    fails the test with its traceback."""
    from macros import paths
    from macros.catalog import DataError, load_catalog

    saved, paths.PROJECT_ROOT = paths.PROJECT_ROOT, project.resolve()
    try:
        load_catalog(project / "data")
    except DataError as error:
        return subprocess.CompletedProcess(["load_catalog"], 1, "", str(error))
    finally:
        paths.PROJECT_ROOT = saved
    return subprocess.CompletedProcess(["load_catalog"], 0, "", "")


def copy_data(dest: Path) -> Path:
    """Copy only data/ of the project into ``dest`` (all the loader reads)."""
    for rel in project_files():
        if rel.parts[0] == "data":
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


def problem_lines(output: str, expect: Expect) -> list[str]:
    """Output lines that name the file together with the expected line, column and value."""
    needles = [expect.file]
    if expect.line is not None:
        needles.append(f"line {expect.line}")
    if expect.column is not None:
        needles.append(f"column '{expect.column}'")
    if expect.value is not None:
        needles.append(f"(got '{expect.value}')")
    if expect.hint:
        needles.append("Fix: ")
    return [line for line in output.splitlines() if all(n in line for n in needles)]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[dict[str, Expect], subprocess.CompletedProcess[str]]]:
    """Runs already made, by case id or shared name: (what each case expects, the run)."""
    return {}


def outcome(case: Case, folder: Path, done: dict[str, Any]
            ) -> tuple[Expect, subprocess.CompletedProcess[str]]:
    """Mutate a scratch copy with the case (and those sharing its run), run it once, cache."""
    key = case.shared or case.id
    if key not in done:
        project = (copy_project if case.build else copy_data)(folder / "project")
        expects = {c.id: c.mutate(project) for c in CASES if (c.shared or c.id) == key}
        done[key] = (expects, run(project, case.build))
    expects, result = done[key]
    return expects[case.id], result


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.build
                                                else []) for c in CASES])
def test_bad_input_fails_and_says_where(case: Case, tmp_path: Path, outcomes,
                                        request: pytest.FixtureRequest) -> None:
    if case.build:
        request.getfixturevalue("site")  # a failure only means something if the project builds
    expect, result = outcome(case, tmp_path, outcomes)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case.id}: the {'build' if case.build else 'loader'} " \
                                   f"accepted bad input (exit 0). Output:\n{output[-3000:]}"
    assert "Traceback" not in output or case.build, \
        f"{case.id}: the loader crashed instead of explaining:\n{output[-3000:]}"
    if expect.file.startswith("data/"):
        assert problem_lines(output, expect), (
            f"{case.id}: no message line names {expect}; "
            f"expected \"{expect.file}, line <n>, column '<col>': ... (got '<v>'). Fix: ...\". "
            f"Output:\n{output[-3000:]}")
    else:
        missing = [t for t in (expect.file, *expect.also) if t not in output]
        assert not missing, f"{case.id}: the message does not name {missing}. " \
                            f"Output:\n{output[-3000:]}"
    missing = [t for t in expect.also if t not in output]
    assert not missing, f"{case.id}: the message does not name {missing}:\n{output[-3000:]}"
    if expect.annotation:
        assert any(line.startswith(expect.annotation) for line in result.stdout.splitlines()), \
            f"{case.id}: no GitHub annotation {expect.annotation}...:\n{result.stdout[-3000:]}"
    if expect.no_pages:
        assert not list((Path(result.args[-1])).glob("**/index.html")), \
            f"{case.id}: pages were written although the build stopped before them"

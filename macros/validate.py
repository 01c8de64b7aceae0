"""Check the data package before any page renders, and explain every problem to a contributor.

Every problem names the file, the line as an editor shows it, the column, the bad value, what was
expected and how to fix it. All problems are collected in one run, not just the first.
Cell-level checks (types, constraints, primary keys, ragged rows) are done by the Frictionless
library; this module adds the checks it does not make (files on disk, sources, quoting) and turns
its reports into plain instructions.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from macros.paths import relative

# Keys every source must fill, so a caption and the bibliography can be derived from it.
SOURCE_KEYS = ("title", "path", "publisher")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data package, located as precisely as possible."""

    file: str
    message: str
    fix: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    offset: int | None = None  # 1-based character column, for editors and CI annotations

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        got = f" (got '{self.value}')" if self.value is not None else ""
        return f"{where}: {self.message}{got}. Fix: {self.fix}"


class DataError(Exception):
    """The data package has problems; the build must stop."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The data in data/ has {count}:\n{lines}")


def read_descriptor(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse datapackage.yaml; a syntax error becomes a Problem with its line."""
    name = relative(path)
    if not path.is_file():
        return None, [Problem(name, "the data package descriptor is missing",
                              "restore data/datapackage.yaml from the repository")]
    try:
        descriptor = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem(name, f"is not valid YAML: {getattr(error, 'problem', error)}",
                              "check indentation and quoting near this line (a value with a "
                              "colon needs quotes)", line=mark.line + 1 if mark else None)]
    except UnicodeDecodeError:
        return None, [Problem(name, "is not UTF-8 text", "save the file as UTF-8")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(name, "has no list of `resources`",
                              "describe each CSV file under `resources:`")]
    return descriptor, []


def parse_yaml(text: str) -> Any:
    """The data in a YAML text, parsed by libyaml where installed (~8x faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def check_descriptor(descriptor: dict[str, Any], data_dir: Path) -> list[Problem]:
    """Check each resource's description and the files on disk against it."""
    name = relative(data_dir / "datapackage.yaml")
    problems: list[Problem] = []
    named: set[str] = set()
    if not descriptor.get("licenses"):
        problems.append(Problem(name, "the package has no `licenses`",
                                "add the licence of the data (CC-BY-4.0)"))
    for index, resource in enumerate(descriptor["resources"], start=1):
        label = resource.get("name") or f"resource #{index}"
        path = resource.get("path")
        if not resource.get("name") or not path:
            problems.append(Problem(name, f"{label} needs both `name` and `path`",
                                    "give the resource a snake_case name and its CSV file name"))
            continue
        named.add(path)
        fields = (resource.get("schema") or {}).get("fields")
        if not fields:
            problems.append(Problem(name, f"resource '{label}' has no schema fields",
                                    "list every column under `schema: fields:`"))
        problems += _check_sources(name, label, resource.get("sources"))
    for csv_path in sorted(data_dir.glob("*.csv")):
        if csv_path.name not in named:
            problems.append(Problem(relative(csv_path), "this CSV is not described in "
                                    "data/datapackage.yaml",
                                    "add a resource for it (name, path, schema, sources) "
                                    "or delete the file"))
    return problems


def _check_sources(file: str, label: str, sources: Any) -> list[Problem]:
    """Every resource names at least one source with a title, a publisher and an https link."""
    if not sources:
        return [Problem(file, f"resource '{label}' has no `sources`",
                        "add the publication the numbers come from (title, publisher, path "
                        "with its https URL, edition, table or page, date accessed)")]
    problems = []
    for source in sources:
        missing = [key for key in SOURCE_KEYS if not (source or {}).get(key)]
        if missing:
            problems.append(Problem(file, f"a source of resource '{label}' lacks "
                                    f"{', '.join(missing)}", "fill in every key of the source"))
        elif not str(source["path"]).startswith("https://"):
            problems.append(Problem(file, f"a source of resource '{label}' has no https link",
                                    "give the source's https URL as `path`",
                                    value=str(source["path"])))
    return problems


def read_raw_manifest(raw_dir: Path) -> list[dict[str, Any]]:
    """The entries of data/raw/manifest.yaml (one per official file), [] if there is none."""
    manifest = raw_dir / "manifest.yaml"
    if not manifest.is_file():
        return []
    return list(parse_yaml(manifest.read_text(encoding="utf-8")).get("files") or [])


def check_raw_files(raw_dir: Path) -> list[Problem]:
    """Every official file in data/raw/ is present with the size and SHA-256 its manifest entry
    gives, and every file there has an entry (the site and `make data` both refuse the rest)."""
    if not raw_dir.is_dir():
        return []
    entries = read_raw_manifest(raw_dir)
    if not entries:
        return [Problem("data/raw/manifest.yaml", "the manifest of the raw files is missing or "
                        "empty", "restore data/raw/manifest.yaml from git")]
    problems = []
    restore = ("restore the official file as retrieved (git checkout -- data/raw/); never edit "
               "a raw file: add a newer one with its own manifest entry")
    for entry in entries:
        name, path = entry["path"], raw_dir / entry["path"]
        if not path.is_file():
            problems.append(Problem(f"data/raw/{name}", "this raw file is missing (renamed or "
                                    "deleted?)", restore))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            problems.append(Problem(
                f"data/raw/{name}", f"its SHA-256 differs from data/raw/manifest.yaml: the file "
                f"was changed or truncated ({path.stat().st_size} bytes, manifest "
                f"{entry['bytes']})", restore, value=digest))
    listed = {e["path"] for e in entries} | {"manifest.yaml"}
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        name = path.relative_to(raw_dir).as_posix()
        if name not in listed:
            problems.append(Problem(f"data/raw/{name}", "this file is not listed in "
                                    "data/raw/manifest.yaml", "add its entry (title, publisher, "
                                    "url, retrieved, licence, bytes, sha256) or remove the file"))
    return problems


def check_csv_file(resource: dict[str, Any], data_dir: Path) -> list[Problem]:
    """File-level checks: present, UTF-8, not empty, quotes balanced, header matches the schema."""
    path = data_dir / resource["path"]
    name = relative(path)
    if not path.is_file():
        return [Problem(name, f"the file named by resource '{resource['name']}' is missing",
                        "restore the file, or remove the resource from data/datapackage.yaml")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [Problem(name, "contains bytes that are not UTF-8", "save the file as UTF-8 "
                        "(in a spreadsheet: 'CSV UTF-8')", line=line,
                        value=raw[error.start: error.start + 4].hex(" "))]
    lines = text.splitlines()
    if not any(line.strip() for line in lines[1:]):
        return [Problem(name, "has no data rows" if lines else "is empty",
                        "restore the header row and the data rows")]
    problems = [Problem(name, "has an unbalanced double quote", "close the quoted text with a "
                        "second \" (cells may not span lines)", line=number, value=line)
                for number, line in enumerate(lines, start=1) if line.count('"') % 2]
    header = next(csv.reader(io.StringIO(lines[0])))
    expected = [field["name"] for field in resource.get("schema", {}).get("fields", [])]
    problems += [Problem(name, "a column of the schema is missing from the header",
                         f"add the column '{col}' to the first line", line=1, column=col)
                 for col in expected if col not in header]
    problems += [Problem(name, "the header has a column the schema does not describe",
                         "remove the column, or describe it under the resource's schema fields "
                         "in data/datapackage.yaml", line=1, column=col)
                 for col in header if col not in expected]
    return problems


def check_cells(resource: dict[str, Any], data_dir: Path) -> list[Problem]:
    """Types, constraints, primary keys and ragged rows, checked by Frictionless."""
    from frictionless import Resource  # imported only when data changed (slow import)

    descriptor = {k: v for k, v in resource.items() if k != "sources"}
    # Columns may come in any order; check_csv_file has already matched their names.
    descriptor["schema"] = {**resource["schema"], "fieldsMatch": "equal"}
    report = Resource(descriptor, basepath=str(data_dir)).validate()
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    name = relative(data_dir / resource["path"])
    problems = []
    for task in report.tasks:
        for error in task.errors:
            problems.append(_explain(error, name, fields, resource))
    return problems


def _explain(error: Any, file: str, fields: dict[str, Any], resource: dict[str, Any]) -> Problem:
    """Turn one Frictionless error into an instruction a contributor can follow."""
    kind = error.type
    line = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    field = fields.get(column or "", {})
    if kind == "type-error":
        return Problem(file, f"expected a {field.get('type')} value", _type_hint(field),
                       line, column, value)
    if kind == "constraint-error":
        return Problem(file, f"breaks the rule {error.note}", _constraint_hint(field, error.note),
                       line, column, value)
    if kind == "primary-key":
        keys = resource["schema"].get("primaryKey", [])
        keys = [keys] if isinstance(keys, str) else keys
        return Problem(file, f"repeats a row key ({error.note})",
                       f"each row needs a unique combination of {', '.join(keys)}: remove the "
                       "duplicate or correct one of them", line, ", ".join(keys))
    if kind in ("missing-cell", "extra-cell"):
        fewer = kind == "missing-cell"
        return Problem(file, f"the row has {'fewer' if fewer else 'more'} cells than the header",
                       "check for a missing or extra comma; wrap text that contains a comma in "
                       "double quotes", line, column, value)
    if kind == "blank-row":
        return Problem(file, "the row is empty", "delete the empty line", line)
    return Problem(file, error.message, "correct the file as the message says", line, column,
                   value)


def _type_hint(field: dict[str, Any]) -> str:
    """How to write a value of the field's type."""
    hints = {
        "number": "write a plain number with a dot for decimals and no thousands separators, "
                  "units or words (12000, not 12,000 or n/a); leave it empty only if the column "
                  "is not required",
        "integer": "write a whole number without separators or words (2025)",
        "date": "write the date as YYYY-MM-DD (2025-11-03)",
        "boolean": "write true or false",
        "year": "write a four-digit year (2025)",
    }
    return hints.get(field.get("type", ""), f"write a value of type {field.get('type')}")


def _constraint_hint(field: dict[str, Any], note: str) -> str:
    """How to satisfy the field's constraint named in Frictionless' note."""
    rules = field.get("constraints", {})
    if "required" in note:
        return "fill in the cell: this column is required"
    if "enum" in note:
        return "use one of: " + ", ".join(str(v) for v in rules.get("enum", []))
    bounds = [f"at least {rules['minimum']}" if "minimum" in rules else "",
              f"at most {rules['maximum']}" if "maximum" in rules else ""]
    limits = " and ".join(b for b in bounds if b)
    if limits:
        return f"the value must be {limits} ({field.get('unit', 'see the unit')}): check the " \
               "source and the unit"
    return "check the value against the column's description in data/datapackage.yaml"

"""The data package as the rest of the site sees it: validated, typed tables and their sources.

`get_catalog()` loads data/ once per build and validates everything before any page renders;
a problem anywhere raises `DataError` listing every problem found (see macros/validate.py).

Prose macros read rows as text (`rows()`); charts read typed pandas tables (`table()`). pandas is
imported only for the latter, so a build whose charts all come from the cache never loads it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros import validate
from macros.paths import CACHE_DIR, DATA_DIR, relative
from macros.validate import DataError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Catalog", "DataError", "cell_text", "get_catalog", "load_catalog", "plotted_sources",
           "row_source"]

# Columns of a data set whose rows each name their own source (a press release, a news report).
ROW_SOURCE = ("source_title", "source_url")
ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?$")


@dataclass
class Catalog:
    """The validated data package: resource descriptors and their typed tables."""

    data_dir: Path
    descriptor: dict[str, Any]
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def names(self) -> list[str]:
        """The names of every resource, in descriptor order."""
        return [r["name"] for r in self.descriptor["resources"]]

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor of one resource; an unknown name lists the known ones."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(f"Unknown data set '{name}'. Known data sets: {', '.join(self.names())}")

    def field(self, name: str, column: str) -> dict[str, Any]:
        """The schema of one column of one resource."""
        for schema_field in self.resource(name)["schema"]["fields"]:
            if schema_field["name"] == column:
                return schema_field
        columns = ", ".join(f["name"] for f in self.resource(name)["schema"]["fields"])
        raise KeyError(f"Data set '{name}' has no column '{column}'. Columns: {columns}")

    def sources(self, name: str) -> list[dict[str, Any]]:
        """The publications a resource's numbers come from."""
        return list(self.resource(name)["sources"])

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows as the CSV writes them, every cell as text (cached; do not modify)."""
        if name not in self._rows:
            path = self.data_dir / self.resource(name)["path"]
            with path.open(encoding="utf-8", newline="") as file:
                self._rows[name] = list(csv.DictReader(file))
        return self._rows[name]

    def table(self, name: str) -> pd.DataFrame:
        """The rows as a DataFrame typed by the schema (a copy: callers may change it)."""
        if name not in self._tables:
            resource = self.resource(name)
            self._tables[name] = read_typed(self.data_dir / resource["path"], resource)
        return self._tables[name].copy()


def cell_text(value: Any) -> str:
    """A value as the CSV writes it, so values compare as a contributor reads them: '' for
    missing, true/false, 12000 (not 12000.0), a date as YYYY-MM-DD (a time only if it has one)."""
    if hasattr(value, "strftime"):  # a date, a datetime or a pandas Timestamp
        if hasattr(value, "hour") and (value.hour, value.minute, value.second,
                                       getattr(value, "microsecond", 0)) != (0, 0, 0, 0):
            return value.isoformat()
        return value.strftime("%Y-%m-%d") if isinstance(value, date) else value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_source(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The source a row names for itself (``source_title``, and ``source_url`` and
    ``source_publisher`` where the data set has them), as a source entry of the descriptor;
    None if the row names no title."""
    if not row.get("source_title"):
        return None
    return {"title": row["source_title"], "path": row.get("source_url", ""),
            "publisher": row.get("source_publisher", "")}


def plotted_sources(catalog: Any, name: str, plotted: Sequence[Sequence[Mapping[str, Any]]]
                    ) -> list[dict[str, Any]]:
    """The publications behind the rows of data set ``name`` that a chart plots.

    A data set whose rows name their own source contributes the sources of the rows that agree
    with a plotted row (one of the record lists in ``plotted``) on every column both share; any
    other data set, or one whose plotted rows cannot be matched, contributes its listed
    ``sources``. ``catalog`` needs ``table`` and ``resource`` (as Catalog has them).
    """
    table = catalog.table(name)
    if set(ROW_SOURCE) <= set(table.columns):
        records = table.to_dict("records")
        matched: dict[int, dict[str, Any]] = {}
        for rows in plotted:
            columns = dict.fromkeys(key for row in rows for key in row)
            shared = [c for c in columns if c in table.columns and c not in ROW_SOURCE]
            if not shared:
                continue
            wanted = {tuple(_plotted_text(row.get(c)) for c in shared) for row in rows}
            for index, record in enumerate(records):
                if tuple(_plotted_text(record[c]) for c in shared) in wanted:
                    matched[index] = record
        sources = [row_source(matched[i]) for i in sorted(matched)]
        if sources:
            return [source or {} for source in sources]
    return list(catalog.resource(name).get("sources") or [])


def _plotted_text(value: Any) -> str:
    """A value of a table or of a chart's inline data as the CSV writes it (Vega-Lite writes a
    date as an ISO date-time at midnight: 2024-05-01T00:00:00)."""
    text = cell_text(value)
    match = ISO_MIDNIGHT.match(text)
    return match.group(1) if match else text


def read_typed(path: Path, resource: dict[str, Any]) -> pd.DataFrame:
    """Read a validated CSV and give each column the pandas type of its schema field."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for schema_field in resource["schema"]["fields"]:
        column, kind = schema_field["name"], schema_field.get("type", "string")
        if kind in ("integer", "year"):
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        elif kind == "number":
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
        elif kind == "boolean":
            frame[column] = frame[column].str.lower().isin(["true", "1", "yes"])
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
    return frame


def load_catalog(data_dir: Path = DATA_DIR) -> Catalog:
    """Read and validate the whole data package; raise DataError listing every problem.

    A data set that passed before, unchanged, is not checked again (a stamp in .cache/ names
    the hash of its descriptor entry, its CSV and the checking code), so editing one CSV
    re-checks that file alone.
    """
    descriptor_path = data_dir / "datapackage.yaml"
    descriptor, problems = validate.read_descriptor(descriptor_path)
    if descriptor is None:
        raise DataError(problems)
    problems = validate.check_descriptor(descriptor, data_dir)
    problems += validate.check_raw_files(data_dir / "raw")
    passed = []
    for resource in descriptor["resources"]:
        if not resource.get("name") or not resource.get("path"):
            continue
        stamp = _validation_stamp(resource, data_dir)
        if stamp is not None and stamp.exists():
            continue
        found = validate.check_csv_file(resource, data_dir)
        found = found or _check_cells_safely(resource, data_dir)
        problems += found
        if not found and stamp is not None:
            passed.append(stamp)
    if problems:
        raise DataError(problems)
    for stamp in passed:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return Catalog(data_dir, descriptor)


def _check_cells_safely(resource: dict[str, Any], data_dir: Path) -> list[Problem]:
    """Cell checks; a schema Frictionless cannot read becomes a descriptor problem."""
    from frictionless import FrictionlessException

    try:
        return validate.check_cells(resource, data_dir)
    except FrictionlessException as error:
        return [Problem(relative(data_dir / "datapackage.yaml"),
                        f"the schema of resource '{resource['name']}' is invalid: {error}",
                        "compare it with a working resource in the same file")]


def _validation_stamp(resource: dict[str, Any], data_dir: Path) -> Path | None:
    """A cache file named by the hash of everything one data set's validation depends on
    (None if its CSV is missing)."""
    csv_path = data_dir / resource["path"]
    if not csv_path.is_file():
        return None
    digest = hashlib.sha256(json.dumps(resource, sort_keys=True, default=str).encode())
    for path in (csv_path, Path(validate.__file__), Path(__file__)):
        digest.update(b"\0" + path.read_bytes())
    return CACHE_DIR / "validated" / digest.hexdigest()


_catalog: Catalog | None = None


def get_catalog() -> Catalog:
    """The project's catalog, loaded once per build (the hooks reload this module each build)."""
    global _catalog
    if _catalog is None:
        _catalog = load_catalog()
    return _catalog

"""Derived tables: written as CSV byte for byte the same on every run, all or nothing."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    """One derived CSV: its file name in data/, its columns and its rows (dicts)."""

    file: str
    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)

    def text(self) -> str:
        """The CSV text: a header, then one line per row, cells formatted by ``cell``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([cell(row.get(column)) for column in self.columns])
        return out.getvalue()


def cell(value: object) -> str:
    """A value as the CSV writes it: 12000 (not 12000.0), true/false, '' for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_all(tables: list[Table], data_dir: Path) -> list[str]:
    """Write every table into ``data_dir``: first all into a temporary folder, then each moved
    into place, so a failure before the move leaves data/ as it was. Returns the files changed."""
    changed = [t.file for t in tables if _current(data_dir / t.file) != t.text()]
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".pipeline-") as scratch:
        for table in tables:
            (Path(scratch) / table.file).write_text(table.text(), encoding="utf-8")
        for table in tables:
            os.replace(Path(scratch) / table.file, data_dir / table.file)
    return changed


def differences(tables: list[Table], data_dir: Path) -> list[str]:
    """The committed tables that differ from what the raw files produce (file names)."""
    return [t.file for t in tables if _current(data_dir / t.file) != t.text()]


def _current(path: Path) -> str | None:
    """A committed table's text, or None if it does not exist."""
    return path.read_text(encoding="utf-8") if path.is_file() else None

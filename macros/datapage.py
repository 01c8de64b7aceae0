"""The reference pages generated from files: the data catalogue, the bibliography, the glossary.

Everything that comes from a data file is escaped with `markdown_text`, so a CSV cell or a
descriptor entry can never inject HTML or Markdown into the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from macros.catalog import Catalog
from macros.formatting import markdown_text

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>.+)$")
FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:\s*(?P<text>.+)$")
GLOSSARY_FILE = Path(".snippets") / "abbreviations.md"


def source_line(source: dict[str, Any]) -> str:
    """One source as a citation: linked title, publisher, edition, table, date accessed."""
    parts = [f"[{markdown_text(source['title'])}]({source['path']})",
             markdown_text(source["publisher"])]
    parts += [markdown_text(source[key]) for key in ("edition", "table") if source.get(key)]
    if source.get("accessed"):
        parts.append(f"accessed {markdown_text(source['accessed'])}")
    return ", ".join(parts)


def _fields_table(resource: dict[str, Any]) -> str:
    """The resource's columns as a Markdown table: name, type, unit, meaning, rules."""
    keys = resource["schema"].get("primaryKey", [])
    lines = ["| Column | Type | Unit | Description | Rules |", "|---|---|---|---|---|"]
    for spec in resource["schema"]["fields"]:
        rules = dict(spec.get("constraints", {}))
        if spec["name"] in ([keys] if isinstance(keys, str) else keys):
            rules["part of the row key"] = True
        rule_text = "; ".join(k if v is True else f"{k}: {v}" for k, v in rules.items()
                              if v is not False)
        cells = [f"`{spec['name']}`", spec.get("type", "string"), spec.get("unit", ""),
                 spec.get("description", spec.get("title", "")), rule_text]
        lines.append("| " + " | ".join(markdown_text(c) if i else c
                                         for i, c in enumerate(cells)) + " |")
    return "\n".join(lines)


def data_catalogue(catalog: Catalog) -> str:
    """One section per data set, in descriptor order (anchors are the resource names)."""
    package = catalog.descriptor
    licences = ", ".join(f"[{markdown_text(lic.get('title') or lic['name'])}]({lic['path']})"
                         for lic in package.get("licenses", []))
    out = [f'The whole package: <a href="datapackage.yaml" download>datapackage.yaml</a> '
           f"(Frictionless Data Package; licence: {licences}).", ""]
    for name in catalog.names():
        resource = catalog.resource(name)
        rows = len(catalog.table(name))
        out += [f"## {markdown_text(resource.get('title', name))} {{#{name}}}", "",
                markdown_text(resource.get("description", "")), "",
                f'**Download:** <a href="{resource["path"]}" download>{resource["path"]}</a> '
                f"({rows} rows, CSV, UTF-8)", ""]
        out += ["**Sources:**", ""] + [f"- {source_line(s)}" for s in resource["sources"]] + [""]
        if resource.get("notes"):
            out += [f"**Edition and notes:** {markdown_text(resource['notes'])}", ""]
        out += [_fields_table(resource), ""]
    return "\n".join(out)


def bibliography(catalog: Catalog, docs_dir: str) -> str:
    """Every data source (package and row level) and every footnote of the pages, deduplicated."""
    data_sources: dict[str, str] = {}
    for name in catalog.names():
        for source in catalog.sources(name):
            data_sources.setdefault(source["path"], source_line(source))
        table = catalog.table(name)
        if {"source_title", "source_url"} <= set(table.columns):
            for row in table.itertuples():
                source = {"title": row.source_title, "path": row.source_url,
                          "publisher": getattr(row, "source_publisher", "") or ""}
                data_sources.setdefault(row.source_url, source_line(source).rstrip(", "))
    notes: set[str] = set()
    for page in sorted(Path(docs_dir).glob("**/*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            match = FOOTNOTE.match(line)
            if match:
                notes.add(match["text"].strip())
    out = ["### Data sources", ""] + [f"- {line}" for line in sorted(data_sources.values(),
                                                                       key=str.lower)]
    out += ["", "### Sources cited in the text", ""]
    out += [f"- {text}" for text in sorted(notes, key=str.lower)]
    return "\n".join(out)


def glossary(docs_dir: str) -> str:
    """The abbreviations file as a definition list, alphabetically."""
    entries = []
    for line in (Path(docs_dir) / GLOSSARY_FILE).read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line)
        if match:
            entries.append((match["term"], match["meaning"]))
    return "\n\n".join(f"{term}\n:   {meaning}" for term, meaning in
                       sorted(entries, key=lambda e: e[0].lower()))

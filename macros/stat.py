"""`stat` and `share`: one figure from data/, written into prose and linked to its source.

    {{ stat("rare_earth_production", country="China", year=2025) }}
    {{ stat("key_figures", key="ndpr_price_floor") }}
    {{ share("rare_earth_production", country="China", year=2025, of={"country": "World total"}) }}
    {{ stat("rare_earth_reserves", country="China", format="compact", unit="short") }}

``format="compact"`` writes a large number as people say it ("44 million", "4,400万");
``unit="short"`` writes the unit's short form ("tonnes", not "tonnes of rare-earth oxide") and
``unit=false`` the number alone, so a paragraph states its unit once.

A query that matches no row or several rows, or an unknown format or unit style, stops the build
with a message saying why.
"""

from __future__ import annotations

import posixpath
from typing import Any

from macros.catalog import Catalog, cell_text, row_source
from macros.formatting import UNIT_STYLES, format_number, format_quantity, markdown_text
from macros.i18n import locale_of, translator

NUMERIC_TYPES = ("number", "integer")
FORMATS = (None, "compact")  # stat(..., format=...): the number in full (default) or compact


class StatError(ValueError):
    """A stat/share call that cannot be answered from the data."""


def find_row(catalog: Catalog, resource: str, filters: dict[str, Any]) -> dict[str, str]:
    """The one row of `resource` whose cells equal `filters` (cells as text)."""
    rows = catalog.rows(resource)
    columns = [f["name"] for f in catalog.resource(resource)["schema"]["fields"]]
    file = f"data/{catalog.resource(resource)['path']}"
    if not filters:
        raise StatError(f"stat('{resource}') needs filters that pick one row of {file}, "
                        f"using its columns: {', '.join(columns)}")
    unknown = [c for c in filters if c not in columns]
    if unknown:
        raise StatError(f"{file} has no column {', '.join(unknown)}; "
                        f"columns are: {', '.join(columns)}")
    wanted = {column: cell_text(value) for column, value in filters.items()}
    matches = [row for row in rows if all(row[c] == v for c, v in wanted.items())]
    query = ", ".join(f"{k}={v!r}" for k, v in filters.items())
    if not matches:
        raise StatError(f"no row of {file} matches {query}; check the spelling against the CSV")
    if len(matches) > 1:
        raise StatError(f"{len(matches)} rows of {file} match {query}; add a filter that picks "
                        "exactly one row")
    return matches[0]


def value_column(catalog: Catalog, resource: str, column: str | None) -> str:
    """The column to read: the one given, or the resource's only numeric measure."""
    fields = catalog.resource(resource)["schema"]["fields"]
    if column is not None:
        catalog.field(resource, column)  # raises with the list of columns if unknown
        return column
    keys = catalog.resource(resource)["schema"].get("primaryKey", [])
    measures = [f["name"] for f in fields
                if f.get("type") in NUMERIC_TYPES and f["name"] not in keys]
    if len(measures) != 1:
        raise StatError(f"say which column of '{resource}' to show: column=one of "
                        f"{', '.join(measures) or '(no numeric column)'}")
    return measures[0]


def number(resource: str, row: dict[str, str], column: str) -> float:
    """A row's numeric cell; an empty cell stops the build."""
    if not row[column].strip():
        raise StatError(f"the matching row of '{resource}' has no value in column '{column}'")
    return float(row[column])


def row_quantity(catalog: Catalog, resource: str, row: dict[str, str], column: str,
                 locale: str = "en", compact: bool = False,
                 unit_style: str | bool = "long") -> str:
    """The row's value with its unit (from the row's `unit` column, else from the field)."""
    unit = row["unit"] if "unit" in row else catalog.field(resource, column).get("unit", "")
    return format_quantity(float(row[column]), unit, row.get("qualifier", ""), locale,
                           compact, unit_style)


def check_style(format: str | None, unit: str | bool) -> None:
    """Refuse a format or unit style that stat() does not know, saying which ones it does."""
    if format not in FORMATS:
        raise StatError(f"format={format!r} is not a number format: use format=\"compact\" "
                        "(\"44 million\") or leave it out (\"44,000,000\")")
    if unit not in UNIT_STYLES:
        raise StatError(f"unit={unit!r} is not a unit style: use unit=\"short\" (\"tonnes\"), "
                        "unit=false (the number alone) or leave it out (the full unit)")


def source_link(catalog: Catalog, resource: str, row: dict[str, str], text: str,
                page_uri: str) -> str:
    """Markdown link from the figure to its source: the row's own URL, else the data page entry
    (docs/data.md; in a translated page MkDocs resolves it to that language's data page)."""
    own = row_source(row) or {}
    url, title = own.get("path", ""), own.get("title", "")
    if not url:
        url = posixpath.relpath("data.md", posixpath.dirname(page_uri) or ".") + f"#{resource}"
        title = "; ".join(s["title"] for s in catalog.sources(resource))
    label = translator(locale_of(page_uri))("Source")
    colon = ": " if locale_of(page_uri) == "en" else "："
    return f'[{markdown_text(text)}]({url} "{label}{colon}{markdown_text(title)}")'


def stat(catalog: Catalog, page_uri: str, resource: str, column: str | None = None,
         format: str | None = None, unit: str | bool = "long", **filters: Any) -> str:
    """One figure from the data, formatted with its unit and linked to its source; ``format``
    and ``unit`` say how (FORMATS, UNIT_STYLES)."""
    check_style(format, unit)
    catalog.resource(resource)  # raises with the list of data sets if unknown
    row = find_row(catalog, resource, filters)
    name = value_column(catalog, resource, column)
    number(resource, row, name)  # raises if the cell is empty
    quantity = row_quantity(catalog, resource, row, name, locale_of(page_uri),
                            format == "compact", unit)
    return source_link(catalog, resource, row, quantity, page_uri)


def share(catalog: Catalog, page_uri: str, resource: str, of: dict[str, Any],
          column: str | None = None, digits: int = 1, **filters: Any) -> str:
    """A row's value as a percentage of another row's (e.g. China's share of the world total)."""
    catalog.resource(resource)
    if not isinstance(of, dict) or not of:
        raise StatError("share(...) needs of={column: value} naming the row of the total")
    name = value_column(catalog, resource, column)
    part = find_row(catalog, resource, filters)
    whole = find_row(catalog, resource, {**filters, **of})
    percent = round(100 * number(resource, part, name) / number(resource, whole, name), digits)
    return source_link(catalog, resource, part, f"{format_number(percent)}%", page_uri)

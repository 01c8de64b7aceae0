"""`agreements_table()`: the club's agreements as a table, generated from data/agreements.csv.

One row per document, oldest first: date, partner (linked to its profile on the members page),
the document's name (linked to the source read), its kind, and whether a source says it is
legally binding. In a
Chinese page every text comes from macros/locales/zh.yaml (a missing entry stops the build naming
that file). The members page must have a heading for each partner, with the id the partner's name
gives ("South Korea" -> #south-korea); MkDocs' strict anchor check fails the build otherwise.
"""

from __future__ import annotations

import re
from datetime import date

from macros.catalog import Catalog
from macros.dateline import format_date
from macros.formatting import markdown_text
from macros.i18n import locale_of, translator
from macros.stat import source_link

RESOURCE = "agreements"
MEMBERS_PAGE = "members.md"
HEADERS = ("Date", "Partner", "Document and source", "Kind", "Legally binding?")
BINDING = {"false": "No", "true": "Yes", "": "Not stated"}


def anchor(country: str) -> str:
    """The members page's heading id for a country: 'South Korea' -> 'south-korea'."""
    return re.sub(r"[^a-z0-9]+", "-", country.lower()).strip("-")


def agreements_table(catalog: Catalog, page_uri: str) -> str:
    """The agreements as a Markdown table in the page's language, oldest first."""
    t = translator(locale_of(page_uri))
    rows = sorted(catalog.rows(RESOURCE), key=lambda r: (r["date"], r["country"]))
    lines = ["| " + " | ".join(t(h) for h in HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in rows:
        day = format_date(date.fromisoformat(row["date"]), locale_of(page_uri))
        partner = f"[{markdown_text(t(row['country']))}]({MEMBERS_PAGE}#{anchor(row['country'])})"
        document = source_link(catalog, RESOURCE, row, t(row["name"]), page_uri)
        cells = [day, partner, document, markdown_text(t(row["kind"])), t(BINDING[row["binding"]])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

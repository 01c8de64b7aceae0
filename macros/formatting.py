"""How numbers, units and data-derived text are written on the site (one place for all pages)."""

from __future__ import annotations

import html
import math
import re

# unit in data/datapackage.yaml -> (text before the number, text after it)
UNIT_FORMATS: dict[str, tuple[str, str]] = {
    "%": ("", "%"),
    "t": ("", " tonnes"),
    "t REO": ("", " tonnes of rare-earth oxide"),
    "t Li": ("", " tonnes of lithium content"),
    "kg": ("", " kg"),
    "USD/kg": ("US$", " per kg"),
    "USD/t": ("US$", " per tonne"),
    "USD/lb": ("US$", " per pound"),
    "CNY/t": ("CNY ", " per tonne"),
    "USD": ("US$", ""),
    "USD m": ("US$", " million"),
    "USD bn": ("US$", " billion"),
    "USD tn": ("US$", " trillion"),
    "AUD m": ("A$", " million"),
    "AUD bn": ("A$", " billion"),
}

QUALIFIER_WORDS = {">": "more than ", "<": "less than ", "=": "", "": ""}

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def format_number(value: float) -> str:
    """12000 -> '12,000'; 69.23 -> '69.2'; keeps the precision the data has, up to 2 decimals."""
    if math.isnan(value):
        raise ValueError("no value (the cell is empty)")
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def format_quantity(value: float, unit: str, qualifier: str = "") -> str:
    """A number with its unit as a reader expects it: 'US$110 per kg', 'more than 90%'."""
    before, after = UNIT_FORMATS.get(unit, ("", f" {unit}" if unit else ""))
    return f"{QUALIFIER_WORDS.get(qualifier, qualifier)}{before}{format_number(value)}{after}"


def markdown_text(text: object) -> str:
    """Data-derived text made inert inside Markdown: no HTML, no Markdown syntax."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=True))

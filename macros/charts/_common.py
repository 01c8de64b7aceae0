"""Small helpers the chart modules share (not a chart module: all_charts() skips it)."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts._translate import (
    COMPACT,  # d3 format for labels that must fit a 320 px screen: 270k
)

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

WORLD = "World total"
HEIGHT_PER_ROW = 26  # px per bar in horizontal bar charts
AXIS_PX = 44  # an x axis with its title (or a two-line header)
LEGEND_ROW_PX = 20  # one row of a bottom legend


def compact_axis(title: str | None, tick_count: int = 4) -> alt.Axis:
    """A numeric axis labelled 0, 100k, 200k... so it fits a 320 px screen."""
    return alt.Axis(title=title, format=COMPACT, tickCount=tick_count,
                    labelExpr="datum.value == 0 ? '0' : datum.label")


def line_breaks(lines: Mapping[str, Sequence[str]], *, bottom_aligned: bool = False) -> str:
    """An axis ``labelExpr`` that shows each label as the given lines (data keep one-line labels).

    ``bottom_aligned`` pads shorter labels with empty first lines, so that a top axis (whose
    multi-line labels grow downwards) can lift them all by one padding onto a shared baseline.
    """
    most = max((len(v) for v in lines.values()), default=1)
    padded = {label: [""] * (most - len(v)) * bottom_aligned + list(v)
              for label, v in lines.items()}
    return f"{json.dumps(padded)}[datum.label] || datum.label"


def axis_title(catalog: Catalog, resource: str, column: str) -> str:
    """'<field title> (<unit>)' from the data package schema, so units are never retyped."""
    schema_field = catalog.field(resource, column)
    unit = schema_field.get("unit")
    title = schema_field.get("title", column)
    return f"{title} ({unit})" if unit else str(title)


def unit(catalog: Catalog, resource: str, column: str) -> str:
    """The display unit the schema gives a column ('' if none)."""
    return str(catalog.field(resource, column).get("unit", ""))


def latest(frame: pd.DataFrame, by: list[str] | None = None, year: str = "year") -> pd.DataFrame:
    """The rows of the latest year overall, or of the latest year within each ``by`` group."""
    if not by:
        return frame[frame[year] == frame[year].max()].reset_index(drop=True)
    newest = frame.groupby(by)[year].transform("max")
    return frame[frame[year] == newest].reset_index(drop=True)


def year_label(year: int, estimated: bool, t: Translator | None = None) -> str:
    """'2025e' for an estimate, as USGS writes it; '2024' otherwise (in ``t``'s language)."""
    if t is None:
        return f"{year}e" if estimated else str(year)
    return t("{year}e" if estimated else "{year}", year=year)


def chart_height(rows: int, row_px: int = HEIGHT_PER_ROW, *, legend_entries: int = 0,
                 axis_px: int = AXIS_PX) -> int:
    """A chart's whole height: rows of marks plus its x axis and bottom legend.

    The figure fits the whole chart, axes and legend included, into this height (Vega's
    ``autosize: fit``), so the rows keep their size only if the rest is counted too.
    """
    legend_rows = -(-legend_entries // theme.LEGEND_COLUMNS)  # ceiling division
    legend_px = legend_rows * LEGEND_ROW_PX + (10 if legend_rows else 0)
    return rows * row_px + axis_px + legend_px


def country_bars(rows: pd.DataFrame, x: alt.X, tooltip: list[alt.Tooltip],
                 label: alt.Text) -> alt.LayerChart:
    """Horizontal bars, one per country in ``rows``' order, each in the country's colour (China
    and club members named in bold), with ``label`` written at the end of each bar."""
    base = alt.Chart(rows).encode(
        y=alt.Y("country:N", sort=None, title=None,
                axis=alt.Axis(labelFontWeight=theme.highlight_weight())),
        x=x,
        tooltip=tooltip,
    )
    bars = base.mark_bar().encode(
        color=alt.Color("country:N", scale=theme.country_color_scale(rows["country"]),
                        legend=None),
    )
    labels = base.mark_text(align="left", dx=4).encode(text=label)
    return (bars + labels).properties(width="container", height=chart_height(len(rows)))


def wrap_label(text: str, width: int, by_word: bool) -> list[str]:
    """A label cut into lines of about ``width`` characters: by word in English; in Chinese,
    which has no spaces, between characters, but never inside a Latin word or number (a Latin
    character counts as half a Chinese one)."""
    if by_word:
        return textwrap.wrap(text, width) or [""]
    lines, line, used = [], "", 0.0
    for token in re.findall(r"[A-Za-z0-9.,%'’-]+|\s+|.", text):
        size = len(token) * (0.55 if token.isascii() else 1)
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = token.lstrip(), size
        else:
            line, used = line + token, used + size
    return [*lines, line.rstrip()] if line else lines or [""]

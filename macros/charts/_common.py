"""Small helpers the chart modules share (not a chart module: all_charts() skips it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

if TYPE_CHECKING:
    from macros.catalog import Catalog

WORLD = "World total"
OTHERS = "Other countries"
HEIGHT_PER_ROW = 26  # px per bar in horizontal bar charts
COMPACT = "~s"  # d3 format for bar labels that must fit on a 320 px screen: 270k, 4.8k, 110


def compact_axis(title: str | None, tick_count: int = 4) -> alt.Axis:
    """A numeric axis labelled 0, 100k, 200k... so it fits a 320 px screen."""
    return alt.Axis(title=title, format=COMPACT, tickCount=tick_count,
                    labelExpr="datum.value == 0 ? '0' : datum.label")


def axis_title(catalog: Catalog, resource: str, column: str) -> str:
    """'<field title> (<unit>)' from the data package schema, so units are never retyped."""
    spec = catalog.field(resource, column)
    unit = spec.get("unit")
    return f"{spec.get('title', column)} ({unit})" if unit else str(spec.get("title", column))


def unit(catalog: Catalog, resource: str, column: str) -> str:
    """The display unit the schema gives a column ('' if none)."""
    return str(catalog.field(resource, column).get("unit", ""))


def latest(frame: pd.DataFrame, by: list[str] | None = None, year: str = "year") -> pd.DataFrame:
    """The rows of the latest year overall, or of the latest year within each ``by`` group."""
    if not by:
        return frame[frame[year] == frame[year].max()].reset_index(drop=True)
    newest = frame.groupby(by)[year].transform("max")
    return frame[frame[year] == newest].reset_index(drop=True)


def year_label(year: int, estimated: bool) -> str:
    """'2025e' for an estimate, as USGS writes it; '2024' otherwise."""
    return f"{year}e" if estimated else str(year)


def bar_height(rows: int) -> int:
    """A horizontal bar chart's height for this many bars."""
    return max(rows, 2) * HEIGHT_PER_ROW

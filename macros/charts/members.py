"""What the club's members bring: reserves and mine output of rare earths and lithium (USGS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import WORLD, chart_height, latest, line_breaks, unit, year_label

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

CONVENER = "United States"
PARTNER_STATUS = "framework or MoU partner"  # members.csv status enum: partners are left out
NO_FIGURE = "No figure for this country in the data set."
DASH = "–"  # shown where there is no figure
ROW_HEIGHT = 58
MAX_CIRCLE_AREA = 900  # px²: the largest circle in a column still fits a 320 px-wide chart
CIRCLE_SHIFT, LABEL_SHIFT = -7, 19  # px from the row's centre: circle above, value below
HEADER_LINE = 14  # px between the lines of a column header


@register(
    "members_contributions",
    title="What the club's members bring: rare-earth and lithium reserves and mining",
    alt="Among the club's members Australia leads in lithium and, with the United "
        "States, in rare earths, while Japan and South Korea have no reserves or mine output "
        "listed; China's rare-earth reserves and mining exceed every member's.",
    resources=["members", "rare_earth_reserves", "rare_earth_production", "lithium_reserves",
               "lithium_production"],
    notes="Circle areas compare countries within one column only. A dash means the data set has "
          "no figure: USGS lists no output for the country, withholds it (US lithium output) or "
          "gives no reserve estimate. Refining, manufacturing and demand are not in USGS's "
          "country tables and are not shown.",
)
def members_contributions(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """Reserves and latest-year mine production of rare earths and lithium for the United
    States, the countries US officials say have joined the club, and China for comparison, from
    the U.S. Geological Survey's Mineral Commodity Summaries. In each column the circle's area
    is proportional to the country's figure relative to the largest figure shown in that column;
    the number under it is the figure itself. Japan and South Korea matter as consumers,
    processors and manufacturers, which these mining figures do not capture."""
    members = catalog.table("members")
    countries = [CONVENER, *members.loc[members["status"] != PARTNER_STATUS, "country"],
                 theme.CHINA]
    countries = list(dict.fromkeys(countries))
    columns = [
        _reserves(catalog, "rare_earth_reserves", t("Rare-earth"), t),
        _production(catalog, "rare_earth_production", t("Rare-earth"), t),
        _reserves(catalog, "lithium_reserves", t("Lithium"), t),
        _production(catalog, "lithium_production", t("Lithium"), t),
    ]
    rows = pd.concat([_cells(column, countries) for column in columns], ignore_index=True)
    headers = {column.name: column.header for column in columns}
    lines = max(len(column.header) for column in columns)

    base = alt.Chart().encode(
        x=alt.X("indicator:N", sort=list(headers), title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0,
                              labelExpr=line_breaks(headers, bottom_aligned=True),
                              labelLineHeight=HEADER_LINE,
                              labelPadding=(lines - 1) * HEADER_LINE + 4, domain=False,
                              ticks=False)),
        y=alt.Y("country:N", sort=countries, title=None,
                axis=alt.Axis(labelFontWeight=theme.highlight_weight(), domain=False,
                              ticks=False)),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("indicator:N", title="Indicator"),
            alt.Tooltip("value:Q", title="Figure", format=","),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    circles = base.mark_circle(opacity=1).encode(
        size=alt.Size("relative:Q", scale=alt.Scale(domain=[0, 1], range=[0, MAX_CIRCLE_AREA]),
                      legend=None),
        color=alt.Color("country:N", scale=theme.country_color_scale(countries), legend=None),
        yOffset=alt.value(CIRCLE_SHIFT),
    ).transform_filter("isValid(datum.value)")
    labels = base.mark_text(baseline="middle").encode(
        text="label:N", yOffset=alt.value(LABEL_SHIFT),
    ).transform_calculate(label=f"isValid(datum.value) ? format(datum.value, '.2~s') : '{DASH}'")
    return alt.layer(circles, labels, data=rows).properties(
        width="container",
        height=chart_height(len(countries), ROW_HEIGHT, axis_px=lines * HEADER_LINE + 8))


@dataclass
class Column:
    """One indicator of the matrix: its figures by country and how its header reads."""

    table: pd.DataFrame  # country, value, note
    header: list[str]  # the header's lines, e.g. ["Rare-earth", "mining", "2025e", "t REO"]

    @property
    def name(self) -> str:
        """The one-line name the data and tooltips use: 'Rare-earth mining 2025e (t REO)'."""
        return f"{' '.join(self.header[:-1])} ({self.header[-1]})"


def _reserves(catalog: Catalog, resource: str, mineral: str, t: Translator) -> Column:
    """A reserves table as a column."""
    table = catalog.table(resource).rename(columns={"reserves_t": "value"})
    return Column(table[["country", "value", "note"]],
                  [mineral, t("reserves"), t(unit(catalog, resource, "reserves_t"))])


def _production(catalog: Catalog, resource: str, mineral: str, t: Translator) -> Column:
    """The latest year of a production table as a column."""
    table = latest(catalog.table(resource)).rename(columns={"production_t": "value"})
    world = table[table["country"] == WORLD]
    when = year_label(int(table["year"].iloc[0]), bool(world["estimated"].any()), t)
    return Column(table[["country", "value", "note"]],
                  [mineral, t("mining"), when, t(unit(catalog, resource, "production_t"))])


def _cells(column: Column, countries: list[str]) -> pd.DataFrame:
    """One indicator's cell for each country: its figure, note, and size relative to the
    column's largest figure."""
    cells = pd.DataFrame({"country": countries}).merge(column.table, on="country", how="left")
    cells["note"] = cells["note"].fillna(NO_FIGURE)  # no row at all for this country
    largest = cells["value"].max()
    cells["relative"] = cells["value"] / largest if largest else 0.0
    cells["indicator"] = column.name
    return cells

"""Prices: the lithium boom and bust, and the NdPr oxide price against the US price floor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import COMPACT, axis_title, chart_height, compact_axis, year_label

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

LITHIUM = "lithium carbonate"
NDPR = "NdPr oxide"
FLOOR_KEY = "ndpr_price_floor"
PLOT_PX = 260  # the price charts' plotting area


def _annual(catalog: Catalog, commodity: str, t: Translator | None = None
            ) -> tuple[pd.DataFrame, str]:
    """One commodity's annual prices (year, price, year_label, market) and their unit."""
    table = catalog.table("prices_annual")
    rows = table[table["commodity"] == commodity].sort_values("year")
    if rows.empty:
        raise ValueError(f"prices_annual has no rows for commodity '{commodity}'")
    units = rows["unit"].unique()
    if len(units) != 1:
        raise ValueError(f"prices_annual mixes units for '{commodity}': {', '.join(units)}")
    rows = rows[["year", "price", "market", "estimated"]].copy()
    rows["year"] = rows["year"].astype(int)
    rows["year_label"] = [year_label(y, e, t) for y, e in zip(rows["year"], rows["estimated"],
                                                              strict=True)]
    # The year label first: it names each row of the data table under the chart.
    rows = rows[["year", "year_label", "price", "market"]]
    return rows.reset_index(drop=True), str(units[0])


def _price_tooltip(unit: str) -> list[alt.Tooltip]:
    """The tooltip every annual-price point shows."""
    return [
        alt.Tooltip("year_label:N", title="Year (e = estimate)"),
        alt.Tooltip("price:Q", title=f"Price ({unit})", format=","),
        alt.Tooltip("market:N", title="Market"),
    ]


def _price_line(unit: str, color: str) -> alt.Chart:
    """Annual prices as a line with points on a zero-based axis (data comes from the layer)."""
    return (
        alt.Chart()
        .mark_line(color=color, point=alt.OverlayMarkDef(color=color, filled=True))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("price:Q", axis=compact_axis(f"Annual average price ({unit})", 5)),
            tooltip=_price_tooltip(unit),
        )
    )


def boom_and_bust(rows: pd.DataFrame, t: Translator | None = None) -> pd.DataFrame:
    """The rows with a ``role`` column: 'peak' for the highest year; for the lowest year after
    it, 'trough' if a later year rose again, else 'latest' (the fall may not be over); '' for
    the others; and an ``annotation`` for the marked years (in ``t``'s language)."""
    marked = rows.copy()
    marked["role"] = ""
    peak = marked["price"].idxmax()
    marked.loc[peak, "role"] = "peak"
    after = marked[marked["year"] > marked.loc[peak, "year"]]
    if not after.empty:
        low = after["price"].idxmin()
        later = after[after["year"] > marked.loc[low, "year"]]
        marked.loc[low, "role"] = "trough" if (later["price"] > marked.loc[low, "price"]).any() \
            else "latest"
    say = t or (lambda text, **values: text.format(**values))
    marked["annotation"] = [say("{year} {role}: {price}", year=label, role=say(role),
                                price=f"{price:,.0f}") if role else ""
                            for label, role, price in zip(marked["year_label"], marked["role"],
                                                          marked["price"], strict=True)]
    return marked


@register(
    "lithium_price_boom_bust",
    title="Lithium carbonate soared to a peak in 2022, then fell back almost as fast",
    alt="The annual average price of battery-grade lithium carbonate soared to a "
        "peak in 2022 and then collapsed to a fraction of it.",
    resources=["prices_annual"],
    notes="Annual averages as published by USGS; the latest year is an estimate. Spot prices in "
          "China (in yuan) moved further within each year and are shown separately, never on "
          "this US-dollar axis.",
)
def lithium_price_boom_bust(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """The annual average price of battery-grade lithium carbonate in US dollars per ton, as
    reported by the U.S. Geological Survey. The peak year and the lowest year since are marked
    from the data (the lowest is called a trough only once a later year is higher); the latest
    year may be an estimate."""
    rows, unit = _annual(catalog, LITHIUM, t)
    rows = boom_and_bust(rows, t)[["year", "year_label", "price", "market", "role",
                                   "annotation"]]
    color = theme.OTHER_COLOR
    marked = alt.Chart().encode(x="year:Q", y="price:Q", tooltip=_price_tooltip(unit))
    ring = marked.mark_point(size=160, filled=False, color=color, strokeWidth=2).transform_filter(
        "datum.role != ''")
    labels = [
        marked.mark_text(align=_align(rows, role), dy=-14, fontWeight="bold")
        .encode(text="annotation:N")
        .transform_filter(alt.datum.role == role)
        for role in ("peak", "trough", "latest")
    ]
    line = _price_line(unit, color)
    return alt.layer(line, ring, *labels, data=rows).properties(
        width="container", height=chart_height(1, PLOT_PX))


def _align(rows: pd.DataFrame, role: str) -> str:
    """Keep an annotation inside the plot: right-aligned at the last year, left at the first."""
    years = rows.loc[rows["role"] == role, "year"]
    if years.empty or years.iloc[0] not in (rows["year"].min(), rows["year"].max()):
        return "center"
    return "right" if years.iloc[0] == rows["year"].max() else "left"


@register(
    "ndpr_price_vs_floor",
    title="NdPr oxide has sold below the US price floor in every year except 2022",
    alt="The annual average price of NdPr oxide rose above the floor the US "
        "Department of Defense guaranteed MP Materials in 2025 only in 2022, and has stayed "
        "well below it since.",
    resources=["prices_annual", "key_figures"],
    notes="Annual averages of NdPr oxide (99% minimum, free on board) as published by USGS; the "
          "latest year is an estimate. The shaded band is the gap between the price and the "
          "floor, which applies to MP Materials' products only. Dated 2025-2026 market prices "
          "were not drawn: none was found in a publisher's own report on the same basis.",
)
def ndpr_price_vs_floor(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """The annual average price of neodymium-praseodymium (NdPr) oxide, used in
    neodymium-iron-boron permanent magnets, against the minimum price the US Department of
    Defense agreed in July 2025 to guarantee MP Materials for ten years. The shaded band between
    the price line and the floor shows how far below (or above) the floor the market price was;
    the latest year's gap is written beside it. The floor is read from the key figures data set;
    the prices come from the U.S. Geological Survey."""
    rows, unit = _annual(catalog, NDPR, t)
    figures = catalog.table("key_figures")
    floor = figures[figures["key"] == FLOOR_KEY]
    if len(floor) != 1:
        raise ValueError(f"key_figures needs exactly one row with key '{FLOOR_KEY}'")
    if floor["unit"].iloc[0] != unit:
        raise ValueError(f"the floor is in {floor['unit'].iloc[0]} but NdPr prices are in {unit}")
    floor = floor[["value", "as_of", "label"]].copy()
    floor["annotation"] = [t("US floor: {value} {unit}", value=f"{v:,.0f}", unit=t(unit))
                           for v in floor["value"]]
    level = float(floor["value"].iloc[0])
    rows["floor"] = level
    latest_row = rows.iloc[-1]
    gap = level - float(latest_row["price"])
    side = ("{year}: {gap} {unit} below the floor" if gap > 0
            else "{year}: {gap} {unit} above the floor")
    rows["gap"] = [t(side, year=latest_row["year_label"], gap=f"{abs(gap):,.0f}", unit=t(unit))
                   if year == latest_row["year"] else "" for year in rows["year"]]

    line = _price_line(unit, theme.OTHER_COLOR)
    floor_color = theme.country_color("United States")
    band = alt.Chart().mark_area(color=floor_color, fillOpacity=0.3).encode(
        x="year:Q", y="price:Q", y2="floor:Q", tooltip=_price_tooltip(unit))
    gap_label = alt.Chart().mark_text(align="right", dx=-10, fontWeight="bold").encode(
        x="year:Q", y="middle:Q", text="gap:N", tooltip=_price_tooltip(unit),
    ).transform_filter("datum.gap").transform_calculate(middle="(datum.price + datum.floor) / 2")
    tooltip = [alt.Tooltip("label:N", title="Floor"),
               alt.Tooltip("value:Q", title=f"Floor ({unit})", format=","),
               alt.Tooltip("as_of:T", title="Announced", format="%-d %B %Y")]
    rule = alt.Chart(floor).mark_rule(color=floor_color, strokeDash=[6, 4], strokeWidth=2).encode(
        y="value:Q", tooltip=tooltip)
    # Right-aligned above the line: the latest years, furthest below the floor, leave room.
    label = alt.Chart(floor).mark_text(align="right", baseline="bottom", dy=-4,
                                       x=alt.ExprRef(expr="width"),
                                       fontWeight="bold").encode(
        y="value:Q", text="annotation:N", tooltip=tooltip)
    return alt.layer(band, line, gap_label, rule, label, data=rows).properties(
        width="container", height=chart_height(1, PLOT_PX))


@register(
    "lithium_spot_china",
    title="Lithium carbonate spot prices in China fell to a fraction of their early-2023 level",
    alt="Reported spot prices for battery-grade lithium carbonate in China fell from about "
        "340,000 yuan a ton in March 2023 to about 60,000 by June 2025.",
    resources=["lithium_spot_china"],
    notes="Single assessments by different price reporters on the dates shown, not a continuous "
          "series; the November 2022 peak is not among them. Prices are in yuan and are never "
          "drawn on the same axis as the US-dollar annual averages.",
)
def lithium_spot_china(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """Spot prices of battery-grade lithium carbonate in China, in yuan per ton, on the dates
    shown, as assessed by the price reporters named in the legend and reported in the press.
    Each reporter has its own point shape."""
    table = catalog.table("lithium_spot_china").sort_values(["date", "assessor"])
    rows = table[["date", "price_cny_t", "assessor", "source_title"]]
    y_title = axis_title(catalog, "lithium_spot_china", "price_cny_t")
    assessors = list(dict.fromkeys(rows["assessor"]))
    base = alt.Chart().encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(nice="year"),
                axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("price_cny_t:Q", axis=compact_axis(y_title, 5)),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
            alt.Tooltip("price_cny_t:Q", title=y_title, format=","),
            alt.Tooltip("assessor:N", title="Assessed by"),
            alt.Tooltip("source_title:N", title="Reported in"),
        ],
    )
    points = base.mark_point(filled=False, strokeWidth=2, size=80, color=theme.CHINA_COLOR).encode(
        shape=alt.Shape("assessor:N", scale=theme.category_shape_scale(assessors),
                        title="Assessed by"),
    )
    # Two assessments on one day: the first label goes above its point, the others below.
    labels = [
        base.mark_text(align="left", dx=7, dy=dy)
        .encode(text=alt.Text("price_cny_t:Q", format=COMPACT))
        .transform_window(same_day="row_number()", groupby=["date"])
        .transform_filter(f"(datum.same_day == 1) == {'true' if first else 'false'}")
        for first, dy in ((True, -8), (False, 8))
    ]
    return alt.layer(points, *labels, data=rows).properties(
        width="container", height=chart_height(1, PLOT_PX, legend_entries=len(assessors)))

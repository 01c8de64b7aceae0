"""Rare-earth compounds in trade: where US imports come from, and where China buys (USITC
DataWeb and UN Comtrade, derived by `make data`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import axis_title, chart_height, compact_axis

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

PLOT_PX = 280
US_ORIGINS = ["China", "Japan", "France", "Estonia", "Malaysia"]
US_OTHER = "Others of the 18"
CHINA_ORIGINS = ["Burma (Myanmar)", "Laos", "Malaysia", "Japan", "United States"]
CHINA_OTHER = "Other origins"
# Non-member origins get the contrast-checked hues no other country in the same chart uses.
SPARE = {"France": theme.MEMBER_COLORS["Thailand"], "Estonia": theme.MEMBER_COLORS["South Korea"],
         "Burma (Myanmar)": theme.MEMBER_COLORS["Thailand"],
         "Laos": theme.MEMBER_COLORS["South Korea"]}


def _color(origin: str) -> str:
    """An origin's colour: its country colour, a spare hue, or grey for the remainder."""
    return SPARE.get(origin) or theme.country_color(origin)


def stacked_by_origin(rows: pd.DataFrame, origins: list[str], other: str, y_title: str,
                      share_title: str) -> alt.Chart:
    """Bars of value by year, stacked by origin (``origins`` named, the rest as ``other``);
    each origin's share of the year's total in the tooltip."""
    rows = rows.copy()
    rows["origin"] = rows["partner"].where(rows["partner"].isin(origins), other)
    rows = rows.groupby(["year", "origin"], as_index=False)["value_usd"].sum()
    rows["share_pct"] = rows["value_usd"] / rows.groupby("year")["value_usd"].transform("sum") * 100
    order = [*origins, other]
    rows["order"] = rows["origin"].map(order.index)
    rows["year"] = rows["year"].astype(int)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, values=list(
                range(int(rows["year"].min()), int(rows["year"].max()) + 1, 5)))),
            y=alt.Y("value_usd:Q", axis=compact_axis(y_title), stack="zero"),
            color=alt.Color("origin:N", title=None, sort=order,
                            scale=alt.Scale(domain=order, range=[_color(o) for o in order])),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("origin:N", title="Origin"),
                alt.Tooltip("value_usd:Q", title=y_title, format=",.0f"),
                alt.Tooltip("share_pct:Q", title=share_title, format=".0f"),
            ],
        )
        .properties(width="container",
                    height=chart_height(1, PLOT_PX, legend_entries=len(order)))
    )


@register(
    "us_rare_earth_compound_imports_by_origin",
    title="Since 1995 China has been the largest source of US imports of rare-earth compounds",
    alt="China has supplied the largest part of US imports of rare-earth compounds from the "
        "18 selected countries every year since 1995; Japan or France has come second.",
    resources=["us_rare_earth_trade"],
    notes="Shares are of imports from the 18 countries the USITC DataWeb query selected, not of "
          "all US imports. HTS 2846 covers compounds only; metals (2805) and magnets (8505) are "
          "left out. Imports are shipping origins: USGS notes that compounds from Estonia, Japan "
          "and Malaysia were made from materials produced in Australia, China and elsewhere. "
          "Values in current US dollars.",
)
def us_rare_earth_compound_imports_by_origin(catalog: Catalog, t: Translator) -> alt.Chart:
    """US imports for consumption of rare-earth compounds (HTS 2846), customs value by year,
    1993-2025, stacked by country of origin: China, Japan, France, Estonia, Malaysia and the
    other countries of the 18 the DataWeb query selected. The 2011 spike is the price surge
    after China cut its export quotas."""
    table = catalog.table("us_rare_earth_trade")
    rows = table[(table["flow"] == "imports") & (table["hts"] == "2846")
                 & (table["period"] == "year")][["year", "partner", "value_usd"]]
    return stacked_by_origin(rows, US_ORIGINS, US_OTHER,
                             axis_title(catalog, "us_rare_earth_trade", "value_usd"),
                             "Share of imports from the 18 selected countries (%)")


@register(
    "china_rare_earth_compound_imports_by_origin",
    title="Since 2019 most of China's imports of rare-earth compounds have come from Myanmar",
    alt="China's imports of rare-earth compounds, tiny until about 2010, grew many times "
        "over as Malaysia (from 2014), Myanmar (from 2018) and Laos (from 2023) became its "
        "main suppliers.",
    resources=["china_rare_earth_compound_imports"],
    notes="China's own customs data as reported to UN Comtrade (country of origin, CIF value in "
          "current US dollars). Compounds only (HS 2846): ores and concentrates are classified "
          "elsewhere. No 2025 record is included.",
)
def china_rare_earth_compound_imports_by_origin(catalog: Catalog, t: Translator) -> alt.Chart:
    """China's imports of rare-earth compounds (HS 2846) by year, 1993-2024, stacked by country
    of origin: Myanmar (Burma), Laos, Malaysia, Japan, the United States and all other
    origins. Source: UN Comtrade Database."""
    table = catalog.table("china_rare_earth_compound_imports")
    rows = table[table["partner"] != "World total"][["year", "partner", "value_usd"]]
    return stacked_by_origin(rows, CHINA_ORIGINS, CHINA_OTHER,
                             axis_title(catalog, "china_rare_earth_compound_imports",
                                        "value_usd"),
                             "Share of China's imports (%)")

"""Rare-earth mine production by country (USGS Mineral Commodity Summaries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from macros import theme
from macros.charts import register
from macros.charts._common import (
    COMPACT,
    WORLD,
    axis_title,
    chart_height,
    compact_axis,
    country_bars,
    latest,
)

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

PLOT_PX = 300  # the line chart's plotting area


@register(
    "rare_earth_mine_production_latest",
    title="China mines far more rare earths than any other country",
    alt="China mines far more rare-earth ore than any other country; the United "
        "States is the largest producer among the club's members.",
    resources=["rare_earth_production"],
    notes="Countries that USGS lists with no production are left out. Shares of the world total "
          "are computed from USGS's rounded world total.",
)
def rare_earth_mine_production_latest(catalog: Catalog, t: Translator) -> alt.Chart:
    """Rare-earth mine production in the latest year the U.S. Geological Survey reports, by
    country, in tons of rare-earth-oxide equivalent. China is shown in red, members of the
    Critical Minerals Trading Club in their own colours and every other country in grey. Most
    figures are USGS estimates; for several countries USGS estimates output from China's import
    statistics."""
    table = latest(catalog.table("rare_earth_production"))
    world = table.loc[table["country"] == WORLD, "production_t"].sum()
    rows = table[(table["country"] != WORLD) & (table["production_t"] > 0)].copy()
    rows["group"] = rows["country"].map(theme.country_group)
    rows["share_pct"] = rows["production_t"] / world * 100 if world else None
    rows["year"] = rows["year"].astype(int)
    rows = rows[["country", "group", "year", "estimated", "production_t", "share_pct", "note"]]
    rows = rows.sort_values("production_t", ascending=False)

    x_title = axis_title(catalog, "rare_earth_production", "production_t")
    return country_bars(
        rows,
        x=alt.X("production_t:Q", axis=compact_axis(x_title)),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("estimated:N", title="USGS estimate"),
            alt.Tooltip("production_t:Q", title=x_title, format=","),
            alt.Tooltip("share_pct:Q", title="Share of world total (%)", format=".1f"),
            alt.Tooltip("note:N", title="Note"),
        ],
        label=alt.Text("production_t:Q", format=COMPACT),
    )


@register(
    "rare_earth_production_over_time",
    title="China's rare-earth mining has climbed far above every other producer's",
    alt="China's rare-earth mine output rose steeply over the years shown and stays "
        "far above that of the United States, Australia and Burma (Myanmar).",
    resources=["rare_earth_production_history"],
    notes="Each year comes from the latest USGS edition that reports it (shown in the tooltip). "
          "The world total is in the data set but not drawn, so the countries stay readable.",
)
def rare_earth_production_over_time(catalog: Catalog, t: Translator) -> alt.Chart:
    """Rare-earth mine production by year for the largest producers, in tons of
    rare-earth-oxide equivalent. Each year's figure is taken from the most recent USGS
    publication (Mineral Commodity Summaries or Minerals Yearbook) that reports it, so older
    years may differ from the first published estimates. Each country has its own colour, line
    pattern and point shape."""
    table = catalog.table("rare_earth_production_history")
    rows = table[table["country"] != WORLD][["country", "year", "production_t", "edition"]].copy()
    rows["year"] = rows["year"].astype(int)
    order = (rows[rows["year"] == rows["year"].max()]
             .sort_values("production_t", ascending=False)["country"].tolist())
    order += [c for c in rows["country"].unique() if c not in order]

    y_title = axis_title(catalog, "rare_earth_production_history", "production_t")
    country = {"field": "country", "type": "nominal", "title": None}
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("production_t:Q", axis=compact_axis(y_title, tick_count=5)),
            color=alt.Color(**country, scale=theme.country_color_scale(order), sort=order),
            strokeDash=alt.StrokeDash(**country, scale=theme.country_dash_scale(order),
                                      sort=order),
            shape=alt.Shape(**country, scale=theme.country_shape_scale(order), sort=order),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("production_t:Q", title=y_title, format=","),
                alt.Tooltip("edition:N", title="USGS edition"),
            ],
        )
        .properties(width="container", height=chart_height(1, PLOT_PX, legend_entries=len(order)))
    )

"""Mineral by mineral: China's share of world production against US import reliance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import chart_height, latest

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

SHARE = "China's share of world production"
RELIANCE = "US net import reliance"
ROW_PX = 34


def china_shares(catalog: Catalog) -> pd.DataFrame:
    """mineral, year, value: China's share (%) of world production in the latest year."""
    table = catalog.table("mineral_snapshot")
    rows = latest(table[table["measure"] == "production"])
    values = rows.pivot_table(index="mineral", columns="country", values="value")
    share = (values["China"] / values["World total"] * 100).dropna()
    return pd.DataFrame({"mineral": share.index, "year": int(rows["year"].iloc[0]),
                         "value": share.to_numpy(), "label": [f"{v:.0f}%" for v in share]})


@register(
    "china_share_vs_us_reliance",
    title="China produces most of the world's gallium, tungsten, graphite and rare earths, "
          "and the US imports most of what it uses of each",
    alt="Where China's share of world production is highest (gallium, tungsten, natural "
        "graphite, rare earths), US reliance on imports is also high; cobalt, nickel and "
        "manganese China mines little, yet the US still imports much of its supply.",
    resources=["mineral_snapshot", "us_net_import_reliance"],
    notes="Production is mine production, except gallium (primary low-purity production); "
          "world totals are USGS's rounded figures, the lithium total excludes US production. "
          "Germanium is left out: USGS publishes no world production figure for it. Rare "
          "earths: net import reliance of compounds and metals. A '>' label is a lower bound. "
          "Both measures are USGS estimates for the latest year.",
)
def china_share_vs_us_reliance(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """For each mineral of the per-mineral table (USGS Mineral Commodity Summaries 2026):
    China's share of world production (red circles) and US net import reliance, the share of
    US consumption met by net imports (blue squares), both in percent, latest year."""
    share = china_shares(catalog)
    share["measure"] = SHARE
    nir = latest(catalog.table("us_net_import_reliance"), by=["mineral"])
    nir = nir[nir["mineral"].isin(share["mineral"]) & nir["nir_pct"].notna()]
    reliance = pd.DataFrame({
        "mineral": nir["mineral"], "year": nir["year"].astype(int), "value": nir["nir_pct"],
        "label": [f"{q if q in ('>', '<') else ''}{v:.0f}%"
                  for q, v in zip(nir["qualifier"], nir["nir_pct"], strict=True)],
        "measure": RELIANCE})
    rows = pd.concat([share, reliance], ignore_index=True)
    order = share.sort_values("value", ascending=False)["mineral"].tolist()
    measures = [SHARE, RELIANCE]
    colors = [theme.CHINA_COLOR, theme.country_color("United States")]
    base = alt.Chart(rows).encode(
        y=alt.Y("mineral:N", sort=order, title=None),
        x=alt.X("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5)),
        yOffset=alt.YOffset("measure:N", sort=measures, scale=alt.Scale(paddingOuter=0.5)),
        tooltip=[
            alt.Tooltip("mineral:N", title="Mineral"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("label:N", title="Percent"),
        ],
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        color=alt.Color("measure:N", title=None, sort=measures,
                        scale=alt.Scale(domain=measures, range=colors),
                        legend=alt.Legend(columns=1, labelLimit=0)),
        shape=alt.Shape("measure:N", sort=measures,
                        scale=alt.Scale(domain=measures, range=["circle", "square"])),
    )
    labels = base.mark_text(align="left", dx=8, fontSize=11).encode(text="label:N")
    legend_entries = len(measures) * theme.LEGEND_COLUMNS  # one entry a row
    return (points + labels).properties(
        width="container", height=chart_height(len(order), ROW_PX, legend_entries=legend_entries))

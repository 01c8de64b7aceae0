"""US dependence on imports: where its rare earths come from and its net import reliance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from macros import theme
from macros.charts import register
from macros.charts._common import axis_title, chart_height, country_bars, latest

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator


@register(
    "us_rare_earth_import_sources",
    title="Most US imports of rare-earth compounds and metals come from China",
    alt="China supplies most US imports of rare-earth compounds and metals; "
        "Malaysia, a club member, is a distant second.",
    resources=["us_rare_earth_import_sources"],
    notes="USGS adds that the material imported from Estonia, Japan and Malaysia was derived "
          "from mineral concentrates and chemical intermediates produced in Australia, China "
          "and elsewhere.",
)
def us_rare_earth_import_sources(catalog: Catalog, t: Translator) -> alt.Chart:
    """Shares of US imports of rare-earth compounds and metals by country of origin, averaged
    over the period USGS gives (Mineral Commodity Summaries). China's share includes Hong Kong.
    These are the countries the material was shipped from, not where it was mined. Rounded
    shares may not sum to exactly 100."""
    rows = catalog.table("us_rare_earth_import_sources")[["country", "share_pct", "period"]]
    rows = rows.sort_values("share_pct", ascending=False)
    x_title = axis_title(catalog, "us_rare_earth_import_sources", "share_pct")
    return country_bars(
        rows,
        x=alt.X("share_pct:Q", title=x_title, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5)),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("share_pct:Q", title=x_title),
            alt.Tooltip("period:N", title="Period"),
        ],
        label=alt.Text("share_pct:Q", format=".0f"),
    )


@register(
    "us_net_import_reliance",
    title="The US relies on imports for all of several minerals and most of many more",
    alt="The United States relies on net imports for all of its supply of several "
        "minerals, heavy rare earths among them, and for most of its supply of many others.",
    resources=["us_net_import_reliance"],
    notes="Net import reliance is imports minus exports, adjusted for stock changes, as a share "
          "of apparent consumption. A '>' label means USGS gives only a lower bound.",
)
def us_net_import_reliance(catalog: Catalog, t: Translator) -> alt.Chart:
    """US net import reliance for each mineral in the latest year USGS reports it: the share of
    apparent consumption met by net imports. For rare earths the figure covers compounds and
    metals; the United States is a net exporter of rare-earth mineral concentrates. Where USGS
    gives only a bound (for example 'more than 75%'), the bar is drawn at the bound and
    labelled with '>'."""
    table = latest(catalog.table("us_net_import_reliance"), by=["mineral"])
    rows = table[["mineral", "year", "nir_pct", "qualifier", "note"]].copy()
    rows["year"] = rows["year"].astype(int)
    rows["label"] = [_with_qualifier(q, v) for q, v in zip(rows["qualifier"], rows["nir_pct"],
                                                           strict=True)]
    rows = rows.sort_values(["nir_pct", "mineral"], ascending=[False, True])
    rows = rows.drop(columns="qualifier")

    x_title = axis_title(catalog, "us_net_import_reliance", "nir_pct")
    base = alt.Chart(rows).encode(
        y=alt.Y("mineral:N", sort=None, title=None),
        x=alt.X("nir_pct:Q", title=x_title, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5)),
        tooltip=[
            alt.Tooltip("mineral:N", title="Mineral"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("label:N", title=x_title),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    bars = base.mark_bar(color=theme.country_color("United States"))
    labels = base.mark_text(align="left", dx=4).encode(text="label:N")
    return (bars + labels).properties(width="container", height=chart_height(len(rows)))


def _with_qualifier(qualifier: str, value: float) -> str:
    """'>90' for a lower bound, '53' for an exact figure (USGS's way of writing it)."""
    prefix = qualifier if qualifier in (">", "<") else ""
    return f"{prefix}{value:g}"

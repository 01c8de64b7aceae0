"""What the club's members mine: rare-earth output of the club and its partners against China's
(USGS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros.charts import register
from macros.charts._common import (
    COMPACT,
    chart_height,
    compact_axis,
    country_bars,
    latest,
    wrap_label,
    year_label,
)
from macros.charts.maps import CHINA_GROUP, CLUB, club_groups

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

COMBINED = "Club combined"  # the bar that adds up the convener and named members
NONE_WRAP = {"en": 36, "zh": 19}  # characters per line of that list (fits 320 px)
NONE_LINE_PX = 15
AXIS_GAP_PX = 40  # the x axis between the bars and that list


@register(
    "club_rare_earth_output",
    title="The club's members together mine far fewer rare earths than China alone",
    alt="The rare-earth mine output of the United States and the members it names, mostly the "
        "United States and Australia, adds up to a fraction of China's, and Japan, South Korea "
        "and the framework partners have no mine output in USGS's tables.",
    resources=["members", "rare_earth_production"],
    notes="Latest year of USGS mine production, in tonnes of rare-earth oxide equivalent. "
          "Members are the countries US officials named as having joined; partners have a "
          "framework, MoU or action plan with the US. Countries USGS lists with no output, or "
          "does not list, are named under the bars. Mining is one stage: refining, magnets and "
          "demand are not in these tables.",
)
def club_rare_earth_output(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """The latest rare-earth mine production reported by the U.S. Geological Survey of China,
    of the United States and the members it names taken together, and of each member or partner
    with any output, in tonnes of rare-earth oxide equivalent. The countries of the club and its
    partners that have no mine output in USGS's tables are named below the bars."""
    production = latest(catalog.table("rare_earth_production"))
    when = year_label(int(production["year"].iloc[0]), bool(production["estimated"].any()), t)
    rows = club_groups(catalog).merge(production[["country", "production_t"]], on="country",
                                      how="left")
    without = [t(c) for c, v in zip(rows["country"], rows["production_t"], strict=True)
               if not v > 0]
    rows = rows[rows["production_t"] > 0].sort_values("production_t", ascending=False)
    combined = pd.DataFrame({"country": [COMBINED], "group": [CLUB],
                             "production_t": [rows.loc[rows["group"] == CLUB,
                                                       "production_t"].sum()]})
    china = rows[rows["group"] == CHINA_GROUP]
    rows = pd.concat([china, combined, rows[rows["group"] != CHINA_GROUP]], ignore_index=True)
    none_lines = wrap_label(t("No USGS mine output: {countries}",
                              countries=t(", ").join(without)),
                            NONE_WRAP.get(t.locale, NONE_WRAP["en"]), t.is_default)
    rows["none"] = "\n".join(none_lines)

    title = t("Mine production {year} (t REO)", year=when)
    tooltip = [alt.Tooltip("country:N", title="Country"), alt.Tooltip("group:N", title="Status"),
               alt.Tooltip("production_t:Q", title=title, format=",")]
    chart = country_bars(rows, alt.X("production_t:Q", axis=compact_axis(title)), tooltip,
                         alt.Text("production_t:Q", format=COMPACT))
    # Under the bars (the x axis sits between them and this list).
    none = alt.Chart(rows).mark_text(align="left", baseline="top", x=0, lineBreak="\n",
                                     lineHeight=NONE_LINE_PX,
                                     y=alt.ExprRef(expr=f"height + {AXIS_GAP_PX}")).encode(
        text="none:N").transform_window(first="row_number()").transform_filter(
        "datum.first == 1")
    return (chart + none).properties(
        width="container",
        height=chart_height(len(rows)) + len(none_lines) * NONE_LINE_PX + 8)

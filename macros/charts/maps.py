"""The club on a world map: members and partners by status, with rare-earth mining on top.

The countries' shapes come from one published file, docs/assets/maps/countries-110m.json
(Natural Earth 1:110m via the world-atlas package; its licence sits beside it). The live chart
loads it by URL, so it is fetched once and cached rather than copied into every page; the
figure layer inlines it for the static SVG only (macros/figure.py, ``with_data_urls``).
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import COMPACT, WORLD, chart_height, latest, year_label
from macros.paths import DOCS_DIR

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

TOPOLOGY = "assets/maps/countries-110m.json"  # under docs/, published as it is
FEATURE = "countries"  # the topology's object of country shapes
ANTARCTICA = "010"  # ISO 3166 numeric id: left off the map (no mining, half the height)
# The site's country names where Natural Earth spells them otherwise.
ATLAS_NAMES = {"United States": "United States of America", "Burma (Myanmar)": "Myanmar"}
# Partners the 1:110m map cannot draw: a union of states, and islands too small at this scale.
NOT_DRAWN = {"European Union", "Cook Islands"}
CONVENER = "United States"
OTHERS = "Other countries"  # rare_earth_production's aggregate row, like WORLD
# Map groups, in legend order: members.csv statuses (the convener and China added), and colours.
CLUB = "Club: the US and members it names"
PARTNER = "Framework or MoU partner"
CHINA_GROUP = "China"
GROUPS = {"joined, per US officials": CLUB, "named by Global Times": CLUB,
          "framework or MoU partner": PARTNER}
# Partners in a lighter shade of the club's blue: it separates from the club's blue and China's
# red by lightness too (so also for red-green colour-blind readers), keeps 3:1 against both
# palettes' pages (WCAG 1.4.11), and the legend and the table under the map name every status.
PARTNER_COLOR = "#6096dc"
LAND_OPACITY = 0.45  # countries outside every group: faint context, not data
GROUP_COLORS = {CLUB: theme.country_color("United States"), PARTNER: PARTNER_COLOR,
                CHINA_GROUP: theme.CHINA_COLOR}
MAP_PX = 300  # the map's height, legend excluded
CIRCLE_AREA_PX = (12, 900)  # the production circles' smallest and largest area, in px²
LABELLED = 3  # the largest producers carry their name and tonnage beside their circle


@cache
def atlas_ids() -> dict[str, str]:
    """Natural Earth country name -> ISO 3166 numeric id, read from the published topology."""
    topology = json.loads((DOCS_DIR / TOPOLOGY).read_text(encoding="utf-8"))
    return {shape["properties"]["name"]: shape["id"]
            for shape in topology["objects"][FEATURE]["geometries"] if "id" in shape}


def atlas_id(country: str) -> str:
    """The topology's id of a country named as data/ names it; ValueError if the map lacks it."""
    name = ATLAS_NAMES.get(country, country)
    ids = atlas_ids()
    if name not in ids:
        raise ValueError(f"'{country}' is not on the map ({TOPOLOGY}); add its Natural Earth "
                         "name to ATLAS_NAMES in macros/charts/maps.py, or to NOT_DRAWN")
    return ids[name]


def label_offsets(production: pd.Series) -> pd.Series:
    """For the LABELLED largest producers, the px from a circle's centre to just past its edge
    (the size scale maps 0..max linearly onto CIRCLE_AREA_PX); the others get no label."""
    smallest, largest = CIRCLE_AREA_PX
    area = smallest + (largest - smallest) * production / production.max()
    offsets = (area / math.pi) ** 0.5 + 3
    return offsets.where(production.rank(ascending=False, method="first") <= LABELLED)


def club_groups(catalog: Catalog) -> pd.DataFrame:
    """Every country in and around the club with its group (country, group): the convener and
    the members it names, the framework or MoU partners (data/members.csv), and China."""
    members = catalog.table("members")
    return pd.DataFrame({
        "country": [CONVENER, *members["country"], theme.CHINA],
        "group": [CLUB, *members["status"].map(lambda s: GROUPS.get(s, PARTNER)), CHINA_GROUP],
    })


@register(
    "club_members_map",
    title="The club spans the Pacific and beyond, while China mines most of the world's rare "
          "earths",
    alt="The United States and the members it names, Japan, South Korea, Australia, Malaysia "
        "and Thailand, ring the Pacific; its framework partners reach into Latin America, Africa, "
        "the Middle East and Central Asia; China, outside the club, has by far the largest "
        "rare-earth mine output.",
    resources=["members", "rare_earth_production"],
    notes="No official membership list exists: 'members' are the countries US officials named "
          "as having joined. About 30 countries want to join, Interior Secretary Burgum said, "
          "without naming them, so no country is shown as 'in talks'. The European Union and "
          "the Cook Islands are partners too but cannot be drawn at this scale. Circles are "
          "scaled by area; countries USGS lists without output have none. Map: Natural Earth.",
)
def club_members_map(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """A world map of the countries in and around the US-led critical-minerals club: the United
    States, which convenes it, the countries US officials name as members, the countries with
    a critical-minerals framework, memorandum or action plan with the US, and China. A circle
    on each country shows its latest rare-earth mine production reported by the U.S.
    Geological Survey, its area proportional to the tonnage; the table under the chart lists every
    country's figure."""
    countries = club_groups(catalog)
    countries = countries[~countries["country"].isin(NOT_DRAWN)]
    production = latest(catalog.table("rare_earth_production"))
    production = production[~production["country"].isin([WORLD, OTHERS])
                            & (production["production_t"] > 0)]
    year = year_label(int(production["year"].iloc[0]), bool(production["estimated"].any()), t)
    countries = countries.merge(production[["country", "production_t"]], on="country",
                                how="outer")
    countries["group"] = countries["group"].fillna("")
    countries["id"] = countries["country"].map(atlas_id)
    countries["label_dx"] = label_offsets(countries["production_t"])
    production_title = t("Mine production {year} (t REO)", year=year)

    groups = [g for g in GROUP_COLORS if g in set(countries["group"])]
    fill = alt.Color("group:N", title=None, sort=groups,
                     scale=alt.Scale(domain=groups, range=[GROUP_COLORS[g] for g in groups]),
                     legend=alt.Legend(orient="bottom", columns=1, labelLimit=0))
    tooltip = [alt.Tooltip("country:N", title="Country"), alt.Tooltip("group:N", title="Status"),
               alt.Tooltip("production_t:Q", title=production_title, format=",")]
    looked_up = alt.LookupData(countries, key="id",
                               fields=["country", "group", "production_t", "label_dx"])
    # Countries outside every group keep the theme's land colour (light or dark palette).
    land = alt.Chart().mark_geoshape().encode(
        fill=alt.Fill(condition={"test": "datum.group", **fill.to_dict()}),
        fillOpacity=alt.condition("datum.group", alt.value(1), alt.value(LAND_OPACITY)),
        tooltip=tooltip)
    centre = "geoCentroid(null, datum)"
    circles = alt.Chart().mark_circle(opacity=0.85, stroke="#ffffff", strokeWidth=1,
                                      color=theme.OTHER_COLOR).encode(
        longitude="lon:Q", latitude="lat:Q",
        # No size legend: the largest circles carry their tonnage, the table has every one.
        size=alt.Size("production_t:Q", scale=alt.Scale(range=list(CIRCLE_AREA_PX)),
                      legend=None),
        tooltip=tooltip,
    ).transform_filter("isValid(datum.production_t)").transform_calculate(
        lon=f"{centre}[0]", lat=f"{centre}[1]")
    # Each label twice: its outline in the page's background, then the text on top of it.
    labels = [
        circles.mark_text(align="left", baseline="middle", dx=alt.ExprRef(expr="datum.label_dx"),
                          dy=dy, fontWeight=weight, style=style)
        .encode(text=text, size=alt.value(11))
        .transform_filter("isValid(datum.label_dx)")
        for text, dy, weight in ((alt.Text("country:N"), -7, "bold"),
                                 (alt.Text("production_t:Q", format=COMPACT), 7, "normal"))
        for style in (theme.HALO, "text")
    ]
    topology = alt.Data(url=TOPOLOGY, format=alt.DataFormat(type="topojson", feature=FEATURE))
    return (
        alt.layer(land, circles, *labels, data=topology)
        .transform_filter(f"datum.id != '{ANTARCTICA}'")
        .transform_lookup(lookup="id", from_=looked_up)
        .project(type="equalEarth")
        .properties(width="container",
                    height=chart_height(1, MAP_PX, legend_entries=2 * len(groups), axis_px=0))
    )

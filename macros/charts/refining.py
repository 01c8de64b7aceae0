"""Concentration: China's share at each stage of the rare-earth supply chain, and where rare
earths are mined and separated (IEA figures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import axis_title, chart_height, latest, line_breaks

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

SECONDARY_MARK = "*"
REMAINDER = "Rest of world"
STAGE_NAMES = {"mining": "Mined", "refining": "Refined"}
# The supply chain's stages in order, and how the supply-chain chart names them.
STAGE_ORDER = ["mining", "refining", "magnet making"]
MAGNET_KEY = "iea_china_magnet_share"  # key_figures row: China's share of magnet making


def _secondary_note(secondary: bool) -> str:
    """The tooltip text for a figure read in a secondary report."""
    return "read in a secondary report" if secondary else "IEA's own text"


@register(
    "rare_earth_supply_chain",
    title="China's grip tightens down the rare-earth supply chain, from mining to magnets",
    alt="China's share of the world's rare earths rises at each step: it mines well over half, "
        "refines more than nine-tenths and makes an even larger share of the permanent magnets.",
    resources=["rare_earth_stage_shares", "key_figures"],
    notes="Every figure marked * was read in a secondary report of the IEA's work, not in the "
          "IEA's own text. Mining and refining are the IEA's 2023 figures; the magnet share "
          "comes from an IEA commentary of October 2025. No sourced figure for China's share of "
          "rare-earth metal and alloy making was found, so that stage is left out.",
)
def rare_earth_supply_chain(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """China's share of world rare-earth output at each stage of the supply chain: mining,
    refining (separation into individual oxides) and permanent-magnet manufacturing, as
    reported from the International Energy Agency. The grey track is the rest of the world.
    Each stage is labelled with the year or date its figure refers to."""
    shares = catalog.table("rare_earth_stage_shares")
    china = shares[(shares["country"] == theme.CHINA) & (shares["scenario"] == "observed")]
    rows = latest(china, by=["stage"])[["stage", "year", "share_pct", "secondary"]]
    rows = rows.rename(columns={"share_pct": "value"})  # key_figures' name: sources match
    figures = catalog.table("key_figures")
    magnets = figures[figures["key"] == MAGNET_KEY]
    if len(magnets) != 1:
        raise ValueError(f"key_figures needs exactly one row with key '{MAGNET_KEY}'")
    rows = pd.concat([rows, pd.DataFrame({  # the IEA's own text was not read: secondary
        "stage": ["magnet making"],
        "year": [magnets["as_of"].iloc[0].year], "value": [magnets["value"].iloc[0]],
        "secondary": [True], "as_of": [magnets["as_of"].iloc[0].date().isoformat()]})],
        ignore_index=True)
    rows["year"] = rows["year"].astype(int)
    rows["order"] = rows["stage"].map(lambda stage: STAGE_ORDER.index(stage)
                                      if stage in STAGE_ORDER else len(STAGE_ORDER))
    rows = rows.sort_values("order").drop(columns="order").reset_index(drop=True)
    rows["share"] = [f"{share:.0f}%" for share in rows["value"]]
    rows["basis"] = rows["secondary"].map(_secondary_note)
    lines = {stage: [_capitalized(t(stage)) + SECONDARY_MARK * flag,
                     t("{year}", year=year)]
             for stage, year, flag in zip(rows["stage"], rows["year"], rows["secondary"],
                                          strict=True)}
    rows = rows.drop(columns="secondary")
    y = alt.Y("stage:N", sort=list(rows["stage"]), title=None,
              axis=alt.Axis(labelExpr=line_breaks(lines), labelFontWeight="bold",
                            domain=False, ticks=False))
    x_scale = alt.Scale(domain=[0, 100])
    tooltip = [alt.Tooltip("stage:N", title="Stage"), alt.Tooltip("year:O", title="Year"),
               alt.Tooltip("value:Q", title="China's share (%)"),
               alt.Tooltip("basis:N", title="Figure from"),
               alt.Tooltip("as_of:T", title="Reported", format="%-d %B %Y")]
    track = alt.Chart().mark_bar(height={"band": 0.62}, color=theme.REST_COLOR,
                                 stroke=theme.OTHER_COLOR, strokeWidth=1).encode(
        y=y, x=alt.X("whole:Q", scale=x_scale, title="China's share (%)",
                     axis=alt.Axis(tickCount=5, grid=False)),
        tooltip=tooltip,
    ).transform_calculate(whole="100")
    bars = alt.Chart().mark_bar(height={"band": 0.62}, color=theme.CHINA_COLOR).encode(
        y=y, x=alt.X("value:Q", scale=x_scale), tooltip=tooltip)
    labels = alt.Chart().mark_text(align="right", dx=-6, fontWeight="bold", fontSize=14,
                                   color=theme.text_color_on(theme.CHINA_COLOR)).encode(
        y=y, x="value:Q", text="share:N", tooltip=tooltip)
    return alt.layer(track, bars, labels, data=rows).properties(
        width="container", height=chart_height(len(rows), 56))


@register(
    "rare_earth_mined_vs_refined",
    title="China refines an even larger share of the world's rare earths than it mines",
    alt="China's share of rare-earth refining is even larger than its share "
        "of mining, and the IEA expects that to remain so in 2030.",
    resources=["rare_earth_stage_shares"],
    notes="'Rest of world' is the remainder to 100%, which the source does not break down by "
          "country. "
          "Projected years are the IEA's; bars marked * rest on figures read in a secondary "
          "report.",
)
def rare_earth_mined_vs_refined(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """Each bar splits one year's rare-earth mining or refining (separation into individual
    oxides) among countries, as shares of the world total reported by the International Energy
    Agency. Mining happens in several countries; refining is concentrated in China, with
    Malaysia (home to Lynas's separation plant) a distant second."""
    table = catalog.table("rare_earth_stage_shares")
    rows = table[["stage", "country", "year", "scenario", "share_pct", "secondary"]].copy()
    rows["year"] = rows["year"].astype(int)
    rows = pd.concat([rows, _remainders(rows)], ignore_index=True)
    flagged = rows.groupby(["stage", "year"])["secondary"].transform("any")  # marks whole bar
    labels = [_bar_lines(stage, year, scenario, secondary, t) for stage, year, scenario,
              secondary in zip(rows["stage"], rows["year"], rows["scenario"], flagged,
                               strict=True)]
    rows["bar"] = [" ".join(label) for label in labels]
    lines = {" ".join(label): label for label in labels}
    countries = [c for c in dict.fromkeys(rows.sort_values("share_pct", ascending=False)
                                          ["country"]) if c != REMAINDER] + [REMAINDER]
    rows["order"] = rows["country"].map(countries.index)
    rows = rows.sort_values(["year", "stage", "order"]).reset_index(drop=True)
    rows["end"] = rows.groupby("bar")["share_pct"].cumsum()
    rows["start"] = rows["end"] - rows["share_pct"]
    rows["middle"] = (rows["start"] + rows["end"]) / 2
    rows["label"] = [_segment_label(t(c), s) for c, s in zip(rows["country"], rows["share_pct"],
                                                             strict=True)]
    fills = {c: theme.REST_COLOR if c == REMAINDER else theme.country_color(c) for c in countries}
    rows["ink"] = rows["country"].map(lambda c: theme.text_color_on(fills[c]))
    bars = list(dict.fromkeys(rows["bar"]))
    rows = rows[["bar", "country", "share_pct", "start", "end", "middle", "label", "ink",
                 "scenario"]]

    x_title = axis_title(catalog, "rare_earth_stage_shares", "share_pct")
    base = alt.Chart().encode(
        y=alt.Y("bar:N", sort=bars, title=None, axis=alt.Axis(labelExpr=line_breaks(lines))),
        tooltip=[
            alt.Tooltip("bar:N", title="Stage and year"),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("share_pct:Q", title="Share (%)"),
            alt.Tooltip("scenario:N", title="Observed or projected"),
        ],
    )
    segments = base.mark_bar(stroke=theme.OTHER_COLOR, strokeWidth=1).encode(
        x=alt.X("start:Q", title=x_title, scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5)),
        x2="end:Q",
        color=alt.Color("country:N", scale=alt.Scale(domain=countries, range=list(fills.values())),
                        sort=countries, title=None),
    )
    labels = base.mark_text(align="center", fontWeight="bold").encode(
        x="middle:Q", text="label:N", color=alt.Color("ink:N", scale=None),
    )
    return alt.layer(segments, labels, data=rows).properties(
        width="container", height=chart_height(len(bars), 52, legend_entries=len(countries)))


def _remainders(rows: pd.DataFrame) -> pd.DataFrame:
    """For each stage and year, the share the source leaves unassigned (100% minus the rest)."""
    keys = ["stage", "year", "scenario"]
    totals = rows.groupby(keys, as_index=False).agg(share_pct=("share_pct", "sum"),
                                                     secondary=("secondary", "any"))
    totals["share_pct"] = 100 - totals["share_pct"]
    totals["country"] = REMAINDER
    return totals[totals["share_pct"] > 0]


def _bar_lines(stage: str, year: int, scenario: str, secondary: bool, t: Translator
               ) -> list[str]:
    """A bar's two-line label: ['Refined', '2023'] or ['Mined*', '2030 projection']."""
    when = t("{year} projection" if scenario == "projection" else "{year}", year=year)
    return [f"{t(STAGE_NAMES.get(stage, stage))}{SECONDARY_MARK * secondary}", when]


def _capitalized(text: str) -> str:
    """'Rare earths' from 'rare earths' (text without capitals, such as Chinese, is kept)."""
    return f"{text[:1].upper()}{text[1:]}"


def _segment_label(country: str, share: float) -> str:
    """A segment's own label, short enough to fit: 'China 92%', '18%' or nothing."""
    if share >= 40:
        return f"{country} {share:.0f}%"
    return f"{share:.0f}%" if share >= 10 else ""

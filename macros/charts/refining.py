"""Concentration: China's share of mining and refining, and where rare earths are mined and
separated (IEA figures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import axis_title, chart_height, latest, line_breaks, unit

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

# The threshold the pages discuss: the seed article's claim that China controls "over 90%" of
# rare-earth refining. A structural reference line, not a data point.
CLAIM_PCT = 90
SECONDARY_MARK = "*"
REMAINDER = "Rest of world"
CHINA_SHARE, TOP3_SHARE = "China", "Top 3 countries"  # legend entries
STAGE_NAMES = {"mining": "Mined", "refining": "Refined"}


def _secondary_note(secondary: bool) -> str:
    """The tooltip text for a figure read in a secondary report."""
    return "read in a secondary report" if secondary else "IEA's own text"


@register(
    "refining_concentration",
    title="How concentrated mining and refining are: China's share and the top three's",
    alt="China's share of rare-earth refining is above the 90% line on its own, and the three "
        "largest refining countries together account for almost all of it.",
    resources=["refining_concentration"],
    notes="Latest observed year for each mineral and stage. Figures marked * were read in a "
          "secondary report summarising the IEA, not in the IEA's own text. The dashed line marks "
          "the 90% share that the seed article cites for China's control of rare-earth refining.",
)
def refining_concentration(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """China's share (bar) and the combined share of the three largest countries (diamond) in
    the mining and refining of each mineral, for the latest observed year in the International
    Energy Agency's Global Critical Minerals Outlook. A dashed line marks 90%. Projections are
    left out of this chart."""
    table = catalog.table("refining_concentration")
    observed = latest(table[table["scenario"] == "observed"], by=["mineral", "stage"])
    rows = observed[["mineral", "stage", "year", "china_share_pct", "top3_share_pct",
                     "secondary", "source_title", "source_publisher"]].copy()
    rows["year"] = rows["year"].astype(int)
    labels = [[f"{_capitalized(t(mineral))}{SECONDARY_MARK * secondary}",
               t("{stage} {year}", stage=t(stage), year=year)]
              for mineral, stage, year, secondary in
              zip(rows["mineral"], rows["stage"], rows["year"], rows["secondary"], strict=True)]
    rows["row"] = [", ".join(label) for label in labels]
    lines = {", ".join(label): label for label in labels}
    rows["basis"] = rows["secondary"].map(_secondary_note)
    rows = rows.sort_values(["china_share_pct", "row"], ascending=[False, True])
    rows = rows.drop(columns=["mineral", "stage", "year", "secondary"])

    x_title = f"Share ({unit(catalog, 'refining_concentration', 'china_share_pct')})"
    tooltip = [
        alt.Tooltip("row:N", title="Mineral, stage, year"),
        alt.Tooltip("china_share_pct:Q", title="China's share (%)"),
        alt.Tooltip("top3_share_pct:Q", title="Top three countries' share (%)"),
        alt.Tooltip("basis:N", title="Figure from"),
        alt.Tooltip("source_title:N", title="Source"),
        alt.Tooltip("source_publisher:N", title="Publisher"),
    ]
    y = alt.Y("row:N", sort=None, title=None, axis=alt.Axis(labelExpr=line_breaks(lines)))
    x_scale = alt.Scale(domain=[0, 100])
    measure = alt.Scale(domain=[CHINA_SHARE, TOP3_SHARE],
                        range=[theme.CHINA_COLOR, theme.OTHER_COLOR])
    bars = alt.Chart().mark_bar(height={"band": 0.6}).encode(
        y=y, x=alt.X("china_share_pct:Q", title=x_title, scale=x_scale,
                     axis=alt.Axis(tickCount=5)),
        color=alt.Color("measure:N", scale=measure, title=None),
        tooltip=tooltip,
    ).transform_calculate(measure=f"'{CHINA_SHARE}'")
    top3 = alt.Chart().mark_point(shape="diamond", size=140, filled=True, opacity=1).encode(
        y=y, x=alt.X("top3_share_pct:Q", scale=x_scale),
        color=alt.Color("measure:N", scale=measure, title=None),
        tooltip=tooltip,
    ).transform_filter("isValid(datum.top3_share_pct)").transform_calculate(
        measure=f"'{TOP3_SHARE}'")
    labels = alt.Chart().mark_text(align="right", dx=-4, fontWeight="bold",
                                   color=theme.text_color_on(theme.CHINA_COLOR)).encode(
        y=y, x="china_share_pct:Q", text=alt.Text("china_share_pct:Q", format=".0f"),
        tooltip=tooltip)
    claim = pd.DataFrame({"claim_pct": [CLAIM_PCT], "claim": [f"{CLAIM_PCT}%"]})
    rule = alt.Chart(claim).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="claim_pct:Q")
    rule_label = alt.Chart(claim).mark_text(align="left", dx=3, y=-8).encode(
        x="claim_pct:Q", text="claim:N")
    return (
        alt.layer(bars, labels, top3, rule, rule_label, data=rows)
        .properties(width="container", height=chart_height(len(rows), 48, legend_entries=2))
    )


@register(
    "rare_earth_mined_vs_refined",
    title="Where rare-earth ore is mined, and where it is refined",
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

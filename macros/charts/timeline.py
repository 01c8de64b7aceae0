"""The events timeline (export controls, US policy, the club and its partners, markets), and
the US and Chinese measures since 2023 side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import chart_height, wrap_label

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

# Each event category keeps one colour and shape; China's export controls use China's colour
# and US policy the United States' (the category enum is in data/datapackage.yaml).
CATEGORY_COLORS = {
    "China export control": theme.CHINA_COLOR,
    "US policy": theme.country_color("United States"),
    "club and partners": theme.country_color("Australia"),
    "allied policy": theme.country_color("Japan"),
    "market": theme.OTHER_COLOR,
}
LANES = 3  # events close in time within a category are spread over this many sub-rows
ROW_HEIGHT = 48
END_ROOM = 0.05  # share of the visible span left empty after the last event


@register(
    "events_timeline",
    title="Events crowd into 2025 and 2026: export controls, US moves and partner deals",
    alt="Events crowd into 2025 and 2026, as Chinese export controls, US "
        "policy moves and agreements with partner countries follow one another quickly.",
    resources=["events"],
    notes="If a long gap separates the earliest events from the rest, the time axis opens after "
          "it. Scroll to zoom and drag to pan the axis, for example to reach those earlier "
          "events; double-click to reset it. Hover or tap a point for the event and its source.",
)
def events_timeline(catalog: Catalog, t: Translator) -> alt.Chart:
    """Each point is one event, placed by date and grouped by category: Chinese export controls,
    US policy, the club and its partners, allied governments' policies, and market events. Each
    category has its own colour and shape; points close together in time are spread over a few
    sub-rows so none hides another."""
    table = catalog.table("events").sort_values(["date", "title"])
    rows = table[["date", "title", "summary", "category", "countries", "source_title",
                  "source_publisher"]].copy()
    rows["countries"] = rows["countries"].str.replace(";", ", ")
    rows["lane"] = _lanes(rows)
    categories = [c for c in CATEGORY_COLORS if c in set(rows["category"])]
    categories += sorted(set(rows["category"]) - set(categories))
    colors = alt.Scale(domain=categories,
                       range=[CATEGORY_COLORS.get(c, theme.OTHER_COLOR) for c in categories])
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    return (
        alt.Chart(rows)
        .mark_point(filled=True, size=90, clip=True)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(domain=_opening_window(rows["date"])),
                    axis=alt.Axis(labelOverlap=True)),
            y=alt.Y("category:N", sort=categories, title=None,
                    axis=alt.Axis(labelExpr="upper(slice(datum.label, 0, 1)) + "
                                            "slice(datum.label, 1)")),
            yOffset=alt.YOffset("lane:O", scale=alt.Scale(paddingOuter=0.5)),
            color=alt.Color("category:N", scale=colors, legend=None),
            shape=alt.Shape("category:N", scale=theme.category_shape_scale(categories),
                            legend=None),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("summary:N", title="Summary"),
                alt.Tooltip("countries:N", title="Countries"),
                alt.Tooltip("source_title:N", title="Source"),
                alt.Tooltip("source_publisher:N", title="Publisher"),
            ],
        )
        .add_params(zoom)
        .properties(width="container", height=chart_height(len(categories), ROW_HEIGHT,
                                                           axis_px=24))
    )


def _opening_window(dates: pd.Series) -> list[str]:
    """The x domain the chart opens on (ISO dates). If one empty stretch covers more than half
    the timeline, the axis opens after it (the earlier events are a drag away); it always ends a
    little after the last event."""
    ordered = dates.sort_values().reset_index(drop=True)
    gaps = ordered.diff()
    first = ordered.iloc[0]
    if gaps.max() > (ordered.iloc[-1] - first) / 2:
        first = ordered.iloc[gaps.idxmax()]
    start = pd.Timestamp(year=first.year, month=1, day=1)
    end = ordered.iloc[-1] + (ordered.iloc[-1] - start) * END_ROOM
    return [start.date().isoformat(), end.date().isoformat()]


def _lanes(rows: pd.DataFrame) -> list[int]:
    """A sub-row for each event: consecutive events of one category cycle through the lanes."""
    return (rows.groupby("category").cumcount() % LANES).tolist()


US_LANE, CHINA_LANE = "United States", "China"
LANE_CATEGORIES = {"US policy": US_LANE, "China export control": CHINA_LANE}
MEASURES_SINCE = "2023-01-01"
DATE_FORMAT = "%-d %b %Y"  # each label's first line
LINE_PX = 15  # px per line of an event's label
GAP_LINES = 0.7  # empty space between two events in one lane, in lines
STEP_LINES = 1.5  # each event starts at least this far below the one before (either lane)
WRAP = {"en": 24, "zh": 12}  # characters per label line: two lanes fit a 320 px screen
STATUS_NOTES = {"scheduled": "(scheduled)", "outcome unknown": "(outcome unknown)"}


def _stagger(rows: pd.DataFrame) -> list[float]:
    """Each event's top, in lines, in date order: below the previous label in its own lane, and
    at least one line (its date) below the previous event in either lane, so the lanes
    interleave without overlapping and the dates on the left stay in order."""
    tops: list[float] = []
    lane_bottom: dict[str, float] = {}
    previous = 0.5  # the lane headers take the first line and a half
    for lane, label in zip(rows["lane"], rows["label"], strict=True):
        top = max(lane_bottom.get(lane, 1.5), previous + STEP_LINES)
        lane_bottom[lane] = top + label.count("\n") + 2 + GAP_LINES  # date + label lines
        tops.append(top)
        previous = top
    return tops


@register(
    "measures_countermeasures",
    title="Measure and counter-measure: US and Chinese steps followed each other closely until "
          "both paused after Busan",
    alt="From late 2024 each US step, chip controls, tariffs and the affiliates rule, was "
        "followed within days by a Chinese export control, until both sides suspended measures "
        "for a year after the Busan meeting of October 2025.",
    resources=["events"],
    notes="US policy and Chinese export-control events since 2023 from the site's timeline; a "
          "hollow point marks a date that had not passed, or whose outcome no source reports, "
          "as of the page's review date. Each event's source is in the table below.",
)
def measures_countermeasures(catalog: Catalog, t: Translator) -> alt.LayerChart:
    """Two lanes, the United States on the left and China on the right, list each side's
    measures since 2023 in date order, each lower than the one before: export controls and
    licences, tariffs, bans and their suspensions, and US industrial policy such as the price
    floor and the stockpile. Each event is labelled with its date and its title."""
    table = catalog.table("events")
    rows = table[table["category"].isin(LANE_CATEGORIES)
                 & (table["date"] >= pd.Timestamp(MEASURES_SINCE))].sort_values(["date", "title"])
    rows = rows[["date", "title", "summary", "category", "status", "source_title",
                 "source_publisher"]].copy()
    rows["lane"] = rows["category"].map(LANE_CATEGORIES)
    width = WRAP.get(t.locale, WRAP["en"])
    rows["label"] = [
        "\n".join(wrap_label(t(title), width, t.is_default)
                  + ([t(STATUS_NOTES[status])] if status in STATUS_NOTES else []))
        for title, status in zip(rows["title"], rows["status"], strict=True)]
    rows["top"] = _stagger(rows)
    rows["done"] = rows["status"] == "happened"
    total = float((rows["top"] + rows["label"].str.count("\n") + 2).max())
    rows = rows.drop(columns=["category", "status"])

    y = alt.Y("top:Q", axis=None, scale=alt.Scale(domain=[0, total], reverse=True, nice=False,
                                                  zero=True))
    tooltip = [alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
               alt.Tooltip("title:N", title="Event"), alt.Tooltip("lane:N", title="Country"),
               alt.Tooltip("summary:N", title="Summary"),
               alt.Tooltip("source_title:N", title="Source"),
               alt.Tooltip("source_publisher:N", title="Publisher")]
    lane_x = {US_LANE: "6", CHINA_LANE: "width / 2 + 6"}
    color = {US_LANE: theme.country_color(US_LANE), CHINA_LANE: theme.CHINA_COLOR}
    shape = {US_LANE: "circle", CHINA_LANE: "square"}
    layers: list[alt.Chart] = []
    for lane, x in lane_x.items():
        mine = f"datum.lane == '{lane}'"
        layers += [
            alt.Chart().mark_point(size=70, strokeWidth=2, shape=shape[lane], color=color[lane],
                                   filled=False, x=alt.ExprRef(expr=x),
                                   yOffset=LINE_PX / 2 - 1).encode(
                y=y, fill=alt.condition("datum.done", alt.value(color[lane]),
                                        alt.value("transparent")),
                tooltip=tooltip).transform_filter(mine),
            alt.Chart().mark_text(align="left", baseline="top", fontWeight="bold",
                                  x=alt.ExprRef(expr=f"{x} + 10")).encode(
                y=y, text=alt.Text("date:T", format=DATE_FORMAT),
                tooltip=tooltip).transform_filter(mine),
            alt.Chart().mark_text(align="left", baseline="top", lineBreak="\n",
                                  lineHeight=LINE_PX, x=alt.ExprRef(expr=f"{x} + 10"),
                                  yOffset=LINE_PX).encode(
                y=y, text="label:N", tooltip=tooltip).transform_filter(mine),
            alt.Chart().mark_text(align="left", baseline="top", fontWeight="bold", fontSize=13,
                                  y=0, x=alt.ExprRef(expr=x)).encode(
                text="lane:N").transform_filter(mine).transform_window(
                first="row_number()").transform_filter("datum.first == 1"),
        ]
    return alt.layer(*layers, data=rows).properties(
        width="container", height=int(total * LINE_PX) + 10)

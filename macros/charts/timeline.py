"""The events timeline: export controls, US policy, the club and its partners, markets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from macros import theme
from macros.charts import register
from macros.charts._common import chart_height

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
    title="Timeline: export controls, US policy and the club's partnerships",
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

"""The chart registry and catalogue: every chart builds from the real data and is valid
Vega-Lite; declarations are complete; errors name the chart; the theme's colours are readable."""

from __future__ import annotations

import json
import re
from typing import Any

import altair as alt
import pandas as pd
import pytest

from macros import charts, theme
from macros.catalog import get_catalog
from macros.charts import ChartError, UnknownChartError
from macros.charts.prices import boom_and_bust
from tests.sitebuild import ROOT

CHART_IDS = [spec.id for spec in charts.all_charts()]


@pytest.fixture(scope="module")
def catalog() -> Any:
    """The project's real, validated data package."""
    return get_catalog()


class Specs(dict):
    """Each chart's Vega-Lite spec, built and validated against the schema on first use (so one
    broken chart fails its own tests only)."""

    def __init__(self, catalog: Any) -> None:
        super().__init__()
        self.catalog = catalog

    def __missing__(self, chart_id: str) -> dict[str, Any]:
        self[chart_id] = charts.build(chart_id, self.catalog).to_dict(validate=True)
        return self[chart_id]


@pytest.fixture(scope="module")
def specs(catalog: Any) -> Specs:
    """Every chart's validated Vega-Lite spec, by id."""
    return Specs(catalog)


class FakeCatalog:
    """Just enough of a catalog for registry tests."""

    def names(self) -> list[str]:
        return ["things"]

    def table(self, name: str) -> pd.DataFrame:
        return pd.DataFrame({"x": [1, 2], "y": [3, 4]})


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, charts.RegisteredChart]:
    """The registry, restored after the test (so test charts never leak into the site)."""
    registry = dict(charts._REGISTRY)
    monkeypatch.setattr(charts, "_REGISTRY", registry)
    return registry


# --- The catalogue -----------------------------------------------------------------------------


def test_the_catalogue_has_the_charts_the_pages_need() -> None:
    expected = {
        "rare_earth_mine_production_latest", "rare_earth_production_over_time",
        "rare_earth_supply_chain", "rare_earth_mined_vs_refined", "lithium_price_boom_bust",
        "ndpr_price_vs_floor", "us_rare_earth_import_sources", "us_net_import_reliance",
        "events_timeline", "club_rare_earth_output", "club_members_map",
        "measures_countermeasures",
    }
    assert expected <= set(CHART_IDS), f"missing: {sorted(expected - set(CHART_IDS))}"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_builds_from_the_real_data_and_is_valid_vega_lite(
    chart_id: str, specs: dict[str, dict[str, Any]],
) -> None:
    spec = specs[chart_id]
    assert spec["$schema"].endswith(f"/{alt.SCHEMA_VERSION}.json")
    rows = sum(len(values) for values in spec.get("datasets", {}).values())
    assert rows > 0, "the chart embeds no data"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_fills_its_container_has_a_height_and_leaves_the_title_to_the_caption(
    chart_id: str, specs: dict[str, dict[str, Any]],
) -> None:
    spec = specs[chart_id]
    assert spec.get("width") == "container"
    assert isinstance(spec.get("height"), int)
    assert "title" not in spec, "the figure caption carries the title"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_declares_alt_text_description_and_existing_resources(
    chart_id: str, catalog: Any,
) -> None:
    spec = charts.get(chart_id)
    assert spec.title and spec.alt and spec.description
    assert spec.alt.endswith("."), "alt text is one full sentence"
    assert spec.resources and set(spec.resources) <= set(catalog.names())


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_has_tooltips(chart_id: str, specs: dict[str, dict[str, Any]]) -> None:
    assert '"tooltip"' in json.dumps(specs[chart_id])


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_embedded_column_is_used_by_the_chart(
    chart_id: str, specs: dict[str, dict[str, Any]],
) -> None:
    spec = dict(specs[chart_id])
    datasets = spec.pop("datasets", {})
    body = json.dumps(spec)
    for values in datasets.values():
        unused = [column for column in values[0]
                  if f'"{column}"' not in body and f"datum.{column}" not in body]
        assert not unused, f"columns embedded but never encoded: {unused}"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_countries_have_the_same_colour_in_every_chart(
    chart_id: str, specs: dict[str, dict[str, Any]],
) -> None:
    for scale in _colour_scales(specs[chart_id]):
        for value, colour in zip(scale["domain"], scale["range"], strict=True):
            if value == theme.CHINA or value in theme.MEMBER_COLORS:
                assert colour == theme.country_color(value), value


def _colour_scales(node: Any) -> list[dict[str, Any]]:
    """Every explicit scale with a domain under a ``color`` encoding in a spec."""
    found = []
    if isinstance(node, dict):
        colour = node.get("color")
        if isinstance(colour, dict) and "domain" in (colour.get("scale") or {}):
            found.append(colour["scale"])
        for child in node.values():
            found += _colour_scales(child)
    elif isinstance(node, list):
        for child in node:
            found += _colour_scales(child)
    return found


# --- The registry --------------------------------------------------------------------------------


def test_an_unknown_id_lists_the_known_ids() -> None:
    with pytest.raises(UnknownChartError) as caught:
        charts.get("no_such_chart")
    message = str(caught.value)
    assert "no_such_chart" in message
    for chart_id in CHART_IDS:
        assert chart_id in message


def test_a_chart_that_raises_is_reported_with_its_id(scratch_registry: dict) -> None:
    @charts.register("test_broken", title="Broken", alt="Never drawn.", description="Broken.",
                     resources=["things"])
    def broken(catalog: Any, t: Any) -> alt.Chart:
        raise ZeroDivisionError("division by zero in the chart code")

    with pytest.raises(ChartError) as caught:
        charts.build("test_broken", FakeCatalog())
    assert "test_broken" in str(caught.value)
    assert "division by zero in the chart code" in str(caught.value)


def test_a_chart_whose_data_set_is_missing_names_both(scratch_registry: dict) -> None:
    @charts.register("test_missing_data", title="T", alt="A.", description="D.",
                     resources=["nowhere"])
    def chart(catalog: Any, t: Any) -> alt.Chart:
        return alt.Chart(catalog.table("nowhere")).mark_point()

    with pytest.raises(ChartError, match="test_missing_data.*nowhere"):
        charts.build("test_missing_data", FakeCatalog())


@pytest.mark.parametrize("missing", ["title", "alt", "description", "resources"])
def test_a_chart_without_title_alt_description_or_resources_is_refused(
    missing: str, scratch_registry: dict,
) -> None:
    declaration = {"title": "T", "alt": "A.", "description": "D.", "resources": ["things"]}
    declaration[missing] = [] if missing == "resources" else "  "
    with pytest.raises(ChartError, match=f"test_incomplete.*{missing}"):
        charts.register("test_incomplete", **declaration)(lambda catalog, t: alt.Chart())


def test_a_chart_function_must_take_the_catalog_and_the_translator(
    scratch_registry: dict,
) -> None:
    with pytest.raises(ChartError, match=r"test_one_parameter.*\(catalog, t\)"):
        charts.register("test_one_parameter", title="T", alt="A.", description="D.",
                        resources=["things"])(lambda catalog: alt.Chart())


def test_the_description_defaults_to_the_docstring(scratch_registry: dict) -> None:
    @charts.register("test_docstring", title="T", alt="A.", resources=["things"])
    def chart(catalog: Any, t: Any) -> alt.Chart:
        """What the chart shows, at length."""
        return alt.Chart(catalog.table("things")).mark_point()

    assert charts.get("test_docstring").description == "What the chart shows, at length."


def test_two_functions_cannot_share_an_id(scratch_registry: dict) -> None:
    with pytest.raises(ChartError, match="registered twice"):
        charts.register(CHART_IDS[0], title="T", alt="A.", description="D.",
                        resources=["things"])(lambda catalog, t: alt.Chart())


def test_build_applies_the_theme(scratch_registry: dict) -> None:
    @charts.register("test_theme", title="T", alt="A.", description="D.", resources=["things"])
    def chart(catalog: Any, t: Any) -> alt.Chart:
        return alt.Chart(catalog.table("things")).mark_point().encode(x="x:Q", y="y:Q")

    spec = charts.build("test_theme", FakeCatalog()).to_dict(validate=True)
    assert spec["config"]["background"] == "transparent"
    assert spec["config"]["font"] == theme.font("en") == theme.FONT_LATIN


# --- Chart logic ---------------------------------------------------------------------------------


def test_the_boom_and_bust_marks_come_from_the_data() -> None:
    rows = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "price": [5.0, 40.0, 2.0, 3.0],
                         "year_label": ["2020", "2021", "2022", "2023e"]})
    marked = boom_and_bust(rows)
    assert marked["role"].tolist() == ["", "peak", "trough", ""]
    assert marked.loc[1, "annotation"] == "2021 peak: 40"
    assert marked.loc[2, "annotation"] == "2022 trough: 2"
    # the lowest year since the peak is a trough only if prices rose again after it
    falling = boom_and_bust(rows.iloc[:3])
    assert falling["role"].tolist() == ["", "peak", "latest"]
    assert falling.loc[2, "annotation"] == "2022 latest: 2"


# --- Alt texts state findings: these checks fail if the data stops supporting them ---------


def _latest_production(catalog: Any) -> pd.Series:
    table = catalog.table("rare_earth_production")
    table = table[(table["year"] == table["year"].max()) & (table["country"] != "World total")]
    return table.set_index("country")["production_t"]


def test_alt_china_mines_most_and_the_us_most_among_members(catalog: Any) -> None:
    production = _latest_production(catalog)
    assert production.idxmax() == theme.CHINA
    members = production[production.index.isin(theme.MEMBER_COLORS)]
    assert members.idxmax() == "United States"


def test_supply_chain_china_s_share_rises_at_each_stage(
    specs: dict[str, dict[str, Any]],
) -> None:
    rows = next(iter(specs["rare_earth_supply_chain"]["datasets"].values()))
    assert [row["stage"] for row in rows] == ["mining", "refining", "magnet making"]
    shares = [row["value"] for row in rows]
    # the alt text: "mines well over half, refines more than nine-tenths, ... an even larger share"
    assert 50 < shares[0] < shares[1] < shares[2] and shares[1] > 90
    assert {row["basis"] for row in rows} == {"read in a secondary report"}


def test_alt_ndpr_was_above_the_floor_only_in_2022(catalog: Any) -> None:
    figures = catalog.table("key_figures").set_index("key")
    floor = figures.loc["ndpr_price_floor", "value"]
    prices = catalog.table("prices_annual").query("commodity == 'NdPr oxide'")
    assert prices.loc[prices["price"] > floor, "year"].tolist() == [2022]


def test_alt_lithium_peaked_in_2022(catalog: Any) -> None:
    prices = catalog.table("prices_annual").query("commodity == 'lithium carbonate'")
    assert prices.loc[prices["price"].idxmax(), "year"] == 2022


def test_alt_china_then_malaysia_supply_us_rare_earth_imports(catalog: Any) -> None:
    shares = catalog.table("us_rare_earth_import_sources").sort_values("share_pct")
    assert shares["country"].tolist()[-2:] == ["Malaysia", theme.CHINA]


# --- The theme -----------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours."""
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


MARK_COLOURS = sorted({theme.CHINA_COLOR, theme.OTHER_COLOR, *theme.MEMBER_COLORS.values(),
                       *theme.CATEGORY_COLORS})


@pytest.mark.parametrize("colour", MARK_COLOURS)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_mark_colour_has_3_to_1_contrast_on_light_and_dark(colour: str, scheme: str) -> None:
    assert contrast(colour, theme.BACKGROUNDS[scheme]) >= 3.0


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_text_has_4_5_to_1_contrast_on_its_own_background(scheme: str) -> None:
    ink = theme.ink(scheme)
    for role in ("text", "muted"):
        assert contrast(ink[role], theme.BACKGROUNDS[scheme]) >= 4.5, role


def test_china_and_each_member_have_their_own_colour_shape_and_dash() -> None:
    countries = [theme.CHINA, *theme.MEMBER_COLORS]
    for scale in (theme.country_color_scale(countries), theme.country_shape_scale(countries),
                  theme.country_dash_scale(countries)):
        values = [json.dumps(v) for v in scale.range]
        assert len(set(values)) == len(countries)
    assert theme.country_color("Estonia") == theme.OTHER_COLOR


def test_the_map_names_its_topology_by_url_and_every_partner_is_drawn_or_listed(
    specs: dict[str, dict[str, Any]], catalog: Any,
) -> None:
    from macros.charts import maps

    spec = specs["club_members_map"]
    assert spec["data"] == {"url": maps.TOPOLOGY, "format": {"type": "topojson",
                                                             "feature": maps.FEATURE}}
    assert '"arcs"' not in json.dumps(spec), "the topology is loaded, never inlined"
    rows = next(iter(spec["datasets"].values()))
    drawn = {row["country"] for row in rows if row["group"]}
    members = set(catalog.table("members")["country"])
    assert drawn == (members - maps.NOT_DRAWN) | {"United States", "China"}
    with pytest.raises(ValueError, match="not on the map"):
        maps.atlas_id("Atlantis")


def test_measures_list_every_us_and_chinese_event_since_2023_in_order_without_overlap(
    specs: dict[str, dict[str, Any]], catalog: Any,
) -> None:
    rows = next(iter(specs["measures_countermeasures"]["datasets"].values()))
    events = catalog.table("events")
    wanted = events[events["category"].isin(["US policy", "China export control"])
                    & (events["date"] >= "2023-01-01")]
    assert sorted(row["title"] for row in rows) == sorted(wanted["title"])
    assert {row["lane"] for row in rows} == {"United States", "China"}
    tops = [row["top"] for row in rows]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), "each event below the last"
    for lane in ("United States", "China"):
        mine = [row for row in rows if row["lane"] == lane]
        for above, below in zip(mine, mine[1:], strict=False):
            assert below["top"] >= above["top"] + above["label"].count("\n") + 2, "no overlap"


def test_the_club_mines_less_than_china_and_no_row_is_empty(
    specs: dict[str, dict[str, Any]],
) -> None:
    from macros.charts.members import COMBINED

    rows = next(iter(specs["club_rare_earth_output"]["datasets"].values()))
    output = {row["country"]: row["production_t"] for row in rows}
    assert all(value > 0 for value in output.values()), "no empty rows"
    assert output[COMBINED] < output["China"] / 2, "the title: far fewer than China alone"
    named = rows[0]["none"].replace("\n", " ")
    assert "Japan" in named and "South Korea" in named, "countries without output are named"


@pytest.mark.parametrize("suffix", [".md", ".zh.md"])
def test_every_chart_is_placed_on_a_page_of_each_edition(suffix: str) -> None:
    """A registered chart that no page places is published only in the gallery: a reader of
    the explainer never meets it (place it, or retire its id in macros/charts/ids.yaml)."""
    placed: set[str] = set()
    for page in (ROOT / "docs").rglob(f"*{suffix}"):
        if suffix == ".md" and page.name.endswith(".zh.md") or "charts" in page.parts:
            continue
        placed |= set(re.findall(r"""\{\{\s*chart\(\s*["']([\w-]+)["']""",
                                 page.read_text(encoding="utf-8")))
    assert not set(CHART_IDS) - placed, f"charts on no {suffix} page: {set(CHART_IDS) - placed}"

"""The figure layer: a chart becomes safe, self-contained page HTML (macros/figure.py), and the
chart() placeholder survives Markdown's containers (macros/placeholders.py, macros/hooks.py)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import markdown
import pandas as pd
import pytest

from macros import figure, figure_spec, placeholders, png_jobs, svg
from macros.figure import Figure, FigureError

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "';alert(3);//",
    "{{ 7*7 }}",
    "`code` *em* _under_ <b>bold</b> & co",
]


class FakeChart:
    """The parts of a registered chart (macros.charts.RegisteredChart) the figure reads."""

    def __init__(self, chart_id: str = "demo", **texts: str) -> None:
        self.id = chart_id
        self.title = texts.get("title", "Demo: production by country")
        self.alt = texts.get("alt", "Bar chart: the demo finding.")
        self.description = texts.get("description", "A longer description of the demo chart.")
        self.resources = ("demo_table",)
        self.notes = texts.get("notes", "")


class FakeCatalog:
    """A one-table catalog whose text cells and source metadata are hostile."""

    def __init__(self, table: pd.DataFrame, sources: list[dict[str, str]] | None = None) -> None:
        self._table = table
        self._sources = sources if sources is not None else [{
            "title": "Demo source " + HOSTILE[0], "path": "https://example.org/demo?a=1&b='2'",
            "publisher": "Publisher " + HOSTILE[1], "edition": "Edition " + HOSTILE[2],
        }]

    def resource(self, name: str) -> dict:
        return {"name": name, "title": "Demo table " + HOSTILE[4], "sources": self._sources,
                "schema": {"fields": [{"name": c} for c in self._table.columns]}}

    def table(self, name: str) -> pd.DataFrame:
        return self._table.copy()


def hostile_table() -> pd.DataFrame:
    return pd.DataFrame({
        "country": HOSTILE,
        "value": [270000.0, 51000.5, 29000.0, 7.0, 49.0],
        "unused_note": ["UNUSED-COLUMN-MARKER"] * len(HOSTILE),
    })


def demo_spec(frame: pd.DataFrame) -> dict:
    """A small layered bar chart (bars + labels) that uses country and value only."""
    base = alt.Chart(frame).encode(
        y=alt.Y("country:N", title=None),
        x=alt.X("value:Q", title="Value (t)"),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("value:Q")],
    )
    chart = base.mark_bar(clip=True) + base.mark_text(align="left", dx=3).encode(text="country:N")
    return chart.properties(width="container", height=200, title="Dropped title").to_dict()


@pytest.fixture(scope="module")
def rendered() -> Figure:
    frame = hostile_table()
    result = figure.render(FakeChart(notes="Note " + HOSTILE[3]), demo_spec(frame),
                           FakeCatalog(frame), figure_id="fig-demo", page_url="market/",
                           dark_config={"axis": {"labelColor": "#eeeeee"}})
    png_jobs.finish()  # as a build does before it publishes the files
    return result


class Elements(HTMLParser):
    """Collects tags, attributes and text of an HTML fragment, the way a browser tokenizes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> Elements:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def chart_attribute(fragment: str, name: str) -> object:
    """A JSON data attribute of the chart box, decoded as a browser would."""
    tags = [attrs for tag, attrs in parse(fragment).tags if "cm-chart" in (attrs.get("class") or "")
            .split()]
    assert len(tags) == 1
    return json.loads(tags[0][name])


# --- escaping ---------------------------------------------------------------------------------


def test_hostile_strings_never_become_markup(rendered: Figure) -> None:
    elements = parse(rendered.html)
    tags = {tag for tag, _ in elements.tags}
    assert not tags & {"script", "img", "b", "iframe", "object"}
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)


def test_spec_attribute_cannot_break_out_and_keeps_the_data(rendered: Figure) -> None:
    raw = re.search(r"data-spec='([^']*)'", rendered.html).group(1)
    assert not set("<>'") & set(raw)
    spec = chart_attribute(rendered.html, "data-spec")
    values = json.dumps(spec)
    for text in HOSTILE:
        assert json.dumps(text)[1:-1] in values  # intact, as data


def test_table_shows_hostile_strings_as_text(rendered: Figure) -> None:
    text = "".join(parse(rendered.html).text)
    for value in HOSTILE:
        assert value in text
    assert "{{ 7*7 }}" in text


def test_static_svg_escapes_data(rendered: Figure) -> None:
    svg = re.search(r"<svg\b.*?</svg>", rendered.html, re.S).group(0)
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;/script&gt;" in svg


def test_sources_are_escaped_and_only_http_links(rendered: Figure) -> None:
    links = [attrs["href"] for tag, attrs in parse(rendered.html).tags if tag == "a"]
    assert "https://example.org/demo?a=1&b='2'" in links
    frame = hostile_table()
    bad = FakeCatalog(frame, [{"title": "Bad link", "path": "javascript:alert(1)",
                               "publisher": "P"}])
    other = figure.render(FakeChart(), demo_spec(frame), bad, figure_id="fig-bad", page_url="")
    assert "javascript:" not in other.html
    assert "Bad link" in "".join(parse(other.html).text)


def test_attribute_json_escapes_the_four_characters() -> None:
    assert figure_spec.attribute_json({"a": "</script>&'"}) == (
        '{"a":"&lt;/script&gt;&amp;&#39;"}')
    assert json.loads(html.unescape(figure_spec.attribute_json(HOSTILE))) == HOSTILE


# --- what is embedded -------------------------------------------------------------------------


def test_only_used_columns_are_embedded(rendered: Figure) -> None:
    assert "UNUSED-COLUMN-MARKER" not in rendered.html
    csv = next(file for path, file in rendered.files.items() if path.endswith(".csv"))
    assert csv.read_text(encoding="utf-8").splitlines()[0] == "country,value"
    assert all(b"UNUSED" not in file.read_bytes() for file in rendered.files.values())


def test_csv_is_exactly_the_plotted_rows(rendered: Figure) -> None:
    csv = next(file for path, file in rendered.files.items() if path.endswith(".csv"))
    frame = pd.read_csv(csv, keep_default_na=False)
    assert frame["country"].tolist() == HOSTILE
    assert frame["value"].tolist() == [270000, 51000.5, 29000, 7, 49]


def test_downloads_are_content_hashed_and_linked_relative_to_the_page(rendered: Figure) -> None:
    assert {Path(p).suffix for p in rendered.files} == {".csv", ".svg", ".png"}
    for path in rendered.files:
        assert re.fullmatch(r"assets/charts/demo\.[0-9a-f]{10}\.(csv|svg|png)", path)
        assert f'href="../{path}"' in rendered.html
    png = next(file for path, file in rendered.files.items() if path.endswith(".png"))
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_png_renderings_run_in_the_background_and_fail_loudly(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.png", tmp_path / "bad.png"
    png_jobs.start('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                   '<rect width="4" height="4" fill="red"/></svg>', good, 1)
    png_jobs.copy_when_done(good, tmp_path / "site" / "copy.png")
    png_jobs.finish()
    assert (tmp_path / "site" / "copy.png").read_bytes() == good.read_bytes()
    assert good.read_bytes()[:4] == b"\x89PNG"
    png_jobs.start("<not-svg>", bad, 1)
    with pytest.raises(RuntimeError, match="rendering the PNG download bad.png failed"):
        png_jobs.finish()
    assert not bad.exists()


def test_the_downloaded_svg_carries_title_and_sources_as_text(rendered: Figure) -> None:
    from xml.etree import ElementTree

    svg = next(file for path, file in rendered.files.items() if path.endswith(".svg"))
    root = ElementTree.fromstring(svg.read_bytes())  # well-formed: hostile text is escaped
    ns = "{http://www.w3.org/2000/svg}"
    lines = [el.text for el in root.findall(f"{ns}text")]
    assert lines[0] == "Demo: production by country"
    drawn = " ".join(lines[1:])
    assert drawn.startswith("Source: Publisher ") and HOSTILE[1] in drawn
    chart = root.find(f"{ns}svg")  # the static chart, placed below the text
    assert chart is not None and int(chart.get("y")) > 0
    assert int(root.get("height")) == int(chart.get("y")) + int(chart.get("height"))


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("one two three four", 60, ["one two", "three four"]),
    ("来源：美国地质调查局", 5 * 10, ["来源：美国", "地质调查局"]),
    ("USGS 数据", 1000, ["USGS 数据"]),
])
def test_download_text_wraps_by_estimated_width(text: str, width: int,
                                                expected: list[str]) -> None:
    assert svg.wrap(text, width, 10) == expected


def apply_patches(spec: object, patches: list) -> object:
    """What charts.js does with data-dark: set [path, value], delete [path]."""
    spec = json.loads(json.dumps(spec))
    for patch in patches:
        node = spec
        for key in patch[0][:-1]:
            node = node[key]
        if len(patch) > 1:
            node[patch[0][-1]] = patch[1]
        else:
            del node[patch[0][-1]]
    return spec


def test_dark_palette_is_a_short_list_of_patches(rendered: Figure) -> None:
    patches = chart_attribute(rendered.html, "data-dark")
    assert patches and len(json.dumps(patches)) < 300
    dark = apply_patches(chart_attribute(rendered.html, "data-spec"), patches)
    assert json.dumps(dark).count("#eeeeee") >= 1


@pytest.mark.parametrize("base, other", [
    ({"a": 1, "b": [1, 2], "c": {"d": 1}}, {"a": 2, "b": [1, 3], "c": {"e": 1}}),
    ({"a": [1, 2]}, {"a": [1, 2, 3]}),
    ({"a": 1}, {"a": 1}),
])
def test_spec_patches_turn_one_spec_into_the_other(base: dict, other: dict) -> None:
    assert apply_patches(base, figure_spec.spec_patches(base, other)) == other


def test_title_moves_to_the_caption_and_alt_text_to_the_chart(rendered: Figure) -> None:
    assert "Dropped title" not in json.dumps(chart_attribute(rendered.html, "data-spec"))
    box = next(attrs for _, attrs in parse(rendered.html).tags
               if "cm-chart" in (attrs.get("class") or "").split())
    assert box["role"] == "img"
    assert box["aria-label"] == "Bar chart: the demo finding."
    assert box["aria-describedby"] == "fig-demo-description"
    assert 'id="fig-demo-description"' in rendered.html


def test_static_svg_is_excluded_from_search_and_sized_like_the_live_chart(
        rendered: Figure) -> None:
    assert '<div class="cm-chart__static" data-search-exclude>' in rendered.html
    spec = chart_attribute(rendered.html, "data-spec")
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}
    width, height = svg.svg_size(re.search(r"<svg\b[^>]*>", rendered.html).group(0))
    assert width == figure_spec.STATIC_WIDTH
    assert f"height:{height}px" in rendered.html


def test_the_inline_static_svg_carries_nothing_it_does_not_need(rendered: Figure) -> None:
    """Hidden from assistive technology as a whole, so no ARIA inside; no empty paths or default
    attributes; the classes the page's CSS styles (dark palette) stay."""
    static = re.search(r'<div class="cm-chart__static"[^>]*>(<svg\b.*?</svg>)</div>',
                       rendered.html, re.S).group(1)
    root = re.match(r"<svg\b[^>]*>", static).group(0)
    inside = static[len(root):]
    assert 'aria-hidden="true"' in root
    assert not re.search(r' (?:role|aria-[a-z]+)="', inside)
    assert ' d=""' not in inside and 'opacity="1"' not in inside
    assert "role-axis-title" in inside and "<text" in inside


def test_the_lighter_static_svg_draws_the_same_picture_with_fewer_elements() -> None:
    """Ticks, gridlines and domains become one path per run, attribute-less groups go, the font
    family is named once: the same pixels (resvg, as the PNG downloads are drawn), fewer nodes."""
    import vl_convert as vlc

    frame = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "tonnes": [10, 30, 20, 40],
                          "kind": ["a", "b", "a", "b"]})
    spec = alt.Chart(frame).mark_line(point=True).encode(
        x="year:O", y="tonnes:Q", color="kind:N").properties(width=400, height=200).to_dict()
    original = vlc.vegalite_to_svg(spec)
    lighter = svg.lighter_svg(original)
    assert vlc.svg_to_png(lighter, 1) == vlc.svg_to_png(original, 1)
    elements = lambda text: len(re.findall(r"<[a-z]", text))  # noqa: E731
    assert elements(lighter) < 0.8 * elements(original)
    assert "<line" not in lighter and not re.search(r"<g>|<g\s*/>", lighter)
    assert lighter.count("font-family=") == 1
    assert "role-axis-grid" in lighter  # the classes the dark palette's CSS styles stay


def test_a_chinese_page_gets_chinese_labels_and_the_chinese_data_page() -> None:
    from macros.i18n import translator

    frame = hostile_table()
    zh = figure.render(FakeChart(notes="A note."), demo_spec(frame), FakeCatalog(frame),
                       figure_id="fig-demo", page_url="zh/market/", locale="zh")
    t = translator("zh")
    text = "".join(parse(zh.html).text)
    for word in ("Source", "Data set", "Note", "Download", "About this chart and its data"):
        assert t(word) in text
    assert 'href="../data/#demo_table"' in zh.html  # zh/data/, seen from zh/market/


def test_a_translated_figure_names_the_sources_of_the_rows_it_plots_only() -> None:
    """On a Chinese page the plotted values are translated ('China' -> '中国'), so they no longer
    equal the CSV's; the source line must still name the sources of the rows plotted, matched as
    the CSV writes them, not every source of the data set (zh/market's NdPr chart once listed
    7,040 characters of them)."""
    from copy import deepcopy

    frame = pd.DataFrame({"country": ["China", "Australia", "Brazil"], "value": [1.0, 2.0, 3.0],
                          "source_title": ["Report A", "Report B", "Report C"],
                          "source_url": [f"https://example.org/{x}" for x in "abc"]})
    catalog = FakeCatalog(frame, sources=[{"title": "Every report", "publisher": "P",
                                           "path": "https://example.org/every"}])
    as_written = demo_spec(frame[frame["country"] != "Brazil"][["country", "value"]])
    translated = deepcopy(as_written)
    names = {"China": "中国", "Australia": "澳大利亚"}
    for rows in translated["datasets"].values():
        for row in rows:
            row["country"] = names[row["country"]]
    for locale in ("en", "zh"):
        spec = as_written if locale == "en" else translated
        source_line = re.search(r'<p class="cm-figure__source">.*?</p>', figure.render(
            FakeChart(), spec, catalog, figure_id="fig-demo", page_url="market/",
            locale=locale, as_written=as_written).html)[0]
        assert re.findall(r'href="([^"]+)"', source_line) == [
            "https://example.org/a", "https://example.org/b"], locale


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_no_label_is_followed_by_a_lone_space(locale: str) -> None:
    """A whitespace-only text node after a label ('下载：' then ' ' then the links) has no box
    until what follows it arrives, so it moved while a Chinese page streamed in (layout shift)."""
    frame = hostile_table()
    rendered = figure.render(FakeChart(notes="A note."), demo_spec(frame), FakeCatalog(frame),
                             figure_id="fig-demo", page_url="market/", locale=locale)
    labels = re.findall(r"<span>[^<]*[:：] ?</span>.", rendered.html)
    assert len(labels) >= 5  # source, data set, note, download, table caption
    assert not [label for label in labels if label.endswith(" ")]


# --- unique ids -------------------------------------------------------------------------------


def test_svg_ids_are_unique_per_figure() -> None:
    frame = hostile_table()
    page = "".join(figure.render(FakeChart(), demo_spec(frame), FakeCatalog(frame),
                                 figure_id=f"fig-demo-{n}", page_url="").html for n in (1, 2))
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert any("clip" in i for i in ids)  # the bars are clipped: there is something to prefix
    for reference in re.findall(r"url\(#([^)]+)\)", page):
        assert reference in ids


# --- errors name the page and the chart -------------------------------------------------------


def test_unknown_chart_names_page_chart_and_known_ids() -> None:
    with pytest.raises(placeholders.ChartMacroError) as error:
        placeholders.chart_macro("market.md", "market/", "no_such_chart")
    message = str(error.value)
    assert "market.md" in message and "no_such_chart" in message
    assert "rare_earth_mine_production_latest" in message  # the known ids are listed


@pytest.mark.parametrize("args, kwargs", [((), {}), ((1,), {}), (("a", "b"), {}),
                                          (("a",), {"size": 2}), (("  ",), {})])
def test_bad_arguments_name_the_page(args: tuple, kwargs: dict) -> None:
    with pytest.raises(placeholders.ChartMacroError, match=r"^club\.md: chart\("):
        placeholders.chart_macro("club.md", "club/", *args, **kwargs)


def test_a_chart_that_raises_names_page_and_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    from macros import charts

    charts.all_charts()
    monkeypatch.setattr(charts, "_REGISTRY", dict(charts._REGISTRY))

    @charts.register("test_broken_chart", title="Broken", alt="Broken chart.",
                     description="Raises.", resources=["rare_earth_production"])
    def broken(catalog: object, t: object) -> alt.Chart:
        raise RuntimeError("deliberate failure")

    with pytest.raises(placeholders.ChartMacroError) as error:
        placeholders.chart_macro("market.md", "market/", "test_broken_chart")
    assert "market.md" in str(error.value) and "test_broken_chart" in str(error.value)
    assert "deliberate failure" in str(error.value)


def test_a_chart_whose_data_names_no_source_fails() -> None:
    frame = hostile_table()
    with pytest.raises(FigureError, match="no source"):
        figure.render(FakeChart(), demo_spec(frame), FakeCatalog(frame, sources=[]),
                      figure_id="fig-x", page_url="")


def test_a_lost_placeholder_fails_naming_page_and_chart(tmp_path: Path) -> None:
    placeholders.reset()
    placeholders.stash("a.md", "demo", Figure("<figure></figure>", {}))
    with pytest.raises(placeholders.ChartMacroError, match=r"a\.md: chart\(\"demo\"\)"):
        placeholders.mark("a.md", "<p>no token here</p>", {})


def test_the_search_index_sees_the_caption_and_the_page_gets_the_figure(tmp_path: Path) -> None:
    placeholders.reset()
    html = ('<figure class="cm-figure"><figcaption class="c"><span>Title</span> Finding'
            '</figcaption><svg><text>axis label</text></svg></figure>')
    token = placeholders.stash("a.md", "demo", Figure(html, {}))
    content = placeholders.mark("a.md", f"<p>Before</p>\n<p>{token}</p>", {})
    assert "<svg" not in content and "<p><span>Title</span> Finding</p>" in content
    page = placeholders.swap("a.md", f"<html><body>{content}</body></html>", str(tmp_path))
    assert page == f"<html><body><p>Before</p>\n{html}</body></html>"


def test_a_stub_lost_before_the_page_is_written_fails(tmp_path: Path) -> None:
    placeholders.reset()
    token = placeholders.stash("a.md", "demo", Figure("<figure></figure>", {}))
    placeholders.mark("a.md", token, {})
    with pytest.raises(placeholders.ChartMacroError, match=r"a\.md: chart\(\"demo\"\)"):
        placeholders.swap("a.md", "<html>template dropped the content</html>", str(tmp_path))


# --- placeholders survive Markdown's containers -----------------------------------------------

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.smartsymbols", "pymdownx.superfences",
              "pymdownx.tabbed"]


def test_figures_inside_admonitions_tabs_and_lists_keep_their_data(tmp_path: Path) -> None:
    placeholders.reset()
    placeholders.set_scripts("assets/javascripts/vega.x.js", "assets/javascripts/charts.y.js")
    body = ("<figure class=\"cm-figure\"><div data-spec='{\"v\":\"`code` *em* _u_ 1/2 (c) --> "
            "&lt;b&gt;\"}'></div><table><tr><td>`x`</td></tr></table></figure>")
    token = {}
    for place in ("top", "admonition", "tab", "list", "details"):
        token[place] = placeholders.stash("p.md", f"c_{place}", Figure(
            body.replace("figure class", f'figure data-place="{place}" class'), {}))
    source = f"""{token['top']}

!!! note "In an admonition"

    {token['admonition']}

=== "Tab"

    {token['tab']}

=== "Other tab"

    Text.

- An item:

    {token['list']}

- Tight item

??? info "Collapsed"

    {token['details']}
"""
    meta: dict = {}
    rendered = markdown.markdown(source, extensions=EXTENSIONS, extension_configs={
        "pymdownx.tabbed": {"alternate_style": True}})  # as in mkdocs.yml
    out = placeholders.swap("p.md", placeholders.mark("p.md", rendered, meta), str(tmp_path))
    for place in token:
        assert body.replace("figure class", f'figure data-place="{place}" class') in out
    assert "CMCHART" not in out
    assert "<p><figure" not in out  # a placeholder's own paragraph is replaced whole
    assert re.search(r'class="admonition note">.*data-place="admonition"', out, re.S)
    assert re.search(r'class="tabbed-block">\s*<figure data-place="tab"', out)
    assert re.search(r'<li>\s*<p>An item:</p>\s*<figure data-place="list"', out)
    assert meta[placeholders.SCRIPTS_KEY] == {"runtime": "assets/javascripts/vega.x.js",
                                              "script": "assets/javascripts/charts.y.js"}


def test_a_page_without_charts_is_not_flagged(tmp_path: Path) -> None:
    placeholders.reset()
    meta: dict = {}
    assert placeholders.mark("plain.md", "<p>Text</p>", meta) == "<p>Text</p>"
    assert placeholders.swap("plain.md", "<p>Text</p>", str(tmp_path)) == "<p>Text</p>"
    assert placeholders.SCRIPTS_KEY not in meta


# --- a real (tiny) MkDocs build ---------------------------------------------------------------

SITE = """site_name: Figure test
site_url: http://127.0.0.1:8000/
theme: {{name: material, custom_dir: overrides, font: false, features: [navigation.instant]}}
extra_css: [assets/stylesheets/charts.css]
markdown_extensions: [admonition, attr_list, md_in_html, pymdownx.details,
  pymdownx.superfences, {{pymdownx.tabbed: {{alternate_style: true}}}}]
plugins: [search, {{macros: {{module_name: macros, on_undefined: strict}}}}]
hooks: [macros/hooks.py]
nav: [{nav}]
"""


def build_site(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    """Build a throwaway site that uses the project's macros, hooks, overrides and assets."""
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    for name in ("macros", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    for name in ("javascripts", "stylesheets"):
        (docs / "assets" / name).symlink_to(ROOT / "docs" / "assets" / name)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(SITE.format(nav=", ".join(pages)), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([Path(sys.executable).parent / "mkdocs", "build", "--strict"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_build_places_figures_in_containers_and_scripts_only_on_chart_pages(
        tmp_path: Path) -> None:
    chart = '{{ chart("us_rare_earth_import_sources") }}'
    result = build_site(tmp_path, {
        "index.md": "# Home\n\nNo chart.\n",
        "charts.md": f"# Charts\n\n!!! note\n\n    {chart}\n\n=== \"Tab\"\n\n    {chart}\n\n"
                     f"- Item:\n\n    {chart}\n",
    })
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "charts" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="cm-figure"') == 3
    assert {"fig-us_rare_earth_import_sources", "fig-us_rare_earth_import_sources-2",
            "fig-us_rare_earth_import_sources-3"} <= set(re.findall(r'<figure[^>]*id="([^"]+)"',
                                                                    page))
    assert re.search(r'<script src="\.\./assets/javascripts/charts\.[0-9a-f]{10}\.js" '
                     r'data-runtime="\.\./assets/javascripts/vega\.[0-9a-f]{10}\.js"', page)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "javascripts/charts." not in home and "javascripts/vega." not in home
    scripts = {p.name for p in (tmp_path / "site" / "assets" / "javascripts").iterdir()}
    assert "charts.js" not in scripts  # only the content-hashed copy is published
    for href in re.findall(r'href="\.\./(assets/charts/[^"]+)"', page):
        assert (tmp_path / "site" / href).is_file()


@pytest.mark.slow
def test_build_fails_naming_page_and_chart(tmp_path: Path) -> None:
    result = build_site(tmp_path, {"index.md": "# Home\n\n{{ chart(\"not_a_chart\") }}\n"})
    assert result.returncode != 0
    assert "index.md" in result.stderr and "not_a_chart" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists() or "Macro Rendering Error" not in (
        tmp_path / "site" / "index.html").read_text(encoding="utf-8")


# --- Files a chart loads by URL (the map's topology) ---------------------------------------------


TOPOLOGY = "assets/maps/countries-110m.json"


def map_spec() -> dict:
    """A one-layer world map that loads the published topology by URL."""
    shapes = alt.Data(url=TOPOLOGY, format=alt.DataFormat(type="topojson", feature="countries"))
    chart = alt.Chart(shapes).mark_geoshape().encode(tooltip=alt.Tooltip("id:N"))
    return chart.project(type="equalEarth").properties(width="container", height=200).to_dict()


def test_a_map_loads_its_topology_by_url_and_the_static_svg_draws_it() -> None:
    frame = hostile_table()
    result = figure.render(FakeChart(), map_spec(), FakeCatalog(frame), figure_id="fig-map",
                           page_url="zh/club/")
    live = json.loads(html.unescape(re.search(r"data-spec='([^']*)'", result.html).group(1)))
    sources = [d for d in live["data"] if "url" in d]
    assert [d["url"] for d in sources] == [f"../../{TOPOLOGY}"], "relative to the page"
    assert '"arcs"' not in result.html, "the topology is never inlined into the page"
    static = re.search(r'<div class="cm-chart__static"[^>]*>(.*?)</div>', result.html).group(1)
    assert static.count("<path") > 100, "the static SVG draws the countries"


@pytest.mark.parametrize("url", ["https://example.org/world.json", "/assets/maps/x.json",
                                 "../data/members.csv", "assets/maps/missing.json"])
def test_a_chart_may_load_only_a_file_the_site_publishes(url: str) -> None:
    from macros.figure_spec import DataUrlError, data_urls

    spec = {"data": {"url": url}, "mark": "point"}
    with pytest.raises(DataUrlError, match="not a file under docs/"):
        data_urls(spec)


def test_the_topology_is_published_with_its_licence() -> None:
    topology = json.loads((ROOT / "docs" / TOPOLOGY).read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and "countries" in topology["objects"]
    licence = (ROOT / "docs" / "assets" / "maps" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Bostock" in licence and "Permission to use, copy, modify" in licence


def test_the_data_table_shows_the_columns_the_chart_titles_once_each() -> None:
    rows = [{"year": 2024, "year_label": "2024", "price": 55.0, "label": "55", "ink": "#fff"}]
    titles = {"year_label": "Year", "price": "Price (USD/kg)", "label": "Price (USD/kg)"}
    from macros.i18n import translator

    table = figure.data_table(rows, titles, translator("en"), "Prices")
    heads = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert heads == ["Year", "Price (USD/kg)"]  # no helper column, no copy of the price
    assert "#fff" not in table and ">2024<" in table

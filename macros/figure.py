"""A registered chart as a page figure: one ``<figure>`` HTML string plus its download files.

The figure carries:

- the interactive chart: the spec compiled to Vega at build time (so the page needs only the Vega
  runtime), in a single-quoted ``data-spec`` attribute with ``& ' < >`` escaped, so no data value
  can end the element or open a script, and the attribute survives Material's instant navigation;
  ``data-dark`` holds the few spec values that differ under the dark palette;
- a static SVG of the same chart (vl-convert, at build time) in a box of the live chart's height,
  so nothing moves when the live chart replaces it; its ids are prefixed with the figure id and it
  is excluded from search;
- a caption (title, main finding), the source line built from the data package, notes, download
  links (CSV of exactly the plotted rows, SVG, PNG) and the same numbers as a table.

Only the columns the spec refers to are embedded. Every data-derived string is HTML-escaped.
"""

from __future__ import annotations

import csv
import html
import inspect
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import vl_convert as vlc

from macros import bundle
from macros.catalog import ISO_MIDNIGHT, cell_text, plotted_sources
from macros.formatting import format_number
from macros.i18n import DEFAULT as DEFAULT_LOCALE
from macros.i18n import Translator, dataset_title, localize_config, localize_spec, translator
from macros.paths import DATA_DIR, PROJECT_ROOT, relative

STATIC_WIDTH = 640  # px: about the width of Material's content column on a desktop screen
DEFAULT_HEIGHT = 360  # px: for charts that do not set a height
COMPOUND = ("facet", "concat", "hconcat", "vconcat", "repeat")  # views that cannot fill a box
CHARTS_DIR = "assets/charts"  # downloads, under site/
DOWNLOAD_PADDING = 12  # px around the title and source lines of downloaded images
TITLE_PX, SOURCE_PX = 14, 11  # font sizes of those lines
DATA_PAGE = "data/"  # docs/data.md: one section per data set, anchored by its name
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;"})


class FigureError(ValueError):
    """A chart cannot become a figure (for example: its data sets name no source)."""


class ChartLike(Protocol):
    """What the figure needs of a registered chart (macros.charts.RegisteredChart)."""

    id: str
    title: str
    alt: str
    description: str
    resources: tuple[str, ...]
    notes: str


class CatalogLike(Protocol):
    """What the figure needs of the data catalog (macros.catalog.Catalog)."""

    def resource(self, name: str) -> dict[str, Any]: ...

    def table(self, name: str) -> Any: ...  # a pandas DataFrame


@dataclass(frozen=True)
class Figure:
    """A figure's HTML and the files it links to: path under site/ -> the cached file."""

    html: str
    files: dict[str, Path]


def figure_for(chart_id: str, *, figure_id: str, page_url: str, locale: str = "en") -> Figure:
    """The figure of a registered chart, reused from .cache/ when nothing it depends on changed.

    A figure depends on the shared code (macros/*.py, the chart registry and its helpers), the
    chart's own module and its data files; the build that drew it last recorded which those are.
    A warm rebuild therefore imports neither Altair nor the chart modules.
    """
    request = json.dumps([chart_id, figure_id, page_url, locale])
    recorded = bundle.cache_path("deps", chart_id, ".json")
    if recorded.exists():
        inputs = _inputs_digest(json.loads(recorded.read_text(encoding="utf-8")))
        figure = inputs and _load_figure(bundle.cache_path("figure", request + inputs, ".json"))
        if figure:
            return figure
    figure, files = _draw(chart_id, figure_id=figure_id, page_url=page_url, locale=locale)
    bundle.store(recorded, json.dumps(files).encode())
    _save_figure(bundle.cache_path("figure", request + (_inputs_digest(files) or ""), ".json"),
                 figure)
    return figure


def _draw(chart_id: str, *, figure_id: str, page_url: str, locale: str
          ) -> tuple[Figure, list[str]]:
    """Draw a registered chart from the project's catalog and theme; also return the files
    (relative to the project root) that the drawing depends on besides the shared code."""
    from altair.utils.schemapi import debug_mode

    from macros import charts, theme
    from macros.catalog import get_catalog

    catalog = get_catalog()
    chart = charts.get(chart_id)
    t = translator(locale)
    # tests/test_charts.py validates every chart against Vega-Lite's schema; Altair would also
    # check each object as it is made: here that would cost a cold build seconds.
    with debug_mode(False):
        spec = charts.build(chart_id, catalog, t).to_dict(validate=False)
    spec = localize_spec(spec, t)  # labels, category values, number and date formats
    figure = render(chart, spec, catalog, figure_id=figure_id, page_url=page_url,
                    dark_config=localize_config(theme.vega_config("slate", locale), t),
                    locale=locale)
    module = Path(inspect.getsourcefile(chart.draw) or "").resolve()
    files = [relative(module), relative(DATA_DIR / "datapackage.yaml")]
    files += [relative(DATA_DIR / catalog.resource(name)["path"]) for name in chart.resources]
    return figure, files


@cache
def _file_digest(name: str) -> str | None:
    """The SHA-256 of a project file (once per build: each build imports this module afresh)."""
    path = PROJECT_ROOT / name
    return bundle.digest(path.read_bytes()) if path.is_file() else None


@cache
def _shared_code() -> tuple[str, ...]:
    """What every figure depends on: macros/*.py, the translations, the chart registry and its
    helpers."""
    macros = PROJECT_ROOT / "macros"
    return tuple(relative(path) for path in [*sorted(macros.glob("*.py")),
                                             *sorted(macros.glob("locales/*.yaml")),
                                             macros / "charts" / "__init__.py",
                                             macros / "charts" / "_common.py"])


def _inputs_digest(files: list[str]) -> str | None:
    """One digest of the shared code and the given files; None if one of them is gone."""
    names = [*_shared_code(), *files]
    digests = [_file_digest(name) for name in names]
    if None in digests:
        return None
    return bundle.digest("\n".join(f"{n} {d}" for n, d in zip(names, digests, strict=True)))


def _save_figure(path: Path, figure: Figure) -> None:
    """Keep a figure in the cache: its HTML and the names of its files' blobs."""
    blobs = {site_path: blob.name for site_path, blob in figure.files.items()}
    bundle.store(path, json.dumps({"html": figure.html, "files": blobs}).encode())


def _load_figure(path: Path) -> Figure | None:
    """A cached figure, or None if it (or one of its blobs) is missing."""
    if not path.exists():
        return None
    entry = json.loads(path.read_text(encoding="utf-8"))
    blobs = {site_path: bundle.CACHE / name for site_path, name in entry["files"].items()}
    if not all(blob.exists() for blob in blobs.values()):
        return None
    return Figure(entry["html"], blobs)


def render(chart: ChartLike, spec: dict[str, Any], catalog: CatalogLike, *, figure_id: str,
           page_url: str, dark_config: dict[str, Any] | None = None,
           locale: str = DEFAULT_LOCALE) -> Figure:
    """Turn a chart's Vega-Lite spec (``alt.Chart.to_dict()``) into a figure.

    ``figure_id`` is the figure's HTML id (unique on its page); ``page_url`` the page's URL
    relative to the site root (for relative links); ``dark_config`` the Vega-Lite config for
    the dark palette (the spec carries the light one); ``locale`` the language of the page's
    text (macros/locales/<locale>.yaml translates the figure's own words).
    """
    t = translator(locale)
    chart = _translated(chart, t)
    spec = deepcopy(spec)
    spec.pop("title", None)  # the caption carries the title, as HTML
    prune_unused_columns(spec)
    live, static = sized_specs(spec)

    datasets = list(spec.get("datasets", {}).values())
    sources = unique_sources(chart_sources(catalog, chart, datasets))

    svg_text = bundle.svg(_with_background(static, "transparent"))
    width, height = svg_size(svg_text)
    download = download_svg(svg_text, chart.title, sources, t)

    vega_light = compile_vega(live)
    dark = []
    if dark_config is not None:
        dark = spec_patches(vega_light, compile_vega({**live, "config": dark_config}))

    files: dict[str, Path] = {}
    links = []
    for index, rows in enumerate(datasets, start=1):
        suffix = f"-{index}" if len(datasets) > 1 else ""
        label = f"CSV{f' {index}' if suffix else ''}"
        links.append(_download(files, page_url, f"{chart.id}{suffix}.csv",
                               bundle.blob(rows_to_csv(rows)), label, "text/csv"))
    links.append(_download(files, page_url, f"{chart.id}.svg", bundle.blob(download.encode()),
                           "SVG", "image/svg+xml"))
    links.append(_download(files, page_url, f"{chart.id}.png", bundle.png(download), "PNG",
                           "image/png"))

    titles = column_titles(spec)
    tables = "".join(data_table(rows, titles, t, chart.title + (
        " ({})".format(t("table {index} of {count}", index=i, count=len(datasets)))
        if len(datasets) > 1 else "")) for i, rows in enumerate(datasets, start=1))
    esc = _text
    static_svg = prefix_svg_ids(lighter_svg(svg_text), figure_id)
    body = (
        f'<figure class="cm-figure" id="{esc(figure_id)}">'
        f'<figcaption class="cm-figure__caption">'
        f'<span class="cm-figure__title">{esc(chart.title)}</span> '
        f'<span class="cm-figure__finding">{esc(chart.alt)}</span></figcaption>'
        f'<div class="cm-chart" role="img" aria-label="{esc(chart.alt)}" '
        f'aria-describedby="{esc(figure_id)}-description" data-chart="{esc(chart.id)}" '
        f'style="height:{height}px" data-width="{width}" data-height="{height}" '
        f"data-spec='{attribute_json(vega_light)}' data-dark='{attribute_json(dark)}'>"
        f'<div class="cm-chart__static" data-search-exclude>{static_svg}</div></div>'
        f'<div class="cm-figure__meta">'
        f'<p class="cm-figure__source">{source_line(sources, t)}</p>'
        f'<p class="cm-figure__dataset">{dataset_links(catalog, chart, page_url, t)}</p>'
        + (f'<p class="cm-figure__notes">{_label(t, "Note")}{esc(chart.notes)}</p>'
           if chart.notes else "")
        + f'<p class="cm-figure__downloads">{_label(t, "Download")}{"".join(links)}</p>'
        f'<details class="cm-figure__data"><summary>{esc(t("About this chart and its data"))}'
        "</summary>"
        f'<p id="{esc(figure_id)}-description">{esc(chart.description)}</p>'
        f'<div class="cm-figure__table" data-search-exclude>{tables}</div></details>'
        f"</div></figure>"
    )
    return Figure(body, files)


# --- the spec ---------------------------------------------------------------------------------


def prune_unused_columns(spec: dict[str, Any]) -> None:
    """Drop, in place, dataset columns whose name appears nowhere in the rest of the spec."""
    datasets = spec.get("datasets", {})
    words = list(_strings({k: v for k, v in spec.items() if k != "datasets"}))
    for name, rows in datasets.items():
        used = [c for c in _columns(rows) if any(c in word for word in words)]
        datasets[name] = [{c: row[c] for c in used if c in row} for row in rows]


def _strings(node: Any) -> Iterator[str]:
    """Every string (keys and values) in a JSON tree, skipping inline data values."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "values":
                yield key
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The columns of a list of records, in first-seen order."""
    return list(dict.fromkeys(key for row in rows for key in row))


def sized_specs(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(live, static): the live chart fills its box; the static one is STATIC_WIDTH wide.

    A single or layered view gets ``width``/``height`` "container" live and a fixed size static,
    both with ``autosize: fit`` so the static SVG's height is the box's height. Compound views
    (facet, concat, repeat) keep their own size.
    """
    if any(key in spec for key in COMPOUND):
        return spec, spec
    fit = {"type": "fit", "contains": "padding"}
    height = spec.get("height")
    if not isinstance(height, int | float | dict):
        height = DEFAULT_HEIGHT
    live = {**spec, "width": "container", "height": "container", "autosize": fit}
    static = {**spec, "width": STATIC_WIDTH, "height": height, "autosize": fit}
    return live, static


def download_svg(svg: str, title: str, sources: Sequence[dict[str, Any]], t: Translator) -> str:
    """The static chart on white, with its title and sources drawn above it, so a downloaded
    image keeps its attribution. Composed around the static SVG rather than rendered again."""
    from macros.theme import font, ink

    width, height = svg_size(svg)
    cited = "; ".join(", ".join(str(s[k]) for k in ("publisher", "title") if s.get(k))
                      for s in sources)
    label = t("Source" if len(sources) == 1 else "Sources") + (": " if t.is_default else "：")
    room = width - 2 * DOWNLOAD_PADDING
    lines = [(line, TITLE_PX, "bold", ink()["text"]) for line in wrap(title, room, TITLE_PX)]
    lines += [(line, SOURCE_PX, "normal", ink()["muted"])
              for line in wrap(label + cited, room, SOURCE_PX)]
    texts, y, family = [], DOWNLOAD_PADDING, html.escape(font(t.locale))
    for text, size, weight, colour in lines:
        y += round(size * 1.4)
        texts.append(f'<text x="{DOWNLOAD_PADDING}" y="{y}" font-family="{family}" '
                     f'font-size="{size}" font-weight="{weight}" fill="{colour}">'
                     f"{html.escape(text)}</text>")
    top = y + DOWNLOAD_PADDING
    chart = re.sub(r"^\s*<svg\b", f'<svg x="0" y="{top}"', svg, count=1)
    total = top + height
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
            f'viewBox="0 0 {width} {total}"><rect width="{width}" height="{total}" '
            f'fill="#ffffff"/>{"".join(texts)}{chart}</svg>')


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """``text`` broken into lines of at most ``width_px`` (estimated: a Chinese character is
    one em wide, other characters about 0.55 em); breaks at spaces, or between Chinese
    characters."""
    lines, line, size = [], "", 0.0
    for word in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*",
                           text):
        wide = unicodedata.east_asian_width(word[0]) in "WF"
        word_px = font_px * (1.0 if wide else 0.55) * len(word.rstrip())
        if line and size + word_px > width_px:
            lines.append(line.rstrip())
            line, size = "", 0.0
        line += word
        size += font_px * (1.0 if wide else 0.55) * len(word)
    return [*lines, line.rstrip()] if line.strip() else lines


def _with_background(spec: dict[str, Any], color: str) -> dict[str, Any]:
    """A copy of a spec drawn on ``color``."""
    return {**spec, "config": {**spec.get("config", {}), "background": color}}


def compile_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec compiled to Vega (cached), so the browser needs only the Vega runtime."""
    key = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return bundle.cached_json(
        "vega", key, lambda: vlc.vegalite_to_vega(spec, vl_version=bundle.vl_version()))


def spec_patches(base: Any, other: Any, path: tuple[Any, ...] = ()) -> list[list[Any]]:
    """The patches that turn ``base`` into ``other``: ``[path, value]`` sets, ``[path]`` deletes."""
    if isinstance(base, dict) and isinstance(other, dict):
        patches = [p for key in other for p in (
            spec_patches(base[key], other[key], (*path, key)) if key in base
            else [[[*path, key], other[key]]])]
        return patches + [[[*path, key]] for key in base if key not in other]
    if isinstance(base, list) and isinstance(other, list) and len(base) == len(other):
        return [p for i, (a, b) in enumerate(zip(base, other, strict=True))
                for p in spec_patches(a, b, (*path, i))]
    return [] if base == other else [[list(path), other]]


def attribute_json(value: Any) -> str:
    """JSON for a single-quoted HTML attribute: ``& ' < >`` escaped, so nothing can break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_ATTRIBUTE_ESCAPES)


# --- the static SVG ---------------------------------------------------------------------------


def svg_size(svg: str) -> tuple[int, int]:
    """The (width, height) in px of an SVG document's root element."""
    root = re.search(r"<svg\b[^>]*>", svg)
    size = root and re.search(r'\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', root.group(0))
    if not size:
        raise FigureError("vl-convert returned an SVG without a width and height")
    return round(float(size.group(1))), round(float(size.group(2)))


# What the page's copy of the static SVG can do without (Vega writes them for a standalone file):
# ARIA inside an SVG that is aria-hidden as a whole, empty foreground and zero-size background
# paths of axes and legends, and attributes at their default value. About a third of the SVG's
# bytes, so less HTML to download and parse; the classes the page's CSS styles stay.
_SVG_ELEMENTS_NOT_NEEDED = re.compile(r'<path class="foreground"[^>]* d=""[^>]*/>'
                                      r'|<path class="background"[^>]* d="M0,0h0v0h0Z"[^>]*/>')
_SVG_ATTRIBUTES_NOT_NEEDED = re.compile(
    r' (?:role|aria-[a-z]+)="[^"]*"| opacity="1"| transform="translate\(0,0\)"'
    r'| pointer-events="none"')


def lighter_svg(svg: str) -> str:
    """The static SVG without what an inline, aria-hidden copy does not need (see above)."""
    return _SVG_ATTRIBUTES_NOT_NEEDED.sub("", _SVG_ELEMENTS_NOT_NEEDED.sub("", svg))


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make every id in the SVG (clip paths, gradients) unique on the page with ``prefix``."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)


# --- data: CSV and table ----------------------------------------------------------------------


def rows_to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    """The plotted records as CSV (UTF-8), columns in first-seen order."""
    columns = _columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def column_titles(spec: dict[str, Any]) -> dict[str, str]:
    """Column -> the title the chart gives it (tooltip, axis or legend), when it gives one."""
    titles: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            field, title = node.get("field"), node.get("title")
            if isinstance(field, str) and title:
                titles.setdefault(field, " ".join(title) if isinstance(title, list) else title)
            for key, value in node.items():
                if key not in ("datasets", "values"):
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(spec)
    return titles


def _table_cell(value: Any, t: Translator) -> tuple[str, bool]:
    """(text, is_number) of a value as a reader sees it in the table."""
    if value is None or (isinstance(value, float) and value != value):
        return "", False
    if isinstance(value, bool):
        return t("yes" if value else "no"), False
    if isinstance(value, float):
        return format_number(value), True
    if isinstance(value, int):
        return str(value), True
    text = str(value)
    match = ISO_MIDNIGHT.match(text)
    return (match.group(1) if match else text), False


def data_table(rows: Sequence[dict[str, Any]], titles: dict[str, str], t: Translator,
               caption: str) -> str:
    """The records as an HTML table, every cell escaped."""
    columns = _columns(rows)
    heads = [titles.get(c, c) for c in columns]
    heads = [f"{h} ({c})" if heads.count(h) > 1 else h for h, c in zip(heads, columns, strict=True)]
    head = "".join(f'<th scope="col">{_text(h)}</th>' for h in heads)
    body = []
    for row in rows:
        cells = []
        for index, column in enumerate(columns):
            text, number = _table_cell(row.get(column), t)
            tag = "th" if index == 0 else "td"  # the first column names the row
            attributes = ' scope="row"' if index == 0 else ""
            attributes += ' class="cm-num"' if number else ""
            cells.append(f"<{tag}{attributes}>{_text(text)}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table><caption>{_label(t, 'Data')}{_text(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


# --- caption and links ------------------------------------------------------------------------


def _label(t: Translator, text: str) -> str:
    """A bold lead-in such as 'Source: ' ('来源：' in Chinese), separator included: what follows
    comes right after it. A separate space would be a whitespace-only text node, which Chromium
    lays out once the content after it has arrived: while the page streams in, it moved (a
    layout shift on Chinese pages, where the colon is full-width and needs no space)."""
    return f"<span>{_text(t(text))}{': ' if t.is_default else '：'}</span>"


def _translated(chart: ChartLike, t: Translator) -> ChartLike:
    """The chart's title, alt text, description and notes in the page's language, once the
    locale file lists the chart (until then, as written)."""
    if t.is_default or chart.id not in (t.table.get("charts") or {}):
        return chart
    return replace_texts(chart, **{key: t.chart(chart.id, key, getattr(chart, key))
                                   for key in ("title", "alt", "description", "notes")})


def replace_texts(chart: ChartLike, **texts: str) -> ChartLike:
    """A copy of a chart declaration with some of its texts replaced."""
    from types import SimpleNamespace

    fields = ("id", "title", "alt", "description", "resources", "notes")
    return SimpleNamespace(**{**{f: getattr(chart, f) for f in fields}, **texts})


def _text(value: Any) -> str:
    """Text made inert in HTML content and double-quoted attributes."""
    return html.escape(str(value), quote=True)


def _safe_url(url: Any) -> str | None:
    """An http(s) URL, or None (no javascript:, data: or relative links from data)."""
    return url if isinstance(url, str) and re.match(r"^https?://[^\s]+$", url) else None


def chart_sources(catalog: CatalogLike, chart: ChartLike,
                  datasets: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The publications behind a chart, from data/datapackage.yaml and the rows it plots
    (macros/catalog.py: plotted_sources)."""
    return [source for name in chart.resources
            for source in plotted_sources(catalog, name, datasets)]


def unique_sources(sources: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each publication once (by title and link); FigureError if there is none."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for source in sources:
        title = str(source.get("title") or "").strip()
        if title:
            seen.setdefault((title, str(source.get("path") or "")), {**source, "title": title})
    if not seen:
        raise FigureError("the chart's data sets name no source in data/datapackage.yaml")
    return list(seen.values())


def source_line(sources: Sequence[dict[str, Any]], t: Translator) -> str:
    """'Source: publisher, linked title, edition; ...' as HTML."""
    entries = []
    for source in sources:
        url = _safe_url(source.get("path"))
        title = _text(source["title"])
        parts = [_text(source["publisher"])] if source.get("publisher") else []
        parts.append(f'<a href="{_text(url)}">{title}</a>' if url else title)
        if source.get("edition"):
            parts.append(_text(source["edition"]))
        entries.append(", ".join(parts))
    return f"{_label(t, 'Source' if len(entries) == 1 else 'Sources')}{'; '.join(entries)}."


def dataset_links(catalog: CatalogLike, chart: ChartLike, page_url: str, t: Translator) -> str:
    """Links to the chart's data sets on the data page (full tables, notes, licence)."""
    data_page = DATA_PAGE if t.is_default else f"{t.locale}/{DATA_PAGE}"  # same language
    links = [f'<a href="{_text(relative_url(data_page, page_url))}#{_text(name)}">'
             f"{_text(dataset_title(catalog.resource(name), t.locale))}</a>"
             for name in chart.resources]
    return f"{_label(t, 'Data set' if len(links) == 1 else 'Data sets')}{'; '.join(links)}."


def _download(files: dict[str, Path], page_url: str, name: str, cached: Path, label: str,
              mediatype: str) -> str:
    """Register a download (a cache file, named by a hash of its content or of what makes it)
    under a name carrying that hash, so it can be cached forever; return its link."""
    stem, _, extension = name.rpartition(".")
    path = f"{CHARTS_DIR}/{stem}.{bundle.digest(cached.name, 10)}.{extension}"
    files[path] = cached
    href = relative_url(path, page_url)
    return (f'<a href="{_text(href)}" download="{_text(name)}" type="{mediatype}">'
            f"{_text(label)}</a>")


def relative_url(path: str, page_url: str) -> str:
    """``path`` (relative to the site root) as seen from the page at ``page_url``."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(path, page_url)

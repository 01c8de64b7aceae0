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
import io
import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from macros import fonts, png_jobs, render_cache
from macros.catalog import ISO_MIDNIGHT, cell_text, plotted_sources
from macros.figure_spec import (
    attribute_json,
    column_titles,
    compile_vega,
    prune_unused_columns,
    record_columns,
    site_file_values,
    sized_specs,
    spec_patches,
    with_background,
    with_data_urls,
)
from macros.formatting import format_number
from macros.i18n import DEFAULT as DEFAULT_LOCALE
from macros.i18n import Translator, dataset_title, translator
from macros.paths import PROJECT_ROOT
from macros.svg import download_svg, lighter_svg, prefix_svg_ids, svg_size

CHARTS_DIR = "assets/charts"  # downloads, under site/
DATA_PAGE = "data/"  # docs/data.md: one section per data set, anchored by its name
FIGURE_TEMPLATE = PROJECT_ROOT / "overrides" / "partials" / "figure.html"


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
    """A figure's HTML and the files it links to: path under site/ -> the cached file; its
    sources as plain text ("publisher, title, edition"), for citations of the chart."""

    html: str
    files: dict[str, Path]
    sources: tuple[str, ...] = ()


def render(chart: ChartLike, spec: dict[str, Any], catalog: CatalogLike, *, figure_id: str,
           page_url: str, dark_config: dict[str, Any] | None = None,
           locale: str = DEFAULT_LOCALE, as_written: dict[str, Any] | None = None) -> Figure:
    """Turn a chart's Vega-Lite spec (``alt.Chart.to_dict()``) into a figure.

    ``figure_id`` is the figure's HTML id (unique on its page); ``page_url`` the page's URL
    relative to the site root (for relative links); ``dark_config`` the Vega-Lite config for
    the dark palette (the spec carries the light one); ``locale`` the language of the page's
    text (macros/locales/<locale>.yaml translates the figure's own words); ``as_written`` the
    same spec before its data values were translated (``spec`` itself if None), whose rows are
    matched with the data sets' rows to name the sources of exactly the rows plotted.
    """
    t = translator(locale)
    chart = _translated(chart, t)
    spec = deepcopy(spec)
    spec.pop("title", None)  # the caption carries the title, as HTML
    prune_unused_columns(spec)
    live, static = sized_specs(spec)
    # A file the chart loads by URL (a map's topology): the live chart fetches the one published
    # copy (the browser caches it); the static SVG is drawn with the file's content inlined.
    live = with_data_urls(live, lambda url: {"url": relative_url(url, page_url)})
    static = with_data_urls(static, site_file_values)

    datasets = list(spec.get("datasets", {}).values())
    plotted = datasets if as_written is None else untranslated_rows(datasets, as_written)
    sources = unique_sources(chart_sources(catalog, chart, plotted))

    svg_text = render_cache.svg(with_background(static, "transparent"))
    width, height = svg_size(svg_text)
    download = download_svg(svg_text, chart.title, sources, t)
    if locale != DEFAULT_LOCALE:  # drawn in the shipped Chinese font: it must have every glyph
        fonts.check_covered(fonts.svg_text(download), f"chart '{chart.id}' ({locale})")

    vega_light = compile_vega(live)
    dark = []
    if dark_config is not None:
        dark = spec_patches(vega_light, compile_vega({**live, "config": dark_config}))

    files: dict[str, Path] = {}
    downloads = []
    for index, rows in enumerate(datasets, start=1):
        suffix = f"-{index}" if len(datasets) > 1 else ""
        label = f"CSV{f' {index}' if suffix else ''}"
        downloads.append(_download(files, page_url, f"{chart.id}{suffix}.csv",
                                   render_cache.blob(rows_to_csv(rows)), label, "text/csv"))
    downloads.append(_download(files, page_url, f"{chart.id}.svg",
                               render_cache.blob(download.encode()), "SVG", "image/svg+xml"))
    downloads.append(_download(files, page_url, f"{chart.id}.png", _png(download), "PNG",
                               "image/png"))

    titles = column_titles(spec)
    tables = "".join(data_table(rows, titles, t, chart.title + (
        " ({})".format(t("table {index} of {count}", index=i, count=len(datasets)))
        if len(datasets) > 1 else "")) for i, rows in enumerate(datasets, start=1))
    data_page = DATA_PAGE if t.is_default else f"{t.locale}/{DATA_PAGE}"  # same language
    body = _template().render(
        id=figure_id, chart=chart, width=width, height=height,
        spec=Markup(attribute_json(vega_light)), dark=Markup(attribute_json(dark)),
        static_svg=Markup(prefix_svg_ids(lighter_svg(svg_text), figure_id)),
        sources=[{"publisher": source.get("publisher") or "", "title": source["title"],
                  "url": _safe_url(source.get("path")), "edition": source.get("edition") or ""}
                 for source in sources],
        datasets=[{"href": f"{relative_url(data_page, page_url)}#{name}",
                   "title": dataset_title(catalog.resource(name), t.locale)}
                  for name in chart.resources],
        downloads=downloads, tables=Markup(tables),
        labels={"source": _lead(t, "Source" if len(sources) == 1 else "Sources"),
                "datasets": _lead(t, "Data set" if len(chart.resources) == 1 else "Data sets"),
                "note": _lead(t, "Note"), "download": _lead(t, "Download"),
                "about": t("About this chart and its data")})
    return Figure(body, files, tuple(source_text(source) for source in sources))


# --- data: CSV and table ----------------------------------------------------------------------


def rows_to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    """The plotted records as CSV (UTF-8), columns in first-seen order."""
    columns = record_columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


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
    """The records as an HTML table, every cell escaped. Only the columns the chart gives a title
    (axis, legend or tooltip) are shown, the first of those that share one: the others are
    drawing helpers (label text, positions, colours, sort keys), still in the CSV download."""
    columns: list[str] = []
    for column in record_columns(rows):
        if column in titles and titles[column] not in {titles[c] for c in columns}:
            columns.append(column)
    heads = [titles[c] for c in columns]
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


def _lead(t: Translator, text: str) -> str:
    """A lead-in such as 'Source: ' ('来源：' in Chinese), separator included: what follows
    comes right after it. A separate space would be a whitespace-only text node, which Chromium
    lays out once the content after it has arrived: while the page streams in, it moved (a
    layout shift on Chinese pages, where the colon is full-width and needs no space)."""
    return t(text) + (": " if t.is_default else "：")


def _label(t: Translator, text: str) -> str:
    """The lead-in (see _lead) as the HTML the data table's caption starts with."""
    return f"<span>{_text(_lead(t, text))}</span>"


@cache
def _template() -> jinja2.Template:
    """overrides/partials/figure.html, autoescaped, each line trimmed and the lines joined (so
    no whitespace-only text node sits between tags; see the template's comment)."""
    text = FIGURE_TEMPLATE.read_text(encoding="utf-8")
    joined = "".join(line.strip() for line in text.splitlines())
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(joined)


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


def untranslated_rows(datasets: Sequence[Sequence[dict[str, Any]]], as_written: dict[str, Any]
                      ) -> list[list[dict[str, Any]]]:
    """The rows of ``datasets`` (a translated spec's data, columns pruned) with their values as
    in ``as_written`` (the spec before translation: same data sets, rows and columns in the
    same order), so they can be matched with the CSV rows they come from."""
    originals = list(as_written.get("datasets", {}).values())
    return [[{column: original.get(column) for column in row}
             for row, original in zip(rows, written, strict=True)]
            for rows, written in zip(datasets, originals, strict=True)]


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


def source_text(source: dict[str, Any]) -> str:
    """A publication as plain text: 'publisher, title, edition'."""
    return ", ".join(str(source[key]).strip() for key in ("publisher", "title", "edition")
                     if source.get(key))


def _download(files: dict[str, Path], page_url: str, name: str, cached: Path, label: str,
              mediatype: str) -> dict[str, str]:
    """Register a download (a cache file, named by a hash of its content or of what makes it)
    under a name carrying that hash, so it can be cached forever; return its link's parts."""
    stem, _, extension = name.rpartition(".")
    path = f"{CHARTS_DIR}/{stem}.{render_cache.digest(cached.name, 10)}.{extension}"
    files[path] = cached
    return {"href": relative_url(path, page_url), "name": name, "type": mediatype,
            "label": label}


def _png(svg_text: str) -> Path:
    """The cache file of the download SVG as a PNG, rendered in the background if it is not
    there yet (macros/png_jobs.py: ready once ``png_jobs.finish()`` returns)."""
    path = render_cache.png_path(svg_text)
    png_jobs.start(svg_text, path, render_cache.PNG_SCALE)
    return path


def relative_url(path: str, page_url: str) -> str:
    """``path`` (relative to the site root) as seen from the page at ``page_url``."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(path, page_url)

"""MkDocs hooks for the chart pages, embed pages, their sitemap entries, social cards (issue 17).

- ``on_files``: add, for the edition being built, a page per registered chart
  (``charts/<id>/``) and its embed page (``charts/<id>/embed/``, template overrides/embed.html),
  and for each retired chart id (macros/charts/ids.yaml) a page that sends readers to its
  replacement, as generated files whose Markdown macros/chart_pages.py writes. The gallery
  (``charts/``) is a page of docs/. mkdocs-static-i18n builds each edition in turn; these hooks
  add the files of the edition at hand, after it has sorted the files from docs/ (priority -110).
- ``on_template_context``: give overrides/sitemap.xml the chart pages of every edition built so
  far (``chart_sitemap``). mkdocs-static-i18n lists each edition's pages for sitemap.xml before
  the chart pages are added, and Material's instant navigation takes over a link only to a page
  that sitemap.xml lists (else a full page load); the embed and redirect pages are left out, so
  a link to them is a full load (they use templates of their own).
- ``on_page_content``: give every page a social card (``page.meta.card``, written by
  overrides/main.html): title, description and the PNG of its first chart (a chart page: its
  chart), else the home page's first chart, as an absolute URL from site_url.
- ``on_post_page``: publish each chart page's figure as ``charts/<id>/thumbnail.svg`` and
  ``chart.png``, the stable addresses the gallery and the cards use.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

_edition: dict[str, str] = {}  # "prefix": site path of the edition being built, "home": chart id


@dataclass(frozen=True)
class SitemapEntry:
    """A chart page as overrides/sitemap.xml lists it: its URL, date and its editions' URLs."""

    loc: str
    lastmod: str
    alternates: dict[str, str]  # locale -> absolute URL


# locale -> that edition's chart pages; cumulative, as the editions are built one after the other
# and the last build's sitemap.xml lists them all (as mkdocs-static-i18n does for docs/ pages)
_sitemap: dict[str, list[SitemapEntry]] = {}


@event_priority(-110)  # after mkdocs-static-i18n (-100) chose this edition's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the chart pages, embed pages and retired ids' pages of the edition being built."""
    from macros import chart_pages, charts
    from macros.i18n import DEFAULT, locale_of, translator

    home = files.get_file_from_path("index.md")
    locale = getattr(home, "locale", None) or (locale_of(home.src_uri) if home else DEFAULT)
    prefix = _prefix(home)
    editions = {alternate: _prefix(file) for alternate, file in
                (getattr(home, "alternates", None) or {locale: home}).items()}
    docs = Path(config["docs_dir"])
    uses = chart_pages.uses(docs, locale)
    home_charts = chart_pages.CHART_CALL.findall((docs / "index.md").read_text(encoding="utf-8"))
    _edition.update(prefix=prefix, home=home_charts[0] if home_charts else "")

    t = translator(locale)
    site_url = config["site_url"] or "/"
    registered = charts.all_charts()
    _sitemap[locale] = []
    for chart in registered:
        chart_uses = uses.get(chart.id, [])
        page = chart_pages.chart_page(chart, chart_uses, locale=locale, site_url=site_url,
                                      prefix=prefix, t=t)
        embed = chart_pages.embed_page(chart, chart_uses, site=config["site_name"], t=t)
        _add(files, config, chart_pages.chart_src(chart.id, locale),
             chart_pages.chart_url(chart.id, prefix), page)
        _add(files, config, chart_pages.chart_src(chart.id, locale, embed=True),
             chart_pages.chart_url(chart.id, prefix, embed=True), embed)
        _sitemap[locale].append(SitemapEntry(
            site_url + chart_pages.chart_url(chart.id, prefix),
            chart_pages.last_reviewed(chart_uses),
            {other: site_url + chart_pages.chart_url(chart.id, other_prefix)
             for other, other_prefix in sorted(editions.items())}))
    today = date.today().isoformat()
    for old, new in chart_pages.retired([chart.id for chart in registered]).items():
        for embed in (False, True):
            target = site_url + chart_pages.chart_url(new, prefix, embed=embed)
            _add(files, config, chart_pages.chart_src(old, locale, embed=embed),
                 chart_pages.chart_url(old, prefix, embed=embed),
                 chart_pages.redirect_page(target, today, t))
    return files


def _prefix(home: File | None) -> str:
    """The site path of an edition ("" or "zh/") from its home page's file."""
    return "" if home is None or home.url in ("", "./") else home.url


def _add(files: Files, config: MkDocsConfig, src_uri: str, url: str, markdown: str) -> None:
    """Add a generated Markdown page published at ``url`` (a folder URL), outside the navigation
    (the chart pages are reached from the gallery and the figures, docs/charts/index.md)."""
    file = File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = f"{url}index.html"
    files.append(file)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig
                        ) -> dict[str, Any]:
    """Hand overrides/sitemap.xml the chart pages of the editions built so far."""
    if template_name == "sitemap.xml":
        context["chart_sitemap"] = {locale: list(entries) for locale, entries in _sitemap.items()}
    return context


@event_priority(-50)  # after macros/hooks.py marked the page's charts
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give the page its social card (overrides/main.html writes the tags)."""
    from macros import placeholders

    site_url = config["site_url"] or "/"
    chart_id = page.meta.get("chart_page") or page.meta.get("chart_embed")
    shown = placeholders.chart_ids(page.file.src_uri)
    image_chart = chart_id or (shown[0] if shown else _edition.get("home"))
    page.meta["card"] = {
        "title": page.title or config["site_name"],
        "description": page.meta.get("description") or config["site_description"] or "",
        "url": site_url + page.url,
        "image": (f"{site_url}{_edition.get('prefix', '')}charts/{image_chart}/chart.png"
                  if image_chart else ""),
        "site": config["site_name"],
    }
    return html


@event_priority(50)  # before macros/hooks.py swaps (and forgets) the page's figures
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """On a chart page, publish its figure's SVG and PNG at stable addresses."""
    from macros import placeholders, png_jobs

    if not page.meta.get("chart_page"):
        return output
    folder = Path(config["site_dir"]) / Path(page.file.dest_uri).parent
    for path, source in placeholders.figure_files(page.file.src_uri).items():
        if path.endswith(".svg"):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / "thumbnail.svg")
        elif path.endswith(".png"):
            png_jobs.copy_when_done(source, folder / "chart.png")
    return output

"""MkDocs hooks for the chart pages, embed pages, gallery and social cards (issue 17).

- ``on_files``: add, for the edition being built, a page per registered chart
  (``charts/<id>/``), its embed page (``charts/<id>/embed/``, template overrides/embed.html) and
  the gallery (``charts/``), and for each retired chart id (macros/charts/ids.yaml) a page that
  sends readers to its replacement, as generated files whose Markdown macros/chart_pages.py writes.
  mkdocs-static-i18n builds each edition in turn; these hooks add the files of the edition at
  hand, after it has sorted the files from docs/ (priority -110).
- ``on_page_content``: give every page a social card (``page.meta.card``, written by
  overrides/main.html): title, description and the PNG of its first chart (a chart page: its
  chart), else the home page's first chart, as an absolute URL from site_url.
- ``on_post_page``: publish each chart page's figure as ``charts/<id>/thumbnail.svg`` and
  ``chart.png``, the stable addresses the gallery and the cards use.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

_edition: dict[str, str] = {}  # "prefix": site path of the edition being built, "home": chart id


@event_priority(-110)  # after mkdocs-static-i18n (-100) chose this edition's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the chart pages, embed pages and gallery of the edition being built."""
    from macros import chart_pages, charts
    from macros.i18n import DEFAULT, locale_of, translator

    home = files.get_file_from_path("index.md")
    locale = getattr(home, "locale", None) or (locale_of(home.src_uri) if home else DEFAULT)
    prefix = "" if home is None or home.url in ("", "./") else home.url
    docs = Path(config["docs_dir"])
    uses = chart_pages.uses(docs, locale)
    home_charts = chart_pages.CHART_CALL.findall((docs / "index.md").read_text(encoding="utf-8"))
    _edition.update(prefix=prefix, home=home_charts[0] if home_charts else "")

    t = translator(locale)
    site_url = config["site_url"] or "/"
    registered = charts.all_charts()
    for chart in registered:
        chart_uses = uses.get(chart.id, [])
        page = chart_pages.chart_page(chart, chart_uses, locale=locale, site_url=site_url,
                                      prefix=prefix, t=t)
        embed = chart_pages.embed_page(chart, chart_uses, site=config["site_name"], t=t)
        _add(files, config, chart_pages.chart_src(chart.id, locale),
             chart_pages.chart_url(chart.id, prefix), page, in_nav=False)
        _add(files, config, chart_pages.chart_src(chart.id, locale, embed=True),
             chart_pages.chart_url(chart.id, prefix, embed=True), embed, in_nav=False)
    today = date.today().isoformat()
    for old, new in chart_pages.retired([chart.id for chart in registered]).items():
        for embed in (False, True):
            target = site_url + chart_pages.chart_url(new, prefix, embed=embed)
            _add(files, config, chart_pages.chart_src(old, locale, embed=embed),
                 chart_pages.chart_url(old, prefix, embed=embed),
                 chart_pages.redirect_page(target, today, t), in_nav=False)
    gallery = chart_pages.gallery_page(registered, uses, t=t)
    _add(files, config, chart_pages.GALLERY if locale == DEFAULT else
         f"charts/index.{locale}.md", f"{prefix}charts/", gallery, in_nav=False)
    return files


def _add(files: Files, config: MkDocsConfig, src_uri: str, url: str, markdown: str,
         in_nav: bool = True) -> None:
    """Add a generated Markdown page published at ``url`` (a folder URL); the chart pages are
    reached from the gallery. The gallery is not in the navigation yet: mkdocs-static-i18n lists
    each edition's pages for sitemap.xml before these files are added, and Material's instant
    navigation makes a full page load to any page missing there (tests/browser/test_navigation)."""
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, src_uri, content=markdown, inclusion=inclusion)
    file.dest_uri = f"{url}index.html"
    files.append(file)


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

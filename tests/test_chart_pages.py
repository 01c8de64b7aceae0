"""Chart pages, embed pages, the gallery, social cards and stable chart ids (issue 17).

Checked in the session build (tests/conftest.py), without a browser; the embed page inside a
foreign iframe is tests/browser/test_embed.py.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from macros import chart_pages, charts
from macros.i18n import translator
from tests.sitebuild import NOINDEX, Site

EDITIONS = ["", "zh/"]
REGISTERED = sorted(chart.id for chart in charts.all_charts())
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def meta(page: str) -> dict[str, str]:
    """The page's <meta> tags that carry a property or name: name -> content."""
    return {name: html.unescape(content) for name, content in META.findall(page)}


def text(page: str) -> str:
    """A page's text without its tags (code blocks are highlighted into spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def read(site: Site, path: str) -> str:
    """The built HTML of a site path such as "charts/x/"."""
    file = site.root / path / "index.html"
    assert file.is_file(), f"/{path} was not built"
    return file.read_text(encoding="utf-8")


def site_file(site: Site, url: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(site.origin + "/"), f"{url} is not an absolute URL of the site"
    return site.root / urlsplit(url).path.lstrip("/")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("chart_id", REGISTERED)
def test_every_chart_has_its_page_in_both_editions(site: Site, chart_id: str,
                                                  edition: str) -> None:
    page = read(site, f"{edition}charts/{chart_id}/")
    assert f'data-chart="{chart_id}"' in page and "cm-chart__static" in page  # the live figure
    words = text(page)
    assert f"@misc{{cmtc_{chart_id}," in words, "no BibTeX entry"
    url = f"{site.origin}/{edition}charts/{chart_id}/"
    assert f"url          = {{{url}}}" in words and "urldate" in words
    assert f'<iframe id="cm-embed-{chart_id}" src="{url}embed/"' in words, "no embed code"
    assert "mailto:?subject=" in page and "https://bsky.app/intent/compose" in page
    code_blocks = re.findall(r'<div class="copy highlight"><pre>', page)  # Material copies
    assert len(code_blocks) >= 3, "permalink, embed code and BibTeX need copy buttons"
    shown_on = chart_pages.uses(Path("docs"), "zh" if edition else "en").get(chart_id, [])
    for use in shown_on:
        target = use.src_uri.removesuffix(".md").replace("index", "")
        assert f'href="../../{target}{"/" if target else ""}"' in page, \
            f"/{edition}charts/{chart_id}/ does not link to {use.src_uri}, which shows it"
    card = meta(page)
    assert card["og:title"] and card["og:description"] and card["twitter:card"] == \
        "summary_large_image"
    assert card["og:image"] == f"{url}chart.png"
    assert site_file(site, card["og:image"]).stat().st_size > 1000, "og:image missing"
    assert card["og:url"] == url


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("chart_id", REGISTERED)
def test_every_chart_has_an_embed_page_without_site_navigation(site: Site, chart_id: str,
                                                              edition: str) -> None:
    page = read(site, f"{edition}charts/{chart_id}/embed/")
    assert f'data-chart="{chart_id}"' in page and "cm-chart__static" in page
    assert 'class="cm-figure__source"' in page and 'href="../"' in page  # source, link back
    for navigation in ('class="md-header', 'class="md-tabs', 'class="md-nav', "md-footer"):
        assert navigation not in page, f"the embed page has site navigation ({navigation})"
    assert NOINDEX in page and '<base target="_blank">' in page
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    assert scripts and all("://" not in src for src in scripts), scripts  # first-party only
    assert "postMessage" in page


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_gallery_shows_every_chart_by_topic(site: Site, edition: str) -> None:
    page = read(site, f"{edition}charts/")
    t = translator("zh" if edition else "en")
    words = text(page)
    for chart in charts.all_charts():
        link = f'<a href="{chart.id}/">'
        assert link in page, f"the gallery misses {chart.id}"
        assert (site.root / f"{edition}charts/{chart.id}/index.html").is_file(), \
            f"the gallery's link to {chart.id} leads nowhere"
        thumbnail = site.root / f"{edition}charts/{chart.id}/thumbnail.svg"
        assert f'src="{chart.id}/thumbnail.svg"' in page and thumbnail.is_file()
        assert thumbnail.read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))
        assert html.escape(t(chart_pages.topic(chart))) in page
        for key in ("title", "alt"):  # its title and finding, in the edition's language
            assert chart_pages.chart_text(chart, key, t) in words, f"{chart.id}: no {key}"
    assert page.count('class="cm-gallery__item"') == len(REGISTERED)


@pytest.mark.parametrize(("edition", "label"), [("", "Charts"), ("zh/", "图表")])
def test_the_gallery_is_a_page_of_docs_in_the_navigation(site: Site, edition: str,
                                                        label: str) -> None:
    source = Path("docs/charts/index.md" if not edition else "docs/charts/index.zh.md")
    assert "{{ chart_gallery() }}" in source.read_text(encoding="utf-8")
    home = read(site, edition)
    nav_link = re.search(r'<a href="charts/" class="md-nav__link">\s*<span class="md-ellipsis">'
                         r"\s*([^<]+?)\s*</span>", home)
    assert nav_link and nav_link.group(1) == label, "the gallery is not in the navigation"
    assert NOINDEX not in read(site, f"{edition}charts/")


def sitemap_locations(site: Site) -> list[str]:
    """Every <loc> of the built sitemap.xml."""
    return re.findall(r"<loc>([^<]+)</loc>", (site.root / "sitemap.xml").read_text("utf-8"))


def test_the_sitemap_lists_the_chart_pages_and_no_embed_or_redirect_page(site: Site) -> None:
    locations = sitemap_locations(site)
    assert len(locations) == len(set(locations)), "a page is listed twice"
    for edition in EDITIONS:
        for chart_id in REGISTERED:
            assert f"{site.origin}/{edition}charts/{chart_id}/" in locations, \
                f"sitemap.xml misses /{edition}charts/{chart_id}/"
    assert not [loc for loc in locations if loc.endswith("/embed/")]
    retired = [f"/charts/{old}/" for old in chart_pages.retired(REGISTERED)]
    assert not [loc for loc in locations if loc.endswith(tuple(retired))]
    # exactly the pages meant to be read (no embed frame, no redirect; Material's instant
    # navigation takes over a link only to a page listed here)
    assert sorted(locations) == sorted(site.url(path) for path in site.pages())


def test_the_sitemap_gives_a_chart_page_its_other_edition(site: Site) -> None:
    sitemap = (site.root / "sitemap.xml").read_text("utf-8")
    chart_id = REGISTERED[0]
    for edition in EDITIONS:
        entry = re.search(rf"<url>\s*<loc>{re.escape(site.origin)}/{edition}charts/{chart_id}/"
                          r"</loc>.*?</url>", sitemap, re.S)
        assert entry, f"/{edition}charts/{chart_id}/ is not in sitemap.xml"
        assert re.search(r"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>", entry.group(0))
        for locale, other in (("en", ""), ("zh", "zh/")):
            assert (f'hreflang="{locale}" href="{site.origin}/{other}charts/{chart_id}/"'
                    in entry.group(0))


def test_every_figure_on_a_page_links_to_its_chart_page(site: Site) -> None:
    problems = []
    figures = 0
    for path in site.pages():
        if re.fullmatch(r"(?:zh/)?charts/[^/]+/", path):
            continue  # a chart's own page
        edition = "zh/" if path.startswith("zh/") else ""
        label = translator("zh" if edition else "en")("Share, embed or cite this chart")
        page = read(site, path)
        for figure in re.findall(r'<figure class="cm-figure".*?</figure>', page, re.S):
            figures += 1
            chart_id = re.search(r'data-chart="([^"]+)"', figure).group(1)
            link = re.search(r'<p class="cm-figure__share"><a href="([^"]+)">([^<]+)</a>', figure)
            target = urlsplit(site.url(path) + (link.group(1) if link else "")).path
            if not link or link.group(2) != label:
                problems.append(f"/{path}: {chart_id} has no link '{label}'")
            elif posixpath.normpath(target) != f"/{edition}charts/{chart_id}":
                problems.append(f"/{path}: {chart_id} links to {link.group(1)}")
    assert figures > len(REGISTERED), "too few figures found"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_chart_page_and_its_embed_page_do_not_link_to_themselves(site: Site,
                                                                  edition: str) -> None:
    for chart_id in REGISTERED:
        for tail in ("", "embed/"):
            assert "cm-figure__share" not in read(site, f"{edition}charts/{chart_id}/{tail}")


def test_every_page_has_a_social_card_with_an_image_that_exists(site: Site) -> None:
    problems = []
    for path in site.pages():
        card = meta(read(site, path))
        for key in ("og:title", "og:description", "og:url", "og:image", "twitter:card"):
            if not card.get(key):
                problems.append(f"/{path}: no {key}")
        image = card.get("og:image", "")
        if image and not (image.startswith(site.origin + "/") and site_file(site, image).is_file()):
            problems.append(f"/{path}: og:image {image} is not an absolute URL of a built file")
    assert not problems, "\n".join(problems)


def test_chart_ids_stay_published() -> None:
    published = chart_pages.published_ids()
    new = sorted(set(REGISTERED) - set(published))
    assert not new, f"add the new chart id(s) {new} to macros/charts/ids.yaml (as `id: ~`)"
    lost = {old: new for old, new in published.items()
            if old not in REGISTERED and new not in REGISTERED}
    assert not lost, ("chart ids were published but are neither registered nor replaced by a "
                      f"registered chart (macros/charts/ids.yaml: `old_id: new_id`): {lost}")


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_retired_chart_id_sends_readers_to_its_replacement(site: Site, edition: str) -> None:
    retired = chart_pages.retired(REGISTERED)
    assert retired, "macros/charts/ids.yaml lists no retired chart (refining_concentration was)"
    for old, new in retired.items():
        for tail in ("", "embed/"):
            page = read(site, f"{edition}charts/{old}/{tail}")
            target = f"{site.origin}/{edition}charts/{new}/{tail}"
            assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
            assert f'<a href="{target}">' in page


def test_the_embed_pages_are_within_the_weight_budget(site: Site) -> None:
    sys.path.insert(0, str(Path("scripts").resolve()))
    import bench_weight

    rows = bench_weight.embed_rows(bench_weight.site_weights(site.root))
    assert rows[0][0] == f"embed pages ({2 * len(REGISTERED)}): total gzip (max)"
    failed = [row for row in rows if row[3] is False]
    assert not failed, failed


def test_bibtex_escapes_its_special_characters() -> None:
    entry = chart_pages.bibtex("x", "Prices & 50% of {output}", "https://e.org/a_b/",
                               "Site_name", ["A #1"], chart_pages.date(2026, 12, 4))
    assert r"Prices \& 50\% of \{output\}" in entry and r"A \#1" in entry
    assert "url          = {https://e.org/a_b/}" in entry  # a URL stays as it is

"""Sources in both editions: a chart's source line names the same publications on the English
and the Chinese page."""

from __future__ import annotations

import re

from tests.sitebuild import Site

FIGURE_SOURCES = re.compile(r'<figure class="cm-figure" id="(?P<id>[^"]+)">.*?'
                            r'<p class="cm-figure__source">(?P<line>.*?)</p>', re.S)


def figure_source_links(html: str) -> dict[str, list[str]]:
    """Figure id -> the links of its source line, in order."""
    return {m["id"]: re.findall(r'href="([^"]+)"', m["line"])
            for m in FIGURE_SOURCES.finditer(html)}


def test_a_chart_cites_the_same_sources_in_both_languages(site: Site) -> None:
    """A Chinese figure plots translated values; its source line must still list only the
    sources of the rows plotted, as the English one does (zh/market's NdPr chart once listed
    every source of key_figures: 7,040 characters)."""
    compared = 0
    for page in site.pages():
        if page.startswith("zh/") or not (site.root / "zh" / page / "index.html").exists():
            continue
        english = figure_source_links((site.root / page / "index.html").read_text("utf-8"))
        chinese = figure_source_links((site.root / "zh" / page / "index.html").read_text("utf-8"))
        assert chinese.keys() == english.keys(), page
        for figure_id, links in english.items():
            assert chinese[figure_id] == links, f"zh/{page} {figure_id}"
            compared += 1
    assert compared >= 15  # every placed chart, and the chart pages
    market = (site.root / "zh" / "market" / "index.html").read_text("utf-8")
    assert len(figure_source_links(market)["fig-ndpr_price_vs_floor"]) <= 3

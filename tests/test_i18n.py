"""The Simplified Chinese edition: every page has a Chinese counterpart, written in Chinese, with
Chinese charts, a language switcher that leads to the same page, the right ``lang``, Chinese
glossary tooltips, numbers written for Chinese readers, and search that finds Chinese words.

Built-site tests share the session's strict build (tests/conftest.py ``site``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.formatting import format_quantity
from macros.glossary import terms
from macros.i18n import abbreviations_file, locale_of, page_locale, pages_in, translator

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENGLISH_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("*.md")
                       if locale_of(p.name) == "en")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def site_path(page: str, locale: str) -> str:
    """'club.md' -> 'club/' (English) or 'zh/club/' (Chinese); 'index.md' -> '' or 'zh/'."""
    stem = page.removesuffix(".md")
    path = "" if stem == "index" else f"{stem}/"
    return path if locale == "en" else f"{locale}/{path}"


def cjk_share(text: str) -> float:
    """Chinese characters as a share of Chinese characters plus Latin letters."""
    cjk = len(CJK.findall(text))
    latin = sum(len(w) for w in LATIN_WORD.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


class _Page(HTMLParser):
    """What the tests read from a built page: lang, switcher links, navigation, prose (the
    article without code, figures, tables, text marked lang="en", footnotes and the data page's
    bibliography, whose source titles keep their own language), abbreviation tooltips."""

    SKIP = {"script", "style", "code", "pre", "svg", "figure", "table"}
    TRACKED = {"article", "a", "div", "span", *SKIP}
    CITATIONS = "data-sources"  # id of the bibliography's first heading: citations follow

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.switcher: dict[str, str] = {}
        self.nav: list[str] = []
        self.prose: list[str] = []
        self.abbr_titles: list[str] = []
        self._open: list[str] = []  # the open elements that matter: article, skip, nav, ...
        self._citations = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a" and "md-select__link" in classes:
            self.switcher[a.get("hreflang", "")] = a.get("href", "")
        if tag == "abbr":
            self.abbr_titles.append(a.get("title", ""))
        self._citations = self._citations or a.get("id") == self.CITATIONS
        if tag in self.TRACKED:
            english = a.get("lang", "").startswith("en")  # marked as English on purpose
            role = ("article" if tag == "article" else "nav" if "md-nav__link" in classes
                    else "skip" if tag in self.SKIP or "footnote" in classes or english
                    else tag)
            self._open.append(role)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TRACKED and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if "nav" in self._open and data.strip():
            self.nav.append(data.strip())
        if "article" in self._open and "skip" not in self._open and not self._citations:
            self.prose.append(data)


def read_page(site, path: str) -> _Page:
    """Parse a built page."""
    parser = _Page()
    parser.feed((site.root / path / "index.html").read_text(encoding="utf-8"))
    return parser


# --- sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_every_english_page_has_a_chinese_counterpart(page: str) -> None:
    assert (DOCS / page.replace(".md", ".zh.md")).exists(), \
        f"docs/{page} has no Chinese counterpart docs/{page.replace('.md', '.zh.md')}"


def test_the_chinese_glossary_translates_the_english_one_entry_for_entry() -> None:
    english, chinese = (terms(abbreviations_file(DOCS, locale)) for locale in ("en", "zh"))
    assert abbreviations_file(DOCS, "zh").name == "abbreviations.zh.md"
    for glossary in (english, chinese):
        forms = [form for term in glossary for form in term.forms]
        doubled = sorted({form for form in forms if forms.count(form) > 1})
        assert not doubled, f"terms defined twice: {doubled}"
    english_terms = [term.headword for term in english]
    translated = [term.english for term in chinese]
    assert sorted(translated) == sorted(english_terms), (
        f"in English only: {sorted(set(english_terms) - set(translated))}; "
        f"in Chinese only: {sorted(set(translated) - set(english_terms))}")
    untranslated = [term.headword for term in chinese if not CJK.search(term.tooltip)]
    assert not untranslated, f"Chinese glossary entries without a Chinese tooltip: {untranslated}"


def _glossary_headwords(site, locale: str) -> list[str]:
    html = (site.root / site_path("glossary.md", locale) / "index.html").read_text("utf-8")
    return [re.sub(r"<[^>]+>", "", dt) for dt in re.findall(r"<dt>(.*?)</dt>", html, re.S)]


def test_the_glossary_pages_list_each_term_once_the_chinese_one_in_pinyin_order(site) -> None:
    from pypinyin import Style, lazy_pinyin

    english, chinese = _glossary_headwords(site, "en"), _glossary_headwords(site, "zh")
    assert len(english) == len(chinese) == len(terms(abbreviations_file(DOCS, "en")))
    assert len(set(chinese)) == len(chinese), "a term listed twice on /zh/glossary/"
    headwords = [label.split("（")[0] for label in chinese]
    syllables = [[s.lower() for s in lazy_pinyin(h, style=Style.TONE3)] for h in headwords]
    assert syllables == sorted(syllables), "the Chinese glossary is not in pinyin order"
    assert sum(bool(CJK.search(h)) for h in headwords) > len(headwords) * 0.9


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_a_term_gets_one_tooltip_per_page(site, locale: str) -> None:
    for page in ENGLISH_PAGES:
        titles = read_page(site, site_path(page, locale)).abbr_titles
        repeated = sorted({t for t in titles if titles.count(t) > 1})
        assert not repeated, f"/{site_path(page, locale)}: tooltips repeated: {repeated[:3]}"
    assert read_page(site, site_path("market.md", locale)).abbr_titles, "no tooltips at all"


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_tooltips_mark_only_the_terms_the_glossary_defines(site, locale: str) -> None:
    import html

    tooltips = {form: term.tooltip for term in terms(abbreviations_file(DOCS, locale))
                for form in term.forms}
    for page in ENGLISH_PAGES:
        text = (site.root / site_path(page, locale) / "index.html").read_text("utf-8")
        for title, word in re.findall(r'<abbr title="([^"]*)">(.*?)</abbr>', text, re.S):
            assert tooltips.get(html.unescape(word)) == html.unescape(title), (
                f"/{site_path(page, locale)}: tooltip on {word!r}, which the glossary does not "
                "define so")
    market = (site.root / site_path("market.md", "zh") / "index.html").read_text("utf-8")
    assert ">稀土</abbr>" not in market, "稀土 alone is no glossary term"


def test_pages_in_a_language_fall_back_to_english_per_page(tmp_path: Path) -> None:
    for name in ("index.md", "index.zh.md", "club.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in pages_in(tmp_path, "zh")] == ["club.md", "index.zh.md"]
    assert [p.name for p in pages_in(tmp_path, "en")] == ["club.md", "index.md"]


def test_a_page_language_comes_from_its_file() -> None:
    class File:
        src_uri = "club.zh.md"

    class Page:
        file = File()

    assert page_locale(Page()) == "zh"
    assert locale_of("club.md") == "en" and locale_of("sub/dir/x.zh.md") == "zh"


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "unit", "qualifier", "expected"), [
    (270000, "t REO", "", "27万吨稀土氧化物"),
    (110, "USD/kg", "", "每公斤110美元"),
    (90, "%", ">", "超过90%"),
    (10, "USD bn", "", "100亿美元"),
    (68100, "USD/t", "", "每吨6.81万美元"),
    (12345, "t", "", "12,345吨"),  # 万 only when every digit survives
    (54, "countries", "", "54个国家"),
])
def test_quantities_are_written_for_chinese_readers(value, unit, qualifier, expected) -> None:
    assert format_quantity(value, unit, qualifier, locale="zh") == expected


def test_stat_on_a_chinese_page_is_chinese_and_links_to_the_chinese_data_page() -> None:
    from macros.catalog import get_catalog
    from macros.stat import stat

    text = stat(get_catalog(), "market.zh.md", "key_figures", key="ndpr_price_floor")
    assert text.startswith("[每公斤110美元](") and '"来源：' in text, text
    english = stat(get_catalog(), "market.md", "key_figures", key="ndpr_price_floor")
    assert english.startswith("[US$110 per kg](") and '"Source: ' in english, english


def test_every_unit_in_the_data_has_chinese_wording() -> None:
    from macros.catalog import get_catalog

    catalog = get_catalog()
    units = {f.get("unit") for name in catalog.names()
             for f in catalog.resource(name)["schema"]["fields"]} - {None}
    units |= set(catalog.table("key_figures")["unit"].dropna())
    table = translator("zh").table["units"]
    assert not sorted(units - set(table)), "units without Chinese wording in macros/locales/zh.yaml"


# --- the built site ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_chinese_pages_are_in_chinese(site, page: str) -> None:
    parsed = read_page(site, site_path(page, "zh"))
    assert parsed.lang in ("zh", "zh-Hans"), f"<html lang={parsed.lang!r}>"
    head = (site.root / site_path(page, "zh") / "index.html").read_text().split("</head>")[0]
    assert "hreflang" not in head, "Material would fetch <alternate>/sitemap.xml (a 404)"
    share = cjk_share(" ".join(parsed.prose))
    assert share > 0.7, f"/{site_path(page, 'zh')}: only {share:.0%} of the prose is Chinese"
    assert "俱乐部" in parsed.nav, f"navigation not translated: {parsed.nav[:6]}"


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_english_pages_stay_english(site, page: str) -> None:
    parsed = read_page(site, site_path(page, "en"))
    assert parsed.lang == "en"
    assert not [t for t in parsed.abbr_titles if CJK.search(t)], "Chinese tooltip on English page"
    assert cjk_share(" ".join(parsed.prose)) < 0.05


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_the_switcher_links_each_page_to_its_counterpart(site, page: str) -> None:
    for locale, other in (("en", "zh"), ("zh", "en")):
        here = site_path(page, locale)
        links = read_page(site, here).switcher
        target = (Path("/", here) / links[other]).resolve().as_posix().strip("/")
        expected = site_path(page, other).strip("/")
        assert target == expected, f"/{here}: switcher to {other} leads to /{target}/"


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_chinese_pages_have_chinese_glossary_tooltips(site, page: str) -> None:
    titles = read_page(site, site_path(page, "zh")).abbr_titles
    english = [t for t in titles if not CJK.search(t)]
    assert not english, f"English tooltips on a Chinese page: {english[:3]}"


def _search_index(site) -> dict:
    return json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))


def _tokens(text: str, separator: str) -> set[str]:
    """The words lunr indexes for ``text``, split as the site's search configuration says."""
    return {w.lower() for w in re.split(separator, text) if w}


@pytest.mark.parametrize(("term", "page"), [("稀土", "zh/market/"), ("出口管制", "zh/geopolitics/"),
                                            ("俱乐部", "zh/club/")])
def test_a_chinese_search_term_finds_its_page(site, term: str, page: str) -> None:
    """Material splits a Chinese query into words the index holds; jieba made those words."""
    import jieba

    index = _search_index(site)
    assert index["config"]["lang"] == ["en"], "lunr's 'zh' language cannot run in the browser"
    separator = index["config"]["separator"]
    words = [w for w in jieba.cut(term) if w.strip()]
    pages = {doc["location"].split("#")[0] for doc in index["docs"]
             if all(w in _tokens(doc["title"] + " " + doc["text"], separator) for w in words)}
    assert page in pages, f"searching {term} does not find /{page}; it finds {sorted(pages)[:8]}"


def test_translated_data_set_texts_keep_every_number() -> None:
    """A translated title or description cites the same years and figures as the English."""
    from macros.catalog import get_catalog

    catalog = get_catalog()
    numbers = re.compile(r"\d+(?:\.\d+)?")
    for name, text in translator("zh").table.get("datasets", {}).items():
        resource = catalog.resource(name)
        for key, chinese in text.items():
            english = resource.get(key, "")
            assert sorted(numbers.findall(chinese)) == sorted(numbers.findall(english)), \
                f"datasets.{name}.{key} in macros/locales/zh.yaml no longer matches the English"


def test_every_descriptor_text_has_a_chinese_string() -> None:
    """data/datapackage.zh.yaml translates every resource's notes, every column's description
    and every source's edition and table (and data/raw/manifest.yaml's publishers, licences and
    retrieval notes), names nothing they lack, and cites the same numbers as the English."""
    from macros.catalog import get_catalog
    from macros.datapage import descriptor_strings
    from macros.validate import read_raw_manifest

    catalog = get_catalog()
    strings = descriptor_strings(catalog.data_dir, "zh")
    resources, phrases = strings["resources"], strings["sources"]
    numbers = re.compile(r"\d+(?:\.\d+)?(?![\d–-]*月)")  # a month is a word in English
    missing, stale, changed = [], [], []
    english_phrases = set()

    def compare(where: str, english: str, chinese: object) -> None:
        if not chinese:
            missing.append(where)
        elif set(numbers.findall(english)) != set(numbers.findall(str(chinese))):
            changed.append(where)

    for name in catalog.names():
        resource, own = catalog.resource(name), resources.get(name) or {}
        if resource.get("notes"):
            compare(f"resources.{name}.notes", resource["notes"], own.get("notes"))
        columns = {f["name"]: f.get("description", "") for f in resource["schema"]["fields"]}
        for column, english in columns.items():
            compare(f"resources.{name}.fields.{column}", english,
                    (own.get("fields") or {}).get(column))
        stale += [f"resources.{name}.fields.{c}" for c in own.get("fields") or {}
                  if c not in columns]
        for source in resource["sources"]:
            english_phrases.add(source["publisher"])
            for key in ("edition", "table"):
                if source.get(key):
                    english_phrases.add(source[key])
                    compare(f"sources: {source[key]!r}", source[key], phrases.get(source[key]))
    for row_set in catalog.names():
        english_phrases.update(row.get("source_publisher", "") for row in catalog.rows(row_set))
    for entry in read_raw_manifest(catalog.data_dir / "raw"):
        for english in (entry["publisher"], entry["licence"], str(entry["retrieved"])):
            english_phrases.add(english)
            if re.search("[a-z]", english):  # a date needs no translation
                compare(f"sources: {english!r} (data/raw/manifest.yaml)", english,
                        phrases.get(english))
    stale += [f"resources.{n}" for n in resources if n not in catalog.names()]
    stale += [f"sources: {p!r}" for p in phrases if p not in english_phrases]
    missing, changed = list(dict.fromkeys(missing)), list(dict.fromkeys(changed))
    assert not missing, f"no Chinese string in data/datapackage.zh.yaml for {missing}"
    assert not stale, f"data/datapackage.zh.yaml names what the descriptor lacks: {stale}"
    assert not changed, f"Chinese strings citing other numbers than the English: {changed}"


# --- in Chromium ------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_switcher_follows_instant_navigation_and_switches_with_a_full_load(site, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    try:
        page.goto(site.url("zh/"), wait_until="networkidle")
        page.evaluate("window.__sameDocument = true")
        page.click("a.md-tabs__link[href$='club/']")  # instant navigation within Chinese pages
        page.wait_for_url("**/zh/club/")
        assert page.evaluate("window.__sameDocument === true"), "no instant navigation"
        english = page.locator(".md-select__link[hreflang=en]")
        assert english.get_attribute("href") == site.url("club/")
        with page.expect_navigation():
            english.dispatch_event("click")
        page.wait_for_load_state("networkidle")
        assert page.url == site.url("club/")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.evaluate("window.__sameDocument") is None, "switching kept the Chinese header"
        assert not errors, errors
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("term", "page_path"), [("稀土", "zh/market/"),
                                                 ("出口管制", "zh/geopolitics/")])
def test_searching_in_chinese_finds_the_page_in_the_browser(site, browser, term, page_path):
    page = browser.new_page()
    try:
        page.goto(site.url("zh/"), wait_until="networkidle")
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(term, delay=50)  # typed (inserted, as an input method does)
        search.press("End")  # Material searches on keyup, which inserted text does not send
        page.wait_for_selector(".md-search-result__item a", timeout=30000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a",
                                          "links => links.map(a => a.href.split('?')[0])")
        assert site.url(page_path) in hrefs, f"{term}: {hrefs[:6]}"
    finally:
        page.close()


# --- charts -----------------------------------------------------------------------------------


def _chart_specs() -> list:
    from macros import charts

    return charts.all_charts()


def _titles(node, found: list[str]) -> list[str]:
    """Every axis, legend and tooltip title in a Vega-Lite spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                found.append(value)
            elif key != "datasets":
                _titles(value, found)
    elif isinstance(node, list):
        for item in node:
            _titles(item, found)
    return found


@pytest.mark.parametrize("chart", _chart_specs(), ids=lambda c: c.id)
def test_every_chart_has_chinese_texts_with_the_same_numbers(chart) -> None:
    t = translator("zh")
    numbers = re.compile(r"\d+(?:\.\d+)?")
    for key in ("title", "alt", "description", "notes"):
        english = getattr(chart, key)
        chinese = t.chart(chart.id, key, english)  # raises if missing
        assert not english or CJK.search(chinese), f"charts.{chart.id}.{key} is not Chinese"
        missing = set(numbers.findall(english)) - set(numbers.findall(chinese))
        assert not missing, f"charts.{chart.id}.{key} in zh.yaml lacks {missing}: out of date?"


@pytest.mark.parametrize("chart", _chart_specs(), ids=lambda c: c.id)
def test_every_chart_draws_with_chinese_labels_and_formats(chart) -> None:
    from macros import charts
    from macros.catalog import get_catalog
    from macros.charts._translate import localize_spec

    t = translator("zh")
    spec = localize_spec(charts.build(chart.id, get_catalog(), t).to_dict(), t)  # raises if a
    # label or a category value has no translation
    english = [title for title in _titles(spec, []) if not CJK.search(title)]
    assert not english, f"{chart.id}: titles not in Chinese: {english}"
    assert spec["config"]["locale"]["time"]["months"][0] == "一月"
    assert "%B" not in json.dumps(spec), "an English month format is left"


def test_a_translated_spec_renames_a_value_everywhere_it_is_used() -> None:
    from macros.charts._translate import localize_spec

    row = {"country": "China", "note": "Some free text", "when": "2025-01-01"}
    spec = {"datasets": {"d": [row]},
            "encoding": {"y": {"field": "country", "title": "Country",
                               "scale": {"domain": ["China"]},
                               "axis": {"labelExpr": "{\"China\": [\"China\"]}[datum.label]"}},
                         "tooltip": [{"field": "note", "title": "Note"}]},
            "transform": [{"filter": "datum.country == 'China'"}]}
    out = localize_spec(spec, translator("zh"))
    row = out["datasets"]["d"][0]
    assert row == {"country": "中国", "note": "Some free text", "when": "2025-01-01"}
    assert out["encoding"]["y"]["scale"]["domain"] == ["中国"]
    assert out["encoding"]["y"]["axis"]["labelExpr"] == '{"中国": ["中国"]}[datum.label]'
    assert out["transform"][0]["filter"] == "datum.country == '中国'"
    assert out["encoding"]["y"]["title"] == "国家"


def test_compact_numbers_are_written_in_wan_and_yi_in_chinese_charts() -> None:
    import vl_convert as vlc

    from macros.charts._translate import localize_spec

    rows = [{"country": "China", "t": 270000}, {"country": "Japan", "t": 123456789},
            {"country": "Malaysia", "t": 9500}]
    axis = {"format": "~s", "labelExpr": "datum.value == 0 ? '0' : datum.label"}
    bars = {"mark": "bar", "encoding": {"x": {"field": "t", "type": "quantitative",
                                               "axis": axis}}}
    labels = {"mark": "text", "encoding": {"text": {"field": "t", "type": "quantitative",
                                                    "format": "~s"}}}
    calculated = {"mark": "text", "encoding": {"text": {"field": "label", "type": "nominal"}},
                  "transform": [{"calculate": "format(datum.t, '.2~s') + '*'", "as": "label"}]}
    spec = {"data": {"values": rows}, "encoding": {"y": {"field": "country", "type": "nominal"}},
            "layer": [bars, labels, calculated]}
    english = vlc.vegalite_to_svg(localize_spec(spec, translator("en")))
    chinese = vlc.vegalite_to_svg(localize_spec(spec, translator("zh")))
    texts = re.compile(r"<text[^>]*>([^<]*)</text>")
    assert {"270k", "123.457M", "9.5k", "270k*", "120M*"} <= set(texts.findall(english))
    assert {"27万", "1.23457亿", "9,500", "2000万", "1.2亿", "27万*", "1.23457亿*"} <= set(
        texts.findall(chinese))


def test_an_untranslated_label_fails_naming_the_file() -> None:
    from macros.charts._translate import localize_spec
    from macros.i18n import TranslationError

    with pytest.raises(TranslationError, match="macros/locales/zh.yaml"):
        localize_spec({"encoding": {"x": {"field": "a", "title": "An unknown title"}}},
                      translator("zh"))


def test_chinese_figures_are_chinese_in_the_built_site(site) -> None:
    figures = 0
    for page in ENGLISH_PAGES:
        html = (site.root / site_path(page, "zh") / "index.html").read_text(encoding="utf-8")
        for match in re.finditer(r'<span class="cm-figure__title">([^<]*)</span>', html):
            figures += 1
            assert CJK.search(match.group(1)), f"/{site_path(page, 'zh')}: {match.group(1)}"
        assert "About this chart" not in html and "Download:" not in html
    assert figures >= 10, "the Chinese pages should carry the charts"


@pytest.mark.slow
def test_a_page_not_yet_translated_falls_back_to_english_under_zh(tmp_path: Path) -> None:
    """Strict build still passes; /zh/<page>/ shows the English text, marked lang="en", with
    the Chinese interface around it, and its switcher still leads to the English page."""
    from tests.sitebuild import build_site, copy_project

    project = copy_project(tmp_path / "project")
    (project / "docs" / "glossary.zh.md").unlink()
    site_dir = tmp_path / "site"
    result = build_site(project, site_dir, "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (site_dir / "zh" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html and '<article lang="en"' in html
    assert "术语表" in html  # the navigation stays Chinese
    parsed = _Page()
    parsed.feed(html)
    assert parsed.switcher["en"] == "../../glossary/"
    titles = [t for t in parsed.abbr_titles if t]
    assert titles and not [t for t in titles if CJK.search(t)], "English text, English tooltips"


def test_glossary_terms_match_inside_chinese_sentences() -> None:
    import markdown

    from macros.cjk_abbr import CjkAbbrExtension

    source = "美国的关键矿产政策与DoD的关键矿产协议。EVs and EV.\n\n" \
             "*[关键矿产]: a\n*[关键矿产协议]: b\n*[DoD]: c\n*[EV]: d"
    html_out = markdown.Markdown(extensions=[CjkAbbrExtension()]).convert(source)
    assert html_out == ('<p>美国的<abbr title="a">关键矿产</abbr>政策与<abbr title="c">DoD</abbr>'
                        '的<abbr title="b">关键矿产协议</abbr>。EVs and <abbr title="d">EV</abbr>.'
                        "</p>")


def test_a_translated_term_has_one_tooltip_for_all_its_forms(tmp_path: Path) -> None:
    import markdown

    from macros.cjk_abbr import CjkAbbrExtension
    from macros.glossary import abbreviation_definitions

    glossary = tmp_path / "abbreviations.zh.md"
    glossary.write_text("*[美国地质调查局 | USGS]: 发布《矿产品概要》\n*[EV]: 电动汽车\n", "utf-8")
    source = f"USGS即美国地质调查局；EV、EV。\n\n{abbreviation_definitions(glossary)}"
    html_out = markdown.Markdown(extensions=[CjkAbbrExtension()]).convert(source)
    assert html_out == ('<p><abbr title="美国地质调查局（USGS）：发布《矿产品概要》">USGS</abbr>'
                        '即美国地质调查局；<abbr title="电动汽车">EV</abbr>、EV。</p>')

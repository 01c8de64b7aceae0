"""The build: every page ships and the data is published.

Mistakes that stop the build (in the data, a citation or a page) are in tests/test_bad_input.py.
"""

from __future__ import annotations

import yaml

from tests.sitebuild import ROOT, Site


def nav_pages(nav: list) -> list[str]:
    """Every Markdown file named in mkdocs.yml's nav, depth first."""
    found: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


def load_mkdocs_yml() -> dict:
    """mkdocs.yml as plain data (the !ENV tags are read as their default)."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda ld, node: ld.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)


def test_every_page_in_the_navigation_is_built(site: Site) -> None:
    pages = nav_pages(load_mkdocs_yml()["nav"])
    assert len(pages) >= 10
    for page in pages:
        folder = page.removesuffix(".md").removesuffix("index")  # charts/index.md: charts/
        built = f"{folder}/index.html".lstrip("/").replace("//", "/")
        assert (site.root / built).is_file(), f"{page} is in the navigation but was not built"


def test_the_data_package_is_published_for_download(site: Site) -> None:
    descriptor = yaml.safe_load((ROOT / "data/datapackage.yaml").read_text(encoding="utf-8"))
    published = site.root / "data"
    assert (published / "datapackage.yaml").read_bytes() == \
        (ROOT / "data/datapackage.yaml").read_bytes()
    for resource in descriptor["resources"]:
        assert (published / resource["path"]).read_bytes() == \
            (ROOT / "data" / resource["path"]).read_bytes()
    catalogue = (site.root / "data/index.html").read_text(encoding="utf-8")
    for resource in descriptor["resources"]:
        assert f'id="{resource["name"]}"' in catalogue
        name = resource["path"]
        assert f'<a href="{name}" download><code>{name}</code></a>' in catalogue  # no tooltips


def test_a_comma_separates_only_footnote_markers_side_by_side(site: Site) -> None:
    market = (site.root / "market/index.html").read_text(encoding="utf-8")
    assert '</sup><sup class="cm-fnref-next" id="fnref' in market
    for page in site.root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '</sup><sup id="fnref' not in html, f"{page}: adjacent markers without a comma"
        assert html.count('<sup class="cm-fnref-next"') == \
            html.count('</sup><sup class="cm-fnref-next"'), f"{page}: a comma after text"


def test_the_tests_build_into_their_own_cache_not_the_projects(site: Site) -> None:
    from macros.paths import CACHE_DIR

    assert CACHE_DIR.resolve() != (ROOT / ".cache").resolve()
    assert any((CACHE_DIR / "charts").iterdir()), "the session build did not use the test cache"

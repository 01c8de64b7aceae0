"""The build: every page ships, the data is published, and mistakes in a page stop the build."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.sitebuild import ROOT, Site, build_site, copy_project


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
        built = "index.html" if page == "index.md" else f"{page.removesuffix('.md')}/index.html"
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


def test_a_broken_macro_call_and_an_undefined_variable_fail_the_build_naming_the_page(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_cache=True)
    with (project / "docs/market.md").open("a", encoding="utf-8") as page:
        page.write('\n{{ stat("no_such_data_set", country="China") }}\n')
    with (project / "docs/glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n{{ an_undefined_variable }}\n")
    result = build_site(project, tmp_path / "site", "http://127.0.0.1:8000/")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "market.md" in output and "Unknown data set 'no_such_data_set'" in output
    assert "glossary.md" in output and "'an_undefined_variable' is undefined" in output


def test_a_problem_in_the_data_stops_the_build_before_any_page_renders(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_cache=True)
    csv = project / "data/rare-earth-production.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = "n/a"
    lines[1] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site", "http://127.0.0.1:8000/")
    assert result.returncode != 0
    assert "data/rare-earth-production.csv, line 2, column 'production_t'" in result.stderr
    assert "Fix:" in result.stderr
    assert not (tmp_path / "site/index.html").exists(), "a half-built site was written"


def test_a_comma_separates_only_footnote_markers_side_by_side(site: Site) -> None:
    market = (site.root / "market/index.html").read_text(encoding="utf-8")
    assert '</sup><sup class="cm-fnref-next" id="fnref' in market
    for page in site.root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '</sup><sup id="fnref' not in html, f"{page}: adjacent markers without a comma"
        assert html.count('<sup class="cm-fnref-next"') == \
            html.count('</sup><sup class="cm-fnref-next"'), f"{page}: a comma after text"

"""MkDocs hooks (listed under ``hooks:`` in mkdocs.yml).

- Drop the ``macros`` package from ``sys.modules`` before each build, so that edits to chart code
  show up under ``mkdocs serve`` (mkdocs-macros would otherwise reuse the first import).
- Validate the whole data package and check every citation against source-policy.yaml before
  any page renders; stop the build with every problem (annotated on GitHub Actions).
- Publish data/ (the CSV files and the descriptor) with the site, for download.
- Charts: publish the chart JavaScript under content-hashed names, swap the ``chart()``
  placeholders for figures once the page is finished (macros/placeholders.py), and stop the
  build on a page that a macro error would otherwise replace with an error message.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

CHART_SCRIPT = "assets/javascripts/charts.js"  # published as charts.<hash>.js
log = logging.getLogger("mkdocs.hooks.macros")


@event_priority(100)  # before mkdocs-macros imports the package in its own on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previously imported ``macros`` modules so this build imports fresh code."""
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        if name != "macros.png_jobs":  # holds renderings still in flight (see its docstring)
            del sys.modules[name]
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Validate data/ and check every citation against the source policy, once, before any
    page renders (macros/precheck.py); on GitHub Actions, also annotate Markdown problems."""
    from macros import annotate, precheck, source_policy
    from macros.catalog import get_catalog

    docs = Path(config["docs_dir"])
    annotate.watch_markdown(docs)
    try:
        precheck.run(docs, get_catalog)
    except precheck.PrecheckError as error:
        raise PluginError(str(error)) from None
    pending = source_policy.check_project(docs, section="pending")
    if pending:
        log.info(f"source policy: {len(pending)} citations of hosts pending in "
                 "source-policy.yaml remain (python -m macros.precheck --pending lists them)")


@event_priority(-110)  # after mkdocs-static-i18n's (-100), which builds the other language
def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the PNG downloads still being rendered and publish them; copy the data package
    into the site as data/, next to the pages that cite it."""
    from macros import png_jobs
    from macros.catalog import get_catalog

    try:
        png_jobs.finish()
    except RuntimeError as error:
        raise PluginError(str(error)) from None

    catalog = get_catalog()
    target = Path(config["site_dir"]) / "data"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(catalog.data_dir / "datapackage.yaml", target / "datapackage.yaml")
    for name in catalog.names():
        path = catalog.resource(name)["path"]
        shutil.copy2(catalog.data_dir / path, target / path)


@event_priority(-110)  # after mkdocs-static-i18n (-100), which expects files read from disk
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the Vega runtime and the chart script under content-hashed names (cacheable
    forever); stop if the runtime does not fit the Vega that charts are compiled for."""
    from macros import placeholders, vega_runtime

    runtime = _publish_hashed(files, config, vega_runtime.RUNTIME_SOURCE)
    problem = vega_runtime.runtime_problem(runtime.content_bytes)
    if problem:
        raise PluginError(problem)
    script = _publish_hashed(files, config, CHART_SCRIPT)
    placeholders.set_scripts(runtime.src_uri, script.src_uri)
    return files


def _publish_hashed(files: Files, config: MkDocsConfig, path: str) -> File:
    """Replace docs/<path> in the site by a copy named <stem>.<hash of its content>.<ext>."""
    from macros.render_cache import digest

    source = files.get_file_from_path(path)
    if source is None:
        raise PluginError(f"docs/{path} is missing: charts cannot render in the browser")
    content = source.content_bytes
    files.remove(source)
    stem, _, extension = path.rpartition(".")
    hashed = File.generated(config, f"{stem}.{digest(content, 10)}.{extension}",
                            content=content)
    files.append(hashed)
    return hashed


@event_priority(-100)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fail the build if a macro failed: mkdocs-macros would ship its error message as the page.

    Logged as an error rather than raised, so one build names every failing page; strict mode
    (mkdocs.yml) then fails the build. MkDocs still writes the pages before it aborts (and
    ``mkdocs serve`` shows them), so the page becomes a short notice instead of the traceback
    with local paths that mkdocs-macros puts there.
    """
    if markdown.lstrip().startswith(("# _Macro Rendering Error_", "# _Macro Syntax Error_")):
        from macros import placeholders
        from macros.formatting import markdown_text

        placeholders.discard(page.file.src_uri)  # charts made before the error are not shown

        detail = next((line for line in markdown.splitlines() if line.startswith("_") and
                       not line.startswith("_File_")), "")
        log.error(f"{page.file.src_uri}: a macro failed: {detail.strip()}")
        return (f'# Build error\n\n!!! failure "A macro failed on this page"\n\n'
                f"    {markdown_text(detail.strip())}\n")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark footnote references that directly follow another (extra.css puts a comma between
    them: "1,2", not "12"); swap each chart() placeholder for a search stub."""
    from macros import placeholders

    html = html.replace('</sup><sup id="fnref', '</sup><sup class="cm-fnref-next" id="fnref')
    try:
        return placeholders.mark(page.file.src_uri, html, page.meta)
    except placeholders.ChartMacroError as error:
        raise PluginError(str(error)) from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Swap each stub for its figure in the finished page (after the search index was made)."""
    from macros import placeholders

    try:
        return placeholders.swap(page.file.src_uri, output, config["site_dir"])
    except placeholders.ChartMacroError as error:
        raise PluginError(str(error)) from None

"""MkDocs hooks that put the dateline (macros/dateline.py) under every page title.

- Once the macros have run, the page's front matter is checked (``reviewed:`` is required) and
  its reading time is counted from the Markdown the macros made, so generated lists and tables
  count and a chart counts as its one placeholder word.
- After the page is finished (so the dateline stays out of the search index), the dateline is
  placed right after the page's ``<h1>``.

A page without a valid ``reviewed:`` date is logged as an error naming the page and the fix;
strict mode (mkdocs.yml) then fails the build, after every such page has been named.
"""

from __future__ import annotations

import logging
from datetime import date

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.dateline")
META_KEY = "dateline_html"  # page.meta entry holding the rendered dateline until on_post_page


@event_priority(-90)  # after mkdocs-macros (0), before the glossary is appended (-100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check the page's dateline keys and render its dateline (kept in page.meta)."""
    from macros.dateline import DatelineError, dateline, render
    from macros.i18n import page_locale

    try:
        line = dateline(page.meta, markdown, f"docs/{page.file.src_uri}", date.today())
    except DatelineError as error:
        log.error(str(error))
        return markdown
    page.meta[META_KEY] = render(line, page_locale(page))
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Insert the dateline after the article's title (at the article's start if it has none)."""
    line = page.meta.get(META_KEY)
    if not line:
        return output
    start = output.find("<article")
    if start < 0:
        return output
    end = output.find("</h1>", start)
    at = end + len("</h1>") if end >= 0 else output.find(">", start) + 1
    return output[:at] + line + output[at:]

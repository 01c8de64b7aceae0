"""MkDocs hooks for the Chinese edition (listed under ``hooks:`` in mkdocs.yml).

- Each page gets the glossary of its own language as abbreviation tooltips:
  docs/.snippets/abbreviations.zh.md on Chinese pages, abbreviations.md on English ones (and on
  pages still shown in English under /zh/).
- Chinese pages get Chinese heading-permalink titles.
- Markdown's ``abbr`` is replaced by macros/cjk_abbr.py, which also finds glossary terms inside
  Chinese sentences (which have no spaces for ``abbr``'s word boundaries).
- mkdocs-static-i18n warns that Material's instant navigation leaves the language switcher
  pointing at the page where the reader arrived; docs/assets/javascripts/i18n.js re-points it
  after every navigation, so that warning (which strict mode would turn into a failure) is
  dropped.
- The per-page ``<link rel="alternate" hreflang>`` tags are removed from <head>: Material reads
  every such link as another site and fetches ``<link>/sitemap.xml`` (a 404 for each page).
  sitemap.xml lists every page's counterparts (xhtml:link hreflang) for search engines instead.
"""

from __future__ import annotations

import logging
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

HANDLED_WARNING = "language switcher contextual link is not compatible with"
I18N_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


class _DropHandledWarning(logging.Filter):
    """Drop the one mkdocs-static-i18n warning that i18n.js takes care of."""

    def filter(self, record: logging.LogRecord) -> bool:
        return HANDLED_WARNING not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    """Install the log filter once per MkDocs run; keep jieba's start-up chatter (it segments
    Chinese for the search index) out of the build log."""
    logger = logging.getLogger(I18N_LOGGER)
    if not any(isinstance(f, _DropHandledWarning) for f in logger.filters):
        logger.addFilter(_DropHandledWarning())
    logging.getLogger("jieba").setLevel(logging.WARNING)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Use the CJK-aware ``abbr`` (an instance: mkdocs.yml cannot name a project module, which
    is not importable while MkDocs reads its configuration)."""
    from macros.cjk_abbr import CjkAbbrExtension

    extensions = config["markdown_extensions"]
    if "abbr" in extensions:
        extensions[extensions.index("abbr")] = CjkAbbrExtension()
    return config


@event_priority(-100)  # after mkdocs-macros: the glossary is appended as it is, unrendered
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Append the glossary of the page's language, so its terms become tooltips."""
    from macros.glossary import abbreviation_definitions
    from macros.i18n import abbreviations_file, page_locale

    path = abbreviations_file(config["docs_dir"], page_locale(page))
    if not path.exists():
        raise PluginError(f"The glossary file docs/{path.relative_to(config['docs_dir'])} "
                          "is missing: every page appends it for its abbreviation tooltips")
    return f"{markdown}\n\n{abbreviation_definitions(path)}\n"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Translate the heading permalinks' title on pages not in the default language."""
    from macros.i18n import DEFAULT, page_locale, translator

    locale = page_locale(page)
    title = (config["mdx_configs"].get("toc") or {}).get("permalink_title")
    if locale == DEFAULT or not title:
        return html
    return html.replace(f'title="{title}"', f'title="{translator(locale)(title)}"')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the language alternates from <head> (the switcher in the header keeps them); mark
    the article of a page shown in English under /zh/ (not translated yet) as English."""
    from macros.i18n import page_locale

    head, separator, body = output.partition("</head>")
    written_in = page_locale(page)
    if written_in != getattr(page.file, "locale_alternate_of", written_in):
        body = body.replace('<article class="', f'<article lang="{written_in}" class="', 1)
    return HEAD_ALTERNATE.sub("", head) + separator + body

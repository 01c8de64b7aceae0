"""Registration of the page macros with mkdocs-macros.

Each macro is a thin wrapper: it hands the catalog and the current page to the module that does
the work, so that module stays testable without MkDocs.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from mkdocs.utils import get_relative_url

from macros import datapage
from macros.agreements import agreements_table
from macros.catalog import get_catalog
from macros.glossary import glossary_markdown
from macros.i18n import page_locale
from macros.placeholders import chart_macro
from macros.stat import share, stat
from macros.watch import event_list, watch_list

if TYPE_CHECKING:
    from mkdocs_macros.plugin import MacrosPlugin


def register(env: MacrosPlugin) -> None:
    """Attach each page macro to the mkdocs-macros environment."""

    def page_uri() -> str:
        return env.page.file.src_uri

    def stat_macro(resource: str, column: str | None = None, format: str | None = None,
                   unit: str | bool = "long", **filters: Any) -> str:
        """One figure from data/, formatted and linked to its source."""
        return stat(get_catalog(), page_uri(), resource, column, format, unit, **filters)

    def share_macro(resource: str, of: dict[str, Any], column: str | None = None,
                    digits: int = 1, **filters: Any) -> str:
        """One row's value as a percentage of another row's."""
        return share(get_catalog(), page_uri(), resource, of, column, digits, **filters)

    def chart_citation_macro(chart_id: str) -> str:
        """A chart page's citation and BibTeX entry (macros/chart_pages.py)."""
        from macros import chart_pages, charts, placeholders
        from macros.i18n import translator

        url = (env.conf["site_url"] or "/") + env.page.url
        sources = placeholders.figure_sources(page_uri(), chart_id)
        return chart_pages.citation_block(charts.get(chart_id), url, env.conf["site_name"],
                                          sources, translator(page_locale(env.page)))

    def chart_gallery_macro() -> str:
        """Every registered chart by topic: thumbnail, title, finding (docs/charts/index.md)."""
        from macros import chart_pages, charts
        from macros.i18n import translator

        return chart_pages.gallery(charts.all_charts(), translator(page_locale(env.page)))

    def data_catalogue_macro() -> str:
        """Every data set: description, sources, fields, licence, downloads."""
        files = get_relative_url("data/", env.page.url)  # the one published data/ folder
        return datapage.data_catalogue(get_catalog(), page_locale(env.page),
                                       "" if files in (".", "./") else files)

    def raw_files_macro() -> str:
        """The official files in data/raw/, their checksums and the data sets each feeds."""
        return datapage.raw_files(get_catalog(), page_locale(env.page))

    def bibliography_macro() -> str:
        """Every source the site cites: data sources and the pages' footnotes."""
        return datapage.bibliography(get_catalog(), env.conf["docs_dir"], page_locale(env.page))

    def glossary_macro() -> str:
        """The site-wide glossary (docs/.snippets/abbreviations.md, or the page language's
        abbreviations.<locale>.md) as a definition list."""
        return glossary_markdown(env.conf["docs_dir"], page_locale(env.page))

    def reviewed_date() -> date:
        reviewed = env.page.meta.get("reviewed")
        if not isinstance(reviewed, date):
            raise ValueError(f"{page_uri()}: this macro needs the page's 'reviewed:' date")
        return reviewed

    def watch_macro(latest: int = 4) -> str:
        """What to watch: scheduled events, deadlines with no confirmed outcome and the latest
        confirmed developments (data/events.csv), checked against the page's review date."""
        return watch_list(get_catalog(), page_uri(), reviewed_date(), latest)

    def event_list_macro(since: str | None = None, until: str | None = None) -> str:
        """The events of data/events.csv from ``since`` to ``until`` (YYYY-MM-DD), oldest first."""
        def day(text: str | None) -> date | None:
            return None if text is None else date.fromisoformat(str(text))
        return event_list(get_catalog(), page_uri(), reviewed_date(), day(since), day(until))

    def agreements_macro() -> str:
        """The US critical-minerals agreements with partners (data/agreements.csv) as a table."""
        return agreements_table(get_catalog(), page_uri())

    def chart_call(*args: Any, **kwargs: Any) -> str:
        """A registered chart as a figure (a placeholder until Markdown has run)."""
        return chart_macro(page_uri(), env.page.url, *args, **kwargs)

    env.macro(stat_macro, "stat")
    env.macro(chart_call, "chart")
    env.macro(chart_citation_macro, "chart_citation")
    env.macro(chart_gallery_macro, "chart_gallery")
    env.macro(share_macro, "share")
    env.macro(watch_macro, "watch_list")
    env.macro(agreements_macro, "agreements_table")
    env.macro(event_list_macro, "event_list")
    env.macro(data_catalogue_macro, "data_catalogue")
    env.macro(bibliography_macro, "bibliography")
    env.macro(raw_files_macro, "raw_files")
    env.macro(glossary_macro, "glossary")

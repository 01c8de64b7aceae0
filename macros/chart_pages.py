"""Every registered chart as a page of its own, an embed page and a gallery card (issue 17).

This module writes the Markdown of the generated pages; macros/share_hooks.py adds them to the
build. A chart page calls the ``chart()`` macro like any other page, so the figure is the same one
the articles show. Around it: the pages that use the chart, a permalink, the ``<iframe>`` snippet,
a citation (readable and BibTeX) and share links. Everything a reader may copy is a code block
with Material's own copy button (the ``.copy`` class): no script of a third party, no request
before a click. Texts in Jinja-looking braces cannot run: the static parts are ``{% raw %}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from macros.i18n import DEFAULT, locale_of

if TYPE_CHECKING:
    from macros.charts import RegisteredChart
    from macros.i18n import Translator

GALLERY = "charts/index.md"
IDS_FILE = Path(__file__).parent / "charts" / "ids.yaml"
CHART_CALL = re.compile(r"""\{\{\s*chart\(\s*["']([A-Za-z0-9_]+)["']\s*\)\s*\}\}""")
REVIEWED = re.compile(r"^reviewed:\s*(\d{4}-\d{2}-\d{2})\s*$", re.M)
HEADING = re.compile(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.M)
# Topic of each chart module, in the gallery's order.
TOPICS = {"production": "Mining and reserves", "refining": "Refining",
          "minerals": "Beyond rare earths", "prices": "Prices", "trade": "Trade",
          "trade_flows": "Trade", "members": "Members and partners",
          "maps": "Members and partners", "timeline": "Timeline"}
EMBED_HEIGHT = 640  # px: the iframe's height until the embed page reports its own


@dataclass(frozen=True)
class Use:
    """A docs page that shows a chart: its source file and its title."""

    src_uri: str
    title: str
    reviewed: str


def chart_src(chart_id: str, locale: str, embed: bool = False) -> str:
    """The generated Markdown file of a chart's page (or embed page) in ``locale``."""
    stem = f"charts/{chart_id}/embed" if embed else f"charts/{chart_id}"
    return f"{stem}.md" if locale == DEFAULT else f"{stem}.{locale}.md"


def chart_url(chart_id: str, prefix: str, embed: bool = False) -> str:
    """A chart page's URL relative to the site root; ``prefix`` is the edition's ("zh/")."""
    return f"{prefix}charts/{chart_id}/" + ("embed/" if embed else "")


def uses(docs_dir: Path, locale: str) -> dict[str, list[Use]]:
    """For each chart id, the pages of ``locale`` (or their English originals) that show it."""
    found: dict[str, list[Use]] = {}
    for path in sorted(docs_dir.glob("*.md")):
        if locale_of(path.name) != DEFAULT:
            continue
        translated = path.with_suffix(f".{locale}.md")
        source = translated if locale != DEFAULT and translated.exists() else path
        text = source.read_text(encoding="utf-8")
        heading = HEADING.search(text)
        reviewed = REVIEWED.search(text)
        use = Use(path.name, heading.group(1) if heading else path.stem,
                  reviewed.group(1) if reviewed else "")
        for chart_id in dict.fromkeys(CHART_CALL.findall(text)):
            found.setdefault(chart_id, []).append(use)
    return found


def published_ids(path: Path = IDS_FILE) -> dict[str, str | None]:
    """Every chart id ever published (macros/charts/ids.yaml) -> its replacement, if retired."""
    from macros.validate import parse_yaml

    return {str(k): (str(v) if v else None)
            for k, v in (parse_yaml(path.read_text(encoding="utf-8")) or {}).items()}


def retired(registered: Sequence[str], path: Path = IDS_FILE) -> dict[str, str]:
    """Retired chart ids (no longer registered) -> the registered chart that replaced them."""
    return {old: new for old, new in published_ids(path).items()
            if old not in registered and new in registered}


def redirect_page(target_url: str, reviewed: str, t: Translator) -> str:
    """The Markdown of a retired chart's page: overrides/redirect.html sends readers on."""
    return _front_matter(title=t("This chart has moved"), reviewed=reviewed,
                         template="redirect.html", redirect_to=target_url,
                         search={"exclude": True}) + t("This chart has moved") + "\n"


def chart_text(chart: RegisteredChart, key: str, t: Translator) -> str:
    """A chart's title or alt text in ``t``'s language (as written until the locale lists it)."""
    english = getattr(chart, key)
    if t.is_default or chart.id not in (t.table.get("charts") or {}):
        return english
    return t.chart(chart.id, key, english)


def topic(chart: RegisteredChart) -> str:
    """The gallery topic of a chart (English), from the module that draws it."""
    return TOPICS.get(chart.draw.__module__.rpartition(".")[2], "Other charts")


def _bibtex_text(text: str) -> str:
    """Text safe inside a BibTeX field: its special characters escaped."""
    text = text.replace("\\", r"\textbackslash{}")
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def bibtex(chart_id: str, title: str, url: str, site: str, sources: Sequence[str],
           accessed: date) -> str:
    """The chart as a BibTeX ``@misc`` entry."""
    fields = [("title", _bibtex_text(title)), ("author", "{" + _bibtex_text(site) + "}"),
              ("howpublished", rf"\url{{{url}}}"), ("url", url),
              ("organization", _bibtex_text(site)), ("year", str(accessed.year)),
              ("note", _bibtex_text("Data: " + "; ".join(sources))),
              ("urldate", accessed.isoformat())]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{cmtc_{chart_id},\n{body}\n}}"


def citation(title: str, url: str, site: str, sources: Sequence[str], accessed: date,
             t: Translator) -> str:
    """The chart's citation in a readable style (one line)."""
    return t("{site} ({year}). “{title}” [chart]. Data: {sources}. {url} (accessed {date}).",
             site=site, year=accessed.year, title=title, sources="; ".join(sources), url=url,
             date=accessed.isoformat())


def citation_block(chart: RegisteredChart, url: str, site: str, sources: Sequence[str],
                   t: Translator) -> str:
    """The ``chart_citation()`` macro's Markdown: the citation, then BibTeX to copy."""
    accessed = date.today()
    title = chart_text(chart, "title", t)
    readable = _attr(citation(title, url, site, sources, accessed, t))
    return (f'<p class="cm-citation">{readable}</p>\n\n'
            + _code(bibtex(chart.id, title, url, site, sources, accessed), "text"))


def share_links(title: str, url: str, locale: str) -> list[tuple[str, str]]:
    """(label, href) of each share link: plain links, nothing loads before a click."""
    u, text = quote(url, safe=""), quote(title, safe="")
    links = [("Email", f"mailto:?subject={text}&body={u}"),
             ("Bluesky", f"https://bsky.app/intent/compose?text={text}%20{u}"),
             ("X", f"https://twitter.com/intent/tweet?text={text}&url={u}"),
             ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
             ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
             ("Reddit", f"https://www.reddit.com/submit?url={u}&title={text}")]
    if locale == "zh":
        links.append(("Weibo", f"https://service.weibo.com/share/share.php?url={u}&title={text}"))
    return links


def embed_snippet(chart_id: str, title: str, embed_url: str, origin: str) -> str:
    """The ``<iframe>`` to paste, with the few lines that let it take the chart's height."""
    frame = f"cm-embed-{chart_id}"
    return (f'<iframe id="{frame}" src="{embed_url}" title="{_attr(title)}" '
            f'style="width:100%;border:0" height="{EMBED_HEIGHT}" loading="lazy"></iframe>\n'
            '<script>addEventListener("message",function(e){if(e.origin==="'
            f'{origin}"&&e.data&&e.data.cmEmbed==="{chart_id}")document.getElementById("{frame}")'
            ".height=e.data.height});</script>")


def _attr(text: str) -> str:
    """Text inside a double-quoted HTML attribute."""
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _front_matter(**values: Any) -> str:
    """YAML front matter; strings are JSON-quoted (valid YAML)."""
    import json

    lines = [f"{key}: {value}" if key == "reviewed" else  # a YAML date, as pages write it
             f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _code(text: str, language: str) -> str:
    """A fenced code block with Material's copy button."""
    return f"``` {{ .{language} .copy }}\n{text}\n```\n"


def _reviewed(chart_uses: Sequence[Use]) -> str:
    """A chart page was last reviewed when the latest page that shows it was."""
    dates = [use.reviewed for use in chart_uses if use.reviewed]
    return max(dates) if dates else date.today().isoformat()


def chart_page(chart: RegisteredChart, chart_uses: Sequence[Use], *, locale: str, site_url: str,
               prefix: str, t: Translator) -> str:
    """The Markdown of a chart's own page."""
    url = site_url + chart_url(chart.id, prefix)
    origin = re.match(r"^[a-z]+://[^/]+", site_url)
    title = chart_text(chart, "title", t)
    used = "\n".join(f"- [{use.title}](../{use.src_uri})" for use in chart_uses)
    shares = " · ".join(f'<a href="{_attr(href)}" rel="noopener">{t(label)}</a>'
                        for label, href in share_links(title, url, locale))
    return (
        _front_matter(title=title, description=chart_text(chart, "alt", t),
                      reviewed=_reviewed(chart_uses), chart_page=chart.id)
        + f"# {title}\n\n{{{{ chart(\"{chart.id}\") }}}}\n\n{{% raw %}}\n"
        + f"## {t('Where this chart appears')}\n\n"
        + (used or t("No page shows this chart yet.")) + "\n\n"
        + f"## {t('Link to this chart')}\n\n" + _code(url, "text") + "\n"
        + f"## {t('Embed this chart')}\n\n"
        + t("Paste this into a web page; the frame takes the chart's height.") + "\n\n"
        + _code(embed_snippet(chart.id, title, url + "embed/",
                              origin.group(0) if origin else ""), "text") + "\n"
        + f"## {t('Cite this chart')}\n\n{{% endraw %}}\n"
        + f'{{{{ chart_citation("{chart.id}") }}}}\n\n{{% raw %}}\n'
        + f"## {t('Share this chart')}\n\n"
        + f'<p class="cm-share">{shares}</p>\n{{% endraw %}}\n'
    )


def embed_page(chart: RegisteredChart, chart_uses: Sequence[Use], *, site: str,
               t: Translator) -> str:
    """The Markdown of a chart's embed page (overrides/embed.html: no site navigation)."""
    title = chart_text(chart, "title", t)
    return (
        _front_matter(title=title, description=chart_text(chart, "alt", t),
                      reviewed=_reviewed(chart_uses), template="embed.html",
                      chart_embed=chart.id, search={"exclude": True})
        + f"{{{{ chart(\"{chart.id}\") }}}}\n\n{{% raw %}}\n"
        + f'<p class="cm-embed__back"><a href="../">{_attr(site)}: '
        + f"{_attr(t('the chart, its data and sources'))}</a></p>\n{{% endraw %}}\n"
    )


def gallery_page(charts: Sequence[RegisteredChart], all_uses: dict[str, list[Use]], *,
                 t: Translator) -> str:
    """The Markdown of the gallery: each chart's thumbnail, title and finding, by topic."""
    order = list(dict.fromkeys(TOPICS.values())) + ["Other charts"]
    groups: dict[str, list[RegisteredChart]] = {}
    for chart in charts:
        groups.setdefault(topic(chart), []).append(chart)
    dates = [use for chart in charts for use in all_uses.get(chart.id, [])]
    intro = t("Every chart of the site, with its data, sources, embed code and citation.")
    parts = [_front_matter(title=t("Charts"), description=intro, reviewed=_reviewed(dates)),
             f"# {t('Charts')}\n\n{{% raw %}}\n", intro + "\n\n"]
    for name in sorted(groups, key=order.index):
        parts.append(f"## {t(name)}\n\n<ul class=\"cm-gallery\">\n")
        for chart in groups[name]:
            title = _attr(chart_text(chart, "title", t))
            finding = _attr(chart_text(chart, "alt", t))
            parts.append(
                f'<li class="cm-gallery__item"><a href="{chart.id}/">'
                f'<img src="{chart.id}/thumbnail.svg" alt="" loading="lazy" width="320">'
                f'<span class="cm-gallery__title">{title}</span></a>'
                f'<span class="cm-gallery__finding">{finding}</span></li>\n')
        parts.append("</ul>\n\n")
    parts.append("{% endraw %}\n")
    return "".join(parts)

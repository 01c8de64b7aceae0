"""The ``chart()`` macro: a placeholder while Markdown runs, the figure once it has run.

Raw HTML from a macro inside an admonition, a content tab or a list item is either pushed out of
its container or run through inline Markdown, which rewrites data (design.md, trap 3). So
``chart("id")`` builds the figure at once (errors name the page and the chart) but returns only a
token of capital letters and digits, which no Markdown extension touches. Then two hooks
(macros/hooks.py) finish the job:

- ``on_page_content``: :func:`mark` swaps each token for a stub holding the figure's caption
  between two HTML comments, so the search index gets the chart's title and finding but not its
  SVG, inline data and tables (parsing those for search made each chart cost a build ~0.1 s);
- ``on_post_page``: :func:`swap` replaces each stub in the finished page with the whole figure
  and writes the figure's download files.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from macros.figure import Figure

_NONCE = secrets.token_hex(5).upper()  # per build: prose can never contain a live token
_TOKEN = rf"CMCHART{_NONCE}N\d+X"
_CAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S)
SCRIPTS_KEY = "chart_scripts"  # page.meta key telling overrides/main.html to load the chart JS


class ChartMacroError(Exception):
    """A chart() call that cannot be shown; the message names the page and the chart."""


@dataclass(frozen=True)
class _Pending:
    token: str
    chart_id: str
    figure: Figure


_pending: dict[str, list[_Pending]] = {}  # page src_uri -> its figures, in call order
_scripts: dict[str, str] = {}  # "runtime" and "script": site paths of the chart JavaScript


def set_scripts(runtime: str, script: str) -> None:
    """Record the (content-hashed) site paths of the Vega runtime and the page script."""
    _scripts.update(runtime=runtime, script=script)


def chart_macro(page_uri: str, page_url: str, *args: Any, **kwargs: Any) -> str:
    """``{{ chart("id") }}``: build the figure now, return its placeholder token."""
    if kwargs or len(args) != 1 or not isinstance(args[0], str) or not args[0].strip():
        call = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        raise ChartMacroError(f"{page_uri}: chart({call}): give exactly one chart id, as in "
                              '{{ chart("rare_earth_mine_production_latest") }}')
    chart_id = args[0].strip()
    count = sum(1 for p in _pending.get(page_uri, []) if p.chart_id == chart_id)
    figure_id = f"fig-{chart_id}" + (f"-{count + 1}" if count else "")
    from macros.figure_cache import figure_for
    from macros.i18n import locale_of

    try:
        figure = figure_for(chart_id, figure_id=figure_id, page_url=page_url,
                            locale=locale_of(page_uri))
    except Exception as error:
        raise ChartMacroError(f'{page_uri}: chart("{chart_id}") failed: '
                              f"{type(error).__name__}: {error}") from error
    return stash(page_uri, chart_id, figure)


def stash(page_uri: str, chart_id: str, figure: Figure) -> str:
    """Keep a page's figure until its content is ready; return the token that stands for it."""
    page = _pending.setdefault(page_uri, [])
    token = f"CMCHART{_NONCE}N{len(page)}X"  # matches _TOKEN
    page.append(_Pending(token, chart_id, figure))
    return token


def mark(page_uri: str, content: str, meta: dict[str, Any]) -> str:
    """Replace the page's tokens with search stubs and flag the page for the chart JavaScript.

    One pass over the page for all its tokens (a pass per figure grows with the square of the
    number of charts on a page).
    """
    pending = {p.token: p for p in _pending.get(page_uri, [])}
    if not pending:
        return content
    found: set[str] = set()

    def stub(match: re.Match[str]) -> str:
        key = match.group(1) or match.group(2)
        found.add(key)
        caption = _CAPTION.search(pending[key].figure.html)
        return f"<!--{key}--><p>{caption.group(1) if caption else ''}</p><!--{key}-->"

    content = re.sub(rf"<p>\s*({_TOKEN})\s*</p>|({_TOKEN})", stub, content)
    for key, lost in pending.items():
        if key not in found:
            raise ChartMacroError(f'{page_uri}: chart("{lost.chart_id}") was lost in Markdown '
                                  "(inside a code block or an HTML comment?)")
    meta[SCRIPTS_KEY] = dict(_scripts)
    return content


def swap(page_uri: str, output: str, site_dir: str) -> str:
    """Replace the stubs in a finished page with its figures; publish the figures' files."""
    pending = {p.token: p for p in _pending.pop(page_uri, [])}
    if not pending:
        return output
    found: set[str] = set()

    def figure_html(match: re.Match[str]) -> str:
        found.add(match.group(1))
        return pending[match.group(1)].figure.html

    output = re.sub(rf"<!--({_TOKEN})-->.*?<!--\1-->", figure_html, output, flags=re.S)
    for key, lost in pending.items():
        if key not in found:
            raise ChartMacroError(f'{page_uri}: chart("{lost.chart_id}") was lost between '
                                  "Markdown and the page template")
        publish(lost.figure.files, Path(site_dir))
    return output


def publish(files: dict[str, Path], site_dir: Path) -> None:
    """Copy download files under site/ (names are content-hashed: existing ones are current);
    a PNG still being rendered is copied once it is done (macros/png_jobs.py)."""
    from macros import png_jobs

    for path, source in files.items():
        target = site_dir / path
        if not target.exists():
            png_jobs.copy_when_done(source, target)


def chart_ids(page_uri: str) -> list[str]:
    """The ids of the charts a page shows, in order (until its figures are swapped in)."""
    return [p.chart_id for p in _pending.get(page_uri, [])]


def figure_files(page_uri: str) -> dict[str, Path]:
    """The download files of a page's figures: site path -> cached file (until swapped in)."""
    return {path: source for pending in _pending.get(page_uri, [])
            for path, source in pending.figure.files.items()}


def figure_sources(page_uri: str, chart_id: str) -> tuple[str, ...]:
    """The sources of a chart the page has already shown (its first figure of that chart)."""
    for pending in _pending.get(page_uri, []):
        if pending.chart_id == chart_id:
            return pending.figure.sources
    raise ChartMacroError(f'{page_uri}: cite the chart "{chart_id}" after its chart() call')


def discard(page_uri: str) -> None:
    """Forget a page's figures: a macro failed on it, so its Markdown holds no tokens."""
    _pending.pop(page_uri, None)


def reset() -> None:
    """Forget pending figures (tests; each build imports this module afresh)."""
    _pending.clear()

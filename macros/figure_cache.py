"""A chart's figure, kept in .cache/ and drawn again only when something it depends on changed.

A figure depends on the shared code (macros/*.py, the translations, the chart registry and its
helpers), the chart's own module and its data files; the build that drew it last recorded which
those are. A warm rebuild therefore imports neither Altair nor the chart modules. The renderings
inside a figure (SVG, Vega, PNG) have their own cache by content (macros/render_cache.py).
"""

from __future__ import annotations

import inspect
import json
from functools import cache
from pathlib import Path

from macros import render_cache
from macros.figure import FIGURE_TEMPLATE, Figure, render
from macros.figure_spec import data_urls
from macros.i18n import translator
from macros.paths import DATA_DIR, DOCS_DIR, PROJECT_ROOT, relative


def figure_for(chart_id: str, *, figure_id: str, page_url: str, locale: str = "en") -> Figure:
    """The figure of a registered chart, reused from .cache/ when nothing it depends on changed.

    A figure depends on the shared code (macros/*.py, the chart registry and its helpers), the
    chart's own module and its data files; the build that drew it last recorded which those are.
    A warm rebuild therefore imports neither Altair nor the chart modules.
    """
    request = json.dumps([chart_id, figure_id, page_url, locale])
    recorded = render_cache.cache_path("deps", chart_id, ".json")
    if recorded.exists():
        inputs = _inputs_digest(json.loads(recorded.read_text(encoding="utf-8")))
        figure = inputs and _load_figure(_entry(request, inputs))
        if figure:
            return figure
    figure, files = _draw(chart_id, figure_id=figure_id, page_url=page_url, locale=locale)
    render_cache.store(recorded, json.dumps(files).encode())
    _save_figure(_entry(request, _inputs_digest(files) or ""), figure)
    return figure


def _entry(request: str, inputs: str) -> Path:
    """Where the cache keeps the figure asked for by ``request`` drawn from ``inputs``."""
    return render_cache.cache_path("figure", request + inputs, ".json")


def _draw(chart_id: str, *, figure_id: str, page_url: str, locale: str
          ) -> tuple[Figure, list[str]]:
    """Draw a registered chart from the project's catalog and theme; also return the files
    (relative to the project root) that the drawing depends on besides the shared code."""
    from macros import charts
    from macros.catalog import get_catalog
    from macros.charts._translate import localize_spec

    catalog = get_catalog()
    chart = charts.get(chart_id)
    t = translator(locale)
    as_written = charts.vega_lite(chart_id, catalog, t, localize=False)
    spec = localize_spec(as_written, t)
    figure = render(chart, spec, catalog, figure_id=figure_id, page_url=page_url,
                    dark_config=charts.dark_config(t), locale=locale, as_written=as_written)
    module = Path(inspect.getsourcefile(chart.draw) or "").resolve()
    files = [relative(module), relative(DATA_DIR / "datapackage.yaml")]
    files += [relative(DATA_DIR / catalog.resource(name)["path"]) for name in chart.resources]
    files += [relative(DOCS_DIR / url) for url in data_urls(spec)]  # e.g. a map's topology
    return figure, files


@cache
def _file_digest(name: str) -> str | None:
    """The SHA-256 of a project file (once per build: each build imports this module afresh)."""
    path = PROJECT_ROOT / name
    return render_cache.digest(path.read_bytes()) if path.is_file() else None


@cache
def _shared_code() -> tuple[str, ...]:
    """What every figure depends on: macros/*.py, the translations, the chart registry and its
    helpers, the figure's template and the Chinese chart font (macros/fonts.py)."""
    macros = PROJECT_ROOT / "macros"
    return tuple(relative(path) for path in [*sorted(macros.glob("*.py")),
                                             *sorted(macros.glob("locales/*.yaml")),
                                             *sorted((macros / "charts").glob("_*.py")),
                                             *sorted((macros / "fonts").glob("*.otf")),
                                             FIGURE_TEMPLATE])


def _inputs_digest(files: list[str]) -> str | None:
    """One digest of the shared code and the given files; None if one of them is gone."""
    names = [*_shared_code(), *files]
    digests = [_file_digest(name) for name in names]
    if None in digests:
        return None
    return render_cache.digest("\n".join(f"{n} {d}" for n, d in zip(names, digests, strict=True)))


def _save_figure(path: Path, figure: Figure) -> None:
    """Keep a figure in the cache: its HTML and the names of its files' blobs."""
    blobs = {site_path: blob.name for site_path, blob in figure.files.items()}
    render_cache.store(path, json.dumps({"html": figure.html, "files": blobs,
                                         "sources": list(figure.sources)}).encode())


def _load_figure(path: Path) -> Figure | None:
    """A cached figure, or None if it (or one of its blobs) is missing."""
    if not path.exists():
        return None
    entry = json.loads(path.read_text(encoding="utf-8"))
    blobs = {site_path: render_cache.CACHE / name for site_path, name in entry["files"].items()}
    if not all(blob.exists() for blob in blobs.values()):
        return None
    return Figure(entry["html"], blobs, tuple(entry.get("sources") or ()))

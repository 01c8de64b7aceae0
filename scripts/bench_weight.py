"""Page weight for `make bench`: the bytes each built page makes a reader download.

For every HTML page of a build, follow its ``<script src>``, ``<link rel="stylesheet">``, script
preloads and the chart script's ``data-runtime`` (the Vega runtime it loads itself) within the
site, and add up HTML, CSS and JavaScript, raw and gzipped (``gzip -9``, each file on its own, as
a server sends it). Chart JavaScript is what the figure layer adds: the Vega runtime (named by the
chart script's ``data-runtime``) and any script named ``vega.*`` or ``charts.*``; other scripts
that are not Material's own (such as the language switcher) are counted as other site JS.
A chart's embed page (the frame other sites show) is budgeted against its chart page.
"""

from __future__ import annotations

import functools
import gzip
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import material

THEME_DIR = Path(material.__file__).resolve().parent / "templates"
# A name that changes with its content (for example bundle.a5f9d56c.min.js, vega.3f2a9c1b.js).
HASHED_NAME = re.compile(r"[.\-_][0-9a-f]{8,}[.\-_]", re.IGNORECASE)
# The figure layer's scripts: charts.<hash>.js and the runtime vega.<hash>.js.
CHART_SCRIPT_NAME = re.compile(r"^(vega|charts)[.\-]", re.IGNORECASE)
# A chart in a built page: the figure layer's chart box, <div class="cm-chart" data-chart="id">.
CHART_MARKER = re.compile(r"<[a-z]+\s[^>]*\bdata-chart=", re.IGNORECASE)
# A chart's embed page, the frame other sites show (macros/chart_pages.py, overrides/embed.html).
EMBED_PAGE = re.compile(r"(?:[a-z]{2}/)?charts/[^/]+/embed/index\.html")


KB = 1024


@dataclass
class PageWeight:
    """Bytes one page makes a reader download, by kind, raw and gzipped."""

    page: str
    charts: int
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gzip: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    chart_js_files: list[str] = field(default_factory=list)
    other_js_files: list[str] = field(default_factory=list)  # neither Material's nor the charts'
    external: list[str] = field(default_factory=list)


KINDS = ("html", "css", "js", "chart_js", "total")


class _Assets(HTMLParser):
    """Collects the scripts (sources, preloads, runtimes) and stylesheets of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.runtimes: list[str] = []  # scripts the chart script loads itself (data-runtime)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        if tag == "script":
            self.scripts += [values[k] for k in ("src", "data-runtime") if values.get(k)]
            self.runtimes += [values["data-runtime"]] if values.get("data-runtime") else []
        elif tag == "link" and values.get("href"):
            if "stylesheet" in rel:
                self.styles.append(values["href"])
            elif {"preload", "modulepreload"} & set(rel) and values.get("as", "script") == "script":
                self.scripts.append(values["href"])


@functools.cache
def _sizes(path: Path) -> tuple[int, int]:
    """Raw and gzipped size of a file (cached: pages share their assets)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def _resolve(site_dir: Path, page: str, url: str) -> Path | None:
    """The file a page's relative or root-relative URL points to, or None if it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        rel = parts.path.lstrip("/")
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    return site_dir / rel


def is_theme_script(site_dir: Path, path: Path) -> bool:
    """True for Material's own JavaScript (a file that ships in the theme's templates)."""
    return (THEME_DIR / path.relative_to(site_dir)).is_file()


def page_weight(site_dir: Path, html_path: Path) -> PageWeight:
    """The download weight of one built page."""
    site_dir = site_dir.resolve()
    html_path = html_path.resolve()
    page = html_path.relative_to(site_dir).as_posix()
    html = html_path.read_text(encoding="utf-8")
    weight = PageWeight(page=page, charts=len(CHART_MARKER.findall(html)))
    parser = _Assets()
    parser.feed(html)

    def add(kind: str, path: Path) -> None:
        raw, zipped = _sizes(path)
        weight.raw[kind] += raw
        weight.gzip[kind] += zipped

    add("html", html_path)
    named = (_resolve(site_dir, page, url) for url in parser.runtimes)
    runtimes = {path.resolve() for path in named if path is not None}
    for kind, urls in (("css", parser.styles), ("js", parser.scripts)):
        paths: dict[Path, None] = {}
        for url in urls:
            path = _resolve(site_dir, page, url)
            if path is None:
                weight.external.append(url)
            elif path.is_file():
                paths[path.resolve()] = None
        for path in paths:
            add(kind, path)
            name = path.relative_to(site_dir).as_posix()
            if kind != "js" or is_theme_script(site_dir, path):
                continue
            if path in runtimes or CHART_SCRIPT_NAME.match(path.name):
                add("chart_js", path)
                weight.chart_js_files.append(name)
            else:
                weight.other_js_files.append(name)
    for table in (weight.raw, weight.gzip):
        table["total"] = table["html"] + table["css"] + table["js"]
    return weight


def site_weights(site_dir: Path) -> list[PageWeight]:
    """The weight of every HTML page in a build, in path order."""
    return [page_weight(site_dir, path) for path in sorted(site_dir.rglob("*.html"))]


def unhashed(files: list[str]) -> list[str]:
    """Chart scripts whose names carry no content hash (so they cannot be cached forever)."""
    return [name for name in files if not HASHED_NAME.search(Path(name).name + ".")]


# --- the rows of `make bench` ----------------------------------------------------------------


def section(site_dir: Path) -> list[tuple[str, str, str, bool | None]]:
    """`make bench`'s weight rows (measure, value, target, passed): every page's weight; chart
    JavaScript size, placement and names; requests to other origins."""
    rows: list[tuple[str, str, str, bool | None]] = []
    weights = site_weights(site_dir)
    for w in weights:
        rows.append((f"{w.page} ({w.charts} charts): total raw / gzip",
                     f"{_kib(w.raw['total'])} / {_kib(w.gzip['total'])} "
                     f"(HTML {_kib(w.gzip['html'])}, CSS {_kib(w.gzip['css'])}, "
                     f"JS {_kib(w.gzip['js'])} gz)", "", None))
    with_charts = [w for w in weights if w.charts]
    without = [w for w in weights if not w.charts]
    if with_charts:
        largest = max(w.gzip["chart_js"] for w in with_charts)
        rows.append(("chart JS on a chart page, gzip (max)", _kib(largest), "<= 210 KB",
                   largest <= 210 * KB))
    else:
        rows.append(("chart JS on a chart page", "no page has a chart figure",
                   "<= 210 KB", False))
    stray = sum(w.raw["chart_js"] for w in without)
    stray_pages = [w.page for w in without if w.raw["chart_js"]]
    rows.append((f"chart JS on the {len(without)} pages without charts",
               f"{stray} bytes" + (f" ({', '.join(stray_pages)})" if stray_pages else ""),
               "0", stray == 0))
    rows += embed_rows(weights)
    files = sorted({f for w in weights for f in w.chart_js_files})
    plain_names = unhashed(files)
    rows.append(("chart JS files without a content hash in their name",
               ", ".join(plain_names) or "none", "none", not plain_names))
    other = sorted({f for w in weights for f in w.other_js_files})
    rows.append(("other site scripts (neither Material's nor the charts')",
               ", ".join(other) or "none", "", None))
    external = sorted({u for w in weights for u in w.external})
    rows.append(("scripts/stylesheets from other origins", ", ".join(external) or "none",
               "none", not external))
    return rows


def embed_rows(weights: list[PageWeight]) -> list[tuple[str, str, str, bool | None]]:
    """The embed pages' budget: each weighs no more than its chart page (the frame adds nothing
    to the chart) and loads no script but the chart's (no Material, no other site script). A
    retired chart id's embed address, a redirect with no chart, is not an embed page."""
    pages = {w.page: w for w in weights}
    embeds = [w for w in weights if EMBED_PAGE.fullmatch(w.page) and w.charts]
    if not embeds:
        return [("embed pages", "none found", "one per chart", False)]
    heaviest = max(embeds, key=lambda w: w.gzip["total"])
    heavier = [w.page for w in embeds
               if w.gzip["total"] > pages[w.page.replace("embed/index.html", "index.html")]
               .gzip["total"]]
    scripted = [w.page for w in embeds if w.raw["js"] != w.raw["chart_js"]]
    return [
        (f"embed pages ({len(embeds)}): total gzip (max)",
         f"{_kib(heaviest.gzip['total'])} ({heaviest.page})", "", None),
        ("embed pages heavier than their chart page (gzip)", ", ".join(heavier) or "none",
         "none", not heavier),
        ("embed pages with a script besides the chart's", ", ".join(scripted) or "none",
         "none", not scripted),
    ]


def _kib(value: float) -> str:
    """A size in KiB for the table."""
    return f"{value / KB:.1f} KB"

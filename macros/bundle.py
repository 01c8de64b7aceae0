"""Build-time artefacts made with vl-convert, cached in .cache/charts/ by content hash.

- The browser runtime: Vega alone (charts are compiled from Vega-Lite to Vega at build time), from
  the bundle vl-convert makes for Altair's Vega-Lite version, wrapped in an IIFE so its top-level
  names stay out of the page's global scope; it sets only ``window.vega`` (View and parse).
  Bundling takes vl-convert 6-14 s of CPU, so it is not done by builds: ``make vega-runtime`` writes
  it to docs/assets/javascripts/vega.js (committed, like any vendored library), and every build
  checks that it matches the Vega version charts are compiled for.
- Static SVG renderings of chart specs, and PNGs of those SVGs.

Each cache entry is named by a hash of everything that determines it (the spec, vl-convert's
version, the Vega-Lite version), so a warm rebuild never starts vl-convert's JavaScript engine
and an edit redoes only the charts it changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import vl_convert as vlc

from macros.paths import CACHE_DIR

# What every cache entry depends on besides its own key (read without importing Altair).
TOOLS = f"vl-convert {version('vl-convert-python')}; altair {version('altair')}"
CACHE = CACHE_DIR / "charts"
PNG_SCALE = 2  # PNG downloads at twice the on-screen size, sharp on high-density screens


def digest(data: str | bytes, length: int = 64) -> str:
    """A hex SHA-256 of text or bytes, cut to ``length`` characters."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:length]


def cache_path(kind: str, key: str, suffix: str = "") -> Path:
    """Where the cache keeps the entry of this kind and key."""
    return CACHE / f"{kind}-{digest(f'{TOOLS}; {kind}; {key}', 32)}{suffix}"


def store(path: Path, data: bytes) -> None:
    """Write a cache entry atomically: a build killed midway never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def blob(content: bytes) -> Path:
    """A cache file holding ``content``, named by its hash."""
    path = cache_path("blob", digest(content))
    if not path.exists():
        store(path, content)
    return path


def _cached(kind: str, key: str, suffix: str, make: Callable[[], bytes]) -> Path:
    """The cache file for ``key``, made with ``make()`` the first time it is asked for."""
    path = cache_path(kind, key, suffix)
    if not path.exists():
        store(path, make())
    return path


@cache
def vl_version() -> str:
    """Altair's Vega-Lite version as vl-convert accepts it: "v6.4.1" -> "6.4"."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def _spec_key(spec: dict[str, Any]) -> str:
    """A stable text key for a spec (key order does not matter)."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


RUNTIME_SOURCE = "assets/javascripts/vega.js"  # under docs/: made by `make vega-runtime`


def runtime_header(vega_version: str) -> str:
    """The first line of the vendored runtime: what it is, which Vega, and its licences."""
    return (f"/* Vega {vega_version} (View and parse only), bundled by vl-convert "
            f"{version('vl-convert-python')} with `make vega-runtime`. Vega: BSD-3-Clause, "
            f"https://github.com/vega/vega/blob/v{vega_version}/LICENSE; "
            "it includes d3 modules (ISC). */\n")


def make_runtime() -> bytes:
    """Bundle Vega's View and parse for the browser (takes vl-convert several seconds), wrapped in
    an IIFE so that its only global is ``window.vega``."""
    # The snippet's own `vega` is a default import, which Vega's ES module lacks (null);
    # import the two names the page script uses from the same (inlined, offline) module.
    module = f"https://cdn.jsdelivr.net/npm/vega@{vlc.get_vega_version()}/+esm.js"
    snippet = f'import {{ View, parse }} from "{module}";\nwindow.vega = {{ View, parse }};'
    code = vlc.javascript_bundle(snippet, vl_version=vl_version())
    return f"{runtime_header(vlc.get_vega_version())}(function () {{\n{code}\n}})();\n".encode()


def runtime_problem(content: bytes) -> str | None:
    """Why the vendored runtime does not fit the Vega that charts are compiled for, or None."""
    first_line = content.split(b"\n", 1)[0].decode("utf-8", "replace")
    wanted = f"/* Vega {vlc.get_vega_version()} "
    if first_line.startswith(wanted):
        return None
    return (f"docs/{RUNTIME_SOURCE} is not the Vega runtime that vl-convert compiles charts for "
            f"(its first line should start with '{wanted}', got '{first_line[:40]}'). "
            "Fix: run `make vega-runtime` and commit the file.")


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec rendered to SVG text (cached)."""
    return _cached("svg", _spec_key(spec), ".svg",
                   lambda: vlc.vegalite_to_svg(spec, vl_version=vl_version()).encode()
                   ).read_text(encoding="utf-8")


def cached_json(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``'s JSON result, cached under ``kind`` and ``key``."""
    path = _cached(kind, key, ".json", lambda: json.dumps(make(), ensure_ascii=False).encode())
    return json.loads(path.read_text(encoding="utf-8"))


def png(svg_text: str) -> Path:
    """The cache file that holds the SVG rendered to PNG at PNG_SCALE (resvg only, no JavaScript
    engine); if it is not cached, it is rendered in the background and ready once
    ``png_jobs.finish()`` returns."""
    from macros import png_jobs

    path = cache_path("png", svg_text, ".png")
    png_jobs.start(svg_text, path, PNG_SCALE)
    return path

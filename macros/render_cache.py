"""vl-convert's renderings of charts, cached in .cache/charts/ by content hash: static SVGs of
Vega-Lite specs, specs compiled to Vega, PNGs of download SVGs (rendered by macros/png_jobs.py),
and the download files themselves (blobs).

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

from macros import fonts
from macros.paths import CACHE_DIR

# What every cache entry depends on besides its own key (read without importing Altair): the
# tools, and the shipped font, which lays out and draws the Chinese charts' text.
TOOLS = (f"vl-convert {version('vl-convert-python')}; altair {version('altair')}; "
         f"fonts {fonts.digest()}")
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


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec rendered to SVG text (cached)."""
    def make() -> bytes:
        fonts.register()
        return vlc.vegalite_to_svg(spec, vl_version=vl_version()).encode()

    return _cached("svg", _spec_key(spec), ".svg", make).read_text(encoding="utf-8")


def cached_json(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``'s JSON result, cached under ``kind`` and ``key``."""
    path = _cached(kind, key, ".json", lambda: json.dumps(make(), ensure_ascii=False).encode())
    return json.loads(path.read_text(encoding="utf-8"))


def png_path(svg_text: str) -> Path:
    """The cache file that holds (or will hold) the SVG rendered to PNG at PNG_SCALE; the
    rendering is macros/png_jobs.py's."""
    return cache_path("png", svg_text, ".png")

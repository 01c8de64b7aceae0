"""A chart's Vega-Lite spec as the page embeds it: only the columns it uses, sized to its box,
compiled to Vega (so the page needs only the Vega runtime), the dark palette as patches, and
JSON that is safe inside a single-quoted HTML attribute."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import vl_convert as vlc

from macros import render_cache
from macros.paths import DOCS_DIR

STATIC_WIDTH = 640  # px: about the width of Material's content column on a desktop screen
DEFAULT_HEIGHT = 360  # px: for charts that do not set a height
COMPOUND = ("facet", "concat", "hconcat", "vconcat", "repeat")  # views that cannot fill a box
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;"})


def prune_unused_columns(spec: dict[str, Any]) -> None:
    """Drop, in place, dataset columns whose name appears nowhere in the rest of the spec."""
    datasets = spec.get("datasets", {})
    words = list(_strings({k: v for k, v in spec.items() if k != "datasets"}))
    for name, rows in datasets.items():
        used = [c for c in record_columns(rows) if any(c in word for word in words)]
        datasets[name] = [{c: row[c] for c in used if c in row} for row in rows]


def _strings(node: Any) -> Iterator[str]:
    """Every string (keys and values) in a JSON tree, skipping inline data values."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "values":
                yield key
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def record_columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The columns of a list of records, in first-seen order."""
    return list(dict.fromkeys(key for row in rows for key in row))


def sized_specs(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(live, static): the live chart fills its box; the static one is STATIC_WIDTH wide.

    A single or layered view gets ``width``/``height`` "container" live and a fixed size static,
    both with ``autosize: fit`` so the static SVG's height is the box's height. Compound views
    (facet, concat, repeat) keep their own size.
    """
    if any(key in spec for key in COMPOUND):
        return spec, spec
    fit = {"type": "fit", "contains": "padding"}
    height = spec.get("height")
    if not isinstance(height, int | float | dict):
        height = DEFAULT_HEIGHT
    live = {**spec, "width": "container", "height": "container", "autosize": fit}
    static = {**spec, "width": STATIC_WIDTH, "height": height, "autosize": fit}
    return live, static


def with_background(spec: dict[str, Any], color: str) -> dict[str, Any]:
    """A copy of a spec drawn on ``color``."""
    return {**spec, "config": {**spec.get("config", {}), "background": color}}


def compile_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec compiled to Vega (cached), so the browser needs only the Vega runtime."""
    key = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return render_cache.cached_json(
        "vega", key, lambda: vlc.vegalite_to_vega(spec, vl_version=render_cache.vl_version()))


def spec_patches(base: Any, other: Any, path: tuple[Any, ...] = ()) -> list[list[Any]]:
    """The patches that turn ``base`` into ``other``: ``[path, value]`` sets, ``[path]`` deletes."""
    if isinstance(base, dict) and isinstance(other, dict):
        patches = [p for key in other for p in (
            spec_patches(base[key], other[key], (*path, key)) if key in base
            else [[[*path, key], other[key]]])]
        return patches + [[[*path, key]] for key in base if key not in other]
    if isinstance(base, list) and isinstance(other, list) and len(base) == len(other):
        return [p for i, (a, b) in enumerate(zip(base, other, strict=True))
                for p in spec_patches(a, b, (*path, i))]
    return [] if base == other else [[list(path), other]]


def attribute_json(value: Any) -> str:
    """JSON for a single-quoted HTML attribute: ``& ' < >`` escaped, so nothing can break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_ATTRIBUTE_ESCAPES)


def column_titles(spec: dict[str, Any]) -> dict[str, str]:
    """Column -> the title the chart gives it (tooltip, axis or legend), when it gives one."""
    titles: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            field, title = node.get("field"), node.get("title")
            if isinstance(field, str) and title:
                titles.setdefault(field, " ".join(title) if isinstance(title, list) else title)
            for key, value in node.items():
                if key not in ("datasets", "values"):
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(spec)
    return titles


class DataUrlError(ValueError):
    """A chart loads data from a URL that is not a file the site itself publishes."""


def data_urls(spec: Any) -> list[str]:
    """The site files (paths under docs/) that a spec loads by URL, such as a map's topology.

    Raises DataUrlError for any other URL: a chart may load only a file the site publishes
    itself (no third-party request), named from the site root without '..'.
    """
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str):
                if (re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.IGNORECASE)
                        or ".." in url.split("/") or not (DOCS_DIR / url).is_file()):
                    raise DataUrlError(f"data URL '{url}' is not a file under docs/: a chart "
                                       "loads only files the site itself publishes")
                found.append(url)
            for key, value in node.items():
                if key != "values":
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(spec)
    return list(dict.fromkeys(found))


def with_data_urls(spec: dict[str, Any], replace: Callable[[str], dict[str, Any]]
                   ) -> dict[str, Any]:
    """A copy of ``spec`` in which every ``{"url": ...}`` data source (see data_urls) has its
    ``url`` replaced by ``replace(url)``: a new ``url``, or the file's ``values`` inlined."""
    if not data_urls(spec):
        return spec

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                rest = {k: v for k, v in node.items() if k != "url"}
                return {**rest, **replace(node["url"])}
            return {k: v if k == "values" else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(spec)


def site_file_values(url: str) -> dict[str, Any]:
    """A published JSON file's content as inline ``values`` (for the static rendering only)."""
    return {"values": json.loads((DOCS_DIR / url).read_text(encoding="utf-8"))}

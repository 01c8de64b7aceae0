"""The Vega runtime the browser runs charts with, vendored in docs/assets/javascripts/vega.js.

Vega alone (charts are compiled from Vega-Lite to Vega at build time), from the bundle vl-convert
makes for Altair's Vega-Lite version, wrapped in an IIFE so its top-level names stay out of the
page's global scope; it sets only ``window.vega`` (View and parse). Bundling takes vl-convert
6-14 s of CPU, so it is not done by builds: ``make vega-runtime`` writes it (committed, like any
vendored library), and every build checks that it matches the Vega version charts are compiled
for.
"""

from __future__ import annotations

from importlib.metadata import version

import vl_convert as vlc

from macros.render_cache import vl_version

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

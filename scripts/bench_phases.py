"""Where a build's time goes, by wall clock: each plugin and hook per event, and each macro.

Run in a project copy: ``python scripts/bench_phases.py SITE_DIR`` builds it (strict if its
mkdocs.yml says so, as ``mkdocs build`` would with the real site's configuration) and prints
JSON ``{"total": s, "startup": s, "phases": {name: s}}``. Times are exclusive: a plugin event that
runs a nested build (the i18n plugin builds each further language from its ``on_post_build``)
is charged only for its own work, the nested events for theirs; so "i18n: on_post_build" is
the further language's Markdown, templates and files. ``mkdocs core`` is what is left for the
first language (Markdown conversion, templates, writing files). Unlike cProfile, this adds
almost no overhead, so the shares are those of a real build. Used by ``bench.py --profile``.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

STARTED = time.perf_counter()

from mkdocs.commands.build import build  # noqa: E402 - after STARTED: imports count as startup
from mkdocs.config import load_config  # noqa: E402
from mkdocs.plugins import CombinedEvent, PluginCollection  # noqa: E402
from mkdocs_macros.plugin import MacrosPlugin  # noqa: E402

_totals: dict[str, float] = defaultdict(float)
_children: list[float] = []  # per open timed call: time spent in timed calls inside it


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, charging its exclusive wall time to ``name``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _children.append(0.0)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            inner = _children.pop()
            _totals[name] += elapsed - inner
            if _children:
                _children[-1] += elapsed

    return wrapper


_register = PluginCollection._register_event


def _register_timed(self: PluginCollection, event_name: str, method: Any,
                    plugin_name: str | None = None) -> None:
    """Register a plugin's event method wrapped in a timer named after the plugin and event."""
    if not isinstance(method, CombinedEvent):
        priority = getattr(method, "mkdocs_priority", None)
        method = _timed(f"{plugin_name or '?'}: on_{event_name}", method)
        if priority is not None:
            method.mkdocs_priority = priority
    _register(self, event_name, method, plugin_name=plugin_name)


_macro = MacrosPlugin.macro


def _macro_timed(self: MacrosPlugin, v: Any, name: str = "") -> Any:
    """Register a macro wrapped in a timer (so chart() and stat() show apart from Jinja)."""
    name = name or v.__name__
    return _macro(self, _timed(f"macro {name}()", v) if callable(v) else v, name)


def main() -> None:
    """Build the project in the current directory into sys.argv[1]; print the phases as JSON."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)  # as `mkdocs build` does: say what failed
    PluginCollection._register_event = _register_timed
    MacrosPlugin.macro = _macro_timed
    begin = time.perf_counter()
    config = load_config(site_dir=sys.argv[1])
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` runs it
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    end = time.perf_counter()
    phases = dict(_totals)
    phases["mkdocs core (Markdown, templates, files)"] = (end - begin) - sum(phases.values())
    print(json.dumps({"total": end - STARTED, "startup": begin - STARTED,
                      "phases": dict(sorted(phases.items(), key=lambda kv: -kv[1]))}))


if __name__ == "__main__":
    main()

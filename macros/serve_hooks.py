"""MkDocs hooks that make `make serve` rebuild faster, through MkDocs' hook API alone.

- Theme templates are compiled once per process, not once per build: the Jinja environment
  MkDocs makes for each build (and mkdocs-static-i18n for each further language) gets a bytecode
  cache that lives as long as the process (``on_env``). Jinja checks each template's source
  against its cached code, so an edit to overrides/ shows at once.
- The libraries that macros/ imports only once data has changed (pandas, Altair, frictionless:
  seconds to import) are imported in the background as soon as the server starts, so the first
  CSV edit of a session is no slower than the next ones.

`make serve` also turns off, through mkdocs.yml's ``!ENV`` switches, what a preview does not
need: the second language, git revision dates and the search index (see the Makefile).

What upstream options would add (this project patches no one's internals to get them):
MkDocs' ``mkdocs serve`` has no option for its polling interval (0.5 s) or its build delay
(0.1 s), and no cache of converted Markdown between rebuilds; mkdocs-macros has no option to skip
its ``git`` variable (about 12 runs of git per rebuild) or to keep its compiled page templates.
"""

from __future__ import annotations

import importlib
import threading
from contextlib import suppress

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

# Imported by macros/ only when data has changed; a preview server expects data edits.
WARM_UP = ("pandas", "altair", "frictionless")

_warming: threading.Thread | None = None


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, checked against their source by Jinja on each load."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code compiled for it before, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code Jinja just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _MemoryBytecodeCache()


def _warm_up() -> None:
    """Import WARM_UP (best effort: a library the project no longer installs is skipped)."""
    for name in WARM_UP:
        with suppress(ImportError):
            importlib.import_module(name)


@event_priority(1000)  # first event of a rebuild: no build imports while the warm-up does
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Wait for the warm-up, if it is still running."""
    if _warming is not None:
        _warming.join()
    return config


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Share one template cache across builds and languages."""
    env.bytecode_cache = _templates
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object
             ) -> LiveReloadServer:
    """Start the warm-up once the server is about to serve."""
    global _warming
    _warming = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
    _warming.start()
    return server

"""MkDocs hooks (listed under ``hooks:`` in mkdocs.yml).

- Drop the ``macros`` package from ``sys.modules`` before each build, so that edits to chart code
  show up under ``mkdocs serve`` (mkdocs-macros would otherwise reuse the first import).
"""

from __future__ import annotations

import sys
from typing import Any

from mkdocs.plugins import event_priority


@event_priority(100)  # before mkdocs-macros imports the package in its own on_config
def on_config(config: Any) -> Any:
    """Forget every previously imported ``macros`` module so this build imports fresh code."""
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    return config

"""MkDocs hooks (listed under ``hooks:`` in mkdocs.yml).

- Drop the ``macros`` package from ``sys.modules`` before each build, so that edits to chart code
  show up under ``mkdocs serve`` (mkdocs-macros would otherwise reuse the first import).
- Validate the whole data package before any page renders; stop the build with every problem.
- Publish data/ (the CSV files and the descriptor) with the site, for download.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(100)  # before mkdocs-macros imports the package in its own on_config
def on_config(config: Any) -> Any:
    """Forget every previously imported ``macros`` module so this build imports fresh code."""
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    return config


def on_pre_build(config: Any) -> None:
    """Load and validate data/ once, before any page renders."""
    from macros.catalog import DataError, get_catalog

    try:
        get_catalog()
    except DataError as error:
        raise PluginError(str(error)) from None


def on_post_build(config: Any) -> None:
    """Copy the data package into the site as data/, next to the pages that cite it."""
    from macros.catalog import get_catalog

    catalog = get_catalog()
    target = Path(config["site_dir"]) / "data"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(catalog.data_dir / "datapackage.yaml", target / "datapackage.yaml")
    for name in catalog.names():
        path = catalog.resource(name)["path"]
        shutil.copy2(catalog.data_dir / path, target / path)

"""The macros that Markdown pages may call, registered with mkdocs-macros.

Pages call these with Jinja syntax, for example
``{{ stat("key_figures", key="ndpr_price_floor") }}``.
Each macro lives in its own module; macros/page_macros.py registers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_macros.plugin import MacrosPlugin


def define_env(env: MacrosPlugin) -> None:
    """Register every macro that Markdown may call (mkdocs-macros entry point)."""
    from macros import page_macros

    page_macros.register(env)

"""The chart registry: every chart the site can show, under a stable id.

Each module in this package holds a few small functions that take the data catalog and the page
language's translator and return an Altair chart, registered with ``@register``::

    @register("us_rare_earth_import_sources", title="...", alt="...", resources=[...])
    def us_rare_earth_import_sources(catalog: Catalog, t: Translator) -> alt.Chart:
        \"\"\"The long description readers see (used when ``description`` is not given).\"\"\"

Every chart function has that one signature, ``(catalog, t)``. ``t`` (macros/i18n.py) is needed
only for text the function composes itself (an annotation such as "2022 peak: 68,100"); every
other text is translated in the finished spec, so most chart functions never call it.

``build(chart_id, catalog, t)`` draws a chart: it checks the chart's resources exist, runs the
function, applies the theme and names the chart in any error. ``vega_lite(chart_id, catalog, t)``
is how the figure layer gets it: the finished Vega-Lite spec, translated (charts/_translate.py).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import altair as alt

from macros import theme

if TYPE_CHECKING:
    from macros.catalog import Catalog
    from macros.i18n import Translator

__all__ = ["ChartError", "ChartFunction", "RegisteredChart", "UnknownChartError", "all_charts",
           "build", "dark_config", "get", "register", "vega_lite"]


class ChartError(Exception):
    """A chart is misdeclared or failed to build; the message names the chart id."""


class UnknownChartError(ChartError, KeyError):
    """No chart is registered under the requested id; the message lists the known ids."""

    def __str__(self) -> str:  # KeyError would repr() the message, quoting it
        return str(self.args[0])


ChartFunction = Callable[["Catalog", "Translator"], alt.TopLevelMixin]


@dataclass(frozen=True)
class RegisteredChart:
    """A registered chart: what readers see about it, the data it uses and how to draw it."""

    id: str
    title: str
    alt: str
    description: str
    resources: tuple[str, ...]
    notes: str
    draw: ChartFunction


_REGISTRY: dict[str, RegisteredChart] = {}


def register(
    id: str,  # noqa: A002 - the contract's name for a chart's stable id
    *,
    title: str,
    alt: str,
    resources: Sequence[str],
    description: str = "",
    notes: str = "",
) -> Callable[[ChartFunction], ChartFunction]:
    """Register a chart function under ``id``; ``description`` defaults to its docstring.

    Raises ChartError (naming the id) if title, alt text, description or resources are empty,
    if the function does not take ``(catalog, t)``, or if another function already holds the id.
    """

    def decorate(function: ChartFunction) -> ChartFunction:
        chart = RegisteredChart(
            id=id,
            title=title.strip(),
            alt=alt.strip(),
            description=(description or inspect.getdoc(function) or "").strip(),
            resources=tuple(resources),
            notes=notes.strip(),
            draw=function,
        )
        _check_declaration(chart)
        _REGISTRY[id] = chart
        return function

    return decorate


def _check_declaration(chart: RegisteredChart) -> None:
    """Refuse a chart without an id, title, alt text, description or resources, a function that
    does not take ``(catalog, t)``, or a duplicate id."""
    missing = [name for name in ("id", "title", "alt", "description") if not getattr(chart, name)]
    if not chart.resources or not all(chart.resources):
        missing.append("resources")
    if missing:
        raise ChartError(f"Chart '{chart.id}' ({_where(chart)}) has no {', '.join(missing)}; "
                         "every chart declares a title, alt text, description and resources.")
    try:
        inspect.signature(chart.draw).bind(None, None)
    except TypeError:
        raise ChartError(f"Chart '{chart.id}' ({_where(chart)}) must take two parameters, "
                         "(catalog, t): the data catalog and the page's translator.") from None
    holder = _REGISTRY.get(chart.id)
    if holder is not None and _where(holder) != _where(chart):
        raise ChartError(f"Chart id '{chart.id}' is registered twice: by {_where(holder)} and "
                         f"{_where(chart)}. Give one of them another id.")


def _where(chart: RegisteredChart) -> str:
    """The function that draws a chart, as module.name (for error messages)."""
    return f"{chart.draw.__module__}.{chart.draw.__qualname__}"


def all_charts() -> list[RegisteredChart]:
    """Every registered chart, after importing every module in macros/charts/."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return list(_REGISTRY.values())


def get(chart_id: str) -> RegisteredChart:
    """The chart registered under ``chart_id``; UnknownChartError lists the known ids."""
    known = {chart.id: chart for chart in all_charts()}
    if chart_id not in known:
        raise UnknownChartError(f"Unknown chart '{chart_id}'. Known charts: "
                                f"{', '.join(sorted(known)) or '(none)'}")
    return known[chart_id]


def build(chart_id: str, catalog: Catalog, t: Translator | None = None) -> alt.TopLevelMixin:
    """Draw one chart from the catalog, themed, its own texts in ``t``'s language (English if
    None); any failure is a ChartError naming the chart."""
    registered = get(chart_id)
    missing = [name for name in registered.resources if name not in catalog.names()]
    if missing:
        raise ChartError(f"Chart '{chart_id}' needs data set(s) {', '.join(missing)}, which "
                         f"data/datapackage.yaml does not list. Known data sets: "
                         f"{', '.join(catalog.names())}")
    if t is None:
        from macros.i18n import DEFAULT, translator

        t = translator(DEFAULT)
    try:
        chart = registered.draw(catalog, t)
    except Exception as error:
        raise ChartError(f"Chart '{chart_id}' ({_where(registered)}) failed: "
                         f"{type(error).__name__}: {error}") from error
    if not isinstance(chart, alt.TopLevelMixin):
        raise ChartError(f"Chart '{chart_id}' ({_where(registered)}) returned "
                         f"{type(chart).__name__}, not an Altair chart.")
    return theme.apply(chart, locale=t.locale)


def vega_lite(chart_id: str, catalog: Catalog, t: Translator, *, localize: bool = True
              ) -> dict[str, Any]:
    """A chart's finished Vega-Lite spec, every text a reader sees in ``t``'s language.

    ``localize=False`` leaves its data values as the CSV files write them (the chart's own
    composed text is still in ``t``'s language); ``localize_spec`` translates them later."""
    from altair.utils.schemapi import debug_mode

    from macros.charts._translate import localize_spec

    # tests/test_charts.py validates every chart against Vega-Lite's schema; Altair would also
    # check each object as it is made: here that would cost a cold build seconds.
    with debug_mode(False):
        spec = build(chart_id, catalog, t).to_dict(validate=False)
    # labels, category values, number and date formats
    return localize_spec(spec, t) if localize else spec


def dark_config(t: Translator) -> dict[str, Any]:
    """The Vega-Lite config of every chart under the dark palette, in ``t``'s language."""
    from macros.charts._translate import localize_config

    return localize_config(theme.vega_config("slate", t.locale), t)

"""The charts' shared look: typography, colours and the fixed colour of each country.

- Fonts and sizes follow Material's system font stack (the site sets ``theme.font: false``).
- Every mark colour has at least 3:1 contrast (WCAG 2.1 AA for graphics, 1.4.11) against both
  Material's light background (white) and its dark "slate" background, so one spec reads in both.
- Text cannot meet 4.5:1 on both backgrounds with one colour, so the Vega-Lite config comes in two
  variants keyed by Material's scheme names: ``vega_config("default")``, ``vega_config("slate")``.
  Chart specs carry the light one; the page script swaps in the dark one on the slate palette.
- Each club member has one colour in every chart, China one constant colour, everyone else grey.
  Colour is never the only cue: charts add direct labels, point shapes or dash patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import altair as alt

from macros import fonts
from macros.i18n import DEFAULT as DEFAULT_LOCALE

Scheme = Literal["default", "slate"]

# Material's font stack when theme.font is false (see its _typeset.scss / _base.scss), with
# common sans-serif Chinese fonts before the generic family: without them, Chinese labels fall
# back to a serif face in static renderings (and PNG downloads).
FONT = ('-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, "PingFang SC", '
        '"Microsoft YaHei", "Noto Sans CJK SC", sans-serif')
# English charts also name "Liberation Sans", the face Linux browsers show for Helvetica and Arial
# (so browsers draw them as before): the build's renderer knows no font aliases and would
# otherwise measure and draw Latin text in the CJK face, the first of the list it has, which
# makes static SVGs and PNGs 2-3 times slower to render. Chinese charts keep that CJK face first:
# from a Latin face, the renderer's fallback for Chinese characters picks a serif one.
FONT_LATIN = FONT.replace('Arial, ', 'Arial, "Liberation Sans", ', 1)
# Chinese charts name the project's own subset of Noto Sans CJK SC (macros/fonts.py) before the
# system's Chinese faces: the build's renderer finds it on any machine, browsers skip it.
FONT_ZH = FONT.replace('"PingFang SC"', f'"{fonts.FAMILY}", "PingFang SC"', 1)


def font(locale: str = DEFAULT_LOCALE) -> str:
    """The font stack of the charts of a language."""
    return FONT_LATIN if locale == DEFAULT_LOCALE else FONT_ZH
FONT_SIZE = 12
LABEL_LIMIT = 110  # px: long axis labels are cut with an ellipsis on small screens
LEGEND_LABEL_LIMIT = 100  # px: two legend columns fit in 320 px
LEGEND_COLUMNS = 2

# The two backgrounds every colour is checked against (tests/test_charts.py).
BACKGROUNDS: dict[Scheme, str] = {"default": "#ffffff", "slate": "#1e2129"}
HALO = "halo"  # the config style of a text mark's outline in the page's background

CHINA = "China"
CHINA_COLOR = "#cc3a2a"
OTHER_COLOR = "#828282"
# "Rest of world" remainders: a pale fill, always drawn with an OTHER_COLOR outline for contrast.
REST_COLOR = "#d9d9d9"

# Club members named by Global Times and US officials (see data/members.csv), in a fixed order.
MEMBER_COLORS: dict[str, str] = {
    "United States": "#2f6fc0",
    "Japan": "#9a62cf",
    "South Korea": "#0f8fb0",
    "Australia": "#2e9a5a",
    "Malaysia": "#cc4f9a",
    "Thailand": "#ab8a17",
}

# Point shapes and dash patterns, so a country never depends on colour alone.
SHAPES = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross",
          "triangle-right", "triangle-left"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4], [4, 2, 1, 2], [3, 5]]

# Colours for categories that are not countries (e.g. event categories): the same
# contrast-checked hues, China's red kept out so it keeps meaning "China".
CATEGORY_COLORS = [*MEMBER_COLORS.values(), OTHER_COLOR]

# Text and axis colours per Material scheme; text meets 4.5:1 on its own background.
_INK: dict[Scheme, dict[str, str]] = {
    "default": {"text": "#212121", "muted": "#5f6368", "grid": "#e3e3e3", "domain": "#8a8a8a",
                "land": "#b6b6b6"},
    "slate": {"text": "#e2e4ea", "muted": "#b3b8c4", "grid": "#343946", "domain": "#7a8090",
              "land": "#778194"},
}


def country_color(country: str) -> str:
    """The one colour a country has in every chart."""
    if country == CHINA:
        return CHINA_COLOR
    return MEMBER_COLORS.get(country, OTHER_COLOR)


def country_group(country: str) -> str:
    """'China', 'Club member' or 'Other': the highlight a country gets."""
    if country == CHINA:
        return "China"
    return "Club member" if country in MEMBER_COLORS else "Other"


def country_color_scale(countries: Iterable[str]) -> alt.Scale:
    """A nominal colour scale giving each of these countries its fixed colour."""
    domain = list(dict.fromkeys(countries))
    return alt.Scale(domain=domain, range=[country_color(c) for c in domain])


def country_shape_scale(countries: Iterable[str]) -> alt.Scale:
    """A shape scale that gives China and each member its own shape (others share circles)."""
    domain = list(dict.fromkeys(countries))
    return alt.Scale(domain=domain, range=[_country_pick(c, SHAPES) for c in domain])


def country_dash_scale(countries: Iterable[str]) -> alt.Scale:
    """A strokeDash scale: one dash pattern per country, in the same order as the shapes."""
    domain = list(dict.fromkeys(countries))
    return alt.Scale(domain=domain, range=[_country_pick(c, DASHES) for c in domain])


def _country_pick(country: str, options: list[Any]) -> Any:
    """China's and each member's fixed entry in a list of options; others get the last one."""
    order = [CHINA, *MEMBER_COLORS]
    return options[order.index(country)] if country in order else options[-1]


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_color_on(fill: str) -> str:
    """Black or white, whichever reads better on a mark of colour ``fill``."""
    return max(("#000000", "#ffffff"), key=lambda ink: contrast(ink, fill))


def highlight_weight() -> alt.ExprRef:
    """An axis ``labelFontWeight`` that sets China and club members in bold (a non-colour cue)."""
    names = ", ".join(f"'{name}'" for name in [CHINA, *MEMBER_COLORS])
    return alt.ExprRef(expr=f"indexof([{names}], datum.value) >= 0 ? 'bold' : 'normal'")


def category_shape_scale(categories: Iterable[str]) -> alt.Scale:
    """A shape scale for non-country categories, in the order given."""
    domain = list(dict.fromkeys(categories))
    return alt.Scale(domain=domain, range=[SHAPES[i % len(SHAPES)] for i in range(len(domain))])


def vega_config(scheme: Scheme = "default", locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
    """The Vega-Lite ``config`` for Material's light ('default') or dark ('slate') scheme, in the
    fonts of ``locale``."""
    ink = _INK[scheme]
    family = font(locale)
    text = {"font": family, "fontSize": FONT_SIZE, "color": ink["text"]}
    axis = {
        "labelFont": family, "titleFont": family, "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE, "titleFontWeight": "normal", "labelColor": ink["muted"],
        "titleColor": ink["muted"], "gridColor": ink["grid"], "domainColor": ink["domain"],
        "tickColor": ink["domain"], "labelLimit": LABEL_LIMIT,
    }
    legend = {
        "labelFont": family, "titleFont": family, "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE, "titleFontWeight": "normal", "labelColor": ink["text"],
        "titleColor": ink["muted"], "labelLimit": LEGEND_LABEL_LIMIT, "orient": "bottom",
        "direction": "horizontal", "columns": LEGEND_COLUMNS, "columnPadding": 12,
        "symbolStrokeWidth": 2,
    }
    return {
        "background": "transparent",
        "font": family,
        "view": {"stroke": None},
        "axis": axis,
        "legend": legend,
        "header": {"labelFont": family, "titleFont": family, "labelColor": ink["text"],
                   "titleColor": ink["muted"], "labelFontSize": FONT_SIZE},
        "text": text,
        # Labels drawn over coloured marks sit on a halo of the page's background.
        "style": {HALO: {"stroke": BACKGROUNDS[scheme], "strokeWidth": 3, "strokeJoin": "round"}},
        "rule": {"color": ink["muted"]},
        "mark": {"color": CATEGORY_COLORS[0]},
        "range": {"category": CATEGORY_COLORS},
        # Vega-Lite draws points at 0.7 opacity by default, which fades them below 3:1.
        "point": {"filled": True, "size": 60, "opacity": 1},
        "circle": {"opacity": 1},
        "square": {"opacity": 1},
        "line": {"strokeWidth": 2},
        # Maps: countries outside any highlighted group, and borders in the page's background.
        "geoshape": {"fill": ink["land"], "stroke": BACKGROUNDS[scheme], "strokeWidth": 0.5},
    }


def ink(scheme: Scheme = "default") -> dict[str, str]:
    """Text, muted-text, grid and axis-line colours of a scheme (for tests and the page script)."""
    return dict(_INK[scheme])


def apply(chart: alt.TopLevelMixin, scheme: Scheme = "default", locale: str = DEFAULT_LOCALE
          ) -> alt.TopLevelMixin:
    """A copy of a top-level chart carrying the theme's config for ``scheme`` and ``locale``."""
    themed = chart.copy(deep=False)
    # Not Config.from_dict, which matches every value against the schema (seconds per cold
    # build): tests/test_charts.py validates every chart's whole spec, this config included.
    themed.config = alt.Config(**vega_config(scheme, locale))
    return themed

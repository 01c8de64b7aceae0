"""SVG surgery on vl-convert's static renderings of a chart.

- The page's copy: lighter (what an inline, aria-hidden SVG does not need is dropped), its ids
  prefixed with the figure's id (they would clash with the live chart's), hidden from assistive
  technology (the figure's text and table say the same).
- The downloaded copy: the chart on white with its title and sources drawn above it, so a
  downloaded image keeps its attribution.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from macros.i18n import Translator

DOWNLOAD_PADDING = 12  # px around the title and source lines of downloaded images
TITLE_PX, SOURCE_PX = 14, 11  # font sizes of those lines


def svg_size(svg: str) -> tuple[int, int]:
    """The (width, height) in px of an SVG document's root element."""
    root = re.search(r"<svg\b[^>]*>", svg)
    size = root and re.search(r'\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', root.group(0))
    if not size:
        raise ValueError("vl-convert returned an SVG without a width and height")
    return round(float(size.group(1))), round(float(size.group(2)))


# What the page's copy of the static SVG can do without (Vega writes them for a standalone file):
# ARIA inside an SVG that is aria-hidden as a whole, empty foreground and zero-size background
# paths of axes and legends, and attributes at their default value. About a third of the SVG's
# bytes, so less HTML to download and parse; the classes the page's CSS styles stay.
_SVG_ELEMENTS_NOT_NEEDED = re.compile(r'<path class="foreground"[^>]* d=""[^>]*/>'
                                      r'|<path class="background"[^>]* d="M0,0h0v0h0Z"[^>]*/>')
_SVG_ATTRIBUTES_NOT_NEEDED = re.compile(
    r' (?:role|aria-[a-z]+)="[^"]*"| opacity="1"| transform="translate\(0,0\)"'
    r'| pointer-events="none"')


# Fewer elements, same picture (issue 20: the market page carried ~800 SVG elements): the <line>s
# Vega writes for each tick, gridline and axis domain, one element each, as
# <line transform="translate(x,y)" x2=".." y2=".." stroke=".." .../>, become one <path> per run;
# <g> elements without attributes (they change nothing) go, their content stays; the font family
# that Vega repeats on every <text> is named once, on the root, and inherited.
_LINE = re.compile(r'<line(?: transform="translate\(([-\d.e]+),([-\d.e]+)\)")?'
                   r'(?: x1="([-\d.e]+)")?(?: y1="([-\d.e]+)")?'
                   r' x2="([-\d.e]+)" y2="([-\d.e]+)"((?: [a-z-]+="[^"]*")*)/>')
_LINE_RUN = re.compile(rf"(?:{_LINE.pattern})+")
_G_TAG = re.compile(r"<(/?)g\b([^>]*)>")
_FONT_FAMILY = re.compile(r' font-family="([^"]*)"')


def lighter_svg(svg: str) -> str:
    """The static SVG without what an inline, aria-hidden copy does not need, and with fewer
    elements for the same picture (see above)."""
    svg = _SVG_ATTRIBUTES_NOT_NEEDED.sub("", _SVG_ELEMENTS_NOT_NEEDED.sub("", svg))
    return _shared_font(_without_bare_groups(_LINE_RUN.sub(_merged_lines, svg)))


def _merged_lines(run: re.Match[str]) -> str:
    """A run of sibling <line>s as one <path> per stroke style (the same strokes, one element)."""
    paths: dict[str, list[str]] = {}
    for line in _LINE.finditer(run.group(0)):
        tx, ty, x1, y1, x2, y2, style = line.groups()
        dx, dy = float(tx or 0), float(ty or 0)
        paths.setdefault(style, []).append(
            f"M{_number(dx + float(x1 or 0))},{_number(dy + float(y1 or 0))}"
            f"L{_number(dx + float(x2))},{_number(dy + float(y2))}")
    return "".join(f'<path d="{"".join(d)}"{style}/>' for style, d in paths.items())


def _number(value: float) -> str:
    """A coordinate, to a thousandth of a pixel."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _without_bare_groups(svg: str) -> str:
    """The SVG without its attribute-less <g> tags (and their closing tags); content stays."""
    out, keep, last = [], [], 0
    for tag in _G_TAG.finditer(svg):
        closing, attributes = tag.group(1), tag.group(2).strip()
        if attributes.endswith("/"):  # an empty <g/>
            drop = True
        elif closing:
            drop = not keep.pop()
        else:
            keep.append(bool(attributes))
            drop = not attributes
        if drop:
            out.append(svg[last:tag.start()])
            last = tag.end()
    return "".join(out) + svg[last:]


def _shared_font(svg: str) -> str:
    """The most used font family named once, on the root element, instead of on each <text>."""
    families = _FONT_FAMILY.findall(svg)
    if not families:
        return svg
    common = max(sorted(set(families)), key=families.count)
    svg = svg.replace(f' font-family="{common}"', "")
    return re.sub(r"<svg\b", f'<svg font-family="{common}"', svg, count=1)


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make every id in the SVG (clip paths, gradients) unique on the page with ``prefix``."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)


def download_svg(svg: str, title: str, sources: Sequence[dict[str, Any]], t: Translator) -> str:
    """The static chart on white, with its title and sources drawn above it, so a downloaded
    image keeps its attribution. Composed around the static SVG rather than rendered again."""
    from macros.theme import font, ink

    width, height = svg_size(svg)
    cited = "; ".join(", ".join(str(s[k]) for k in ("publisher", "title") if s.get(k))
                      for s in sources)
    label = t("Source" if len(sources) == 1 else "Sources") + (": " if t.is_default else "：")
    room = width - 2 * DOWNLOAD_PADDING
    lines = [(line, TITLE_PX, "bold", ink()["text"]) for line in wrap(title, room, TITLE_PX)]
    lines += [(line, SOURCE_PX, "normal", ink()["muted"])
              for line in wrap(label + cited, room, SOURCE_PX)]
    texts, y, family = [], DOWNLOAD_PADDING, html.escape(font(t.locale))
    for text, size, weight, colour in lines:
        y += round(size * 1.4)
        texts.append(f'<text x="{DOWNLOAD_PADDING}" y="{y}" font-family="{family}" '
                     f'font-size="{size}" font-weight="{weight}" fill="{colour}">'
                     f"{html.escape(text)}</text>")
    top = y + DOWNLOAD_PADDING
    chart = re.sub(r"^\s*<svg\b", f'<svg x="0" y="{top}"', svg, count=1)
    total = top + height
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
            f'viewBox="0 0 {width} {total}"><rect width="{width}" height="{total}" '
            f'fill="#ffffff"/>{"".join(texts)}{chart}</svg>')


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """``text`` broken into lines of at most ``width_px`` (estimated: a Chinese character is
    one em wide, other characters about 0.55 em); breaks at spaces, or between Chinese
    characters."""
    lines, line, size = [], "", 0.0
    for word in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*",
                           text):
        wide = unicodedata.east_asian_width(word[0]) in "WF"
        word_px = font_px * (1.0 if wide else 0.55) * len(word.rstrip())
        if line and size + word_px > width_px:
            lines.append(line.rstrip())
            line, size = "", 0.0
        line += word
        size += font_px * (1.0 if wide else 0.55) * len(word)
    return [*lines, line.rstrip()] if line.strip() else lines

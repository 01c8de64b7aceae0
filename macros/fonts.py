"""The Chinese font of the charts' static renderings (PNG downloads, the build's SVG layout).

vl-convert draws text with the fonts it finds on the machine, and a CI or deploy machine may have
no Chinese font: the PNG would show empty boxes. So the project ships a subset of Noto Sans CJK SC
(SIL Open Font License 1.1, macros/fonts/OFL.txt) under its own family name, FAMILY, registers it
with vl-convert before anything is rendered, and names it first in the Chinese charts' font stack
(theme.font). The subset holds the characters of the Chinese chart strings (macros/locales/ and the
chart code): `make font` rebuilds it after new strings (scripts/subset_font.py). A Chinese chart
that uses a character the subset lacks stops the build and names it (``check_covered``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "CMC Noto Sans SC"  # not installed anywhere else: text in it comes from FONT_DIR
FILES = ("cmc-noto-sans-sc-regular.otf", "cmc-noto-sans-sc-bold.otf")


class FontError(Exception):
    """The shipped font is missing or lacks a character a chart needs."""


@cache
def register() -> None:
    """Make FONT_DIR's fonts known to vl-convert (once per process)."""
    import vl_convert as vlc

    missing = [name for name in FILES if not (FONT_DIR / name).is_file()]
    if missing:
        raise FontError(f"macros/fonts/{missing[0]} is missing: restore it from the repository, "
                        "or rebuild the Chinese chart font with `make font`")
    vlc.register_font_directory(str(FONT_DIR))


@cache
def digest() -> str:
    """A SHA-256 of the shipped faces (a cache key of every rendering)."""
    import hashlib

    sha = hashlib.sha256()
    for name in FILES:
        path = FONT_DIR / name
        sha.update(path.read_bytes() if path.is_file() else b"missing")
    return sha.hexdigest()


@cache
def covered() -> frozenset[str]:
    """The characters every shipped face (regular and bold) can draw."""
    from fontTools.ttLib import TTFont

    faces = [set(map(chr, TTFont(FONT_DIR / name, lazy=True).getBestCmap()))
             for name in FILES]
    return frozenset(set.intersection(*faces))


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` (whitespace aside) that the shipped font cannot draw."""
    return sorted({char for char in text if not char.isspace()} - covered())


def svg_text(svg: str) -> str:
    """The text an SVG draws (its text nodes, entities decoded)."""
    import html
    import re

    return html.unescape(" ".join(re.findall(r">([^<>]+)<", svg)))


def check_covered(text: str, what: str) -> None:
    """Stop the build when the shipped font cannot draw every character of ``text``."""
    missing = uncovered(text)
    if missing:
        shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        raise FontError(f"{what}: the Chinese chart font (macros/fonts/) has no glyph for "
                        f"{len(missing)} character(s): {shown}. Run `make font` to add them, "
                        "then commit macros/fonts/")

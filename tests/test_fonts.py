"""The Chinese chart font shipped in macros/fonts/ (macros/fonts.py, issue 16).

The decisive test renders Chinese characters in a vl-convert that can see no system font at all
(an empty fontconfig configuration), as on a machine without Chinese fonts: unregistered, every
character is the same empty box; with the project's font registered, each is its own glyph, and
that font is the only one there is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros import fonts, theme
from tests.sitebuild import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import subset_font  # noqa: E402

# Draws a chart-like text line in the Chinese charts' font stack; prints the PNG's SHA-256.
RENDER = """
import hashlib, json, sys
import vl_convert as vlc
from macros import fonts, theme
text, register = json.loads(sys.argv[1])
if register:
    fonts.register()
stack = theme.font("zh").replace('"', "&quot;")
svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40">'
       f'<text x="4" y="28" font-family="{stack}" font-size="20">{text}</text></svg>')
print(hashlib.sha256(vlc.svg_to_png(svg, scale=1)).hexdigest())
"""


def render(text: str, *, register: bool, fontconfig: Path | None) -> str:
    """The PNG digest of ``text`` rendered in a fresh interpreter (its own vl-convert)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if fontconfig:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    done = subprocess.run([sys.executable, "-c", RENDER, json.dumps([text, register])],
                          env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def no_system_fonts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fontconfig configuration whose only font folder is empty."""
    folder = tmp_path_factory.mktemp("no-fonts")
    (folder / "fonts").mkdir()
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?><fontconfig><dir>'
                      f'{folder / "fonts"}</dir></fontconfig>', encoding="utf-8")
    return config


def test_chinese_text_is_drawn_from_the_shipped_font_on_a_machine_without_fonts(
        no_system_fonts: Path) -> None:
    # Without a Chinese font every Chinese character is the same empty box.
    bare = {char: render(char, register=False, fontconfig=no_system_fonts) for char in "中国"}
    assert bare["中"] == bare["国"], "the test's machine still sees a Chinese font"
    shipped = {char: render(char, register=True, fontconfig=no_system_fonts) for char in "中国"}
    assert shipped["中"] != shipped["国"], "with macros/fonts/ registered, still empty boxes"
    assert shipped["中"] != bare["中"]


def test_the_chinese_font_stack_names_the_shipped_family_before_the_system_ones() -> None:
    stack = theme.font("zh")
    assert stack.index(f'"{fonts.FAMILY}"') < stack.index('"Noto Sans CJK SC"')
    assert fonts.FAMILY not in theme.font("en")


def test_the_font_covers_every_character_the_charts_can_use() -> None:
    missing = fonts.uncovered(subset_font.used_characters())
    assert not missing, (f"macros/fonts/ lacks {''.join(missing)}: run `make font` and commit "
                         "macros/fonts/")


def test_a_character_the_font_lacks_stops_the_build_and_is_named() -> None:
    rare = "\u3400"  # CJK Extension A: in no chart string
    assert rare in fonts.uncovered(f"稀土{rare}")
    with pytest.raises(fonts.FontError, match=f"chart 'x' \\(zh\\).*{rare}.*make font"):
        fonts.check_covered(f"稀土 {rare}", "chart 'x' (zh)")
    fonts.check_covered("稀土 NdPr 33.8万（吨）", "chart 'x' (zh)")  # covered: no error


def test_a_missing_font_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path)  # a copy of macros/fonts/ without a face
    (tmp_path / fonts.FILES[1]).write_bytes((ROOT / "macros/fonts" / fonts.FILES[1]).read_bytes())
    fonts.register.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match=f"macros/fonts/{fonts.FILES[0]} is missing"):
            fonts.register()
    finally:
        fonts.register.cache_clear()


def test_the_licence_travels_with_the_font() -> None:
    licence = (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Adobe" in licence.splitlines()[0]  # the fonts' own copyright line

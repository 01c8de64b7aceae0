"""`make font`: rebuild the Chinese chart font in macros/fonts/ (see macros/fonts.py).

Subsets Noto Sans CJK SC, regular and bold, from the Debian package fonts-noto-cjk (the only
input; `apt-get install fonts-noto-cjk`) to the characters the Chinese charts can show: printable
ASCII, Latin-1, general punctuation, and every character of the translations (macros/locales/),
the chart code (macros/) and the data and its sources (data/*.csv, data/*.yaml). The faces are
renamed FAMILY, as the licence asks of a modified font that would otherwise share the original's
name, and OFL.txt is written beside them from the package's copy of the licence with the fonts'
own copyright line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from macros.fonts import FAMILY, FILES, FONT_DIR  # noqa: E402

SOURCES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
           "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
FACE = "Noto Sans CJK SC"
STYLES = ("Regular", "Bold")
LICENCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
RANGES = (range(0x20, 0x7F), range(0xA0, 0x100), range(0x2010, 0x2031))
PAGE_STRINGS = re.compile(r"^datapackage\.[a-z]+\.yaml$")  # data/datapackage.zh.yaml


def used_characters() -> str:
    """Every character of the translations, the chart code and the data (whitespace aside).

    The data page's translations (data/datapackage.<locale>.yaml: notes, column descriptions,
    source details) are left out: no chart shows them, and the page's text is HTML.
    """
    texts = [path.read_text(encoding="utf-8") for pattern in
             ("macros/locales/*.yaml", "macros/**/*.py", "data/*.csv", "data/*.yaml")
             for path in sorted(ROOT.glob(pattern)) if not PAGE_STRINGS.match(path.name)]
    return "".join(sorted({char for char in "".join(texts) if not char.isspace()}))


def characters() -> str:
    """What the subset is asked to hold: the used characters, the space and RANGES (the source
    font draws most of them)."""
    return " " + "".join(sorted({chr(code) for block in RANGES for code in block}
                                | set(used_characters())))


def face(collection: str) -> TTFont:
    """The Simplified Chinese face of a Noto CJK collection file."""
    for font in TTCollection(collection).fonts:
        if font["name"].getDebugName(1) == FACE:
            return font
    raise SystemExit(f"{collection} has no {FACE} face")


def rename(font: TTFont, style: str) -> None:
    """Give the subset FAMILY as its names (family, full, PostScript, typographic)."""
    names = {1: FAMILY, 2: style, 3: f"{FAMILY} {style}; subset", 4: f"{FAMILY} {style}",
             6: f"{FAMILY.replace(' ', '')}-{style}", 16: FAMILY, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [names[6]]
        top = cff.topDictIndex[0]
        top.FamilyName, top.FullName = FAMILY, names[4]


def licence(copyright_line: str) -> str:
    """The OFL 1.1 text of the Debian package's copyright file, under the fonts' copyright."""
    source = LICENCE.read_text(encoding="utf-8").splitlines()
    # The licence paragraph: "License: SIL-1.1" followed by its text, indented one space.
    start = next(i for i, line in enumerate(source[:-1])
                 if line == "License: SIL-1.1" and source[i + 1].startswith(" "))
    lines = []
    for line in source[start + 1:]:
        if not line.startswith(" "):
            break
        lines.append("" if line.strip() == "." else line[1:])
    return (f"{copyright_line}\nSubset and renamed \"{FAMILY}\" for this project by "
            "scripts/subset_font.py; the original is Noto Sans CJK SC "
            "(https://github.com/googlefonts/noto-cjk).\n\n" + "\n".join(lines).strip() + "\n")


def main() -> int:
    """Write the subset faces and the licence into FONT_DIR."""
    FONT_DIR.mkdir(exist_ok=True)
    text = characters()
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    copyright_line = ""
    for source, style, name in zip(SOURCES, STYLES, FILES, strict=True):
        font = face(source)
        copyright_line = font["name"].getDebugName(0) or copyright_line
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        rename(font, style)
        font.recalcTimestamp = False  # byte-identical on a rerun
        font.save(FONT_DIR / name)
        print(f"macros/fonts/{name}: {len(text)} characters, "
              f"{(FONT_DIR / name).stat().st_size // 1024} KB")
    (FONT_DIR / "OFL.txt").write_text(licence(copyright_line), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The site's languages: which language a page is written in, and its language's files.

English is the default, at the site root; Simplified Chinese is built under /zh/ by
mkdocs-static-i18n from ``docs/<page>.zh.md`` files (its "suffix" structure). A page that has no
Chinese file yet is built under /zh/ from its English source, so its *content* language is
English: everything here goes by the language of the file, not of the build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

DEFAULT = "en"
LOCALES = ("en", "zh")
SNIPPETS = Path(".snippets")  # under docs/
ABBREVIATIONS = "abbreviations"  # docs/.snippets/abbreviations.md, abbreviations.zh.md


def locale_of(src_uri: str) -> str:
    """The language a docs file is written in, from its name: 'club.zh.md' -> 'zh'."""
    suffixes = PurePosixPath(src_uri).suffixes
    if len(suffixes) >= 2 and suffixes[-2].lstrip(".") in LOCALES:
        return suffixes[-2].lstrip(".")
    return DEFAULT


def page_locale(page: Any) -> str:
    """The language of a MkDocs page's source (mkdocs-static-i18n's ``file.locale``, else its
    file name)."""
    locale = getattr(page.file, "locale", None)
    return locale if locale in LOCALES else locale_of(page.file.src_uri)


def localized_file(docs_dir: str | Path, relative: Path, locale: str) -> Path:
    """``docs/<relative>`` in ``locale`` (``name.zh.md`` beside ``name.md``), or the default
    language's file while no translation exists."""
    base = Path(docs_dir) / relative
    if locale != DEFAULT:
        translated = base.with_suffix(f".{locale}{base.suffix}")
        if translated.exists():
            return translated
    return base


def abbreviations_file(docs_dir: str | Path, locale: str) -> Path:
    """The glossary (abbreviation definitions) for pages written in ``locale``."""
    return localized_file(docs_dir, SNIPPETS / f"{ABBREVIATIONS}.md", locale)


# --- translations -----------------------------------------------------------------------------

LOCALES_DIR = Path(__file__).resolve().parent / "locales"  # macros/locales/<locale>.yaml
# The sections of a locale file that map English text to translated text, looked up together.
STRING_SECTIONS = ("ui", "countries", "minerals", "terms", "text")


class TranslationError(KeyError):
    """A string the site shows has no translation in macros/locales/<locale>.yaml."""

    def __str__(self) -> str:  # KeyError would repr() the message, quoting it
        return str(self.args[0])


class Translator:
    """One language's strings: ``t("Source")`` -> '来源' (the English text is the key).

    The default language's translator returns every string unchanged. The table is
    ``macros/locales/<locale>.yaml``: one mapping per kind of string (STRING_SECTIONS), looked up
    together; ``charts`` holds each chart's title, alt text, description and notes by id;
    ``units`` and ``qualifiers`` say how quantities are written.
    """

    def __init__(self, locale: str, table: dict[str, Any] | None = None) -> None:
        self.locale = locale
        self.table = table or {}
        self.strings: dict[str, str] = {}
        for section in STRING_SECTIONS:
            entries = self.table.get(section) or {}
            self.strings.update({str(k): str(v) for k, v in entries.items()})

    @property
    def is_default(self) -> bool:
        """True for the default language (no translation happens)."""
        return self.locale == DEFAULT

    def get(self, text: str) -> str | None:
        """The translation of ``text``, or None if the table has none."""
        return text if self.is_default else self.strings.get(text)

    def __call__(self, text: str, **values: Any) -> str:
        """The translation of ``text`` (a ``{name}`` template if ``values`` are given); raises
        TranslationError naming the file to edit if there is none."""
        translated = self.get(text)
        if translated is None:
            raise TranslationError(f"no {self.locale} translation for {text!r}: add it to "
                                   f"macros/locales/{self.locale}.yaml")
        return translated.format(**values) if values else translated

    def chart(self, chart_id: str, key: str, english: str) -> str:
        """A chart's title, alt, description or notes in this language (English as given)."""
        if self.is_default or not english:
            return english
        text = self.table.get("charts", {}).get(chart_id, {}).get(key)
        if not text:
            raise TranslationError(f"chart '{chart_id}' has no {self.locale} {key}: add "
                                   f"charts.{chart_id}.{key} to macros/locales/{self.locale}.yaml")
        return str(text).strip()


_translators: dict[str, Translator] = {}


def translator(locale: str) -> Translator:
    """The (cached) translator for ``locale``."""
    if locale not in _translators:
        table: dict[str, Any] = {}
        if locale != DEFAULT:
            import yaml

            path = LOCALES_DIR / f"{locale}.yaml"
            table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        _translators[locale] = Translator(locale, table)
    return _translators[locale]


def unit_format(locale: str, unit: str) -> tuple[str, str, float] | None:
    """(before, after, multiplier) for writing a quantity in ``unit`` in ``locale``; None for
    the default language or a unit the table does not list."""
    entry = translator(locale).table.get("units", {}).get(unit)
    if entry is None:
        return None
    before, after, *factor = entry
    return str(before), str(after), float(factor[0]) if factor else 1.0


def qualifier_word(locale: str, qualifier: str) -> str | None:
    """'超过' for '>' in Chinese; None if the table does not list the qualifier."""
    return translator(locale).table.get("qualifiers", {}).get(qualifier)


def dataset_title(resource: dict[str, Any], locale: str) -> str:
    """A data set's title in ``locale`` (macros/locales/<locale>.yaml ``datasets``), else its
    title in data/datapackage.yaml."""
    title = resource.get("title") or resource["name"]
    if locale == DEFAULT:
        return title
    return translator(locale).table.get("datasets", {}).get(resource["name"], {}).get("title",
                                                                                      title)


def pages_in(docs_dir: str | Path, locale: str) -> list[Path]:
    """The Markdown pages a reader of ``locale`` sees: each page's ``locale`` file, or its
    default-language file while it has no translation."""
    pages = []
    for path in sorted(Path(docs_dir).glob("**/*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if locale_of(relative) == DEFAULT:
            pages.append(localized_file(docs_dir, path.relative_to(docs_dir), locale))
    return pages


# --- charts -----------------------------------------------------------------------------------
#
# A chart function draws its chart from the data as it is (English country and mineral names,
# which the theme's colours are keyed by). For a page in another language the finished
# Vega-Lite spec is then translated as a whole: every text a reader sees (titles of axes,
# legends and tooltips, category values in the data and in scale domains, labels inside
# expressions, date formats) goes through the same table, so a value and every place that refers
# to it (a colour domain, a filter, a label lookup) stay the same string. Only text a chart
# composes itself (an annotation such as "2022 peak: 68,100") needs the translator in the chart
# function: ``t("{year} peak: {price}", year=..., price=...)``.

# Keys whose string value is a label a reader sees (axis, legend, tooltip, header titles).
_TITLE_KEYS = ("title",)
# Keys whose string value is a Vega expression: its quoted literals are labels or data values.
_EXPRESSION_KEYS = ("expr", "labelExpr", "calculate", "filter", "test")
_QUOTED = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")
_NOT_TEXT = re.compile(r"^([\d\s.,:;%+\-–—/()TZ<>=*]*|#[0-9a-fA-F]{3,8})$")  # numbers, ISO
# dates, punctuation, colours
_CJK = re.compile(r"[\u3400-\u9fff]")
CHINESE = "zh"
COMPACT = "~s"  # d3's SI format (270k), which charts use for compact numbers
_COMPACT_CALL = re.compile(r"format\(([\w.]+), '(?:\.\d+)?~s'\)")  # the same, in an expression
# Encoding channels whose values are shown only in a tooltip (translated when the table has
# them; long free text such as an event's summary may stay in its original language).
_TOOLTIP_ONLY = ("tooltip",)


def d3_locale(t: Translator) -> dict[str, Any]:
    """Vega's ``config.locale`` (d3 number and time formats) for a language, from vl-convert."""
    import vl_convert as vlc

    name = t.table.get("d3_locale", "en-US")
    return {"number": vlc.get_format_locale(name), "time": vlc.get_time_format_locale(name)}


def localize_config(config: dict[str, Any], t: Translator) -> dict[str, Any]:
    """A Vega-Lite config with the language's number and date formats."""
    return config if t.is_default else {**config, "locale": d3_locale(t)}


def localize_spec(spec: dict[str, Any], t: Translator) -> dict[str, Any]:
    """A Vega-Lite spec (``chart.to_dict()``) with every text a reader sees in ``t``'s language.

    Raises TranslationError for a label or a category value the table lacks (it names the
    string and the file); free text shown only in tooltips is kept as it is when untranslated.
    """
    if t.is_default:
        return spec
    labelled = _encoded_fields(spec)

    def text(value: str, strict: bool) -> str:
        if _NOT_TEXT.match(value) or _CJK.search(value):  # not words, or already translated
            return value
        translated = t.get(value)
        parts = value.split(", ")
        if translated is None and len(parts) > 1 and all(t.get(p) for p in parts):
            translated = t(", ").join(t.get(p) or p for p in parts)  # a list of names
        if translated is None and strict:
            t(value)  # raises, naming the string and the file to edit
        return value if translated is None else translated

    def expression(source: str) -> str:
        return _QUOTED.sub(lambda m: m.group(1) + text(m.group(2), False) + m.group(1), source)

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "datasets":
                    out[k] = {name: [{c: text(x, c in labelled) if isinstance(x, str) else x
                                      for c, x in row.items()} for row in rows]
                              for name, rows in v.items()}
                elif k == "format" and isinstance(v, str):
                    out[k] = t.table.get("formats", {}).get(v, v)
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        if isinstance(node, str):
            if key in _TITLE_KEYS or key in ("domain", "text", "value", "equal", "oneOf"):
                return text(node, key in _TITLE_KEYS or key == "domain")
            if key in _EXPRESSION_KEYS:
                return expression(node)
        return node

    localized = walk(spec)
    if t.locale == CHINESE:
        localized = _chinese_compact_numbers(localized)
    localized["config"] = localize_config(localized.get("config", {}), t)
    return localized


def _chinese_compact_numbers(node: Any) -> Any:
    """Compact numbers ('~s': 270k) written in 万 and 亿 instead (27万): an axis gets a
    ``labelExpr``; a text mark writes its label with a ``text`` expression; a calculated label
    (``format(datum.value, '.2~s')``) calls the Chinese expression instead."""
    from macros.formatting import compact_number_zh_expression

    if isinstance(node, list):
        return [_chinese_compact_numbers(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _chinese_compact_numbers(v) for k, v in node.items()}
    if isinstance(node.get("calculate"), str):
        node["calculate"] = _COMPACT_CALL.sub(
            lambda call: f"({compact_number_zh_expression(call.group(1))})", node["calculate"])
    if node.get("format") == COMPACT and "labelExpr" in node:  # an axis
        node["labelExpr"] = compact_number_zh_expression("datum.value")
    text = (node.get("encoding") or {}).get("text")
    if isinstance(text, dict) and text.get("format") == COMPACT and "field" in text:
        mark = node["mark"] if isinstance(node.get("mark"), dict) else {"type": node["mark"]}
        value = f"datum[{json.dumps(text['field'])}]"
        node["mark"] = {**mark, "text": {"expr": compact_number_zh_expression(value)}}
        node["encoding"] = {k: v for k, v in node["encoding"].items() if k != "text"}
    return node


def _encoded_fields(spec: Any, channel: str = "") -> set[str]:
    """The data fields a chart shows as labels: encoded on any channel but the tooltip."""
    fields: set[str] = set()
    if isinstance(spec, dict):
        field = spec.get("field")
        if isinstance(field, str) and channel not in _TOOLTIP_ONLY:
            fields.add(field)
        for key, value in spec.items():
            if key not in ("datasets", "data"):
                fields |= _encoded_fields(value, channel if key in ("field", "type") else
                                          (key if key in _TOOLTIP_ONLY else channel))
    elif isinstance(spec, list):
        for item in spec:
            fields |= _encoded_fields(item, channel)
    return fields

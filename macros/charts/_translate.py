"""A finished chart, translated: its Vega-Lite spec in the page's language.

A chart function draws its chart from the data as it is (English country and mineral names,
which the theme's colours are keyed by). For a page in another language the finished Vega-Lite
spec is then translated as a whole: every text a reader sees (titles of axes, legends and
tooltips, category values in the data and in scale domains, labels inside expressions, date
formats) goes through the same table (macros/locales/<locale>.yaml, read by macros/i18n.py), so a
value and every place that refers to it (a colour domain, a filter, a label lookup) stay the same
string. Only text a chart composes itself (an annotation such as "2022 peak: 68,100") needs the
translator in the chart function: ``t("{year} peak: {price}", year=..., price=...)``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from macros.formatting import compact_number_zh_expression
from macros.i18n import Translator

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

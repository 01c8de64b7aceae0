"""How numbers, units and data-derived text are written on the site (one place for all pages)."""

from __future__ import annotations

import html
import math
import re

from macros.i18n import TranslationError, qualifier_word, unit_format

# unit in data/datapackage.yaml -> (text before the number, text after it); a unit with a scale
# word ("USD bn": "US$12.5 billion") lists that word in SCALE_WORDS, which stays when the unit
# is dropped (unit=false: "12.5 billion").
UNIT_FORMATS: dict[str, tuple[str, str]] = {
    "%": ("", "%"),
    "t": ("", " tonnes"),
    "t REO": ("", " tonnes of rare-earth oxide"),
    "t Li": ("", " tonnes of lithium content"),
    "million tonnes": ("", " million tonnes"),
    "kg": ("", " kg"),
    "USD/kg": ("US$", " per kg"),
    "USD/t": ("US$", " per tonne"),
    "USD/lb": ("US$", " per pound"),
    "CNY/t": ("CNY ", " per tonne"),
    "USD": ("US$", ""),
    "USD m": ("US$", " million"),
    "USD bn": ("US$", " billion"),
    "USD tn": ("US$", " trillion"),
    "AUD m": ("A$", " million"),
    "AUD bn": ("A$", " billion"),
}
SCALE_WORDS = {"million tonnes": " million", "USD m": " million", "USD bn": " billion",
               "USD tn": " trillion", "AUD m": " million", "AUD bn": " billion"}
# unit -> the unit its short style writes (unit="short": "44 million tonnes", not "... of
# rare-earth oxide"), in every language; a unit not listed is already short.
SHORT_UNITS = {"t REO": "t", "t Li": "t"}
UNIT_STYLES = ("long", "short", False)  # stat(..., unit=...): the unit in full, short, or none

QUALIFIER_WORDS = {">": "more than ", "<": "less than ", "=": "", "": ""}

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def format_number(value: float) -> str:
    """12000 -> '12,000'; 69.23 -> '69.2'; keeps the precision the data has, up to 2 decimals."""
    if math.isnan(value):
        raise ValueError("no value (the cell is empty)")
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def format_quantity(value: float, unit: str, qualifier: str = "", locale: str = "en",
                    compact: bool = False, unit_style: str | bool = "long") -> str:
    """A number with its unit as a reader expects it: 'US$110 per kg', 'more than 90%';
    in Chinese (``locale="zh"``): '每公斤110美元', '超过90%', '27万吨稀土氧化物'.

    ``compact``: large numbers in words, as people say them (format_compact: '44 million',
    '4,400万'). ``unit_style`` (UNIT_STYLES): "short" writes the unit's short form (SHORT_UNITS),
    False the number alone (a unit's scale word stays: '12.5 billion').
    """
    if unit_style == "short":
        unit = SHORT_UNITS.get(unit, unit)
    if locale != "en":
        return _localized_quantity(value, unit, qualifier, locale, compact, unit_style)
    before, after = UNIT_FORMATS.get(unit, ("", f" {unit}" if unit else ""))
    if unit_style is False:
        before, after = "", SCALE_WORDS.get(unit, "")
    text = format_compact(value) if compact else format_number(value)
    return f"{QUALIFIER_WORDS.get(qualifier, qualifier)}{before}{text}{after}"


# Words for large numbers, largest first: English counts in 10^6, 10^9, 10^12; Chinese in 10^4
# (万) and 10^8 (亿). Prose (format_compact, format_number_zh) and charts
# (compact_number_zh_expression) read the same table.
NUMBER_WORDS = {
    "en": ((1_000_000_000_000, " trillion"), (1_000_000_000, " billion"), (1_000_000, " million")),
    "zh": ((100_000_000, "亿"), (10_000, "万")),
}
ZH_NUMBER_WORDS = NUMBER_WORDS["zh"]
COMPACT_DIGITS = 3  # significant digits a compact number keeps: 43,876,000 -> '43.9 million'


def format_compact(value: float, locale: str = "en") -> str:
    """A large number in words, rounded to COMPACT_DIGITS significant digits: 44000000 ->
    '44 million', 1234567 -> '1.23 million'; in Chinese '4,400万', '123万', '27万'. A number
    below the smallest word (1 million; 万 in Chinese) is written as format_number writes it."""
    if math.isnan(value):
        raise ValueError("no value (the cell is empty)")
    rounded = float(f"{value:.{COMPACT_DIGITS}g}")
    for size, word in NUMBER_WORDS["zh" if locale == "zh" else "en"]:
        if abs(rounded) >= size:
            return f"{format_number(float(f'{rounded / size:.{COMPACT_DIGITS}g}'))}{word}"
    return format_number(value)


def format_number_zh(value: float) -> str:
    """Chinese grouping by 万 (10^4) and 亿 (10^8) when every digit survives: 270000 -> '27万',
    1.2e10 -> '120亿', 68100 -> '6.81万'; otherwise as format_number (12,345)."""
    for size, word in ZH_NUMBER_WORDS:
        scaled = value / size
        if abs(value) >= size and abs(scaled * 100 - round(scaled * 100)) < 1e-6:
            return f"{format_number(round(scaled, 2))}{word}"
    return format_number(value)


def compact_number_zh_expression(value: str) -> str:
    """A Vega expression writing the number ``value`` (an expression) compactly in Chinese, as a
    chart's axis or bar labels do: 270000 -> '27万', 123456789 -> '1.23457亿', 9500 -> '9,500'."""
    text = f"format({value}, ',')"
    for size, word in reversed(ZH_NUMBER_WORDS):
        text = f"abs({value}) >= {size} ? format({value} / {size}, '~r') + '{word}' : {text}"
    return text


def _localized_quantity(value: float, unit: str, qualifier: str, locale: str,
                        compact: bool = False, unit_style: str | bool = "long") -> str:
    """A quantity written with the unit words of macros/locales/<locale>.yaml."""
    spec = unit_format(locale, unit) if unit else ("", "", 1.0)
    word = qualifier_word(locale, qualifier)
    if spec is None or word is None:
        missing = f"unit '{unit}'" if spec is None else f"qualifier '{qualifier}'"
        raise TranslationError(f"no {locale} wording for {missing}: add it to "
                               f"macros/locales/{locale}.yaml")
    before, after, multiplier = spec
    if unit_style is False:
        before, after = "", ""
    number = value * multiplier
    if unit == "%":
        text = format_number(number)
    else:
        text = format_compact(number, locale) if compact else format_number_zh(number)
    return f"{word}{before}{text}{after}"


def markdown_text(text: object) -> str:
    """Data-derived text made inert inside Markdown: no HTML, no Markdown syntax. A double quote
    becomes &quot; (the text may sit in a link title); an apostrophe stays as it is, since
    MkDocs escapes heading text again for the table of contents (China&#x27;s would show)."""
    escaped = html.escape(str(text), quote=False).replace('"', "&quot;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", escaped)

"""How numbers, units and data-derived text are written on the site (one place for all pages)."""

from __future__ import annotations

import html
import math
import re

# unit in data/datapackage.yaml -> (text before the number, text after it)
UNIT_FORMATS: dict[str, tuple[str, str]] = {
    "%": ("", "%"),
    "t": ("", " tonnes"),
    "t REO": ("", " tonnes of rare-earth oxide"),
    "t Li": ("", " tonnes of lithium content"),
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


def format_quantity(value: float, unit: str, qualifier: str = "", locale: str = "en") -> str:
    """A number with its unit as a reader expects it: 'US$110 per kg', 'more than 90%';
    in Chinese (``locale="zh"``): '每公斤110美元', '超过90%', '27万吨稀土氧化物'."""
    if locale != "en":
        return _localized_quantity(value, unit, qualifier, locale)
    before, after = UNIT_FORMATS.get(unit, ("", f" {unit}" if unit else ""))
    return f"{QUALIFIER_WORDS.get(qualifier, qualifier)}{before}{format_number(value)}{after}"


ZH_NUMBER_WORDS = ((100_000_000, "亿"), (10_000, "万"))  # Chinese counts in 10^8 and 10^4


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


def _localized_quantity(value: float, unit: str, qualifier: str, locale: str) -> str:
    """A quantity written with the unit words of macros/locales/<locale>.yaml."""
    from macros.i18n import TranslationError, qualifier_word, unit_format

    spec = unit_format(locale, unit) if unit else ("", "", 1.0)
    word = qualifier_word(locale, qualifier)
    if spec is None or word is None:
        missing = f"unit '{unit}'" if spec is None else f"qualifier '{qualifier}'"
        raise TranslationError(f"no {locale} wording for {missing}: add it to "
                               f"macros/locales/{locale}.yaml")
    before, after, multiplier = spec
    number = value * multiplier
    text = format_number(number) if unit == "%" else format_number_zh(number)
    return f"{word}{before}{text}{after}"


def markdown_text(text: object) -> str:
    """Data-derived text made inert inside Markdown: no HTML, no Markdown syntax. A double quote
    becomes &quot; (the text may sit in a link title); an apostrophe stays as it is, since
    MkDocs escapes heading text again for the table of contents (China&#x27;s would show)."""
    escaped = html.escape(str(text), quote=False).replace('"', "&quot;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", escaped)

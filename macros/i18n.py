"""The site's languages: which language a page is written in, and its language's files.

English is the default, at the site root; Simplified Chinese is built under /zh/ by
mkdocs-static-i18n from ``docs/<page>.zh.md`` files (its "suffix" structure). A page that has no
Chinese file yet is built under /zh/ from its English source, so its *content* language is
English: everything here goes by the language of the file, not of the build.
"""

from __future__ import annotations

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
            from macros.validate import parse_yaml

            path = LOCALES_DIR / f"{locale}.yaml"
            table = parse_yaml(path.read_text(encoding="utf-8")) or {}
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

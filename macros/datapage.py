"""The reference pages generated from files: the data catalogue and the bibliography.

In another language the descriptor's notes, column descriptions and source details come from
data/datapackage.<locale>.yaml (tests/test_i18n.py checks it translates every one of them);
titles of publications keep their own language, marked as such.

Everything that comes from a data file is escaped with `markdown_text`, so a CSV cell or a
descriptor entry can never inject HTML or Markdown into the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.catalog import Catalog, row_source
from macros.formatting import markdown_text
from macros.i18n import DEFAULT, dataset_title, pages_in, translator
from macros.validate import read_raw_manifest

if TYPE_CHECKING:
    from macros.i18n import Translator

FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:\s*(?P<text>.+)$")


def descriptor_strings(data_dir: Path, locale: str) -> dict[str, Any]:
    """The descriptor's texts in ``locale``, from data/datapackage.<locale>.yaml beside it:
    ``resources`` (by resource name: its ``notes`` and ``fields``, column -> description) and
    ``sources`` (a source's publisher, edition or table as the descriptor writes it, or a raw
    file's publisher, licence or retrieval note as data/raw/manifest.yaml does -> its
    translation). Empty for the default language."""
    if locale == DEFAULT:
        return {}
    import yaml

    path = data_dir / f"datapackage.{locale}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


class ResourceText:
    """One resource's descriptor texts as inline Markdown in one language: the translation
    where data/datapackage.<locale>.yaml has one, else the English, marked ``lang="en"``."""

    def __init__(self, resource: dict[str, Any], locale: str,
                 strings: dict[str, Any] | None = None) -> None:
        strings = strings or {}
        self.resource = resource
        self.locale = locale
        self.own = (strings.get("resources") or {}).get(resource.get("name"), {})
        self.phrases = strings.get("sources") or {}

    def _text(self, translated: Any, english: Any) -> str:
        if translated:
            return markdown_text(str(translated).strip())
        return in_english(markdown_text(english), self.locale) if english else ""

    def phrase(self, english: Any) -> str:
        """A source detail (publisher, edition, table; a raw file's licence) in the language."""
        return self._text(self.phrases.get(english), english)

    def field(self, schema_field: dict[str, Any]) -> str:
        """A column's description."""
        english = schema_field.get("description", schema_field.get("title", ""))
        return self._text(self.own.get("fields", {}).get(schema_field["name"]), english)

    def notes(self) -> str:
        """The resource's edition and notes."""
        return self._text(self.own.get("notes"), self.resource.get("notes", ""))

    def source_line(self, source: dict[str, Any]) -> str:
        """One source as a citation: linked title (in its own language), publisher, edition,
        table, date accessed."""
        t = translator(self.locale)
        parts = [in_english(f"[{markdown_text(source['title'])}]({source['path']})", self.locale)]
        parts += [self.phrase(source.get(key)) for key in ("publisher", "edition", "table")]
        if source.get("accessed"):
            parts.append(t("accessed {date}", date=markdown_text(source["accessed"])))
        # the comma of the reader's language (", " itself is the list separator: 、 in Chinese)
        separator = t("{before}, {after}", before="", after="")
        return separator.join(part for part in parts if part)


def rules_text(schema_field: dict[str, Any], row_key: bool, t: Translator) -> str:
    """A column's constraints in words (``t``'s language); values as the CSV writes them."""
    rules = dict(schema_field.get("constraints", {}))
    if row_key:
        rules["part of the row key"] = True
    parts = []
    for rule, value in rules.items():
        if value is True:
            parts.append(t(rule))
        elif value is not False:
            values = value if isinstance(value, list) else [value]
            shown = t(", ").join(f"<code>{markdown_text(v)}</code>"
                                 if rule in ("enum", "pattern") else markdown_text(v)
                                 for v in values)
            parts.append(t("{rule}: {value}", rule=t(rule), value=shown))
    return t("; ").join(parts)


def _fields_table(resource: dict[str, Any], text: ResourceText, t: Translator) -> str:
    """The resource's columns as a Markdown table: name, type, unit, meaning, rules."""
    keys = resource["schema"].get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    header = [t(h) for h in ("Column", "Type", "Unit", "Description", "Rules")]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
    for schema_field in resource["schema"]["fields"]:
        unit = schema_field.get("unit", "")
        cells = [f"`{schema_field['name']}`", t(schema_field.get("type", "string")),
                 markdown_text(t(unit)) if unit else "", text.field(schema_field),
                 rules_text(schema_field, schema_field["name"] in keys, t)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def data_catalogue(catalog: Catalog, locale: str = DEFAULT, files_url: str = "") -> str:
    """One section per data set, in descriptor order (anchors are the resource names).

    ``files_url`` leads from the page to the published data/ folder (one set of files for every
    language: the Chinese data page links to the same CSVs).
    """
    package = catalog.descriptor
    t = translator(locale)
    licences = ", ".join(f"[{markdown_text(lic.get('title') or lic['name'])}]({lic['path']})"
                         for lic in package.get("licenses", []))
    whole = download_link(files_url, "datapackage.yaml")
    out = [t("The whole package: {file} (Frictionless Data Package; licence: {licences}).",
             file=whole, licences=licences), ""]
    strings = descriptor_strings(catalog.data_dir, locale)
    for name in catalog.names():
        resource = catalog.resource(name)
        text = ResourceText(resource, locale, strings)
        rows = len(catalog.rows(name))
        title, description = _dataset_text(resource, locale)
        link = download_link(files_url, resource["path"])
        out += [f"## {markdown_text(title)} {{#{name}}}", "", description, "",
                t("**Download:** {link} ({rows} rows, CSV, UTF-8)", link=link,
                  rows=rows), ""]
        out += [_origin(resource, t), ""]
        out += [t("**Sources:**"), ""]
        out += [f"- {text.source_line(s)}" for s in resource["sources"]] + [""]
        if resource.get("notes"):
            out += [t("**Edition and notes:** {notes}", notes=text.notes()), ""]
        out += [_fields_table(resource, text, t), ""]
    return "\n".join(out)


def _origin(resource: dict[str, Any], t: Translator) -> str:
    """Whether `make data` derives the data set from data/raw/ or a contributor typed it."""
    if resource.get("derived_by"):
        return t("**Origin:** derived by `make data` (`{module}`) from the official files in "
                 "data/raw/ listed [below](#raw-files); each row names its file and place in "
                 "`source_ref`. Do not edit this CSV by hand.", module=resource["derived_by"])
    return t("**Origin:** hand-entered from the sources below.")


# Columns of a derived table that name a raw file (before ':', '!' or '#': the place in it).
RAW_REFERENCES = ("source_ref", "raw_file", "source_file")


def raw_file_uses(catalog: Catalog) -> dict[str, list[str]]:
    """Raw file (as data/raw/manifest.yaml names it) -> the data sets whose rows cite it."""
    listed = {e["path"] for e in read_raw_manifest(catalog.data_dir / "raw")}
    uses: dict[str, list[str]] = {}
    for name in catalog.names():
        columns = [f["name"] for f in catalog.resource(name)["schema"]["fields"]]
        for column in (c for c in RAW_REFERENCES if c in columns):
            for row in catalog.rows(name):
                file = re.split(r"[:!#]", row[column], maxsplit=1)[0]
                if file in listed and name not in uses.setdefault(file, []):
                    uses[file].append(name)
    return uses


def raw_files(catalog: Catalog, locale: str = DEFAULT) -> str:
    """The official files in data/raw/, one table per publisher (its licence said once): file,
    title linked to the publisher's page, date retrieved, SHA-256 and the data sets it feeds."""
    t = translator(locale)
    text = ResourceText({}, locale, descriptor_strings(catalog.data_dir, locale))
    uses = raw_file_uses(catalog)
    header = [t(h) for h in ("File", "Publication", "Retrieved", "SHA-256", "Feeds")]
    out: list[str] = []
    publisher = None
    for entry in read_raw_manifest(catalog.data_dir / "raw"):
        if entry["publisher"] != publisher:
            publisher = entry["publisher"]
            about = t("**{publisher}**. {licence}", publisher=text.phrase(publisher),
                      licence=text.phrase(entry["licence"]))
            out += ["", about, "",
                    "| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
        title = f"[{markdown_text(entry['title'])}]({entry['url']})"
        feeds = ", ".join(f"[`{name}`](#{name})" for name in uses.get(entry["path"], []))
        out.append(f"| `{entry['path']}` | {in_english(title, locale)} | "
                   f"{text.phrase(str(entry['retrieved']))} | "
                   f"`{entry['sha256']}` | {feeds or t('none (kept as documentation)')} |")
    return "\n".join(out).strip()


def download_link(files_url: str, name: str) -> str:
    """A download link to a file of the data package, its name set as code (so no glossary
    term is marked inside a file name such as rare-earth-reserves.csv). The tag is raw HTML: a
    Markdown link would be checked against docs/, where data files are not."""
    return f'<a href="{files_url}{name}" download>`{name}`</a>'


def _dataset_text(resource: dict[str, Any], locale: str) -> tuple[str, str]:
    """A data set's title (plain) and description (Markdown) in ``locale``, from
    macros/locales/<locale>.yaml ``datasets``; else as data/datapackage.yaml has them, the
    description marked as English."""
    title = dataset_title(resource, locale)
    description = markdown_text(resource.get("description", ""))
    if locale == DEFAULT:
        return title, description
    text = translator(locale).table.get("datasets", {}).get(resource["name"], {})
    if "description" in text:
        description = markdown_text(text["description"])
    else:
        description = in_english(description, locale)
    return title, description


def in_english(markdown: str, locale: str) -> str:
    """Inline Markdown marked as English (``lang="en"``) on a page in another language, so
    screen readers pronounce it as English."""
    return markdown if locale == DEFAULT else f'<span lang="en">{markdown}</span>'



def bibliography(catalog: Catalog, docs_dir: str, locale: str = DEFAULT) -> str:
    """Every data source (package and row level) and every footnote of the pages (in the
    reader's language), deduplicated."""
    strings = descriptor_strings(catalog.data_dir, locale)
    data_sources: dict[str, str] = {}
    for name in catalog.names():
        text = ResourceText(catalog.resource(name), locale, strings)
        for source in catalog.sources(name):
            data_sources.setdefault(source["path"], text.source_line(source))
        for row in catalog.rows(name):
            source = row_source(row)
            if source and source["path"]:
                data_sources.setdefault(source["path"], text.source_line(source))
    notes: set[str] = set()
    for page in pages_in(docs_dir, locale):
        for line in page.read_text(encoding="utf-8").splitlines():
            match = FOOTNOTE.match(line)
            if match:
                notes.add(match["text"].strip())
    t = translator(locale)
    out = [f"### {t('Data sources')} {{#data-sources}}", ""]
    out += [f"- {line}" for line in sorted(data_sources.values(), key=str.lower)]
    out += ["", f"### {t('Sources cited in the text')} {{#sources-cited-in-the-text}}", ""]
    out += [f"- {text}" for text in sorted(notes, key=str.lower)]
    return "\n".join(out)


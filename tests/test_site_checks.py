"""Checks of the built HTML without a browser: links, anchors, footnotes, metadata, leaks.

The site is the session build (tests/conftest.py); every page it contains is checked, so a new
page is covered without touching this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.browser.chromium import CHART_DOM
from tests.sitebuild import ROOT

# Attributes that point at another resource.
LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("source", "src"), ("iframe", "src"), ("use", "href")}
# Text whose content is code or data, not prose.
RAW_TAGS = {"code", "pre", "script", "style", "kbd", "samp"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
LEAKS = {
    "a Python traceback": re.compile(r"Traceback \(most recent call last\)"),
    "a mkdocs-macros error": re.compile(r"Macro (?:Rendering|Syntax) Error|_Macro_"),
    "a Jinja error": re.compile(r"jinja2\.|UndefinedError|TemplateSyntaxError"),
    "an absolute local path": re.compile(
        r"(?<![\w.\-/])/(?:work|home|root|tmp|Users|var/folders)/|file://|[A-Z]:\\\\"),
}
# Material's "share search" button is an <a> that only runs script; it is the theme's, not ours.
MATERIAL_SHARE_BUTTON = "javascript:void(0)"
CHART_CALL = re.compile(r"\{\{-?\s*chart\(")
TEXT_SUFFIXES = {".html", ".json", ".xml", ".csv", ".svg", ".txt", ".md"}


@dataclass
class ParsedPage:
    """What the checks need from one HTML file."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    footnote_refs: list[str] = field(default_factory=list)  # href targets, without "#"
    footnote_notes: list[str] = field(default_factory=list)  # ids of the notes
    title: str = ""
    description: str | None = None
    h1_count: int = 0
    unnamed_dialogs: list[str] = field(default_factory=list)  # role=dialog without a name
    prose: list[str] = field(default_factory=list)  # visible text outside code


class PageParser(HTMLParser):
    """Collect ids, links, footnotes, metadata and prose from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the element's id, links and metadata."""
        values = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if values.get(key) and tag != "meta":
                self.page.ids.add(values[key])
        for attr in ("href", "src"):
            if (tag, attr) in LINK_ATTRS and attr in values:
                self.page.links.append((tag, values[attr]))
        classes = values.get("class", "").split()
        if tag == "a" and "footnote-ref" in classes:
            self.page.footnote_refs.append(values.get("href", "").lstrip("#"))
        if tag == "li" and values.get("id", "").startswith("fn:"):
            self.page.footnote_notes.append(values["id"])
        if tag == "meta" and values.get("name") == "description":
            self.page.description = values.get("content", "")
        if tag == "h1":
            self.page.h1_count += 1
        if values.get("role") in ("dialog", "alertdialog") and not (
                values.get("aria-label", "").strip() or values.get("aria-labelledby")):
            self.page.unnamed_dialogs.append(f"<{tag} class={values.get('class', '')!r}>")
        if tag not in VOID_TAGS:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element of this name."""
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        """Keep the title and the prose outside code."""
        if self._stack and self._stack[-1] == "title":
            self.page.title += data
        elif not RAW_TAGS.intersection(self._stack):
            self.page.prose.append(data)


def parse(path: Path) -> ParsedPage:
    """Parse one built HTML file."""
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def page_file(root: Path, url_path: str) -> Path | None:
    """The file a site path is served from, or None if there is none."""
    target = root / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@pytest.fixture(scope="session")
def parsed(site, pages) -> dict[str, ParsedPage]:
    """Every page of the build, parsed once."""
    return {path: parse(site.root / path / "index.html") for path in pages}


def test_the_build_has_the_pages_of_the_navigation(pages) -> None:
    assert "" in pages and len(pages) >= 2, f"pages found in the build: {pages}"


def test_every_internal_link_and_anchor_resolves(site, parsed) -> None:
    origin = urlsplit(site.origin)
    cache: dict[Path, ParsedPage] = {}
    broken = []
    for path, page in parsed.items():
        base = site.url(path)
        for tag, raw in page.links:
            url = urlsplit(urljoin(base, raw.strip()))
            if url.scheme not in ("http", "https") or url.netloc != origin.netloc:
                continue
            target = page_file(site.root, url.path)
            if target is None:
                broken.append(f"/{path}: <{tag}> {raw!r} -> no file for {url.path}")
                continue
            if not url.fragment or target.suffix != ".html":
                continue
            if target not in cache:
                cache[target] = parse(target)
            ids = cache[target].ids
            if unquote(url.fragment) not in ids:
                broken.append(f"/{path}: <{tag}> {raw!r} -> {url.path} has no id "
                              f"'{unquote(url.fragment)}'")
    assert not broken, "broken internal links or anchors:\n" + "\n".join(broken)


def test_every_footnote_reference_has_its_note_and_every_note_is_referenced(parsed) -> None:
    problems = []
    for path, page in parsed.items():
        notes = set(page.footnote_notes)
        problems += [f"/{path}: reference to missing note '{ref}'"
                     for ref in page.footnote_refs if ref not in notes]
        problems += [f"/{path}: note '{note}' is never referenced"
                     for note in notes if note not in page.footnote_refs]
        text = "".join(page.prose)
        problems += [f"/{path}: footnote reference left as text: {m.group(0)!r}"
                     for m in re.finditer(r"\[\^[^\]\s]+\]", text)]
    assert not problems, "\n".join(problems)


def test_external_links_are_well_formed_https(site, parsed) -> None:
    origin = urlsplit(site.origin).netloc
    bad = []
    for path, page in parsed.items():
        for tag, raw in page.links:
            url = urlsplit(raw.strip())
            if url.scheme in ("", "#") or (url.scheme in ("http", "https") and
                                           url.netloc == origin):
                continue
            # mailto: an address, or none and a prepared message (a chart page's share link)
            if url.scheme == "mailto" and ("@" in url.path or not url.path and url.query) \
                    or raw == MATERIAL_SHARE_BUTTON:
                continue
            host = (url.hostname or "").lower()
            if url.scheme != "https" or not HOSTNAME.match(host) or raw != raw.strip() \
                    or re.search(r"\s", raw):
                bad.append(f"/{path}: <{tag}> {raw!r}")
    assert not bad, "external links must be well-formed https URLs:\n" + "\n".join(bad)


def test_every_page_has_a_title_a_description_and_one_h1(parsed) -> None:
    problems = []
    for path, page in parsed.items():
        if not page.title.strip():
            problems.append(f"/{path}: empty <title>")
        if not (page.description or "").strip():
            problems.append(f"/{path}: no <meta name=description> (front matter `description:`)")
        if page.h1_count != 1:
            problems.append(f"/{path}: {page.h1_count} <h1> elements, expected exactly 1")
    assert not problems, "\n".join(problems)


def test_every_page_has_its_own_description(parsed) -> None:
    by_description: dict[str, list[str]] = {}
    for path, page in parsed.items():
        by_description.setdefault((page.description or "").strip(), []).append(f"/{path}")
    shared = {d: p for d, p in by_description.items() if len(p) > 1}
    assert not shared, "pages share a description (set `description:` in each page's front " \
                       f"matter): {shared}"


def test_no_page_leaks_an_error_or_a_local_path(site) -> None:
    found = []
    for path in sorted(site.root.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, pattern in LEAKS.items():
            match = pattern.search(text)
            if match:
                start = max(match.start() - 60, 0)
                found.append(f"{path.relative_to(site.root)}: {what}: "
                             f"...{text[start:match.end() + 60]!r}...")
    assert not found, "\n".join(found)


def test_no_unrendered_template_in_the_prose(parsed) -> None:
    leftovers = [f"/{path}: {m.group(0)!r}" for path, page in parsed.items()
                 for m in re.finditer(r"\{\{.{0,60}?\}\}|\{%.{0,60}?%\}", "".join(page.prose))]
    assert not leftovers, "Jinja left in the page text:\n" + "\n".join(leftovers)


def page_source(docs: Path, path: str) -> Path | None:
    """The Markdown a page is built from (docs/<page>.<lang>.md under /<lang>/, else .md)."""
    parts = path.strip("/").split("/") if path else []
    language = parts[0] if parts and list(docs.glob(f"*.{parts[0]}.md")) else None
    stem = "/".join(parts[1:] if language else parts) or "index"
    candidates = [docs / f"{stem}.{language}.md"] if language else []
    candidates += [docs / f"{stem}.md", docs / stem / "index.md"]
    return next((c for c in candidates if c.is_file()), None)


def test_every_chart_call_becomes_a_figure(site, pages) -> None:
    docs = ROOT / "docs"
    wrong = []
    for path in pages:
        source = page_source(docs, path)
        if source is None:
            continue
        calls = len(CHART_CALL.findall(source.read_text(encoding="utf-8")))
        html = (site.root / path / "index.html").read_text(encoding="utf-8")
        figures = html.count(f'class="{CHART_DOM.figure.split(".", 1)[1]}"')
        if calls != figures:
            wrong.append(f"/{path}: {calls} chart() calls in {source.relative_to(ROOT)}, "
                         f"{figures} {CHART_DOM.figure} in the page")
    assert not wrong, "\n".join(wrong)


def test_every_dialog_has_an_accessible_name(parsed) -> None:
    unnamed = {f"/{path}": page.unnamed_dialogs for path, page in parsed.items()
               if page.unnamed_dialogs}
    assert not unnamed, f"role=dialog without aria-label (overrides/partials/): {unnamed}"

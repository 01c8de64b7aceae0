"""MkDocs hooks that make `make serve` rebuild faster; only the first also speeds up
``mkdocs build``.

- Theme templates are compiled once per process, not once per build: the Jinja environment
  MkDocs makes for each build (and mkdocs-static-i18n for each further language) gets a bytecode
  cache that lives as long as the process. Jinja checks each template's source against its
  cached code, so an edit to overrides/ shows at once.
- A page whose Markdown (after the macros have run) is the same as at the previous build reuses
  that build's HTML: converting Markdown is the largest part of a rebuild, and an edit to a page
  or a CSV file changes the Markdown of one page or a few. Anything else that decides the HTML
  (mkdocs.yml, the Python in macros/, the set of pages and files) is part of the cache key, and a
  conversion that logged anything (a broken link, say) is not kept, so it is reported again.
  Row counts on the data page (``<span data-count>``, macros/datapage.py) are not part of the
  key: a CSV edit that only adds or removes rows swaps the new counts into the kept HTML instead
  of converting the page's 100 KB of Markdown again.
- The Jinja code of a page (mkdocs-macros compiles each page's Markdown as a template at every
  build: ~0.1 s for the English pages) is compiled once, keyed like the kept HTML.
- The theme's static files are picked once per server: MkDocs lists all ~14,500 files of
  Material's templates (mostly icons) at every build to find its ~100 scripts and stylesheets.
  The theme folders inside the project (overrides/) are listed again at every build.
- The libraries that macros/ imports only once data has changed (pandas, Altair, frictionless:
  seconds to import) are imported in the background as soon as the server starts, so the first
  CSV edit of a session is no slower than the next ones.
- The server notices a saved file within 0.1 s instead of MkDocs' 0.5 s, and starts the rebuild
  0.02 s after the change instead of 0.1 s.
- mkdocs.yml, read again at every rebuild, is parsed by libyaml (MkDocs uses the pure-Python
  parser: ~25 ms). mkdocs-macros' ``git`` variable (the last commit) is read from git again only
  when HEAD or a ref has changed, instead of by running git 12 times at every rebuild (~50 ms),
  and its listing of every variable for its debug log is made only when that log is on.

`make serve` also turns off, through mkdocs.yml's ``!ENV`` switches, what a preview does not
need: the second language, git revision dates and the search index (see the Makefile).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import logging
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import mkdocs.config.defaults
import mkdocs_macros.context
import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs_macros.plugin import MacrosPlugin
from mkdocs_macros.util import LOG as MACROS_LOG
from watchdog.observers.polling import PollingObserver

POLL_SECONDS = 0.1  # MkDocs polls every 0.5 s; one poll of the watched folders costs ~1 ms
# MkDocs waits 0.1 s after a change for more changes before it rebuilds. Each watched folder is
# polled on its own, so a little wait still lets one save of several files cause one rebuild.
BUILD_DELAY_SECONDS = 0.02

# Imported by macros/ only when data has changed; a preview server expects data edits.
WARM_UP = ("pandas", "altair", "frictionless")
# A chart() placeholder (macros/placeholders.py) holds a nonce that is new at every build.
CHART_TOKEN = re.compile(r"CMCHART([0-9A-F]+)N[0-9]+X")
# A number that follows the data in running text (macros/datapage.py: count). Raw HTML tags are
# kept as they are and no Markdown extension here changes a run of digits alone (no glossary
# term is a number), so the HTML holds each such number as the Markdown does, in the same order.
COUNT = re.compile(r"<span data-count>([0-9]+)</span>")
NO_COUNT = "<span data-count></span>"
# A line that makes, or underlines, a heading: a count there would also be in the anchor.
HEADING = re.compile(r"^ {0,3}(#|=+\s*$|-+\s*$)", re.M)

_serving = False
_warming: threading.Thread | None = None


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, checked against their source by Jinja on each load."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code compiled for it before, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code Jinja just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _MemoryBytecodeCache()


@dataclass(frozen=True)
class _Rendered:
    """What ``Page.render`` made of a page's Markdown: its HTML and what MkDocs reads from the
    conversion."""

    build_key: str
    markdown: str  # without the chart nonce and with the counts left empty
    nonce: str  # the chart nonce in ``content`` ("" if none)
    content: str
    toc: TableOfContents
    title: str | None
    anchor_ids: set[str]
    links_to_anchors: dict[str, dict[str, str]]  # by the linked page's src_uri


_rendered: dict[tuple[str, str], _Rendered] = {}  # the latest, by source and destination
_build_key = ""  # what decides the HTML besides a page's Markdown; set by on_files
# mkdocs-macros' compiled page templates, by source: of this build and of the one before (so a
# page edited back and forth is compiled once), for _build_key.
_compiled: dict[str, CodeType] = {}
_compiled_before: dict[str, CodeType] = {}
_render = Page.render
_theme_files: dict[tuple[Any, ...], list[tuple[str, str]]] = {}  # (src_uri, theme folder)
_add_files_from_theme = Files.add_files_from_theme
_get_yaml_loader = mkdocs.config.defaults.get_yaml_loader
_get_git_info = mkdocs_macros.context.get_git_info
_macros_pre_build = MacrosPlugin.on_pre_build


_git_dirs: list[Path] | None = None  # the repository's git folder and common folder
_git_info: tuple[Any, Any] | None = None  # (git state, mkdocs-macros' git info)


def _git_state() -> Any:
    """When HEAD, the packed refs and each folder of refs last changed (git replaces a ref file
    by renaming a new one into its folder); outside a git repository, which of the folders up
    from here have a .git (none until someone runs git init)."""
    global _git_dirs
    if _git_dirs is None:
        try:
            found = subprocess.run(["git", "rev-parse", "--absolute-git-dir", "--git-common-dir"],
                                   capture_output=True, text=True, check=True).stdout.split()
        except (OSError, subprocess.CalledProcessError):
            found = []
        _git_dirs = list(dict.fromkeys(Path(path).resolve() for path in found))
    if not _git_dirs:
        here = Path.cwd()
        return tuple(str(folder) for folder in [here, *here.parents]
                     if (folder / ".git").exists())
    state = []
    for folder in _git_dirs:
        for path in [folder / "HEAD", folder / "packed-refs",
                     *(Path(d) for d, _, _ in os.walk(folder / "refs"))]:
            with suppress(OSError):
                stat = path.stat()
                state.append((str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(state)


def _git_info_once() -> Any:
    """mkdocs-macros' ``git`` variable (12 runs of git), asked again only once a commit, a
    checkout or a tag has changed what git would answer."""
    global _git_info
    state = _git_state()
    if _git_info is None or _git_info[0] != state:
        _git_info = (state, _get_git_info())
    return copy.deepcopy(_git_info[1])


class _Counter(logging.Handler):
    """Counts the log records it sees."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count one more."""
        self.count += 1


@contextmanager
def _messages() -> Iterator[_Counter]:
    """Count what MkDocs and Markdown extensions log (INFO and above) inside the block."""
    counter = _Counter()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(counter)
    try:
        yield counter
    finally:
        for logger in loggers:
            logger.removeHandler(counter)


def _counts_in_running_text(markdown: str) -> bool:
    """Whether every count in the Markdown is on a line of running text (none in a heading)."""
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if COUNT.search(line) and (HEADING.match(line) or number + 1 < len(lines)
                                   and HEADING.match(lines[number + 1])):
            return False
    return True


def _with_counts(content: str, counts: list[str]) -> str:
    """``content`` with its counts, in order, set to ``counts``."""
    numbers = iter(counts)
    return COUNT.sub(lambda _: f"<span data-count>{next(numbers)}</span>", content)


def _render_once(page: Page, config: Any, files: Files) -> None:
    """``Page.render``, or the HTML of the same Markdown converted at an earlier build (with
    this build's chart nonce and counts swapped in)."""
    markdown = page.markdown
    nonces = set(CHART_TOKEN.findall(markdown or ""))
    if markdown is None or len(nonces) > 1 or "--8<--" in markdown:  # snippets read files
        _render(page, config, files)
        return
    nonce = nonces.pop() if nonces else ""
    if nonce:
        markdown = markdown.replace(nonce, "")
    counts = COUNT.findall(markdown)
    if counts:
        markdown = COUNT.sub(NO_COUNT, markdown)
    where = (page.file.src_uri, page.file.dest_uri)
    kept = _rendered.get(where)
    if kept and kept.build_key == _build_key and kept.markdown == markdown:
        linked = {uri: files.get_file_from_path(uri) for uri in kept.links_to_anchors}
        if None not in linked.values():
            content = kept.content.replace(kept.nonce, nonce) if nonce else kept.content
            page.content = _with_counts(content, counts) if counts else content
            page.toc = copy.deepcopy(kept.toc)
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchor_ids)
            page.links_to_anchors = {linked[uri]: dict(links)
                                     for uri, links in kept.links_to_anchors.items()}
            return
    with _messages() as logged:
        _render(page, config, files)
    if logged.count or counts and (COUNT.findall(page.content or "") != counts
                                   or not _counts_in_running_text(page.markdown or "")):
        _rendered.pop(where, None)
        return
    links = {file.src_uri: dict(by_anchor)
             for file, by_anchor in (page.links_to_anchors or {}).items()}
    _rendered[where] = _Rendered(_build_key, markdown, nonce, page.content or "",
                                 copy.deepcopy(page.toc), page._title_from_render,
                                 set(page.present_anchor_ids or ()), links)


def _compile_once(compile_: Callable[..., Any], source: Any, name: str | None = None,
                  filename: str | None = None, raw: bool = False,
                  defer_init: bool = False) -> Any:
    """``Environment.compile`` of mkdocs-macros' environment, once per page source and build
    key. The code does not depend on the environment object, only on its settings (from
    mkdocs.yml) and on filters it may have folded into constants (from macros/): both are in
    the build key."""
    if not isinstance(source, str) or name or filename or raw or defer_init:
        return compile_(source, name, filename, raw, defer_init)
    code = _compiled.get(source) or _compiled_before.get(source) or compile_(source)
    _compiled[source] = code
    return code


def _macros_pre_build_if_debugging(plugin: MacrosPlugin, *, config: Any) -> None:
    """mkdocs-macros' on_pre_build only logs, and turns every variable (the whole
    configuration among them) into JSON for its debug log even when that is off: ~20 ms."""
    if MACROS_LOG.isEnabledFor(logging.DEBUG):
        _macros_pre_build(plugin, config=config)


def _add_theme_files_once(files: Files, env: jinja2.Environment, config: Any) -> None:
    """``Files.add_files_from_theme``, with the theme files MkDocs picked at an earlier build
    from the same theme folders."""
    project = Path(config.config_file_path).parent
    own = [d for d in config.theme.dirs if Path(d).is_relative_to(project)]
    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates),
           tuple(sorted(str(p) for d in own for p in Path(d).rglob("*"))))
    if key not in _theme_files:
        picked = Files([])
        _add_files_from_theme(picked, env, config)
        _theme_files[key] = [(file.src_uri, file.src_dir or "") for file in picked]
    for path, folder in _theme_files[key]:
        if files.get_file_from_path(path) is None:  # as MkDocs: docs/ files come first
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this MkDocs process is a preview server; if so, convert Markdown and pick
    theme files once."""
    global _serving
    _serving = command == "serve"
    if _serving:
        Page.render = _render_once
        Files.add_files_from_theme = _add_theme_files_once
        mkdocs.config.defaults.get_yaml_loader = functools.partial(
            _get_yaml_loader, getattr(yaml, "CLoader", yaml.Loader))  # same constructors
        mkdocs_macros.context.get_git_info = _git_info_once
        MacrosPlugin.on_pre_build = _macros_pre_build_if_debugging  # type: ignore[method-assign]


def on_shutdown() -> None:
    """Leave MkDocs and mkdocs-macros as they were."""
    Page.render = _render
    Files.add_files_from_theme = _add_files_from_theme
    mkdocs.config.defaults.get_yaml_loader = _get_yaml_loader
    mkdocs_macros.context.get_git_info = _get_git_info
    MacrosPlugin.on_pre_build = _macros_pre_build  # type: ignore[method-assign]


def _warm_up() -> None:
    """Import WARM_UP (best effort: a library the project no longer installs is skipped)."""
    for name in WARM_UP:
        with suppress(ImportError):
            importlib.import_module(name)


@event_priority(1000)  # first event of a rebuild: no build imports while the warm-up does
def on_config(config: Any) -> Any:
    """Wait for the warm-up, if running. With search switched off, give it an empty index:
    mkdocs-static-i18n reads the index after every build whether search is on or not."""
    from material.plugins.search.plugin import SearchIndex

    if _warming is not None:
        _warming.join()

    search = config.plugins.get("material/search")
    if search is not None and not search.config.enabled:
        search.search_index = SearchIndex()
    return config


@event_priority(-200)  # last: after every plugin and hook has changed the files
def on_files(files: Files, config: Any) -> Files:
    """Key the kept HTML to what decides it besides each page's Markdown: the configuration and
    its Markdown extensions, the project's Python (one extension lives in macros/), and the
    files that links resolve against."""
    global _build_key, _compiled, _compiled_before
    if _serving:
        digest = hashlib.sha256()
        config_file = Path(config.config_file_path)
        for path in [config_file, *sorted((config_file.parent / "macros").rglob("*.py"))]:
            digest.update(path.read_bytes())
        digest.update(repr(config.mdx_configs).encode())
        digest.update(repr([(f.src_uri, f.dest_uri, f.url) for f in files]).encode())
        key = digest.hexdigest()
        _compiled_before, _compiled = (_compiled if key == _build_key else {}), {}
        _build_key = key
    return files


def on_pre_build(config: Any) -> None:
    """Compile each page's Jinja code once (mkdocs-macros made its environment in on_config)."""
    macros = config.plugins.get("macros")
    if _serving and macros is not None:
        macros.env.compile = functools.partial(_compile_once, macros.env.compile)


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Share one template cache across builds and languages."""
    env.bytecode_cache = _templates
    return env


@event_priority(100)  # first: only MkDocs' own watches exist yet
def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Poll for changes every POLL_SECONDS (MkDocs has watched docs/ and mkdocs.yml already;
    the ``watch:`` folders are added after this hook), rebuild BUILD_DELAY_SECONDS after a
    change; start the warm-up."""
    global _warming
    watched = [config.docs_dir, config.config_file_path]
    for path in watched:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    server.build_delay = BUILD_DELAY_SECONDS
    for path in watched:
        server.watch(path)
    _warming = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
    _warming.start()
    return server

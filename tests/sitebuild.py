"""Build the project and serve it from its site_url origin; find the machine's Chromium.

Shared by the fixtures in tests/conftest.py and by tests that build a scratch copy of the project
(bad input, hostile input). Material's instant navigation only works when a page is served from
``site_url``'s origin (design trap 1), so every build here is made for the origin it is served
from.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Never copied into a scratch project: environments, build output, caches.
SKIP_PARTS = {".git", ".venv", "site", ".cache", "test-output", "__pycache__", ".pytest_cache",
              ".ruff_cache", ".lock-venv", "node_modules"}
TEST_CACHE = ROOT / "test-output" / "cache"  # the tests' build cache (git-ignored)
NOINDEX = '<meta name="robots" content="noindex">'  # overrides/embed.html, redirect.html
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class BuildError(AssertionError):
    """The strict build failed; the message holds the end of its output."""

    def __init__(self, message: str, annotations: list[str] | None = None) -> None:
        super().__init__(message)
        self.annotations = annotations or []  # its GitHub ``::error`` lines (on GitHub Actions)


def project_files(root: Path = ROOT) -> list[Path]:
    """Tracked files plus uncommitted, not-ignored work, relative to ``root``."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (e.g. an archive)
        listed = [p.relative_to(root).as_posix() for p in root.rglob("*")]
    return [Path(p) for p in listed if p and not SKIP_PARTS.intersection(Path(p).parts)
            and (root / p).is_file()]


def use_test_cache() -> Path:
    """Point every build of the test run (in-process and in subprocesses) at TEST_CACHE.

    Entries are keyed by the hash of everything they depend on, so the project and its mutated
    scratch copies can share one cache; the tests never write into the project's own .cache/.
    A new test cache starts as a copy of the project's, when there is one.
    """
    cache = Path(os.environ.setdefault("SITE_CACHE_DIR", str(TEST_CACHE)))
    if not cache.exists() and (ROOT / ".cache").is_dir():
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
        shutil.copytree(ROOT / ".cache", partial)
        partial.replace(cache)
    return cache


def copy_project(dest: Path) -> Path:
    """Copy the project (as git would see it, plus uncommitted work) into ``dest``.

    Its builds use the test run's cache (SITE_CACHE_DIR, see ``use_test_cache``).
    """
    for rel in project_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return dest


def build_site(project: Path, site_dir: Path, site_url: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """Run the build entry point (``mkdocs build --strict``) for ``site_url`` into ``site_dir``
    (``env``: extra environment variables).

    Never ``-q``: with it, strict mode silently passes warnings (design trap 8).
    """
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Stay quiet."""


@dataclass
class Site:
    """A built site and the origin it is served from."""

    root: Path
    origin: str  # "http://127.0.0.1:<port>", no trailing slash

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as ``"club/"`` or ``""``."""
        return f"{self.origin}/{path}"

    def pages(self) -> list[str]:
        """Every built page as a site path ("" for home), 404 and search excluded, and the
        pages not meant to be read on their own (marked noindex: a chart's embed frame, the
        redirect of a retired chart id; tests/test_chart_pages.py checks those)."""
        found = []
        for index in sorted(self.root.rglob("index.html")):
            rel = index.parent.relative_to(self.root).as_posix()
            if rel.split("/")[0] in {"404", "search"} or NOINDEX in index.read_text("utf-8"):
                continue
            found.append("" if rel == "." else f"{rel}/")
        return found


class SiteServer:
    """A threaded static server of ``directory`` on 127.0.0.1; the port is chosen by the OS when
    it is created, so a build can use its origin before it starts serving."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def build_failure_message(result: subprocess.CompletedProcess[str]) -> str:
    """The end of a failed build's output, for an assertion message."""
    return (f"mkdocs build --strict exited {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}")


@contextmanager
def built_and_served(project: Path, site_dir: Path) -> Iterator[Site]:
    """Build ``project`` for a fresh local origin and serve it from there while in the block."""
    site_dir.mkdir(parents=True, exist_ok=True)
    with SiteServer(site_dir) as server:
        result = build_site(project, site_dir, server.origin + "/")
        if result.returncode != 0:
            raise BuildError(build_failure_message(result),
                             [line for line in result.stdout.splitlines()
                              if line.startswith("::error ")])
        yield Site(root=site_dir, origin=server.origin)


def chromium_path() -> str | None:
    """The machine's Chromium: CHROMIUM_PATH, else chromium on PATH, else None."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None
